"""DbRunner: the one serial worker that does all database work (DESIGN §3, house rule 4).

Jobs run in submission order on a single thread, so the GUI thread never waits on SQLite and
no two operations ever interleave. Each job is a call on the `Services` object, which lives
on the worker; results come back to the GUI thread by signal.
"""

from __future__ import annotations

import itertools
import logging
import queue
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QThread, Signal

if TYPE_CHECKING:
    from studyapp.services.app import Services

log = logging.getLogger(__name__)

T = TypeVar("T")
OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


@dataclass(frozen=True, slots=True)
class _Job:
    ticket: int
    call: Callable[[], Any]


@dataclass(frozen=True, slots=True)
class Outcome:
    ticket: int
    value: Any = None
    error: BaseException | None = None


class _Worker(QThread):
    job_done = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()

    def run(self) -> None:
        while (job := self.jobs.get()) is not None:
            try:
                outcome = Outcome(job.ticket, value=job.call())
            except BaseException as exc:  # every failure goes back to the GUI thread
                outcome = Outcome(job.ticket, error=exc)
            self.job_done.emit(outcome)


class DbRunner(QObject):
    """`submit(call)` runs `call(services)` on the worker. The services are created by a job
    (`open`) so that SQLAlchemy is imported on the worker, after the window has painted."""

    op_failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services: Services | None = None
        self._tickets = itertools.count(1)
        self._callbacks: dict[int, tuple[OnDone | None, OnError | None]] = {}
        self._worker = _Worker()
        self._worker.job_done.connect(self._on_worker_job_done)
        self._worker.start()

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    @property
    def running(self) -> bool:
        return self._worker.isRunning()

    def open(self, factory: Callable[[], Services], on_done: OnDone, on_error: OnError) -> int:
        def call() -> None:
            self._services = factory()

        return self._run(call, on_done, on_error)

    def submit(
        self,
        call: Callable[[Services], T],
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
    ) -> int:
        def job() -> T:
            if self._services is None:
                raise RuntimeError("a job was submitted before the database was opened")
            return call(self._services)

        return self._run(job, on_done, on_error)

    def _run(
        self, call: Callable[[], Any], on_done: OnDone | None, on_error: OnError | None
    ) -> int:
        ticket = next(self._tickets)
        self._callbacks[ticket] = (on_done, on_error)
        self._worker.jobs.put(_Job(ticket, call))
        return ticket

    def shutdown(self) -> None:
        """Finish queued work, close the database, stop the thread, and forget every
        callback (the window is going away, so results are no longer shown)."""
        if not self._worker.isRunning():
            return
        self._worker.jobs.put(_Job(0, self._close))
        self._worker.jobs.put(None)
        self._worker.wait()
        self._worker.job_done.disconnect(self._on_worker_job_done)
        self._callbacks.clear()

    def _close(self) -> None:
        if self._services is not None:
            self._services.close()
            self._services = None

    def _on_worker_job_done(self, outcome: Outcome) -> None:
        on_done, on_error = self._callbacks.pop(outcome.ticket, (None, None))
        if outcome.error is None:
            if on_done is not None:
                on_done(outcome.value)
            return
        log.error("database operation failed", exc_info=outcome.error)
        if on_error is not None:
            on_error(outcome.error)
        else:
            self.op_failed.emit(outcome.error)
