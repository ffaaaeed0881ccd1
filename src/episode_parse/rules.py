"""Stage 6: rules that look at the linked episode and report what is wrong.

Each rule is a plain function ``(doc, episode) -> Iterable[Diagnostic]``;
:data:`RULES` lists them in the order they run.  The timestamp and merge
findings that the earlier stages see directly (TS001, TS003, TR001, TR007,
NT001, NT002, DOC001/002/007) are reported there instead.
"""

from __future__ import annotations

import array
import bisect
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs

from episode_parse.diagnostics import make
from episode_parse.layouts import match_turn
from episode_parse.read import Document
from episode_parse.records import Diagnostic, Episode, Span, Turn
from episode_parse.timestamps import read_timestamp

Rule = Callable[[Document, Episode], Iterable[Diagnostic]]

_NUL_RUN = re.compile("\x00+")
_PLAIN_CLOCK = re.compile(r"\d{1,3}(?::\d\d){1,2}", re.ASCII)
_ENDS_SENTENCE = frozenset(".!?…。！？:;\"'”’)]}>*_—–-")


def document_rules(doc: Document, episode: Episode) -> Iterator[Diagnostic]:
    """DOC003 NUL characters, DOC004 mixed line endings, DOC005 empty, DOC006 no transcript."""
    text = doc.text
    if "\x00" in text:
        for m in _NUL_RUN.finditer(text):
            n = m.end() - m.start()
            yield make("DOC003", doc.span(m.start(), m.end()), f"{n} NUL character{'s' if n > 1 else ''} in the text")
    kinds = [k for k, n in doc.endings.items() if n]
    if len(kinds) > 1:
        usual = max(kinds, key=lambda k: doc.endings[k])
        counts = ", ".join(f"{doc.endings[k]} {k}" for k in kinds)
        for kind in kinds:
            if kind != usual:
                line = doc.first_ending[kind]
                yield make(
                    "DOC004", doc.line_span(line), f"line ends with {kind} while most end with {usual} ({counts})"
                )
    if not text or text.isspace():  # not text.strip(), which copies the whole text
        yield make("DOC005", doc.span(0, len(text)))
    elif not episode.turns:
        yield make("DOC006", doc.span(0, 0))


def timestamp_order(doc: Document, episode: Episode) -> Iterator[Diagnostic]:
    """TS002: turns whose start breaks the order, found as the fewest outliers."""
    timed = [(k, t.start) for k, t in enumerate(episode.turns) if t.start is not None]
    values = [s for _, s in timed]
    dropped = _out_of_order(values, strict=False)
    for pos, (before, after) in sorted(_kept_around(values, dropped).items()):
        k = timed[pos][0]
        turn = episode.turns[k]
        assert turn.timestamp is not None
        where = _timestamp_span(doc, turn)
        low = 0.0 if before is None else before
        high = float("inf") if after is None else after
        around = f"{_clock(before) if before is not None else 'the start'} to {_clock(after) if after is not None else 'the end'}"
        message = f"timestamp {turn.timestamp} is out of order: the turns around it run from {around}"
        yield make("TS002", where, message, _digit_fix(turn.timestamp, low, high))


def turn_rules(doc: Document, episode: Episode) -> Iterator[Diagnostic]:
    """TR002 empty turn, TR003 same speaker again, TR004 split mid-sentence, TR006 missing timestamp."""
    turns = episode.turns
    timed = sum(1 for t in turns if t.timestamp is not None)
    for k, turn in enumerate(turns):
        if not turn.text:
            yield make("TR002", turn.span, f"turn of {turn.speaker} has no text")
        if turn.timestamp is None and timed * 2 >= len(turns):
            yield make("TR006", turn.span if not turn.text else _header_span(doc, turn), None)
        if k == 0:
            continue
        prev = turns[k - 1]
        if prev.speaker == turn.speaker:
            yield make("TR003", _header_span(doc, turn), f"{turn.speaker} again, right after their previous turn")
        if prev.text and turn.text and prev.text[-1] not in _ENDS_SENTENCE and turn.text[0].islower():
            yield make(
                "TR004",
                _header_span(doc, turn),
                f"the turn of {prev.speaker} stops mid-sentence ({_tail(prev.text)!r}) and this one starts "
                f"mid-sentence ({_head(turn.text)!r}): the boundary is probably misplaced",
            )


