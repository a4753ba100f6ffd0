// The shortest decimal that reads back as a given `Double` (among equally short, the
// nearest), by the Schubfach method (R. Giulietti, "The Schubfach way to render doubles"):
// one 128-bit multiplication per bound of the rounding interval, no loop and no
// allocation. Written for JSONWriter, which lays the digits out as pydantic does.

/// The shortest round-trip digits of a finite, nonzero `Double`.
@usableFromInline
enum ShortestDecimal {
  /// The digits d and exponent e such that |value| = d × 10^e reads back as `value`, with
  /// the fewest digits possible and, among those, nearest to `value` (ties to an even
  /// last digit). d may end in zeros. `value` must be finite and nonzero.
  @usableFromInline
  static func digits(of value: Double) -> (digits: UInt64, exponent: Int) {
    let bits = value.bitPattern
    let fraction = bits & 0x000F_FFFF_FFFF_FFFF
    let biased = Int((bits >> 52) & 0x7FF)
    // value = c × 2^q.
    let c: UInt64
    let q: Int
    if biased != 0 {
      c = fraction | 1 << 52
      q = biased - 1075
    } else {
      c = fraction
      q = -1074
    }
    let even = c & 1 == 0
    // At a power of two (not the smallest normal) the double below is half as far.
    let closerBelow = fraction == 0 && biased > 1
    // The value and the bounds of its rounding interval, times 4.
    let cb = c << 2
    let cbl = closerBelow ? cb - 1 : cb - 2
    let cbr = cb + 2
    // k = floor(log10 of the interval's width scale): floor(log10(2^q)), or
    // floor(log10(3/4 × 2^q)) at a power of two.
    let k = closerBelow ? (q * 1_262_611 - 524_031) >> 22 : (q * 78_913) >> 18
    // 10^−k ≈ g × 2^(floor(log2 10^−k) − 127); h makes the products cb × 2^q × 10^−k.
    let h = q + ((-k * 1_741_647) >> 19) + 1
    let index = (-k - smallestPowerOfTen) &* 2
    let g1 = powersOfTen[index]
    let g0 = powersOfTen[index &+ 1]
    let vbl = roundToOdd(g1, g0, cbl << h)
    let vb = roundToOdd(g1, g0, cb << h)
    let vbr = roundToOdd(g1, g0, cbr << h)
    // The interval includes its bounds when c is even.
    let lower = even ? vbl : vbl + 1
    let upper = even ? vbr : vbr - 1
    let s = vb >> 2
    if s >= 10 {
      // One digit fewer: the multiples of 10 around the value.
      let sp = s / 10
      let belowInside = lower <= 40 * sp
      let aboveInside = 40 * sp + 40 <= upper
      if belowInside != aboveInside { return (aboveInside ? sp + 1 : sp, k + 1) }
    }
    let belowInside = lower <= 4 * s
    let aboveInside = 4 * s + 4 <= upper
    if belowInside != aboveInside { return (aboveInside ? s + 1 : s, k) }
    // Both (or, by the method's proof, not neither): the nearest, ties to even.
    let middle = 4 * s + 2
    let roundsUp = vb > middle || (vb == middle && s & 1 != 0)
    return (roundsUp ? s + 1 : s, k)
  }

  /// floor(g × cp / 2^128) with its lowest bit set when the product is inexact, where
  /// g = g1 × 2^64 + g0 is an upper approximation (the slack is ignored).
  @inline(__always)
  static func roundToOdd(_ g1: UInt64, _ g0: UInt64, _ cp: UInt64) -> UInt64 {
    let x1 = g0.multipliedFullWidth(by: cp).high
    let (y1, y0) = g1.multipliedFullWidth(by: cp)
    let (z, carry) = y0.addingReportingOverflow(x1)
    let high = carry ? y1 &+ 1 : y1
    return high | (z > 1 ? 1 : 0)
  }
}
