@_spi(Generated) import StreamTypes

/// Whose streams a change is judged for.
public enum DiffDirection: String, CaseIterable, Sendable {
  /// Streams written by old writers, read by new readers ("backward").
  case oldWriters = "old-writers"
  /// Streams written by new writers, read by old readers ("forward").
  case newWriters = "new-writers"

  /// `old writers -> new readers`.
  public var phrase: String {
    switch self {
    case .oldWriters: "old writers -> new readers"
    case .newWriters: "new writers -> old readers"
    }
  }
}

/// What a change does to one direction.
public enum DiffVerdict: String, Sendable, Comparable {
  case compatible
  /// Not decided (a changed pattern, a changed default) or no witness was found.
  case mayBreak = "may break"
  /// Proved by a witness that the validator checked.
  case breaks

  private var rank: Int {
    switch self {
    case .compatible: 0
    case .mayBreak: 1
    case .breaks: 2
    }
  }

  public static func < (lhs: DiffVerdict, rhs: DiffVerdict) -> Bool { lhs.rank < rhs.rank }
}

/// The smallest stream found that the writer's schema accepts and the reader's rejects.
public struct DiffWitness: Sendable, Equatable {
  /// The stream as the JSON Lines `streamtypes encode` reads.
  public var lines: [String]
  /// The stream's bytes in `format`, as the validator read them.
  public var frames: [UInt8]
  /// The error the reader's schema-driven validator gives.
  public var readerError: String
  /// `.framed`, or `.sse` for a change of the `sse` conventions.
  public var format: WireFormat = .framed
}

/// One change between the two versions, judged for both directions and for source.
public struct DiffFinding: Sendable {
  public var rule: DiffRule.ID
  /// In NEW, or in OLD when the thing was removed.
  public var location: SourceLocation
  public var stream: String
  /// Where in the stream: `item $.words[].confidence`.
  public var place: String
  public var message: String
  public var verdicts: [DiffDirection: DiffVerdict]
  /// Why a direction may break without a witness, when it does.
  public var notes: [DiffDirection: String] = [:]
  public var witnesses: [DiffDirection: DiffWitness] = [:]
  /// Whether Swift code written against the old generated types stops compiling.
  public var breaksSource: Bool
  /// Whether Python code written against the old generated module stops type-checking
  /// (`mypy --strict`) or importing: mostly as Swift, except where Python has no exhaustive
  /// `switch` or `swift_name`, or types a constant as a `Literal` (``DiffRule/pythonSource``).
  public var breaksPythonSource: Bool { DiffRule.breaksPython(rule, swift: breaksSource) }

  public func verdict(_ direction: DiffDirection) -> DiffVerdict {
    verdicts[direction] ?? .compatible
  }
}

/// The result of comparing two versions of a module.
public struct SchemaDiffReport: Sendable {
  public var findings: [DiffFinding]

  /// The worst verdict over `directions`.
  public func worst(_ directions: [DiffDirection]) -> DiffVerdict {
    findings.flatMap { finding in directions.map { finding.verdict($0) } }.max() ?? .compatible
  }
}

/// The rules of `streamtypes diff`: one row per kind of change, with what it does to each
/// direction before any witness is looked for. The docs' table is this one.
public struct DiffRule: Sendable {
  public enum ID: String, CaseIterable, Sendable {
    case streamAdded = "stream-added"
    case streamRemoved = "stream-removed"
    case partAdded = "part-added"
    case partRemoved = "part-removed"
    case errorPartAdded = "error-part-added"
    case errorPartRemoved = "error-part-removed"
    case sseChanged = "sse-changed"
    case fieldAddedRequired = "field-added-required"
    case fieldAddedOptional = "field-added-optional"
    case fieldRemoved = "field-removed"
    case fieldMadeOptional = "field-made-optional"
    case fieldMadeRequired = "field-made-required"
    case nullAllowed = "null-allowed"
    case nullForbidden = "null-forbidden"
    case defaultAdded = "default-added"
    case defaultRemoved = "default-removed"
    case defaultChanged = "default-changed"
    case typeWidened = "type-widened"
    case typeNarrowed = "type-narrowed"
    case typeChanged = "type-changed"
    case typeRenamed = "type-renamed"
    case swiftNameChanged = "swift-name-changed"
    case constraintAdded = "constraint-added"
    case constraintRemoved = "constraint-removed"
    case constraintTightened = "constraint-tightened"
    case constraintLoosened = "constraint-loosened"
    case patternChanged = "pattern-changed"
    case additionalFieldsForbidden = "additional-fields-forbidden"
    case additionalFieldsIgnored = "additional-fields-ignored"
    case enumValueAdded = "enum-value-added"
    case enumValueRemoved = "enum-value-removed"
    case unionMemberAdded = "union-member-added"
    case unionMemberRemoved = "union-member-removed"
    case unionDiscriminatorChanged = "union-discriminator-changed"
    case unionUnknownKept = "union-unknown-kept"
    case unionUnknownRejected = "union-unknown-rejected"
    case constAdded = "const-added"
    case constRemoved = "const-removed"
    case constChanged = "const-changed"
  }