def speaker_names(doc: Document, episode: Episode) -> Iterator[Diagnostic]:
    """TR005: names that differ only by case, spacing or invisible characters."""
    groups: dict[str, list[str]] = {}
    counts = Counter(t.speaker for t in episode.turns)
    for speaker in episode.speakers:
        groups.setdefault(_name_key(speaker.name), []).append(speaker.name)
    usual_of: dict[str, str] = {}
    for names in groups.values():
        if len(names) > 1:
            # The most frequent spelling; of equals, the first seen (max keeps the first).
            usual = max(names, key=counts.__getitem__)
            usual_of.update(dict.fromkeys(names, usual))
    for speaker in episode.speakers:
        usual = usual_of.get(speaker.name, speaker.name)
        if speaker.name != usual:
            yield make(
                "TR005",
                speaker.span,
                f"speaker {speaker.name!r} is probably {usual!r} written another way",
                usual,
            )


def chapter_rules(doc: Document, episode: Episode) -> Iterator[Diagnostic]:
    """CH001 to CH006."""
    chapters = episode.chapters
    if not chapters:
        return
    first = chapters[0]
    if first.start is not None and first.start != 0:
        yield make("CH001", first.span, f"first chapter starts at {first.timestamp}, not 0:00")
    if len(chapters) < 3:
        yield make(
            "CH005",
            first.span,
            f"only {len(chapters)} chapter{'s' if len(chapters) > 1 else ''}; at least three expected",
        )
    timed = [(k, c.start) for k, c in enumerate(chapters) if c.start is not None]
    for pos in sorted(_out_of_order([s for _, s in timed], strict=True)):
        k = timed[pos][0]
        yield make("CH002", chapters[k].span, f"chapter at {chapters[k].timestamp} is out of order")
    last_time = max((t.start for t in episode.turns if t.start is not None), default=None)
    seen: dict[str, int] = {}
    for k, chapter in enumerate(chapters):
        if last_time is not None and chapter.start is not None and chapter.start > last_time:
            yield make(
                "CH003",
                chapter.span,
                f"chapter at {chapter.timestamp} starts after the last turn ({_clock(last_time)})",
            )
        key = " ".join(chapter.title.casefold().split())
        if key in seen:
            yield make("CH004", chapter.span, f"chapter title {chapter.title!r} repeats chapter {seen[key] + 1}")
        else:
            seen[key] = k
        if chapter.start is not None and chapter.end is not None and 0 <= chapter.end - chapter.start < 10:
            length = int(chapter.end - chapter.start)
            yield make(
                "CH006", chapter.span, f"chapter at {chapter.timestamp} lasts {length} seconds; at least 10 expected"
            )


def notes_rules(doc: Document, episode: Episode) -> Iterator[Diagnostic]:
    """NT003 claim with no body and no quote, NT004 empty section."""
    for claim in episode.claims:
        if not claim.body and not claim.quotes:
            yield make("NT003", claim.span)
    sections = episode.sections
    for k, section in enumerate(sections):
        if section.level == 0:
            continue
        heading_only = section.span.end_line == section.span.line
        next_level = sections[k + 1].level if k + 1 < len(sections) else 0
        if heading_only and (k + 1 == len(sections) or next_level <= section.level):
            yield make("NT004", section.span, f"section {section.title!r} has no content")


RULES: tuple[Rule, ...] = (document_rules, timestamp_order, turn_rules, speaker_names, chapter_rules, notes_rules)
"""The rules, in the order they run."""


def run_rules(doc: Document, episode: Episode) -> Episode:
    """The episode with every rule's findings added and all diagnostics sorted by position, then code."""
    found = list(episode.diagnostics)
    for rule in RULES:
        found.extend(rule(doc, episode))
    found.sort(key=lambda d: (d.span.start, d.span.end, d.code))
    return attrs.evolve(episode, diagnostics=tuple(found))


# helpers --------------------------------------------------------------------


