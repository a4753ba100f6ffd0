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

/// A strict RFC 8259 syntax check of a payload that builds no values.
///
/// Beyond the grammar it enforces the wire format's rules for payloads: the top level is an
/// object (every payload is a model), strings are valid UTF-8 (no overlong forms, no encoded
/// surrogates, nothing above U+10FFFF), `\u` escapes form whole Unicode scalars (a lone
/// surrogate is rejected, as pydantic rejects it), numbers (integer literals of any length
/// included) do not overflow a `Double`, and nesting stays within `maxDepth`. A byte order
/// mark, `NaN`, `Infinity`, comments and trailing commas are all errors.
public enum JSONChecker {
  /// Throws the first syntax error in `bytes`, with its offset and path.
  public static func check(
    _ bytes: some Collection<UInt8>,
    maxDepth: Int = 64
  ) throws(JSONSyntaxError) {
    var sink = NoJSONSink()
    try scan(bytes, maxDepth: maxDepth, into: &sink)
  }

  /// Scans `bytes`, reporting every value to `sink` in document order.
  static func scan<Sink: JSONScanSink>(
    _ bytes: some Collection<UInt8>,
    maxDepth: Int,
    into sink: inout Sink
  ) throws(JSONSyntaxError) {
    let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
      Result { () throws(JSONSyntaxError) in
        try scan(buffer: buffer, maxDepth: maxDepth, into: &sink)
      }
    }
    if let contiguous {
      try contiguous.get()
    } else {
      try Array(bytes).withUnsafeBufferPointer { buffer in
        Result { () throws(JSONSyntaxError) in
          try scan(buffer: buffer, maxDepth: maxDepth, into: &sink)
        }
      }.get()
    }
  }

  private static func scan<Sink: JSONScanSink>(
    buffer: UnsafeBufferPointer<UInt8>,
    maxDepth: Int,
    into sink: inout Sink
  ) throws(JSONSyntaxError) {
    // The path stack lives on the stack for ordinary depths; it is also the parser's stack.
    let result = withUnsafeTemporaryAllocation(
      of: PathFrame.self,
      capacity: max(maxDepth, 1)
    ) { stack in
      var scanner = JSONScanner(bytes: buffer, maxDepth: max(maxDepth, 0), stack: stack, sink: sink)
      let result = Result { () throws(JSONSyntaxError) in try scanner.scanDocument() }
      sink = scanner.sink
      return result
    }
    try result.get()
  }
}

/// Receives the values a scan finds. Offsets are from the payload's first byte.
protocol JSONScanSink {
  mutating func beginContainer(isObject: Bool, at offset: Int)
  /// `offset` is just past the closing bracket.
  mutating func endContainer(at offset: Int)
  /// The string's content, between its quotes; `escaped` when it has a backslash.
  mutating func string(start: Int, end: Int, escaped: Bool)
  /// An object's key, as `string`; `fingerprint` (0 to 63) is the same for equal plain keys.
  mutating func key(start: Int, end: Int, escaped: Bool, fingerprint: Int)
  /// A number; `value` is its value when the scanner could convert it exactly in passing.
  mutating func number(start: Int, end: Int, isInteger: Bool, value: Double?)
  mutating func literal(_ literal: JSONLiteral, at offset: Int)
}

enum JSONLiteral {
  case `true`, `false`, null
}

/// The sink of a plain check, which the optimizer removes entirely.
struct NoJSONSink: JSONScanSink {
  @inline(__always) mutating func beginContainer(isObject: Bool, at offset: Int) {}
  @inline(__always) mutating func endContainer(at offset: Int) {}
  @inline(__always) mutating func string(start: Int, end: Int, escaped: Bool) {}
  @inline(__always) mutating func key(start: Int, end: Int, escaped: Bool, fingerprint: Int) {}
  @inline(__always) mutating func number(start: Int, end: Int, isInteger: Bool, value: Double?) {}
  @inline(__always) mutating func literal(_ literal: JSONLiteral, at offset: Int) {}
}

