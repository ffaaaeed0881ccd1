"""Hypothesis strategies: valid episodes built from the real records, and known mistakes.

:func:`episodes` builds clean :class:`Episode` records (``st.builds`` of the
record classes, then :func:`relink` derives the linked fields the way the
pipeline's link stage defines them).  "Clean" means the rules have nothing
to say about it: the generated episode carries no diagnostics, so the
document round trip also checks that the parser reports nothing spurious.
That is why, for instance, chapters start at 0:00, are at least 10 seconds
apart and number three or more, and no speaker follows themselves.

Spans of a generated episode are placeholders (:data:`NOWHERE`): where a
record lies is whatever ``parse(render(e))`` says.  :func:`content` is the
comparison that ignores them.

Generated text stays inside the documented language of the parser.  Where a
rule is ambiguous on purpose (a bold ``**Name**:`` is a turn header or a
claim depending on the rest of the document) the strategy avoids the
ambiguity and says why; a parser that gets a generated episode wrong is
fixed, not worked around here.

The mutation strategies (:func:`malformed_timestamps`, :func:`out_of_order`,
:func:`merged_turns`, :func:`split_mid_sentence`) take a rendered clean
episode and inject one kind of mistake with known ground truth: which
diagnostic code, on which line, and what the records must still say.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import attrs
from hypothesis import strategies as st

from episode_parse import Chapter, Claim, Episode, Quote, Section, Source, Span, Speaker, Turn, render
from episode_parse.notes import LABELS
from episode_parse.records import SCHEMA_VERSION, Layout, Role
from episode_parse.timestamps import LOOKALIKE_COLONS

NOWHERE = Span(0, 0, 1, 1, 1, 1)
"""Placeholder span of generated records; :func:`content` ignores spans."""

_SOURCE = Source(None, "0" * 64, 0, 0, NOWHERE)
"""Placeholder source of generated records; :func:`content` ignores it."""

MAX_SECONDS = 99 * 3600 + 59 * 60 + 59
"""The latest time an ``HH:MM:SS`` timestamp can write."""


def content(episode: Episode) -> dict[str, Any]:
    """Everything an episode says except where and how it says it: the JSON without ``source``, ``layout`` and spans.

    Two episodes have the same content when their records agree field by
    field (diagnostics included, by code, severity, message and suggestion)
    whatever document positions they were read from.
    """
    data: dict[str, Any] = json.loads(episode.to_json())
    del data["source"], data["layout"]
    stripped: dict[str, Any] = _drop_spans(data)
    return stripped


def _drop_spans(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_spans(v) for k, v in value.items() if k != "span"}
    if isinstance(value, list):
        return [_drop_spans(v) for v in value]
    return value


# text -----------------------------------------------------------------------

_LETTER = st.characters(categories=("Lu", "Ll", "Lt", "Lm", "Lo")) | st.characters(
    min_codepoint=0xAC00, max_codepoint=0xD7A3
)
"""A letter of any script; Hangul syllables (the reference notes are Korean) are drawn often."""

_SPECIAL = '*[]\u201c\u201d"\r\n\x00\ufeff'
"""What symbol tokens never hold: bold and bracket markers (which could make a
turn header inside text), quotation marks (which make quotes in the notes),
line breaks, NUL (a DOC003 warning, so not clean) and U+FEFF (a byte-order mark
inside the text is DOC009: files joined with their marks leave it there)."""

_SYMBOL = st.characters(exclude_categories=["Cs"], exclude_characters=_SPECIAL)
"""Any other character: punctuation, digits, symbols, marks, U+2028, NEL, controls."""

_SEPARATOR = st.sampled_from([" ", " ", " ", " ", "  ", "\t", "\u00a0", "\u3000", "\u2028", "\x85", "\x0b"])
"""Space between tokens; U+2028, NEL and VT are ordinary characters inside a line."""

# Bracketed asides as transcription services write them (lenny: [inaudible 00:00:42]).
_ASIDES = ("[crosstalk]", "[laughs]", "[inaudible 00:00:42]")


@functools.cache
def words(max_size: int = 10) -> st.SearchStrategy[str]:
    """One word of letters of any script."""
    return st.text(_LETTER, min_size=1, max_size=max_size)


_TOKEN = st.one_of(
    st.builds(lambda w, p: w + p, words(), st.sampled_from(",.;:!?…。、")),
    st.integers(0, 10**6).map(str),
    words().map(lambda w: f"**{w}**"),  # emphasis inside a sentence is not a claim or a header
    st.text(_SYMBOL, min_size=1, max_size=6),
    st.sampled_from(_ASIDES),
)
"""A token of prose other than a bare word."""


@attrs.frozen
class Vocabulary:
    """What one episode's prose is made of, drawn once.

    Drawing every character of every word makes examples slow to generate;
    drawing a small vocabulary per episode and sentences from it is cheap
    and still varies the scripts and symbols from one example to the next.
    """

    words: tuple[str, ...]
    """Words of letters."""
    tokens: tuple[str, ...]
    """Words and other tokens: punctuated words, numbers, emphasis, symbols, asides."""

    @property
    def openers(self) -> tuple[str, ...]:
        """The tokens a line may open with.

        Not one opening with ``#``, a fence character, a digit, a list or
        bold marker, a bracket or a parenthesised number: a line like that
        can be a heading, a code fence, a chapter line (``(00:54) Title``) or
        a turn header, block-level syntax that a line of prose does not start
        with in the wild either.
        """
        return tuple(
            t
            for t in self.tokens
            if not (t[0] in "#`~*+-[" or t[0].isdigit() or t[0].isspace() or (t[0] == "(" and t[1:2].isdigit()))
        )


VOCABULARIES = st.builds(
    lambda w, t: Vocabulary(tuple(w), tuple(w) + tuple(t)),
    st.lists(words(), min_size=2, max_size=8),
    st.lists(_TOKEN, max_size=8),
)


def line(draw: st.DrawFn, v: Vocabulary, max_tokens: int = 6) -> str:
    """One line of prose, opening with one of ``v.openers``."""
    text = draw(st.sampled_from(v.openers))
    for _ in range(draw(st.integers(0, max_tokens))):
        text += draw(_SEPARATOR) + draw(st.sampled_from(v.tokens))
    return text.rstrip()


def paragraph(draw: st.DrawFn, v: Vocabulary, max_lines: int = 2, max_tokens: int = 6) -> str:
    """Lines joined by single line breaks, some after a hard break (two spaces) as Markdown writers use."""
    text = line(draw, v, max_tokens)
    for _ in range(draw(st.integers(1, max_lines)) - 1):
        text += draw(st.sampled_from(["\n", "\n", "  \n"])) + line(draw, v, max_tokens)
    return text


def prose(draw: st.DrawFn, v: Vocabulary) -> str:
    """Paragraphs separated by a blank line; sometimes one paragraph said many times (a long turn)."""
    text = "\n\n".join(paragraph(draw, v) for _ in range(draw(st.integers(1, 2))))
    repeat = draw(st.sampled_from([1] * 15 + [30, 300]))
    return " ".join([text] * repeat) if repeat > 1 else text


@st.composite
def names(draw: st.DrawFn) -> str:
    """A speaker name in any script: ``Dr. Jean-Luc``, ``김 민수``, ``Speaker 3``, ``Mireille Reece, PsyD``."""
    parts = draw(st.lists(words(8) | st.integers(1, 99).map(str), min_size=1, max_size=3))
    name = draw(words(8)) if parts[0].isdigit() else parts[0]
    for part in parts[1:]:
        name += draw(st.sampled_from([" ", ". ", "-", ".", " ", ", ", "'", "\u00a0"])) + part
    if draw(st.booleans()):
        name += "."
    return name


def name_key(name: str) -> str:
    """How rule TR005 compares speaker names: case, white space and format characters aside."""
    return "".join(c for c in name.casefold() if not c.isspace() and unicodedata.category(c) != "Cf")


def _headings() -> st.SearchStrategy[str]:
    """A heading title: any characters of one line.

    Not ending in ``#``: a closing run of hashes is decoration in ATX
    headings (``## Title ##``), a rule with its own quirk property.  Not
    opening with a time: headings that do (``## 1:02:03 - Title``) are
    chapters as well, a layout with its own quirk property.
    """
    any_char = st.characters(exclude_categories=["Cs"], exclude_characters="\r\n\x00\ufeff")
    return (
        st.text(any_char, max_size=30)
        .map(str.strip)
        .filter(lambda t: not t.endswith("#") and _TIMED_HEADING.match(t) is None)
    )


_TIMED_HEADING = re.compile(r"[\[(*]{0,2}\d{1,3}[:\uff1a]")
"""What opens a heading that may read as a chapter."""


def _chapter_titles() -> st.SearchStrategy[str]:
    """A chapter title: any characters of one line.

    Not opening with a dash and a space: ``1:55 - Title`` is the layout
    with a separator (syntax.fm), so the dash is not part of the title.  No
    bold or link markup (``**``, ``](``): a chapter title never keeps it
    (``1:55 - [MDX](url)`` is titled ``MDX``), a rule with its own quirk
    property.
    """
    any_char = st.characters(exclude_categories=["Cs"], exclude_characters="\r\n\x00\ufeff")
    return (
        st.text(any_char, min_size=1, max_size=40)
        .map(str.strip)
        .filter(
            lambda t: t != "" and re.match("(?:--|[-\u2013\u2014])[ \t]", t) is None and "**" not in t and "](" not in t
        )
    )


def claim_text(draw: st.DrawFn, v: Vocabulary, avoid: set[str], untimed: bool) -> str:
    """The bold statement of a claim, with or without its own closing punctuation.

    Not a label (``**Side note**:`` is not a claim, by rule), not ending in
    ``]`` or ``)`` (``**Name [00:01]**:`` is a turn header).  A bold lead
    with a colon is also a turn header when it names a speaker in ``avoid``,
    or when the transcript is ``untimed`` (every ``**Name:**`` is a turn
    there): the two readings are ambiguous by design, so such a claim ends
    in its own punctuation (``**Claim.**``) instead.
    """
    text = draw(st.sampled_from(v.words))
    for _ in range(draw(st.integers(0, 6))):
        token = draw(st.sampled_from(v.tokens))
        if "*" not in token:
            text += draw(st.sampled_from([" ", " ", ", ", "\u3000"])) + token
    text = text.strip()
    if text.endswith(("]", ")")) or text.casefold().rstrip(".") in LABELS:
        text += " " + draw(st.sampled_from(v.words))
    text += draw(st.sampled_from(["", "", ".", "!", "?", "\u3002"]))
    if not ends_sentence(text) and (untimed or text in avoid):
        text += "."
    return text


def ends_sentence(claim_text: str) -> bool:
    """Whether render writes the claim as ``**Claim.**`` (no colon): it ends with its own punctuation."""
    return claim_text[-1] in ".!?\u3002"


def attribution(draw: st.DrawFn, v: Vocabulary) -> str:
    """Who is quoted: ``Jim Fan``, ``짐 팬(Jim Fan)``."""
    name = " ".join(draw(st.sampled_from(v.words)) for _ in range(draw(st.integers(1, 3))))
    if draw(st.booleans()):
        name += "(" + draw(st.sampled_from(v.words)) + ")"
    return name


def quote_text(draw: st.DrawFn, v: Vocabulary) -> str:
    """A quoted passage, sometimes with a nested “quotation”, over several paragraphs, or a Q: / A: exchange.

    No paragraph after the first opens with “: multi-paragraph quotes in
    the wild re-open each paragraph with the mark, so the parser reads a
    leading mark there as that convention, not as a nested quote.
    """
    if draw(st.integers(0, 5)) == 0:
        # A question and its answer (the reference document's Q: / A: exchange).
        return f"Q: {line(draw, v)}\nA: {line(draw, v)}"
    pieces = [paragraph(draw, v) for _ in range(draw(st.integers(1, 2)))]
    if draw(st.booleans()):
        pieces[0] += " \u201c" + draw(st.sampled_from(v.words)) + "\u201d " + draw(st.sampled_from(v.words))
    return "\n\n".join(pieces)


# timestamps -----------------------------------------------------------------


def timestamp_formats(seconds: int) -> tuple[str, ...]:
    """Every well-formed way to write ``seconds``: M:SS, MM:SS, H:MM:SS, HH:MM:SS."""
    h, m, s = seconds // 3600, seconds % 3600 // 60, seconds % 60
    found = [f"{h:02d}:{m:02d}:{s:02d}"]
    if h < 10:
        found.append(f"{h}:{m:02d}:{s:02d}")
    if h == 0:
        found.append(f"{m:02d}:{s:02d}")
        if m < 10:
            found.append(f"{m}:{s:02d}")
    return tuple(found)


def ascii_timestamp_shapes() -> st.SearchStrategy[str]:
    """Strings of the loose shape layouts capture (``TIMESTAMP_CHARS``), ASCII only, as most stamps in the wild are.

    Written as its own ASCII pattern rather than ``TIMESTAMP_CHARS`` under
    ``re.ASCII``: that pattern holds non-ASCII look-alike colons, and newer
    Hypothesis releases refuse a regex whose literals fall outside the
    alphabet the flag implies (``IncompatibleWithAlphabet``).
    """
    return st.from_regex(r"\A[0-9]{1,3}:[0-9:.,;]{0,20}\Z")


def timestamps(seconds: int) -> st.SearchStrategy[str]:
    """One well-formed way to write ``seconds``."""
    return st.sampled_from(timestamp_formats(seconds))


TimeForm = tuple[bool, bool, bool]
"""How a file writes its times: (hours even below an hour, hours with a leading zero, leading minutes with a leading zero).

