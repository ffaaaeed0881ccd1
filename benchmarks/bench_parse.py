"""Benchmark ``episode_parse.parse`` against a regex floor and three other parsers.

Run on purpose, not by the test suite::

    pip install -e '.[bench]'
    python benchmarks/bench_parse.py            # print the results
    python benchmarks/bench_parse.py --write    # and rewrite BENCHMARKS.md

Documents are built at 1x, 10x and 100x the size of the reference document
(``../shared/corpus/noam-brown-latent-space.md``, or a generated stand-in
when the corpus is absent): its notes once, then its transcript repeated
with timestamps that keep increasing.

The machines this runs on are shared and noisy, so every number that matters
is a ratio of medians taken side by side in one process: each round times
every contender once, in turn, and the rounds alternate.  Absolute times are
printed for context only.
"""

from __future__ import annotations

import argparse
import functools
import gc
import hashlib
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EPISODE_PARSE_SHARED", ROOT.parent / "shared"))
REFERENCE = SHARED / "corpus" / "noam-brown-latent-space.md"
BENCHMARKS_MD = ROOT / "BENCHMARKS.md"

SCALES = (1, 10, 100)
ROUNDS = {1: 21, 10: 9, 100: 3}
"""Rounds per scale: enough for a stable median, few enough to finish in minutes."""

# The bare baseline: one compiled regex over the turn headers, one tuple per
# turn.  It reads no notes, builds no records and checks nothing, so it is the
# practical CPython floor for getting turns out of the text at all.
TURN = re.compile(r"^\*\*([^*\[\]\n]{1,80}) \[(\d\d):(\d\d):(\d\d)\]\*\*: ?(.*)$", re.MULTILINE)
_HEADER_TIME = re.compile(r"^(\*\*[^*\[\]\n]{1,80} \[)(\d\d):(\d\d):(\d\d)(\]\*\*:)", re.MULTILINE)
_MAX_SECONDS = 99 * 3600 + 59 * 60 + 59
"""HH:MM:SS tops out here; longer documents have their timeline compressed to fit."""


def baseline(text: str) -> list[tuple[str | Any, ...]]:
    """One tuple per turn: speaker, hours, minutes, seconds, first line of text."""
    return [m.groups() for m in TURN.finditer(text)]


def contract_floor(text: str) -> tuple[list[Any], dict[str, int]]:
    """The least work the episode JSON asks of any parser, done the cheapest way known.

    The baseline's regex, plus what the contract requires and the baseline
    skips: the document's SHA-256 and byte count (so its UTF-8 encoding), a
    line table for 1-based lines and columns (a running count of line
    breaks, the cheapest kind known), and for each turn its seconds,
    its text, a ``Span`` and a ``Turn`` record and its speaker's word count
    (with episode_parse's own word counter, the fastest exact one known).  No
    notes, chapters, sections, links or checks.  Whatever a parser does on
    top of this is the price of reading real documents; no design can go
    below it in CPython.
    """
    from episode_parse import Span, Turn
    from episode_parse.link import word_count

    raw = text.encode("utf-8")
    hashlib.sha256(raw).hexdigest()
    turns = []
    words: dict[str, int] = {}
    # The line table, as tight as it goes: a running count of the line breaks
    # between one turn and the next (no list of lines, no search of their
    # starts).  A header starts its line, so its column is 1.
    line = 0
    pos = 0
    for m in TURN.finditer(text):
        start, end = m.span()
        line += text.count("\n", pos, start)
        pos = start
        speaker, said = m[1], m[5].strip()
        seconds = float(int(m[2]) * 3600 + int(m[3]) * 60 + int(m[4]))
        span = Span(start, end, line + 1, 1, line + 1, end - start + 1)
        turns.append(Turn(speaker, seconds, None, text[m.start(2) : m.end(4)], said, None, 0, span))
        words[speaker] = words.get(speaker, 0) + word_count(said)
    return turns, words


