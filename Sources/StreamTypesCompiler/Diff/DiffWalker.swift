@_spi(Generated) import StreamTypes

/// One step from a stream part's value to the place of a change.
enum DiffStep: Hashable, Sendable {
  /// The field with this wire name.
  case field(String)
  /// The element of a list or the value of a map.
  case element
  /// The union member with this tag.
  case member(String)
}

/// Where a witness for a finding is looked for: a place in a stream.
struct DiffProbe: Sendable {
  var stream: String
  /// nil for a change of the stream's parts themselves.
  var part: FrameKind?
  var steps: [DiffStep]
  /// For a change of the stream's `sse` conventions: the key that changed.
  var sseKey: String? = nil
}

/// Walks the two versions side by side from each stream's parts, so that a type is compared
/// with the type at the same place whatever its name (a renamed type is matched by its
/// place), and records every change with the verdicts of ``DiffRule``.
struct DiffWalker {
  let old: SchemaModule
  let new: SchemaModule
  private let oldDefinitions: [String: TypeDefinition]
  private let newDefinitions: [String: TypeDefinition]
  private(set) var findings: [DiffFinding] = []
  /// The place to look for a witness of each finding; nil when there is none.
  private(set) var probes: [DiffProbe?] = []
  private var visited: Set<String> = []
  private var stream = ""

  init(old: SchemaModule, new: SchemaModule) {
    self.old = old
    self.new = new
    oldDefinitions = Self.definitions(old)
    newDefinitions = Self.definitions(new)
  }

  private static func definitions(_ module: SchemaModule) -> [String: TypeDefinition] {
    var definitions: [String: TypeDefinition] = [:]
    for file in module.files {
      for type in file.types { definitions[type.name] = type }
    }
    return definitions
  }

  // MARK: Recording

  private struct Place {
    var part: FrameKind
    var steps: [DiffStep]
    var label: String

    func appending(_ step: DiffStep) -> Place {
      let suffix: String =
        switch step {
        case .field(let name): ".\(name)"
        case .element: "[]"
        case .member(let tag): "<\(tag)>"
        }
      return Place(part: part, steps: steps + [step], label: label + suffix)
    }

    var text: String { label.isEmpty ? "\(part)" : "\(part) \(label)" }
  }

  private mutating func record(
    _ rule: DiffRule.ID,
    at location: SourceLocation,
    _ place: Place?,
    _ message: String,
    oldWriters: DiffVerdict,
    newWriters: DiffVerdict,
    source: Bool,
    notes: [DiffDirection: String] = [:],
    probe: Bool = true,
    sseKey: String? = nil
  ) {
    findings.append(
      DiffFinding(
        rule: rule,
        location: location,
        stream: stream,
        place: place?.text ?? "stream",
        message: message,
        verdicts: [.oldWriters: oldWriters, .newWriters: newWriters],
        notes: notes,
        breaksSource: source
      )
    )
    probes.append(
      probe
        ? DiffProbe(stream: stream, part: place?.part, steps: place?.steps ?? [], sseKey: sseKey)
        : nil
    )
  }

  private static func breaks(_ condition: Bool) -> DiffVerdict {
    condition ? .breaks : .compatible
  }

  // MARK: Streams

  mutating func compareStreams(named name: String?) {
    let oldStreams = old.streams.filter { name == nil || $0.name == name }
    let newStreams = new.streams.filter { name == nil || $0.name == name }
    for removed in oldStreams where !newStreams.contains(where: { $0.name == removed.name }) {
      stream = removed.name
      record(
        .streamRemoved,
        at: removed.location,
        nil,
        "stream '\(removed.name)' is removed",
        oldWriters: .compatible,
        newWriters: .compatible,
        source: true,
        probe: false
      )
    }
    for added in newStreams {
      stream = added.name
      guard let before = oldStreams.first(where: { $0.name == added.name }) else {
        record(
          .streamAdded,
          at: added.location,
          nil,
          "stream '\(added.name)' is added",
          oldWriters: .compatible,
          newWriters: .compatible,
          source: false,
          probe: false
        )
        continue
      }
      for (part, oldModel, newModel) in [
        (FrameKind.header, before.header, added.header),
        (.item, before.item, added.item),
        (.footer, before.footer, added.footer),
      ] {
        let place = Place(part: part, steps: [], label: "$")
        switch (oldModel, newModel) {
        case (nil, nil): break
        case (nil, let model?):
          record(
            .partAdded,
            at: newDefinitions[model]?.location ?? added.location,
            Place(part: part, steps: [], label: ""),
            "stream '\(added.name)' now declares a \(part) (\(model))",
            oldWriters: .breaks,
            newWriters: .breaks,
            source: true
          )
        case (let model?, nil):
          record(
            .partRemoved,
            at: added.location,
            Place(part: part, steps: [], label: ""),
            "stream '\(added.name)' no longer declares a \(part) (\(model))",
            oldWriters: .breaks,
            newWriters: .breaks,
            source: true
          )
        case (let oldName?, let newName?):
          compare(
            .named(oldName),
            .named(newName),
            place,
            location: newDefinitions[newName]?.location ?? added.location
          )
        }
      }
      compareErrorParts(before, added)
      compareSSE(before, added)
    }
  }

