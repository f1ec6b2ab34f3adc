"""OpenAPI generated from the catalogue: one documented POST per function, with its Input and Output schemas."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from nonla.core.catalog import Catalog

REF = "#/components/schemas/{model}"


def _schema(model: Any, prefix: str, components: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template=REF.replace("{model}", prefix + "{model}"))
    for name, sub in schema.pop("$defs", {}).items():
        components[prefix + name] = sub
    components[prefix + model.__name__] = schema
    return {"$ref": REF.format(model=prefix + model.__name__)}


def build(app: FastAPI, catalog: Catalog) -> dict[str, Any]:
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = doc.setdefault("components", {}).setdefault("schemas", {})
    doc.setdefault("components", {})["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    doc["security"] = [{"bearer": []}]
    generic = doc["paths"].pop("/v1/functions/{name}", {}).get("post")
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
                "responses": {
                    "200": {
                        "description": "The output (or per-item outputs and errors for a batch)",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "function": {"type": "string"},
                                        "ai_generated": {"type": "boolean"},
                                        "latency_ms": {"type": "number"},
                                        "output": out,
                                        "items": {"type": "array"},
                                        "review": {
                                            "type": "array",
                                            "description": "Present when the agency's review policy queued "
                                            "results for a person: {index, id, reason} of each",
                                            "items": {"type": "object"},
                                        },
                                    },
                                }
                            }
                        },
                    },  # fmt: skip
                    "400": {"description": "Body is not UTF-8 JSON"},
                    "401": {"description": "No or invalid key"},
                    "403": {"description": "Role or scope does not allow this function"},
                    "404": {"description": "Unknown function or version"},
                    "422": {"description": "Input does not match the schema"},
                },
            }
        }
    if generic:
        doc["paths"]["/v1/functions/{name}"] = {
            "get": doc["paths"].get("/v1/functions/{name}", {}).get("get"),
            "post": generic,
        }
        doc["paths"]["/v1/functions/{name}"] = {k: v for k, v in doc["paths"]["/v1/functions/{name}"].items() if v}
    return doc
