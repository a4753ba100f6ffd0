import Foundation

// How JSONWriter prints numbers: integers, and doubles as the shortest text that reads
// back as the same value, laid out as pydantic writes it. Apart from the buffer and string code in JSONWriter.swift.

extension JSONWriter {
  /// An integer's decimal digits, written without making a `String`.
  @inlinable
  mutating func writeInteger(_ value: Int) {
    if value >= 0 && value < 10 {
      appendByte(UInt8(ascii: "0") + UInt8(value))
      return
    }
    writeUnsigned(UInt64(value.magnitude), negative: value < 0)
  }

  /// The shortest text that reads back as the same `Double`, laid out as pydantic's
  /// `model_dump_json()` writes it (see `writeDescriptionDigits`).
  @inlinable
  mutating func writeNumber(_ value: Double) {
    if !writeMicroUnits(value) { writeOtherNumber(value) }
  }

  /// Writes the common case, inlined where the number is written: a time or a score, from
  /// 0.0001 to below 10^8 in magnitude, with at most six digits after the point. False for
  /// the other numbers.
  ///
  /// Below 10^8 a double's ulp is under 10^−6, so at most one multiple of 10^−6 reads back
  /// as the value, and that multiple, without trailing zeros, is the shortest text. The
  /// nearest multiple is found with one multiplication: adding 2^52 rounds the micro-units
  /// to an integer (below 2^52), left in the low bits of the sum, with no conversion
  /// instruction or range check. One correctly rounded division checks it (the micro-units
  /// and 10^6 are exact doubles); a wrong candidate only fails the check.
  @inlinable @inline(__always)
  mutating func writeMicroUnits(_ value: Double) -> Bool {
    let magnitude = value.magnitude
    guard magnitude >= 1e-4 && magnitude < 1e8 else { return false }
    let sum = magnitude * 1e6 + 0x1p52
    guard (sum - 0x1p52) / 1e6 == magnitude else { return false }
    writeMicros(sum.bitPattern & 0x000F_FFFF_FFFF_FFFF, negative: value < 0)
    return true
  }

  /// Writes a number `writeNumber` does not handle inline.
  @usableFromInline
  mutating func writeOtherNumber(_ value: Double) {
    guard value.isFinite else {
      unwritable = true
      writeRaw("null")
      return
    }
    if !writeShortDecimal(value) { writeDescriptionDigits(value) }
  }

  /// Writes the digits of `value.description` (the shortest that read back as the same
  /// `Double`, computed by `ShortestDecimal` without making a `String`; a test holds the two
  /// to each other) in the layout of pydantic's `model_dump_json()`: positional from 10^−5 to
  /// below 10^16 (`0.00001`, `1000000000000000.0`), otherwise one digit before the point and
  /// an exponent with its sign and no leading zeros (`1e-7`, `1e+16`, `2.5e-300`), where
  /// `description` writes `1e-05`, `1e+16` and, from 2^53, `9.5e+15`.
  @usableFromInline
  mutating func writeDescriptionDigits(_ value: Double) {
    // The significant digits as an integer, their count and the decimal exponent of the
    // first: value = d1.d2...dcount × 10^exponent.
    let (shortest, power) = ShortestDecimal.digits(of: value)
    var digits = shortest
    var count = Self.digitCount(digits)
    let exponent = power + count - 1
    if exponent >= -5 && exponent <= 15 {
      writeDigits(digits, count: count, exponent: exponent, negative: value < 0)
      return
    }
    // d1[.d2...dcount]e±exponent, the digits' trailing zeros dropped.
    while count > 1 && digits % 10 == 0 {
      digits /= 10
      count -= 1
    }
    let exponentLength = Self.digitCount(UInt64(exponent.magnitude))
    let total = (value < 0 ? 1 : 0) + count + (count > 1 ? 1 : 0) + 2 + exponentLength
    reserve(total)
    var end = base + used + total
    Self.putDigits(UInt64(exponent.magnitude), count: exponentLength, before: &end)
    end -= 2
    end[0] = UInt8(ascii: "e")
    end[1] = exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
    if count > 1 {
      Self.putDigits(digits % Self.integerPowersOfTen[count - 1], count: count - 1, before: &end)
      end -= 1
      end.pointee = UInt8(ascii: ".")
    }
    end -= 1
    end.pointee = UInt8(ascii: "0") &+ UInt8(digits / Self.integerPowersOfTen[count - 1])
    if value < 0 {
      end -= 1
      end.pointee = UInt8(ascii: "-")
    }
    used += total
  }

