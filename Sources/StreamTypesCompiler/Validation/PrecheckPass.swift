import Foundation
@_spi(StreamTypesInternals) @_spi(Generated) import StreamTypes

// The fast path's one pass over a payload's bytes, reading the tables PayloadPrecheck built.

/// One pass over one payload. Every function returns false as soon as it is not sure.
struct PrecheckPass {
  let bytes: UnsafeBufferPointer<UInt8>
  let tables: PayloadPrecheck.Tables
  unowned(unsafe) let precheck: PayloadPrecheck
  let maxDepth: Int
  var position = 0
  var depth = 0

  init(bytes: UnsafeBufferPointer<UInt8>, tables: PayloadPrecheck.Tables, precheck: PayloadPrecheck)
  {
    self.bytes = bytes
    self.tables = tables
    self.precheck = precheck
    self.maxDepth = precheck.maxDepth
  }

  private static let quote = UInt8(ascii: "\"")
  private static let backslash = UInt8(ascii: "\\")

  mutating func document(model: Int) -> Bool {
    skipWhitespace()
    guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else { return false }
    guard self.model(model) else { return false }
    skipWhitespace()
    return position == bytes.count
  }

  @inline(__always)
  private mutating func skipWhitespace() {
    while position < bytes.count {
      let byte = bytes[position]
      guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
      position += 1
    }
  }

  /// The next non-whitespace byte, not consumed; nil at the end.
  @inline(__always)
  private mutating func peek() -> UInt8? {
    skipWhitespace()
    return position < bytes.count ? bytes[position] : nil
  }

  /// Consumes `byte` after optional whitespace.
  @inline(__always)
  private mutating func take(_ byte: UInt8) -> Bool {
    guard peek() == byte else { return false }
    position += 1
    return true
  }

  // MARK: Typed values

  private mutating func value(_ index: Int) -> Bool {
    guard let first = peek() else { return false }
    let node = tables.nodes[index]
    let child = Int(node.child)
    switch node.kind {
    case .int:
      guard first == UInt8(ascii: "-") || first &- UInt8(ascii: "0") < 10,
        let value = integerValue()
      else { return false }
      return meets(node, .int(value))
    case .float:
      guard first == UInt8(ascii: "-") || first &- UInt8(ascii: "0") < 10 else { return false }
      let start = position
      guard let scanned = number() else { return false }
      guard node.constraints >= 0 else { return true }
      // The digits the scan gathered, through the runtime's shared conversion; the text
      // when they do not fit or the fast algorithms cannot decide.
      let value =
        scanned.digitCount <= 19
        ? ByteScanning.double(
          digits: scanned.digits,
          exponent: scanned.exponent,
          negative: scanned.negative
        ) : nil
      return meets(node, .double(value ?? ByteScanning.double(bytes, from: start, to: position)))
    case .string:
      guard first == Self.quote, let (start, end, escaped) = string() else { return false }
      guard node.constraints >= 0 else { return true }
      if node.lengthsOnly {
        // Lengths count Unicode scalars: every byte but UTF-8 continuation bytes, an escape
        // one scalar. No string is made for them.
        if escaped {
          return meets(
            node,
            .length(ByteScanning.scalarCount(ofEscaped: bytes, from: start, to: end))
          )
        }
        var length = 0
        for byte in bytes[start..<end] where byte & 0xC0 != 0x80 { length += 1 }
        return meets(node, .length(length))
      }
      // An escaped string under other constraints is left to the full path.
      guard !escaped else { return false }
      return meets(node, .string(String(decoding: bytes[start..<end], as: UTF8.self)))
    case .bool:
      if first == UInt8(ascii: "t") { return literal("true") }
      return first == UInt8(ascii: "f") && literal("false")
    case .datetime:
      guard first == Self.quote, let (start, end, escaped) = string(), !escaped else {
        return false
      }
      return RFC3339.parse(String(decoding: bytes[start..<end], as: UTF8.self)) != nil
    case .json:
      return anyValue()
    case .enumeration:
      guard first == Self.quote, let (start, end, escaped) = string(), !escaped else {
        return false
      }
      let values = tables.enums[child]
      for range in tables.enumValueRanges[values.start..<values.start + values.count]
      where range.count == end - start
        && ByteScanning.equal(
          tables.keyBytes.baseAddress! + range.start,
          bytes.baseAddress! + start,
          count: range.count
        )
      {
        return true
      }
      return false
    case .optional:
      if first == UInt8(ascii: "n") { return literal("null") }
      return value(child)
    case .list:
      guard first == UInt8(ascii: "[") else { return false }
      var count = 0
      guard
        container(
          close: UInt8(ascii: "]"),
          element: { pass in
            count += 1
            return pass.value(child)
          }
        )
      else { return false }
      return meets(node, .items(count))
    case .map:
      guard first == UInt8(ascii: "{") else { return false }
      // Repeated keys count once, as in the dictionary that decoding builds.
      var keys: Set<String>? = node.constraints >= 0 ? [] : nil
      guard
        container(
          close: UInt8(ascii: "}"),
          element: { pass in
            guard pass.peek() == Self.quote, let (start, end, escaped) = pass.string() else {
              return false
            }
            if keys != nil {
              guard !escaped else { return false }
              keys!.insert(String(decoding: pass.bytes[start..<end], as: UTF8.self))
            }
            return pass.take(UInt8(ascii: ":")) && pass.value(child)
          }
        )
      else { return false }
      guard let keys else { return true }
      return meets(node, .items(keys.count))
    case .model:
      guard first == UInt8(ascii: "{") else { return false }
      return model(child)
    case .notSure:
      return false
    }
  }

