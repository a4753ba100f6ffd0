#!/usr/bin/env python3
"""Interop between StreamTypes and the Python reference, truss_chains.streaming.

The reference is read from the `truss` wheel on PyPI, downloaded without dependencies
into a throwaway cache folder (never into the repository). Its streaming module needs
only pydantic, so it is loaded on its own, without importing the rest of truss.

    truss_interop.py write DIR   Python writes every case: DIR/<case>.bin (the stream)
                                 and DIR/<case>.json (the values, for Swift to compare),
                                 and DIR/cases.json (the list of cases).
    truss_interop.py read DIR    Python reads DIR/<case>.swift.bin, written by Swift,
                                 and compares every value with the case's values.

The models are the generated ones (Generated/Python, from Schemas/ by `streamtypes
generate --language python`), except EveryDtype's, which uses truss's own NumpyArrayField
as the reference for the ndarray form. `read` also checks that where both writers wrote the
same values, the bytes are identical (BYTES_DIFFER lists the exception and why).
Exit status: 0 all cases agree, 1 a case differs, 2 setup failed.
"""

import asyncio
import datetime
import importlib.util
import json
import pathlib
import random
import sys
import typing
import pydantic

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from truss_wheel import truss_module_file  # noqa: E402


def load_streaming():
    """Loads truss_chains/streaming.py from the truss wheel (downloaded once)."""
    module_path = truss_module_file("truss_chains/streaming.py", "truss_chains_streaming.py")
    spec = importlib.util.spec_from_file_location("truss_chains_streaming", module_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The models are the ones `streamtypes generate --language python` writes from the same
# schemas (Generated/Python, kept current by PythonGenerationTests): one source of truth.
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "Generated" / "Python"))
import job_progress_streamtypes as job_progress  # noqa: E402
import messages_streamtypes as messages  # noqa: E402
import speech_streamtypes as speech  # noqa: E402
import transcription_streamtypes as transcription  # noqa: E402

from transcription_streamtypes import Segment, Speaker, TranscriptionHeader, TranscriptionSummary, Word  # noqa: E402
from job_progress_streamtypes import JobResult, ProgressEvent, Stage  # noqa: E402
from messages_streamtypes import (  # noqa: E402
    ContentBlockDelta, ContentBlockStart, ContentBlockStop, FailureDetail, InputJSONDelta, Message,
    MessageChange, MessageDelta, MessageStart, MessageStop, OutputUsage, Ping, SignatureDelta,
    StopReason, StreamFailure, TextBlock, TextDelta, ThinkingBlock, ThinkingDelta, TokenUsage,
    ToolUseBlock)

MessageEvent = messages.MessageEventRoot


class IntegerMetricsProgressEvent(ProgressEvent):
    """A producer's variant of the generated ProgressEvent that keeps Python ints in the
    `map<float>` metrics, so they are written as integer literals, big ones as they are (a
    float field would write 1e+20): what Swift must read."""

    metrics: typing.Dict[str, typing.Union[int, float]] = pydantic.Field(default_factory=dict)


