#!/usr/bin/env bash
# Builds the fuzz targets once and runs each for a while on a copy of its seed corpus.
#
#   bash FuzzTesting/fuzz.sh [TARGET...] [--seconds N] [--asan]
#
# TARGET: FuzzFramedReader, FuzzSSEReader, FuzzValidator, FuzzSchemaCompiler (all by
# default). --seconds N: libFuzzer's -max_total_time per target (default 60). --asan: add
# AddressSanitizer (a separate, slower build in .build-asan). Extra libFuzzer flags can be
# given in FUZZ_FLAGS.
#
# First it regenerates Sources/FuzzSchemas/Generated (not committed) with the repository's
# `streamtypes generate`, so the fuzzed code is always what the current emitter writes,
# and replays FailCases/<TARGET>/*, the inputs that once broke something. Each campaign
# works in a temporary directory: committed seeds are not touched, and new inputs are
# dropped unless the target fails. Dictionaries/ (written by make_seeds.py) gives
# libFuzzer the tokens of JSON, SSE, frames, the schemas' keys and the schema language.
# Exits non-zero when any target finds something, printing the path of its input.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
all_targets=(FuzzFramedReader FuzzSSEReader FuzzValidator FuzzSchemaCompiler)

seconds=60
asan=0
sanitizers=fuzzer
scratch=.build
targets=()
while (($#)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seconds=*) seconds="${1#*=}"; shift ;;
    --asan) sanitizers=fuzzer,address; scratch=.build-asan; asan=1; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    Fuzz*) targets+=("$1"); shift ;;
    *) echo "fuzz.sh: unknown argument '$1' (targets: ${all_targets[*]})" >&2; exit 2 ;;
  esac
done
((${#targets[@]})) || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $target "* ]] || {
    echo "fuzz.sh: unknown target '$target' (targets: ${all_targets[*]})" >&2
    exit 2
  }
done

# The schema files of FuzzSchemas; FuzzCommon's FuzzSchemaFiles.paths lists the same.
schemas=(Schemas Tests/GeneratedCodeTests/Corpus.yaml Tests/GeneratedCodeTests/CorpusShared.yaml
  Tests/GeneratedCodeTests/CorpusUnions.yaml)

start=$SECONDS
echo "fuzz: generating FuzzSchemas from ${schemas[*]}"
(cd "$root" && swift build --product streamtypes 2>&1 | tail -1)
cli="$(cd "$root" && swift build --show-bin-path)/streamtypes"
(cd "$root" && "$cli" generate "${schemas[@]}" --access public \
  --output "$here/Sources/FuzzSchemas/Generated")

echo "fuzz: building ${targets[*]} (release, -sanitize=$sanitizers)"
(cd "$here" && swift build -c release --scratch-path "$scratch" \
  -Xswiftc "-sanitize=$sanitizers" -Xswiftc -parse-as-library 2>&1 | tail -3)
bin="$here/$scratch/release"
echo "fuzz: built in $((SECONDS - start)) s"

# Swift's own backtracer would catch a fatalError's trap first and end the process before
# libFuzzer writes the crashing input; let libFuzzer handle the signal.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
if ((asan)); then
  # No leak checking: LeakSanitizer reports, at exit, the schema module built once per
  # process and the Swift runtime's Regex internals (about 27 KB, not growing with runs).
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/streamtypes-fuzz.XXXXXX")"
passed=0
failed=0
failures=()
for target in "${targets[@]}"; do
  log="$work/$target.log"
  mkdir -p "$work/corpus/$target" "$work/artifacts"
  cp "$here/Corpus/$target/"* "$work/corpus/$target/"
  status=0
  replayed=0
  if compgen -G "$here/FailCases/$target/*" >/dev/null; then
    replayed=$(ls "$here/FailCases/$target" | wc -l)
    "$bin/$target" -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="$work/artifacts/$target-" "$here/FailCases/$target/"* \
      >"$work/$target-failcases.log" 2>&1 || status=$?
  fi
  if ((status == 0)); then
    dict=streams
    [[ $target == FuzzSchemaCompiler ]] && dict=schemas
    echo "fuzz: $target for $seconds s ..."
    # shellcheck disable=SC2086
    nice -n 10 "$bin/$target" "$work/corpus/$target" -max_total_time="$seconds" \
      -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -dict="$here/Dictionaries/$dict.dict" \
      -artifact_prefix="$work/artifacts/$target-" ${FUZZ_FLAGS:-} >"$log" 2>&1 || status=$?
  else
    log="$work/$target-failcases.log"
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 || true)
  found=$(compgen -G "$work/artifacts/$target-*" || true)
  if ((status == 0)) && [[ -z "$found" ]]; then
    passed=$((passed + 1))
    echo "fuzz: $target: ${runs:-?} executions (${coverage:-no coverage line}), nothing found" \
      "($replayed fail cases replayed)"
  else
    failed=$((failed + 1))
    failures+=("$target")
    echo "fuzz: $target: FAILED (exit $status) after ${runs:-?} executions; log: $log"
    grep -E -A12 "Fatal error|==ERROR|ERROR: libFuzzer" "$log" | head -24 | sed 's/^/  | /' || true
    for input in $found; do echo "  crashing input: $input"; done
  fi
done

if ((failed == 0)); then rm -rf "$work"; else echo "fuzz: kept $work"; fi
echo "fuzz: ${passed} passed, ${failed} failed ($((SECONDS - start)) s)"
((failed == 0))
