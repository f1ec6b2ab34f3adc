"""The `nonla` command. Heavy modules are imported inside commands so `nonla --help` stays fast."""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from nonla.cli_civic import civic_app
from nonla.cli_errors import STORE_INT_MAX, shown
from nonla.cli_faces import consent_app, faces_app
from nonla.cli_governance import governance_app, incidents_app, subjects_app
from nonla.cli_inbox import inbox_app
from nonla.cli_jobs import jobs_app, pipelines_app
from nonla.cli_jobs import run_cmd as batch_cmd
from nonla.cli_legal import legal_app
from nonla.cli_models import models_app, train_app
from nonla.cli_monitor import monitor_app
from nonla.cli_review import review_app
from nonla.cli_speech import transcribe_cmd
from nonla.cli_vision import ocr_cmd
from nonla.core.strict_json import loads

app = typer.Typer(
    help="nonla — offline-first, Vietnamese-first AI functions.", no_args_is_help=True, add_completion=False
)
keys_app = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True)
audit_app = typer.Typer(help="Verify and export the tamper-evident audit log.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")
collections_app = typer.Typer(
    help="Document collections: create, add, ingest files, search, delete.", no_args_is_help=True
)
app.add_typer(collections_app, name="collections")
app.add_typer(legal_app, name="legal")
app.add_typer(civic_app, name="civic")
app.add_typer(review_app, name="review")
app.add_typer(inbox_app, name="inbox")
app.add_typer(faces_app, name="faces")
app.add_typer(consent_app, name="consent")
app.add_typer(train_app, name="train")
app.add_typer(models_app, name="models")
app.command("ocr")(ocr_cmd)
app.command("transcribe")(transcribe_cmd)
app.add_typer(jobs_app, name="jobs")
app.add_typer(pipelines_app, name="pipelines")
app.add_typer(governance_app, name="governance")
app.add_typer(monitor_app, name="monitor")
app.add_typer(subjects_app, name="subjects")
app.add_typer(incidents_app, name="incidents")
app.command("batch", help="Same as `nonla jobs run`.")(batch_cmd)


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True)


def _dump(model: Any) -> str:
    return json.dumps(model.model_dump(mode="json"), ensure_ascii=False)


@contextmanager
def _output(path: Path | None) -> Iterator[Any]:
    """Standard output, or the file ``path`` written in one piece (nonla.cli_files.output_file)."""
    if path is None:
        yield sys.stdout
        return
    from nonla.cli_files import output_file

    with output_file(path) as out:
        yield out


@app.command("functions")
def functions_cmd(
    all_versions: bool = typer.Option(False, "--all", help="Show every version, not just the latest."),
) -> None:
    """List the catalogue with each function's measured figures."""
    from rich.table import Table

    import nonla

    table = Table("function", "summary", "measured", "risk")
    entries = nonla.catalog()
    if not all_versions:
        entries = list({e.name: e for e in entries}.values())
    for entry in entries:
        card = entry.card
        figures = "\n".join(f"{k}: {v:g}" for k, v in card.metrics.items())
        table.add_row(shown(entry.ref), shown(card.summary), shown(figures, lines=True), shown(card.risk.value))
    _console().print(table)
    from nonla.sources import catalog

    for label, why in sorted(catalog().unavailable().items()):  # a plugin that did not load is said, not hidden
        typer.echo(shown(f"Plugin left out: {label}: {why}", markup=False), err=True)


@app.command()
def describe(name: str) -> None:
    """Show a function's card and its input and output schemas."""
    from nonla.sources import catalog as surface_catalog

    catalog = surface_catalog()
    entry = catalog.resolve(name)
    spec = entry.spec
    body = {
        "function": entry.ref,
        "versions": catalog.versions(entry.name),
        "card": spec.card.model_dump(mode="json"),
        "input": spec.input.model_json_schema(),
        "output": spec.output.model_json_schema(),
    }
    _console().print_json(json.dumps(body, ensure_ascii=False))


