#!/usr/bin/env python3
"""`mypy --strict` with the pydantic plugin over generated Python modules.

Usage: python_mypy.py FILE_OR_DIR...; exits with mypy's status. Needs mypy
(`python3 -m pip install mypy`); without it, says so and exits 2.
"""

import os
import subprocess
import sys
import tempfile

CONFIG = "[mypy]\nplugins = pydantic.mypy\nstrict = True\n\n[pydantic-mypy]\ninit_typed = True\n"


def main() -> int:
    try:
        import mypy  # noqa: F401
    except ImportError:
        print("mypy is not installed: python3 -m pip install mypy", file=sys.stderr)
        return 2
    files = []
    for path in sys.argv[1:]:
        if os.path.isdir(path):
            files += sorted(
                os.path.join(path, name) for name in os.listdir(path) if name.endswith(".py")
            )
        else:
            files.append(path)
    with tempfile.TemporaryDirectory() as scratch:
        config = os.path.join(scratch, "mypy.ini")
        with open(config, "w") as handle:
            handle.write(CONFIG)
        command = [sys.executable, "-m", "mypy", "--config-file", config,
                   "--cache-dir", os.path.join(scratch, "cache"), *files]
        return subprocess.run(command).returncode


if __name__ == "__main__":
    sys.exit(main())
