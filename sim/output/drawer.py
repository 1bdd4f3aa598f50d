"""A run's plots drawn by a child process while this one runs the model and writes the tables.

Drawing is the one part of writing a run that needs matplotlib: loading it takes about a second
and the plots about as long again, while the workbook and the CSV files keep the parent busy for
longer. :class:`Drawer` forks at once (before the model is loaded, if the command can), so on two
cores the child loads matplotlib while the parent loads Mesa and runs the model, and draws while
the parent writes the tables; :meth:`Drawer.draw` hands it the monthly series (through a pipe),
:meth:`Drawer.paths` waits for the PNG files. Nothing else is shared: the child writes only the
files of ``plot_run`` into the folder it is given and says which.

The child dies with the parent (``sim.lifetime``), ends as soon as the parent no longer needs it
(:meth:`Drawer.stop`, also on any error: nothing keeps writing into a folder being removed), and
an error in it ends :meth:`Drawer.paths` with a :class:`DrawingError` naming it. Where a process
cannot fork (Windows) or runs other Python threads (forking those is unsafe), and for callers of
``write_run`` that pass no drawer, the plots are drawn in this process, as before. Given the
language, the child draws a small plot to memory while it waits (``plots.warm_up``: fonts, date
ticks, the PNG writer), so that the run's plots start warm.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import warnings
from pathlib import Path
from types import TracebackType
from typing import Any

from sim.lifetime import die_with_parent
from sim.words import Book

_words = Book("run")  # the drawing process's errors (e_...)


class DrawingError(RuntimeError):
    """The child process could not draw the plots (the message says why)."""


class Drawer:
    """The plots of one run, drawn by a forked child (or in this process where forking is unsafe).

    Use it as a context manager, so that the child ends with the block whatever happens.
    """

    def __init__(self, fork: bool = True, lang: str | None = None) -> None:
        """A drawer, forked now if it can be; ``lang``: the plots' language, if known now."""
        self._lang = lang
        self._pid: int | None = None
        self._job: dict[str, Any] | None = None
        self._sender: threading.Thread | None = None
        self._job_w: int | None = None  # this process's ends of the two pipes
        self._answer_r: int | None = None
        if fork and hasattr(os, "fork") and threading.active_count() == 1:
            self._fork()

    @property
    def forked(self) -> bool:
        """A child process draws (False: this process will)."""
        return self._pid is not None

    def _fork(self) -> None:
        job_r, job_w = os.pipe()
        answer_r, answer_w = os.pipe()
        parent = os.getpid()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # nothing buffered before the fork is written twice
        with warnings.catch_warnings():
            # Python warns of any thread at a fork; ours are native pools (OpenBLAS, Arrow) that
            # re-make themselves after a fork; the child only imports and draws, then exits
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(job_w)
            os.close(answer_r)
            _child(parent, job_r, answer_w, self._lang)
        os.close(job_r)
        os.close(answer_w)
        self._pid, self._job_w, self._answer_r = pid, job_w, answer_r

    def draw(self, series: Any, folder: Path, title: str | dict[str, str], lang: str, mentoring: bool) -> None:
        """Start drawing ``plot_run``'s plots of ``series`` into ``folder`` (returns at once when forked)."""
        self._job = {"series": series, "folder": folder, "title": title, "lang": lang, "mentoring": mentoring}
        if self._pid is not None and self._job_w is not None:  # a pipe holds 64 kB: a thread feeds it
            data = pickle.dumps(self._job, protocol=pickle.HIGHEST_PROTOCOL)
            fd, self._job_w = self._job_w, None  # the sender closes it
            self._sender = threading.Thread(target=_send, args=(fd, data), daemon=True)
            self._sender.start()

    def paths(self) -> list[Path]:
        """The PNG files drawn (after :meth:`draw`); waits for the child.

        Raises:
            DrawingError: the child failed or died; the message says how.
        """
        if self._job is None:
            raise RuntimeError("Drawer.paths() before draw()")
        if self._pid is None:
            from sim.output.plots import plot_run

            return plot_run(**self._job)
        if self._sender is not None:
            self._sender.join()
        fd, self._answer_r = self._answer_r, None
        assert fd is not None
        with os.fdopen(fd, "rb") as fh:
            data = fh.read()  # until the child has written its answer and ended
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if not data:
            raise DrawingError(_words("e_no_answer", "en", ending=_ending(status)))
        try:
            ok, value = pickle.loads(data)
        except Exception as e:  # noqa: BLE001  (cut short: the child died while answering)
            raise DrawingError(_words("e_broken_answer", "en", ending=_ending(status))) from e
        if not ok:
            raise DrawingError(value)
        return [Path(p) for p in value]

    def stop(self) -> None:
        """End the child now, if it still runs (it may be writing: it is gone when this returns)."""
        if self._pid is not None:
            os.kill(self._pid, signal.SIGKILL)  # a child that ended stays a zombie until reaped: no error
            os.waitpid(self._pid, 0)
            self._pid = None
        if self._sender is not None:
            self._sender.join()  # its pipe is broken now
            self._sender = None
        for fd in (self._job_w, self._answer_r):
            if fd is not None:
                os.close(fd)
        self._job_w = self._answer_r = None

    def __enter__(self) -> Drawer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


def _send(fd: int, data: bytes) -> None:
    """Write ``data`` to the child's pipe and close it (a child that died leaves a broken pipe: its answer says why)."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError:
        pass
    finally:
        try:
            os.close(fd)
        except OSError:
            pass


def _child(parent: int, job_fd: int, answer_fd: int, lang: str | None) -> None:
    """The child's whole life: load matplotlib, wait for the series, draw, answer, exit (no clean-up of the parent's)."""
    code = 1
    answer: tuple[bool, Any]
    try:
        die_with_parent(parent)
        from sim.output.plots import plot_run, warm_up  # the slow import, while the parent works

        if lang is not None:
            warm_up(lang)  # still while the parent works

        with os.fdopen(job_fd, "rb") as fh:
            data = fh.read()
        if not data:  # the parent needed no plots after all
            os._exit(0)
        answer = (True, [str(p) for p in plot_run(**pickle.loads(data))])
        code = 0
    except BaseException as e:  # noqa: BLE001  (every failure is told to the parent)
        answer = (False, _words("e_not_drawn", "en", error=type(e).__name__, message=e))
    try:
        with os.fdopen(answer_fd, "wb") as fh:
            fh.write(pickle.dumps(answer))
    finally:
        os._exit(code)


def _ending(status: int) -> str:
    if os.WIFSIGNALED(status):
        return _words("e_signal", "en", signal=os.WTERMSIG(status))
    return _words("e_exit_status", "en", code=os.waitstatus_to_exitcode(status))
