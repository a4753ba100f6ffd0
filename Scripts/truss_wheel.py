"""The truss wheel from PyPI (`pip download --no-deps truss`), downloaded once into a cache
folder, and the reference files taken from it: never committed, fetched where they are used."""

import os
import pathlib
import subprocess
import sys
import tempfile
import zipfile

CACHE = pathlib.Path(os.environ.get("STREAMTYPES_TRUSS_CACHE", pathlib.Path(tempfile.gettempdir()) / "streamtypes-truss"))


def truss_module_file(member, name):
    """The file `member` of the truss wheel, extracted once to CACHE/name; the wheel is
    downloaded from PyPI the first time any of its files is needed."""
    module_path = CACHE / name
    if not module_path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        wheels = sorted(CACHE.glob("truss-*.whl"))
        if not wheels:
            download = subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "truss", "-d", str(CACHE)],
                capture_output=True, text=True)
            wheels = sorted(CACHE.glob("truss-*.whl"))
            if download.returncode != 0 or not wheels:
                sys.exit(f"error: could not download the truss wheel from PyPI:\n{download.stderr}")
        with zipfile.ZipFile(wheels[-1]) as wheel:
            module_path.write_bytes(wheel.read(member))
    return module_path
