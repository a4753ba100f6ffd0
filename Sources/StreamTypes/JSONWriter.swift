import Foundation

/// Writes compact JSON straight into bytes, the way pydantic's `model_dump_json()` does:
/// fields in declaration order, `null` for nil, non-ASCII text as UTF-8, `/` unescaped.
/// Generated models write themselves through it, with no `JSONEncoder` in between.
///
/// Its methods are inlinable so that generated code, in another module, gets them
/// specialized for each field's type instead of calling through generic witnesses.
public struct JSONWriter: Sendable {
  @usableFromInline var storage: [UInt8] = []
  @usableFromInline var unwritable = false
  @usableFromInline var isFirstInContainer = true

  @inlinable
  public init(reservingCapacity capacity: Int = 0) {
    storage.reserveCapacity(capacity)
  }

  /// The JSON written so far.
  @inlinable public var bytes: [UInt8] { storage }

  /// Set when a value could not be written as it is: a NaN or infinite `Double` (JSON has
  /// no such number) or a `Date` outside the years 0000 to 9999 (RFC 3339 has no such
  /// date). The writer writes a placeholder so it can go on; callers must not use the bytes.
  @inlinable public var hasUnwritableValue: Bool { unwritable }

  /// The JSON text of `value`.
  @inlinable
  public static func encode(_ value: some JSONWritable) -> [UInt8] {
    var writer = JSONWriter(reservingCapacity: 256)
    value.writeJSON(to: &writer)
    return writer.storage
  }

  /// Appends raw bytes, such as a frame's tag written before its payload.
  @inlinable
  public mutating func append<C: Collection>(raw bytes: C) where C.Element == UInt8 {
    storage.append(contentsOf: bytes)
  }

  /// Replaces bytes already written, such as a length that is known only at the end.
  @inlinable
  public mutating func overwrite(at index: Int, with bytes: some Collection<UInt8>) {
    storage.replaceSubrange(index..<(index + bytes.count), with: bytes)
  }

  /// The number of bytes written so far.
  @inlinable public var count: Int { storage.count }

  @inlinable
  public mutating func beginObject() {
    storage.append(UInt8(ascii: "{"))
    isFirstInContainer = true
  }

  @inlinable
  public mutating func endObject() {
    storage.append(UInt8(ascii: "}"))
    isFirstInContainer = false
  }

  /// Writes `"key":value`, with the comma before it when needed.
  @inlinable
  public mutating func field(_ key: String, _ value: some JSONWritable) {
    if !isFirstInContainer { storage.append(UInt8(ascii: ",")) }
    writeString(key)
    storage.append(UInt8(ascii: ":"))
    value.writeJSON(to: &self)
    isFirstInContainer = false
  }

  /// Writes `"key":value` for a key that needs no escaping, as every wire field name of a
  /// schema (`^[A-Za-z_][A-Za-z0-9_]*$`). Generated models use it.
  @inlinable
  public mutating func member(_ key: StaticString, _ value: some JSONWritable) {
    if !isFirstInContainer { storage.append(UInt8(ascii: ",")) }
    storage.append(UInt8(ascii: "\""))
    key.withUTF8Buffer { storage.append(contentsOf: $0) }
    storage.append(UInt8(ascii: "\""))
    storage.append(UInt8(ascii: ":"))
    value.writeJSON(to: &self)
    isFirstInContainer = false
  }

  @inlinable
  mutating func markUnwritable() {
    unwritable = true
  }

  /// Ends a line of JSON Lines output.
  @inlinable
  public mutating func writeNewline() {
    storage.append(0x0A)
    isFirstInContainer = true
  }

  @inlinable
  mutating func writeArray<S: Sequence>(_ elements: S) where S.Element: JSONWritable {
    storage.append(UInt8(ascii: "["))
    var first = true
    for element in elements {
      if !first { storage.append(UInt8(ascii: ",")) }
      element.writeJSON(to: &self)
      first = false
    }
    storage.append(UInt8(ascii: "]"))
    isFirstInContainer = false
  }

  @inlinable
  mutating func writeRaw(_ text: StaticString) {
    text.withUTF8Buffer { storage.append(contentsOf: $0) }
  }

