import Foundation

// The JSONWritable protocol and its conformances for the standard types that fields use.

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
    if self { writer.appendRaw("true") } else { writer.appendRaw("false") }
  }
}

/// A `datetime` is written as RFC 3339 in UTC; a date outside the years 0000 to 9999 makes
/// the payload unwritable.
extension Date: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) {
    if let text = RFC3339.format(self) {
      writer.writeString(text)
    } else {
      // Outside the years RFC 3339 can write: the payload is refused, as for a non-finite
      // number, and no other date is written in its place.
      writer.markUnwritable()
      writer.appendRaw("null")
    }
  }
}

extension Optional: JSONWritable where Wrapped: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) {
    switch self {
    case .some(let value): value.writeJSON(to: &writer)
    case .none: writer.appendRaw("null")
    }
  }
}

extension Array: JSONWritable where Element: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) { writer.writeArray(self) }
}

/// Maps are written with their keys in byte order, so the same value gives the same bytes.
extension Dictionary: JSONWritable where Key == String, Value: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) {
    writer.beginObject()
    if count == 1, let (key, value) = first {
      writer.field(key, value)
    } else if count > 1 && count <= 16 {
      // A small map: its entries' positions sorted on the stack by their keys' bytes (the
      // order of `byteOrderedKeys`), with no array of keys and no lookups.
      withUnsafeTemporaryAllocation(of: Index.self, capacity: count) { order in
        var filled = 0
        var index = startIndex
        while index != endIndex {
          order.initializeElement(at: filled, to: index)
          var slot = filled
          while slot > 0
            && self[order[slot]].key.utf8.lexicographicallyPrecedes(self[order[slot - 1]].key.utf8)
          {
            order.swapAt(slot, slot - 1)
            slot -= 1
          }
          filled += 1
          formIndex(after: &index)
        }
        for position in 0..<filled {
          let (key, value) = self[order[position]]
          writer.field(key, value)
        }
        _ = UnsafeMutableBufferPointer(rebasing: order[0..<filled]).deinitialize()
      }
    } else if count > 1 {
      for key in byteOrderedKeys { writer.field(key, self[key]!) }
    }
    writer.endObject()
  }
}

extension Dictionary where Key == String {
  /// The keys in the order maps are written and checked: by their UTF-8 bytes. (`String`'s
  /// `<` compares canonical equivalents, such as KELVIN SIGN and `K`, and is no total order
  /// over every key, so sorting with it can give equal maps different orders.)
  @inlinable
  @_spi(Generated)
  public var keysInByteOrder: [String] { byteOrderedKeys }

  @inlinable
  var byteOrderedKeys: [String] {
    keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }
}

extension JSONValue: JSONWritable {
  public func writeJSON(to writer: inout JSONWriter) {
    switch self {
    case .null: writer.writeRaw("null")
    case .bool(let value): value.writeJSON(to: &writer)
    case .int(let value): value.writeJSON(to: &writer)
    case .bigInteger(let value):
      var digits = value.digits
      digits.withUTF8 { writer.appendBytes($0.baseAddress!, $0.count) }
    case .double(let value): value.writeJSON(to: &writer)
    case .string(let value): writer.writeString(value)
    case .array(let values): writer.writeArray(values)
    case .object(let members): members.writeJSON(to: &writer)
    }
  }
}
