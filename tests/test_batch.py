"""Batch conversion: many files and directories, worker processes, JSON Lines, failures that do not stop."""

from __future__ import annotations

import functools
import io
import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from episode_parse import Episode, batch, parse_file
from episode_parse.batch import Failed, expand_paths, expand_paths_named, run_batch
from episode_parse.cli import main
from episode_parse.cmd_convert import Converted, Options, convert_file
from tests.conftest import ROOT, assert_valid_episode_json

EXAMPLE = ROOT / "examples" / "episode.md"

TIMED = "### Transcript\n\n**A [00:00:01]**: Hi there.\n\n**B [00:00:05]**: Hello.\n"
BROKEN = "### Transcript\n\n**A [00:00:01]**: Hi.\n\n**B [00:61:00]**: Bad minutes.\n"


def _corpus(tmp_path: Path) -> Path:
    """A small tree: two documents at the top, one in a subdirectory, one hidden, one not a document."""
    root = tmp_path / "docs"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "b.md").write_text(TIMED.replace("Hi there", "Second"), encoding="utf-8")
    (root / "a.md").write_text(TIMED, encoding="utf-8")
    (root / "sub" / "c.txt").write_text(BROKEN, encoding="utf-8")
    (root / ".hidden" / "d.md").write_text(TIMED, encoding="utf-8")
    (root / "notes.json").write_text("{}", encoding="utf-8")
    return root


# expanding paths ---------------------------------------------------------------


