#!/usr/bin/env python3
"""Writes the conformance cases of the stream `error` part and the SSE conventions:
Tests/GeneratedCodeTests/Conformance/sse-v2.json (server-sent events: the provider captures
of Examples/Streams/ and edits of them) and framed-errors.json (kind 6, the error frame).

Every expected verdict is computed here from how the case is built (the byte offset of the
event or frame that breaks a rule is the length of what precedes it), not by running
StreamTypes, so the reader and the validator cannot agree on a wrong answer.

    python3 Scripts/make_event_conformance.py
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CAPTURES = ROOT / "Examples" / "Streams"
OUT = ROOT / "Tests" / "GeneratedCodeTests" / "Conformance"


def events(path):
    """The capture's events, each with its trailing blank line."""
    text = (CAPTURES / path).read_text()
    blocks = [block + "\n\n" for block in text.split("\n\n") if block]
    assert "".join(blocks) == text, path
    return blocks


def kind_of(block, names):
    """The part an event is under the stream's conventions (names: event -> kind)."""
    name = ""
    for line in block.splitlines():
        if line.startswith("event:"):
            name = line[len("event:"):].strip()
    return names.get(name, "item")


ANTHROPIC = {"message_start": "header", "message_stop": "footer", "error": "error"}
RESPONSES = {"response.created": "header", "error": "error"}
ANTHROPIC_ERROR = ('event: error\ndata: {"type": "error", "error": {"type": '
                   '"overloaded_error", "message": "Overloaded"}}\n\n')

sse_cases = []


def valid(name, stream, blocks, names):
    kinds = [kind_of(b, names) for b in blocks if b.strip() and not b.startswith(":")
             and "data: [DONE]" not in b.splitlines()]
    sse_cases.append({"name": name, "stream": stream, "text": "".join(blocks), "parts": kinds})


def invalid(name, stream, blocks, at_block, frame, code):
    """The error is at the start of blocks[at_block] (or the end of input when at_block is
    len(blocks)), at event `frame` (None for the end)."""
    offset = len("".join(blocks[:at_block]).encode())
    sse_cases.append({"name": name, "stream": stream, "text": "".join(blocks),
                      "error": {"code": code, "offset": offset, "frame": frame}})


anthropic = events("anthropic-messages.sse")
chat = events("openai-chat.sse")
responses = events("openai-responses.sse")
assert chat[-1] == "data: [DONE]\n\n"

valid("anthropic capture", "AnthropicMessages", anthropic, ANTHROPIC)
valid("openai chat capture", "ChatCompletionChunks", chat, {})
valid("openai responses capture", "ResponseEvents", responses, RESPONSES)

# Anthropic: the event name is the data's type, message_start first, message_stop last.
stop_first = anthropic[-1:] + anthropic[:-1]
invalid("anthropic message_stop before message_start", "AnthropicMessages", stop_first, 0, 0,
        "missingHeader")
ping = next(i for i, b in enumerate(anthropic) if b.startswith("event: ping"))
renamed = list(anthropic)
renamed[ping] = renamed[ping].replace("event: ping", "event: content_block_delta")
invalid("anthropic event name differs from its type", "AnthropicMessages", renamed, ping, ping,
        "eventNameMismatch")
unnamed = list(anthropic)
unnamed[ping] = unnamed[ping].replace("event: ping\n", "")
invalid("anthropic item event without a name", "AnthropicMessages", unnamed, ping, ping,
        "eventNameMismatch")
generic = list(anthropic)
generic[ping] = generic[ping].replace("event: ping", "event: item")
invalid("anthropic item event named item", "AnthropicMessages", generic, ping, ping,
        "eventNameMismatch")
failed = anthropic[:3] + [ANTHROPIC_ERROR]
valid("anthropic error ends the stream", "AnthropicMessages", failed, ANTHROPIC)
valid("anthropic error before message_start", "AnthropicMessages", [ANTHROPIC_ERROR],
      ANTHROPIC)
