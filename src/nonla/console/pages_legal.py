"""The legal assistant: search the laws with filters, read an article with its citations linked, ask a question
(legal.answer) and rate the answer. Searches, citations and answers go through the runner like every call."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool

from nonla.collections import articles
from nonla.console.web import ConsoleRoute, ai_label, number, page_error, posted, render, signed_in
from nonla.core.errors import InvalidInput, NonlaError, NotFound
from nonla.governance import ratings
from nonla.governance.held import held_items
from nonla.governance.keys import Principal

router = APIRouter(prefix="/console/legal", route_class=ConsoleRoute, include_in_schema=False)
FILTERS = ("doc_type", "issuer", "year", "in_force_on")


def _call(request: Request, who: Principal, ref: str, item: dict[str, Any]) -> dict[str, Any]:
    """One item through the app's runner; a failed item raises its NonlaError. A result a required review policy
    holds comes back as ``held`` (the review entries) with no output: the reviewer sees it first, as over REST."""
    who.require_function(ref.split("@", 1)[0])
    called = request.app.state.runner.call(ref, [item], who.actor, tenant=who.tenant)
    only = called.results[0]
    if isinstance(only, NonlaError):
        raise only
    if held_items(called.review):
        return {"ref": called.entry.ref, "held": list(called.review)}
    return {"ref": called.entry.ref, "output": only.model_dump(mode="json")}


def _query(request: Request) -> dict[str, Any]:
    params = request.query_params
    found: dict[str, Any] = {"query": params.get("q", "").strip(), "collection": params.get("collection") or "laws"}
    for name in ("doc_type", "issuer", "in_force_on"):
        if params.get(name, "").strip():
            found[name] = params[name].strip()
    year = number(params.get("year"), "year", 1945, 2100)
    if year is not None:
        found["year"] = year
    return found


@router.get("")
async def legal(request: Request) -> Response:
    current, who = signed_in(request, "collections.read")
    search = _query(request)
    context: dict[str, Any] = {"search": search}
    if search["query"]:
        try:
            done = await run_in_threadpool(_call, request, who, "legal.search", search)
            if "held" in done:
                return render(request, "legal.html", status_code=202, held=done["held"], **context)
            context.update(hits=done["output"]["results"], search_label=ai_label(current.lang, done["ref"]))
        except NonlaError as err:
            context["error"] = page_error(err)
            return render(request, "legal.html", status_code=err.http_status, **context)
    return render(request, "legal.html", **context)


@router.post("/answer")
async def answer(request: Request) -> Response:
    current, who = signed_in(request, "collections.read")
    _, form = await posted(request)
    question = str(form.get("question") or "")
    item = {"question": question, "collection": str(form.get("collection") or "laws")}
    context: dict[str, Any] = {"search": {"collection": item["collection"]}, "question": question}
    try:
        done = await run_in_threadpool(_call, request, who, "legal.answer", item)
    except NonlaError as err:
        return render(request, "legal.html", status_code=err.http_status, answer_error=page_error(err),
                      **context)  # fmt: skip
    if "held" in done:
        return render(request, "legal.html", status_code=202, held=done["held"], **context)
    return render(request, "legal.html", answer=done["output"], answer_label=ai_label(current.lang, done["ref"]),
                  **context)  # fmt: skip


HELPFUL_VOTES: dict[str, bool | None] = {"yes": True, "no": False, "": None}


def helpful_vote(raw: object) -> bool | None:
    """The 'was it helpful' choice: yes, no, or no vote at all (nothing chosen) - a missing vote is not a 'no'.

    >>> helpful_vote("yes"), helpful_vote("no"), helpful_vote(None)
    (True, False, None)
    """
    choice = "" if raw is None else str(raw).strip()
    if choice not in HELPFUL_VOTES:
        raise InvalidInput(f"The field 'helpful' must be 'yes', 'no' or empty, not '{choice[:40]}'.",
                           hint="Choose one of the options under the answer.", field="helpful")  # fmt: skip
    return HELPFUL_VOTES[choice]


@router.post("/ratings")
async def rate(request: Request) -> Response:
    current, who = signed_in(request, "collections.read")
    _, form = await posted(request)
    who.require_function("legal.answer")  # as over REST: whoever may ask may rate
    raw: dict[str, Any] = {"answer_id": str(form.get("answer_id") or ""), "collection": str(form.get("collection") or "laws"),
                           "rating": number(form.get("rating"), "rating", 1, 5), "helpful": helpful_vote(form.get("helpful")),
                           "comment": str(form.get("comment") or "").strip() or None,
                           "question": str(form.get("question") or "").strip() or None}  # fmt: skip
    ratings.rate(raw, who.key_id, who.tenant, who.actor)
    return render(request, "legal.html", search={"collection": raw["collection"]}, rated=True)


def linked(text: str, citations: list[dict[str, Any]], collection: str, missing: str) -> Markup:
    """The article's text with each citation a link to the article it resolves to (or marked as missing)."""
    out, at = [], 0
    for cite in sorted(citations, key=lambda c: c["start"]):
        start, end = cite["start"], cite["end"]
        if start < at or end > len(text):
            continue
        out.append(escape(text[at:start]))
        if cite.get("resolved"):
            target = articles.article_of(cite["resolved"])
            out.append(Markup('<a class="citation" href="/console/legal/articles/{}?collection={}">{}</a>').format(
                target, collection, text[start:end]))  # fmt: skip
        else:
            out.append(Markup('<span class="citation" title="{}">{}</span>').format(missing, text[start:end]))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


@router.get("/articles/{key:path}")
async def article(key: str, request: Request) -> Response:
    current, who = signed_in(request, "collections.read")
    collection = request.query_params.get("collection") or "laws"
    wanted = articles.article_of(key)
    found = (await run_in_threadpool(articles.fetch, collection, [wanted], who.tenant)).get(wanted)
    if found is None:
        raise NotFound(f"There is no article '{wanted[:120]}' in the collection '{collection[:100]}'.",
                       hint="Search the collection and open an article from the results.")  # fmt: skip
    done = await run_in_threadpool(
        _call, request, who, "legal.citations", {"text": found.text, "collection": collection}
    )
    cites = [] if "held" in done else done["output"]["citations"]  # held for review: the text without links
    return render(request, "article.html", article=found, collection=collection, citations=cites,
                  body=linked(found.text, cites, collection, current.t("legal.unresolved")),
                  label=ai_label(current.lang, done["ref"]))  # fmt: skip
