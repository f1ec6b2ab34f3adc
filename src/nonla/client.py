"""nonla.Client: the same three calls as the Python API, over HTTP with a key.

>>> client = Client("http://127.0.0.1:8000", api_key="nonla_x_y")
>>> client.base_url
'http://127.0.0.1:8000'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict

from nonla.core.catalog import Catalog
from nonla.core.errors import NonlaError, error_class


class RemoteOutput(BaseModel):
    """Output of a function this installation does not know locally (e.g. a server-side custom model)."""

    model_config = ConfigDict(extra="allow")


@dataclass(frozen=True)
class RemoteCard:
    summary: str
    metrics: dict[str, float]
    raw: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class RemoteEntry:
    name: str
    version: int
    card: RemoteCard

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"


def error_from(body: dict[str, Any], status: int | None = None) -> NonlaError:
    """The error a server's ``{"error": {...}}`` stands for, as the class the same call raises in process.

    ``status`` is the response's; a batch row has none of its own, so its error keeps its class's status.

    >>> err = error_from({"error": {"code": "unknown_agency", "message": "No agency 'x'."}})
    >>> type(err).__name__, err.http_status, err.exit_code
    ('UnknownAgency', 404, 3)
    """
    info = body.get("error") or {}
    cls = error_class(info.get("code", ""))
    err = NonlaError.__new__(cls)
    message = info.get("message", f"HTTP {status}" if status else "The server gave no message.")
    NonlaError.__init__(err, message, info.get("hint"), **(info.get("details") or {}))
    if cls is NonlaError:
        err.code = info.get("code", "error")  # type: ignore[misc]
        if status is not None:
            err.http_status = status  # type: ignore[misc]
    return err


@cache
def _builtin_catalog() -> Catalog:
    """Built-ins and plugins only: the store-backed sources (custom models, pipelines) are the server's, and a
    client opens no store of its own to learn an output's type."""
    return Catalog()


class HeldForReview(NonlaError):
    """A result a required review policy holds: read it with ``Client.result(review_id)`` once a reviewer acted."""

    code = "held_for_review"
    http_status = 202
    default_hint = "Ask again with Client.result(review_id) after a reviewer has decided."

    @property
    def review_id(self) -> int:
        return int(self.details["review_id"])


def _held(held: dict[str, Any], ref: str) -> HeldForReview:
    return HeldForReview(f"The result of {ref} is held until a reviewer decides review item {held['review_id']}.",
                         review_id=held["review_id"])  # fmt: skip


class Client:
    def __init__(self, base_url: str, api_key: str, timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.base_url, timeout=timeout, headers={"Authorization": f"Bearer {api_key}"}
        )

    def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self._http.request(method, path, **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = {"error": {"code": "bad_response", "message": response.text[:200]}}
        if response.status_code >= 400:
            raise error_from(body, response.status_code)
        return body  # type: ignore[no-any-return]

    def _output_type(self, ref: str) -> type[BaseModel]:
        try:
            return _builtin_catalog().resolve(ref).spec.output
        except Exception:  # not known here: keep the fields as they came
            return RemoteOutput

    def run(self, name: str, /, **fields: Any) -> BaseModel:
        """The output; HeldForReview (with its review_id) when the agency's policy holds it for a reviewer."""
        body = self._request("POST", f"/v1/functions/{name}", json=fields)
        if "held" in body:
            raise _held(body["held"], body["function"])
        return self._output_type(body["function"]).model_validate(body["output"])

    def run_batch(self, name: str, items: list[dict[str, Any]]) -> list[BaseModel | NonlaError]:
        """One output per item; a failed item is its error, a held one HeldForReview."""
        body = self._request("POST", f"/v1/functions/{name}", json={"items": items})
        output = self._output_type(body["function"])
        return [
            error_from(row) if "error" in row
            else _held(row["held"], body["function"]) if "held" in row
            else output.model_validate(row["output"])
            for row in body["items"]
        ]  # fmt: skip

    def result(self, review_id: int) -> BaseModel:
        """A held result once a reviewer released it (the correction, if one was made); HeldForReview until then."""
        body = self._request("GET", f"/v1/review/{int(review_id)}/result")
        if not body["released"]:
            raise _held({"review_id": body["id"]}, body["function"])
        return self._output_type(body["function"]).model_validate(body["output"])

    def catalog(self) -> list[RemoteEntry]:
        entries = []
        for row in self._request("GET", "/v1/functions")["functions"]:
            card = RemoteCard(summary=row["summary"], metrics=row["metrics"], raw=row)
            entries.append(RemoteEntry(row["name"], row["version"], card))
        return entries

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()
