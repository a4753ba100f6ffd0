import Foundation
import Testing

@testable import StreamTypes

/// The number code against the standard library, on random cases: reading any JSON number
/// text gives the double `Double(String)` gives, bit for bit; writing any double gives the
/// digits of `description` (the shortest that read back) in pydantic's layout
/// (`PydanticLayout`), which reads back bit for bit.
/// Benchmarks/Sources/NumberDifferential runs the same comparison on tens of millions of
/// cases in release mode.
@Suite struct NumberDifferentialTests {
  /// Random JSON number texts of every kind the parser distinguishes.
  struct TextSource {
    var random: SplitMix64

    mutating func digits(_ count: Int, nonZeroFirst: Bool) -> String {
      var text = ""
      for index in 0..<count {
        let digit = random.next() % 10
        text.append(
          Character(
            Unicode.Scalar(UInt8(48 + (index == 0 && nonZeroFirst ? 1 + digit % 9 : digit)))
          )
        )
      }
      return text
    }

    /// A random finite double, uniform over bit patterns: every exponent, subnormals too.
    mutating func anyDouble() -> Double {
      while true {
        let value = Double(bitPattern: random.next())
        if value.isFinite { return value }
      }
    }

    /// The next case: a text and its kind, for messages.
    mutating func next() -> String {
      switch random.next() % 8 {
      case 0:
        // The shortest text of a random double (`description` is valid JSON).
        return anyDouble().description
      case 1:
        // 17 significant digits of a random double: the digits of its scientific form,
        // padded or cut.
        let value = anyDouble()
        let sign = value < 0 ? "-" : ""
        let exponent = value == 0 ? 0 : Int(log10(value.magnitude).rounded(.down))
        return
          "\(sign)\(digits(1, nonZeroFirst: true)).\(digits(16, nonZeroFirst: false))e\(exponent)"
      case 2:
        // A full-precision decimal in positional form, as JSON producers write them.
        let integer =
          random.next() % 3 == 0 ? digits(1 + Int(random.next() % 6), nonZeroFirst: true) : "0"
        let fraction = digits(1 + Int(random.next() % 20), nonZeroFirst: false)
        return (random.next() % 2 == 0 ? "-" : "") + integer + "." + fraction
      case 3:
        // A halfway point between two doubles, of at most 19 digits: d + ulp/2 for d in
        // [2^52, 2^63), or (2d + 1) × 5 × 10^−1 for d in [2^51, 2^53).
        if random.next() % 2 == 0 {
          let exponent = 52 + random.next() % 11
          let ulp: UInt64 = 1 << (exponent - 52)
          let d = (1 << exponent) + (random.next() % (1 << exponent)) / ulp * ulp
          return String(d + ulp / 2)
        }
        let d = (1 << 51) + random.next() % (3 << 51)
        return String((2 * d + 1) * 5 / 10) + "." + String((2 * d + 1) * 5 % 10)
      case 4:
        // A halfway point with digits beyond the 19th: exactly halfway with zeros, or just
        // off it.
        let exponent = 52 + random.next() % 11
        let ulp: UInt64 = 1 << (exponent - 52)
        let d = (1 << exponent) + (random.next() % (1 << exponent)) / ulp * ulp
        let tail = ["000000", "000001", "999999"][Int(random.next() % 3)]
        if ulp >= 2 {
          return String(d + ulp / 2) + "." + tail
        }
        return String(d) + ".5" + tail
      case 5:
        // Random digits with a random exponent, from underflow to overflow.
        let count = 1 + Int(random.next() % 25)
        let exponent = Int(random.next() % 660) - 345 - count
        return digits(count, nonZeroFirst: true) + "e" + String(exponent)
      case 6:
        // Near the subnormal range and the limits.
        let count = 1 + Int(random.next() % 19)
        let exponent = (random.next() % 2 == 0 ? -300 : 290) - Int(random.next() % 30)
        return digits(count, nonZeroFirst: true) + "e" + String(exponent)
      default:
        // Short decimals and integers.
        let integer = digits(1 + Int(random.next() % 10), nonZeroFirst: true)
        return random.next() % 2 == 0
          ? integer : integer + "." + digits(1 + Int(random.next() % 4), nonZeroFirst: false)
      }
    }
  }

