#!/usr/bin/env python3
"""Behaviour of a generated pydantic module: what `streamtypes generate --language python`
writes for Tests/StreamTypesCompilerTests/PythonGeneration/Behaviour.yaml.

Usage: python_behaviour.py DIR, where DIR holds behaviour_streamtypes.py. Prints one line a
check and exits 1 at the first that fails. Run by PythonGenerationTests.
"""

import datetime
import json
import sys
import typing

sys.path.insert(0, sys.argv[1])
import numpy  # noqa: E402
import pydantic  # noqa: E402

import behaviour_streamtypes as b  # noqa: E402

failures = 0


def check(what: str, condition: bool) -> None:
    global failures
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures += 1


def accepts(model: typing.Any, payload: str) -> bool:
    try:
        model.model_validate_json(payload)
        return True
    except pydantic.ValidationError:
        return False


LIMITS = {"code": "ab12", "ratio": 0.5, "count": 0, "items": [1]}


def limits(**changes: typing.Any) -> str:
    return json.dumps({**LIMITS, **changes})


# Names: aliases read and written by wire name, constructed by Python name.
names = b.Names.model_validate_json('{"from": 1, "_id": "x", "json": true}')
check("keyword wire name read into from_", names.from_ == 1 and names.id_ == "x")
check(
    "dumped by wire name without by_alias, in declaration order",
    names.model_dump_json()
    == '{"from":1,"_id":"x","class":"c","json":true,"str":1.5,"Kind":"two-words"}',
)
check("constructed by Python name", b.Names(from_=2, id_="y").model_dump()["from"] == 2)
check("additional_fields: forbid", not accepts(b.Names, '{"from": 1, "_id": "x", "z": 0}'))
check("field description", b.Names.model_fields["from_"].description == "A keyword.")
check("model docstring", (b.Names.__doc__ or "").startswith("Wire names that are keywords"))
check("enum of the values", [k.value for k in b.Kind] == ["one", "two-words", "3d", "NONE"])
check("module docstring keeps quotes", '"Quotes" and \\backslashes\\' in (b.__doc__ or ""))

# Constraints.
check("valid limits", accepts(b.Limits, limits()))
check("pattern matches anywhere", accepts(b.Limits, limits(code="x12y")))
check("pattern \\d is ASCII", not accepts(b.Limits, limits(code="x١٢y")))
check("length in Unicode scalars", accepts(b.Limits, limits(code="😀😀12")))
check("max_length", not accepts(b.Limits, limits(code="12345")))
check("exclusive bounds", not accepts(b.Limits, limits(ratio=1)))
check("int bounds", not accepts(b.Limits, limits(count=6)))
check("min_items", not accepts(b.Limits, limits(items=[])))
check("max_items of a map", not accepts(b.Limits, limits(labels={"a": "", "b": "", "c": ""})))
check("int within 64 bits", not accepts(b.Limits, limits(items=[2**63])))
check("int is not a float", not accepts(b.Limits, limits(count=1.0)))
check("int is not a string", not accepts(b.Limits, limits(count="1")))
check("float takes an integer literal", accepts(b.Limits, '{"code":"12","ratio":0.5,"count":0,"items":[1]}'))
check("no NaN", not accepts(b.Limits, '{"code":"12","ratio":NaN,"count":0,"items":[1]}'))
check("no Infinity in json", not accepts(b.Limits, limits()[:-1] + ',"data":[Infinity]}'))

# Defaults: mutable ones are fresh per instance.
first, second = b.Limits.model_validate_json(limits()), b.Limits.model_validate_json(limits())
first.labels["b"] = "y"
first.nested.name = "changed"
check("map default is fresh", second.labels == {"a": "x"} and second.nested.name == "root")
check("datetime default in UTC", second.when == datetime.datetime(2026, 11, 24, 10, tzinfo=datetime.timezone.utc))
check("bytes default", second.blob == b"\xfb\xff")
check("json default", second.data == {"k": [1, "two", None]})

