"""Start-up: each trick gives what the plain code gives, and only what is used gets loaded.

The layout patterns are compiled when first used, the records' ``__repr__`` is
one shared function, the records built by the thousand have a faster
``__init__`` (see the comment at the end of ``episode_parse/records.py``),
``validate`` passes over a pyproject.toml that cannot configure it, and
``import episode_parse`` leaves the parsing pipeline until ``parse`` is asked
for.  These tests pin that each trick behaves as what it replaces and what
each entry point imports (more in tests/test_cli.py).
"""

from __future__ import annotations

import ast
import inspect
import pickle
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from episode_parse import config, layouts, records
from episode_parse.records import RECORD_TYPES, Span
from tests.conftest import ROOT, bench_module


def _fresh(code: str) -> Any:
    """The value a fresh interpreter prints (as a literal) after running ``code``."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return ast.literal_eval(result.stdout.splitlines()[-1])


# layouts ----------------------------------------------------------------------

_ROWS: tuple[layouts.TurnLayout | layouts.ChapterLayout, ...] = (*layouts.TURN_LAYOUTS, *layouts.CHAPTER_LAYOUTS)


def test_importing_the_layouts_compiles_no_pattern() -> None:
    compiled = _fresh(
        "import episode_parse.layouts as L\n"
        "rows = L.TURN_LAYOUTS + L.CHAPTER_LAYOUTS\n"
        "print((L._compiled.cache_info().currsize, [r.name for r in rows if {'pattern', 'probe'} & set(vars(r))]))"
    )
    assert compiled == (0, [])


def test_a_document_compiles_only_the_layouts_it_tries() -> None:
    # One bold-bracket header: the bold layouts are tried, the bracket-first and
    # name-first ones (that the line's first character rules out) are not.
    compiled = _fresh(
        "import episode_parse as E, episode_parse.layouts as L\n"
        "E.parse('**Ana [00:00:01]**: Hi.\\n')\n"
        "print([r.name for r in L.TURN_LAYOUTS if 'pattern' in vars(r)])"
    )
    assert "bold-name-bracket-time" in compiled
    assert "bracket-name-bracket-time" not in compiled and "name-colon" not in compiled


@pytest.mark.parametrize("row", _ROWS, ids=[row.name for row in _ROWS])
def test_a_layout_pattern_is_its_source_compiled_once(row: layouts.TurnLayout | layouts.ChapterLayout) -> None:
    assert row.pattern.pattern == row.source and row.pattern is row.pattern
    if isinstance(row, layouts.TurnLayout):
        assert (row.probe is None) == (row.probe_source is None)
        assert row.probe is None or (row.probe.pattern == row.probe_source and row.probe is row.probe)


def test_the_chapter_title_patterns_are_compiled_on_use() -> None:
    found = layouts.match_chapter("00:00 [Intro](https://example.com/a) and **more**")
    assert found is not None
    assert (found.title, found.url) == ("Intro and more", "https://example.com/a")
    assert layouts.match_chapter("[46:53] **Ana**: text") is None


# records: repr ------------------------------------------------------------------


def _twin(cls: type) -> type:
    """A record class as attrs makes it by default (generated ``__init__`` and ``__repr__``), same name and fields."""
    fields = attrs.fields(cls)
    return attrs.make_class(cls.__name__, {f.name: attrs.field() for f in fields}, frozen=True, slots=True)


def _values(cls: type, seed: int) -> list[Any]:
    """One value per field of ``cls``, of assorted types (construction checks none)."""
    pool: list[Any] = [seed, -1.5, "tëxt 'q' \"d\"", None, (1, 2), Span(seed, seed + 1, 1, 1, 1, 2), True, float("nan")]
    return [pool[(seed + i) % len(pool)] for i in range(len(attrs.fields(cls)))]


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=[c.__name__ for c in RECORD_TYPES])
def test_record_repr_is_attrs_repr(cls: type) -> None:
    for seed in range(len(attrs.fields(cls))):
        values = _values(cls, seed)
        assert repr(cls(*values)) == repr(_twin(cls)(*values))


def test_records_have_the_shared_repr() -> None:
    # repr=False: attrs compiled no __repr__ of its own.
    for cls in RECORD_TYPES:
        assert vars(cls)["__repr__"] is records._record_repr


def test_repr_of_a_record_holding_itself_stops() -> None:
    # attrs' guard against cycles: a record can only hold itself through a mutable
    # value (which the types forbid, but nothing checks), and repr must not recurse.
    box: list[Any] = []
    span = Span(box, 1, 1, 1, 1, 2)  # type: ignore[arg-type]
    box.append(span)
    assert repr(span) == "Span(start=[...], end=1, line=1, column=1, end_line=1, end_column=2)"
    assert repr(span) == repr(span)  # the guard is left clean


# records: the faster __init__ ------------------------------------------------------

FAST = tuple(records.FAST_INITS)


@pytest.mark.parametrize("cls", FAST, ids=[c.__name__ for c in FAST])
def test_fast_init_has_attrs_signature(cls: type) -> None:
    ours, theirs = cls.__init__, records.ATTRS_INITS[cls]  # type: ignore[misc]
    assert inspect.signature(ours) == inspect.signature(theirs)
    assert ours.__annotations__ == theirs.__annotations__ and ours.__qualname__ == theirs.__qualname__


@given(st.data())
def test_fast_init_sets_what_attrs_init_sets(data: st.DataObject) -> None:
    cls = data.draw(st.sampled_from(FAST))
    anything = st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=5), st.tuples(st.integers()))
    values = [data.draw(anything) for _ in attrs.fields(cls)]
    given_count = data.draw(
        st.integers(min_value=sum(f.default is attrs.NOTHING for f in attrs.fields(cls)), max_value=len(values))
    )
    ours = cls(*values[:given_count])
    theirs: Any = object.__new__(cls)
    records.ATTRS_INITS[cls](theirs, *values[:given_count])
    for field in attrs.fields(cls):
        assert getattr(ours, field.name) is getattr(theirs, field.name)
    by_keyword = cls(**{f.name: v for f, v in zip(attrs.fields(cls), values[:given_count], strict=False)})
    for field in attrs.fields(cls):
        assert getattr(by_keyword, field.name) is getattr(theirs, field.name)


@pytest.mark.parametrize("cls", FAST, ids=[c.__name__ for c in FAST])
def test_fast_init_records_are_still_attrs_records(cls: type) -> None:
    values = [*_values(cls, 0)[:-1], None]  # no NaN: equality is checked
    record = cls(*values)
    made: Any = object.__new__(cls)
    records.ATTRS_INITS[cls](made, *values)
    assert record == made and hash(record) == hash(made) and repr(record) == repr(made)
    assert pickle.loads(pickle.dumps(record)) == record
    assert attrs.asdict(record, recurse=False) == attrs.asdict(made, recurse=False)
    name = attrs.fields(cls)[0].name
    assert attrs.evolve(record, **{name: "x"}) == attrs.evolve(made, **{name: "x"})
    for field in attrs.fields(cls):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(record, field.name, 1)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            delattr(record, field.name)
    with pytest.raises(TypeError):
        cls()
    with pytest.raises(TypeError):
        cls(*values, "one too many")


# the benchmark's import table -------------------------------------------------------


def test_benchmark_lists_the_modules_convert_imports_beyond_the_floor() -> None:
    bench = bench_module()
    table = bench.import_times(ROOT / "examples" / "episode.md", runs=1)
    listed = re.findall(r"^\| `([\w.]+)` \| [\d.]+ \| [\d.]+ \|$", table, re.MULTILINE)
    assert {"episode_parse.records", "episode_parse.cmd_convert", "argparse"} <= set(listed)
    assert not {"attrs", "attr._make", "orjson", "typing", "re"} & set(listed)  # the floor imports these


# validate's configuration search ---------------------------------------------------


def test_a_pyproject_that_cannot_name_us_is_not_parsed(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.ruff]\nline-length = 100\n', encoding="utf-8"
    )
    (tmp_path / "episode.md").write_text("**Ana [00:00:01]**: Hi.\n", encoding="utf-8")
    code = (
        "import os, sys; from episode_parse.cli import main; os.chdir(sys.argv[1]); "
        "code = main(['validate', 'episode.md']); print((code, 'tomllib' in sys.modules or 'tomli' in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert ast.literal_eval(result.stdout.splitlines()[-1]) == (0, False)


@pytest.mark.parametrize(
    ("text", "select"),
    [
        ('[tool."episode\\u002dparse"]\nselect = ["TS"]\n', ("TS",)),  # an escape spells the name
        ('[tool]\n"episode-parse" = { select = ["TR"] }\n', ("TR",)),
        ("[tool.other]\nx = 1\n", ()),
        ("this is [not TOML\n", ()),  # broken, but not ours: passed over as before
    ],
)
def test_find_config_reads_what_the_toml_parser_reads(tmp_path: Path, text: str, select: tuple[str, ...]) -> None:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    assert config.find_config(tmp_path).select == select


# what importing the library loads ---------------------------------------------------------


def test_importing_the_library_loads_the_records_not_the_pipeline() -> None:
    # parse, parse_bytes and parse_file import the pipeline on first use (the
    # package's __getattr__); other formats, the commands and their helpers, and
    # the standard library modules only some of them need, are imported when used.
    loaded = set(_fresh("import sys; import episode_parse; print(sorted(sys.modules))"))
    bare = set(_fresh("import sys; print(sorted(sys.modules))"))
    ours = {name.removeprefix("episode_parse.") for name in loaded - bare if name.startswith("episode_parse.")}
    assert {"records", "render", "errors"} <= ours
    lazy = {"api", "blocks", "build", "classify", "diagnostics", "link", "notes", "read", "rules", "tidy", "formats"}
    lazy |= {"formats." + f for f in ("markdown", "srt", "webvtt", "cues", "html", "podcast_json", "chapters_json")}
    lazy |= {"formats.episode_json", "formats.youtube", "cli", "cli_support", "cmd_convert", "cmd_validate"}
    lazy |= {"cmd_fix", "batch", "report", "config", "schema", "fix"}
    assert not ours & lazy
    stdlib = {"argparse", "hashlib", "difflib", "multiprocessing", "concurrent.futures", "tomllib", "pathlib", "shutil"}
    assert not (loaded - bare) & stdlib


def test_the_parsers_are_the_api_functions_once_asked_for() -> None:
    import episode_parse
    from episode_parse import api, render

    assert (episode_parse.parse, episode_parse.parse_bytes, episode_parse.parse_file) == (
        api.parse,
        api.parse_bytes,
        api.parse_file,
    )
    assert inspect.isfunction(render) and render.__module__ == "episode_parse.render"
    # Importing the submodule episode_parse.render (the Markdown writer does) must not
    # replace the package's render function with the module.
    code = (
        "import inspect, episode_parse, episode_parse.formats.markdown; print(inspect.isfunction(episode_parse.render))"
    )
    assert _fresh(code) is True
    assert set(episode_parse.__all__) <= set(dir(episode_parse))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        episode_parse.nothing  # type: ignore[attr-defined]  # noqa: B018


@pytest.mark.parametrize("argv", [["rules"], ["rules", "TS001"], ["schema"], ["--version"], ["convert", "--help"]])
def test_commands_that_do_not_parse_do_not_import_the_pipeline(argv: list[str]) -> None:
    code = (
        f"import sys; from episode_parse.cli import main; code = main({argv!r}); sys.stdout.flush()\n"
        "print((code, sorted(m for m in ('episode_parse.api', 'episode_parse.classify') if m in sys.modules)))"
    )
    assert _fresh(code) == (0, [])


@pytest.mark.parametrize(
    "first",
    [
        "import episode_parse.formats.markdown",
        "import episode_parse.build",
        "import episode_parse.api",
        "from episode_parse import rules",
        "import episode_parse.formats.srt",
        "import episode_parse.cmd_validate",
    ],
)
def test_any_module_imported_first_then_the_package_works(first: str) -> None:
    # The package's __getattr__ imports modules by name; no entry order may meet a
    # module half-imported (a circular import) or leave a name unbound.
    code = (
        f"{first}\nimport episode_parse as E\n"
        "print((len(E.parse('**A [00:00:01]**: Hi.').turns), E.rules.__name__, E.diagnostics.__name__))"
    )
    assert _fresh(code) == (1, "episode_parse.rules", "episode_parse.diagnostics")


def test_match_turn_compiles_on_first_use_and_then_holds_the_patterns_own_match() -> None:
    # From nothing compiled: match_turn's plans hold stand-ins that compile a
    # pattern on first use and drop the plans; the next call remakes them with the
    # compiled pattern's own match.  Its answers are those of layout.match in order.
    code = (
        "import episode_parse.layouts as L\n"
        "def held(name):\n"
        "    return {p[1] for ps in L._PLANS.values() for p in ps if p[0].name == name}\n"
        "bold = L.BY_NAME['bold-name-bracket-time']\n"
        "first = L.match_turn('**Ana [00:00:01]**: Hi.', timed_only=False)\n"
        "dropped = L._PLANS == {}\n"
        "L.match_turn('**Bo [00:00:02]**: Yo.', timed_only=False)\n"
        "own = held(bold.name) == {bold.pattern.match} and all('pattern' not in vars(t) for t in L.TURN_LAYOUTS[8:])\n"
        "lines = ['Ana: hello', 'Ana (01:02): x', '[Bo] [00:02] y', '00:01:02 z', '(00:12:30):', 'plain prose',"
        " '**Sarah Guo:** Welcome', 'Aaron: 00:00:20', '[17.44 --> 19.10]  a'] * 2\n"
        "got = [(lambda r: r and (r[0].name, r[1].group(0)))(L.match_turn(x, timed_only=False)) for x in lines]\n"
        "def plain(line):\n"
        "    for t in L.TURN_LAYOUTS:\n"
        "        m = t.match(line)\n"
        "        if m is not None and (not t.named or m.group('speaker').strip()): return t.name, m.group(0)\n"
        "print((first[0].name, dropped, own, got == [plain(x) for x in lines]))"
    )
    assert _fresh(code) == ("bold-name-bracket-time", True, True, True)
