import pytest

from ntm_portal.lib.money import amount_in_digits, amount_in_words, number_in_words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (1_000_000, "một triệu"),
        (2_340_000, "hai triệu ba trăm bốn mươi nghìn"),
        (7_020_000, "bảy triệu không trăm hai mươi nghìn"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (105, "một trăm linh năm"),
        (1_000_000_000, "một tỷ"),
        (11, "mười một"),
        (25, "hai mươi lăm"),
        (110, "một trăm mười"),
        (4_212_000, "bốn triệu hai trăm mười hai nghìn"),
        (28_080_000, "hai mươi tám triệu không trăm tám mươi nghìn"),
    ],
)
def test_numbers_read_as_vietnamese_documents_write_them(number, words):
    assert number_in_words(number) == words


def test_an_amount_in_words_starts_with_a_capital_and_ends_in_dong():
    assert amount_in_words(7_020_000) == "Bảy triệu không trăm hai mươi nghìn đồng"
    assert amount_in_digits(7_020_000) == "7.020.000"


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError, match="không được âm"):
        number_in_words(-1)
