"""The diagnostic catalogue: every code the parser and rules can report.

Codes are stable and come in families: ``DOC`` (the document as a whole),
``TS`` (timestamps), ``TR`` (turns), ``CH`` (chapters) and ``NT`` (notes).
Each rule has a severity (fixed: configuration selects codes and the severity
that fails a run, it does not change a rule's severity), a one-line summary
(the default message), an explanation with a bad and a good example, and a
fix: ``fixable``
says whether ``episode-parse fix`` corrects a finding (always, or sometimes,
when the finding carries its correction), ``fix`` says how.

At most :data:`MAX_PER_CODE` findings of one code are listed per document;
:func:`cap` folds the rest into one summary finding, and the stages that can
find one thing per line or per byte stop building findings past the cap.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from typing import Literal, NamedTuple

from episode_parse.records import Diagnostic, Edit, Fix, Severity, Span

Fixable = Literal["always", "sometimes"]


class Entry(NamedTuple):
    """One entry of the catalogue."""

    code: str
    """Stable code, family prefix then three digits."""
    name: str
    """Short kebab-case name."""
    severity: Severity
    """Severity of every finding of this rule."""
    summary: str
    """One line; the default message."""
    explanation: str
    """Why it matters and what the parser does about it."""
    bad: str
    """A document fragment that triggers the rule."""
    good: str
    """The same fragment written correctly."""
    fix: str | None = None
    """How to fix a finding: what ``episode-parse fix`` does (and whether the fix is safe), or what a person should do."""
    fixable: Fixable | None = None
    """Whether the findings carry a fix that ``episode-parse fix`` applies: always, sometimes (when the correction is known), or never (None)."""


FAMILIES = {
    "DOC": "the document as a whole",
    "TS": "timestamps",
    "TR": "transcript turns",
    "CH": "chapters",
    "NT": "show notes",
    "CUE": "timed cues (WebVTT, SRT, Podcasting 2.0 JSON)",
    "FMT": "transcript and chapter file formats (JSON, HTML, empty files)",
}

_ENTRIES = (
    Entry(
        "DOC001",
        "invalid-utf8",
        "error",
        "invalid UTF-8",
        "The bytes are not valid UTF-8. Each invalid run is read as one U+FFFD and reported with its byte offset, so no byte disappears silently.",
        "caf\\xe9 (Latin-1 bytes)",
        "café (UTF-8)",
        "Re-save the file as UTF-8.",
    ),
    Entry(
        "DOC002",
        "utf16-bom",
        "error",
        "the file starts with a UTF-16 byte-order mark; episode documents are UTF-8",
        "A UTF-16 file reads as mojibake or NUL-riddled text in most tools. The parser decodes it as UTF-16 so you still get records, but the file should be converted.",
        "FF FE 2A 00 2A 00 ...",
        "2A 2A ... (UTF-8)",
        "Convert the file to UTF-8 (iconv -f UTF-16 -t UTF-8).",
    ),
    Entry(
        "DOC003",
        "nul-character",
        "warning",
        "NUL character in the text",
        "NUL characters are invisible and break many tools; they usually come from a bad conversion.",
        "Hello\\x00 world",
        "Hello world",
        "Delete the NUL characters.",
    ),
    Entry(
        "DOC004",
        "mixed-line-endings",
        "warning",
        "mixed line endings",
        "The file mixes LF, CRLF or CR line endings, which makes diffs noisy and confuses line-based tools. Every kind is read as a line break.",
        "line one\\nline two\\r\\nline three\\n",
        "line one\\nline two\\nline three\\n",
        "Safe fix: every line ending is rewritten as the file's most frequent kind; on a tie, as the first line's ending.",
        "always",
    ),
    Entry(
        "DOC005",
        "empty-document",
        "warning",
        "the document is empty",
        "There is nothing to parse: the document is empty or only white space.",
        "",
        "**Host [00:00:01]**: Welcome.",
    ),
    Entry(
        "DOC006",
        "no-transcript",
        "warning",
        "no transcript found: no line has the shape of a turn header",
        "No speaker turn was recognised. Either the document has no transcript or its layout is not one the parser knows; `episode-parse rules --layouts` lists the layouts, each with an example.",
        "Host: Welcome.",
        "**Host [00:00:01]**: Welcome.",
    ),
    Entry(
        "DOC007",
        "lone-surrogate",
        "error",
        "lone surrogate code point, replaced by U+FFFD",
        "The text holds a UTF-16 surrogate that is not part of a pair; it cannot be written as UTF-8 or JSON.",
        "\\ud800",
        "(remove it)",
    ),
    Entry(
        "DOC008",
        "binary-file",
        "error",
        "not a text file: the file is not parsed",
        "The file holds a NUL byte in its first 8 KB, or more than 30% of its first 8 KB is not UTF-8 (the test git and ripgrep use to tell binary files), or starts with a UTF-32 byte-order mark. It is reported once, where the evidence is, and not read further: no records, no other findings. A text file in another encoding (Latin-1, Windows-1252, GB 18030) is caught here too.",
        "89 50 4E 47 0D 0A 1A 0A 00 00 ... (a PNG image)",
        "**Host [00:00:01]**: Welcome. (UTF-8 text)",
        "Check the file is the one you meant; re-save text as UTF-8 (iconv -f ENCODING -t UTF-8).",
    ),
    Entry(
        "DOC009",
        "stray-byte-order-mark",
        "warning",
        "byte-order mark inside the text",
        "A byte-order mark (U+FEFF) belongs at the very start of a file, if anywhere. Inside the text it is an invisible character, usually left where two files were joined; it can hide in a speaker name or a timestamp and split what should match.",
        "Hello\\ufeff world",
        "Hello world",
        "Safe fix: the mark is deleted.",
        "always",
    ),
    Entry(
        "DOC010",
        "trailing-blanks-on-header",
        "info",
        "trailing blanks on a heading or turn header line",
        "Spaces or tabs end a heading line, or the header line of a turn where it ends its paragraph. They mean nothing there (a hard line break needs a line after it in the same paragraph), but they make diffs noisy. Trailing blanks before another line of the same paragraph are a Markdown hard break and are left alone.",
        "## Transcript\\t\n\n**A [00:00:01]**: Hi.",
        "## Transcript\n\n**A [00:00:01]**: Hi.",
        "Safe fix: the trailing blanks are deleted.",
        "always",
    ),
    Entry(
        "TS001",
        "malformed-timestamp",
        "error",
        "malformed timestamp",
        "Timestamps are M:SS, MM:SS, H:MM:SS or HH:MM:SS with ASCII digits, minutes and seconds below 60 where a larger unit follows. Anything else (one-digit seconds, four fields, full-width digits, look-alike colons, 00:61:00) gives the record a null time.",
        "**Host [0:1:00]**: Welcome.",
        "**Host [0:01:00]**: Welcome.",
        "Safe fix, where the stamp's meaning is plain: minutes and seconds padded to two digits (1:2:03 to 1:02:03), look-alike colons and non-ASCII digits made ASCII, a blank inside or a trailing colon removed. Unsafe fix (applied with --unsafe-fixes only) for a guess at garbled characters: ; for : or the letter O for 0. Otherwise (00:61:00, four fields) a person must find the right time.",
        "sometimes",
    ),
    Entry(
        "TS002",
        "timestamp-out-of-order",
        "warning",
        "timestamp out of order",
        "A turn's timestamp breaks the order of the turns around it, earlier or later than both neighbours (in the example, 01:11:17 between 00:11:00 and 00:12:01). The outliers are found as the fewest turns to leave out for the rest to be in order, so only the outlier is reported, not every turn after it; where a single-digit change would put it in order, the diagnostic suggests it. The turn keeps its timestamp as written but gets a null start, so its wrong time never becomes another turn's end.",
        "**A [00:11:00]**: ...\n\n**B [01:11:17]**: ...\n\n**A [00:12:01]**: ...",
        "**A [00:11:00]**: ...\n\n**B [00:11:17]**: ...\n\n**A [00:12:01]**: ...",
        "Safe fix, when exactly one single-digit change puts the timestamp between its neighbours: the timestamp is replaced by the suggested one. Otherwise a person must find the right time.",
        "sometimes",
    ),
    Entry(
        "TS003",
        "minutes-past-59",
        "warning",
        "minutes past 59 in an M:SS timestamp",
        "Some transcripts keep counting minutes past the hour ([65:12]). The value is unambiguous and is used, but players and the other timestamps expect H:MM:SS.",
        "**Host [65:12]**: ...",
        "**Host [1:05:12]**: ...",
        "Safe fix: the stamp is rewritten as H:MM:SS, the same time ([65:12] becomes [1:05:12]).",
        "always",
    ),
    Entry(
        "TS004",
        "timestamp-form-inconsistent",
        "info",
        "timestamp written in another form than the others of its kind",
        "The turn timestamps (or the chapter times) of a file are written in more than one form, such as 1:02:03 beside 01:02:03, or 0:05:00 beside 05:00. The form of a file is whether hours are written below an hour, and whether hours and leading minutes have a leading zero; MM:SS below an hour with HH:MM:SS after it is one form. Turn and chapter times are compared among themselves only: a chapter list in MM:SS beside a transcript in HH:MM:SS is the usual way of writing both.",
        "**A [00:00:01]**: Hi.\n\n**B [0:00:03]**: Hello.\n\n**A [00:00:05]**: Bye.",
        "**A [00:00:01]**: Hi.\n\n**B [00:00:03]**: Hello.\n\n**A [00:00:05]**: Bye.",
        "The timestamp is rewritten in the form most of its kind share. Safe when more than half of them share it and no other form is as common; unsafe (applied with --unsafe-fixes only) when the file has no clear usual form.",
        "always",
    ),
    Entry(
        "TR001",
        "merged-turns",
        "warning",
        "two turn headers merged into one paragraph or line",
        "A turn header appears inside another turn's text, so two turns were run together. The parser splits them into separate turns.",
        "**A [00:00:01]**: Hi. **B [00:00:03]**: Hello.",
        "**A [00:00:01]**: Hi.\n\n**B [00:00:03]**: Hello.",
        "Safe fix: the turns are split as the layout writes them, each header opening its own paragraph (a blank line is inserted before a header merged into a paragraph; the blanks before a header merged into a line become a line break and a blank line).",
        "always",
    ),
    Entry(
        "TR002",
        "empty-turn",
        "warning",
        "turn has no text",
        "A turn header is followed by nothing, often a truncated document.",
        "**A [00:02:23]**:",
        "**A [00:02:23]**: Thanks for having us.",
    ),
    Entry(
        "TR003",
        "same-speaker-consecutive",
        "info",
        "same speaker as the previous turn",
        "Two consecutive turns have the same speaker: a turn split at a pause, or a diarization error.",
        "**A [00:00:01]**: Hi.\n\n**A [00:00:04]**: Again.",
        "**A [00:00:01]**: Hi. Again.",
    ),
    Entry(
        "TR004",
        "split-mid-sentence",
        "warning",
        "turn starts mid-sentence after a turn that stops mid-sentence",
        "The previous turn ends without closing punctuation and this one starts in lower case: the boundary between them is probably misplaced.",
        "**A [00:01:00]**: Would love your thoughts on what\n\n**B [00:01:06]**: people should do? I think...",
        "**A [00:01:00]**: Would love your thoughts on what people should do?\n\n**B [00:01:06]**: I think...",
    ),
    Entry(
        "TR005",
        "speaker-name-variants",
        "warning",
        "speaker name differs from another only by case, spacing or invisible characters",
        "The same person is probably written two ways, which splits their turns and word counts in two.",
        "**swyx [00:00:01]**: ...\n\n**Swyx [00:00:09]**: ...",
        "**swyx [00:00:01]**: ...\n\n**swyx [00:00:09]**: ...",
    ),
    Entry(
        "TR006",
        "missing-timestamp",
        "warning",
        "turn header without a timestamp where the other turns have one",
        "Most turns carry a timestamp but this header has none; the turn gets a null start.",
        "**A [00:00:01]**: Hi.\n\n**B:** Hello.",
        "**A [00:00:01]**: Hi.\n\n**B [00:00:03]**: Hello.",
    ),
    Entry(
        "TR007",
        "text-outside-turn",
        "warning",
        "text in a transcript section that belongs to no turn",
        "A paragraph of a transcript section comes before any turn header (or right after a heading), so no speaker can be given to it. It is kept in the section and reported here.",
        "### Transcript\n\nSome words.\n\n**A [00:00:01]**: Hi.",
        "### Transcript\n\n**A [00:00:01]**: Hi. Some words.",
    ),
    Entry(
        "TR008",
        "other-layout-header",
        "warning",
        "a turn header of another layout than the document's",
        "A document is read in one turn layout, the one that explains most of its lines (with its companions, such as the same header without a time). A line in another layout's header shape is read as text of the turn before it and reported here, so that a mixture of layouts is seen rather than guessed at.",
        "**A [00:00:01]**: Hi.\n\n**B [00:00:03]**: Hello.\n\n[00:00:05] **A**: Bye.",
        "**A [00:00:01]**: Hi.\n\n**B [00:00:03]**: Hello.\n\n**A [00:00:05]**: Bye.",
    ),
    Entry(
        "TR009",
        "unreadable-header",
        "warning",
        "line starts like a turn header but does not parse",
        "A line in a transcript starts the way the document's turn headers do (``**Name`` and a bracket, say) but the rest does not fit, so it is read as text of the turn before it rather than as a new turn.",
        "**A [00:00:01]**: Hi.\n\n**B [00:00:03] Hello.",
        "**A [00:00:01]**: Hi.\n\n**B [00:00:03]**: Hello.",
    ),
    Entry(
        "CH001",
        "chapters-not-from-zero",
        "info",
        "first chapter does not start at 0:00",
        "YouTube and most players need the first chapter at 0:00.",
        "01:00 Intro",
        "00:00 Intro",
    ),
    Entry(
        "CH002",
        "chapters-not-increasing",
        "warning",
        "chapter starts at or before the previous chapter",
        "Chapters must be in increasing time order.",
        "05:00 B\n02:00 C",
        "02:00 C\n05:00 B",
    ),
    Entry(
        "CH003",
        "chapter-after-last-turn",
        "warning",
        "chapter starts after the last turn of the transcript",
        "The chapter points past the end of what was said, often a typo in its hour or minutes.",
        "00:00 Intro\n05:00 Talk\n3:10:00 Outro\n\n**A [1:17:34]**: Bye.",
        "00:00 Intro\n05:00 Talk\n1:10:00 Outro\n\n**A [1:17:34]**: Bye.",
    ),
    Entry(
        "CH004",
        "duplicate-chapter-title",
        "warning",
        "duplicate chapter title",
        "Two chapters share a title, which makes them impossible to tell apart in a player.",
        "00:00 Q&A\n10:00 Q&A",
        "00:00 Q&A, part 1\n10:00 Q&A, part 2",
    ),
    Entry(
        "CH005",
        "too-few-chapters",
        "info",
        "fewer than three chapters",
        "YouTube shows chapters only when there are at least three.",
        "00:00 Intro\n10:00 Talk",
        "00:00 Intro\n10:00 Talk\n50:00 Outro",
    ),
    Entry(
        "CH006",
        "chapter-too-short",
        "info",
        "chapter shorter than 10 seconds",
        "YouTube needs every chapter to last at least 10 seconds.",
        "00:00 Intro\n00:05 Talk",
        "00:00 Intro\n00:15 Talk",
    ),
    Entry(
        "NT001",
        "unopened-quote",
        "warning",
        "closing quotation mark with no opening mark",
        "A closing ” has no matching “ before it in the paragraph, so where the quotation starts is a guess.",
        "Q: Tips?\nA: Use it daily.”",
        "“Q: Tips?\nA: Use it daily.”",
    ),
    Entry(
        "NT002",
        "unclosed-quote",
        "warning",
        "opening quotation mark never closed",
        "A quotation opened with “ is not closed before the next claim or the end of its section; the quote is taken to end with its paragraph.",
        "“It is hard to say.",
        "“It is hard to say.”",
    ),
    Entry(
        "NT003",
        "claim-without-body",
        "warning",
        "claim with no body and no supporting quote",
        "A bold claim opens a paragraph but nothing follows it: no text and no quote before the next claim.",
        "**Reasoning helps alignment**.",
        "**Reasoning helps alignment**. Steerable systems are easier to check.",
    ),
    Entry(
        "NT004",
        "empty-section",
        "warning",
        "section has a heading but no content",
        "A heading is followed directly by a heading of the same or a higher level, or by the end of the document.",
        "### Notes\n### Chapters",
        "### Notes\nWhat we covered.\n\n### More\nAnd more.",
    ),
    Entry(
        "CUE001",
        "malformed-cue-timing",
        "error",
        "cue timing line does not read",
        "A cue's timing line must be a start and an end joined by -->: HH:MM:SS,mmm in SRT, [HH:]MM:SS.mmm in WebVTT. The cue is kept with no times (the srt library silently joins such a block to the cue before it; webvtt-py drops it).",
        "1\n0:01 --> 0:04\nHello.",
        "1\n00:00:01,000 --> 00:00:04,000\nHello.",
    ),
    Entry(
        "CUE002",
        "cue-ends-before-start",
        "error",
        "cue ends before it starts",
        "A cue whose end is earlier than its start has a negative length: players skip it or show it wrongly. Often a typo in one digit.",
        "1\n00:00:05,000 --> 00:00:04,000\nHello.",
        "1\n00:00:05,000 --> 00:00:06,000\nHello.",
    ),
    Entry(
        "CUE003",
        "overlapping-cues",
        "warning",
        "cue starts before the cue before it ends",
        "Two cues on screen at once: allowed by WebVTT, but in a transcript it is usually an editing slip, and players that show one caption at a time cut the first short.",
        "1\n00:00:01,000 --> 00:00:05,000\nHello.\n\n2\n00:00:04,000 --> 00:00:06,000\nHi.",
        "1\n00:00:01,000 --> 00:00:04,000\nHello.\n\n2\n00:00:04,000 --> 00:00:06,000\nHi.",
    ),
    Entry(
        "CUE004",
        "cue-starts-before-previous",
        "warning",
        "cue starts before the cue before it",
        "Cues are expected in order of their start times; one that goes back in time is shown out of order or not at all.",
        "1\n00:00:05,000 --> 00:00:06,000\nLater.\n\n2\n00:00:01,000 --> 00:00:02,000\nEarlier.",
        "1\n00:00:01,000 --> 00:00:02,000\nEarlier.\n\n2\n00:00:05,000 --> 00:00:06,000\nLater.",
    ),
    Entry(
        "CUE005",
        "empty-cue",
        "warning",
        "cue has no text",
        "A cue with a timing and no text shows nothing; the srt library drops such cues when it writes.",
        "1\n00:00:01,000 --> 00:00:02,000\n",
        "1\n00:00:01,000 --> 00:00:02,000\nHello.",
    ),
    Entry(
        "CUE006",
        "cue-index",
        "warning",
        "SRT cue index missing, not a number, or not one more than the one before",
        "SRT numbers its cues 1, 2, 3, ... A missing, repeated or skipped index often means a cue was deleted or pasted twice; the cue is read all the same.",
        "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n3\n00:00:02,000 --> 00:00:03,000\nThere.",
        "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\n00:00:02,000 --> 00:00:03,000\nThere.",
        "Safe fix: the cues are renumbered one by one from the first cue's number (1 when it has none), by one fix on the first finding that changes every index that needs it and puts an index line before a cue that has none. Unsafe (applied with --unsafe-fixes only) when an index that is not a number would be replaced: it may be text that lost its place.",
        "always",
    ),
    Entry(
        "CUE007",
        "no-speakers",
        "info",
        "no cue names a speaker",
        "The file names no speaker anywhere (no <v Name> voice, no Name: prefix, no JSON speaker), so every cue is a turn of its own with no speaker. Podcast apps show speaker names when the file has them.",
        "WEBVTT\n\n00:00.000 --> 00:02.000\nWelcome to the show.",
        "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Sarah>Welcome to the show.",
    ),
    Entry(
        "CUE008",
        "long-cue-lines",
        "info",
        "cue lines longer than recommended",
        "The Podcasting 2.0 transcript tag recommends WebVTT lines of at most 65 characters and SRT cards of at most 2 lines of 32 characters; longer ones wrap or are cut on small screens. Reported once per file, at the first, with the counts.",
        "1\n00:00:01,000 --> 00:00:04,000\nWhen you first get started in podcasting, it is almost guaranteed",
        "1\n00:00:01,000 --> 00:00:04,000\nWhen you first get started\nin podcasting, it is almost",
    ),
    Entry(
        "CUE009",
        "cue-timing-form",
        "warning",
        "cue timing read, but not in the format's form",
        "The times were read, but the form is not the format's own: a dot in an SRT time (which the srt library accepts), a comma in a WebVTT time (which webvtt-py drops the cue for), one-digit fields or a short fraction (read as a decimal: ,5 is half a second).",
        "1\n00:00:01.500 --> 00:00:04.000\nHello.",
        "1\n00:00:01,500 --> 00:00:04,000\nHello.",
        "The times are rewritten as the format writes them: HH:MM:SS,mmm (SRT) or [HH:]MM:SS.mmm (WebVTT, hours kept as written), blanks around --> and cue settings left as they are. Safe when the times were read certainly (a . or , swapped, one-digit fields, a missing fraction in SRT); unsafe (applied with --unsafe-fixes only) when a fraction has fewer than three digits or follows a colon (,5 is half a second here but 5 ms to the srt library; :15 may count frames).",
        "always",
    ),
    Entry(
        "CUE010",
        "text-without-timing",
        "warning",
        "text with no timing line",
        "A block of text that is not a cue: usually a blank line typed inside a cue, which splits it. The text is joined to the cue before it (or kept as a cue with no times when it comes first), never dropped.",
        "1\n00:00:01,000 --> 00:00:04,000\nHello,\n\nand welcome.",
        "1\n00:00:01,000 --> 00:00:04,000\nHello,\nand welcome.",
    ),
    Entry(
        "CUE011",
        "missing-webvtt-header",
        "error",
        "WebVTT file does not start with WEBVTT",
        "A WebVTT file must open with the line WEBVTT; players refuse a file without it. The cues are read all the same.",
        "00:00.000 --> 00:02.000\nHello.",
        "WEBVTT\n\n00:00.000 --> 00:02.000\nHello.",
        "Safe fix: the line WEBVTT and a blank line are put on top (the blank line keeps every line after it read as before), or a lower-case webvtt header is written in capitals.",
        "always",
    ),
    Entry(
        "CUE012",
        "missing-blank-line",
        "warning",
        "cue follows the one before it without a blank line",
        "Cues are separated by a blank line. Without one, a reader can take the next cue's index and timing for text (the srt library does); they are read as a new cue here.",
        "1\n00:00:01,000 --> 00:00:02,000\nHi.\n2\n00:00:02,000 --> 00:00:03,000\nThere.",
        "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\n00:00:02,000 --> 00:00:03,000\nThere.",
    ),
    Entry(
        "FMT001",
        "invalid-json",
        "error",
        "the file is not valid JSON",
        "A Podcasting 2.0 JSON transcript or JSON chapters file must be valid JSON; the position is where reading stopped.",
        '{"version": "1.0.0", "segments": [}',
        '{"version": "1.0.0", "segments": []}',
    ),
    Entry(
        "FMT002",
        "unexpected-json-shape",
        "error",
        "JSON of another shape than the format expects",
        'A Podcasting 2.0 JSON transcript is an object with "version" and a "segments" array of {speaker, startTime, endTime, body}; JSON chapters an object with "version" and a "chapters" array of {startTime, title, ...}. Other JSON (a speech-to-text dump, a video\'s metadata) is not read.',
        '{"results": {"channels": []}}',
        '{"version": "1.0.0", "segments": [{"speaker": "Ana", "startTime": 0.5, "endTime": 2.0, "body": "Hi."}]}',
    ),
    Entry(
        "FMT003",
        "text-instead-of-body",
        "warning",
        'segment text is under "text", not "body"',
        'The Podcasting 2.0 JSON transcript keeps a segment\'s words in "body"; files from Whisper-style tools use "text", which consumers that follow the specification lose. It is read here.',
        '{"version": "1.0.0", "segments": [{"startTime": 0.5, "text": "Hi."}]}',
        '{"version": "1.0.0", "segments": [{"startTime": 0.5, "body": "Hi."}]}',
        "Rename the key to body.",
    ),
    Entry(
        "FMT004",
        "bad-field",
        "error",
        "a field is missing or of the wrong type",
        "A segment needs a number startTime and a string body; a chapter a number startTime; version is a string. The record is kept with what could be read.",
        '{"version": "1.0.0", "segments": [{"startTime": "0:05", "body": "Hi."}]}',
        '{"version": "1.0.0", "segments": [{"startTime": 5, "body": "Hi."}]}',
    ),
    Entry(
        "FMT005",
        "nothing-found",
        "warning",
        "the file holds no cues, segments, chapters or turns",
        "The file is in a transcript or chapters format but has nothing in it to read.",
        "WEBVTT\n",
        "WEBVTT\n\n00:00.000 --> 00:02.000\nHello.",
    ),
    Entry(
        "FMT006",
        "html-stray-text",
        "warning",
        "HTML transcript text outside <cite>, <time> and <p>",
        "The Podcasting 2.0 HTML transcript is a sequence of <cite>speaker</cite>, <time>start</time> and <p>text</p>. Other text is kept in the turn it follows and reported.",
        "<cite>Ana:</cite><time>0:00</time>Hello.",
        "<cite>Ana:</cite><time>0:00</time><p>Hello.</p>",
    ),
)

CATALOGUE: dict[str, Entry] = {entry.code: entry for entry in _ENTRIES}
"""The catalogue by code, in code order."""


def make(
    code: str, span: Span, message: str | None = None, suggestion: str | None = None, fix: Fix | None = None
) -> Diagnostic:
    """A diagnostic for catalogue rule ``code`` at ``span`` (default message: the summary), with its ``fix`` if known."""
    rule = CATALOGUE[code]
    return Diagnostic(code, rule.severity, message or rule.summary, span, suggestion, fix)


def stamp_fix(span: Span, found: str, written: str, suggestion: str | None, *, safe: bool) -> Fix | None:
    """The fix replacing a timestamp ``written`` at ``span`` (where the document holds ``found``) by ``suggestion``.

    None when there is no suggestion, or the span does not hold the stamp as
    read (an HTML entity, say): an edit must replace exactly what was read.
    """
    if suggestion is None or found != written:
        return None
    return Fix("safe" if safe else "unsafe", f"replace {written} with {suggestion}", (Edit(span, suggestion),))


MAX_PER_CODE = 1000
"""Findings of one code listed per document; the rest become one summary finding.

