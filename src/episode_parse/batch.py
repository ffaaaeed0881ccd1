"""Many inputs: expanding the paths a command is given, and spreading files over processes.

:func:`run_batch` is the one piece of machinery every batch command shares:
it calls a picklable, top-level worker function once per file, in worker
processes, and yields the results in input order while only a few chunks of
files per worker are in flight, so memory is bounded by the workers, not the
corpus.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Generic, NamedTuple, TextIO, TypeVar

from episode_parse.cli_support import escape, say

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

DOCUMENT_SUFFIXES = (".md", ".txt", ".vtt", ".srt", ".html", ".htm", ".json")
"""What a directory is searched for (a ``.json`` file only when it is a transcript or chapters: see :func:`_document`)."""

NO_DOCUMENTS = "no documents found (directories are searched for .md, .txt, .vtt, .srt, .html and transcript or chapters .json files)"
"""What ``convert``, ``validate`` and ``fix`` say when their paths hold no document."""

R = TypeVar("R")

IN_FLIGHT_PER_JOB = 2
"""Chunks handed to each worker ahead of time: enough to keep it busy, few enough to bound memory."""

CHUNK_BYTES = 1 << 20
"""A worker is handed consecutive files adding up to about this much at a time (a larger file alone).

One round trip between processes per file made a corpus of small files
spend a quarter of its time passing them around.
"""

CHUNK_FILES = 64
"""At most this many files to a chunk, however small (the progress bar advances by chunks)."""

POOL_MIN_BYTES = 8 << 20
"""With no number of jobs asked for, files adding up to less than this are read in this process.

