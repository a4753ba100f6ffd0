@_spi(Generated) import StreamTypes

/// Reads a field's `default:` as a value of the field's type, with the same rules a reader
/// applies to a payload: the type, enum values, required fields of models and every
/// constraint. A YAML plain scalar is typed by the YAML 1.2 core schema, so `"5"` is a
/// string and `5` a number.
struct DefaultValueReader {
  var diagnostics = DiagnosticCollector()
  let enums: [String: EnumDefinition]
  let models: [String: ModelDefinition]
  let unions: [String: UnionDefinition]
  /// `Model.field` for every field that declares a default. Defaults are read in
  /// declaration order, so a field's `defaultValue` may not be filled in yet.
  let defaulted: Set<String>

  init(
    enums: [String: EnumDefinition],
    models: [String: ModelDefinition],
    unions: [String: UnionDefinition] = [:],
    defaulted: Set<String>
  ) {
    self.enums = enums
    self.models = models
    self.unions = unions
    self.defaulted = defaulted
  }

  mutating func read(
    _ node: YAMLNode,
    as type: TypeRef,
    constraints: FieldConstraints,
    what: String
  ) -> DefaultValue? {
    guard let value = read(node, as: type, what: what) else { return nil }
    guard checkConstraints(value, node: node, constraints: constraints, what: what) else {
      return nil
    }
    return value
  }

  private mutating func read(_ node: YAMLNode, as type: TypeRef, what: String) -> DefaultValue? {
    let plain = plainText(node)
    switch type {
    case .optional(let wrapped):
      if let plain, YAMLScalar.nonStringMeaning(plain) == "null" { return .null }
      return read(node, as: wrapped, what: what)
    case .scalar(let scalar):
      return scalar.readDefault(node, what: what, reader: &self)
    case .ndarray:
      return fail(node, "\(what): an ndarray field takes no default; make it optional instead")
    case .list(let element):
      guard case .sequence(let nodes, _) = node.kind else { return mismatch(node, "a list", what) }
      var values: [DefaultValue] = []
      for (index, element_) in nodes.enumerated() {
        guard let value = read(element_, as: element, what: "\(what) at [\(index)]") else {
          return nil
        }
        values.append(value)
      }
      return .list(values)
    case .map(let valueType):
      guard case .mapping(let entries) = node.kind else { return mismatch(node, "a mapping", what) }
      var values: [(key: String, value: DefaultValue)] = []
      for entry in entries {
        guard case .scalar(let name, _) = entry.key.kind,
          let value = read(entry.value, as: valueType, what: "\(what) at key '\(name)'")
        else { return nil }
        values.append((name, value))
      }
      return .map(values)
    case .named(let name):
      if let enumeration = enums[name] {
        guard case .scalar(let text, _) = node.kind,
          let match = enumeration.cases.first(where: { $0.value == text })
        else {
          let allowed = enumeration.cases.map(\.value).joined(separator: ", ")
          return mismatch(node, "one of \(allowed)", what)
        }
        return .enumCase(match.swiftName)
      }
      if let union = unions[name] { return readUnion(node, union, what: what) }
      guard let model = models[name] else { return nil }
      return readModel(node, model, what: what)
    }
  }

  private mutating func readModel(
    _ node: YAMLNode,
    _ model: ModelDefinition,
    what: String
  )
    -> DefaultValue?
  {
    guard case .mapping(let entries) = node.kind else {
      return mismatch(node, "a mapping with the fields of '\(model.name)'", what)
    }
    var given: [String: YAMLNode] = [:]
    // A set, so a mapping of many keys against a model of many fields stays linear.
    let declared = Set(model.fields.map(\.wireName))
    for entry in entries {
      let name = key(entry)
      guard declared.contains(name) else {
        return fail(
          entry.key,
          "\(what) has the field '\(name)', which model '\(model.name)' does not declare"
            + NameSuggestions.hint(for: name, in: model.fields.map(\.wireName))
        )
      }
      given[name] = entry.value
    }
    var fields: [(key: String, value: DefaultValue)] = []
    for field in model.fields {
      if let constant = field.constValue {
        // Implied when absent; when written, it must be the constant.
        guard let fieldNode = given[field.wireName] else { continue }
        let written = read(fieldNode, as: field.type, what: "\(what), field '\(field.wireName)',")
        guard let written else { return nil }
        guard written.constValue == constant else {
          return fail(
            fieldNode,
            "\(what), field '\(field.wireName)', must be the constant \(constant), found "
              + describe(fieldNode)
          )
        }
        continue
      }
      guard let fieldNode = given[field.wireName] else {
        if !field.type.isOptional, !defaulted.contains("\(model.name).\(field.wireName)") {
          return fail(
            node,
            "\(what) lacks the required field '\(field.wireName)' of model '\(model.name)'"
          )
        }
        continue
      }
      guard
        let value = read(
          fieldNode,
          as: field.type,
          constraints: field.constraints,
          what: "\(what), field '\(field.wireName)',"
        )
      else { return nil }
      fields.append((field.wireName, value))
    }
    return .model(name: model.name, fields: fields)
  }

