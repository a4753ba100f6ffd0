#!/usr/bin/env bash
# The platform check: the package builds for iOS 15, macOS 12, tvOS 15, watchOS 8 and
# visionOS 1 (Package.swift), yet CI builds on Linux, where nothing checks availability.
# This script fails when
#   - the runtime (Sources/StreamTypes) imports a module other than Foundation, or the
#     generated code (Generated/, and the imports the emitter writes in
#     Sources/StreamTypesCompiler/Emit) one other than Foundation and StreamTypes;
#   - any target (Sources/, Plugins/, Tests/, Generated/) uses an API of the deny-list
#     Scripts/platform-apis.txt, which needs a newer Apple OS than the floors.
# Before the check it runs its self-check (every deny-list entry's sample and a forbidden
# import, planted in a scratch copy, must fail; comments and allowed lines must pass) and,
# where the toolchain ships .swiftinterface files (Linux toolchains do), an audit that each
# entry's declaration still needs a macOS newer than 12.
#
# Usage: bash Scripts/check_platform_apis.sh [--no-self-check]
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT_INTERFACES=""
if command -v swift >/dev/null; then
  toolchain="$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")"
  for candidate in "$toolchain/lib/swift/linux" "$toolchain/lib/swift/macosx"; do
    if [ -d "$candidate/Swift.swiftmodule" ]; then SWIFT_INTERFACES="$candidate"; fi
  done
fi
export SWIFT_INTERFACES

exec python3 - "$@" <<'PY'
import os, re, shutil, sys, tempfile

ROOT = os.getcwd()
LIST = os.path.join(ROOT, "Scripts", "platform-apis.txt")
# What the runtime and the generated code may import. Foundation is on every Apple OS and
# on Linux; nothing else is needed.
RUNTIME_MODULES = {"Foundation"}
GENERATED_MODULES = {"Foundation", "StreamTypes"}
# Every target is built for the floors, so the deny-list applies to all of them. The
# examples and the fuzzing package are packages of their own, with their own platforms.
DENY_SCOPES = ["Sources", "Plugins", "Tests", "Generated"]
ALLOWED_MARK = "platform-apis: allowed"
MACOS_FLOOR = (12, 0)

IMPORT = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:public\s+|internal\s+|package\s+|private\s+)?"
    r"import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][\w]*)"
)
CONTAINS_STRING = re.compile(r'\.contains\(\s*"(?:[^"\\]|\\.){2,}"')
# An import line the emitter writes: `out.line("@_spi(Generated) import StreamTypes")`.
EMITTED_IMPORT = re.compile(r'"(?:@\w+(?:\([^)]*\))?\s+)*import\s+([A-Za-z_]\w*)')


def load_entries(path):
    entries = []
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            sys.exit(f"{path}:{number}: expected 4 TAB-separated fields, found {len(fields)}")
        pattern, sample, why, declaration = fields
        entries.append({
            "line": number, "regex": re.compile(pattern), "pattern": pattern,
            "sample": sample, "why": why, "declaration": declaration,
        })
    return entries


def code_lines(path):
    """(number, code) for each line, without comments; string contents are kept, since
    the emitter's templates are strings."""
    in_block = False
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        if ALLOWED_MARK in line:
            continue
        code, i, in_string = [], 0, False
        while i < len(line):
            if in_block:
                end = line.find("*/", i)
                if end < 0:
                    i = len(line)
                    break
                in_block, i = False, end + 2
                continue
            c = line[i]
            if in_string:
                code.append(c)
                if c == "\\":
                    code.append(line[i + 1:i + 2])
                    i += 2
                    continue
                if c == '"':
                    in_string = False
                i += 1
                continue
            if line.startswith("//", i):
                break
            if line.startswith("/*", i):
                in_block, i = True, i + 2
                continue
            if c == '"':
                in_string = True
            code.append(c)
            i += 1
        text = "".join(code)
        if text.strip():
            yield number, text


def swift_files(root, relative):
    base = os.path.join(root, relative)
    if os.path.isfile(base):
        yield base
        return
    for directory, subdirectories, files in os.walk(base):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".swift"):
                yield os.path.join(directory, name)


