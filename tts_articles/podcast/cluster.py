"""Plans -> Narrations on a Dask cluster: the client sends each story's script, a worker sends back its files.

Workers share no file system with the client. The client reads the stories and lays
out their scripts (site chrome needs all of them at once); a worker synthesises one
story in its scratch folder and returns the tagged MP3 and its sidecars' contents;
the client writes them with the same atomic renames as a local render.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import tempfile
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tts_articles import __version__
from tts_articles.audio.cache import file_digest
from tts_articles.audio.voices import VoiceInfo
from tts_articles.config import Settings
from tts_articles.errors import ClusterError, VoiceError
from tts_articles.files import atomic_path
from tts_articles.pipeline import Narration, OutputPaths, Plan, choose_voice, render
from tts_articles.podcast.workers import JobT, ResultT, sigterm_as_interrupt
from tts_articles.types import Article, Script, Segment, Timeline

if TYPE_CHECKING:
    from distributed import Client, Future

logger = logging.getLogger(__name__)

LOCAL = "local"
"""The scheduler address that starts a cluster of worker processes on this machine."""
CONNECT_TIMEOUT_S = 10.0
"""How long to try to reach a scheduler before saying it cannot be reached."""
WORKER_WAIT_S = 60.0
"""How long a scheduler may have no worker before the batch gives up on it."""
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}
"""Dask watches its processes many times a second (a stack sample every 10 ms, an event-loop
tick every 20 ms): about 15% more CPU than the local pool for a batch on 2 cores. A story
takes seconds, so once a second or two is plenty."""
STORIES_PER_WORKER_THREAD = 2
"""One story synthesised on a worker while the next is planned and sent, and the last written, here."""


@dataclass(frozen=True)
class StoryJob:
    """One story's narration as plain data: everything a worker needs, no paths of the client's."""

    article: Article
    script: Script
    segments: tuple[Segment, ...]
    settings: Settings
    """The client's settings; the voice is looked up on the worker by the name they give."""
    voice_digests: tuple[str, str]
    """Content hashes of the client's voice model and config: the worker's must match."""
    version: str
    artists: tuple[str, ...] = ()
    """Who the MP3 names as its artist, as the client's plan decided."""
    cover: bytes | None = None
    transition: bytes | None = None


@dataclass(frozen=True)
class EpisodeFiles:
    """A finished episode as a worker sends it back."""

    mp3: bytes
    transcript: str
    chapters: str | None
    timeline: Timeline


def story_job(plan: Plan) -> StoryJob:
    """Pack `plan` for a worker, with the contents of the files its settings name."""
    settings = plan.settings
    return StoryJob(
        plan.article, plan.script, plan.segments, settings,
        (file_digest(plan.voice.model_path), file_digest(plan.voice.config_path)), __version__, plan.artists,
        cover=Path(settings.cover).read_bytes() if settings.cover else None,
        transition=Path(settings.transition).read_bytes() if settings.transition else None,
    )


def narrate_job(job: StoryJob) -> EpisodeFiles:
    """Render `job` in this worker's scratch folder and return the finished files.

    The voice stays loaded in the worker process between stories (synthesise keeps one
    per process), and the worker's own sentence cache is used.

    Raises:
        ClusterError: this worker runs another tts-articles version or has other voice files.
    """
    with tempfile.TemporaryDirectory(prefix="story-", dir=_scratch_folder()) as folder:
        scratch = Path(folder)
        settings = replace(
            job.settings,
            jobs=1,  # a worker process is one synthesis thread; a cluster grows by its workers
            cover=_unpack(scratch, job.settings.cover, job.cover),
            transition=_unpack(scratch, job.settings.transition, job.transition),
        )
        outputs = OutputPaths.beside(scratch / "episode.mp3")
        plan = Plan(job.article, job.script, job.segments, _worker_voice(job), outputs, settings, job.artists)
        timeline = render(plan).timeline
        chapters = outputs.chapters.read_text(encoding="utf-8") if timeline.chapters else None
        return EpisodeFiles(outputs.mp3.read_bytes(), outputs.transcript.read_text(encoding="utf-8"), chapters, timeline)


def publish(files: EpisodeFiles, plan: Plan) -> Narration:
    """Write a worker's episode to the plan's outputs: every file appears complete or not at all."""
    outputs = plan.outputs
    with contextlib.ExitStack() as renames:
        renames.enter_context(atomic_path(outputs.mp3, ".mp3")).write_bytes(files.mp3)
        renames.enter_context(atomic_path(outputs.transcript)).write_text(files.transcript, encoding="utf-8")
        if files.chapters is not None:
            renames.enter_context(atomic_path(outputs.chapters)).write_text(files.chapters, encoding="utf-8")
    return Narration(outputs, files.timeline, plan.voice)


