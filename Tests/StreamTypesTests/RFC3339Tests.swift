import Foundation
import Testing

@_spi(Generated) @testable import StreamTypes

@Suite struct RFC3339Tests {
  /// 2026-11-24T10:00:00Z.
  static let base = 1_795_514_400.0

  @Test(
    arguments: [
      ("2026-11-24T10:00:00Z", base),
      ("2026-11-24t10:00:00z", base),
      ("2026-11-24T12:00:00+02:00", base),
      ("2026-11-24T04:30:00-05:30", base),
      ("2026-11-24T10:00:00-00:00", base),
      ("2026-11-24T10:00:00.5Z", base + 0.5),
      ("2026-11-24T10:00:00.125+00:00", base + 0.125),
      ("2026-11-24T10:00:00.000000000Z", base),
      ("1970-01-01T00:00:00Z", 0),
      ("1969-12-31T23:59:59.5Z", -0.5),
      ("2024-02-29T00:00:00Z", 1_709_164_800),
      ("2000-02-29T00:00:00Z", 951_782_400),
      ("2026-12-31T23:59:59Z", 1_798_761_599),
      ("0000-01-01T00:00:00Z", -62_167_219_200),
      ("9999-12-31T23:59:59Z", 253_402_300_799),
    ]
  )
  func parses(text: String, unixSeconds: Double) throws {
    let date = try #require(RFC3339.parse(text))
    #expect(abs(date.timeIntervalSince1970 - unixSeconds) < 1e-6)
  }

  @Test func roundsFractionsToMicroseconds() throws {
    let date = try #require(RFC3339.parse("2026-11-24T10:00:00.1234565Z"))
    #expect(RFC3339.format(date) == "2026-11-24T10:00:00.123457Z")
    let truncated = try #require(RFC3339.parse("2026-11-24T10:00:00.1234564999Z"))
    #expect(RFC3339.format(truncated) == "2026-11-24T10:00:00.123456Z")
    // Rounding up can carry into the next second, minute, day and year.
    let carried = try #require(RFC3339.parse("2026-12-31T23:59:59.9999995Z"))
    #expect(RFC3339.format(carried) == "2027-01-01T00:00:00Z")
  }

  @Test(
    arguments: [
      "", "2026-11-24", "2026-11-24T10:00:00", "2026-11-24 10:00:00Z", "2026-11-24T10:00Z",
      "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-11-00T00:00:00Z",
      "2026-11-31T00:00:00Z", "2026-01-32T00:00:00Z", "2025-02-29T00:00:00Z",
      "1900-02-29T00:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T10:60:00Z",
      "2026-11-24T10:00:60Z", "2026-11-24T10:00:00+24:00", "2026-11-24T10:00:00+02:60",
      "2026-11-24T10:00:00+0200", "2026-11-24T10:00:00+02", "2026-11-24T10:00:00.Z",
      "2026-11-24T10:00:00,5Z", "2026-11-24T10:00:00ZZ", "2026-11-24T10:00:00Z ",
      " 2026-11-24T10:00:00Z", "+2026-11-24T10:00:00Z", "226-11-24T10:00:00Z",
      "2026-1-24T10:00:00Z", "2026/11/24T10:00:00Z", "２026-11-24T10:00:00Z",
      "2026-11-24T10:00:00.5", "2026-11-24T10:00:00.5x", "2026-11-24T1O:00:00Z",
    ]
  )
  func rejects(text: String) {
    #expect(RFC3339.parse(text) == nil)
  }

  @Test(
    arguments: [
      (base, "2026-11-24T10:00:00Z"),
      (base + 0.5, "2026-11-24T10:00:00.500000Z"),
      (base + 0.125, "2026-11-24T10:00:00.125000Z"),
      (base + 0.000_001, "2026-11-24T10:00:00.000001Z"),
      (-0.5, "1969-12-31T23:59:59.500000Z"),
      (-62_135_596_800, "0001-01-01T00:00:00Z"),
      (951_782_400, "2000-02-29T00:00:00Z"),
    ]
  )
  func formats(unixSeconds: Double, text: String) {
    #expect(RFC3339.format(Date(timeIntervalSince1970: unixSeconds)) == text)
  }

  @Test func refusesToFormatDatesOutsideTheWritableYears() {
    #expect(RFC3339.format(.distantFuture) == "4001-01-01T00:00:00Z")
    #expect(RFC3339.format(Date(timeIntervalSince1970: 300_000_000_000)) == nil)
    #expect(RFC3339.format(Date(timeIntervalSince1970: -70_000_000_000)) == nil)
    // One second past either end.
    #expect(RFC3339.format(Date(timeIntervalSince1970: 253_402_300_800)) == nil)
    #expect(RFC3339.format(Date(timeIntervalSince1970: -62_167_219_201)) == nil)
    #expect(RFC3339.format(Date(timeIntervalSince1970: -62_167_219_200.5)) == nil)
    #expect(RFC3339.format(Date(timeIntervalSinceReferenceDate: .nan)) == nil)
    #expect(RFC3339.format(Date(timeIntervalSinceReferenceDate: .infinity)) == nil)
    #expect(RFC3339.format(Date(timeIntervalSince1970: -62_167_219_200)) == "0000-01-01T00:00:00Z")
    #expect(RFC3339.format(Date(timeIntervalSince1970: 253_402_300_799)) == "9999-12-31T23:59:59Z")
  }

