#!/usr/bin/env python3
"""Interop of StreamTypes' `ndarray` and `bytes` with the Python reference.

`ndarray` is Truss Chains' `truss_chains.pydantic_numpy.NumpyArrayField`, read from the
`truss` wheel on PyPI (downloaded without dependencies into the same throwaway cache as
Scripts/truss_interop.py, never into the repository; numpy comes from PyPI). `bytes` is a
pydantic 2 model field under `ser_json_bytes="base64"` and `val_json_bytes="base64"`.

    ndarray_interop.py cases   Prints a JSON object: "ndarrays", each the JSON pydantic
                               writes for a model {"x": NumpyArrayField} with its dtype,
                               shape and elements (floats as bit patterns); "bytes", each
                               the JSON pydantic writes for {"b": bytes} with the bytes in
                               hex; "base64", texts pydantic reads as `bytes` (chosen ones,
                               then every text of up to 5 characters over "AQR+-_/="), each
                               with whether it accepts it and the bytes (hex) when it does.
    ndarray_interop.py check   Reads {"ndarrays": [JSON], "bytes": [JSON]} on stdin: the
                               JSON Swift wrote for each case, in the order `cases` printed
                               them. Validates each with pydantic: exit 0 when every one
                               gives the case's values, 1 otherwise (the differences on
                               stdout).
    ndarray_interop.py bench N Prints MB/s of pydantic reading and writing a model holding
                               an ndarray of N float32 (see Benchmarks/run.py).
Exit status 2: setup failed.
"""

import importlib.util
import json
import pathlib
import subprocess
import sys
import time

import pydantic

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from truss_wheel import truss_module_file  # noqa: E402