@contextlib.contextmanager
def open_cluster(scheduler: str, workers: int) -> Iterator[ClusterExecutor]:
    """Connect to the Dask scheduler at `scheduler`, or start a local cluster for LOCAL.

    A local cluster has `workers` single-threaded worker processes, as the local pool.
    The cluster is left (a local one stopped) when the block ends.

    Raises:
        ClusterError: the scheduler cannot be reached, or has no worker in WORKER_WAIT_S.
    """
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise ClusterError("running on a Dask cluster needs Dask: pip install 'tts-articles[dask]'") from err
    # Importing distributed gives its loggers their own handler at INFO, which would print
    # every connection and worker start; they follow this program's level instead.
    logging.getLogger("distributed").setLevel(max(logging.WARNING, logger.getEffectiveLevel()))

    if scheduler == LOCAL:
        with dask.config.set(LOCAL_CLUSTER_CONFIG), LocalCluster(
                n_workers=workers, threads_per_worker=1, dashboard_address=":0", preload=[__name__],
                silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield ClusterExecutor(client)
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
    except (ValueError, TypeError) as err:
        raise ClusterError(f"{scheduler!r} is not a Dask scheduler address; give tcp://HOST:PORT or {LOCAL!r}") from err
    except OSError as err:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} within {CONNECT_TIMEOUT_S:.0f} s; "
                           "start it with 'dask scheduler' or check the address") from err
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT_S)
        except TimeoutError as err:
            raise ClusterError(f"the Dask scheduler at {scheduler} has had no worker for {WORKER_WAIT_S:.0f} s; "
                               f"start some with 'dask worker {scheduler}'") from err
        yield ClusterExecutor(client)


class ClusterExecutor:
    """Runs batch jobs in this process's threads while their synthesis runs on the cluster.

    A job (batch's convert) plans its story here, sends the plan to a worker with
    `render`, and publishes what comes back, so the files are written exactly as a
    local render writes them. It is an Executor for batch (see workers.py).
    """

    def __init__(self, client: Client) -> None:
        self.client = client
        self._in_flight: set[Future[EpisodeFiles]] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    def describe(self) -> str:
        """One line for the user: the scheduler, its workers and the dashboard's address."""
        info = self.client.scheduler_info()
        line = f"Dask scheduler {info['address']}: {len(info['workers'])} workers"
        return line + (f"; dashboard {self.client.dashboard_link}" if "dashboard" in info["services"] else "")

    def render(self, plan: Plan) -> Narration:
        """Render `plan` on a worker and write the episode here; a drop-in for pipeline.render.

        A story whose worker dies is run again on another worker, up to the scheduler's
        `allowed-failures` times (Dask's default is 3), then fails with a ClusterError.
        """
        from distributed import KilledWorker

        # pure=False: two stories with the same text are still two pieces of work.
        future: Future[EpisodeFiles] = self.client.submit(narrate_job, story_job(plan), pure=False)
        with self._lock:
            if self._stopped.is_set():
                future.cancel()
                raise ClusterError("the batch was interrupted")
            self._in_flight.add(future)
        try:
            files = future.result()
        except KilledWorker as err:
            raise ClusterError(f"workers died while narrating it ({err.allowed_failures + 1} tries); "
                               "check the workers' memory and logs") from err
        finally:
            with self._lock:
                self._in_flight.discard(future)
        return publish(files, plan)

    def results(self, work: Callable[[JobT], ResultT], jobs: Sequence[JobT]) -> Generator[ResultT, None, None]:
        """Yield `work(job)` for every job as it finishes; on Ctrl-C or SIGTERM cancel the cluster's work."""
        pool = ThreadPoolExecutor(self._threads(), thread_name_prefix="story")
        with sigterm_as_interrupt(), pool:
            futures = [pool.submit(work, job) for job in jobs]
            try:
                for future in as_completed(futures):
                    yield future.result()
            except BaseException:  # also GeneratorExit: the caller stopped reading
                self._stop()
                pool.shutdown(wait=True, cancel_futures=True)
                raise

    def _threads(self) -> int:
        """Stories in progress at once: enough to keep every worker thread busy while others are planned."""
        worker_threads = sum(int(worker["nthreads"]) for worker in self.client.scheduler_info()["workers"].values())
        return max(1, STORIES_PER_WORKER_THREAD * worker_threads)

    def _stop(self) -> None:
        with self._lock:
            self._stopped.set()
            self.client.cancel(list(self._in_flight))


def dask_setup(worker: object) -> None:
    """Dask's preload hook, run in each worker process of a local cluster as it starts.

    Those workers share this terminal, so Ctrl-C reaches them too; they leave it to the
    client, which cancels their work and stops them, instead of each dying with a traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_voice(job: StoryJob) -> VoiceInfo:
    """The job's voice as found on this worker, checked to be the client's own."""
    where = f"worker {_worker_address()}"
    if job.version != __version__:
        raise ClusterError(f"{where} runs tts-articles {__version__} but the client {job.version}; "
                           "install the same version everywhere")
    try:
        voice = choose_voice(job.settings)
    except VoiceError as err:
        raise VoiceError(f"{where}: {err}") from err
    if (file_digest(voice.model_path), file_digest(voice.config_path)) != job.voice_digests:
        raise ClusterError(f"{where} has different files for voice {voice.name} than the client; "
                           "copy the client's voice files to every worker")
    return voice


def _unpack(scratch: Path, name: str | None, contents: bytes | None) -> str | None:
    """Write a file the client sent into the scratch folder under its own name (which gives its type)."""
    if name is None or contents is None:
        return name
    path = scratch / Path(name).name
    path.write_bytes(contents)
    return str(path)


def _scratch_folder() -> str | None:
    """The Dask worker's own folder (removed when the worker stops), else the system's."""
    from distributed import get_worker

    with contextlib.suppress(ValueError):
        return str(get_worker().local_directory)
    return None


def _worker_address() -> str:
    from distributed import get_worker

    with contextlib.suppress(ValueError):
        return str(get_worker().address)
    return "(not a Dask worker)"

