#!/usr/bin/env python3
"""Copies the snippet regions of Tests/GeneratedCodeTests/ReadmeSnippets.swift into
README.md.

A README block marked `<!-- snippet: NAME -->` (the line before its ```swift fence) gets
the lines between `// snippet: NAME` and `// end-snippet`, without their shared
indentation. ReadmeSnippetTests fails while the two differ; `--check` only reports.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SOURCE = ROOT / "Tests/GeneratedCodeTests/ReadmeSnippets.swift"


def regions():
    found, name, lines = {}, None, []
    for line in SOURCE.read_text().split("\n"):
        stripped = line.lstrip(" ")
        if name is not None:
            if stripped == "// end-snippet":
                indent = min((len(l) - len(l.lstrip(" ")) for l in lines if l), default=0)
                found[name] = "\n".join(l[indent:] for l in lines)
                name, lines = None, []
            else:
                lines.append(line)
        elif stripped.startswith("// snippet: "):
            name = stripped[len("// snippet: "):]
    return found


def main():
    check = "--check" in sys.argv[1:]
    code = regions()
    text = README.read_text()
    pattern = re.compile(r"(<!-- snippet: (\S+) -->\n```swift\n)(.*?)(^```$)", re.S | re.M)
    missing = []

    def replace(match):
        name = match.group(2)
        if name not in code:
            missing.append(name)
            return match.group(0)
        body = code[name] + "\n" if code[name] else ""
        return match.group(1) + body + match.group(4)

    updated = pattern.sub(replace, text)
    if missing:
        sys.exit(f"sync_readme_snippets: no region in {SOURCE.name} for {', '.join(missing)}")
    used = set(m.group(2) for m in pattern.finditer(text))
    for name in sorted(set(code) - used):
        print(f"sync_readme_snippets: region '{name}' is in no README block", file=sys.stderr)
    if updated == text:
        print(f"README.md: {len(used)} snippets up to date")
        return
    if check:
        sys.exit("README.md's snippets differ from ReadmeSnippets.swift; run without --check")
    README.write_text(updated)
    print(f"README.md: {len(used)} snippets rewritten from {SOURCE.name}")


if __name__ == "__main__":
    main()
