"""Vietnamese typed without tone marks, restored before a model that reads marked text reads it.

e5 was trained on marked Vietnamese: "dang ky tam tru" is far from "đăng ký tạm trú" in its space (text.embed's
card measures it), so functions built on it (search, sentiment, classify) restore the marks first. Only text that
text.language calls Vietnamese without diacritics is touched: English, numbers and marked Vietnamese pass as they
came, and a text vi.diacritics rejects is kept as it was.
"""

from __future__ import annotations


def with_marks(texts: list[str]) -> list[str]:
    """Each text as vi.diacritics restores it when it is Vietnamese typed without marks, else unchanged."""
    from nonla.core.runner import subcall
    from nonla.functions.vi.unmarked import as_if_marked, typed_without_marks

    # language identification only for texts without marks: marked text has nothing to restore
    unmarked = [i for i, text in enumerate(texts) if typed_without_marks(text)]
    languages = subcall("text.language", [{"text": texts[i]} for i in unmarked]) if unmarked else []
    vietnamese = [False] * len(texts)
    for i, lang in zip(unmarked, languages, strict=True):
        vietnamese[i] = getattr(lang, "language", "") == "vi" and not getattr(lang, "diacritics", True)
    return as_if_marked(texts, vietnamese)


def restored_where_asked(texts: list[str], asked: list[bool]) -> list[str]:
    """``texts`` with the marks restored (with_marks) in those whose flag is set."""
    picked = [i for i, flag in enumerate(asked) if flag]
    out = list(texts)
    for i, fixed in zip(picked, with_marks([texts[i] for i in picked]) if picked else [], strict=True):
        out[i] = fixed
    return out
