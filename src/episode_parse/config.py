"""The linter's policy: which findings to report and which fail the run.

Configuration comes from ``[tool.episode-parse]`` of the nearest
``pyproject.toml`` (searched upward from the current directory), and command
line flags override it::

    [tool.episode-parse]
    select = ["TS", "TR"]          # codes or family prefixes; default: all
    ignore = ["TR003"]
    fail-on = "warning"            # error | warning | info
    max-per-file = 100             # findings shown per file before "N more"
    [tool.episode-parse.per-file-ignores]
    "archive/*.md" = ["TS002"]
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from episode_parse.diagnostics import CATALOGUE, FAMILIES
from episode_parse.records import Diagnostic, Severity

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
"""Severities from least to most serious."""

DEFAULT_FAIL_ON: Severity = "warning"
DEFAULT_MAX_PER_FILE = 100


class ConfigError(Exception):
    """A configuration file or option that cannot be used: exit 2."""


@attrs.frozen(slots=True)
class LintConfig:
    """What to report and what fails the run."""

    select: tuple[str, ...] = ()
    """Codes or family prefixes to report; empty reports every rule."""
    ignore: tuple[str, ...] = ()
    """Codes or family prefixes never to report."""
    fail_on: Severity = DEFAULT_FAIL_ON
    """The least severity that makes the run fail."""
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(glob, codes) pairs; globs are relative to ``root``."""
    max_per_file: int = DEFAULT_MAX_PER_FILE
    """How many findings to show per file before an "N more" line."""
    root: str = "."
    """Directory the per-file globs are relative to (the configuration file's)."""
    source: str | None = None
    """The configuration file read, if any."""

    def reports(self, code: str, path: str) -> bool:
        """Whether a finding with ``code`` in file ``path`` is reported."""
        if self.select and not _matches(code, self.select):
            return False
        if _matches(code, self.ignore):
            return False
        if self.per_file_ignores:
            for pattern, codes in self.per_file_ignores:
                if _path_matches(path, pattern, self.root) and _matches(code, codes):
                    return False
        return True

    def fails(self, diagnostic: Diagnostic) -> bool:
        """Whether a reported finding fails the run."""
        return SEVERITY_RANK[diagnostic.severity] >= SEVERITY_RANK[self.fail_on]

    def filter(self, diagnostics: Iterable[Diagnostic], path: str) -> list[Diagnostic]:
        """The reported findings, in order."""
        return [d for d in diagnostics if self.reports(d.code, path)]


def _matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(p == "ALL" or code.startswith(p) for p in prefixes)


def _path_matches(path: str, pattern: str, root: str) -> bool:
    try:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # another drive on Windows
        relative = path
    posix = relative.replace(os.sep, "/")
    if fnmatch.fnmatchcase(posix, pattern):
        return True
    return "/" not in pattern and fnmatch.fnmatchcase(posixpath.basename(posix), pattern)


def check_codes(values: Sequence[str], option: str) -> tuple[str, ...]:
    """The codes or prefixes as given, upper-cased; ConfigError names the first unknown one."""
    out = []
    for value in values:
        code = value.strip().upper()
        if code != "ALL" and not any(rule.startswith(code) for rule in CATALOGUE):
            known = ", ".join(FAMILIES)
            raise ConfigError(
                f"{option}: unknown rule or family {value!r} (families: {known}; see 'episode-parse rules')"
            )
        out.append(code)
    return tuple(out)


def check_severity(value: object, option: str) -> Severity:
    """A severity name; ConfigError otherwise."""
    if value == "error" or value == "warning" or value == "info":
        return value
    raise ConfigError(f"{option}: expected error, warning or info, got {value!r}")


def find_config(start: str | os.PathLike[str]) -> LintConfig:
    """The configuration of the nearest pyproject.toml at or above ``start`` with a [tool.episode-parse] table.

    Each candidate is read once.  A broken pyproject.toml that never mentions
    us is not our business and is passed over; one that does is reported.
    """
    # os.path, not pathlib: pathlib imports urllib.parse, a few milliseconds
    # of start-up on every run of the validator.
    directory, parent = "", os.path.realpath(start)
    while parent != directory:
        directory, parent = parent, os.path.dirname(parent)
        candidate = os.path.join(directory, "pyproject.toml")
        if not os.path.isfile(candidate) or not _may_name_us(candidate):
            continue
        try:
            data = _read_toml(candidate)
        except ConfigError:
            with open(candidate, encoding="utf-8", errors="replace") as f:
                if "[tool.episode-parse" in f.read():
                    raise
            continue
        tool = data.get("tool", {})
        if isinstance(tool, dict) and "episode-parse" in tool:
            return _config_from_data(data, candidate)
    return LintConfig()


def _may_name_us(path: str) -> bool:
    """Whether the TOML file at ``path`` can hold a key ``episode-parse`` (True when it cannot be read).

    A key is written as is, quoted, or with escapes (``"episode\\u002dparse"``),
    so a file with neither the name nor a ``\\u``/``\\U`` escape cannot
    configure us: it is passed over without importing and running the TOML
    parser (several milliseconds of every ``validate`` run).
    """
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError:
        return True  # reading it again reports why
    return b"episode-parse" in raw or b"\\u" in raw or b"\\U" in raw


def load_config(path: str | os.PathLike[str]) -> LintConfig:
    """The configuration in ``[tool.episode-parse]`` of ``path`` (defaults when it has none)."""
    return _config_from_data(_read_toml(path), path)


def _config_from_data(data: Mapping[str, Any], path: str | os.PathLike[str]) -> LintConfig:
    tool = data.get("tool", {})
    table = tool.get("episode-parse", {}) if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.episode-parse] must be a table")
    return config_from_table(table, str(path))


def config_from_table(table: Mapping[str, Any], source: str) -> LintConfig:
    """Check and convert a ``[tool.episode-parse]`` table."""
    known = {"select", "ignore", "fail-on", "per-file-ignores", "max-per-file"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(
            f"{source}: unknown key {unknown[0]!r} in [tool.episode-parse] (known: {', '.join(sorted(known))})"
        )

    def codes(key: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{source}: {key} must be a list of rule codes or families")
        return check_codes(value, f"{source}: {key}")

    select = codes("select", table.get("select", []))
    ignore = codes("ignore", table.get("ignore", []))
    fail_on = check_severity(table.get("fail-on", DEFAULT_FAIL_ON), f"{source}: fail-on")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f"{source}: per-file-ignores must be a table of glob = [codes]")
    pairs = tuple((str(glob), codes(f"per-file-ignores.{glob}", value)) for glob, value in per_file.items())
    max_per_file = table.get("max-per-file", DEFAULT_MAX_PER_FILE)
    if not isinstance(max_per_file, int) or isinstance(max_per_file, bool) or max_per_file < 1:
        raise ConfigError(f"{source}: max-per-file must be a positive integer")
    root = os.path.dirname(os.path.abspath(source))
    return LintConfig(select, ignore, fail_on, pairs, max_per_file, root, source)


def _read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as f:
            data: dict[str, Any] = tomllib.load(f)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    return data