valid("anthropic error then keep-alive comments", "AnthropicMessages",
      failed + [": keep-alive\n\n"], ANTHROPIC)
error_then_more = anthropic[:3] + [ANTHROPIC_ERROR] + anthropic[3:]
invalid("anthropic error followed by more events", "AnthropicMessages", error_then_more, 4, 4,
        "frameAfterError")
error_then_stop = anthropic[:3] + [ANTHROPIC_ERROR] + anthropic[-1:]
invalid("anthropic error followed by message_stop", "AnthropicMessages", error_then_stop, 4, 4,
        "frameAfterError")
after_stop = anthropic + [ANTHROPIC_ERROR]
invalid("anthropic error after message_stop", "AnthropicMessages", after_stop,
        len(anthropic), len(anthropic), "frameAfterFooter")
bad_error = anthropic[:2] + ['event: error\ndata: {"type": "error", "error": {"type": 1}}\n\n']
invalid("anthropic error event that breaks its model", "AnthropicMessages", bad_error, 2, 2,
        "invalidPayload")
unknown = anthropic[:2] + [
    'event: citation_added\ndata: {"type": "citation_added", "index": 0, '
    '"citation": {"url": "https://example.com"}}\n\n'] + anthropic[2:]
valid("anthropic unknown event kind", "AnthropicMessages", unknown, ANTHROPIC)
no_stop = anthropic[:-1]
invalid("anthropic stream cut before message_stop", "AnthropicMessages", no_stop,
        len(no_stop), None, "missingFooter")
done_in_anthropic = anthropic[:2] + ["data: [DONE]\n\n"]
invalid("anthropic done text without done_data", "AnthropicMessages", done_in_anthropic, 2, 2,
        "invalidJSON")

# OpenAI chat: unnamed items, then [DONE].
invalid("openai chat [DONE] removed", "ChatCompletionChunks", chat[:-1], len(chat) - 1, None,
        "missingEnd")
invalid("openai chat data after [DONE]", "ChatCompletionChunks", chat + chat[1:2], len(chat),
        len(chat), "dataAfterEnd")
valid("openai chat comment after [DONE]", "ChatCompletionChunks", chat + [": bye\n\n"], {})
valid("openai chat only [DONE]", "ChatCompletionChunks", ["data: [DONE]\n\n"], {})
valid("openai chat [DONE] in a named event", "ChatCompletionChunks",
      chat[:-1] + ["event: item\ndata: [DONE]\n\n"], {})
invalid("openai chat event named item", "ChatCompletionChunks",
        chat[:1] + ["event: item\n" + chat[1]] + chat[2:], 1, 1, "unknownFrameKind")
invalid("openai chat empty input", "ChatCompletionChunks", [], 0, None, "missingEnd")
invalid("openai chat [DONE] with a trailing space", "ChatCompletionChunks",
        chat[:-1] + ["data: [DONE] \n\n"], len(chat) - 1, len(chat) - 1, "invalidJSON")
invalid("openai chat [DONE] without its blank line", "ChatCompletionChunks",
        chat[:-1] + ["data: [DONE]\n"], len(chat) - 1, len(chat) - 1, "truncatedEvent")
invalid("openai chat error event without an error part", "ChatCompletionChunks",
        chat[:1] + ['event: error\ndata: {"error": {"message": "overloaded"}}\n\n'], 1, 1,
        "unknownFrameKind")

# OpenAI responses: named by type, response.created first, an error event may end it.
responses_error = ('event: error\ndata: {"type":"error","code":"server_error","message":'
                   '"The server had an error","param":null,"sequence_number":5}\n\n')
valid("openai responses error mid-stream", "ResponseEvents",
      responses[:5] + [responses_error], RESPONSES)
renamed = list(responses)
renamed[4] = renamed[4].replace("event: response.output_text.delta",
                                "event: response.output_text.done")
invalid("openai responses event name differs from its type", "ResponseEvents", renamed, 4, 4,
        "eventNameMismatch")
invalid("openai responses second response.created", "ResponseEvents",
        responses[:3] + responses[:1], 3, 3, "misplacedHeader")

