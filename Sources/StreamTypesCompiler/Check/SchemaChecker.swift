import StreamTypes

/// Stage 2 of the pipeline: checks the parsed files of one module together. Resolves every
/// type name, checks defaults, constraints and Swift names, finds cycles and unused types,
/// and builds the ``SchemaModule`` that the emitter and the validator use.
struct SchemaChecker {
  var diagnostics = DiagnosticCollector()

  private enum Definition {
    case model(ParsedModel)
    case enumeration(ParsedEnum)
    case stream(ParsedStream)

    var location: SourceLocation {
      switch self {
      case .model(let model): model.location
      case .enumeration(let enumeration): enumeration.location
      case .stream(let stream): stream.location
      }
    }

    /// How a message names the definition: "a model", "the inline header of stream 'X'".
    var what: String {
      switch self {
      case .model(let model): model.inlineOf ?? "a model"
      case .enumeration: "an enum"
      case .stream: "a stream"
      }
    }
  }

  private var definitions: [String: Definition] = [:]
  /// `Model.field` for every field with a `default`.
  private var defaulted: Set<String> = []
  /// Names whose definitions had errors; the parser reported them already.
  private var brokenNames: Set<String> = []
  private var enums: [String: EnumDefinition] = [:]
  private var models: [String: ModelDefinition] = [:]
  /// The names an unknown type name may be a typo of, gathered at the first one.
  private var typeCandidates: NameSuggestions.Candidates?
  /// How many more "did you mean" suggestions this check computes.
  private var suggestionsLeft = NameSuggestions.perRun

  mutating func check(_ files: [ParsedFile]) -> SchemaModule {
    // Register every name first, so the order of files does not matter.
    brokenNames = Set(files.flatMap(\.brokenNames))
    for file in files {
      for stream in file.streams {
        register(stream.name, .stream(stream))
        for part in stream.parts {
          if case .inline(let model) = part.reference { register(model.name, .model(model)) }
        }
      }
      for type in file.types {
        switch type {
        case .model(let model): register(model.name, .model(model))
        case .enumeration(let enumeration): register(enumeration.name, .enumeration(enumeration))
        }
      }
    }

    // Enums first: model defaults refer to their cases.
    for file in files {
      for case .enumeration(let parsed) in file.types {
        enums[parsed.name] = checkEnum(parsed)
      }
    }
    var checkedFiles: [SchemaFile] = []
    for file in files {
      var checked = SchemaFile(
        path: file.path,
        description: file.description,
        streams: [],
        types: []
      )
      for stream in file.streams {
        if let definition = checkStream(stream) { checked.streams.append(definition) }
        for part in stream.parts {
          if case .inline(let model) = part.reference {
            checked.types.append(.model(checkModelShape(model)))
          }
        }
      }
      for type in file.types {
        switch type {
        case .model(let model): checked.types.append(.model(checkModelShape(model)))
        case .enumeration(let parsed): checked.types.append(.enumeration(enums[parsed.name]!))
        }
      }
      checkedFiles.append(checked)
    }
    for checked in checkedFiles {
      for case .model(let model) in checked.types { models[model.name] = model }
    }
    // Defaults can name other models, so they are checked once every model is known.
    for fileIndex in checkedFiles.indices {
      for typeIndex in checkedFiles[fileIndex].types.indices {
        guard case .model(var model) = checkedFiles[fileIndex].types[typeIndex] else {
          continue
        }
        let defaults = defaultNodes(of: model.name)
        model.fields = model.fields.map { checkDefault(of: $0, node: defaults[$0.wireName]) }
        checkedFiles[fileIndex].types[typeIndex] = .model(model)
      }
    }
    for checked in checkedFiles {
      for case .model(let model) in checked.types { models[model.name] = model }
    }
    checkCycles(checkedFiles)
    checkReachability(checkedFiles)
    return SchemaModule(files: checkedFiles)
  }

  // MARK: Names