  /// Whether `subject` meets the constraints of `node`, by the runtime's conditions.
  private func meets(_ node: PayloadPrecheck.Node, _ subject: ConstraintSubject) -> Bool {
    guard node.constraints >= 0 else { return true }
    for constraint in tables.constraints[tables.constraintRanges[Int(node.constraints)]] {
      let kind = constraint.kind
      let holds: Bool
      // The runtime's typed conditions where the bound has the subject's form; the general
      // `holds` otherwise.
      switch (subject, kind.measure, constraint.int) {
      case (.int(let value), .number, let bound?): holds = Constraint.number(kind, value, bound)
      case (.double(let value), .number, _):
        holds = Constraint.number(kind, value, constraint.double)
      case (.length(let count), .length, let bound?):
        holds = Constraint.compares(kind, count, bound)
      case (.items(let count), .items, let bound?): holds = Constraint.items(kind, count, bound)
      default: holds = Constraint.holds(kind, subject, constraint.bound)
      }
      if !holds { return false }
    }
    return true
  }

  /// The members of the object whose `{` is next, against the model's fields.
  private mutating func model(_ index: Int) -> Bool {
    let model = tables.models[index]
    guard model.isSupported else { return false }
    var seen: UInt64 = 0
    var members = 0
    // Fields usually come in declaration order: try the next one first.
    var expected = 0
    let ok = container(close: UInt8(ascii: "}")) { pass in
      members += 1
      // Large objects are looked up by `String` keys in the full path; not worth mirroring.
      guard members <= 32 else { return false }
      guard pass.peek() == Self.quote, let (start, end, escaped) = pass.string(), !escaped else {
        return false
      }
      guard pass.take(UInt8(ascii: ":")) else { return false }
      let count = end - start
      var found = -1
      for step in 0..<model.fieldCount {
        var candidate = expected + step
        if candidate >= model.fieldCount { candidate -= model.fieldCount }
        let field = pass.tables.fields[model.fieldStart + candidate]
        if field.keyCount == count
          && ByteScanning.equal(
            pass.tables.keyBytes.baseAddress! + field.keyStart,
            pass.bytes.baseAddress! + start,
            count: count
          )
        {
          found = candidate
          break
        }
      }
      guard found >= 0 else {
        return !model.forbidsUnknownFields && pass.anyValue()
      }
      let bit: UInt64 = 1 << UInt64(found)
      // A repeated key: the full path keeps the last value; leave it to the full path.
      guard seen & bit == 0 else { return false }
      seen |= bit
      expected = found + 1
      return pass.value(pass.tables.fields[model.fieldStart + found].node)
    }
    return ok && seen & model.requiredMask == model.requiredMask
  }

