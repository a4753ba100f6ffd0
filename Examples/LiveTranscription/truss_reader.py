#!/usr/bin/env python3
"""Reads transcription-server's framed stream with the Python reference reader.

    truss_reader.py URL

GETs URL (a /transcribe URL of transcription-server) with `requests`, streaming, and feeds
the body to `truss_chains.streaming`'s StreamReader through an async generator, with the
pydantic models that `streamtypes generate --language python` writes from the server's own
schema, Sources/TranscriptionAPI/Transcription.yaml (into a scratch folder, with the
streamtypes executable of $STREAMTYPES or the repository's .build/debug/streamtypes). Prints
each segment as it arrives, checks the order and counts, and checks that the Python writer
encodes the values read to exactly the bytes received (the Swift writer writes what
pydantic writes). The reference module comes from Scripts/truss_interop.py's
load_streaming() in the StreamTypes repository.

Exit status: 0 the stream is good, 1 it is not, 2 setup failed.
"""

import asyncio
import importlib.util
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import requests

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "Scripts"))
sys.dont_write_bytecode = True  # leave no __pycache__ in the repository's Scripts/
import truss_interop  # noqa: E402  (found through the path above)


def generated_module():
    """The module generated from the server's schema: one source of truth with the server."""
    executable = os.environ.get("STREAMTYPES", str(REPO / ".build" / "debug" / "streamtypes"))
    schema = pathlib.Path(__file__).resolve().parent / "Sources" / "TranscriptionAPI" / "Transcription.yaml"
    output = tempfile.mkdtemp(prefix="truss-reader-")
    subprocess.run([executable, "generate", str(schema), "--output", output, "--language", "python"],
                   check=True)
    # Under a name of its own: Scripts/truss_interop.py imports Generated/Python's module of
    # the same file name (from the repository's Schemas/Transcription.yaml).
    name = "live_transcription_streamtypes"
    spec = importlib.util.spec_from_file_location(name, os.path.join(output, "transcription_streamtypes.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


async def body_chunks(response: requests.Response, received: bytearray):
    """The response body as an async iterator of chunks, as they arrive (read in a thread,
    so the event loop is not blocked), keeping a copy of the bytes in `received`."""
    chunks = response.iter_content(chunk_size=1024)
    while True:
        chunk = await asyncio.to_thread(next, chunks, None)
        if chunk is None:
            return
        received.extend(chunk)
        yield chunk


async def read(streaming, url: str) -> str:
    start = time.monotonic()

    def log(message: str) -> None:
        print(f"+{time.monotonic() - start:.3f}s {message}", flush=True)

    types = generated_module().transcription_stream_types()
    with requests.get(url, stream=True, timeout=(5, 60),
                      headers={"Accept": "application/octet-stream"}) as response:
        content_type = response.headers.get("Content-Type", "none")
        log(f"HTTP {response.status_code}, Content-Type {content_type}")
        if response.status_code != 200 or content_type != "application/octet-stream":
            raise ValueError(f"HTTP {response.status_code}, Content-Type {content_type}")
        received = bytearray()
        reader = streaming.stream_reader(types, body_chunks(response, received))
        header = await reader.read_header()
        log(f"header: session {header.session}, model {header.model}, "
            f"{header.segments} segments")
        items = []
        async for segment in reader.read_items():
            log(f"item {segment.id} (produced {segment.produced_at.time()}): {segment.text}")
            if segment.id != len(items):
                raise ValueError(f"item {len(items)} has id {segment.id}: out of order")
            items.append(segment)
        footer = await reader.read_footer()
        log(f"footer: {footer.segments} segments, {footer.duration_sec} s of audio")
        if not header.segments == len(items) == footer.segments:
            raise ValueError(f"{len(items)} items; the header announced {header.segments}, "
                             f"the footer says {footer.segments}")

    # The Python writer must give back the very bytes the Swift server sent.
    writer = streaming.stream_writer(types)
    parts = [writer.yield_header(header)]
    parts.extend(writer.yield_item(item) for item in items)
    parts.append(writer.yield_footer(footer))
    encoded = b"".join(bytes(part) for part in parts)
    if encoded != bytes(received):
        mismatch = next((i for i, (a, b) in enumerate(zip(encoded, received)) if a != b),
                        min(len(encoded), len(received)))
        raise ValueError(f"the Python writer encodes the values read to {len(encoded)} bytes, "
                         f"the server sent {len(received)}; they differ from byte {mismatch}")
    return (f"python reference read session {header.session}: header, {len(items)} items in "
            f"order, footer; {len(received)} bytes, the same bytes as the Python writer's")


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        streaming = truss_interop.load_streaming()
        # The generated module imports truss_chains.streaming by name.
        sys.modules.setdefault("truss_chains", type(sys)("truss_chains"))
        sys.modules["truss_chains.streaming"] = streaming
    except SystemExit as error:
        print(f"setup failed: {error}", file=sys.stderr)
        return 2
    try:
        print("ok: " + asyncio.run(read(streaming, sys.argv[1])))
    except Exception as error:  # noqa: BLE001 - report any failure of the reference reader
        print(f"FAIL: {error!r}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
