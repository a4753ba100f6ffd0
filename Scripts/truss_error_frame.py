#!/usr/bin/env python3
"""Reads a framed stream with the Python reference reader (truss_chains.streaming), to show
what a Python consumer makes of a StreamTypes stream that ends in an error frame (kind 6).

    truss_error_frame.py FILE

The reader is given permissive pydantic models (any object) for the header and the items,
so that only the framing decides. Prints what it read, then either `read: N items, no
error` (exit 0) or `failed: <the exception>` (exit 1). Truss's reader does not know kind 6
and raises on it: a Python consumer fails loudly instead of taking a failed stream for a
short one.
"""

import asyncio
import pathlib
import sys

import pydantic

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from truss_interop import load_streaming  # noqa: E402


class AnyObject(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow")


async def chunks(data: bytes):
    yield data


async def read(streaming, data: bytes):
    types = streaming.stream_types(AnyObject, header_type=AnyObject)
    reader = streaming.stream_reader(types, chunks(data))
    await reader.read_header()
    return [item async for item in reader.read_items()]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    streaming = load_streaming()
    data = pathlib.Path(sys.argv[1]).read_bytes()
    try:
        items = asyncio.run(read(streaming, data))
    except Exception as error:  # noqa: BLE001 - the point is to show the failure
        print(f"failed: {type(error).__name__}: {error}")
        return 1
    print(f"read: {len(items)} items, no error")
    return 0


if __name__ == "__main__":
    sys.exit(main())
