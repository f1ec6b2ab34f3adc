"""One shallow tree of errors, each with a stable code, a plain sentence and what to do next.

    NonlaError                       code             HTTP  exit
    ├── InvalidInput                 invalid_input     422   2
    │   ├── EmptyText                empty_text        422   2
    │   ├── TextTooLong              text_too_long     422   2
    │   ├── BatchTooLarge            batch_too_large   422   2
    │   ├── InvalidJSON              invalid_json      400   2
    │   └── InvalidEncoding          invalid_utf8      400   2
    ├── NotFound                     not_found         404   3
    │   ├── UnknownFunction          unknown_function  404   3
    │   └── UnknownVersion           unknown_version   404   3
    ├── Unauthorized                 unauthorized      401   4
    ├── Forbidden                    forbidden         403   4
    ├── Conflict                     conflict          409   5
    │   └── IndexBackendChanged      index_backend_changed 409 5 (keyword index built by the other NONLA_BM25)
    ├── FunctionSuspended            function_suspended 423  6   (an admin suspended it after an incident)
    ├── RateLimited                  rate_limited      429   7   (Retry-After says when to try again)
    ├── ModelUnavailable             model_unavailable 503   6
    ├── StoreIncompatible            store_incompatible 503  6
    ├── StoreUnavailable             store_unavailable 503   6   (unreadable, unreachable or busy past its wait)
    └── FunctionFailed               function_failed   500   1   (a bug on our side, never bad input)

The mapping to HTTP statuses and exit codes lives here, once; surfaces only read ``http_status``
and ``exit_code``.

>>> err = EmptyText(field="text")
>>> (err.code, err.http_status, err.exit_code)
('empty_text', 422, 2)
>>> err.to_dict()["message"]
"Field 'text' is empty."
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

# Areas keep the errors only they raise beside their code; a surface that meets one of these codes without having
# imported the area (nonla.Client reading a server's answer) imports them to learn the class.
DEFINED_ELSEWHERE = (
    "nonla.api.body_limit",
    "nonla.api.jobs",
    "nonla.collections.extract",
    "nonla.console.web",
    "nonla.custom.datafile",
    "nonla.custom.errors",
    "nonla.custom.import_errors",
    "nonla.custom.jobs",
    "nonla.functions.civic.triage_taxonomy",
    "nonla.functions.legal.citation_parts",
    "nonla.functions.privacy.pii",
    "nonla.functions.vision.faces_run",
    "nonla.governance.consent",
    "nonla.governance.quotas",
    "nonla.jobs.executors",
    "nonla.jobs.service",
)

_BY_CODE: dict[str, type[NonlaError]] = {}


class NonlaError(Exception):
    """Base of every error a user can see."""

    code = "error"
    http_status = 500
    exit_code = 1
    default_hint = "Try again; if it keeps failing, report it with the audit id."

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:  # a subclass that keeps its parent's code is not what that code names
            _BY_CODE.setdefault(cls.code, cls)

    def __init__(self, message: str, hint: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint or self.default_hint
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape every surface shows: code, message, hint (and details when there are any)."""
        body: dict[str, Any] = {"code": self.code, "message": self.message, "hint": self.hint}
        if self.details:
            body["details"] = self.details
        return body

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take other constructor arguments; rebuild from the fields so errors cross process boundaries.
        return (_rebuild, (type(self), self.message, self.hint, self.details))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and isinstance(other, NonlaError) and other.to_dict() == self.to_dict()

    def __hash__(self) -> int:
        return hash((self.code, self.message))


class InvalidInput(NonlaError):
    code = "invalid_input"
    http_status = 422
    exit_code = 2
    default_hint = "Check the input against the function's schema (nonla describe NAME, or GET /v1/functions/NAME)."


class EmptyText(InvalidInput):
    code = "empty_text"
    default_hint = "Send some text: the field must contain at least one visible character."

    def __init__(self, field: str = "text", index: int | None = None) -> None:
        extra: dict[str, Any] = {} if index is None else {"index": index}
        super().__init__(f"Field '{field}' is empty.", field=field, **extra)


class TextTooLong(InvalidInput):
    code = "text_too_long"

    def __init__(self, field: str, limit: int, length: int, index: int | None = None) -> None:
        extra: dict[str, Any] = {} if index is None else {"index": index}
        super().__init__(
            f"Field '{field}' has {length:,} characters; the limit is {limit:,}.",
            hint="Split the text into smaller parts (for example by sentence or paragraph) and send them as a batch.",
            field=field,
            limit=limit,
            length=length,
            **extra,
        )


class BatchTooLarge(InvalidInput):
    code = "batch_too_large"
    default_hint = "Send at most the allowed number of items per call, or run a batch job over a file."