  private mutating func register(_ name: String, _ definition: Definition) {
    if let first = definitions[name] {
      let both =
        first.what == definition.what
        ? "" : ": as \(first.what) and as \(definition.what)"
      diagnostics.error(
        "'\(name)' is defined twice\(both); rename one of them",
        at: definition.location
      )
      diagnostics.note("'\(name)' first defined here", at: first.location)
      return
    }
    if SwiftNames.reservedTypeNames.contains(name) {
      diagnostics.error(
        SwiftNames.reservedTypeNameMessage(name),
        at: definition.location
      )
    }
    definitions[name] = definition
  }

  /// The type with every name checked to exist; reports unknown names.
  private mutating func resolve(_ type: TypeRef, at location: SourceLocation) -> Bool {
    switch type {
    case .list(let inner), .map(let inner), .optional(let inner):
      return resolve(inner, at: location)
    case .named(let name):
      if let definition = definitions[name] {
        if case .stream = definition {
          diagnostics.error(
            "'\(name)' is a stream, not a type; a field's type must be a model, an enum or a "
              + "built-in type",
            at: location
          )
          return false
        }
        return true
      }
      if !brokenNames.contains(name) {
        diagnostics.error("unknown type '\(name)'\(typeHint(for: name))", at: location)
      }
      return false
    default:
      return true
    }
  }

  private mutating func typeHint(for name: String) -> String {
    if let known = TypeExpressionParser.foreignNames[name.lowercased()] {
      return "; write '\(known)'"
    }
    // Every name is registered before the first type is resolved.
    guard suggestionsLeft > 0 else { return "" }
    suggestionsLeft -= 1
    if typeCandidates == nil {
      typeCandidates = NameSuggestions.Candidates(
        Array(TypeExpressionParser.builtins.keys)
          + definitions.compactMap { name, definition in
            if case .stream = definition { return nil }
            return name
          }
      )
    }
    return NameSuggestions.hint(for: name, in: typeCandidates!)
  }

  // MARK: Streams

  private mutating func checkStream(_ stream: ParsedStream) -> StreamDefinition? {
    var names: [ParsedStream.Role: String] = [:]
    for (role, reference) in stream.parts {
      switch reference {
      case .inline(let model):
        names[role] = model.name
      case .named(let name, let location):
        if let builtin = TypeExpressionParser.builtins[name] {
          diagnostics.error(
            "the \(role.rawValue) of stream '\(stream.name)' must be a model, but '\(builtin)' "
              + "is a built-in type; define a model with 'fields' and name it here",
            at: location
          )
          continue
        }
        switch definitions[name] {
        case .model:
          names[role] = name
        case .enumeration:
          diagnostics.error(
            "the \(role.rawValue) of stream '\(stream.name)' must be a model, but '\(name)' is "
              + "an enum; wrap it in a model with a field of that enum",
            at: location
          )
        case .stream:
          diagnostics.error(
            "the \(role.rawValue) of stream '\(stream.name)' must be a model, but '\(name)' is "
              + "a stream",
            at: location
          )
        case nil where brokenNames.contains(name):
          break
        case nil:
          diagnostics.error(
            "unknown type '\(name)' for the \(role.rawValue) of stream '\(stream.name)'"
              + typeHint(for: name),
            at: location
          )
        }
      }
    }
    guard let item = names[.item] else { return nil }
    return StreamDefinition(
      name: stream.name,
      description: stream.description,
      header: names[.header],
      item: item,
      footer: names[.footer],
      location: stream.location
    )
  }

  // MARK: Enums

  private mutating func checkEnum(_ parsed: ParsedEnum) -> EnumDefinition {
    var cases: [EnumDefinition.Case] = []
    var byValue: [String: SourceLocation] = [:]
    var bySwiftName: [String: (value: String, location: SourceLocation)] = [:]
    for (value, location) in parsed.values {
      if let first = byValue[value] {
        diagnostics.error("enum value '\(value)' appears twice in '\(parsed.name)'", at: location)
        diagnostics.note("'\(value)' first listed here", at: first)
        continue
      }
      byValue[value] = location
      guard let swiftName = SwiftNames.caseName(forValue: value) else {
        diagnostics.error(
          "enum value '\(value)' has no letter or digit to derive a Swift case name from",
          at: location
        )
        continue
      }
      if let first = bySwiftName[swiftName] {
        diagnostics.error(
          "enum values '\(first.value)' and '\(value)' both become the Swift case "
            + "'\(swiftName)'; rename one of them",
          at: location
        )
        diagnostics.note("'\(first.value)' listed here", at: first.location)
        continue
      }
      bySwiftName[swiftName] = (value, location)
      cases.append(EnumDefinition.Case(value: value, swiftName: swiftName))
    }
    return EnumDefinition(
      name: parsed.name,
      description: parsed.description,
      cases: cases,
      location: parsed.location
    )
  }

