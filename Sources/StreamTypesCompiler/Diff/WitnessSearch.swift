import Foundation
@_spi(Generated) import StreamTypes

/// A JSON value with its object members in order, as a witness shows it.
public indirect enum DiffValue: Sendable, JSONWritable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([DiffValue])
  case object([(String, DiffValue)])

  public func writeJSON(to writer: inout JSONWriter) {
    switch self {
    case .null: Optional<Int>.none.writeJSON(to: &writer)
    case .bool(let value): value.writeJSON(to: &writer)
    case .int(let value): value.writeJSON(to: &writer)
    case .double(let value): value.writeJSON(to: &writer)
    case .string(let value): value.writeJSON(to: &writer)
    case .array(let values): values.writeJSON(to: &writer)
    case .object(let members):
      writer.beginObject()
      for (key, value) in members { writer.field(key, value) }
      writer.endObject()
    }
  }

  /// The value as the constraints see it, if they apply to it.
  var constraintSubject: ConstraintSubject? {
    switch self {
    case .int(let value): .int(value)
    case .double(let value): .double(value)
    case .string(let value): .string(value)
    case .array(let values): .items(values.count)
    case .object(let members):
      if let shape = members.first(where: { $0.0 == "shape" })?.1,
        case .array(let dimensions) = shape,
        members.contains(where: { $0.0 == "data_b64" })
      {
        .shape(dimensions.compactMap { if case .int(let n) = $0 { n } else { nil } })
      } else {
        .items(members.count)
      }
    default: nil
    }
  }

  /// Whether the value meets every constraint (by the runtime's conditions).
  func meets(_ constraints: FieldConstraints) -> Bool {
    guard let subject = constraintSubject else { return true }
    return constraints.entries.allSatisfy { Constraint.holds($0.kind, subject, $0.bound) }
  }
}

/// Values of a module's types: the smallest valid one, and the interesting ones near the
/// bounds of two versions, from which witnesses are drawn.
public struct DiffValueGenerator: Sendable {
  public let module: SchemaModule
  let definitions: [String: TypeDefinition]

  public init(module: SchemaModule) {
    self.module = module
    var definitions: [String: TypeDefinition] = [:]
    for file in module.files {
      for type in file.types { definitions[type.name] = type }
    }
    self.definitions = definitions
  }

  /// The smallest value of `type` that meets `constraints`, as far as one is found.
  public func minimal(
    _ type: TypeRef,
    _ constraints: FieldConstraints = FieldConstraints(),
    depth: Int = 0
  ) -> DiffValue {
    if depth > 12 { return .null }
    let candidates = samples(type, constraints, FieldConstraints(), depth: depth + 1, deep: false)
    return candidates.first { $0.meets(constraints) } ?? candidates.first ?? .null
  }

  /// A model's (or union's) smallest object.
  func minimalObject(_ name: String, depth: Int) -> DiffValue {
    switch definitions[name] {
    case .model(let model)?:
      var members: [(String, DiffValue)] = []
      for field in model.fields {
        if let constant = field.constValue {
          members.append((field.wireName, Self.value(constant)))
        } else if field.isRequired {
          members.append((field.wireName, minimal(field.type, field.constraints, depth: depth + 1)))
        }
      }
      return .object(members)
    case .union(let union)?:
      return union.members.first.map { minimalObject($0.model, depth: depth + 1) } ?? .object([])
    case .enumeration(let enumeration)?:
      return .string(enumeration.cases.first?.value ?? "")
    case nil:
      return .null
    }
  }

  static func value(_ constant: ConstValue) -> DiffValue {
    switch constant {
    case .string(let text): .string(text)
    case .int(let value): .int(value)
    case .bool(let value): .bool(value)
    }
  }