Starting worker processes (a fresh interpreter each, which imports the
package) takes longer than parsing this much on one core, so a pull
request's few files would wait for workers they do not need.
"""


def expand_paths(paths: Iterable[str], suffixes: Sequence[str] = DOCUMENT_SUFFIXES) -> list[str]:
    """Files to read, in order: files and ``-`` as given, directories searched (sorted, recursive).

    Hidden directories (``.git``, ``.venv``) are skipped, and so are named
    pipes and devices found in a directory (a pipe given by name is read).  A
    path that does not exist is returned as is, so the command reports it as
    unreadable.
    """
    return [file for file, _ in expand_paths_named(paths, suffixes)]


def expand_paths_named(paths: Iterable[str], suffixes: Sequence[str] = DOCUMENT_SUFFIXES) -> list[tuple[str, str]]:
    """Like :func:`expand_paths`, each file with a relative name to write its output under.

    A file found in a directory is named by its path inside that directory
    (``corpus/a/x.md`` given ``corpus`` is ``a/x.md``); a file given directly
    by its base name.  A file reached twice (named twice, or named and found
    in a directory also given, or through a link) is listed once, where it is
    first reached.
    """
    out: list[tuple[str, str]] = []
    seen: set[str] = set()

    def first_time(file: str) -> bool:
        key = file if file == "-" else os.path.realpath(file)
        if key in seen and file != "-":  # standard input twice is refused by the command
            return False
        seen.add(key)
        return True

    for path in paths:
        if path != "-" and os.path.isdir(path):
            found: list[str] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    os.path.join(root, f)
                    for f in files
                    if f.endswith(tuple(suffixes)) and _document(os.path.join(root, f))
                )
            out.extend((f, os.path.relpath(f, path)) for f in sorted(found) if first_time(f))
        elif first_time(path):
            out.append((path, os.path.basename(path)))
    return out


JSON_LOOK_BYTES = 64 << 20
"""A ``.json`` file found in a directory is looked into (to tell a transcript from other JSON) up to this size."""


def _document(path: str) -> bool:
    """Whether a file found in a directory is read: a regular file, or a link to nothing (reported unreadable).

    A named pipe or a device would block the read or never end.  A ``.json``
    file is read only when it is a Podcasting 2.0 transcript or JSON chapters
    (decided by its content: other JSON, the episode JSON this tool writes
    included, is left alone).
    """
    if not os.path.exists(path):
        return True
    if not os.path.isfile(path):
        return False
    if path.endswith(".json"):
        try:
            if os.path.getsize(path) > JSON_LOOK_BYTES:
                return False
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            return True  # reported unreadable when it is read
        from episode_parse.formats.base import is_transcript_or_chapters_json

        return is_transcript_or_chapters_json(data)
    return True


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def auto_jobs(files: Iterable[str]) -> int:
    """Processes to use when none are asked for: one for less than :data:`POOL_MIN_BYTES`, else every core."""
    total = 0
    for file in files:
        total += _size(file)
        if total >= POOL_MIN_BYTES:
            return default_jobs()
    return 1


def _size(file: str) -> int:
    """The size of ``file`` in bytes; 0 for standard input and for what cannot be read (the worker reports it)."""
    if file == "-":
        return 0
    try:
        return os.stat(file).st_size
    except (OSError, ValueError):
        return 0


def _chunks(files: Iterable[str]) -> Iterator[list[str]]:
    """Consecutive files, grouped up to :data:`CHUNK_BYTES` and :data:`CHUNK_FILES`."""
    chunk: list[str] = []
    size = 0
    for file in files:
        this = _size(file)
        if chunk and (size + this > CHUNK_BYTES or len(chunk) == CHUNK_FILES):
            yield chunk
            chunk, size = [], 0
        chunk.append(file)
        size += this
    if chunk:
        yield chunk


class Failed(NamedTuple):
    """What :func:`run_batch` yields for a file whose worker raised or whose process died."""

    error: str
    """``TypeName: message`` of the exception."""


def run_batch(
    files: Sequence[str],
    worker: Callable[[str], R],
    *,
    jobs: int | None = None,
    progress: bool | None = None,
) -> Batch[R]:
    """Call ``worker(file)`` for every file; iterate the result for ``(file, result)`` in input order.

    ``worker`` must be picklable: a top-level function, or a
    :func:`functools.partial` of one with picklable arguments.  It runs in up
    to ``jobs`` worker processes; with one job or one file it runs in this
    process.  The default, None, is :func:`auto_jobs`: every core, or this
    process alone when the files are small.  An exception in the worker does not
    stop the batch: that file's result is a :class:`Failed`.  ``progress``
    draws a bar on standard error; None draws it when standard error is a
    terminal.  Call :meth:`Batch.pause` before writing a message to standard
    error, so the message does not land on the bar's line.
    """
    return Batch(files, worker, jobs, progress)


class Batch(Generic[R]):
    """The results of :func:`run_batch`, computed as they are iterated."""

    def __init__(self, files: Sequence[str], worker: Callable[[str], R], jobs: int | None, progress: bool | None):
        self.files = list(files)
        self.worker = worker
        self.jobs = max(1, min(jobs or auto_jobs(self.files), len(self.files)))
        show = _isatty(sys.stderr) if progress is None else progress
        self._bar = _Progress(len(self.files), sys.stderr) if show else None

    def __iter__(self) -> Iterator[tuple[str, R | Failed]]:
        files, worker = self.files, self.worker
        results = _in_process(files, worker) if self.jobs == 1 else _in_pool(files, worker, self.jobs)
        try:
            for file, result in results:
                if self._bar is not None:
                    self._bar.advance(file)
                yield file, result
        finally:
            results.close()
            self.pause()

    def pause(self) -> None:
        """Erase the progress bar (it comes back with the next file)."""
        if self._bar is not None:
            self._bar.clear()


def _in_process(files: Sequence[str], worker: Callable[[str], R]) -> Generator[tuple[str, R | Failed]]:
    for file in files:
        try:
            result: R | Failed = worker(file)
        except Exception as exc:
            result = Failed(f"{type(exc).__name__}: {exc}")
        yield file, result


def _run_chunk(worker: Callable[[str], R], files: list[str]) -> list[R | Failed]:
    """What a worker process runs: ``worker`` on each file, an exception making that file's result a Failed."""
    return [result for _, result in _in_process(files, worker)]