def _out_of_order(values: Sequence[float], *, strict: bool) -> set[int]:
    """Positions to leave out so that the rest is ordered: the complement of one longest ordered subsequence.

    They are the fewest that must move for the rest to be in order: one wrong
    timestamp leaves out just that one.  When two choices are equally long
    (``00:11:00, 01:11:17, 00:12:01``), the values left out are the ones
    farther from the median, which is where a wrong digit puts a timestamp;
    if that ties too, the later value is left out, where a reader sees the
    order break.
    """
    if all(a < b if strict else a <= b for a, b in itertools.pairwise(values)):
        return set()
    drop_earlier = _patience(values, strict=strict, backwards=False)
    drop_later = _patience(values, strict=strict, backwards=True)
    if drop_earlier == drop_later:
        return drop_later
    ordered = sorted(values)
    median = ordered[len(ordered) // 2]

    def deviation(dropped: set[int]) -> float:
        return sum(abs(values[i] - median) for i in dropped)

    return drop_earlier if deviation(drop_earlier) > deviation(drop_later) else drop_later


def _kept_around(values: Sequence[float], dropped: set[int]) -> dict[int, tuple[float | None, float | None]]:
    """For each dropped position, the nearest kept values before and after it (None at either end)."""
    around: dict[int, tuple[float | None, float | None]] = {}
    last: float | None = None
    for pos, value in enumerate(values):
        if pos in dropped:
            around[pos] = (last, None)
        else:
            last = value
    last = None
    for pos in range(len(values) - 1, -1, -1):
        if pos in dropped:
            around[pos] = (around[pos][0], last)
        else:
            last = values[pos]
    return around


def _patience(values: Sequence[float], *, strict: bool, backwards: bool) -> set[int]:
    """Positions outside one longest ordered subsequence (patience sorting, O(n log n)).

    Read forwards, ties keep the later values; read ``backwards``, the earlier.
    """
    n = len(values)
    # Read backwards, an ordered run is a decreasing one: negate the values.
    seq = [-v for v in reversed(values)] if backwards else values
    tails: list[float] = []  # the least last value of an ordered run of each length
    tail_pos: list[int] = []  # where that value is
    parent = array.array("l", [-1]) * n  # the position before each one in its run
    find = bisect.bisect_left if strict else bisect.bisect_right
    last = -math.inf
    for pos, value in enumerate(seq):
        # Mostly ordered input mostly extends the longest run: no search then.
        if value > last or (value == last and not strict):
            if tail_pos:
                parent[pos] = tail_pos[-1]
            tails.append(value)
            tail_pos.append(pos)
            last = value
            continue
        at = find(tails, value)
        tails[at] = value
        tail_pos[at] = pos
        if at:
            parent[pos] = tail_pos[at - 1]
        if at == len(tails) - 1:
            last = value
    kept = bytearray(n)
    pos = tail_pos[-1] if tail_pos else -1
    while pos >= 0:
        kept[pos] = 1
        pos = parent[pos]
    if backwards:
        kept.reverse()
    return {i for i in range(n) if not kept[i]}


def _digit_fix(timestamp: str, low: float, high: float) -> str | None:
    """A one-digit change that puts ``timestamp`` between ``low`` and ``high``, if exactly one does."""
    weights = _clock_weights(timestamp)
    value = sum(int(c) * w for c, w in zip(timestamp, weights, strict=True) if w) if weights else 0
    fixes = []
    for i, c in enumerate(timestamp):
        if not c.isdigit():
            continue
        for d in "0123456789":
            if d == c:
                continue
            # A plain clock's digits have place values: skip, unread, a change
            # that cannot land in range (a document of outliers has many).
            if weights and not low <= value + (int(d) - int(c)) * weights[i] <= high:
                continue
            candidate = timestamp[:i] + d + timestamp[i + 1 :]
            reading = read_timestamp(candidate)
            if reading.code is None and reading.seconds is not None and low <= reading.seconds <= high:
                fixes.append(candidate)
    return fixes[0] if len(fixes) == 1 else None


def _clock_weights(timestamp: str) -> list[int] | None:
    """Each character's place value in seconds (0 for a colon) when ``timestamp`` is a plain ``[H:]M:SS``."""
    if _PLAIN_CLOCK.fullmatch(timestamp) is None:
        return None
    weights = [0] * len(timestamp)
    unit, place = 1, 1
    for i in range(len(timestamp) - 1, -1, -1):
        if timestamp[i] == ":":
            unit, place = unit * 60, 1
        else:
            weights[i] = unit * place
            place *= 10
    return weights


def _timestamp_span(doc: Document, turn: Turn) -> Span:
    assert turn.timestamp is not None
    at = doc.text.find(turn.timestamp, turn.span.start, turn.span.end + 1)
    if at < 0:
        return _header_span(doc, turn)
    return doc.span(at, at + len(turn.timestamp))


def _header_span(doc: Document, turn: Turn) -> Span:
    """The turn header alone (speaker, timestamp and punctuation)."""
    # Headers are short: look at a bounded slice so long lines stay linear.
    rest = doc.lines[turn.span.line - 1][turn.span.column - 1 : turn.span.column + 255]
    hit = match_turn(rest, timed_only=False)
    length = len(hit[1].group().rstrip()) if hit is not None else len(rest.rstrip())
    return doc.span(turn.span.start, turn.span.start + length)


def _name_key(name: str) -> str:
    return "".join(c for c in name.casefold() if not c.isspace() and unicodedata.category(c) != "Cf")


def _clock(seconds: float) -> str:
    total = int(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _tail(text: str) -> str:
    return text[-30:]


def _head(text: str) -> str:
    return text[:30]