def _check_workers(workers: int) -> None:
    """Refuse a number of worker processes below 0 or above this machine's cores (each loads its own models)."""
    from nonla.core.errors import InvalidInput

    cores = max(os.cpu_count() or 1, 2)  # two always: a one-core machine runs a two-worker job, only slower
    if workers < 0 or workers > cores:
        raise InvalidInput(f"--workers {workers} is not possible: give 1 to {cores} (this machine's cores, at least 2), "
                           "or 0 for one per core.", hint=f"Run again with --workers {min(max(workers, 1), cores)}.")  # fmt: skip


def _read_jsonl(path: Path) -> list[Any]:
    from nonla.core.errors import NotFound
    from nonla.core.jsonl import read_text, records

    if not path.is_file():
        raise NotFound(f"There is no file at {path}.", hint="Check the path given to --input.")
    return [item for _, item in records(read_text(path), str(path))]


@app.command("run")
def run_cmd(
    name: str,
    text: str | None = typer.Option(None, "--text", "-t", help="Text input (the function's 'text' field)."),
    field: list[str] = typer.Option([], "--field", "-f", help="Other input fields as key=value (value may be JSON)."),
    input_file: Path | None = typer.Option(None, "--input", "-i", help="JSONL file: one input object per line."),
    output_file: Path | None = typer.Option(None, "--output", "-o", help="Write JSONL results here instead of stdout."),
    batch_size: int = typer.Option(64, min=1, max=10_000, help="Items per call when reading a file; a value above "
                                   "NONLA_MAX_BATCH_ITEMS (1,000 unless set) is lowered to it."),  # fmt: skip
    workers: int = typer.Option(1, "--workers", "-w", help="Worker processes for a file (0 = one per core)."),
) -> None:
    """Run a function on one input (--text/--field) or on every line of a JSONL file (--input).

    With --output, the file appears whole when every line is done; if the run fails or is stopped, a file already
    there stays as it was."""
    from nonla.cli_files import not_the_input
    from nonla.core.config import settings
    from nonla.core.errors import InvalidInput, NonlaError
    from nonla.jobs.local import chunks
    from nonla.local import runner

    _check_workers(workers)
    if input_file is None:
        _run_one(name, _fields(text, field, _text_fields(runner().catalog.resolve(name).spec.input)), output_file)
        return
    if text is not None or field:  # read from the file alone: a --text beside it was silently dropped
        raise InvalidInput("--text and --field give one input; --input gives a file of them: use one or the other.",
                           hint="Leave out --text and --field, or leave out --input.")  # fmt: skip
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    if output_file is not None:  # everything the run needs is checked before anything is written
        not_the_input(output_file, input_file)
    runner().catalog.resolve(name)
    items = _read_jsonl(input_file)
    # one batch is one call, and the runner refuses a call of more items than NONLA_MAX_BATCH_ITEMS (as jobs do)
    batch_size = min(batch_size, settings().max_batch_items)
    failed = 0
    with _output(output_file) as out:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=_console(stderr=True)) as progress:  # fmt: skip
            task = progress.add_task(shown(name), total=len(items))
            for part in chunks(name, items, workers=workers or None, chunk=batch_size):
                for result in part:
                    if isinstance(result, NonlaError):
                        failed += 1
                        out.write(json.dumps({"error": result.to_dict()}, ensure_ascii=False) + "\n")
                    else:
                        out.write(json.dumps({"output": result.model_dump(mode="json")}, ensure_ascii=False) + "\n")
                progress.advance(task, len(part))
    if failed:
        _console(stderr=True).print(
            f"[yellow]{failed} of {len(items)} items failed; their errors are in the output.[/]"
        )


def _fields(text: str | None, pairs: list[str], texts: dict[str, bool]) -> dict[str, Any]:
    """The one input --text and --field give. A --field value is read as JSON when it is JSON, except where the
    function takes only text (``texts``, from _text_fields): there `--field text=2015` is the text '2015', as the
    same call from Python would give it."""
    from nonla.core.errors import InvalidInput

    fields: dict[str, Any] = {}
    if text is not None:
        fields["text"] = text
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InvalidInput(f"--field {pair!r} must read key=value.")
        try:
            parsed = loads(value)
        except json.JSONDecodeError:
            parsed = value
        if key in texts and not isinstance(parsed, str) and not (parsed is None and texts[key]):
            parsed = value
        fields[key] = parsed
    return fields