def setup():
    """numpy (installed from PyPI when missing) and NumpyArrayField from the truss wheel."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "numpy"],
                                 capture_output=True, text=True)
        if install.returncode != 0:
            print(f"error: could not install numpy:\n{install.stderr}", file=sys.stderr)
            sys.exit(2)
    module_path = truss_module_file("truss_chains/pydantic_numpy.py", "truss_chains_pydantic_numpy.py")
    spec = importlib.util.spec_from_file_location("truss_chains_pydantic_numpy", module_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.NumpyArrayField


NumpyArrayField = setup()
import numpy as np  # noqa: E402


class ArrayModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(arbitrary_types_allowed=True)
    x: NumpyArrayField


class BytesModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")
    b: bytes


DTYPES = ["float32", "float64", "int8", "int16", "int32", "int64",
          "uint8", "uint16", "uint32", "uint64", "bool"]
SHAPES = [[0], [0, 3], [], [1], [5], [2, 3], [2, 3, 4], [1, 1, 2, 2]]
BITS = {"float32": np.uint32, "float64": np.uint64}


def sample(dtype: str, shape: list[int], seed: int):
    """Elements that reach the extremes of the dtype: for floats NaNs with payloads, -0.0,
    infinities and subnormals besides ordinary values."""
    count = int(np.prod(shape)) if shape else 1
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return rng.integers(0, 2, count).astype(np.bool_).reshape(shape)
    if dtype in BITS:
        kind = np.dtype(dtype)
        values = rng.standard_normal(count).astype(kind) * 1000
        specials = np.array([np.nan, -0.0, np.inf, -np.inf, np.finfo(kind).tiny / 2, np.finfo(kind).max], dtype=kind)
        values[:min(count, len(specials))] = specials[:count]
        if count > len(specials):
            # A NaN with a payload and its sign bit set.
            bits = values.view(BITS[dtype])
            bits[len(specials)] = (~BITS[dtype](0)) ^ BITS[dtype](1 << 3)
        return values.reshape(shape)
    info = np.iinfo(dtype)
    values = rng.integers(info.min, info.max, count, dtype=dtype, endpoint=True)
    values[:min(count, 2)] = np.array([info.min, info.max], dtype=dtype)[:count]
    return values.reshape(shape)


def elements(array) -> list:
    flat = array.reshape(-1)
    if str(array.dtype) in BITS:
        return flat.view(BITS[str(array.dtype)]).tolist()
    return flat.tolist()


# Texts read as `bytes`: both alphabets, every padding length, and every kind of mistake.
BASE64_TEXTS = [
    "", "QQ", "QQ=", "QQ==", "QQ===", "QUI", "QUI=", "QUI==", "QUJD", "QUJD=", "Q", "Q=", "QUJDR",
    "+/+/", "-_-_", "+_-/", "-_+/", "a+b-", "Pz8/", "Pz8_", "QUJD-A==", "QUJD+A", "QQ==QQ==", "QQ=Q",
    "=QUI", "=", "==", "QUJD\nRA==", "QU JD", " QUJD", "QUJD\t", "QUJD*", "QUJDé", "QU\u0000JD",
    "QR==", "QR", "QUJ", "QUJ=", "AB", "AAB=", "AQ==", "QQ==\n", "QUJDRA====", "Q\\UJD", "QUJ\u2028D",
]


def all_cases():
    ndarrays = []
    for index, dtype in enumerate(DTYPES):
        for shape_index, shape in enumerate(SHAPES):
            array = sample(dtype, shape, index * 100 + shape_index)
            text = ArrayModel(x=NumpyArrayField(array)).model_dump_json()
            ndarrays.append({"dtype": dtype, "shape": shape, "json": text, "elements": elements(array)})
    byte_cases = []
    for length in list(range(0, 9)) + [255, 256, 257]:
        data = bytes((i * 37 + 250) % 256 for i in range(length))
        byte_cases.append({"hex": data.hex(), "json": BytesModel(b=data).model_dump_json()})
    return ndarrays, byte_cases


def exhaustive_texts():
    """Every text of up to 5 characters over symbols of both alphabets, padding, and a
    character with low bits set (R): each rule of padding, alphabets and unused bits."""
    texts = [""]
    layer = [""]
    for _ in range(5):
        layer = [text + symbol for text in layer for symbol in "AQR+-_/="]
        texts += layer
    return texts


def cases():
    ndarrays, byte_cases = all_cases()
    readings = []
    for text in BASE64_TEXTS + exhaustive_texts():
        try:
            value = BytesModel.model_validate_json(json.dumps({"b": text}))
            readings.append({"text": text, "accepted": True, "hex": value.b.hex()})
        except pydantic.ValidationError:
            readings.append({"text": text, "accepted": False})
    json.dump({"ndarrays": ndarrays, "bytes": byte_cases, "base64": readings}, sys.stdout)


def check() -> int:
    """Swift's JSON for every case, in the order `cases` printed them."""
    written = json.load(sys.stdin)
    ndarrays, byte_cases = all_cases()
    failures = 0
    if len(written["ndarrays"]) != len(ndarrays) or len(written["bytes"]) != len(byte_cases):
        print("error: not one JSON text per case", file=sys.stderr)
        return 1
    for case, text in zip(ndarrays, written["ndarrays"]):
        try:
            array = ArrayModel.model_validate_json(text).x.array
        except pydantic.ValidationError as error:
            print(f"{text[:200]}: pydantic rejects it: {error}")
            failures += 1
            continue
        if str(array.dtype) != case["dtype"] or list(array.shape) != case["shape"] \
                or elements(array) != case["elements"]:
            print(f"{text[:200]}: read {array.dtype} {array.shape}, expected "
                  f"{case['dtype']} {case['shape']} with other elements")
            failures += 1
    for case, text in zip(byte_cases, written["bytes"]):
        try:
            value = BytesModel.model_validate_json(text).b
        except pydantic.ValidationError as error:
            print(f"{text[:200]}: pydantic rejects it: {error}")
            failures += 1
            continue
        if value.hex() != case["hex"]:
            print(f"{text[:200]}: read {value.hex()}, expected {case['hex']}")
            failures += 1
    print(f"{len(ndarrays)} arrays and {len(byte_cases)} byte strings checked, {failures} differ")
    return 1 if failures else 0


def bench(count: int):
    """pydantic's reading and writing of {"x": NumpyArrayField} with `count` float32s, in MB/s
    of JSON; the best of several rounds."""
    array = np.random.default_rng(1).standard_normal(count).astype(np.float32)
    model = ArrayModel(x=NumpyArrayField(array))
    text = model.model_dump_json()
    size = len(text)

    def best(body):
        rounds = max(1, int(20_000_000 / size))
        times = []
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(rounds):
                body()
            times.append((time.perf_counter() - start) / rounds)
        return size / min(times) / 1e6

    print(json.dumps({"json_bytes": size,
                      "decode_mb_s": best(lambda: ArrayModel.model_validate_json(text)),
                      "encode_mb_s": best(lambda: model.model_dump_json())}))


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "cases":
        cases()
    elif len(sys.argv) >= 2 and sys.argv[1] == "check":
        sys.exit(check())
    elif len(sys.argv) == 3 and sys.argv[1] == "bench":
        bench(int(sys.argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