  /// Values of `type`: the smallest first, then values at and beside the bounds of both
  /// constraint sets. With `deep`, every enum value and union member too.
  func samples(
    _ type: TypeRef,
    _ constraints: FieldConstraints,
    _ other: FieldConstraints,
    depth: Int = 0,
    deep: Bool = true
  ) -> [DiffValue] {
    let bounds = (constraints.entries + other.entries)
    func numbers(_ measure: ConstraintKind.Measure) -> [Double] {
      bounds.filter { $0.kind.measure == measure }.map(\.bound.doubleValue).filter(\.isFinite)
    }
    func counts(_ measure: ConstraintKind.Measure) -> [Int] {
      var result: [Int] = []
      for bound in numbers(measure) where bound < 200 {
        let count = Int(bound)
        result += [count, count - 1, count + 1].filter { $0 >= 0 }
      }
      return result
    }
    switch type {
    case .optional(let wrapped):
      return [.null] + samples(wrapped, constraints, other, depth: depth, deep: deep)
    case .scalar(.int):
      var values: [Int] = [0, 1, -1]
      for bound in numbers(.number) where abs(bound) < 1e18 {
        let base = Int(bound.rounded(.down))
        values += [base, base + 1, base - 1, Int(bound.rounded(.up)) + 1]
      }
      return values.map { .int($0) } + [.int(Int.max), .int(Int.min)]
    case .scalar(.float):
      var values: [Double] = [0, 0.5, -0.5]
      for bound in numbers(.number) {
        values += [bound, bound + 0.5, bound - 0.5, bound + 1, bound - 1]
      }
      return values.map { $0 == $0.rounded() && abs($0) < 1e15 ? .int(Int($0)) : .double($0) }
        + values.map { .double($0) } + [.double(1e300), .double(-1e300)]
    case .scalar(.string):
      var values = ["", "a", "0", "A"]
      values += counts(.length).map { String(repeating: "a", count: $0) }
      for entry in bounds where entry.kind == .pattern {
        if case .pattern(let pattern) = entry.bound { values += Self.patternSamples(pattern) }
      }
      values += ["!", "2026-01-01T00:00:00Z", "AA==", "a b", "é"]
      return values.map { .string($0) }
    case .scalar(.bool):
      return [.bool(false), .bool(true)]
    case .scalar(.datetime):
      return [.string("2026-01-01T00:00:00Z")]
    case .scalar(.bytes):
      return [.string(""), .string("AA==")]
    case .scalar(.json):
      return [.null, .int(0), .string(""), .array([]), .object([]), .bool(true), .double(0.5)]
    case .ndarray(let dtype):
      var shapes: [[Int]] = [[0], [], [1], [1, 1]]
      for entry in bounds {
        if case .shape(let dimensions) = entry.bound {
          shapes.insert(dimensions.map { $0 ?? 0 }, at: 0)
          shapes.append(dimensions.map { $0 ?? 1 })
          shapes.append(dimensions.map { ($0 ?? 0) + 1 })
        }
      }
      return shapes.map { Self.array(dtype, shape: $0) }
    case .list(let element):
      let one = minimal(element, depth: depth + 1)
      var lists: [[DiffValue]] = [[], [one]]
      lists += counts(.items).map { Array(repeating: one, count: $0) }
      if deep && depth < 3 {
        lists += samples(element, FieldConstraints(), FieldConstraints(), depth: depth + 1).map {
          [$0]
        }
      }
      return lists.map { .array($0) }
    case .map(let value):
      let one = minimal(value, depth: depth + 1)
      var maps: [[(String, DiffValue)]] = [[], [("k", one)]]
      maps += counts(.items).map { count in (0..<count).map { ("k\($0)", one) } }
      if deep && depth < 3 {
        maps += samples(value, FieldConstraints(), FieldConstraints(), depth: depth + 1).map {
          [("k", $0)]
        }
      }
      return maps.map { .object($0) }
    case .named(let name):
      switch definitions[name] {
      case .enumeration(let enumeration)?:
        return enumeration.cases.map { .string($0.value) }
      case .union(let union)?:
        var values = [minimalObject(name, depth: depth)]
        if deep {
          values = union.members.map { minimalObject($0.model, depth: depth + 1) }
          if union.unknown == .keep {
            values.append(.object([(union.discriminator, .string("unknown_member_tag"))]))
          }
        }
        return values
      default:
        return [minimalObject(name, depth: depth)]
      }
    }
  }

