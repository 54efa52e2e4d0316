"""Batch on a Dask cluster: the same episodes as the local pool, a killed worker survived, a real deployment."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from conftest import decode
from tts_articles import __version__
from tts_articles.audio import synthesise
from tts_articles.audio.cache import file_digest
from tts_articles.audio.voices import resolve_voice, voice_dirs
from tts_articles.cli import main
from tts_articles.config import Settings
from tts_articles.errors import ClusterError, VoiceError
from tts_articles.podcast.batch import BatchOptions, BatchReport, run_batch
from tts_articles.podcast.cluster import ClusterExecutor, StoryJob, narrate_job, open_cluster
from tts_articles.podcast.manifest import find_stories
from tts_articles.types import Article, Script

pytest.importorskip("distributed")

STORIES = {
    "ferry.md": "# Night ferry returns\n\nThe night ferry to the islands sailed again on Tuesday. "
                "Passengers cheered as it left the quay.\n",
    "library.md": "# Library stays open late\n\nThe city library will stay open until ten each evening. "
                  "Students asked for longer hours last spring.\n",
    "orchard.md": "# Orchard harvest is early\n\nApple growers began picking two weeks early this year. "
                  "A warm spring is the reason, they said.\n",
}
LONG_STORY = "# Market hall gets a new roof\n\n" + " ".join(
    f"Builder number {n} carried slates, beams and nails up the scaffolding to the roof of the old market hall."
    for n in range(1, 25)
) + "\n"
"""Long enough for a worker to be killed while it narrates this story."""
DETERMINISTIC = ["--noise-scale", "0", "--noise-w-scale", "0"]
WAIT_S = 120


def _write_inputs(folder: Path, stories: dict[str, str] = STORIES) -> Path:
    inputs = folder / "in"
    inputs.mkdir()
    for name, text in stories.items():
        (inputs / name).write_text(text, encoding="utf-8")
    return inputs


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _job(**changes: object) -> StoryJob:
    """A story job that the client would send, with `changes`."""
    voice = resolve_voice(None, voice_dirs())
    job = StoryJob(Article("Title", ()), Script("Title", ()), (), Settings(),
                   (file_digest(voice.model_path), file_digest(voice.config_path)), __version__)
    return dataclasses.replace(job, **changes)


def test_a_worker_of_another_version_refuses_the_story() -> None:
    with pytest.raises(ClusterError, match=r"runs tts-articles .* but the client 0\.0\.1; install the same version"):
        narrate_job(_job(version="0.0.1"))


def test_a_worker_with_other_voice_files_refuses_the_story() -> None:
    with pytest.raises(ClusterError, match="has different files for voice en_US-joe-medium than the client"):
        narrate_job(_job(voice_digests=("0", "0")))


def test_a_worker_without_the_voice_says_which_worker() -> None:
    with pytest.raises(VoiceError, match="^worker .*: unknown voice 'xx_XX-nobody-low'"):
        narrate_job(_job(settings=Settings(voice="xx_XX-nobody-low")))


def _run_batch(cluster: ClusterExecutor, inputs: Path, out: Path) -> BatchReport:
    """Run batch through the API on `cluster`, with repeatable audio and no sentence cache."""
    out.mkdir()
    settings = Settings(noise_scale=0, noise_w_scale=0, use_cache=False)
    return run_batch(find_stories((str(inputs),)), settings, BatchOptions(out), executor=cluster)


def test_the_config_file_can_name_the_scheduler(tmp_path: Path) -> None:
    config = tmp_path / "tts-articles.toml"
    config.write_text('[batch]\nscheduler = "nonsense"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(_write_inputs(tmp_path)), "-o", str(tmp_path / "out"),
                                       "--config", str(config)])
    assert result.exit_code == 1
    assert result.output.splitlines() == ["Error: 'nonsense' is not a Dask scheduler address; give tcp://HOST:PORT or 'local'"]


@pytest.fixture(scope="module")
def cluster() -> Iterator[ClusterExecutor]:
    """A LocalCluster of 2 single-threaded worker processes."""
    with open_cluster("local", 2) as executor:
        yield executor


@pytest.mark.slow
def test_cluster_makes_the_same_episodes_as_the_local_pool(tmp_path: Path, ffmpeg: str) -> None:
    inputs = _write_inputs(tmp_path)
    for name, where in (("pool", []), ("cluster", ["--scheduler", "local"])):
        args = ["batch", str(inputs), "-o", str(tmp_path / name), "--jobs", "2", "--digest",
                "--no-cache", *DETERMINISTIC, *where]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    pool, cluster = tmp_path / "pool" / "episodes", tmp_path / "cluster" / "episodes"
    assert sorted(p.name for p in pool.iterdir()) == sorted(p.name for p in cluster.iterdir())
    assert len(list(pool.glob("*.mp3"))) == len(STORIES) + 1  # and the digest
    for mp3 in pool.glob("*.mp3"):
        twin = cluster / mp3.name
        assert np.array_equal(decode(ffmpeg, mp3), decode(ffmpeg, twin)), mp3.name
        for suffix in (".vtt", ".chapters.json"):
            assert mp3.with_suffix(suffix).read_text() == twin.with_suffix(suffix).read_text()
        records = [json.loads(path.with_suffix(".json").read_text()) for path in (mp3, twin)]
        for record in records:
            del record["published"]  # the time of the run for undated stories and the digest
        assert records[0] == records[1]


@pytest.mark.slow
def test_each_worker_loads_the_voice_once(cluster: ClusterExecutor, tmp_path: Path) -> None:
    report = _run_batch(cluster, _write_inputs(tmp_path), tmp_path / "out")
    assert [result.status for result in report.results] == ["converted"] * len(STORIES)
    loads = cluster.client.run(synthesise._speaker.cache_info).values()
    assert sum(info.hits + info.misses for info in loads) == len(STORIES)  # every story synthesised on a worker
    assert all(info.misses <= 1 for info in loads)


@pytest.mark.slow
def test_a_worker_killed_mid_story_costs_no_story(cluster: ClusterExecutor, tmp_path: Path) -> None:
    inputs = _write_inputs(tmp_path, {**STORIES, "market.md": LONG_STORY})
    pids = cluster.client.run(os.getpid)
    killed: list[str] = []

    def kill_a_worker_in_the_middle_of_a_story() -> None:
        deadline = time.monotonic() + WAIT_S
        while not killed and time.monotonic() < deadline:
            before = cluster.client.processing()
            time.sleep(0.3)
            busy = [worker for worker, keys in cluster.client.processing().items()
                    if keys and set(keys) & set(before.get(worker, ())) and worker in pids]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(busy[0])

    killer = threading.Thread(target=kill_a_worker_in_the_middle_of_a_story)
    killer.start()
    report = _run_batch(cluster, inputs, tmp_path / "out")
    killer.join()
    assert killed, "no worker was busy long enough to be killed"
    assert [result.status for result in report.results] == ["converted"] * (len(STORIES) + 1)
    episodes = tmp_path / "out" / "episodes"
    assert not [path for path in episodes.iterdir() if path.name.endswith(".part")]
    assert all(mp3.with_suffix(".json").is_file() for mp3 in episodes.glob("*.mp3"))


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_error_line(tmp_path: Path) -> None:
    inputs = _write_inputs(tmp_path)
    address = f"tcp://127.0.0.1:{_free_port()}"
    result = CliRunner().invoke(main, ["batch", str(inputs), "-o", str(tmp_path / "out"), "--scheduler", address])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: cannot reach the Dask scheduler at {address} within 10 s; "
        "start it with 'dask scheduler' or check the address"
    ]


@pytest.mark.slow
def test_batch_on_a_cluster_started_with_the_dask_command(tmp_path: Path) -> None:
    dask = Path(sys.executable).parent / "dask"
    if not dask.is_file():
        pytest.skip("the dask command is not installed beside this Python")
    inputs = _write_inputs(tmp_path)
    address = f"tcp://127.0.0.1:{_free_port()}"
    commands = [[str(dask), "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"]]
    commands += [[str(dask), "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"]] * 2
    log = (tmp_path / "dask.log").open("w")
    processes = [subprocess.Popen(command, stdout=log, stderr=log, start_new_session=True) for command in commands]
    try:
        batch = subprocess.run([sys.executable, "-m", "tts_articles", "batch", str(inputs), "-o", str(tmp_path / "out"),
                                "--scheduler", address, *DETERMINISTIC],
                               capture_output=True, text=True, timeout=WAIT_S)
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
    assert batch.returncode == 0, batch.stderr
    # The second worker may still be starting.
    assert re.match(f"Dask scheduler {address}: [12] workers(; dashboard http://\\S+)?\n", batch.stderr), batch.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["converted"] == len(STORIES)
    assert len(list((tmp_path / "out" / "episodes").glob("*.mp3"))) == len(STORIES)


@pytest.mark.slow
def test_sigterm_cancels_the_cluster_work_and_keeps_finished_episodes(tmp_path: Path) -> None:
    inputs = _write_inputs(tmp_path, {**STORIES, "market.md": LONG_STORY})
    out = tmp_path / "out"
    command = [sys.executable, "-m", "tts_articles", "batch", str(inputs), "-o", str(out), "--scheduler", "local",
               "--jobs", "2", "--no-cache", *DETERMINISTIC]
    client = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + WAIT_S
        while not list(out.glob("episodes/*.json")) and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(client.pid, signal.SIGTERM)
        assert client.wait(timeout=60) == 130, client.stderr.read() if client.stderr else ""
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(client.pid, signal.SIGKILL)  # the client and any worker it left behind
    assert not [path for path in out.rglob("*") if path.name.endswith(".part")]
    finished = [mp3 for mp3 in (out / "episodes").glob("*.mp3") if mp3.with_suffix(".json").is_file()]
    assert 1 <= len(finished) <= len(STORIES)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["converted"] <= len(finished)  # a story finished as the signal came may miss the report
