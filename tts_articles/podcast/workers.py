"""Story jobs -> their results as they finish, in this process or in worker processes.

Ctrl-C and SIGTERM stop the workers cleanly, and workers die with the batch however it
dies. An executor is anything with `results(work, jobs)`; batch does not know where the
work runs, so another executor (one that sends jobs to other machines, say) can take the
place of these.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Any, Protocol, TypeVar, runtime_checkable

from tts_articles.errors import TtsArticlesError
from tts_articles.podcast.crew import Crew, interrupt_workers, overtime_reason, signals_held

JobT = TypeVar("JobT")
ResultT = TypeVar("ResultT")
_JobT_contra = TypeVar("_JobT_contra", contravariant=True)
_ResultT_co = TypeVar("_ResultT_co", covariant=True)

__all__ = ["Executor", "InProcess", "JobFailed", "ProcessPool", "Supervised", "executor_for", "signals_held",
           "sigterm_as_interrupt"]


class Executor(Protocol):
    """Runs jobs and hands back their results."""

    def results(self, work: Callable[[JobT], ResultT], jobs: Sequence[JobT]) -> Generator[ResultT, None, None]:
        """Yield `work(job)` for every job, each as soon as it finishes, in any order.

        `work` and the jobs must be picklable. On KeyboardInterrupt (Ctrl-C or SIGTERM) the
        jobs not yet started are cancelled, those in progress are abandoned (their temporary
        files removed), and KeyboardInterrupt is raised once every worker has stopped. A
        caller that stops reading early closes the generator, which cancels the same way.
        When `work` is `Supervised`, a job over its time limit, or whose worker dies, yields
        `work.failed(job, reason)` and the others go on.
        """
        ...


@runtime_checkable
class Supervised(Protocol[_JobT_contra, _ResultT_co]):
    """Work that says how long each job may take, and what a job that did not finish gives."""

    def __call__(self, job: _JobT_contra) -> _ResultT_co: ...

    def time_limit_s(self, job: _JobT_contra) -> float:
        """Seconds the job may run before it is stopped."""
        ...

    def failed(self, job: _JobT_contra, reason: str) -> _ResultT_co:
        """The result of a job that was stopped or lost, e.g. "took longer than 600 s"."""
        ...


class JobFailed(TtsArticlesError):
    """A job of work that is not `Supervised` raised or lost its worker."""


class InProcess:
    """Runs the jobs one after another in this process."""

    def results(self, work: Callable[[JobT], ResultT], jobs: Sequence[JobT]) -> Generator[ResultT, None, None]:
        with sigterm_as_interrupt() as interrupted:
            for job in jobs:
                result = _within_time_limit(work, job)
                if interrupted.is_set():  # the job swallowed it: a C extension interrupted while it loads raises ImportError
                    raise KeyboardInterrupt
                yield result


class ProcessPool:
    """Runs the jobs in worker processes, each taking job after job."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def results(self, work: Callable[[JobT], ResultT], jobs: Sequence[JobT]) -> Generator[ResultT, None, None]:
        supervised: Supervised[Any, Any] | None = work if isinstance(work, Supervised) else None
        with sigterm_as_interrupt(), Crew(work, min(self.workers, len(jobs))) as crew:
            for job, outcome in crew.run(jobs, supervised.time_limit_s if supervised else None):
                if outcome.done:
                    yield outcome.value
                elif supervised:
                    yield supervised.failed(job, outcome.reason)
                else:
                    raise JobFailed(outcome.reason)


def executor_for(workers: int, jobs: int) -> Executor:
    """A pool of `workers` processes, or this process alone when there is one worker or one job."""
    return InProcess() if workers <= 1 or jobs <= 1 else ProcessPool(workers)


class _Overtime(BaseException):
    """Raised in a job that ran past its time limit; a BaseException, so the job cannot swallow it."""


def _within_time_limit(work: Callable[[JobT], ResultT], job: JobT) -> ResultT:
    """Run `work(job)` here; a Supervised job past its limit is stopped by SIGALRM and failed."""
    supervised: Supervised[Any, Any] | None = work if isinstance(work, Supervised) else None
    if supervised is None or threading.current_thread() is not threading.main_thread():
        return work(job)
    limit_s = supervised.time_limit_s(job)

    def on_alarm(signum: int, frame: object) -> None:
        raise _Overtime

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, limit_s)
        try:
            return work(job)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Overtime:
        failed: ResultT = supervised.failed(job, overtime_reason(limit_s))
        return failed
    finally:
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[threading.Event]:
    """Treat SIGTERM like Ctrl-C: pass either on to the workers, then stop the main process.

    Yields an event that is set once either arrived, even if the code it interrupted
    turned the KeyboardInterrupt into another error. Signal handlers belong to the main
    thread; elsewhere the event is never set.
    """
    interrupted = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield interrupted
        return

    def on_signal(signum: int, frame: object) -> None:
        interrupted.set()
        interrupt_workers()
        raise KeyboardInterrupt

    previous = {number: signal.signal(number, on_signal) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield interrupted
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
