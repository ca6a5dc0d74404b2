"""Amounts of money as Vietnamese documents print them: digits grouped by dots, and in words.

The words follow the usage of administrative documents: "mười" for a ten alone, "mươi" after
another digit; "mốt" for a one after "mươi" (hai mươi mốt) but "một" after "mười" (mười một);
"lăm" for a five after a ten (mười lăm, hai mươi lăm); "linh" for an empty tens digit between
hundreds and units (một trăm linh năm); "không trăm" for an empty hundreds digit inside a
number (bảy triệu không trăm hai mươi nghìn); a group of three zeros is left out.
"""

from ntm_portal.lib.numbers import integer

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
# Each group of three digits, from the right: units, thousands, millions, billions, and then
# again thousands of billions (a "nghìn tỷ"), as amounts are read.
GROUP_NAMES = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]


def _tens_and_units(tens, units):
    words = []
    if tens == 0:
        words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units == 5:
            words.append("lăm")
        elif units:
            words.append(DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(DIGITS[units])
    return words


def _group(number, *, leading):
    """Words for 0–999; a group that is not the leading one says its empty hundreds."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    if rest == 0:
        return words
    if tens == 0 and words:
        return [*words, "linh", DIGITS[units]]
    return words + _tens_and_units(tens, units)


def number_in_words(number):
    """A whole number ≥ 0 in Vietnamese words, lower case: 2340000 → "hai triệu ba trăm bốn
    mươi nghìn"."""
    number = int(number)
    if number < 0:
        raise ValueError("Số tiền không được âm.")
    if number == 0:
        return DIGITS[0]
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    if len(groups) > len(GROUP_NAMES):
        raise ValueError("Số quá lớn để đọc thành chữ.")
    words = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words += _group(group, leading=index == len(groups) - 1)
        if GROUP_NAMES[index]:
            words.append(GROUP_NAMES[index])
    return " ".join(words)


def amount_in_words(amount):
    """What follows "Bằng chữ:" under a total: "Bảy triệu không trăm hai mươi nghìn đồng"."""
    words = number_in_words(amount)
    return f"{words[:1].upper()}{words[1:]} đồng"


def amount_in_digits(amount):
    """2340000 → "2.340.000"."""
    return integer(int(amount))