  /// An ndarray of zeros of `shape`.
  static func array(_ dtype: NDArrayDType, shape: [Int]) -> DiffValue {
    // A huge shape gives too little data, so a value the validator rejects, never a trap.
    let count = shape.reduce(1) { product, dimension in
      let (result, overflow) = product.multipliedReportingOverflow(by: dimension)
      return overflow ? Int.max : result
    }
    let data = Data(repeating: 0, count: min(count, 1 << 16) * dtype.elementSize)
    return .object([
      ("data_b64", .string(data.base64EncodedString())),
      ("shape", .array(shape.map { .int($0) })),
      ("dtype", .string(dtype.rawValue)),
    ])
  }

  /// Strings that may match `pattern` (tried, never assumed): its literal characters,
  /// with common classes filled in.
  static func patternSamples(_ pattern: String) -> [String] {
    var literal = ""
    var escaped = false
    for character in pattern {
      if escaped {
        switch character {
        case "d": literal.append("0")
        case "w": literal.append("a")
        case "s": literal.append(" ")
        default: literal.append(character)
        }
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if !"^$()[]{}*+?|.".contains(character) {
        literal.append(character)
      } else if character == "." || character == "+" {
        literal.append("a")
      }
    }
    return [literal, literal + "0", "0" + literal, "abc", "123", "a0", "A0", "x@y.z"]
  }

  // MARK: Places

  /// The values to try at `steps` inside a value of `type`: the value whole, with the
  /// place replaced by each sample (nil for a field left out).
  func values(
    _ type: TypeRef,
    _ constraints: FieldConstraints,
    _ steps: ArraySlice<DiffStep>,
    readerConstraints: FieldConstraints
  ) -> [DiffValue] {
    guard let step = steps.first else {
      return samples(type, constraints, readerConstraints)
    }
    let rest = steps.dropFirst()
    switch (type, step) {
    case (.optional(let wrapped), _):
      return values(wrapped, constraints, steps, readerConstraints: readerConstraints)
    case (.list(let element), .element):
      let padding = max(0, Int(constraints[.minItems]?.doubleValue ?? 0) - 1)
      let filler = Array(repeating: minimal(element), count: min(padding, 200))
      return values(element, FieldConstraints(), rest, readerConstraints: readerConstraints)
        .map { .array([$0] + filler) }
    case (.map(let value), .element):
      let padding = max(0, Int(constraints[.minItems]?.doubleValue ?? 0) - 1)
      let filler = (0..<min(padding, 200)).map { ("k\($0 + 1)", minimal(value)) }
      return values(value, FieldConstraints(), rest, readerConstraints: readerConstraints)
        .map { .object([("k", $0)] + filler) }
    case (.named(let name), .member(let tag)):
      guard case .union(let union)? = definitions[name], let member = union.member(tagged: tag)
      else {
        return []
      }
      return values(
        .named(member.model),
        FieldConstraints(),
        rest,
        readerConstraints: readerConstraints
      )
    case (.named(let name), .field(let key)):
      guard case .model(let model)? = definitions[name],
        case .object(let base) = minimalObject(name, depth: 0)
      else { return [] }
      guard let field = model.fields.first(where: { $0.wireName == key }) else {
        // The writer does not declare the field: it never writes it.
        return rest.isEmpty ? [.object(base)] : []
      }
      var fieldValues: [DiffValue?] = []
      if rest.isEmpty {
        fieldValues = [nil]
        if let constant = field.constValue { fieldValues.append(Self.value(constant)) }
        fieldValues += samples(field.type, field.constraints, readerConstraints)
      } else {
        fieldValues = values(
          field.type,
          field.constraints,
          rest,
          readerConstraints: readerConstraints
        )
      }
      return fieldValues.map { value in
        var members = base.filter { $0.0 != key }
        if let value {
          let index = model.fields.firstIndex { $0.wireName == key } ?? 0
          let position =
            members.firstIndex { member in
              (model.fields.firstIndex { $0.wireName == member.0 } ?? 0) > index
            } ?? members.count
          members.insert((key, value), at: position)
        }
        return .object(members)
      }
    default:
      return []
    }
  }

  /// The constraints of the field at the end of `steps`, if the place is a field.
  func constraints(at steps: ArraySlice<DiffStep>, in type: TypeRef) -> FieldConstraints {
    guard let step = steps.first else { return FieldConstraints() }
    let rest = steps.dropFirst()
    switch (type.unwrapped, step) {
    case (.list(let element), .element), (.map(let element), .element):
      return constraints(at: rest, in: element)
    case (.named(let name), .member(let tag)):
      guard case .union(let union)? = definitions[name], let member = union.member(tagged: tag)
      else {
        return FieldConstraints()
      }
      return constraints(at: rest, in: .named(member.model))
    case (.named(let name), .field(let key)):
      guard case .model(let model)? = definitions[name],
        let field = model.fields.first(where: { $0.wireName == key })
      else { return FieldConstraints() }
      return rest.isEmpty ? field.constraints : constraints(at: rest, in: field.type)
    default:
      return FieldConstraints()
    }
  }
}

/// Looks for the witness of a finding: streams the writer's schema accepts, built from
/// its smallest values with the changed place replaced, run through the schema-driven
/// validator of both versions until the reader's rejects one.
struct WitnessSearch {
  let old: SchemaModule
  let new: SchemaModule
  static let maxCandidates = 200