def _text_fields(schema: Any) -> dict[str, bool]:
    """The fields of the input model ``schema`` that take only text, each with whether it also takes null.

    >>> from pydantic import BaseModel
    >>> class In(BaseModel):
    ...     text: str
    ...     note: str | None = None
    ...     k: int = 5
    >>> _text_fields(In)
    {'text': False, 'note': True}
    """
    found = {}
    for key, prop in schema.model_json_schema().get("properties", {}).items():
        kinds = {option.get("type") for option in prop.get("anyOf", [prop])}
        if "string" in kinds and kinds <= {"string", "null"}:
            found[key] = "null" in kinds
    return found


def _run_one(name: str, fields: dict[str, Any], output_file: Path | None) -> None:
    """Run one input; its result as one line of JSON on stdout, or in ``output_file`` (whole, or not at all)."""
    from nonla.local import run_one_reviewed

    with _output(output_file) as out:  # opened first: an output path that cannot be written is refused before the call
        result, review = run_one_reviewed(name, fields)
        for queued in review:  # the agency's review policy holds this result for a person
            _console(stderr=True).print(
                f"Queued for review ({shown(queued['reason'])}): nonla review show {shown(queued['id'])}"
            )
        out.write(_dump(result) + "\n")


def _load_demo_laws(folder: Path | None, kb: Path | None = None) -> None:
    """Ingest the laws into the 'laws' collection in the background, once (re-ingesting is a no-op anyway);
    then import the answered questions, whose sources must be among those laws."""
    import threading

    from nonla.collections.service import create, ingest, list_collections

    def work() -> None:
        try:
            if "laws" not in {c["name"] for c in list_collections()}:
                create("laws", actor="local:serve")
            if folder is not None:
                counts = ingest("laws", folder, actor="local:serve")
                _console(stderr=True).print(f"Demo collection 'laws' ready: {counts}")
                from nonla.collections.vectors import embed

                # the demo laws' vectors ship in models/: seconds, and hybrid search works at once
                vectors = embed("laws", workers=1)
                _console(stderr=True).print(f"Demo collection 'laws' vectors: {vectors}")
            if kb is not None:
                from nonla.collections.knowledge import import_file

                added = import_file("laws", kb, actor="local:serve")
                _console(stderr=True).print(
                    f"Demo knowledge base: {added['added']} added, {added['unchanged']} unchanged"
                )
        except Exception as exc:  # the server keeps serving; the demo data is a convenience
            _console(stderr=True).print(f"[yellow]Demo data not loaded: {shown(exc)}[/]")

    threading.Thread(target=work, name="demo-laws", daemon=True).start()


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = typer.Option(8000, min=1, max=65535, help="TCP port to listen on (1-65535)."),
    demo_laws: Path | None = typer.Option(
        None, help="Folder of law texts to load into the 'laws' collection in the background."
    ),
    demo_kb: Path | None = typer.Option(
        None, help="JSONL of answered questions to import into the 'laws' knowledge base (after --demo-laws)."
    ),
    demo_inbox: Path | None = typer.Option(
        None, help="JSONL of citizens' messages to load into the inbox in the background (ids already in: skipped)."
    ),
    forwarded_allow_ips: str | None = typer.Option(
        None,
        help="Addresses of reverse proxies whose X-Forwarded-For names the client (comma-separated, '*' for any, "
        "'' for none). Default: $FORWARDED_ALLOW_IPS, else 127.0.0.1.",
    ),
) -> None:
    """Start the REST API and console. On an empty store, creates and prints the first admin key once.

    Behind a reverse proxy the console's sign-in limit must count each client, not the proxy: a proxy listed in
    --forwarded-allow-ips is believed about the client's address; X-Forwarded-For from anyone else is ignored, so
    a client cannot dodge the limit by sending a new address with every guess."""
    import uvicorn

    from nonla.api.app import create_app
    from nonla.governance.keys import create_first_admin

    _can_listen(host, port)  # before the first key is made and shown: a server that cannot start must not print one
    key = create_first_admin("first admin (created by nonla serve)", actor="local:serve")
    if key is not None:
        _console(stderr=True).print(
            "[bold]First start: an admin key was created. Store it now; it is shown only once.[/]"
        )
        print(key, flush=True)
    laws = demo_laws if demo_laws is not None and demo_laws.is_dir() else None
    kb = demo_kb if demo_kb is not None and demo_kb.is_file() else None
    if laws is not None or kb is not None:
        _load_demo_laws(laws, kb)
    if demo_inbox is not None and demo_inbox.is_file():
        from nonla.cli_inbox import load_demo

        load_demo(demo_inbox)
    uvicorn.run(create_app(), host=host, port=port, log_level="info", proxy_headers=True,
                forwarded_allow_ips=forwarded_allow_ips)  # fmt: skip


