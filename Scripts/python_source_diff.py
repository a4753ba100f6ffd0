#!/usr/bin/env python3
"""Holds `streamtypes diff`'s Python source verdicts to mypy, over the diff corpus.

For each case (a directory with old.yaml and new.yaml), both versions are generated as
Python, and a client of the OLD module is written from the old module's own code: for every
model it reads each field into a variable of the field's old type, builds the model from
all its fields and from its required fields only; it lists every enum member, puts each
union member into its union, names every root model and calls every stream's function.
`mypy --strict` (pydantic plugin, typed `__init__`) must accept that client against the
old module (a control), and against the new module exactly when `diff` says no finding
breaks Python source.

usage: python_source_diff.py STREAMTYPES CASES_DIR [CASE...]
Prints one line per case and a summary; exit 0 when every verdict holds.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

MYPY_CONFIG = "[mypy]\nplugins = pydantic.mypy\nstrict = True\n\n[pydantic-mypy]\ninit_typed = True\n"


def is_model(node: ast.ClassDef) -> bool:
    return any(ast.unparse(base) == "pydantic.BaseModel" for base in node.bases)


def is_enum(node: ast.ClassDef) -> bool:
    return any("enum.Enum" in ast.unparse(base) for base in node.bases)


def is_root(node: ast.ClassDef) -> bool:
    return any(ast.unparse(base).startswith("pydantic.RootModel") for base in node.bases)


def has_default(node: ast.AnnAssign) -> bool:
    value = node.value
    if value is None:
        return False
    if isinstance(value, ast.Call) and ast.unparse(value.func) == "pydantic.Field":
        if value.args:
            return not (isinstance(value.args[0], ast.Constant) and value.args[0].value is Ellipsis)
        return any(k.arg in ("default", "default_factory") for k in value.keywords)
    return True


def union_members(value: ast.expr) -> list[str]:
    """The member classes of a generated union alias: `Annotated[Member, Tag(...)]` items."""
    text = ast.unparse(value)
    if "typing.Union[" not in text:
        return []
    return re.findall(r"typing\.Annotated\[(\w+), pydantic\.Tag\(", text)


def client(old_source: str, package: str, old_package: str) -> str:
    """A client of the module `package`.schema_streamtypes written from the old module."""
    tree = ast.parse(old_source)
    public: list[str] = []
    helpers: list[str] = []
    body: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            public.append(node.name)
            if is_enum(node):
                members = [
                    t.id
                    for item in node.body
                    if isinstance(item, ast.Assign)
                    for t in item.targets
                    if isinstance(t, ast.Name)
                ]
                listed = ", ".join(f"{node.name}.{m}" for m in members)
                body.append(f"def members_{node.name}() -> list[{node.name}]:\n    return [{listed}]\n")
            elif is_root(node):
                body.append(f"def use_{node.name}(value: {node.name}) -> None:\n    pass\n")
            elif is_model(node):
                fields = [
                    item
                    for item in node.body
                    if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
                ]
                reads = [f"    v_{f.target.id}: {ast.unparse(f.annotation)} = m.{f.target.id}" for f in fields]  # type: ignore[union-attr]
                body.append(f"def read_{node.name}(m: {node.name}) -> None:\n" + "\n".join(reads or ["    pass"]) + "\n")
                # Constants (Literal fields) are left to their defaults, as Swift's initializers do.
                settable = [f for f in fields if "typing.Literal[" not in ast.unparse(f.annotation)]
                for label, chosen in (("all", settable), ("required", [f for f in settable if not has_default(f)])):
                    params = ", ".join(f"{f.target.id}: {ast.unparse(f.annotation)}" for f in chosen)  # type: ignore[union-attr]
                    args = ", ".join(f"{f.target.id}={f.target.id}" for f in chosen)  # type: ignore[union-attr]
                    body.append(f"def make_{label}_{node.name}({params}) -> {node.name}:\n    return {node.name}({args})\n")
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            (helpers if name.startswith("_") else public).append(name)
            for member in union_members(node.value):
                body.append(f"def to_{name}_{member}(m: {member}) -> {name}:\n    return m\n")
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            (helpers if node.target.id.startswith("_") else public).append(node.target.id)
        elif isinstance(node, ast.FunctionDef):
            if node.name.startswith("_"):
                helpers.append(node.name)
            else:
                public.append(node.name)
                if node.name.endswith("_stream_types"):
                    body.append(f"def call_{node.name}() -> object:\n    return {node.name}()\n")
    lines = [
        "from __future__ import annotations",
        "import datetime, enum, typing",
        "import pydantic",
    ]
    # Type aliases such as _Int64 come from the old module in both checks: they are the
    # spelling of a wire type, not part of what a client names.
    if helpers:
        lines.append(f"from {old_package}.schema_streamtypes import {', '.join(helpers)}")
    if public:
        lines.append(f"from {package}.schema_streamtypes import {', '.join(public)}")
    return "\n".join(lines) + "\n\n\n" + "\n\n".join(body)


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    streamtypes, cases_dir = sys.argv[1], sys.argv[2]
    names = sys.argv[3:] or sorted(
        n for n in os.listdir(cases_dir) if os.path.isfile(os.path.join(cases_dir, n, "old.yaml"))
    )
    work = tempfile.mkdtemp(prefix="streamtypes-source-diff-")
    expected: dict[str, bool] = {}
    try:
        for index, name in enumerate(names):
            case = os.path.join(cases_dir, name)
            report = subprocess.run(
                [streamtypes, "diff", os.path.join(case, "old.yaml"), os.path.join(case, "new.yaml"), "--json"],
                capture_output=True,
                text=True,
            )
            if report.returncode == 2:
                print(f"FAIL {name}: diff failed: {report.stderr.strip()}")
                return 1
            findings = json.loads(report.stdout)["findings"]
            expected[name] = any(f["source"]["python"] == "breaks" for f in findings)
            for version in ("old", "new"):
                package = os.path.join(work, f"case{index}_{version}")
                os.makedirs(package)
                open(os.path.join(package, "__init__.py"), "w").close()
                shutil.copy(os.path.join(case, f"{version}.yaml"), os.path.join(package, "schema.yaml"))
                subprocess.run(
                    [streamtypes, "generate", os.path.join(package, "schema.yaml"), "--output", package, "--language", "python"],
                    check=True,
                    capture_output=True,
                )
            old_source = open(os.path.join(work, f"case{index}_old", "schema_streamtypes.py")).read()
            for version in ("old", "new"):
                with open(os.path.join(work, f"check{index}_{version}.py"), "w") as out:
                    out.write(client(old_source, f"case{index}_{version}", f"case{index}_old"))
        with open(os.path.join(work, "mypy.ini"), "w") as config:
            config.write(MYPY_CONFIG)
        checks = sorted(n for n in os.listdir(work) if n.startswith("check"))
        run = subprocess.run(
            [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--no-error-summary", *checks],
            cwd=work,
            capture_output=True,
            text=True,
        )
        errors: dict[str, list[str]] = {}
        for line in run.stdout.splitlines():
            match = re.match(r"(check\d+_\w+)\.py:\d+: error: ", line)
            if match:
                errors.setdefault(match.group(1), []).append(line)
            elif ": error:" in line:
                print(f"FAIL: mypy reports an error outside the clients: {line}")
                return 1
        failures = 0
        for index, name in enumerate(names):
            control = errors.get(f"check{index}_old", [])
            broken = errors.get(f"check{index}_new", [])
            said = "breaks" if expected[name] else "compatible"
            if control:
                failures += 1
                print(f"FAIL {name}: the client does not type-check against the OLD module: {control[0]}")
            elif bool(broken) != expected[name]:
                failures += 1
                found = broken[0] if broken else "mypy accepts the client"
                print(f"FAIL {name}: diff says Python source {said}; {found}")
            else:
                detail = f" ({broken[0].split(': error: ', 1)[1]})" if broken else ""
                print(f"ok   {name}: Python source {said}{detail}")
        print(f"{len(names) - failures} of {len(names)} cases: diff's Python source verdict holds under mypy --strict")
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
