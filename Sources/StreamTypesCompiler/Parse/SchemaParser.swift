import StreamTypes

/// Stage 1 of the pipeline: reads a YAML tree as a schema file. It checks the shape of
/// the document (keys, kinds of nodes, names, type expressions) and leaves the rules that
/// need the whole module (name resolution, defaults, cycles) to the checker.
struct SchemaParser {
  var diagnostics = DiagnosticCollector()

  static let rootKeys = ["streams", "types", "description"]
  static let streamKeys = ["description", "header", "item", "footer", "error", "sse"]
  static let sseKeys = ["header_event", "item_event", "footer_event", "error_event", "done_data"]
  static let modelKeys = ["description", "fields", "additional_fields"]
  static let enumKeys = ["description", "enum"]
  static let unionKeys = ["description", "one_of", "discriminator", "unknown"]
  static let constraintKeys = ConstraintKind.allCases.map(\.keyword)
  static let fieldKeys =
    ["type", "description", "optional", "default", "swift_name", "const"]
    + constraintKeys

  mutating func parse(_ root: YAMLNode?, path: String) -> ParsedFile {
    var file = ParsedFile(path: path)
    guard let root else {
      diagnostics.warning(
        "the schema file is empty; it defines no streams or types",
        at: SourceLocation(file: path, line: 1, column: 1)
      )
      return file
    }
    guard
      let entries = mapping(
        root,
        what: "a schema file",
        expecting: "the keys 'streams', 'types' and 'description'"
      )
    else {
      return file
    }
    for entry in entries {
      guard let key = knownKey(entry, allowed: Self.rootKeys, context: "at the top of the schema")
      else { continue }
      switch key {
      case "description":
        file.description = string(entry.value, what: "'description'")
      case "streams":
        guard
          let streams = mapping(
            entry.value,
            what: "'streams'",
            expecting: "stream names mapped to streams"
          )
        else { continue }
        for stream in streams {
          if let parsed = parseStream(stream) { file.streams.append(parsed) }
        }
      default:
        guard
          let types = mapping(
            entry.value,
            what: "'types'",
            expecting: "type names mapped to models, enums or unions"
          )
        else { continue }
        for type in types {
          if let parsed = parseType(type) {
            file.types.append(parsed)
          } else if case .scalar(let name, _) = type.key.kind {
            file.brokenNames.append(name)
          }
        }
      }
    }
    return file
  }

  // MARK: Streams

  private mutating func parseStream(_ entry: YAMLMappingEntry) -> ParsedStream? {
    guard let name = definitionName(entry.key, what: "stream") else { return nil }
    guard
      let entries = mapping(
        entry.value,
        what: "stream '\(name)'",
        expecting: "'item' and optionally 'header', 'footer', 'error', 'sse' and 'description'"
      )
    else { return nil }
    var stream = ParsedStream(name: name, location: entry.key.location)
    let errorsBefore = diagnostics.diagnostics.count
    for part in entries {
      guard let key = knownKey(part, allowed: Self.streamKeys, context: "in stream '\(name)'")
      else { continue }
      switch key {
      case "description":
        stream.description = string(part.value, what: "'description'")
      case "sse":
        stream.sse = parseSSE(part.value, stream: name)
      default:
        let role = ParsedStream.Role(rawValue: key)!
        if let reference = parsePart(part.value, role: role, stream: name) {
          stream.parts.append((role, reference))
        }
      }
    }
    // A misspelled 'item' was reported already, with the right spelling.
    let reportedKey = diagnostics.diagnostics.count > errorsBefore
    if !stream.parts.contains(where: { $0.role == .item }), !reportedKey {
      diagnostics.error(
        "stream '\(name)' has no 'item'; add 'item: ModelName', or an inline model such as "
          + "'item: {fields: {text: string}}'",
        at: entry.key.location
      )
    }
    return stream
  }

