import ExampleSchemas
import Foundation
import StreamTypes
import Testing

/// The generated direct decoders (`PayloadDecodable`) against the `Codable` path over the
/// same payload tape: random and near-valid payloads for every model must give the same
/// value or the same `StreamError`, text and path included.
@Suite struct DirectDecoderDifferentialTests {
  static let location = PayloadLocation(offset: 5, frameIndex: 2, frameKind: .item)

  /// Decodes through `init(from:)`: the generic constraint hides `PayloadDecodable`.
  static func viaCodable<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) -> Result<T, StreamError> {
    Result { () throws(StreamError) in
      try PayloadCodec.decode(type, from: ArraySlice(bytes), at: location)
    }
  }

  /// Decodes through the generated `init(payload:)`.
  static func direct<T: Decodable & PayloadDecodable>(
    _ type: T.Type,
    _ bytes: [UInt8]
  )
    -> Result<T, StreamError>
  {
    Result { () throws(StreamError) in
      try PayloadCodec.decode(type, from: ArraySlice(bytes), at: location)
    }
  }

  /// Wire names of every model, some escaped or near-miss keys, and map keys that look
  /// like numbers.
  static let keys = [
    "id", "start", "end", "text", "speaker", "words", "tags", "word", "confidence", "model",
    "language", "sample_rate", "duration_sec", "languages", "segments", "finished_at", "created",
    "max_tokens", "index", "logprob", "top_logprobs", "prompt_tokens", "completion_tokens",
    "finish_reason", "latency_ms", "at", "stage", "done", "total", "message", "metrics", "details",
    "status", "outputs", "errors", "code", "retryable", "name", "weight", "exclusive", "attributes",
    "label", "children", "by_name", "trees", "note", "ids", "count", "class", "default", "self",
    "Type", "3", "01", "-1", "\\u0069d", "\\u0074ags", "é", "e\u{301}", "\u{212A}",
  ]

  static let scalars = [
    "\"agent\"", "\"x\"", "\"\"", "\"oak\"", "1", "1.5", "2.0", "-0", "-0.0", "0", "8000", "1e2",
    "1E-2", "-1", "99999999999999999999", "123456789012345678", "0.1", "3.14159", "1e308", "null",
    "true", "false", "[]", "{}", "[1,\"a\"]", "[\"a\",\"b\"]", "\"2026-11-24T10:00:00Z\"",
    "\"2026-13-24T10:00:00Z\"", "\"stop\"", "\"queued\"", "\"a\\u0062\"", "[null]", "[{}]",
    "{\"a\":[{}],\"7\":[null,{}]}", "{\"a\":1}", "0.98", "1.0000000000000002", "-5.5e-3",
    "[{\"word\":\"a\",\"start\":1,\"end\":2,\"confidence\":0.5}]",
    "[{\"name\":\"oak\"}]", "{\"k\":{\"label\":\"t\",\"children\":[]}}",
    // Integers beyond 64 bits: doubles for a float, digits for a json, errors for an int;
    // and one beyond a double's range, an error everywhere.
    "9223372036854775808", "-9223372036854775809", "100000000000000000000",
    "[123456789012345678901234567890]", "1" + String(repeating: "0", count: 308),
    "-1" + String(repeating: "0", count: 309),
  ]

  static func randomValue(_ random: inout SplitMix64, depth: Int) -> String {
    if depth < 2, random.next() % 5 == 0 { return randomObject(&random, depth: depth + 1) }
    return scalars[Int(random.next() % UInt64(scalars.count))]
  }

  static func randomObject(_ random: inout SplitMix64, depth: Int) -> String {
    let count = Int(random.next() % 7)
    let members = (0..<count).map { _ in
      "\"\(keys[Int(random.next() % UInt64(keys.count))])\":\(randomValue(&random, depth: depth))"
    }
    return "{" + members.joined(separator: ",") + "}"
  }

  static func agree<T: StreamModel>(_ type: T.Type, _ text: String) -> Bool {
    let bytes = Array(text.utf8)
    switch (viaCodable(type, bytes), direct(type, bytes)) {
    case (.success(let a), .success(let b)): return a == b
    case (.failure(let a), .failure(let b)): return a == b
    default: return false
    }
  }

  /// Every model of `Schemas/` and of the language corpus.
  static let models: [(String, @Sendable (String) -> Bool)] = [
    ("Segment", { agree(Segment.self, $0) }), ("Word", { agree(Word.self, $0) }),
    ("TranscriptionHeader", { agree(TranscriptionHeader.self, $0) }),
    ("TranscriptionSummary", { agree(TranscriptionSummary.self, $0) }),
    ("CompletionHeader", { agree(CompletionHeader.self, $0) }),
    ("Token", { agree(Token.self, $0) }),
    ("Usage", { agree(Usage.self, $0) }), ("ProgressEvent", { agree(ProgressEvent.self, $0) }),
    ("JobResult", { agree(JobResult.self, $0) }), ("JobError", { agree(JobError.self, $0) }),
    ("AllTypes", { agree(AllTypes.self, $0) }), ("Leaf", { agree(Leaf.self, $0) }),
    ("Keywords", { agree(Keywords.self, $0) }), ("Tree", { agree(Tree.self, $0) }),
    ("Shared", { agree(Shared.self, $0) }),
    ("EverythingHeader", { agree(EverythingHeader.self, $0) }),
    ("EverythingFooter", { agree(EverythingFooter.self, $0) }),
    ("PingsItem", { agree(PingsItem.self, $0) }),
    ("PingsFooter", { agree(PingsFooter.self, $0) }),
  ]

  static let casesPerModel = 10_000

  @Test(arguments: models.map(\.0))
  func randomPayloadsGiveTheSameResult(model: String) {
    let check = Self.models.first { $0.0 == model }!.1
    var random = SplitMix64(seed: UInt64(model.utf8.count) &* 7919 &+ 11)
    var disagreements: [String] = []
    for _ in 0..<Self.casesPerModel {
      let text = Self.randomObject(&random, depth: 0)
      if !check(text) { disagreements.append(text) }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
  }

  /// Valid payloads with a few members removed, added, replaced, duplicated or swapped.
  @Test func nearValidPayloadsGiveTheSameResult() {
    let bases: [(String, [String])] = [
      (
        "Segment",
        [
          #""id":1"#, #""start":0.5"#, #""end":1"#, #""text":"t""#, #""speaker":"agent""#,
          #""words":[{"word":"a","start":1,"end":2,"confidence":0.5}]"#,
          #""tags":{"3":"x","a":"b"}"#,
        ]
      ),
      (
        "TranscriptionSummary",
        [
          #""duration_sec":1"#, #""languages":["en"]"#, #""segments":2"#,
          #""finished_at":"2026-11-24T10:00:00Z""#,
        ]
      ),
      (
        "ProgressEvent",
        [
          #""at":"2026-11-24T10:00:00Z""#, #""stage":"queued""#, #""done":1"#, #""total":3"#,
          #""message":"m""#, #""metrics":{"a":1.5}"#, #""details":{"q":[1,2.5]}"#,
        ]
      ),
      (
        "JobResult",
        [
          #""status":"succeeded""#, #""outputs":["a"]"#,
          #""errors":[{"code":"E","message":"m","retryable":true}]"#,
        ]
      ),
      ("Leaf", [#""name":"oak""#, #""weight":2"#, #""tags":["a"]"#, #""attributes":{"h":1}"#]),
    ]
    var random = SplitMix64(seed: 2026)
    var disagreements: [String] = []
    var acceptedLeaves = 0
    var rejectedLeaves = 0
    for _ in 0..<Self.casesPerModel {
      let (model, base) = bases[Int(random.next() % UInt64(bases.count))]
      var members = base
      for _ in 0..<(1 + Int(random.next() % 3)) {
        let position = Int(random.next() % UInt64(max(members.count, 1)))
        switch random.next() % 4 {
        case 0 where !members.isEmpty:
          members.remove(at: position)
        case 1:
          let key = Self.keys[Int(random.next() % UInt64(Self.keys.count))]
          members.insert("\"\(key)\":\(Self.randomValue(&random, depth: 1))", at: position)
        case 2 where !members.isEmpty:
          let key = members[position].split(separator: ":", maxSplits: 1)[0]
          members[position] = "\(key):\(Self.randomValue(&random, depth: 1))"
        default:
          if !members.isEmpty { members.insert(members[position], at: position) }
        }
      }
      let text = "{" + members.joined(separator: ",") + "}"
      if !Self.models.first(where: { $0.0 == model })!.1(text) { disagreements.append(text) }
      if model == "Leaf" {
        let accepted = (try? JSONDecoder().decode(Leaf.self, from: Data(text.utf8))) != nil
        if accepted { acceptedLeaves += 1 } else { rejectedLeaves += 1 }
      }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    // Both outcomes are exercised, so agreement is not only on errors.
    #expect(acceptedLeaves > 100 && rejectedLeaves > 100)
  }
}