  /// The stream's `error` part: an old reader refuses the error frame a new writer may send,
  /// and the other way round.
  private mutating func compareErrorParts(_ before: StreamDefinition, _ added: StreamDefinition) {
    let place = Place(part: .error, steps: [], label: "")
    switch (before.error, added.error) {
    case (nil, nil): break
    case (nil, let model?):
      record(
        .errorPartAdded,
        at: newDefinitions[model]?.location ?? added.location,
        place,
        "stream '\(added.name)' now declares an error part (\(model))",
        oldWriters: .compatible,
        newWriters: .breaks,
        source: true
      )
    case (let model?, nil):
      record(
        .errorPartRemoved,
        at: added.location,
        place,
        "stream '\(added.name)' no longer declares an error part (\(model))",
        oldWriters: .breaks,
        newWriters: .compatible,
        source: true
      )
    case (let oldName?, let newName?):
      compare(
        .named(oldName),
        .named(newName),
        Place(part: .error, steps: [], label: "$"),
        location: newDefinitions[newName]?.location ?? added.location
      )
    }
  }

  /// The stream's `sse` conventions: a changed event name or end event breaks server-sent
  /// events in both directions; the framed format ignores them.
  private mutating func compareSSE(_ before: StreamDefinition, _ added: StreamDefinition) {
    func describe(_ item: SSEConventions.ItemEvent) -> String {
      switch item {
      case .named(let name): "'\(name)'"
      case .discriminator: "discriminator"
      }
    }
    let changes: [(String, String, String)] = [
      ("header_event", "'\(before.sse.headerEvent)'", "'\(added.sse.headerEvent)'"),
      ("item_event", describe(before.sse.itemEvent), describe(added.sse.itemEvent)),
      ("footer_event", "'\(before.sse.footerEvent)'", "'\(added.sse.footerEvent)'"),
      ("error_event", "'\(before.sse.errorEvent)'", "'\(added.sse.errorEvent)'"),
      (
        "done_data", before.sse.doneData.map { "'\($0)'" } ?? "none",
        added.sse.doneData.map { "'\($0)'" } ?? "none"
      ),
    ]
    for (key, old, new) in changes where old != new {
      let note = "server-sent events only: their \(key) differs; framed streams are unaffected"
      record(
        .sseChanged,
        at: added.location,
        nil,
        "stream '\(added.name)': sse \(key) \(old) becomes \(new)",
        oldWriters: .mayBreak,
        newWriters: .mayBreak,
        source: false,
        notes: [.oldWriters: note, .newWriters: note],
        sseKey: key
      )
    }
  }

  // MARK: Types

  /// Whether every value of `writer` is a value of `reader`, looking no deeper than the
  /// outer type (models are compared field by field where they are met); `writers` holds
  /// the writer's definitions.
  private func accepts(
    reader: TypeRef,
    writer: TypeRef,
    writers: [String: TypeDefinition]
  ) -> Bool {
    switch (reader, writer) {
    case (.scalar(.json), _): return true
    case (.optional(let reader), .optional(let writer)), (.optional(let reader), let writer):
      return accepts(reader: reader, writer: writer, writers: writers)
    case (_, .optional): return false
    case (.scalar(let reader), .scalar(let writer)):
      return reader == writer || (reader == .float && writer == .int)
        || (reader == .string && [.datetime, .bytes].contains(writer))
    case (.scalar(.string), .named(let name)):
      if case .enumeration = writers[name] { return true }
      return false
    case (.list(let reader), .list(let writer)), (.map(let reader), .map(let writer)):
      return accepts(reader: reader, writer: writer, writers: writers)
    case (.ndarray(let reader), .ndarray(let writer)):
      return reader == writer
    default:
      return false
    }
  }

