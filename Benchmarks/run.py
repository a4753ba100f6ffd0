#!/usr/bin/env python3
"""StreamTypes against the Python reference and msgspec, side by side, in one run.

Generates two streams of N transcription segments (the spec's Segment/Word shape) with the
Python reference writer (truss_chains.streaming with pydantic): a realistic one (numbers
as real producers write them, full-precision doubles such as 0.15000000000000002 and
0.2761485755443573; non-ASCII and escaped text; null speakers; maps of several entries)
and the friendly one of earlier figures (short decimals, ASCII words). On each, each
measurement in its own process (own peak memory), the best of --runs:

  truss read       truss_chains StreamReader, 64 KiB chunks, pydantic; counts items and
                   drops them (a second row keeps them in a list, as earlier figures did)
  msgspec read     msgspec.json.Decoder of a Struct with Segments.yaml's constraints,
                   frames split in Python from 64 KiB chunks; drops items
  simdjson         a DOM parse of each item payload, no schema (C++ over libsimdjson-dev,
                   built by this script): the parse-only bound
  codable read     generated types through Foundation's JSONDecoder; drops items
  typed read       the generated StreamReader, from the file in 64 KiB chunks; drops items
                   (a second row keeps them)
  validate         streamtypes validate (no generated code)
  truss / msgspec / codable / typed write, over values decoded beforehand

and prints MB/s, items/s, the ratios to truss and to msgspec (reads to the readers that
drop items, writes to the writers), peak RSS and allocations per item (malloc-family calls
of the whole process, counted by a small LD_PRELOAD library built by this script; Python's
small objects come from its own pool and are not counted). Then peak memory of typed read
and validate at 1x and 10x the stream; then the ndarray stream (as --ndarray-stream 4096
with 2,000 items) and the compile time of generated code for schemas of 100 and 300 models
(Benchmarks/compile_time.py --models 100,300: generate, clean build, rebuild after an edit).
Swift code is built in release mode first.

    python3 Benchmarks/run.py [--items 200000] [--runs 3] [--lengths 1,10] [--no-build]
        [--no-ndarray] [--no-compile-time]

The number code's differential test at scale (tens of millions of cases, release mode):

    swift build -c release --package-path Benchmarks --product NumberDifferential
    Benchmarks/.build/release/NumberDifferential 20

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
with the Frame generated from Arrays.yaml), typed read and write (the generated Frames reader and writer) and
validate, in the same table (--items defaults to 2,000 here).

    python3 Benchmarks/run.py --ndarray-stream 4096 [--items 2000] [--no-build]
"""

import argparse
import asyncio
import importlib
import json
import math
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
import truss_interop  # noqa: E402  (the reference loader of truss_chains.streaming)

BENCH = os.path.join(HERE, ".build", "release", "StreamTypesBenchmarks")
CLI = os.path.join(ROOT, ".build", "release", "streamtypes")
SCHEMA = os.path.join(HERE, "Sources", "StreamTypesBenchmarks", "Segments.yaml")
ARRAYS_SCHEMA = os.path.join(HERE, "Sources", "StreamTypesBenchmarks", "Arrays.yaml")
CHUNK = 64 * 1024
# Where the benchmarks' schemas are generated as Python (`streamtypes generate --language
# python`): the pydantic models come from Segments.yaml and Arrays.yaml, as the Swift code
# does, not from hand-written twins.
PYTHON_MODULES = os.path.join(HERE, ".build", "python")


def generated(module: str):
    """The generated module of the benchmarks' schemas: `segments_streamtypes` (Segment, Word,
    Speaker) or `arrays_streamtypes` (Frame, its ndarray in NumpyArrayField's JSON form).
    Generated with the release CLI when it is built, otherwise the debug one."""
    if PYTHON_MODULES not in sys.path:
        cli = CLI if os.path.exists(CLI) else os.path.join(ROOT, ".build", "debug", "streamtypes")
        subprocess.run([cli, "generate", SCHEMA, ARRAYS_SCHEMA, "--output", PYTHON_MODULES,
                        "--language", "python"], check=True)
        sys.path.insert(0, PYTHON_MODULES)
    return importlib.import_module(module)
