"""Models served elsewhere, called over HTTP with a timeout and retries: OpenAI-compatible chat completions and the
KServe v2 (Open Inference) protocol. Only the standard library is used; nothing is called at import.

A remote model that does not answer, or answers something that is not what its protocol promises (not HTTP, not
UTF-8 JSON, nested too deeply or with numbers too long to read, the wrong shape, too large, too slow as a whole, a
redirect), becomes ``adapter_unavailable`` (503) after the retries, never a crash. Redirects are not followed: the
model's key would go to another host.
"""

from __future__ import annotations

import http.client
import json
import math
import time
import urllib.error
import urllib.request
from typing import Any

from nonla.custom.errors import AdapterUnavailable

Row = dict[str, Any]
RETRYABLE = {408, 425, 429, 500, 502, 503, 504}


MAX_ANSWER_BYTES = 32 << 20  # a remote answer larger than this is refused, not held in memory whole
READ_CHUNK = 1 << 16


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as the HTTP error it is: following it would send the model's key to another host."""

    def redirect_request(self, *_: Any, **__: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _read_json(response: Any, deadline: float) -> Any:
    """The whole answer within the deadline and the size cap (a server dripping a byte a second is cut off)."""
    chunks, size = [], 0
    while chunk := response.read1(READ_CHUNK):
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise _Refused(f"an answer larger than {MAX_ANSWER_BYTES >> 20} MiB")
        if time.monotonic() > deadline:
            raise TimeoutError("the whole answer took longer than the timeout")
        chunks.append(chunk)
    try:
        return json.loads(b"".join(chunks).decode("utf-8"))
    except RecursionError:  # arrays or objects nested deeper than Python's parser goes
        raise _Refused("an answer nested too deeply to read") from None
    except ValueError:  # not UTF-8, not JSON, or a number too long to read (json's JSONDecodeError is one)
        raise _Refused("an answer that is not UTF-8 JSON, or holds a number too long to read") from None


class _Refused(Exception):
    """An answer that retrying would not mend."""


def post_json(url: str, body: dict[str, Any], *, timeout: float = 10.0, retries: int = 2,
              headers: dict[str, str] | None = None) -> Any:  # fmt: skip
    """POST JSON, retrying on timeouts, refused connections, broken answers and 408/429/5xx with a growing pause.
    ``timeout`` bounds each whole try (connecting, waiting and reading), not each read."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    problem = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(min(2.0, 0.1 * 2**attempt))
        request = urllib.request.Request(url, data=data, method="POST",
                                         headers={"Content-Type": "application/json", **(headers or {})})  # fmt: skip
        deadline = time.monotonic() + timeout
        try:
            with _OPENER.open(request, timeout=timeout) as response:
                return _read_json(response, deadline)
        except urllib.error.HTTPError as exc:
            problem = f"HTTP {exc.code}"
            if exc.code not in RETRYABLE:
                break
        except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException, OSError) as exc:
            problem = type(getattr(exc, "reason", exc)).__name__
        except _Refused as exc:
            problem = str(exc)
            break
    raise AdapterUnavailable(f"The remote model at {url} did not answer ({problem}) after {attempt + 1} tries.",
                             url=url)  # fmt: skip


def check_settings(url: str, timeout: float, retries: int) -> None:
    """What a remote model's registration must hold, so no call fails on it later.

    >>> check_settings("http://[::1", 10, 2)
    Traceback (most recent call last):
    nonla.core.errors.InvalidInput: The URL 'http://[::1' is not a valid http:// or https:// address.
    """
    from urllib.parse import urlsplit

    from nonla.core.errors import InvalidInput

    try:
        parts = urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        valid = False
    if not valid:
        raise InvalidInput(f"The URL '{url[:200]}' is not a valid http:// or https:// address.", field="url")
    if not (isinstance(timeout, int | float) and 0 < timeout <= 600):
        raise InvalidInput("The timeout is a number of seconds above 0 and at most 600.", field="timeout")
    if not (isinstance(retries, int) and 0 <= retries <= 10):
        raise InvalidInput("Retries are a whole number from 0 to 10.", field="retries")


def _openai(config: dict[str, Any], rows: list[Row]) -> list[Row]:
    out = []
    for row in rows:
        messages = [{"role": "user", "content": row["text"]}]
        if config.get("system"):
            messages.insert(0, {"role": "system", "content": config["system"]})
        body = {"model": config.get("model", ""), "messages": messages, "temperature": 0}
        answer = post_json(config["url"].rstrip("/") + "/chat/completions", body, timeout=config.get("timeout", 30.0),
                           retries=config.get("retries", 2), headers=_auth(config))  # fmt: skip
        try:
            content = answer["choices"][0]["message"]["content"]
            if not isinstance(content, str):
                raise TypeError(content)
            out.append({"text": content})
        except (KeyError, IndexError, TypeError):
            raise AdapterUnavailable(f"The remote model at {config['url']} answered in an unexpected shape.") from None
    return out


def _kserve(config: dict[str, Any], rows: list[Row]) -> list[Row]:
    from nonla.custom.predictors import matrix, tensor_outputs

    x = matrix(rows, config["fields"])
    body = {"inputs": [{"name": config.get("input", "input-0"), "shape": list(x.shape), "datatype": "FP32",
                        "data": x.flatten().tolist()}]}  # fmt: skip
    url = f"{config['url'].rstrip('/')}/v2/models/{config['model']}/infer"
    answer = post_json(url, body, timeout=config.get("timeout", 10.0), retries=config.get("retries", 2),
                       headers=_auth(config))  # fmt: skip
    try:
        outputs = answer["outputs"]
        chosen = next((o for o in outputs if o.get("name") == config.get("output")), outputs[0])
        values = [float(v) for v in chosen["data"]]
        labels = config.get("labels")
        width = len(labels) if config["task"] != "regression" and labels else len(values) // max(1, len(rows))
        if width < 1 or len(values) != width * len(rows) or not all(math.isfinite(v) for v in values):
            raise ValueError(len(values))
        if config["task"] != "regression" and not all(0.0 <= v <= 1.0 for v in values):
            raise ValueError("scores are not probabilities")
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, OverflowError, RecursionError):
        raise AdapterUnavailable(f"The remote model at {url} answered in an unexpected shape.") from None
    return tensor_outputs(config["task"], labels, [values[i * width : (i + 1) * width] for i in range(len(rows))])


def _auth(config: dict[str, Any]) -> dict[str, str]:
    # The key is read from the environment at call time, so it is never written into the model store.
    import os

    variable = config.get("api_key_env")
    key = os.environ.get(variable, "") if variable else ""
    return {"Authorization": f"Bearer {key}"} if key else {}


def predict(kind: str, config: dict[str, Any], rows: list[Row]) -> list[Row]:
    """The remote model's outputs, checked against its task. A version registered before add_http_model checked its
    sidecar (an OpenAI model with no 'text' field or a task other than generation, a KServe model with a text field)
    cannot be called: that is adapter_unavailable (503) saying so, never a bare 500."""
    from nonla.custom.predictors import answered

    try:
        rows = _openai(config, rows) if kind == "http-openai" else _kserve(config, rows)
        return answered(config.get("task", "classification"), rows, len(rows))
    except (KeyError, TypeError, ValueError) as exc:
        reason = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
        raise AdapterUnavailable(f"The remote model at {config.get('url')} cannot serve its declared schema "
                                 f"({reason[:200]}).", hint="Register the model again with a schema its protocol "
                                 "carries: OpenAI-compatible chat takes one text field 'text' and answers text; "
                                 "KServe takes numbers and categories and answers scores or a number.") from None  # fmt: skip
