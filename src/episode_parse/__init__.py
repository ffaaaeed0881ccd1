"""episode_parse: podcast episode documents into typed, validated records.

>>> from episode_parse import parse
>>> episode = parse("**Host [00:00:01]**: Welcome.")
>>> episode.turns[0].speaker, episode.turns[0].start
('Host', 1.0)
"""

from __future__ import annotations

import importlib
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


# Defined for the interpreter only: a module __getattr__ would make mypy
# accept any name imported from the package.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        """``parse``, ``parse_bytes``, ``parse_file`` and the package's modules, imported on first use.

        The parsing pipeline (every stage and the Markdown reader) is most of
        the package's import time; the commands that do not parse (``rules``,
        ``schema``, ``--help``) and code that only builds or reads records do
        without it.  A module of the package is imported when first named
        (``episode_parse.rules`` after a bare ``import episode_parse``, which
        used to import the pipeline's modules).
        """
        if name in _PARSERS:
            value = getattr(importlib.import_module(f"{__name__}.api"), name)
            globals()[name] = value
            return value
        if not name.startswith("__"):
            try:
                return importlib.import_module(f"{__name__}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{__name__}.{name}":
                    raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted({*globals(), *_PARSERS})
