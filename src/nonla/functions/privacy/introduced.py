"""Names written after a self-introduction or a name field, in whatever case they were typed.

Citizens writing to a hotline or an app often type their name in lower case ('toi ten la nguyen van an'), which
neither the tagger nor the capitalisation rules see. After a cue that says a name follows ('tên là', 'tên tôi là',
'họ và tên:'), a run of two to four syllables that opens with a Vietnamese family name is taken for the
name; the run ends at punctuation, a line break or a word that does not belong in names ('sinh', 'ở', 'số'...).

>>> text = "toi ten la nguyen van an, sinh nam 1990. Ho va ten: tran thi be ba o ap 3"
>>> [text[c.start:c.end] for c in introduced_names(text)]
['nguyen van an', 'tran thi be ba']
>>> introduced_names("tôi là cao tuổi rồi, tên là gì cũng được")  # 'tôi là' says too little; 'gì' is no family name
[]
"""

from __future__ import annotations

import re

from nonla.functions.privacy.address import tokenize
from nonla.functions.privacy.name_words import vietnamese
from nonla.functions.privacy.names import Lexicon, is_surname, name_syllable, plain
from nonla.functions.privacy.spans import Candidate, fold

# folded: the cue is matched the same with or without tone marks
_CUE = re.compile(r"(?<![a-z0-9])(?:(?:toi|em|minh|chau|con) ten la|ten (?:toi|em|minh|chau|con) la|ten la|"
                  r"ho va ten|ho ten|ten nguoi (?:phan anh|gui|khieu nai|to cao))\s*:?\s*$")  # fmt: skip
_RUN = 4  # words in a Vietnamese name, at most
# Words that end a name: what follows a self-introduction ('sinh năm', 'ở', 'số điện thoại') and everyday words
_AFTER = Lexicon(
    "sinh năm nay ở tại trú thường hiện số sđt điện thoại địa chỉ cccd cmnd là và có đang xin muốn phản ánh làm "
    "nhà tôi em con cháu của với người đến từ đã bị không cần hỏi gửi về nhờ thì mà cũng rất được nên vì do".split()
)
_NAMES_ARE_THREE = 3  # most Vietnamese names: a word typed without marks that may be a name ends one only after three


def introduced_names(text: str) -> list[Candidate]:
    toks, flat = tokenize(text), plain(text)
    folded = fold(text)
    found = []
    for i, tok in enumerate(toks):
        if not _CUE.search(folded[max(0, tok.start - 30) : tok.start]) or not is_surname(tok.text):
            continue
        end = i + 1
        while end < len(toks) and end - i < _RUN and text[toks[end - 1].end : toks[end].start].strip() == "":
            word = toks[end]
            if not word.text.isalpha() or not vietnamese(word.text) or _ended(toks, end, i, flat):
                break
            end += 1
        if end - i >= 2:
            found.append(Candidate("PERSON", tok.start, toks[end - 1].end, 0.8))
    return found


def _ended(toks: list, i: int, start: int, flat: bool) -> bool:  # type: ignore[type-arg]
    """Whether the word at ``i`` ends the name that began at ``start``. Typed without marks, 'thi' is Thị or thì,
    'tai' Tài or tại, 'nam' Nam or năm: such a word ends a name only once it has three words, or before a number."""
    word = toks[i]
    if not _AFTER.has(word.text, flat):
        return False
    if flat and name_syllable(word.text) and i - start < _NAMES_ARE_THREE:
        after = toks[i + 1] if i + 1 < len(toks) else None
        return after is not None and after.text[:1].isdigit()  # 'nam 1990' is a year
    return True
