"""Vietnamese text helpers: NFC normalisation, diacritic-free search keys and collation keys.

SQLite and PostgreSQL (under whatever collation a server was created with) disagree on how to
sort Vietnamese, so the portal stores its own keys: a search key without diacritics, and a sort
key made of digits only, which every database orders the same way, byte by byte.
"""

import re
import unicodedata

# Combining marks of the five Vietnamese tones, in dictionary order after the level tone:
# huyền (grave), hỏi (hook above), ngã (tilde), sắc (acute), nặng (dot below).
TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# Base letters in Vietnamese dictionary order. Vowel-quality marks (ă â ê ô ơ ư) and đ make
# separate letters; tones only break ties (ICU's Vietnamese tailoring does the same).
ALPHABET = [
    " ", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_PRIMARY = {letter: f"{index + 10:02d}" for index, letter in enumerate(ALPHABET)}
_OTHER = "99"
_SPACES = re.compile(r"\s+")


# Letters that look like Vietnamese ones but are not: legacy font converters (TCVN3, VNI) write
# the Icelandic eth Ð (U+00D0) for Đ (U+0110), and some keyboards the African D (U+0189). Stored
# as they are, "ÐỒNG" would never match "ĐỒNG" in a search or a unit name.
LOOKALIKES = str.maketrans(
    {"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110", "\u0256": "\u0111"}
)


def normalise(value):
    """A text in NFC with look-alike letters replaced by the Vietnamese ones (white space kept)."""
    return unicodedata.normalize("NFC", str(value).translate(LOOKALIKES))


# Characters a text never needs, removed from every form value (ntm_portal/middleware.py) and
# every imported cell (ntm_portal/lib/importing.py): the bidirectional controls (LRE, RLE, PDF,
# LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM; an RLO turns "gpj.exe" into what looks like
# "exe.jpg", and Vietnamese never needs them) and the C0/C1 control characters (NUL, which
# PostgreSQL refuses in text, escape, bell…) except tab and line breaks, which notes may hold;
# and the invisible characters that text pasted from Word or a web page carries (zero-width space,
# zero-width (non-)joiner, word joiner, byte-order mark, soft hyphen): "Nguyễn\u200bVăn" looks
# like "NguyễnVăn" and never matches it in a search, a duplicate check or a unit name.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_UNWANTED = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}{INVISIBLES}]")


def clean_text(value):
    """The one cleaning of a text that people send, typed in a form or read from a spreadsheet:
    NFC, Vietnamese letters for their look-alikes (Ð → Đ), without bidirectional controls,
    control characters (tab and line breaks kept) and invisible characters (zero-width space,
    soft hyphen, byte-order mark). White space around it is kept."""
    # Removed before composing: a zero-width space between a letter and its tone mark would
    # otherwise keep them apart in NFC ("i\u200b\u0300" → "i\u0300", not "ì").
    return normalise(_UNWANTED.sub("", str(value)))


def nfc(value):
    """The NFC form of a text, look-alike letters replaced, with surrounding white space
    removed; None stays None."""
    if value is None:
        return None
    return normalise(value).strip()


def _letters(value):
    """Split a text into (base letter, tone) pairs, the base keeping its vowel-quality mark."""
    text = _SPACES.sub(" ", normalise(value).strip().lower())
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        tone = 0
        kept = []
        for part in decomposed:
            if part in TONE_MARKS:
                tone = TONE_MARKS[part]
            else:
                kept.append(part)
        yield unicodedata.normalize("NFC", "".join(kept)), tone


def fold(value):
    """A search key: lower case, without any diacritic, đ as d, single spaces.

    "Tân Hoà", "Tân Hòa" and "tan hoa" all fold to "tan hoa", whatever the tone placement or
    Unicode form they were typed in.
    """
    if value is None:
        return ""
    text = normalise(value).lower().replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _SPACES.sub(" ", text).strip()


def sort_key(value):
    """A key of digits that orders texts as a Vietnamese dictionary does."""
    letters = list(_letters(value or ""))
    primary = "".join(_PRIMARY.get(base, _OTHER) for base, _tone in letters)
    # One tone per syllable, wherever the mark sits: "Hoà" (old style) and "Hòa" sort together.
    syllable_tones, tone = [], 0
    for base, letter_tone in [*letters, (" ", 0)]:
        if base == " ":
            syllable_tones.append(str(tone))
            tone = 0
        else:
            tone = max(tone, letter_tone)
    tones = "".join(syllable_tones)
    # "00" is below every letter code, so a name that is the prefix of another sorts first.
    return f"{primary}00{tones}"


# A syllable that is only consonants and a final i or y is written both ways ("Lý"/"Lí",
# "Mỹ"/"Mĩ", "Quý"/"Quí", "Kỳ"/"Kì"): the 1980s spelling reform left both in use in names.
# "uy", "ay", "ui", "ai" are other rhymes and stay as they are.
_FINAL_I_OR_Y = re.compile(r"^(ngh|ch|gh|kh|ng|nh|ph|qu|th|tr|[bcdghklmnprstvx])?[iy]$")


def person_key(value):
    """The one name key under which the spellings of one person's name meet.

    Set aside: case, spacing, the Unicode form, every diacritic (so the tone's place,
    "Hoà"/"Hòa", "Thuý"/"Thúy"; hỏi and ngã, "Kỷ"/"Kỹ"; and a name typed without marks,
    "Huong"/"Hương"), đ/d, and a final i or y after consonants ("Lý"/"Lí", "Mỹ"/"Mĩ").
    The key is deliberately loose: it proposes candidates (with the district and the year of
    birth, `Nominee.possible_duplicates`), which staff merge or mark as two people.
    """
    syllables = []
    for syllable in fold(value).split(" "):
        if _FINAL_I_OR_Y.match(syllable):
            syllable = syllable[:-1] + "i"
        if syllable:
            syllables.append(syllable)
    return " ".join(syllables)