def target_of(root, path):
    """`Sources/StreamTypes` for a file in it: the first two path components."""
    return "/".join(os.path.relpath(path, root).split(os.sep)[:2])


def check(root, entries, quiet=False):
    """The problems found under `root`, as `path:line: text` strings."""
    problems = []

    def say(text):
        if not quiet:
            print(text, flush=True)

    def rel(path):
        return os.path.relpath(path, root)

    # 1. Imports of the runtime and of the generated code.
    for scope, allowed in [("Sources/StreamTypes", RUNTIME_MODULES),
                           ("Generated", GENERATED_MODULES)]:
        files = list(swift_files(root, scope))
        say(f"imports: {len(files)} files in {scope}, allowed: {', '.join(sorted(allowed))}")
        for path in files:
            for number, code in code_lines(path):
                match = IMPORT.match(code)
                if match and match.group(1) not in allowed:
                    problems.append(f"{rel(path)}:{number}: imports {match.group(1)}; "
                                    f"{scope} may import only {', '.join(sorted(allowed))}")
    templates = list(swift_files(root, "Sources/StreamTypesCompiler/Emit"))
    say(f"imports: {len(templates)} emitter files, for the imports they write")
    for path in templates:
        for number, code in code_lines(path):
            for module in EMITTED_IMPORT.findall(code):
                if module not in GENERATED_MODULES:
                    problems.append(f"{rel(path)}:{number}: generated code would import "
                                    f"{module}; it may import only "
                                    f"{', '.join(sorted(GENERATED_MODULES))}")

    # 2. The deny-list, over every target.
    for scope in DENY_SCOPES:
        files = list(swift_files(root, scope))
        say(f"APIs: {len(files)} files in {scope}, {len(entries)} deny-list entries")
        # Without Foundation, `text.contains("ab")` is _StringProcessing's
        # Collection.contains(_:), macOS 13; Foundation's StringProtocol one is older. An
        # import in one file of a target makes its members visible in all (no
        # MemberImportVisibility), so targets count, not files.
        targets_with_foundation = set()
        for path in files:
            if any(IMPORT.match(code) and IMPORT.match(code).group(1)
                   in ("Foundation", "FoundationEssentials") for _, code in code_lines(path)):
                targets_with_foundation.add(target_of(root, path))
        for path in files:
            for number, code in code_lines(path):
                if (target_of(root, path) not in targets_with_foundation
                        and CONTAINS_STRING.search(code)):
                    problems.append(f"{rel(path)}:{number}: {code.strip()}\n"
                                    f"    needs a newer OS than the floors: contains(_:) of a "
                                    f"string, without Foundation: macOS 13 (import Foundation)")
                for entry in entries:
                    if entry["regex"].search(code):
                        problems.append(f"{rel(path)}:{number}: {code.strip()}\n"
                                        f"    needs a newer OS than the floors: {entry['why']} "
                                        f"(Scripts/platform-apis.txt:{entry['line']})")
    return problems


