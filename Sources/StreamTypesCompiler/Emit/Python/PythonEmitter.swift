import Foundation
@_spi(Generated) import StreamTypes

/// Writes the Python module of one schema file: pydantic v2 models as a pydantic user
/// writes them by hand, with the schema's rules stated through `Field` and a few helpers
/// (``PythonPrelude``), and each stream's types for `truss_chains.streaming.stream_types`.
/// The output depends only on the module, so two runs give the same bytes.
struct PythonEmitter {
  let module: SchemaModule
  let models: [String: ModelDefinition]
  let enums: [String: EnumDefinition]
  let unions: [String: UnionDefinition]
  /// The Python module that defines each type name (models, enums, unions and the
  /// classes the emitter adds for unions).
  var moduleOfType: [String: String] = [:]
  /// Every type name of the module, which no attribute may take.
  var typeNames: Set<String> = []
  /// Unions that are a stream part somewhere in the module, and so get a `RootModel`.
  var rootedUnions: Set<String> = []
  /// The Python modules each module imports names from.
  var importsOfModule: [String: Set<String>] = [:]

  init(module: SchemaModule) {
    self.module = module
    (models, enums, unions) = module.definitionsByName
    for file in module.files {
      let name = PythonNames.moduleName(forSchemaPath: file.path)
      for type in file.types { moduleOfType[type.name] = name }
    }
    typeNames = Set(moduleOfType.keys)
    for stream in module.streams {
      for part in stream.partModels where unions[part] != nil {
        rootedUnions.insert(part)
      }
    }
    for union in unions.values {
      let file = moduleOfType[union.name]!
      if union.unknown == .keep { moduleOfType[unknownClass(union)] = file }
      if rootedUnions.contains(union.name) { moduleOfType[rootClass(union.name)] = file }
    }
    for file in module.files {
      let name = PythonNames.moduleName(forSchemaPath: file.path)
      importsOfModule[name] = Set(
        referencedNames(file).compactMap { moduleOfType[$0] }.filter { $0 != name }
      )
    }
  }

  /// The type names a file's module refers to: its fields' named types, its unions'
  /// members and its streams' part classes.
  func referencedNames(_ file: SchemaFile) -> Set<String> {
    var names: Set<String> = []
    func note(_ type: TypeRef) {
      switch type {
      case .map(let inner), .list(let inner), .optional(let inner): note(inner)
      case .named(let name): names.insert(name)
      default: break
      }
    }
    for type in file.types {
      switch type {
      case .model(let model): for field in model.fields { note(field.type) }
      case .union(let union): for member in union.members { names.insert(member.model) }
      default: break
      }
    }
    for stream in file.streams { for part in stream.partModels { names.insert(partClass(part)) } }
    return names
  }

  /// Whether `owner` imports, directly or not, from `module`: then `module` importing from
  /// `owner` closes a cycle.
  func imports(_ owner: String, from module: String) -> Bool {
    var seen: Set<String> = []
    var next = [owner]
    while let current = next.popLast() {
      for imported in importsOfModule[current] ?? [] where seen.insert(imported).inserted {
        if imported == module { return true }
        next.append(imported)
      }
    }
    return false
  }

  /// The class that keeps a union's value whose tag names no member.
  func unknownClass(_ union: UnionDefinition) -> String {
    var name = union.name + "Unknown"
    while typeNames.contains(name) { name += "_" }
    return name
  }

  /// The `RootModel` of a union that is a stream part (truss reads and writes models).
  func rootClass(_ union: String) -> String {
    var name = union + "Root"
    while typeNames.contains(name) { name += "_" }
    return name
  }

  /// The class a stream part is read and written as.
  func partClass(_ type: String) -> String {
    unions[type] != nil ? rootClass(type) : type
  }

  func attributes(_ model: ModelDefinition) -> [String] {
    PythonNames.attributes(forWireNames: model.fields.map(\.wireName), taken: typeNames)
  }

  // MARK: The module

