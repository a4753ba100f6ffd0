// Decimal text to Double, correctly rounded (to nearest, ties to even), as `Double(String)`
// rounds it, without making a string: Clinger's fast path when the digits and the power
// of ten are exact doubles, else the Eisel-Lemire algorithm (one or two 64 × 64-bit
// products with a 128-bit approximation of a power of five, PowersOfFive.swift), else,
// in the rare cases these cannot decide, `Double(String)` itself.
//
// Eisel-Lemire, after Daniel Lemire, "Number Parsing at a Gigabyte per Second" (2021) and
// Noble Mushtak and Daniel Lemire, "Fast Number Parsing Without Fallback" (2023): for
// w × 10^q with w < 2^64, w × 5^q is approximated by the product of w (normalized so that
// its top bit is set) and the stored 128 most significant bits of 5^q. When the product's
// bits below the 54 that decide the rounding are not all ones, the truncation of the
// stored power cannot have changed them, and the result is exact; exact halfway cases
// can only occur for q from -4 to 23, where the product is exact and is checked.

@usableFromInline
enum DecimalParsing {
  /// Exact powers of ten as doubles, 10^0 to 10^22.
  static let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]

  /// digits × 10^exponent, negated when `negative`, correctly rounded; nil in the rare
  /// cases the fast algorithms cannot decide (the caller then asks `Double(String)`).
  @inline(__always)
  static func double(digits: UInt64, exponent: Int, negative: Bool) -> Double? {
    if exponent >= -22 && exponent <= 22 && digits <= 1 << 53 {
      // Clinger: both factors are exact, so one operation rounds correctly.
      var value = Double(digits)
      if exponent < 0 {
        value /= exactPowersOfTen[-exponent]
      } else {
        value *= exactPowersOfTen[exponent]
      }
      return negative ? -value : value
    }
    guard let bits = eiselLemire(digits, exponent) else { return nil }
    return Double(bitPattern: negative ? bits | 1 << 63 : bits)
  }

  /// The bit pattern of the positive double nearest to w × 10^q; nil when undecided.
  static func eiselLemire(_ w: UInt64, _ q: Int) -> UInt64? {
    // Below 10^-342, w × 10^q < 10^-323 rounds to zero; above 10^308 it overflows.
    if w == 0 || q < smallestPowerOfFive { return 0 }
    if q > largestPowerOfFive { return 0x7FF << 52 }
    let leadingZeros = w.leadingZeroBitCount
    let normalized = w << UInt64(leadingZeros)
    let index = (q - smallestPowerOfFive) &* 2
    var (high, low) = normalized.multipliedFullWidth(by: powersOfFive[index])
    // 64 - 55 bits below the 55 that matter (the 53 of the result, its rounding bit and
    // the extra bit when the product's top bit is clear): when they are all ones, a carry
    // from the rest of the product could change them, so the product is completed.
    let mask: UInt64 = 0x1FF
    if high & mask == mask {
      let second = normalized.multipliedFullWidth(by: powersOfFive[index &+ 1]).high
      let (sum, carry) = low.addingReportingOverflow(second)
      low = sum
      if carry { high &+= 1 }
      // Still all ones: the rest of 5^q's expansion might carry; exact only where 5^q is
      // (q from -27 to 55, with w < 2^64).
      if low == UInt64.max && (q < -27 || q > 55) { return nil }
    }
    let upperBit = Int(high >> 63)
    var mantissa = high >> UInt64(upperBit &+ 9)
    // floor(q × log2(10)) + 63, from 217706 / 2^16 just above log2(10); plus the double's
    // exponent bias, 1023.
    var power2 = ((217706 &* q) >> 16) &+ 63 &+ upperBit &- leadingZeros &+ 1023
    if power2 <= 0 {
      // A subnormal (or zero): shifted to the fixed exponent, then rounded up on a half
      // (no decimal of at most 19 digits lies exactly halfway there).
      if -power2 + 1 >= 64 { return 0 }
      mantissa >>= UInt64(-power2 &+ 1)
      mantissa &+= mantissa & 1
      mantissa >>= 1
      // Rounded up to 2^52, the pattern is that of the smallest normal double.
      return mantissa
    }
    // An exact halfway case (possible only where 5^q is exact in the product): round to
    // even by clearing the bit that would round up.
    if low <= 1 && q >= -4 && q <= 23 && mantissa & 3 == 1
      && mantissa << UInt64(upperBit &+ 9) == high
    {
      mantissa &= ~1
    }
    mantissa &+= mantissa & 1
    mantissa >>= 1
    if mantissa >= 2 << 52 {
      mantissa = 1 << 52
      power2 &+= 1
    }
    mantissa &= ~(1 << 52)
    if power2 >= 0x7FF { return 0x7FF << 52 }
    return mantissa | UInt64(power2) << 52
  }

  /// The value of the JSON number text in `bytes[start..<end]` (already checked against
  /// the grammar), as `Double(String)` reads it.
  static func double(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double {
    let zero = UInt8(ascii: "0")
    var position = start
    let negative = bytes[position] == UInt8(ascii: "-")
    if negative { position &+= 1 }
    // The first 19 significant digits (an exact UInt64), and the exponent of their last.
    var digits: UInt64 = 0
    var significant = 0
    var exponent = 0
    var truncated = false
    var inFraction = false
    while position < end {
      let byte = bytes[position]
      let digit = byte &- zero
      if digit < 10 {
        if significant < 19 {
          digits = digits &* 10 &+ UInt64(digit)
          if digits != 0 { significant &+= 1 }
          if inFraction { exponent &-= 1 }
        } else {
          if digit != 0 { truncated = true }
          if !inFraction { exponent &+= 1 }
        }
      } else if byte == UInt8(ascii: ".") {
        inFraction = true
      } else {
        break
      }
      position &+= 1
    }
    if position < end {
      // The exponent, with an optional sign; capped, as any larger one decides the result.
      position &+= 1
      var exponentNegative = false
      if bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
        exponentNegative = bytes[position] == UInt8(ascii: "-")
        position &+= 1
      }
      var written = 0
      while position < end {
        written = Swift.min(written &* 10 &+ Int(bytes[position] &- zero), 100_000)
        position &+= 1
      }
      exponent &+= exponentNegative ? -written : written
    }
    if !truncated {
      if let value = double(digits: digits, exponent: exponent, negative: negative) {
        return value
      }
    } else if let below = eiselLemire(digits, exponent),
      let above = eiselLemire(digits &+ 1, exponent), below == above
    {
      // The dropped digits put the value between digits and digits + 1 (× 10^exponent);
      // both round to the same double, so it does too.
      return Double(bitPattern: negative ? below | 1 << 63 : below)
    }
    return Double(
      String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    )
      ?? .nan
  }
}

extension ByteScanning {
  /// The value of the JSON number in `bytes[start..<end]` (already checked), exactly as
  /// `Double(String)` reads it, without making a string in all but rare cases. Every path
  /// that converts JSON number text to a `Double` calls this (or the scanner's conversion
  /// in passing, which shares its algorithm).
  public static func double(
    _ bytes: UnsafeBufferPointer<UInt8>,
    from start: Int,
    to end: Int
  ) -> Double {
    DecimalParsing.double(bytes, from: start, to: end)
  }

  /// digits × 10^exponent as `Double(String)` rounds it, negated when `negative`; nil
  /// when the fast algorithms cannot decide.
  public static func double(digits: UInt64, exponent: Int, negative: Bool) -> Double? {
    DecimalParsing.double(digits: digits, exponent: exponent, negative: negative)
  }
}
