"""The catalogue: every function with its card, and a playground per function generated from its Input schema.

Playground calls go through the app's runner with the signed-in key's actor and tenant, exactly like REST, so the
audit chain and the review queue see them the same way.
"""

from __future__ import annotations

import json
import shlex
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from nonla.console import forms, results
from nonla.console.i18n_functions import FunctionWords
from nonla.console.web import ConsoleRoute, ai_label, page_error, posted, render, signed_in, visit
from nonla.core.catalog import CatalogEntry
from nonla.core.errors import NonlaError
from nonla.core.runner import Runner
from nonla.governance import revealing
from nonla.governance.held import held_items

router = APIRouter(prefix="/console/functions", route_class=ConsoleRoute, include_in_schema=False)


def _runner(request: Request) -> Runner:
    runner: Runner = request.app.state.runner
    return runner


def _function_texts(request: Request) -> FunctionWords:
    """The functions' own texts (summaries, cards, field help) in the visitor's language."""
    return FunctionWords(visit(request).lang)


@router.get("")
def catalogue(request: Request) -> Response:
    signed_in(request, "functions.read")
    entries = _runner(request).catalog.entries(latest_only=True)
    return render(request, "functions.html", entries=entries, function_texts=_function_texts(request))


def snippets(base_url: str, ref: str, item: dict[str, Any]) -> dict[str, str]:
    """The same call from a terminal and from Python (the key comes from the environment, never the page)."""
    body = json.dumps(item, ensure_ascii=False)
    curl = (f"curl -X POST {base_url}v1/functions/{ref} \\\n  -H \"Authorization: Bearer $NONLA_KEY\" \\\n"
            f"  -H 'Content-Type: application/json' \\\n  -d {shlex.quote(body)}")  # fmt: skip
    args = ", ".join(f"{k}={v!r}" for k, v in item.items())
    python = (f"import os\nimport nonla\n\nclient = nonla.Client(\"{base_url.rstrip('/')}\", os.environ[\"NONLA_KEY\"])\n"
              f"result = client.run(\"{ref}\"{', ' if args else ''}{args})\nprint(result.model_dump_json(indent=2))")  # fmt: skip
    return {"curl": curl, "python": python}


def _example(entry: CatalogEntry) -> dict[str, Any]:
    examples = entry.spec.card.examples
    return dict(examples[0]) if examples else {}


def _page(request: Request, entry: CatalogEntry, values: dict[str, Any], **extra: Any) -> Response:
    spec = entry.spec
    fields = forms.fields(spec.input.model_json_schema())
    return render(request, "function.html", entry=entry, card=spec.card, fields=fields,
                  values=forms.shown(fields, values), hints=forms.placeholders(fields, _example(entry)),
                  function_texts=_function_texts(request), **extra)  # fmt: skip


@router.get("/{name}")
def function_page(name: str, request: Request) -> Response:
    """The playground, its inputs holding the schema's defaults: the card's example is only a placeholder until
    asked for with ?example=1, so that nobody runs it by mistake with their own text appended."""
    signed_in(request, "functions.read")
    entry = _runner(request).catalog.resolve(name)
    wanted = request.query_params.get("example") == "1"
    return _page(request, entry, _example(entry) if wanted else {})


@router.post("/{name}")
async def run_function(name: str, request: Request) -> Response:
    current, who = signed_in(request, "functions.read")
    runner = _runner(request)
    entry = runner.catalog.resolve(name)
    who.require_function(entry.ref)
    _, form = await posted(request, files=True)  # image, audio and document fields
    fields = forms.fields(entry.spec.input.model_json_schema())
    item: dict[str, Any] = {}
    try:
        item = await forms.parse(fields, form)
        revealing.check(who.role, entry.name, [item])
        called = await run_in_threadpool(runner.call, entry.ref, [item], who.actor, tenant=who.tenant)
    except NonlaError as err:
        return _page(request, entry, item, error=page_error(err), status_code=err.http_status)
    only = called.results[0]
    if isinstance(only, NonlaError):
        return _page(request, entry, item, error=page_error(only), status_code=only.http_status)
    if held_items(called.review):  # a required review policy: the reviewer sees the output first
        return _page(request, entry, item, held=list(called.review), status_code=202)
    output = only.model_dump(mode="json")
    body = {"function": called.entry.ref, "ai_generated": True, "output": output}  # the version that answered
    if called.review:
        body["review"] = list(called.review)
    return _page(request, entry, item, output=output, review=list(called.review), label=ai_label(current.lang, called.entry.ref),
                 marked=results.highlighted(item, output), view=results.view(output, current.t("result.empty"), download=current.t("result.download")),
                 boxed=results.boxed(item, output, current.t("result.boxes")),
                 json_body=json.dumps(body, ensure_ascii=False, indent=2),
                 code=snippets(str(request.base_url), entry.ref, item))  # fmt: skip
