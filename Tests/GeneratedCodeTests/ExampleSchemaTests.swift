import ExampleSchemas
import Foundation
import StreamTypes
import Testing

/// The code generated from `Schemas/`: values survive `JSONEncoder`/`JSONDecoder`, and
/// decoding enforces the schema with the JSON path of the first violation.
@Suite struct ExampleSchemaTests {
  static let segment = Segment(
    id: 7,
    start: 1.5,
    end: 2.25,
    text: "héllo wörld 👋",
    speaker: .customer,
    words: [
      Word(word: "héllo", start: 1.5, end: 1.9, confidence: 0.98),
      Word(word: "wörld", start: 1.9, end: 2.25, confidence: 1),
    ],
    tags: ["lang": "de", "channel": "left"]
  )

  @Test func segmentRoundTrips() throws {
    let data = try JSONEncoder().encode(Self.segment)
    #expect(try JSONDecoder().decode(Segment.self, from: data) == Self.segment)
  }

  @Test func fieldsAreWrittenInDeclarationOrderWithNullForNil() throws {
    let header = TranscriptionHeader(model: "whisper", language: nil, sampleRate: 16000)
    let text = String(decoding: JSONWriter.encode(header), as: UTF8.self)
    #expect(text == #"{"model":"whisper","language":null,"sample_rate":16000}"#)
  }

  @Test func directWriterAndCodableAgree() throws {
    let direct = JSONWriter.encode(Self.segment)
    #expect(
      String(decoding: direct, as: UTF8.self).hasPrefix(
        #"{"id":7,"start":1.5,"end":2.25,"text":"héllo wörld 👋","speaker":"customer","words":[{"word":"héllo""#
      )
    )
    #expect(try JSONDecoder().decode(Segment.self, from: Data(direct)) == Self.segment)
  }

  @Test func absentOptionalsAndDefaultsDecode() throws {
    let json = #"{"id":1,"start":0,"end":1,"text":"x","words":[]}"#
    let decoded = try JSONDecoder().decode(Segment.self, from: Data(json.utf8))
    #expect(decoded.speaker == nil)
    #expect(decoded.tags == [:])
    #expect(decoded.start == 0)
  }

  @Test func explicitNullForAnOptionalIsNil() throws {
    let json = #"{"model":"m","language":null,"sample_rate":8000}"#
    let decoded = try JSONDecoder().decode(TranscriptionHeader.self, from: Data(json.utf8))
    #expect(decoded.language == nil)
  }

  @Test func datetimeWithAndWithoutFractionalSeconds() throws {
    for (text, seconds) in [
      ("2026-11-24T10:00:00Z", 1_795_514_400.0), ("2026-11-24T10:00:00.125Z", 1_795_514_400.125),
      ("2026-11-24T12:00:00.5+02:00", 1_795_514_400.5),
    ] {
      let json = """
        {"duration_sec":1,"languages":["en"],"segments":2,"finished_at":"\(text)"}
        """
      let summary = try JSONDecoder().decode(TranscriptionSummary.self, from: Data(json.utf8))
      #expect(summary.finishedAt == Date(timeIntervalSince1970: seconds))
      let again = try JSONDecoder().decode(
        TranscriptionSummary.self,
        from: try JSONEncoder().encode(summary)
      )
      #expect(again == summary)
    }
  }

  @Test func streamNamespacesDeclareExactlyTheirParts() {
    #expect(Transcription.declaresHeader && Transcription.declaresFooter)
    #expect(Completion.declaresHeader && Completion.declaresFooter)
    #expect(!JobProgress.declaresHeader && JobProgress.declaresFooter)
    // `readHeader()` and `yieldHeader(_:)` exist only for these conformances, so calling
    // them on JobProgress does not compile.
    #expect(!declaresHeaderByConformance(JobProgress.self))
    #expect(declaresHeaderByConformance(Transcription.self))
    #expect(declaresFooterByConformance(JobProgress.self))
    #expect(Completion.Header.self == CompletionHeader.self)
    #expect(Transcription.name == "Transcription")
  }
}

