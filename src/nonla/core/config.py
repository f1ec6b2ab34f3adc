"""The one configuration object. Every setting comes from an environment variable NONLA_*.

>>> cfg = Settings.from_env({"NONLA_HOME": "/tmp/nonla-doc"})
>>> cfg.database_url
'sqlite:////tmp/nonla-doc/nonla.db'
>>> Settings.from_env({"NONLA_HOME": "/tmp/nonla-doc", "NONLA_MAX_BATCH_ITEMS": "abc"})
Traceback (most recent call last):
...
nonla.core.errors.InvalidInput: NONLA_MAX_BATCH_ITEMS must be a whole number of at least 1, not 'abc'.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MAX_TEXT_CHARS = 200_000
MAX_BATCH_ITEMS = 1_000


def _repo_models_dir() -> Path:
    # src/nonla/core/config.py -> repository root /models (editable installs and the source tree)
    return Path(__file__).resolve().parents[3] / "models"


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    models_dir: Path
    max_batch_items: int = MAX_BATCH_ITEMS
    # Functions whose model's licence could not be verified run only once an operator names them here, after their
    # own legal review (NONLA_ACCEPT_UNVERIFIED_MODELS=speech.asr); see the function's card.
    accepted_unverified: frozenset[str] = frozenset()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        home = Path(env.get("NONLA_HOME") or Path.home() / ".nonla").expanduser()
        url = env.get("NONLA_DATABASE_URL") or f"sqlite:///{home / 'nonla.db'}"
        models = Path(env.get("NONLA_MODELS_DIR") or _repo_models_dir()).expanduser()
        batch = _whole_number(env, "NONLA_MAX_BATCH_ITEMS", MAX_BATCH_ITEMS)
        accepted = frozenset(n.strip() for n in env.get("NONLA_ACCEPT_UNVERIFIED_MODELS", "").split(",") if n.strip())
        return cls(home=home, database_url=url, models_dir=models, max_batch_items=batch, accepted_unverified=accepted)


def _whole_number(env: Mapping[str, str], name: str, default: int) -> int:
    """The variable as an integer of at least 1 (``default`` when unset or empty), or InvalidInput naming it."""
    raw = env.get(name) or ""
    try:
        value = int(raw) if raw.strip() else default
    except ValueError:
        value = 0
    if value < 1:
        from nonla.core.errors import InvalidInput

        raise InvalidInput(f"{name} must be a whole number of at least 1, not {raw!r}.",
                           hint=f"Set {name} to a number such as {default}, or unset it for {default}.")  # fmt: skip
    return value


def settings() -> Settings:
    """Read the settings now (cheap); tests change NONLA_* between calls, so nothing is cached here."""
    return Settings.from_env()
