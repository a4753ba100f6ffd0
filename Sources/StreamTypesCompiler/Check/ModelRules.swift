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

  enum ConstraintFamily: String {
    case number = "int and float"
    case string = "string"
    case collection = "list and map"
  }

  static func family(of keyword: String) -> ConstraintFamily {
    switch keyword {
    case "minimum", "maximum", "exclusive_minimum", "exclusive_maximum": .number
    case "min_length", "max_length", "pattern": .string
    default: .collection
    }
  }

  mutating func checkConstraints(_ field: ParsedField, type: TypeRef) -> FieldConstraints {
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

  mutating func numberLiteral(
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

  mutating func checkDefault(of field: FieldDefinition, node: YAMLNode?) -> FieldDefinition {
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
