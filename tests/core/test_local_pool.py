"""A warm LocalPool gives the same results as a plain call, across several runs, and audits every chunk."""

from __future__ import annotations

from nonla.core.runner import Runner
from nonla.jobs.local import LocalPool

TEXTS = ["Tòa án nhân dân tối cao", "Hà Nội mùa thu", "", "xin chào các bạn"] * 5


def test_warm_pool_matches_a_plain_call_across_runs() -> None:
    items = [{"text": t} for t in TEXTS]
    expected = Runner().call("vi.words@1", items).results
    with LocalPool(2, warm=["vi.words@1"]) as pool:
        for _ in range(2):  # the same workers serve a second run
            got = [r for part in pool.map("vi.words@1", items, chunk=3) for r in part]
            assert [type(r).__name__ for r in got] == [type(r).__name__ for r in expected]
            assert [getattr(r, "words", None) for r in got] == [getattr(r, "words", None) for r in expected]


def test_map_outside_the_context_is_an_error() -> None:
    pool = LocalPool(1)
    try:
        next(pool.map("vi.words@1", [{"text": "a"}]))
    except RuntimeError as exc:
        assert "LocalPool" in str(exc)
    else:
        raise AssertionError("map worked without a started pool")
