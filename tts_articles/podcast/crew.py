"""Jobs -> outcomes, in worker processes that are stopped at a time limit, replaced, and die with the batch.

Each worker has its own pipe, so the batch knows which job every worker holds: a job
past its time limit is stopped (Ctrl-C first, so that its temporary files are removed,
then SIGKILL), its worker is replaced and the other workers go on. A worker dies with
the batch, kill -9 included: Linux sends it SIGINT when its parent dies, and a thread
in every worker watches the parent's process id where that is not available.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any

logger = logging.getLogger(__name__)

STOP_GRACE_S = 20.0
"""How long stopping workers get to abandon their job and remove its temporary files before they are killed."""
OVERTIME_GRACE_S = 10.0
"""How long a worker past its job's time limit gets to abandon the job before it is killed."""
PARENT_CHECK_S = 1.0
"""How often a worker checks that the batch that started it is still there."""

_PR_SET_PDEATHSIG = 1
"""prctl(2) option: the signal a process gets when its parent dies (linux/prctl.h)."""
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@dataclass(frozen=True)
class Outcome:
    """What came of a job: its result, or why there is none."""

    done: bool
    value: Any = None
    reason: str = ""


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    job: Any = None
    busy: bool = False
    limit_s: float = math.inf
    deadline: float = math.inf
    """When it is next acted on: stopped at its time limit, then killed after OVERTIME_GRACE_S."""
    overtime: bool = False


class Crew:
    """Up to `size` worker processes running `work`, one job each at a time."""

    def __init__(self, work: Callable[[Any], Any], size: int) -> None:
        self._work, self._size = work, size
        # "spawn": a forked child can inherit a lock held by one of onnxruntime's threads and
        # hang for ever once the parent has synthesised anything (seen in the test suite).
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []

    def __enter__(self) -> Crew:
        try:
            self._top_up(self._size)
        except BaseException:  # an interrupt held while they started: stop those that did
            self._stop(abandon=True)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self._stop(abandon=kind is not None)

    def run(self, jobs: Sequence[Any], time_limit_s: Callable[[Any], float] | None) -> Iterator[tuple[Any, Outcome]]:
        """Yield every job with its outcome, as each finishes."""
        waiting = deque(jobs)
        while waiting or any(worker.busy for worker in self._workers):
            for worker in [worker for worker in self._workers if not worker.busy and not worker.process.is_alive()]:
                self._retire(worker)
            self._top_up(sum(worker.busy for worker in self._workers) + len(waiting))
            for worker in self._workers:
                if waiting and not worker.busy:
                    self._assign(worker, waiting.popleft(), time_limit_s)
            yield from self._collect()

    def _top_up(self, wanted: int) -> None:
        """Start workers until there are `wanted` (at most `size`), with Ctrl-C and SIGTERM held meanwhile."""
        # Starting the resource tracker unblocks Ctrl-C and SIGTERM, so a worker started just
        # after it would not start with them held: start the tracker first.
        resource_tracker.ensure_running()
        with signals_held():
            while len(self._workers) < min(wanted, self._size):
                parent_end, child_end = self._context.Pipe()
                process = self._context.Process(target=_serve, args=(child_end, self._work, os.getpid()))
                process.start()
                child_end.close()  # so that the worker's death reads as the end of its pipe
                self._workers.append(_Worker(process, parent_end))

    def _assign(self, worker: _Worker, job: Any, time_limit_s: Callable[[Any], float] | None) -> None:
        worker.job, worker.busy, worker.overtime = job, True, False
        worker.limit_s = time_limit_s(job) if time_limit_s else math.inf
        worker.deadline = time.monotonic() + worker.limit_s
        with contextlib.suppress(OSError):  # a dead worker: its end is collected as a death
            worker.connection.send(job)

    def _collect(self) -> Iterator[tuple[Any, Outcome]]:
        busy = [worker for worker in self._workers if worker.busy]
        soonest = min(worker.deadline for worker in busy)
        timeout = None if soonest == math.inf else max(0.0, soonest - time.monotonic())
        ready = wait([worker.connection for worker in busy] + [worker.process.sentinel for worker in busy], timeout)
        for worker in busy:
            if worker.connection in ready or worker.process.sentinel in ready:
                yield worker.job, self._finish(worker)
            elif time.monotonic() >= worker.deadline:
                self._stop_overtime(worker)

    def _finish(self, worker: _Worker) -> Outcome:
        worker.busy = False
        try:
            done, value = worker.connection.recv()
        except (EOFError, OSError):
            done, value = False, None
        if done:
            outcome = Outcome(True, value)
        elif worker.overtime:
            outcome = Outcome(False, reason=overtime_reason(worker.limit_s))
        else:
            outcome = Outcome(False, reason=value or _death(worker.process))
        if worker.overtime or not (done or value):  # stopped or dead: a fresh worker takes its place
            self._retire(worker)
        return outcome

    def _stop_overtime(self, worker: _Worker) -> None:
        """Ask a worker past its time limit to abandon its job; kill it if it has not after a grace period."""
        if worker.overtime:
            logger.info("killing worker %s: its job did not stop", worker.process.pid)
            worker.process.kill()
            worker.deadline = math.inf
            return
        logger.info("stopping worker %s: its job is past its time limit of %g s", worker.process.pid, worker.limit_s)
        worker.overtime = True
        worker.deadline = time.monotonic() + OVERTIME_GRACE_S
        _interrupt(worker.process)

    def _retire(self, worker: _Worker) -> None:
        worker.connection.close()
        worker.process.join(OVERTIME_GRACE_S)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        self._workers.remove(worker)

    def _stop(self, abandon: bool) -> None:
        """Stop every worker: busy ones abandon their job when `abandon`; any still there after STOP_GRACE_S is killed."""
        with signals_held():
            for worker in self._workers:
                if abandon and worker.busy:
                    _interrupt(worker.process)
                worker.connection.close()  # an idle worker reads the end of its pipe and exits
            deadline = time.monotonic() + STOP_GRACE_S
            for worker in self._workers:
                worker.process.join(max(0.0, deadline - time.monotonic()))
                if worker.process.is_alive():
                    logger.warning("killing worker %s: it did not stop within %g s", worker.process.pid, STOP_GRACE_S)
                    worker.process.kill()
                    worker.process.join()
            self._workers.clear()