  /// Writes micros × 10^−6, below 10^8, with the digits after the point that it needs (at
  /// least one). The integer part and the fraction are each made into eight ASCII digits
  /// in a register (below 100, both are the eight digits of micros) and stored whole: no
  /// loop, no table and no branch on the number's length. The integer part's length comes
  /// from comparisons of micros, not from its digits, so that what is written next need
  /// not wait for their longer computation.
  @inlinable @inline(__always)
  mutating func writeMicros(_ micros: UInt64, negative: Bool) {
    // The integer part's digits, the first in the lowest byte, less their leading zeros;
    // the six fraction digits then two '0's.
    let integerDigits: UInt64
    let integerLength: Int
    let fractionDigits: UInt64
    if micros < 100_000_000 {
      // Below 100: the integer part and the fraction are the eight digits of micros.
      let digits = Self.eightDigits(micros)
      integerLength = micros >= 10_000_000 ? 2 : 1
      integerDigits = digits &>> ((2 &- integerLength) &* 8)
      fractionDigits = digits &>> 16 | 0x3030 &<< 48
    } else {
      let integer = micros / 1_000_000
      integerLength =
        3 &+ (micros >= 1_000_000_000 ? 1 : 0) &+ (micros >= 10_000_000_000 ? 1 : 0)
        &+ (micros >= 100_000_000_000 ? 1 : 0) &+ (micros >= 1_000_000_000_000 ? 1 : 0)
        &+ (micros >= 10_000_000_000_000 ? 1 : 0)
      integerDigits = Self.eightDigits(integer) &>> ((8 &- integerLength) &* 8)
      fractionDigits = Self.eightDigits((micros &- integer &* 1_000_000) &* 100)
    }
    let sign = negative ? 1 : 0
    // Room for the eight-byte stores: sign, 8 digits, point, 8 digits.
    reserve(18)
    let at = UnsafeMutableRawPointer(base + used)
    at.storeBytes(of: UInt8(ascii: "-"), as: UInt8.self)
    at.storeBytes(of: integerDigits.littleEndian, toByteOffset: sign, as: UInt64.self)
    at.storeBytes(of: UInt8(ascii: "."), toByteOffset: sign &+ integerLength, as: UInt8.self)
    let fractionStart = sign &+ integerLength &+ 1
    at.storeBytes(of: fractionDigits.littleEndian, toByteOffset: fractionStart, as: UInt64.self)
    // The fraction's trailing zeros are its highest bytes equal to '0'; a zero fraction
    // keeps one.
    let trailingZeros = (fractionDigits ^ 0x3030_3030_3030_3030).leadingZeroBitCount &>> 3
    used &+= fractionStart &+ Swift.max(8 &- trailingZeros, 1)
  }

  /// The eight decimal digits of `value` (below 10^8, with leading zeros) as ASCII, the
  /// first digit in the lowest byte: split in halves of four digits, each half in pairs,
  /// each pair in digits, every split done on all lanes of the word at once. The divisions
  /// are multiplications: 10486 / 2^20 is 1/100 closely enough below 43,699, and
  /// 103 / 2^10 is 1/10 below 179.
  @inlinable @inline(__always)
  static func eightDigits(_ value: UInt64) -> UInt64 {
    let high = value / 10_000
    var lanes = high | (value &- high &* 10_000) << 32
    let hundreds = ((lanes &* 10486) >> 20) & 0x0000_007F_0000_007F
    lanes = hundreds | (lanes &- hundreds &* 100) << 16
    let tens = ((lanes &* 103) >> 10) & 0x000F_000F_000F_000F
    lanes = tens | (lanes &- tens &* 10) << 8
    return lanes | 0x3030_3030_3030_3030
  }

