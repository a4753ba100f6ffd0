#!/usr/bin/env bash
# Builds the runtime's documentation catalog (Sources/StreamTypes/StreamTypes.docc and the
# doc comments of Sources/StreamTypes) with swift-docc-plugin and fails on any warning:
# a broken symbol link, an article that does not resolve, a missing page.
# STREAMTYPES_DOCS makes Package.swift add the plugin; packages that depend on StreamTypes
# never fetch it. Its own scratch path keeps the main build's dependencies untouched.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== generate-documentation --target StreamTypes (swift-docc-plugin, .build-docs)"
status=0
STREAMTYPES_DOCS=1 swift package --scratch-path .build-docs generate-documentation \
  --target StreamTypes --warnings-as-errors >"$log" 2>&1 || status=$?
grep -E "^(Building|Finished|Generated) |error:|warning:" "$log" || true

warnings=$(grep -c "warning:" "$log" || true)
errors=$(grep -c "error:" "$log" || true)
if [ "$status" -ne 0 ] || [ "$warnings" -ne 0 ] || [ "$errors" -ne 0 ]; then
  echo "check_docs: FAIL: exit status $status, $warnings warning(s), $errors error(s):" >&2
  cat "$log" >&2
  exit 1
fi

archive=.build-docs/plugins/Swift-DocC/outputs/StreamTypes.doccarchive
articles=(definingaschema adoptingtheplugin readingandwritingstreams servingoverhttp
  validatingcapturedstreams wireformats)
for article in "${articles[@]}"; do
  [ -f "$archive/data/documentation/streamtypes/$article.json" ] ||
    { echo "check_docs: FAIL: the archive has no article '$article'" >&2; exit 1; }
done
echo "ok: $archive has the landing page and ${#articles[@]} articles, no warning"
echo "1 passed, 0 failed"
