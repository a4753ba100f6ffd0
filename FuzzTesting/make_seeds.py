#!/usr/bin/env python3
"""Writes the seed corpora of FuzzTesting/Corpus/ (committed; rerun to refresh them).

Stream seeds are `[selector][chunking] stream bytes` (FuzzCommon/FuzzInput.swift): the
selector's low nibble and bit 5 pick the stream (the order of `FuzzStream`; bit 5 is the
index's fifth bit), bit 4 small limits,
bit 7 server-sent events (FuzzValidator only). Schema seeds are the repository's schema
files, valid and broken.
"""
import base64
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(HERE, "Corpus")

STREAMS = ["Transcription", "TranscriptionSegments", "LiveTranscription",
           "TranscriptionWithSummary", "JobProgress", "Completion", "Everything",
           "ItemsOnly", "Forest", "Pings", "MessageEvents", "Speech", "Embeddings", "Shapes",
           "Drawings", "EveryDtype", "AnthropicMessages", "ChatCompletionChunks", "ResponseEvents"]
KIND = {"header": 2, "item": 3, "footer": 4, "end": 5, "error": 6}

HEADER = b'{"model":"whisper-large-v3","language":"en","sample_rate":16000}'
SEGMENT0 = (b'{"id":0,"start":0.0,"end":0.5,"text":"hello","speaker":"agent",'
            b'"words":[{"word":"hello","start":0.0,"end":0.5,"confidence":0.98}],'
            b'"tags":{"lang":"en"}}')
SEGMENT1 = b'{"id":1,"start":0.5,"end":1.25,"text":"world","words":[]}'
SUMMARY = (b'{"duration_sec":1.25,"languages":["en"],"segments":2,'
           b'"finished_at":"2026-11-24T10:00:00Z"}')
EVENT0 = b'{"at":"2026-11-24T10:00:00Z","stage":"queued","done":0}'
EVENT1 = (b'{"at":"2026-11-24T10:00:01.5+01:00","stage":"processing","done":3,"total":10,'
          b'"message":"working","metrics":{"rate":1.5,"eta":2},'
          b'"details":{"worker":"w-1","tries":[1,2.5,null,true]}}')
RESULT = (b'{"status":"succeeded","outputs":["s3://bucket/out.json"],'
          b'"errors":[{"code":"E1","message":"retry later"}]}')
CHEADER = b'{"id":"cmpl-abc123","model":"gpt","created":"2026-11-24T10:00:00Z","max_tokens":256}'
TOKEN0 = b'{"index":0,"text":"Hi","logprob":-0.25,"top_logprobs":{"Hi":-0.25,"Hello":-1.5}}'
TOKEN1 = b'{"index":1,"text":"!"}'
USAGE = b'{"prompt_tokens":12,"completion_tokens":2,"finish_reason":"stop","latency_ms":81.5}'
ALLTYPES = (b'{"text":"t\\u00e9\\n","count":-1,"ratio":1e-3,"flag":false,'
            b'"at":"2026-11-24T10:00:00.123456+05:30","anything":[1,{"a":null},"x",2.5,true],'
            b'"list_angle":[1,2],"list_bracket":["a"],"list_flow":[2],"nested_lists":[[1],[]],'
            b'"map_of_lists":{"k":["v"]},"list_of_maps":[{"b":true}],"maybe_text":null,'
            b'"maybe_models":[null,{"name":"a"}],"dates":["1970-01-01T00:00:00Z"],'
            b'"date_map":{"d":"2026-01-01T00:00:00-01:00"},"color":"NOT_SET",'
            b'"colors":{"c":"1080p"},"leaf":{"name":"b","weight":0,"exclusive":0.75,'
            b'"tags":["x"],"attributes":{"n":1}},"leaves":[],"leaf_map":{},'
            b'"nested_leaves":[[{"name":"z"}]],"default_optional":null,"renamed":"r"}')
KEYWORDS = b'{"class":"c","default":1,"self":true,"Type":"t","protocol":"p","HTTPStatus":404}'
TREE = (b'{"label":"a","children":[{"label":"b","children":[],'
        b'"by_name":{"x":{"label":"c","children":[]}}}]}')
