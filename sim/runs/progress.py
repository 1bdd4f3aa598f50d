"""Long work seen and stoppable.

A progress bar of runs (done, failed, time left), and SIGTERM
turned into the same interruption as Ctrl-C so that finished runs are kept either way.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType, TracebackType
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from sim.words import Book

_words = Book("runs")


class Interrupted(KeyboardInterrupt):
    """Raised in the main thread on SIGTERM so a kill is handled like Ctrl-C."""


class SigtermToInterrupt:
    """While active (main thread only), SIGTERM raises ``Interrupted`` like Ctrl-C."""

    def __init__(self) -> None:
        self.prev: Any = None

    def __enter__(self) -> SigtermToInterrupt:
        if threading.current_thread() is threading.main_thread():

            def handler(signum: int, frame: FrameType | None) -> None:
                raise Interrupted()

            self.prev = signal.signal(signal.SIGTERM, handler)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.prev is not None:
            signal.signal(signal.SIGTERM, self.prev)


def runs_progress(enabled: bool, console: Console | None = None, lang: str = "en") -> Progress:
    """A bar of runs: done of total, failed, elapsed, time left (a task needs the field ``failed``), in ``lang``."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(_words("bar_runs", lang)),
        TimeElapsedColumn(),
        TextColumn(_words("bar_left", lang)),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled,
        transient=False,
    )


def months_progress(console: Console, lang: str = "en") -> Progress:
    """A transient bar of the months of one run (``cadre-sim run`` on a terminal), in ``lang``."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn(_words("bar_month", lang)),
        TimeRemainingColumn(),
    )
    return Progress(*columns, console=console, transient=True)