  /// The `sse` section: each key's text and place; the checker judges the values.
  private mutating func parseSSE(_ node: YAMLNode, stream: String) -> ParsedSSE? {
    guard
      let entries = mapping(
        node,
        what: "'sse' of stream '\(stream)'",
        expecting: Self.sseKeys.map { "'\($0)'" }.joined(separator: ", ")
      )
    else { return nil }
    var sse = ParsedSSE(location: node.location)
    for entry in entries {
      guard
        let key = knownKey(entry, allowed: Self.sseKeys, context: "in 'sse' of stream '\(stream)'"),
        let value = string(entry.value, what: "'\(key)'")
      else { continue }
      sse.values[key] = (value, entry.value.location)
    }
    return sse
  }

  private mutating func parsePart(
    _ node: YAMLNode,
    role: ParsedStream.Role,
    stream: String
  )
    -> ParsedPartReference?
  {
    switch node.kind {
    case .scalar(let name, _):
      return .named(name, node.location)
    case .mapping(let entries):
      let inlineName = stream + role.rawValue.prefix(1).uppercased() + role.rawValue.dropFirst()
      guard
        var model = parseModel(
          name: inlineName,
          location: node.location,
          entries: entries,
          allowEnum: false
        )
      else { return nil }
      model.inlineOf = "the inline \(role.rawValue) of stream '\(stream)'"
      return .inline(model)
    case .sequence:
      diagnostics.error(
        "the \(role.rawValue) of stream '\(stream)' must name a model ('\(role.rawValue): "
          + "Segment') or define one inline with 'fields', not a list",
        at: node.location
      )
      return nil
    }
  }

  // MARK: Types

  private mutating func parseType(_ entry: YAMLMappingEntry) -> ParsedType? {
    guard let name = definitionName(entry.key, what: "type") else { return nil }
    guard case .mapping(let entries) = entry.value.kind else {
      diagnostics.error(
        "type '\(name)' must be a mapping with 'fields' (a model) or 'enum' (a list of "
          + "strings)",
        at: entry.value.location
      )
      return nil
    }
    let hasFields = entries.contains { key(of: $0) == "fields" }
    let hasEnum = entries.contains { key(of: $0) == "enum" }
    if entries.contains(where: { key(of: $0) == "one_of" }) {
      if hasFields || hasEnum {
        diagnostics.error(
          "type '\(name)' has 'one_of' and '\(hasFields ? "fields" : "enum")'; a union lists "
            + "its member models in 'one_of' and declares no fields of its own",
          at: entry.key.location
        )
        return nil
      }
      return parseUnion(name: name, location: entry.key.location, entries: entries).map {
        .union($0)
      }
    }
    switch (hasFields, hasEnum) {
    case (true, true):
      diagnostics.error(
        "type '\(name)' has both 'fields' and 'enum'; a type is either a model or an enum",
        at: entry.key.location
      )
      return nil
    case (false, true):
      return parseEnum(name: name, location: entry.key.location, entries: entries).map {
        .enumeration($0)
      }
    case (_, false):
      return parseModel(
        name: name,
        location: entry.key.location,
        entries: entries,
        allowEnum: true
      ).map { .model($0) }
    }
  }

  private mutating func parseModel(
    name: String,
    location: SourceLocation,
    entries: [YAMLMappingEntry],
    allowEnum: Bool
  ) -> ParsedModel? {
    var model = ParsedModel(name: name, location: location)
    var sawFields = false
    let errorsBefore = diagnostics.diagnostics.count
    let allowed = allowEnum ? Self.modelKeys + ["enum"] : Self.modelKeys
    for entry in entries {
      guard let key = knownKey(entry, allowed: allowed, context: "in model '\(name)'") else {
        continue
      }
      switch key {
      case "description":
        model.description = string(entry.value, what: "'description'")
      case "additional_fields":
        guard let value = string(entry.value, what: "'additional_fields'") else { continue }
        if let mode = ModelDefinition.AdditionalFields(rawValue: value) {
          model.additionalFields = mode
        } else {
          diagnostics.error(
            "'additional_fields' must be 'ignore' (skip unknown keys, the default) or "
              + "'forbid' (reject them), found '\(value)'",
            at: entry.value.location
          )
        }
      default:
        sawFields = true
        if case .scalar(let text, .plain) = entry.value.kind, text.isEmpty || text == "{}" {
          continue
        }
        guard
          let fields = mapping(
            entry.value,
            what: "'fields' of model '\(name)'",
            expecting: "field names mapped to types"
          )
        else { continue }
        for field in fields {
          if let parsed = parseField(field, model: name) { model.fields.append(parsed) }
        }
      }
    }
    // A misspelled 'fields' was reported already, with the right spelling.
    if !sawFields {
      if diagnostics.diagnostics.count == errorsBefore {
        diagnostics.error(
          "model '\(name)' has no 'fields'; add 'fields:' with at least one field, such as "
            + "'fields: {text: string}', or 'enum:' for an enum",
          at: location
        )
      }
      return nil
    }
    return model
  }

