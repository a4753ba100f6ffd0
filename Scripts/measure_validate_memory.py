#!/usr/bin/env python3
"""Peak memory of `streamtypes validate` on long streams (issue: bounded memory).

Generates framed Transcription segments (about 350 bytes of JSON each, the spec's
Segment/Word shape) on the fly and pipes them into `streamtypes validate - --stream
TranscriptionSegments`, so no stream touches the disk. Runs a 1x and a 10x length and
prints, for each, the bytes, time, throughput and the validator's peak resident memory
(GNU time's maximum resident set size). Fails when a run is invalid or its peak passes the bound.

    measure_validate_memory.py [--binary PATH] [--gib SIZE_OF_10X_RUN] [--bound-mib 64]
"""

import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def segment_frame(index: int) -> bytes:
    words = [{"word": w, "start": index + k * 0.2, "end": index + k * 0.2 + 0.15, "confidence": 0.9}
             for k, w in enumerate(["the", "quick", "brown", "fox"])]
    payload = json.dumps({"id": index, "start": float(index), "end": index + 0.9,
                          "text": "the quick brown fox", "speaker": "agent", "words": words,
                          "tags": {"lang": "en"}}, separators=(",", ":")).encode()
    return struct.pack(">BI", 3, len(payload)) + payload


def run(binary: str, total_bytes: int) -> dict:
    block = b"".join(segment_frame(i) for i in range(2000))
    repeats = max(1, total_bytes // len(block))
    peak_file = tempfile.NamedTemporaryFile("r")
    start = time.monotonic()
    # GNU time starts validate from its own small process, so the peak is validate's alone.
    process = subprocess.Popen(
        ["/usr/bin/time", "-f", "%M", "-o", peak_file.name,
         binary, "validate", os.path.join(ROOT, "Schemas"), "-", "--stream", "TranscriptionSegments"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(repeats):
            process.stdin.write(block)
    except BrokenPipeError:
        pass
    try:
        process.stdin.close()
    except BrokenPipeError:
        pass
    out = process.stdout.read()
    err = process.stderr.read()
    process.wait()
    seconds = time.monotonic() - start
    peak_kib = int(peak_file.read().split()[-1])
    peak_file.close()
    if process.returncode != 0:
        sys.exit(f"validate failed ({process.returncode}): {err.decode()[:2000]}")
    sent = repeats * len(block)
    return {"bytes": sent, "seconds": seconds, "peak_mib": peak_kib / 1024,
            "summary": out.decode().strip()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "streamtypes"))
    parser.add_argument("--gib", type=float, default=2.0, help="size of the 10x run in GiB")
    parser.add_argument("--bound-mib", type=float, default=64)
    args = parser.parse_args()
    big = int(args.gib * (1 << 30))
    results = [("1x", run(args.binary, big // 10)), ("10x", run(args.binary, big))]
    print(f"{'run':<5} {'bytes':>14} {'seconds':>9} {'MB/s':>8} {'peak RSS MiB':>13}")
    for name, r in results:
        print(f"{name:<5} {r['bytes']:>14,} {r['seconds']:>9.1f} {r['bytes'] / r['seconds'] / 1e6:>8.1f} "
              f"{r['peak_mib']:>13.1f}")
    print(f"validate said: {results[-1][1]['summary']}")
    peak = results[-1][1]["peak_mib"]
    if peak >= args.bound_mib:
        sys.exit(f"FAIL: peak memory {peak:.1f} MiB is not under {args.bound_mib} MiB")
    print(f"ok: peak {peak:.1f} MiB < {args.bound_mib} MiB for {results[-1][1]['bytes'] / (1 << 30):.2f} GiB")


if __name__ == "__main__":
    main()