  /// Issue 13: an offset can move a date-time of 9999 into 10000 and one of 0000 into -1
  /// once in UTC. Those are refused at once (no loop over the distance), never shifted.
  @Test(
    arguments: [
      ("9999-12-31T23:59:59-23:59", 10000),
      ("9999-12-31T23:59:59.999999-00:01", 10000),
      ("9999-12-31T23:59:00-00:01", 10000),
      ("0000-01-01T00:00:00+23:59", -1),
      ("0000-01-01T00:00:00.999999+00:01", -1),
      ("0000-01-01T00:00:59+00:01", -1),
    ]
  )
  func refusesInstantsOutsideTheWritableYearsInUTC(text: String, utcYear: Int) {
    #expect(RFC3339.parseResult(text) == .failure(.outOfRange(utcYear: utcYear)))
    #expect(RFC3339.parse(text) == nil)
  }

  @Test(
    arguments: [
      ("9999-12-31T00:00:00-23:59", "9999-12-31T23:59:00Z"),
      ("9999-12-31T23:58:59-00:01", "9999-12-31T23:59:59Z"),
      ("9999-12-31T23:59:59-00:00", "9999-12-31T23:59:59Z"),
      ("0000-01-01T23:59:00+23:59", "0000-01-01T00:00:00Z"),
      ("0000-01-01T00:01:00+00:01", "0000-01-01T00:00:00Z"),
      ("0000-01-01T00:00:00-00:00", "0000-01-01T00:00:00Z"),
    ]
  )
  func acceptsTheEdgesOfTheWritableYearsInUTC(text: String, utc: String) throws {
    let date = try RFC3339.parseResult(text).get()
    #expect(RFC3339.format(date) == utc)
  }

  @Test func keepsTheLastInstantsOf9999In9999() throws {
    for text in [
      "9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.99999999Z",
      "9999-12-31T23:59:59.9999995Z", "9999-12-31T23:59:59.999999999999Z",
      "9999-12-31T23:59:59.99999+00:00", "9999-12-31T22:59:59.9999999-01:00",
    ] {
      let date = try #require(RFC3339.parse(text))
      let formatted = try #require(RFC3339.format(date))
      // A `Date` resolves 2^-15 s there: the latest one before 10000 is 23:59:59.999969...
      #expect(formatted == "9999-12-31T23:59:59.999969Z")
      #expect(date.timeIntervalSince1970 < 253_402_300_800)
    }
    let earlier = try #require(RFC3339.parse("9999-12-31T23:59:59.5Z"))
    #expect(RFC3339.format(earlier) == "9999-12-31T23:59:59.500000Z")
  }

  @Test func formatOfParseIsStable() throws {
    var generator = SplitMix64(state: 42)
    for _ in 0..<2000 {
      // Any microsecond between 1900 and 2100, where a `Date` holds microseconds exactly.
      let micros = Int64.random(
        in: -2_208_988_800_000_000...4_102_444_800_000_000,
        using: &generator
      )
      let whole = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
      let fraction = micros - whole * 1_000_000
      var text = String(
        try #require(RFC3339.format(Date(timeIntervalSince1970: Double(whole)))).dropLast()
      )
      var canonical = text
      let digits = String(String(fraction + 1_000_000).dropFirst())
      text += "." + digits + "Z"
      // The canonical form writes a fraction with six digits, as pydantic does.
      if fraction != 0 { canonical += "." + digits }
      canonical += "Z"
      let parsed = try #require(RFC3339.parse(text))
      #expect(RFC3339.format(parsed) == canonical)
      #expect(RFC3339.parse(canonical) == parsed)
    }
  }

  @Test func wrapperCodesAsAString() throws {
    struct Holder: Codable { var at: RFC3339Date }
    let data = Data(#"{"at":"2026-11-24T12:00:00+02:00"}"#.utf8)
    let holder = try JSONDecoder().decode(Holder.self, from: data)
    #expect(holder.at.date == Date(timeIntervalSince1970: Self.base))
    let encoded = try JSONEncoder().encode(holder)
    #expect(String(decoding: encoded, as: UTF8.self) == #"{"at":"2026-11-24T10:00:00Z"}"#)
  }

  @Test func wrapperRejectsInvalidTextWithItsPath() {
    struct Holder: Codable { var at: RFC3339Date }
    let data = Data(#"{"at":"yesterday"}"#.utf8)
    #expect {
      try JSONDecoder().decode(Holder.self, from: data)
    } throws: { error in
      guard let violation = error as? SchemaViolation else { return false }
      return violation.path.description == "$.at"
        && violation.expected == #"an RFC 3339 date-time such as "2026-11-24T10:00:00Z""#
        && violation.found == #""yesterday""#
    }
  }

  @Test func wrapperRefusesToEncodeUnwritableYears() {
    #expect(throws: EncodingError.self) {
      try JSONEncoder().encode([RFC3339Date(Date(timeIntervalSince1970: 300_000_000_000))])
    }
  }
}
