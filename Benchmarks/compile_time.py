#!/usr/bin/env python3
"""How long a consumer of StreamTypes waits for the compiler, by schema size.

For each repository measured (the working tree by default; --repo PATH or
--streamtypes-ref GIT_REF for another one, both repeatable, so one run puts "before" and
"after" side by side) this script makes a consumer package in a temporary folder:

    Consumer/Package.swift         depends on the repository by path; one library target
    Consumer/Sources/Consumer/     Models.yaml (the schema), Use.swift (uses Model0)

with the build plugin (StreamTypesPlugin) on the target. For each N of --models the
schema holds N models, each with an int with a minimum, a string with a length, a bounded
float, an optional datetime, a defaulted map, a list of the next model (the last one's is
a list of Model0) and an enum of its own, and one stream of Model0. It measures:

  generate   `streamtypes generate` of the schema alone (the CLI the plugin runs)
  lines      the generated Swift lines (all files the plugin wrote)
  clean      `swift build --target Consumer` (debug) after deleting the target's build
             folder and the plugin's output: the plugin's run and the whole compile of
             the Consumer module (no dependency is rebuilt, see below)
  rebuild    the same build after editing one enum value in the middle of the schema
             (what a user waits for after a schema edit): the plugin's run and the
             incremental compile
  lines/s    generated lines / clean build seconds

Both timed builds include SwiftPM's own start-up (loading the package graph, checking the
dependencies are up to date, which is about a second) and the plugin's run; they never
include building StreamTypes, the `streamtypes` tool or swift-argument-parser: one
consumer package per repository is warmed up with a tiny schema first, and every N reuses
its build folder, so only the Consumer target is compiled in the timed part. The load
average (`/proc/loadavg`, 1 minute) before each timed build is printed with its figure:
on a shared machine the figures are only comparable at similar load.

    python3 Benchmarks/compile_time.py [--models 100,300,1000] [--repo PATH]...
        [--streamtypes-ref GIT_REF]... [--work DIR] [--jobs N] [--nice 5]

A git ref is exported with `git archive` to WORK/ref-SHA/repo (kept, so a second run
builds nothing again); the working tree is used in place. Standard-library Python only.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def schema(models: int, edited: bool = False) -> str:
    """The schema of `models` models; `edited` changes one enum value (in the middle)."""
    lines = [
        "description: A compile-time benchmark schema (Benchmarks/compile_time.py).",
        "",
        "streams:",
        "  Models:",
        "    item: Model0",
        "",
        "types:",
    ]
    for i in range(models):
        following = (i + 1) % models
        third = "gamma_edited" if edited and i == models // 2 else "gamma"
        lines += [
            f"  Model{i}:",
            "    fields:",
            "      count: {type: int, minimum: 0}",
            "      name: {type: string, min_length: 1, max_length: 64}",
            "      score: {type: float, minimum: 0, maximum: 1}",
            "      seen_at: datetime?",
            '      labels: {type: "map<string>", default: {}}',
            f"      next: [Model{following}]",
            f"      kind: Kind{i}",
            f"  Kind{i}:",
            f"    enum: [alpha, beta, {third}]",
        ]
    return "\n".join(lines) + "\n"


PACKAGE = """// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "Consumer",
  platforms: [.macOS(.v13)],
  dependencies: [.package(name: "StreamTypes", path: "{repo}")],
  targets: [
    .target(
      name: "Consumer",
      dependencies: [.product(name: "StreamTypes", package: "StreamTypes")],
      plugins: [.plugin(name: "StreamTypesPlugin", package: "StreamTypes")]
    )
  ],
  swiftLanguageModes: [.v6]
)
"""

USE = """import StreamTypes