MSTART = (b'{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant",'
          b'"model":"m","content":[],"stop_reason":null,"stop_sequence":null,'
          b'"usage":{"input_tokens":3,"output_tokens":1}}}')
MDELTA = b'{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"h\u00e9"}}'
MNEW = b'{"type":"future_kind","x":[1,2.5]}'
SPEECH_HEADER = b'{"voice":"nova","sample_rate":24000,"codec":"opus"}'
CHUNK = (b'{"index":0,"samples":{"data_b64":"zczMPQAAgL8=","shape":[2,1],"dtype":"float32"},'
         b'"packet":"-_8","words":[{"text":"hi","start_sec":0,"end_sec":0.5}]}')
SPEECH_SUMMARY = b'{"duration_sec":0.5,"characters":2,"audio_sha256":"AAECAw=="}'
EMBEDDING = (b'{"index":0,"vector":{"data_b64":"' + base64.b64encode(bytes(4 * 384)) +
             b'","shape":[384],"dtype":"float32"},"tokens":{"data_b64":"AQAAAA==","shape":[1],"dtype":"int32"}}')
CIRCLE = b'{"kind":"circle","radius":1.5,"label":null}'
GROUP = (b'{"kind":"group","members":[' + CIRCLE + b',{"kind":"zz","y":1}],"by_name":{"a":'
         b'{"kind":"square","side":2,"version":3,"filled":true}},"style":{"mode":"solid"}}')


def frame(kind, payload):
    return bytes([KIND[kind]]) + struct.pack(">I", len(payload)) + payload


def sse(kind, payload, name=True, eol=b"\n"):
    head = b"event: " + kind.encode() + eol if name else b""
    return head + b"data: " + payload + eol + eol


# (name, stream, parts); parts are (kind, payload).
VALID = [
    ("transcription", "Transcription",
     [("header", HEADER), ("item", SEGMENT0), ("item", SEGMENT1), ("footer", SUMMARY)]),
    ("segments", "TranscriptionSegments", [("item", SEGMENT0), ("item", SEGMENT1)]),
    ("live", "LiveTranscription", [("header", HEADER), ("item", SEGMENT1)]),
    ("with-summary", "TranscriptionWithSummary", [("item", SEGMENT1), ("footer", SUMMARY)]),
    ("job-progress", "JobProgress", [("item", EVENT0), ("item", EVENT1), ("footer", RESULT)]),
    ("completion", "Completion",
     [("header", CHEADER), ("item", TOKEN0), ("item", TOKEN1), ("footer", USAGE)]),
    ("everything", "Everything",
     [("header", b'{"title":"t"}'), ("item", ALLTYPES), ("footer", b'{"count":1}')]),
    ("items-only", "ItemsOnly", [("item", KEYWORDS)]),
    ("forest", "Forest", [("item", TREE), ("footer", b'{"trees":1,"note":"n","ids":[1]}')]),
    ("pings", "Pings", [("item", b"{}"), ("item", b'{"x":1}'), ("footer", b"{}")]),
    ("messages", "MessageEvents", [("item", MSTART), ("item", MDELTA), ("item", MNEW)]),
    ("speech", "Speech", [("header", SPEECH_HEADER), ("item", CHUNK), ("footer", SPEECH_SUMMARY)]),
    ("embeddings", "Embeddings", [("item", EMBEDDING)]),
    ("shapes", "Shapes", [("header", CIRCLE), ("item", GROUP), ("footer", b'{"status":"done","count":1}')]),
    ("drawings", "Drawings",
     [("item", b'{"title":"t","stroke":{"mode":"dashed","gap":2},"strokes":[{"mode":"solid"}],"maybe":null}')]),
]

