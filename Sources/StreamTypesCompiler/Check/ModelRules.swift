import StreamTypes

/// The checker's rules for models: fields, their Swift names, constraints and defaults.
extension SchemaChecker {
  // MARK: Models

  /// Checks a model's fields except defaults (which need every model to be known).
  mutating func checkModelShape(_ parsed: ParsedModel) -> ModelDefinition {
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
      let constraints = checkConstraints(field, type: type)
      var constValue: ConstValue?
      if let node = field.constNode {
        guard let value = checkConst(node, of: field, type: type, constraints: constraints) else {
          continue
        }
        constValue = value
      }
      fields.append(
        FieldDefinition(
          wireName: field.wireName,
          swiftName: swiftName,
          type: type,
          description: field.description,
          defaultValue: nil,
          constraints: constraints,
          constValue: constValue,
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

  /// Whether a constraint that measures `measure` applies to a field of type `base`.
  static func applies(_ measure: ConstraintKind.Measure, to base: TypeRef) -> Bool {
    switch base {
    case .scalar(let scalar): scalar.measures.contains(measure)
    case .ndarray: measure == .shape
    case .list, .map: measure == .items
    case .optional, .named: false
    }
  }

  /// The types a measure applies to, for messages: "int and float".
  static func fieldKinds(of measure: ConstraintKind.Measure) -> String {
    let names =
      ScalarType.allCases.filter { $0.measures.contains(measure) }.map(\.rawValue)
      + (measure == .items ? ["list", "map"] : []) + (measure == .shape ? ["ndarray"] : [])
    return names.count > 1
      ? names.dropLast().joined(separator: ", ") + " and " + names.last! : names.joined()
  }

  mutating func checkConstraints(_ field: ParsedField, type: TypeRef) -> FieldConstraints {
    var constraints = FieldConstraints()
    let base = type.unwrapped
    for (keyword, node) in field.constraints {
      // The parser admits only the table's keywords.
      guard let kind = ConstraintKind(keyword: keyword) else { continue }
      guard Self.applies(kind.measure, to: base) else {
        diagnostics.error(
          "'\(keyword)' applies to \(Self.fieldKinds(of: kind.measure)) fields, but field "
            + "'\(field.wireName)' is \(base)",
          at: node.location
        )
        continue
      }
      switch kind.measure {
      case .number:
        guard let number = numberLiteral(node, keyword: keyword, integerOnly: base == .int) else {
          continue
        }
        constraints[kind] = number
      case .pattern:
        guard case .scalar(let pattern, _) = node.kind else {
          diagnostics.error("'\(keyword)' must be a regular expression string", at: node.location)
          continue
        }
        do {
          _ = try StringPattern(pattern)
          constraints[kind] = .pattern(pattern)
        } catch {
          diagnostics.error("'\(keyword)' \(error)", at: node.location)
        }
      case .length, .items:
        guard case .scalar(let text, .plain) = node.kind, let count = Int(text), count >= 0 else {
          diagnostics.error(
            "'\(keyword)' must be a non-negative integer",
            at: node.location
          )
          continue
        }
        constraints[kind] = .int(count)
      case .shape:
        let dimensions: [Int?]? =
          if case .sequence(let nodes, _) = node.kind {
            nodes.map { element -> Int?? in
              guard case .scalar(let text, .plain) = element.kind else { return nil }
              if text == "null" || text == "~" { return .some(nil) }
              return Int(text).flatMap { $0 >= 0 ? .some($0) : nil }
            }.reduce(into: [Int?]?.some([])) { result, dimension in
              guard let dimension else { return result = nil }
              result?.append(dimension)
            }
          } else { nil }
        guard let dimensions else {
          diagnostics.error(
            "'\(keyword)' must be a list of non-negative integers or null (any size), such as "
              + "'shape: [null, 80]'",
            at: node.location
          )
          continue
        }
        constraints[kind] = .shape(dimensions)
      }
    }
    checkBoundsLeaveAValue(constraints, field: field)
    return constraints
  }

  /// A lower bound above an upper bound of the same measure leaves no value that passes.
  mutating func checkBoundsLeaveAValue(_ constraints: FieldConstraints, field: ParsedField) {
    for low in constraints.entries where low.kind.comparison?.isLower == true {
      for high in constraints.entries
      where high.kind.measure == low.kind.measure && high.kind.comparison?.isLower == false
        && low.bound.doubleValue > high.bound.doubleValue
      {
        let message =
          switch low.kind.measure {
          case .number:
            "the lower bound \(low.bound) of field '\(field.wireName)' is above its upper "
              + "bound \(high.bound)"
          case .length, .items, .pattern, .shape:
            "the minimum \(low.kind.measure == .length ? "length" : "item count") \(low.bound) "
              + "of field '\(field.wireName)' is above its maximum \(high.bound)"
          }
        diagnostics.error(message + "; no value can pass", at: field.location)
      }
    }
  }

  mutating func numberLiteral(
    _ node: YAMLNode,
    keyword: String,
    integerOnly: Bool
  )
    -> ConstraintBound?
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

  mutating func checkDefault(of field: FieldDefinition, node: YAMLNode?) -> FieldDefinition {
    guard let node else { return field }
    var checked = field
    var reader = DefaultValueReader(
      enums: enums,
      models: models,
      unions: unions,
      defaulted: defaulted
    )
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
  func defaultNodes(of model: String) -> [String: YAMLNode] {
    guard case .model(let parsed) = definitions[model] else { return [:] }
    var nodes: [String: YAMLNode] = [:]
    var seen: Set<String> = []
    for field in parsed.fields where seen.insert(field.wireName).inserted {
      if let node = field.defaultValue { nodes[field.wireName] = node }
    }
    return nodes
  }
}
