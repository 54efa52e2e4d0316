"""Story jobs -> their results as they finish, in this process or in worker processes.

Ctrl-C and SIGTERM stop the workers cleanly. An executor is anything with `results(work, jobs)`; batch does not know where the work runs,
so another executor (one that sends jobs to other machines, say) can take the place of these.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Protocol, TypeVar

JobT = TypeVar("JobT")
ResultT = TypeVar("ResultT")


class Executor(Protocol):
    """Runs jobs and hands back their results."""

    def results(self, work: Callable[[JobT], ResultT], jobs: Sequence[JobT]) -> Generator[ResultT, None, None]:
        """Yield `work(job)` for every job, each as soon as it finishes, in any order.

        `work` and the jobs must be picklable. On KeyboardInterrupt (Ctrl-C or SIGTERM) the
        jobs not yet started are cancelled, those in progress are abandoned (their temporary
        files removed), and KeyboardInterrupt is raised once every worker has stopped. A
        caller that stops reading early closes the generator, which cancels the same way.
        """
        ...


class InProcess:
    """Runs the jobs one after another in this process."""

    def results(self, work: Callable[[JobT], ResultT], jobs: Sequence[JobT]) -> Generator[ResultT, None, None]:
        with sigterm_as_interrupt():
            for job in jobs:
                yield work(job)


class ProcessPool:
    """Runs the jobs in worker processes, each taking job after job."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def results(self, work: Callable[[JobT], ResultT], jobs: Sequence[JobT]) -> Generator[ResultT, None, None]:
        # "spawn": a forked child can inherit a lock held by one of onnxruntime's threads and
        # hang for ever once the parent has synthesised anything (seen in the test suite).
        pool = ProcessPoolExecutor(min(self.workers, len(jobs)), multiprocessing.get_context("spawn"), _start_worker)
        with sigterm_as_interrupt(), pool:
            try:
                with _signals_held():
                    futures = [pool.submit(_run_in_worker, work, job) for job in jobs]
                for future in as_completed(futures):
                    yield future.result()
            except BaseException:  # also GeneratorExit: the caller stopped reading
                pool.shutdown(wait=True, cancel_futures=True)
                raise


def executor_for(workers: int, jobs: int) -> Executor:
    """A pool of `workers` processes, or this process alone when there is one worker or one job."""
    return InProcess() if workers <= 1 or jobs <= 1 else ProcessPool(workers)


_interrupted = False
"""In a worker process: Ctrl-C or SIGTERM reached it; the jobs it is still given are abandoned."""
_busy = False
"""In a worker process: a job is running, so an interrupt must stop it."""


def _start_worker() -> None:
    signal.signal(signal.SIGINT, _on_worker_interrupt)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD_SIGNALS)


def _run_in_worker(work: Callable[[JobT], ResultT], job: JobT) -> ResultT:
    """Run one job; once the worker has been interrupted, abandon the jobs it is still given."""
    global _busy
    if _interrupted:
        raise KeyboardInterrupt
    _busy = True
    try:
        return work(job)
    finally:
        _busy = False


def _on_worker_interrupt(signum: int, frame: object) -> None:
    """Abandon the job in progress (its temporary files are removed) and take no more.

    An idle worker must not raise: dying while it waits for work breaks the pool, and
    the pool then kills the other workers before they can clean up.
    """
    global _interrupted
    _interrupted = True
    if _busy:
        raise KeyboardInterrupt


_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while worker processes start; they arrive once all have started.

    A worker inherits the held signals and takes them only once _start_worker has installed
    its handler: a worker interrupted while it still imports would die, and the broken pool
    would then kill the other workers at once, leaving their half-written files behind. The
    main process, interrupted while it starts a worker, would leave that worker unable to start.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C: pass it on to the workers, then stop the main process."""

    def on_sigterm(signum: int, frame: object) -> None:
        for worker in multiprocessing.active_children():
            if worker.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker.pid, signal.SIGINT)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
