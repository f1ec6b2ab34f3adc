"""Questions generated from the statutes, to train and validate the legal reranker without any hand-labelled data.

Each question comes from one article, which is its only right answer. People rarely quote a statute: they name
the subject (the article's title, in a question template), recall a few of its words in their own order, mix the
two, sometimes name the law, and a fourth of them type without diacritics.

>>> import random
>>> article = ("luat-x/dieu-5", "Điều 5. Nguyên tắc bảo vệ dữ liệu",
...            "Điều 5. Nguyên tắc bảo vệ dữ liệu\\n1. Dữ liệu cá nhân phải được xử lý đúng mục đích đã thông báo.", [],
...            "Luật Dữ liệu")
>>> [q["gold"] for q in questions_for([article], random.Random(1))]
['luat-x/dieu-5']
"""

from __future__ import annotations

import random
import re
import sys
from typing import Any

from manifest import REPO

sys.path.insert(0, str(REPO / "src"))

from nonla.functions.vi.tone_marks import strip_diacritics  # noqa: E402

PER_LAW = 12  # articles drawn from each law (all of a shorter law)
PLAIN_SHARE = 0.25  # questions typed without diacritics
LAW_SHARE = 0.15  # questions that name their law
TEMPLATES = ("{t}", "{t} là gì?", "quy định về {t} như thế nào?", "{t} được quy định ra sao?", "cho hỏi về {t}",
             "pháp luật quy định {t} thế nào?", "{t} theo quy định hiện hành", "trường hợp {t} thì sao?",
             "tôi muốn hỏi về {t}", "{t} gồm những gì?")  # fmt: skip
TAILS = ("", "", "", " thì sao?", " có được không?", " thì xử lý thế nào?", " thì bị phạt bao nhiêu?",
         " cần điều kiện gì?", " thủ tục ra sao?", " có đúng luật không?", " ai có thẩm quyền?")  # fmt: skip
_NUMBERING = re.compile(r"^\s*(\d+[.)]|[a-zđ][.)])\s*")
_HEADING = re.compile(r"^Điều\s+\d+\w*\.?\s*")


def subject(title: str) -> str:
    """An article's title without its number, lower-cased at the start: "Điều 5. Nguyên tắc ..." → "nguyên tắc ..."."""
    rest = _HEADING.sub("", title).strip().rstrip(".")
    return rest[:1].lower() + rest[1:]


def recalled(text: str, rng: random.Random) -> str:
    """A few words of one sentence of the article, some dropped and a neighbouring pair swapped."""
    lines = [_NUMBERING.sub("", line) for line in text.splitlines()[1:]]
    lines = [line for line in lines if len(line.split()) >= 6] or [_HEADING.sub("", text.splitlines()[0])]
    line_words = rng.choice(lines).rstrip(".;:").split()
    size = rng.randint(6, 14)
    start = rng.randint(0, max(0, len(line_words) - size))
    picked = [w.strip(",;:") for w in line_words[start : start + size]]
    kept = [w for w in picked if rng.random() > 0.15] or picked
    if len(kept) > 3 and rng.random() < 0.5:
        i = rng.randrange(len(kept) - 1)
        kept[i], kept[i + 1] = kept[i + 1], kept[i]
    return " ".join(kept)


def question(article: tuple[str, str, str, list[Any], str], rng: random.Random) -> str:
    _, title, text, _, law = article
    topic = subject(title)
    kind = rng.choice(("title", "title", "words", "words", "mixed"))
    if kind == "title" or not topic:
        asked = rng.choice(TEMPLATES).format(t=topic or recalled(text, rng))
    elif kind == "words":
        asked = recalled(text, rng) + rng.choice(TAILS)
    else:
        topic_words = topic.split()
        some = " ".join(rng.sample(topic_words, k=min(len(topic_words), rng.randint(2, 4))))
        asked = f"{some} {recalled(text, rng)}{rng.choice(TAILS)}"
    if law and rng.random() < LAW_SHARE:
        asked = f"{asked} theo {law[:1].lower() + law[1:]}"
    return strip_diacritics(asked) if rng.random() < PLAIN_SHARE else asked


def questions_for(law_articles: list[tuple[str, str, str, list[Any], str]], rng: random.Random) -> list[dict[str, str]]:
    """One question for each of up to PER_LAW articles drawn from a law: {"question", "gold"}."""
    usable = [a for a in law_articles if len(a[2]) >= 80]
    drawn = rng.sample(usable, k=min(PER_LAW, len(usable)))
    return [{"question": question(a, rng), "gold": a[0]} for a in drawn]
