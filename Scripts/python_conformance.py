#!/usr/bin/env python3
"""Differential conformance of the generated pydantic models with `streamtypes validate`.

Every stream of the conformance corpus (Tests/GeneratedCodeTests/Conformance/: framed and
server-sent events) and of the fuzz seed corpora (FuzzTesting/Corpus/: the validator's and
both readers' seeds, save those for the fuzzer's small limits) is judged by `streamtypes
validate --json` and read by `streamtypes dump` (`--format sse` for server-sent events).
Then each frame's payload (an event's data lines, joined, found at the offset dump and
validate give) is validated by the generated model of its part (`STREAMS` and
`STREAM_ERRORS` of the generated module):

- a frame before the first error must be accepted, and `model_dump(mode="json")` must equal
  the value `dump` prints;
- the frame of a payload error (invalidJSON, invalidPayload, invalidUTF8) must be rejected;
- frames after the first error, and the frame of a framing or order error, have no verdict.

Usage: python_conformance.py STREAMTYPES_EXECUTABLE. Generates the Python modules of
Schemas/ and of the test corpus into a scratch folder, prints one line per disagreement
and a summary, and exits 1 when a disagreement is not a known exception (KNOWN below, each
listed with its reason in the README).
"""

import importlib
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import typing

import pydantic
import pydantic_core

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFORMANCE = os.path.join(ROOT, "Tests", "GeneratedCodeTests", "Conformance")
CORPUS_STREAMS = {"Everything", "ItemsOnly", "Forest", "Pings", "Shapes", "Drawings", "EveryDtype"}
# The order of `FuzzStream` (FuzzTesting/make_seeds.py).
FUZZ_STREAMS = ["Transcription", "TranscriptionSegments", "LiveTranscription",
                "TranscriptionWithSummary", "JobProgress", "Completion", "Everything",
                "ItemsOnly", "Forest", "Pings", "MessageEvents", "Speech", "Embeddings",
                "Shapes", "Drawings", "EveryDtype", "AnthropicMessages", "ChatCompletionChunks",
                "ResponseEvents"]
PAYLOAD_ERRORS = {"invalidJSON", "invalidPayload", "invalidUTF8"}
# Frame kinds and dump's kinds -> the index of their model in (header, item, footer, error).
KIND = {2: 0, 3: 1, 4: 2, 6: 3}
PART = {"header": 0, "item": 1, "footer": 2, "error": 3}

# Known exceptions: (case name, frame index) -> reason. Also in the README.
YEAR_ZERO = ("Python's smallest year is 1: a date-time whose instant falls in the year 0000 "
             "(valid in RFC 3339) has no Python datetime")
NESTING = ("pydantic has no nesting bound: the JSON nesting limit (64 levels) is the Swift "
           "reader's guard against stack exhaustion")
KNOWN: typing.Dict[typing.Tuple[str, int], str] = {
    ("framed-valid: datetimes at the edges of 0000-9999 in UTC, with offsets, are kept exactly", 1): YEAR_ZERO,
    ("framed-invalid: nesting deeper than the default limit of 64", 0): NESTING,
    ("FuzzValidator/framed-broken-deep-nesting", 0): NESTING,
    ("FuzzFramedReader/broken-deep-nesting", 0): NESTING,
}


def resolve(text: typing.Any, payloads: typing.Dict[str, typing.Any]) -> typing.Optional[bytes]:
    """A corpus text's bytes, or None for a `generated` one (made by Swift code)."""
    if isinstance(text, str):
        return text.encode("utf-8")
    if isinstance(text, list):
        parts = [resolve(part, payloads) for part in text]
        return None if any(p is None for p in parts) else b"".join(typing.cast(bytes, p) for p in parts)
    if "ref" in text:
        return resolve(payloads[text["ref"]], payloads)
    if "repeat" in text:
        return text["repeat"].encode("utf-8") * text["count"]
    if "hex" in text:
        return bytes.fromhex(text["hex"])
    return None