  // MARK: Models

  /// Checks a model's fields except defaults (which need every model to be known).
  private mutating func checkModelShape(_ parsed: ParsedModel) -> ModelDefinition {
    var fields: [FieldDefinition] = []
    var bySwiftName: [String: ParsedField] = [:]
    for field in parsed.fields {
      guard resolve(field.type, at: field.typeLocation) else { continue }
      let type: TypeRef =
        field.isOptional && !field.type.isOptional ? .optional(field.type) : field.type
      let swiftName: String
      if let explicit = field.swiftName {
        guard SwiftNames.isValidIdentifier(explicit.name) else {
          diagnostics.error(
            "swift_name '\(explicit.name)' is not a Swift identifier; use letters, digits and "
              + "'_', not starting with a digit",
            at: explicit.location
          )
          continue
        }
        swiftName = explicit.name
      } else {
        guard let derived = SwiftNames.propertyName(forWireName: field.wireName) else {
          diagnostics.error(
            "field '\(field.wireName)' has no letter or digit to derive a Swift name from; "
              + "add 'swift_name'",
            at: field.location
          )
          continue
        }
        swiftName = derived
      }
      if SwiftNames.reservedMembers.contains(swiftName) {
        diagnostics.error(
          "field '\(field.wireName)' would become the Swift property '\(swiftName)', which "
            + (swiftName == "hashValue"
              ? "'Hashable' declares" : "would clash with the model's nested coding-key enum")
            + "; set 'swift_name', such as '\(swiftName)Value'",
          at: field.swiftName?.location ?? field.location
        )
        continue
      }
      if let first = bySwiftName[swiftName] {
        diagnostics.error(
          "fields '\(first.wireName)' and '\(field.wireName)' both become the Swift property "
            + "'\(swiftName)' in model '\(parsed.name)'; set 'swift_name' on one of them",
          at: field.location
        )
        diagnostics.note("'\(first.wireName)' defined here", at: first.location)
        continue
      }
      bySwiftName[swiftName] = field
      if field.defaultValue != nil { defaulted.insert("\(parsed.name).\(field.wireName)") }
      fields.append(
        FieldDefinition(
          wireName: field.wireName,
          swiftName: swiftName,
          type: type,
          description: field.description,
          defaultValue: nil,
          constraints: checkConstraints(field, type: type),
          location: field.location
        )
      )
    }
    return ModelDefinition(
      name: parsed.name,
      description: parsed.description,
      fields: fields,
      additionalFields: parsed.additionalFields,
      location: parsed.location
    )
  }

  private enum ConstraintFamily: String {
    case number = "int and float"
    case string = "string"
    case collection = "list and map"
  }

  private static func family(of keyword: String) -> ConstraintFamily {
    switch keyword {
    case "minimum", "maximum", "exclusive_minimum", "exclusive_maximum": .number
    case "min_length", "max_length", "pattern": .string
    default: .collection
    }
  }

