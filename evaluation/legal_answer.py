"""legal.answer on 222 dev and 100 test questions over the 208 laws, with the 60-entry knowledge base imported.

Questions: tests/data/legal_qa/dev.jsonl; knowledge base: tests/data/legal_qa/knowledge_base.jsonl (no question
repeats a dev question; 46 dev questions share a gold article with some entry, so KB-backed and other questions
are reported apart). The collection is the cached 'laws' store of _laws_collection.py, which imports the knowledge
base (a no-op after the first run).

- grounded: the answer cites (through any sentence's source) one of the question's gold articles;
- every sentence cited: each sentence has a source that is an article, clause or point of the collection;
- quotes verbatim: each article sentence is a slice of its source article's text, each KB sentence of its entry's answer;
- similar-question hit: the top similar question's entry shares a gold article with the question.

The 100 questions of tests/data/legal_qa/test.jsonl (written apart from the search ranking, never tuned on) are
answered too; their grounded % is on the card beside the dev figures. So are the questions of
tests/data/legal_qa/offtopic.jsonl, which no law answers (weather, sports, cooking, prices, transport, celebrities):
the share told "not found" (no sentence quoted, confidence 0) is on the card too.

Peers, same run: the first clause of legal.search's top article (the answer a search box would show), and of each
of its top three (about as many articles as an answer quotes).

    python evaluation/legal_answer.py [--json]
"""

from __future__ import annotations

import json
import time

from _common import REPO, args, report, run_all
from _laws_collection import kb_backed, laws_home

DATA = REPO / "tests/data/legal_qa"


def pct(hits: int, n: int) -> float:
    return round(100 * hits / n, 2) if n else 0.0