  func witness(for probe: DiffProbe?, direction: DiffDirection) -> DiffWitness? {
    if let probe, let key = probe.sseKey {
      return sseWitness(stream: probe.stream, key: key, direction)
    }
    guard let probe, let part = probe.part else { return nil }
    let (writer, reader) = direction == .oldWriters ? (old, new) : (new, old)
    guard let writerStream = writer.streams.first(where: { $0.name == probe.stream }),
      let readerStream = reader.streams.first(where: { $0.name == probe.stream })
    else { return nil }
    let generator = DiffValueGenerator(module: writer)
    let readerGenerator = DiffValueGenerator(module: reader)
    func model(_ kind: FrameKind, _ stream: StreamDefinition) -> String? {
      switch kind {
      case .header: stream.header
      case .footer: stream.footer
      case .error: stream.error
      default: stream.item
      }
    }
    let header = writerStream.header.map { generator.minimal(.named($0)) }
    let footer = writerStream.footer.map { generator.minimal(.named($0)) }
    var streams: [[(FrameKind, DiffValue)]] = []
    func stream(_ kind: FrameKind?, _ value: DiffValue?) -> [(FrameKind, DiffValue)] {
      var frames: [(FrameKind, DiffValue)] = []
      if let header { frames.append((.header, kind == .header ? value ?? header : header)) }
      if kind == .item, let value { frames.append((.item, value)) }
      // An error ends the stream: no footer follows it.
      if kind == .error, let value {
        frames.append((.error, value))
        return frames
      }
      if let footer { frames.append((.footer, kind == .footer ? value ?? footer : footer)) }
      return frames
    }
    if let name = model(part, writerStream) {
      let readerConstraints =
        model(part, readerStream).map {
          readerGenerator.constraints(at: probe.steps[...], in: .named($0))
        } ?? FieldConstraints()
      let values = generator.values(
        .named(name),
        FieldConstraints(),
        probe.steps[...],
        readerConstraints: readerConstraints
      )
      streams = values.prefix(Self.maxCandidates).map { stream(part, $0) }
    } else {
      streams = [stream(nil, nil), stream(.item, generator.minimal(.named(writerStream.item)))]
    }
    // The reader's error must be at the changed place: a stream that fails elsewhere
    // (another change) proves nothing about this one. When the reader fails earlier in the
    // stream, the frame at the place is checked alone.
    let lone = StreamDefinition(
      name: readerStream.name,
      description: nil,
      header: part == .header ? readerStream.header : nil,
      item: readerStream.item,
      footer: part == .footer ? readerStream.footer : nil,
      error: part == .error ? readerStream.error : nil,
      location: readerStream.location
    )
    // The smallest stream first.
    let encoded = streams.map { frames in
      (frames, frames.flatMap { WireFormat.framed.encode($0.0, payload: JSONWriter.encode($0.1)) })
    }
    for (frames, bytes) in encoded.sorted(by: { $0.1.count < $1.1.count }) {
      guard Self.validate(bytes, writer, writerStream) == nil,
        let error = Self.validate(bytes, reader, readerStream)
      else { continue }
      var readerError = error.description
      if !Self.isAt(error, part: part, steps: probe.steps) {
        guard writerStream.header != nil || writerStream.footer != nil,
          model(part, writerStream) != nil,
          let (kind, value) = frames.first(where: { $0.0 == part }),
          let alone = Self.validate(
            WireFormat.framed.encode(kind, payload: JSONWriter.encode(value)),
            reader,
            lone
          ),
          Self.isAt(alone, part: part, steps: probe.steps)
        else { continue }
        readerError = "the \(kind) frame alone: \(alone.description)"
      }
      let lines = frames.map { kind, value in
        String(
          decoding: JSONWriter.encode(
            DiffValue.object([("kind", .string("\(kind)")), ("value", value)])
          ),
          as: UTF8.self
        )
      }
      return DiffWitness(lines: lines, frames: bytes, readerError: readerError)
    }
    return nil
  }