def _can_listen(host: str, port: int) -> None:
    """Refuse, with what to do, an address the server could not listen on (in use, not this machine's, no name)."""
    import socket

    from nonla.core.errors import InvalidInput

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]  # fmt: skip
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn: a closing socket is no obstacle
            probe.bind(address)
    except OSError as exc:
        in_use = exc.errno == errno.EADDRINUSE
        raise InvalidInput(f"Cannot listen on {host}:{port}: {exc.strerror or exc}.",
                           hint="Stop the program using that port, or give another --port." if in_use else
                           "Give --host an address of this machine (127.0.0.1, 0.0.0.0) and a free --port.") from None  # fmt: skip


@keys_app.command("create")
def keys_create(
    role: str = typer.Option(..., "--role", "-r", help="admin, developer, caller, reviewer or auditor"),
    name: str = typer.Option(..., "--name", "-n", help="Who or what will use the key."),
    scope: list[str] = typer.Option([], "--scope", "-s", help="Function patterns this key may call (e.g. 'vi.*')."),
    tenant: str = typer.Option(
        "default",
        "--tenant",
        "-t",
        help="The agency the key is for (e.g. 'so-y-te'): its "
        "calls see only that agency's collections, models, inbox and audit rows.",
    ),
) -> None:
    """Create a key. The key is printed alone on the last line, once."""
    from nonla.governance.keys import create_key
    from nonla.local import local_actor

    key, record = create_key(role, name, scope, tenant=tenant, actor=local_actor())
    _console(stderr=True).print(
        f"Created key [bold]{shown(record.id)}[/] ({shown(record.role)}) for {shown(record.name)}, tenant "
        f"{shown(record.tenant)}. It is shown only once:"
    )
    print(key)


@keys_app.command("list")
def keys_list() -> None:
    """List keys (ids, roles, scopes; never the secrets)."""
    from rich.table import Table

    from nonla.governance.keys import list_keys

    keys = list_keys()
    table = Table()
    # `keys revoke` takes the id as listed: never cut short, whatever the terminal's width (or a pipe's 80)
    table.add_column("id", no_wrap=True, min_width=max((len(k.id) for k in keys), default=2))
    for column in ("name", "role", "tenant", "scopes", "created", "revoked"):
        table.add_column(column)
    for k in keys:
        table.add_row(shown(k.id), shown(k.name), shown(k.role), shown(k.tenant), shown(_scopes_shown(k.scopes)),
                      shown(k.created_at), shown(k.revoked_at))  # fmt: skip
    _console().print(table)


def _scopes_shown(scopes: list[str] | None) -> str:
    """'*' for a key without scopes (it may call every function), never for one whose only patterns are blank:
    such a key, stored before blank patterns were refused, may call nothing.

    >>> _scopes_shown([]), _scopes_shown(["vi.*", "legal.answer"]), _scopes_shown([""])
    ('*', 'vi.*,legal.answer', '(none)')
    """
    if not scopes:
        return "*"
    return ",".join(scopes) if any(pattern.strip() for pattern in scopes) else "(none)"