/// Whether the stream type conforms to `StreamSchemaWithHeader`, checked at run time.
func declaresHeaderByConformance(_ type: Any.Type) -> Bool {
  type is any StreamSchemaWithHeader.Type
}

/// Whether the stream type conforms to `StreamSchemaWithFooter`, checked at run time.
func declaresFooterByConformance(_ type: Any.Type) -> Bool {
  type is any StreamSchemaWithFooter.Type
}

/// Decoding `json` as `type`, expecting a violation at `path`.
func expectViolation<T: Decodable>(
  _ type: T.Type,
  _ json: String,
  path: String,
  expected: String? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  do {
    _ = try JSONDecoder().decode(T.self, from: Data(json.utf8))
    Issue.record("decoded \(json) without error", sourceLocation: sourceLocation)
  } catch let violation as SchemaViolation {
    #expect(violation.path.description == path, sourceLocation: sourceLocation)
    if let expected {
      #expect(violation.expected == expected, sourceLocation: sourceLocation)
    }
  } catch let error as DecodingError {
    #expect(decodingErrorPath(error) == path, "\(error)", sourceLocation: sourceLocation)
  } catch {
    Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
  }
}

/// The path a `DecodingError` points at, with the missing key for `keyNotFound`.
func decodingErrorPath(_ error: DecodingError) -> String {
  switch error {
  case .keyNotFound(let key, let context):
    return JSONPath(codingPath: context.codingPath + [key]).description
  case .typeMismatch(_, let context), .valueNotFound(_, let context),
    .dataCorrupted(let context):
    return JSONPath(codingPath: context.codingPath).description
  @unknown default:
    return "?"
  }
}

@Suite struct ExampleSchemaRejectionTests {
  static let validSegment = #"{"id":1,"start":0,"end":1,"text":"x","words":[WORDS]}"#
  static let word = #"{"word":"a","start":0,"end":1,"confidence":0.5}"#

  static func segment(words: [String]) -> String {
    validSegment.replacingOccurrences(of: "WORDS", with: words.joined(separator: ","))
  }

  @Test func constraintDeepInANestedList() {
    let bad = #"{"word":"a","start":0,"end":1,"confidence":1.5}"#
    expectViolation(
      Segment.self,
      Self.segment(words: [Self.word, Self.word, bad]),
      path: "$.words[2].confidence",
      expected: "number <= 1.0"
    )
  }

  @Test func minimumOnAFloat() {
    expectViolation(
      Segment.self,
      #"{"id":1,"start":-0.5,"end":1,"text":"x","words":[]}"#,
      path: "$.start",
      expected: "number >= 0.0"
    )
  }

  @Test func minimumOnAnInt() {
    expectViolation(
      TranscriptionHeader.self,
      #"{"model":"m","sample_rate":44}"#,
      path: "$.sample_rate",
      expected: "number >= 8000"
    )
  }

  @Test func minLength() {
    let empty = #"{"word":"","start":0,"end":1,"confidence":0.5}"#
    expectViolation(
      Segment.self,
      Self.segment(words: [empty]),
      path: "$.words[0].word",
      expected: "string of at least 1 Unicode scalars"
    )
  }

  @Test func missingRequiredKey() {
    expectViolation(
      Segment.self,
      #"{"id":1,"start":0,"end":1,"words":[]}"#,
      path: "$.text"
    )
  }

  @Test func typeMismatchInANestedList() {
    let bad = #"{"word":"a","start":"zero","end":1,"confidence":0.5}"#
    expectViolation(Segment.self, Self.segment(words: [Self.word, bad]), path: "$.words[1].start")
  }

  @Test func unknownKeyUnderForbid() {
    expectViolation(
      TranscriptionSummary.self,
      #"{"duration_sec":1,"languages":[],"segments":0,"finished_at":"2026-11-24T10:00:00Z","x":1}"#,
      path: "$.x"
    )
  }

