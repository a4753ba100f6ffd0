import Foundation

/// RFC 3339 date-times, the wire form of the schema's `datetime`: `2026-11-24T10:00:00Z`,
/// `2026-11-24T10:00:00.123456+02:00`.
///
/// Parsing and formatting are done by hand with civil-from-days arithmetic rather than with
/// `DateFormatter`, which is slow and depends on the locale and calendar settings.
public enum RFC3339 {
  /// Why a text is not a `datetime`.
  public enum Failure: Error, Hashable, Sendable {
    /// Not an RFC 3339 `date-time`.
    case malformed
    /// A well-formed date-time whose instant, converted to UTC, falls in `utcYear`,
    /// outside the years 0000 to 9999 that RFC 3339 can write in UTC (e.g.
    /// `9999-12-31T23:59:59-23:59` is in 10000, `0000-01-01T00:00:00+23:59` in -1).
    case outOfRange(utcYear: Int)
  }

  /// Parses an RFC 3339 `date-time`, or returns nil (see ``parseResult(_:)``).
  public static func parse(_ text: String) -> Date? {
    try? parseResult(text).get()
  }

  /// Parses an RFC 3339 `date-time`, or says why it is not one, in time linear in the text.
  ///
  /// Accepts `T`/`t` between date and time, `Z`/`z` or a `±HH:MM` offset, and a fraction of
  /// a second with any number of digits, rounded to microseconds. Every field is range
  /// checked (days per month with leap years, hours below 24, offsets within ±23:59). Leap
  /// seconds (`:60`), a space instead of `T`, and any other form are ``Failure/malformed``.
  /// An instant outside 0000-01-01T00:00:00Z ... 9999-12-31T23:59:59.999999Z once
  /// converted to UTC is ``Failure/outOfRange(utcYear:)``: it has no form in UTC.
  public static func parseResult(_ text: String) -> Result<Date, Failure> {
    var text = text
    return text.withUTF8 { parse(bytes: $0) }
  }

  /// Formats `date` in UTC with `Z`, with a fraction only when it is not zero, as
  /// microseconds without trailing zeros, so that `format(parse(text)!)` is stable.
  ///
  /// Returns nil for a date outside the years 0000 to 9999 (or not finite), which RFC 3339
  /// cannot write in UTC: no other date is ever written in its place.
  public static func format(_ date: Date) -> String? {
    let (seconds, micros) = split(date.timeIntervalSinceReferenceDate)
    guard seconds >= minSeconds && seconds <= maxSeconds else { return nil }
    let unix = seconds + referenceOffset
    let days = floorDivide(unix, 86_400)
    let secondOfDay = unix - days * 86_400
    let (year, month, day) = civil(fromDays: days)
    var text = ""
    text.reserveCapacity(32)
    text += pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    text += "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":"
    text += pad(secondOfDay % 60, 2)
    if micros > 0 {
      // Six digits, as pydantic writes them, so both write the same bytes.
      text += "." + pad(micros, 6)
    }
    return text + "Z"
  }

  // MARK: Arithmetic

  /// Seconds from 1970 to 2001, the epoch of `Date`'s stored interval.
  private static let referenceOffset = 978_307_200
  /// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, in seconds since 2001.
  private static let minSeconds = -62_167_219_200 - referenceOffset
  private static let maxSeconds = 253_402_300_799 - referenceOffset

  /// Whole seconds (rounded down) and microseconds of an interval since 2001. Splitting
  /// before scaling keeps microseconds exact for any date a `Double` holds that precisely.
  private static func split(_ interval: Double) -> (seconds: Int, micros: Int) {
    // Far outside the writable years (or not a number): out of range for every caller.
    guard interval.isFinite, abs(interval) < 1e15 else {
      return (interval > 0 ? Int(1e15) : -Int(1e15), 0)
    }
    let whole = interval.rounded(.down)
    var seconds = Int(whole)
    var micros = Int(((interval - whole) * 1_000_000).rounded())
    if micros == 1_000_000 {
      seconds += 1
      micros = 0
    }
    return (seconds, micros)
  }

