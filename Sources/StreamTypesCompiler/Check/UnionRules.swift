import StreamTypes

/// The checker's rules for tagged unions and constants.
extension SchemaChecker {
  // MARK: Constants

  /// The field's `const:` value, read as its type reads a default; nil after a diagnostic.
  mutating func checkConst(
    _ node: YAMLNode,
    of field: ParsedField,
    type: TypeRef,
    constraints: FieldConstraints
  ) -> ConstValue? {
    let what = "the const of field '\(field.wireName)'"
    switch type {
    case .scalar(.string), .scalar(.int), .scalar(.bool):
      break
    case .optional:
      diagnostics.error(
        "field '\(field.wireName)' has a 'const', so it is always present; it cannot be "
          + "optional",
        at: node.location
      )
      return nil
    default:
      diagnostics.error(
        "'const' applies to string, int and bool fields, but field '\(field.wireName)' is "
          + "\(type)",
        at: node.location
      )
      return nil
    }
    if field.defaultValue != nil {
      diagnostics.error(
        "field '\(field.wireName)' has both 'const' and 'default'; a constant is always "
          + "written, so it takes no default",
        at: field.defaultLocation ?? node.location
      )
      return nil
    }
    var reader = DefaultValueReader(enums: [:], models: [:], defaulted: [])
    let value = reader.read(node, as: type, constraints: constraints, what: what)
    diagnostics.append(contentsOf: reader.diagnostics.diagnostics)
    return value?.constValue
  }

  // MARK: Unions

  /// A union with no members yet, standing in the checked file until the union is checked.
  func placeholder(for parsed: ParsedUnion) -> UnionDefinition {
    UnionDefinition(
      name: parsed.name,
      description: parsed.description,
      members: [],
      discriminator: parsed.discriminator?.name ?? "",
      unknown: parsed.unknown,
      location: parsed.location
    )
  }

  /// Checks a union against its members, which must be checked models.
  mutating func checkUnion(_ parsed: ParsedUnion) -> UnionDefinition {
    var checked = placeholder(for: parsed)
    let discriminator = checked.discriminator
    var byModel: [String: SourceLocation] = [:]
    var byTag: [String: (model: String, location: SourceLocation)] = [:]
    var byCase: [String: String] = [:]
    byCase["tag"] = "the union's 'tag' property"
    if parsed.unknown == .keep { byCase["unknown"] = "the 'unknown' case" }
    for (name, location) in parsed.members {
      if let first = byModel[name] {
        diagnostics.error("'\(name)' is listed twice in union '\(parsed.name)'", at: location)
        diagnostics.note("'\(name)' first listed here", at: first)
        continue
      }
      byModel[name] = location
      guard let model = memberModel(name, of: parsed, at: location) else { continue }
      guard let field = model.fields.first(where: { $0.wireName == discriminator }) else {
        diagnostics.error(
          "model '\(name)', a member of union '\(parsed.name)', has no field "
            + "'\(discriminator)', the union's discriminator; add one with a constant, such "
            + "as '\(discriminator): {type: string, const: \(Self.exampleTag(name))}'",
          at: location
        )
        continue
      }
      guard case .string(let tag)? = field.constValue else {
        diagnostics.error(
          "field '\(discriminator)' of model '\(name)' must have a 'const' string to tell "
            + "the members of union '\(parsed.name)' apart, such as "
            + "'\(discriminator): {type: string, const: \(Self.exampleTag(name))}'",
          at: field.location
        )
        continue
      }
      if let first = byTag[tag] {
        diagnostics.error(
          "members '\(first.model)' and '\(name)' of union '\(parsed.name)' both have "
            + "'\(discriminator)' \(JSONText.quoted(tag)); each member needs its own constant",
          at: field.location
        )
        diagnostics.note("'\(first.model)' has it here", at: first.location)
        continue
      }
      byTag[tag] = (name, field.location)
      guard let swiftName = SwiftNames.caseName(forValue: name) else { continue }
      if let first = byCase[swiftName] {
        diagnostics.error(
          "member '\(name)' of union '\(parsed.name)' would become the Swift case "
            + "'\(swiftName)', as \(first) does; rename the model",
          at: location
        )
        continue
      }
      byCase[swiftName] = "member '\(name)'"
      checked.members.append(.init(model: name, tag: tag, swiftName: swiftName))
    }
    return checked
  }

  /// The member's checked model, or nil after a diagnostic when it is not a model.
  private mutating func memberModel(
    _ name: String,
    of union: ParsedUnion,
    at location: SourceLocation
  ) -> ModelDefinition? {
    let not: String
    switch definitions[name] {
    case .model:
      return models[name]
    case .enumeration: not = "an enum"
    case .union: not = "a union; list its members instead"
    case .stream: not = "a stream"
    case nil where TypeExpressionParser.builtins[name] != nil: not = "a built-in type"
    case nil where brokenNames.contains(name): return nil
    case nil:
      diagnostics.error(
        "unknown type '\(name)' in union '\(union.name)'\(typeHint(for: name))",
        at: location
      )
      return nil
    }
    diagnostics.error(
      "the members of union '\(union.name)' must be models, but '\(name)' is \(not)",
      at: location
    )
    return nil
  }

  /// `TextDelta` -> `text_delta`, for examples in messages.
  static func exampleTag(_ model: String) -> String {
    var tag = ""
    for scalar in model.unicodeScalars {
      if ("A"..."Z").contains(scalar), !tag.isEmpty { tag += "_" }
      tag += String(scalar).lowercased()
    }
    return tag
  }
}
