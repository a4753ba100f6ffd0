import Foundation
import Testing

@_spi(Generated) @testable import StreamTypes

/// Base64 as the schema's `bytes` reads and writes it (pydantic's rules, checked live against
/// pydantic by NDArrayInteropTests) and as `ndarray`'s `data_b64` does.
@Suite struct Base64Tests {
  static let location = PayloadLocation(offset: 0, frameIndex: 0, frameKind: .item)

  func decode(
    _ text: String,
    _ reading: Base64.Reading = .eitherAlphabet
  ) -> Result<
    [UInt8], Base64.Failure
  > {
    var text = text
    return text.withUTF8 { Base64.decode($0, reading: reading) }
  }

  func encode(_ bytes: [UInt8], _ alphabet: Base64.Alphabet) -> String {
    String(decoding: bytes.withUnsafeBytes { Base64.encode($0, alphabet: alphabet) }, as: UTF8.self)
  }

  // RFC 4648 section 10, and bytes that use the two alphabets' own characters.
  static let vectors: [(bytes: [UInt8], standard: String, urlSafe: String)] = [
    ([], "", ""),
    (Array("f".utf8), "Zg==", "Zg=="),
    (Array("fo".utf8), "Zm8=", "Zm8="),
    (Array("foo".utf8), "Zm9v", "Zm9v"),
    (Array("foob".utf8), "Zm9vYg==", "Zm9vYg=="),
    (Array("fooba".utf8), "Zm9vYmE=", "Zm9vYmE="),
    (Array("foobar".utf8), "Zm9vYmFy", "Zm9vYmFy"),
    ([0xFB, 0xFF, 0xBF], "+/+/", "-_-_"),
    ([0xFB, 0xFF], "+/8=", "-_8="),
    ([0xFF], "/w==", "_w=="),
    ([0x00, 0x10, 0x83, 0x10, 0x51, 0x87], "ABCDEFGH", "ABCDEFGH"),
  ]

  @Test func encodesBothAlphabetsWithPadding() {
    for vector in Self.vectors {
      #expect(encode(vector.bytes, .standard) == vector.standard)
      #expect(encode(vector.bytes, .urlSafe) == vector.urlSafe)
    }
  }

  @Test func appendsToAnArray() {
    var text = Array("prefix:".utf8)
    [UInt8]([0xFB, 0xFF]).withUnsafeBytes {
      Base64.encode($0, alphabet: .urlSafe, appendingTo: &text)
    }
    #expect(String(decoding: text, as: UTF8.self) == "prefix:-_8=")
  }

  @Test func decodesEitherAlphabetWithAnyValidPadding() throws {
    for vector in Self.vectors {
      #expect(try decode(vector.standard).get() == vector.bytes)
      #expect(try decode(vector.urlSafe).get() == vector.bytes)
      #expect(try decode(vector.standard, .standardPadded).get() == vector.bytes)
      // Padding is optional, and may be partial.
      let bare = String(vector.urlSafe.prefix { $0 != "=" })
      let padding = vector.urlSafe.count - bare.count
      for count in 0...padding {
        let text = bare + String(repeating: "=", count: count)
        #expect(try decode(text).get() == vector.bytes, "\(text)")
      }
    }
  }

  @Test func roundTripsEveryLength() throws {
    var generator = SystemRandomNumberGenerator()
    for length in 0..<200 {
      let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
      for alphabet in [Base64.Alphabet.standard, .urlSafe] {
        let text = encode(bytes, alphabet)
        #expect(text.count == Base64.encodedCount(length))
        #expect(try decode(text).get() == bytes)
        if alphabet == .standard { #expect(try decode(text, .standardPadded).get() == bytes) }
      }
    }
  }

  /// Every failure, with the reason and the index it names.
  @Test(arguments: [
    ("QQ===", Base64.Failure(reason: .misplacedPadding, index: 4)),
    ("QUI==", Base64.Failure(reason: .misplacedPadding, index: 4)),
    ("QUJD=", Base64.Failure(reason: .misplacedPadding, index: 4)),
    ("=", Base64.Failure(reason: .misplacedPadding, index: 0)),
    ("QQ=Q", Base64.Failure(reason: .misplacedPadding, index: 2)),
    ("QQ==QQ==", Base64.Failure(reason: .misplacedPadding, index: 2)),
    ("Q", Base64.Failure(reason: .loneFinalCharacter, index: 0)),
    ("QUJDR==", Base64.Failure(reason: .loneFinalCharacter, index: 4)),
    ("QR==", Base64.Failure(reason: .nonZeroTrailingBits, index: 1)),
    ("QUJ", Base64.Failure(reason: .nonZeroTrailingBits, index: 2)),
    ("AAB=", Base64.Failure(reason: .nonZeroTrailingBits, index: 2)),
    ("+_-/", Base64.Failure(reason: .mixedAlphabets(firstIndex: 0), index: 1)),
    ("QUJD-A+/", Base64.Failure(reason: .mixedAlphabets(firstIndex: 4), index: 6)),
    ("QUJD\nRA==", Base64.Failure(reason: .notBase64, index: 4)),
    (" QUJD", Base64.Failure(reason: .notBase64, index: 0)),
    ("QU*JD", Base64.Failure(reason: .notBase64, index: 2)),
    ("QUJDé", Base64.Failure(reason: .notBase64, index: 4)),
    // A bad character is named before a wrong length.
    ("Q*", Base64.Failure(reason: .notBase64, index: 1)),
  ])
  func rejectsWhatPydanticRejects(text: String, failure: Base64.Failure) {
    #expect(decode(text) == .failure(failure), "\(text)")
  }

  @Test(arguments: [
    ("QQ", Base64.Failure(reason: .missingPadding, index: 2)),
    ("QUI", Base64.Failure(reason: .missingPadding, index: 3)),
    ("QQ=", Base64.Failure(reason: .missingPadding, index: 3)),
    ("-_-_", Base64.Failure(reason: .notStandard, index: 0)),
    ("QUJD=", Base64.Failure(reason: .misplacedPadding, index: 4)),
    ("QR==", Base64.Failure(reason: .nonZeroTrailingBits, index: 1)),
  ])
  func standardPaddedIsCanonical(text: String, failure: Base64.Failure) {
    #expect(decode(text, .standardPadded) == .failure(failure), "\(text)")
  }

  @Test func messagesNameTheCharacterAndItsIndex() {
    let found = Base64.Failure(reason: .notBase64, index: 4).found(in: "QUJDé")
    #expect(found == #""é" at index 4, not a base64 character in "QUJDé""#)
    let mixed = Base64.Failure(reason: .mixedAlphabets(firstIndex: 0), index: 1).found(in: "+_")
    #expect(
      mixed
        == #""_" at index 1, mixing the URL-safe and standard alphabets ("+" at index 0) in "+_""#
    )
    let control = Base64.Failure(reason: .notBase64, index: 2).found(in: "QQ\n")
    #expect(control == #""\n" at index 2, not a base64 character in "QQ\n""#)
  }

