"""Stage 6: rules that look at the linked episode and report what is wrong.

Each rule is a plain function ``(doc, episode) -> Iterable[Diagnostic]``;
:data:`RULES` lists them in the order they run.  The timestamp and merge
findings that the earlier stages see directly (TS001, TS003, TR001, TR007,
NT001, NT002, DOC001/002/007/008) are reported there instead.

At most :data:`~episode_parse.diagnostics.MAX_PER_CODE` findings of a code
are kept (:func:`run_rules`); a rule that could find one thing per line or
per byte also stops building findings past that and counts the rest in
``doc.unlisted``.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs

from episode_parse import tidy
from episode_parse.diagnostics import MAX_PER_CODE, Capped, cap, make
from episode_parse.layouts import TURN_LAYOUTS, match_turn
from episode_parse.read import Document
from episode_parse.records import Diagnostic, Edit, Episode, Fix, Span, Turn
from episode_parse.timestamps import read_timestamp

Rule = Callable[[Document, Episode], Iterable[Diagnostic]]

_NUL_RUN = re.compile("\x00+")
_CONTINUE_STARTS = tuple({s for layout in TURN_LAYOUTS if not layout.named for s in layout.starts})
_PLAIN_CLOCK = re.compile(r"\d{1,3}(?::\d\d){1,2}", re.ASCII)
_ENDS_SENTENCE = frozenset(".!?…。！？:;\"'”’)]}>*_—–-")

SHORTCUTS = True
"""Whether the rules pick, in bulk, the few turns that can have a finding and look only at those.