@keys_app.command("revoke")
def keys_revoke(key_id: str) -> None:
    """Revoke a key by its id; it stops working at once."""
    from nonla.governance.keys import revoke_key
    from nonla.local import local_actor

    record = revoke_key(key_id, actor=local_actor())
    _console().print(f"Key {shown(record.id)} revoked at {shown(record.revoked_at)}.")


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the hash chain; exits 1 and names the first bad row if any row was edited, deleted or reordered."""
    from nonla.governance.audit import verify

    verdict = verify()
    if verdict.ok:
        _console().print(f"[green]Audit chain intact:[/] {verdict.rows} rows verified.")
        return
    _console(stderr=True).print(f"[red]Audit chain broken at row {verdict.first_bad_seq}:[/] {shown(verdict.reason)}.")
    raise typer.Exit(1)


@audit_app.command("export")
def audit_export(
    output: Path | None = typer.Option(None, "--output", "-o", help="JSONL file (default: stdout)."),
    since: int = typer.Option(0, min=0, max=STORE_INT_MAX, help="Only rows after this sequence number."),
) -> None:
    """Export audit rows as JSONL, in chain order, with their hashes (a file appears whole, or not at all)."""
    from nonla.governance.audit import export

    with _output(output) as out:
        for row in export(since_seq=since):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


@collections_app.command("create")
def collections_create(name: str) -> None:
    """Create an empty collection."""
    from nonla.collections.service import create
    from nonla.local import local_actor

    create(name, actor=local_actor())
    _console().print(f"Collection [bold]{shown(name)}[/] created.")


@collections_app.command("list")
def collections_list() -> None:
    """List collections with their document counts."""
    from rich.table import Table

    from nonla.collections.service import list_collections

    table = Table("collection", "documents", "created")
    for row in list_collections():
        table.add_row(shown(row["name"]), shown(row["documents"]), shown(row["created_at"]))
    _console().print(table)


@collections_app.command("ingest")
def collections_ingest(
    name: str, path: Path, create: bool = typer.Option(False, "--create", help="Create the collection if missing.")
) -> None:
    """Ingest a file or a folder (.txt, .pdf, .docx, .html), with a progress bar; the same content twice is a no-op."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from nonla.collections.service import create as create_collection
    from nonla.collections.service import ingest, list_collections
    from nonla.core.errors import NotFound
    from nonla.local import local_actor

    if not path.exists():  # before --create: a mistyped path must not leave a new, empty collection behind
        raise NotFound(f"There is no file or folder at {path}.", hint="Check the path to ingest.")
    if create and name not in {c["name"] for c in list_collections()}:
        create_collection(name, actor=local_actor())
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=_console(stderr=True)) as progress:  # fmt: skip
        task = progress.add_task(f"ingest → {shown(name)}", total=None)
        counts = ingest(name, path, progress=lambda done, total: progress.update(task, completed=done, total=total),
                        actor=local_actor())  # fmt: skip
    _console().print_json(json.dumps(counts))


@collections_app.command("add")
def collections_add(
    name: str, input_file: Path = typer.Option(..., "--input", "-i", help="JSONL: {id, text, metadata} per line.")
) -> None:
    """Add documents from a JSONL file."""
    from nonla.collections.service import add
    from nonla.local import local_actor

    _console().print_json(json.dumps(add(name, _read_jsonl(input_file), actor=local_actor())))


@collections_app.command("delete")
def collections_delete(
    name: str,
    document: str | None = typer.Option(None, "--document", "-d", help="Delete only this document."),
    yes: bool = typer.Option(False, "--yes", help="Confirm deleting the whole collection: it cannot be undone."),
) -> None:
    """Delete a document (every trace in every index), or the whole collection (with --yes)."""
    from nonla.collections.service import delete_collection, delete_document
    from nonla.core.errors import InvalidInput
    from nonla.local import local_actor

    if document is not None:
        if not document.strip():  # never read as "no document given": that would delete the whole collection
            raise InvalidInput("--document is empty: give the id of the document to delete.",
                               hint=f"`nonla collections search {name} WORDS` shows documents' ids. To delete the "
                               f"whole collection, leave --document out and add --yes.")  # fmt: skip
        outcome = delete_document(name, document, actor=local_actor())
        _console().print(f"Document {shown(document)} deleted from {shown(name)}.")
        if outcome["purge_pending"]:
            _console().print(f"Its words stay in the BM25 index files, unsearchable, until `nonla collections "
                             f"reindex {shown(name)}`.")  # fmt: skip
        return
    if not yes:
        raise InvalidInput(f"Deleting the collection '{name}' deletes all its documents and cannot be undone.",
                           hint=f"To delete one document, add --document ID. To delete the whole collection, run "
                           f"again with --yes: nonla collections delete {name} --yes")  # fmt: skip
    delete_collection(name, actor=local_actor())
    _console().print(f"Collection {shown(name)} deleted.")


