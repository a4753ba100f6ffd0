#!/usr/bin/env python3
"""Random values of every stream of Schemas/ and of the test corpus, both ways between the
generated pydantic models with truss_chains.streaming and the Swift side.

For each stream, ROUNDS random streams (header?, items, footer?) built from the generated
models (Generated/Python's modules are generated afresh into a scratch folder):

1. Python writes them with truss's `stream_writer`; Swift reads them (`streamtypes dump`,
   the schema-driven reader): every value equals the Python value (`model_dump(mode="json")`).
2. Swift writes the values it read (`streamtypes encode`); truss's `stream_reader` with the
   generated models reads them: every value equals the original.
3. Where both writers wrote the same values, the bytes are identical (numbers included: the
   Swift writer lays doubles out as pydantic does); each difference is a failure, printed
   with the first differing payload.

Usage: python_random_interop.py STREAMTYPES_EXECUTABLE [ROUNDS] [SEED]. Exit 0 when every
value agrees both ways and the bytes are identical, 1 otherwise.
"""

import asyncio
import base64
import datetime
import enum
import functools
import importlib
import json
import math
import os
import random
import struct
import subprocess
import sys
import tempfile
import typing
import warnings

import annotated_types
import numpy
import pydantic

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import truss_interop  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INT64 = (-(2**63), 2**63 - 1)


@functools.lru_cache(maxsize=None)
def matching(pattern: str, low: int, limit: int, at_least: int) -> str:
    """A string the pattern matches, of a length in [low, limit], at least `at_least` long when
    it can be: found by hypothesis, deterministically (derandomized, then shrunk)."""
    import hypothesis
    from hypothesis import strategies
    settings = hypothesis.settings(database=None, derandomize=True, max_examples=2000,
                                   suppress_health_check=list(hypothesis.HealthCheck))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Python's `$` also matches before a final newline; the schema's does not.
        return hypothesis.find(
            strategies.from_regex(pattern),
            lambda value: max(low, min(at_least, limit)) <= len(value) <= limit and "\n" not in value,
            settings=settings)


