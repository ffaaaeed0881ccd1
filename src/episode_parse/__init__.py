"""episode_parse: podcast episode documents into typed, validated records.

>>> from episode_parse import parse
>>> episode = parse("**Host [00:00:01]**: Welcome.")
>>> episode.turns[0].speaker, episode.turns[0].start
('Host', 1.0)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from episode_parse.errors import EpisodeParseError
from episode_parse.records import Chapter, Claim, Diagnostic, Episode, Quote, Section, Source, Span, Speaker, Turn

# Bound after the submodule is imported: importing ``episode_parse.render``
# sets this package's ``render`` to the module, the function must win.
from episode_parse.render import render

if TYPE_CHECKING:
    from episode_parse.api import parse, parse_bytes, parse_file

__all__ = [
    "Chapter",
    "Claim",
    "Diagnostic",
    "Episode",
    "EpisodeParseError",
    "Quote",
    "Section",
    "Source",
    "Span",
    "Speaker",
    "Turn",
    "parse",
    "parse_bytes",
    "parse_file",
    "render",
]

__version__ = "0.1.0"

_PARSERS = ("parse", "parse_bytes", "parse_file")


def __getattr__(name: str) -> Any:
    """``parse``, ``parse_bytes`` and ``parse_file``, imported on first use.

    The parsing pipeline (every stage and the Markdown reader) is most of the
    package's import time; the commands that do not parse (``rules``,
    ``schema``, ``--help``) and code that only builds or reads records do
    without it.
    """
    if name in _PARSERS:
        from episode_parse import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_PARSERS})
