"""``episode-parse validate`` and ``episode-parse rules``: the linter."""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from episode_parse.batch import NO_DOCUMENTS, Failed, expand_paths, run_batch
from episode_parse.cli_support import UsageError, escape, jobs_argument, read_document, stdout

if TYPE_CHECKING:  # imported where used, so other commands start without them
    from episode_parse.config import LintConfig
    from episode_parse.report import FileReport


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    """Register the options of ``validate`` or ``rules``."""
    if name == "rules":
        parser.description = (
            "List the diagnostic catalogue, one family of it (DOC, TS, TR, CH, NT), or explain one rule "
            "with a bad and a good example; --layouts lists the turn and chapter layouts."
        )
        parser.add_argument("code", nargs="?", metavar="CODE", help="the rule to explain, or a family to list")
        parser.add_argument(
            "--layouts", action="store_true", help="list the turn and chapter layouts the parser reads, with examples"
        )
        parser.set_defaults(run=run_rules)
        return
    from episode_parse.report import REPORTERS

    parser.description = (
        "Check episode documents and report findings. Exit 0 when clean, 1 when a finding is at or "
        "above --fail-on (or a file cannot be read), 2 for usage or configuration errors (and when "
        "no document is found), 3 on an internal error."
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, directories (searched for episode documents: .md, .txt, .vtt, .srt, .html, .json), or -",
    )
    formats = "; ".join(f"{r.name}: {r.about}" for r in REPORTERS.values())
    default = next(iter(REPORTERS))
    parser.add_argument(
        "--format", choices=list(REPORTERS), default=default, help=f"output format (default: {default}). {formats}"
    )
    parser.add_argument(
        "--fail-on", choices=("error", "warning", "info"), help="least severity that fails (default: warning)"
    )
    parser.add_argument("--max-per-file", type=int, metavar="N", help="findings shown per file (default: 100)")
    parser.add_argument(
        "--fix",
        action="store_true",
        help="apply the safe fixes in place first, then report what is left (as 'episode-parse fix' does)",
    )
    add_lint_options(parser)
    parser.set_defaults(run=run)


def add_lint_options(parser: argparse.ArgumentParser) -> None:
    """The options ``validate`` and ``fix`` share: which findings, configuration, unsafe fixes, jobs."""
    parser.add_argument("--select", metavar="CODES", help="comma-separated codes or families to check (default: all)")
    parser.add_argument("--ignore", metavar="CODES", help="comma-separated codes or families not to check")
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="count unsafe fixes as fixes too: fix applies them, [*] marks them",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="read [tool.episode-parse] from this file instead of the nearest pyproject.toml",
    )
    parser.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    parser.add_argument(
        "-j",
        "--jobs",
        type=jobs_argument,
        metavar="N",
        help="worker processes (default: the number of cores, or one for under 8 MB)",
    )


def lint_config(args: argparse.Namespace) -> LintConfig:
    """The configuration file's settings (or none), overridden by the command line; UsageError when unusable."""
    import attrs

    from episode_parse.config import ConfigError, LintConfig, check_codes, find_config, load_config

    try:
        if args.isolated:
            config = LintConfig()
        elif args.config is not None:
            config = load_config(args.config)
        else:
            config = find_config(os.getcwd())
        overrides: dict[str, Any] = {}
        if args.select is not None:
            overrides["select"] = check_codes(_split(args.select), "--select")
        if args.ignore is not None:
            overrides["ignore"] = check_codes(_split(args.ignore), "--ignore")
        if getattr(args, "fail_on", None) is not None:
            overrides["fail_on"] = args.fail_on
        if getattr(args, "max_per_file", None) is not None:
            if args.max_per_file < 1:
                raise ConfigError("--max-per-file must be a positive integer")
            overrides["max_per_file"] = args.max_per_file
        return attrs.evolve(config, **overrides)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def input_files(paths: list[str]) -> list[str]:
    """The files to read (directories searched); UsageError for none, a missing path or ``-`` given twice."""
    files = expand_paths(paths)
    if not files:  # as convert does: an empty directory is more likely a wrong path than a clean run
        raise UsageError(NO_DOCUMENTS)
    missing = [f for f in files if f != "-" and not os.path.lexists(f)]
    if missing:
        raise UsageError(f"no such file or directory: {escape(missing[0])}")
    if files.count("-") > 1:
        raise UsageError("standard input (-) can be given only once")
    return files