class Generator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.depth = 0

    # Leaves.
    def text(self, low: int = 0, high: typing.Optional[int] = None, pattern: typing.Optional[str] = None) -> str:
        if pattern is not None:
            return matching(pattern, low, high if high is not None else 10**9, self.rng.randint(low, low + 8))
        high = high if high is not None else low + self.rng.choice([0, 3, 12, 40])
        alphabet = "abcXYZ 019_-\"\\/\n\t\u0001é€😀你\u2028"
        return "".join(self.rng.choice(alphabet) for _ in range(self.rng.randint(low, high)))

    def integer(self, low: int, high: int) -> int:
        choices = [low, high, 0, 1, -1, 2**53, 2**31]
        value = self.rng.choice(choices) if self.rng.random() < 0.3 else self.rng.randint(max(low, -10**6), min(high, 10**6))
        return min(max(value, low), high)

    def number(self, low: float, high: float, low_open: bool, high_open: bool) -> float:
        for _ in range(100):
            kind = self.rng.random()
            if kind < 0.2:
                value = float(self.rng.randint(-1000, 1000))
            elif kind < 0.4:
                value = self.rng.choice([0.1, 1e-7, 1e21, 123456.789, 2.5e-300, 1.7976931348623157e308, 5e-324, 0.30000000000000004])
                value *= self.rng.choice([1, -1])
            else:
                value = self.rng.uniform(max(low, -1e6), min(high, 1e6))
            if (value > low or (not low_open and value == low)) and (value < high or (not high_open and value == high)):
                return value
        return low if not low_open else (high if not high_open else (low + high) / 2)

    def when(self) -> datetime.datetime:
        # 1900 to 2200: Swift's `Date` (a double of seconds since 2001) holds microseconds
        # exactly there, not in every year to 9999.
        seconds = self.rng.randint(-2208988800, 7258118400)
        micro = self.rng.choice([0, self.rng.randint(0, 999999)])
        utc = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=seconds, microseconds=micro)
        offset = datetime.timedelta(minutes=self.rng.choice([0, 60, -330, 23 * 60 + 59]))
        return utc.astimezone(datetime.timezone(offset))

    def json_value(self, depth: int = 0) -> typing.Any:
        kind = self.rng.randint(0, 6 if depth < 3 else 4)
        makers = [lambda: None, lambda: self.rng.random() < 0.5, lambda: self.integer(*INT64),
                  lambda: self.number(-1e300, 1e300, False, False), lambda: self.text(),
                  lambda: [self.json_value(depth + 1) for _ in range(self.rng.randint(0, 3))],
                  lambda: {self.text(0, 5): self.json_value(depth + 1) for _ in range(self.rng.randint(0, 3))}]
        return makers[kind]()

    # Types.
    def value(self, annotation: typing.Any, metadata: typing.List[typing.Any]) -> typing.Any:
        origin = typing.get_origin(annotation)
        arguments = typing.get_args(annotation)
        if origin is typing.Annotated:
            return self.value(arguments[0], metadata + list(arguments[1:]))
        bounds = {type(m).__name__: m for m in metadata}
        for m in metadata:
            if isinstance(m, pydantic.fields.FieldInfo):
                bounds.update({type(x).__name__: x for x in m.metadata})
        low_length = getattr(bounds.get("MinLen"), "min_length", 0)
        high_length = getattr(bounds.get("MaxLen"), "max_length", None)
        if origin is typing.Union:
            members = [a for a in arguments if a is not type(None)]
            if type(None) in arguments:
                if self.rng.random() < 0.3:
                    return None
                return self.value(members[0], metadata)
            discriminated = [typing.get_args(a)[0] if typing.get_origin(a) is typing.Annotated else a for a in members]
            choice = self.rng.choice(discriminated)
            if isinstance(choice, type) and issubclass(choice, pydantic.RootModel):
                # The kept unknown case: the discriminator's key from the generated tagger.
                tagger = next(m.discriminator for m in metadata if isinstance(m, pydantic.Discriminator))
                cells = dict(zip(tagger.__code__.co_freevars, (c.cell_contents for c in tagger.__closure__)))
                extra = {self.text(0, 5) + "x": self.json_value() for _ in range(self.rng.randint(0, 3))}
                return choice({**extra, cells["key"]: self.text(1, 8) + "_unknown"})
            return self.model(choice)
        if origin is typing.Literal:
            return arguments[0]
        if origin in (list, typing.List):
            count = self.rng.randint(low_length, high_length if high_length is not None else low_length + (3 if self.depth < 3 else 0))
            self.depth += 1
            try:
                return [self.value(arguments[0], []) for _ in range(count)]
            finally:
                self.depth -= 1
        if origin in (dict, typing.Dict):
            count = self.rng.randint(low_length, high_length if high_length is not None else low_length + (3 if self.depth < 3 else 0))
            self.depth += 1
            try:
                return {self.text(0, 6) + str(i): self.value(arguments[1], []) for i in range(count)}
            finally:
                self.depth -= 1
        if annotation is numpy.ndarray or origin is numpy.ndarray:
            return self.array(annotation, metadata)
        if annotation is int:
            low = max([INT64[0]] + [m.ge for m in metadata if hasattr(m, "ge") and m.ge is not None] + [getattr(bounds.get("Ge"), "ge", INT64[0]), getattr(bounds.get("Gt"), "gt", INT64[0] - 1) + 1])
            high = min([INT64[1], getattr(bounds.get("Le"), "le", INT64[1]), getattr(bounds.get("Lt"), "lt", INT64[1] + 1) - 1])
            return self.integer(int(math.ceil(low)), int(math.floor(high)))
        if annotation is float:
            if "Gt" in bounds:
                low, low_open = bounds["Gt"].gt, True
            else:
                low, low_open = getattr(bounds.get("Ge"), "ge", -math.inf), False
            if "Lt" in bounds:
                high, high_open = bounds["Lt"].lt, True
            else:
                high, high_open = getattr(bounds.get("Le"), "le", math.inf), False
            return self.number(low, high, low_open, high_open)
        if annotation is bool:
            return self.rng.random() < 0.5
        if annotation is str:
            pattern = None
            for m in metadata:
                pattern = getattr(m, "pattern", None) or pattern
                if isinstance(m, pydantic.fields.FieldInfo):
                    for x in m.metadata:
                        pattern = getattr(x, "pattern", None) or pattern
            return self.text(low_length, high_length, pattern)
        if annotation is bytes:
            return bytes(self.rng.randrange(256) for _ in range(self.rng.randint(0, 40)))
        if annotation is datetime.datetime or annotation is pydantic.AwareDatetime:
            return self.when()
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return self.rng.choice(list(annotation))
        if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
            return self.model(annotation)
        if annotation is typing.Any or "JsonValue" in repr(annotation):
            return self.json_value()
        raise TypeError(f"no generator for {annotation!r}")

    def array(self, annotation: typing.Any, metadata: typing.List[typing.Any]) -> typing.Any:
        dtype = numpy.dtype(typing.get_args(typing.get_args(annotation)[1])[0])
        shape: typing.Optional[typing.Tuple[typing.Optional[int], ...]] = None
        for m in metadata:
            function = getattr(m, "func", None)
            if function is not None and function.__name__ == "check" and function.__closure__:
                shape = function.__closure__[0].cell_contents
        if shape is None:
            shape = tuple(None for _ in range(self.rng.randint(0, 3)))
        dims = [d if d is not None else self.rng.randint(0, 4) for d in shape]
        count = math.prod(dims)
        if dtype == numpy.bool_:
            data = numpy.array([self.rng.random() < 0.5 for _ in range(count)], dtype=dtype)
        elif dtype.kind in "iu":
            info = numpy.iinfo(dtype)
            data = numpy.array([self.rng.randint(int(info.min), int(info.max)) for _ in range(count)], dtype=dtype)
        else:
            data = numpy.array([self.rng.uniform(-1e3, 1e3) for _ in range(count)], dtype=dtype)
        return data.reshape(dims)

    def model(self, model: typing.Any) -> typing.Any:
        model.model_rebuild()
        if issubclass(model, pydantic.RootModel):
            field = model.model_fields["root"]
            return model(self.value(field.annotation, list(field.metadata)))
        values = {}
        for name, field in model.model_fields.items():
            if not field.is_required() and self.rng.random() < 0.3:
                continue
            values[name] = self.value(field.annotation, list(field.metadata))
        return model(**values)


