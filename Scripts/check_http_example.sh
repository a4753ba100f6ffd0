#!/usr/bin/env bash
# Builds Examples/LiveTranscription (a Hummingbird server and an AsyncHTTPClient client that
# share one schema target), starts transcription-server on a free loopback port, and checks
# its streams with real HTTP clients:
#   1. transcription-client (the generated reader over AsyncHTTPClient), framed and SSE;
#   2. curl piped into `streamtypes validate`, framed and SSE (with the Content-Type);
#   3. the Python reference reader (truss_chains.streaming) fed from a `requests` stream;
#   4. the first item reaches the client before the server has produced the second;
#   5. a client that disconnects stops the server's producer (the Swift client and curl);
#   6. the provider-shaped chat stream (GET /chat, ends with `data: [DONE]`) through
#      transcription-client --chat: a complete stream, a producer that fails half way (its
#      typed error reaches the client, exit status 3) and a connection cut before `[DONE]`
#      or a body that ends before it (reported as truncated, exit status 1, never as
#      complete);
#   7. the same chat streams through curl | streamtypes validate --format sse: the
#      complete and the failed one are valid, the cut and the stopped one are not
#      (missingEnd).
# All traffic stays on 127.0.0.1; every client runs under a timeout; the server is killed on
# exit, whatever happens.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
example=$repo/Examples/LiveTranscription
schema=$example/Sources/TranscriptionAPI/Transcription.yaml
chat_schema=$example/Sources/TranscriptionAPI/Chat.yaml
cd "$example"

for tool in curl python3 timeout; do
  command -v "$tool" >/dev/null || {
    echo "check_http_example: FAIL: $tool is missing" >&2
    exit 1
  }
done
python3 -c "import pydantic, requests" || {
  echo "check_http_example: FAIL: python3 needs pydantic and requests" >&2
  exit 1
}

workdir=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

echo "== build Examples/LiveTranscription"
if ! swift build >"$workdir/build.log" 2>&1; then
  tail -n 40 "$workdir/build.log"
  echo "check_http_example: FAIL: swift build failed" >&2
  exit 1
fi
tail -n 1 "$workdir/build.log"
client=$example/.build/debug/transcription-client
# CI runs `swift test` in the repository first, which builds the streamtypes tool.
streamtypes=$repo/.build/debug/streamtypes
if [ ! -x "$streamtypes" ]; then
  (cd "$repo" && swift build --product streamtypes 2>&1 | tail -n 3)
fi

echo "== start transcription-server on a free port of 127.0.0.1"
"$example/.build/debug/transcription-server" --port 0 >"$workdir/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's/^listening on \([0-9][0-9]*\)$/\1/p' "$workdir/server.log")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "check_http_example: FAIL: the server did not start listening:" >&2
  cat "$workdir/server.log" >&2
  exit 1
fi
base=http://127.0.0.1:$port
echo "listening on $port"

passed=0
failed=0
run_check() {
  local name=$1
  shift
  echo "== $name"
  if "$@"; then
    passed=$((passed + 1))
    echo "passed: $name"
  else
    failed=$((failed + 1))
    echo "FAIL: $name"
  fi
}

# A field of the server's /stats JSON.
server_stat() {
  curl -sS --max-time 10 "$base/stats" \
    | python3 -c "import json, sys; print(json.load(sys.stdin)['$1'])"
}

# Waits (up to 10 s) until no producer runs.
wait_idle() {
  for _ in $(seq 1 100); do
    [ "$(server_stat running)" = 0 ] && return 0
    sleep 0.1
  done
  echo "producers still running after 10 s: $(curl -sS --max-time 10 "$base/stats")"
  return 1
}

swift_client() {
  timeout 60 "$client" --format "$1" --url "$base/transcribe?segments=5&delay_ms=100"
}

