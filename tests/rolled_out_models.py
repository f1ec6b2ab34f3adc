"""Two versions of one custom HTTP model at the stub model server, version 1 in production and version 2 beside
it in a rollout: the set-up the shadow and canary tests share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from kserve_stub import SCHEMA, kserve

from nonla import custom
from nonla.custom import add_http_model


@contextmanager
def two_versions(name: str, rollout: str | None, *, second: str = "/good", timeout: float = 5,
                 retries: int = 0) -> Iterator[str]:  # fmt: skip
    """custom.NAME: version 1 at the stub's /good in production; version 2 at its ``second`` route (with its own
    ``timeout`` and ``retries``) in ``rollout``: "shadow", "canary" (half the calls) or None (registered only).
    Yields the stub's base URL."""
    with kserve() as base:
        add_http_model("kserve", base + "/good", SCHEMA, name=name, model="m", timeout=5, retries=0)
        add_http_model("kserve", base + second, SCHEMA, name=name, model="m", timeout=timeout, retries=retries)
        custom.promote(name, 1)
        if rollout == "shadow":
            custom.shadow(name, 2)
        elif rollout == "canary":
            custom.canary(name, 2, 50)
        yield base