  private mutating func checkConstraints(_ field: ParsedField, type: TypeRef) -> FieldConstraints {
    var constraints = FieldConstraints()
    let base = type.unwrapped
    for (keyword, node) in field.constraints {
      let family = Self.family(of: keyword)
      let fits: Bool
      switch (family, base) {
      case (.number, .int), (.number, .float), (.string, .string), (.collection, .list),
        (.collection, .map):
        fits = true
      default:
        fits = false
      }
      guard fits else {
        diagnostics.error(
          "'\(keyword)' applies to \(family.rawValue) fields, but field '\(field.wireName)' is "
            + "\(base)",
          at: node.location
        )
        continue
      }
      switch family {
      case .number:
        guard let number = numberLiteral(node, keyword: keyword, integerOnly: base == .int) else {
          continue
        }
        switch keyword {
        case "minimum": constraints.minimum = number
        case "maximum": constraints.maximum = number
        case "exclusive_minimum": constraints.exclusiveMinimum = number
        default: constraints.exclusiveMaximum = number
        }
      case .string where keyword == "pattern":
        guard case .scalar(let pattern, _) = node.kind else {
          diagnostics.error("'pattern' must be a regular expression string", at: node.location)
          continue
        }
        do {
          _ = try StringPattern(pattern)
          constraints.pattern = pattern
        } catch {
          diagnostics.error("'pattern' \(error)", at: node.location)
        }
      case .string, .collection:
        guard case .scalar(let text, .plain) = node.kind, let count = Int(text), count >= 0 else {
          diagnostics.error(
            "'\(keyword)' must be a non-negative integer",
            at: node.location
          )
          continue
        }
        switch keyword {
        case "min_length": constraints.minLength = count
        case "max_length": constraints.maxLength = count
        case "min_items": constraints.minItems = count
        default: constraints.maxItems = count
        }
      }
    }
    let lower = [constraints.minimum, constraints.exclusiveMinimum].compactMap { $0 }
    let upper = [constraints.maximum, constraints.exclusiveMaximum].compactMap { $0 }
    for low in lower {
      for high in upper where low.doubleValue > high.doubleValue {
        diagnostics.error(
          "the lower bound \(low) of field '\(field.wireName)' is above its upper bound \(high)"
            + "; no value can pass",
          at: field.location
        )
      }
    }
    for (low, high, what) in [
      (constraints.minLength, constraints.maxLength, "length"),
      (constraints.minItems, constraints.maxItems, "item count"),
    ] {
      if let low, let high, low > high {
        diagnostics.error(
          "the minimum \(what) \(low) of field '\(field.wireName)' is above its maximum "
            + "\(high); no value can pass",
          at: field.location
        )
      }
    }
    return constraints
  }

  private mutating func numberLiteral(
    _ node: YAMLNode,
    keyword: String,
    integerOnly: Bool
  )
    -> NumberLiteral?
  {
    if case .scalar(let text, .plain) = node.kind {
      if let value = Int(text) { return .int(value) }
      if !integerOnly, let value = Double(text), value.isFinite { return .double(value) }
    }
    diagnostics.error(
      "'\(keyword)' must be \(integerOnly ? "an integer on an int field" : "a finite number")",
      at: node.location
    )
    return nil
  }

  // MARK: Defaults

  private mutating func checkDefault(of field: FieldDefinition, node: YAMLNode?) -> FieldDefinition
  {
    guard let node else { return field }
    var checked = field
    var reader = DefaultValueReader(enums: enums, models: models, defaulted: defaulted)
    checked.defaultValue = reader.read(
      node,
      as: field.type,
      constraints: field.constraints,
      what: "the default of field '\(field.wireName)'"
    )
    diagnostics.append(contentsOf: reader.diagnostics.diagnostics)
    return checked
  }

  /// The `default:` node of each field of a parsed model that has one, by wire name, looked
  /// up once per model (not once per field, which is quadratic in a model's fields).
  private func defaultNodes(of model: String) -> [String: YAMLNode] {
    guard case .model(let parsed) = definitions[model] else { return [:] }
    var nodes: [String: YAMLNode] = [:]
    var seen: Set<String> = []
    for field in parsed.fields where seen.insert(field.wireName).inserted {
      if let node = field.defaultValue { nodes[field.wireName] = node }
    }
    return nodes
  }

  // MARK: Whole-module rules

