import Foundation

/// Writes compact JSON straight into bytes, the way pydantic's `model_dump_json()` does:
/// fields in declaration order, `null` for nil, non-ASCII text as UTF-8, `/` unescaped.
/// Generated models write themselves through it, with no `JSONEncoder` in between.
///
/// It owns its buffer and cannot be copied, so writing a byte is a capacity check and a
/// store, with no reference counting or uniqueness check. Its methods are inlinable so that
/// generated code, in another module, gets them specialized for each field's type instead
/// of calling through generic witnesses.
public struct JSONWriter: ~Copyable, @unchecked Sendable {  // It owns its buffer alone.
  @usableFromInline var base: UnsafeMutablePointer<UInt8>
  @usableFromInline var capacity: Int
  @usableFromInline var used = 0
  @usableFromInline var unwritable = false
  @usableFromInline var brokeConstraint = false
  @usableFromInline var isFirstInContainer = true
  /// False while writing into a buffer lent by the caller (see `init(writingInto:)`).
  @usableFromInline var ownsBuffer = true

  @inlinable
  public init(reservingCapacity capacity: Int = 0) {
    let size = Swift.max(capacity, 64)
    base = .allocate(capacity: size)
    self.capacity = size
  }

  /// A writer that writes into `buffer` until it is full, then into a buffer of its own.
  @usableFromInline
  init(writingInto buffer: UnsafeMutableBufferPointer<UInt8>) {
    base = buffer.baseAddress!
    capacity = buffer.count
    ownsBuffer = false
  }

  /// Whether everything written so far is in `buffer`, from its start.
  @usableFromInline
  func isWritingInto(_ buffer: UnsafeMutableBufferPointer<UInt8>) -> Bool {
    !ownsBuffer && base == buffer.baseAddress
  }

  deinit { if ownsBuffer { base.deallocate() } }

