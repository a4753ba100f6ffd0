import ExampleSchemas
import Foundation
@_spi(Generated) import StreamTypes
import StreamTypesCompiler
import Testing

/// The generated readers and the schema-driven ``StreamValidator`` (what `streamtypes
/// validate` runs) must give every stream the same verdict: the same values for a valid
/// stream, the identical ``StreamError`` for an invalid one, whatever the chunking.
///
/// Every case of the corpus also states its expected result by hand (error code, byte
/// offset, frame index and JSON path), so the two cannot agree on a wrong answer. The
/// offsets are sums of the frame sizes that `frameSizesOfTheCorpusPayloads` pins down.
@Suite struct ValidatorConformanceTests {
  // MARK: Corpus

  /// The streams the corpus exercises: those of `Schemas/`, and those of the test target's
  /// `Corpus.yaml`, which uses every construct of the schema language.
  enum StreamName: String, Sendable, CaseIterable {
    case transcription = "Transcription"
    case segments = "TranscriptionSegments"
    case live = "LiveTranscription"
    case withSummary = "TranscriptionWithSummary"
    case jobProgress = "JobProgress"
    case completion = "Completion"
    case everything = "Everything"
    case itemsOnly = "ItemsOnly"
    case forest = "Forest"

    var isExample: Bool {
      switch self {
      case .everything, .itemsOnly, .forest: false
      default: true
      }
    }
  }

  enum Expected: Sendable {
    /// A valid stream with this many items; `json`, when given, is every part's value as
    /// the writers encode it (defaults applied, fields in declaration order).
    case valid(items: Int, json: [String]? = nil)
    /// The first error: its code, the byte offset, the frame index and, for payload
    /// errors, the JSON path.
    case invalid(StreamError.Code, offset: Int, frame: Int?, path: String? = nil)
  }

  struct ConformanceCase: Sendable, CustomTestStringConvertible {
    var name: String
    var stream: StreamName
    var bytes: [UInt8]
    var limits = StreamLimits()
    var expected: Expected

    var testDescription: String { name }
  }

  /// Payloads the corpus is built from. `frameSizesOfTheCorpusPayloads` checks the size of
  /// each one's frame (5-byte tag + payload), from which the offsets below are summed.
  enum Payload {
    /// Frame size 69.
    static let header = #"{"model":"whisper-large-v3","language":"en","sample_rate":16000}"#
    /// Frame size 156.
    static let segment0 =
      #"{"id":0,"start":0.0,"end":0.5,"text":"hello","speaker":"agent","#
      + #""words":[{"word":"hello","start":0.0,"end":0.5,"confidence":0.98}],"#
      + #""tags":{"lang":"en"}}"#
    /// Frame size 62.
    static let segment1 = #"{"id":1,"start":0.5,"end":1.25,"text":"world","words":[]}"#
    /// Frame size 95.
    static let summary =
      #"{"duration_sec":1.25,"languages":["en"],"segments":2,"#
      + #""finished_at":"2026-11-24T10:00:00Z"}"#
    /// Frame size 60.
    static let event0 = #"{"at":"2026-11-24T10:00:00Z","stage":"queued","done":0}"#
    static let event1 =
      #"{"at":"2026-11-24T10:00:01.5+01:00","stage":"processing","done":3,"total":10,"#
      + #""message":"working","metrics":{"rate":1.5,"eta":2},"#
      + #""details":{"worker":"w-1","tries":[1,2.5,null,true]}}"#
    /// Frame size 111.
    static let result =
      #"{"status":"succeeded","outputs":["s3://bucket/out.json"],"#
      + #""errors":[{"code":"E1","message":"retry later"}]}"#
    /// Frame size 89.
    static let completionHeader =
      #"{"id":"cmpl-abc123","model":"gpt","created":"2026-11-24T10:00:00Z","max_tokens":256}"#
    /// Frame size 85.
    static let token0 =
      #"{"index":0,"text":"Hi","logprob":-0.25,"top_logprobs":{"Hi":-0.25,"Hello":-1.5}}"#
    static let token1 = #"{"index":1,"text":"!"}"#
    /// Frame size 88.
    static let usage =
      #"{"prompt_tokens":12,"completion_tokens":2,"finish_reason":"stop","latency_ms":81.5}"#

    /// A token whose `top_logprobs` has `count` entries.
    static func token(alternatives count: Int) -> String {
      let entries = (0..<count).map { #""t\#($0)":-1.0"# }.joined(separator: ",")
      return #"{"index":1,"text":"x","top_logprobs":{"# + entries + "}}"
    }

    /// A progress event whose `details` nests `depth` arrays.
    static func event(nestedArrays depth: Int) -> String {
      #"{"at":"2026-11-24T10:00:00Z","stage":"queued","done":1,"details":"#
        + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
    }
  }

  static func frame(_ kind: UInt8, _ payload: String) -> [UInt8] {
    frame(kind, bytes: Array(payload.utf8))
  }

  static func frame(_ kind: UInt8, bytes payload: [UInt8]) -> [UInt8] {
    let length = UInt32(payload.count)
    return [
      kind, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
      UInt8(length & 0xFF),
    ] + payload
  }

  static let endFrame: [UInt8] = [5, 0, 0, 0, 0]

