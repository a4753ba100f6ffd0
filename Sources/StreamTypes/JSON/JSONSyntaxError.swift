/// A payload that is not valid JSON under the rules of the wire format.
public struct JSONSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The offset of the offending byte from the payload's first byte.
  public var payloadOffset: Int
  /// Where in the document the error is: the value being read, or the object or array whose
  /// punctuation is wrong.
  public var path: JSONPath
  /// What the grammar or the wire format's rules allow at that place.
  public var expected: String
  /// What the payload has instead.
  public var found: String
  /// `expected …, found …` as one sentence.
  public var message: String

  public init(payloadOffset: Int, path: JSONPath, expected: String, found: String) {
    self.payloadOffset = payloadOffset
    self.path = path
    self.expected = expected
    self.found = found
    self.message = "expected \(expected), found \(found)"
  }

  public var description: String {
    "payload byte \(payloadOffset), \(path): \(message)"
  }
}

// How the scanner words its errors: what it found, and the path of the value.
extension JSONScanner {
  func topLevelKind() -> String {
    switch bytes[position] {
    case ASCII.openBracket: "array"
    case ASCII.quote: "string"
    case ASCII.minus, ASCII.zero...ASCII.nine: "number"
    default:
      switch word(at: position) {
      case "true", "false": "boolean"
      case "null": "null"
      default: describe(at: position)
      }
    }
  }

  /// A readable name for the token at `offset`: a bare word such as `NaN`, or one byte.
  func describe(at offset: Int) -> String {
    if ASCII.isWordByte(bytes[offset]) { return word(at: offset) }
    return describeByte(bytes[offset])
  }

  func describeByte(_ byte: UInt8) -> String {
    switch byte {
    case 0x21...0x7E: "'\(Character(Unicode.Scalar(byte)))'"
    default: "byte 0x\(Self.hex2(byte))"
    }
  }

  func word(at offset: Int) -> String {
    var end = offset
    while end < bytes.count && end - offset < 40 && ASCII.isWordByte(bytes[end]) { end += 1 }
    if end == offset { return describeByte(bytes[offset]) }
    return String(decoding: bytes[offset..<end], as: UTF8.self)
  }

  func error(
    at offset: Int? = nil,
    expected: String,
    found: String,
    includingLast: Bool = true
  ) -> JSONSyntaxError {
    JSONSyntaxError(
      payloadOffset: offset ?? position,
      path: path(includingLast: includingLast),
      expected: expected,
      found: found
    )
  }

  /// The path of the current position, decoding keys only now that an error needs them.
  private func path(includingLast: Bool) -> JSONPath {
    var components: [JSONPath.Component] = []
    let count = includingLast ? depth : depth - 1
    for frame in stack.prefix(max(count, 0)) {
      if frame.isObject {
        guard frame.hasKey else { break }
        let content = UnsafeBufferPointer(rebasing: bytes[frame.keyStart..<frame.keyEnd])
        components.append(
          .key(
            frame.keyEscaped
              ? JSONStringContent.unescape(content) : String(decoding: content, as: UTF8.self)
          )
        )
      } else {
        components.append(.index(frame.index))
      }
    }
    return JSONPath(components: components)
  }

  static func hex2(_ byte: UInt8) -> String {
    (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
  }

  static func hex4(_ value: UInt32) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  static func scalarName(_ value: UInt32) -> String { "U+" + hex4(value) }
}
