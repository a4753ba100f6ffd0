import Foundation
import Testing

@testable import StreamTypes

/// The writer's own number printing must give byte for byte the digits of `description` (the
/// shortest that read back as the same `Double`), which it replaces for speed, laid out as
/// pydantic writes them (`PydanticLayout`); it falls back to `description`'s digits for the
/// numbers it does not handle.
@Suite struct JSONNumberTests {
  static func written(_ value: Double) -> String {
    var writer = JSONWriter()
    writer.writeNumber(value)
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  /// The writer's own digits, or nil when it leaves the value to `description`.
  static func ownDigits(_ value: Double) -> String? {
    var writer = JSONWriter()
    guard writer.writeShortDecimal(value) else { return nil }
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  /// The text of the inline path for short decimals, or nil when it does not take `value`.
  static func inlineDigits(_ value: Double) -> String? {
    var writer = JSONWriter()
    guard writer.writeMicroUnits(value) else { return nil }
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  static func mismatches(_ values: some Sequence<Double>) -> [String] {
    values.compactMap { value in
      let text = written(value)
      return text == PydanticLayout.text(value) ? nil : "\(value.bitPattern): \(text) != \(value)"
    }
  }

  /// Short decimals, as measurements and timestamps mostly are: n × 10^−k.
  @Test func shortDecimalsPrintAsDescriptionDoes() {
    var random = SplitMix64(state: 2026)
    let values = (0..<200_000).map { _ -> Double in
      let digits = Double(random.next() % 1_000_000_000_000_000)
      let scale = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e8, 1e10, 1e14, 1e18, 1e22][
        Int(random.next() % 12)
      ]
      let short =
        Double(Int(random.next() % 100_000))
        / [1, 10, 100, 10_000][
          Int(random.next() % 4)
        ]
      let value = random.next() % 2 == 0 ? digits / scale : short
      return random.next() % 3 == 0 ? -value : value
    }
    let wrong = Self.mismatches(values)
    #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    // Those of at most 15 significant digits in its range get the writer's own digits.
    let handled = values.filter { value in
      (1e-4..<1e15).contains(value.magnitude) && value.description.filter(\.isNumber).count <= 15
    }
    let leftOut = handled.filter { Self.ownDigits($0) != $0.description }
    #expect(handled.count > 100_000)
    #expect(leftOut.isEmpty, "\(leftOut.prefix(5))")
  }

  /// Decimals of at most six places from 0.0001 to below 10^8, with integer parts and
  /// fractions of every length (trailing zeros included), take the inline path, which
  /// must print them as `description` does.
  @Test func microUnitDecimalsTakeTheInlinePath() {
    var random = SplitMix64(state: 11)
    let digits = Array("0123456789")
    var texts = [
      "0.0001", "0.000999", "0.5", "1.0", "99999999.999999", "12345678.000001", "10000000.0",
      "9.999999", "0.0001", "1.000001", "99999999.0", "0.1", "0.25", "1.5", "299999.95",
    ]
    for _ in 0..<200_000 {
      let integerLength = Int(random.next() % 9)
      let integer = String((0..<integerLength).map { _ in digits[Int(random.next() % 10)] })
      let places = Int(random.next() % 7)
      let fraction = String((0..<places).map { _ in digits[Int(random.next() % 10)] })
      texts.append((integer.isEmpty ? "0" : integer) + "." + (fraction.isEmpty ? "0" : fraction))
    }
    var wrong: [String] = []
    var taken = 0
    for (index, text) in texts.enumerated() {
      let magnitude = Double(text)!
      guard magnitude >= 1e-4 else { continue }
      let value = index % 3 == 0 ? -magnitude : magnitude
      guard let inline = Self.inlineDigits(value) else {
        wrong.append("\(text): not taken")
        continue
      }
      taken += 1
      if inline != PydanticLayout.text(value) { wrong.append("\(text): \(inline) != \(value)") }
    }
    #expect(taken > 190_000)
    #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    // Outside its range, or with more places, the inline path leaves the number alone.
    for value in [0.0, -0.0, 0.00009, 1e8, 123.4567891, 0.1 + 0.2, .nan, .infinity] {
      #expect(Self.inlineDigits(value) == nil, "\(value)")
    }
  }

  /// Arbitrary doubles, most of which need 16 or 17 digits, around the range it handles.
  @Test func arbitraryDoublesPrintAsDescriptionDoes() {
    var random = SplitMix64(state: 7)
    let low = (1e-5).bitPattern
    let high = (1e16).bitPattern
    let values = (0..<200_000).map { _ in
      Double(bitPattern: low + random.next() % (high - low))
    }
    let wrong = Self.mismatches(values)
    #expect(wrong.isEmpty, "\(wrong.prefix(5))")
  }

  /// The edges: the limits of the range, powers of two and ten around them, ties.
  @Test func edgesPrintAsDescriptionDoes() {
    var values: [Double] = [
      0, -0.0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 0.5, 1.5, 1.25, 0.0941, 100,
      1e15, 1e14, 999_999_999_999_999.9, 123_456_789_012_345.6, 9_007_199_254_740_992,
      1e-4, 1e-5, 0.000_099_999_999_999_999_99, 0.000_100_000_000_000_000_01,
      .leastNonzeroMagnitude,
      .leastNormalMagnitude, .greatestFiniteMagnitude, 4.35, 2.675, 1.005, 0.3, 0.7, 1e21,
    ]
    for exponent in -20...60 {
      let power = Double(sign: .plus, exponent: exponent, significand: 1)
      values += [power, power.nextUp, power.nextDown]
    }
    for exponent in -5...16 {
      let power = Double("1e\(exponent)")!
      values += [power, power.nextUp, power.nextDown, -power]
    }
    let wrong = Self.mismatches(values)
    #expect(wrong.isEmpty, "\(wrong.prefix(5))")
  }

  /// `description`'s significant digits without trailing zeros, and the decimal exponent
  /// of the first: "-1.25e-07" gives ("125", -7).
  static func descriptionDigits(_ value: Double) -> (String, Int) {
    let text = value.magnitude.description
    let parts = text.split(separator: "e")
    var exponent = parts.count > 1 ? Int(parts[1])! : 0
    let mantissa = parts[0]
    let point = mantissa.firstIndex(of: ".") ?? mantissa.endIndex
    exponent += mantissa.distance(from: mantissa.startIndex, to: point) - 1
    var digits = Array(mantissa.filter { $0 != "." })
    while digits.first == "0" && digits.count > 1 {
      digits.removeFirst()
      exponent -= 1
    }
    while digits.last == "0" && digits.count > 1 { digits.removeLast() }
    return (String(digits), exponent)
  }

  /// Schubfach's digits, without trailing zeros, and the exponent of the first.
  static func shortestDigits(_ value: Double) -> (String, Int) {
    let (digits, power) = ShortestDecimal.digits(of: value)
    var text = Array(String(digits))
    let exponent = power + text.count - 1
    while text.last == "0" && text.count > 1 { text.removeLast() }
    return (String(text), exponent)
  }

  static func shortestMismatches(_ values: some Sequence<Double>) -> [String] {
    values.compactMap { value in
      guard value.isFinite && value != 0 else { return nil }
      let own = shortestDigits(value)
      let reference = descriptionDigits(value)
      return own == reference ? nil : "\(value.bitPattern): \(own) != \(value)"
    }
  }

  /// The shortest-digits routine held directly against `description`: every power of two
  /// and of ten with their neighbours, subnormals, the limits, integers around 2^53, and
  /// random bit patterns over the whole range.
  @Test func shortestDigitsAreDescriptionDigits() {
    var values: [Double] = [
      .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
      .leastNormalMagnitude.nextDown, .leastNormalMagnitude.nextUp,
      .greatestFiniteMagnitude.nextDown, 0.15000000000000002, -0.2761485755443573,
      .leastNonzeroMagnitude, 1e23, 9_007_199_254_740_992.0.nextUp, 0.1 + 0.2, 2.0 / 3,
      1.7976931348623157e308,
    ]
    for exponent in -1074...1023 {
      let power = Double(sign: .plus, exponent: exponent, significand: 1)
      values += [power, power.nextUp, power.nextDown]
    }
    for exponent in -323...308 {
      guard let power = Double("1e\(exponent)") else { continue }
      values += [power, power.nextUp, power.nextDown, power.nextUp.nextUp, power.nextDown.nextDown]
    }
    for k in 0..<2000 {
      let base = 9_007_199_254_740_992.0
      values += [base + Double(k), base - Double(k), Double(k), Double(k) * 0.5]
    }
    for subnormal in 1..<5000 { values.append(Double(bitPattern: UInt64(subnormal))) }
    var random = SplitMix64(state: 1234)
    for _ in 0..<300_000 {
      values.append(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF))
    }
    // 17-digit values and values whose shortest has 16 digits.
    for _ in 0..<50_000 {
      let digits = 10_000_000_000_000_000 + random.next() % 90_000_000_000_000_000
      let exponent = Int(random.next() % 600) - 300
      if let value = Double("\(digits)e\(exponent)") { values.append(value) }
      if let value = Double("\(digits / 10)e\(exponent)") { values.append(value) }
    }
    let wrong = Self.shortestMismatches(values)
    #expect(wrong.isEmpty, "\(wrong.count): \(wrong.prefix(5))")
  }

  /// Reading: every number text, however it is converted (exactly while scanning, by the
  /// short path, or by `Double(String)`), gives the double `Double(String)` gives, bit for
  /// bit.
  @Test func numbersReadAsDoubleParsesThem() throws {
    var random = SplitMix64(state: 99)
    let digits = Array("0123456789")
    var texts = [
      "0", "-0", "-0.0", "0.5", "1e22", "1e23", "1E-22", "123456789012345",
      "1234567890123456", "0.000000000000000000001", "9007199254740993", "2.2250738585072014e-308",
      "4.9e-324", "1.7976931348623157e308", "0.1", "0.2", "0.30000000000000004", "5e-1", "-1.5E+3",
    ]
    for _ in 0..<20_000 {
      let integerPart = String(
        (0...(random.next() % 8)).map { _ in digits[Int(random.next() % 10)] }
      )
      let trimmed = integerPart.drop { $0 == "0" }
      var text = (random.next() % 4 == 0 ? "-" : "") + (trimmed.isEmpty ? "0" : String(trimmed))
      if random.next() % 3 != 0 {
        text +=
          "." + String((0...(random.next() % 12)).map { _ in digits[Int(random.next() % 10)] })
      }
      if random.next() % 4 == 0 { text += "e" + String(Int(random.next() % 60) - 30) }
      texts.append(text)
    }
    var wrong: [String] = []
    for text in texts {
      let read = try PayloadCodec.decode(
        [String: Double].self,
        from: Array(#"{"x":\#(text)}"#.utf8),
        at: PayloadLocation(offset: 0, frameIndex: nil, frameKind: nil)
      )["x"]!
      if read.bitPattern != Double(text)!.bitPattern { wrong.append("\(text): \(read)") }
    }
    #expect(wrong.isEmpty, "\(wrong.prefix(5))")
  }

  /// Non-finite numbers have no JSON text: the writer flags them.
  @Test func nonFiniteNumbersAreFlagged() {
    for value in [Double.nan, .infinity, -.infinity] {
      var writer = JSONWriter()
      writer.writeNumber(value)
      let flagged = writer.hasUnwritableValue
      #expect(flagged)
    }
  }
}