  /// An integer's decimal digits, written without making a `String`.
  @inlinable
  mutating func writeInteger(_ value: Int) {
    if value >= 0 && value < 10 {
      storage.append(UInt8(ascii: "0") + UInt8(value))
      return
    }
    var magnitude = value.magnitude
    // Int64's longest, -9223372036854775808, has 20 characters.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
      var position = 20
      repeat {
        position -= 1
        buffer[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
      } while magnitude > 0
      if value < 0 {
        position -= 1
        buffer[position] = UInt8(ascii: "-")
      }
      storage.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position..<20]))
    }
  }

  @inlinable
  mutating func writeNumber(_ value: Double) {
    guard value.isFinite else {
      unwritable = true
      writeRaw("null")
      return
    }
    // The shortest text that reads back as the same Double, as Python's repr.
    if !writeShortDecimal(value) { storage.append(contentsOf: value.description.utf8) }
  }

  /// Writes a finite number from 0.0001 to below 10^15 in magnitude (or a zero) in
  /// positional notation, with exactly the text of `description`: the shortest digits that
  /// read back as the same `Double`. False for numbers it leaves to `description`, which is
  /// exact but slower: those that need 16 or 17 significant digits, and the others.
  ///
  /// Any decimal of at most 15 significant digits reads back as the `Double` nearest to it
  /// (`DBL_DIG`), and a `Double` is far closer to such a decimal than half a step of the
  /// 15-digit grid. So rounding the value to 15 significant digits and dropping trailing
  /// zeros gives the shortest digits whenever they number 15 or fewer. The rounding and the
  /// check that the digits read back are exact integer arithmetic on the value's bits.
  @usableFromInline
  mutating func writeShortDecimal(_ value: Double) -> Bool {
    let magnitude = value.magnitude
    if magnitude == 0 {
      if value.sign == .minus { writeRaw("-0.0") } else { writeRaw("0.0") }
      return true
    }
    guard magnitude >= 1e-4 && magnitude < 1e15 else { return false }
    // magnitude = significand × 2^−shift, exactly (it is a normal number).
    let bits = magnitude.bitPattern
    let significand = (bits & 0x000F_FFFF_FFFF_FFFF) | (1 << 52)
    let shift = 1075 - Int(bits >> 52)  // from 3 to 66 in this range
    // The decimal exponent, floor(log10(magnitude)) from -4 to 14: first estimated from the
    // binary exponent (78913 / 2^18 is just below log10(2)), then corrected.
    var exponent = ((52 - shift) * 78913) >> 18
    if magnitude >= Self.decimalThresholds[exponent + 5] { exponent += 1 }
    var fractionDigits = 14 - exponent
    let scale = Self.integerPowersOfTen[fractionDigits]
    // product = magnitude × 10^fractionDigits × 2^shift, a 117-bit integer at most.
    let (high, low) = significand.multipliedFullWidth(by: scale)
    // digits = floor(product / 2^shift); remainder = product mod 2^shift, as (high, low).
    var digits: UInt64
    let remainderHigh: UInt64
    let remainderLow: UInt64
    if shift < 64 {
      digits = (high << (64 - shift)) | (low >> shift)
      remainderHigh = 0
      remainderLow = low & ((1 << shift) - 1)
    } else {
      digits = high >> (shift - 64)
      remainderHigh = high & ((1 << (shift - 64)) - 1)
      remainderLow = low
    }
    // Round to nearest, ties to even: compare the remainder with half of 2^shift.
    let (halfHigh, halfLow): (UInt64, UInt64) =
      shift <= 64 ? (0, 1 << (shift - 1)) : (1 << (shift - 65), 0)
    let aboveHalf = (remainderHigh, remainderLow) > (halfHigh, halfLow)
    let atHalf = remainderHigh == halfHigh && remainderLow == halfLow
    let roundsUp = aboveHalf || (atHalf && digits & 1 == 1)
    // The distance from the rounded digits to the exact value, in units of 2^−shift.
    var (distanceHigh, distanceLow) = (remainderHigh, remainderLow)
    if roundsUp {
      digits += 1
      // 2^shift − remainder.
      let (fullHigh, fullLow): (UInt64, UInt64) =
        shift < 64 ? (0, 1 << shift) : (1 << (shift - 64), 0)
      let (differenceLow, borrow) = fullLow.subtractingReportingOverflow(remainderLow)
      distanceLow = differenceLow
      distanceHigh = fullHigh &- remainderHigh &- (borrow ? 1 : 0)
    }
    // The digits read back as the value when they are within half its ulp, which is
    // 2^−shift before scaling: 2 × distance < 10^fractionDigits (ties go to an even
    // significand). Below a power of two the ulp is half as large.
    guard distanceHigh == 0, distanceLow < 1 << 62 else { return false }
    let halfUlps = significand == 1 << 52 && !roundsUp ? 4 * distanceLow : 2 * distanceLow
    guard halfUlps < scale || (halfUlps == scale && significand & 1 == 0) else { return false }
    // Trailing zeros, at most 14 of them, removed in steps of 8, 4, 2 and 1.
    if fractionDigits >= 8 && digits % 100_000_000 == 0 {
      digits /= 100_000_000
      fractionDigits -= 8
    }
    if fractionDigits >= 4 && digits % 10_000 == 0 {
      digits /= 10_000
      fractionDigits -= 4
    }
    if fractionDigits >= 2 && digits % 100 == 0 {
      digits /= 100
      fractionDigits -= 2
    }
    if fractionDigits >= 1 && digits % 10 == 0 {
      digits /= 10
      fractionDigits -= 1
    }
    writeDecimal(digits, fractionDigits: fractionDigits, negative: value < 0)
    return true
  }

  /// The doubles nearest to 10^-4 through 10^15. Comparing with them can only take the one
  /// double nearest to 10^e, when it is below 10^e, for a value of at least 10^e: its digits
  /// are then rounded to 14 places rather than 15, which at worst sends it to `description`.
  @usableFromInline
  static let decimalThresholds: [Double] = [
    1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
    1e13, 1e14, 1e15,
  ]

  /// 10^0 to 10^18.
  @usableFromInline
  static let integerPowersOfTen: [UInt64] = (0...18).map { power in
    (0..<power).reduce(1) { value, _ in value * 10 }
  }

  /// Writes `digits` × 10^−fractionDigits, with at least one digit after the point.
  @usableFromInline
  mutating func writeDecimal(_ digits: UInt64, fractionDigits: Int, negative: Bool) {
    // At most 16 digits, a sign, "0." and 17 fraction digits.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
      var position = 40
      var remaining = digits
      var written = 0
      if fractionDigits == 0 {
        position -= 2
        buffer[position] = UInt8(ascii: ".")
        buffer[position + 1] = UInt8(ascii: "0")
      }
      repeat {
        position -= 1
        buffer[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
        remaining /= 10
        written += 1
        if written == fractionDigits {
          position -= 1
          buffer[position] = UInt8(ascii: ".")
        }
      } while remaining > 0 || written < fractionDigits
      if written == fractionDigits {
        position -= 1
        buffer[position] = UInt8(ascii: "0")
      }
      if negative {
        position -= 1
        buffer[position] = UInt8(ascii: "-")
      }
      storage.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position..<40]))
    }
  }

  /// A JSON string literal; escapes only what JSON requires.
  @inlinable
  public mutating func writeString(_ value: String) {
    storage.append(UInt8(ascii: "\""))
    var value = value
    value.withUTF8 { text in
      // Most text needs no escaping: copy it whole when so.
      if !text.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
      ) {
        storage.append(contentsOf: text)
      } else {
        writeEscaped(text)
      }
    }
    storage.append(UInt8(ascii: "\""))
  }

  @usableFromInline
  mutating func writeEscaped(_ text: UnsafeBufferPointer<UInt8>) {
    let hexDigits = Array("0123456789abcdef".utf8)
    for byte in text {
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): storage += [UInt8(ascii: "\\"), byte]
      case 0x0A: storage += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case 0x0D: storage += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case 0x09: storage += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case 0x08: storage += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
      case 0x0C: storage += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
      case 0..<0x20:
        storage += Array("\\u00".utf8)
        storage.append(hexDigits[Int(byte >> 4)])
        storage.append(hexDigits[Int(byte & 0x0F)])
      default: storage.append(byte)
      }
    }
  }
}