def self_check(entries):
    """Plants violations in a scratch tree; the check must catch each, and only those."""
    print("self-check: planting violations in a scratch tree", flush=True)
    failures = []
    scratch = tempfile.mkdtemp(prefix="platform-apis-")
    try:
        def tree(files):
            shutil.rmtree(scratch, ignore_errors=True)
            for relative, text in files.items():
                path = os.path.join(scratch, relative)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8") as file:
                    file.write(text)
            return check(scratch, entries, quiet=True)

        clean = {
            "Sources/StreamTypes/Clean.swift":
                "import Foundation\n// ContinuousClock, Regex(\"a\") and Mutex(0) in a comment\n"
                "/* import Synchronization */\nlet s = \"a string\"\n"
                "let t = ContinuousClock.now  // platform-apis: allowed (behind #available)\n",
            "Sources/StreamTypesCompiler/Emit/Emitter.swift":
                'out.line("import Foundation")\nout.line("@_spi(Generated) import StreamTypes")\n',
            "Generated/M/A.streamtypes.swift":
                "import Foundation\n@_spi(Generated) import StreamTypes\n",
        }
        found = tree(clean)
        if found:
            failures.append(f"a clean tree fails: {found}")
        else:
            print("self-check: a clean tree passes", flush=True)
        for entry in entries:
            for scope in ["Sources/StreamTypes/Planted.swift", "Tests/T/Planted.swift"]:
                found = tree({**clean, scope: "import Foundation\n" + entry["sample"] + "\n"})
                caught = [p for p in found if f"platform-apis.txt:{entry['line']})" in p]
                if not caught:
                    failures.append(f"entry {entry['line']} misses its sample "
                                    f"{entry['sample']!r} in {scope}")
        print(f"self-check: each of {len(entries)} entries catches its sample", flush=True)
        found = tree({"Sources/Lone/P.swift": 'let b = s.contains("ab")\n'})
        if not any("contains(_:) of a string" in p for p in found):
            failures.append("contains(\"ab\") without Foundation passes")
        found = tree({**clean, "Sources/StreamTypes/P.swift": 'let b = s.contains("ab")\n',
                      "Sources/StreamTypes/Q.swift": "import Foundation\n"})
        if found:
            failures.append(f"contains(\"ab\") in a target with Foundation fails: {found}")
        print("self-check: contains(\"ab\") caught without Foundation only", flush=True)
        planted_imports = {
            "Sources/StreamTypes/Planted.swift": "@preconcurrency import Dispatch\n",
            "Generated/M/B.streamtypes.swift": "import Combine\n",
            "Sources/StreamTypesCompiler/Emit/Planted.swift": 'out.line("import SwiftUI")\n',
        }
        for relative, text in planted_imports.items():
            found = tree({**clean, relative: text})
            if not any(p.startswith(relative + ":") for p in found):
                failures.append(f"a forbidden import in {relative} passes: {text.strip()}")
        print(f"self-check: {len(planted_imports)} forbidden imports caught", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return failures


def audit(entries, interfaces):
    """Each entry's declaration, in the toolchain's interfaces, still needs a macOS above
    the floor."""
    failures = []
    audited = 0
    for entry in entries:
        if entry["declaration"] == "-":
            continue
        module, _, text = entry["declaration"].partition(": ")
        directory = os.path.join(interfaces, module + ".swiftmodule")
        names = sorted(n for n in os.listdir(directory)
                       if n.endswith(".swiftinterface") and ".private." not in n) \
            if os.path.isdir(directory) else []
        if not names:
            failures.append(f"entry {entry['line']}: no interface for {module}")
            continue
        lines = open(os.path.join(directory, names[0]), encoding="utf-8").read().split("\n")
        index = next((i for i, line in enumerate(lines) if text in line), None)
        if index is None:
            failures.append(f"entry {entry['line']}: {module} declares no `{text}`")
            continue
        # The attributes directly above the declaration, and those on the same line.
        attributes = [lines[index]]
        above = index - 1
        while above >= 0 and lines[above].lstrip().startswith("@"):
            attributes.append(lines[above])
            above -= 1
        versions = [tuple(int(p) for p in v.split("."))
                    for a in attributes for v in re.findall(r"@available\(macOS ([\d.]+)", a)]
        if not versions or max(versions) <= MACOS_FLOOR:
            failures.append(f"entry {entry['line']}: `{text}` needs no macOS above 12 "
                            f"(found {versions or 'no @available'}); remove or fix the entry")
        else:
            audited += 1
            shown = ".".join(str(p) for p in max(versions))
            print(f"audit: {module} {text[:60]}... needs macOS {shown}", flush=True)
    print(f"audit: {audited} declarations checked against {interfaces}", flush=True)
    return failures


entries = load_entries(LIST)
failures = []
if "--no-self-check" not in sys.argv:
    failures += self_check(entries)
    interfaces = os.environ.get("SWIFT_INTERFACES", "")
    if interfaces:
        failures += audit(entries, interfaces)
    else:
        print("audit: skipped, no .swiftinterface files in this toolchain", flush=True)
for failure in failures:
    print(f"error: {failure}", file=sys.stderr)
if failures:
    sys.exit(f"platform check: the check itself is broken ({len(failures)} problems)")

problems = check(ROOT, entries)
for problem in problems:
    print(f"error: {problem}", file=sys.stderr)
if problems:
    sys.exit(f"platform check: {len(problems)} uses of modules or APIs above the floors")
print("platform check: ok, nothing above iOS 15, macOS 12, tvOS 15, watchOS 8, visionOS 1")
PY
