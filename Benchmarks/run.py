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

`--compare OLD NEW` times two git revisions against each other instead, in one run on
one stream (the machine's speed drifts between runs; alternating the two cancels most of
the drift). Each revision is exported with `git archive` to /tmp/streamtypes-compare/SHA
and built there in release (its own Benchmarks package, whose generated code is that
revision's, and its own streamtypes CLI, in its own scratch path; the folders are kept,
so a second comparison only rebuilds what changed). The stream is written once by the
Python reference; then, for each Swift mode, the old and the new binary run alternately,
--runs times each, and the best run of each is kept. `patterns` (hostile inputs for
`pattern` constraints) is timed for the binaries that have it.

    python3 Benchmarks/run.py --compare b2594dc HEAD [--items 200000] [--runs 3] [--no-build]

`--ndarray N` times reading and writing one payload {"x": ndarray<float32>} of N elements
instead: the runtime's NDArray against pydantic with Truss Chains' NumpyArrayField
(model_validate_json / model_dump_json, Scripts/ndarray_interop.py), in MB/s of JSON.

    python3 Benchmarks/run.py --ndarray 4096 [--no-build]

`--ndarray-stream N` times a stream of items {index, samples: ndarray<float32>} of N
samples each (Arrays.yaml; seeded normal samples, in the JSON form of Truss Chains'
NumpyArrayField, written by truss_chains.streaming) instead: python read and write (pydantic
with NumpyArrayField), typed read and write (the generated Frames reader and writer) and
validate, in the same table (--items defaults to 2,000 here).

    python3 Benchmarks/run.py --ndarray-stream 4096 [--items 2000] [--no-build]
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

import pydantic

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "Scripts"))
import truss_interop  # noqa: E402  (the reference loader and its pydantic models)

BENCH = os.path.join(HERE, ".build", "release", "StreamTypesBenchmarks")
CLI = os.path.join(ROOT, ".build", "release", "streamtypes")
SCHEMA = os.path.join(HERE, "Sources", "StreamTypesBenchmarks", "Segments.yaml")
ARRAYS_SCHEMA = os.path.join(HERE, "Sources", "StreamTypesBenchmarks", "Arrays.yaml")
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


def frame_model():
    """Arrays.yaml's Frame in pydantic, with Truss Chains' NumpyArrayField."""
    truss_interop.load_streaming()  # downloads the truss wheel NumpyArrayField comes from
    array_field = truss_interop.load_numpy_field()

    class Frame(pydantic.BaseModel):
        index: int
        samples: array_field

    return Frame, array_field


def write_frames(path: str, count: int, samples: int, seed: int = 7):
    import numpy as np
    streaming = truss_interop.load_streaming()
    Frame, array_field = frame_model()
    writer = streaming.stream_writer(streaming.stream_types(Frame))
    rng = np.random.default_rng(seed)
    with open(path, "wb") as out:
        for index in range(count):
            array = rng.standard_normal(samples).astype(np.float32)
            out.write(bytes(writer.yield_item(Frame(index=index, samples=array_field(array)))))


# Measurements that run in a child process of this script: `run.py --child MODE FILE`,
# MODE python-read or python-write, with `-frames` for a stream of Arrays.yaml's Frame.

def child(mode: str, path: str, chunk: int = CHUNK):
    streaming = truss_interop.load_streaming()
    item_type = frame_model()[0] if mode.endswith("-frames") else truss_interop.Segment
    mode = mode.removesuffix("-frames")
    types = streaming.stream_types(item_type)
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


def validate_command(path, schema=SCHEMA):
    return [CLI, "validate", schema, path, "--json"]


def print_table(rows):
    """Rows (name, "read" or "write", measurement); the first read and the first write are
    python's, the base of the ratios."""
    base = {kind: next(r for _, k, r in rows if k == kind) for kind in ("read", "write")}
    print(f"{'':<15} {'MB/s':>9} {'items/s':>12} {'x python':>9} {'peak MiB':>9}")
    for name, kind, r in rows:
        mbps = r["bytes"] / r["seconds"] / 1e6
        ratio = mbps / (base[kind]["bytes"] / base[kind]["seconds"] / 1e6)
        print(f"{name:<15} {mbps:>9.1f} {r['items'] / r['seconds']:>12,.0f} {ratio:>9.2f} {r['peak_mib']:>9.1f}")


def build_all():
    for command in (["swift", "build", "-c", "release", "--package-path", HERE],
                    ["swift", "build", "-c", "release", "--package-path", ROOT, "--product", "streamtypes"]):
        print("building:", " ".join(command), file=sys.stderr)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