  private mutating func compare(
    _ oldType: TypeRef,
    _ newType: TypeRef,
    _ place: Place,
    location: SourceLocation
  ) {
    if oldType == newType, case .scalar = oldType { return }
    if oldType == newType, case .ndarray = oldType { return }
    switch (oldType, newType) {
    case (.optional(let oldWrapped), .optional(let newWrapped)):
      compare(oldWrapped, newWrapped, place, location: location)
      return
    case (.optional(let oldWrapped), _) where !newType.isOptional:
      record(
        .nullForbidden,
        at: location,
        place,
        "\(oldType) becomes \(newType): null is no longer accepted",
        oldWriters: .breaks,
        newWriters: .compatible,
        source: true
      )
      compare(oldWrapped, newType, place, location: location)
      return
    case (_, .optional(let newWrapped)):
      record(
        .nullAllowed,
        at: location,
        place,
        "\(oldType) becomes \(newType): null is now written",
        oldWriters: .compatible,
        newWriters: .breaks,
        source: true
      )
      compare(oldType, newWrapped, place, location: location)
      return
    case (.list(let oldElement), .list(let newElement)),
      (.map(let oldElement), .map(let newElement)):
      compare(oldElement, newElement, place.appending(.element), location: location)
      return
    case (.named(let oldName), .named(let newName)):
      compareNamed(oldName, newName, place, location: location)
      return
    default:
      break
    }
    let backward = accepts(reader: newType, writer: oldType, writers: oldDefinitions)
    let forward = accepts(reader: oldType, writer: newType, writers: newDefinitions)
    let rule: DiffRule.ID =
      backward ? .typeWidened : forward ? .typeNarrowed : .typeChanged
    record(
      rule,
      at: location,
      place,
      "type \(oldType) becomes \(newType)",
      oldWriters: Self.breaks(!backward),
      newWriters: Self.breaks(!forward),
      source: true
    )
  }

  private mutating func compareNamed(
    _ oldName: String,
    _ newName: String,
    _ place: Place,
    location: SourceLocation
  ) {
    guard let oldDefinition = oldDefinitions[oldName],
      let newDefinition = newDefinitions[newName]
    else { return }
    let key = "\(oldName)\u{0}\(newName)"
    guard visited.insert(key).inserted else { return }
    if oldName != newName {
      record(
        .typeRenamed,
        at: newDefinition.location,
        place,
        "type \(oldName) is now \(newName) (matched by its place)",
        oldWriters: .compatible,
        newWriters: .compatible,
        source: true,
        probe: false
      )
    }
    switch (oldDefinition, newDefinition) {
    case (.model(let oldModel), .model(let newModel)):
      compareModels(oldModel, newModel, place)
    case (.enumeration(let oldEnum), .enumeration(let newEnum)):
      compareEnums(oldEnum, newEnum, place)
    case (.union(let oldUnion), .union(let newUnion)):
      compareUnions(oldUnion, newUnion, place)
    default:
      record(
        .typeChanged,
        at: newDefinition.location,
        place,
        "\(oldName) (\(Self.kind(oldDefinition))) becomes \(newName) (\(Self.kind(newDefinition)))",
        oldWriters: .breaks,
        newWriters: .breaks,
        source: true
      )
    }
  }

  private static func kind(_ definition: TypeDefinition) -> String {
    switch definition {
    case .model: "a model"
    case .enumeration: "an enum"
    case .union: "a union"
    }
  }

  // MARK: Enums and unions

  private mutating func compareEnums(
    _ oldEnum: EnumDefinition,
    _ newEnum: EnumDefinition,
    _ place: Place
  ) {
    let oldValues = oldEnum.cases.map(\.value)
    let newValues = newEnum.cases.map(\.value)
    for value in newValues where !oldValues.contains(value) {
      record(
        .enumValueAdded,
        at: newEnum.location,
        place,
        "enum \(newEnum.name) gains the value \"\(value)\"",
        oldWriters: .compatible,
        newWriters: .breaks,
        source: true
      )
    }
    for value in oldValues where !newValues.contains(value) {
      record(
        .enumValueRemoved,
        at: newEnum.location,
        place,
        "enum \(newEnum.name) loses the value \"\(value)\"",
        oldWriters: .breaks,
        newWriters: .compatible,
        source: true
      )
    }
  }

