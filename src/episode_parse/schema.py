"""The JSON Schema (Draft 2020-12) of the episode JSON, generated from the records.

Field descriptions are the attribute docstrings of :mod:`episode_parse.records`,
read from its source, so the schema cannot drift from the code.  The
committed copy lives at ``schemas/episode.schema.json``; a test regenerates it
and fails on any difference.
"""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import types
import typing
from typing import Any

import attrs
import orjson

from episode_parse import records
from episode_parse.json_codec import field_types
from episode_parse.records import RECORD_TYPES, SCHEMA_VERSION, Episode

SCHEMA_ID = f"urn:episode-parse:schema:episode:{SCHEMA_VERSION}"
"""``$id`` of the schema; a URN, since the schema is shipped, not served."""


def episode_schema() -> dict[str, Any]:
    """The schema as a dict."""
    defs = {cls.__name__: _record_schema(cls) for cls in RECORD_TYPES if cls is not Episode}
    top = _record_schema(Episode)
    top["properties"]["schema_version"] = {
        "const": SCHEMA_VERSION,
        "description": top["properties"]["schema_version"]["description"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "episode_parse Episode",
        **top,
        "$defs": defs,
    }


def schema_json() -> bytes:
    """The schema as the bytes committed to ``schemas/episode.schema.json``."""
    return orjson.dumps(episode_schema(), option=orjson.OPT_INDENT_2) + b"\n"


def _record_schema(cls: type) -> dict[str, Any]:
    docs = field_docs(cls)
    properties = {}
    for name, tp in field_types(cls):
        prop = _type_schema(tp)
        prop["description"] = docs[name]
        properties[name] = prop
    return {
        "type": "object",
        "description": inspect.cleandoc(cls.__doc__ or ""),
        "properties": properties,
        "required": [f.name for f in attrs.fields(cls)],
        "additionalProperties": False,
    }


def _type_schema(tp: Any) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if attrs.has(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        schema = _type_schema(inner)
        if "type" in schema and isinstance(schema["type"], str):
            return {**schema, "type": [schema["type"], "null"]}
        return {"anyOf": [schema, {"type": "null"}]}
    if origin is typing.Literal:
        return {"type": "string", "enum": list(typing.get_args(tp))}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0])}
    names = {str: "string", int: "integer", float: "number", bool: "boolean"}
    if tp in names:
        scalar: dict[str, Any] = {"type": names[tp]}
        if tp is int:  # counts, offsets, lines and indexes; convert.structure checks the same
            scalar["minimum"] = 0
        return scalar
    raise TypeError(f"no schema for {tp!r}")


@functools.cache
def _module_docs() -> dict[str, dict[str, str]]:
    """Attribute docstrings of every class in records.py: {class: {field: doc}}."""
    tree = ast.parse(inspect.getsource(records))
    out: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        docs: dict[str, str] = {}
        body = node.body
        for stmt, nxt in itertools.pairwise(body):
            if (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and isinstance(nxt, ast.Expr)
                and isinstance(nxt.value, ast.Constant)
                and isinstance(nxt.value.value, str)
            ):
                docs[stmt.target.id] = inspect.cleandoc(nxt.value.value)
        out[node.name] = docs
    return out


def field_docs(cls: type) -> dict[str, str]:
    """The docstring of each field of record class ``cls``; KeyError names a missing one."""
    docs = _module_docs().get(cls.__name__, {})
    missing = [f.name for f in attrs.fields(cls) if f.name not in docs]
    if missing:
        raise KeyError(f"{cls.__name__}.{missing[0]} has no docstring")
    return docs
