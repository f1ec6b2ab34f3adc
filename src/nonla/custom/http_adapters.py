"""Models served elsewhere, called over HTTP with a timeout and retries: OpenAI-compatible chat completions and the
KServe v2 (Open Inference) protocol. Only the standard library is used; nothing is called at import.

A remote model that does not answer becomes ``adapter_unavailable`` (503) after the retries, never a crash.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

from nonla.custom.errors import AdapterUnavailable

Row = dict[str, Any]
RETRYABLE = {408, 425, 429, 500, 502, 503, 504}


def post_json(url: str, body: dict[str, Any], *, timeout: float = 10.0, retries: int = 2,
              headers: dict[str, str] | None = None) -> Any:  # fmt: skip
    """POST JSON, retrying on timeouts, refused connections and 408/429/5xx with a growing pause."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    problem = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(min(2.0, 0.1 * 2**attempt))
        request = urllib.request.Request(url, data=data, method="POST",
                                         headers={"Content-Type": "application/json", **(headers or {})})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the owner's URL)
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            problem = f"HTTP {exc.code}"
            if exc.code not in RETRYABLE:
                break
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            problem = type(getattr(exc, "reason", exc)).__name__
        except json.JSONDecodeError:
            problem = "an answer that is not JSON"
            break
    raise AdapterUnavailable(f"The remote model at {url} did not answer ({problem}) after {retries + 1} tries.",
                             url=url)  # fmt: skip


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
            out.append({"text": str(answer["choices"][0]["message"]["content"])})
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
    except (KeyError, IndexError, TypeError, ValueError):
        raise AdapterUnavailable(f"The remote model at {url} answered in an unexpected shape.") from None
    width = max(1, len(values) // max(1, len(rows)))
    return tensor_outputs(config["task"], config.get("labels"), [values[i * width : (i + 1) * width]
                                                                 for i in range(len(rows))])  # fmt: skip


def _auth(config: dict[str, Any]) -> dict[str, str]:
    # The key is read from the environment at call time, so it is never written into the model store.
    import os

    variable = config.get("api_key_env")
    key = os.environ.get(variable, "") if variable else ""
    return {"Authorization": f"Bearer {key}"} if key else {}


def predict(kind: str, config: dict[str, Any], rows: list[Row]) -> list[Row]:
    return _openai(config, rows) if kind == "http-openai" else _kserve(config, rows)