  /// Writes a finite number from 0.0001 to below 10^15 in magnitude (or a zero) in
  /// positional notation, with exactly the text of `description`: the shortest digits that
  /// read back as the same `Double`. Those that need 16 or 17 significant digits go to
  /// `writeLongDecimal`. False for numbers it leaves to `writeDescriptionDigits` (the general
  /// conversion, `ShortestDecimal`): those outside the range, and a few next to a power of ten.
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
    guard
      var digits = Self.nearest(
        significand,
        shift: shift,
        timesPowerOfTen: Self.integerPowersOfTen[14 - exponent]
      )
    else {
      return writeLongDecimal(significand, shift: shift, exponent: exponent, negative: value < 0)
    }
    // Lay the digits out as exactly 15, for value = 0.d1...d15 × 10^(exponent + 1).
    if digits < 100_000_000_000_000 {
      // The estimate took the double nearest to a power of ten one exponent too high.
      digits *= 10
      exponent -= 1
    } else if digits == 1_000_000_000_000_000 {
      // Rounded up to the next power of ten.
      digits = 100_000_000_000_000
      exponent += 1
      guard exponent <= 14 else { return false }
    }
    writePositional(digits, exponent: exponent, negative: value < 0)
    return true
  }

  /// Writes significand × 2^−shift (from 10^−4 to below 10^15, with `exponent` its
  /// estimated decimal exponent) with 16 or 17 significant digits, the fewest of the two
  /// that read back, as `writeShortDecimal` does with 15 (which did not). The scale
  /// 10^k = 5^k × 2^k (k up to 20) is applied as a multiplication by 5^k, below 2^47, and
  /// a shift, so that the product stays exact within 128 bits. False when neither reads
  /// back (which the estimate of the exponent can cause next to a power of ten), for
  /// `writeDescriptionDigits` to write.
  @usableFromInline
  mutating func writeLongDecimal(
    _ significand: UInt64,
    shift: Int,
    exponent estimate: Int,
    negative: Bool
  ) -> Bool {
    for count in 16...17 {
      var exponent = estimate
      // The power k such that the value × 10^k has `count` digits before the point.
      let k = count - 1 - exponent
      guard
        k >= 0, shift - k >= 1,
        var digits = Self.nearest(
          significand,
          shift: shift - k,
          timesPowerOfTen: Self.powersOfFive[k]
        )
      else { continue }
      let smallest = Self.integerPowersOfTen[count - 1]
      if digits < smallest {
        // The estimate was one too high: these are count − 1 digits, which did not read back
        // when tried (or are tried next); leave it to `writeDescriptionDigits`.
        continue
      } else if digits == smallest * 10 {
        digits = smallest
        exponent += 1
        guard exponent <= 14 else { return false }
      }
      writeDigits(digits, count: count, exponent: exponent, negative: negative)
      return true
    }
    return false
  }

  /// Writes d1.d2...dcount × 10^exponent, the `count` digits of `digits`, in positional
  /// notation without trailing zeros (but with one digit after the point), for exponent
  /// from -4 to 14; as `writePositional`, for any count up to 19.
  @usableFromInline
  mutating func writeDigits(_ digits: UInt64, count: Int, exponent: Int, negative: Bool) {
    var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
    withUnsafeMutableBytes(of: &scratch) { scratch in
      let digitsStart = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self)
      var end = digitsStart + count
      Self.putDigits(digits, count: count, before: &end)
      var significant = count
      while significant > 1 && digitsStart[significant - 1] == UInt8(ascii: "0") {
        significant -= 1
      }
      let integerLength = exponent >= 0 ? exponent + 1 : 1
      let fractionLength =
        exponent >= 0 ? Swift.max(significant - integerLength, 1) : -exponent - 1 + significant
      let total = (negative ? 1 : 0) + integerLength + 1 + fractionLength
      reserve(total)
      var at = base + used
      if negative {
        at.pointee = UInt8(ascii: "-")
        at += 1
      }
      if exponent >= 0 {
        if significant >= integerLength {
          at.initialize(from: digitsStart, count: integerLength)
        } else {
          at.initialize(from: digitsStart, count: significant)
          (at + significant).initialize(
            repeating: UInt8(ascii: "0"),
            count: integerLength - significant
          )
        }
        at[integerLength] = UInt8(ascii: ".")
        at += integerLength + 1
        if significant > integerLength {
          at.initialize(from: digitsStart + integerLength, count: significant - integerLength)
        } else {
          at.pointee = UInt8(ascii: "0")
        }
      } else {
        at[0] = UInt8(ascii: "0")
        at[1] = UInt8(ascii: ".")
        at += 2
        let leadingZeros = -exponent - 1
        at.initialize(repeating: UInt8(ascii: "0"), count: leadingZeros)
        (at + leadingZeros).initialize(from: digitsStart, count: significant)
      }
      used += total
    }
  }

  /// 5^0 to 5^27 (all below 2^64).
  @usableFromInline
  static let powersOfFive: [UInt64] = (0...27).map { power in
    (0..<power).reduce(1) { product, _ in product * 5 }
  }

  /// The integer nearest to significand × 2^−shift × scale (scale a power of ten up to
  /// 10^18), when it divided by scale reads back as the double significand × 2^−shift;
  /// nil otherwise. Exact integer arithmetic: the product has at most 117 bits.
  @inline(__always)
  static func nearest(
    _ significand: UInt64,
    shift: Int,
    timesPowerOfTen scale: UInt64
  )
    -> UInt64?
  {
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
    // 2^−shift before scaling: 2 × distance < scale (ties go to an even significand).
    // Below a power of two the ulp is half as large.
    guard distanceHigh == 0, distanceLow < 1 << 62 else { return nil }
    let halfUlps = significand == 1 << 52 && !roundsUp ? 4 * distanceLow : 2 * distanceLow
    guard halfUlps < scale || (halfUlps == scale && significand & 1 == 0) else { return nil }
    return digits
  }

  /// Writes d1.d2...d15 × 10^exponent, the 15 digits of `digits`, in positional notation
  /// without trailing zeros (but with one digit after the point), for exponent from -4 to 14.
  @usableFromInline
  mutating func writePositional(_ digits: UInt64, exponent: Int, negative: Bool) {
    // The 15 digits as two little-endian words of ASCII, two digits at a time, in
    // independent halves; built in registers, so counting the zeros reads no memory back.
    let pairs = UnsafeRawPointer(Self.digitPairs.utf8Start)
    func pair(_ value: UInt64) -> UInt64 {
      UInt64(
        UInt16(littleEndian: pairs.loadUnaligned(fromByteOffset: Int(value) &* 2, as: UInt16.self))
      )
    }
    let high = digits / 100_000_000  // 7 digits
    let low = digits % 100_000_000  // 8 digits
    let (high1, high2) = (high / 10_000, high % 10_000)
    let (low1, low2) = (low / 10_000, low % 10_000)
    let middle = pair(low1 / 100)
    let first =
      (0x30 &+ high1 / 100) | pair(high1 % 100) << 8 | pair(high2 / 100) << 24
      | pair(high2 % 100) << 40 | (middle & 0xFF) << 56
    let second =
      middle >> 8 | pair(low1 % 100) << 8 | pair(low2 / 100) << 24 | pair(low2 % 100) << 40
    var text = (first.littleEndian, second.littleEndian)
    // Trailing '0's: the zero bytes at the top of each word XORed with '0's (the top byte of
    // the second word, past the 15 digits, is left zero).
    let zeros: UInt64 = 0x3030_3030_3030_3030
    let tail = (second ^ zeros) & 0x00FF_FFFF_FFFF_FFFF
    var significant: Int
    if tail != 0 {
      significant = 16 - tail.leadingZeroBitCount / 8
    } else {
      significant = 8 - (first ^ zeros).leadingZeroBitCount / 8
    }
    significant = Swift.max(significant, 1)
    let integerLength = exponent >= 0 ? exponent + 1 : 1
    let fractionLength =
      exponent >= 0 ? Swift.max(significant - integerLength, 1) : -exponent - 1 + significant
    let total = (negative ? 1 : 0) + integerLength + 1 + fractionLength
    reserve(total)
    var at = base + used
    if negative {
      at.pointee = UInt8(ascii: "-")
      at += 1
    }
    withUnsafeBytes(of: &text) { scratch in
      let digitsStart = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self)
      if exponent >= 0 {
        at.initialize(from: digitsStart, count: integerLength)
        at[integerLength] = UInt8(ascii: ".")
        at += integerLength + 1
        if significant > integerLength {
          at.initialize(from: digitsStart + integerLength, count: significant - integerLength)
        } else {
          at.pointee = UInt8(ascii: "0")
        }
      } else {
        at[0] = UInt8(ascii: "0")
        at[1] = UInt8(ascii: ".")
        at += 2
        let leadingZeros = -exponent - 1
        at.initialize(repeating: UInt8(ascii: "0"), count: leadingZeros)
        (at + leadingZeros).initialize(from: digitsStart, count: significant)
      }
    }
    used += total
  }

  /// The doubles nearest to 10^-4 through 10^15. Comparing with them can only take the one
  /// double nearest to 10^e, when it is below 10^e, for a value of at least 10^e: its digits
  /// are then rounded to 14 places rather than 15, which at worst sends it to the general path.
  @usableFromInline
  static let decimalThresholds: [Double] = [
    1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
    1e13, 1e14, 1e15,
  ]

  /// 10^0 to 10^19.
  @usableFromInline
  static let integerPowersOfTen: [UInt64] = [
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
    10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000,
    100_000_000_000_000, 1_000_000_000_000_000, 10_000_000_000_000_000,
    100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
  ]

  /// Two decimal digits for each of 0 to 99.
  @usableFromInline
  static let digitPairs: StaticString = """
    00010203040506070809101112131415161718192021222324252627282930313233343536373839\
    40414243444546474849505152535455565758596061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899
    """

  /// Writes the last `count` decimal digits of `value` just before `end`, two at a time,
  /// and moves `end` back over them.
  @inline(__always)
  static func putDigits(_ value: UInt64, count: Int, before end: inout UnsafeMutablePointer<UInt8>)
  {
    let pairs = digitPairs.utf8Start
    var remaining = value
    var left = count
    while left >= 2 {
      let pair = Int(remaining % 100) &* 2
      remaining /= 100
      end -= 2
      end[0] = pairs[pair]
      end[1] = pairs[pair + 1]
      left -= 2
    }
    if left == 1 {
      end -= 1
      end.pointee = UInt8(ascii: "0") &+ UInt8(remaining % 10)
    }
  }

  /// The number of decimal digits of `value` (1 for 0): from its bit length (1233 / 4096 is
  /// about log10(2)), corrected by one comparison.
  @inline(__always)
  static func digitCount(_ value: UInt64) -> Int {
    let bitLength = 64 - value.leadingZeroBitCount
    var length = (bitLength * 1233) >> 12
    if length < 20 && value >= integerPowersOfTen[length] { length += 1 }
    return Swift.max(length, 1)
  }

  /// Writes a magnitude's decimal digits, after a minus sign when `negative`.
  @usableFromInline
  mutating func writeUnsigned(_ magnitude: UInt64, negative: Bool) {
    let length = Self.digitCount(magnitude)
    let total = (negative ? 1 : 0) + length
    reserve(total)
    var end = base + used + total
    Self.putDigits(magnitude, count: length, before: &end)
    if negative {
      end -= 1
      end.pointee = UInt8(ascii: "-")
    }
    used += total
  }
}