def frames(data: bytes) -> typing.List[typing.Tuple[int, bytes]]:
    result, offset = [], 0
    while offset + 5 <= len(data):
        kind, length = struct.unpack(">BI", data[offset:offset + 5])
        result.append((kind, data[offset + 5:offset + 5 + length]))
        offset += 5 + length
    return result


async def read_back(streaming: typing.Any, types: typing.Any, data: bytes, parts: typing.Any) -> typing.List[typing.Any]:
    async def chunks() -> typing.AsyncIterator[bytes]:
        yield data

    reader = streaming.stream_reader(types, chunks())
    values = []
    if parts[0] is not None:
        values.append(await reader.read_header())
    values += [item async for item in reader.read_items()]
    if parts[2] is not None:
        values.append(await reader.read_footer())
    return values


def main() -> int:
    executable = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 17
    streaming = truss_interop.load_streaming()
    rng = random.Random(seed)
    generator = Generator(rng)
    failures, streams, payloads, identical = 0, 0, 0, 0
    with tempfile.TemporaryDirectory() as scratch:
        for label, schema in [("schemas", os.path.join(ROOT, "Schemas")),
                              ("corpus", os.path.join(ROOT, "Tests", "GeneratedCodeTests"))]:
            directory = os.path.join(scratch, label)
            subprocess.run([executable, "generate", schema, "--output", directory, "--language", "python"], check=True)
            sys.path.insert(0, directory)
            for file in sorted(os.listdir(directory)):
                module = importlib.import_module(file[:-3])
                for stream, parts in getattr(module, "STREAMS", {}).items():
                    types = streaming.stream_types(parts[1], **{k: v for k, v in (("header_type", parts[0]), ("footer_type", parts[2])) if v is not None})
                    for round_index in range(rounds):
                        values = ([generator.model(parts[0])] if parts[0] else []) + \
                            [generator.model(parts[1]) for _ in range(rng.randint(0, 4))] + \
                            ([generator.model(parts[2])] if parts[2] else [])
                        writer = streaming.stream_writer(types)
                        chunks = []
                        for i, value in enumerate(values):
                            if parts[0] is not None and i == 0:
                                chunks.append(bytes(writer.yield_header(value)))
                            elif parts[2] is not None and i == len(values) - 1:
                                chunks.append(bytes(writer.yield_footer(value)))
                            else:
                                chunks.append(bytes(writer.yield_item(value)))
                        python_bytes = b"".join(chunks)
                        name = f"{stream} round {round_index}"
                        streams += 1
                        expected = [v.model_dump(mode="json") for v in values]
                        dumped = subprocess.run([executable, "dump", schema, "-", "--stream", stream],
                                                input=python_bytes, capture_output=True)
                        if dumped.returncode != 0:
                            failures += 1
                            print(f"FAIL {name}: swift rejects python's stream: {dumped.stderr.decode()[:400]}")
                            continue
                        lines = [json.loads(line) for line in dumped.stdout.decode().split("\n") if line]
                        swift_values = [line["value"] for line in lines]
                        payloads += len(values)
                        if swift_values != expected:
                            failures += 1
                            bad = next(i for i, (a, b) in enumerate(zip(swift_values, expected)) if a != b)
                            print(f"FAIL {name}: swift read {json.dumps(swift_values[bad])[:400]} python wrote {json.dumps(expected[bad])[:400]}")
                            continue
                        encode_input = "".join(json.dumps({"kind": l["kind"], "value": l["value"]}) + "\n" for l in lines)
                        encoded = subprocess.run([executable, "encode", schema, "--stream", stream],
                                                 input=encode_input.encode(), capture_output=True)
                        if encoded.returncode != 0:
                            failures += 1
                            print(f"FAIL {name}: swift cannot write the values: {encoded.stderr.decode()[:400]}")
                            continue
                        swift_bytes = encoded.stdout
                        try:
                            read = asyncio.run(read_back(streaming, types, swift_bytes, parts))
                        except Exception as error:  # noqa: BLE001
                            failures += 1
                            print(f"FAIL {name}: python rejects swift's stream: {error!r}"[:600])
                            continue
                        if [v.model_dump(mode="json") for v in read] != expected:
                            failures += 1
                            print(f"FAIL {name}: python read back different values")
                            continue
                        if swift_bytes == python_bytes:
                            identical += 1
                        else:
                            failures += 1
                            pairs = zip(frames(python_bytes), frames(swift_bytes))
                            diff = next(((a, b) for a, b in pairs if a != b), None)
                            print(f"FAIL {name}: different bytes for the same values: python {diff[0][1][:300]!r} swift {diff[1][1][:300]!r}" if diff else f"FAIL {name}: different bytes")
            sys.path.remove(directory)
    print(f"{streams} random streams ({payloads} values): {streams - failures} agree both ways, "
          f"{identical} byte-identical, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