/// One open array or object: where the scan is inside it. Keys are kept as byte ranges and
/// decoded only when an error needs the path.
struct PathFrame {
  var isObject: Bool
  var index = 0
  var keyStart = 0
  var keyEnd = 0
  var keyEscaped = false
  var hasKey = false
}

private enum ASCII {
  static let quote = UInt8(ascii: "\"")
  static let backslash = UInt8(ascii: "\\")
  static let openBrace = UInt8(ascii: "{")
  static let closeBrace = UInt8(ascii: "}")
  static let openBracket = UInt8(ascii: "[")
  static let closeBracket = UInt8(ascii: "]")
  static let comma = UInt8(ascii: ",")
  static let colon = UInt8(ascii: ":")
  static let minus = UInt8(ascii: "-")
  static let plus = UInt8(ascii: "+")
  static let dot = UInt8(ascii: ".")
  static let zero = UInt8(ascii: "0")
  static let nine = UInt8(ascii: "9")

  @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- zero < 10 }

  @inline(__always) static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }

  static func isWordByte(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte == plus || byte == minus
      || byte == dot || byte == UInt8(ascii: "_")
  }
}

struct JSONScanner<Sink: JSONScanSink> {
  let bytes: UnsafeBufferPointer<UInt8>
  let maxDepth: Int
  let stack: UnsafeMutableBufferPointer<PathFrame>
  var sink: Sink
  var depth = 0
  var position = 0

  init(
    bytes: UnsafeBufferPointer<UInt8>,
    maxDepth: Int,
    stack: UnsafeMutableBufferPointer<PathFrame>,
    sink: Sink
  ) {
    self.bytes = bytes
    self.maxDepth = maxDepth
    self.stack = stack
    self.sink = sink
  }

  mutating func scanDocument() throws(JSONSyntaxError) {
    skipWhitespace()
    guard position < bytes.count else {
      throw error(expected: "a JSON object", found: "an empty payload")
    }
    guard bytes[position] == ASCII.openBrace else {
      throw error(expected: "a JSON object (every payload is a model)", found: topLevelKind())
    }
    var expectingValue = true
    while true {
      if expectingValue {
        try scanValue()
        // An opened container needs its members (or its closing bracket) next.
        expectingValue = openedContainerNeedsValue
        continue
      }
      guard depth > 0 else { break }
      skipWhitespace()
      let isObject = stack[depth - 1].isObject
      let close = isObject ? ASCII.closeBrace : ASCII.closeBracket
      guard position < bytes.count else {
        throw error(
          expected: isObject ? "',' or '}'" : "',' or ']'",
          found: "the end of the payload",
          includingLast: false
        )
      }
      let byte = bytes[position]
      if byte == ASCII.comma {
        position += 1
        if isObject {
          try scanKeyAndColon()
        } else {
          stack[depth - 1].index += 1
        }
        expectingValue = true
      } else if byte == close {
        position += 1
        depth -= 1
        sink.endContainer(at: position)
      } else {
        throw error(
          expected: isObject
            ? "',' or '}' after an object member" : "',' or ']' after an array element",
          found: describe(at: position),
          includingLast: false
        )
      }
    }
    skipWhitespace()
    if position < bytes.count {
      throw error(
        expected: "the end of the payload after its object",
        found: describe(at: position)
      )
    }
  }

  /// Set by `scanValue` when it opened a non-empty container whose first member comes next.
  private var openedContainerNeedsValue = false