def main() -> None:
    opts = args(__doc__ or "")
    laws_home()  # with the shipped vectors and the knowledge base imported
    from nonla.collections import articles

    kb = {e["id"]: e for e in map(json.loads, (DATA / "knowledge_base.jsonl").read_text(encoding="utf-8").splitlines())}
    questions = [json.loads(line) for line in (DATA / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line]
    questions = questions[: opts.limit or None]
    kb_helps = kb_backed(questions)
    started = time.perf_counter()
    outputs = run_all("legal.answer", [{"question": q["question"]} for q in questions], batch=16)
    ms = 1000 * (time.perf_counter() - started) / len(questions)

    quoted = articles.fetch("laws", sorted({articles.article_of(s.source) for o in outputs for s in o.sentences}))
    grounded, backed, answered, kb_used, kb_on_topic = [], [], [], [], []
    cited = verbatim = similar_hit = 0
    for i, (q, out) in enumerate(zip(questions, outputs, strict=True)):
        gold = set(q["gold"])
        sources = {articles.article_of(s.source) for s in out.sentences}
        grounded.append(bool(sources & gold))
        backed.append(i in kb_helps)
        answered.append(bool(out.sentences))
        cited += all(articles.article_of(s.source) in quoted for s in out.sentences)
        verbatim += all(s.text in (kb[s.kb]["answer"] if s.kb else quoted[articles.article_of(s.source)].text)
                        for s in out.sentences if articles.article_of(s.source) in quoted)  # fmt: skip
        top = out.similar_questions[0] if out.similar_questions else None
        similar_hit += bool(top and set(top.sources) & gold)
        used = {s.kb for s in out.sentences if s.kb}
        kb_used.append(bool(used))
        if used:
            kb_on_topic.append(any(set(kb[u]["sources"]) & gold for u in used))
    peer = [bool(o.articles and o.articles[0].id in set(q["gold"])) for q, o in zip(questions, outputs, strict=True)]
    peer3 = [bool({a.id for a in o.articles[:3]} & set(q["gold"])) for q, o in zip(questions, outputs, strict=True)]

    def split(flags: list[bool], keep: bool) -> list[bool]:
        return [f for f, b in zip(flags, backed, strict=True) if b == keep]

    n, n_kb = len(questions), sum(backed)
    rows: dict[str, dict[str, float]] = {}
    rows["legal.answer"] = {
        "grounded %": pct(sum(grounded), n),
        f"grounded % (KB-backed, {n_kb})": pct(sum(split(grounded, True)), n_kb),
        f"grounded % (others, {n - n_kb})": pct(sum(split(grounded, False)), n - n_kb),
        "every sentence cited %": pct(cited, n),
        "quotes verbatim %": pct(verbatim, n),
        "answered %": pct(sum(answered), n),
        f"grounded % of answered ({sum(answered)})": pct(sum(grounded), sum(answered)),
        "quotes a KB answer %": pct(sum(kb_used), n),
        f"quoted KB answer on topic % ({len(kb_on_topic)})": pct(sum(kb_on_topic), len(kb_on_topic)),
        "ms/question": round(ms, 1),
    }
    rows["similar questions (KB)"] = similar_row = {
        f"top hit % (KB-backed, {n_kb})": pct(similar_hit, n_kb),
        "top hit % (all)": pct(similar_hit, n),
    }
    for name, flags in (("top search result", peer), ("top 3 search results", peer3)):
        rows[f"peer: first clause of the {name}"] = {
            "grounded %": pct(sum(flags), n),
            f"grounded % (KB-backed, {n_kb})": pct(sum(split(flags, True)), n_kb),
            f"grounded % (others, {n - n_kb})": pct(sum(split(flags, False)), n - n_kb),
        }
    # Card names carry the question count, so a figure never reads as if it were measured on another set.
    card = {
        (k if "(" in k else f"{k} ({n} questions)"): v for k, v in rows["legal.answer"].items() if k != "ms/question"
    }
    card[f"similar question top hit % (KB-backed, {n_kb})"] = similar_row[f"top hit % (KB-backed, {n_kb})"]
    peers = {
        f"{name.removeprefix('peer: ')}: {k if '(' in k else f'{k} ({n} questions)'}": v
        for name, row in rows.items()
        if name.startswith("peer: ")
        for k, v in row.items()
    }
    unseen = [json.loads(line) for line in (DATA / "test.jsonl").read_text(encoding="utf-8").splitlines() if line]
    unseen = unseen[: opts.limit or None]
    answers = run_all("legal.answer", [{"question": q["question"]} for q in unseen], batch=16)
    label = f"({len(unseen)} test questions)"
    pairs = list(zip(unseen, answers, strict=True))
    grounded_unseen = sum(bool({articles.article_of(s.source) for s in o.sentences} & set(q["gold"])) for q, o in pairs)
    rows[f"legal.answer, test set {label}"] = {
        "grounded %": pct(grounded_unseen, len(unseen)),
        "answered %": pct(sum(bool(o.sentences) for o in answers), len(unseen)),
    }
    card[f"grounded % {label}"] = pct(grounded_unseen, len(unseen))
    for name, top in (("top search result", 1), ("top 3 search results", 3)):
        hits = sum(bool({a.id for a in o.articles[:top]} & set(q["gold"])) for q, o in pairs)
        peers[f"first clause of the {name}: grounded % {label}"] = pct(hits, len(unseen))
    strays = [json.loads(line) for line in (DATA / "offtopic.jsonl").read_text(encoding="utf-8").splitlines() if line]
    strays = strays[: opts.limit or None]
    told = run_all("legal.answer", [{"question": q["question"]} for q in strays], batch=16)
    not_found = sum(not o.sentences and o.confidence == 0 for o in told)
    rows[f"legal.answer, off-topic ({len(strays)} questions)"] = {"told not found %": pct(not_found, len(strays))}
    card[f"off-topic told not found % ({len(strays)} questions the bar was set on)"] = pct(not_found, len(strays))
    report(f"Legal answers, 208 laws, {len(kb)} answered questions in the knowledge base", rows, opts.json,
           card=card, peers=peers)  # fmt: skip


if __name__ == "__main__":
    main()