  func emit(_ file: SchemaFile) -> String {
    let moduleName = PythonNames.moduleName(forSchemaPath: file.path)
    var uses: PythonPrelude.Uses = []
    var dtypes: Set<String> = []
    var referenced: Set<String> = []
    var body = PythonWriter()
    let enumerations = file.types.compactMap { type -> EnumDefinition? in
      if case .enumeration(let definition) = type { return definition }
      return nil
    }
    let fileModels = file.types.compactMap { type -> ModelDefinition? in
      if case .model(let definition) = type { return definition }
      return nil
    }
    let fileUnions = file.types.compactMap { type -> UnionDefinition? in
      if case .union(let definition) = type { return definition }
      return nil
    }
    func note(_ type: TypeRef) {
      switch type {
      case .scalar(.int): uses.insert(.int64)
      case .scalar(.datetime): uses.insert(.datetime)
      case .scalar(.json): uses.formUnion([.json, .byteOrder])
      case .ndarray(let dtype):
        uses.insert(.ndarray)
        dtypes.insert(dtype.rawValue)
      case .map(let inner):
        uses.insert(.byteOrder)
        note(inner)
      case .list(let inner), .optional(let inner): note(inner)
      case .named(let name): referenced.insert(name)
      default: break
      }
    }
    for enumeration in enumerations {
      body.gap()
      emitEnum(enumeration, into: &body)
    }
    for model in fileModels {
      for field in model.fields {
        note(field.type)
        if field.constValue != nil { uses.insert(.constants) }
        if field.constraints[.shape] != nil { uses.insert(.shape) }
      }
      body.gap()
      emitModel(model, into: &body)
    }
    for union in fileUnions {
      for member in union.members { referenced.insert(member.model) }
      if union.unknown == .keep { uses.formUnion([.unknownTags, .json, .byteOrder]) }
      body.gap()
      emitUnion(union, into: &body)
    }
    if !file.streams.isEmpty {
      uses.insert(.streams)
      for stream in file.streams {
        for part in stream.partModels {
          referenced.insert(partClass(part))
        }
        body.gap()
        emitStream(stream, into: &body)
      }
      body.gap()
      emitStreamTable(file.streams, into: &body)
    }

    var out = PythonWriter()
    let fileName = file.path.split(separator: "/").last.map(String.init) ?? file.path
    out.line(
      "# Generated by streamtypes from \(fileName). Do not edit: change the schema, then run"
    )
    out.line("#   streamtypes generate SCHEMA... --output DIR --language python")
    out.line("# (or build the Swift target, whose streamtypes-config.yaml says language: python).")
    out.docstring(file.description ?? "Types of the streams of \(fileName).")
    out.line("")
    out.line("from __future__ import annotations")
    out.line("")
    for line in PythonPrelude.imports(uses, needsEnum: !enumerations.isEmpty) { out.line(line) }
    var imports: [String: Set<String>] = [:]
    for name in referenced {
      guard let owner = moduleOfType[name], owner != moduleName else { continue }
      imports[owner, default: []].insert(name)
    }
    // A module that imports from this one, directly or not, is imported at the end, once
    // this module's classes exist: Python then resolves the cycle, and pydantic the
    // annotations (strings here) when a model is first used.
    let cyclic = Set(imports.keys.filter { self.imports($0, from: moduleName) })
    let atTop = imports.keys.filter { !cyclic.contains($0) }.sorted()
    if !atTop.isEmpty {
      out.line("")
      for owner in atTop {
        out.line("from \(owner) import \(imports[owner]!.sorted().joined(separator: ", "))")
      }
    }
    for block in PythonPrelude.helpers(uses, dtypes: dtypes.sorted()) {
      out.gap()
      for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
        out.line(String(line))
      }
    }
    out.append(body)
    if !cyclic.isEmpty {
      out.gap()
      out.line("# Modules that import from this one: imported last, so that the cycle resolves.")
      for owner in cyclic.sorted() {
        out.line(
          "from \(owner) import \(imports[owner]!.sorted().joined(separator: ", "))  # noqa: E402"
        )
      }
    }
    return out.text
  }

  // MARK: Enums

  func emitEnum(_ enumeration: EnumDefinition, into out: inout PythonWriter) {
    out.line("class \(enumeration.name)(str, enum.Enum):")
    out.indented { out in
      if let description = enumeration.description { out.docstring(description) }
      let names = PythonNames.enumMembers(forValues: enumeration.cases.map(\.value))
      for (name, enumCase) in zip(names, enumeration.cases) {
        out.line("\(name) = \(PythonLiteral.string(enumCase.value))")
      }
    }
  }

  // MARK: Models

  func emitModel(_ model: ModelDefinition, into out: inout PythonWriter) {
    let names = attributes(model)
    out.line("class \(model.name)(pydantic.BaseModel):")
    out.indented { out in
      if let description = model.description {
        out.docstring(description)
        out.line("")
      }
      var config = ["extra=\"\(model.additionalFields.rawValue)\"", "strict=True"]
      if model.fields.contains(where: { $0.type.contains { $0 == .float } }) {
        config.append("allow_inf_nan=False")
      }
      if zip(names, model.fields).contains(where: { $0 != $1.wireName }) {
        config += ["validate_by_name=True", "serialize_by_alias=True"]
      }
      if model.fields.contains(where: { $0.type.contains { $0 == .scalar(.bytes) } }) {
        config += ["ser_json_bytes=\"base64\"", "val_json_bytes=\"base64\""]
      }
      out.call("model_config = pydantic.ConfigDict", config)
      if !model.fields.isEmpty { out.line("") }
      for (name, field) in zip(names, model.fields) {
        emitField(field, name: name, into: &out)
      }
      let constants = zip(names, model.fields).filter { $1.constValue != nil }
      if !constants.isEmpty {
        out.line("")
        out.line("@pydantic.model_validator(mode=\"before\")")
        out.line("@classmethod")
        out.line(
          "def _constants_present(cls, data: typing.Any, info: pydantic.ValidationInfo) -> typing.Any:"
        )
        out.indented { out in
          let keys = constants.map { PythonLiteral.string($1.wireName) }.joined(separator: ", ")
          out.line("return _require_constants(data, info, \(keys))")
        }
      }
    }
  }

  func emitField(_ field: FieldDefinition, name: String, into out: inout PythonWriter) {
    var type = pythonType(field.type)
    var arguments: [String] = []
    var plainDefault: String? = nil
    if let constant = field.constValue {
      let literal = PythonLiteral.constant(constant)
      type = "typing.Literal[\(literal)]"
      if field.type.isOptional { type = "typing.Optional[\(type)]" }
      plainDefault = literal
    } else if let value = field.defaultValue {
      let expression = literal(value, as: field.type)
      if isMutable(value) {
        let factory = ["[]": "list", "{}": "dict"][expression] ?? "lambda: \(expression)"
        arguments.append("default_factory=\(factory)")
      } else {
        plainDefault = expression
      }
    } else if field.type.isOptional {
      plainDefault = "None"
    }
    if case .shape(let dimensions)? = field.constraints[.shape] {
      let text = dimensions.map { $0.map(String.init) ?? "None" }.joined(separator: ", ")
      let inner =
        "typing.Annotated[\(pythonType(field.type.unwrapped)), "
        + "pydantic.AfterValidator(_shape(\(text)))]"
      type = field.type.isOptional ? "typing.Optional[\(inner)]" : inner
    }
    if name != field.wireName { arguments.append("alias=\(PythonLiteral.string(field.wireName))") }
    for entry in field.constraints.entries {
      let keyword: String
      switch entry.kind {
      case .minimum: keyword = "ge"
      case .exclusiveMinimum: keyword = "gt"
      case .maximum: keyword = "le"
      case .exclusiveMaximum: keyword = "lt"
      case .minLength, .minItems: keyword = "min_length"
      case .maxLength, .maxItems: keyword = "max_length"
      case .pattern: keyword = "pattern"
      case .shape: continue
      }
      let bound: String =
        switch entry.bound {
        case .int(let value): "\(value)"
        case .double(let value): PythonLiteral.float(value)
        case .pattern(let text): PythonLiteral.pattern(PythonPattern.translate(text))
        case .shape: ""
        }
      arguments.append("\(keyword)=\(bound)")
    }
    if let description = field.description {
      arguments.append("description=\(PythonLiteral.string(description))")
    }
    if arguments.isEmpty {
      out.line("\(name): \(type)" + (plainDefault.map { " = \($0)" } ?? ""))
    } else {
      if let plainDefault { arguments.insert("default=\(plainDefault)", at: 0) }
      out.call("\(name): \(type) = pydantic.Field", arguments)
    }
  }

  // MARK: Unions

  func emitUnion(_ union: UnionDefinition, into out: inout PythonWriter) {
    let attribute =
      models[union.members.first!.model].map { model -> String in
        let index = model.fields.firstIndex { $0.wireName == union.discriminator } ?? 0
        return attributes(model)[index]
      } ?? union.discriminator
    if union.unknown == .keep {
      let unknown = unknownClass(union)
      out.line(
        "class \(unknown)(pydantic.RootModel[typing.Annotated[typing.Dict[str, _Json], _BYTE_ORDER]]):"
      )
      out.indented { out in
        out.docstring(
          "A value of \(union.name) whose \(union.discriminator) names no member, kept whole and "
            + "written back unchanged."
        )
      }
      out.gap()
    }
    if let description = union.description {
      for line in description.split(separator: "\n", omittingEmptySubsequences: false) {
        out.line("# \(line)".trimmingTrailingSpaces)
      }
    }
    out.line("\(union.name) = typing.Annotated[")
    out.indented { out in
      out.line("typing.Union[")
      out.indented { out in
        for member in union.members {
          if union.unknown == .keep {
            out.line(
              "typing.Annotated[\(member.model), pydantic.Tag(\(PythonLiteral.string(member.tag)))],"
            )
          } else {
            out.line("\(member.model),")
          }
        }
        if union.unknown == .keep {
          out.line(
            "typing.Annotated[\(unknownClass(union)), pydantic.Tag(\(PythonLiteral.string(unknownTag(union))))],"
          )
        }
      }
      out.line("],")
      if union.unknown == .keep {
        let tags = union.members.map { PythonLiteral.string($0.tag) }.joined(separator: ", ")
        out.line("pydantic.Discriminator(")
        out.indented { out in
          out.line("_tag_or_unknown(")
          out.indented { out in
            out.line("\(PythonLiteral.string(union.discriminator)),")
            out.line("\(PythonLiteral.string(attribute)),")
            out.line("frozenset({\(tags)}),")
            out.line("\(PythonLiteral.string(unknownTag(union))),")
          }
          out.line(")")
        }
        out.line("),")
      } else {
        out.line("pydantic.Field(discriminator=\(PythonLiteral.string(attribute))),")
      }
    }
    out.line("]")
    if rootedUnions.contains(union.name) {
      out.gap()
      out.line("class \(rootClass(union.name))(pydantic.RootModel[\(union.name)]):")
      out.indented { out in
        out.docstring(
          "\(union.name) as a model of its own, for a stream part (truss reads and writes "
            + "models)."
        )
      }
    }
  }

  /// A tag no member has, for the unknown case.
  func unknownTag(_ union: UnionDefinition) -> String {
    var tag = "<unknown>"
    while union.member(tagged: tag) != nil { tag += "?" }
    return tag
  }

  // MARK: Streams

  func emitStream(_ stream: StreamDefinition, into out: inout PythonWriter) {
    let function = PythonNames.snakeCase(stream.name) + "_stream_types"
    var arguments = [partClass(stream.item)]
    if let header = stream.header { arguments.append("header_type=\(partClass(header))") }
    if let footer = stream.footer { arguments.append("footer_type=\(partClass(footer))") }
    out.line("def \(function)() -> typing.Any:")
    out.indented { out in
      var text = stream.description.map { $0 + "\n\n" } ?? ""
      text +=
        "The `\(stream.name)` stream's types for a chainlet: "
        + "`truss_chains.streaming.stream_types(\(arguments.joined(separator: ", ")))`. "
        + "Imports truss only when called."
      if let error = stream.error {
        text +=
          " The stream's error part, `\(partClass(error))`, travels as frame kind 6, which "
          + "truss_chains.streaming neither writes nor reads: its reader raises on it."
      }
      out.docstring(text)
      out.line("streaming = importlib.import_module(\"truss_chains.streaming\")")
      out.line("return streaming.stream_types(\(arguments.joined(separator: ", ")))")
    }
  }

  func emitStreamTable(_ streams: [StreamDefinition], into out: inout PythonWriter) {
    out.line("# Each stream's (header, item, footer) models; None for a part it does not declare.")
    out.line("STREAMS: typing.Dict[")
    out.indented { out in
      out.line("str,")
      out.line("typing.Tuple[")
      out.indented { out in
        out.line("typing.Optional[typing.Type[pydantic.BaseModel]],")
        out.line("typing.Type[pydantic.BaseModel],")
        out.line("typing.Optional[typing.Type[pydantic.BaseModel]],")
      }
      out.line("],")
    }
    out.line("] = {")
    out.indented { out in
      for stream in streams {
        let parts = [
          stream.header.map(partClass) ?? "None", partClass(stream.item),
          stream.footer.map(partClass) ?? "None",
        ]
        out.line("\(PythonLiteral.string(stream.name)): (\(parts.joined(separator: ", "))),")
      }
    }
    out.line("}")
    out.line("")
    out.line(
      "# Each stream's error part (frame kind 6, or its server-sent event), for those that declare one."
    )
    let errors = streams.compactMap { stream in
      stream.error.map { "\(PythonLiteral.string(stream.name)): \(partClass($0))," }
    }
    if errors.isEmpty {
      out.line("STREAM_ERRORS: typing.Dict[str, typing.Type[pydantic.BaseModel]] = {}")
    } else {
      out.line("STREAM_ERRORS: typing.Dict[str, typing.Type[pydantic.BaseModel]] = {")
      out.indented { out in for line in errors { out.line(line) } }
      out.line("}")
    }
  }

  // MARK: Types and values

  func pythonType(_ type: TypeRef) -> String {
    switch type {
    case .scalar(.string): "str"
    case .scalar(.int): "_Int64"
    case .scalar(.float): "float"
    case .scalar(.bool): "bool"
    case .scalar(.datetime): "_DateTime"
    case .scalar(.json): "_Json"
    case .scalar(.bytes): "bytes"
    case .ndarray(let dtype): PythonPrelude.ndarrayAlias(dtype.rawValue)
    case .list(let element): "typing.List[\(pythonType(element))]"
    case .map(let value): "typing.Annotated[typing.Dict[str, \(pythonType(value))], _BYTE_ORDER]"
    case .optional(let wrapped): "typing.Optional[\(pythonType(wrapped))]"
    case .named(let name): name
    }
  }

  func isMutable(_ value: DefaultValue) -> Bool {
    switch value {
    case .list, .map, .model, .unionMember: true
    case .json(let json):
      switch json {
      case .array, .object: true
      default: false
      }
    default: false
    }
  }

  /// A default as a Python expression of the field's type.
  func literal(_ value: DefaultValue, as type: TypeRef) -> String {
    switch (value, type.unwrapped) {
    case (.null, _): return "None"
    case (.string(let text), .scalar(.bytes)):
      let bytes = (try? ScalarType.base64Data(text).get()) ?? Data()
      return PythonLiteral.bytes(bytes)
    case (.bool(let bool), _): return bool ? "True" : "False"
    case (.int(let int), _): return "\(int)"
    case (.double(let double), _): return PythonLiteral.float(double)
    case (.string(let text), _): return PythonLiteral.string(text)
    case (.datetime(let text), _):
      let utc = RFC3339.parse(text).flatMap(RFC3339.format) ?? text
      return
        "datetime.datetime.fromisoformat(\(PythonLiteral.string(utc.replacingOccurrences(of: "Z", with: "+00:00"))))"
    case (.json(let json), _):
      // A literal list or dict is not a JsonValue to mypy (invariance) until it is told so.
      guard isMutable(value) else { return PythonLiteral.json(json) }
      return "typing.cast(pydantic.JsonValue, \(PythonLiteral.json(json)))"
    case (.enumCase(let swiftName), .named(let name)):
      guard let enumeration = enums[name],
        let index = enumeration.cases.firstIndex(where: { $0.swiftName == swiftName })
      else { return "None" }
      let members = PythonNames.enumMembers(forValues: enumeration.cases.map(\.value))
      return "\(name).\(members[index])"
    case (.unionMember(_, let member), _):
      guard case .model(let model, _) = member else { return "None" }
      return literal(member, as: .named(model))
    case (.list(let elements), .list(let element)):
      return "[" + elements.map { literal($0, as: element) }.joined(separator: ", ") + "]"
    case (.map(let entries), .map(let valueType)):
      return "{"
        + entries.map { "\(PythonLiteral.string($0.key)): \(literal($0.value, as: valueType))" }
        .joined(separator: ", ") + "}"
    case (.model(let name, let values), _):
      guard let model = models[name] else { return "None" }
      let names = attributes(model)
      let arguments = values.compactMap { entry -> String? in
        guard let index = model.fields.firstIndex(where: { $0.wireName == entry.key }) else {
          return nil
        }
        return "\(names[index])=\(literal(entry.value, as: model.fields[index].type))"
      }
      return "\(name)(\(arguments.joined(separator: ", ")))"
    default:
      return "None"
    }
  }
}