# Broken framed streams: (name, stream, bytes).
BROKEN_FRAMED = [
    ("truncated-tag", "TranscriptionSegments", frame("item", SEGMENT1)[:3]),
    ("truncated-payload", "TranscriptionSegments", frame("item", SEGMENT1)[:20]),
    ("unknown-kind", "TranscriptionSegments", b"\x07\x00\x00\x00\x02{}"),
    ("end-with-payload", "TranscriptionSegments", b"\x05\x00\x00\x00\x02{}"),
    ("data-after-end", "TranscriptionSegments", frame("end", b"") + frame("item", SEGMENT1)),
    ("missing-header", "Transcription", frame("item", SEGMENT1) + frame("footer", SUMMARY)),
    ("missing-footer", "Transcription", frame("header", HEADER) + frame("item", SEGMENT1)),
    ("frame-after-footer", "JobProgress", frame("footer", RESULT) + frame("item", EVENT0)),
    ("bad-json", "JobProgress", frame("item", b'{"at":"2026-11-24T10:00:00Z","stage":')),
    ("bad-date", "JobProgress", frame("item", EVENT0.replace(b"10:00:00Z", b"25:00:00Z"))),
    ("bad-enum", "Completion",
     frame("header", CHEADER) + frame("footer", USAGE.replace(b'"stop"', b'"halt"'))),
    ("deep-nesting", "JobProgress",
     frame("item", EVENT0[:-1] + b',"details":' + b"[" * 80 + b"]" * 80 + b"}")),
    ("bad-leaf-pattern", "Everything",
     frame("header", b'{"title":"t"}') + frame("item", ALLTYPES.replace(b'"name":"b"', b'"name":"B1"'))
     + frame("footer", b'{"count":1}')),
    ("forbidden-key", "Forest",
     frame("item", TREE) + frame("footer", b'{"trees":1,"extra":true}')),
    ("big-int", "ItemsOnly", frame("item", KEYWORDS.replace(b'"default":1', b'"default":1e400'))),
    ("surrogates", "TranscriptionSegments",
     frame("item", SEGMENT1.replace(b'"world"', b'"\\ud83d\\ude00 \\udc00"'))),
    ("invalid-utf8", "TranscriptionSegments",
     frame("item", SEGMENT1.replace(b'"world"', b'"w\xc3\x28"'))),
]

# Server-sent events, raw bytes: (name, stream, bytes).
SSE_EXTRA = [
    ("crlf-comments-bom", "Transcription",
     b"\xef\xbb\xbf: keep-alive\r\n\r\n" + sse("header", HEADER, eol=b"\r\n")
     + b"id: 1\r\nretry: 10\r\n" + sse("item", SEGMENT1, eol=b"\r\n") + sse("footer", SUMMARY, eol=b"\r")),
    ("unnamed-items", "TranscriptionSegments", sse("item", SEGMENT0, name=False) + sse("item", SEGMENT1, name=False)),
    ("multi-line-data", "TranscriptionSegments",
     b"event: item\ndata: {\"id\":1,\"start\":0.5,\ndata: \"end\":1.25,\"text\":\"w\",\"words\":[]}\n\n"),
    ("no-space-unknown-field", "Pings", b"event:item\nfoo: bar\ndata\ndata:{}\n\nevent:footer\ndata:{}\n\n"),
    ("truncated-event", "TranscriptionSegments", b"event: item\ndata: " + SEGMENT1 + b"\n"),
    ("unknown-event", "TranscriptionSegments", b"event: delta\ndata: {}\n\n"),
    ("event-without-data", "Transcription", b"event: header\n\n"),
    ("id-only-event", "TranscriptionSegments", b"id: 7\n\nretry: 5\n\n" + sse("item", SEGMENT1)),
    ("invalid-utf8-line", "TranscriptionSegments", b"event: it\xffem\ndata: {}\n\n"),
]


PROVIDER_CAPTURES = [("anthropic-messages.sse", "AnthropicMessages"),
                     ("openai-chat.sse", "ChatCompletionChunks"),
                     ("openai-responses.sse", "ResponseEvents")]
ANTHROPIC_START = (b'{"type":"message_start","message":{"id":"msg_1","type":"message",'
                   b'"role":"assistant","model":"claude","content":[],"stop_reason":null,'
                   b'"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}')
