import Foundation
import Testing

@_spi(Generated) @testable import StreamTypes

@Suite struct PayloadCodecTests {
  static let location = PayloadLocation(offset: 100, frameIndex: 4, frameKind: .item)

  func decode<T: Decodable>(_ type: T.Type, _ json: String) throws(StreamError) -> T {
    try PayloadCodec.decode(type, from: Array(json.utf8), at: Self.location)
  }

  func error<T: Decodable>(_ type: T.Type, _ json: String) throws -> StreamError {
    try #require(throws: StreamError.self) { try decode(type, json) }
  }

  struct Numbers: Decodable, Equatable {
    var int: Int
    var small: Int8
    var unsigned: UInt16
    var double: Double
    var float: Float
  }

  @Test func decodesNumbersLikePydantic() throws {
    let value = try decode(
      Numbers.self,
      #"{"int":1.0,"small":-128,"unsigned":65535,"double":3,"float":0.5}"#
    )
    #expect(value == Numbers(int: 1, small: -128, unsigned: 65535, double: 3, float: 0.5))
    let big = try decode([String: Int].self, #"{"a":-9223372036854775808,"b":1e3}"#)
    #expect(big == ["a": Int.min, "b": 1000])
  }

  @Test(
    arguments: [
      (#"{"int":1.5,"small":0,"unsigned":0,"double":0,"float":0}"#, "$.int", "integer", "1.5"),
      (
        #"{"int":1,"small":128,"unsigned":0,"double":0,"float":0}"#, "$.small",
        "integer from -128 to 127", "128"
      ),
      (
        #"{"int":1,"small":0,"unsigned":-1,"double":0,"float":0}"#, "$.unsigned",
        "integer from 0 to 65535", "-1"
      ),
      (
        #"{"int":"1","small":0,"unsigned":0,"double":0,"float":0}"#, "$.int", "integer",
        #"string "1""#
      ),
      (
        #"{"int":1,"small":0,"unsigned":0,"double":true,"float":0}"#, "$.double", "number",
        "true"
      ),
      (
        #"{"int":1,"small":0,"unsigned":0,"double":[],"float":0}"#, "$.double", "number",
        "array"
      ),
      (
        #"{"int":1,"small":0,"unsigned":0,"double":0}"#, "$.float",
        #"a value for required field "float""#, "nothing (the key is absent)"
      ),
    ]
  )
  func typeErrorsNameThePathAndTheValue(
    json: String,
    path: String,
    expected: String,
    found: String
  ) throws {
    let error = try error(Numbers.self, json)
    #expect(error.code == .invalidPayload)
    #expect(error.offset == 100)
    #expect(error.frameIndex == 4)
    #expect(error.path?.description == path)
    #expect(error.expected == expected)
    #expect(error.found == found)
  }

  @Test func containerMismatches() throws {
    let notObject = try error([String: [Int]].self, #"{"a":{"b":1}}"#)
    #expect(notObject.path?.description == "$.a")
    #expect(notObject.expected == "array")
    #expect(notObject.found == "object")
    let notArray = try error(Segment.self, #"{"id":1,"text":"","words":{}}"#)
    #expect(notArray.path?.description == "$.words")
    #expect(notArray.found == "object")
    let nested = try error(Segment.self, #"{"id":1,"text":"","words":[{"word":"x"}]}"#)
    #expect(nested.path?.description == "$.words[0].start")
  }

  @Test func keysResolveEscapesDuplicatesAndLargeObjects() throws {
    struct Keyed: Decodable, Equatable {
      var slash: Int
      enum CodingKeys: String, CodingKey { case slash = "a/b" }
    }
    #expect(try decode(Keyed.self, #"{"a\/b":1}"#) == Keyed(slash: 1))
    // A repeated key keeps its last value, as in pydantic.
    #expect(try decode(Keyed.self, #"{"a/b":1,"x":0,"a/b":2}"#) == Keyed(slash: 2))
    let members = (0..<100).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
    let map = try decode([String: Int].self, "{\(members),\"k7\":-7}")
    #expect(map.count == 100)
    #expect(map["k7"] == -7)
    #expect(map["k99"] == 99)
  }

  @Test func jsonValueKeepsIntegersAndFloatsApart() throws {
    struct Holder: Decodable { var value: JSONValue }
    let holder = try decode(
      Holder.self,
      #"{"value":{"i":1,"f":1.0,"e":1e2,"s":"\u00e9","n":null,"b":false,"a":[[]]}}"#
    )
    #expect(
      holder.value == ["i": 1, "f": 1.0, "e": 100.0, "s": "é", "n": nil, "b": false, "a": [[]]]
    )
    if case .object(let members) = holder.value {
      #expect(members["i"] == .int(1))
      #expect(members["f"] == .double(1))
    }
  }

  /// A value decoded through its `Decodable` conformance even when it also has a direct
  /// `init(payload:)`, to hold both decoders to the same answers.
  struct ThroughCodable<Value: Decodable>: Decodable {
    var value: Value
    init(from decoder: any Decoder) throws { value = try Value(from: decoder) }
  }

  static let bigIntegers =
    #"{"a":100000000000000000000,"b":-9223372036854775809,"c":18446744073709551617,"#
    + #""d":123456789012345678901234567890,"e":-9223372036854775808}"#

  /// Integer literals beyond 64 bits, as Python writes its big integers: a `float` reads
  /// the nearest double (as `Double(String)` rounds), both decoders alike.
  @Test func integersBeyond64BitsAreFloats() throws {
    let expected: [String: Double] = [
      "a": 1e20, "b": -9223372036854775809.0, "c": 18446744073709551617.0,
      "d": 123456789012345678901234567890.0, "e": -9223372036854775808.0,
    ]
    #expect(try decode([String: Double].self, Self.bigIntegers) == expected)
    #expect(try decode(ThroughCodable<[String: Double]>.self, Self.bigIntegers).value == expected)
    #expect(expected["c"] == 18446744073709551616.0)
  }

  /// In a `json` value they keep their digits, through decoding and writing.
  @Test func integersBeyond64BitsKeepTheirDigitsInJSONValues() throws {
    let direct = try decode([String: JSONValue].self, Self.bigIntegers)
    let codable = try decode(ThroughCodable<[String: JSONValue]>.self, Self.bigIntegers).value
    #expect(direct == codable)
    #expect(direct["a"] == .bigInteger(JSONBigInteger("100000000000000000000")!))
    #expect(direct["b"] == .bigInteger(JSONBigInteger("-9223372036854775809")!))
    #expect(direct["e"] == .int(Int.min))
    #expect(direct["a"] != .double(1e20))
    let written = String(decoding: JSONWriter.encode(direct), as: UTF8.self)
    #expect(written == Self.bigIntegers)
    // `JSONEncoder` writes them as `Decimal`s, which hold these digits exactly.
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let foundation = try encoder.encode(direct)
    #expect(String(decoding: foundation, as: UTF8.self) == Self.bigIntegers)
    // 309 digits: still a double's range, so a `json` value; more than a `Decimal` holds.
    let longest = "1" + String(repeating: "0", count: 300) + "12345678"
    let long = try decode([String: JSONValue].self, #"{"x":"# + longest + "}")
    #expect(long["x"] == .bigInteger(JSONBigInteger(longest)!))
    #expect(String(decoding: JSONWriter.encode(long), as: UTF8.self) == #"{"x":"# + longest + "}")
    #expect(throws: EncodingError.self) { try JSONEncoder().encode(long) }
  }

  @Test func bigIntegersHoldOnlyCanonicalTextBeyondInt() {
    for text in [
      "9223372036854775808", "-9223372036854775809", "1" + String(repeating: "0", count: 308),
    ] {
      #expect(JSONBigInteger(text)?.digits == text)
    }
    for text in [
      "0", "-0", "9223372036854775807", "-9223372036854775808", "+9223372036854775808",
      "09223372036854775808", "1e20", "100000000000000000000.0", " 9223372036854775808",
      "-", "", "1" + String(repeating: "0", count: 309),
    ] {
      #expect(JSONBigInteger(text) == nil, "\(text)")
    }
  }

  /// An `int` holds 64 bits, and says so; both decoders alike.
  @Test func integersBeyond64BitsAreNoInts() throws {
    for json in [#"{"a":9223372036854775808}"#, #"{"a":-9223372036854775809}"#] {
      for error in [
        try error([String: Int].self, json), try error(ThroughCodable<[String: Int]>.self, json),
      ] {
        #expect(error.expected == "integer within signed 64 bits")
        #expect(error.path?.description == "$.a")
        #expect(error.found == String(json.dropFirst(5).dropLast()))
      }
    }
  }

  @Test func jsonValueCodesWithFoundation() throws {
    let value: JSONValue = ["b": [1, 2.5, "x", nil, true], "a": [:]]
    let encoder = JSONEncoder()
    // Foundation's key order is arbitrary; sorted keys make the text comparable.
    encoder.outputFormatting = .sortedKeys
    let data = try encoder.encode(value)
    #expect(String(decoding: data, as: UTF8.self) == #"{"a":{},"b":[1,2.5,"x",null,true]}"#)
    #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
  }

  @Test func decodesDatesAndWrappers() throws {
    let summary = try decode(
      TranscriptionSummary.self,
      #"{"segments":2,"finished_at":"2026-11-24T12:00:00.25+02:00"}"#
    )
    #expect(summary.finishedAt == Date(timeIntervalSince1970: 1_795_514_400.25))
    let bad = try error(TranscriptionSummary.self, #"{"segments":2,"finished_at":"2026-02-30"}"#)
    #expect(bad.path?.description == "$.finished_at")
    #expect(bad.found == #""2026-02-30""#)
    let notString = try error(TranscriptionSummary.self, #"{"segments":2,"finished_at":5}"#)
    #expect(notString.expected == "string")
    #expect(notString.found == "5")
    let plainDate = try decode([String: Date].self, #"{"at":"2026-11-24T10:00:00Z"}"#)
    #expect(plainDate["at"] == Date(timeIntervalSince1970: 1_795_514_400))
  }

  @Test func unknownFieldsAreReportedWhenForbidden() throws {
    let error = try error(
      TranscriptionSummary.self,
      #"{"segments":2,"finished_at":"2026-11-24T10:00:00Z","zeta":1,"extra":2}"#
    )
    #expect(error.path?.description == "$.extra")
    #expect(error.found == "an unknown field")
  }

  @Test func enumsListTheirValues() throws {
    enum Speaker: String, Decodable, CaseIterable {
      case agent, customer
      init(from decoder: any Decoder) throws {
        self = try EnumCoding.decode(Speaker.self, from: decoder)
      }
    }
    #expect(try decode([String: Speaker].self, #"{"s":"agent"}"#) == ["s": .agent])
    let error = try error([String: Speaker].self, #"{"s":"bot"}"#)
    #expect(error.path?.description == "$.s")
    #expect(error.expected == #"one of "agent", "customer""#)
    #expect(error.found == #""bot""#)
  }

  @Test func syntaxErrorsNameTheExactByteWhenKnown() throws {
    let location = PayloadLocation(offset: 16, frameIndex: 1, frameKind: .item, payloadOffset: 21)
    let error = try #require(throws: StreamError.self) {
      try PayloadCodec.decode(Segment.self, from: Array(#"{"id":01}"#.utf8), at: location)
    }
    #expect(error.code == .invalidJSON)
    #expect(error.offset == 16)
    #expect(
      error.description
        == "byte 16 (0x10), frame 1 (item): the item is not valid JSON at byte 27 (0x1b): $.id: "
        + "expected a number without leading zeros, found 01"
    )
  }

  @Test func depthLimitIsConfigurable() throws {
    let json = #"{"a":{"b":{}}}"#
    _ = try PayloadCodec.decode(JSONValue.self, from: Array(json.utf8), at: Self.location)
    let error = try #require(throws: StreamError.self) {
      try PayloadCodec.decode(
        JSONValue.self,
        from: Array(json.utf8),
        limits: StreamLimits(maxDepth: 2),
        at: Self.location
      )
    }
    #expect(error.code == .invalidJSON)
    #expect(error.path?.description == "$.a.b")
  }

  struct Typed: Decodable {
    var number: Int
    var list: [String]
    var flag: Bool
  }

  /// The error that Foundation's decoder reports for `json`, mapped to a stream error.
  func violation(_ json: String) throws -> StreamError {
    let decodingError = try #require(throws: DecodingError.self) {
      try JSONDecoder().decode(Typed.self, from: Data(json.utf8))
    }
    return StreamError.invalidPayload(decodingError, offset: 0, frameIndex: 0, frameKind: .item)
  }

  @Test func foundationDecodingErrorsUseSchemaWords() throws {
    let mismatch = try violation(#"{"number":"x","list":[],"flag":true}"#)
    #expect(mismatch.path?.description == "$.number")
    #expect(mismatch.expected == "integer")
    #expect(mismatch.found == "string")
    let array = try violation(#"{"number":1,"list":{},"flag":true}"#)
    #expect(array.expected == "array")
    #expect(array.found == "object")
    let element = try violation(#"{"number":1,"list":["a",2],"flag":true}"#)
    #expect(element.path?.description == "$.list[1]")
    #expect(element.expected == "string")
    #expect(element.found == "number")
    let null = try violation(#"{"number":1,"list":[],"flag":null}"#)
    #expect(null.path?.description == "$.flag")
    #expect(null.expected == "boolean")
    #expect(null.found == "null")
    let missing = try violation(#"{"number":1,"list":[]}"#)
    #expect(missing.path?.description == "$.flag")
    #expect(missing.expected == #"a value for required field "flag""#)
    #expect(missing.found == "nothing (the key is absent)")
  }

  @Test func encodesValidatedPayloads() throws {
    let bytes = try PayloadCodec.encode(Fixture.header, at: Self.location)
    #expect(String(decoding: bytes, as: UTF8.self) == Fixture.headerJSON)
    let error = try #require(throws: StreamError.self) {
      try PayloadCodec.encode(TranscriptionHeader(model: "m", sampleRate: 10), at: Self.location)
    }
    #expect(error.path?.description == "$.sample_rate")
    #expect(error.expected == "number >= 8000")
  }
}
