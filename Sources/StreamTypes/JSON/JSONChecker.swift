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
  /// A number; `value` is its value when the scanner could convert it exactly in passing
  /// (always nil when `keepsNumberValues` is false).
  mutating func number(start: Int, end: Int, isInteger: Bool, value: Double?)
  /// Whether the scanner converts numbers for `number(start:end:isInteger:value:)`.
  static var keepsNumberValues: Bool { get }
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
  static var keepsNumberValues: Bool { false }
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

enum ASCII {
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

  private mutating func skipWhitespace() {
    while position < bytes.count && ASCII.isWhitespace(bytes[position]) { position += 1 }
  }
}
