"""Claims and quotes in the notes paragraphs of one section (part of stage 4).

Claims.  A paragraph that opens with a bold run followed by sentence
punctuation (``**Claim**.``, ``**Claim**:``, or ``**Claim.**`` with the
punctuation inside) states a claim; the rest of the paragraph is its body.
Bold words later in a sentence are emphasis.  A bold run that is a label
rather than a statement is not a claim: one ending in a colon inside the bold
(``**We discuss:**``), one with no punctuation at all (``**Gray Swan**``), or
one whose words are a known label such as ``**Side note**:``
(:data:`LABELS`, in several languages).

Quotes.  A quote opens where a paragraph (or a claim's body) starts with “ or
", runs to the matching closing mark (nested curly marks are counted, and
the quote may continue over several paragraphs), and may be followed by an
attribution ``— Name``.  A paragraph opening with ``Q:`` that holds an
``A:`` answer is a quoted exchange even without marks.  Inside a sentence, a
quoted passage counts only when an attribution follows it.
"""

from __future__ import annotations

import re

from episode_parse.blocks import Block
from episode_parse.diagnostics import make
from episode_parse.read import Document
from episode_parse.records import Claim, Diagnostic, Quote, Span

LABELS = frozenset(
    {
        "side note",
        "sidenote",
        "note",
        "notes",
        "nb",
        "n.b.",
        "ps",
        "p.s.",
        "update",
        "edit",
        "editor's note",
        "editor’s note",
        "disclaimer",
        "tl;dr",
        "tldr",
        "correction",
        "aside",
        "사이드 노트",
        "참고",
        "주의",
        "업데이트",
        "편집자 주",
        "메모",
        "注",
        "注意",
        "备注",
        "補足",
        "メモ",
        "nota",
        "remarque",
        "hinweis",
        "anmerkung",
    }
)
"""Bold lead words that label a paragraph instead of stating a claim (compared case-folded)."""

MAX_QUOTE_PARAGRAPHS = 20
"""How many paragraphs one quote may span; bounds the search for a closing mark."""

_CLAIM = re.compile(r"[ \t]{0,3}\*\*(?P<text>[^*\r\n]{1,1000})\*\*(?P<punct>[.:!?\u3002\uff1a])?")
_SENTENCE_END = ".!?\u3002"
_CURLY = re.compile("[\u201c\u201d]")
_QA = re.compile(r"Q[:\uff1a][ \t]")
_ANSWER = re.compile(r"(?:^|\n|\r)[ \t]{0,3}A[:\uff1a][ \t]")
_DASH = re.compile(r"[ \t]{0,4}(?:\u2014|\u2013|--|-)[ \t]{0,4}(?=[^\s])")
_INLINE = re.compile(
    '[\u201c"](?P<body>[^\u201c\u201d"\r\n]{1,2000})[\u201d"]'
    r"(?=[ \t]{0,4}(?:\u2014|\u2013|--)[ \t]{0,4}[^\s])"
)
_BREAKS = re.compile(r"\r\n?")
_BLANKS = re.compile("[ \t]*")
_SPACE = re.compile(r"\s*")


def is_claim(text: str, punct: str | None) -> bool:
    """Whether a bold lead ``**text**`` followed by ``punct`` states a claim."""
    words = text.strip()
    if not words:
        return False
    if words[-1] in _SENTENCE_END:
        return True
    if punct is None:
        return False
    if punct in _SENTENCE_END:
        return True
    return words.casefold().rstrip(".") not in LABELS


def read_notes(
    doc: Document, blocks: list[Block], section: int, claim_base: int, quote_base: int
) -> tuple[list[Claim], list[Quote], list[Diagnostic]]:
    """Claims, quotes and diagnostics of the notes paragraphs ``blocks`` of one section.

    ``claim_base`` and ``quote_base`` are the indices the first new claim and
    quote will have in the episode.
    """
    return _NotesReader(doc, blocks, section, claim_base, quote_base).run()