@collections_app.command("search")
def collections_search(
    name: str,
    query: str,
    k: int = typer.Option(5, "--k", "-k", min=1, max=100, help="How many results."),
    mode: str = typer.Option("hybrid", help="hybrid (keywords and meaning), bm25 or dense."),
) -> None:
    """Search a collection's parts (hybrid BM25 + dense vectors once `collections embed` has run)."""
    import nonla.collections
    from nonla.core.errors import InvalidInput

    if mode not in ("hybrid", "bm25", "dense"):
        raise InvalidInput(f"Unknown search mode '{mode}'.", hint="Use hybrid, bm25 or dense.")
    # the package's search checks the query as Python and REST callers have it checked (1 to 2,000 characters)
    hits, used = nonla.collections.search(name, query, k, mode=mode)
    if used != mode:
        _console(stderr=True).print(f"No vectors in {shown(name)} yet: BM25 only (run: nonla collections embed "
                                    f"{shown(name)}).")  # fmt: skip
    for hit in hits:
        _console().print(f"[bold]{shown(hit.key)}[/]  {hit.score:.4f}  {shown(hit.title)}", highlight=False)


@collections_app.command("reindex")
def collections_reindex(name: str) -> None:
    """Rebuild the collection's keyword (BM25) index from the store, e.g. after switching NONLA_BM25."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from nonla.collections.reindex import reindex

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=_console(stderr=True)) as progress:  # fmt: skip
        task = progress.add_task(f"terms → {shown(name)}", total=None)
        result = reindex(name, progress=lambda done, total: progress.update(task, completed=done, total=total))
    _console().print_json(json.dumps(result))


@collections_app.command("embed")
def collections_embed(
    name: str, workers: int = typer.Option(0, help="Worker processes (default: one per core).")
) -> None:
    """Embed every part without a vector (resumable; shipped vectors are reused), for hybrid search."""
    from rich.progress import BarColumn, Progress, TimeRemainingColumn

    from nonla.collections.vectors import embed

    _check_workers(workers)
    with Progress("[progress.description]{task.description}", BarColumn(), "{task.completed}/{task.total}",
                  TimeRemainingColumn(), console=_console(stderr=True)) as bar:  # fmt: skip
        task = bar.add_task(f"Embedding {shown(name)}", total=None)
        counts = embed(
            name, workers=workers or None, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    _console().print(
        f"{counts['vectors']:,} of {counts['parts']:,} parts have vectors "
        f"({counts['cached']:,} passages from shipped vectors, {counts['embedded']:,} embedded now; a long part has "
        "several)."
    )


def main() -> None:
    """Entry point: NonlaError becomes a plain message and its exit code, never a traceback."""
    from nonla.core.errors import NonlaError

    try:
        code = app(standalone_mode=False)  # without standalone mode, click returns an Exit's code instead of raising
        if isinstance(code, int) and code:
            sys.exit(code)
    except NonlaError as err:
        _fail(err)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(130)
    except Exception as exc:
        # usage errors (unknown option, missing argument) are the caller's mistake: click's message, no traceback.
        # Matched by name because typer may ship its own copy of click.
        if any(cls.__name__ == "ClickException" for cls in type(exc).__mro__):
            exc.show()  # type: ignore[attr-defined]
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        from nonla.cli_errors import caller_error

        translated = caller_error(exc)
        if translated is None:
            raise
        _fail(translated)


def _fail(err: Any) -> None:
    """The error's code, sentence and what to do on stderr, and its exit code."""
    _console(stderr=True).print(  # a message may quote the caller's input or stored text: shown, never obeyed
        f"[red]Error ({shown(err.code)}):[/] {shown(err.message, lines=True)}\n[bold]What to do:[/] "
        f"{shown(err.hint, lines=True)}",
        highlight=False,
    )
    sys.exit(err.exit_code)


if __name__ == "__main__":
    main()