def run(args: argparse.Namespace) -> int:
    """Validate the given paths; return the exit code."""
    from episode_parse import __version__
    from episode_parse.report import REPORTERS, FileReport, ReportOptions

    config = lint_config(args)
    files = input_files(args.paths)
    worker: Callable[[str], FileReport] = functools.partial(validate_file, config)
    if args.fix:
        if "-" in files:
            raise UsageError("validate --fix cannot fix standard input; 'episode-parse fix -' writes the fixed text")
        from episode_parse.cmd_fix import FixJob, fix_and_report

        worker = functools.partial(fix_and_report, FixJob(config, args.unsafe_fixes, "write"))
    # Standard input can only be read here, so a batch that includes it runs in-process.
    jobs = 1 if "-" in files else args.jobs
    reports = []
    for path, result in run_batch(files, worker, jobs=jobs):
        if isinstance(result, Failed):  # a bug in a worker: reported, the batch goes on
            reports.append(FileReport(path, (), f"internal error (please report): {result.error}"))
        else:
            reports.append(result)

    options = ReportOptions(config.max_per_file, __version__, args.unsafe_fixes)
    stdout().write(REPORTERS[args.format].write(reports, options))
    stdout().flush()
    failed = any(r.failure for r in reports) or any(config.fails(d) for r in reports for d in r.diagnostics)
    return 1 if failed else 0


def validate_file(config: LintConfig, path: str) -> FileReport:
    """The worker of a batch: read, parse and filter one file (runs in a worker process)."""
    from episode_parse.api import parse_document
    from episode_parse.report import FileReport

    try:
        doc, name = read_document(path)
    except UsageError as exc:
        return FileReport(path, (), str(exc).removeprefix(f"cannot read {path}: "))
    episode = parse_document(doc)
    return FileReport(name, tuple(config.filter(episode.diagnostics, name)))


def run_rules(args: argparse.Namespace) -> int:
    """List the catalogue or one family of it, or explain one rule."""
    from episode_parse.diagnostics import CATALOGUE, FAMILIES, MAX_PER_CODE

    if args.layouts:
        if args.code is not None:
            raise UsageError("give a CODE or --layouts, not both")
        stdout().write(_layouts().encode())
        return 0
    code = None if args.code is None else args.code.strip().upper()
    if code is None or code in FAMILIES:
        lines = []
        for family, about in FAMILIES.items():
            if code is not None and family != code:
                continue
            lines.append(f"{family}: {about}")
            for rule in CATALOGUE.values():
                if rule.code.startswith(family) and rule.code[len(family)].isdigit():
                    mark = "[*]" if rule.fixable else "   "
                    lines.append(f"  {rule.code}  {rule.severity:<7}  {mark}  {rule.name:<28}  {rule.summary}")
        lines.append("[*]: 'episode-parse fix' corrects the finding (always, or when it knows the correction).")
        lines.append(
            f"At most {MAX_PER_CODE:,} findings of one code are listed per document; one more, at the first "
            "left out, counts the rest."
        )
        lines.append("Run 'episode-parse rules CODE' for an explanation with examples.")
        stdout().write(("\n".join(lines) + "\n").encode())
        return 0
    import textwrap

    if code not in CATALOGUE:
        families = ", ".join(FAMILIES)
        raise UsageError(f"unknown rule {escape(args.code)!r}; 'episode-parse rules' lists them (families: {families})")
    rule = CATALOGUE[code]
    parts = [
        f"{rule.code} {rule.name} ({rule.severity})",
        "",
        rule.summary[0].upper() + rule.summary[1:] + ".",
        "",
        textwrap.fill(rule.explanation, 78),
        "",
        "Bad:",
        textwrap.indent(rule.bad.replace("\\n", "\n"), "    ") if rule.bad else "    (an empty document)",
        "",
        "Good:",
        textwrap.indent(rule.good.replace("\\n", "\n"), "    "),
    ]
    if rule.fix:
        how = {"always": " (episode-parse fix)", "sometimes": " (episode-parse fix, when it knows the correction)"}
        parts += ["", textwrap.fill(f"Fix{how.get(rule.fixable or '', '')}: {rule.fix}", 78)]
    stdout().write(("\n".join(parts) + "\n").encode())
    return 0


def _layouts() -> str:
    """The layout table: each turn and chapter layout's name and an example line."""
    from episode_parse.layouts import CHAPTER_LAYOUTS, TURN_LAYOUTS

    tables: list[tuple[str, list[tuple[str, str]]]] = [
        (
            "Turn layouts (a turn header; the first that matches a line wins):",
            [(t.name, t.example) for t in TURN_LAYOUTS],
        ),
        ("Chapter layouts (a line of a chapter list):", [(c.name, c.example) for c in CHAPTER_LAYOUTS]),
    ]
    width = max(len(name) for _, rows in tables for name, _ in rows)
    lines = []
    for title, rows in tables:
        lines.append(title)
        lines.extend(f"  {name:<{width}}  {example}" for name, example in rows)
    lines.append("Episode.layout (in the JSON: layout.turns, layout.chapters) names the ones a document was read in.")
    return "\n".join(lines) + "\n"


def _split(value: str) -> list[str]:
    return [v for v in (p.strip() for p in value.split(",")) if v]