  private mutating func parseField(_ entry: YAMLMappingEntry, model: String) -> ParsedField? {
    guard case .scalar(let wireName, _) = entry.key.kind else { return nil }
    guard Self.isWireFieldName(wireName) else {
      diagnostics.error(
        "field name '\(wireName)' in model '\(model)' must start with a letter or '_' and "
          + "contain only letters, digits and '_'",
        at: entry.key.location
      )
      return nil
    }
    var field = ParsedField(wireName: wireName, location: entry.key.location)
    guard case .mapping(let entries) = entry.value.kind else {
      guard let type = typeExpression(entry.value) else { return nil }
      field.type = type
      field.typeLocation = entry.value.location
      return field
    }
    var sawType = false
    for entry in entries {
      guard let key = knownKey(entry, allowed: Self.fieldKeys, context: "in field '\(wireName)'")
      else { continue }
      switch key {
      case "type":
        sawType = true
        guard let type = typeExpression(entry.value) else { return nil }
        field.type = type
        field.typeLocation = entry.value.location
      case "description":
        field.description = string(entry.value, what: "'description'")
      case "optional":
        guard case .scalar(let text, .plain) = entry.value.kind, text == "true" || text == "false"
        else {
          diagnostics.error(
            "'optional' must be true or false",
            at: entry.value.location
          )
          continue
        }
        field.isOptional = text == "true"
      case "default":
        field.defaultValue = entry.value
        field.defaultLocation = entry.value.location
      case "swift_name":
        guard let name = string(entry.value, what: "'swift_name'") else { continue }
        field.swiftName = (name, entry.value.location)
      case "const":
        field.constNode = entry.value
      default:
        field.constraints.append((key, entry.value))
      }
    }
    if !sawType {
      diagnostics.error(
        "field '\(wireName)' in model '\(model)' has no 'type'; add one, such as "
          + "'type: string'",
        at: entry.key.location
      )
      return nil
    }
    return field
  }

  private mutating func parseUnion(
    name: String,
    location: SourceLocation,
    entries: [YAMLMappingEntry]
  ) -> ParsedUnion? {
    var union = ParsedUnion(name: name, location: location)
    for entry in entries {
      guard let key = knownKey(entry, allowed: Self.unionKeys, context: "in union '\(name)'")
      else { continue }
      switch key {
      case "description":
        union.description = string(entry.value, what: "'description'")
      case "one_of":
        guard case .sequence(let nodes, _) = entry.value.kind, !nodes.isEmpty else {
          diagnostics.error(
            "'one_of' of union '\(name)' must be a non-empty list of model names, such as "
              + "'one_of: [TextDelta, InputJSONDelta]'",
            at: entry.value.location
          )
          return nil
        }
        for node in nodes {
          guard case .scalar(let member, _) = node.kind else {
            diagnostics.error(
              "a member of union '\(name)' must be a model's name",
              at: node.location
            )
            return nil
          }
          union.members.append((member, node.location))
        }
      case "discriminator":
        guard let field = string(entry.value, what: "'discriminator'") else { return nil }
        guard Self.isWireFieldName(field) else {
          diagnostics.error(
            "'discriminator' of union '\(name)' must be a field name, found '\(field)'",
            at: entry.value.location
          )
          return nil
        }
        union.discriminator = (field, entry.value.location)
      default:
        guard let value = string(entry.value, what: "'unknown'") else { continue }
        guard let mode = UnionDefinition.Unknown(rawValue: value) else {
          diagnostics.error(
            "'unknown' must be 'error' (a tag that names no member is an error, the default) "
              + "or 'keep' (kept as the union's 'unknown' case), found '\(value)'",
            at: entry.value.location
          )
          continue
        }
        union.unknown = mode
      }
    }
    guard union.discriminator != nil else {
      diagnostics.error(
        "union '\(name)' has no 'discriminator'; name the field whose constant tells the "
          + "members apart, such as 'discriminator: type'",
        at: location
      )
      return nil
    }
    return union
  }

