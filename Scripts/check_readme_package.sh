#!/usr/bin/env bash
# Creates a new package from README.md's text alone and builds and runs it: every fenced
# block that follows a `<!-- readme-package: PATH -->` line becomes the file PATH of the
# package (Package.swift, the schema, the one Swift file of the schema target, its
# streamtypes-config.yaml, Sources/App/main.swift), and the block marked
# `<!-- readme-package: output -->` is what `App` must print. The package sits beside a
# link named StreamTypes to this checkout, so the README's `.package(path: "../StreamTypes")`
# is used as written. Then it follows the README's steps to committed code: without the
# plugins line, the command plugin, a build and a run with the same output.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
scratch="$root/.build-readme-package"
trap 'rm -rf "$work"' EXIT

fail() { echo "check_readme_package: FAIL: $*" >&2; exit 1; }

echo "== extract the package from README.md into $work/MyApp"
ln -s "$root" "$work/StreamTypes"
mkdir -p "$work/MyApp"
python3 - "$root/README.md" "$work/MyApp" <<'PY'
import pathlib, re, sys
readme, package = pathlib.Path(sys.argv[1]).read_text(), pathlib.Path(sys.argv[2])
blocks = re.findall(r"^<!-- readme-package: (\S+) -->\n```[a-z]*\n(.*?)^```$", readme, re.S | re.M)
for path, text in blocks:
    target = package / (".expected-output" if path == "output" else path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    print(f"  {path}: {len(text.splitlines())} lines")
if not any(path == "Package.swift" for path, _ in blocks):
    sys.exit("README.md has no block marked <!-- readme-package: Package.swift -->")
PY
cd "$work/MyApp"
[ -f .expected-output ] || fail "README.md has no block marked <!-- readme-package: output -->"
expected=$(cat .expected-output)
ls Sources/MyStreams | grep -q '\.swift$' || fail "the schema target has no Swift file"
ls Sources/MyStreams | grep -qv '\.swift$\|^streamtypes-config' || fail "no schema in Sources/MyStreams"

run_app() {
  local label=$1 output
  output=$(swift build --scratch-path "$scratch" 2>&1) || fail "swift build ($label): $output"
  if grep -q "warning: .*Source files for target" <<<"$output"; then fail "$output"; fi
  echo "$output" | grep -E "Generating Swift|Build complete|warning:" || true
  output=$("$scratch/debug/App") || fail "App failed ($label): $output"
  [ "$output" = "$expected" ] || fail "App printed '$output', README says '$expected'"
  echo "ok ($label): App printed '$output'"
}

echo "== build and run with the build plugin (scratch path $scratch)"
run_app "build plugin"

echo "== committed code: remove the plugins line, run the command plugin, build, run"
plugins_line='plugins: [.plugin(name: "StreamTypesPlugin", package: "StreamTypes")]'
grep -qF "$plugins_line" Package.swift || fail "Package.swift has no '$plugins_line'"
command=$(python3 - "$root/README.md" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
match = re.search(r"^ *(swift package --allow-writing-to-package-directory generate-stream-types(?:[^\n]*\\\n)*[^\n]*)", text, re.M)
print(re.sub(r"\\\n\s*", "", match.group(1)) if match else "")
PY
)
[ -n "$command" ] || fail "README.md shows no generate-stream-types command"
echo "  README's command: $command"
grep -vF "$plugins_line" Package.swift >Package.swift.new
# The line ended the target's arguments: drop the comma before it.
python3 - <<'PY'
import re
text = open("Package.swift.new").read()
text = re.sub(r'(\.product\(name: "StreamTypes", package: "StreamTypes"\)\]),\n(\s*\))', r"\1\n\2", text)
open("Package.swift", "w").write(text)
PY
rm Package.swift.new
read -r -a words <<<"${command#swift package }"
output=$(swift package --scratch-path "$scratch" "${words[@]}" 2>&1) || fail "$command: $output"
echo "$output" | grep "^Generated" || fail "the command plugin printed no 'Generated' line: $output"
generated=$(ls Sources/MyStreams/Generated/*.streamtypes.swift)
head -n 2 "$generated" | sed 's/^/  /'
run_app "committed code"

echo "== both at once: the plugins line back with the committed files fails as the README says"
cp Package.swift Package.swift.committed
python3 - "$root/README.md" <<'PY'
import re, sys
readme = open(sys.argv[1]).read()
block = re.search(r"^<!-- readme-package: Package.swift -->\n```swift\n(.*?)^```$", readme, re.S | re.M)
open("Package.swift", "w").write(block.group(1))
PY
if output=$(swift build --scratch-path "$scratch" 2>&1); then
  fail "the build succeeded with the build plugin and committed files"
fi
grep -q "multiple producers" <<<"$output" || fail "expected 'multiple producers' in: $output"
echo "ok: $(grep -o "error: .*multiple producers" <<<"$output" | head -n 1 | cut -c1-100)..."
echo "3 passed, 0 failed"
