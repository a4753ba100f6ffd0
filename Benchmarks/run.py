#!/usr/bin/env python3
"""StreamTypes against the Python reference, side by side, in one run.

Generates one stream of N transcription segments (about 350 bytes of JSON each, the
spec's Segment/Word shape) with the Python reference writer (truss_chains.streaming with
pydantic), then times on that same stream, each in its own process (so each has its own
peak memory figure):

  python read      truss_chains StreamReader, 64 KiB chunks, pydantic validation
  python write     truss_chains StreamWriter over the same values
  codable read     generated types through Foundation's JSONDecoder
  codable write    generated types through Foundation's JSONEncoder
  typed read       the generated StreamReader (the runtime's decoder)
  typed write      the generated StreamWriter (direct JSON writer)
  validate         streamtypes validate (no generated code)

and prints MB/s, items/s, the ratio to the Python reader (for reads and validate) or
writer (for writes), and peak RSS. Swift code is built in release mode first.

    python3 Benchmarks/run.py [--items 200000] [--lengths 1,10] [--no-build]
"""

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "Scripts"))
import truss_interop  # noqa: E402  (the reference loader and its pydantic models)

BENCH = os.path.join(HERE, ".build", "release", "StreamTypesBenchmarks")
CLI = os.path.join(ROOT, ".build", "release", "streamtypes")
SCHEMA = os.path.join(HERE, "Sources", "StreamTypesBenchmarks", "Segments.yaml")
CHUNK = 64 * 1024
WORDS = ("the quick brown fox jumps over lazy dog speech recognition model segment "
         "timestamp confidence streaming header footer item pydantic swift").split()


def segments(count: int, seed: int = 7):
    rng = random.Random(seed)
    Segment, Word, Speaker = truss_interop.Segment, truss_interop.Word, truss_interop.Speaker
    for i in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 5))]
        yield Segment(
            id=i, start=i * 1.5, end=i * 1.5 + 1.25, text=" ".join(words),
            speaker=rng.choice([Speaker.agent, Speaker.customer, None]),
            words=[Word(word=w, start=i * 1.5 + k * 0.25, end=i * 1.5 + k * 0.25 + 0.2,
                        confidence=round(rng.random(), 4)) for k, w in enumerate(words)],
            tags={"lang": "en"} if i % 2 else {})


def write_stream(path: str, count: int):
    streaming = truss_interop.load_streaming()
    writer = streaming.stream_writer(streaming.stream_types(truss_interop.Segment))
    with open(path, "wb") as out:
        for segment in segments(count):
            out.write(bytes(writer.yield_item(segment)))


# Measurements that run in a child process of this script: `run.py --child MODE FILE`.

def child(mode: str, path: str, chunk: int = CHUNK):
    streaming = truss_interop.load_streaming()
    types = streaming.stream_types(truss_interop.Segment)
    data = open(path, "rb").read()
    if mode == "python-read":
        async def source():
            for start in range(0, len(data), chunk):
                yield data[start:start + chunk]

        async def read():
            reader = streaming.stream_reader(types, source())
            return [item async for item in reader.read_items()]

        start = time.perf_counter()
        items = asyncio.run(read())
        seconds = time.perf_counter() - start
        print(json.dumps({"items": len(items), "bytes": len(data), "seconds": seconds}))
    elif mode == "python-write":
        async def source():
            yield data
        async def read():
            reader = streaming.stream_reader(types, source())
            return [item async for item in reader.read_items()]
        values = asyncio.run(read())
        writer = streaming.stream_writer(types)
        start = time.perf_counter()
        total = sum(len(writer.yield_item(value)) for value in values)
        seconds = time.perf_counter() - start
        print(json.dumps({"items": len(values), "bytes": total, "seconds": seconds}))


def measure(command):
    """Runs one measurement; returns its JSON result with the child's peak RSS in MiB.

    GNU time starts the command from its own small process: a child forked from this
    script would count this script's memory (the stream it holds) in its peak."""
    with tempfile.NamedTemporaryFile("r") as peak:
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak.name] + command,
                                capture_output=True)
        if result.returncode != 0:
            sys.exit(f"failed: {' '.join(command)}\n{result.stderr.decode()[:3000]}")
        peak_kib = int(peak.read().split()[-1])
    measured = json.loads(result.stdout.decode().strip().splitlines()[-1])
    measured["peak_mib"] = peak_kib / 1024
    return measured


def validate_command(path):
    return [CLI, "validate", SCHEMA, path, "--json"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--lengths", default="1,10", help="stream lengths, as multiples of --items, for the memory check")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    if not args.no_build:
        for command in (["swift", "build", "-c", "release", "--package-path", HERE],
                        ["swift", "build", "-c", "release", "--package-path", ROOT, "--product", "streamtypes"]):
            print("building:", " ".join(command), file=sys.stderr)
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    directory = tempfile.mkdtemp(prefix="streamtypes-bench-")
    path = os.path.join(directory, "segments.bin")
    write_stream(path, args.items)
    size = os.path.getsize(path)
    print(f"stream: {args.items:,} segments, {size:,} bytes ({size / args.items:.0f} bytes a frame), "
          f"written by truss_chains.streaming\n")

    me = [sys.executable, os.path.abspath(__file__), "--child"]
    rows = [
        ("python read", "read", measure(me + ["python-read", path])),
        ("python write", "write", measure(me + ["python-write", path])),
        ("codable read", "read", measure([BENCH, "read-codable", path])),
        ("codable write", "write", measure([BENCH, "write-codable", path])),
        ("typed read", "read", measure([BENCH, "read-typed", path])),
        ("typed write", "write", measure([BENCH, "write-typed", path])),
    ]
    validation = measure(validate_command(path))
    validation["items"] = validation["items"]
    rows.append(("validate", "read", validation))

    base = {"read": rows[0][2], "write": rows[1][2]}
    print(f"{'':<15} {'MB/s':>9} {'items/s':>12} {'x python':>9} {'peak MiB':>9}")
    for name, kind, r in rows:
        mbps = r["bytes"] / r["seconds"] / 1e6
        ratio = mbps / (base[kind]["bytes"] / base[kind]["seconds"] / 1e6)
        print(f"{name:<15} {mbps:>9.1f} {r['items'] / r['seconds']:>12,.0f} {ratio:>9.2f} {r['peak_mib']:>9.1f}")

    lengths = [int(x) for x in args.lengths.split(",") if x]
    if len(lengths) > 1:
        print("\npeak memory by stream length (MiB):")
        print(f"{'length':<8} {'bytes':>14} {'typed read':>11} {'validate':>9}")
        for length in lengths:
            long_path = os.path.join(directory, f"segments-{length}x.bin")
            with open(long_path, "wb") as out:
                block = open(path, "rb").read()
                for _ in range(length):
                    out.write(block)
            typed = measure([BENCH, "read-typed-count", long_path])
            checked = measure(validate_command(long_path))
            print(f"{length:<8} {os.path.getsize(long_path):>14,} {typed['peak_mib']:>11.1f} {checked['peak_mib']:>9.1f}")
            os.remove(long_path)
    os.remove(path)


if __name__ == "__main__":
    main()