  @Test func unknownKeyIsIgnoredByDefault() throws {
    let json = #"{"id":1,"start":0,"end":1,"text":"x","words":[],"extra":{"a":[1]}}"#
    #expect(try JSONDecoder().decode(Segment.self, from: Data(json.utf8)).id == 1)
  }

  @Test func unknownEnumValue() {
    expectViolation(
      Segment.self,
      #"{"id":1,"start":0,"end":1,"text":"x","speaker":"robot","words":[]}"#,
      path: "$.speaker",
      expected: #"one of "agent", "customer", "unknown""#
    )
  }

  @Test func invalidDatetime() {
    expectViolation(
      TranscriptionSummary.self,
      #"{"duration_sec":1,"languages":[],"segments":0,"finished_at":"yesterday"}"#,
      path: "$.finished_at"
    )
  }

  /// Issue 13: a well-formed date-time whose instant, once in UTC, is outside the years
  /// 0000-9999 is refused at its path, with the same error by the generated direct decoder,
  /// the `Codable` path and `JSONDecoder`; it is never shifted into range.
  @Test(arguments: [("9999-12-31T23:59:59-23:59", 10000), ("0000-01-01T00:00:00+23:59", -1)])
  func datetimeOutsideTheYears0000To9999InUTC(text: String, year: Int) throws {
    let json = #"{"at":"\#(text)","stage":"queued","done":0}"#
    let expected = "a date-time in the years 0000-9999 in UTC"
    let found = "\"\(text)\", an instant outside the years 0000-9999 in UTC (year \(year))"
    expectViolation(ProgressEvent.self, json, path: "$.at", expected: expected)
    let direct = DirectDecoderDifferentialTests.direct(ProgressEvent.self, Array(json.utf8))
    let codable = DirectDecoderDifferentialTests.viaCodable(ProgressEvent.self, Array(json.utf8))
    #expect(direct == codable)
    guard case .failure(let error) = direct else {
      Issue.record("decoded \(json)")
      return
    }
    #expect(error.code == .invalidPayload)
    #expect(error.path?.description == "$.at")
    #expect(error.expected == expected)
    #expect(error.found == found)
  }

  @Test func nullForADefaultedFieldIsAnError() {
    expectViolation(
      Segment.self,
      #"{"id":1,"start":0,"end":1,"text":"x","words":[],"tags":null}"#,
      path: "$.tags"
    )
  }

  @Test func patternAndExclusiveMinimum() {
    let header = #"{"id":"chat-1","model":"m","created":"2026-11-24T10:00:00Z","max_tokens":1}"#
    expectViolation(
      CompletionHeader.self,
      header,
      path: "$.id",
      expected: "string matching /^cmpl-[A-Za-z0-9]+$/"
    )
    let zero = #"{"id":"cmpl-1","model":"m","created":"2026-11-24T10:00:00Z","max_tokens":0}"#
    expectViolation(CompletionHeader.self, zero, path: "$.max_tokens", expected: "number > 0")
  }

  @Test func maxItemsOnAnOptionalMap() {
    let entries = (0..<21).map { "\"t\($0)\":-1" }.joined(separator: ",")
    expectViolation(
      Token.self,
      #"{"index":0,"text":"a","top_logprobs":{\#(entries)}}"#,
      path: "$.top_logprobs",
      expected: "at most 20 items"
    )
  }

  @Test func validateChecksNestedModelsBeforeWriting() {
    var segment = ExampleSchemaTests.segment
    segment.words[1].confidence = 2
    #expect(throws: SchemaViolation.self) { try segment.validate() }
    do {
      try segment.validate()
    } catch let violation as SchemaViolation {
      #expect(violation.path.description == "$.words[1].confidence")
    } catch {
      Issue.record("\(error)")
    }
  }
}