  /// A model that contains itself other than through a list or a map has no finite size.
  ///
  /// The models and the models they hold by value (directly or optionally) form a graph;
  /// its strongly connected components (Tarjan's algorithm, iterative, so a chain of any
  /// length neither recurses nor copies paths) are found in time linear in its size. Each
  /// component with a cycle is reported once, at its first model in declaration order,
  /// with the shortest cycle through that model (breadth-first within the component).
  private mutating func checkCycles(_ files: [SchemaFile]) {
    var order: [ModelDefinition] = []
    var numbers: [String: Int] = [:]
    for file in files {
      for case .model(let model) in file.types where numbers[model.name] == nil {
        numbers[model.name] = order.count
        order.append(model)
      }
    }
    func directModel(_ type: TypeRef) -> Int? {
      switch type {
      case .named(let name): numbers[name]
      case .optional(let inner): directModel(inner)
      default: nil
      }
    }
    // Edges in field order, from the final definition of each model.
    let edges: [[Int]] = order.map { model in
      (models[model.name] ?? model).fields.compactMap { directModel($0.type) }
    }
    let component = Self.stronglyConnectedComponents(edges)
    var sizes = [Int](repeating: 0, count: order.count)
    for member in component { sizes[member] += 1 }
    var reported = Set<Int>()
    for (start, model) in order.enumerated() {
      let group = component[start]
      guard !reported.contains(group), sizes[group] > 1 || edges[start].contains(start) else {
        continue
      }
      reported.insert(group)
      // The shortest way back to `start` within its component.
      var parent: [Int: Int] = [start: start]
      var queue = [start]
      var head = 0
      var last = start
      search: while head < queue.count {
        let node = queue[head]
        head += 1
        for next in edges[node] {
          if next == start {
            last = node
            break search
          }
          if component[next] == group, parent[next] == nil {
            parent[next] = node
            queue.append(next)
          }
        }
      }
      var cycle = [start]
      var node = last
      while node != start {
        cycle.append(node)
        node = parent[node]!
      }
      cycle.append(start)
      cycle[1..<cycle.count - 1].reverse()
      diagnostics.error(
        "models form a cycle that is not through a list or map: "
          + cycle.map { order[$0].name }.joined(separator: " -> ")
          + "; make one of these fields a list or a map, or remove it",
        at: model.location
      )
    }
  }

  /// The strongly connected component of each node of a graph given by its edges, by
  /// Tarjan's algorithm with an explicit stack: O(nodes + edges), no recursion.
  static func stronglyConnectedComponents(_ edges: [[Int]]) -> [Int] {
    let count = edges.count
    var number = [Int](repeating: -1, count: count)
    var low = [Int](repeating: 0, count: count)
    var onStack = [Bool](repeating: false, count: count)
    var component = [Int](repeating: -1, count: count)
    var stack: [Int] = []
    var counter = 0
    var components = 0
    for root in 0..<count where number[root] < 0 {
      var work: [(node: Int, edge: Int)] = []
      func enter(_ node: Int) {
        number[node] = counter
        low[node] = counter
        counter += 1
        stack.append(node)
        onStack[node] = true
        work.append((node, 0))
      }
      enter(root)
      while let (node, edge) = work.last {
        if edge < edges[node].count {
          work[work.count - 1].edge += 1
          let next = edges[node][edge]
          if number[next] < 0 {
            enter(next)
          } else if onStack[next] {
            low[node] = min(low[node], number[next])
          }
          continue
        }
        work.removeLast()
        if let parent = work.last?.node { low[parent] = min(low[parent], low[node]) }
        if low[node] == number[node] {
          while let member = stack.popLast() {
            onStack[member] = false
            component[member] = components
            if member == node { break }
          }
          components += 1
        }
      }
    }
    return component
  }

  private mutating func checkReachability(_ files: [SchemaFile]) {
    var reached: Set<String> = []
    var pending = files.flatMap(\.streams).flatMap {
      [$0.header, $0.item, $0.footer].compactMap { $0 }
    }
    while let name = pending.popLast() {
      guard reached.insert(name).inserted, let model = models[name] else { continue }
      for field in model.fields {
        _ = field.type.contains { type in
          if case .named(let next) = type { pending.append(next) }
          return false
        }
      }
    }
    for file in files {
      for type in file.types where !reached.contains(type.name) {
        diagnostics.warning(
          "type '\(type.name)' is not used by any stream (it is still generated)",
          at: type.location
        )
      }
    }
  }
}