  private mutating func compareUnions(
    _ oldUnion: UnionDefinition,
    _ newUnion: UnionDefinition,
    _ place: Place
  ) {
    if oldUnion.discriminator != newUnion.discriminator {
      record(
        .unionDiscriminatorChanged,
        at: newUnion.location,
        place,
        "union \(newUnion.name)'s discriminator '\(oldUnion.discriminator)' becomes "
          + "'\(newUnion.discriminator)'",
        oldWriters: .breaks,
        newWriters: .breaks,
        source: false
      )
      return
    }
    if oldUnion.unknown != newUnion.unknown {
      let kept = newUnion.unknown == .keep
      record(
        kept ? .unionUnknownKept : .unionUnknownRejected,
        at: newUnion.location,
        place,
        "union \(newUnion.name): unknown members are now \(kept ? "kept" : "an error")",
        oldWriters: Self.breaks(!kept),
        newWriters: Self.breaks(kept),
        source: true
      )
    }
    for member in newUnion.members where oldUnion.member(tagged: member.tag) == nil {
      record(
        .unionMemberAdded,
        at: newUnion.location,
        place,
        "union \(newUnion.name) gains the member \(member.model) (\"\(member.tag)\")",
        oldWriters: oldUnion.unknown == .keep ? .mayBreak : .compatible,
        newWriters: Self.breaks(oldUnion.unknown != .keep),
        source: true,
        notes: oldUnion.unknown == .keep
          ? [.oldWriters: "an old writer may have kept an unknown value with this tag"] : [:]
      )
    }
    for member in oldUnion.members where newUnion.member(tagged: member.tag) == nil {
      record(
        .unionMemberRemoved,
        at: newUnion.location,
        place,
        "union \(newUnion.name) loses the member \(member.model) (\"\(member.tag)\")",
        oldWriters: Self.breaks(newUnion.unknown != .keep),
        newWriters: .compatible,
        source: true
      )
    }
    for member in newUnion.members {
      guard let before = oldUnion.member(tagged: member.tag) else { continue }
      compareNamed(
        before.model,
        member.model,
        place.appending(.member(member.tag)),
        location: newUnion.location
      )
    }
  }

  // MARK: Models

  private mutating func compareModels(
    _ oldModel: ModelDefinition,
    _ newModel: ModelDefinition,
    _ place: Place
  ) {
    if oldModel.additionalFields != newModel.additionalFields {
      let forbids = newModel.additionalFields == .forbid
      record(
        forbids ? .additionalFieldsForbidden : .additionalFieldsIgnored,
        at: newModel.location,
        place,
        "model \(newModel.name) now \(forbids ? "forbids" : "ignores") additional fields",
        oldWriters: forbids ? .mayBreak : .compatible,
        newWriters: .compatible,
        source: false,
        notes: forbids
          ? [.oldWriters: "a producer that sends keys \(oldModel.name) does not declare now fails"]
          : [:],
        probe: false
      )
    }
    let oldForbids = oldModel.additionalFields == .forbid
    let newForbids = newModel.additionalFields == .forbid
    for field in newModel.fields
    where !oldModel.fields.contains(where: { $0.wireName == field.wireName }) {
      let required = field.isRequired || field.constValue != nil
      record(
        required ? .fieldAddedRequired : .fieldAddedOptional,
        at: field.location,
        place.appending(.field(field.wireName)),
        "\(newModel.name) gains the \(required ? "required" : "optional") field '\(field.wireName)'"
          + (oldForbids ? "; \(oldModel.name) forbids additional fields" : ""),
        oldWriters: Self.breaks(required),
        newWriters: Self.breaks(oldForbids),
        source: required
      )
    }
    for field in oldModel.fields
    where !newModel.fields.contains(where: { $0.wireName == field.wireName }) {
      let required = field.isRequired || field.constValue != nil
      record(
        .fieldRemoved,
        at: field.location,
        place.appending(.field(field.wireName)),
        "\(oldModel.name) loses the field '\(field.wireName)'"
          + (newForbids ? "; \(newModel.name) forbids additional fields" : ""),
        oldWriters: Self.breaks(newForbids),
        newWriters: Self.breaks(required),
        source: true
      )
    }
    for field in newModel.fields {
      guard let before = oldModel.fields.first(where: { $0.wireName == field.wireName }) else {
        continue
      }
      compareFields(before, field, model: newModel.name, place.appending(.field(field.wireName)))
    }
  }