False looks at every turn the plain way; tests compare the two.
"""

# Characters that are never lowercase (str.islower() is False): a turn starting
# with one cannot be TR004's second turn.  Everything else is checked one by one.
_NEVER_LOWER = re.compile(r"[^A-Z0-9 \t\"'(\[*_.,!?¿¡…“‘-]")


def document_rules(doc: Document, episode: Episode) -> Iterator[Diagnostic]:
    """DOC003 NUL characters, DOC004 mixed line endings, DOC005 empty, DOC006 no transcript."""
    text = doc.text
    if _has_nul(doc):
        runs = _NUL_RUN.finditer(text)
        last = 0
        for m in itertools.islice(runs, MAX_PER_CODE + 1):
            n = m.end() - m.start()
            last = m.end()
            yield make("DOC003", doc.span(m.start(), m.end()), f"{n} NUL character{'s' if n > 1 else ''} in the text")
        # Past the cap: counted, not built (nor listed: findall's list was 8 bytes a run).
        more = sum(1 for _ in _NUL_RUN.finditer(text, last))
        if more:
            doc.unlisted["DOC003"] = doc.unlisted.get("DOC003", 0) + more
    yield from _line_endings(doc)
    if not text or text.isspace():  # not text.strip(), which copies the whole text
        yield make("DOC005", doc.span(0, len(text)))
    elif not episode.turns and episode.layout.format == "markdown":  # other formats say so themselves (FMT005)
        yield make("DOC006", doc.span(0, 0), _closest_layout(doc))


def _has_nul(doc: Document) -> bool:
    """Whether the text holds a NUL character."""
    # Reading from bytes found it with memchr (Document.has_nul); in a text of 2
    # or 4 bytes a character, "\x00" in text is a plain loop.
    return doc.has_nul if SHORTCUTS else "\x00" in doc.text


_TIMED_LINE = re.compile(r"[^\n]{0,80}?\d{1,2}[:.]\d\d")
_SHAPE = str.maketrans({"\t": " ", "T": "t"})
_STAMP_RUN = re.compile(r"\d[\d:.,]{0,20}")
_WORDS = re.compile(r"a(?:[a ]{0,120}a)?")


def _closest_layout(doc: Document) -> str | None:
    """DOC006's message for a document whose timed lines fit no layout: the layout they come closest to.

    Line starts are compared by shape (letters, digits and blanks collapsed), so
    ``Ana - 01:02 - Hi`` is near ``name-colon-time-line`` whatever the
    names.  Only the first three timed lines are looked at.
    """
    timed = [line[:120] for line in itertools.islice(doc.lines, 2000) if _TIMED_LINE.match(line)][:3]
    if not timed:
        return None
    import difflib  # only for documents with no transcript

    best = max(
        TURN_LAYOUTS,
        key=lambda layout: sum(
            difflib.SequenceMatcher(None, _shape(layout.example), _shape(line)).ratio() for line in timed
        ),
    )
    return (
        f"no transcript found: {len(timed)} line(s) hold times but fit no turn layout; "
        f"the closest is {best.name} ({best.example!r})"
    )


def _shape(line: str) -> str:
    """Words (letters and the blanks between them) as ``a``, a time as ``T``."""
    shape = _STAMP_RUN.sub("T", line.translate(_SHAPE))
    shape = "".join("a" if c.isalpha() and c != "T" else c for c in shape)
    return _WORDS.sub("a", shape)[:16]


def _line_endings(doc: Document) -> Iterator[Diagnostic]:
    """DOC004: each kind of line ending other than the usual one, at its first line."""
    kinds = [k for k, n in doc.endings.items() if n]
    if len(kinds) <= 1:
        return
    most = max(doc.endings[k] for k in kinds)
    # The usual kind is the most frequent; on a tie, the one the document starts with.
    usual = min((k for k in kinds if doc.endings[k] == most), key=doc.first_ending.__getitem__)
    tie = sum(doc.endings[k] == most for k in kinds) > 1
    counts = ", ".join(f"{doc.endings[k]} {k}" for k in kinds)
    for kind in kinds:
        if kind != usual:
            if doc.endings[kind] == most:
                why = f"as many end with {usual}, which the first line ends with ({counts})"
            elif tie:
                why = f"most end with {usual} or another kind ({counts})"
            else:
                why = f"most end with {usual} ({counts})"
            yield make(
                "DOC004",
                doc.line_span(doc.first_ending[kind]),
                f"line ends with {kind} while {why}",
                fix=_endings_fix(doc, kind, usual),
            )


def timestamp_order(doc: Document, episode: Episode) -> Iterator[Diagnostic]:
    """TS002: the turns link left out of the ordered run of starts (a null start, a timestamp that reads).

    Not for cue files: CUE004 reports each cue that goes back in time.
    """
    if episode.segments and episode.layout.format != "markdown":
        return
    turns = episode.turns
    starts = [t.start for t in turns]
    if None not in starts:  # the usual transcript: every turn in the ordered run
        return
    unstarted = itertools.compress(itertools.count(), map(operator.is_, starts, itertools.repeat(None)))
    outliers = [
        k for k in unstarted if (ts := turns[k].timestamp) is not None and read_timestamp(ts).seconds is not None
    ]
    if not outliers:
        return
    known = list(itertools.compress(itertools.count(), map(operator.is_not, starts, itertools.repeat(None))))
    for n, k in enumerate(outliers):
        if n > MAX_PER_CODE:  # past the cap: counted, not built (each suggestion tries many digits)
            doc.unlisted["TS002"] = doc.unlisted.get("TS002", 0) + len(outliers) - n
            return
        turn = turns[k]
        assert turn.timestamp is not None
        low, high = _around(starts, known, k)
        around = (
            f"{_clock(low) if low is not None else 'the start'} to {_clock(high) if high is not None else 'the end'}"
        )
        message = f"timestamp {turn.timestamp} is out of order: the turns around it run from {around}"
        suggestion = _digit_fix(turn.timestamp, low or 0.0, math.inf if high is None else high)
        where = _timestamp_span(doc, turn)
        fix = None
        if suggestion is not None and doc.text[where.start : where.end] == turn.timestamp:
            fix = Fix("safe", f"replace {turn.timestamp} with {suggestion}", (Edit(where, suggestion),))
        yield make("TS002", where, message, suggestion, fix)


def _around(starts: Sequence[float | None], known: Sequence[int], k: int) -> tuple[float | None, float | None]:
    """The nearest known start before turn ``k`` and after it (None at either end); ``known`` lists the turns with one."""
    i = bisect.bisect_left(known, k)
    return (starts[known[i - 1]] if i else None), (starts[known[i]] if i < len(known) else None)


def turn_rules(doc: Document, episode: Episode) -> Iterator[Diagnostic]:
    """TR002 empty turn, TR003 same speaker again, TR004 split mid-sentence, TR006 missing timestamp."""
    turns = episode.turns
    stamps = [t.timestamp for t in turns]
    untimed = stamps.count(None)
    flag_untimed = (len(turns) - untimed) * 2 >= len(turns)  # most turns timed: the others miss theirs
    picked = _turns_to_check(turns, stamps if flag_untimed and untimed else None) if SHORTCUTS else range(len(turns))
    for k in picked:
        yield from _turn_findings(doc, turns, k, flag_untimed)


def _turns_to_check(turns: Sequence[Turn], stamps: list[str | None] | None) -> Iterable[int]:
    """The turns that can have a TR002, TR003, TR004 or TR006 finding (a few more), in order.

    ``stamps`` are the turns' timestamps when untimed turns are to be reported.
    """
    try:
        # A turn with no text stops the bulk checks (t.text[0]): every turn is looked at.
        heads = "".join([t.text[0] for t in turns])
    except IndexError:
        return range(len(turns))
    # TR004's second turn starts with a lowercase letter: a regex skips, in C, the
    # heads that cannot be one (most start with a capital).
    picked = {k for m in _NEVER_LOWER.finditer(heads) if (k := m.start()) and heads[k].islower()}
    speakers = [t.speaker for t in turns]
    # TR003: the same speaker as the turn before (two unnamed turns too, looked at and skipped).
    picked.update(itertools.compress(itertools.count(1), map(operator.eq, speakers[1:], speakers)))
    if stamps is not None:  # TR006
        picked.update(itertools.compress(itertools.count(), map(operator.is_, stamps, itertools.repeat(None))))
    return sorted(picked)


def _turn_findings(doc: Document, turns: Sequence[Turn], k: int, flag_untimed: bool) -> Iterator[Diagnostic]:
    """The findings of turn ``k``, in the order of its checks."""
    turn = turns[k]
    if not turn.text:
        yield make("TR002", turn.span, f"turn of {_who(turn)} has no text")
    if turn.timestamp is None and flag_untimed:
        yield make("TR006", turn.span if not turn.text else _header_span(doc, turn), None)
    if k == 0:
        return
    prev = turns[k - 1]
    if prev.speaker is None and turn.speaker is None:
        return  # no names to compare; lines or cues without speakers split anywhere
    if turn.speaker is not None and prev.speaker == turn.speaker and not _continues(doc, turn):
        yield make("TR003", _header_span(doc, turn), f"{turn.speaker} again, right after their previous turn")
    if prev.text and turn.text and prev.text[-1] not in _ENDS_SENTENCE and turn.text[0].islower():
        yield make(
            "TR004",
            _header_span(doc, turn),
            f"the turn of {_who(prev)} stops mid-sentence ({_tail(prev.text)!r}) and this one starts "
            f"mid-sentence ({_head(turn.text)!r}): the boundary is probably misplaced",
        )


def speaker_names(doc: Document, episode: Episode) -> Iterator[Diagnostic]:
    """TR005: names that differ only by case, spacing or invisible characters."""
    groups: dict[str, list[str]] = {}
    for speaker in episode.speakers:
        groups.setdefault(_name_key(speaker.name), []).append(speaker.name)
    usual_of: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for names in groups.values():
        if len(names) > 1:
            if not counts:  # counted only when two names may be one (most episodes: never)
                counts = Counter(t.speaker for t in episode.turns if t.speaker is not None)
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
    for chapter in chapters:
        # Link left the outliers out of the ordered chapters: a null start, a timestamp that reads.
        if chapter.start is None and read_timestamp(chapter.timestamp).seconds is not None:
            yield make("CH002", chapter.span, f"chapter at {chapter.timestamp} is out of order")
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
    chapter_lines = {c.span.line for c in episode.chapters}  # a heading that is a chapter is content
    for k, section in enumerate(sections):
        if section.level == 0:
            continue
        heading_only = section.span.end_line == section.span.line and section.span.line not in chapter_lines
        next_level = sections[k + 1].level if k + 1 < len(sections) else 0
        if heading_only and (k + 1 == len(sections) or next_level <= section.level):
            yield make("NT004", section.span, f"section {section.title!r} has no content")


RULES: tuple[Rule, ...] = (
    document_rules,
    timestamp_order,
    turn_rules,
    speaker_names,
    chapter_rules,
    notes_rules,
    tidy.tidy_rules,
)
"""The rules, in the order they run."""


def run_rules(doc: Document, episode: Episode) -> Episode:
    """The episode with every rule's findings added, sorted by position then code, and capped.

    At most :data:`~episode_parse.diagnostics.MAX_PER_CODE` findings of a
    code are listed; one more, at the first left out, says how many were.
    """
    found = Capped()  # at most the cap + 1 of a code alive at once, however many a rule yields
    for d in episode.diagnostics:
        found.add(d)
    for rule in RULES:
        for d in rule(doc, episode):
            found.add(d)
    unlisted = dict(doc.unlisted)
    for code, n in found.unlisted().items():
        unlisted[code] = unlisted.get(code, 0) + n
    return attrs.evolve(episode, diagnostics=tuple(cap(found.kept, unlisted)))


# helpers --------------------------------------------------------------------


def _digit_fix(timestamp: str, low: float, high: float) -> str | None:
    """A one-digit change that puts ``timestamp`` between ``low`` and ``high``, if exactly one does."""
    weights = _clock_weights(timestamp)
    value = sum(int(c) * w for c, w in zip(timestamp, weights, strict=True) if w) if weights else 0
    fixes = []
    for i, c in enumerate(timestamp):
        if not c.isdigit():
            continue
        # A plain clock's digits have place values: skip, unread, a change that cannot
        # land in range (a document of outliers has many), a whole place at once when
        # none of its ten digits can (int() of a character costs as much as a reading).
        base = value - int(c) * weights[i] if weights else 0
        if weights and (base > high or base + 9 * weights[i] < low):
            continue
        for n, d in enumerate("0123456789"):
            if d == c:
                continue
            if weights and not low <= base + n * weights[i] <= high:
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


_ENDINGS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


def _endings_fix(doc: Document, kind: str, usual: str) -> Fix:
    """Every line ending of ``kind`` rewritten as ``usual``."""
    text, lines, starts = doc.text, doc.lines, doc.starts
    wrong, right = _ENDINGS[kind], _ENDINGS[usual]
    edits = []
    for i in range(len(lines) - 1):
        end = starts[i] + len(lines[i])
        if text[end : starts[i + 1]] == wrong:
            edits.append(Edit(Span(end, starts[i + 1], i + 1, len(lines[i]) + 1, i + 2, 1), right))
    return Fix(
        "safe", f"rewrite {len(edits)} {kind} line ending{'s' if len(edits) > 1 else ''} as {usual}", tuple(edits)
    )


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


def _who(turn: Turn) -> str:
    return turn.speaker if turn.speaker is not None else "an unnamed speaker"


def _continues(doc: Document, turn: Turn) -> bool:
    """Whether the turn's header has no name and goes on with the previous speaker (Lenny's ``(00:12:30):``, changelog's ``\\[12:51\\]``)."""
    line = doc.lines[turn.span.line - 1]
    if not line.startswith(_CONTINUE_STARTS, turn.span.column - 1):
        return False
    hit = match_turn(line[turn.span.column - 1 : turn.span.column + 40], timed_only=True)
    return hit is not None and (hit[0].continues or not hit[0].named)


def _name_key(name: str) -> str:
    return "".join(c for c in name.casefold() if not c.isspace() and unicodedata.category(c) != "Cf")


def _clock(seconds: float) -> str:
    total = int(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


EXCERPT = 30
"""About how many characters of a turn TR004 quotes at each side of the boundary."""


def _tail(text: str) -> str:
    """The end of ``text``, about :data:`EXCERPT` characters, starting at a word (``…`` where cut)."""
    if len(text) <= EXCERPT:
        return text
    cut = text[-EXCERPT:]
    if not text[-EXCERPT - 1].isspace():  # the cut falls inside a word: start at the next one
        space = next((i for i, c in enumerate(cut) if c.isspace()), None)
        if space is not None:
            cut = cut[space:]
    return "…" + cut.lstrip()


def _head(text: str) -> str:
    """The start of ``text``, about :data:`EXCERPT` characters, ending at a word (``…`` where cut)."""
    if len(text) <= EXCERPT:
        return text
    cut = text[:EXCERPT]
    if not text[EXCERPT].isspace():  # the cut falls inside a word: end at the one before
        space = next((i for i in range(len(cut) - 1, 0, -1) if cut[i].isspace()), None)
        if space is not None:
            cut = cut[:space]
    return cut.rstrip() + "…"