def case_bytes(case: typing.Dict[str, typing.Any], payloads: typing.Dict[str, typing.Any]) -> typing.Optional[bytes]:
    out = b""
    for piece in case["bytes"]:
        if "frame" in piece:
            payload = resolve(piece["payload"], payloads)
            if payload is None:
                return None
            out += struct.pack(">BI", piece["frame"], len(payload)) + payload
        else:
            raw = resolve(piece["raw"], payloads)
            if raw is None:
                return None
            out += raw
    return out


def frames(data: bytes) -> typing.List[typing.Tuple[int, bytes]]:
    """The whole frames of a framed stream, as far as they go."""
    result, offset = [], 0
    while offset + 5 <= len(data):
        kind, length = struct.unpack(">BI", data[offset:offset + 5])
        if offset + 5 + length > len(data):
            break
        result.append((kind, data[offset + 5:offset + 5 + length]))
        offset += 5 + length
    return result


class Runner:
    def __init__(self, executable: str, scratch: str) -> None:
        self.executable = executable
        self.modules: typing.Dict[str, typing.Any] = {}
        for name, schemas in [("schemas", [os.path.join(ROOT, "Schemas")]),
                              ("corpus", [os.path.join(ROOT, "Tests", "GeneratedCodeTests")])]:
            directory = os.path.join(scratch, name)
            subprocess.run([executable, "generate", *schemas, "--output", directory,
                            "--language", "python"], check=True)
            sys.path.insert(0, directory)
            for file in sorted(os.listdir(directory)):
                module = importlib.import_module(file[:-3])
                errors = getattr(module, "STREAM_ERRORS", {})
                for stream, parts in getattr(module, "STREAMS", {}).items():
                    self.modules[stream] = (*parts, errors.get(stream))
            sys.path.remove(directory)
        self.checked = 0
        self.checked_events = 0
        self.values = 0
        self.disagreements: typing.List[str] = []
        self.known: typing.List[str] = []
        self.skipped: typing.List[str] = []

    def schema(self, stream: str) -> str:
        if stream in CORPUS_STREAMS:
            return os.path.join(ROOT, "Tests", "GeneratedCodeTests")
        return os.path.join(ROOT, "Schemas")

    def run(self, name: str, stream: str, data: bytes, max_frame_bytes: typing.Optional[int] = None,
            sse: bool = False) -> None:
        arguments = [self.schema(stream), "-", "--stream", stream]
        if max_frame_bytes is not None:
            arguments += ["--max-frame-bytes", str(max_frame_bytes)]
        if sse:
            arguments += ["--format", "sse"]
        verdict = json.loads(subprocess.run(
            [self.executable, "validate", *arguments, "--json"], input=data,
            capture_output=True).stdout)
        dumped = [json.loads(line) for line in subprocess.run(
            [self.executable, "dump", *arguments], input=data,
            capture_output=True).stdout.decode("utf-8").split("\n") if line]
        error = verdict.get("error")
        parts = self.modules[stream]
        if sse:
            # Each event the validator read (dump's lines, then the one at the error), as
            # (part index, its data lines joined): the events' data, found at their offsets.
            whole = [(PART[line["kind"]], event_data(data, line["offset"])) for line in dumped]
            if error is not None and error["frameIndex"] is not None and error["frameKind"] in PART:
                whole.append((PART[error["frameKind"]], event_data(data, error["offset"])))
            error_frame = len(dumped) if error is not None and error["frameIndex"] is not None else len(whole)
        else:
            whole = [(KIND.get(kind), payload) for kind, payload in frames(data)]
            # An error at the end of input (a missing footer) has no frame: every frame precedes it.
            error_frame = len(whole) if error is None or error["frameIndex"] is None else error["frameIndex"]
        for index, (part, payload) in enumerate(whole):
            if part is None or parts[part] is None:
                continue
            if index > error_frame:
                break
            at_error = error is not None and index == error_frame
            if at_error and error["code"] not in PAYLOAD_ERRORS:
                break
            model = parts[part]
            try:
                value: typing.Any = model.model_validate_json(payload).model_dump(mode="json")
                accepted = True
            except (pydantic.ValidationError, pydantic_core.PydanticSerializationError) as failure:
                value, accepted = str(failure).splitlines()[:3], False
            self.checked += 1
            self.checked_events += 1 if sse else 0
            problem = None
            if at_error and accepted:
                problem = f"pydantic accepts what streamtypes rejects ({error['message']})"
            elif not at_error and not accepted:
                problem = f"pydantic rejects what streamtypes accepts: {value}"
            elif not at_error:
                swift = dumped[index]["value"]
                self.values += 1
                if swift != value:
                    problem = f"values differ: streamtypes {json.dumps(swift)} pydantic {json.dumps(value)}"
            if problem is not None:
                line = f"{name} frame {index} ({model.__name__}): {problem}"
                if (name, index) in KNOWN:
                    self.known.append(f"{line} [known: {KNOWN[(name, index)]}]")
                else:
                    self.disagreements.append(line)


