import Foundation
import Testing

@testable import StreamTypesCompiler

/// Issue 13: hostile schemas and defaults are refused or checked in time near-linear in
/// their size. Each input is generated here (none is committed); a test that ran slowly
/// again would hang the suite rather than fail on a timing.
@Suite struct HostileSchemaTests {
  /// A `datetime` default whose instant, once in UTC, is outside the years 0000-9999 is an
  /// error at the default, as it is for a payload.
  @Test(arguments: [("9999-12-31T23:59:59-23:59", 10000), ("0000-01-01T00:00:00+23:59", -1)])
  func datetimeDefaultOutsideTheYears0000To9999InUTC(text: String, year: Int) {
    let yaml = """
      streams:
        S: {item: M}
      types:
        M:
          fields:
            at: {type: datetime, default: "\(text)"}
      """
    #expect(
      diagnostics(of: yaml) == [
        "test.yaml:6:37: error: the default of field 'at' must be a date-time in the years "
          + "0000-9999 in UTC, found the string '\(text)', an instant outside the years "
          + "0000-9999 in UTC (year \(year))"
      ]
    )
  }

  @Test func datetimeDefaultAtTheEdgeOfTheYearsInUTCIsAccepted() {
    let yaml = """
      streams:
        S: {item: M}
      types:
        M:
          fields:
            at: {type: datetime, default: "9999-12-31T00:00:00-23:59"}
      """
    #expect(diagnostics(of: yaml) == [])
  }
}