  private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
    value >= 0 ? value / divisor : (value - divisor + 1) / divisor
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  private static func days(year: Int, month: Int, day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = floorDivide(shiftedYear, 400)
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The proleptic Gregorian date of a count of days since 1970-01-01.
  private static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
    let shifted = days + 719_468
    let era = floorDivide(shifted, 146_097)
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  private static func daysInMonth(_ month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  private static func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width
      ? digits
      : String(repeating: "0", count: width - digits.count)
        + digits
  }

  // MARK: Parsing

  private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Result<Date, Failure> {
    guard let (unix, micros) = fields(bytes) else { return .failure(.malformed) }
    return date(unix: unix, micros: micros)
  }

  /// The Unix seconds (in UTC, not range checked) and rounded microseconds of a date-time.
  private static func fields(_ bytes: UnsafeBufferPointer<UInt8>) -> (unix: Int, micros: Int)? {
    // YYYY-MM-DDTHH:MM:SS plus at least `Z`.
    guard bytes.count >= 20 else { return nil }
    func number(_ start: Int, _ length: Int) -> Int? {
      var value = 0
      for index in start..<start + length {
        let digit = bytes[index] &- UInt8(ascii: "0")
        guard digit < 10 else { return nil }
        value = value * 10 + Int(digit)
      }
      return value
    }
    guard let year = number(0, 4), bytes[4] == UInt8(ascii: "-"),
      let month = number(5, 2), bytes[7] == UInt8(ascii: "-"),
      let day = number(8, 2), bytes[10] | 0x20 == UInt8(ascii: "t"),
      let hour = number(11, 2), bytes[13] == UInt8(ascii: ":"),
      let minute = number(14, 2), bytes[16] == UInt8(ascii: ":"),
      let second = number(17, 2),
      (1...12).contains(month), (1...daysInMonth(month, year: year)).contains(day),
      hour < 24, minute < 60, second < 60
    else { return nil }

    var index = 19
    var micros = 0
    if bytes[index] == UInt8(ascii: ".") {
      index += 1
      let fractionStart = index
      while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
        let digit = Int(bytes[index] - UInt8(ascii: "0"))
        let position = index - fractionStart
        if position < 6 {
          micros = micros * 10 + digit
        } else if position == 6 && digit >= 5 {
          micros += 1
        }
        index += 1
      }
      let digits = index - fractionStart
      guard digits > 0 else { return nil }
      for _ in digits..<max(digits, 6) { micros *= 10 }
    }

    guard index < bytes.count else { return nil }
    var offsetSeconds = 0
    switch bytes[index] {
    case UInt8(ascii: "Z"), UInt8(ascii: "z"):
      guard index + 1 == bytes.count else { return nil }
    case UInt8(ascii: "+"), UInt8(ascii: "-"):
      guard index + 6 == bytes.count, let offsetHour = number(index + 1, 2),
        bytes[index + 3] == UInt8(ascii: ":"), let offsetMinute = number(index + 4, 2),
        offsetHour < 24, offsetMinute < 60
      else { return nil }
      offsetSeconds = (offsetHour * 3600 + offsetMinute * 60)
      if bytes[index] == UInt8(ascii: "-") { offsetSeconds = -offsetSeconds }
    default:
      return nil
    }

    let unix =
      days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
      - offsetSeconds
    return (unix, micros)
  }

  /// The `Date` of an instant given as Unix seconds and microseconds (below 1,000,001), or
  /// `.outOfRange` when its whole second is outside the years 0000 to 9999: exact integer
  /// arithmetic, then one conversion to `Double`.
  private static func date(unix: Int, micros: Int) -> Result<Date, Failure> {
    let seconds = unix - referenceOffset
    guard seconds >= minSeconds && seconds <= maxSeconds else {
      return .failure(.outOfRange(utcYear: civil(fromDays: floorDivide(unix, 86_400)).year))
    }
    var micros = micros
    var whole = seconds
    if micros == 1_000_000 {
      // A fraction rounded up to the next second. The instant itself is before the end of
      // 9999, so at the last second it stays there, at its last microsecond.
      if whole == maxSeconds { micros = 999_999 } else { (whole, micros) = (whole + 1, 0) }
    }
    // The seconds and the fraction are converted apart so the fraction keeps its precision.
    var interval = Double(whole) + Double(micros) / 1_000_000
    // Near the year 10000 a `Date` resolves about 30 µs (2^-15 s): the last instants of 9999
    // can round to 10000-01-01T00:00:00Z, which no date-time can be written for. That second
    // is a whole `Double`, so the largest `Double` below it, one `nextDown` away, is the
    // latest instant of 9999 a `Date` holds (23:59:59.999969...).
    if split(interval).seconds > maxSeconds { interval = interval.nextDown }
    return .success(Date(timeIntervalSinceReferenceDate: interval))
  }
}

extension RFC3339.Failure {
  /// What a `datetime` must be, for messages.
  public var expected: String {
    switch self {
    case .malformed: "an RFC 3339 date-time such as \"2026-11-24T10:00:00Z\""
    case .outOfRange: "a date-time in the years 0000-9999 in UTC"
    }
  }

  /// What was found, from its description (e.g. the quoted text): for an instant out of
  /// range, the description and the year the instant falls in once in UTC.
  public func found(_ description: String) -> String {
    switch self {
    case .malformed: description
    case .outOfRange(let year):
      "\(description), an instant outside the years 0000-9999 in UTC (year \(year))"
    }
  }
}

/// A `Date` that is coded as an RFC 3339 string, the wire form of the schema's `datetime`.
///
/// Generated models store `Date` and code it through this wrapper.
@_spi(Generated)
public struct RFC3339Date: Codable, Hashable, Sendable {
  public var date: Date

  public init(_ date: Date) {
    self.date = date
  }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    try self.init(text: text, at: JSONPath(codingPath: decoder.codingPath))
  }

  /// Parses the wire form, or throws a violation at `path`.
  init(text: String, at path: @autoclosure () -> JSONPath) throws {
    switch RFC3339.parseResult(text) {
    case .success(let date):
      self.date = date
    case .failure(let failure):
      throw SchemaViolation(
        path: path(),
        expected: failure.expected,
        found: failure.found(JSONText.excerpt(text))
      )
    }
  }

  /// Throws `EncodingError.invalidValue` for a date outside the years 0000 to 9999, which
  /// RFC 3339 cannot write, rather than writing a different date.
  public func encode(to encoder: any Encoder) throws {
    guard let text = RFC3339.format(date) else {
      let violation = SchemaViolation(
        path: JSONPath(codingPath: encoder.codingPath),
        expected: RFC3339.Failure.outOfRange(utcYear: 0).expected,
        found: "\(date.timeIntervalSince1970) seconds since 1970"
      )
      throw EncodingError.invalidValue(
        date,
        EncodingError.Context(
          codingPath: encoder.codingPath,
          debugDescription: violation.description,
          underlyingError: violation
        )
      )
    }
    var container = encoder.singleValueContainer()
    try container.encode(text)
  }
}
