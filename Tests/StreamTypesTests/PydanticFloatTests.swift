import Foundation
import Testing

@testable import StreamTypes

/// The layout of a double in pydantic's `model_dump_json()`, from the shortest digits that
/// read back (those of `description`): positional from 10^−5 to below 10^16, otherwise
/// d[.ddd]e±N with no leading zeros in N. The tests' reference for the writer, built from
/// `description` as text, apart from the writer's code.
enum PydanticLayout {
  static func text(_ value: Double) -> String {
    if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
    let description = value.magnitude.description
    let parts = description.split(separator: "e")
    let mantissa = String(parts[0])
    let written = parts.count > 1 ? Int(parts[1])! : 0
    let pointAt =
      mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
      ?? mantissa.count
    let allDigits = mantissa.filter { $0 != "." }
    let leadingZeros = allDigits.prefix { $0 == "0" }.count
    var digits = String(allDigits.dropFirst(leadingZeros))
    while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
    // value = 0.digits × 10^point
    let point = pointAt - leadingZeros + written
    let text: String
    if digits.count <= point && point <= 16 {
      text = digits + String(repeating: "0", count: point - digits.count) + ".0"
    } else if 0 < point && point <= 16 {
      text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
    } else if -5 < point && point <= 0 {
      text = "0." + String(repeating: "0", count: -point) + digits
    } else {
      let exponent = point - 1
      text =
        String(digits.prefix(1)) + (digits.count > 1 ? "." + digits.dropFirst() : "") + "e"
        + (exponent < 0 ? "-" : "+") + String(exponent.magnitude)
    }
    return (value < 0 ? "-" : "") + text
  }
}

/// The writer prints doubles byte for byte as pydantic's `model_dump_json()` does, as the
/// wire format says writers write: checked against pydantic itself on the doubles of
/// Scripts/pydantic_floats.py (every decimal exponent from −324 to 308 and the neighbours of
/// its powers, subnormals, integral values, 17-digit values, random bit patterns), each
/// text read back bit for bit. Needs python3 with pydantic (never skipped).
@Suite struct PydanticFloatTests {
  static func script() -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Scripts/pydantic_floats.py").path
  }

  /// The script's (bit pattern, pydantic's text) lines.
  static func pydanticTexts(count: Int, seed: Int) throws -> [(UInt64, String)] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script(), String(count), String(seed)]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "python3 with pydantic failed or is missing")
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
      let fields = line.split(separator: " ")
      return (UInt64(fields[0], radix: 16)!, String(fields[1]))
    }
  }

  @Test func doublesAreWrittenAsPydanticWritesThem() throws {
    let cases = try Self.pydanticTexts(count: 10_000, seed: 1)
    #expect(cases.count > 70_000)
    var wrong: [String] = []
    var referenceWrong: [String] = []
    var kinds: Set<String> = []
    for (bits, expected) in cases {
      let value = Double(bitPattern: bits)
      var writer = JSONWriter()
      writer.writeNumber(value)
      let text = String(decoding: writer.bytes, as: UTF8.self)
      var copy = text
      let readBack = copy.withUTF8 { DecimalParsing.double($0, from: 0, to: $0.count) }
      if text != expected || readBack.bitPattern != bits {
        wrong.append("\(String(bits, radix: 16)): \(text) != pydantic \(expected)")
      }
      if PydanticLayout.text(value) != expected { referenceWrong.append(expected) }
      if value.isSubnormal { kinds.insert("subnormal") }
      if expected.contains("e-") { kinds.insert("negative exponent") }
      if expected.contains("e+") { kinds.insert("positive exponent") }
      if expected.hasPrefix("0.0000") { kinds.insert("positional below 10^-4") }
      if expected.count >= 18 && !expected.contains("e") { kinds.insert("16 integer digits") }
    }
    #expect(wrong.isEmpty, "\(wrong.count) wrong: \(wrong.prefix(8))")
    #expect(referenceWrong.isEmpty, "the tests' reference: \(referenceWrong.prefix(8))")
    #expect(kinds.count == 5, "\(kinds)")
  }

  /// The layout's edges, spelt out.
  @Test func edgesOfTheLayout() {
    let cases: [(Double, String)] = [
      (1e-7, "1e-7"), (1e-5, "0.00001"), (-2.5e-5, "-0.000025"), (9.99e-6, "9.99e-6"),
      (1e16, "1e+16"), (1e15, "1000000000000000.0"), (9.5e15, "9500000000000000.0"),
      (1.2345678901234568e+17, "1.2345678901234568e+17"), (.leastNonzeroMagnitude, "5e-324"),
      (1.7976931348623157e308, "1.7976931348623157e+308"), (1e22, "1e+22"), (-0.0, "-0.0"),
      (123.0, "123.0"), (0.0001, "0.0001"), (2.5e-300, "2.5e-300"),
    ]
    for (value, expected) in cases {
      var writer = JSONWriter()
      writer.writeNumber(value)
      #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
      #expect(PydanticLayout.text(value) == expected)
    }
  }
}