A clean document writes all its turn times in one form, and all its chapter
times in one (maybe another: chapter lists in MM:SS beside a transcript in
HH:MM:SS are the reference document's way); rule TS004 reports a time
written otherwise.
"""

TIME_FORMS: tuple[TimeForm, ...] = tuple((a, b, c) for a in (True, False) for b in (True, False) for c in (True, False))


def written(seconds: int, form: TimeForm) -> str:
    """``seconds`` written in ``form``: ``00:05:07``, ``0:05:07``, ``05:07`` or ``5:07`` (hours when needed)."""
    always, hours_zero, minutes_zero = form
    h, m, s = seconds // 3600, seconds % 3600 // 60, seconds % 60
    if h > 0 or always:
        return f"{h:02d}:{m:02d}:{s:02d}" if hours_zero else f"{h}:{m:02d}:{s:02d}"
    return f"{m:02d}:{s:02d}" if minutes_zero else f"{m}:{s:02d}"


def forms_of(stamps: Sequence[tuple[int, str]]) -> list[TimeForm]:
    """The forms that write every (seconds, stamp) as it is written."""
    return [f for f in TIME_FORMS if all(written(sec, f) == ts for sec, ts in stamps)]


# episodes -------------------------------------------------------------------


def relink(episode: Episode) -> Episode:
    """Derive every linked field from the rest, as the link stage defines them.

    Chapter and turn ends are the next start (the last chapter ends at the
    last timed turn's start, when that is not before it); a turn's chapter
    is the last one starting at or before it; speakers are totalled over
    their turns in order of first appearance (words: ``len(text.split())``).
    """
    turns = episode.turns
    last_time = next((t.start for t in reversed(turns) if t.start is not None), None)
    chapters = []
    for k, c in enumerate(episode.chapters):
        if k + 1 < len(episode.chapters):
            end = episode.chapters[k + 1].start
        elif last_time is not None and c.start is not None and last_time >= c.start:
            end = last_time
        else:
            end = None
        chapters.append(attrs.evolve(c, end=end))
    linked = []
    totals: dict[str, tuple[int, int]] = {}
    for k, t in enumerate(turns):
        chapter = None
        if t.start is not None:
            before = [i for i, c in enumerate(chapters) if c.start is not None and c.start <= t.start]
            if before:
                chapter = max(before, key=lambda i: (chapters[i].start, i))
        end = turns[k + 1].start if k + 1 < len(turns) else None
        linked.append(attrs.evolve(t, end=end, chapter=chapter))
        if t.speaker is not None:
            n, w = totals.get(t.speaker, (0, 0))
            totals[t.speaker] = (n + 1, w + len(t.text.split()))
    speakers = tuple(Speaker(name, n, w, NOWHERE) for name, (n, w) in totals.items())
    return attrs.evolve(episode, chapters=tuple(chapters), turns=tuple(linked), speakers=speakers)


def _fix_splits(texts: list[str]) -> list[str]:
    """End a turn with a full stop where the next starts in lower case (else TR004 would fire)."""
    fixed = list(texts)
    for k in range(1, len(fixed)):
        if fixed[k][0].islower() and fixed[k - 1][-1] not in ".!?":
            fixed[k - 1] += "."
    return fixed


@st.composite
def _turn_plan(draw: st.DrawFn, v: Vocabulary, timed: bool, min_turns: int, long: bool) -> list[Turn]:
    """The turns, with speakers, texts and (when timed) nondecreasing starts."""
    if timed:
        count = draw(st.integers(max(min_turns, 1), max(min_turns, 6)))
        cast = draw(st.lists(names(), min_size=1 if count == 1 else 2, max_size=4, unique_by=name_key))
    else:
        # Untimed headers are turns only when names repeat: at most half as
        # many names as headers (see classify.py).
        cast = draw(st.lists(names(), min_size=2, max_size=3, unique_by=name_key))
        count = draw(st.integers(max(min_turns, 2 * len(cast)), max(min_turns, 2 * len(cast) + 4)))
    picks = draw(st.lists(st.integers(0, len(cast) - 1), min_size=count, max_size=count))
    for k in range(1, count):
        if picks[k] == picks[k - 1]:  # no speaker right after themselves (TR003)
            picks[k] = (picks[k] + 1) % len(cast)
    texts = _fix_splits([prose(draw, v) for _ in range(count)])
    starts: list[int | None] = [None] * count
    if timed:
        now = draw(st.integers(0, 120))
        for k in range(count):
            starts[k] = now
            # Mostly seconds to minutes; sometimes hours, to reach hours above 9.
            now = min(MAX_SECONDS, now + draw(st.one_of(st.integers(0, 600), st.integers(0, 40_000))))
        if long and (starts[-1] or 0) < 60:
            starts[-1] = draw(st.integers(60, 900))  # room for three chapters 10 s apart before it
    turns = []
    form = draw(st.sampled_from(TIME_FORMS))
    for k in range(count):
        start = starts[k]
        stamp = None if start is None else written(start, form)
        seconds = None if start is None else float(start)
        turns.append(Turn(cast[picks[k]], seconds, None, stamp, texts[k], None, 0, NOWHERE))
    return turns


@st.composite
def _chapter_plan(draw: st.DrawFn, last_time: int | None) -> list[Chapter]:
    """Three or more chapters from 0:00, at least 10 s apart, the last 10 s or more before the last turn."""
    limit = 100_000 if last_time is None else last_time - 10
    most = min(7, limit // 10 + 1)
    if most < 3:
        return []
    count = draw(st.integers(3, most))
    spare = sorted(draw(st.lists(st.integers(0, limit - 10 * (count - 1)), min_size=count - 1, max_size=count - 1)))
    starts = [0] + [extra + 10 * (k + 1) for k, extra in enumerate(spare)]
    titles = draw(
        st.lists(
            _chapter_titles(),
            min_size=len(starts),
            max_size=len(starts),
            unique_by=lambda t: " ".join(t.casefold().split()),
        )
    )
    form = draw(st.sampled_from(TIME_FORMS))
    return [
        Chapter(float(s), None, title, written(s, form), 0, NOWHERE) for s, title in zip(starts, titles, strict=True)
    ]


@attrs.frozen
class _NotesPlan:
    loose: list[Quote]
    claims: list[tuple[Claim, list[Quote], bool]]
    """Each claim with its quotes, and whether the first quote is written inside the claim's body."""


def _quote(draw: st.DrawFn, v: Vocabulary) -> Quote:
    built = st.builds(
        Quote,
        text=st.just(quote_text(draw, v)),
        attribution=st.just(attribution(draw, v) if draw(st.booleans()) else None),
        section=st.just(0),
        claim=st.none(),
        span=st.just(NOWHERE),
    )
    return draw(built)


@st.composite
def _notes_plan(draw: st.DrawFn, v: Vocabulary, speakers: set[str], untimed: bool) -> _NotesPlan:
    """Loose quotes, then claims each with a body or quotes (NT003 otherwise)."""
    loose = [_quote(draw, v) for _ in range(draw(st.integers(0, 2)))]
    claims = []
    for _ in range(draw(st.integers(0 if loose else 1, 3))):
        own = [_quote(draw, v) for _ in range(draw(st.integers(0, 2)))]
        inside = bool(own) and "\n" not in own[0].text and draw(st.booleans())
        if inside:
            # **Claim**: “Quote” — Name. Rest of the body (the reference document's style).
            q = own[0]
            body = f"\u201c{q.text}\u201d"
            rest = paragraph(draw, v, max_lines=1) if draw(st.booleans()) else None
            if q.attribution is not None:
                body += f" \u2014 {q.attribution}"
                if rest is not None:
                    body += draw(st.sampled_from([". ", ", "])) + rest
            elif rest is not None:
                body += " " + rest
        else:
            body = paragraph(draw, v) if not own or draw(st.booleans()) else ""
            if body.startswith(":"):
                # "**Claim.** : body" has the shape of the space-before-colon turn
                # header "**Name** : text"; in an untimed transcript it is one.
                body = draw(st.sampled_from(v.words)) + body
        claim = draw(
            st.builds(
                Claim,
                text=st.just(claim_text(draw, v, speakers, untimed)),
                body=st.just(body),
                section=st.just(0),
                quotes=st.just(()),
                span=st.just(NOWHERE),
            )
        )
        claims.append((claim, own, inside))
    return _NotesPlan(loose, claims)


@st.composite
def episodes(
    draw: st.DrawFn,
    *,
    timed: bool | None = None,
    min_turns: int = 1,
    chapters: bool | None = None,
    notes: bool | None = None,
) -> Episode:
    """A clean episode: sections of notes, a chapter list and transcript, in any order and levels.

    ``timed``: whether the turns carry timestamps; ``chapters``, ``notes``:
    whether there is a chapter list, a notes section (None: either).
    """
    v = draw(VOCABULARIES)
    if timed is None:
        timed = draw(st.sampled_from([True, True, True, False]))
    if chapters is None:
        chapters = draw(st.booleans())
    turns = draw(_turn_plan(v, timed, min_turns, long=chapters))
    last_time = None if not timed else int(turns[-1].start or 0)
    chapter_list = draw(_chapter_plan(last_time)) if chapters else []
    speakers = {t.speaker for t in turns if t.speaker is not None}
    plan = _notes_plan(v, speakers, not timed)
    notes_list = draw(st.lists(plan, min_size=1 if notes else 0, max_size=0 if notes is False else 2))
    # The transcript may be cut by headings (latent.space puts ## headings in it).
    cuts = sorted(draw(st.sets(st.integers(1, len(turns) - 1), max_size=2))) if len(turns) > 1 else []
    pieces = [turns[a:b] for a, b in zip([0, *cuts], [*cuts, len(turns)], strict=True)]
    kinds: list[Any] = [*notes_list, *pieces]
    if chapter_list:
        kinds.append(chapter_list)
    kinds = draw(st.permutations(kinds))
    # The transcript pieces keep their order among themselves.
    order = iter(pieces)
    kinds = [next(order) if _is_turns(k) else k for k in kinds]

    sections: list[Section] = []
    claims: list[Claim] = []
    quotes: list[Quote] = []
    out_chapters: list[Chapter] = []
    out_turns: list[Turn] = []
    bare_first = draw(st.booleans())
    for s, kind in enumerate(kinds):
        if s == 0 and bare_first:
            title, level = "", 0
        else:
            title, level = draw(_headings()), draw(st.integers(1, 6))
        if isinstance(kind, _NotesPlan):
            role: Role = "notes"
            for q in kind.loose:
                quotes.append(attrs.evolve(q, section=s))
            for claim, own, _ in kind.claims:
                index = len(claims)
                first = len(quotes)
                quotes.extend(attrs.evolve(q, section=s, claim=index) for q in own)
                claims.append(attrs.evolve(claim, section=s, quotes=tuple(range(first, len(quotes)))))
        elif _is_turns(kind):
            role = "transcript"
            out_turns.extend(attrs.evolve(t, section=s) for t in kind)
        else:
            role = "chapters"
            out_chapters.extend(attrs.evolve(c, section=s) for c in kind)
        sections.append(Section(title, level, role, NOWHERE))
    episode = Episode(
        schema_version=SCHEMA_VERSION,
        source=_SOURCE,
        layout=Layout("markdown", (), ()),
        sections=tuple(sections),
        claims=tuple(claims),
        quotes=tuple(quotes),
        chapters=tuple(out_chapters),
        speakers=(),
        turns=tuple(out_turns),
        segments=(),
        diagnostics=(),
    )
    return relink(episode)


def _is_turns(kind: object) -> bool:
    return isinstance(kind, list) and bool(kind) and isinstance(kind[0], Turn)


# rendered documents ---------------------------------------------------------


def header_prefix(turn: Turn) -> str:
    """How render writes the header of ``turn`` (up to and including its colon)."""
    return f"**{turn.speaker} [{turn.timestamp}]**:" if turn.timestamp is not None else f"**{turn.speaker}:**"


@attrs.frozen
class Rendered:
    """A clean episode, its document, and where each turn header and chapter line is in it."""

    episode: Episode
    lines: tuple[str, ...]
    """The document's lines (render writes LF only)."""
    turn_lines: tuple[int, ...]
    """0-based line of each turn's header."""
    chapter_lines: tuple[int, ...]
    """0-based line of each chapter."""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def rendered(episode: Episode) -> Rendered:
    """Render ``episode`` and find its turn headers and chapter lines, in order."""
    lines = render(episode).split("\n")
    turn_lines = _find_in_order(lines, [header_prefix(t) for t in episode.turns], prefix=True)
    chapter_lines = _find_in_order(lines, [f"{c.timestamp} {c.title}" for c in episode.chapters], prefix=False)
    return Rendered(episode, tuple(lines), turn_lines, chapter_lines)


def _find_in_order(lines: Sequence[str], wanted: Sequence[str], *, prefix: bool) -> tuple[int, ...]:
    found = []
    i = 0
    for w in wanted:
        while not (lines[i].startswith(w) if prefix else lines[i] == w):
            i += 1
        found.append(i)
        i += 1
    return tuple(found)


def rendered_episodes(**kwargs: Any) -> st.SearchStrategy[Rendered]:
    """:func:`episodes`, rendered."""
    return episodes(**kwargs).map(rendered)


# mutations ------------------------------------------------------------------


@attrs.frozen
class Injected:
    """A document with known mistakes: the codes and lines the parser must report."""

    text: str
    """The document with the mistakes."""
    original: Rendered
    """The clean episode it was made from."""
    expected: tuple[tuple[str, int], ...]
    """(code, 1-based line) of each diagnostic the mistakes must give."""
    targets: tuple[int, ...]
    """Indices of the turns (or chapters) the mistakes are in."""
    on_chapter: bool = False
    """Whether the target is a chapter line rather than a turn header."""
    written: str = ""
    """The timestamp as written after the change, when one was changed."""


def _lookalike(ts: str, draw: st.DrawFn) -> str:
    at = draw(st.sampled_from([i for i, c in enumerate(ts) if c == ":"]))
    return ts[:at] + draw(st.sampled_from(LOOKALIKE_COLONS)) + ts[at + 1 :]


def _other_digit(ts: str, draw: st.DrawFn, zeros: str) -> str:
    at = draw(st.sampled_from([i for i, c in enumerate(ts) if c.isdigit()]))
    zero = draw(st.sampled_from(zeros))
    return ts[:at] + chr(ord(zero) + int(ts[at])) + ts[at + 1 :]


def _one_digit_field(ts: str, draw: st.DrawFn) -> str:
    fields = ts.split(":")
    at = draw(st.integers(1, len(fields) - 1))
    fields[at] = fields[at][1]
    return ":".join(fields)


def _stray(ts: str, mark: str) -> str:
    """``0:01;02`` or ``01:02;``: a timestamp reader accepts only a colon first, so the mark comes later."""
    head, _, tail = ts.rpartition(":")
    return f"{head}{mark}{tail}" if ts.count(":") > 1 else ts + mark


def _past_sixty(ts: str, draw: st.DrawFn) -> str:
    fields = ts.split(":")
    at = draw(st.integers(len(fields) - 2, len(fields) - 1)) if len(fields) == 3 else len(fields) - 1
    fields[at] = str(draw(st.integers(60, 99)))
    return ":".join(fields)


# Each malformed kind of the TS001 entry of the catalogue, with where it is seen:
# (name, makes the bad string, whether a chapter line can carry it).
_Maker = Callable[[str, st.DrawFn], str]
TS001_KINDS: tuple[tuple[str, _Maker, bool], ...] = (
    ("one-digit field", _one_digit_field, True),  # hand-typed [0:1:5]
    (
        "four fields",
        lambda ts, draw: ts + f":{draw(st.integers(0, 29)):02d}" * (4 - len(ts.split(":"))),
        True,
    ),  # go-time SMPTE frames
    ("fraction", lambda ts, draw: ts + draw(st.sampled_from([".04", ".5", ",250"])), False),  # go-time [01:04:01.04]
    ("stray punctuation", lambda ts, draw: _stray(ts, draw(st.sampled_from(".;,"))), False),
    ("full-width digit", lambda ts, draw: _other_digit(ts, draw, "\uff10"), True),  # CJK input methods
    ("other-script digit", lambda ts, draw: _other_digit(ts, draw, "\u0660\u0966\u09e6"), True),
    ("look-alike colon", _lookalike, False),  # OCR and smart keyboards
    ("full-width colon", lambda ts, draw: ts.replace(":", "\uff1a", 1), True),
    ("minutes or seconds past 59", _past_sixty, True),  # typos: [00:61:00]
)


@st.composite
def malformed_timestamps(draw: st.DrawFn) -> Injected:
    """One timestamp (of a turn header or a chapter line) written wrong, of one catalogue kind.

    TS001 (malformed: the record gets a null time) or TS003 (minutes past
    59 in M:SS, as changelog's ``[100:08]``; the value is kept).
    """
    r = draw(rendered_episodes(timed=True))
    e = r.episode
    on_chapter = bool(e.chapters) and draw(st.booleans())
    records: Sequence[Turn | Chapter] = e.chapters if on_chapter else e.turns
    k = draw(st.integers(0, len(records) - 1))
    record = records[k]
    ts = record.timestamp
    assert ts is not None
    seconds = int(record.start or 0)
    code = "TS001"
    if 3600 <= seconds < 60_000 and draw(st.integers(0, len(TS001_KINDS))) == 0:
        code = "TS003"
        bad = f"{seconds // 60}:{seconds % 60:02d}"
    else:
        usable = [m for _, m, chapter_ok in TS001_KINDS if chapter_ok or not on_chapter]
        bad = draw(st.sampled_from(usable))(ts, draw)
    line_no = (r.chapter_lines if on_chapter else r.turn_lines)[k]
    lines = list(r.lines)
    old = lines[line_no]
    # The timestamp is the first one on the line: right after the name in a header, first in a chapter line.
    at = old.index(ts, len(f"**{record.speaker} ") if isinstance(record, Turn) else 0)
    lines[line_no] = old[:at] + bad + old[at + len(ts) :]
    return Injected("\n".join(lines), r, ((code, line_no + 1),), (k,), on_chapter, bad)


@st.composite
def out_of_order(draw: st.DrawFn) -> Injected:
    """One turn's timestamp moved so that it alone breaks the order (TS002).

    The new time is before the two turns before it, or after the two turns
    after it, so that no other single turn could be the outlier.
    """
    r = draw(rendered_episodes(timed=True, min_turns=3))
    turns = r.episode.turns
    starts = [int(t.start or 0) for t in turns]
    options: list[tuple[int, int, int]] = []  # (turn, lowest, highest) for the new time
    options += [(k, 0, starts[k - 2] - 1) for k in range(2, len(turns)) if starts[k - 2] > 0]
    options += [(k, starts[k + 2] + 1, MAX_SECONDS) for k in range(len(turns) - 2) if starts[k + 2] < MAX_SECONDS]
    k, low, high = draw(st.sampled_from(options))
    # Written in the episode's form, so that the order is the one mistake (no TS004).
    form = forms_of([(int(t.start or 0), t.timestamp or "") for t in turns])[0]
    bad = written(draw(st.integers(low, high)), form)
    line_no = r.turn_lines[k]
    lines = list(r.lines)
    old_header = header_prefix(turns[k])
    lines[line_no] = header_prefix(attrs.evolve(turns[k], timestamp=bad)) + lines[line_no][len(old_header) :]
    return Injected("\n".join(lines), r, (("TS002", line_no + 1),), (k,), False, bad)


def _with_turn_stamp(r: Rendered, k: int, stamp: str, lines: list[str]) -> None:
    """Write ``stamp`` as the timestamp of turn ``k`` in ``lines`` (the document's lines)."""
    turn = r.episode.turns[k]
    line_no = r.turn_lines[k]
    lines[line_no] = header_prefix(attrs.evolve(turn, timestamp=stamp)) + lines[line_no][len(header_prefix(turn)) :]


@st.composite
def swapped_timestamps(draw: st.DrawFn) -> str:
    """Two turns' timestamps swapped (an editor's cut and paste), adjacent or not."""
    r = draw(rendered_episodes(timed=True, min_turns=2))
    turns = r.episode.turns
    i, j = sorted(draw(st.lists(st.integers(0, len(turns) - 1), min_size=2, max_size=2, unique=True)))
    lines = list(r.lines)
    _with_turn_stamp(r, i, str(turns[j].timestamp), lines)
    _with_turn_stamp(r, j, str(turns[i].timestamp), lines)
    return "\n".join(lines)


@st.composite
def several_outliers(draw: st.DrawFn) -> str:
    """Several turns and chapters with any time at all, well formed or garbled (timestamps typed by hand)."""
    r = draw(rendered_episodes(timed=True, min_turns=2))
    turns = r.episode.turns
    lines = list(r.lines)
    for k in draw(st.sets(st.integers(0, len(turns) - 1), max_size=4)):
        seconds = draw(st.integers(0, MAX_SECONDS))
        stamp = draw(st.one_of(timestamps(seconds), st.sampled_from(["00:61:00", "1:2:3", "0\uff1a12"])))
        _with_turn_stamp(r, k, stamp, lines)
    for k in draw(st.sets(st.integers(0, max(0, len(r.chapter_lines) - 1)), max_size=3)):
        if k < len(r.chapter_lines):
            chapter = r.episode.chapters[k]
            line = lines[r.chapter_lines[k]]
            stamp = draw(timestamps(draw(st.integers(0, MAX_SECONDS))))
            lines[r.chapter_lines[k]] = stamp + line[len(chapter.timestamp) :]
    return "\n".join(lines)


@st.composite
def merged_turns(draw: st.DrawFn) -> Injected:
    """Turn headers run onto the previous turn's last line, or into its paragraph (TR001 each).

    Only timed headers can be found inside a line; an untimed ``**Name:**``
    in mid-line is ordinary bold text.
    """
    r = draw(rendered_episodes(min_turns=2).filter(lambda r: bool(_mergeable(r))))
    choices = _mergeable(r)
    chosen = sorted(draw(st.sets(st.sampled_from(choices), min_size=1, max_size=len(choices))))
    timed = r.episode.turns[0].timestamp is not None
    how = {k: draw(st.sampled_from(["line", "paragraph"] if timed else ["paragraph"])) for k in chosen}
    # Rebuild the lines, noting the new line of each merged header.
    out: list[str] = []
    header_line: dict[int, int] = {}
    by_line = {line: k for k, line in enumerate(r.turn_lines)}
    for i, line in enumerate(r.lines):
        k = by_line.get(i)
        if k in how:
            out.pop()  # the blank line before the header
            if how[k] == "line":
                line = out.pop() + draw(st.sampled_from([" ", "  ", "\t"])) + line
            header_line[k] = len(out)
        out.append(line)
    expected = tuple(("TR001", header_line[k] + 1) for k in chosen)
    return Injected("\n".join(out), r, expected, tuple(chosen))


def _mergeable(r: Rendered) -> list[int]:
    """Turns whose header comes right after the previous turn (a blank line between, no heading)."""
    turns = r.episode.turns
    return [
        k
        for k in range(1, len(turns))
        if turns[k].section == turns[k - 1].section and r.lines[r.turn_lines[k] - 1] == ""
    ]


@st.composite
def split_mid_sentence(draw: st.DrawFn) -> tuple[Injected, Episode]:
    """A turn boundary moved into a sentence (TR004): words of one sentence on both sides of a header.

    Returns the injected document and the episode it must parse to (apart
    from the diagnostic).
    """
    r = draw(rendered_episodes(min_turns=2))
    e = r.episode
    k = draw(st.integers(1, len(e.turns) - 1))
    lower = st.characters(categories=["Ll"]).filter(str.islower)
    head = draw(words()) + " " + draw(words())  # ends in a letter: no closing punctuation
    tail = draw(lower) + draw(st.text(_LETTER, max_size=8))
    turns = list(e.turns)
    turns[k - 1] = attrs.evolve(turns[k - 1], text=turns[k - 1].text + " " + head)
    turns[k] = attrs.evolve(turns[k], text=tail + " " + turns[k].text)
    moved = relink(attrs.evolve(e, turns=tuple(turns)))
    m = rendered(moved)
    return Injected(m.text, r, (("TR004", m.turn_lines[k] + 1),), (k,)), moved


# fixable mistakes -----------------------------------------------------------

FIXABLE_KINDS = ("TR001", "TS002", "TS004", "DOC004", "DOC009", "DOC010")
"""The mistakes :func:`fixable_mistakes` injects, by the code that reports them."""

ENDINGS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


@attrs.frozen
class Mistaken:
    """A clean document with fixable mistakes injected, and what fixing it must give back."""

    text: str
    """The document with the mistakes (line breaks as injected)."""
    original: Rendered
    """The clean episode and document the mistakes were injected into."""
    kinds: frozenset[str]
    """The codes of the mistakes injected."""
    ending: str
    """The line break the fixed document must have everywhere (the one most lines had)."""
    digit_turn: int | None = None
    """The turn whose timestamp had one digit changed (TS002), if any."""

    @property
    def clean_text(self) -> str:
        """The clean document with the line breaks the fixed one must have."""
        return self.original.text.replace("\n", self.ending)

    @property
    def exact(self) -> bool:
        """Whether fixing must give back :attr:`clean_text` exactly.

        Not with TS002 (a one-digit fix is made only when it is the only one)
        or TS004 (the usual form may write a time otherwise than the clean
        document did, when two forms write its other times alike).
        """
        return not self.kinds & {"TS002", "TS004"}


def _digit_options(r: Rendered) -> list[tuple[int, str]]:
    """(turn, stamp) for each one-digit change of a turn's stamp that makes it the single outlier, still well formed.

    As in :func:`out_of_order`, the new time is before the two turns before
    it or after the two after it.
    """
    turns = r.episode.turns
    starts = [int(t.start or 0) for t in turns]
    options = []
    for k, turn in enumerate(turns):
        ts = turn.timestamp or ""
        for i, c in enumerate(ts):
            if not c.isdigit():
                continue
            for d in "0123456789":
                stamp = ts[:i] + d + ts[i + 1 :]
                fields = [int(f) for f in stamp.split(":")]
                # Minutes and seconds below 60, and minutes that lead too (else TS003, not TS002).
                if d == c or any(f > 59 for f in fields[1:]) or (len(fields) == 2 and fields[0] > 59):
                    continue
                value = sum(f * 60**j for j, f in enumerate(reversed(fields)))
                early = k >= 2 and value < starts[k - 2]
                late = k + 2 < len(turns) and value > starts[k + 2]
                if early or late:
                    options.append((k, stamp))
    return options


@st.composite
def fixable_mistakes(draw: st.DrawFn) -> Mistaken:
    """A clean document with one or more kinds of the mistakes ``episode-parse fix`` corrects.

    Line by line first (a changed digit, times in another form, trailing
    blanks), then turns merged (as :func:`merged_turns`), byte-order marks
    inserted anywhere, and some line breaks written another way.  Together
    they make fixes that touch or overlap (a merge beside a line ending, a
    mark inside a header), which ``fix`` applies in rounds.
    """
    r = draw(rendered_episodes(min_turns=2))
    kinds = set(draw(st.sets(st.sampled_from(FIXABLE_KINDS), min_size=1)))
    lines = list(r.lines)
    digit_turn = None
    if "TS002" in kinds and (options := _digit_options(r)):
        digit_turn, stamp = draw(st.sampled_from(options))
        _restamp(lines, r, digit_turn, stamp)
    else:
        kinds.discard("TS002")
    if "TS004" in kinds and not _other_forms(draw, r, lines, digit_turn):
        kinds.discard("TS004")
    if "DOC010" in kinds and not _trailing_blanks(draw, r, lines):
        kinds.discard("DOC010")
    if "TR001" in kinds and _mergeable(r):
        lines = _merge(draw, r, lines)
    else:
        kinds.discard("TR001")
    text = "\n".join(lines)
    if "DOC009" in kinds:
        # Anywhere but the very start, where a mark is the file's own.
        for at in sorted(draw(st.lists(st.integers(1, max(1, len(text))), min_size=1, max_size=3)), reverse=True):
            text = text[:at] + "\ufeff" + text[at:]
    usual = "LF"
    if "DOC004" in kinds and text.count("\n") >= 3:
        usual, text = _mixed_endings(draw, text)
    else:
        kinds.discard("DOC004")
    return Mistaken(text, r, frozenset(kinds), ENDINGS[usual], digit_turn)


def _restamp(lines: list[str], r: Rendered, k: int, stamp: str) -> None:
    turn = r.episode.turns[k]
    i = r.turn_lines[k]
    lines[i] = header_prefix(attrs.evolve(turn, timestamp=stamp)) + lines[i][len(header_prefix(turn)) :]


def _other_forms(draw: st.DrawFn, r: Rendered, lines: list[str], skip: int | None) -> bool:
    """Rewrite fewer than half of the turn (or chapter) times in another form; whether any changed."""
    e = r.episode
    on_chapters = bool(e.chapters) and draw(st.booleans())
    records: Sequence[Turn | Chapter] = e.chapters if on_chapters else [t for t in e.turns if t.timestamp]
    count = (len(records) - 1) // 2
    if count == 0:
        return False
    usual = forms_of([(int(x.start or 0), x.timestamp or "") for x in records])
    others = [f for f in TIME_FORMS if f not in usual]
    if not others:  # every time past ten hours: every form writes them alike
        return False
    other = draw(st.sampled_from(others))
    picked = draw(st.sets(st.integers(0, len(records) - 1), min_size=1, max_size=count))
    changed = False
    for k in sorted(picked):
        record = records[k]
        stamp = written(int(record.start or 0), other)
        if stamp == record.timestamp or (not on_chapters and k == skip):
            continue
        changed = True
        if isinstance(record, Turn):
            _restamp(lines, r, k, stamp)
        else:
            i = r.chapter_lines[k]
            lines[i] = stamp + lines[i][len(record.timestamp) :]
    return changed


def _trailing_blanks(draw: st.DrawFn, r: Rendered, lines: list[str]) -> bool:
    """Blanks after headings and after turn header lines that end their paragraph; whether any were added."""
    headers = set(r.turn_lines)
    candidates = [
        i
        for i, line in enumerate(lines)
        if line.startswith("#") or (i in headers and (i + 1 == len(lines) or not lines[i + 1]))
    ]
    if not candidates:
        return False
    for i in draw(st.sets(st.sampled_from(candidates), min_size=1)):
        lines[i] += draw(st.sampled_from([" ", "  ", "\t", " \t "]))
    return True


def _merge(draw: st.DrawFn, r: Rendered, lines: list[str]) -> list[str]:
    """:func:`merged_turns` on ``lines`` (the lines of ``r`` with changes that keep the line count)."""
    choices = _mergeable(r)
    chosen = draw(st.sets(st.sampled_from(choices), min_size=1, max_size=len(choices)))
    timed = r.episode.turns[0].timestamp is not None
    by_line = {line: k for k, line in enumerate(r.turn_lines)}
    out: list[str] = []
    for i, line in enumerate(lines):
        k = by_line.get(i)
        if k in chosen:
            out.pop()  # the blank line before the header
            if timed and draw(st.booleans()):
                line = out.pop() + draw(st.sampled_from([" ", "  ", "\t"])) + line
        out.append(line)
    return out


def _mixed_endings(draw: st.DrawFn, text: str) -> tuple[str, str]:
    """Most line breaks written one way, fewer than half another; the usual kind and the text.

    Never CR beside LF: a CR ending followed by an empty line's LF ending
    reads as one CRLF break (old Mac files pasted into Unix ones show it),
    which would lose a line, not mix endings.
    """
    usual, other = draw(st.sampled_from([("LF", "CRLF"), ("CRLF", "LF"), ("CRLF", "CR"), ("CR", "CRLF")]))
    pieces = text.split("\n")
    breaks = len(pieces) - 1
    odd = draw(st.sets(st.integers(0, breaks - 1), min_size=1, max_size=(breaks - 1) // 2))
    out = [pieces[0]]
    for j, piece in enumerate(pieces[1:]):
        out.append(ENDINGS[other] if j in odd else ENDINGS[usual])
        out.append(piece)
    return usual, "".join(out)


# arbitrary text -------------------------------------------------------------

_PIECES = (
    "\n",
    "\r",
    "\r\n",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0b",
    "\x0c",
    "\x00",
    "\ufeff",
    "\ud800",
    "**",
    "[",
    "]",
    "(",
    ")",
    ":",
    "#",
    "## ",
    "```",
    "~~~",
    "“",
    "”",
    '"',
    " — ",
    "Q: ",
    "\nA: ",
    "**A [00:00:01]**: ",
    "**B (1:02:03):** ",
    "**C:** ",
    "00:00 ",
    "1:05:00 ",
    "* **0:00** ",
    "**Claim**: ",
    "0:61",
    "\uff11\uff1a\uff10\uff10",
    # Header pieces around digits, so that odd timestamps land inside real
    # headers of several layouts ("**A [0:000]**: " once crashed the reader).
    "**A [",
    "]**: ",
    "[Bo] [",
    "] ",
    "\nLenny (",
    "):\n",
    "\nAnn: ",
    "0",
    "000",
    "59",
    "\n\n",
)


def arbitrary_text() -> st.SearchStrategy[str]:
    """Any text at all (every code point, lone surrogates too), with pieces of the syntax mixed in."""
    char = st.characters(exclude_categories=()) | st.characters(categories=["Cs"])  # lone surrogates are rare otherwise
    piece = st.one_of(st.text(char, max_size=8), st.sampled_from(_PIECES))
    return st.lists(piece, max_size=40).map("".join)


# quirks: the same episode written another way the parser accepts ------------


def with_headers(r: Rendered, header: Callable[[Turn], str]) -> str:
    """The document with each turn header written by ``header`` instead of the reference layout."""
    lines = list(r.lines)
    for turn, i in zip(r.episode.turns, r.turn_lines, strict=True):
        lines[i] = header(turn) + lines[i][len(header_prefix(turn)) :]
    return "\n".join(lines)


def with_chapter_lines(r: Rendered, line: Callable[[Chapter], str]) -> str:
    """The document with each chapter line written by ``line`` instead of ``MM:SS Title``."""
    lines = list(r.lines)
    for chapter, i in zip(r.episode.chapters, r.chapter_lines, strict=True):
        lines[i] = line(chapter)
    return "\n".join(lines)


def with_linked_chapter_lines(r: Rendered, line: Callable[[Chapter], tuple[str, str | None]]) -> tuple[str, Episode]:
    """The document with each chapter line written by ``line`` (the line and its link's target), and the episode it means.

    The link is kept in each chapter's ``url``.
    """
    lines = list(r.lines)
    chapters = []
    for chapter, i in zip(r.episode.chapters, r.chapter_lines, strict=True):
        lines[i], url = line(chapter)
        chapters.append(attrs.evolve(chapter, url=url))
    return "\n".join(lines), attrs.evolve(r.episode, chapters=tuple(chapters))


def with_chapter_headings(r: Rendered, level: int, line: Callable[[Chapter], str]) -> tuple[str, Episode]:
    """The chapter list's section written as a heading per chapter (``## 1:02:03 - Title``), and the episode it means.

    The list's own heading goes; each chapter heading opens a section of its
    own (titled as the heading is written, role ``chapters``) holding its
    chapter.  The sections after them move along.
    """
    e = r.episode
    lines = list(r.lines)
    k = e.chapters[0].section
    heading = next(i for i in range(r.chapter_lines[0], -1, -1) if lines[i].startswith("#"))
    lines[heading] = ""
    titles = []
    for chapter, i in zip(e.chapters, r.chapter_lines, strict=True):
        titles.append(line(chapter))
        lines[i] = "#" * level + " " + titles[-1]
    shift = len(e.chapters) - 1

    def moved(section: int) -> int:
        return section + shift if section > k else section

    sections = list(e.sections)
    sections[k : k + 1] = [Section(t, level, "chapters", NOWHERE) for t in titles]
    episode = attrs.evolve(
        e,
        sections=tuple(sections),
        chapters=tuple(attrs.evolve(c, section=k + n) for n, c in enumerate(e.chapters)),
        turns=tuple(attrs.evolve(t, section=moved(t.section)) for t in e.turns),
        claims=tuple(attrs.evolve(c, section=moved(c.section)) for c in e.claims),
        quotes=tuple(attrs.evolve(q, section=moved(q.section)) for q in e.quotes),
    )
    return "\n".join(lines), episode


def with_claim_leads(r: Rendered, punct: str) -> str:
    """The document with ``**Claim**:`` written ``**Claim**`` + ``punct``."""
    leads = [f"**{c.text}**:" for c in r.episode.claims if not ends_sentence(c.text)]
    lines = list(r.lines)
    for lead, i in zip(leads, _find_in_order(lines, leads, prefix=True), strict=True):
        lines[i] = lead[:-1] + punct + lines[i][len(lead) :]
    return "\n".join(lines)


def with_straight_quotes(r: Rendered) -> str:
    """The document with the quotes that open a paragraph marked ``"…"`` instead of ``“…”``."""
    text = "\n" + r.text
    for q in r.episode.quotes:
        text = text.replace(f"\n\u201c{q.text}\u201d", f'\n"{q.text}"', 1)
    return text[1:]


def with_bare_exchanges(r: Rendered) -> str:
    """The document with Q: / A: exchanges that open a paragraph written without quotation marks."""
    text = "\n" + r.text
    for q in r.episode.quotes:
        if q.text.startswith("Q: ") and q.attribution is None:
            # Only the paragraph that is the quote alone (not followed by an
            # attribution): another quote may have the same words and an author.
            text = text.replace(f"\n\u201c{q.text}\u201d\n", f"\n{q.text}\n", 1)
    return text[1:]


def with_attribution_dash(r: Rendered, dash: str) -> tuple[str, Episode]:
    """The document with ``” — Name`` written ``”`` + ``dash`` + ``Name``, and the episode it means.

    A claim whose body holds the quote keeps the dash in its body.
    """
    old = "\u201d \u2014 "
    new = "\u201d" + dash
    e = r.episode
    claims = tuple(attrs.evolve(c, body=c.body.replace(old, new)) for c in e.claims)
    return r.text.replace(old, new), attrs.evolve(e, claims=claims)


# cue formats ------------------------------------------------------------------


_SRT_MARKUP = re.compile(r"[<{]")


def without_srt_markup(episode: Episode) -> Episode:
    """The episode with ``<`` and ``{`` taken out of its turns' text.

    SRT has no escape: a ``<...>`` or ``{\\...}`` in a cue is a tag
    (``<i>``, ``{\\an8}``, as the corpus's subtitle tools write them), so
    text holding one cannot be written to SRT and read back (the writer says
    so in a notice).  WebVTT escapes them and needs no such change.
    """
    turns = tuple(attrs.evolve(t, text=_SRT_MARKUP.sub("", t.text)) for t in episode.turns)
    return attrs.evolve(episode, turns=turns)


@st.composite
def nameless_transcripts(draw: st.DrawFn) -> list[tuple[str, float, str]]:
    """Timed lines with no speaker (stamp, seconds, text), seconds apart, each ending a sentence.

    Seen in the wild as talkpython's ``00:01:02 text`` files and whisper
    output; a line that ends a sentence opens the next turn, so each line
    here is a turn of its own.
    """
    n = draw(st.integers(2, 8))
    gaps = draw(st.lists(st.integers(1, 9), min_size=n, max_size=n))
    v = draw(VOCABULARIES)
    out = []
    at = 0
    for gap in gaps:
        at += gap
        words = line(draw, v).rstrip(".!?\u2026\u3002") + "."
        out.append((f"{at // 3600:02d}:{at % 3600 // 60:02d}:{at % 60:02d}", float(at), words))
    return out


@st.composite
def raw_srt(draw: st.DrawFn) -> str:
    """An SRT file as people and tools write them, with the quirks the SRT reader accepts.

    Each quirk below is seen in the wild: indices that skip or repeat (files
    cut and joined by hand), cues that overlap or go back (the corpus's
    virtualcoffee files), empty cues and ``Name:`` lines alone (hand-edited
    captions), ``Name:`` prefixes on one cue only or on many (virtualcoffee,
    the specification's example), text lines with spaces around them or of
    spaces only, a missing or doubled blank line between cues, and no final
    line break (exports from online editors).
    """
    names = ["Ana", "Bo Li", "Note", "Dr. K"]
    blocks = []
    index = draw(st.integers(0, 3))
    t = draw(st.integers(0, 5000))
    for _ in range(draw(st.integers(1, 8))):
        index += draw(st.sampled_from([1, 1, 1, 2, 0]))
        start = max(0, t + draw(st.sampled_from([0, 0, 300, -700])))
        end = start + draw(st.sampled_from([1000, 2500, 0, -200]))
        t = max(start, end)
        lines: list[str] = draw(
            st.lists(st.sampled_from(["Hello there", " padded ", "a: b", "x" * 40, "   ", "ok."]), max_size=3)
        )
        prefixed: bool = draw(st.booleans())
        if lines and prefixed:
            lines[0] = f"{draw(st.sampled_from(names))}:{draw(st.sampled_from([' ', '', '  ']))}{lines[0]}"
        elif draw(st.integers(0, 9)) == 0:
            lines.insert(0, f"{draw(st.sampled_from(names))}:")
        timing = f"{_srt_clock(start)} --> {_srt_clock(max(end, 0))}"
        blocks.append("\n".join([str(index), timing, *lines]))
    gaps = [draw(st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n"])) for _ in blocks]
    text = "".join(b + g for b, g in zip(blocks, gaps, strict=True))
    return text if draw(st.booleans()) else text.rstrip("\n")


def _srt_clock(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


@attrs.frozen
class TimedLines:
    """A document of timed lines with no name, and what each line says (ground truth for its segment)."""

    text: str
    """The document."""
    starts: tuple[float, ...]
    """Each timed line's start, in document order."""
    ends: tuple[float | None, ...]
    """Each line's end where it writes one (whisper), else None."""
    texts: tuple[str, ...]
    """Each line's text after its stamp (and ``- `` mark)."""


_TIMED_HEADERS = ("{ts} ", "[{ts}] ", "**[{ts}]** ", "[{a} --> {b}]  ")
"""The nameless timed layouts whose lines merge into turns: talkpython, ``[ts]``, ``**[ts]**``, whisper."""


@st.composite
def merging_timed_lines(draw: st.DrawFn) -> TimedLines:
    """Timed lines with no speaker, some ending a sentence and some not, so that lines merge into turns.

    Seen in the wild as talkpython's ``00:01:02 text`` lines (a blank line
    between them; ``- `` after the time where the speaker changes, in its
    YouTube files) and oxide's whisper ``[17.44 --> 19.10]  text`` lines (no
    blank line), where a line breaks off mid-sentence and the next goes on.
    Every line ends with ``.`` or ``,`` so that the lines read as prose (a
    transcript, not a chapter list) while a ``,`` still merges the next line.
    Each line opens with a word of letters: a ``(`` or a digit after the
    stamp reads as something else in the bracket layouts.
    """
    header = draw(st.sampled_from(_TIMED_HEADERS))
    n = draw(st.integers(2, 12))
    v = draw(VOCABULARIES)
    gap = "\n" if header.startswith("[{a}") else draw(st.sampled_from(["\n", "\n\n"]))
    marks = header == "{ts} " and draw(st.booleans())
    at = draw(st.integers(0, 5000))
    lines: list[str] = []
    starts: list[float] = []
    ends: list[float | None] = []
    texts: list[str] = []
    for _ in range(n):
        at += draw(st.integers(1, 9))
        words_of = f"{draw(st.sampled_from(v.words))} {line(draw, v)}".rstrip(".!?\u2026\u3002")
        said = words_of + draw(st.sampled_from([".", ","]))
        dash = "- " if marks and draw(st.booleans()) else ""
        if header.startswith("[{a}"):
            cents = draw(st.integers(0, 99))
            a, b = f"{at}.{cents:02d}", f"{at + 1}.{cents:02d}"
            lines.append(header.format(a=a, b=b) + said)
            starts.append(float(a))
            ends.append(float(b))
        else:
            ts = f"{at // 3600:02d}:{at % 3600 // 60:02d}:{at % 60:02d}"
            lines.append(header.format(ts=ts) + dash + said)
            starts.append(float(at))
            ends.append(None)
        texts.append(said)
    return TimedLines(gap.join(lines) + "\n", tuple(starts), tuple(ends), tuple(texts))


@st.composite
def mistaken_cue_files(draw: st.DrawFn) -> tuple[str, str, str]:
    """An SRT or WebVTT file with the mistakes ``fix`` corrects, its name, and the file written right.

    Each is seen in the wild: indices that skip or repeat (SRT files cut and
    joined by hand), a ``.`` before the milliseconds in SRT and a ``,`` in
    WebVTT (files converted from one format to the other by renaming them),
    a WebVTT file with no ``WEBVTT`` line (the same), CRLF line endings
    (exports from Windows editors).
    """
    webvtt = draw(st.booleans())
    count = draw(st.integers(1, 6))
    first = 1 if webvtt else draw(st.integers(0, 3))
    clean, wrong = [], []
    t = draw(st.integers(0, 4_000_000))
    index = first
    for k in range(count):
        start, end = t, t + draw(st.sampled_from([500, 1500, 2000]))
        t = end + draw(st.sampled_from([0, 250]))
        right_sep, wrong_sep = (".", ",") if webvtt else (",", ".")
        timing = f"{_srt_clock(start)} --> {_srt_clock(end)}".replace(",", right_sep)
        slip = draw(st.booleans())
        bad_timing = timing.replace(right_sep, wrong_sep) if slip else timing
        text = draw(st.sampled_from(["Hello there.", "Ana: Hi.", "ok", "<v Bo>Yes."]))
        if webvtt:
            clean.append(f"{timing}\n{text}")
            wrong.append(f"{bad_timing}\n{text}")
        else:
            index += draw(st.sampled_from([1, 1, 2, 0])) if k else 0
            clean.append(f"{first + k}\n{timing}\n{text}")
            wrong.append(f"{index}\n{bad_timing}\n{text}")
    header = draw(st.booleans()) if webvtt else True
    good = ("WEBVTT\n\n" if webvtt else "") + "\n\n".join(clean) + "\n"
    bad = ("WEBVTT\n\n" if webvtt and header else "") + "\n\n".join(wrong) + "\n"
    if draw(st.booleans()):
        good, bad = good.replace("\n", "\r\n"), bad.replace("\n", "\r\n")
    return bad, "a.vtt" if webvtt else "a.srt", good


def generated_documents() -> st.SearchStrategy[str]:
    """The text of any generated document, of every kind above: the shortcut tests compare fast and plain code on these."""
    return st.one_of(
        rendered_episodes().map(lambda r: r.text),
        malformed_timestamps().map(lambda i: i.text),
        merged_turns().map(lambda i: i.text),
        out_of_order().map(lambda i: i.text),
        split_mid_sentence().map(lambda pair: pair[0].text),
        several_outliers(),
        fixable_mistakes().map(lambda m: m.text),
        raw_srt(),
        arbitrary_text(),
    )
