#!/usr/bin/env python3
"""Reads transcription-server's framed stream with the Python reference reader.

    truss_reader.py URL

GETs URL (a /transcribe URL of transcription-server) with `requests`, streaming, and feeds
the body to `truss_chains.streaming`'s StreamReader through an async generator, with the
pydantic models below (equivalent to Sources/TranscriptionAPI/Transcription.yaml). Prints
each segment as it arrives, checks the order and counts, and checks that the Python writer
encodes the values read to exactly the bytes received (the Swift writer writes what
pydantic writes). The reference module comes from Scripts/truss_interop.py's
load_streaming() in the StreamTypes repository.

Exit status: 0 the stream is good, 1 it is not, 2 setup failed.
"""

import asyncio
import datetime
import pathlib
import sys
import time
from typing import Optional

import pydantic
import requests

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "Scripts"))
sys.dont_write_bytecode = True  # leave no __pycache__ in the repository's Scripts/
import truss_interop  # noqa: E402  (found through the path above)


class TranscriptionHeader(pydantic.BaseModel):
    session: str = pydantic.Field(min_length=1)
    model: str
    language: Optional[str] = None
    sample_rate: int = pydantic.Field(ge=8000)
    segments: int = pydantic.Field(ge=0)


# Speaker and Word are the same as in Schemas/Transcription.yaml.
Speaker = truss_interop.Speaker
Word = truss_interop.Word


class Segment(pydantic.BaseModel):
    id: int = pydantic.Field(ge=0)
    start: float = pydantic.Field(ge=0)
    end: float
    text: str
    speaker: Optional[Speaker] = None
    words: list[Word]
    tags: dict[str, str] = {}
    produced_at: datetime.datetime


class TranscriptionSummary(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    duration_sec: float
    languages: list[str]
    segments: int
    finished_at: datetime.datetime


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

    types = streaming.stream_types(
        Segment, header_type=TranscriptionHeader, footer_type=TranscriptionSummary)
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
