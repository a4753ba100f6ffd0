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

  // MARK: The compiler

  /// A chain of `count` models, each holding the next by value; the last closes a cycle
  /// back to the first when `closed`.
  static func chain(_ count: Int, closed: Bool) -> String {
    var lines = ["streams:", "  S: {item: M0}", "types:"]
    for index in 0..<count {
      lines.append("  M\(index):")
      lines.append("    fields:")
      if index + 1 < count {
        lines.append("      next: M\(index + 1)?")
      } else {
        lines.append(closed ? "      next: M0" : "      value: int")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The cycle check is linear: 10,000 models in a chain check, and closed into one long
  /// cycle they give one error that names it whole.
  @Test func aChainOfTenThousandModels() {
    #expect(diagnostics(of: Self.chain(10_000, closed: false)) == [])

    let closed = diagnostics(of: Self.chain(10_000, closed: true))
    #expect(closed.count == 1)
    let cycle = (0..<10_000).map { "M\($0)" } + ["M0"]
    #expect(
      closed.first
        == "test.yaml:4:3: error: models form a cycle that is not through a list or map: "
        + cycle.joined(separator: " -> ")
        + "; make one of these fields a list or a map, or remove it"
    )
  }

  /// Each component with a cycle is reported once, with its shortest cycle through its
  /// first model; models that only lead into a cycle are not part of it.
  @Test func cyclesAreReportedOncePerComponent() {
    let yaml = """
      streams:
        S: {item: A}
      types:
        A: {fields: {b: B, c: C?}}
        B: {fields: {c: C}}
        C: {fields: {a: A, d: D}}
        D: {fields: {d: D?}}
        E: {fields: {a: A}}
      """
    let found = diagnostics(of: yaml).filter { $0.contains("error:") }
    #expect(
      found == [
        "test.yaml:4:3: error: models form a cycle that is not through a list or map: "
          + "A -> C -> A; make one of these fields a list or a map, or remove it",
        "test.yaml:7:3: error: models form a cycle that is not through a list or map: "
          + "D -> D; make one of these fields a list or a map, or remove it",
      ]
    )
  }

  /// A name of `length` letters from `seed`, starting with a capital.
  static func longName(seed: Int, length: Int = 150) -> String {
    var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
    var name = "T"
    let letters = Array("abcdefghijklmnopqrstuvwxyz")
    while name.count < length {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      name.append(letters[Int(state >> 33) % letters.count])
    }
    return name
  }

  /// 600 unknown 150-letter type names against 600 defined ones: 600 errors, found in
  /// time near-linear (bounded edit distances); a typo still gets its suggestion.
  @Test func sixHundredLongUnknownTypeNames() {
    let defined = (0..<600).map { Self.longName(seed: $0) }
    var typo = Array(defined[7])
    typo.swapAt(40, 41)
    let unknown = [String(typo)] + (1..<600).map { Self.longName(seed: 1000 + $0) }
    var lines = ["streams:", "  S: {item: Holder}", "types:", "  Holder:", "    fields:"]
    for (index, name) in unknown.enumerated() { lines.append("      f\(index): \(name)") }
    for name in defined { lines.append("  \(name): {fields: {x: int}}") }
    let found = diagnostics(of: lines.joined(separator: "\n") + "\n")
      .filter { $0.contains(": error: ") }
    #expect(found.count == 600)
    #expect(found.allSatisfy { $0.contains(": error: unknown type 'T") })
    #expect(
      found.first
        == "test.yaml:6:11: error: unknown type '\(unknown[0])'; did you mean '\(defined[7])'?"
    )
    #expect(found.dropFirst().allSatisfy { !$0.contains("did you mean") })
  }

  /// More unknown names than suggestions per run: the first ones get theirs, the others
  /// none, so the cost stays bounded.
  @Test func suggestionsStopAfterTheirLimitPerRun() {
    let count = NameSuggestions.perRun + 10
    var lines = ["streams:", "  S: {item: Holder}", "types:", "  Holder:", "    fields:"]
    for index in 0..<count { lines.append("      f\(index): Strng") }
    let found = diagnostics(of: lines.joined(separator: "\n") + "\n")
    #expect(found.count == count)
    #expect(found.filter { $0.hasSuffix("did you mean 'string'?") }.count == NameSuggestions.perRun)
  }

  /// A 1 MiB string anchored once and aliased 1,000 times: the alias that takes the scalar
  /// text past 16 MiB is an error at its place, before the text is copied.
  @Test func aliasBombOfALongString() {
    let mebibyte = 1 << 20
    var lines = ["x: &s " + String(repeating: "a", count: mebibyte), "y:"]
    lines += Array(repeating: "  - *s", count: 1000)
    // "x", the string and "y", then an alias each: the one that would pass 16 MiB.
    let limit = YAMLLoadLimits().maxExpandedBytes
    var total = 1 + mebibyte + 1
    var failing = 1
    while total + mebibyte <= limit {
      total += mebibyte
      failing += 1
    }
    #expect(
      diagnostics(of: lines.joined(separator: "\n") + "\n") == [
        "test.yaml:\(2 + failing):5: error: the alias '*s' expands the document to more than "
          + "16777216 bytes of text (an alias bomb?); the limit is 16777216 bytes"
      ]
    )
  }

  /// The bounded, banded edit distance is the full table's distance whenever that is
  /// within the bound, and nil otherwise, on random short names over a small alphabet.
  @Test func boundedEditDistanceMatchesTheFullTable() {
    func full(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
      var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
      for i in 0...a.count { table[i][0] = i }
      for j in 0...b.count { table[0][j] = j }
      for i in stride(from: 1, through: a.count, by: 1) {
        for j in stride(from: 1, through: b.count, by: 1) {
          let cost = a[i - 1] == b[j - 1] ? 0 : 1
          table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
          if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
            table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
          }
        }
      }
      return table[a.count][b.count]
    }
    var state: UInt64 = 0x5EED
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33) % bound
    }
    let alphabet = Array("abc".unicodeScalars)
    for _ in 0..<3000 {
      let a = (0..<next(9)).map { _ in alphabet[next(3)] }
      let b = (0..<next(9)).map { _ in alphabet[next(3)] }
      let exact = full(a, b)
      for limit in 0...4 {
        let bounded = NameSuggestions.editDistance(a, b, limit: limit)
        #expect(bounded == (exact <= limit ? exact : nil), "\(a) \(b) \(limit)")
      }
    }
  }
}