  static func parsed(_ text: String) -> Double {
    var copy = text
    return copy.withUTF8 { DecimalParsing.double($0, from: 0, to: $0.count) }
  }

  @Test func parsingMatchesDoubleFromString() {
    var source = TextSource(random: SplitMix64(state: 19))
    var wrong: [String] = []
    var checked = 0
    for _ in 0..<1_000_000 {
      let text = source.next()
      guard let expected = Double(text) else { continue }
      checked += 1
      if Self.parsed(text).bitPattern != expected.bitPattern { wrong.append(text) }
    }
    #expect(checked > 990_000)
    #expect(wrong.count == 0, "wrong: \(wrong.prefix(5))")
  }

  /// The scanner's conversion in passing (digits gathered while scanning) agrees too,
  /// through the decoder of payloads.
  @Test func scannedNumbersMatchDoubleFromString() throws {
    var source = TextSource(random: SplitMix64(state: 20))
    var wrong: [String] = []
    for _ in 0..<100_000 {
      let text = source.next()
      guard let expected = Double(text), expected.isFinite else { continue }
      let read = try PayloadCodec.decode(
        [String: Double].self,
        from: Array(#"{"x":\#(text)}"#.utf8),
        at: PayloadLocation(offset: 0, frameIndex: nil, frameKind: nil)
      )["x"]!
      if read.bitPattern != expected.bitPattern { wrong.append(text) }
    }
    #expect(wrong.count == 0, "wrong: \(wrong.prefix(5))")
  }

  /// Ties and their neighbours, and the limits, named.
  @Test func edgesParseAsDoubleFromString() {
    let texts = [
      "9007199254740993", "9007199254740993.0000000000000000001", "9007199254740992.9999999",
      "9007199254740995", "4503599627370496.5", "4503599627370497.5",
      "2.2250738585072011e-308", "2.2250738585072012e-308", "4.9406564584124654e-324",
      "2.4703282292062327e-324", "2.4703282292062328e-324", "1.7976931348623157e308",
      "1.7976931348623158e308", "1e-400", "-1e-400", "0.000000000000000000000000000001",
      "123456789012345678901234567890", "1.00000000000000011102230246251565404236316680908203125",
      "1.00000000000000011102230246251565404236316680908203124",
      "1.00000000000000011102230246251565404236316680908203126", "-0", "0e100", "7e22", "7e23",
      "0.15000000000000002", "-0.2761485755443573", "18446744073709551615", "18446744073709551616",
    ]
    for text in texts {
      #expect(Self.parsed(text).bitPattern == Double(text)!.bitPattern, "\(text)")
    }
  }

  @Test func printingMatchesDescriptionAndReadsBack() {
    var source = TextSource(random: SplitMix64(state: 21))
    var wrong: [String] = []
    for round in 0..<600_000 {
      // All bit patterns, then full-precision values of everyday magnitudes.
      let value =
        round % 2 == 0
        ? source.anyDouble()
        : Double(
          bitPattern: (1e-6).bitPattern + source.random.next()
            % ((1e17).bitPattern - (1e-6).bitPattern)
        )
      var writer = JSONWriter()
      writer.writeNumber(value)
      let text = String(decoding: writer.bytes, as: UTF8.self)
      if text != PydanticLayout.text(value) || Double(text)?.bitPattern != value.bitPattern {
        wrong.append("\(value.bitPattern): \(text) != \(value)")
      }
    }
    #expect(wrong.count == 0, "wrong: \(wrong.prefix(5))")
  }

  /// Full-precision values from 10^−4 to 10^15 (16 and 17 digits) are printed by the
  /// writer's own digits, not by `description`, save the few next to a power of ten.
  @Test func fullPrecisionValuesTakeTheWritersOwnDigits() {
    var random = SplitMix64(state: 22)
    let low = (1e-4).bitPattern
    let high = (1e15).bitPattern
    var own = 0
    var wrong: [String] = []
    for _ in 0..<200_000 {
      let value = Double(bitPattern: low + random.next() % (high - low))
      var writer = JSONWriter()
      guard writer.writeShortDecimal(value) else { continue }
      own += 1
      let text = String(decoding: writer.bytes, as: UTF8.self)
      if text != PydanticLayout.text(value) { wrong.append("\(text) != \(value)") }
    }
    #expect(own > 199_000)
    #expect(wrong.count == 0, "wrong: \(wrong.prefix(5))")
  }
}