class InvalidJSON(InvalidInput):
    code = "invalid_json"
    http_status = 400
    default_hint = 'Send a JSON object (or {"items": [...]}) with Content-Type: application/json.'


class InvalidEncoding(InvalidInput):
    code = "invalid_utf8"
    http_status = 400
    default_hint = "Encode the request body as UTF-8. Legacy TCVN3/VNI text can be converted with vi.normalize."


class NotFound(NonlaError):
    code = "not_found"
    http_status = 404
    exit_code = 3
    default_hint = "Check the name or id."


class UnknownFunction(NotFound):
    code = "unknown_function"
    default_hint = "List the available functions with `nonla functions` or GET /v1/functions."


class UnknownVersion(NotFound):
    code = "unknown_version"
    default_hint = "Use the name alone for the latest version, or one of the versions listed by `nonla describe NAME`."


class Unauthorized(NonlaError):
    code = "unauthorized"
    http_status = 401
    exit_code = 4
    default_hint = "Send a valid key as 'Authorization: Bearer <key>'; an admin creates keys with `nonla keys create`."


class Forbidden(NonlaError):
    code = "forbidden"
    http_status = 403
    exit_code = 4
    default_hint = "Ask an admin for a key with the needed role or function scope."


class Conflict(NonlaError):
    code = "conflict"
    http_status = 409
    exit_code = 5
    default_hint = "Reload the current state and try again."


class IndexBackendChanged(Conflict):
    """A collection's keyword index was built by another BM25 backend than the one NONLA_BM25 selects now:
    searching the selected one would answer as if nothing matched."""

    code = "index_backend_changed"
    default_hint = "Run `nonla collections reindex NAME` to build the index the server now uses."


class FunctionSuspended(NonlaError):
    """423 Locked rather than 503: the function is not down, it was withheld on purpose until an admin resumes it."""

    code = "function_suspended"
    http_status = 423
    exit_code = 6
    default_hint = "An admin suspended this function after an incident; see `nonla incidents list` or ask them."


class RateLimited(NonlaError):
    code = "rate_limited"
    http_status = 429
    exit_code = 7
    default_hint = "Wait for the number of seconds in Retry-After, or ask an admin to raise the key's limits."

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(int(self.details.get("retry_after", 60)))}


class ModelUnavailable(NonlaError):
    code = "model_unavailable"
    http_status = 503
    exit_code = 6
    default_hint = "Install the extra that ships the model (see the function's card) or rebuild it with `make models`."


class ModelNotCleared(NonlaError):
    """451: the function works, but the licence of its model is unverified and nobody has accepted that yet."""

    code = "model_licence_unverified"
    http_status = 451
    exit_code = 6
    default_hint = (
        "Read the function's card (limitations). After your own legal review an operator may allow it with "
        "NONLA_ACCEPT_UNVERIFIED_MODELS=<function name> in the server's environment."
    )


class StoreIncompatible(NonlaError):
    code = "store_incompatible"
    http_status = 503
    exit_code = 6
    default_hint = (
        "Upgrade nonla to the version that wrote this store, or point NONLA_HOME / NONLA_DATABASE_URL elsewhere."
    )


class StoreUnavailable(NonlaError):
    """The store cannot be opened or answered too late: a file that is not a database, a URL that names no usable
    database or a server that is down, a folder that cannot hold it, another writer holding it past the wait."""

    code = "store_unavailable"
    http_status = 503
    exit_code = 6
    default_hint = (
        "Check NONLA_DATABASE_URL (or the file under NONLA_HOME) and that the database server is up, then try again."
    )


class FunctionFailed(NonlaError):
    code = "function_failed"
    http_status = 500
    exit_code = 1


def error_class(code: str) -> type[NonlaError]:
    """The class whose errors carry ``code``, wherever it is defined; NonlaError for a code nothing here defines.

    >>> [error_class(code).__name__ for code in ("empty_text", "unknown_agency", "no_such_code")]
    ['EmptyText', 'UnknownAgency', 'NonlaError']
    """
    if code not in _BY_CODE:
        _import_defining_modules()
    return _BY_CODE.get(code, NonlaError)


@cache
def _import_defining_modules() -> None:
    for module in DEFINED_ELSEWHERE:
        try:
            importlib.import_module(module)
        except ImportError:  # an area whose optional dependencies are not installed raises none of its errors here
            continue


def _rebuild(cls: type[NonlaError], message: str, hint: str, details: dict[str, Any]) -> NonlaError:
    err = cls.__new__(cls)
    NonlaError.__init__(err, message, hint, **details)
    return err