WORDS = ("the quick brown fox jumps over lazy dog speech recognition model segment "
         "timestamp confidence streaming header footer item pydantic swift").split()


def segments(count: int, seed: int = 7):
    rng = random.Random(seed)
    Segment, Word, Speaker = (getattr(generated("segments_streamtypes"), name) for name in ("Segment", "Word", "Speaker"))
    for i in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 5))]
        yield Segment(
            id=i, start=i * 1.5, end=i * 1.5 + 1.25, text=" ".join(words),
            speaker=rng.choice([Speaker.AGENT, Speaker.CUSTOMER, None]),
            words=[Word(word=w, start=i * 1.5 + k * 0.25, end=i * 1.5 + k * 0.25 + 0.2,
                        confidence=round(rng.random(), 4)) for k, w in enumerate(words)],
            tags={"lang": "en"} if i % 2 else {})


# Words of the realistic stream: ASCII, non-ASCII (accents, CJK, emoji) and text that JSON
# must escape (quotes, backslashes, control characters).
REAL_WORDS = WORDS + ("café naïve Straße über año façade résumé Zürich 東京 日本語 音声 "
                      "認識 Привет мир مرحبا 😀 👍🏽 ✓").split()
ESCAPED_WORDS = ['"quoted"', "back\\slash", "line\nbreak", "tab\there", "C:\\path", "\u0007bell"]


def realistic_segments(count: int, seed: int = 11):
    """The Segment/Word shape with numbers as real producers write them: times computed by
    arithmetic (0.15000000000000002), probabilities of full precision (0.2761485755443573);
    non-ASCII and escaped text, null speakers, maps of several entries."""
    rng = random.Random(seed)
    Segment, Word, Speaker = (getattr(generated("segments_streamtypes"), name) for name in ("Segment", "Word", "Speaker"))
    t = 0.0
    for i in range(count):
        n = rng.randint(3, 8)
        words = []
        for _ in range(n):
            r = rng.random()
            words.append(rng.choice(ESCAPED_WORDS) if r < 0.04 else rng.choice(REAL_WORDS))
        start = t
        word_values = []
        for w in words:
            word_start = t
            t += 0.05 + rng.random() * 0.4
            word_values.append(Word(word=w, start=word_start, end=t,
                                    confidence=rng.random() if rng.random() < 0.8 else math.exp(-rng.random() * 3)))
        t += 0.1 * 3  # a pause: 0.30000000000000004
        tags = {}
        for key in rng.sample(["lang", "channel", "model", "note", "region"], rng.randint(0, 4)):
            tags[key] = rng.choice(["en-US", "left", "whisper-large-v3", 'said "ok"\n', "ünïcödé", "eu-west-1"])
        yield Segment(id=i, start=start, end=t, text=" ".join(words),
                      speaker=rng.choice([Speaker.AGENT, Speaker.CUSTOMER, Speaker.UNKNOWN, None]),
                      words=word_values, tags=tags)


def write_stream(path: str, count: int, realistic: bool = False):
    streaming = truss_interop.load_streaming()
    writer = streaming.stream_writer(streaming.stream_types(generated("segments_streamtypes").Segment))
    with open(path, "wb") as out:
        for segment in (realistic_segments if realistic else segments)(count):
            out.write(bytes(writer.yield_item(segment)))


def frame_model():
    """Arrays.yaml's Frame, generated: its `samples` a numpy float32 array, read and written
    in Truss Chains' NumpyArrayField JSON form."""
    return generated("arrays_streamtypes").Frame


def write_frames(path: str, count: int, samples: int, seed: int = 7):
    import numpy as np
    streaming = truss_interop.load_streaming()
    Frame = frame_model()
    writer = streaming.stream_writer(streaming.stream_types(Frame))
    rng = np.random.default_rng(seed)
    with open(path, "wb") as out:
        for index in range(count):
            array = rng.standard_normal(samples).astype(np.float32)
            out.write(bytes(writer.yield_item(Frame(index=index, samples=array))))


