"""nonla — offline-first, Vietnamese-first AI functions behind one contract.

>>> import nonla
>>> nonla.run("vi.words", text="Tòa án nhân dân tối cao").words
['Tòa án', 'nhân dân', 'tối cao']

Importing nonla loads no model and no heavy library; everything below imports on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["run", "run_batch", "catalog", "Client", "NonlaError", "__version__"]

if TYPE_CHECKING:
    from pydantic import BaseModel

    from nonla.client import Client
    from nonla.core.catalog import CatalogEntry
    from nonla.core.errors import NonlaError


def run(name: str, /, **fields: Any) -> BaseModel:
    """Run one function on one input; returns its Output model or raises NonlaError."""
    from nonla.local import run_one

    return run_one(name, fields)


def run_batch(name: str, items: list[dict[str, Any]]) -> list[BaseModel | NonlaError]:
    """Run one function on many inputs; each result is an Output model or the NonlaError for that item."""
    from nonla.local import run_many

    return run_many(name, items)


def catalog() -> list[CatalogEntry]:
    """Every function (all versions), each with .name, .version and .card (card.metrics holds measured figures)."""
    from nonla.sources import catalog as surface_catalog

    return surface_catalog().entries()


def __getattr__(attr: str) -> Any:
    if attr == "Client":
        from nonla.client import Client

        return Client
    if attr == "NonlaError":
        from nonla.core.errors import NonlaError

        return NonlaError
    raise AttributeError(f"module 'nonla' has no attribute {attr!r}")
