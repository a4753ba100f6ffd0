#!/usr/bin/env python3
"""Runs the release `streamtypes` on hostile inputs and prints, for each, the wall time,
the exit status and the first line of output.

    Scripts/hostile_inputs.py [--skip-build] [--timeout SECONDS] [NAME_FILTER]

Builds once (`swift build -c release --scratch-path .build-release --product streamtypes`)
unless --skip-build, then generates every input into a temporary directory (nothing is
committed) and runs the CLI on it. A row that runs past the timeout (default 120 s) is
killed and printed as "timeout".

To add a row, write a function that takes the temporary directory (a pathlib.Path) and
returns the CLI's arguments (and, optionally, the bytes for its standard input), and
decorate it with @row("what it is"). Rows run in the order they are defined.
"""

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
SCRATCH = REPO / ".build-release"
BINARY = SCRATCH / "release" / "streamtypes"

ROWS = []


def row(name):
    def register(function):
        ROWS.append((name, function))
        return function

    return register


# MARK: Helpers


def frame(kind, payload):
    """A framed-format frame: kind byte, 4-byte big-endian length, payload."""
    data = payload.encode() if isinstance(payload, str) else payload
    return bytes([kind]) + len(data).to_bytes(4, "big") + data


def write(directory, name, contents):
    path = directory / name
    path.write_bytes(contents.encode() if isinstance(contents, str) else contents)
    return str(path)


def progress_event(at):
    return frame(3, '{"at":"%s","stage":"queued","done":0}' % at)


def long_name(seed, length=150):
    """A deterministic pseudo-random type name of `length` letters."""
    state = (seed * 0x9E3779B97F4A7C15 + 1) % 2**64
    letters = "abcdefghijklmnopqrstuvwxyz"
    name = "T"
    while len(name) < length:
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        name += letters[(state >> 33) % 26]
    return name


def chain_schema(count, closed):
    lines = ["streams:", "  S: {item: M0}", "types:"]
    for index in range(count):
        lines += ["  M%d:" % index, "    fields:"]
        if index + 1 < count:
            lines.append("      next: M%d?" % (index + 1))
        else:
            lines.append("      next: M0" if closed else "      value: int")
    return "\n".join(lines) + "\n"


# MARK: Rows. Part A: datetimes (issue 13)

JOB_PROGRESS = str(REPO / "Schemas" / "JobProgress.yaml")


@row("validate: datetime 9999-12-31T23:59:59-23:59 (year 10000 in UTC)")
def datetime_past_9999_validate(directory):
    stream = write(directory, "late.bin", progress_event("9999-12-31T23:59:59-23:59"))
    return ["validate", JOB_PROGRESS, stream, "--stream", "JobProgress"]


@row("dump: datetime 9999-12-31T23:59:59-23:59 (year 10000 in UTC)")
def datetime_past_9999_dump(directory):
    stream = write(directory, "late.bin", progress_event("9999-12-31T23:59:59-23:59"))
    return ["dump", JOB_PROGRESS, stream, "--stream", "JobProgress"]


@row("validate: datetime 0000-01-01T00:00:00+23:59 (year -1 in UTC)")
def datetime_before_0000_validate(directory):
    stream = write(directory, "early.bin", progress_event("0000-01-01T00:00:00+23:59"))
    return ["validate", JOB_PROGRESS, stream, "--stream", "JobProgress"]


@row("dump: datetime 0000-01-01T00:00:00+23:59 (year -1 in UTC)")
def datetime_before_0000_dump(directory):
    stream = write(directory, "early.bin", progress_event("0000-01-01T00:00:00+23:59"))
    return ["dump", JOB_PROGRESS, stream, "--stream", "JobProgress"]


@row("dump: datetime 9999-12-31T00:00:00-23:59 (the edge, valid)")
def datetime_edge_dump(directory):
    stream = write(
        directory,
        "edge.bin",
        progress_event("9999-12-31T00:00:00-23:59") + frame(4, '{"status":"failed"}'),
    )
    return ["dump", JOB_PROGRESS, stream, "--stream", "JobProgress"]


@row("check: datetime default 9999-12-31T23:59:59-23:59")
def datetime_default(directory):
    schema = (
        "streams:\n  S: {item: M}\ntypes:\n  M:\n    fields:\n"
        '      at: {type: datetime, default: "9999-12-31T23:59:59-23:59"}\n'
    )
    return ["check", write(directory, "default.yaml", schema)]


# MARK: Rows. Part B: the schema compiler (issue 13)


@row("check: chain of 10,000 models, each holding the next")
def chain_open(directory):
    return ["check", write(directory, "chain.yaml", chain_schema(10_000, closed=False))]


@row("generate: chain of 10,000 models, each holding the next")
def chain_generate(directory):
    schema = write(directory, "chain.yaml", chain_schema(10_000, closed=False))
    return ["generate", schema, "--output", str(directory / "generated")]


@row("check: chain of 10,000 models closed into one cycle")
def chain_closed(directory):
    return ["check", write(directory, "cycle.yaml", chain_schema(10_000, closed=True))]


@row("check: 600 unknown 150-letter type names, 600 defined ones")
def long_unknown_names(directory):
    lines = ["streams:", "  S: {item: Holder}", "types:", "  Holder:", "    fields:"]
    lines += ["      f%d: %s" % (i, long_name(1000 + i)) for i in range(600)]
    lines += ["  %s: {fields: {x: int}}" % long_name(i) for i in range(600)]
    return ["check", write(directory, "names.yaml", "\n".join(lines) + "\n")]