/// Lines of Python, indented by four spaces a level.
struct PythonWriter {
  private(set) var text = ""
  private var indentation = ""

  mutating func line(_ line: String) {
    text += line.isEmpty ? "\n" : indentation + line + "\n"
  }

  /// Two blank lines between top-level definitions, as PEP 8 has them.
  mutating func gap() {
    if text.isEmpty { return }
    while !text.hasSuffix("\n\n\n") { text += "\n" }
  }

  mutating func indented(_ body: (inout PythonWriter) -> Void) {
    let saved = indentation
    indentation += "    "
    body(&self)
    indentation = saved
  }

  mutating func append(_ other: PythonWriter) {
    if !other.text.isEmpty, !text.isEmpty { gap() }
    var rest = Substring(other.text)
    while rest.hasPrefix("\n") { rest = rest.dropFirst() }
    text += rest
  }

  /// `name(arguments)` on one line when it fits in 99 columns, else one argument a line.
  mutating func call(_ function: String, _ arguments: [String]) {
    let single = "\(function)(\(arguments.joined(separator: ", ")))"
    if indentation.count + single.count <= 99 {
      line(single)
      return
    }
    line("\(function)(")
    indented { out in
      for argument in arguments { out.line("\(argument),") }
    }
    line(")")
  }

  mutating func docstring(_ description: String) {
    let escaped = description.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "\"", with: "\\\"")
    let width = max(40, 96 - indentation.count)
    let lines = escaped.split(separator: "\n", omittingEmptySubsequences: false)
      .flatMap { Self.wrap(String($0).trimmingTrailingSpaces, width: width) }
    var trimmed = lines
    while trimmed.last?.isEmpty == true { trimmed.removeLast() }
    if trimmed.count <= 1 {
      line("\"\"\"\(trimmed.first ?? "")\"\"\"")
      return
    }
    line("\"\"\"\(trimmed[0])")
    for rest in trimmed.dropFirst() { line(rest) }
    line("\"\"\"")
  }

  /// A line broken at spaces into lines of at most `width` characters where it can be.
  static func wrap(_ text: String, width: Int) -> [String] {
    guard text.count > width else { return [text] }
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
      if !current.isEmpty, current.count + 1 + word.count > width {
        lines.append(current)
        current = String(word)
      } else {
        current += current.isEmpty ? String(word) : " " + word
      }
    }
    lines.append(current)
    return lines
  }
}