(OUT / "sse-v2.json").write_text(json.dumps({
    "about": "Server-sent event streams of the stream error part and the sse conventions: "
             "the provider captures of Examples/Streams/ and edits of them "
             "(Scripts/make_event_conformance.py writes this file).",
    "cases": sse_cases}, indent=1, ensure_ascii=False) + "\n")

# Framed: kind 6 carries the error part.
start = ('{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant",'
         '"model":"claude","content":[],"stop_reason":null,"stop_sequence":null,'
         '"usage":{"input_tokens":3,"output_tokens":1}}}')
start_written = ('{"type":"message_start","message":{"id":"msg_1","type":"message",'
                 '"role":"assistant","model":"claude","content":[],"stop_reason":null,'
                 '"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1,'
                 '"cache_creation_input_tokens":null,"cache_read_input_tokens":null}}}')
delta = '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}'
stop = '{"type":"message_stop"}'
failure = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'
framed_cases = []


def size(payload):
    return 5 + len(payload.encode())


def frames(*pieces):
    return [{"frame": kind, "payload": payload} for kind, payload in pieces]


framed_cases.append({"name": "error frame ends the stream", "stream": "AnthropicMessages",
                     "bytes": frames((2, start), (3, delta), (6, failure)), "items": 1,
                     "json": [start_written, delta, failure]})
framed_cases.append({"name": "error frame before the header", "stream": "AnthropicMessages",
                     "bytes": frames((6, failure)), "items": 0, "json": [failure]})
framed_cases.append({"name": "item after the error frame", "stream": "AnthropicMessages",
                     "bytes": frames((2, start), (6, failure), (3, delta)),
                     "error": {"code": "frameAfterError", "offset": size(start) + size(failure),
                               "frame": 2}})
framed_cases.append({"name": "end frame after the error frame", "stream": "AnthropicMessages",
                     "bytes": frames((2, start), (6, failure)) + [{"raw": {"hex": "0500000000"}}],
                     "error": {"code": "frameAfterError", "offset": size(start) + size(failure),
                               "frame": 2}})
framed_cases.append({"name": "error frame after the footer", "stream": "AnthropicMessages",
                     "bytes": frames((2, start), (4, stop), (6, failure)),
                     "error": {"code": "frameAfterFooter", "offset": size(start) + size(stop),
                               "frame": 2}})
framed_cases.append({"name": "error frame that breaks its model", "stream": "AnthropicMessages",
                     "bytes": frames((2, start), (6, '{"type":"error","error":{"type":"x"}}')),
                     "error": {"code": "invalidPayload", "offset": size(start), "frame": 1,
                               "path": "$.error.message"}})
framed_cases.append({"name": "kind 6 in a stream without an error part",
                     "stream": "MessageEvents", "bytes": frames((3, stop), (6, failure)),
                     "error": {"code": "unknownFrameKind", "offset": size(stop), "frame": 1}})
framed_cases.append({"name": "error frame ends a header-less stream", "stream": "ResponseEvents",
                     "bytes": frames((6, '{"type":"error","code":null,"message":"boom",'
                                         '"param":null,"sequence_number":0}')),
                     "items": 0, "json": ['{"type":"error","code":null,"message":"boom",'
                                          '"param":null,"sequence_number":0}']})

chunk = ('{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m",'
         '"system_fingerprint":null,"service_tier":null,"choices":[],"usage":null}')
framed_cases.append({"name": "framed chat chunks need no done_data", "stream":
                     "ChatCompletionChunks", "bytes": frames((3, chunk), (3, chunk)),
                     "items": 2, "json": [chunk, chunk]})

(OUT / "framed-errors.json").write_text(json.dumps({
    "about": "Framed streams of the stream error part (kind 6) "
             "(Scripts/make_event_conformance.py writes this file).",
    "cases": framed_cases}, indent=1, ensure_ascii=False) + "\n")
print(f"{len(sse_cases)} SSE cases, {len(framed_cases)} framed cases")