@row("generate: 1 MiB string anchored once, aliased 1,000 times")
def alias_bomb(directory):
    text = "a" * (1 << 20)
    schema = (
        "description: &s %s\n" % text
        + "streams:\n  S: {item: M}\ntypes:\n  M:\n    fields:\n      x: int\n"
        + "    description: [%s]\n" % ", ".join(["*s"] * 1000)
    )
    output = directory / "generated"
    return ["generate", write(directory, "bomb.yaml", schema), "--output", str(output)]


@row("check: one model of 15,000 fields, each with a default")
def wide_model(directory):
    lines = ["streams:", "  S: {item: W}", "types:", "  W:", "    fields:"]
    lines += ["      f%d: {type: int, default: %d}" % (i, i) for i in range(15_000)]
    return ["check", write(directory, "wide.yaml", "\n".join(lines) + "\n")]


@row("generate: one model of 15,000 fields, each with a default")
def wide_model_generate(directory):
    arguments = wide_model(directory)
    return ["generate", arguments[1], "--output", str(directory / "generated")]


@row("generate: a model default giving 15,000 fields of a 15,000-field model")
def wide_default(directory):
    count = 15_000
    lines = ["streams:", "  S: {item: Holder}", "types:", "  W:", "    fields:"]
    lines += ["      f%d: int?" % i for i in range(count)]
    given = ", ".join("f%d: %d" % (i, i) for i in range(count))
    lines += ["  Holder:", "    fields:", "      w: {type: W, default: {%s}}" % given]
    schema = write(directory, "default.yaml", "\n".join(lines) + "\n")
    return ["generate", schema, "--output", str(directory / "generated")]


# MARK: Rows. Part C: patterns, matched in linear time (issue 13)


def pattern_schema(directory, pattern):
    schema = (
        "streams:\n  S: {item: M}\ntypes:\n  M:\n    fields:\n"
        "      text: {type: string, pattern: '%s'}\n" % pattern
    )
    return write(directory, "pattern.yaml", schema)


def pattern_stream(directory, text):
    return write(directory, "pattern.bin", frame(3, '{"text":"%s"}' % text))


@row("validate: pattern '^(a+)+$' on 30 'a' then '!'")
def pattern_nested_plus(directory):
    schema = pattern_schema(directory, "^(a+)+$")
    return ["validate", schema, pattern_stream(directory, "a" * 30 + "!")]


@row("validate: pattern '[a-z]+$' on 200,000 'a' then '!'")
def pattern_unanchored_tail(directory):
    schema = pattern_schema(directory, "[a-z]+$")
    return ["validate", schema, pattern_stream(directory, "a" * 200_000 + "!")]


@row("validate: pattern '(a|aa)*b' on 1,000,000 'a'")
def pattern_alternation(directory):
    schema = pattern_schema(directory, "(a|aa)*b")
    return ["validate", schema, pattern_stream(directory, "a" * 1_000_000)]


@row("check: pattern with a backreference '(a)\\1'")
def pattern_backreference(directory):
    return ["check", pattern_schema(directory, "(a)\\1")]


# MARK: Rows. Part D: integers beyond 64 bits (issue 13)


@row("dump: 10^20 in a float map and a 30-digit integer in a json field")
def big_integers(directory):
    event = (
        '{"at":"2026-11-24T10:00:00Z","stage":"queued","done":0,'
        '"metrics":{"m":100000000000000000000},'
        '"details":{"big":-123456789012345678901234567890}}'
    )
    stream = write(directory, "big.bin", frame(3, event) + frame(4, '{"status":"failed"}'))
    return ["dump", JOB_PROGRESS, stream, "--stream", "JobProgress"]


@row("validate: a 1,000,000-digit integer in an int field")
def huge_integer(directory):
    event = '{"at":"2026-11-24T10:00:00Z","stage":"queued","done":%s}' % ("9" * 1_000_000)
    stream = write(directory, "huge.bin", frame(3, event))
    return ["validate", JOB_PROGRESS, stream, "--stream", "JobProgress"]


# MARK: Running


def run(arguments, stdin, timeout):
    start = time.monotonic()
    try:
        completed = subprocess.run(
            [str(BINARY)] + arguments,
            input=stdin or b"",
            capture_output=True,
            cwd=REPO,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as expired:
        return time.monotonic() - start, "timeout", expired.stderr or b""
    elapsed = time.monotonic() - start
    output = completed.stderr.strip() or completed.stdout.strip()
    return elapsed, completed.returncode, output


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("filter", nargs="?", default="")
    options = parser.parse_args()

    if not options.skip_build:
        subprocess.run(
            ["swift", "build", "-c", "release", "--scratch-path", str(SCRATCH),
             "--product", "streamtypes"],
            cwd=REPO,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if not os.access(BINARY, os.X_OK):
        sys.exit("no release build at %s; run without --skip-build" % BINARY)

    print("%-72s %9s %7s  %s" % ("input", "wall", "exit", "first line of output"))
    with tempfile.TemporaryDirectory(prefix="streamtypes-hostile-") as temporary:
        for name, make in ROWS:
            if options.filter not in name:
                continue
            directory = pathlib.Path(temporary) / str(len(os.listdir(temporary)))
            directory.mkdir()
            made = make(directory)
            arguments, stdin = made if isinstance(made, tuple) else (made, None)
            elapsed, status, output = run(arguments, stdin, options.timeout)
            line = output.decode(errors="replace").splitlines()[0] if output else "(none)"
            line = line.replace(str(directory) + "/", "")
            if len(line) > 230:
                line = line[:227] + "..."
            print("%-72s %8.2fs %7s  %s" % (name, elapsed, status, line), flush=True)


if __name__ == "__main__":
    main()