  private mutating func compareFields(
    _ before: FieldDefinition,
    _ after: FieldDefinition,
    model: String,
    _ place: Place
  ) {
    let name = "\(model).\(after.wireName)"
    let location = after.location
    if before.swiftName != after.swiftName {
      record(
        .swiftNameChanged,
        at: location,
        place,
        "\(name)'s Swift name \(before.swiftName) becomes \(after.swiftName)",
        oldWriters: .compatible,
        newWriters: .compatible,
        source: true,
        probe: false
      )
    }
    // Constants.
    switch (before.constValue, after.constValue) {
    case (nil, let constant?):
      record(
        .constAdded,
        at: location,
        place,
        "\(name) becomes the constant \(constant)",
        oldWriters: .breaks,
        newWriters: .compatible,
        source: true
      )
    case (let constant?, nil):
      record(
        .constRemoved,
        at: location,
        place,
        "\(name) is no longer the constant \(constant)",
        oldWriters: .compatible,
        newWriters: .breaks,
        source: true
      )
    case (let oldConstant?, let newConstant?) where oldConstant != newConstant:
      record(
        .constChanged,
        at: location,
        place,
        "\(name)'s constant \(oldConstant) becomes \(newConstant)",
        oldWriters: .breaks,
        newWriters: .breaks,
        source: false
      )
      return
    case (_?, _?):
      return
    default:
      break
    }
    // Presence and null.
    let oldAbsent = !before.isRequired && before.constValue == nil
    let newAbsent = !after.isRequired && after.constValue == nil
    let oldNull = before.type.isOptional
    let newNull = after.type.isOptional
    if oldNull != newNull {
      let nowOptional = newNull
      record(
        nowOptional ? .fieldMadeOptional : .fieldMadeRequired,
        at: location,
        place,
        "\(name) becomes \(nowOptional ? "optional" : "required") (\(before.type) -> \(after.type))",
        oldWriters: Self.breaks(!nowOptional),
        newWriters: Self.breaks(nowOptional),
        source: true
      )
    } else if oldAbsent != newAbsent {
      let added = newAbsent
      record(
        added ? .defaultAdded : .defaultRemoved,
        at: location,
        place,
        added
          ? "\(name) gets a default and may be absent"
          : "\(name) loses its default and must be present",
        oldWriters: Self.breaks(!added),
        newWriters: Self.breaks(added),
        source: !added
      )
    } else if let oldDefault = before.defaultValue, let newDefault = after.defaultValue,
      DefaultText.of(oldDefault) != DefaultText.of(newDefault)
    {
      let note =
        "an absent key means \(DefaultText.of(newDefault)) now, \(DefaultText.of(oldDefault)) before"
      record(
        .defaultChanged,
        at: location,
        place,
        "\(name)'s default \(DefaultText.of(oldDefault)) becomes \(DefaultText.of(newDefault))",
        oldWriters: .mayBreak,
        newWriters: .mayBreak,
        source: false,
        notes: [.oldWriters: note, .newWriters: note]
      )
    }
    if after.constValue != nil { return }
    compare(before.type.unwrapped, after.type.unwrapped, place, location: location)
    compareConstraints(before.constraints, after.constraints, name: name, place, location: location)
  }

  // MARK: Constraints

