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
    var at = position
    while at < bytes.count {
      let byte = bytes[at]
      guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { break }
      at &+= 1
    }
    position = at
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
      if node.boundsOnly && !scanned.hasExponent && scanned.integerDigits <= 15 {
        // Without an exponent, a number whose integer part is n reads as a double from n to
        // n + 1 (both exact below 2^53; correct rounding keeps the order), or from -(n + 1)
        // to -n. Bounds that hold at both ends hold for it: no conversion.
        let whole = Double(scanned.integerPart)
        let (low, high) = scanned.negative ? (-whole - 1, -whole) : (whole, whole + 1)
        if boundsHold(node, low) && boundsHold(node, high) { return true }
      }
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
        // Bounds that hold for any scalar count these bytes allow need no count.
        if lengthBoundsHoldUncounted(node, utf8Count: end - start) { return true }
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
      guard first == UInt8(ascii: "["), open(close: UInt8(ascii: "]")) else { return false }
      var count = 0
      while hasElement {
        count += 1
        guard value(child), next(close: UInt8(ascii: "]")) else { return false }
      }
      return meets(node, .items(count))
    case .map:
      guard first == UInt8(ascii: "{"), open(close: UInt8(ascii: "}")) else { return false }
      // Repeated keys count once, as in the dictionary that decoding builds.
      var keys: Set<String>? = node.constraints >= 0 ? [] : nil
      while hasElement {
        guard peek() == Self.quote, let (start, end, escaped) = string() else { return false }
        if keys != nil {
          guard !escaped else { return false }
          keys!.insert(String(decoding: bytes[start..<end], as: UTF8.self))
        }
        guard take(UInt8(ascii: ":")), value(child), next(close: UInt8(ascii: "}")) else {
          return false
        }
      }
      guard let keys else { return true }
      return meets(node, .items(keys.count))
    case .model:
      guard first == UInt8(ascii: "{") else { return false }
      return model(child)
    case .notSure:
      return false
    }
  }

  /// Whether `subject` meets the constraints of `node`, by the runtime's conditions. The
  /// constraints are read in place (a copy of one would retain its bound).
  private func meets(_ node: PayloadPrecheck.Node, _ subject: ConstraintSubject) -> Bool {
    guard node.constraints >= 0 else { return true }
    let constraints = tables.constraints.baseAddress!
    for index in tables.constraintRanges[Int(node.constraints)] {
      let kind = constraints[index].kind
      let holds: Bool
      // The runtime's typed conditions where the bound has the subject's form; the general
      // `holds` otherwise.
      switch (subject, kind.measure, constraints[index].int) {
      case (.int(let value), .number, let bound?): holds = Constraint.number(kind, value, bound)
      case (.double(let value), .number, _):
        holds = Constraint.number(kind, value, constraints[index].double)
      case (.length(let count), .length, let bound?):
        holds = Constraint.compares(kind, count, bound)
      case (.items(let count), .items, let bound?): holds = Constraint.items(kind, count, bound)
      default: holds = Constraint.holds(kind, subject, constraints[index].bound)
      }
      if !holds { return false }
    }
    return true
  }

  /// Whether `value` meets the bounds of a `boundsOnly` node (`Constraint.number`, as
  /// `meets` checks a double), with no subject to build.
  @inline(__always)
  private func boundsHold(_ node: PayloadPrecheck.Node, _ value: Double) -> Bool {
    let constraints = tables.constraints.baseAddress!
    for index in tables.constraintRanges[Int(node.constraints)]
    where !Constraint.number(constraints[index].kind, value, constraints[index].double) {
      return false
    }
    return true
  }

  /// Whether the bounds of a `lengthsOnly` node hold for any scalar count `utf8Count` bytes
  /// allow (`Constraint.length(_:holdsForAnyScalarCountOf:_:)`, the rule `Constraint.length`
  /// applies before counting); false when the scalars must be counted.
  @inline(__always)
  private func lengthBoundsHoldUncounted(_ node: PayloadPrecheck.Node, utf8Count: Int) -> Bool {
    let constraints = tables.constraints.baseAddress!
    for index in tables.constraintRanges[Int(node.constraints)] {
      guard let bound = constraints[index].int,
        Constraint.length(constraints[index].kind, holdsForAnyScalarCountOf: utf8Count, bound)
      else { return false }
    }
    return true
  }

  /// The members of the object whose `{` is next, against the model's fields.
  private mutating func model(_ index: Int) -> Bool {
    let model = tables.models[index]
    guard model.isSupported, open(close: UInt8(ascii: "}")) else { return false }
    let fields = tables.fields.baseAddress! + model.fieldStart
    let keyBytes = tables.keyBytes.baseAddress!
    var seen: UInt64 = 0
    var members = 0
    // Fields usually come in declaration order: try the next one first.
    var expected = 0
    while hasElement {
      members += 1
      // Large objects are looked up by `String` keys in the full path; not worth mirroring.
      guard members <= 32, peek() == Self.quote, let (start, end, escaped) = string(), !escaped,
        take(UInt8(ascii: ":"))
      else { return false }
      let count = end - start
      let key = bytes.baseAddress! + start
      let head = Self.keyHead(bytes, start: start, count: count)
      var found = -1
      var candidate = expected
      for _ in 0..<model.fieldCount {
        if candidate >= model.fieldCount { candidate = 0 }
        let field = fields[candidate]
        if field.keyCount == count && field.keyHead == head
          && (count <= 8
            || ByteScanning.equal(keyBytes + field.keyStart + 8, key + 8, count: count - 8))
        {
          found = candidate
          break
        }
        candidate += 1
      }
      if found >= 0 {
        let bit: UInt64 = 1 << UInt64(found)
        // A repeated key: the full path keeps the last value; leave it to the full path.
        guard seen & bit == 0 else { return false }
        seen |= bit
        expected = found + 1
        guard value(fields[found].node) else { return false }
      } else {
        guard !model.forbidsUnknownFields, anyValue() else { return false }
      }
      guard next(close: UInt8(ascii: "}")) else { return false }
    }
    return seen & model.requiredMask == model.requiredMask
  }

  /// The first eight bytes of `bytes[start..<start + count]` as a little-endian word, zero
  /// past `count`: the form of `PayloadPrecheck.Field.keyHead`.
  @inline(__always)
  static func keyHead(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, count: Int) -> UInt64 {
    let base = bytes.baseAddress!
    if start &+ 8 <= bytes.count {
      let word = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
      return count >= 8 ? word : word & ((1 &<< UInt64(count &* 8)) &- 1)
    }
    var head: UInt64 = 0
    for offset in 0..<min(count, 8) {
      head |= UInt64(base[start &+ offset]) &<< UInt64(offset &* 8)
    }
    return head
  }

  // MARK: Containers
  //
  // An array or object is read with `open`, then `while hasElement { element; next }`: no
  // closure, so the walk stays in registers.

  /// Whether the container being read has an element to read next: set by `open` and
  /// `next`.
  private var hasElement = false

  /// Enters the array or object whose opening bracket is next; false when it is nested too
  /// deep. Consumes `close` at once when the container is empty.
  @inline(__always)
  private mutating func open(close: UInt8) -> Bool {
    guard depth < maxDepth else { return false }
    depth += 1
    position += 1
    hasElement = true
    if peek() == close {
      position += 1
      depth -= 1
      hasElement = false
    }
    return true
  }

  /// After an element: a comma (another element follows) or `close` (the container ends);
  /// false for anything else.
  @inline(__always)
  private mutating func next(close: UInt8) -> Bool {
    guard let byte = peek() else { return false }
    position += 1
    if byte == UInt8(ascii: ",") {
      hasElement = true
      return true
    }
    depth -= 1
    hasElement = false
    return byte == close
  }

  // MARK: Untyped JSON

  /// Any JSON value, checked as ``JSONChecker`` checks it.
  private mutating func anyValue() -> Bool {
    guard let first = peek() else { return false }
    switch first {
    case Self.quote: return string() != nil
    case UInt8(ascii: "{"):
      guard open(close: UInt8(ascii: "}")) else { return false }
      while hasElement {
        guard peek() == Self.quote, string() != nil, take(UInt8(ascii: ":")), anyValue(),
          next(close: UInt8(ascii: "}"))
        else { return false }
      }
      return true
    case UInt8(ascii: "["):
      guard open(close: UInt8(ascii: "]")) else { return false }
      while hasElement {
        guard anyValue(), next(close: UInt8(ascii: "]")) else { return false }
      }
      return true
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
  /// counted) and the exponent of the last; the integer part before the point (exact when
  /// `integerDigits` is at most 19) and whether an exponent follows.
  struct ScannedNumber {
    var digits: UInt64
    var digitCount: Int
    var exponent: Int
    var negative: Bool
    var integerPart: UInt64
    var integerDigits: Int
    var hasExponent: Bool
  }

  /// A number as ``JSONChecker`` accepts it, conservatively: integers of at most 18
  /// digits, other numbers far from overflow. Gathers its digits in passing.
  private mutating func number() -> ScannedNumber? {
    var at = position
    let negative = at < bytes.count && bytes[at] == UInt8(ascii: "-")
    if negative { at += 1 }
    var digits: UInt64 = 0
    let integerStart = at
    var hasExponent = false
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
    let integerPart = digits
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
      hasExponent = true
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
      negative: negative,
      integerPart: integerPart,
      integerDigits: integerDigits,
      hasExponent: hasExponent
    )
  }

  // MARK: Strings

  /// A string whose opening quote is next: its content's range and whether it has escapes;
  /// nil when it is not valid (as ``JSONChecker`` decides). The cursor is a local, kept in
  /// a register, and stored back once.
  private mutating func string() -> (Int, Int, Bool)? {
    let base = bytes.baseAddress!
    let count = bytes.count
    var at = position &+ 1
    let start = at
    var escaped = false
    while true {
      // Eight plain ASCII bytes at a time; the lowest flag marks the first special byte.
      while at &+ 8 <= count {
        let word = UInt64(littleEndian: UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self))
        let special = ByteScanning.stringSpecialBytes(word)
        if special != 0 {
          at &+= special.trailingZeroBitCount &>> 3
          break
        }
        at &+= 8
      }
      guard at < count else { return nil }
      let byte = base[at]
      if byte == Self.quote { break }
      if byte == Self.backslash {
        escaped = true
        let length = escapeLength(at: at)
        guard length > 0 else { return nil }
        at &+= length
      } else if byte < 0x20 {
        return nil
      } else if byte < 0x80 {
        at &+= 1
      } else {
        // A run of multi-byte scalars, each checked in place.
        repeat {
          let length = ByteScanning.multiByteScalarLength(bytes, at: at)
          guard length > 0 else { return nil }
          at &+= length
        } while at < count && base[at] >= 0x80
      }
    }
    position = at &+ 1
    return (start, at, escaped)
  }

  /// The length of the escape whose backslash is at `at`; 0 when it is not valid.
  private func escapeLength(at: Int) -> Int {
    guard at + 1 < bytes.count else { return 0 }
    switch bytes[at + 1] {
    case Self.quote, Self.backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
      UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
      return 2
    case UInt8(ascii: "u"):
      guard let unit = hexEscape(at: at) else { return 0 }
      switch unit {
      case 0xD800...0xDBFF:
        let next = at + 6
        guard next + 1 < bytes.count, bytes[next] == Self.backslash,
          bytes[next + 1] == UInt8(ascii: "u"), let low = hexEscape(at: next),
          (0xDC00...0xDFFF).contains(low)
        else { return 0 }
        return 12
      case 0xDC00...0xDFFF:
        return 0
      default:
        return 6
      }
    default:
      return 0
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

}