def event_data(data: bytes, offset: int) -> bytes:
    """The data of the server-sent event that starts at `offset`: its `data` lines' values
    joined by newlines (one space after the colon dropped), up to the blank line that ends it."""
    lines = []
    for line in re.split(rb"\r\n|\r|\n", data[offset:]):
        if line == b"":
            if lines:
                break
            continue
        field, _, value = line.partition(b":")
        if field == b"data":
            lines.append(value[1:] if value.startswith(b" ") else value)
    return b"\n".join(lines)


def main() -> int:
    executable = sys.argv[1]
    payloads = json.load(open(os.path.join(CONFORMANCE, "payloads.json")))["payloads"]
    with tempfile.TemporaryDirectory() as scratch:
        runner = Runner(executable, scratch)
        cases = 0
        for file in ["framed-valid", "framed-invalid", "framed-language", "framed-v2", "framed-errors", "sse",
                     "sse-v2"]:
            for case in json.load(open(os.path.join(CONFORMANCE, file + ".json")))["cases"]:
                name = f"{file}: {case['name']}"
                if "text" in case:
                    data = resolve(case["text"], payloads)
                    if data is None:
                        runner.skipped.append(f"{name} (bytes written by Swift code)")
                        continue
                    runner.run(name, case["stream"], data, case.get("limits", {}).get("maxFrameBytes"), sse=True)
                    cases += 1
                    continue
                data = case_bytes(case, payloads)
                limits = case.get("limits", {})
                if data is None:
                    runner.skipped.append(f"{name} (bytes written by Swift code)")
                    continue
                if "maxDepth" in limits:
                    runner.skipped.append(f"{name} (a nesting limit below the default)")
                    continue
                runner.run(name, case["stream"], data, limits.get("maxFrameBytes"))
                cases += 1
        for target in ["FuzzValidator", "FuzzFramedReader", "FuzzSSEReader"]:
            directory = os.path.join(ROOT, "FuzzTesting", "Corpus", target)
            for seed in sorted(os.listdir(directory)):
                data = open(os.path.join(directory, seed), "rb").read()
                if len(data) < 2 or data[0] & 0x10:
                    runner.skipped.append(f"{target}/{seed} (the fuzzer's small limits)")
                    continue
                # FuzzInput: bits 0-3 and 5 pick the stream, bit 7 server-sent events (the
                # SSE reader's seeds are all server-sent events).
                stream = FUZZ_STREAMS[((data[0] & 0x0F) | (data[0] & 0x20) >> 1) % len(FUZZ_STREAMS)]
                sse = target == "FuzzSSEReader" or bool(data[0] & 0x80)
                runner.run(f"{target}/{seed}", stream, data[2:], sse=sse)
                cases += 1
    for line in runner.disagreements:
        print("DISAGREE " + line)
    for line in runner.known:
        print("KNOWN    " + line)
    for line in runner.skipped:
        print("SKIPPED  " + line)
    print(f"{cases} streams, {runner.checked} payloads ({runner.checked_events} of them server-sent "
          f"events) judged alike by pydantic and streamtypes except {len(runner.disagreements)} "
          f"disagreements and {len(runner.known)} known exceptions; {runner.values} accepted "
          f"values compared equal")
    return 1 if runner.disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