  public var id: ID
  public var change: String
  public var oldWriters: String
  public var newWriters: String
  public var source: String

  /// What the change does to Python code written against the old generated module, as
  /// `mypy --strict` sees it (`Scripts/python_source_diff.py` holds the corpus to it).
  public var pythonSource: String {
    switch id {
    case .swiftNameChanged: "compatible (Python names come from the wire names)"
    case .errorPartAdded: "compatible (Python code does not switch over the parts)"
    case .partAdded:
      "compatible (a stream's types function keeps its signature; truss checks parts at run time)"
    case .enumValueAdded, .unionMemberAdded, .unionUnknownKept:
      "compatible (a Python `match` or `isinstance` chain is not exhaustive)"
    case .constChanged: "breaks (the field's `Literal` type changes)"
    case .unionDiscriminatorChanged: "breaks (the members' `Literal` tag field is renamed)"
    default: source
    }
  }

  /// Whether the change breaks Python source, given whether this finding breaks Swift's.
  static func breaksPython(_ id: ID, swift: Bool) -> Bool {
    switch id {
    case .swiftNameChanged, .errorPartAdded, .partAdded, .enumValueAdded, .unionMemberAdded,
      .unionUnknownKept:
      false
    case .constChanged, .unionDiscriminatorChanged: true
    default: swift
    }
  }

  /// The table, in the order of ``ID``.
  public static let table: [DiffRule] = ID.allCases.map(rule)

