"""How long training work reports progress and learns it was cancelled, whatever surface started it.

>>> steps = []
>>> tracker = Tracker(lambda fraction, message: steps.append((fraction, message)))
>>> tracker.step(0.5, "half")
>>> steps
[(0.5, 'half')]
"""

from __future__ import annotations

from collections.abc import Callable

from nonla.custom.errors import TrainingCancelled

Report = Callable[[float, str], None]
Cancelled = Callable[[], bool]


class Tracker:
    def __init__(self, report: Report | None = None, cancelled: Cancelled | None = None) -> None:
        self._report = report
        self._cancelled = cancelled

    def report(self, fraction: float, message: str) -> None:
        """Report progress only."""
        if self._report is not None:
            self._report(min(1.0, max(0.0, fraction)), message)

    def step(self, fraction: float, message: str) -> None:
        """Report, then stop here (TrainingCancelled) if someone asked to cancel."""
        self.report(fraction, message)
        if self._cancelled is not None and self._cancelled():
            raise TrainingCancelled("Training was cancelled; no version was registered.")
