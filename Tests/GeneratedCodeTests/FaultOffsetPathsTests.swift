import ExampleSchemas
import Foundation
@_spi(Generated) import StreamTypes
import StreamTypesCompiler
import Testing

/// Every reading path names the same faulting byte: the generated reader (its direct
/// decoders) and the schema-driven validator, with and without values.
@Suite struct FaultOffsetPathsTests {
  static func frame(_ kind: UInt8, _ json: String) -> [UInt8] {
    let payload = Array(json.utf8)
    let length = UInt32(payload.count)
    return [kind, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF)]
      + [UInt8(length & 0xFF)] + payload
  }

  static let header = #"{"model":"m","sample_rate":16000}"#
  static let item = #"{"id":0,"start":0,"end":1,"text":"a","words":[]}"#
  static let footer =
    #"{"duration_sec":1,"languages":[],"segments":1,"finished_at":"2026-11-24T10:00:00Z"}"#

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var code: StreamError.Code
    /// Text the faulting byte starts, found in `bytes` after `frameStart`.
    var faultAt: String
    /// Where the faulting frame starts.
    var frameStart: Int
    var testDescription: String { name }
  }

  static let cases: [Case] = {
    let h = frame(2, header)
    let i = frame(3, item)
    return [
      Case(
        name: "a header value below its minimum",
        bytes: frame(2, #"{"model":"m","sample_rate":44}"#) + i + frame(4, footer),
        code: .invalidPayload,
        faultAt: "44}",
        frameStart: 0
      ),
      Case(
        name: "a word's confidence above its maximum",
        bytes: h + i
          + frame(
            3,
            #"{"id":1,"start":0,"end":1,"text":"b","words":[{"word":"b","start":0,"#
              + #""end":1,"confidence":1.5}]}"#
          ) + frame(4, footer),
        code: .invalidPayload,
        faultAt: "1.5}",
        frameStart: h.count + i.count
      ),
      Case(
        name: "a string where a number belongs",
        bytes: h + frame(3, #"{"id":"7","start":0,"end":1,"text":"a","words":[]}"#)
          + frame(4, footer),
        code: .invalidPayload,
        faultAt: #""7""#,
        frameStart: h.count
      ),
      Case(
        name: "a missing field names its object",
        bytes: h + frame(3, #"{"id":1,"start":0,"end":1,"words":[]}"#) + frame(4, footer),
        code: .invalidPayload,
        faultAt: #"{"id":1"#,
        frameStart: h.count
      ),
      Case(
        name: "an unknown field in a footer that forbids them",
        bytes: h + i
          + frame(
            4,
            #"{"duration_sec":1,"languages":[],"segments":1,"#
              + #""finished_at":"2026-11-24T10:00:00Z","extra":[1]}"#
          ),
        code: .invalidPayload,
        faultAt: "[1]}",
        frameStart: h.count + i.count
      ),
      Case(
        name: "a syntax error",
        bytes: h + frame(3, #"{"id":1,"start":0,"end":1,"text":"a","words":[]]"#),
        code: .invalidJSON,
        faultAt: "]]",
        frameStart: h.count
      ),
    ]
  }()

  @Test(arguments: cases)
  func everyPathNamesTheSameByte(_ example: Case) async throws {
    let needle = Array(example.faultAt.utf8)
    let bytes = example.bytes
    var fault = try #require(
      bytes.indices.first { $0 >= example.frameStart && bytes[$0...].starts(with: needle) }
    )
    if example.code == .invalidJSON { fault += 1 }  // The second bracket is the wrong one.
    let chunks = [bytes[...]]
    let limits = StreamLimits()
    let read = await ValidatorConformanceTests.read(.transcription, chunks, limits: limits)
    let error = try #require(read.error, "\(read)")
    #expect(error.code == example.code)
    #expect(error.offset == example.frameStart)
    #expect(error.faultOffset == fault, "\(error)")
    #expect(error.description.contains("at byte \(fault) (0x\(String(fault, radix: 16)))"))

    let module = try ValidatorConformanceTests.module(forExample: true)
    let definition = try module.stream(named: "Transcription")
    // Keeping values, and (inside `validate`) without them, with its one-pass fast path.
    let validated = ValidatorConformanceTests.validate(
      definition,
      in: module,
      chunks,
      limits: limits
    )
    #expect(validated.otherError == nil, "\(validated)")
    #expect(validated.error == error)
  }
}
