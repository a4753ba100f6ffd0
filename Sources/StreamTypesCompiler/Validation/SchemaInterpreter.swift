import Foundation
@_spi(Generated) import StreamTypes

/// A payload decoded by the ``SchemaInterpreter``: the value with defaults applied, ready to
/// be written back as JSON (fields in declaration order, as the generated writers do).
public indirect enum DynamicValue: Sendable, JSONWritable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case date(Date)
  case json(JSONValue)
  /// A value of a built-in type without a case of its own (`bytes`), as its runtime type
  /// writes it.
  case encoded([UInt8])
  /// An `ndarray`: its shape, for constraints, and its JSON as `NDArray` writes it.
  case ndarray(shape: [Int], encoded: [UInt8])
  case list([DynamicValue])
  case map([String: DynamicValue])
  case model([Field])

  public struct Field: Sendable, Equatable {
    public var name: String
    public var value: DynamicValue
  }

  public func writeJSON(to writer: inout JSONWriter) {
    switch self {
    case .null: Optional<Int>.none.writeJSON(to: &writer)
    case .bool(let value): value.writeJSON(to: &writer)
    case .int(let value): value.writeJSON(to: &writer)
    case .double(let value): value.writeJSON(to: &writer)
    case .string(let value): value.writeJSON(to: &writer)
    case .date(let value): value.writeJSON(to: &writer)
    case .json(let value): value.writeJSON(to: &writer)
    case .encoded(let bytes), .ndarray(_, let bytes): writer.append(raw: bytes)
    case .list(let values): values.writeJSON(to: &writer)
    case .map(let values): values.writeJSON(to: &writer)
    case .model(let fields):
      writer.beginObject()
      for field in fields { writer.field(field.name, field.value) }
      writer.endObject()
    }
  }
}

/// Applies a checked schema to payloads at run time, with no generated code: what
/// `streamtypes validate`, `dump` and `encode` use.
///
/// It walks the payload exactly as generated `init(payload:)` methods do, through the same
/// ``PayloadValue``, ``PayloadObject`` and ``PayloadArray`` calls and the same runtime
/// checks (``Constraint``, ``EnumCoding``, ``RFC3339Date``), in the same order. So both
/// accept the same payloads and report the same first error, with the same text and path;
/// a conformance test holds them to it.
public struct SchemaInterpreter: Sendable {
  let models: [String: ModelDefinition]
  let enums: [String: EnumDefinition]
  let unions: [String: UnionDefinition]

  public init(module: SchemaModule) {
    (models, enums, unions) = module.definitionsByName
  }