Compilers stop at 20 to 100 errors, but one code can rightly repeat hundreds
of times in a long transcript (the shared corpus has a file with 162 TR003),
so the cap is higher: it is there to bound the time, memory and JSON of a
pathological file (a finding on each of a million lines), not to hide real ones.
"""


def summary(first: Diagnostic, more: int) -> Diagnostic:
    """The finding that stands for ``more`` findings of ``first.code`` from ``first`` on, not listed."""
    return Diagnostic(
        first.code,
        first.severity,
        f"{more:,} more {first.code} findings from here on are not listed (at most {MAX_PER_CODE:,} of one code "
        f"per document); the first of them: {first.message}",
        first.span,
    )


_POSITION = operator.attrgetter("span.start", "span.end", "code")
"""A finding's sort key: position, then code."""


def cap(found: Iterable[Diagnostic], unlisted: dict[str, int]) -> list[Diagnostic]:
    """The findings sorted by position then code, at most :data:`MAX_PER_CODE` of a code and a summary.

    ``found`` may hold more of a code than the cap; ``unlisted`` counts, by
    code, findings a stage did not build at all because the cap was reached
    (it built at least the first one past the cap, where the summary goes).
    """
    ordered = sorted(found, key=_POSITION)
    counts: dict[str, int] = {}
    for d in ordered:
        counts[d.code] = counts.get(d.code, 0) + 1
    if max(counts.values(), default=0) <= MAX_PER_CODE and not unlisted:
        return ordered
    out: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for d in ordered:
        n = seen[d.code] = seen.get(d.code, 0) + 1
        if n <= MAX_PER_CODE:
            out.append(d)
        elif n == MAX_PER_CODE + 1:
            out.append(summary(d, counts[d.code] - MAX_PER_CODE + unlisted.get(d.code, 0)))
    return out


class Capped:
    """Collects findings, keeping at most :data:`MAX_PER_CODE` + 1 of a code (the rest only counted).

    What it keeps is what :func:`cap` needs: the listed findings and the
    first one past the cap, where the summary goes.
    """

    __slots__ = ("counts", "kept")

    def __init__(self) -> None:
        self.kept: list[Diagnostic] = []
        self.counts: dict[str, int] = {}

    def add(self, d: Diagnostic) -> None:
        """Keep ``d`` if fewer than the cap + 1 of its code are kept; count it either way."""
        n = self.counts[d.code] = self.counts.get(d.code, 0) + 1
        if n <= MAX_PER_CODE + 1:
            self.kept.append(d)

    def unlisted(self) -> dict[str, int]:
        """By code, how many were counted but not kept."""
        return {code: n - MAX_PER_CODE - 1 for code, n in self.counts.items() if n > MAX_PER_CODE + 1}
