/// Byte-level primitives shared by the runtime's JSON scanner and decoder and by the
/// compiler library's one-pass payload check, so that both apply exactly the same rules.
/// Not API for users: it is published to the compiler library only.
@_spi(StreamTypesInternals)
public enum ByteScanning {
  /// Byte equality of two short runs, such as keys, where a loop beats calling `memcmp`.
  @inline(__always)
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

  /// Checks the UTF-8 sequence of two to four bytes that starts at `position` (Unicode table
  /// 3-7: no overlong forms, no surrogates, nothing above U+10FFFF). Returns its length when
  /// it is valid; otherwise minus the length of the bad part, up to its first bad byte.
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

  /// Exact powers of ten as doubles, 10^0 to 10^22.
  static let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]

  /// The value of the JSON number in `bytes[start..<end]` (already checked), when it has at
  /// most 15 digits and a decimal exponent within ±22: converted without building a string
  /// (Clinger's fast path: its digits and the power of ten are exact doubles, so one
  /// multiplication or division rounds correctly, to the value `Double(String)` gives).
  /// Nil for other numbers.
  public static func shortDouble(
    _ bytes: UnsafeBufferPointer<UInt8>,
    from start: Int,
    to end: Int
  ) -> Double? {
    let zero = UInt8(ascii: "0")
    var position = start
    let negative = bytes[position] == UInt8(ascii: "-")
    if negative { position += 1 }
    var digits: UInt64 = 0
    var digitCount = 0
    var exponent = 0
    var inFraction = false
    while position < end {
      let byte = bytes[position]
      if byte == UInt8(ascii: ".") {
        inFraction = true
      } else if byte &- zero < 10 {
        digitCount += 1
        if digitCount > 15 { return nil }
        digits = digits * 10 + UInt64(byte &- zero)
        if inFraction { exponent -= 1 }
      } else {
        break
      }
      position += 1
    }
    if position < end {
      // An exponent follows, with an optional sign.
      position += 1
      var exponentNegative = false
      if bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
        exponentNegative = bytes[position] == UInt8(ascii: "-")
        position += 1
      }
      guard end - position <= 3 else { return nil }
      var written = 0
      while position < end {
        written = written * 10 + Int(bytes[position] &- zero)
        position += 1
      }
      exponent += exponentNegative ? -written : written
    }
    return exactValue(digits, exponent: exponent, negative: negative)
  }

  /// digits × 10^exponent, negated when `negative`, for digits below 10^15 and an
  /// exponent within ±22: both are exact doubles, so one multiplication or division rounds
  /// correctly (Clinger's fast path), to the value `Double(String)` gives. Nil for other
  /// exponents. A negative zero stays negative, as `Double("-0")` reads it.
  @inline(__always)
  public static func exactValue(_ digits: UInt64, exponent: Int, negative: Bool) -> Double? {
    guard exponent >= -22 && exponent <= 22 else { return nil }
    var value = Double(digits)
    if exponent < 0 {
      value /= powersOfTen[-exponent]
    } else if exponent > 0 {
      value *= powersOfTen[exponent]
    }
    return negative ? -value : value
  }
}