  /// An array or object whose opening bracket is next; `element` reads one element or
  /// member (key included).
  @inline(__always)
  private mutating func container(
    close: UInt8,
    element: (inout PrecheckPass) -> Bool
  ) -> Bool {
    guard depth < maxDepth else { return false }
    depth += 1
    position += 1
    if peek() == close {
      position += 1
      depth -= 1
      return true
    }
    while true {
      guard element(&self) else { return false }
      guard let next = peek() else { return false }
      position += 1
      if next == close { break }
      guard next == UInt8(ascii: ",") else { return false }
    }
    depth -= 1
    return true
  }

  // MARK: Untyped JSON

  /// Any JSON value, checked as ``JSONChecker`` checks it.
  private mutating func anyValue() -> Bool {
    guard let first = peek() else { return false }
    switch first {
    case Self.quote: return string() != nil
    case UInt8(ascii: "{"):
      return container(close: UInt8(ascii: "}")) { pass in
        pass.peek() == Self.quote && pass.string() != nil && pass.take(UInt8(ascii: ":"))
          && pass.anyValue()
      }
    case UInt8(ascii: "["):
      return container(close: UInt8(ascii: "]")) { pass in pass.anyValue() }
    case UInt8(ascii: "t"): return literal("true")
    case UInt8(ascii: "f"): return literal("false")
    case UInt8(ascii: "n"): return literal("null")
    default: return number() != nil
    }
  }

  private mutating func literal(_ text: StaticString) -> Bool {
    let count = text.utf8CodeUnitCount
    guard position + count <= bytes.count,
      memcmp(bytes.baseAddress! + position, text.utf8Start, count) == 0
    else { return false }
    position += count
    // `nullx` is one bad token.
    if position < bytes.count {
      let byte = bytes[position]
      if byte &- UInt8(ascii: "0") < 10 || (byte | 0x20) &- UInt8(ascii: "a") < 26
        || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        || byte == UInt8(ascii: "_")
      {
        return false
      }
    }
    return true
  }

  /// An integer literal of at most 18 digits (so it fits in 64 bits); anything else, such
  /// as `1.0` (which the full path accepts for an `int`), is left to the full path.
  private mutating func integerValue() -> Int? {
    var at = position
    let negative = bytes[at] == UInt8(ascii: "-")
    if negative { at += 1 }
    let digitsStart = at
    var value = 0
    while at < bytes.count {
      let digit = bytes[at] &- UInt8(ascii: "0")
      guard digit < 10 else { break }
      value = value &* 10 &+ Int(digit)
      at += 1
    }
    let digits = at - digitsStart
    guard digits > 0, digits <= 18, digits == 1 || bytes[digitsStart] != UInt8(ascii: "0") else {
      return nil
    }
    if at < bytes.count {
      let next = bytes[at]
      guard next != UInt8(ascii: "."), next | 0x20 != UInt8(ascii: "e") else { return nil }
    }
    position = at
    return negative ? -value : value
  }

  /// A scanned number: its digits (exact when `digitCount` is at most 19, leading zeros
  /// counted) and the exponent of the last.
  struct ScannedNumber {
    var digits: UInt64
    var digitCount: Int
    var exponent: Int
    var negative: Bool
  }