  /// Decodes the model `name` from `decoder`, checking its constraints. The decoder must be
  /// the runtime's, as ``PayloadCodec/decode(from:limits:at:with:)`` hands it over (or one
  /// of its containers' `superDecoder`s): the payload is read directly from it. Any other
  /// decoder is an error thrown to the caller, not a crash.
  public func decodeModel(_ name: String, from decoder: any Decoder) throws -> DynamicValue {
    guard let value = PayloadValue(decoder: decoder) else {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: decoder.codingPath,
          debugDescription: "SchemaInterpreter reads payloads from the runtime's decoder only"
        )
      )
    }
    return try decodeModel(name, from: value)
  }

  /// Decodes the model `name` from a payload value, checking its constraints: what the
  /// model's generated `init(payload:)` does.
  public func decodeModel(_ name: String, from value: PayloadValue) throws -> DynamicValue {
    if let union = unions[name] { return try decodeUnion(union, from: value) }
    guard let model = models[name] else {
      preconditionFailure("the checked module has no model \(name)")
    }
    let object = try value.object()
    if model.additionalFields == .forbid {
      try object.rejectUnknownKeys(allowedNames: Set(model.fields.map(\.wireName)))
    }
    var fields: [DynamicValue.Field] = []
    fields.reserveCapacity(model.fields.count)
    for field in model.fields {
      let key = field.wireName
      let decoded: DynamicValue
      if let constant = field.constValue {
        // As `ConstantCoding.check`: present, and exactly the constant.
        switch constant {
        case .string(let text): try ConstantCoding.check(object, key: key, is: text)
        case .int(let number): try ConstantCoding.check(object, key: key, is: number)
        case .bool(let bool): try ConstantCoding.check(object, key: key, is: bool)
        }
        decoded = ScalarType.decoded(constant)
      } else if let defaultValue = field.defaultValue {
        // As `decode(_:forKey:default:)`: absent is the default, `null` is a value.
        decoded =
          try object.contains(key)
          ? decode(field.type, from: object.value(forKey: key))
          : dynamicValue(defaultValue, as: field.type)
      } else if case .optional(let wrapped) = field.type {
        // As `decodeIfPresent`: absent or null is nil.
        decoded =
          try object.valueIfPresent(forKey: key).map { try decode(wrapped, from: $0) } ?? .null
      } else {
        decoded = try decode(field.type, from: object.value(forKey: key))
      }
      fields.append(DynamicValue.Field(name: key, value: decoded))
    }
    // As the generated `validate(at: value.path, deep: false)`: nested models checked
    // themselves.
    for (field, decoded) in zip(model.fields, fields) where field.constValue == nil {
      try checkConstraints(field, decoded.value, at: value.path.appending(key: field.wireName))
    }
    return .model(fields)
  }

  /// Decodes an `ndarray<DTYPE>` as the generated `NDArray<Element>(payload:)` does.
  static func decodeArray(
    _ dtype: NDArrayDType,
    from value: PayloadValue
  ) throws
    -> DynamicValue
  {
    func decode<Element: NDArrayElement>(_: Element.Type) throws -> DynamicValue {
      let array = try NDArray<Element>(payload: value)
      return .ndarray(shape: array.shape, encoded: JSONWriter.encode(array))
    }
    return switch dtype {
    case .float32: try decode(Float.self)
    case .float64: try decode(Double.self)
    case .int8: try decode(Int8.self)
    case .int16: try decode(Int16.self)
    case .int32: try decode(Int32.self)
    case .int64: try decode(Int64.self)
    case .uint8: try decode(UInt8.self)
    case .uint16: try decode(UInt16.self)
    case .uint32: try decode(UInt32.self)
    case .uint64: try decode(UInt64.self)
    case .bool: try decode(Bool.self)
    }
  }

  /// Decodes a union value as its generated `init(payload:)` does: the discriminator
  /// first, then the member it names.
  private func decodeUnion(
    _ union: UnionDefinition,
    from value: PayloadValue
  ) throws
    -> DynamicValue
  {
    let tags = union.members.map(\.tag)
    let tag = try UnionCoding.tag(of: value, discriminator: union.discriminator, tags: tags)
    if let member = union.member(tagged: tag) { return try decodeModel(member.model, from: value) }
    guard union.unknown == .keep else {
      throw UnionCoding.unknownTag(
        tag,
        at: value.path,
        discriminator: union.discriminator,
        tags: tags
      )
    }
    return .json(value.decodeJSONValue())
  }

  /// Decodes a value of `type`, as the `init(payload:)` of its Swift type does.
  private func decode(_ type: TypeRef, from value: PayloadValue) throws -> DynamicValue {
    switch type {
    case .scalar(let scalar): return try scalar.decode(value)
    case .ndarray(let dtype): return try Self.decodeArray(dtype, from: value)
    case .optional(let wrapped):
      return value.isNull ? .null : try decode(wrapped, from: value)
    case .list(let element):
      return .list(try value.array().map { try decode(element, from: $0) })
    case .map(let valueType):
      return .map(try value.object().mapValues { try decode(valueType, from: $0) })
    case .named(let name):
      if let enumeration = enums[name] {
        let allowed = enumeration.cases.map(\.value)
        return .string(try EnumCoding.decode(from: value, allowedValues: allowed))
      }
      return try decodeModel(name, from: value)
    }
  }

  /// The checks of a generated `validate(at:deep:)`, in the same order, through the same
  /// runtime functions.
  private func checkConstraints(
    _ field: FieldDefinition,
    _ value: DynamicValue,
    at path: @autoclosure () -> JSONPath
  ) throws {
    guard !field.constraints.isEmpty else { return }
    let subject: ConstraintSubject
    switch value {
    case .int(let number): subject = .int(number)
    case .double(let number): subject = .double(number)
    case .string(let text): subject = .string(text)
    case .list(let values): subject = .items(values.count)
    case .map(let values): subject = .items(values.count)
    case .ndarray(let shape, _): subject = .shape(shape)
    // An absent optional (null); no constraint applies to other values.
    default: return
    }
    for entry in field.constraints.entries {
      try Constraint.check(entry.kind, subject, entry.bound, at: path())
    }
  }

  /// A default from the schema as a decoded value.
  func dynamicValue(_ value: DefaultValue, as type: TypeRef) -> DynamicValue {
    switch (value, type.unwrapped) {
    case (.null, _): return .null
    case (_, .scalar(let scalar)): return scalar.decoded(value)
    case (.enumCase(let swiftName), .named(let name)):
      let value = enums[name]?.cases.first { $0.swiftName == swiftName }?.value
      return .string(value ?? swiftName)
    case (.enumCase(let swiftName), _): return .string(swiftName)
    case (.unionMember(_, let member), _):
      guard case .model(let name, _) = member else { return .null }
      return dynamicValue(member, as: .named(name))
    case (.list(let elements), .list(let element)):
      return .list(elements.map { dynamicValue($0, as: element) })
    case (.map(let entries), .map(let valueType)):
      return .map(
        Dictionary(entries.map { ($0.key, dynamicValue($0.value, as: valueType)) }) { a, _ in a }
      )
    case (.model(let name, let given), _):
      guard let model = models[name] else { return .null }
      return .model(
        model.fields.map { field in
          let value =
            field.constValue.map(ScalarType.decoded)
            ?? given.first { $0.key == field.wireName }.map {
              dynamicValue($0.value, as: field.type)
            }
            ?? field.defaultValue.map { dynamicValue($0, as: field.type) } ?? .null
          return DynamicValue.Field(name: field.wireName, value: value)
        }
      )
    default:
      return .null
    }
  }

}

extension SchemaModule {
  /// Every model, enum and union of the module, by name.
  var definitionsByName:
    (
      models: [String: ModelDefinition], enums: [String: EnumDefinition],
      unions: [String: UnionDefinition]
    )
  {
    var models: [String: ModelDefinition] = [:]
    var enums: [String: EnumDefinition] = [:]
    var unions: [String: UnionDefinition] = [:]
    for file in files {
      for type in file.types {
        switch type {
        case .model(let model): models[model.name] = model
        case .enumeration(let enumeration): enums[enumeration.name] = enumeration
        case .union(let union): unions[union.name] = union
        }
      }
    }
    return (models, enums, unions)
  }
}