ANTHROPIC_PING = b'{"type":"ping"}'
ANTHROPIC_ERROR = b'{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'
ANTHROPIC_SSE_ERROR = (b"event: message_start\ndata: " + ANTHROPIC_START + b"\n\nevent: ping\ndata: "
                       + ANTHROPIC_PING + b"\n\nevent: error\ndata: " + ANTHROPIC_ERROR + b"\n\n")
CHAT_CHUNK = b'{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[]}'


def write(target, name, data, prefix=""):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, prefix + name), "wb") as f:
        f.write(data)


def stream_seeds(target, sse_format, selector_bits, prefix=""):
    def select(stream, small=False):
        index = STREAMS.index(stream)
        return (index & 0x0F) | (0x20 if index & 0x10 else 0) | (0x10 if small else 0) | selector_bits

    chunkings = [0, 1, 7, 200]
    for n, (name, stream, parts) in enumerate(VALID):
        body = b"".join(sse(k, p) if sse_format else frame(k, p) for k, p in parts)
        write(target, "valid-" + name, bytes([select(stream), chunkings[n % 4]]) + body, prefix)
    small = sse("item", SEGMENT1) if sse_format else frame("item", SEGMENT1)
    write(target, "valid-segments-small-limits",
          bytes([select("TranscriptionSegments", small=True), 3]) + small, prefix)
    # The provider streams: their captures as server-sent events, a producer's error, and
    # framed streams of their parts (kind 6 for the error).
    if sse_format:
        for n, (capture, stream) in enumerate(PROVIDER_CAPTURES):
            with open(os.path.join(ROOT, "Examples/Streams", capture), "rb") as f:
                data = f.read()
            write(target, "provider-" + capture, bytes([select(stream), chunkings[n % 4]]) + data, prefix)
        write(target, "provider-anthropic-error",
              bytes([select("AnthropicMessages"), 7]) + ANTHROPIC_SSE_ERROR, prefix)
    else:
        write(target, "provider-anthropic-error",
              bytes([select("AnthropicMessages"), 7]) + frame("header", ANTHROPIC_START)
              + frame("item", ANTHROPIC_PING) + frame("error", ANTHROPIC_ERROR), prefix)
        write(target, "provider-chat", bytes([select("ChatCompletionChunks"), 0]) + frame("item", CHAT_CHUNK),
              prefix)
    if sse_format:
        for n, (name, stream, data) in enumerate(SSE_EXTRA):
            write(target, "sse-" + name, bytes([select(stream), chunkings[n % 4]]) + data, prefix)
    else:
        for n, (name, stream, data) in enumerate(BROKEN_FRAMED):
            write(target, "broken-" + name, bytes([select(stream), chunkings[n % 4]]) + data, prefix)
        write(target, "end-frame", bytes([select("TranscriptionSegments"), 0]) + frame("end", b""), prefix)
        for name in ["transcription.bin", "transcription-broken.bin"]:
            with open(os.path.join(ROOT, "Examples/Streams", name), "rb") as f:
                write(target, "example-" + name, bytes([select("Transcription"), 9]) + f.read(), prefix)


def dict_entry(token):
    out = ""
    for b in token:
        if b in (0x22, 0x5C) or b < 0x20 or b > 0x7E:
            out += "\\x%02X" % b
        else:
            out += chr(b)
    return '"' + out + '"\n'


def schema_words():
    """The keys and names of the fuzzed schemas, and their enum values."""
    import re
    words = set()
    for folder, names in [("Schemas", None), ("Tests/GeneratedCodeTests", ["Corpus.yaml", "CorpusShared.yaml"])]:
        for name in names or os.listdir(os.path.join(ROOT, folder)):
            if not name.endswith(".yaml") or name.startswith("streamtypes-config"):
                continue
            with open(os.path.join(ROOT, folder, name)) as f:
                for line in f:
                    words.update(re.findall(r"([A-Za-z_][A-Za-z_0-9]*):", line))
                    for values in re.findall(r"enum: \[([^\]]*)\]", line):
                        words.update(v.strip().strip('"') for v in values.split(","))
    return sorted(words)