  /// A union's default: a mapping whose discriminator names the member it is.
  private mutating func readUnion(
    _ node: YAMLNode,
    _ union: UnionDefinition,
    what: String
  )
    -> DefaultValue?
  {
    let tags = union.members.map { JSONText.quoted($0.tag) }.joined(separator: ", ")
    guard case .mapping(let entries) = node.kind,
      let tagNode = entries.first(where: { key($0) == union.discriminator })?.value,
      case .scalar(let tag, _) = tagNode.kind
    else {
      return mismatch(
        node,
        "a mapping with '\(union.discriminator)' set to one of \(tags)",
        what
      )
    }
    guard let member = union.member(tagged: tag), let model = models[member.model] else {
      return fail(
        tagNode,
        "\(what) has '\(union.discriminator)' \(JSONText.quoted(tag)), which names no member "
          + "of union '\(union.name)'; use one of \(tags)"
      )
    }
    return readModel(node, model, what: what).map {
      .unionMember(caseName: member.swiftName, value: $0)
    }
  }

  mutating func json(_ node: YAMLNode) -> JSONValue? {
    switch node.kind {
    case .scalar(let text, let style):
      guard style == .plain else { return .string(text) }
      switch YAMLScalar.nonStringMeaning(text) {
      case "null": return .null
      case "a boolean": return .bool(text.lowercased() == "true")
      case "a number":
        if let value = Int(text) { return .int(value) }
        if let value = JSONBigInteger(yamlInteger: text) { return .bigInteger(value) }
        if let value = Double(text), value.isFinite { return .double(value) }
        return fail(node, "JSON has no \(text); use a finite number")
      default: return .string(text)
      }
    case .sequence(let nodes, _):
      var values: [JSONValue] = []
      for element in nodes {
        guard let value = json(element) else { return nil }
        values.append(value)
      }
      return .array(values)
    case .mapping(let entries):
      // The loader reports duplicate keys, so no entry is lost here.
      var values: [String: JSONValue] = [:]
      for entry in entries {
        guard let value = json(entry.value) else { return nil }
        values[key(entry)] = value
      }
      return .object(values)
    }
  }

  /// The field's constraints, checked by the runtime's functions, as on the wire.
  private mutating func checkConstraints(
    _ value: DefaultValue,
    node: YAMLNode,
    constraints: FieldConstraints,
    what: String
  ) -> Bool {
    guard !constraints.isEmpty else { return true }
    let subject: ConstraintSubject
    switch value {
    case .int(let int): subject = .int(int)
    case .double(let double): subject = .double(double)
    case .string(let text): subject = .string(text)
    case .list(let elements): subject = .items(elements.count)
    case .map(let entries): subject = .items(entries.count)
    default: return true
    }
    for entry in constraints.entries {
      do {
        try Constraint.check(entry.kind, subject, entry.bound, at: .root)
      } catch let violation as SchemaViolation {
        diagnostics.error(
          "\(what) breaks its own constraint '\(entry.kind.keyword)': expected "
            + "\(violation.expected), found \(violation.found)",
          at: node.location
        )
        return false
      } catch {
        diagnostics.error("\(what) breaks its own constraint: \(error)", at: node.location)
        return false
      }
    }
    return true
  }

  private func plainText(_ node: YAMLNode) -> String? {
    if case .scalar(let text, .plain) = node.kind { return text }
    return nil
  }

  private func key(_ entry: YAMLMappingEntry) -> String {
    if case .scalar(let text, _) = entry.key.kind { return text }
    return ""
  }

  mutating func mismatch(
    _ node: YAMLNode,
    _ expected: String,
    _ what: String
  ) -> DefaultValue? {
    fail(node, "\(what) must be \(expected), found \(describe(node))")
  }

  mutating func fail<T>(_ node: YAMLNode, _ message: String) -> T? {
    diagnostics.error(message, at: node.location)
    return nil
  }

  func describe(_ node: YAMLNode) -> String {
    switch node.kind {
    case .scalar(let text, .plain):
      if let meaning = YAMLScalar.nonStringMeaning(text) {
        return "\(meaning) \(text.isEmpty ? "(empty)" : text)"
      }
      return "the string '\(text)'"
    case .scalar(let text, _): return "the string '\(text)'"
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    }
  }
}

extension JSONBigInteger {
  /// A YAML decimal integer (`[-+]?[0-9]+`, leading zeros allowed) beyond 64 bits, as a
  /// payload's integer literal would be read.
  init?(yamlInteger text: String) {
    var body = Substring(text)
    var sign = ""
    if let first = body.first, first == "-" || first == "+" {
      sign = first == "-" ? "-" : ""
      body = body.dropFirst()
    }
    guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    let digits = body.drop { $0 == "0" }
    self.init(sign + digits)
  }
}
