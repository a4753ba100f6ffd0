import Foundation
import Testing

@testable import StreamTypes

/// The writer's string literals: copied eight bytes at a time when nothing needs escaping,
/// escaped byte by byte otherwise. Every length, and every position of a byte that JSON
/// escapes, must give the text of a plain escaper, and read back as the same string.
@Suite struct JSONStringTests {
  /// The plain escaper: quote, backslash and control characters escaped (the short forms
  /// where JSON has them, `\u00XX` otherwise), every other byte as it is.
  static func reference(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  static func written(_ text: String) -> String {
    var writer = JSONWriter()
    writer.writeString(text)
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  @Test func everyLengthAndPositionEscapesAsThePlainEscaper() throws {
    let specials = [
      "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "\u{00}", " ", "!",
      "#", "[", "]", "/", "\u{7F}", "é", "€", "😀",
    ]
    var texts: [String] = []
    for length in 0...40 {
      let plain = (0..<length).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) }
      texts.append(String(plain))
      for position in 0..<length {
        for special in specials {
          var characters = plain.map(String.init)
          characters[position] = special
          texts.append(characters.joined())
        }
      }
    }
    var random = SplitMix64(state: 5)
    let alphabet = ["a", "Z", "0", " ", "\"", "\\", "\n", "\u{1}", "é", "😀", "~", "\u{7F}"]
    for _ in 0..<20_000 {
      let length = Int(random.next() % 48)
      texts.append((0..<length).map { _ in alphabet[Int(random.next() % 12)] }.joined())
    }
    var wrong: [String] = []
    for text in texts {
      let json = Self.written(text)
      if json != Self.reference(text) { wrong.append("\(text.debugDescription): \(json)") }
      let read = try JSONDecoder().decode(String.self, from: Data(json.utf8))
      if read != text { wrong.append("\(text.debugDescription) read back as \(read)") }
    }
    #expect(texts.count > 20_000)
    #expect(wrong.isEmpty, "\(wrong.prefix(5))")
  }
}
