/// Byte-level primitives shared by the runtime's JSON scanner and decoder and by the
/// compiler library's one-pass payload check, so that both apply exactly the same rules.
/// Not API for users: it is published to the compiler library only.
@_spi(StreamTypesInternals)
public enum ByteScanning {
  /// Byte equality of two short runs, such as keys, where a loop beats calling `memcmp`.
  @inlinable @inline(__always)
  public static func equal(
    _ a: UnsafePointer<UInt8>,
    _ b: UnsafePointer<UInt8>?,
    count: Int
  )
    -> Bool
  {
    guard let b else { return count == 0 }
    var index = 0
    while index + 8 <= count {
      let x = UnsafeRawPointer(a + index).loadUnaligned(as: UInt64.self)
      let y = UnsafeRawPointer(b + index).loadUnaligned(as: UInt64.self)
      if x != y { return false }
      index += 8
    }
    while index < count {
      if a[index] != b[index] { return false }
      index += 1
    }
    return true
  }

  /// The value of the eight bytes at `start` when all are ASCII digits, the first the most
  /// significant; nil otherwise. Numbers' digits are read eight at a time with it.
  @inlinable @inline(__always)
  public static func eightDigits(_ start: UnsafePointer<UInt8>) -> UInt64? {
    let word = UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
    let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
    // Each byte is 0x30...0x39: its high nibble is 3, and adding 6 keeps it 3.
    guard (word & high) | (((word &+ 0x0606_0606_0606_0606) & high) >> 4) == 0x3333_3333_3333_3333
    else { return nil }
    // Pairs, then fours, then all eight.
    var value = word &- 0x3030_3030_3030_3030
    value = value &* 10 &+ (value >> 8)
    let mask: UInt64 = 0x0000_00FF_0000_00FF
    value =
      ((value & mask) &* (100 &+ (1_000_000 << 32))
        &+ ((value >> 16) & mask) &* (1 &+ (10_000 << 32))) >> 32
    return value
  }

  /// Checks the UTF-8 sequence of two to four bytes that starts at `position` (Unicode table
  /// 3-7: no overlong forms, no surrogates, nothing above U+10FFFF). Returns its length when
  /// it is valid; otherwise minus the length of the bad part, up to its first bad byte.
  /// Inlinable, so that the string loops of the scanner and of the compiler library's
  /// one-pass check run it in place.
  @inlinable
  public static func multiByteScalarLength(
    _ bytes: UnsafeBufferPointer<UInt8>,
    at position: Int
  ) -> Int {
    var continuationCount = 0
    var secondLow: UInt8 = 0x80
    var secondHigh: UInt8 = 0xBF
    switch bytes[position] {
    case 0xC2...0xDF: continuationCount = 1
    case 0xE0: (continuationCount, secondLow) = (2, 0xA0)
    case 0xE1...0xEC, 0xEE...0xEF: continuationCount = 2
    case 0xED: (continuationCount, secondHigh) = (2, 0x9F)
    case 0xF0: (continuationCount, secondLow) = (3, 0x90)
    case 0xF1...0xF3: continuationCount = 3
    case 0xF4: (continuationCount, secondHigh) = (3, 0x8F)
    default: return -1
    }
    for offset in 1...continuationCount {
      let at = position + offset
      let low = offset == 1 ? secondLow : 0x80
      let high = offset == 1 ? secondHigh : 0xBF
      guard at < bytes.count, bytes[at] >= low && bytes[at] <= high else {
        return -min(offset + 1, bytes.count - position)
      }
    }
    return continuationCount + 1
  }

  /// The bytes of a little-endian word of string content that end a run of plain ASCII:
  /// a quote, a backslash, a control character (below 0x20) or a byte of a multi-byte
  /// scalar (0x80 and above). The lowest such byte has its high bit set in the result (the
  /// bits above it may be spurious, from borrows); zero when there is none.
  @inlinable @inline(__always)
  public static func stringSpecialBytes(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high: UInt64 = 0x8080_8080_8080_8080
    let quote = word ^ (ones &* 0x22)
    let backslash = word ^ (ones &* 0x5C)
    let control = word &- ones &* 0x20
    return (word | (quote &- ones) & ~quote | (backslash &- ones) & ~backslash | control & ~word)
      & high
  }

  /// The number of Unicode scalars of string content that has escapes and that the scanner
  /// has checked: an escape is one scalar (a surrogate pair of `\u` escapes one), any other
  /// byte one unless it is a UTF-8 continuation byte.
  public static func scalarCount(
    ofEscaped bytes: UnsafeBufferPointer<UInt8>,
    from start: Int,
    to end: Int
  ) -> Int {
    var count = 0
    var position = start
    while position < end {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\\") {
        if bytes[position + 1] == UInt8(ascii: "u") {
          // A high surrogate, D800 to DBFF, is followed by its low surrogate's escape.
          var high = false
          if bytes[position + 2] | 0x20 == UInt8(ascii: "d") {
            switch bytes[position + 3] | 0x20 {
            case UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b"):
              high = true
            default: break
            }
          }
          position += high ? 12 : 6
        } else {
          position += 2
        }
        count += 1
      } else {
        if byte & 0xC0 != 0x80 { count += 1 }
        position += 1
      }
    }
    return count
  }
}