# curl's bytes into `streamtypes validate`; the response's Content-Type must be the format's.
curl_validate() {
  local format=$1 accept=$2 content_type=$3 output
  output=$(timeout 60 curl -sSN --fail --max-time 50 -D "$workdir/headers" -H "Accept: $accept" \
    "$base/transcribe?segments=4&delay_ms=50" \
    | "$streamtypes" validate "$schema" - --stream Transcription --format "$format") || {
    echo "$output"
    return 1
  }
  echo "$output"
  grep -qi "^content-type: $content_type" "$workdir/headers" || {
    echo "expected Content-Type $content_type in:"
    cat "$workdir/headers"
    return 1
  }
  echo "Content-Type $content_type"
  grep -q "(1 header, 4 items, 1 footer)" <<<"$output"
}

python_reference() {
  timeout 120 python3 "$example/truss_reader.py" "$base/transcribe?segments=5&delay_ms=100"
}

# The client asks /stats on item 0's arrival: the server must have produced exactly 1 item.
# With 1.5 s between items, item 1 cannot have been produced yet unless the response was
# held back; item 1's produced_at must also be later than item 0's arrival.
first_item() {
  timeout 60 "$client" --first-item-latency --format "$1" \
    --url "$base/transcribe?segments=2&delay_ms=1500"
}

# The Swift client drops the connection after 2 of 50 items; the client itself polls
# /stats?session=ID until the producer stops and checks it was cancelled early.
disconnect_swift() {
  local cancelled_before
  wait_idle || return 1
  cancelled_before=$(server_stat cancelled)
  timeout 60 "$client" --disconnect-after 2 --url "$base/transcribe?segments=50&delay_ms=200" \
    || return 1
  wait_idle || return 1
  [ "$(server_stat cancelled)" = $((cancelled_before + 1)) ] || {
    echo "cancelled went from $cancelled_before to $(server_stat cancelled), expected one more"
    return 1
  }
  grep "producer stopped after 2 items (client gone)" "$workdir/server.log"
}

# curl gives up after 1 s of a 50-item stream (an item every 200 ms): the server must count
# the stream cancelled, have produced fewer than 50 items, and produce nothing afterwards.
disconnect_curl() {
  local cancelled_before produced_before produced_after produced_later
  wait_idle || return 1
  cancelled_before=$(server_stat cancelled)
  produced_before=$(server_stat produced)
  timeout 20 curl -sSN --max-time 1 "$base/transcribe?segments=50&delay_ms=200" \
    >"$workdir/cut.bin" 2>/dev/null || true
  echo "curl read $(wc -c <"$workdir/cut.bin") bytes, then timed out and closed"
  wait_idle || return 1
  produced_after=$(server_stat produced)
  sleep 0.6
  produced_later=$(server_stat produced)
  echo "server: cancelled $cancelled_before -> $(server_stat cancelled)," \
    "$((produced_after - produced_before)) of 50 items produced"
  [ "$(server_stat cancelled)" = $((cancelled_before + 1)) ] \
    && [ $((produced_after - produced_before)) -lt 50 ] \
    && [ "$produced_later" = "$produced_after" ]
}

# transcription-client --chat on /chat?QUERY: its exit status must be `status` and its last
# line must start with `prefix` and contain `detail`.
chat_client() {
  local format=$1 query=$2 status=$3 prefix=$4 detail=$5 output actual=0 last
  output=$(timeout 60 "$client" --chat --format "$format" --url "$base/chat?$query") \
    || actual=$?
  echo "$output"
  last=$(tail -n 1 <<<"$output")
  [ "$actual" = "$status" ] || {
    echo "exit status $actual, expected $status"
    return 1
  }
  [[ "$last" == "$prefix"* && "$last" == *"$detail"* ]] || {
    echo "last line does not start with '$prefix' and contain '$detail'"
    return 1
  }
}