  /// A long text with a bad character at its end: one linear pass (a quadratic rescan
  /// would hang the suite).
  @Test func aLongTextIsDecodedInOnePass() throws {
    let long = String(repeating: "QUJD", count: 2_000_000)
    #expect(try decode(long).get().count == 6_000_000)
    #expect(decode(long + "*") == .failure(Base64.Failure(reason: .notBase64, index: 8_000_000)))
  }

  // MARK: Base64Bytes

  struct Holder: Codable, Equatable {
    var b: Base64Bytes
  }

  @Test func bytesAreWrittenURLSafeWithPadding() throws {
    let value = Base64Bytes(Data([0xFB, 0xFF, 0xBF, 0x00]))
    #expect(String(decoding: JSONWriter.encode(value), as: UTF8.self) == #""-_-_AA==""#)
    let encoded = try JSONEncoder().encode(Holder(b: value))
    #expect(String(decoding: encoded, as: UTF8.self) == #"{"b":"-_-_AA=="}"#)
  }

  /// The direct path, the runtime's `Codable` path and `JSONDecoder` read the same bytes
  /// and report the same violation.
  @Test(arguments: [
    #"{"b":"QUJD"}"#, #"{"b":"QQ"}"#, #"{"b":"-_-_"}"#, #"{"b":"\u0051Q=="}"#, #"{"b":""}"#,
    #"{"b":"QR=="}"#, #"{"b":"QU JD"}"#, #"{"b":"+_"}"#, #"{"b":"Q\u003d=="}"#, #"{"b":3}"#,
  ])
  func everyPathAgrees(json: String) throws {
    let bytes = Array(json.utf8)
    let direct = Result {
      try PayloadCodec.decode(from: bytes[...], at: Self.location) { decoder in
        try PayloadValue(decoder: decoder)!.object().decode(Base64Bytes.self, forKey: "b")
      }
    }
    let codable = Result { try PayloadCodec.decode(Holder.self, from: bytes, at: Self.location).b }
    let foundation = Result { try JSONDecoder().decode(Holder.self, from: Data(bytes)).b }
    switch (direct, codable, foundation) {
    case (.success(let a), .success(let b), .success(let c)):
      #expect(a == b && b == c)
    case (.failure(let a), .failure(let b), .failure(let c)):
      let a = try #require(a as? StreamError)
      let b = try #require(b as? StreamError)
      #expect(a.path == JSONPath(components: [.key("b")]))
      #expect(a.path == b.path && a.expected == b.expected && a.found == b.found)
      guard case .typeMismatch = c as? DecodingError else {
        // A number is a type mismatch in Foundation's own words.
        let violation = try #require(
          (c as? DecodingError).flatMap { error -> SchemaViolation? in
            if case .dataCorrupted(let context) = error {
              return context.underlyingError as? SchemaViolation
            }
            return nil
          }
        )
        #expect(violation.path == a.path && violation.expected == a.expected)
        #expect(violation.found == a.found)
        return
      }
    default:
      Issue.record("\(json): the paths disagree: \(direct), \(codable), \(foundation)")
    }
  }

  @Test func violationsNameThePathTheCharacterAndItsIndex() throws {
    let error = try #require(throws: StreamError.self) {
      try PayloadCodec.decode(Holder.self, from: Array(#"{"b":"QUJD RA"}"#.utf8), at: Self.location)
    }
    #expect(error.path?.description == "$.b")
    #expect(error.expected == "a base64 string (RFC 4648)")
    #expect(error.found == #"" " at index 4, not a base64 character in "QUJD RA""#)
  }
}
