import StreamTypes

/// Stage 2 of the pipeline: checks the parsed files of one module together. Resolves every
/// type name, checks defaults, constraints and Swift names, finds cycles and unused types,
/// and builds the ``SchemaModule`` that the emitter and the validator use.
struct SchemaChecker {
  var diagnostics = DiagnosticCollector()

  enum Definition {
    case model(ParsedModel)
    case enumeration(ParsedEnum)
    case union(ParsedUnion)
    case stream(ParsedStream)

    var location: SourceLocation {
      switch self {
      case .model(let model): model.location
      case .enumeration(let enumeration): enumeration.location
      case .union(let union): union.location
      case .stream(let stream): stream.location
      }
    }

    /// How a message names the definition: "a model", "the inline header of stream 'X'".
    var what: String {
      switch self {
      case .model(let model): model.inlineOf ?? "a model"
      case .enumeration: "an enum"
      case .union: "a union"
      case .stream: "a stream"
      }
    }
  }

  var definitions: [String: Definition] = [:]
  /// `Model.field` for every field with a `default`.
  var defaulted: Set<String> = []
  /// Names whose definitions had errors; the parser reported them already.
  var brokenNames: Set<String> = []
  var enums: [String: EnumDefinition] = [:]
  var models: [String: ModelDefinition] = [:]
  var unions: [String: UnionDefinition] = [:]
  /// The names an unknown type name may be a typo of, gathered at the first one.
  var typeCandidates: NameSuggestions.Candidates?
  /// How many more "did you mean" suggestions this check computes.
  var suggestionsLeft = NameSuggestions.perRun

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
        case .union(let union): register(union.name, .union(union))
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
        // Checked below, once every model is known.
        case .union(let parsed): checked.types.append(.union(placeholder(for: parsed)))
        }
      }
      checkedFiles.append(checked)
    }
    for checked in checkedFiles {
      for case .model(let model) in checked.types { models[model.name] = model }
    }
    // Unions need their members' constants; model defaults may hold union values.
    for fileIndex in checkedFiles.indices {
      for typeIndex in checkedFiles[fileIndex].types.indices {
        guard case .union(let union) = checkedFiles[fileIndex].types[typeIndex],
          case .union(let parsed) = definitions[union.name]
        else { continue }
        let checked = checkUnion(parsed)
        unions[checked.name] = checked
        checkedFiles[fileIndex].types[typeIndex] = .union(checked)
      }
    }
    // A stream's event names may be its item union's tags.
    for fileIndex in checkedFiles.indices {
      for streamIndex in checkedFiles[fileIndex].streams.indices {
        let stream = checkedFiles[fileIndex].streams[streamIndex]
        guard case .stream(let parsed) = definitions[stream.name] else { continue }
        checkedFiles[fileIndex].streams[streamIndex].sse = checkSSE(parsed.sse, of: stream)
      }
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

  mutating func register(_ name: String, _ definition: Definition) {
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
  mutating func resolve(_ type: TypeRef, at location: SourceLocation) -> Bool {
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

  mutating func typeHint(for name: String) -> String {
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

  mutating func checkStream(_ stream: ParsedStream) -> StreamDefinition? {
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
        case .model, .union:
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
      error: names[.error],
      location: stream.location
    )
  }

  // MARK: Enums

  mutating func checkEnum(_ parsed: ParsedEnum) -> EnumDefinition {
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
}