  static let validCases: [ConformanceCase] = {
    typealias P = Payload
    let header = frame(2, P.header)
    let segment0 = frame(3, P.segment0)
    let segment1 = frame(3, P.segment1)
    let summary = frame(4, P.summary)
    let segment1JSON =
      #"{"id":1,"start":0.5,"end":1.25,"text":"world","speaker":null,"words":[],"tags":{}}"#
    let unicodeSegment =
      #"{"id":0,"start":0.0,"end":1.0,"text":"h\u00e9llo w\u00f6rld 👋 日本語 \ud83d\ude00 "#
      + #"\"q\" \\ \/","words":[{"word":"👋","start":0,"end":1,"confidence":1}],"#
      + #""tags":{"en-US":"ü"}}"#
    let unicodeSegmentJSON =
      #"{"id":0,"start":0.0,"end":1.0,"text":"héllo wörld 👋 日本語 😀 \"q\" \\ /","#
      + #""speaker":null,"words":[{"word":"👋","start":0.0,"end":1.0,"confidence":1.0}],"#
      + #""tags":{"en-US":"ü"}}"#
    let bigText = String(repeating: "abcdefgh", count: 1 << 17)
    let many = (0..<200).map { #"{"id":\#($0),"start":0,"end":1,"text":"t","words":[]}"# }
    return [
      ConformanceCase(
        name: "header, items and footer",
        stream: .transcription,
        bytes: header + segment0 + segment1 + summary,
        expected: .valid(items: 2, json: [P.header, P.segment0, segment1JSON, P.summary])
      ),
      ConformanceCase(
        name: "zero items between header and footer",
        stream: .transcription,
        bytes: header + summary,
        expected: .valid(items: 0, json: [P.header, P.summary])
      ),
      ConformanceCase(
        name: "empty input, nothing declared but items",
        stream: .segments,
        bytes: [],
        expected: .valid(items: 0, json: [])
      ),
      ConformanceCase(
        name: "explicit end frame alone",
        stream: .segments,
        bytes: endFrame,
        expected: .valid(items: 0, json: [])
      ),
      ConformanceCase(
        name: "explicit end frame after the footer",
        stream: .transcription,
        bytes: header + segment0 + summary + endFrame,
        expected: .valid(items: 1)
      ),
      ConformanceCase(
        name: "explicit end frame after items, no footer declared",
        stream: .live,
        bytes: header + segment0 + segment1 + endFrame,
        expected: .valid(items: 2)
      ),
      ConformanceCase(
        name: "header alone",
        stream: .live,
        bytes: header,
        expected: .valid(items: 0, json: [P.header])
      ),
      ConformanceCase(
        name: "items then footer, no header declared",
        stream: .withSummary,
        bytes: segment0 + segment1 + summary,
        expected: .valid(items: 2)
      ),
      ConformanceCase(
        name: "unicode text, escapes and surrogate pairs",
        stream: .transcription,
        bytes: frame(2, #"{"model":"wh\u00efsper-ü","sample_rate":8000}"#)
          + frame(3, unicodeSegment) + summary,
        expected: .valid(
          items: 1,
          json: [
            #"{"model":"whïsper-ü","language":null,"sample_rate":8000}"#, unicodeSegmentJSON,
            P.summary,
          ]
        )
      ),
      ConformanceCase(
        name: "a 1 MiB frame",
        stream: .segments,
        bytes: segment1
          + frame(3, #"{"id":2,"start":0,"end":1,"text":""# + bigText + #"","words":[]}"#)
          + segment1,
        expected: .valid(items: 3)
      ),
      ConformanceCase(
        name: "a frame exactly at the size limit",
        stream: .segments,
        bytes: segment0,
        limits: StreamLimits(maxFrameBytes: 151),
        expected: .valid(items: 1, json: [P.segment0])
      ),
      ConformanceCase(
        name: "nesting exactly at the depth limit",
        stream: .jobProgress,
        bytes: frame(
          3,
          #"{"at":"2026-11-24T10:00:00Z","stage":"queued","done":1,"details":{"a":[{}]}}"#
        ) + frame(4, P.result),
        limits: StreamLimits(maxDepth: 4),
        expected: .valid(items: 1)
      ),
      ConformanceCase(
        name: "whitespace, any key order, integers for floats, unknown keys ignored",
        stream: .segments,
        bytes: frame(
          3,
          " { \"words\" : [ ] ,\n\t\"text\" : \"x\" , \"end\" : 1 , \"start\" : 0 ,\r\n"
            + " \"id\" : 5 , \"unknown\" : {\"k\":[1, {}]} } "
        ),
        expected: .valid(
          items: 1,
          json: [
            #"{"id":5,"start":0.0,"end":1.0,"text":"x","speaker":null,"words":[],"tags":{}}"#
          ]
        )
      ),
      ConformanceCase(
        name: "job progress with a json field, offsets and defaults",
        stream: .jobProgress,
        bytes: frame(3, P.event0) + frame(3, P.event1) + frame(4, P.result),
        expected: .valid(
          items: 2,
          json: [
            #"{"at":"2026-11-24T10:00:00Z","stage":"queued","done":0,"total":null,"#
              + #""message":"","metrics":{},"details":null}"#,
            #"{"at":"2026-11-24T09:00:01.500000Z","stage":"processing","done":3,"total":10,"#
              + #""message":"working","metrics":{"eta":2.0,"rate":1.5},"#
              + #""details":{"tries":[1,2.5,null,true],"worker":"w-1"}}"#,
            #"{"status":"succeeded","outputs":["s3://bucket/out.json"],"#
              + #""errors":[{"code":"E1","message":"retry later","retryable":false}]}"#,
          ]
        )
      ),
      ConformanceCase(
        name: "datetimes at the edges of 0000-9999 in UTC, with offsets, are kept exactly",
        stream: .jobProgress,
        bytes: frame(3, #"{"at":"9999-12-31T00:00:00-23:59","stage":"queued","done":0}"#)
          + frame(3, #"{"at":"0000-01-01T23:59:00+23:59","stage":"queued","done":0}"#)
          + frame(3, #"{"at":"9999-12-31T23:59:59.5Z","stage":"queued","done":0}"#)
          + frame(4, #"{"status":"failed"}"#),
        expected: .valid(
          items: 3,
          json: [
            #"{"at":"9999-12-31T23:59:00Z","stage":"queued","done":0,"total":null,"#
              + #""message":"","metrics":{},"details":null}"#,
            #"{"at":"0000-01-01T00:00:00Z","stage":"queued","done":0,"total":null,"#
              + #""message":"","metrics":{},"details":null}"#,
            #"{"at":"9999-12-31T23:59:59.500000Z","stage":"queued","done":0,"total":null,"#
              + #""message":"","metrics":{},"details":null}"#,
            #"{"status":"failed","outputs":[],"errors":[]}"#,
          ]
        )
      ),
      ConformanceCase(
        name: "job progress footer alone, all defaults",
        stream: .jobProgress,
        bytes: frame(4, #"{"status":"failed"}"#),
        expected: .valid(items: 0, json: [#"{"status":"failed","outputs":[],"errors":[]}"#])
      ),
      ConformanceCase(
        name: "completion with header, tokens and usage",
        stream: .completion,
        bytes: frame(2, P.completionHeader) + frame(3, P.token0) + frame(3, P.token1)
          + frame(4, P.usage),
        expected: .valid(
          items: 2,
          json: [
            P.completionHeader,
            #"{"index":0,"text":"Hi","logprob":-0.25,"top_logprobs":{"Hello":-1.5,"Hi":-0.25}}"#,
            #"{"index":1,"text":"!","logprob":null,"top_logprobs":null}"#, P.usage,
          ]
        )
      ),
      ConformanceCase(
        name: "constraints met exactly at their bounds",
        stream: .completion,
        bytes: frame(
          2,
          #"{"id":"cmpl-Z9","model":"m","created":"2026-11-24T10:00:00.123456Z","#
            + #""max_tokens":131072}"#
        ) + frame(3, P.token(alternatives: 20))
          + frame(3, #"{"index":0,"text":"","logprob":0}"#)
          + frame(
            4,
            #"{"prompt_tokens":0,"completion_tokens":0,"finish_reason":"tool_calls","#
              + #""latency_ms":0}"#
          ),
        expected: .valid(items: 2)
      ),
      ConformanceCase(
        name: "explicit nulls for optional fields",
        stream: .live,
        bytes: frame(2, #"{"model":"m","language":null,"sample_rate":8000}"#)
          + frame(3, #"{"id":0,"start":0,"end":1,"text":"x","speaker":null,"words":[]}"#),
        expected: .valid(items: 1)
      ),
      ConformanceCase(
        name: "two hundred small items",
        stream: .segments,
        bytes: many.flatMap { frame(3, $0) },
        expected: .valid(items: 200)
      ),
      ConformanceCase(
        name: "a message of exactly 500 scalars, metrics and details",
        stream: .jobProgress,
        bytes: frame(
          3,
          #"{"at":"2026-11-24T10:00:00z","stage":"uploading","done":1,"message":""#
            + String(repeating: "é", count: 500)
            + #"","metrics":{},"details":[{"deep":{"er":[null]}}]}"#
        ) + frame(4, #"{"status":"cancelled","outputs":[],"errors":[]}"#),
        expected: .valid(items: 1)
      ),
      // Integer literals beyond 64 bits, as Python writes its big integers.
      ConformanceCase(
        name: "integers beyond 64 bits in float fields read as the nearest double",
        stream: .segments,
        bytes: frame(
          3,
          #"{"id":0,"start":100000000000000000000,"end":100000000000000000001,"text":"x","#
            + #""words":[{"word":"w","start":18446744073709551616,"end":-9223372036854775809,"#
            + #""confidence":1}]}"#
        ),
        expected: .valid(
          items: 1,
          json: [
            #"{"id":0,"start":1e+20,"end":1e+20,"text":"x","speaker":null,"#
              + #""words":[{"word":"w","start":1.8446744073709552e+19,"#
              + #""end":-9.223372036854776e+18,"confidence":1.0}],"tags":{}}"#
          ]
        )
      ),
      ConformanceCase(
        name: "integers beyond 64 bits in a json field keep their digits",
        stream: .jobProgress,
        bytes: frame(
          3,
          #"{"at":"2026-11-24T10:00:00Z","stage":"queued","done":0,"#
            + #""metrics":{"big":123456789012345678901234567890},"#
            + #""details":{"n":123456789012345678901234567890,"m":[-9223372036854775809,"#
            + #"9223372036854775807,1"# + String(repeating: "0", count: 308) + "]}}"
        ) + frame(4, #"{"status":"failed"}"#),
        expected: .valid(
          items: 1,
          json: [
            #"{"at":"2026-11-24T10:00:00Z","stage":"queued","done":0,"total":null,"#
              + #""message":"","metrics":{"big":1.2345678901234568e+29},"#
              + #""details":{"m":[-9223372036854775809,9223372036854775807,1"#
              + String(repeating: "0", count: 308) + #"],"n":123456789012345678901234567890}}"#,
            #"{"status":"failed","outputs":[],"errors":[]}"#,
          ]
        )
      ),
    ]
  }()

  static let invalidCases: [ConformanceCase] = {
    typealias P = Payload
    let header = frame(2, P.header)
    let segment0 = frame(3, P.segment0)
    let segment1 = frame(3, P.segment1)
    let summary = frame(4, P.summary)
    let event0 = frame(3, P.event0)
    let result = frame(4, P.result)
    let completionHeader = frame(2, P.completionHeader)
    let token0 = frame(3, P.token0)
    let usage = frame(4, P.usage)

    func invalid(
      _ name: String,
      _ stream: StreamName,
      _ bytes: [UInt8],
      limits: StreamLimits = StreamLimits(),
      _ code: StreamError.Code,
      offset: Int,
      frame: Int?,
      path: String? = nil
    ) -> ConformanceCase {
      ConformanceCase(
        name: name,
        stream: stream,
        bytes: bytes,
        limits: limits,
        expected: .invalid(code, offset: offset, frame: frame, path: path)
      )
    }

    return [
      // Framing.
      invalid(
        "truncated tag after the header",
        .transcription,
        header + [3, 0, 0],
        .truncatedTag,
        offset: 69,
        frame: 1
      ),
      invalid("truncated tag, one byte", .segments, [3], .truncatedTag, offset: 0, frame: 0),
      invalid(
        "truncated payload",
        .transcription,
        header + segment0.dropLast(3),
        .truncatedPayload,
        offset: 69,
        frame: 1
      ),
      invalid(
        "truncated payload, tag only",
        .jobProgress,
        event0 + [3, 0, 0, 0, 60],
        .truncatedPayload,
        offset: 60,
        frame: 1
      ),
      invalid(
        "frame over a small size limit",
        .segments,
        segment1 + segment0,
        limits: StreamLimits(maxFrameBytes: 100),
        .frameTooLarge,
        offset: 62,
        frame: 1
      ),
      invalid(
        "a 4 GiB length, refused from the tag",
        .live,
        header + [3, 0xFF, 0xFF, 0xFF, 0xFF] + Array("{".utf8),
        .frameTooLarge,
        offset: 69,
        frame: 1
      ),
      invalid(
        "unknown kind 0",
        .transcription,
        header + frame(0, P.segment1),
        .unknownFrameKind,
        offset: 69,
        frame: 1
      ),
      invalid(
        "unknown kind 6",
        .segments,
        segment0 + frame(6, P.segment1),
        .unknownFrameKind,
        offset: 156,
        frame: 1
      ),
      invalid(
        "unknown kind 255 first",
        .withSummary,
        frame(255, P.segment1),
        .unknownFrameKind,
        offset: 0,
        frame: 0
      ),
      invalid(
        "kind 1, Python's NOT_SET",
        .segments,
        segment1 + frame(1, P.segment1),
        .unknownFrameKind,
        offset: 62,
        frame: 1
      ),
      invalid(
        "end frame with a payload",
        .live,
        header + segment0 + frame(5, "{}"),
        .invalidEndFrame,
        offset: 225,
        frame: 2
      ),
      invalid(
        "an item after the end frame",
        .segments,
        segment0 + endFrame + segment1,
        .dataAfterEnd,
        offset: 161,
        frame: 2
      ),
      invalid(
        "a stray byte after the end frame",
        .transcription,
        header + summary + endFrame + [0],
        .dataAfterEnd,
        offset: 169,
        frame: 3
      ),

      // Order.
      invalid(
        "a header when none is declared",
        .segments,
        header,
        .unexpectedHeader,
        offset: 0,
        frame: 0
      ),
      invalid(
        "a header after items when none is declared",
        .jobProgress,
        event0 + header,
        .unexpectedHeader,
        offset: 60,
        frame: 1
      ),
      invalid(
        "missing declared header",
        .transcription,
        segment0 + summary,
        .missingHeader,
        offset: 0,
        frame: 0
      ),
      invalid(
        "footer first when a header is declared",
        .completion,
        usage,
        .missingHeader,
        offset: 0,
        frame: 0
      ),
      invalid(
        "end frame first when a header is declared",
        .live,
        endFrame,
        .missingHeader,
        offset: 0,
        frame: 0
      ),
      invalid(
        "header twice",
        .transcription,
        header + header,
        .misplacedHeader,
        offset: 69,
        frame: 1
      ),
      invalid(
        "header after an item",
        .live,
        header + segment0 + header,
        .misplacedHeader,
        offset: 225,
        frame: 2
      ),
      invalid(
        "an item after the footer",
        .transcription,
        header + summary + segment0,
        .frameAfterFooter,
        offset: 164,
        frame: 2
      ),
      invalid(
        "footer twice",
        .jobProgress,
        result + result,
        .frameAfterFooter,
        offset: 111,
        frame: 1
      ),
      invalid(
        "a footer when none is declared",
        .live,
        header + segment0 + summary,
        .unexpectedFooter,
        offset: 225,
        frame: 2
      ),
      invalid(
        "footer missing at the end of input",
        .transcription,
        header + segment0,
        .missingFooter,
        offset: 225,
        frame: nil
      ),
      invalid(
        "end frame before the declared footer",
        .withSummary,
        segment0 + endFrame,
        .missingFooter,
        offset: 156,
        frame: 1
      ),
      invalid(
        "empty stream with a declared header",
        .transcription,
        [],
        .missingHeader,
        offset: 0,
        frame: nil
      ),
      invalid(
        "empty stream with a declared footer",
        .jobProgress,
        [],
        .missingFooter,
        offset: 0,
        frame: nil
      ),
      invalid(
        "header alone when a footer is declared",
        .completion,
        completionHeader,
        .missingFooter,
        offset: 89,
        frame: nil
      ),

      // JSON syntax.
      invalid(
        "invalid JSON literal",
        .segments,
        segment1 + frame(3, #"{"id":2,"start":0,"end":1,"text":tru,"words":[]}"#),
        .invalidJSON,
        offset: 62,
        frame: 1,
        path: "$.text"
      ),
      invalid(
        "invalid UTF-8 in a string",
        .transcription,
        frame(
          2,
          bytes: Array(#"{"model":"wh"#.utf8) + [0xFF] + Array(#"isper","sample_rate":16000}"#.utf8)
        ),
        .invalidJSON,
        offset: 0,
        frame: 0,
        path: "$.model"
      ),
      invalid(
        "a lone surrogate escape",
        .segments,
        frame(3, #"{"id":0,"start":0,"end":1,"text":"a\ud800b","words":[]}"#),
        .invalidJSON,
        offset: 0,
        frame: 0,
        path: "$.text"
      ),
      invalid(
        "a NaN token",
        .segments,
        frame(3, #"{"id":0,"start":NaN,"end":1,"text":"x","words":[]}"#),
        .invalidJSON,
        offset: 0,
        frame: 0,
        path: "$.start"
      ),
      invalid(
        "an Infinity token deep in a list",
        .transcription,
        header + segment0
          + frame(
            3,
            #"{"id":1,"start":0.5,"end":1,"text":"x","#
              + #""words":[{"word":"x","start":0.5,"end":1,"confidence":Infinity}]}"#
          ),
        .invalidJSON,
        offset: 225,
        frame: 2,
        path: "$.words[0].confidence"
      ),
      invalid(
        "an integer beyond 64 bits in an int field",
        .jobProgress,
        event0
          + frame(3, #"{"at":"2026-11-24T10:00:00Z","stage":"queued","done":9223372036854775808}"#),
        .invalidPayload,
        offset: 60,
        frame: 1,
        path: "$.done"
      ),
      invalid(
        "an integer beyond a double's range in a float field",
        .segments,
        frame(
          3,
          #"{"id":0,"start":1"# + String(repeating: "0", count: 309)
            + #","end":1,"text":"x","words":[]}"#
        ),
        .invalidJSON,
        offset: 0,
        frame: 0,
        path: "$.start"
      ),
      invalid(
        "an integer beyond a double's range in a json field",
        .jobProgress,
        frame(
          3,
          #"{"at":"2026-11-24T10:00:00Z","stage":"queued","done":1,"details":[-"#
            + String(repeating: "9", count: 400) + "]}"
        ),
        .invalidJSON,
        offset: 0,
        frame: 0,
        path: "$.details[0]"
      ),
      invalid(
        "nesting deeper than a limit of 4",
        .jobProgress,
        frame(
          3,
          #"{"at":"2026-11-24T10:00:00Z","stage":"queued","done":1,"details":{"a":[{"b":[]}]}}"#
        ),
        limits: StreamLimits(maxDepth: 4),
        .invalidJSON,
        offset: 0,
        frame: 0,
        path: "$.details.a[0].b"
      ),
      invalid(
        "nesting deeper than the default limit of 64",
        .jobProgress,
        frame(3, P.event(nestedArrays: 64)),
        .invalidJSON,
        offset: 0,
        frame: 0,
        path: "$.details" + String(repeating: "[0]", count: 63)
      ),
      invalid(
        "a top-level array",
        .segments,
        frame(3, "[1,2]"),
        .invalidJSON,
        offset: 0,
        frame: 0,
        path: "$"
      ),
      invalid(
        "an empty payload",
        .segments,
        segment1 + frame(3, ""),
        .invalidJSON,
        offset: 62,
        frame: 1,
        path: "$"
      ),
      invalid(
        "a byte order mark before the object",
        .segments,
        frame(3, bytes: [0xEF, 0xBB, 0xBF] + Array(P.segment1.utf8)),
        .invalidJSON,
        offset: 0,
        frame: 0,
        path: "$"
      ),

      // Payloads against their models.
      invalid(
        "type mismatch deep in a nested list",
        .transcription,
        header + segment0 + segment1
          + frame(
            3,
            #"{"id":2,"start":1.0,"end":2.0,"text":"a b c","words":["#
              + #"{"word":"a","start":1.0,"end":1.2,"confidence":0.9},"#
              + #"{"word":"b","start":1.2,"end":1.5,"confidence":0.8},"#
              + #"{"word":"c","start":"1.5","end":2.0,"confidence":0.7}]}"#
          ),
        .invalidPayload,
        offset: 287,
        frame: 3,
        path: "$.words[2].start"
      ),
      invalid(
        "minimum: sample_rate",
        .live,
        frame(2, #"{"model":"m","sample_rate":7999}"#),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.sample_rate"
      ),
      invalid(
        "minimum: a negative float start",
        .withSummary,
        segment1 + frame(3, #"{"id":0,"start":-0.5,"end":1,"text":"x","words":[]}"#),
        .invalidPayload,
        offset: 62,
        frame: 1,
        path: "$.start"
      ),
      invalid(
        "maximum: a word's confidence",
        .segments,
        segment1
          + frame(
            3,
            #"{"id":2,"start":0,"end":1,"text":"x","#
              + #""words":[{"word":"x","start":0,"end":1,"confidence":1.5}]}"#
          ),
        .invalidPayload,
        offset: 62,
        frame: 1,
        path: "$.words[0].confidence"
      ),
      invalid(
        "maximum: an optional logprob",
        .completion,
        completionHeader + frame(3, #"{"index":0,"text":"x","logprob":0.5}"#),
        .invalidPayload,
        offset: 89,
        frame: 1,
        path: "$.logprob"
      ),
      invalid(
        "min_length: an empty word",
        .withSummary,
        frame(
          3,
          #"{"id":0,"start":0,"end":1,"text":"","#
            + #""words":[{"word":"","start":0,"end":1,"confidence":0.5}]}"#
        ),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.words[0].word"
      ),
      invalid(
        "pattern: the completion id",
        .completion,
        frame(
          2,
          #"{"id":"chat-1","model":"gpt","created":"2026-11-24T10:00:00Z","max_tokens":256}"#
        ),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.id"
      ),
      invalid(
        "exclusive_minimum: max_tokens 0",
        .completion,
        frame(
          2,
          #"{"id":"cmpl-1","model":"gpt","created":"2026-11-24T10:00:00Z","max_tokens":0}"#
        ),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.max_tokens"
      ),
      invalid(
        "maximum: max_tokens 131073",
        .completion,
        frame(
          2,
          #"{"id":"cmpl-1","model":"gpt","created":"2026-11-24T10:00:00Z","max_tokens":131073}"#
        ),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.max_tokens"
      ),
      invalid(
        "max_items: 21 alternatives",
        .completion,
        completionHeader + token0 + frame(3, P.token(alternatives: 21)),
        .invalidPayload,
        offset: 174,
        frame: 2,
        path: "$.top_logprobs"
      ),
      invalid(
        "max_length: a 501-scalar message",
        .jobProgress,
        frame(
          3,
          #"{"at":"2026-11-24T10:00:00Z","stage":"queued","done":1,"message":""#
            + String(repeating: "é", count: 501) + #""}"#
        ),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.message"
      ),
      invalid(
        "pattern: the job status",
        .jobProgress,
        event0 + frame(4, #"{"status":"done"}"#),
        .invalidPayload,
        offset: 60,
        frame: 1,
        path: "$.status"
      ),
      invalid(
        "min_length: a job error's code in the footer",
        .jobProgress,
        event0
          + frame(
            4,
            #"{"status":"failed","errors":[{"code":"E1","message":"a"},"#
              + #"{"code":"","message":"b"}]}"#
          ),
        .invalidPayload,
        offset: 60,
        frame: 1,
        path: "$.errors[1].code"
      ),
      invalid(
        "unknown enum value: speaker",
        .transcription,
        header + frame(3, #"{"id":0,"start":0,"end":1,"text":"x","speaker":"robot","words":[]}"#),
        .invalidPayload,
        offset: 69,
        frame: 1,
        path: "$.speaker"
      ),
      invalid(
        "unknown enum value: stage",
        .jobProgress,
        frame(3, #"{"at":"2026-11-24T10:00:00Z","stage":"paused","done":0}"#),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.stage"
      ),
      invalid(
        "unknown enum value: finish_reason",
        .completion,
        completionHeader + token0
          + frame(
            4,
            #"{"prompt_tokens":12,"completion_tokens":2,"finish_reason":"timeout","#
              + #""latency_ms":81.5}"#
          ),
        .invalidPayload,
        offset: 174,
        frame: 2,
        path: "$.finish_reason"
      ),
      invalid(
        "an unknown key under forbid: TranscriptionSummary",
        .transcription,
        header
          + frame(
            4,
            #"{"duration_sec":1.25,"languages":["en"],"segments":0,"#
              + #""finished_at":"2026-11-24T10:00:00Z","confidence":0.9}"#
          ),
        .invalidPayload,
        offset: 69,
        frame: 1,
        path: "$.confidence"
      ),
      invalid(
        "an unknown key under forbid: Usage",
        .completion,
        completionHeader
          + frame(
            4,
            #"{"prompt_tokens":12,"completion_tokens":2,"finish_reason":"stop","#
              + #""latency_ms":81.5,"cached_tokens":0}"#
          ),
        .invalidPayload,
        offset: 89,
        frame: 1,
        path: "$.cached_tokens"
      ),
      invalid(
        "a missing required key",
        .segments,
        frame(3, #"{"id":0,"start":0,"end":1,"words":[]}"#),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.text"
      ),
      invalid(
        "a missing required key in a nested model",
        .live,
        header
          + frame(
            3,
            #"{"id":0,"start":0,"end":1,"text":"x","words":[{"word":"x","start":0,"end":1}]}"#
          ),
        .invalidPayload,
        offset: 69,
        frame: 1,
        path: "$.words[0].confidence"
      ),
      invalid(
        "null for a defaulted map",
        .segments,
        frame(3, #"{"id":0,"start":0,"end":1,"text":"x","words":[],"tags":null}"#),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.tags"
      ),
      invalid(
        "null for a defaulted string",
        .jobProgress,
        frame(3, #"{"at":"2026-11-24T10:00:00Z","stage":"queued","done":0,"message":null}"#),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.message"
      ),
      invalid(
        "null for a defaulted list of models",
        .jobProgress,
        frame(4, #"{"status":"failed","errors":null}"#),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.errors"
      ),
      invalid(
        "null for a required integer",
        .segments,
        frame(3, #"{"id":null,"start":0,"end":1,"text":"x","words":[]}"#),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.id"
      ),
      invalid(
        "null for a required list",
        .segments,
        frame(3, #"{"id":0,"start":0,"end":1,"text":"x","words":null}"#),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.words"
      ),
      invalid(
        "null for a required list under forbid",
        .withSummary,
        segment1
          + frame(
            4,
            #"{"duration_sec":1,"languages":null,"segments":1,"#
              + #""finished_at":"2026-11-24T10:00:00Z"}"#
          ),
        .invalidPayload,
        offset: 62,
        frame: 1,
        path: "$.languages"
      ),
      invalid(
        "a string for a list",
        .withSummary,
        frame(
          4,
          #"{"duration_sec":1,"languages":"en","segments":1,"#
            + #""finished_at":"2026-11-24T10:00:00Z"}"#
        ),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.languages"
      ),
      invalid(
        "a fraction for an integer",
        .segments,
        frame(3, #"{"id":1.5,"start":0,"end":1,"text":"x","words":[]}"#),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.id"
      ),
      invalid(
        "a number for an optional string",
        .live,
        frame(2, #"{"model":"m","language":5,"sample_rate":16000}"#),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.language"
      ),
      invalid(
        "a number in a map of strings",
        .segments,
        frame(3, #"{"id":0,"start":0,"end":1,"text":"x","words":[],"tags":{"en-US":1}}"#),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: #"$.tags["en-US"]"#
      ),
      invalid(
        "a string in a map of floats",
        .jobProgress,
        frame(
          3,
          #"{"at":"2026-11-24T10:00:00Z","stage":"queued","done":0,"metrics":{"rate":"fast"}}"#
        ),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.metrics.rate"
      ),
      invalid(
        "a string for a bool in a footer's list",
        .jobProgress,
        frame(
          4,
          #"{"status":"failed","errors":[{"code":"E","message":"m","retryable":"yes"}]}"#
        ),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.errors[0].retryable"
      ),
      invalid(
        "bad datetime: February 30",
        .transcription,
        header
          + frame(
            4,
            #"{"duration_sec":1,"languages":[],"segments":0,"#
              + #""finished_at":"2026-02-30T10:00:00Z"}"#
          ),
        .invalidPayload,
        offset: 69,
        frame: 1,
        path: "$.finished_at"
      ),
      invalid(
        "bad datetime: a space for T",
        .jobProgress,
        frame(3, #"{"at":"2026-11-24 10:00:00Z","stage":"queued","done":0}"#),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.at"
      ),
      // Issue 13: well-formed, but the offset moves the instant out of 0000-9999 in UTC.
      invalid(
        "bad datetime: 9999 with offset -23:59 is in 10000 in UTC",
        .jobProgress,
        frame(3, P.event0)
          + frame(3, #"{"at":"9999-12-31T23:59:59-23:59","stage":"queued","done":0}"#),
        .invalidPayload,
        offset: 60,
        frame: 1,
        path: "$.at"
      ),
      invalid(
        "bad datetime: 0000 with offset +23:59 is in -1 in UTC",
        .jobProgress,
        frame(3, #"{"at":"0000-01-01T00:00:00+23:59","stage":"queued","done":0}"#),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.at"
      ),
      invalid(
        "bad datetime: a number",
        .completion,
        frame(2, #"{"id":"cmpl-1","model":"gpt","created":1795514400,"max_tokens":1}"#),
        .invalidPayload,
        offset: 0,
        frame: 0,
        path: "$.created"
      ),
      invalid(
        "the first error wins over a later order error",
        .transcription,
        header + frame(3, #"{"id":0,"start":-1,"end":1,"text":"x","words":[]}"#) + header,
        .invalidPayload,
        offset: 69,
        frame: 1,
        path: "$.start"
      ),
    ]
  }()

  /// An `AllTypes` item of `Corpus.yaml` with only its required fields, `replacing` some
  /// of them.
  static func allTypes(replacing replacements: [String: String] = [:]) -> String {
    let fields: [(String, String)] = [
      ("text", #""t""#), ("count", "1"), ("ratio", "1"), ("flag", "false"),
      ("at", #""2026-11-24T10:00:00Z""#), ("anything", #"[1,{"a":null}]"#),
      ("list_angle", "[]"), ("list_bracket", "[]"), ("list_flow", "[2]"),
      ("nested_lists", "[]"), ("map_of_lists", "{}"), ("list_of_maps", "[]"),
      ("maybe_models", #"[null,{"name":"a"}]"#), ("dates", "[]"), ("date_map", "{}"),
      ("color", #""NOT_SET""#), ("colors", "{}"),
      ("leaf", #"{"name":"b","weight":0,"exclusive":0.75}"#), ("leaves", "[]"),
      ("leaf_map", "{}"), ("nested_leaves", "[]"),
    ]
    let members = fields.map { #""\#($0.0)":"# + (replacements[$0.0] ?? $0.1) }
    let extra = replacements.keys.filter { key in !fields.contains { $0.0 == key } }.sorted()
      .map { #""\#($0)":"# + replacements[$0]! }
    return "{" + (members + extra).joined(separator: ",") + "}"
  }

  /// Cases over `Corpus.yaml`: defaults of every kind, recursion, nested optionals, maps
  /// of models, and the constraints the example schemas lack.
  static let languageCases: [ConformanceCase] = {
    // Frame size 18.
    let header = frame(2, #"{"title":"t"}"#)
    let footer = frame(4, #"{"count":1}"#)
    let defaults =
      #""with_default":42,"default_text":"he said \"hi\"\n","default_list":[1.0,2.5],"#
      + #""default_map":{"a":1,"b":2},"default_color":"light-blue","#
      + #""default_date":"2026-11-24T10:00:00.250000Z","default_json":{"k":[1,"two",null,true]},"#
      + #""default_leaf":{"name":"root","weight":1.0,"exclusive":0.5,"tags":[],"attributes":{}},"#
    let minimalJSON =
      #"{"text":"t","count":1,"ratio":1.0,"flag":false,"at":"2026-11-24T10:00:00Z","#
      + #""anything":[1,{"a":null}],"list_angle":[],"list_bracket":[],"list_flow":[2.0],"#
      + #""nested_lists":[],"map_of_lists":{},"list_of_maps":[],"maybe_text":null,"#
      + #""maybe_flag":null,"maybe_models":[null,{"name":"a","weight":1.0,"exclusive":0.5,"#
      + #""tags":[],"attributes":{}}],"dates":[],"maybe_date":null,"date_map":{},"#
      + #""color":"NOT_SET","colors":{},"leaf":{"name":"b","weight":0.0,"exclusive":0.75,"#
      + #""tags":[],"attributes":{}},"leaves":[],"leaf_map":{},"nested_leaves":[],"# + defaults
    let full = String(decoding: JSONWriter.encode(CorpusTests.everything), as: UTF8.self)

    func item(_ replacements: [String: String]) -> [UInt8] {
      header + frame(3, allTypes(replacing: replacements)) + footer
    }

    func invalid(
      _ name: String,
      _ stream: StreamName,
      _ bytes: [UInt8],
      offset: Int,
      frame: Int,
      path: String
    ) -> ConformanceCase {
      ConformanceCase(
        name: name,
        stream: stream,
        bytes: bytes,
        expected: .invalid(.invalidPayload, offset: offset, frame: frame, path: path)
      )
    }

    return [
      invalid(
        "language: a negative integer beyond 64 bits in a list of ints",
        .everything,
        item(["list_angle": "[1,-9223372036854775809]"]),
        offset: 18,
        frame: 1,
        path: "$.list_angle[1]"
      ),
      ConformanceCase(
        name: "language: every type, as the generated writer writes it",
        stream: .everything,
        bytes: header + frame(3, full) + footer,
        expected: .valid(items: 1, json: [#"{"title":"t"}"#, full, #"{"count":1}"#])
      ),
      ConformanceCase(
        name: "language: absent keys take the schema's defaults",
        stream: .everything,
        bytes: header + frame(3, allTypes()) + footer,
        expected: .valid(
          items: 1,
          json: [
            #"{"title":"t"}"#,
            minimalJSON + #""default_null":null,"default_optional":7,"renamed":"x"}"#,
            #"{"count":1}"#,
          ]
        )
      ),
      ConformanceCase(
        name: "language: null overrides an optional's default",
        stream: .everything,
        bytes: item([
          "default_optional": "null", "default_null": #""s""#, "renamed": #""y""#,
          "maybe_date": #""2026-11-24T10:00:00+00:00""#,
        ]),
        expected: .valid(
          items: 1,
          json: [
            #"{"title":"t"}"#,
            minimalJSON.replacingOccurrences(
              of: #""maybe_date":null"#,
              with: #""maybe_date":"2026-11-24T10:00:00Z""#
            ) + #""default_null":"s","default_optional":null,"renamed":"y"}"#,
            #"{"count":1}"#,
          ]
        )
      ),
      ConformanceCase(
        name: "language: recursion through lists and maps",
        stream: .forest,
        bytes: frame(
          3,
          #"{"label":"a","children":[{"label":"b","children":[],"#
            + #""by_name":{"x":{"label":"c","children":[]}}}]}"#
        ) + frame(4, #"{"trees":1}"#),
        expected: .valid(
          items: 1,
          json: [
            #"{"label":"a","children":[{"label":"b","children":[],"#
              + #""by_name":{"x":{"label":"c","children":[],"by_name":{}}}}],"by_name":{}}"#,
            #"{"trees":1,"note":null,"ids":[0]}"#,
          ]
        )
      ),
      ConformanceCase(
        name: "language: Swift keywords as field names",
        stream: .itemsOnly,
        bytes: frame(3, #"{"class":"c","default":1,"self":true,"Type":"t","protocol":"p"}"#),
        expected: .valid(
          items: 1,
          json: [
            #"{"class":"c","default":1,"self":true,"Type":"t","init":0,"protocol":"p","#
              + #""HTTPStatus":200,"_private":1}"#
          ]
        )
      ),
      invalid(
        "language: pattern in a map of models",
        .everything,
        item(["leaf_map": #"{"y":{"name":"oak"},"z":{"name":"Oak"}}"#]),
        offset: 18,
        frame: 1,
        path: "$.leaf_map.z.name"
      ),
      invalid(
        "language: min_length in a list of optional models",
        .everything,
        item(["maybe_models": #"[null,{"name":""}]"#]),
        offset: 18,
        frame: 1,
        path: "$.maybe_models[1].name"
      ),
      invalid(
        "language: max_length in a nested model",
        .everything,
        item(["leaf": #"{"name":"abcdefghi"}"#]),
        offset: 18,
        frame: 1,
        path: "$.leaf.name"
      ),
      invalid(
        "language: exclusive_maximum",
        .everything,
        item(["leaf": #"{"name":"b","exclusive":1}"#]),
        offset: 18,
        frame: 1,
        path: "$.leaf.exclusive"
      ),
      invalid(
        "language: max_items on a list in a list of lists",
        .everything,
        item(["nested_leaves": #"[[],[{"name":"a","tags":["1","2","3","4"]}]]"#]),
        offset: 18,
        frame: 1,
        path: "$.nested_leaves[1][0].tags"
      ),
      invalid(
        "language: max_items on a map",
        .everything,
        item(["leaves": #"[{"name":"a","attributes":{"a":1,"b":2,"c":3}}]"#]),
        offset: 18,
        frame: 1,
        path: "$.leaves[0].attributes"
      ),
      invalid(
        "language: unknown enum value in a map",
        .everything,
        item(["colors": #"{"a":"red","b":"blue"}"#]),
        offset: 18,
        frame: 1,
        path: "$.colors.b"
      ),
      invalid(
        "language: bad datetime in a map",
        .everything,
        item(["date_map": #"{"e":"1970-01-01"}"#]),
        offset: 18,
        frame: 1,
        path: "$.date_map.e"
      ),
      invalid(
        "language: type mismatch in a list of lists",
        .everything,
        item(["nested_lists": #"[[1],[2,"x"]]"#]),
        offset: 18,
        frame: 1,
        path: "$.nested_lists[1][1]"
      ),
      invalid(
        "language: null for a defaulted model",
        .everything,
        item(["default_leaf": "null"]),
        offset: 18,
        frame: 1,
        path: "$.default_leaf"
      ),
      invalid(
        "language: an unknown key in a forbid footer",
        .everything,
        header + frame(3, allTypes()) + frame(4, #"{"count":1,"more":2}"#),
        offset: 18 + 5 + allTypes().utf8.count,
        frame: 2,
        path: "$.more"
      ),
      invalid(
        "language: null deep in a recursive model",
        .forest,
        frame(
          3,
          #"{"label":"a","children":[{"label":"b","children":[],"#
            + #""by_name":{"x":{"label":"c","children":null}}}]}"#
        ),
        offset: 0,
        frame: 0,
        path: "$.children[0].by_name.x.children"
      ),
      invalid(
        "language: min_items on a defaulted list",
        .forest,
        frame(4, #"{"trees":1,"ids":[]}"#),
        offset: 0,
        frame: 0,
        path: "$.ids"
      ),
      invalid(
        "language: max_length on an optional string",
        .forest,
        frame(4, #"{"trees":1,"note":"much too long"}"#),
        offset: 0,
        frame: 0,
        path: "$.note"
      ),
      invalid(
        "language: a missing keyword-named field",
        .itemsOnly,
        frame(3, #"{"class":"c","default":1,"Type":"t"}"#),
        offset: 0,
        frame: 0,
        path: "$.self"
      ),
    ]
  }()

  static let corpus = validCases + invalidCases + languageCases

  // MARK: Running both implementations

  /// One part as delivered: its kind and its value encoded by ``JSONWriter``.
  struct Part: Equatable, CustomStringConvertible {
    var kind: FrameKind
    var json: [UInt8]

    var description: String { "\(kind) \(String(decoding: json, as: UTF8.self))" }
  }

  /// What an implementation made of a stream: the parts before the end or the error.
  struct Outcome: Equatable, CustomStringConvertible {
    var parts: [Part] = []
    var error: StreamError?
    /// An error that is not a ``StreamError``, which neither implementation may throw.
    var otherError: String?

    var description: String {
      let shown = parts.count > 6 ? Array(parts.prefix(3)) + Array(parts.suffix(3)) : parts
      let text = shown.map { String($0.description.prefix(200)) }.joined(separator: "\n  ")
      return "\(parts.count) parts:\n  \(text)\nerror: \(error.map { "\($0)" } ?? "none")"
        + (error.map { " [\($0.code), path \($0.path.map { "\($0)" } ?? "nil")]" } ?? "")
        + (otherError.map { "\nother error: \($0)" } ?? "")
    }
  }

  enum Chunking: CustomStringConvertible {
    case whole
    case bytewise
    case random(seed: UInt64)

    var description: String {
      switch self {
      case .whole: "one chunk"
      case .bytewise: "one byte a chunk"
      case .random(let seed): "random chunks, seed \(seed)"
      }
    }
  }

  /// `bytes` split as `chunking` says; random splits mix tiny, medium and large chunks and
  /// empty ones.
  static func split(_ bytes: [UInt8], _ chunking: Chunking) -> [ArraySlice<UInt8>] {
    switch chunking {
    case .whole:
      return [bytes[...]]
    case .bytewise:
      return bytes.indices.map { bytes[$0..<$0 + 1] }
    case .random(let seed):
      var generator = SplitMix64(seed: seed)
      var chunks: [ArraySlice<UInt8>] = []
      var start = 0
      while start < bytes.count {
        let size: Int
        switch generator.next() % 10 {
        case 0: size = 0
        case 1...4: size = Int(generator.next() % 8) + 1
        case 5...7: size = Int(generator.next() % 300) + 1
        default: size = Int(generator.next() % 70_000) + 1
        }
        let end = min(start + size, bytes.count)
        chunks.append(bytes[start..<end])
        start = end
      }
      return chunks
    }
  }

  static func encode(_ value: Any) -> [UInt8] {
    guard let writable = value as? any JSONWritable else {
      Issue.record("\(type(of: value)) is not JSONWritable")
      return []
    }
    return JSONWriter.encode(writable)
  }

  /// Reads `chunks` with the generated reader's `events()`.
  static func read<Schema: StreamSchema>(
    _: Schema.Type,
    _ chunks: [ArraySlice<UInt8>],
    limits: StreamLimits
  ) async -> Outcome {
    let source = AsyncStream<ArraySlice<UInt8>> { continuation in
      for chunk in chunks { continuation.yield(chunk) }
      continuation.finish()
    }
    var outcome = Outcome()
    do {
      for try await event in StreamReader<Schema>(source, limits: limits).events() {
        switch event {
        case .header(let header): outcome.parts.append(Part(kind: .header, json: encode(header)))
        case .item(let item): outcome.parts.append(Part(kind: .item, json: encode(item)))
        case .footer(let footer): outcome.parts.append(Part(kind: .footer, json: encode(footer)))
        }
      }
    } catch let error as StreamError {
      outcome.error = error
    } catch {
      outcome.otherError = "\(error)"
    }
    return outcome
  }

  static func read(
    _ stream: StreamName,
    _ chunks: [ArraySlice<UInt8>],
    limits: StreamLimits
  ) async -> Outcome {
    switch stream {
    case .transcription: await read(Transcription.self, chunks, limits: limits)
    case .segments: await read(TranscriptionSegments.self, chunks, limits: limits)
    case .live: await read(LiveTranscription.self, chunks, limits: limits)
    case .withSummary: await read(TranscriptionWithSummary.self, chunks, limits: limits)
    case .jobProgress: await read(JobProgress.self, chunks, limits: limits)
    case .completion: await read(Completion.self, chunks, limits: limits)
    case .everything: await read(Everything.self, chunks, limits: limits)
    case .itemsOnly: await read(ItemsOnly.self, chunks, limits: limits)
    case .forest: await read(Forest.self, chunks, limits: limits)
    }
  }

  /// Validates `chunks` with the schema-driven validator, keeping values. The same
  /// validator without values (`streamtypes validate`'s, which checks payloads in one pass
  /// over their bytes where it can) must accept the same frames and throw the same error.
  static func validate(
    _ definition: StreamDefinition,
    in module: SchemaModule,
    _ chunks: [ArraySlice<UInt8>],
    limits: StreamLimits
  ) -> Outcome {
    var outcome = validateKeepingValues(definition, in: module, chunks, limits: limits)
    var fast = StreamValidator(
      module: module,
      stream: definition,
      limits: limits,
      keepsValues: false
    )
    var frames: [FrameKind] = []
    var fastError: StreamError?
    do throws(StreamError) {
      for chunk in chunks {
        fast.append(chunk)
        while let event = try fast.next() { frames.append(event.kind) }
      }
      try fast.finish()
    } catch {
      fastError = error
    }
    if fastError != outcome.error || frames != outcome.parts.map(\.kind) {
      outcome.otherError =
        "the validator without values disagrees: \(frames), \(String(describing: fastError))"
    }
    return outcome
  }

  static func validateKeepingValues(
    _ definition: StreamDefinition,
    in module: SchemaModule,
    _ chunks: [ArraySlice<UInt8>],
    limits: StreamLimits
  ) -> Outcome {
    var validator = StreamValidator(module: module, stream: definition, limits: limits)
    var outcome = Outcome()
    do throws(StreamError) {
      for chunk in chunks {
        validator.append(chunk)
        while let event = try validator.next() {
          guard let value = event.value else {
            outcome.otherError = "the validator kept no value for frame \(event.index)"
            return outcome
          }
          outcome.parts.append(Part(kind: event.kind, json: JSONWriter.encode(value)))
        }
      }
      try validator.finish()
    } catch {
      outcome.error = error
    }
    return outcome
  }

  /// The module of `Schemas/`, or of the test target's corpus schemas, checked as
  /// `streamtypes validate` checks it.
  static func module(forExample isExample: Bool) throws -> SchemaModule {
    let paths =
      isExample
      ? try SchemaFiles.schemaPaths(in: [repositoryPath("Schemas")])
      : ["Corpus.yaml", "CorpusShared.yaml"].map {
        repositoryPath("Tests/GeneratedCodeTests/" + $0)
      }
    let inputs = try paths.map { path in
      GeneratorPipeline.Input(path: path, contents: try SchemaFiles.read(path))
    }
    #expect(inputs.count == (isExample ? 3 : 2))
    let result = GeneratorPipeline.check(inputs)
    return try #require(result.module, "\(result.diagnostics)")
  }

  /// Runs both implementations over `bytes` with several chunkings, checks that they agree
  /// exactly, and returns the outcomes (one per chunking) for the expectations.
  static func runBoth(
    _ name: String,
    _ stream: StreamName,
    _ bytes: [UInt8],
    limits: StreamLimits,
    module: SchemaModule,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) async throws -> [Outcome] {
    let definition = try module.stream(named: stream.rawValue)
    var seed: UInt64 = 0x5EED
    for byte in name.utf8 { seed = seed &* 31 &+ UInt64(byte) }
    var plans: [(reader: Chunking, validator: Chunking)] = [(.whole, .whole)]
    if bytes.count <= 8192 { plans.append((.bytewise, .bytewise)) }
    for run in 0..<3 as Range<UInt64> {
      plans.append((.random(seed: seed &+ 2 * run), .random(seed: seed &+ 2 * run &+ 1)))
    }
    var outcomes: [Outcome] = []
    for plan in plans {
      let read = await read(stream, split(bytes, plan.reader), limits: limits)
      let validated = validate(
        definition,
        in: module,
        split(bytes, plan.validator),
        limits: limits
      )
      #expect(
        read == validated,
        """
        \(name): the reader and the validator disagree (reader: \(plan.reader), validator: \
        \(plan.validator))
        reader: \(read)
        validator: \(validated)
        """,
        sourceLocation: sourceLocation
      )
      #expect(read.otherError == nil, "\(name): reader", sourceLocation: sourceLocation)
      #expect(validated.otherError == nil, "\(name): validator", sourceLocation: sourceLocation)
      outcomes.append(read)
      outcomes.append(validated)
    }
    return outcomes
  }

  // MARK: Tests

  @Test(arguments: corpus)
  func readerAndValidatorAgree(_ testCase: ConformanceCase) async throws {
    let module = try Self.module(forExample: testCase.stream.isExample)
    let outcomes = try await Self.runBoth(
      testCase.name,
      testCase.stream,
      testCase.bytes,
      limits: testCase.limits,
      module: module
    )
    for outcome in outcomes {
      switch testCase.expected {
      case .valid(let items, let json):
        #expect(outcome.error == nil, "\(testCase.name): \(outcome)")
        #expect(outcome.parts.filter { $0.kind == .item }.count == items, "\(testCase.name)")
        if let json {
          #expect(
            outcome.parts.map { String(decoding: $0.json, as: UTF8.self) } == json,
            "\(testCase.name)"
          )
        }
      case .invalid(let code, let offset, let frame, let path):
        let error = try #require(outcome.error, "\(testCase.name): no error")
        #expect(error.code == code, "\(testCase.name): \(error)")
        #expect(error.offset == offset, "\(testCase.name): \(error)")
        #expect(error.frameIndex == frame, "\(testCase.name): \(error)")
        #expect(error.path.map { "\($0)" } == path, "\(testCase.name): \(error)")
        if code == .invalidPayload {
          #expect(error.expected != nil && error.found != nil, "\(testCase.name): \(error)")
        }
        // Parts before the error were delivered; none from the offending frame on.
        #expect(outcome.parts.count <= frame ?? Int.max, "\(testCase.name)")
      }
    }
  }

  /// Streams written by `truss_chains.streaming`'s own writer are valid, and both
  /// implementations read the same values from them.
  @Test func pythonWrittenStreams() async throws {
    let module = try Self.module(forExample: true)
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("streamtypes-conformance-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let written = try TrussInteropTests.runScript(["write", directory.path])
    try #require(written.status == 0, "truss_interop.py write failed:\n\(written.output)")
    let cases = try JSONDecoder().decode(
      [TrussInteropTests.Case].self,
      from: Data(contentsOf: directory.appendingPathComponent("cases.json"))
    )
    #expect(cases.count == 9)
    for testCase in cases {
      let stream = try #require(StreamName(rawValue: testCase.stream), "\(testCase.stream)")
      let bytes = [UInt8](
        try Data(contentsOf: directory.appendingPathComponent("\(testCase.name).bin"))
      )
      let values = try #require(
        try JSONSerialization.jsonObject(
          with: Data(contentsOf: directory.appendingPathComponent("\(testCase.name).json"))
        ) as? [String: Any]
      )
      let items = try #require(values["items"] as? [Any]).count
      let outcomes = try await Self.runBoth(
        "python \(testCase.name)",
        stream,
        bytes,
        limits: StreamLimits(),
        module: module
      )
      for outcome in outcomes {
        #expect(outcome.error == nil, "python \(testCase.name): \(outcome)")
        #expect(outcome.parts.filter { $0.kind == .item }.count == items, "\(testCase.name)")
        #expect(
          outcome.parts.contains { $0.kind == .header } == (values["header"] is [String: Any]),
          "\(testCase.name)"
        )
        #expect(
          outcome.parts.contains { $0.kind == .footer } == (values["footer"] is [String: Any]),
          "\(testCase.name)"
        )
      }
    }
  }

  /// The hand-summed offsets of the corpus rest on these frame sizes.
  @Test func frameSizesOfTheCorpusPayloads() {
    typealias P = Payload
    #expect(Self.frame(2, P.header).count == 69)
    #expect(Self.frame(3, P.segment0).count == 156)
    #expect(Self.frame(3, P.segment1).count == 62)
    #expect(Self.frame(4, P.summary).count == 95)
    #expect(Self.frame(3, P.event0).count == 60)
    #expect(Self.frame(4, P.result).count == 111)
    #expect(Self.frame(2, P.completionHeader).count == 89)
    #expect(Self.frame(3, P.token0).count == 85)
    #expect(Self.frame(4, P.usage).count == 88)
    let large = Self.frame(3, bytes: Array(repeating: 0x20, count: 0x01_0203))
    #expect(large.prefix(5) == [3, 0, 1, 2, 3])
  }

  /// The corpus is large and covers every error a reader of bytes can report.
  @Test func corpusCoversEveryStreamErrorOfAReader() {
    #expect(Self.validCases.count + Self.invalidCases.count >= 40)
    #expect(Set(Self.corpus.map(\.name)).count == Self.corpus.count, "case names are unique")
    var codes = Set<StreamError.Code>()
    var streams = Set<StreamName>()
    for testCase in Self.corpus {
      streams.insert(testCase.stream)
      if case .invalid(let code, _, _, _) = testCase.expected { codes.insert(code) }
    }
    let readerCodes: Set<StreamError.Code> = [
      .truncatedTag, .truncatedPayload, .frameTooLarge, .unknownFrameKind, .invalidEndFrame,
      .dataAfterEnd, .unexpectedHeader, .misplacedHeader, .missingHeader, .unexpectedFooter,
      .frameAfterFooter, .missingFooter, .invalidJSON, .invalidPayload,
    ]
    #expect(codes == readerCodes)
    #expect(streams == Set(StreamName.allCases))
  }
}