  private mutating func scanValue() throws(JSONSyntaxError) {
    openedContainerNeedsValue = false
    skipWhitespace()
    guard position < bytes.count else {
      throw error(expected: "a JSON value", found: "the end of the payload")
    }
    switch bytes[position] {
    case ASCII.openBrace, ASCII.openBracket:
      let isObject = bytes[position] == ASCII.openBrace
      try push(isObject: isObject)
      position += 1
      skipWhitespace()
      if position < bytes.count
        && bytes[position] == (isObject ? ASCII.closeBrace : ASCII.closeBracket)
      {
        position += 1
        depth -= 1
        sink.endContainer(at: position)
      } else {
        if isObject { try scanKeyAndColon() }
        openedContainerNeedsValue = true
      }
    case ASCII.quote:
      let (start, end, escaped) = try scanString()
      sink.string(start: start, end: end, escaped: escaped)
    case ASCII.minus, ASCII.zero...ASCII.nine:
      try scanNumber()
    case UInt8(ascii: "t"):
      try scanLiteral("true", .true)
    case UInt8(ascii: "f"):
      try scanLiteral("false", .false)
    case UInt8(ascii: "n"):
      try scanLiteral("null", .null)
    default:
      throw error(expected: "a JSON value", found: describe(at: position))
    }
  }

  private mutating func push(isObject: Bool) throws(JSONSyntaxError) {
    guard depth < maxDepth else {
      throw error(
        expected: "at most \(maxDepth) levels of nesting",
        found: "an \(isObject ? "object" : "array") at level \(depth + 1)"
      )
    }
    stack.initializeElement(at: depth, to: PathFrame(isObject: isObject))
    depth += 1
    sink.beginContainer(isObject: isObject, at: position)
  }

  private mutating func scanKeyAndColon() throws(JSONSyntaxError) {
    stack[depth - 1].hasKey = false
    skipWhitespace()
    guard position < bytes.count, bytes[position] == ASCII.quote else {
      throw error(
        expected: "a string key in double quotes",
        found: position < bytes.count ? describe(at: position) : "the end of the payload"
      )
    }
    let (start, end, escaped) = try scanString()
    stack[depth - 1].keyStart = start
    stack[depth - 1].keyEnd = end
    stack[depth - 1].keyEscaped = escaped
    stack[depth - 1].hasKey = true
    // Length and end bytes: equal plain keys always share it.
    let fingerprint =
      end > start
      ? ((end &- start) &* 7 &+ Int(bytes[start]) &* 3 &+ Int(bytes[end - 1])) & 63 : 0
    sink.key(start: start, end: end, escaped: escaped, fingerprint: fingerprint)
    skipWhitespace()
    guard position < bytes.count, bytes[position] == ASCII.colon else {
      throw error(
        expected: "':' after the key",
        found: position < bytes.count ? describe(at: position) : "the end of the payload"
      )
    }
    position += 1
  }

  // MARK: Strings