/// A value that writes itself as JSON. Generated models and enums conform, as do the types
/// their fields use.
public protocol JSONWritable {
  func writeJSON(to writer: inout JSONWriter)
}

extension JSONWritable where Self: RawRepresentable, RawValue == String {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) {
    writer.writeString(rawValue)
  }
}

extension String: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) { writer.writeString(self) }
}

extension Int: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) { writer.writeInteger(self) }
}

extension Double: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) { writer.writeNumber(self) }
}

extension Bool: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) {
    if self { writer.writeRaw("true") } else { writer.writeRaw("false") }
  }
}

/// A `datetime` is written as RFC 3339 in UTC.
extension Date: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) {
    if !RFC3339.isRepresentable(self) { writer.markUnwritable() }
    writer.writeString(RFC3339.format(self))
  }
}

extension Optional: JSONWritable where Wrapped: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) {
    switch self {
    case .some(let value): value.writeJSON(to: &writer)
    case .none: writer.writeRaw("null")
    }
  }
}

extension Array: JSONWritable where Element: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) { writer.writeArray(self) }
}

/// Maps are written with their keys sorted, so the same value gives the same bytes.
extension Dictionary: JSONWritable where Key == String, Value: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) {
    writer.beginObject()
    if count == 1, let (key, value) = first {
      writer.field(key, value)
    } else {
      for key in keys.sorted() { writer.field(key, self[key]!) }
    }
    writer.endObject()
  }
}

extension JSONValue: JSONWritable {
  public func writeJSON(to writer: inout JSONWriter) {
    switch self {
    case .null: writer.writeRaw("null")
    case .bool(let value): value.writeJSON(to: &writer)
    case .int(let value): value.writeJSON(to: &writer)
    case .double(let value): value.writeJSON(to: &writer)
    case .string(let value): writer.writeString(value)
    case .array(let values): writer.writeArray(values)
    case .object(let members): members.writeJSON(to: &writer)
    }
  }
}