# Measurements that run in a child process of this script: `run.py --child MODE FILE`,
# MODE python-read or python-write, with `-frames` for a stream of Arrays.yaml's Frame.

def child(mode: str, path: str, chunk: int = CHUNK):
    streaming = truss_interop.load_streaming()
    item_type = frame_model() if mode.endswith("-frames") else generated("segments_streamtypes").Segment
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
    elif mode == "python-read-drop":
        async def source():
            for start in range(0, len(data), chunk):
                yield data[start:start + chunk]

        async def read():
            # Handles each item and drops it, as a consumer does.
            count = 0
            reader = streaming.stream_reader(types, source())
            async for _ in reader.read_items():
                count += 1
            return count

        start = time.perf_counter()
        count = asyncio.run(read())
        seconds = time.perf_counter() - start
        print(json.dumps({"items": count, "bytes": len(data), "seconds": seconds}))
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


def msgspec_types():
    """Segments.yaml as msgspec Structs, with the same constraints."""
    from typing import Annotated, Literal, Optional
    import msgspec

    class Word(msgspec.Struct, kw_only=True):
        word: Annotated[str, msgspec.Meta(min_length=1)]
        start: float
        end: float
        confidence: Annotated[float, msgspec.Meta(ge=0, le=1)]

    class Segment(msgspec.Struct, kw_only=True):
        id: int
        start: Annotated[float, msgspec.Meta(ge=0)]
        end: float
        text: str
        speaker: Optional[Literal["agent", "customer", "unknown"]] = None
        words: list[Word]
        tags: dict[str, str] = {}

    return Segment


def msgspec_frames(data: bytes, chunk: int):
    """The item payloads of a framed stream (kind u8, length u32 big-endian, payload), split
    from chunks of `chunk` bytes as they would arrive."""
    buffer = bytearray()
    for start in range(0, len(data), chunk):
        buffer += data[start:start + chunk]
        offset = 0
        while len(buffer) - offset >= 5:
            length = int.from_bytes(buffer[offset + 1:offset + 5], "big")
            if len(buffer) - offset - 5 < length:
                break
            if buffer[offset] == 3:
                yield bytes(buffer[offset + 5:offset + 5 + length])
            offset += 5 + length
        del buffer[:offset]


def msgspec_child(mode: str, path: str, chunk: int = CHUNK):
    import msgspec
    Segment = msgspec_types()
    data = open(path, "rb").read()
    decoder = msgspec.json.Decoder(Segment)
    if mode == "msgspec-read":
        start = time.perf_counter()
        count = 0
        for payload in msgspec_frames(data, chunk):
            decoder.decode(payload)  # dropped, as a consumer does
            count += 1
        seconds = time.perf_counter() - start
        print(json.dumps({"items": count, "bytes": len(data), "seconds": seconds}))
    else:
        values = [decoder.decode(bytes(payload)) for payload in msgspec_frames(data, chunk)]
        encoder = msgspec.json.Encoder()
        start = time.perf_counter()
        total = 0
        for value in values:
            payload = encoder.encode(value)
            frame = b"\x03" + len(payload).to_bytes(4, "big") + payload
            total += len(frame)
        seconds = time.perf_counter() - start
        print(json.dumps({"items": len(values), "bytes": total, "seconds": seconds}))


# The simdjson bound: a DOM parse of each item payload, no schema (libsimdjson-dev).
SIMDJSON_SOURCE = r"""
#include <simdjson.h>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <vector>
int main(int argc, char **argv) {
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t size = data.size();
  data.resize(size + simdjson::SIMDJSON_PADDING);
  simdjson::dom::parser parser;
  auto start = std::chrono::steady_clock::now();
  size_t items = 0, offset = 0;
  while (offset + 5 <= size) {
    const unsigned char *p = (const unsigned char *)data.data() + offset;
    size_t length = (size_t(p[1]) << 24) | (size_t(p[2]) << 16) | (size_t(p[3]) << 8) | p[4];
    if (p[0] == 3) {
      // In place: the bytes after a payload (the next frame, or the padding) are readable.
      simdjson::dom::element doc;
      if (parser.parse((const uint8_t *)p + 5, length, false).get(doc)) { return 1; }
      items++;
    }
    offset += 5 + length;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  printf("{\"items\": %zu, \"bytes\": %zu, \"seconds\": %.6f}\n", items, size, seconds);
}
"""

