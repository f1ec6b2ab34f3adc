"""Character tables for the legacy Vietnamese font encodings TCVN3 and VNI.

Both encodings predate Unicode: a document stored one byte per character and
relied on a special font (.VnTime for TCVN3, VNI-Times for VNI) to draw the
Vietnamese letters. Read as Windows-1252 or Latin-1, those bytes become the
familiar mojibake ("ViÖt" or "Vieät" for "Việt"); the tables here map each
such Latin-1 character (or VNI pair) back to the letter the font showed.

* TCVN3 (TCVN 5712:1993 "VN3", the ABC fonts) gives every lowercase letter
  one byte. Uppercase letters with a tone have no code: .VnTimeH fonts draw
  the lowercase codes as capitals. Only Ă Â Ê Ô Ơ Ư Đ have codes of their own.
* VNI (VNI-Windows) writes a vowel as its ASCII base letter followed by one
  mark byte (tone, hat, or hat and tone together); i with a tone, ỵ, ơ, ư
  and đ are single bytes. The uppercase codes are the mark bytes' capitals.

>>> TCVN3_DECODE["Ö"], VNI_ENCODE["ệ"], VNI_ENCODE["Ệ"], VNI_DECODE["ö"]
('ệ', 'eä', 'EÄ', 'ư')
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "C1_TO_CP1252",
    "TCVN3_DECODE",
    "TCVN3_ENCODE",
    "TCVN3_LOWERCASE_CODES",
    "VI_LETTERS",
    "VI_LOWER",
    "VNI_DECODE",
    "VNI_ENCODE",
]

# Tone marks in the order of the code columns below: huyền, hỏi, ngã, sắc, nặng.
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_TONED_VOWELS = "aăâeêioôơuưy"


def _toned(vowel: str, tone: int) -> str:
    """Compose ``vowel`` with tone column ``tone`` (0..4) into one NFC letter."""
    return unicodedata.normalize("NFC", vowel + _TONES[tone])


#: The 67 lowercase letters Vietnamese adds to ASCII: 60 toned vowels, ă â ê ô ơ ư đ.
VI_LOWER: tuple[str, ...] = tuple([_toned(v, t) for v in _TONED_VOWELS for t in range(5)] + list("ăâêôơưđ"))
#: All 134 of them, lowercase then uppercase.
VI_LETTERS: tuple[str, ...] = VI_LOWER + tuple(ch.upper() for ch in VI_LOWER)

# --- TCVN3 ---------------------------------------------------------------
# Codes per vowel for huyền, hỏi, ngã, sắc, nặng. Written as escapes because
# the mojibake glyphs are easy to misread (0xAD, for ư, is an invisible soft
# hyphen); the gaps (0xBA, 0xBF-0xC5, 0xCD, 0xD9-0xDB, 0xE0, 0xF0) are unused.
_TCVN3_TONED = {
    "a": "\xb5\xb6\xb7\xb8\xb9",  # µ ¶ · ¸ ¹
    "ă": "\xbb\xbc\xbd\xbe\xc6",  # » ¼ ½ ¾ Æ
    "â": "\xc7\xc8\xc9\xca\xcb",  # Ç È É Ê Ë
    "e": "\xcc\xce\xcf\xd0\xd1",  # Ì Î Ï Ð Ñ
    "ê": "\xd2\xd3\xd4\xd5\xd6",  # Ò Ó Ô Õ Ö
    "i": "\xd7\xd8\xdc\xdd\xde",  # × Ø Ü Ý Þ
    "o": "\xdf\xe1\xe2\xe3\xe4",  # ß á â ã ä
    "ô": "\xe5\xe6\xe7\xe8\xe9",  # å æ ç è é
    "ơ": "\xea\xeb\xec\xed\xee",  # ê ë ì í î
    "u": "\xef\xf1\xf2\xf3\xf4",  # ï ñ ò ó ô
    "ư": "\xf5\xf6\xf7\xf8\xf9",  # õ ö ÷ ø ù
    "y": "\xfa\xfb\xfc\xfd\xfe",  # ú û ü ý þ
}
_TCVN3_PLAIN = {
    "ă": "\xa8", "â": "\xa9", "ê": "\xaa", "ô": "\xab", "ơ": "\xac", "ư": "\xad", "đ": "\xae",
    "Ă": "\xa1", "Â": "\xa2", "Ê": "\xa3", "Ô": "\xa4", "Ơ": "\xa5", "Ư": "\xa6", "Đ": "\xa7",
}  # fmt: skip

#: Unicode letter -> TCVN3 code, for the 67 lowercase letters and Ă Â Ê Ô Ơ Ư Đ.
TCVN3_ENCODE: dict[str, str] = {
    _toned(v, t): codes[t] for v, codes in _TCVN3_TONED.items() for t in range(5)
} | _TCVN3_PLAIN
#: TCVN3 code (as its Latin-1 character) -> Unicode letter.
TCVN3_DECODE: dict[str, str] = {code: ch for ch, code in TCVN3_ENCODE.items()}
#: Codes of lowercase letters, which a .VnTimeH font would draw as capitals.
TCVN3_LOWERCASE_CODES: frozenset[str] = frozenset(code for ch, code in TCVN3_ENCODE.items() if ch.islower())

# --- VNI -----------------------------------------------------------------
# Mark bytes, in the column order huyền, hỏi, ngã, sắc, nặng.
_VNI_TONE = "\xf8\xfb\xf5\xf9\xef"  # ø û õ ù ï   after a e o u y ơ ư: "aø" = à
_VNI_HAT_TONE = "\xe0\xe5\xe3\xe1\xe4"  # à å ã á ä   circumflex + tone: "aá" = ấ
_VNI_BREVE_TONE = "\xe8\xfa\xfc\xe9\xeb"  # è ú ü é ë   breve + tone: "aé" = ắ
_VNI_I = "\xec\xe6\xf3\xed\xf2"  # ì æ ó í ò   i with a tone is one byte
_VNI_HAT, _VNI_BREVE = "\xe2", "\xea"  # â ê   "aâ" = â, "aê" = ă
_VNI_SINGLE = {"ơ": "\xf4", "ư": "\xf6", "đ": "\xf1", "ỵ": "\xee"}  # ô ö ñ î


def _vni(letter: str) -> str:
    """Return the VNI spelling of one lowercase Vietnamese letter."""
    if letter in _VNI_SINGLE:
        return _VNI_SINGLE[letter]
    decomposed = unicodedata.normalize("NFD", letter)
    base, marks = decomposed[0], decomposed[1:]
    tone = next((t for t, mark in enumerate(_TONES) if mark in marks), None)
    if _HORN in marks:  # ơ/ư keep their own byte and take a plain tone byte
        return _VNI_SINGLE["ơ" if base == "o" else "ư"] + ("" if tone is None else _VNI_TONE[tone])
    if _CIRCUMFLEX in marks:
        return base + (_VNI_HAT if tone is None else _VNI_HAT_TONE[tone])
    if _BREVE in marks:
        return base + (_VNI_BREVE if tone is None else _VNI_BREVE_TONE[tone])
    if base == "i":
        return _VNI_I[tone]  # type: ignore[index]  # every i in VI_LOWER has a tone
    return base + _VNI_TONE[tone]  # type: ignore[index]


#: Unicode letter -> VNI code (one or two characters), all 134 letters.
VNI_ENCODE: dict[str, str] = {}
for _letter in VI_LOWER:
    VNI_ENCODE[_letter] = _vni(_letter)
    # Upper-casing the Latin-1 code gives the VNI capital: "aø".upper() == "AØ".
    VNI_ENCODE[_letter.upper()] = _vni(_letter).upper()

#: VNI code -> Unicode letter. Pairs whose base and mark differ in case (typed
#: with Caps Lock half on) are accepted too; the base letter decides the case.
VNI_DECODE: dict[str, str] = {code: ch for ch, code in VNI_ENCODE.items()}
for _letter in VI_LOWER:
    _code = VNI_ENCODE[_letter]
    if len(_code) == 2:
        VNI_DECODE.setdefault(_code[0] + _code[1].upper(), _letter)
        VNI_DECODE.setdefault(_code[0].upper() + _code[1], _letter.upper())
del _letter, _code

#: Bytes 0x80-0x9F read as Latin-1 are C1 control characters; Windows-1252
#: reads them as punctuation (“ ” ‘ ’ – — …), which is what both legacy font
#: families draw there. Used with str.translate to make the two readings agree.
C1_TO_CP1252: dict[int, str] = {}
for _byte in range(0x80, 0xA0):
    try:
        C1_TO_CP1252[_byte] = bytes([_byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D are unassigned: keep them
        pass
del _byte