  /// The JSON written so far.
  @inlinable public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: used)) }

  /// Set when a value could not be written as it is: a NaN or infinite `Double` (JSON has
  /// no such number) or a `Date` outside the years 0000 to 9999 (RFC 3339 has no such
  /// date). The writer writes a placeholder so it can go on; callers must not use the bytes.
  @inlinable public var hasUnwritableValue: Bool { unwritable }

  /// The JSON text of `value`. For values known to be writable: a NaN, an infinity or a
  /// date outside the years 0000 to 9999 is written as a placeholder (see
  /// ``hasUnwritableValue``); `PayloadCodec.encode` and the stream writers refuse them.
  @inlinable
  public static func encode(_ value: some JSONWritable) -> [UInt8] {
    var writer = JSONWriter(reservingCapacity: 256)
    value.writeJSON(to: &writer)
    return writer.bytes
  }

  /// Makes room for `count` more bytes.
  @inlinable @inline(__always)
  mutating func reserve(_ count: Int) {
    if _slowPath(capacity &- used < count) { grow(count) }
  }

  @usableFromInline
  mutating func grow(_ count: Int) {
    let newCapacity = Swift.max(capacity * 2, used + count)
    let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newBase.initialize(from: base, count: used)
    if ownsBuffer { base.deallocate() }
    base = newBase
    capacity = newCapacity
    ownsBuffer = true
  }

  @inlinable @inline(__always)
  mutating func appendByte(_ byte: UInt8) {
    reserve(1)
    base[used] = byte
    used &+= 1
  }

  @inlinable @inline(__always)
  mutating func appendBytes(_ start: UnsafePointer<UInt8>, _ count: Int) {
    reserve(count)
    (base + used).initialize(from: start, count: count)
    used &+= count
  }

  /// Appends raw bytes, such as a frame's tag written before its payload.
  @inlinable
  public mutating func append<C: Collection>(raw bytes: C) where C.Element == UInt8 {
    reserve(bytes.count)
    for byte in bytes {
      base[used] = byte
      used &+= 1
    }
  }

  /// Replaces bytes already written, such as a length that is known only at the end.
  @inlinable
  public mutating func overwrite(at index: Int, with bytes: some Collection<UInt8>) {
    precondition(index >= 0 && index + bytes.count <= used, "overwrite past the bytes written")
    var position = index
    for byte in bytes {
      base[position] = byte
      position += 1
    }
  }

  /// The number of bytes written so far.
  @inlinable public var count: Int { used }

  @inlinable
  public mutating func beginObject() {
    appendByte(UInt8(ascii: "{"))
    isFirstInContainer = true
  }

  @inlinable
  public mutating func endObject() {
    appendByte(UInt8(ascii: "}"))
    isFirstInContainer = false
  }

  /// Writes `"key":value`, with the comma before it when needed.
  @inlinable
  public mutating func field(_ key: String, _ value: some JSONWritable) {
    if !isFirstInContainer { appendByte(UInt8(ascii: ",")) }
    writeString(key)
    appendByte(UInt8(ascii: ":"))
    value.writeJSON(to: &self)
    isFirstInContainer = false
  }

  /// Records whether a value just written meets a constraint of its schema (see
  /// ``StreamModel/checksConstraintsWhileWriting``).
  @inlinable @inline(__always)
  @_spi(Generated)
  public mutating func check(_ holds: Bool) {
    brokeConstraint = brokeConstraint || !holds
  }

  /// Set when a `check(_:)` failed: the value written breaks a constraint of its schema.
  @inlinable public var hasBrokenConstraint: Bool { brokeConstraint }

  @inlinable
  mutating func markUnwritable() {
    unwritable = true
  }

  /// Ends a line of JSON Lines output.
  @inlinable
  public mutating func writeNewline() {
    appendByte(0x0A)
    isFirstInContainer = true
  }

  @inlinable
  mutating func writeArray<S: Sequence>(_ elements: S) where S.Element: JSONWritable {
    appendByte(UInt8(ascii: "["))
    var first = true
    for element in elements {
      if !first { appendByte(UInt8(ascii: ",")) }
      element.writeJSON(to: &self)
      first = false
    }
    appendByte(UInt8(ascii: "]"))
    isFirstInContainer = false
  }

  /// Writes JSON text as it is, such as a generated model's `{"id":` or `,"start":`; the
  /// caller makes sure the result is JSON. A literal's length is known where this is
  /// inlined, so the copy is a few stores.
  @inlinable @inline(__always)
  @_spi(Generated)
  public mutating func writeRaw(_ text: StaticString) {
    appendRaw(text)
  }

  /// ``writeRaw(_:)`` for the runtime's own inlinable code, which cannot call SPI.
  @inlinable @inline(__always)
  mutating func appendRaw(_ text: StaticString) {
    appendBytes(text.utf8Start, text.utf8CodeUnitCount)
  }

  /// A JSON string literal; escapes only what JSON requires.
  @inlinable
  public mutating func writeString(_ value: String) {
    // Native strings lend their UTF-8 in place; others (bridged) are copied first.
    let done: Void? = value.utf8.withContiguousStorageIfAvailable { text in writeQuoted(text) }
    if done == nil {
      var copy = value
      copy.withUTF8 { text in writeQuoted(text) }
    }
  }

  /// Writes `text` between quotes. Most text needs no escaping: it is copied eight bytes
  /// at a time, each word checked for the bytes JSON escapes in a few operations; the
  /// first such byte sends the whole text to `writeEscaped`.
  @inlinable
  mutating func writeQuoted(_ text: UnsafeBufferPointer<UInt8>) {
    let count = text.count
    reserve(count + 2)
    let start = base + used
    start.pointee = UInt8(ascii: "\"")
    if let source = text.baseAddress, count > 0 {
      let target = UnsafeMutableRawPointer(start + 1)
      var index = 0
      // Whole words, then the last (overlapping) word, for text of eight bytes or more.
      if count >= 8 {
        while true {
          let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
          if Self.needsEscaping(word) {
            writeEscapedQuoted(text)
            return
          }
          target.storeBytes(of: word, toByteOffset: index, as: UInt64.self)
          if index == count &- 8 { break }
          index = Swift.min(index &+ 8, count &- 8)
        }
      } else {
        while index < count {
          let byte = source[index]
          if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            writeEscapedQuoted(text)
            return
          }
          target.storeBytes(of: byte, toByteOffset: index, as: UInt8.self)
          index &+= 1
        }
      }
    }
    start[count &+ 1] = UInt8(ascii: "\"")
    used &+= count &+ 2
  }

  /// Whether any of the eight bytes of `word` is a control character, a quote or a
  /// backslash: a byte below n has its top bit set in (word − n per byte) & ~word, and a
  /// zero byte of word ^ c (one equal to c) does in (that − 1 per byte) & ~that. A borrow
  /// can only set bits above a byte that is truly found, so the answer is exact.
  @inlinable @inline(__always)
  static func needsEscaping(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let quotes = word ^ (ones &* 0x22)
    let backslashes = word ^ (ones &* 0x5C)
    let found =
      ((word &- ones &* 0x20) & ~word) | ((quotes &- ones) & ~quotes)
      | ((backslashes &- ones) & ~backslashes)
    return found & (ones &* 0x80) != 0
  }

  /// Writes `text` between quotes, escaped, over whatever `writeQuoted` wrote of it.
  @usableFromInline
  mutating func writeEscapedQuoted(_ text: UnsafeBufferPointer<UInt8>) {
    appendByte(UInt8(ascii: "\""))
    writeEscaped(text)
    appendByte(UInt8(ascii: "\""))
  }

  @usableFromInline
  mutating func writeEscaped(_ text: UnsafeBufferPointer<UInt8>) {
    let hexDigits: StaticString = "0123456789abcdef"
    for byte in text {
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"):
        appendByte(UInt8(ascii: "\\"))
        appendByte(byte)
      case 0x0A: writeRaw("\\n")
      case 0x0D: writeRaw("\\r")
      case 0x09: writeRaw("\\t")
      case 0x08: writeRaw("\\b")
      case 0x0C: writeRaw("\\f")
      case 0..<0x20:
        writeRaw("\\u00")
        appendByte(hexDigits.utf8Start[Int(byte >> 4)])
        appendByte(hexDigits.utf8Start[Int(byte & 0x0F)])
      default: appendByte(byte)
      }
    }
  }
}