  private mutating func parseEnum(
    name: String,
    location: SourceLocation,
    entries: [YAMLMappingEntry]
  ) -> ParsedEnum? {
    var parsed = ParsedEnum(name: name, location: location)
    for entry in entries {
      guard let key = knownKey(entry, allowed: Self.enumKeys, context: "in enum '\(name)'") else {
        continue
      }
      if key == "description" {
        parsed.description = string(entry.value, what: "'description'")
        continue
      }
      guard case .sequence(let values, _) = entry.value.kind, !values.isEmpty else {
        diagnostics.error(
          "'enum' of type '\(name)' must be a non-empty list of strings, such as "
            + "'enum: [agent, customer]'",
          at: entry.value.location
        )
        return nil
      }
      for value in values {
        guard case .scalar(let text, let style) = value.kind else {
          diagnostics.error("enum values must be strings", at: value.location)
          continue
        }
        if style == .plain, let meaning = YAMLScalar.nonStringMeaning(text) {
          diagnostics.error(
            "enum value \(text) is read as \(meaning); enum values are strings: quote it "
              + "as \"\(text)\"",
            at: value.location
          )
          continue
        }
        parsed.values.append((text, value.location))
      }
    }
    return parsed
  }

  // MARK: Shared shapes

  private func key(of entry: YAMLMappingEntry) -> String? {
    if case .scalar(let text, _) = entry.key.kind { return text }
    return nil
  }

  /// The entry's key when it is one of `allowed`; otherwise an error that suggests the
  /// closest allowed key.
  private mutating func knownKey(
    _ entry: YAMLMappingEntry,
    allowed: [String],
    context: String
  ) -> String? {
    guard let key = key(of: entry) else { return nil }
    if allowed.contains(key) { return key }
    let suggestion = NameSuggestions.closest(to: key, in: allowed)
    let hint =
      suggestion.map { "; did you mean '\($0)'?" }
      ?? " (allowed: \(allowed.map { "'\($0)'" }.joined(separator: ", ")))"
    diagnostics.error("unknown key '\(key)' \(context)\(hint)", at: entry.key.location)
    return nil
  }

  private mutating func mapping(
    _ node: YAMLNode,
    what: String,
    expecting: String
  )
    -> [YAMLMappingEntry]?
  {
    if case .mapping(let entries) = node.kind { return entries }
    if case .scalar("", .plain) = node.kind { return [] }
    diagnostics.error("\(what) must be a mapping of \(expecting)", at: node.location)
    return nil
  }

  private mutating func string(_ node: YAMLNode, what: String) -> String? {
    if case .scalar(let text, _) = node.kind { return text }
    diagnostics.error("\(what) must be a string", at: node.location)
    return nil
  }

  private mutating func definitionName(_ node: YAMLNode, what: String) -> String? {
    guard case .scalar(let name, _) = node.kind else { return nil }
    guard Self.isDefinitionName(name) else {
      let suggestion = SwiftNames.propertyName(
        forWireName: name.filter { $0.isLetter || $0.isNumber || $0 == "_" }
      )
      .map { $0.prefix(1).uppercased() + $0.dropFirst() }
      let hint = suggestion.map { ", e.g. '\($0)'" } ?? ""
      diagnostics.error(
        "\(what) name '\(name)' must be UpperCamelCase: a capital letter, then letters and "
          + "digits\(hint)",
        at: node.location
      )
      return nil
    }
    return name
  }

