"""One spelling convention for names on screen: the tone mark on the main vowel ("Hòa", "Thủy").

The official lists (GSO codes) write some names the old way ("Hoà An") and others the new way
("Vĩnh Hòa Hiệp"), so one list showed both. The stored names stay exactly as the GSO writes them;
only what is shown follows one convention. In an open syllable "oa", "oe", "uy" take the mark on
their first vowel; with a final consonant ("Hoàng", "Xuyên") the mark stays where it is.
"""

import re
import unicodedata
from functools import lru_cache

# Tone marks as combining characters (NFD), and the vowels that carry them in oa / oe / uy.
TONES = "\u0300\u0301\u0309\u0303\u0323"
# No letter and no other mark may follow: "ậ" is a + dot below + circumflex, not an open "oa".
_OLD_STYLE = re.compile(rf"([oOuU])([aAeEyY])([{TONES}])(?![^\W\d_]|[\u0300-\u036f])")


@lru_cache(maxsize=4096)
def modern_tone_placement(text):
    """The text with "oà, oé, uỷ" in open syllables written "òa, óe, ủy"; nothing else changes."""
    if not text:
        return text
    decomposed = unicodedata.normalize("NFD", text)

    def move(match):
        first, second, tone = match.groups()
        # "qu" is a consonant: "quý" keeps its mark on the y.
        start = match.start()
        if first in "uU" and start > 0 and decomposed[start - 1] in "qQ":
            return match.group(0)
        return f"{first}{tone}{second}"

    return unicodedata.normalize("NFC", _OLD_STYLE.sub(move, decomposed))