  /// The witness of a changed `sse` convention `key`: a server-sent event stream the writer
  /// writes with its conventions (every part it declares, an error ending it when it
  /// declares one, its done event), which the reader rejects.
  /// The writer's schema with only `key` taken from the reader's must fail too, so that the
  /// witness shows this change and not another one of the same stream.
  func sseWitness(stream name: String, key: String, _ direction: DiffDirection) -> DiffWitness? {
    let (writer, reader) = direction == .oldWriters ? (old, new) : (new, old)
    guard let writerStream = writer.streams.first(where: { $0.name == name }),
      let readerStream = reader.streams.first(where: { $0.name == name })
    else { return nil }
    guard let alone = Self.stream(writerStream, with: key, of: readerStream) else { return nil }
    let generator = DiffValueGenerator(module: writer)
    let header = writerStream.header.map { (FrameKind.header, generator.minimal(.named($0))) }
    let footer = writerStream.footer.map { (FrameKind.footer, generator.minimal(.named($0))) }
    // Every member of an item union, so that each tag's event is written.
    var items: [(FrameKind, DiffValue)] = [(.item, generator.minimal(.named(writerStream.item)))]
    if let union = writer.taggedItemUnion(of: writerStream, format: .sse) {
      items = union.members.map { (.item, generator.minimalObject($0.model, depth: 1)) }
    }
    var candidates: [[(FrameKind, DiffValue)]] = [
      [header].compactMap { $0 } + items + [footer].compactMap { $0 }
    ]
    if let error = writerStream.error {
      candidates.append(
        [header].compactMap { $0 } + [(.error, generator.minimal(.named(error)))]
      )
    }
    let union = writer.taggedItemUnion(of: writerStream, format: .sse)
    for frames in candidates {
      var bytes: [UInt8] = []
      for (kind, value) in frames {
        var tag: String?
        if kind == .item, let union, case .object(let members) = value,
          case .string(let text)? = members.first(where: { $0.0 == union.discriminator })?.1
        {
          tag = text
        }
        bytes += WireFormat.sse.encode(
          kind,
          payload: JSONWriter.encode(value),
          sse: writerStream.sse,
          tag: tag
        )
      }
      bytes += WireFormat.sse.endOfStream(sse: writerStream.sse)
      guard case .accepted = Self.read(bytes, writer, writerStream, format: .sse)
      else { continue }
      // The reader rejects it (an unknown event name is an error, never skipped), and so
      // does the writer's schema with only this convention changed.
      guard let error = Self.read(bytes, reader, readerStream, format: .sse).error,
        let errorAlone = Self.read(bytes, writer, alone, format: .sse).error
      else { continue }
      let lines = frames.map { kind, value in
        String(
          decoding: JSONWriter.encode(
            DiffValue.object([("kind", .string("\(kind)")), ("value", value)])
          ),
          as: UTF8.self
        )
      }
      // Another change may make the reader fail first: then the error shown is the one
      // this change alone gives.
      let readerError =
        error.description == errorAlone.description
        ? error.description : Self.onlyPrefix(key) + errorAlone.description
      return DiffWitness(lines: lines, frames: bytes, readerError: readerError, format: .sse)
    }
    return nil
  }