class _NotesReader:
    """Reads the paragraphs where they are in ``doc.text``: offsets are relative to a paragraph's start.

    No paragraph is copied out of the text (a notes paragraph can be most of
    a document, and a copy of each doubled the memory of a large one); a
    paragraph is the slice ``doc.text[self._base(i) : self._stop(i)]``.
    """

    def __init__(self, doc: Document, blocks: list[Block], section: int, claim_base: int, quote_base: int) -> None:
        self.doc = doc
        self.text = doc.text
        self.blocks = blocks
        self.section = section
        self.claim_base = claim_base
        self.quote_base = quote_base
        # Claims as [text, body, span, quote indices] until their quotes are known.
        self.claims: list[tuple[str, str, Span, list[int]]] = []
        self.quotes: list[Quote] = []
        self.diagnostics: list[Diagnostic] = []

    def _base(self, i: int) -> int:
        """Offset in the text of paragraph ``i``'s first character."""
        return self.doc.starts[self.blocks[i].first]

    def _stop(self, i: int) -> int:
        """Offset in the text just past paragraph ``i``'s last character."""
        return self.doc.line_end(self.blocks[i].last)

    def _rstripped(self, i: int) -> int:
        """Length of paragraph ``i`` without its trailing whitespace (``len(text.rstrip())``)."""
        last = self.blocks[i].last
        kept = len(self.doc.lines[last].rstrip())
        if kept or last == self.blocks[i].first:
            return self.doc.starts[last] + kept - self._base(i)
        # A last line of whitespace other than spaces and tabs (blank to blocks, not to str.rstrip).
        return len(self.text[self._base(i) : self._stop(i)].rstrip())

    def run(self) -> tuple[list[Claim], list[Quote], list[Diagnostic]]:
        i = 0
        while i < len(self.blocks):
            i = self._paragraph(i)
        claims = [Claim(t, body, self.section, tuple(q), span) for t, body, span, q in self.claims]
        return claims, self.quotes, self.diagnostics

    def _paragraph(self, i: int) -> int:
        """Read paragraph ``i``; return the index of the next unread paragraph."""
        text = self.text
        base = self._base(i)
        stop = self._stop(i)
        pos = 0
        m = _CLAIM.match(text, base, stop)
        if m is not None and is_claim(m.group("text"), m.group("punct")):
            lead = _BLANKS.match(text, base, stop).end() - base  # type: ignore[union-attr]
            end = self._rstripped(i)
            body = _normal(text[m.end() : stop].strip())
            self.claims.append((m.group("text").strip(), body, self.doc.span(base + lead, base + end), []))
            pos = m.end() - base
        q = _SPACE.match(text, base + pos, stop).end() - base  # type: ignore[union-attr]
        nxt = i + 1
        if base + q < stop and text[base + q] in '\u201c"':
            i, pos = self._marked_quote(i, q)
            nxt = i + 1
        elif _QA.match(text, base + q, stop) is not None and _ANSWER.search(text, base + q, stop) is not None:
            pos = self._exchange(i, q)
        self._inline_quotes(i, pos)
        return nxt

    def _marked_quote(self, i: int, q: int) -> tuple[int, int]:
        """A quote opening at ``q`` of paragraph ``i``; returns (last paragraph, offset after it)."""
        text = self.text
        base = self._base(i)
        mark = text[base + q]
        close = self._find_close(i, q, mark)
        if close is None:
            end = self._rstripped(i)
            self.diagnostics.append(make("NT002", self._span(i, q, i, q + 1)))
            self._add_quote(_normal(text[base + q + 1 : base + end].strip()), None, self._span(i, q, i, end))
            return i, self._stop(i) - base
        j, c = close
        pieces = []
        for k in range(i, j + 1):
            lo = base + q + 1 if k == i else self._continuation_start(k, mark)
            hi = self._base(k) + c if k == j else self._stop(k)
            pieces.append(_normal(text[lo:hi]).strip())
        attribution, end = self._attribution(j, c + 1)
        self._add_quote("\n\n".join(p for p in pieces if p), attribution, self._span(i, q, j, end))
        return j, end

    def _find_close(self, i: int, q: int, mark: str) -> tuple[int, int] | None:
        """(paragraph, offset) of the mark closing the quote opened at ``q`` of paragraph ``i``."""
        text = self.text
        depth = 1
        start = self._base(i) + q + 1
        last = min(len(self.blocks), i + MAX_QUOTE_PARAGRAPHS)
        for j in range(i, last):
            base = self._base(j)
            stop = self._stop(j)
            if j > i:
                if _claim_lead(text, base, stop):
                    return None
                start = self._continuation_start(j, mark)
            if mark == '"':
                k = text.find('"', start, stop)
                if k >= 0:
                    return j, k - base
                continue
            for m in _CURLY.finditer(text, start, stop):
                depth += 1 if m.group() == "\u201c" else -1
                if depth == 0:
                    return j, m.start() - base
        return None

    def _continuation_start(self, i: int, mark: str) -> int:
        """Offset in the text after the opening mark that starts each paragraph of a multi-paragraph quote."""
        stop = self._stop(i)
        lead = _SPACE.match(self.text, self._base(i), stop).end()  # type: ignore[union-attr]
        return lead + 1 if self.text.startswith(mark, lead, stop) else lead

    def _exchange(self, i: int, q: int) -> int:
        """A Q:/A: exchange without opening mark, from ``q`` to a stray closing mark or the paragraph end."""
        text = self.text
        base = self._base(i)
        depth = 0
        end = self._rstripped(i)
        stop = end
        for m in _CURLY.finditer(text, base + q, self._stop(i)):
            depth += 1 if m.group() == "\u201c" else -1
            if depth < 0:
                at = m.start() - base
                self.diagnostics.append(make("NT001", self._span(i, at, i, at + 1)))
                stop = at
                end = at + 1
                break
        attribution, after = self._attribution(i, end) if end < self._stop(i) - base else (None, end)
        self._add_quote(_normal(text[base + q : base + stop].strip()), attribution, self._span(i, q, i, after))
        return after

    def _inline_quotes(self, i: int, pos: int) -> None:
        """Quoted passages inside paragraph ``i`` from ``pos`` on that have an attribution."""
        base = self._base(i)
        stop = self._stop(i)
        while base + pos < stop:
            m = _INLINE.search(self.text, base + pos, stop)
            if m is None:
                return
            attribution, end = self._attribution(i, m.end() - base)
            span = self._span(i, m.start() - base, i, end)
            self._add_quote(_normal(m.group("body").strip()), attribution, span)
            pos = end

    def _attribution(self, i: int, pos: int) -> tuple[str | None, int]:
        """The ``— Name`` after offset ``pos`` of paragraph ``i``, and the offset after it."""
        base = self._base(i)
        stop = self._stop(i)
        m = _DASH.match(self.text, base + pos, stop)
        if m is None:
            return None, pos
        rest = self.text[m.end() : min(m.end() + 200, stop)]
        line_end = len(rest)
        for brk in "\r\n":
            k = rest.find(brk)
            if k >= 0:
                line_end = min(line_end, k)
        rest = rest[:line_end]
        # A parenthesised name ends at its closing parenthesis ("짐 팬(Jim Fan)");
        # otherwise the name runs to the first punctuation mark.
        open_paren = rest.find("(", 0, 60)
        close_paren = rest.find(")", open_paren) if open_paren >= 0 else -1
        if close_paren >= 0:
            name = rest[: close_paren + 1]
        else:
            cut = min((k for k in (rest.find(p) for p in ".,;:!?") if k >= 0), default=len(rest))
            name = rest[: min(cut, 80)]
        name = name.strip()
        if not name:
            return None, pos
        return name, m.end() - base + len(name)

    def _add_quote(self, text: str, attribution: str | None, span: Span) -> None:
        claim: int | None = None
        if self.claims:
            claim = self.claim_base + len(self.claims) - 1
            self.claims[-1][3].append(self.quote_base + len(self.quotes))
        self.quotes.append(Quote(text, attribution, self.section, claim, span))

    def _span(self, i: int, start: int, j: int, end: int) -> Span:
        return self.doc.span(self._base(i) + start, self._base(j) + end)


def _claim_lead(text: str, start: int, stop: int) -> bool:
    m = _CLAIM.match(text, start, stop)
    return m is not None and is_claim(m.group("text"), m.group("punct"))


def _normal(text: str) -> str:
    """Line breaks normalised to LF."""
    return _BREAKS.sub("\n", text) if "\r" in text else text