def write_dictionaries():
    """libFuzzer dictionaries (-dict): JSON, SSE and frame tokens with the schemas' keys for
    the stream targets; schema-language keys and YAML syntax for the compiler."""
    folder = os.path.join(HERE, "Dictionaries")
    os.makedirs(folder, exist_ok=True)
    words = schema_words()
    stream = [b"{", b"}", b"[", b"]", b",", b":", b'"', b"null", b"true", b"false", b"-0", b"0.5",
              b"1e308", b"9223372036854775807", b"-9223372036854775808", b"\\u", b"\\ud83d\\ude00",
              b"\\n", b"2026-11-24T10:00:00Z", b"2026-11-24T10:00:00.123456+05:30",
              b"9999-12-31T23:59:59.999999Z", b"0001-01-01T00:00:00Z", b"\xef\xbb\xbf",
              b"event: ", b"data: ", b"id: ", b"retry: ", b": ", b"\r\n", b"\n\n",
              b"event: header\n", b"event: item\n", b"event: footer\n", b"event: error\n",
              b"data: [DONE]\n\n", b"event: message_start\n", b"event: content_block_delta\n",
              b"\x02\x00\x00\x00", b"\x03\x00\x00\x00", b"\x04\x00\x00\x00", b"\x05\x00\x00\x00\x00",
              b"\x06\x00\x00\x00"]
    stream += [b'"' + w.encode() + b'":' for w in words]
    with open(os.path.join(folder, "streams.dict"), "w") as f:
        f.write("# Written by make_seeds.py.\n" + "".join(dict_entry(t) for t in stream))
    schema = [b"streams:", b"types:", b"description:", b"header:", b"item:", b"footer:", b"fields:",
              b"additional_fields:", b"forbid", b"ignore", b"enum:", b"type:", b"optional:",
              b"default:", b"swift_name:", b"minimum:", b"maximum:", b"exclusive_minimum:",
              b"exclusive_maximum:", b"min_length:", b"max_length:", b"pattern:", b"min_items:",
              b"max_items:", b"string", b"int", b"float", b"bool", b"datetime", b"json", b"list<",
              b"map<", b"[", b"]", b"?", b"{", b"}", b"&a", b"*a", b"<<: ", b"---", b"- ", b"|\n",
              b">-\n", b"!!str", b"~", b"null", b".inf", b"0x10", b"'", b"\t", b"\n  ", b"#"]
    schema += [w.encode() for w in words]
    with open(os.path.join(folder, "schemas.dict"), "w") as f:
        f.write("# Written by make_seeds.py.\n" + "".join(dict_entry(t) for t in schema))


def main():
    write_dictionaries()
    if os.path.isdir(CORPUS):
        shutil.rmtree(CORPUS)
    stream_seeds("FuzzFramedReader", False, 0)
    stream_seeds("FuzzSSEReader", True, 0)
    stream_seeds("FuzzValidator", False, 0, "framed-")
    stream_seeds("FuzzValidator", True, 0x80, "sse-")
    sources = [os.path.join(ROOT, "Schemas")]
    sources.append(os.path.join(ROOT, "Tests/StreamTypesCompilerTests/BrokenSchemas"))
    files = [os.path.join(ROOT, "Tests/GeneratedCodeTests", n) for n in ["Corpus.yaml", "CorpusShared.yaml"]]
    for folder in sources:
        files += [os.path.join(folder, n) for n in sorted(os.listdir(folder))
                  if n.endswith((".yaml", ".yml"))]
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        if len(data) > 16384:
            continue  # keep the corpus small; the schema limits are tested elsewhere
        write("FuzzSchemaCompiler", os.path.basename(os.path.dirname(path)) + "-" + os.path.basename(path), data)
    # A module of two files: Corpus.yaml, NUL, CorpusShared.yaml.
    with open(files[0], "rb") as a, open(files[1], "rb") as b:
        write("FuzzSchemaCompiler", "two-files-corpus", a.read() + b"\0" + b.read())
    return 0


if __name__ == "__main__":
    sys.exit(main())