# Two revisions side by side: `run.py --compare OLD NEW`.

COMPARE_ROOT = os.path.join(tempfile.gettempdir(), "streamtypes-compare")
COMPARE_MODES = [  # (row name, how to run it given (binaries, stream path))
    ("codable read", lambda b, path: [b["bench"], "read-codable", path]),
    ("codable write", lambda b, path: [b["bench"], "write-codable", path]),
    ("typed read", lambda b, path: [b["bench"], "read-typed", path]),
    ("typed write", lambda b, path: [b["bench"], "write-typed", path]),
    ("validate", lambda b, path: [b["cli"], "validate", b["schema"], path, "--json"]),
]


def build_revision(revision: str, build: bool):
    """Exports `revision` and builds its benchmark binary and CLI; returns their paths."""
    sha = subprocess.run(["git", "-C", ROOT, "rev-parse", "--verify", revision + "^{commit}"],
                         check=True, capture_output=True, text=True).stdout.strip()
    directory = os.path.join(COMPARE_ROOT, sha[:12])
    source = os.path.join(directory, "src")
    scratch = os.path.join(directory, "build")
    if not os.path.isdir(source):
        os.makedirs(source + ".partial", exist_ok=True)
        archive = subprocess.Popen(["git", "-C", ROOT, "archive", sha], stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", source + ".partial"], stdin=archive.stdout, check=True)
        if archive.wait() != 0:
            sys.exit(f"git archive {sha} failed")
        os.rename(source + ".partial", source)
    package = os.path.join(source, "Benchmarks")
    if build:
        # The CLI is a product of the Benchmarks package's dependency: one scratch path
        # builds both, and the library and compiler once.
        for product in ("StreamTypesBenchmarks", "streamtypes"):
            command = ["swift", "build", "-c", "release", "--package-path", package,
                       "--scratch-path", scratch, "--product", product]
            print(f"building {revision} ({sha[:12]}):", " ".join(command), file=sys.stderr)
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return {
        "name": revision, "sha": sha,
        "bench": os.path.join(scratch, "release", "StreamTypesBenchmarks"),
        "cli": os.path.join(scratch, "release", "streamtypes"),
        "schema": os.path.join(package, "Sources", "StreamTypesBenchmarks", "Segments.yaml"),
    }


def pattern_timings(binaries, runs: int):
    """The best time of each `patterns` case, or None if this binary has no such mode."""
    best = {}
    for _ in range(runs):
        result = subprocess.run([binaries["bench"], "patterns"], capture_output=True, text=True)
        if result.returncode != 0:
            return None
        for line in result.stdout.splitlines():
            case = json.loads(line)
            key = (case["pattern"], case["input"])
            if key not in best or case["seconds"] < best[key]["seconds"]:
                best[key] = case
    return best


def compare(old_revision: str, new_revision: str, items: int, runs: int, build: bool):
    old, new = build_revision(old_revision, build), build_revision(new_revision, build)
    directory = tempfile.mkdtemp(prefix="streamtypes-bench-")
    path = os.path.join(directory, "segments.bin")
    write_stream(path, items)
    size = os.path.getsize(path)
    print(f"stream: {items:,} segments, {size:,} bytes ({size / items:.0f} bytes a frame), "
          f"written by truss_chains.streaming")
    print(f"old: {old_revision} ({old['sha'][:12]})  new: {new_revision} ({new['sha'][:12]})  "
          f"best of {runs}, old and new alternately\n")

    def mbps(r):
        return r["bytes"] / r["seconds"] / 1e6

    print(f"{'':<15} {'old MB/s':>9} {'new MB/s':>9} {'new/old':>8} {'old MiB':>8} {'new MiB':>8}")
    for name, command in COMPARE_MODES:
        best = {}
        for _ in range(runs):
            for side, binaries in (("old", old), ("new", new)):
                measured = measure(command(binaries, path))
                if side not in best or mbps(measured) > mbps(best[side]):
                    best[side] = measured
        if best["old"]["bytes"] != best["new"]["bytes"] or best["old"]["items"] != best["new"]["items"]:
            print(f"  note: {name} counted differently: old {best['old']['items']} items "
                  f"{best['old']['bytes']} bytes, new {best['new']['items']} items {best['new']['bytes']} bytes")
        print(f"{name:<15} {mbps(best['old']):>9.1f} {mbps(best['new']):>9.1f} "
              f"{mbps(best['new']) / mbps(best['old']):>8.2f} "
              f"{best['old']['peak_mib']:>8.1f} {best['new']['peak_mib']:>8.1f}")
    os.remove(path)
    os.rmdir(directory)

    timings = {side: pattern_timings(binaries, runs) for side, binaries in (("old", old), ("new", new))}
    if any(timings.values()):
        print(f"\npatterns (best of {runs}, seconds; - where the binary has no `patterns` mode):")
        print(f"{'pattern':<44} {'input':<20} {'match':>5} {'old s':>9} {'new s':>9}")
        keys = list((timings["new"] or timings["old"]).keys())
        for key in keys:
            cells = []
            for side in ("old", "new"):
                case = (timings[side] or {}).get(key)
                cells.append(f"{case['seconds']:>9.4f}" if case else f"{'-':>9}")
            case = (timings["new"] or timings["old"])[key]
            print(f"{key[0]:<44} {key[1]:<20} {str(case['matches']).lower():>5} {cells[0]} {cells[1]}")


def ndarray_timings(count: int, build: bool):
    if build:
        command = ["swift", "build", "-c", "release", "--package-path", HERE]
        print("building:", " ".join(command), file=sys.stderr)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    script = os.path.join(ROOT, "Scripts", "ndarray_interop.py")
    rows = [("python (NumpyArrayField)", [sys.executable, script, "bench", str(count)]),
            ("swift (NDArray<Float>)", [BENCH, "ndarray", str(count)])]
    results = [(name, json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout))
               for name, command in rows]
    size = results[0][1]["json_bytes"]
    print(f"one payload {{\"x\": ndarray<float32>}} of {count:,} elements, {size:,} bytes of JSON\n")
    print(f"{'':<26} {'read MB/s':>10} {'write MB/s':>11} {'read x py':>10} {'write x py':>11}")
    base = results[0][1]
    for name, r in results:
        print(f"{name:<26} {r['decode_mb_s']:>10.1f} {r['encode_mb_s']:>11.1f} "
              f"{r['decode_mb_s'] / base['decode_mb_s']:>10.2f} {r['encode_mb_s'] / base['encode_mb_s']:>11.2f}")
    print(f"\n(swift's read includes its JSON syntax check, alone {results[1][1]['scan_mb_s']:.1f} MB/s)")