  /// `with only its item_event changed: `, before the error of the writer's schema with only
  /// that convention taken from the reader's.
  static func onlyPrefix(_ key: String) -> String { "with only its \(key) changed: " }

  /// `stream` with its `sse` convention `key` taken from `other`; nil for an unknown key.
  static func stream(
    _ stream: StreamDefinition,
    with key: String,
    of other: StreamDefinition
  ) -> StreamDefinition? {
    var result = stream
    switch key {
    case "header_event": result.sse.headerEvent = other.sse.headerEvent
    case "item_event": result.sse.itemEvent = other.sse.itemEvent
    case "footer_event": result.sse.footerEvent = other.sse.footerEvent
    case "error_event": result.sse.errorEvent = other.sse.errorEvent
    case "done_data": result.sse.doneData = other.sse.doneData
    default: return nil
    }
    return result
  }

  /// What a validator made of a stream: the kinds of the events it read, or its error.
  enum ReadOutcome {
    case accepted([FrameKind])
    case rejected(StreamError)

    var error: StreamError? {
      if case .rejected(let error) = self { error } else { nil }
    }
  }

  /// The outcome of the schema-driven validator (values not kept) on `bytes`.
  static func read(
    _ bytes: [UInt8],
    _ module: SchemaModule,
    _ stream: StreamDefinition,
    format: WireFormat
  ) -> ReadOutcome {
    var validator = StreamValidator(module: module, stream: stream, format: format)
    validator.append(bytes)
    var kinds: [FrameKind] = []
    do {
      while let event = try validator.next() { kinds.append(event.kind) }
      try validator.finish()
      return .accepted(kinds)
    } catch {
      return .rejected(error)
    }
  }

  /// Whether `error` is at the place `steps` inside a `part` frame, or inside it.
  static func isAt(_ error: StreamError, part: FrameKind, steps: [DiffStep]) -> Bool {
    if let kind = error.frameKind, kind != part { return false }
    guard let path = error.path else { return steps.isEmpty }
    var components = path.components[...]
    for step in steps {
      switch step {
      case .member:
        continue
      case .field(let name):
        guard case .key(name)? = components.first else { return false }
      case .element:
        guard !components.isEmpty else { return false }
      }
      components = components.dropFirst()
    }
    return true
  }

  /// The error the schema-driven validator gives for `bytes`, nil when it accepts them.
  static func validate(
    _ bytes: [UInt8],
    _ module: SchemaModule,
    _ stream: StreamDefinition
  ) -> StreamError? {
    var validator = StreamValidator(module: module, stream: stream, format: .framed)
    validator.append(bytes)
    do {
      while try validator.next() != nil {}
      try validator.finish()
      return nil
    } catch {
      return error
    }
  }
}
