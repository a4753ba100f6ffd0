/// Models: a struct conforming to the runtime's `StreamModel`, with its coding keys, a
/// memberwise initializer with the defaults, the `Codable` conformance, the reader's direct
/// decoder, the writer's direct `writeJSON(to:)` and `validate(at:deep:)`.
extension SwiftEmitter {
  func emitModel(_ model: ModelDefinition, into out: inout SourceWriter) {
    out.documentation(model.description)
    out.block("\(modifier)struct \(model.name): StreamTypes.StreamModel") { out in
      for field in model.fields {
        out.documentation(field.description)
        let name = SwiftNames.escaped(field.swiftName)
        if let constant = field.constValue {
          // Always this value: a static constant, not a stored property.
          out.assignment(
            "\(modifier)static let \(name): \(swiftType(field.type))",
            SwiftLiteral.constant(constant),
            indent: 2
          )
        } else {
          out.line("\(modifier)var \(name): \(swiftType(field.type))")
        }
      }
      if !model.fields.isEmpty { out.line("") }
      emitMemberwiseInit(model, into: &out)
      out.line("")
      // An enum with no cases cannot have a raw type: an empty model's keys have none.
      let rawType = model.fields.isEmpty ? "" : "Swift.String, "
      out.block("enum \(codingKeys): \(rawType)Swift.CodingKey, Swift.CaseIterable") { out in
        for field in model.fields { out.stringCase(field.swiftName, rawValue: field.wireName) }
      }
      out.line("")
      emitDecoder(model, into: &out)
      out.line("")
      emitPayloadDecoder(model, into: &out)
      out.line("")
      emitEncoder(model, into: &out)
      out.line("")
      emitJSONWriter(model, into: &out)
      out.line("")
      emitValidation(model, into: &out)
      out.line("")
      emitEquality(model, into: &out)
    }
  }

  /// `==`, stored field by stored field in order, as the synthesized conformance compares
  /// them, but through `StreamTypes.FieldEquality.equal`, which the type checker resolves
  /// at once, where each synthesized `==` searched the operator's whole overload set.
  /// `hash(into:)` stays synthesized.
  private func emitEquality(_ model: ModelDefinition, into out: inout SourceWriter) {
    let stored = model.fields.filter { $0.constValue == nil }
    let signature = "\(modifier)static func == (lhs: Self, rhs: Self) -> Swift.Bool"
    guard !stored.isEmpty else {
      out.line("\(signature) { true }")
      return
    }
    out.block(signature) { out in
      for field in stored {
        let name = SwiftNames.escaped(field.swiftName)
        out.guardCall(
          "StreamTypes.FieldEquality.equal",
          ["lhs.\(name)", "rhs.\(name)"],
          else: "return false"
        )
      }
      out.line("return true")
    }
  }

  private func emitMemberwiseInit(_ model: ModelDefinition, into out: inout SourceWriter) {
    let stored = model.fields.filter { $0.constValue == nil }
    guard !stored.isEmpty else {
      out.line("\(modifier)init() {}")
      return
    }
    let taken = Set(model.fields.map(\.swiftName))
    var parameters: [String] = []
    var assignments: [String] = []
    for field in stored {
      let property = SwiftNames.escaped(field.swiftName)
      // A parameter named `self` would hide `self` in the body, so it gets another name.
      var local = property
      var declaration = property
      if field.swiftName == "self" {
        local = "selfValue"
        while taken.contains(local) { local += "_" }
        declaration = "self \(local)"
      }
      var parameter = "\(declaration): \(swiftType(field.type))"
      if let value = field.defaultValue {
        parameter += " = \(literal(value, as: field.type))"
      } else if field.type.isOptional {
        parameter += " = nil"
      }
      parameters.append(parameter)
      assignments.append("self.\(property) = \(local)")
    }
    out.line("\(modifier)init(")
    out.indented { out in
      for (index, parameter) in parameters.enumerated() {
        out.line(parameter + (index == parameters.count - 1 ? "" : ","))
      }
    }
    out.block(")") { out in
      for assignment in assignments { out.line(assignment) }
    }
  }

  // MARK: Reading

  private func emitDecoder(_ model: ModelDefinition, into out: inout SourceWriter) {
    out.block("\(modifier)init(from decoder: any Swift.Decoder) throws") { out in
      let containerKeyword = model.fields.isEmpty ? "_ =" : "let container ="
      out.line("\(containerKeyword) try decoder.container(keyedBy: \(codingKeys).self)")
      if model.additionalFields == .forbid {
        out.line("try StreamTypes.UnknownFields.reject(in: decoder, allowed: \(codingKeys).self)")
      }
      for field in model.fields {
        let name = SwiftNames.escaped(field.swiftName)
        if field.constValue != nil {
          out.line(
            "try StreamTypes.ConstantCoding.check(container, key: .\(name), is: Self.\(name))"
          )
          continue
        }
        let value = decodeExpression(field, from: "container", key: ".\(name)")
        out.assignment("self.\(name)", value, indent: 4)
      }
      out.line(
        "try validate(at: StreamTypes.JSONPath(codingPath: decoder.codingPath), deep: false)"
      )
    }
  }