# documents ------------------------------------------------------------------


@attrs.frozen
class Reference:
    """The document the sizes are multiples of, cut where its transcript starts."""

    name: str
    notes: str
    transcript: str

    @property
    def text(self) -> str:
        return self.notes + self.transcript


def load_reference() -> Reference:
    """The reference document from the corpus, or a generated one of the same shape."""
    if REFERENCE.is_file():
        text = REFERENCE.read_text(encoding="utf-8")
        name = str(REFERENCE.relative_to(SHARED.parent)) if REFERENCE.is_relative_to(SHARED.parent) else REFERENCE.name
    else:
        text = generated_reference()
        name = "generated stand-in (corpus not found)"
    first = TURN.search(text)
    if first is None:
        raise SystemExit(f"bench_parse: no turn header in {name}")
    return Reference(name, text[: first.start()], text[first.start() :].rstrip("\n") + "\n")


_WORDS = [
    "the",
    "model",
    "reasoning",
    "search",
    "scaling",
    "compute",
    "data",
    "we",
    "think",
    "really",
    "like",
    "you",
    "know",
    "game",
    "agents",
    "test",
    "time",
    "planning",
    "policy",
    "value",
    "training",
    "inference",
    "paradigm",
    "benchmark",
    "human",
    "players",
    "diplomacy",
    "poker",
    "bots",
    "research",
    "results",
    "paper",
    "question",
    "answer",
    "interesting",
    "important",
    "actually",
    "something",
    "people",
]


def generated_reference(seed: int = 5) -> str:
    """A document shaped like the reference: about 130 KB, notes with claims and quotes, 182 turns."""
    rng = random.Random(seed)

    def sentence(n: int) -> str:
        words = [rng.choice(_WORDS) for _ in range(n)]
        return " ".join(words).capitalize() + rng.choice(".?!")

    def paragraph(sentences: int) -> str:
        return " ".join(sentence(rng.randint(6, 22)) for _ in range(sentences))

    out = [paragraph(6), ""]
    for s in range(5):
        out += [f"### Section {s + 1}", ""]
        for _ in range(3):
            out += [f"**{sentence(6)[:-1]}**: {paragraph(3)}", ""]
            out += [f"\u201c{paragraph(2)}\u201d \u2014 Guest", ""]
    out += ["### Timestamps", ""]
    out += [f"{m // 60:02d}:{m % 60:02d}:00 {sentence(5)[:-1]}" for m in range(0, 78, 4)]
    out += ["", "### Transcript", ""]
    speakers = ("Alessio", "swyx", "Noam")
    t = 4
    for k in range(182):
        out += [f"**{speakers[k % 3]} [{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}]**: {paragraph(6)}", ""]
        t += rng.randint(5, 45)
    return "\n".join(out)


def scaled(ref: Reference, factor: int) -> str:
    """A document about ``factor`` times the reference's size: notes once, transcript repeated."""
    size = len(ref.text.encode("utf-8"))
    notes_size = len(ref.notes.encode("utf-8"))
    transcript_size = len(ref.transcript.encode("utf-8"))
    copies = max(1, round((factor * size - notes_size) / transcript_size))
    times = [int(h) * 3600 + int(m) * 60 + int(s) for _, h, m, s, _ in _HEADER_TIME.findall(ref.transcript)]
    period = max(times) + 30 if times else 0
    squeeze = min(1.0, _MAX_SECONDS / max(1, copies * period))
    parts = [ref.notes]
    for k in range(copies):
        offset = k * period

        def shift(m: re.Match[str], offset: int = offset) -> str:
            t = int((int(m[2]) * 3600 + int(m[3]) * 60 + int(m[4]) + offset) * squeeze)
            return f"{m[1]}{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}{m[5]}"

        parts.append(("\n" if k else "") + _HEADER_TIME.sub(shift, ref.transcript))
    return "".join(parts)


@attrs.frozen
class Cue:
    start: float
    end: float
    speaker: str
    text: str


