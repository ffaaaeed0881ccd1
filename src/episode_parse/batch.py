"""Many inputs: expanding the paths a command is given, and spreading files over processes.

:func:`run_batch` is the one piece of machinery every batch command shares:
it calls a picklable, top-level worker function once per file, in worker
processes, and yields the results in input order while only a few files per
worker are in flight, so memory is bounded by the workers, not the corpus.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Generic, NamedTuple, TextIO, TypeVar

from episode_parse.cli_support import escape

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

DOCUMENT_SUFFIXES = (".md", ".txt")
"""What a directory is searched for."""

R = TypeVar("R")

IN_FLIGHT_PER_JOB = 2
"""Files handed to each worker ahead of time: enough to keep it busy, few enough to bound memory."""


def expand_paths(paths: Iterable[str], suffixes: Sequence[str] = DOCUMENT_SUFFIXES) -> list[str]:
    """Files to read, in order: files and ``-`` as given, directories searched (sorted, recursive).

    Hidden directories (``.git``, ``.venv``) are skipped.  A path that does not
    exist is returned as is, so the command reports it as unreadable.
    """
    return [file for file, _ in expand_paths_named(paths, suffixes)]


def expand_paths_named(paths: Iterable[str], suffixes: Sequence[str] = DOCUMENT_SUFFIXES) -> list[tuple[str, str]]:
    """Like :func:`expand_paths`, each file with a relative name to write its output under.

    A file found in a directory is named by its path inside that directory
    (``corpus/a/x.md`` given ``corpus`` is ``a/x.md``); a file given directly
    by its base name.
    """
    out: list[tuple[str, str]] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found: list[str] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(root, f) for f in files if f.endswith(tuple(suffixes)))
            out.extend((f, os.path.relpath(f, path)) for f in sorted(found))
        else:
            out.append((path, os.path.basename(path)))
    return out


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


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
    to ``jobs`` worker processes (default: the number of cores); with one job
    or one file it runs in this process.  An exception in the worker does not
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
        self.jobs = max(1, min(jobs or default_jobs(), len(self.files)))
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


def _in_pool(files: Sequence[str], worker: Callable[[str], R], jobs: int) -> Generator[tuple[str, R | Failed]]:
    from concurrent.futures.process import BrokenProcessPool

    pending: deque[tuple[str, Future[R]]] = deque()
    todo = iter(files)
    pool = _pool(jobs)
    try:
        while True:
            while len(pending) < jobs * IN_FLIGHT_PER_JOB:
                file = next(todo, None)
                if file is None:
                    break
                try:
                    pending.append((file, pool.submit(worker, file)))
                except BrokenProcessPool:
                    # A worker died (killed, out of memory): start afresh for the rest.
                    pool.shutdown(cancel_futures=True)
                    pool = _pool(jobs)
                    pending.append((file, pool.submit(worker, file)))
            if not pending:
                return
            file, future = pending.popleft()
            try:
                result: R | Failed = future.result()
            except BrokenProcessPool:
                result = Failed("a worker process died while reading this file")
            except Exception as exc:
                result = Failed(f"{type(exc).__name__}: {exc}")
            yield file, result
    finally:
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