  private mutating func typeExpression(_ node: YAMLNode) -> TypeRef? {
    do {
      return try TypeExpressionParser.parse(node)
    } catch {
      diagnostics.error(error.message, at: error.location)
      return nil
    }
  }

  /// `^[A-Za-z_][A-Za-z0-9_]*$`, the spec's rule for wire field names.
  static func isWireFieldName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first == "_" || isLetter(first) else {
      return false
    }
    return name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) || $0 == "_" }
  }

  /// `^[A-Z][A-Za-z0-9]*$`, the spec's rule for stream and type names.
  static func isDefinitionName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first) else {
      return false
    }
    return name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
  }

  private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
  }
}

/// How a plain YAML scalar is read, following the YAML 1.2 core schema.
enum YAMLScalar {
  /// What a plain scalar means when it is not a string: "null", "a boolean", "a number".
  static func nonStringMeaning(_ text: String) -> String? {
    if ["", "~", "null", "Null", "NULL"].contains(text) { return "null" }
    if ["true", "True", "TRUE", "false", "False", "FALSE"].contains(text) { return "a boolean" }
    if Int(text) != nil || Double(text) != nil
      || [".inf", "-.inf", ".nan"].contains(text.lowercased())
    {
      return "a number"
    }
    return nil
  }
}

/// A schema file as the parser read it, before the checker resolves names.
struct ParsedFile {
  var path: String
  var description: String?
  var streams: [ParsedStream] = []
  var types: [ParsedType] = []
  /// Types whose definition had errors: references to them are not reported again.
  var brokenNames: [String] = []

  init(path: String) {
    self.path = path
  }
}

struct ParsedStream {
  enum Role: String {
    case header
    case item
    case footer
    case error
  }

  var name: String
  var location: SourceLocation
  var description: String?
  var parts: [(role: Role, reference: ParsedPartReference)] = []
  var sse: ParsedSSE?

  init(name: String, location: SourceLocation) {
    self.name = name
    self.location = location
  }
}

/// A stream's `sse` section as written: each key's text and where it is.
struct ParsedSSE {
  var location: SourceLocation
  var values: [String: (text: String, location: SourceLocation)] = [:]
}

enum ParsedPartReference {
  case named(String, SourceLocation)
  case inline(ParsedModel)
}

enum ParsedType {
  case model(ParsedModel)
  case enumeration(ParsedEnum)
  case union(ParsedUnion)
}

struct ParsedUnion {
  var name: String
  var location: SourceLocation
  var description: String?
  var members: [(name: String, location: SourceLocation)] = []
  var discriminator: (name: String, location: SourceLocation)?
  var unknown = UnionDefinition.Unknown.error

  init(name: String, location: SourceLocation) {
    self.name = name
    self.location = location
  }
}

struct ParsedModel {
  var name: String
  var location: SourceLocation
  var description: String?
  var fields: [ParsedField] = []
  var additionalFields = ModelDefinition.AdditionalFields.ignore
  /// For an inline model, what defines it, e.g. "the inline header of stream 'Chat'".
  var inlineOf: String?

  init(name: String, location: SourceLocation) {
    self.name = name
    self.location = location
  }
}

struct ParsedField {
  var wireName: String
  var location: SourceLocation
  var type = TypeRef.json
  var typeLocation: SourceLocation
  var description: String?
  var isOptional = false
  var defaultValue: YAMLNode?
  var defaultLocation: SourceLocation?
  var swiftName: (name: String, location: SourceLocation)?
  var constraints: [(keyword: String, value: YAMLNode)] = []
  var constNode: YAMLNode?

  init(wireName: String, location: SourceLocation) {
    self.wireName = wireName
    self.location = location
    self.typeLocation = location
  }
}

struct ParsedEnum {
  var name: String
  var location: SourceLocation
  var description: String?
  var values: [(value: String, location: SourceLocation)] = []

  init(name: String, location: SourceLocation) {
    self.name = name
    self.location = location
  }
}
