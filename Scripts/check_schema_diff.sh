#!/usr/bin/env bash
# Schema evolution check: runs `streamtypes diff --against REF Schemas/` (REF defaults to
# HEAD: the work tree's schemas against the last commit; CI may pass origin/main), which
# fails (exit 1) when a change breaks old or new writers. Then shows what diff prints on a
# deliberate breaking edit, made in a temporary git repository holding a copy of Schemas/,
# so the work tree is never touched; that run must exit 1 with a witness.
# STREAMTYPES may name a built `streamtypes`; otherwise the debug build is used.
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:-HEAD}

if [ -z "${STREAMTYPES:-}" ]; then
  swift build --product streamtypes >/dev/null
  STREAMTYPES="$(swift build --show-bin-path)/streamtypes"
fi
STREAMTYPES=$(cd "$(dirname "$STREAMTYPES")" && pwd)/$(basename "$STREAMTYPES")

echo "== streamtypes diff --against $ref Schemas/"
"$STREAMTYPES" diff --against "$ref" Schemas/

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git archive HEAD Schemas | tar -x -C "$work"
(
  cd "$work"
  git init -q
  git add Schemas
  git -c user.name=check -c user.email=check@localhost commit -qm "schemas as committed"
  # The deliberate break: a word's confidence tops out at 0.5 instead of 1 (old writers
  # break new readers), and a summary forbidding additional fields gains a required
  # field (both directions break).
  sed -i.orig 's/confidence: {type: float, minimum: 0, maximum: 1}/confidence: {type: float, minimum: 0, maximum: 0.5}/' Schemas/Transcription.yaml
  sed -i.orig 's/^      duration_sec: float$/      duration_sec: float\n      model: string/' Schemas/Transcription.yaml
  rm -f Schemas/*.orig
  echo
  echo "== a deliberate breaking edit of Schemas/Transcription.yaml"
  git diff --no-color
  echo
  echo "== streamtypes diff --against HEAD Schemas/ --stream Transcription"
  status=0
  "$STREAMTYPES" diff --against HEAD Schemas/ --stream Transcription || status=$?
  if [ "$status" -ne 1 ]; then
    echo "error: diff exited $status on a breaking edit, expected 1" >&2
    exit 1
  fi
  echo "(exit status 1, as expected for a breaking edit)"
)