  private mutating func compareConstraints(
    _ before: FieldConstraints,
    _ after: FieldConstraints,
    name: String,
    _ place: Place,
    location: SourceLocation
  ) {
    // The changes: a keyword whose bound changed, and a keyword replaced by another of the
    // same measure and side (`maximum` by `exclusive_maximum`), each one change.
    var changes: [(old: FieldConstraints.Entry?, new: FieldConstraints.Entry?)] = []
    var removed: [FieldConstraints.Entry] = []
    var added: [FieldConstraints.Entry] = []
    for kind in ConstraintKind.allCases where before[kind] != after[kind] {
      switch (before[kind], after[kind]) {
      case (let oldBound?, let newBound?):
        changes.append((.init(kind: kind, bound: oldBound), .init(kind: kind, bound: newBound)))
      case (let oldBound?, nil): removed.append(.init(kind: kind, bound: oldBound))
      case (nil, let newBound?): added.append(.init(kind: kind, bound: newBound))
      default: break
      }
    }
    for entry in removed {
      let partner = added.firstIndex { other in
        other.kind.measure == entry.kind.measure && other.kind.comparison != nil
          && other.kind.comparison?.isLower == entry.kind.comparison?.isLower
      }
      if let partner {
        changes.append((entry, added.remove(at: partner)))
      } else {
        changes.append((entry, nil))
      }
    }
    changes += added.map { (nil, $0) }
    for change in changes {
      // A direction breaks when the reader's constraint is not implied by the writer's.
      let backward = change.new.map { ConstraintImplication.implied($0.kind, $0.bound, by: before) }
      let forward = change.old.map { ConstraintImplication.implied($0.kind, $0.bound, by: after) }
      func verdict(_ implied: ConstraintImplication.Answer?) -> DiffVerdict {
        switch implied {
        case nil, .yes?: .compatible
        case .no?: .breaks
        case .unknown?: .mayBreak
        }
      }
      let rule: DiffRule.ID
      let message: String
      switch (change.old, change.new) {
      case (nil, let entry?):
        rule = .constraintAdded
        message = "\(name) gains \(entry.kind.keyword): \(entry.bound)"
      case (let entry?, nil):
        rule = .constraintRemoved
        message = "\(name) loses \(entry.kind.keyword): \(entry.bound)"
      case (let oldEntry?, let newEntry?):
        if oldEntry.kind == .pattern {
          rule = .patternChanged
        } else {
          rule = backward == .yes ? .constraintLoosened : .constraintTightened
        }
        message =
          oldEntry.kind == newEntry.kind
          ? "\(name)'s \(oldEntry.kind.keyword) \(oldEntry.bound) becomes \(newEntry.bound)"
          : "\(name)'s \(oldEntry.kind.keyword): \(oldEntry.bound) becomes "
            + "\(newEntry.kind.keyword): \(newEntry.bound)"
      default:
        continue
      }
      var notes: [DiffDirection: String] = [:]
      if backward == .unknown {
        notes[.oldWriters] = "whether one pattern implies another is not decided"
      }
      if forward == .unknown {
        notes[.newWriters] = "whether one pattern implies another is not decided"
      }
      record(
        rule,
        at: location,
        place,
        message,
        oldWriters: verdict(backward),
        newWriters: verdict(forward),
        source: false,
        notes: notes
      )
    }
  }
}

/// Whether a writer's constraints imply a reader's constraint, by the comparison the
/// runtime's table (`ConstraintKind.measure` and `.comparison`) gives each keyword.
enum ConstraintImplication {
  enum Answer { case yes, no, unknown }

  static func implied(
    _ kind: ConstraintKind,
    _ bound: ConstraintBound,
    by writer: FieldConstraints
  ) -> Answer {
    switch kind.measure {
    case .pattern:
      return writer[kind] == bound ? .yes : .unknown
    case .shape:
      guard case .shape(let required) = bound else { return .unknown }
      guard case .shape(let given)? = writer[.shape] else { return .no }
      guard given.count == required.count else { return .no }
      return zip(given, required).allSatisfy { given, required in
        required == nil || given == required
      } ? .yes : .no
    case .number, .length, .items:
      guard let comparison = kind.comparison else { return .unknown }
      for entry in writer.entries where entry.kind.measure == kind.measure {
        guard let other = entry.kind.comparison, other.isLower == comparison.isLower else {
          continue
        }
        let strict = comparison == .above || comparison == .below
        let otherStrict = other == .above || other == .below
        let reader = bound.doubleValue
        let given = entry.bound.doubleValue
        // The writer's bound is at least as tight as the reader's.
        let tighter = comparison.isLower ? given > reader : given < reader
        if tighter || (given == reader && (otherStrict || !strict)) { return .yes }
      }
      return .no
    }
  }
}

/// A default as text, to compare and show.
enum DefaultText {
  static func of(_ value: DefaultValue) -> String {
    switch value {
    case .null: "null"
    case .bool(let bool): "\(bool)"
    case .int(let int): "\(int)"
    case .double(let double): "\(double)"
    case .string(let text), .datetime(let text): JSONText.quoted(text)
    case .enumCase(let name): ".\(name)"
    case .list(let values): "[" + values.map(of).joined(separator: ", ") + "]"
    case .map(let entries):
      "{" + entries.map { "\(JSONText.quoted($0.key)): \(of($0.value))" }.joined(separator: ", ")
        + "}"
    case .model(let name, let fields):
      "\(name){" + fields.map { "\($0.key): \(of($0.value))" }.joined(separator: ", ") + "}"
    case .json(let json): String(decoding: JSONWriter.encode(json), as: UTF8.self)
    case .unionMember(let name, let value): ".\(name)(\(of(value)))"
    }
  }
}