  /// The direct decoder the stream reader uses: the same checks and errors as
  /// `init(from:)`, read straight from the payload.
  private func emitPayloadDecoder(_ model: ModelDefinition, into out: inout SourceWriter) {
    out.block("\(modifier)init(payload value: StreamTypes.PayloadValue) throws") { out in
      let forbids = model.additionalFields == .forbid
      let objectKeyword = model.fields.isEmpty && !forbids ? "_ =" : "let object ="
      out.line("\(objectKeyword) try value.object()")
      if forbids {
        out.line("try object.rejectUnknownKeys(allowed: \(codingKeys).self)")
      }
      for field in model.fields {
        let key = SwiftLiteral.string(field.wireName)
        let name = SwiftNames.escaped(field.swiftName)
        if field.constValue != nil {
          out.call(
            "try StreamTypes.ConstantCoding.check",
            ["object", "key: \(key)", "is: Self.\(name)"]
          )
          continue
        }
        let value = decodeExpression(field, from: "object", key: key)
        out.assignment("self.\(name)", value, indent: 4)
      }
      out.line("try validate(at: value.path, deep: false)")
    }
  }

  /// How a field is read from a keyed container or a payload object (both offer the same
  /// `decode`, `decodeIfPresent` and `contains`), with its default when the key is absent.
  private func decodeExpression(
    _ field: FieldDefinition,
    from source: String,
    key: String
  )
    -> String
  {
    if let value = field.defaultValue {
      let wire = wireType(field.type)
      if let conversion = fromWire(field.type) {
        return "try \(source).contains(\(key)) "
          + "? \(source).decode(\(wire).self, forKey: \(key))\(conversion) "
          + ": \(literal(value, as: field.type))"
      }
      return "try \(source).decode(\(wire).self, forKey: \(key), default: "
        + "\(literal(value, as: field.type)))"
    }
    if case .optional(let wrapped) = field.type {
      let conversion = fromWire(wrapped).map { "?\($0)" } ?? ""
      return "try \(source).decodeIfPresent(\(wireType(wrapped)).self, forKey: \(key))"
        + conversion
    }
    return "try \(source).decode(\(wireType(field.type)).self, forKey: \(key))"
      + (fromWire(field.type) ?? "")
  }

  // MARK: Writing

  private func emitEncoder(_ model: ModelDefinition, into out: inout SourceWriter) {
    out.block("\(modifier)func encode(to encoder: any Swift.Encoder) throws") { out in
      guard !model.fields.isEmpty else {
        out.line("_ = encoder.container(keyedBy: \(codingKeys).self)")
        return
      }
      out.line("var container = encoder.container(keyedBy: \(codingKeys).self)")
      for field in model.fields {
        let name = SwiftNames.escaped(field.swiftName)
        let owner = field.constValue == nil ? "self" : "Self"
        let value = toWire("\(owner).\(name)", field.type) ?? "\(owner).\(name)"
        out.call("try container.encode", [value, "forKey: .\(name)"])
      }
    }
  }