# Schemas/Speech.yaml: ndarray is Truss Chains' own NumpyArrayField (loaded from the same
# wheel), bytes are pydantic bytes under ser_json_bytes/val_json_bytes="base64".
def load_numpy_field():
    import numpy  # noqa: F401 - NumpyArrayField needs it
    path = truss_module_file("truss_chains/pydantic_numpy.py", "truss_chains_pydantic_numpy.py")
    spec = importlib.util.spec_from_file_location("truss_chains_pydantic_numpy", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.NumpyArrayField


BASE64 = pydantic.ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")


def speech_models():
    """Schemas/Speech.yaml through the generated models: ndarray fields hold numpy arrays."""
    import numpy as np

    rng = np.random.default_rng(20261203)
    chunks = []
    for index, frames in enumerate([480, 0, 1, 4096]):
        samples = rng.standard_normal((frames, 1)).astype(np.float32)
        # Every padding length of the packets: 0, 1 and 2 bytes past a multiple of 3.
        packet = None if index == 1 else bytes(rng.integers(0, 256, size=30 + index, dtype=np.uint8))
        words = [speech.SpokenWord(text="héllo \"wörld\"", start_sec=index * 0.1, end_sec=index * 0.1 + 0.05)]
        chunks.append(speech.AudioChunk(index=index, samples=samples, packet=packet, words=words))
    header = speech.SpeechHeader(voice="nova", sample_rate=24000, codec=speech.AudioCodec.PCM_F32LE)
    summary = speech.SpeechSummary(duration_sec=0.2, characters=11, audio_sha256=bytes(range(32)))
    return header, summary, speech.AudioChunk, chunks


def message_events() -> list[MessageEvent]:
    usage = TokenUsage(input_tokens=25, output_tokens=1, cache_read_input_tokens=0)
    start = Message(id="msg_01XFDUDYJgAACzvnptvVoYEL", model="claude-sonnet-4-5", content=[],
                    stop_reason=None, stop_sequence=None, usage=usage)
    events = [
        MessageStart(message=start),
        ContentBlockStart(index=0, content_block=ThinkingBlock(thinking="")),
        ContentBlockDelta(index=0, delta=ThinkingDelta(thinking="Let me think: 0.1 + 0.2 ≠ 0.3…")),
        ContentBlockDelta(index=0, delta=SignatureDelta(signature="EqQBCgIYAhIM1gbcDa9GJwZA")),
        ContentBlockStop(index=0),
        ContentBlockStart(index=1, content_block=TextBlock(text="")),
        Ping(),
        ContentBlockDelta(index=1, delta=TextDelta(text='Héllo "wörld" \\ \n 👋 你好')),
        ContentBlockStop(index=1),
        ContentBlockStart(index=2, content_block=ToolUseBlock(
            id="toolu_01T1x1fJ34qAmk2tNTrN7Up6", name="get_weather",
            input={"location": "San Francisco", "units": ["c", 1.25, None, True]})),
        ContentBlockDelta(index=2, delta=InputJSONDelta(partial_json='{"location": "San Fra')),
        ContentBlockStop(index=2),
        MessageDelta(delta=MessageChange(stop_reason=StopReason.TOOL_USE, stop_sequence=None),
                     usage=OutputUsage(output_tokens=89)),
        StreamFailure(error=FailureDetail(type="overloaded_error", message="Overloaded")),
        MessageStop(),
    ]
    return [MessageEvent(event) for event in events]


def segment(i: int, text: str) -> Segment:
    words = [Word(word=w, start=i + k * 0.25, end=i + k * 0.25 + 0.2, confidence=0.5 + k / 100)
             for k, w in enumerate(text.split()[:50])]
    return Segment(id=i, start=float(i), end=i + 0.75, text=text,
                   speaker=[Speaker.AGENT, Speaker.CUSTOMER, None][i % 3], words=words,
                   tags={"channel": "left"} if i % 2 else {})


HEADER = TranscriptionHeader(model="whisper-large-v3", sample_rate=16000, language="en")
SUMMARY = TranscriptionSummary(
    duration_sec=12.5, languages=["en", "de"], segments=3,
    finished_at=datetime.datetime(2026, 11, 24, 10, 0, 0, 250000, tzinfo=datetime.timezone.utc))
ITEMS = [segment(i, f"segment number {i} says hello") for i in range(3)]
UNICODE = [segment(0, "héllo wörld 👋 你好 שָׁלוֹם"), segment(1, 'quotes " and \\ and \n new\tline \u0001 ctl'),
           segment(2, "𝄞 music \u2028 separator")]
LARGE = [segment(0, ("large " * 180_000)[:1_048_576]), segment(1, "small after large")]

# Integers beyond 64 bits, as Python writes them: in a float map (values a double holds
# exactly, so that they compare equal after Swift writes them back as doubles) and in a
# json field (kept digit for digit both ways).
BIG_AT = datetime.datetime(2026, 11, 24, 10, 0, 0, tzinfo=datetime.timezone.utc)
BIG_INTEGERS = [
    IntegerMetricsProgressEvent(at=BIG_AT, stage=Stage.PROCESSING, done=1,
                  metrics={"bytes": 10**20, "debt": -(2**70), "ratio": 0.5, "next": 2**64},
                  details={"id": 2**100 + 1, "ids": [10**30 + 7, -(2**64) - 1, 1], "big": 10**300 + 3}),
    IntegerMetricsProgressEvent(at=BIG_AT, stage=Stage.UPLOADING, done=2, metrics={"max": 10**22},
                  details=-(10**25) - 11),
]
RESULT = JobResult(status="succeeded", outputs=["s3://bucket/out.json"])

# (name, Swift stream, header, footer, item type, items)
CASES = [
    ("header_items_footer", "Transcription", HEADER, SUMMARY, Segment, ITEMS),
    ("items_only", "TranscriptionSegments", None, None, Segment, ITEMS),
    ("header_only", "LiveTranscription", HEADER, None, Segment, ITEMS),
    ("footer_only", "TranscriptionWithSummary", None, SUMMARY, Segment, ITEMS),
    ("zero_items", "Transcription", HEADER, SUMMARY, Segment, []),
    ("zero_items_only", "TranscriptionSegments", None, None, Segment, []),
    ("unicode", "Transcription", HEADER, SUMMARY, Segment, UNICODE),
    ("large_frames", "TranscriptionSegments", None, None, Segment, LARGE),
    ("big_integers", "JobProgress", None, RESULT, IntegerMetricsProgressEvent, BIG_INTEGERS),
    ("message_events", "MessageEvents", None, None, MessageEvent, message_events()),
]


def every_dtype_case():
    """Tests/GeneratedCodeTests/CorpusUnions.yaml's EveryDtype: arrays of every dtype (empty,
    scalar, multi-dimensional) and bytes of every padding length."""
    import numpy as np
    array_field = load_numpy_field()
    names = {"f32": "float32", "f64": "float64", "i8": "int8", "i16": "int16", "i32": "int32",
             "i64": "int64", "u8": "uint8", "u16": "uint16", "u32": "uint32", "u64": "uint64",
             "flags": "bool"}

    def arrays_equal(a, b):
        return (a.array.dtype == b.array.dtype and a.array.shape == b.array.shape
                and a.array.tobytes() == b.array.tobytes())

    fields = {name: (array_field, ...) for name in names}
    fields["matrix"] = (array_field, ...)
    fields["raw"] = (bytes, ...)
    fields["maybe_raw"] = (typing.Optional[bytes], None)
    fields["raw_default"] = (bytes, bytes.fromhex("deadbeef"))
    base = pydantic.create_model("AllArraysBase", __config__=BASE64, **fields)

    class AllArrays(base):
        def __eq__(self, other):
            return (all(arrays_equal(getattr(self, n), getattr(other, n)) for n in list(names) + ["matrix"])
                    and (self.raw, self.maybe_raw, self.raw_default)
                    == (other.raw, other.maybe_raw, other.raw_default))

    rng = np.random.default_rng(7)
    shapes = [(0,), (), (2, 3), (1, 2, 2), (5,)]
    items = []
    for index, shape in enumerate(shapes):
        values = {}
        for name, dtype in names.items():
            info = np.iinfo(dtype) if dtype not in ("float32", "float64", "bool") else None
            if dtype == "bool":
                data = rng.integers(0, 2, size=shape).astype(bool)
            elif info is not None:
                data = rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
            else:
                data = (rng.standard_normal(size=shape) * 1e3).astype(dtype)
            values[name] = array_field(np.asarray(data, dtype=dtype))
        values["matrix"] = array_field(rng.standard_normal(size=(index, 3)))
        values["raw"] = bytes(rng.integers(0, 256, size=index, dtype=np.uint8))
        values["maybe_raw"] = None if index % 2 else bytes([255, 254, 253][:index % 3])
        items.append(AllArrays(**values))
    return ("every_dtype", "EveryDtype", None, None, AllArrays, items)


def speech_case():
    header, summary, chunk_type, chunks = speech_models()
    return ("speech", "Speech", header, summary, chunk_type, chunks)


CASES.append(speech_case())
CASES.append(every_dtype_case())


def types_for(streaming, item_type, header, footer):
    kwargs = {}
    if header is not None:
        kwargs["header_type"] = type(header)
    if footer is not None:
        kwargs["footer_type"] = type(footer)
    return streaming.stream_types(item_type, **kwargs)


def write(streaming, directory: pathlib.Path):
    cases = []
    for name, stream, header, footer, item_type, items in CASES:
        writer = streaming.stream_writer(types_for(streaming, item_type, header, footer))
        chunks = []
        if header is not None:
            chunks.append(bytes(writer.yield_header(header)))
        chunks.extend(bytes(writer.yield_item(item)) for item in items)
        if footer is not None:
            chunks.append(bytes(writer.yield_footer(footer)))
        (directory / f"{name}.bin").write_bytes(b"".join(chunks))
        values = {"items": [item.model_dump(mode="json") for item in items]}
        if header is not None:
            values["header"] = header.model_dump(mode="json")
        if footer is not None:
            values["footer"] = footer.model_dump(mode="json")
        (directory / f"{name}.json").write_text(json.dumps(values, ensure_ascii=False))
        cases.append({"name": name, "stream": stream})
    (directory / "cases.json").write_text(json.dumps(cases))
    print(f"python wrote {len(cases)} streams")


async def chunked(data: bytes, rng: random.Random):
    """The bytes in random chunks, as a network delivers them."""
    position = 0
    while position < len(data):
        size = rng.choice([1, 2, 3, 5, 7, 64, 4096, 70_000])
        yield data[position:position + size]
        position += size


async def read_case(streaming, data, item_type, header, footer, rng):
    reader = streaming.stream_reader(types_for(streaming, item_type, header, footer), chunked(data, rng))
    got_header = await reader.read_header() if header is not None else None
    items = [item async for item in reader.read_items()]
    got_footer = await reader.read_footer() if footer is not None else None
    return got_header, items, got_footer


def dumped(value):
    return None if value is None else value.model_dump(mode="json")


# Cases whose Python and Swift bytes differ, and why (every other case is byte-identical).
BYTES_DIFFER = {
    "big_integers": "Python writes the ints of a map<float> as integer literals (10**20), "
                    "Swift writes doubles (1e+20): equal values, different text",
}


def read(streaming, directory: pathlib.Path) -> int:
    failures = 0
    rng = random.Random(20261124)
    for name, _, header, footer, item_type, items in CASES:
        path = directory / f"{name}.swift.bin"
        try:
            got_header, got, got_footer = asyncio.run(
                read_case(streaming, path.read_bytes(), item_type, header, footer, rng))
        except Exception as error:  # noqa: BLE001 - report any failure of the reference reader
            print(f"FAIL {name}: the Python reader rejected the Swift stream: {error!r}")
            failures += 1
            continue
        problems = []
        # Compared as JSON values: a model holding numpy arrays has no usable `==`.
        if dumped(got_header) != dumped(header):
            problems.append(f"header {got_header!r} != {header!r}")
        if [dumped(item) for item in got] != [dumped(item) for item in items]:
            problems.append(f"items differ ({len(got)} read, {len(items)} expected): {got!r}")
        if dumped(got_footer) != dumped(footer):
            problems.append(f"footer {got_footer!r} != {footer!r}")
        # Where both writers write the same values, the bytes are the same.
        identical = path.read_bytes() == (directory / f"{name}.bin").read_bytes()
        if name in BYTES_DIFFER:
            if identical:
                problems.append(f"the bytes are identical, but BYTES_DIFFER says {BYTES_DIFFER[name]}")
        elif not identical:
            problems.append("python and swift wrote different bytes for the same values")
        if problems:
            failures += 1
            print(f"FAIL {name}: " + "; ".join(problems))
        else:
            same = "different bytes, as expected" if name in BYTES_DIFFER else "the same bytes"
            print(f"ok   {name}: python read {len(got)} items from swift; both wrote {same}")
    print(f"{len(CASES) - failures} passed, {failures} failed")
    return 1 if failures else 0


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "read"):
        sys.exit(__doc__)
    streaming = load_streaming()
    directory = pathlib.Path(sys.argv[2])
    if sys.argv[1] == "write":
        directory.mkdir(parents=True, exist_ok=True)
        write(streaming, directory)
        return 0
    return read(streaming, directory)


if __name__ == "__main__":
    sys.exit(main())