def cues(text: str) -> list[Cue]:
    """The document's turns as subtitle cues (each lasts until the next starts)."""
    from episode_parse import parse

    turns = [t for t in parse(text).turns if t.start is not None]
    out = []
    for k, t in enumerate(turns):
        assert t.start is not None
        nxt = turns[k + 1].start if k + 1 < len(turns) else None
        end = nxt if nxt is not None and nxt > t.start else t.start + 1
        # A blank line ends a cue in both formats, so paragraphs join with one break.
        out.append(Cue(t.start, end, t.speaker or "", t.text.replace("\n\n", "\n")))
    return out


def _clock(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def as_srt(items: Sequence[Cue]) -> str:
    return "".join(
        f"{i}\n{_clock(c.start, ',')} --> {_clock(c.end, ',')}\n{c.speaker}: {c.text}\n\n"
        for i, c in enumerate(items, 1)
    )


def as_webvtt(items: Sequence[Cue]) -> str:
    body = "".join(f"{_clock(c.start, '.')} --> {_clock(c.end, '.')}\n<v {c.speaker}>{c.text}\n\n" for c in items)
    return "WEBVTT\n\n" + body


def _parse_to_json(parse: Callable[[str], Any], text: str) -> bytes:
    json: bytes = parse(text).to_json()
    return json


def _srt_parse(parse: Callable[[str], Any], text: str) -> list[Any]:
    # srt.parse is lazy: the list makes it do the work.
    return list(parse(text))


# measuring --------------------------------------------------------------------


STAGES = ("read", "blocks", "classify", "build", "link", "rules")
"""The pipeline's stages, in the order ``episode_parse.api._pipeline`` runs them."""


def stage_seconds(text: str, rounds: int) -> dict[str, float]:
    """Median seconds of each pipeline stage on ``text``, each fed what the one before gave.

    Reaches into the stage modules, as a profile would: it tells where a
    parse spends its time, in the same units as the other tables.
    """
    from episode_parse.blocks import split_blocks
    from episode_parse.build import build
    from episode_parse.classify import classify
    from episode_parse.link import link
    from episode_parse.read import read_text
    from episode_parse.rules import run_rules

    times: dict[str, list[float]] = {name: [] for name in STAGES}

    def timed(name: str, fn: Callable[..., Any], *args: Any) -> Any:
        gc.collect()
        gc.disable()  # as parse does while it runs (see api._pipeline)
        try:
            t0 = time.perf_counter()
            result = fn(*args)
            times[name].append(time.perf_counter() - t0)
        finally:
            gc.enable()
        return result

    def items(doc: Any, blocks: Any) -> list[Any]:
        return list(classify(doc, blocks))  # classify hands its items on lazily

    for _ in range(rounds):
        doc = timed("read", read_text, text)
        blocks = timed("blocks", split_blocks, doc)
        classified = timed("classify", items, doc, blocks)
        draft = timed("build", build, doc, classified)
        episode = timed("link", link, doc, draft)
        timed("rules", run_rules, doc, episode)
    return {name: statistics.median(ts) for name, ts in times.items()}


@attrs.frozen
class Contender:
    name: str
    run: Callable[[], object]
    turns: int


def time_rounds(contenders: Sequence[Contender], rounds: int) -> dict[str, float]:
    """Median seconds of each contender over ``rounds`` rounds that take turns."""
    times: dict[str, list[float]] = {c.name: [] for c in contenders}
    for r in range(rounds):
        # Alternate the order so no contender always runs right after the same one.
        order = contenders if r % 2 == 0 else list(reversed(contenders))
        for c in order:
            gc.collect()
            t0 = time.perf_counter()
            c.run()
            times[c.name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def peak_memory(fn: Callable[[], object]) -> int:
    """Peak bytes allocated while ``fn`` runs, its result included (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        peak = tracemalloc.get_traced_memory()[1]
        del result
    finally:
        tracemalloc.stop()
    return peak


def startup(ref_path: Path, rounds: int) -> tuple[float, float]:
    """Median wall seconds of ``episode-parse convert REF`` and of ``python -c 'import attrs, orjson'``."""
    # Start-up from source files measures the byte-compiler, not the program: an
    # installed package has its .pyc files (PYTHONDONTWRITEBYTECODE would keep an
    # editable install from ever writing them), so compile them first.
    import compileall

    import episode_parse

    compileall.compile_dir(str(Path(episode_parse.__file__).parent), quiet=1)
    script = Path(sys.executable).parent / "episode-parse"
    cli = [str(script)] if script.is_file() else [sys.executable, "-m", "episode_parse"]
    commands = {
        "convert": [*cli, "convert", str(ref_path)],
        "floor": [sys.executable, "-c", "import attrs, orjson"],
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    for r in range(rounds):
        for key in ("convert", "floor") if r % 2 == 0 else ("floor", "convert"):
            t0 = time.perf_counter()
            subprocess.run(commands[key], stdout=subprocess.DEVNULL, check=False)
            times[key].append(time.perf_counter() - t0)
    return statistics.median(times["convert"]), statistics.median(times["floor"])


def _importtime(code: str) -> dict[str, tuple[int, int]]:
    """``python -X importtime -c code``: each module's (self, cumulative) microseconds, in import order."""
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True).stderr
    found = {}
    for line in err.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if len(fields) == 3 and fields[0].strip().isdigit():
            found[fields[2].strip()] = (int(fields[0]), int(fields[1]))
    return found


def import_times(ref_path: Path, runs: int, top: int = 25) -> str:
    """Where ``convert REF`` spends its imports, from ``python -X importtime`` (medians of ``runs`` runs), as Markdown.

    Only modules the command imports beyond ``python -c 'import attrs, orjson'``
    are listed; those two are imported first, so that no module's cumulative
    time holds theirs.  ``cmd_convert`` is imported by statement before
    ``main`` runs: the CLI loads it with ``importlib.import_module``, which
    -X importtime does not time.
    """
    floor = set(_importtime("import attrs, orjson"))
    code = (
        "import attrs, orjson\nimport episode_parse.cli, episode_parse.cmd_convert\n"
        f"episode_parse.cli.main(['convert', {str(ref_path)!r}, '-o', {os.devnull!r}])"
    )
    samples: dict[str, list[tuple[int, int]]] = {}
    for _ in range(runs):
        for name, times in _importtime(code).items():
            if name not in floor:
                samples.setdefault(name, []).append(times)
    rows = [
        (name, statistics.median(t[0] for t in ts) / 1e3, statistics.median(t[1] for t in ts) / 1e3)
        for name, ts in samples.items()
    ]
    ours = sum(s for name, s, _ in rows if name.startswith("episode_parse"))
    lines = [
        "",
        f"Start-up: `python -X importtime` of `convert` on the reference (medians of {runs} runs). Beyond",
        f"`import attrs, orjson` it imports {len(rows)} modules in {sum(r[1] for r in rows):.1f} ms (self times summed;",
        f"{ours:.1f} ms in episode_parse's own); the rest of its time over the floor is the command itself",
        "(arguments, reading, parsing with the layout patterns it compiles on first use, JSON, exit).",
        "The modules taking longest, with what they import:",
        "",
        "| module | self ms | cumulative ms |",
        "| --- | ---: | ---: |",
    ]
    for name, own, cumulative in sorted(rows, key=lambda r: -r[2])[:top]:
        lines.append(f"| `{name}` | {own:.1f} | {cumulative:.1f} |")
    return "\n".join(lines) + "\n"


# the run ------------------------------------------------------------------------


@attrs.frozen
class Row:
    scale: int
    megabytes: float
    turns: int
    seconds: dict[str, float]
    peak_per_mb: float
    stages: dict[str, float]


def measure(ref: Reference, scales: Sequence[int], rounds_factor: float, progress: bool) -> list[Row]:
    try:
        import srt
        import webvtt
        from markdown_it import MarkdownIt
    except ImportError as exc:
        raise SystemExit(f"bench_parse: {exc.name} is missing; install the extra: pip install -e '.[bench]'") from None
    from episode_parse import parse

    rows = []
    for scale in scales:
        text = scaled(ref, scale)
        items = cues(text)
        srt_text, vtt_text = as_srt(items), as_webvtt(items)
        episode = parse(text)
        turns = len(episode.turns)
        md = MarkdownIt()
        contenders = [
            Contender("episode_parse", functools.partial(parse, text), turns),
            Contender("baseline", functools.partial(baseline, text), turns),
            Contender("contract floor", functools.partial(contract_floor, text), turns),
            Contender(JSON, functools.partial(_parse_to_json, parse, text), turns),
            Contender("markdown-it-py", functools.partial(md.parse, text), turns),
            Contender("srt", functools.partial(_srt_parse, srt.parse, srt_text), len(items)),
            Contender("webvtt-py", functools.partial(webvtt.from_string, vtt_text), len(items)),
        ]
        rounds = max(3, round(ROUNDS.get(scale, 3) * rounds_factor))
        if progress:
            print(f"  {scale}x: {len(text.encode()) / 1e6:.2f} MB, {turns} turns, {rounds} rounds", file=sys.stderr)
        seconds = time_rounds(contenders, rounds)
        megabytes = len(text.encode("utf-8")) / 1e6
        peak = peak_memory(functools.partial(parse, text))
        stages = stage_seconds(text, rounds)
        rows.append(Row(scale, megabytes, turns, seconds, peak / 1e6 / megabytes, stages))
    return rows


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return (
        f"{model}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
        f"{platform.python_implementation()} {platform.python_version()}; load average at start {load}"
    )


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for dist in ("episode-parse", "attrs", "orjson", "markdown-it-py", "srt", "webvtt-py"):
        try:
            out.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            out.append(f"{dist} (not installed)")
    return ", ".join(out)


OTHERS = ("markdown-it-py", "srt", "webvtt-py")
FLOOR = "contract floor"
JSON = "parse + JSON"
"""What ``episode-parse convert`` does past reading the file: the episode and its JSON."""


def report(ref: Reference, rows: Sequence[Row], start: tuple[float, float] | None, about: tuple[str, str, str]) -> str:
    """The results as Markdown: tables, then each target with what was measured."""
    when, where, what = about
    lines = [
        f"Measured {when} on {where}.",
        f"Packages: {what}.",
        f"Reference document: {ref.name} ({len(ref.text.encode()) / 1e3:.0f} KB).",
        "",
        "Times are medians of alternating rounds in one process; ratios are to the bare baseline",
        "(one compiled regex over the turn headers, one tuple per turn) measured in the same rounds.",
        "The contract floor is the baseline plus only what the episode JSON requires of every",
        "parser: the SHA-256 and UTF-8 byte count, a line table, and per turn its seconds, text,",
        "word count and one `Turn` and `Span` record (`contract_floor` in the script).",
        "",
        "| size | MB | turns | episode_parse MB/s | turns/s | × baseline | contract floor × | episode_parse × floor "
        "| markdown-it-py × | srt × | webvtt-py × | peak MB per input MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        s = row.seconds
        ours = s["episode_parse"]
        lines.append(
            f"| {row.scale}x | {row.megabytes:.2f} | {row.turns} | {row.megabytes / ours:.1f} | {row.turns / ours:,.0f} "
            f"| {ours / s['baseline']:.2f} | {s[FLOOR] / s['baseline']:.2f} | {ours / s[FLOOR]:.2f} | "
            + " | ".join(f"{s[name] / s['baseline']:.1f}" for name in OTHERS)
            + f" | {row.peak_per_mb:.2f} |"
        )
    lines += [
        "",
        "The other parsers' columns are their own time over the baseline's; each reads the same",
        "document (markdown-it-py) or the same turns written as SRT and WebVTT (srt, webvtt-py).",
        "",
        "| size | episode_parse ms | baseline ms | contract floor ms | markdown-it-py ms | srt ms | webvtt-py ms "
        "| µs per turn: episode_parse / floor / srt / webvtt-py |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        s = row.seconds
        names = ("episode_parse", "baseline", FLOOR, *OTHERS)
        per_turn = " / ".join(f"{s[n] / row.turns * 1e6:.1f}" for n in ("episode_parse", FLOOR, "srt", "webvtt-py"))
        lines.append(f"| {row.scale}x | " + " | ".join(f"{s[n] * 1e3:.1f}" for n in names) + f" | {per_turn} |")
    lines += [
        "",
        "Where the time goes: each stage of the pipeline timed on its own (medians, fed the",
        "previous stage's output), in milliseconds and as a multiple of the baseline's time.",
        "",
        "| size | " + " | ".join(STAGES) + " | sum × baseline |",
        "| ---: | " + " | ".join("---:" for _ in STAGES) + " | ---: |",
    ]
    for row in rows:
        base = row.seconds["baseline"]
        cells = " | ".join(f"{row.stages[n] * 1e3:.1f} ({row.stages[n] / base:.1f}×)" for n in STAGES)
        lines.append(f"| {row.scale}x | {cells} | {sum(row.stages.values()) / base:.1f} |")
    lines += ["", "Targets (full parse: records, links and diagnostics):", ""]
    for check, ok in targets(rows, start):
        lines.append(f"- {'met' if ok else '**missed**'}: {check}")
    return "\n".join(lines) + "\n"


def _per_byte(row: Row, name: str) -> float:
    return row.seconds[name] / row.megabytes


def targets(rows: Sequence[Row], start: tuple[float, float] | None) -> list[tuple[str, bool]]:
    """Each target as (what was measured, whether it holds)."""
    by = {r.scale: r for r in rows}
    out: list[tuple[str, bool]] = []
    # Issue 14's targets: against the contract floor (what any pure-Python
    # parser of this JSON contract pays) and against the peers on the same work.
    for row in rows:
        limit = 1.6 if row.scale == 1 else 1.3
        ratio = row.seconds["episode_parse"] / row.seconds[FLOOR]
        base = row.seconds["episode_parse"] / row.seconds["baseline"]
        out.append(
            (
                f"{row.scale}x: {ratio:.2f}× the contract floor's time (at most {limit}×, aim 1.2×; "
                f"{base:.2f}× the bare baseline's)",
                ratio <= limit,
            )
        )
    big = [r for r in rows if r.megabytes >= 1.0]
    if big:
        row = big[0]
        ours = row.seconds["episode_parse"]
        floor = row.seconds[FLOOR]
        md = row.seconds["markdown-it-py"]
        out.append(
            (
                f"{row.scale}x ({row.megabytes:.1f} MB): {md / ours:.1f}× faster than markdown-it-py "
                f"(at least 6×; the contract floor: {md / floor:.1f}×)",
                md / ours >= 6,
            )
        )
        for name in ("srt", "webvtt-py"):
            other = row.seconds[name]
            out.append(
                (
                    f"{row.scale}x: {other / ours:.1f}× faster per turn than {name} "
                    f"(at least 2×; the contract floor: {other / floor:.1f}×)",
                    other / ours >= 2,
                )
            )
    for row in rows:
        ratio = row.seconds[JSON] / row.seconds["episode_parse"]
        out.append(
            (f"{row.scale}x: parse and JSON take {ratio:.2f}× the time of parse alone (at most 1.3×)", ratio <= 1.3)
        )
    if 10 in by and 100 in by:
        growth = _per_byte(by[100], "episode_parse") / _per_byte(by[10], "episode_parse")
        floor = _per_byte(by[100], "baseline") / _per_byte(by[10], "baseline")
        out.append(
            (
                f"per-byte time at 100x over that at 10x: {growth:.3f} (at most 1.10; the baseline's own: {floor:.3f})",
                growth <= 1.10,
            )
        )
    worst = max(r.peak_per_mb for r in rows)
    out.append((f"peak memory {worst:.2f} MB per input MB at worst (at most 4)", worst <= 4))
    if start is not None:
        convert, floor = start
        over = (convert - floor) * 1e3
        out.append(
            (
                f"`episode-parse convert` on the reference: {convert * 1e3:.0f} ms, "
                f"{over:+.1f} ms over `python -c 'import attrs, orjson'` ({floor * 1e3:.0f} ms; at most +15 ms)",
                over <= 15,
            )
        )
    return out


def write_benchmarks_md(body: str, path: Path = BENCHMARKS_MD) -> None:
    head = (
        "# Benchmarks\n\n"
        "Regenerated by `python benchmarks/bench_parse.py --write` (needs `pip install -e '.[bench]'`);\n"
        "do not edit by hand.  The machines are shared and noisy: read the ratios, not the times.\n\n"
    )
    path.write_text(head + body, encoding="utf-8")


# cue files --------------------------------------------------------------------

CUE_SCALE = 10
"""The corpus's cue files are read at this many times their size."""

CORPUS = SHARED / "corpus"
_CUE_TIME = re.compile(r"(\d\d+):(\d\d):(\d\d)([,.])(\d\d\d)")


def scaled_cues(text: str, factor: int) -> str:
    """A cue file ``factor`` times over: its cues repeated, later copies shifted past the end, SRT indices renumbered."""
    header, body = ("", text)
    if text.startswith("WEBVTT"):
        cut = text.find("\n\n")
        header, body = text[: cut + 2], text[cut + 2 :]
    ends = [
        int(h) * 3_600_000 + int(m) * 60_000 + int(sec) * 1000 + int(ms) for h, m, sec, _, ms in _CUE_TIME.findall(body)
    ]
    span = max(ends, default=0) + 1000

    def shift(m: re.Match[str], offset: int) -> str:
        t = int(m[1]) * 3_600_000 + int(m[2]) * 60_000 + int(m[3]) * 1000 + int(m[5]) + offset
        return f"{t // 3_600_000:02d}:{t // 60_000 % 60:02d}:{t // 1000 % 60:02d}{m[4]}{t % 1000:03d}"

    copies = [_CUE_TIME.sub(functools.partial(shift, offset=k * span), body) for k in range(factor)]
    lines = (header + "\n\n".join(c.strip("\n") for c in copies) + "\n").split("\n")
    index = 0
    for k, line in enumerate(lines[:-1]):
        if line.strip().isdigit() and "-->" in lines[k + 1]:
            index += 1
            lines[k] = str(index)
    return "\n".join(lines)


@attrs.frozen
class CueRow:
    """One corpus cue file read at :data:`CUE_SCALE` times its size."""

    name: str
    fmt: str
    cues: int
    seconds: dict[str, float]


def measure_cues(rounds_factor: float, progress: bool) -> list[CueRow]:
    """episode_parse against ``list(srt.parse(...))`` or webvtt-py on each SRT and WebVTT file of the corpus."""
    import srt
    import webvtt

    from episode_parse import parse

    rows = []
    for path in sorted([*CORPUS.glob("*/*.srt"), *CORPUS.glob("*/*.vtt")]):
        text = scaled_cues(path.read_text(encoding="utf-8"), CUE_SCALE)
        fmt = "srt" if path.suffix == ".srt" else "webvtt"
        episode = parse(text, format=fmt)
        peer = (
            Contender("srt", functools.partial(_srt_parse, srt.parse, text), len(episode.segments))
            if fmt == "srt"
            else Contender("webvtt-py", functools.partial(webvtt.from_string, text), len(episode.segments))
        )
        ours = Contender("episode_parse", functools.partial(parse, text, format=fmt), len(episode.segments))
        rounds = max(5, round(15 * rounds_factor))
        if progress:
            print(f"  {path.name} x{CUE_SCALE}: {len(episode.segments)} cues, {rounds} rounds", file=sys.stderr)
        rows.append(
            CueRow(str(path.relative_to(CORPUS)), fmt, len(episode.segments), time_rounds([ours, peer], rounds))
        )
    return rows


CUE_TARGET = 2.0
"""episode_parse reads SRT and WebVTT at least this many times faster than the srt library and webvtt-py."""


def cue_report(rows: Sequence[CueRow]) -> str:
    """The cue-file table and its targets, as Markdown."""
    lines = [
        "",
        f"Cue files: every SRT and WebVTT file of the corpus at {CUE_SCALE}x its size (cues repeated, times",
        "shifted), read by `parse` (records with spans, turns, speakers and the rules) and by the peer:",
        "`list(srt.parse(text))` or `webvtt.from_string(text)`.",
        "",
        "| file | cues | episode_parse ms | peer | peer ms | peer × episode_parse | µs per cue: ours / peer |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    totals: dict[str, list[float]] = {}
    for row in rows:
        peer = "srt" if row.fmt == "srt" else "webvtt-py"
        ours, theirs = row.seconds["episode_parse"], row.seconds[peer]
        t = totals.setdefault(peer, [0.0, 0.0])
        t[0] += ours
        t[1] += theirs
        lines.append(
            f"| {row.name} | {row.cues} | {ours * 1e3:.1f} | {peer} | {theirs * 1e3:.1f} | {theirs / ours:.2f} "
            f"| {ours / row.cues * 1e6:.1f} / {theirs / row.cues * 1e6:.1f} |"
        )
    lines += ["", "Targets (cue files):", ""]
    for peer, (ours, theirs) in totals.items():
        ok = theirs / ours >= CUE_TARGET
        what = "SRT" if peer == "srt" else "WebVTT"
        lines.append(
            f"- {'met' if ok else '**missed**'}: reading {what} {theirs / ours:.2f}× faster than {peer} over the "
            f"corpus files (at least {CUE_TARGET:g}×)"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--scales", type=int, nargs="+", default=list(SCALES), metavar="N", help="sizes to build")
    parser.add_argument("--rounds", type=float, default=1.0, help="multiply the number of rounds by this")
    parser.add_argument("--no-startup", action="store_true", help="skip the command-line start-up measurement")
    parser.add_argument("--no-cues", action="store_true", help="skip the corpus's SRT and WebVTT files")
    parser.add_argument("--cues-only", action="store_true", help="measure only the corpus's SRT and WebVTT files")
    parser.add_argument("--write", action="store_true", help=f"rewrite {BENCHMARKS_MD.name} with the results")
    args = parser.parse_args(argv)

    ref = load_reference()
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    about = (when, machine(), versions())
    print(f"bench_parse: {ref.name}", file=sys.stderr)
    if args.cues_only:
        print(cue_report(measure_cues(args.rounds, progress=True)))
        return 0
    rows = measure(ref, args.scales, args.rounds, progress=True)
    start = None
    if not args.no_startup:
        if REFERENCE.is_file():
            path = REFERENCE
        else:
            path = Path(tempfile.mkdtemp()) / "reference.md"
            path.write_text(ref.text, encoding="utf-8")
        print("  start-up", file=sys.stderr)
        start = startup(path, max(5, round(15 * args.rounds)))
    body = report(ref, rows, start, about)
    if not args.no_startup:
        body += import_times(path, max(3, round(7 * args.rounds)))
    if not args.no_cues and CORPUS.is_dir():
        body += cue_report(measure_cues(args.rounds, progress=True))
    print(body)
    if args.write:
        write_benchmarks_md(body)
        print(f"bench_parse: wrote {BENCHMARKS_MD}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
