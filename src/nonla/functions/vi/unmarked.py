"""Vietnamese typed without marks, analysed as if it had them.

The segmenters and the tagger learnt from marked text: typed as "nguoi dan gui don khieu nai", every syllable is
one they rarely saw, and word F1 on UD-VTB test falls from 98 to 75. So vi.words and vi.pos first restore the marks
(vi.diacritics) and analyse the restored text. vi.diacritics changes letters only, one precomposed letter for one
plain letter and never a space, so every offset found in the restored text is an offset in the text as typed, and
what these functions return is cut from the text as typed: the caller's text is never rewritten.
"""

from __future__ import annotations

import re

RESTORER = "vi.diacritics@1"  # pinned: a new version must not change what callers that trained on it read
UNMARKED_SHARE = 0.05  # below this share of syllables with marks, a text counts as typed without them
# A word with a letter outside ASCII from the Latin blocks Vietnamese uses (or a combining mark): a regex over the
# whole text, since vi.words checks every text it is given and a per-word loop would cost a tenth of segmenting.
# Matches start only where a word starts: "\S*[marked]\S*" was tried from every letter of a long unbroken run
# (100,000 x's took 42 s) and so grew with the square of its length.
_MARKS = "\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff"
_MARKED_WORD = re.compile(rf"(?<!\S)[^\s{_MARKS}]*[{_MARKS}]\S*")


def typed_without_marks(text: str) -> bool:
    """
    >>> typed_without_marks("nuoc may co mau vang duc"), typed_without_marks("nước máy có màu vàng đục")
    (True, False)
    >>> typed_without_marks("Điều 5 nuoc may co mau vang duc, nuoc sach khong co tu nam ngoai, dan phai mua nuoc binh")
    True
    """
    words = len(text.split())
    return bool(words) and len(_MARKED_WORD.findall(text)) <= UNMARKED_SHARE * words


def as_if_marked(texts: list[str], asked: list[bool]) -> list[str]:
    """What to analyse for each text: its marks restored where asked and it was typed without them, else the text.
    A restoration that would move an offset (or fails) leaves the text as it came.

    >>> as_if_marked(["Tòa án", "toa an nhan dan", "toa an"], [True, True, False])
    ['Tòa án', 'tòa án nhân dân', 'toa an']
    """
    from nonla.core.runner import subcall

    todo = [i for i, (text, flag) in enumerate(zip(texts, asked, strict=True)) if flag and typed_without_marks(text)]
    out = list(texts)
    if todo:
        for i, result in zip(todo, subcall(RESTORER, [{"text": texts[i]} for i in todo]), strict=True):
            restored = getattr(result, "text", None)
            if isinstance(restored, str) and len(restored) == len(texts[i]):
                out[i] = restored
    return out
