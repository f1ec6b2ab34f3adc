"""OpenAPI generated from the catalogue: one documented POST per function, with its Input and Output schemas and
every status a call answers with; GET and POST /v1/functions/{name} stay for any function by name. Every other /v1
operation lists the errors the layers before its route can answer with, in the one error shape the server sends
(nonla.api.errors), FastAPI's own {"detail": [...]} 422 included, which the server never sends."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from nonla.core.catalog import Catalog

REF = "#/components/schemas/{model}"
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "hint"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "hint": {"type": "string"},
                "details": {"type": "object"},
            },
        }
    },
}
# What stands in for an output a required review policy holds back (nonla.governance.held)
HELD = {
    "type": "object",
    "required": ["review_id", "reason", "status"],
    "properties": {
        "review_id": {"type": "integer", "description": "Read the result with GET /v1/review/{review_id}/result"},
        "reason": {"type": "string"},
        "status": {"type": "string", "enum": ["pending"]},
        "step": {"type": "string", "description": "The pipeline step whose result is held, for a pipeline"},
    },
}
REVIEW = {
    "type": "array",
    "description": "Present when the agency's review policy queued results for a person: {index, id, reason} of each",
    "items": {"type": "object"},
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}
VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")  # FastAPI's 422 body, replaced by ERROR
HEAD = {"function": {"type": "string"}, "ai_generated": {"type": "boolean"}, "latency_ms": {"type": "number"}}


def _schema(model: Any, prefix: str, components: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template=REF.replace("{model}", prefix + "{model}"))
    for name, sub in schema.pop("$defs", {}).items():
        components[prefix + name] = sub
    components[prefix + model.__name__] = schema
    return {"$ref": REF.format(model=prefix + model.__name__)}


def _error(description: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}, **extra}


def _shared_errors() -> dict[str, Any]:
    """What any /v1 route can answer before (or beside) its own work: the body guard and limit, the key check, the
    rate limits and a store that went away."""
    return {
        "400": _error("invalid_json or invalid_utf8: the body is not UTF-8 JSON"),
        "401": _error("No or invalid key"),
        "403": _error("The key's role or scope does not allow this"),
        "413": _error("request_too_large: the body is larger than the server accepts"),
        "429": _error("rate_limited: the key's or the agency's request limit is spent", headers=RETRY_AFTER),
        "503": _error("store_unavailable: the store cannot answer right now", headers=RETRY_AFTER),
    }


def _route_errors(method: str, operation: dict[str, Any]) -> dict[str, Any]:
    """The errors an operation's own input can lead to, by a simple rule rather than route by route: whatever takes
    input (a path or query parameter, a body) can name something that does not exist (404) or break the schema (422);
    whatever writes (POST, PUT, DELETE) can conflict with what is stored (409)."""
    errors: dict[str, Any] = {}
    if operation.get("parameters") or "requestBody" in operation:
        errors["404"] = _error("not_found: the named item does not exist (or is not the agency's)")
        errors["422"] = _error("invalid_input: a parameter or the body does not match the schema")
    if method in ("post", "put", "delete"):
        errors["409"] = _error("conflict: the change conflicts with what is stored")
    return errors


def _describe_errors(paths: dict[str, Any]) -> None:
    """Add the error responses to every /v1 operation but the function calls (_call_responses lists theirs)."""
    for path, operations in paths.items():
        if not path.startswith("/v1/"):
            continue
        for method, operation in operations.items():
            if method == "post" and path.startswith("/v1/functions/"):
                continue
            responses = operation.setdefault("responses", {})
            if "422" in responses and "HTTPValidationError" in str(responses["422"]):
                del responses["422"]  # FastAPI's {"detail": [...]}: the server sends ERROR (nonla.api.errors)
            for status, response in {**_shared_errors(), **_route_errors(method, operation)}.items():
                responses.setdefault(status, response)


def _drop_unused_validation_schemas(doc: dict[str, Any], components: dict[str, Any]) -> None:
    for name in VALIDATION_SCHEMAS:
        if name in components and REF.format(model=name) not in str(doc["paths"]):
            del components[name]


def _call_responses(out: dict[str, Any]) -> dict[str, Any]:
    """Every status a call to a function answers with (nonla.api.functions.call_function and the layers before it)."""
    item = {"type": "object", "properties": {"output": out, "error": ERROR["properties"]["error"], "held": HELD}}
    answered = {"type": "object", "properties": {**HEAD, "output": out, "items": {"type": "array", "items": item},
                                                 "review": REVIEW}}  # fmt: skip
    held = {"type": "object", "required": ["held"], "properties": {**HEAD, "held": HELD, "review": REVIEW}}
    return {
        "200": {"description": "The output (or per-item outputs, errors and held results for a batch)",
                "content": {"application/json": {"schema": answered}}},
        "202": {"description": "Held for review: the agency's review policy requires a person to see the output "
                               "first; read it from the review queue once released",
                "content": {"application/json": {"schema": held}}},
        **_shared_errors(),  # 413, 429 and 503 as for any route; the rest said of a function call
        "400": _error("Body is not UTF-8 JSON"),
        "401": _error("No or invalid key"),
        "403": _error("Role or scope does not allow this function"),
        "404": _error("Unknown function or version"),
        "422": _error("Input does not match the schema"),
        "423": _error("function_suspended: an admin suspended this function after an incident"),
        "451": _error("model_licence_unverified: the licence of the function's model is not verified and no "
                      "operator has accepted that"),
    }  # fmt: skip


def build(app: FastAPI, catalog: Catalog) -> dict[str, Any]:
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = doc.setdefault("components", {}).setdefault("schemas", {})
    doc.setdefault("components", {})["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    doc["security"] = [{"bearer": []}]
    _describe_errors(doc["paths"])
    # GET describes any function (its card), POST calls one by name: kept after the per-function paths below
    generic = doc["paths"].pop("/v1/functions/{name}", {})
    for entry in catalog.entries(latest_only=True):
        spec = entry.spec
        prefix = entry.name.replace(".", "_") + "__"
        one = _schema(spec.input, prefix, components)
        out = _schema(spec.output, prefix, components)
        batch = {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": one}}}
        doc["paths"][f"/v1/functions/{entry.name}"] = {
            "post": {
                "tags": ["functions"],
                "summary": spec.card.summary,
                "operationId": f"call_{prefix.strip('_')}",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"oneOf": [one, batch]}}}},
                "responses": _call_responses(out),
            }
        }
    if "post" in generic:
        generic["post"]["responses"] = {**generic["post"]["responses"], **_call_responses({})}
    if generic:
        doc["paths"]["/v1/functions/{name}"] = generic
    _drop_unused_validation_schemas(doc, components)
    return doc
