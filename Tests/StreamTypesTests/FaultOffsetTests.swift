import Foundation
import Testing

@_spi(Generated) @testable import StreamTypes

/// A payload error names both the frame's start (`offset`) and the stream offset of the
/// faulting byte (`faultOffset`): the value that breaks its schema, or the byte where the
/// JSON goes wrong.
@Suite struct FaultOffsetTests {
  /// The stream offset of the first occurrence of `needle` in `bytes`.
  static func offset(of needle: String, in bytes: [UInt8]) throws -> Int {
    let pattern = Array(needle.utf8)
    return try #require(
      bytes.indices.first { bytes[$0...].starts(with: pattern) },
      "\(needle) is not in the stream"
    )
  }

  /// The error of reading every item of `bytes` as a `Plain` stream.
  static func readError(
    _ bytes: [UInt8],
    format: WireFormat = .framed
  ) async throws
    -> StreamError
  {
    let reader = StreamReader<Plain>(oneChunk(bytes), format: format)
    return try #require(await streamError { _ = try await readAllItems(reader) })
  }

  static let good = #"{"id":1,"text":"a","words":[]}"#

  @Test func aConstraintViolationNamesTheValuesFirstByte() async throws {
    let bad =
      #"{"id":3,"text":"c","words":[{"word":"a","start":0,"end":1,"confidence":0.5},"#
      + #"{"word":"c","start":1,"end":2,"confidence":1.5}]}"#
    let bytes = Fixture.frame(3, Self.good) + Fixture.frame(3, bad)
    let error = try await Self.readError(bytes)
    let frameStart = Fixture.frame(3, Self.good).count
    let fault = try Self.offset(of: "1.5}", in: bytes)
    #expect(error.code == .invalidPayload)
    #expect(error.offset == frameStart)
    #expect(error.faultOffset == fault)
    #expect(
      error.description
        == "byte \(frameStart) (0x\(String(frameStart, radix: 16))), frame 1 (item), "
        + "at byte \(fault) (0x\(String(fault, radix: 16))): "
        + "$.words[1].confidence: expected number <= 1.0, found 1.5"
    )
    // LocalizedError says the same.
    #expect(error.localizedDescription == error.description)
  }

  @Test func aWrongTypeNamesTheOpeningQuote() async throws {
    let bytes = Fixture.frame(3, #"{"id":"7","text":"a","words":[]}"#)
    let error = try await Self.readError(bytes)
    #expect(error.path?.description == "$.id")
    #expect(error.offset == 0)
    #expect(error.faultOffset == (try Self.offset(of: #""7""#, in: bytes)))
    #expect(bytes[error.faultOffset!] == UInt8(ascii: "\""))
  }

  @Test func aMissingFieldNamesTheObjectThatLacksIt() async throws {
    let bytes =
      Fixture.frame(3, Self.good)
      + Fixture.frame(3, #"{"id":2,"text":"b","words":[{"word":"w","start":0,"end":1}]}"#)
    let error = try await Self.readError(bytes)
    #expect(error.path?.description == "$.words[0].confidence")
    #expect(error.faultOffset == (try Self.offset(of: #"{"word""#, in: bytes)))
  }

  @Test func aSyntaxErrorNamesTheExactByte() async throws {
    let bytes = Fixture.frame(3, Self.good) + Fixture.frame(3, #"{"id":1,"text":"a",,}"#)
    let error = try await Self.readError(bytes)
    let fault = try Self.offset(of: ",,", in: bytes) + 1
    #expect(error.code == .invalidJSON)
    #expect(error.offset == Fixture.frame(3, Self.good).count)
    #expect(error.faultOffset == fault)
    #expect(error.description.contains("not valid JSON at byte \(fault) "), "\(error)")
  }

  /// In server-sent events a payload spans `data:` lines; the fault maps through them.
  @Test func aViolationOnALaterDataLineOfAnEvent() async throws {
    let text =
      "data: " + Self.good + "\n\n"
      + "data: {\"id\":2,\"text\":\"b\",\n"
      + "data: \"words\":[{\"word\":\"\",\"start\":0,\"end\":1,\"confidence\":1}]}\n\n"
    let bytes = Array(text.utf8)
    let error = try await Self.readError(bytes, format: .sse)
    #expect(error.path?.description == "$.words[0].word")
    #expect(error.offset == (try Self.offset(of: "data: {\"id\":2", in: bytes)))
    #expect(error.faultOffset == (try Self.offset(of: #""","start""#, in: bytes)))
  }

  @Test func mapKeysAndRepeatedKeysFindTheirValue() throws {
    enum Speaker: String, Decodable, CaseIterable {
      case agent, customer
      init(from decoder: any Decoder) throws {
        self = try EnumCoding.decode(Speaker.self, from: decoder)
      }
    }
    let json = #"{"a":"agent","7":"bot","7":"robot"}"#
    let location = PayloadLocation(offset: 95, frameIndex: 0, frameKind: .item, payloadOffset: 100)
    let error = try #require(throws: StreamError.self) {
      try PayloadCodec.decode([String: Speaker].self, from: Array(json.utf8), at: location)
    }
    #expect(error.found == #""robot""#)
    let bytes = Array(json.utf8)
    #expect(error.faultOffset == 100 + (try Self.offset(of: #""robot""#, in: bytes)))
  }

  /// Without the payload's place in the stream there is no faulting byte to name.
  @Test func aPayloadOutsideAStreamHasNoFaultOffset() throws {
    let location = PayloadLocation(offset: 16, frameIndex: 1, frameKind: .item)
    let error = try #require(throws: StreamError.self) {
      try PayloadCodec.decode(Segment.self, from: Array(#"{"id":-1}"#.utf8), at: location)
    }
    #expect(error.code == .invalidPayload)
    #expect(error.faultOffset == nil)
    #expect(!error.description.contains(", at byte"))
  }

  @Test func theTapeFindsEveryKindOfValue() throws {
    let json = #"{"s":"x","n":-2.5,"t":true,"z":null,"a":[1,{"k":[]}],"e":"\u0041"}"#
    let tape = try PayloadTape(ArraySlice(json.utf8), maxDepth: 10)
    let bytes = Array(json.utf8)
    func at(_ components: [JSONPath.Component]) -> Int {
      tape.offset(of: JSONPath(components: components))
    }
    #expect(at([]) == 0)
    #expect(at([.key("s")]) == (try Self.offset(of: #""x""#, in: bytes)))
    #expect(at([.key("n")]) == (try Self.offset(of: "-2.5", in: bytes)))
    #expect(at([.key("t")]) == (try Self.offset(of: "true", in: bytes)))
    #expect(at([.key("z")]) == (try Self.offset(of: "null", in: bytes)))
    #expect(at([.key("a"), .index(1)]) == (try Self.offset(of: #"{"k""#, in: bytes)))
    #expect(at([.key("a"), .index(1), .key("k")]) == (try Self.offset(of: "[]", in: bytes)))
    #expect(at([.key("e")]) == (try Self.offset(of: #""\u0041""#, in: bytes)))
    // Off the document: the deepest value that exists.
    #expect(at([.key("a"), .index(5)]) == (try Self.offset(of: "[1", in: bytes)))
    #expect(at([.key("missing"), .key("deeper")]) == 0)
    #expect(at([.key("s"), .index(0)]) == (try Self.offset(of: #""x""#, in: bytes)))
  }
}