# curl's bytes of /chat?QUERY (SSE) into `streamtypes validate`: its exit status must be
# `status` and its output must contain `expected`; `curl_status` is what curl must exit with
# (18, a transfer closed with data outstanding, for the cut stream).
chat_validate() {
  local query=$1 status=$2 expected=$3 curl_status=$4 output
  output=$(
    timeout 60 curl -sSN --max-time 50 -H "Accept: text/event-stream" "$base/chat?$query" \
      | "$streamtypes" validate "$chat_schema" - --stream ChatStream --format sse 2>&1
    echo "exit status: curl ${PIPESTATUS[0]}, streamtypes validate ${PIPESTATUS[1]}"
  )
  echo "$output"
  grep -q "^exit status: curl $curl_status, streamtypes validate $status\$" <<<"$output" || {
    echo "expected: curl $curl_status, streamtypes validate $status"
    return 1
  }
  grep -qF -- "$expected" <<<"$output"
}

run_check "1a. transcription-client, framed" swift_client framed
run_check "1b. transcription-client, SSE" swift_client sse
run_check "2a. curl | streamtypes validate, framed" \
  curl_validate framed "application/octet-stream" "application/octet-stream"
run_check "2b. curl -H 'Accept: text/event-stream' | streamtypes validate --format sse" \
  curl_validate sse "text/event-stream" "text/event-stream"
run_check "3. Python reference reader (truss_chains.streaming) over requests" python_reference
run_check "4a. first item before the second is produced, framed" first_item framed
run_check "4b. first item before the second is produced, SSE" first_item sse
run_check "5a. transcription-client disconnects after 2 items: the producer stops" \
  disconnect_swift
run_check "5b. curl disconnects mid-stream: the producer stops" disconnect_curl
run_check "6a. transcription-client --chat, SSE: complete after [DONE]" \
  chat_client sse "tokens=6&delay_ms=20" 0 "complete: 7 chunks" "finish_reason stop"
run_check "6b. transcription-client --chat, framed: complete" \
  chat_client framed "tokens=6&delay_ms=20" 0 "complete: 7 chunks" "finish_reason stop"
run_check "6c. transcription-client --chat, SSE: the producer fails half way (typed error)" \
  chat_client sse "tokens=6&delay_ms=20&fail_after=3" 3 "producer error:" \
  "the model server went away after 3 tokens (server_error, after 3 chunks)"
run_check "6d. transcription-client --chat, framed: the producer fails half way (typed error)" \
  chat_client framed "tokens=6&delay_ms=20&fail_after=3" 3 "producer error:" \
  "the model server went away after 3 tokens (server_error, after 3 chunks)"
run_check "6e. transcription-client --chat, SSE: the connection is cut before [DONE]" \
  chat_client sse "tokens=6&delay_ms=20&cut_after=3" 1 "truncated:" "after 3 chunks"
run_check "6f. transcription-client --chat, SSE: a well-formed body ends before [DONE]" \
  chat_client sse "tokens=6&delay_ms=20&stop_after=3" 1 "truncated: missingEnd after 3 chunks" \
  "[DONE]"
run_check "7a. curl | streamtypes validate --format sse: complete chat stream" \
  chat_validate "tokens=6&delay_ms=20" 0 "(7 items), " 0
run_check "7b. curl | streamtypes validate --format sse: failed chat stream (error event)" \
  chat_validate "tokens=6&delay_ms=20&fail_after=3" 0 "(3 items, 1 producer error)" 0
run_check "7c. curl | streamtypes validate --format sse: cut chat stream" \
  chat_validate "tokens=6&delay_ms=20&cut_after=3" 1 "missingEnd" 18
run_check "7d. curl | streamtypes validate --format sse: chat body ended before [DONE]" \
  chat_validate "tokens=6&delay_ms=20&stop_after=3" 1 "missingEnd" 0

if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "FAIL: the server died:"
  cat "$workdir/server.log"
  failed=$((failed + 1))
fi
echo "== server log"
cat "$workdir/server.log"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