def test_expand_paths_searches_directories_in_order(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    single = tmp_path / "single.md"
    assert expand_paths([str(single), str(root), "-"]) == [
        str(single),
        str(root / "a.md"),
        str(root / "b.md"),
        str(root / "sub" / "c.txt"),
        "-",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_named_pipe_in_a_directory_is_passed_over(tmp_path: Path) -> None:
    # Reading it would wait for a writer for ever; a broken link is still
    # listed, to be reported as unreadable.
    root = tmp_path / "docs"
    root.mkdir()
    (root / "a.md").write_text(TIMED, encoding="utf-8")
    os.mkfifo(root / "pipe.md")
    (root / "gone.md").symlink_to(tmp_path / "nowhere.md")
    assert expand_paths([str(root)]) == [str(root / "a.md"), str(root / "gone.md")]
    assert expand_paths([str(root / "pipe.md")]) == [str(root / "pipe.md")]  # named: read as given
    result = subprocess.run(
        [sys.executable, "-m", "episode_parse", "validate", str(root)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1 and "gone.md: cannot read" in result.stdout + result.stderr


def test_expand_paths_named_keeps_paths_inside_the_directory(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    named = expand_paths_named([str(root), str(tmp_path / "x" / "single.md")])
    assert [name for _, name in named] == ["a.md", "b.md", os.path.join("sub", "c.txt"), "single.md"]


# run_batch -----------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_run_batch_keeps_input_order_and_goes_on_after_a_failure(tmp_path: Path, jobs: int) -> None:
    files = []
    for k in range(7):
        path = tmp_path / f"f{k}.txt"
        path.write_bytes(b"x" * (k * 10))
        files.append(str(path))
    files.insert(3, str(tmp_path / "missing.txt"))
    # os.path.getsize: a top-level function that raises for the missing file.
    results = list(run_batch(files, os.path.getsize, jobs=jobs, progress=False))
    assert [file for file, _ in results] == files
    sizes = [r for _, r in results]
    assert sizes[:3] == [0, 10, 20]
    assert isinstance(sizes[3], Failed)
    assert sizes[3].error.startswith("FileNotFoundError")
    assert sizes[4:] == [30, 40, 50, 60]


def test_run_batch_in_processes_gives_what_one_process_gives(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    files = [*expand_paths([str(root)]), str(EXAMPLE)]
    worker = functools.partial(convert_file, Options(False, None, "json", None))
    here = list(run_batch(files, worker, jobs=1, progress=False))
    there = list(run_batch(files, worker, jobs=2, progress=False))
    assert here == there
    assert all(isinstance(r, Converted) and r.data is not None for _, r in there)


def _pid(file: str) -> int:
    return os.getpid()


def _files(tmp_path: Path, sizes: list[int]) -> list[str]:
    tmp_path.mkdir(exist_ok=True)
    files = []
    for k, size in enumerate(sizes):
        path = tmp_path / f"f{k}.md"
        path.write_bytes(b"x" * size)
        files.append(str(path))
    return files


def test_auto_jobs_counts_the_bytes_of_readable_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "default_jobs", lambda: 5)
    monkeypatch.setattr(batch, "POOL_MIN_BYTES", 100)
    files = _files(tmp_path, [40, 59])
    unreadable = [str(tmp_path / "missing.md"), "-", "nul\0in-name"]
    assert batch.auto_jobs([*files, *unreadable]) == 1
    assert batch.auto_jobs([*files, *_files(tmp_path / "more", [1])]) == 5


def test_small_batches_run_in_this_process_unless_jobs_are_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "default_jobs", lambda: 2)
    files = _files(tmp_path, [100, 100])
    assert {pid for _, pid in run_batch(files, _pid, progress=False)} == {os.getpid()}
    asked = {pid for _, pid in run_batch(files, _pid, jobs=2, progress=False)}
    assert asked and os.getpid() not in asked


def test_large_batches_use_every_core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "default_jobs", lambda: 2)
    monkeypatch.setattr(batch, "POOL_MIN_BYTES", 150)
    files = _files(tmp_path, [100, 100])
    assert os.getpid() not in {pid for _, pid in run_batch(files, _pid, progress=False)}


@pytest.mark.parametrize("command", ["convert", "validate"])
def test_help_and_readme_state_the_pool_threshold(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    threshold = f"under {batch.POOL_MIN_BYTES >> 20} MB"
    assert main([command, "--help"]) == 0
    assert threshold in " ".join(capsys.readouterr().out.split())
    assert " ".join((ROOT / "README.md").read_text(encoding="utf-8").split()).count(f"none {threshold} of input") == 2


def test_run_batch_in_process_is_lazy(tmp_path: Path) -> None:
    called: list[str] = []

    def worker(file: str) -> str:
        called.append(file)
        return file.upper()

    results = iter(run_batch(["a", "b", "c"], worker, jobs=1, progress=False))
    assert next(results) == ("a", "A")
    assert called == ["a"]


def test_run_batch_keeps_few_chunks_in_flight(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Threads stand in for processes: what is checked is how much is handed
    # out before the first result is taken, which bounds memory.
    submitted: list[list[str]] = []

    class Recording(ThreadPoolExecutor):
        def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
            submitted.append(args[0])
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(batch, "_pool", Recording)
    monkeypatch.setattr(batch, "CHUNK_BYTES", 100)
    files = _files(tmp_path, [30] * 50)
    results = iter(run_batch(files, os.path.basename, jobs=3, progress=False))
    assert next(results) == (files[0], "f0.md")
    assert len(submitted) == 3 * batch.IN_FLIGHT_PER_JOB
    assert all(len(chunk) == 3 for chunk in submitted)  # 3 x 30 bytes fit in 100, 4 do not
    assert [r for _, r in results] == [os.path.basename(f) for f in files[1:]]
    assert [f for chunk in submitted for f in chunk] == files


def test_chunks_group_consecutive_files_by_size_and_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "CHUNK_BYTES", 100)
    monkeypatch.setattr(batch, "CHUNK_FILES", 3)
    a, b, big, c, d, e, f, g = _files(tmp_path, [60, 40, 500, 1, 1, 1, 1, 99])
    missing = str(tmp_path / "missing.md")
    chunks = list(batch._chunks([a, b, big, c, d, missing, e, f, g]))
    assert chunks == [[a, b], [big], [c, d, missing], [e, f], [g]]


def _die_on(path: str) -> str:
    """A worker whose process dies on one input, as one killed for memory would."""
    if path == "die":
        os._exit(3)
    return path.upper()


@pytest.mark.parametrize("chunk_files", [2, batch.CHUNK_FILES])
def test_run_batch_goes_on_after_a_worker_process_dies(chunk_files: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "CHUNK_FILES", chunk_files)
    files = ["a", "b", "die", *(f"f{k}" for k in range(10))]
    results = list(run_batch(files, _die_on, jobs=2, progress=False))
    assert [f for f, _ in results] == files
    died = results[2][1]
    assert isinstance(died, Failed)
    assert "worker process died" in died.error
    # The files handed out with it are run again one by one: only it fails.
    assert [r for _, r in results] == [f.upper() for f in files[:2]] + [died] + [f.upper() for f in files[3:]]


def _unpicklable_on(path: str) -> object:
    """A worker whose result for one input cannot be sent back to the parent."""
    return (lambda: None) if path == "bad" else path.upper()


def test_a_result_that_cannot_come_back_fails_only_its_file() -> None:
    results = list(run_batch(["a", "bad", "c"], _unpicklable_on, jobs=2, progress=False))
    assert [r for _, r in results][::2] == ["A", "C"]
    failed = results[1][1]
    assert isinstance(failed, Failed) and "pickle" in failed.error.lower()


def test_discarding_a_pool_kills_the_workers_it_would_wait_for() -> None:
    # CPython 3.11's pool can be left waiting on a worker started while it
    # broke down (found by fuzzing: a batch with many dying workers hung for
    # ever); _discard kills what is alive instead of waiting for it.
    import time

    pool = batch._pool(1)
    future = pool.submit(time.sleep, 60)
    while not any(p.is_alive() for p in pool._processes.values()):
        time.sleep(0.01)
    began = time.monotonic()
    batch._discard(pool)
    assert time.monotonic() - began < 30
    assert future.done()


def _no_processes(jobs: int) -> Any:
    # What starting a pool raised where the interpreter cannot be run again:
    # its resource tracker died at once, so writing to it broke the pipe.
    raise BrokenPipeError(32, "Broken pipe")


def test_batch_reads_in_this_process_when_no_worker_can_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(batch, "_pool", _no_processes)
    files = _files(tmp_path, [3, 1, 2])
    assert list(run_batch(files, os.path.getsize, jobs=2, progress=False)) == list(zip(files, [3, 1, 2], strict=True))
    assert "cannot start worker processes (BrokenPipeError" in capsys.readouterr().err


def test_validate_reports_findings_when_no_worker_can_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Found by fuzzing: the BrokenPipeError reached main, which took it for a
    # reader gone away (| head) and exited 0 with no report at all.
    monkeypatch.setattr(batch, "_pool", _no_processes)
    (tmp_path / "a.md").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "b.md").write_text(TIMED, encoding="utf-8")
    assert main(["validate", "--jobs", "2", str(tmp_path)]) == 1
    assert "TS001" in capsys.readouterr().out


def test_progress_bar_is_drawn_when_asked_and_erased(capsys: pytest.CaptureFixture[str]) -> None:
    assert [r for _, r in run_batch(["ab", "cde"], len, jobs=1, progress=True)] == [2, 3]
    err = capsys.readouterr().err
    assert "2/2" in err
    assert err.endswith("\r")  # erased: the last thing written returns to the line start


def test_progress_bar_escapes_file_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert [r for _, r in run_batch(["dir/\x1b[2Jx"], len, jobs=1, progress=True)] == [9]
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\u001b[2Jx" in err


def test_no_progress_bar_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert [r for _, r in run_batch(["ab", "cde"], len, jobs=1)] == [2, 3]
    assert capsys.readouterr().err == ""


# the command line ----------------------------------------------------------------


def test_convert_directory_writes_one_json_file_per_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _corpus(tmp_path)
    out = tmp_path / "out"
    assert main(["convert", str(root), str(EXAMPLE), "-o", str(out), "--jobs", "2"]) == 1  # c.txt has an error
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["a.json", "b.json", "episode.json", os.path.join("sub", "c.json")]
    for name, source in [("a.json", root / "a.md"), (os.path.join("sub", "c.json"), root / "sub" / "c.txt")]:
        data = (out / name).read_bytes()
        assert_valid_episode_json(data)
        assert Episode.from_json(data) == parse_file(source)
    err = capsys.readouterr().err
    assert "c.txt:5:6: TS001" in err
    assert err.count("\n") == 1


def test_convert_output_matches_single_file_convert(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["convert", str(EXAMPLE)]) == 0
    single = capsysbinary.readouterr().out
    copy = tmp_path / "copy"
    copy.mkdir()
    twin = copy / EXAMPLE.name
    twin.write_bytes(EXAMPLE.read_bytes())
    assert main(["convert", str(EXAMPLE), str(twin), "--jsonl", "-j", "2"]) == 0
    lines = capsysbinary.readouterr().out.splitlines(keepends=True)
    assert lines == [single, single.replace(str(EXAMPLE).encode(), str(twin).encode())]
    out = tmp_path / "out"
    out.mkdir()
    assert main(["convert", str(EXAMPLE), "-o", str(out)]) == 0  # an existing directory takes NAME.json
    assert (out / "episode.json").read_bytes() == single


def test_jsonl_reports_unreadable_files_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _corpus(tmp_path)
    out = tmp_path / "all.jsonl"
    missing = tmp_path / "missing.md"
    assert main(["convert", str(missing), str(root), "--jsonl", "-o", str(out)]) == 1
    lines = out.read_bytes().splitlines()
    assert [Episode.from_json(line).source.name for line in lines] == [
        str(root / "a.md"),
        str(root / "b.md"),
        str(root / "sub" / "c.txt"),
    ]
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"episode-parse: cannot read {missing}: No such file or directory"
    assert "TS001" in err[1]


def test_jsonl_from_standard_input(monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(TIMED.encode()))
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["convert", "-", "--jsonl"]) == 0
    (line,) = capsysbinary.readouterr().out.splitlines()
    episode = Episode.from_json(line)
    assert episode.source.name == "<stdin>"
    assert [t.speaker for t in episode.turns] == ["A", "B"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["convert", "{a}", "{b}"], "give -o DIR"),
        (["convert", "{a}", "--jsonl", "--indent"], "--indent and --jsonl"),
        (["convert", "{a}", "-", "--jsonl"], "standard input"),
        (["convert", "{a}", "{sub_a}", "-o", "{out}"], "would both be written to"),
        (["convert", "{empty}", "--jsonl"], "no documents found"),
        (["convert", "{a}", "--jobs", "0"], "positive whole number"),
        (["convert", "{a}", "--jobs", "many"], "positive whole number"),
    ],
)
def test_batch_usage_errors_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(TIMED, encoding="utf-8")
    b.write_text(TIMED, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text(TIMED, encoding="utf-8")
    paths = {
        "a": str(a),
        "b": str(b),
        "sub_a": str(tmp_path / "sub" / "a.md"),
        "out": str(tmp_path / "out"),
        "empty": str(tmp_path / "empty"),
    }
    assert main([arg.format(**paths) for arg in argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert message in captured.err
    assert not (tmp_path / "out").exists()


def test_single_file_keeps_exit_2_for_an_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(tmp_path / "missing.md")]) == 2
    assert "cannot read" in capsys.readouterr().err