  private func emitJSONWriter(_ model: ModelDefinition, into out: inout SourceWriter) {
    // Every field is written, in order (nil as null), so the braces, commas and keys are
    // known here: each is one literal, copied whole. Wire names are identifiers, so the
    // keys need no escaping.
    out.line("\(modifier)static var checksConstraintsWhileWriting: Swift.Bool { true }")
    out.line("")
    out.block("\(modifier)func writeJSON(to writer: inout StreamTypes.JSONWriter)") { out in
      guard !model.fields.isEmpty else {
        out.line("writer.writeRaw(\(SwiftLiteral.string("{}")))")
        return
      }
      for (index, field) in model.fields.enumerated() {
        let name = SwiftNames.escaped(field.swiftName)
        let text = (index == 0 ? "{" : ",") + "\"\(field.wireName)\":"
        if let constant = field.constValue {
          // The key and the constant in one literal, when the constant needs no escaping.
          if let json = constant.plainJSON {
            out.line("writer.writeRaw(\(SwiftLiteral.rawString(text + json)))")
          } else {
            out.line("writer.writeRaw(\(SwiftLiteral.rawString(text)))")
            out.line("Self.\(name).writeJSON(to: &writer)")
          }
          continue
        }
        out.line("writer.writeRaw(\(SwiftLiteral.rawString(text)))")
        out.line("self.\(name).writeJSON(to: &writer)")
        // The field's constraints, checked as it is written (nested models check theirs
        // in their own writeJSON): the same conditions as `validate`.
        if field.type.isOptional {
          let checks = constraintList(field.constraints, value: "value")
          if !checks.isEmpty {
            out.block("if let value = self.\(name)") { out in
              for check in checks {
                out.call(wrappedIn: "writer.check", check.function, check.arguments)
              }
            }
          }
        } else {
          for check in constraintList(field.constraints, value: "self.\(name)") {
            out.call(wrappedIn: "writer.check", check.function, check.arguments)
          }
        }
      }
      out.line("writer.writeRaw(\(SwiftLiteral.string("}")))")
    }
  }

  // MARK: Constraints

  /// A field's constraints in `validate`'s order, each as the arguments of the runtime's
  /// `Constraint` function for its measure: the one-argument-shorter form is the condition
  /// that holds when `value` meets it, the form with `at:` throws its violation. `validate`
  /// and `writeJSON` both take them from here, so they check the same.
  private func constraintList(
    _ constraints: FieldConstraints,
    value: String
  ) -> [(function: String, arguments: [String])] {
    constraints.entries.map { entry in
      let measured =
        switch entry.kind.measure {
        case .items: "\(value).count"
        case .shape: "\(value).shape"
        case .number, .length, .pattern: value
        }
      let bound =
        switch entry.bound {
        case .pattern(let text): SwiftLiteral.string(text)
        case .shape(let dimensions):
          "[" + dimensions.map { $0.map(String.init) ?? "nil" }.joined(separator: ", ") + "]"
        case .int, .double: entry.bound.description
        }
      return (
        "StreamTypes.Constraint.\(entry.kind.measure.rawValue)",
        [".\(entry.kind.rawValue)", measured, bound]
      )
    }
  }

  private func emitValidation(_ model: ModelDefinition, into out: inout SourceWriter) {
    var checks: [String] = []
    var deepChecks: [String] = []
    for field in model.fields where field.constValue == nil {
      let value = "self.\(SwiftNames.escaped(field.swiftName))"
      // `path` is an autoclosure: the path is built only when a check fails.
      let path = "path().appending(key: \(SwiftLiteral.string(field.wireName)))"
      // The checks sit two levels deep (type, function), three inside `if let`.
      if field.type.isOptional {
        let lines = constraintChecks(field.constraints, value: "value", path: path, indent: 6)
        if !lines.isEmpty {
          checks.append("if let value = \(value) {")
          checks.append(contentsOf: lines.map { "  " + $0 })
          checks.append("}")
        }
      } else {
        checks.append(
          contentsOf: constraintChecks(field.constraints, value: value, path: path, indent: 4)
        )
      }
      deepChecks.append(contentsOf: nestedValidation(value, field.type, path: path, depth: 0))
    }
    let signature =
      "\(modifier)func validate(at path: @autoclosure () -> StreamTypes.JSONPath, deep: Swift.Bool)"
      + " throws"
    guard !checks.isEmpty || !deepChecks.isEmpty else {
      out.line("\(signature) {}")
      return
    }
    out.block(signature) { out in
      for line in checks { out.line(line) }
      if !deepChecks.isEmpty {
        out.line("guard deep else { return }")
        for line in deepChecks { out.line(line) }
      }
    }
  }

  private func constraintChecks(
    _ constraints: FieldConstraints,
    value: String,
    path: String,
    indent: Int
  ) -> [String] {
    var lines: [String] = []
    for (function, arguments) in constraintList(constraints, value: value) {
      let call = "try \(function)(\(arguments.joined(separator: ", ")), at: \(path))"
      if indent + call.count <= 100 {
        lines.append(call)
      } else {
        // One argument a line, as swift-format writes a call that does not fit.
        lines.append("try \(function)(")
        lines.append(contentsOf: arguments.map { "  \($0)," } + ["  at: \(path)"])
        lines.append(")")
      }
    }
    return lines
  }

  /// Statements that validate the models inside a value, with their paths.
  private func nestedValidation(
    _ value: String,
    _ type: TypeRef,
    path: String,
    depth: Int
  )
    -> [String]
  {
    guard type.contains(where: isModel) else { return [] }
    let element = "element\(depth == 0 ? "" : "\(depth)")"
    switch type {
    case .named:
      return ["try \(value).validate(at: \(path), deep: true)"]
    case .list(let inner) where isModel(inner), .map(let inner) where isModel(inner):
      return ["try StreamTypes.Constraint.each(\(value), at: \(path))"]
    case .optional(let inner):
      return ["if let \(element) = \(value) {"]
        + nestedValidation(element, inner, path: path, depth: depth + 1).map { "  " + $0 }
        + ["}"]
    case .list(let inner):
      let index = "index\(depth == 0 ? "" : "\(depth)")"
      return ["for (\(index), \(element)) in \(value).enumerated() {"]
        + nestedValidation(
          element,
          inner,
          path: "\(path).appending(index: \(index))",
          depth: depth + 1
        ).map { "  " + $0 } + ["}"]
    case .map(let inner):
      let key = "key\(depth == 0 ? "" : "\(depth)")"
      return ["for \(key) in \(value).keysInByteOrder {"]
        + nestedValidation(
          "\(value)[\(key)]!",
          inner,
          path: "\(path).appending(key: \(key))",
          depth: depth + 1
        ).map { "  " + $0 } + ["}"]
    default:
      return []
    }
  }
}