def ndarray_stream_timings(samples: int, items: int, build: bool):
    if build:
        build_all()
    directory = tempfile.mkdtemp(prefix="streamtypes-bench-")
    path = os.path.join(directory, "frames.bin")
    write_frames(path, items, samples)
    size = os.path.getsize(path)
    print(f"stream: {items:,} frames of {samples:,} float32 samples, {size:,} bytes "
          f"({size / items:.0f} bytes a frame), written by truss_chains.streaming\n")
    me = [sys.executable, os.path.abspath(__file__), "--child"]
    rows = [
        ("python read", "read", measure(me + ["python-read-frames", path])),
        ("python write", "write", measure(me + ["python-write-frames", path])),
        ("typed read", "read", measure([BENCH, "read-typed-frames", path])),
        ("typed write", "write", measure([BENCH, "write-typed-frames", path])),
        ("validate", "read", measure(validate_command(path, ARRAYS_SCHEMA))),
    ]
    print_table(rows)
    for name, _, r in rows:
        if r["items"] != items or r["bytes"] != size:
            print(f"  note: {name} counted {r['items']:,} items and {r['bytes']:,} bytes")
    os.remove(path)
    os.rmdir(directory)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, help="stream length (200,000; 2,000 with --ndarray-stream)")
    parser.add_argument("--lengths", default="1,10", help="stream lengths, as multiples of --items, for the memory check")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"),
                        help="time two git revisions against each other on one stream")
    parser.add_argument("--runs", type=int, default=3, help="with --compare: runs of each mode and revision")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--ndarray", type=int, metavar="N",
                        help="time an ndarray<float32> of N elements against NumpyArrayField")
    parser.add_argument("--ndarray-stream", type=int, metavar="N",
                        help="time a stream of items holding an ndarray<float32> of N elements")
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.ndarray_stream:
        ndarray_stream_timings(args.ndarray_stream, args.items or 2_000, build=not args.no_build)
        return
    args.items = args.items or 200_000
    if args.compare:
        compare(*args.compare, items=args.items, runs=args.runs, build=not args.no_build)
        return
    if args.ndarray:
        ndarray_timings(args.ndarray, build=not args.no_build)
        return

    if not args.no_build:
        build_all()

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
    rows.append(("validate", "read", measure(validate_command(path))))
    print_table(rows)

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