def _in_pool(files: Sequence[str], worker: Callable[[str], R], jobs: int) -> Generator[tuple[str, R | Failed]]:
    done = 0
    try:
        with contextlib.closing(_pooled(files, worker, jobs)) as results:
            for result in results:
                yield result
                done += 1
    except OSError as exc:
        # No worker processes can start here (no permission to run the
        # interpreter, no semaphores): the files still get read, never skipped.
        say(f"cannot start worker processes ({type(exc).__name__}: {exc}); reading the files in this process")
        yield from _in_process(files[done:], worker)


def _pooled(files: Sequence[str], worker: Callable[[str], R], jobs: int) -> Generator[tuple[str, R | Failed]]:
    from concurrent.futures.process import BrokenProcessPool

    run = functools.partial(_run_chunk, worker)
    pending: deque[tuple[list[str], Future[list[R | Failed]], ProcessPoolExecutor]] = deque()
    todo = _chunks(files)
    pool = _pool(jobs)
    try:
        while True:
            while len(pending) < jobs * IN_FLIGHT_PER_JOB:
                chunk = next(todo, None)
                if chunk is None:
                    break
                try:
                    future = pool.submit(run, chunk)
                except BrokenProcessPool:
                    # A worker died (killed, out of memory): start afresh for the rest.
                    pool = _restart(pool, jobs)
                    future = pool.submit(run, chunk)
                pending.append((chunk, future, pool))
            if not pending:
                return
            chunk, future, used = pending.popleft()
            try:
                if used is not pool and not future.done():
                    # Left unfinished by a pool already discarded.
                    raise BrokenProcessPool("its pool broke")
                results = future.result()
            except Exception as exc:
                if isinstance(exc, BrokenProcessPool) and used is pool:
                    pool = _restart(pool, jobs)
                # A worker died, or a result could not be sent back: find out
                # which file it was, each alone.
                results = list(_one_by_one(run, chunk))
            yield from zip(chunk, results, strict=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _one_by_one(run: Callable[[list[str]], list[R | Failed]], files: list[str]) -> Iterator[R | Failed]:
    """Each file alone in a one-worker pool, started afresh after a death: only a file that kills it fails."""
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(1)
    try:
        for file in files:
            try:
                yield pool.submit(run, [file]).result()[0]
            except BrokenProcessPool:
                yield Failed("a worker process died while reading this file")
                pool = _restart(pool, 1)
            except Exception as exc:
                yield Failed(f"{type(exc).__name__}: {exc}")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _restart(pool: ProcessPoolExecutor, jobs: int) -> ProcessPoolExecutor:
    """A fresh pool of ``jobs`` workers in place of ``pool``, one of whose workers died."""
    _discard(pool)
    return _pool(jobs)


def _discard(pool: ProcessPoolExecutor) -> None:
    """Shut down a pool whose worker died, killing first the workers still alive.

    CPython 3.11's pool can start a worker for a task submitted while it is
    breaking down, and then wait for ever to join it (found by fuzzing: a
    batch with many dying workers hung).
    """
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def _pool(jobs: int) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: a forked child inherits whatever threads and locks the
    # parent holds (a test runner's, a progress thread's) and can hang.
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"))


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Progress:
    """A one-line bar on a terminal, redrawn at most ten times a second."""

    WIDTH = 24

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.drawn = 0.0
        self.width = 0

    def advance(self, file: str) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.drawn < 0.1 and self.done < self.total:
            return
        self.drawn = now
        filled = self.WIDTH * self.done // max(1, self.total)
        name = escape(os.path.basename(file))[:40]
        line = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total} {name}"
        self._write("\r" + line.ljust(self.width))
        self.width = len(line)

    def clear(self) -> None:
        """Erase the bar so that a message can take the line."""
        if self.width:
            self._write("\r" + " " * self.width + "\r")
            self.width = 0
            self.drawn = 0.0

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            pass
