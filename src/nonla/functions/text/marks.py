"""Vietnamese typed without tone marks, restored before a model that reads marked text reads it.

e5 was trained on marked Vietnamese: "dang ky tam tru" is far from "đăng ký tạm trú" in its space (text.embed's
card measures it), so functions built on it (search, sentiment, classify) restore the marks first. Only text that
text.language calls Vietnamese without diacritics is touched: English, numbers and marked Vietnamese pass as they
came, and a text vi.diacritics rejects is kept as it was.
"""

from __future__ import annotations


def with_marks(texts: list[str], asked: list[bool] | None = None) -> list[str]:
    """Each text (of those whose flag in ``asked`` is set; all by default) as vi.diacritics restores it when it is
    Vietnamese typed without marks, else unchanged."""
    from nonla.core.runner import subcall
    from nonla.functions.vi.unmarked import as_if_marked, typed_without_marks

    # language identification only for texts without marks: marked text has nothing to restore
    flags = asked if asked is not None else [True] * len(texts)
    unmarked = [i for i, (text, flag) in enumerate(zip(texts, flags, strict=True)) if flag and typed_without_marks(text)]
    languages = subcall("text.language", [{"text": texts[i]} for i in unmarked]) if unmarked else []
    vietnamese = [False] * len(texts)
    for i, lang in zip(unmarked, languages, strict=True):
        vietnamese[i] = getattr(lang, "language", "") == "vi" and not getattr(lang, "diacritics", True)
    return as_if_marked(texts, vietnamese)
