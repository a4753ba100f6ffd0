import Foundation
import Testing

@_spi(StreamTypesInternals) @testable import StreamTypes

/// The scanner skips plain ASCII in strings eight bytes at a time: a quote, a backslash, a
/// control character or a non-ASCII byte at any position and alignment must still be
/// found where it is, with the result of a byte-by-byte reading.
@Suite struct StringScanTests {
  @Test func everyPositionOfASpecialByteIsFound() throws {
    // (inserted bytes, the decoded text they stand for, or nil when they are an error)
    let cases: [([UInt8], String?)] = [
      (Array(#"\""#.utf8), "\""), (Array(#"\\"#.utf8), "\\"), (Array(#"\n"#.utf8), "\n"),
      (Array(#"\u00e9"#.utf8), "é"), (Array("é".utf8), "é"), (Array("日".utf8), "日"),
      (Array("😀".utf8), "😀"), ([0x7F], "\u{7F}"), ([0x20], " "), ([0x01], nil), ([0x1F], nil),
      ([0x00], nil), ([0xFF], nil), ([0xC3], nil), ([0x80], nil),
    ]
    let layout = PayloadLocation(offset: 0, frameIndex: nil, frameKind: nil)
    for (inserted, decoded) in cases {
      for before in 0..<20 {
        for after in [0, 1, 7, 8, 9, 17] {
          let prefix = String(repeating: "a", count: before)
          let suffix = String(repeating: "b", count: after)
          // {"s":"<prefix><inserted><suffix>"}
          let payload =
            Array(#"{"s":""#.utf8) + Array(prefix.utf8) + inserted
            + Array(suffix.utf8) + Array(#""}"#.utf8)
          if let decoded {
            let read = try PayloadCodec.decode([String: String].self, from: payload, at: layout)
            #expect(read["s"] == prefix + decoded + suffix, "\(payload)")
            try JSONChecker.check(payload)
          } else {
            do {
              try JSONChecker.check(payload)
              Issue.record("accepted \(payload)")
            } catch {
              #expect(error.payloadOffset == 6 + before, "\(payload): \(error)")
            }
          }
        }
      }
    }
  }

  /// An unterminated string whose end falls inside or after a word.
  @Test func unterminatedStringsAreErrorsAtEveryLength() {
    for length in 0..<20 {
      let payload = Array(#"{"s":""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: length)
      #expect(throws: JSONSyntaxError.self) { try JSONChecker.check(payload) }
    }
  }

  /// The scalar count of escaped content, which the validator's one pass compares with
  /// length constraints, is that of the decoded string.
  @Test func escapedContentCountsItsScalars() throws {
    let pieces = [
      "a", "é", "日", "😀", #"\n"#, #"\""#, #"\\"#, #"\u00e9"#, #"\uD83D\uDE00"#, #"\ud83d\ude00"#,
      #"\u0007"#, #"\uDBFF\uDFFF"#, #"\uE000"#, #"\/"#,
    ]
    var random = SplitMix64(state: 5)
    for _ in 0..<5_000 {
      let content = (0..<Int(random.next() % 12)).map { _ in pieces[Int(random.next() % 14)] }
        .joined()
      let payload = Array(#"{"s":"\#(content)"}"#.utf8)
      let decoded = try PayloadCodec.decode(
        [String: String].self,
        from: payload,
        at: PayloadLocation(offset: 0, frameIndex: nil, frameKind: nil)
      )["s"]!
      let counted = payload.withUnsafeBufferPointer {
        ByteScanning.scalarCount(ofEscaped: $0, from: 6, to: $0.count - 2)
      }
      #expect(counted == decoded.unicodeScalars.count, "\(content)")
    }
  }
}
