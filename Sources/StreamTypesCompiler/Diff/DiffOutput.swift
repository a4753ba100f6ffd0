import Foundation
@_spi(Generated) import StreamTypes

extension SchemaDiffReport {
  /// The findings as text: one `FILE:LINE:COLUMN: RULE: MESSAGE` line each, then a line per
  /// direction in `directions` (with its witness and the reader's error when it breaks) and
  /// one for source, then a summary line.
  public func text(directions: [DiffDirection] = DiffDirection.allCases) -> String {
    var lines: [String] = []
    for finding in findings {
      lines.append(
        "\(finding.location): \(finding.rule.rawValue): \(finding.message) [\(finding.stream) \(finding.place)]"
      )
      for direction in directions {
        let verdict = finding.verdict(direction)
        var line = "  \(direction.phrase): \(verdict.rawValue)"
        if verdict != .compatible, let note = finding.notes[direction] { line += " (\(note))" }
        lines.append(line)
        if let witness = finding.witnesses[direction] {
          let label = witness.format == .sse ? "witness (sse)" : "witness"
          if witness.lines.isEmpty { lines.append("    \(label): (a stream of no frames)") }
          for witnessLine in witness.lines { lines.append("    \(label): \(witnessLine)") }
          let reader = direction == .oldWriters ? "new" : "old"
          lines.append("    \(reader) reader: \(witness.readerError)")
        }
      }
      lines.append("  source: \(finding.sourceText)")
    }
    lines.append(summary(directions: directions))
    return lines.joined(separator: "\n") + "\n"
  }

  /// `3 changes: 1 breaks, 1 may break, 1 compatible (old-writers, new-writers)`.
  public func summary(directions: [DiffDirection]) -> String {
    var counts: [DiffVerdict: Int] = [:]
    for finding in findings {
      counts[directions.map { finding.verdict($0) }.max() ?? .compatible, default: 0] += 1
    }
    let changes = findings.count == 1 ? "1 change" : "\(findings.count) changes"
    return "\(changes): \(counts[.breaks] ?? 0) breaks, \(counts[.mayBreak] ?? 0) may break, "
      + "\(counts[.compatible] ?? 0) compatible (\(directions.map(\.rawValue).joined(separator: ", ")))"
  }

  /// The findings as one JSON object.
  public func json(directions: [DiffDirection] = DiffDirection.allCases) -> String {
    let items: [DiffValue] = findings.map { finding in
      var members: [(String, DiffValue)] = [
        ("rule", .string(finding.rule.rawValue)),
        ("file", .string(finding.location.file)),
        ("line", .int(finding.location.line)),
        ("column", .int(finding.location.column)),
        ("stream", .string(finding.stream)),
        ("place", .string(finding.place)),
        ("message", .string(finding.message)),
      ]
      for direction in directions {
        var entry: [(String, DiffValue)] = [
          ("verdict", .string(finding.verdict(direction).rawValue))
        ]
        if finding.verdict(direction) != .compatible, let note = finding.notes[direction] {
          entry.append(("note", .string(note)))
        }
        if let witness = finding.witnesses[direction] {
          entry.append(
            (
              "witness",
              .object([
                ("lines", .array(witness.lines.map { .string($0) })),
                ("format", .string(witness.format.rawValue)),
                ("frames_base64", .string(Data(witness.frames).base64EncodedString())),
                ("reader_error", .string(witness.readerError)),
              ])
            )
          )
        }
        members.append((direction.rawValue, .object(entry)))
      }
      members.append(
        (
          "source",
          .object([
            ("swift", .string(finding.breaksSource ? "breaks" : "compatible")),
            ("python", .string(finding.breaksPythonSource ? "breaks" : "compatible")),
          ])
        )
      )
      return .object(members)
    }
    let worst = worst(directions)
    let root = DiffValue.object([
      ("verdict", .string(worst.rawValue)),
      ("directions", .array(directions.map { .string($0.rawValue) })),
      ("findings", .array(items)),
    ])
    return String(decoding: JSONWriter.encode(root), as: UTF8.self)
  }

  /// The docs' table of rules, as Markdown.
  public static var rulesTable: String {
    var lines = [
      "| rule | change | old writers -> new readers | new writers -> old readers | Swift source | Python source |",
      "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in DiffRule.table {
      lines.append(
        "| `\(rule.id.rawValue)` | \(rule.change) | \(rule.oldWriters) | \(rule.newWriters) | \(rule.source) | \(rule.pythonSource) |"
      )
    }
    return lines.joined(separator: "\n")
  }
}

extension DiffFinding {
  /// `breaks Swift and Python`, `breaks Swift, not Python` or `compatible`.
  public var sourceText: String {
    switch (breaksSource, breaksPythonSource) {
    case (true, true): "breaks Swift and Python"
    case (true, false): "breaks Swift, not Python"
    case (false, true): "breaks Python, not Swift"
    case (false, false): "compatible"
    }
  }
}