/// Uses the generated code, so the target is not only generated files.
func firstKind(_ model: Model0) -> String { model.kind.rawValue }
"""


def load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


class Consumer:
    def __init__(self, label: str, repo: Path, folder: Path, nice: int, jobs: int | None):
        self.label = label
        self.repo = repo
        self.folder = folder
        self.nice = nice
        self.jobs = jobs
        self.sources = folder / "Sources" / "Consumer"

    def command(self, *arguments: str) -> list[str]:
        prefix = ["nice", "-n", str(self.nice)] if self.nice else []
        jobs = ["-j", str(self.jobs)] if self.jobs else []
        return prefix + ["swift", "build", "--package-path", str(self.folder)] + jobs + list(arguments)

    def run(self, *arguments: str) -> float:
        start = time.perf_counter()
        result = subprocess.run(self.command(*arguments), capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
            raise SystemExit(f"{self.label}: swift build failed")
        return elapsed

    def create(self) -> None:
        self.sources.mkdir(parents=True, exist_ok=True)
        (self.folder / "Package.swift").write_text(PACKAGE.replace("{repo}", str(self.repo)))
        (self.sources / "Use.swift").write_text(USE)

    def warm_up(self) -> None:
        """Builds the dependencies (StreamTypes, the tool, the plugin) with a tiny schema."""
        (self.sources / "Models.yaml").write_text(schema(2))
        print(f"[{self.label}] building the dependencies once (not timed)...", flush=True)
        self.run("--target", "Consumer")

    def plugin_output(self) -> list[Path]:
        root = self.folder / ".build" / "plugins" / "outputs"
        return sorted(p for p in root.rglob("*.swift") if "Consumer" in p.parts)

    def clean_target(self) -> None:
        """Deletes what compiling the Consumer target made (objects, dependency records,
        module) and the plugin's output; SwiftPM's own plan files stay (`output-file-map`,
        `sources`: they are written when the package is planned, not at each build)."""
        build = self.folder / ".build"
        for folder in build.glob("*/debug/Consumer.build"):
            for item in folder.iterdir():
                if item.name in ("output-file-map.json", "sources"):
                    continue
                if item.is_dir():
                    shutil.rmtree(item)
                else:
                    item.unlink()
        for module in build.glob("*/debug/Modules/Consumer.*"):
            module.unlink()
        for folder in (build / "plugins" / "outputs").glob("*/Consumer"):
            shutil.rmtree(folder)

    def objects(self) -> dict[Path, float]:
        build = self.folder / ".build"
        return {p: p.stat().st_mtime for p in build.glob("**/Consumer.build/*.o")}

    def tool(self) -> Path:
        """The `streamtypes` executable the plugin runs (SwiftPM 6 names it `-tool`)."""
        build = self.folder / ".build"
        found = sorted(build.glob("*/debug/streamtypes-tool")) + sorted(
            build.glob("*/debug/streamtypes")
        )
        found = [p for p in found if p.is_file()]
        if not found:
            raise SystemExit(f"{self.label}: no streamtypes tool under {build}")
        return found[0]

    def measure(self, models: int) -> dict[str, object]:
        schema_path = self.sources / "Models.yaml"
        schema_path.write_text(schema(models))
        # Generation alone, with the tool the plugin runs (best of three).
        with tempfile.TemporaryDirectory() as out:
            times = []
            for _ in range(3):
                start = time.perf_counter()
                subprocess.run(
                    [str(self.tool()), "generate", str(schema_path), "--output", out],
                    check=True,
                )
                times.append(time.perf_counter() - start)
            generate = min(times)
        self.clean_target()
        clean_load = load()
        clean = self.run("--target", "Consumer")
        files = self.plugin_output()
        lines = sum(len(p.read_text().splitlines()) for p in files)
        before = self.objects()
        schema_path.write_text(schema(models, edited=True))
        rebuild_load = load()
        rebuild = self.run("--target", "Consumer")
        after = self.objects()
        recompiled = sum(1 for p, t in after.items() if before.get(p) != t)
        return {
            "repo": self.label,
            "models": models,
            "generate": generate,
            "lines": lines,
            "files": len(files),
            "clean": clean,
            "clean_load": clean_load,
            "rebuild": rebuild,
            "rebuild_load": rebuild_load,
            "recompiled": recompiled,
            "objects": len(after),
        }


def export(ref: str, work: Path) -> tuple[str, Path]:
    sha = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short=10", ref],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    target = work / f"ref-{sha}" / "repo"
    if not (target / "Package.swift").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.Popen(
            ["git", "-C", str(REPO), "archive", sha], stdout=subprocess.PIPE
        )
        subprocess.run(["tar", "-x", "-C", str(target)], stdin=archive.stdout, check=True)
        archive.wait()
    return f"{ref} ({sha})", target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default="100,300,1000")
    parser.add_argument("--repo", action="append", default=[], help="a StreamTypes checkout")
    parser.add_argument("--streamtypes-ref", action="append", default=[], help="a git ref")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "streamtypes-compile-time"))
    parser.add_argument("--nice", type=int, default=5, help="niceness of the builds (0: none)")
    parser.add_argument("--jobs", type=int, default=None, help="swift build -j (default: cores)")
    arguments = parser.parse_args()
    counts = [int(n) for n in arguments.models.split(",") if n]
    work = Path(arguments.work)
    work.mkdir(parents=True, exist_ok=True)

    repos: list[tuple[str, Path]] = [export(ref, work) for ref in arguments.streamtypes_ref]
    repos += [(path, Path(path).resolve()) for path in arguments.repo]
    if not repos:
        repos = [("working tree", REPO)]

    results = []
    for label, repo in repos:
        digest = hashlib.sha1(str(repo).encode()).hexdigest()[:8]
        folder = work / f"consumer-{repo.name}-{digest}"
        consumer = Consumer(label, repo, folder, arguments.nice, arguments.jobs)
        consumer.create()
        consumer.warm_up()
        for models in counts:
            print(f"[{label}] {models} models... (load {load()})", flush=True)
            row = consumer.measure(models)
            results.append(row)
            print(
                f"  lines {row['lines']}, clean {row['clean']:.1f} s (load {row['clean_load']}), "
                f"rebuild {row['rebuild']:.1f} s (load {row['rebuild_load']})",
                flush=True,
            )

    print()
    print(f"cores: {os.cpu_count()}; builds: swift build --target Consumer (debug)"
          + (f", nice -n {arguments.nice}" if arguments.nice else ""))
    header = (
        f"| {'repository':<28} | {'models':>6} | {'generate s':>10} | {'lines':>7} | {'files':>5} "
        f"| {'clean build s (load)':>20} | {'lines/s':>7} | {'edit rebuild s (load)':>21} "
        f"| {'objects rebuilt':>15} |"
    )
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for row in results:
        clean = f"{row['clean']:.1f} ({row['clean_load']})"
        rebuild = f"{row['rebuild']:.1f} ({row['rebuild_load']})"
        print(
            f"| {row['repo']:<28} | {row['models']:>6} | {row['generate']:>10.2f} "
            f"| {row['lines']:>7} | {row['files']:>5} | {clean:>20} "
            f"| {row['lines'] / row['clean']:>7.0f} | {rebuild:>21} "
            f"| {str(row['recompiled']) + '/' + str(row['objects']):>15} |"
        )


if __name__ == "__main__":
    main()
