"""Records to JSON and back, driven by the records' type annotations.

One small walker over the handful of type forms the records use (str, int,
float, bool, ``X | None``, ``Literal[...]``, ``tuple[X, ...]`` and nested
attrs classes).  The JSON Schema generator walks the same forms, so the
contract has one description.
"""

from __future__ import annotations

import functools
import operator
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import orjson

from episode_parse.errors import EpisodeParseError

T = TypeVar("T")


_FIELD_TYPES: dict[type, tuple[tuple[str, Any], ...]] = {}


def field_types(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, resolved type) for each attrs field of ``cls``, in order."""
    found = _FIELD_TYPES.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _FIELD_TYPES[cls] = tuple((f.name, hints[f.name]) for f in attrs.fields(cls))
    return found


_GETTERS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}


def _as_dict(record: Any) -> dict[str, Any]:
    """The fields of an attrs record by name, in definition order (``orjson``'s ``default`` hook).

    orjson writes the dict and calls this again for the records inside it;
    tuples, strings, numbers and None it writes itself.  One C-level getter
    per class reads all the fields at once.
    """
    cls = type(record)
    found = _GETTERS.get(cls)
    if found is None:
        if not attrs.has(cls):
            raise TypeError(f"not a record: {cls.__name__}")
        names = tuple(a.name for a in attrs.fields(cls))
        getter = operator.attrgetter(*names)
        # attrgetter of one name returns the value itself, not a 1-tuple.
        found = _GETTERS[cls] = (names, getter if len(names) > 1 else lambda r: (getter(r),))
    names, get = found
    return dict(zip(names, get(record), strict=True))


def dumps(record: Any, *, indent: bool = False) -> bytes:
    """Deterministic JSON bytes for a record: field order is definition order."""
    option = orjson.OPT_INDENT_2 if indent else 0
    return orjson.dumps(record, default=_as_dict, option=option)


def loads(cls: type[T], data: bytes | str) -> T:
    """Parse JSON text into ``cls``, raising EpisodeParseError with a JSON path."""
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise EpisodeParseError(f"not valid JSON: {exc}", code="JSON", path="$") from None
    return typing.cast(T, structure(cls, raw, "$"))


def _fail(path: str, expected: str, value: Any) -> EpisodeParseError:
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return EpisodeParseError(f"expected {expected}, got {shown}", code="JSON", path=path)


def structure(tp: Any, value: Any, path: str) -> Any:
    """Check ``value`` against type ``tp`` and build it; ``path`` names it in errors."""
    return _structurer(tp)(value, path)


@functools.cache
def _structurer(tp: Any) -> Callable[[Any, str], Any]:
    origin = typing.get_origin(tp)
    if attrs.has(tp):
        return _record_structurer(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"unsupported union {tp!r}")
        inner_fn = _structurer(inner[0])

        def optional(value: Any, path: str) -> Any:
            return None if value is None else inner_fn(value, path)

        return optional
    if origin is typing.Literal:
        allowed = typing.get_args(tp)

        def literal(value: Any, path: str) -> Any:
            if value not in allowed or type(value) is not type(allowed[0]):
                raise _fail(path, "one of " + ", ".join(map(repr, allowed)), value)
            return value

        return literal
    if origin is tuple:
        item_fn = _structurer(typing.get_args(tp)[0])

        def sequence(value: Any, path: str) -> Any:
            if not isinstance(value, list):
                raise _fail(path, "an array", value)
            return tuple(item_fn(item, f"{path}[{i}]") for i, item in enumerate(value))

        return sequence
    if tp is float:

        def number(value: Any, path: str) -> Any:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise _fail(path, "a number", value)
            return float(value)

        return number
    if tp is int:
        # Every integer of the contract is a count, offset, line or index.

        def integer(value: Any, path: str) -> Any:
            if type(value) is not int or value < 0:
                raise _fail(path, "a non-negative integer", value)
            return value

        return integer
    if tp in (str, bool):

        def scalar(value: Any, path: str) -> Any:
            if type(value) is not tp:
                raise _fail(path, "a string" if tp is str else "a boolean", value)
            return value

        return scalar
    raise TypeError(f"unsupported type {tp!r}")


def _record_structurer(cls: type) -> Callable[[Any, str], Any]:
    fields = [(name, _structurer(tp)) for name, tp in field_types(cls)]
    names = {name for name, _ in fields}

    def record(value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise _fail(path, f"an object ({cls.__name__})", value)
        extra = sorted(set(value) - names)
        if extra:
            raise EpisodeParseError(f"unexpected key {extra[0]!r}", code="JSON", path=f"{path}.{extra[0]}")
        kwargs = {}
        for name, fn in fields:
            if name not in value:
                raise EpisodeParseError(f"missing key {name!r}", code="JSON", path=f"{path}.{name}")
            kwargs[name] = fn(value[name], f"{path}.{name}")
        return cls(**kwargs)

    return record
