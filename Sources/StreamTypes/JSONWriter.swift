import Foundation

/// Writes compact JSON straight into bytes, the way pydantic's `model_dump_json()` does:
/// fields in declaration order, `null` for nil, non-ASCII text as UTF-8, `/` unescaped.
/// Generated models write themselves through it, with no `JSONEncoder` in between.
public struct JSONWriter: Sendable {
  public private(set) var bytes: [UInt8] = []
  /// Set when a value could not be written as it is: a NaN or infinite `Double` (JSON has
  /// no such number) or a `Date` outside the years 0000 to 9999 (RFC 3339 has no such
  /// date). The writer writes a placeholder so it can go on; callers must not use the bytes.
  public private(set) var hasUnwritableValue = false
  private var isFirstInContainer = true

  public init(reservingCapacity capacity: Int = 0) {
    bytes.reserveCapacity(capacity)
  }

  /// The JSON text of `value`.
  public static func encode(_ value: some JSONWritable) -> [UInt8] {
    var writer = JSONWriter(reservingCapacity: 256)
    value.writeJSON(to: &writer)
    return writer.bytes
  }

  public mutating func beginObject() {
    bytes.append(UInt8(ascii: "{"))
    isFirstInContainer = true
  }

  public mutating func endObject() {
    bytes.append(UInt8(ascii: "}"))
    isFirstInContainer = false
  }

  /// Writes `"key":value`, with the comma before it when needed.
  public mutating func field(_ key: String, _ value: some JSONWritable) {
    if !isFirstInContainer { bytes.append(UInt8(ascii: ",")) }
    writeString(key)
    bytes.append(UInt8(ascii: ":"))
    value.writeJSON(to: &self)
    isFirstInContainer = false
  }

  mutating func markUnwritable() {
    hasUnwritableValue = true
  }

  /// Ends a line of JSON Lines output.
  public mutating func writeNewline() {
    bytes.append(0x0A)
    isFirstInContainer = true
  }

  mutating func writeArray<S: Sequence>(_ elements: S) where S.Element: JSONWritable {
    bytes.append(UInt8(ascii: "["))
    var first = true
    for element in elements {
      if !first { bytes.append(UInt8(ascii: ",")) }
      element.writeJSON(to: &self)
      first = false
    }
    bytes.append(UInt8(ascii: "]"))
    isFirstInContainer = false
  }

  mutating func writeRaw(_ text: String) {
    bytes.append(contentsOf: text.utf8)
  }

  mutating func writeNumber(_ value: Double) {
    guard value.isFinite else {
      hasUnwritableValue = true
      writeRaw("null")
      return
    }
    writeRaw("\(value)")
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  /// A JSON string literal; escapes only what JSON requires.
  public mutating func writeString(_ value: String) {
    bytes.append(UInt8(ascii: "\""))
    for byte in value.utf8 {
      switch byte {
      case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), byte])
      case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), byte])
      case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
      case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
      case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
      case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
      case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
      case 0..<0x20:
        bytes.append(contentsOf: Array("\\u00".utf8))
        bytes.append(Self.hexDigits[Int(byte >> 4)])
        bytes.append(Self.hexDigits[Int(byte & 0x0F)])
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}

/// A value that writes itself as JSON. Generated models and enums conform, as do the types
/// their fields use.
public protocol JSONWritable {
  func writeJSON(to writer: inout JSONWriter)
}

extension JSONWritable where Self: RawRepresentable, RawValue == String {
  public func writeJSON(to writer: inout JSONWriter) {
    writer.writeString(rawValue)
  }
}

extension String: JSONWritable {
  public func writeJSON(to writer: inout JSONWriter) { writer.writeString(self) }
}

extension Int: JSONWritable {
  public func writeJSON(to writer: inout JSONWriter) { writer.writeRaw(String(self)) }
}

extension Double: JSONWritable {
  public func writeJSON(to writer: inout JSONWriter) { writer.writeNumber(self) }
}

extension Bool: JSONWritable {
  public func writeJSON(to writer: inout JSONWriter) { writer.writeRaw(self ? "true" : "false") }
}

/// A `datetime` is written as RFC 3339 in UTC.
extension Date: JSONWritable {
  public func writeJSON(to writer: inout JSONWriter) {
    if !RFC3339.isRepresentable(self) { writer.markUnwritable() }
    writer.writeString(RFC3339.format(self))
  }
}

extension Optional: JSONWritable where Wrapped: JSONWritable {
  public func writeJSON(to writer: inout JSONWriter) {
    switch self {
    case .some(let value): value.writeJSON(to: &writer)
    case .none: writer.writeRaw("null")
    }
  }
}

extension Array: JSONWritable where Element: JSONWritable {
  public func writeJSON(to writer: inout JSONWriter) { writer.writeArray(self) }
}

/// Maps are written with their keys sorted, so the same value gives the same bytes.
extension Dictionary: JSONWritable where Key == String, Value: JSONWritable {
  public func writeJSON(to writer: inout JSONWriter) {
    writer.beginObject()
    for key in keys.sorted() { writer.field(key, self[key]!) }
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
