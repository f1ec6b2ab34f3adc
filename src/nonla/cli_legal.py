"""`nonla legal ...`: the answered-questions knowledge base and ratings of legal answers.

Answers come from `nonla run legal.answer --field question="..."` like every function. Heavy modules are imported
inside the commands so `nonla --help` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from nonla.cli_errors import STORE_INT_MAX, shown

legal_app = typer.Typer(
    help="Legal answers: the knowledge base of answered questions and ratings.", no_args_is_help=True
)
kb_app = typer.Typer(help="The knowledge base of answered questions, per collection.", no_args_is_help=True)
legal_app.add_typer(kb_app, name="kb")

COLLECTION = typer.Option("laws", "--collection", "-c", help="The collection the entries belong to.")


def _print_json(body: Any) -> None:
    from rich.console import Console

    Console(soft_wrap=True).print_json(json.dumps(body, ensure_ascii=False))


@kb_app.command("add")
def kb_add(
    question: str = typer.Option(..., "--question", "-q"),
    answer: str = typer.Option(..., "--answer", "-a", help="2-4 sentences that restate the law and name the clause."),
    source: list[str] = typer.Option(..., "--source", "-s", help="Article id the answer rests on (repeatable)."),
    entry_id: str | None = typer.Option(None, "--id", help="Entry id; the next free kbNNN if absent."),
    status: str = typer.Option("published", help="published, draft or retired."),
    collection: str = COLLECTION,
) -> None:
    """Add one answered question (or replace the entry with the same --id)."""
    from nonla.collections.knowledge import add
    from nonla.local import local_actor

    entry = {"id": entry_id, "question": question, "answer": answer, "sources": source, "status": status}
    _print_json(add(collection, [entry], actor=local_actor()))


@kb_app.command("import")
def kb_import(file: Path, collection: str = COLLECTION) -> None:
    """Import a JSONL file ({"id"?, "question", "answer", "sources", "status"?} per line); all lines or none."""
    from nonla.collections.knowledge import import_file
    from nonla.local import local_actor

    counts = import_file(collection, file, actor=local_actor())
    _print_json({k: v for k, v in counts.items() if k != "ids"} | {"entries": len(counts["ids"])})


@kb_app.command("list")
def kb_list(
    collection: str = COLLECTION,
    query: str | None = typer.Option(None, "--query", "-q", help="Show the entries most similar to this question."),
    status: str | None = typer.Option(None, help="Only entries with this status."),
    limit: int = typer.Option(50, min=1, max=STORE_INT_MAX, help="At most this many entries."),
) -> None:
    """List entries (id, status, sources, question)."""
    from rich.console import Console
    from rich.table import Table

    from nonla.collections.knowledge import list_entries, similar

    entries = (
        similar(collection, query, k=limit)
        if query
        else list_entries(collection, status=status, limit=limit)["entries"]
    )
    table = Table("id", "status", "sources", "question", *(["score"] if query else []))
    for e in entries:
        table.add_row(shown(e["id"]), shown(e["status"]), "\n".join(shown(s) for s in e["sources"]),
                      shown(e["question"]), *([shown(e["score"])] if query else []))  # fmt: skip
    Console(soft_wrap=True).print(table)


@legal_app.command("rate")
def rate(
    answer_id: str,
    rating: int | None = typer.Option(None, "--rating", "-r", help="1 (useless) to 5 (exactly right)."),
    helpful: bool | None = typer.Option(None, "--helpful/--unhelpful"),
    comment: str | None = typer.Option(None, "--comment"),
    question: str | None = typer.Option(None, "--question", help="Kept as a digest unless --store-question."),
    store_question: bool = typer.Option(False, "--store-question", help="Keep the question's text too."),
    collection: str = COLLECTION,
) -> None:
    """Rate an answer by the answer_id legal.answer returned."""
    from nonla.governance.ratings import rate as store
    from nonla.local import local_actor

    body = {"answer_id": answer_id, "rating": rating, "helpful": helpful, "comment": comment,
            "collection": collection, "question": question, "store_question": store_question}  # fmt: skip
    _print_json(store(body, key_id=local_actor()))


@legal_app.command("ratings")
def ratings_report(collection: str | None = typer.Option(None, "--collection", "-c")) -> None:
    """Report: ratings, answers rated, mean rating and share helpful, overall and per collection."""
    from nonla.governance.ratings import report

    _print_json(report(collection=collection))