# Counts malloc-family calls of a process (LD_PRELOAD), for allocations per item.
ALLOC_COUNTER_SOURCE = r"""
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
static unsigned long calls;
void *malloc(size_t n) { __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED); return __libc_malloc(n); }
void *calloc(size_t c, size_t n) { __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED); return __libc_calloc(c, n); }
void *realloc(void *p, size_t n) { __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED); return __libc_realloc(p, n); }
int posix_memalign(void **out, size_t a, size_t n) {
  __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
  *out = __libc_memalign(a, n);
  return *out ? 0 : 12;
}
void *aligned_alloc(size_t a, size_t n) { __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED); return __libc_memalign(a, n); }
__attribute__((destructor)) static void report(void) {
  const char *path = getenv("ALLOC_COUNT_FILE");
  if (!path) return;
  FILE *f = fopen(path, "a");
  if (f) { fprintf(f, "%d %lu\n", getpid(), calls); fclose(f); }
}
"""

TOOLS = os.path.join(HERE, ".build", "tools")
SIMDJSON_BIN = os.path.join(TOOLS, "simdjson_parse")
ALLOC_COUNTER = os.path.join(TOOLS, "alloc_counter.so")


def install_requirements():
    """What the comparison needs beyond the README's setup, installed when missing (as .ci/run
    installs libyaml): msgspec from PyPI; simdjson's headers and library from Debian
    (libsimdjson-dev) and a C++ compiler, which need root, or say which command to run."""
    try:
        import msgspec  # noqa: F401
    except ImportError:
        print("installing: python3 -m pip install msgspec", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "msgspec"], check=True)
    probe = subprocess.run(["sh", "-c", "command -v g++ >/dev/null && printf '#include <simdjson.h>\\n' "
                            "| g++ -std=c++17 -fsyntax-only -x c++ - 2>/dev/null"])
    if probe.returncode != 0:
        command = ["apt-get", "install", "-y", "-qq", "libsimdjson-dev", "g++"]
        if os.geteuid() != 0:
            sys.exit("error: the simdjson row needs libsimdjson-dev and g++: run "
                     f"`sudo apt-get update && sudo {' '.join(command)}`")
        print("installing:", " ".join(command), file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def build_tools():
    install_requirements()
    os.makedirs(TOOLS, exist_ok=True)
    with open(os.path.join(TOOLS, "simdjson_parse.cpp"), "w") as f:
        f.write(SIMDJSON_SOURCE)
    with open(os.path.join(TOOLS, "alloc_counter.c"), "w") as f:
        f.write(ALLOC_COUNTER_SOURCE)
    subprocess.run(["g++", "-O3", "-std=c++17", "-o", SIMDJSON_BIN,
                    os.path.join(TOOLS, "simdjson_parse.cpp"), "-lsimdjson"], check=True)
    subprocess.run(["gcc", "-O2", "-shared", "-fPIC", "-o", ALLOC_COUNTER,
                    os.path.join(TOOLS, "alloc_counter.c")], check=True)


def measure_best(command, runs: int):
    """The best of `runs` measurements (by time), with the allocation count of the process
    (malloc-family calls; Python's small objects come from its own pool and are not counted)."""
    best = None
    for _ in range(runs):
        r = measure(command)
        if best is None or r["seconds"] < best["seconds"]:
            best = r
    with tempfile.NamedTemporaryFile("r") as counts:
        env = dict(os.environ, LD_PRELOAD=ALLOC_COUNTER, ALLOC_COUNT_FILE=counts.name)
        subprocess.run(command, capture_output=True, env=env, check=True)
        best["allocs"] = max(int(line.split()[1]) for line in counts.read().split("\n") if line.strip())
    return best


def print_rows(rows):
    """Rows (name, kind, measurement); ratios to the first row named python and msgspec of
    each kind (read or write)."""
    def rate(r):
        return r["items"] / r["seconds"]
    truss = {k: next(r for n, kk, r in rows if kk == k and n.startswith("truss")) for k in ("read", "write")}
    msgspec = {k: next(r for n, kk, r in rows if kk == k and n.startswith("msgspec")) for k in ("read", "write")}
    print(f"{'':<34} {'MB/s':>8} {'items/s':>11} {'x truss':>8} {'x msgspec':>9} {'peak MiB':>9} {'allocs/item':>11}")
    for name, kind, r in rows:
        print(f"{name:<34} {r['bytes'] / r['seconds'] / 1e6:>8.1f} {rate(r):>11,.0f} "
              f"{rate(r) / rate(truss[kind]):>8.2f} {rate(r) / rate(msgspec[kind]):>9.2f} "
              f"{r['peak_mib']:>9.1f} {r['allocs'] / r['items']:>11.1f}")


def stream_table(path: str, runs: int):
    me = [sys.executable, os.path.abspath(__file__), "--child"]
    rows = [
        ("truss read (pydantic, drops)", "read", measure_best(me + ["python-read-drop", path], runs)),
        ("truss read (keeps items)", "read", measure_best(me + ["python-read", path], runs)),
        ("msgspec read (drops)", "read", measure_best(me + ["msgspec-read", path], runs)),
        ("simdjson parse only (no schema)", "read", measure_best([SIMDJSON_BIN, path], runs)),
        ("codable read (drops)", "read", measure_best([BENCH, "read-codable", path], runs)),
        ("typed read (drops)", "read", measure_best([BENCH, "read-typed-count", path], runs)),
        ("typed read (keeps items)", "read", measure_best([BENCH, "read-typed", path], runs)),
        ("validate", "read", measure_best(validate_command(path), runs)),
        ("truss write", "write", measure_best(me + ["python-write", path], runs)),
        ("msgspec write", "write", measure_best(me + ["msgspec-write", path], runs)),
        ("codable write", "write", measure_best([BENCH, "write-codable", path], runs)),
        ("typed write", "write", measure_best([BENCH, "write-typed", path], runs)),
    ]
    print_rows(rows)


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
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (the best is shown)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--ndarray", type=int, metavar="N",
                        help="time an ndarray<float32> of N elements against NumpyArrayField")
    parser.add_argument("--ndarray-stream", type=int, metavar="N",
                        help="time a stream of items holding an ndarray<float32> of N elements")
    parser.add_argument("--no-ndarray", action="store_true",
                        help="leave out the ndarray stream (2,000 frames of 4,096 samples) of the full run")
    parser.add_argument("--no-compile-time", action="store_true",
                        help="leave out the compile time of generated code (100 and 300 models) of the full run")
    args = parser.parse_args()
    if args.child:
        if args.child[0].startswith("msgspec"):
            msgspec_child(*args.child)
        else:
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

    build_tools()
    directory = tempfile.mkdtemp(prefix="streamtypes-bench-")
    friendly = os.path.join(directory, "segments-friendly.bin")
    write_stream(friendly, args.items)
    path = os.path.join(directory, "segments.bin")
    write_stream(path, args.items, realistic=True)
    for name, stream in (("realistic", path), ("friendly", friendly)):
        size = os.path.getsize(stream)
        print(f"{name} stream: {args.items:,} segments, {size:,} bytes ({size / args.items:.0f} bytes a frame), "
              f"written by truss_chains.streaming; best of {args.runs} runs")
        stream_table(stream, args.runs)
        print()
    os.remove(friendly)

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

    if not args.no_ndarray:
        print("\nndarray stream (Arrays.yaml's Frame, samples: ndarray<float32> in NumpyArrayField's form):")
        ndarray_stream_timings(4096, 2_000, build=False)
    if not args.no_compile_time:
        # The build time of generated code: generate + compile of a schema of 100 and 300
        # models, and an edit's rebuild (Benchmarks/compile_time.py, which says more).
        print("\ncompile time of generated code (Benchmarks/compile_time.py --models 100,300):", flush=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "compile_time.py"),
                        "--models", "100,300"], check=True)


if __name__ == "__main__":
    main()