  // swift-format-ignore
  static func rule(_ id: ID) -> DiffRule {
    let (change, old, new, source): (String, String, String, String) =
      switch id {
      case .streamAdded: ("a stream is added", "-", "-", "compatible")
      case .streamRemoved: ("a stream is removed", "-", "-", "breaks")
      case .partAdded: ("a header or footer is declared", "breaks", "breaks", "breaks")
      case .partRemoved: ("a header or footer is no longer declared", "breaks", "breaks", "breaks")
      case .errorPartAdded: ("an `error` part is declared", "compatible", "breaks (an old reader refuses the error frame)", "breaks (a `switch` over `events()` needs `.error`)")
      case .errorPartRemoved: ("an `error` part is no longer declared", "breaks (a new reader refuses the error frame)", "compatible", "breaks")
      case .sseChanged: ("an `sse` convention changes (an event name, `item_event`, `done_data`)", "breaks in server-sent events, with a witness in that format (the reader rejects a renamed event, a missing or unexpected done event); may break when none is found; the framed format ignores it", "likewise", "compatible")
      case .fieldAddedRequired: ("a required field is added", "breaks", "breaks if the old model forbids additional fields", "breaks")
      case .fieldAddedOptional: ("an optional or defaulted field is added", "compatible", "breaks if the old model forbids additional fields", "compatible")
      case .fieldRemoved: ("a field is removed", "breaks if the new model forbids additional fields", "breaks if the old field was required", "breaks")
      case .fieldMadeOptional: ("`T` becomes `T?`", "compatible", "breaks", "breaks")
      case .fieldMadeRequired: ("`T?` becomes `T`", "breaks", "compatible", "breaks")
      case .nullAllowed: ("a list or map element becomes optional", "compatible", "breaks", "breaks")
      case .nullForbidden: ("a list or map element is no longer optional", "breaks", "compatible", "breaks")
      case .defaultAdded: ("a required field gets a default", "compatible", "breaks", "compatible")
      case .defaultRemoved: ("a defaulted field becomes required", "breaks", "compatible", "breaks")
      case .defaultChanged: ("a default changes", "may break (an absent key now means another value)", "may break (likewise)", "compatible")
      case .typeWidened: ("the new type accepts every old value (`int` to `float`, an enum to `string`, anything to `json`)", "compatible", "breaks", "breaks")
      case .typeNarrowed: ("the old type accepts every new value", "breaks", "compatible", "breaks")
      case .typeChanged: ("neither type accepts every value of the other (a dtype too)", "breaks", "breaks", "breaks")
      case .typeRenamed: ("a type at the same place has another name (matched by its place)", "compatible", "compatible", "breaks")
      case .swiftNameChanged: ("a field's `swift_name` changes", "compatible", "compatible", "breaks")
      case .constraintAdded: ("a constraint is added", "breaks unless the old constraints imply it", "compatible", "compatible")
      case .constraintRemoved: ("a constraint is removed", "compatible", "breaks unless the new constraints imply it", "compatible")
      case .constraintTightened: ("a bound moves inwards (`maximum` 10 to 5), a shape fixes a dimension", "breaks", "compatible", "compatible")
      case .constraintLoosened: ("a bound moves outwards", "compatible", "breaks", "compatible")
      case .patternChanged: ("a `pattern` changes", "may break (undecidable), breaks with a witness", "may break, breaks with a witness", "compatible")
      case .additionalFieldsForbidden: ("`additional_fields` becomes `forbid`", "may break (producers that send undeclared keys)", "compatible", "compatible")
      case .additionalFieldsIgnored: ("`additional_fields` becomes `ignore`", "compatible", "compatible", "compatible")
      case .enumValueAdded: ("an enum value is added", "compatible", "breaks", "breaks")
      case .enumValueRemoved: ("an enum value is removed", "breaks", "compatible", "breaks")
      case .unionMemberAdded: ("a union member is added", "compatible (may break under `unknown: keep`)", "breaks unless the old union keeps unknown members", "breaks")
      case .unionMemberRemoved: ("a union member is removed", "breaks unless the new union keeps unknown members", "compatible", "breaks")
      case .unionDiscriminatorChanged: ("a union's discriminator field changes", "breaks", "breaks", "compatible")
      case .unionUnknownKept: ("`unknown` becomes `keep`", "compatible", "breaks (kept values are written back)", "breaks")
      case .unionUnknownRejected: ("`unknown` becomes `error`", "breaks (kept values are written back)", "compatible", "breaks")
      case .constAdded: ("a field becomes a constant", "breaks", "compatible", "breaks")
      case .constRemoved: ("a constant becomes a field", "compatible", "breaks", "breaks")
      case .constChanged: ("a constant changes", "breaks", "breaks", "compatible")
      }
    return DiffRule(id: id, change: change, oldWriters: old, newWriters: new, source: source)
  }
}

/// Compares two versions of a module.
public enum SchemaDiff {
  /// Every change from `old` to `new`, in the streams named `stream` (all when nil), judged
  /// for both directions; a direction that breaks carries a witness checked by the
  /// schema-driven validator.
  public static func compare(
    old: SchemaModule,
    new: SchemaModule,
    stream: String? = nil
  ) -> SchemaDiffReport {
    var walker = DiffWalker(old: old, new: new)
    walker.compareStreams(named: stream)
    var findings = walker.findings
    let search = WitnessSearch(old: old, new: new)
    for index in findings.indices {
      let probe = walker.probes[index]
      for direction in DiffDirection.allCases {
        let verdict = findings[index].verdict(direction)
        // Only a direction the rules say may break is probed: a witness for a compatible
        // one would come from another change at the same place. The random-edit test holds
        // the rules' "compatible" to valid streams.
        guard verdict != .compatible else { continue }
        if let witness = search.witness(for: probe, direction: direction) {
          findings[index].verdicts[direction] = .breaks
          findings[index].witnesses[direction] = witness
          findings[index].notes[direction] = nil
        } else if verdict == .breaks {
          findings[index].verdicts[direction] = .mayBreak
          findings[index].notes[direction] =
            findings[index].notes[direction] ?? "no witness found"
        }
      }
    }
    return SchemaDiffReport(findings: findings)
  }
}
