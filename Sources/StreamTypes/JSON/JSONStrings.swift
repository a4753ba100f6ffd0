// JSON strings: the scanner's checks of string literals (escapes, surrogates, UTF-8) and
// the decoding of their content once checked.

extension JSONScanner {
  /// Scans a string starting at its opening quote; returns its content's range.
  mutating func scanString() throws(JSONSyntaxError) -> (Int, Int, Bool) {
    position += 1
    let start = position
    var escaped = false
    while true {
      // Plain ASCII eight bytes at a time, up to the first byte that needs a look.
      while position &+ 8 <= bytes.count {
        let word = UInt64(
          littleEndian: UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + position)
            .loadUnaligned(as: UInt64.self)
        )
        let special = ByteScanning.stringSpecialBytes(word)
        if special != 0 {
          position &+= special.trailingZeroBitCount &>> 3
          break
        }
        position &+= 8
      }
      guard position < bytes.count else {
        throw error(expected: "'\"' closing the string", found: "the end of the payload")
      }
      let byte = bytes[position]
      if byte == ASCII.quote { break }
      if byte == ASCII.backslash {
        escaped = true
        try scanEscape()
      } else if byte < 0x20 {
        throw error(
          expected: "a character or an escape sequence (control characters must be escaped)",
          found: "the control character \(Self.scalarName(UInt32(byte)))"
        )
      } else if byte < 0x80 {
        position += 1
      } else {
        try scanMultiByteScalar()
      }
    }
    let end = position
    position += 1
    return (start, end, escaped)
  }

  private mutating func scanEscape() throws(JSONSyntaxError) {
    guard position + 1 < bytes.count else {
      throw error(expected: "an escape sequence after '\\'", found: "the end of the payload")
    }
    switch bytes[position + 1] {
    case ASCII.quote, ASCII.backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
      UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
      position += 2
    case UInt8(ascii: "u"):
      let unit = try hexEscape(at: position)
      switch unit {
      case 0xD800...0xDBFF:
        let next = position + 6
        let low: UInt32? =
          next + 1 < bytes.count && bytes[next] == ASCII.backslash
            && bytes[next + 1] == UInt8(ascii: "u")
          ? try hexEscape(at: next) : nil
        guard let low, (0xDC00...0xDFFF).contains(low) else {
          throw error(
            expected: "a low surrogate escape (\\uDC00 to \\uDFFF) after the high surrogate "
              + "\\u\(Self.hex4(unit)) (lone surrogates are not Unicode scalars)",
            found: low.map { "\\u\(Self.hex4(unit)) followed by \\u\(Self.hex4($0))" }
              ?? "\\u\(Self.hex4(unit)) alone"
          )
        }
        position += 12
      case 0xDC00...0xDFFF:
        throw error(
          expected: "a Unicode scalar (lone surrogates are not Unicode scalars)",
          found: "the low surrogate escape \\u\(Self.hex4(unit)) without a high surrogate before it"
        )
      default:
        position += 6
      }
    default:
      throw error(
        expected: "one of the escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
        found: (0x21...0x7E).contains(bytes[position + 1])
          ? "\\" + String(Unicode.Scalar(bytes[position + 1])) : describeByte(bytes[position + 1])
      )
    }
  }

  /// The code unit of the `\uXXXX` escape whose backslash is at `start`.
  private func hexEscape(at start: Int) throws(JSONSyntaxError) -> UInt32 {
    var value: UInt32 = 0
    for offset in start + 2..<start + 6 {
      guard offset < bytes.count else {
        throw error(
          at: start,
          expected: "four hex digits after \\u",
          found: "the end of the payload"
        )
      }
      let byte = bytes[offset]
      let digit: UInt8
      switch byte {
      case ASCII.zero...ASCII.nine: digit = byte - ASCII.zero
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default:
        throw error(at: offset, expected: "four hex digits after \\u", found: describeByte(byte))
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }

  /// Validates one UTF-8 sequence of two to four bytes (Unicode table 3-7).
  private mutating func scanMultiByteScalar() throws(JSONSyntaxError) {
    let length = ByteScanning.multiByteScalarLength(bytes, at: position)
    guard length > 0 else { throw invalidUTF8(length: -length) }
    position += length
  }

  private func invalidUTF8(length: Int) -> JSONSyntaxError {
    let sequence = bytes[position..<position + length]
    let hex = sequence.map { "0x" + Self.hex2($0) }.joined(separator: " ")
    let lead = sequence.first!
    // Without a second byte the sequence is merely cut short.
    let second = sequence.dropFirst().first ?? 0
    let reason: String
    switch (lead, second) {
    case (0x80...0xBF, _): reason = "a continuation byte without a lead byte"
    case (0xC0...0xC1, _), (0xE0, 0x80...0x9F), (0xF0, 0x80...0x8F):
      reason = "an overlong encoding"
    case (0xED, 0xA0...0xBF): reason = "an encoded UTF-16 surrogate"
    case (0xF4, 0x90...0xBF), (0xF5...0xF7, _): reason = "a code point above U+10FFFF"
    case (0xF8...0xFF, _): reason = "a byte that never appears in UTF-8"
    default: reason = "an incomplete sequence"
    }
    return error(expected: "valid UTF-8", found: "\(hex), \(reason)")
  }
}

/// Decoding of the content of a JSON string that the scanner has validated.
enum JSONStringContent {
  /// Resolves the escapes of validated string content (the bytes between the quotes).
  static func unescape<C: Collection<UInt8>>(_ content: C) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(content.count)
    var index = content.startIndex
    func hexValue(_ start: C.Index) -> UInt32 {
      var value: UInt32 = 0
      var at = start
      for _ in 0..<4 {
        let byte = content[at]
        let digit: UInt8 =
          switch byte {
          case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
          case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
          default: byte - UInt8(ascii: "A") + 10
          }
        value = value << 4 | UInt32(digit)
        at = content.index(after: at)
      }
      return value
    }
    while index != content.endIndex {
      let byte = content[index]
      guard byte == UInt8(ascii: "\\") else {
        output.append(byte)
        index = content.index(after: index)
        continue
      }
      let escape = content[content.index(after: index)]
      let afterEscape = content.index(index, offsetBy: 2)
      switch escape {
      case UInt8(ascii: "b"): output.append(0x08)
      case UInt8(ascii: "f"): output.append(0x0C)
      case UInt8(ascii: "n"): output.append(0x0A)
      case UInt8(ascii: "r"): output.append(0x0D)
      case UInt8(ascii: "t"): output.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = hexValue(afterEscape)
        index = content.index(afterEscape, offsetBy: 4)
        if (0xD800...0xDBFF).contains(scalar) {
          let low = hexValue(content.index(index, offsetBy: 2))
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          index = content.index(index, offsetBy: 6)
        }
        output.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
        continue
      default: output.append(escape)
      }
      index = afterEscape
    }
    return String(decoding: output, as: UTF8.self)
  }
}