  /// Scans a string starting at its opening quote; returns its content's range.
  private mutating func scanString() throws(JSONSyntaxError) -> (Int, Int, Bool) {
    position += 1
    let start = position
    var escaped = false
    while true {
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

  // MARK: Numbers and literals

  private mutating func scanNumber() throws(JSONSyntaxError) {
    let start = position
    let negative = bytes[position] == ASCII.minus
    if negative { position += 1 }
    guard position < bytes.count, ASCII.isDigit(bytes[position]) else {
      throw error(at: start, expected: "a digit after '-'", found: word(at: start))
    }
    let integerStart = position
    // The digits as an integer, in passing; used only when there are at most 15.
    var digits: UInt64 = 0
    if bytes[position] == ASCII.zero {
      position += 1
      if position < bytes.count && ASCII.isDigit(bytes[position]) {
        throw error(
          at: start,
          expected: "a number without leading zeros",
          found: word(at: start)
        )
      }
    } else {
      while position < bytes.count && ASCII.isDigit(bytes[position]) {
        digits = digits &* 10 &+ UInt64(bytes[position] &- ASCII.zero)
        position += 1
      }
    }
    let integerDigits = position - integerStart
    var isInteger = true
    var fractionDigits = 0
    if position < bytes.count && bytes[position] == ASCII.dot {
      isInteger = false
      position += 1
      guard position < bytes.count, ASCII.isDigit(bytes[position]) else {
        throw error(at: start, expected: "a digit after the decimal point", found: word(at: start))
      }
      let fractionStart = position
      while position < bytes.count && ASCII.isDigit(bytes[position]) {
        digits = digits &* 10 &+ UInt64(bytes[position] &- ASCII.zero)
        position += 1
      }
      fractionDigits = position - fractionStart
    }
    var exponent = 0
    if position < bytes.count && bytes[position] | 0x20 == UInt8(ascii: "e") {
      isInteger = false
      position += 1
      var exponentNegative = false
      if position < bytes.count && (bytes[position] == ASCII.plus || bytes[position] == ASCII.minus)
      {
        exponentNegative = bytes[position] == ASCII.minus
        position += 1
      }
      guard position < bytes.count, ASCII.isDigit(bytes[position]) else {
        throw error(at: start, expected: "a digit in the exponent", found: word(at: start))
      }
      while position < bytes.count && ASCII.isDigit(bytes[position]) {
        // Capped: any exponent this large already decides overflow.
        exponent = min(exponent * 10 + Int(bytes[position] - ASCII.zero), 1_000_000)
        position += 1
      }
      if exponentNegative { exponent = -exponent }
    }
    // Integer literals beyond 64 bits are numbers too (Python writes its big integers as
    // they are): a `float` field reads them as the nearest double, a `json` field keeps
    // their digits, an `int` field rejects them. Like every number, they must not overflow
    // a double; only numbers near its limit of about 1.8e308 are parsed to check.
    if integerDigits + exponent > 300 {
      let text = String(decoding: bytes[start..<position], as: UTF8.self)
      if let value = Double(text), value.isInfinite {
        throw error(
          at: start,
          expected: "a number within the range of a 64-bit float (about ±1.8e308)",
          found: numberText(start)
        )
      }
    }
    sink.number(
      start: start,
      end: position,
      isInteger: isInteger,
      value: integerDigits + fractionDigits <= 15
        ? ByteScanning.exactValue(digits, exponent: exponent - fractionDigits, negative: negative)
        : nil
    )
  }

  private func numberText(_ start: Int) -> String {
    let length = position - start
    let shown = String(decoding: bytes[start..<start + min(length, 40)], as: UTF8.self)
    return length > 40 ? shown + "… (\(length) characters)" : shown
  }

  private mutating func scanLiteral(
    _ text: StaticString,
    _ literal: JSONLiteral
  ) throws(JSONSyntaxError) {
    let count = text.utf8CodeUnitCount
    let matches =
      position + count <= bytes.count
      && (0..<count).allSatisfy { bytes[position + $0] == text.utf8Start[$0] }
    // `nullx` is one bad token, not `null` followed by garbage.
    guard matches, position + count == bytes.count || !ASCII.isWordByte(bytes[position + count])
    else {
      throw error(expected: "a JSON value", found: word(at: position))
    }
    sink.literal(literal, at: position)
    position += count
  }

  // MARK: Errors

  private mutating func skipWhitespace() {
    while position < bytes.count && ASCII.isWhitespace(bytes[position]) { position += 1 }
  }

  private func topLevelKind() -> String {
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
  private func describe(at offset: Int) -> String {
    if ASCII.isWordByte(bytes[offset]) { return word(at: offset) }
    return describeByte(bytes[offset])
  }

  private func describeByte(_ byte: UInt8) -> String {
    switch byte {
    case 0x21...0x7E: "'\(Character(Unicode.Scalar(byte)))'"
    default: "byte 0x\(Self.hex2(byte))"
    }
  }

  private func word(at offset: Int) -> String {
    var end = offset
    while end < bytes.count && end - offset < 40 && ASCII.isWordByte(bytes[end]) { end += 1 }
    if end == offset { return describeByte(bytes[offset]) }
    return String(decoding: bytes[offset..<end], as: UTF8.self)
  }

  private func error(
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

  private static func hex2(_ byte: UInt8) -> String {
    (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
  }

  static func hex4(_ value: UInt32) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  static func scalarName(_ value: UInt32) -> String { "U+" + hex4(value) }
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