ordered = b.Limits.model_validate_json(limits(labels={"é": "1", "B": "3"}, data={"z": {"y": 1, "x": 2}, "a": 0}))
check("map keys written in UTF-8 byte order", '"labels":{"B":"3","é":"1"}' in ordered.model_dump_json())
check("json objects written in byte order", '"data":{"a":0,"z":{"x":2,"y":1}}' in ordered.model_dump_json())

# datetime: RFC 3339 only, written in UTC.
def when(text: str) -> bool:
    return accepts(b.Limits, limits(when=text))


check("datetime with offset", when("2026-11-24T10:00:00.5+02:00"))
check(
    "a year below 1000 written with four digits",
    '"when":"0999-01-01T00:00:00Z"' in b.Limits.model_validate_json(limits(when="0999-01-01T00:00:00Z")).model_dump_json(),
)
check("datetime needs an offset", not when("2026-11-24T10:00:00"))
check("datetime needs T", not when("2026-11-24 10:00:00Z"))
check("datetime is not a number", not accepts(b.Limits, limits(when=1700000000)))
check(
    "datetime written in UTC",
    json.loads(b.Limits.model_validate_json(limits(when="2026-11-24T12:00:00.25+02:00")).model_dump_json())["when"]
    == "2026-11-24T10:00:00.250000Z",
)

# bytes: written URL-safe with padding, read in either alphabet, padding optional.
check("bytes written URL-safe", json.loads(second.model_dump_json())["blob"] == "-_8=")
check("bytes read standard", b.Limits.model_validate_json(limits(blob="+/8=")).blob == b"\xfb\xff")
check("bytes read unpadded", b.Limits.model_validate_json(limits(blob="-_8")).blob == b"\xfb\xff")

# ndarray: NumpyArrayField's JSON form, dtype exact, shape constraint.
grid = {"data_b64": "AQACAAMABAA=", "shape": [2, 2], "dtype": "int16"}
read = b.Limits.model_validate_json(limits(grid=grid))
check("ndarray read", read.grid is not None and read.grid.tolist() == [[1, 2], [3, 4]])
check("ndarray written as read", json.loads(read.model_dump_json())["grid"] == grid)
check("ndarray dtype exact", not accepts(b.Limits, limits(grid={**grid, "dtype": "int32"})))
check("ndarray shape constraint", not accepts(b.Limits, limits(grid={**grid, "shape": [1, 4]})))
check("ndarray data length", not accepts(b.Limits, limits(grid={**grid, "shape": [3, 2]})))
made = b.Limits(code="12", ratio=0.5, count=0, items=[1], grid=numpy.array([[1, 2]], dtype=numpy.int16))
check("ndarray from numpy", json.loads(made.model_dump_json())["grid"]["data_b64"] == "AQACAA==")

# Constants and unions.
check("constant written", b.Stopped().model_dump_json() == '{"type":"stopped"}')
check("constant required on the wire", not accepts(b.Started, '{"version": 2, "closed": []}'))
check("constant value checked", not accepts(b.Started, '{"type":"started","version":3,"closed":[]}'))
root = b.EventRoot.model_validate_json('{"type":"started","version":2,"closed":[{"type":"stopped"}]}')
check("union member by tag", isinstance(root.root, b.Started) and isinstance(root.root.closed[0], b.Stopped))
kept = b.EventRoot.model_validate_json('{"type":"paused","at":[1,2.5]}')
check("unknown tag kept", isinstance(kept.root, b.EventUnknown))
check("unknown written back, keys in byte order as Swift writes them",
      kept.model_dump_json() == '{"at":[1,2.5],"type":"paused"}')
check("union tag must be a string", not accepts(b.EventRoot, '{"type":1}'))
check("union tag must be present", not accepts(b.EventRoot, "{}"))
check(
    "closed union rejects an unknown tag",
    not accepts(b.EventRoot, '{"type":"started","version":2,"closed":[{"type":"paused"}]}'),
)
check("stream table", b.STREAMS["Events"] == (b.Names, b.EventRoot, b.EventsFooter))

sys.exit(1 if failures else 0)