  /// A number as ``JSONChecker`` accepts it, conservatively: integers of at most 18
  /// digits, other numbers far from overflow. Gathers its digits in passing.
  private mutating func number() -> ScannedNumber? {
    var at = position
    let negative = at < bytes.count && bytes[at] == UInt8(ascii: "-")
    if negative { at += 1 }
    var digits: UInt64 = 0
    let integerStart = at
    while at + 8 <= bytes.count, let eight = ByteScanning.eightDigits(bytes.baseAddress! + at) {
      digits = digits &* 100_000_000 &+ eight
      at += 8
    }
    while at < bytes.count {
      let digit = bytes[at] &- UInt8(ascii: "0")
      guard digit < 10 else { break }
      digits = digits &* 10 &+ UInt64(digit)
      at += 1
    }
    let integerDigits = at - integerStart
    guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
      return nil
    }
    var isInteger = true
    var fractionDigits = 0
    if at < bytes.count && bytes[at] == UInt8(ascii: ".") {
      isInteger = false
      at += 1
      let fractionStart = at
      while at + 8 <= bytes.count, let eight = ByteScanning.eightDigits(bytes.baseAddress! + at) {
        digits = digits &* 100_000_000 &+ eight
        at += 8
      }
      while at < bytes.count {
        let digit = bytes[at] &- UInt8(ascii: "0")
        guard digit < 10 else { break }
        digits = digits &* 10 &+ UInt64(digit)
        at += 1
      }
      fractionDigits = at - fractionStart
      guard fractionDigits > 0 else { return nil }
    }
    var exponent = 0
    if at < bytes.count && bytes[at] | 0x20 == UInt8(ascii: "e") {
      isInteger = false
      at += 1
      var exponentNegative = false
      if at < bytes.count && (bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-")) {
        exponentNegative = bytes[at] == UInt8(ascii: "-")
        at += 1
      }
      let exponentStart = at
      while at < bytes.count && bytes[at] &- UInt8(ascii: "0") < 10 {
        // Capped: only exponents of two digits are used.
        exponent = min(exponent * 10 + Int(bytes[at] &- UInt8(ascii: "0")), 1_000)
        at += 1
      }
      // Exponents of three digits or more may overflow: the full path decides.
      guard at > exponentStart, at - exponentStart <= 2 else { return nil }
      if exponentNegative { exponent = -exponent }
    }
    // Integers of 19 digits or more may be beyond 64 bits (an error for an `int`, a rounded
    // double for a `float`, exact digits for a `json`): the full path decides. Huge
    // mantissas may overflow with the exponent.
    guard isInteger ? integerDigits <= 18 : integerDigits <= 200 else { return nil }
    position = at
    return ScannedNumber(
      digits: digits,
      digitCount: integerDigits + fractionDigits,
      exponent: exponent - fractionDigits,
      negative: negative
    )
  }

  // MARK: Strings

  /// A string whose opening quote is next: its content's range and whether it has escapes;
  /// nil when it is not valid (as ``JSONChecker`` decides).
  private mutating func string() -> (Int, Int, Bool)? {
    position += 1
    let start = position
    var escaped = false
    let base = bytes.baseAddress!
    let count = bytes.count
    while true {
      // Eight plain ASCII bytes at a time.
      while position + 8 <= count {
        let word = UInt64(
          littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
        )
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        let control = (word &- ones &* 0x20) & ~word & high
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let special =
          control | (word & high) | ((quotes &- ones) & ~quotes & high)
          | ((backslashes &- ones) & ~backslashes & high)
        if special != 0 {
          // The lowest flag is exact: it marks the first special byte.
          position += special.trailingZeroBitCount >> 3
          break
        }
        position += 8
      }
      guard position < count else { return nil }
      let byte = bytes[position]
      if byte == Self.quote { break }
      if byte == Self.backslash {
        escaped = true
        guard escape() else { return nil }
      } else if byte < 0x20 {
        return nil
      } else if byte < 0x80 {
        position += 1
      } else {
        guard multiByteScalar() else { return nil }
      }
    }
    let end = position
    position += 1
    return (start, end, escaped)
  }

  private mutating func escape() -> Bool {
    guard position + 1 < bytes.count else { return false }
    switch bytes[position + 1] {
    case Self.quote, Self.backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
      UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
      position += 2
      return true
    case UInt8(ascii: "u"):
      guard let unit = hexEscape(at: position) else { return false }
      switch unit {
      case 0xD800...0xDBFF:
        let next = position + 6
        guard next + 1 < bytes.count, bytes[next] == Self.backslash,
          bytes[next + 1] == UInt8(ascii: "u"), let low = hexEscape(at: next),
          (0xDC00...0xDFFF).contains(low)
        else { return false }
        position += 12
      case 0xDC00...0xDFFF:
        return false
      default:
        position += 6
      }
      return true
    default:
      return false
    }
  }

  private func hexEscape(at start: Int) -> UInt32? {
    guard start + 6 <= bytes.count else { return nil }
    var value: UInt32 = 0
    for offset in start + 2..<start + 6 {
      let byte = bytes[offset]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: return nil
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }

  /// One UTF-8 sequence of two to four bytes, as ``JSONChecker`` checks it.
  private mutating func multiByteScalar() -> Bool {
    let length = ByteScanning.multiByteScalarLength(bytes, at: position)
    guard length > 0 else { return false }
    position += length
    return true
  }
}