def overtime_reason(limit_s: float) -> str:
    """Why a job stopped at its time limit."""
    return f"took longer than its time limit of {limit_s:g} s"


def interrupt_workers() -> None:
    """Send Ctrl-C to every worker process this process started."""
    for child in multiprocessing.active_children():
        _interrupt(child)


def _interrupt(process: BaseProcess) -> None:
    if process.pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGINT)


def _death(process: BaseProcess) -> str:
    process.join(OVERTIME_GRACE_S)
    code = process.exitcode
    if code is not None and code < 0:
        return f"its worker process was killed by {signal.Signals(-code).name}"
    return f"its worker process stopped unexpectedly (exit code {code})"


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM meanwhile; they take effect once it is done.

    Around starting workers: a worker inherits the blocked signals and takes them only once
    it has installed its own handler, since a worker interrupted while it still imports
    would die with a traceback; and the main process, interrupted while it hands a new
    worker its start-up data, would leave that worker unable to start. Blocking is per
    thread and a library's threads (OpenBLAS's, say) can take a signal for the process, so
    in the main thread the handlers also only note a signal, which is raised again after.
    """
    noted: list[int] = []
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        handlers = {number: signal.signal(number, lambda number, frame: noted.append(number)) for number in _HELD_SIGNALS}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        for number, handler in handlers.items():
            signal.signal(number, handler)
        if noted:
            signal.raise_signal(noted[0])


_interrupted = False
"""In a worker process: Ctrl-C or SIGTERM reached it; it takes no more jobs."""
_busy = False
"""In a worker process: a job is running, so an interrupt must stop it."""


def _serve(connection: Connection, work: Callable[[Any], Any], parent_pid: int) -> None:
    """A worker's life: take a job, send back (True, result) or (False, reason), until the pipe ends."""
    _start_worker(parent_pid)
    with contextlib.suppress(KeyboardInterrupt), connection:
        while True:
            try:
                job = connection.recv()
            except (EOFError, OSError):
                return
            if _interrupted:
                return
            connection.send(_run(work, job))


def _run(work: Callable[[Any], Any], job: Any) -> tuple[bool, Any]:
    global _busy
    _busy = True
    try:
        return True, work(job)
    except Exception as err:  # the batch reports it beside the job; the worker goes on
        logger.debug("job failed in worker %s", os.getpid(), exc_info=True)
        return False, f"internal error: {err!r}"
    finally:
        _busy = False


def _start_worker(parent_pid: int) -> None:
    signal.signal(signal.SIGINT, _on_interrupt)
    signal.signal(signal.SIGTERM, _on_interrupt)
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGINT)
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="watch-parent", daemon=True).start()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD_SIGNALS)


def _watch_parent(parent_pid: int) -> None:
    """Interrupt this worker once its parent is gone (also if it went before prctl took effect); exit if that is not enough."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_S)
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(STOP_GRACE_S)
    os._exit(1)


def _on_interrupt(signum: int, frame: object) -> None:
    """Abandon the job in progress (its temporary files are removed) and take no more.

    Only the first interrupt stops the job: a second one could land in the middle of its
    clean-up. An idle worker just notes it, and exits once its pipe ends.
    """
    global _interrupted
    first = not _interrupted
    _interrupted = True
    if _busy and first:
        raise KeyboardInterrupt
