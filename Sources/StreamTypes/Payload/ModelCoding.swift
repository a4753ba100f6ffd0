/// Decoding helpers that generated `init(from:)` methods call.
extension KeyedDecodingContainer {
  /// Decodes the value for `key`, or returns `defaultValue` when the key is absent.
  ///
  /// A `null` is not absent: for a non-optional field it is an error, as in pydantic.
  public func decode<T: Decodable>(
    _ type: T.Type,
    forKey key: Key,
    default defaultValue: @autoclosure () -> T
  ) throws -> T {
    try contains(key) ? decode(T.self, forKey: key) : defaultValue()
  }
}

/// Rejects keys a model does not declare, for models with `additional_fields: forbid`.
@_spi(Generated)
public enum UnknownFields {
  struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  /// Throws a ``SchemaViolation`` for the first unknown key, in key order.
  public static func reject<Keys: CodingKey & CaseIterable>(
    in decoder: any Decoder,
    allowed: Keys.Type
  ) throws {
    try reject(in: decoder, allowedNames: Set(Keys.allCases.map(\.stringValue)))
  }

  /// Throws a ``SchemaViolation`` for the first key, in key order, not in `known`.
  public static func reject(in decoder: any Decoder, allowedNames known: Set<String>) throws {
    let container = try decoder.container(keyedBy: AnyKey.self)
    let unknown = container.allKeys.map(\.stringValue).filter { !known.contains($0) }
    if let first = unknown.min() {
      throw violation(at: JSONPath(codingPath: decoder.codingPath), key: first)
    }
  }

  static func violation(at path: JSONPath, key: String) -> SchemaViolation {
    SchemaViolation(
      path: path.appending(key: key),
      expected: "no field \(JSONText.quoted(key)) (the model forbids additional fields)",
      found: "an unknown field"
    )
  }
}

/// Decoding of generated `String`-backed enums, with an error that lists the valid values.
@_spi(Generated)
public enum EnumCoding {
  public static func decode<E: RawRepresentable & CaseIterable>(
    _ type: E.Type,
    from decoder: any Decoder
  ) throws -> E where E.RawValue == String {
    let raw = try decode(from: decoder, allowedValues: E.allCases.map(\.rawValue))
    return E(rawValue: raw)!
  }

  /// Decodes a string that must be one of `allowedValues`.
  public static func decode(from decoder: any Decoder, allowedValues: [String]) throws -> String {
    let raw = try decoder.singleValueContainer().decode(String.self)
    try check(raw, allowedValues: allowedValues, at: JSONPath(codingPath: decoder.codingPath))
    return raw
  }

  /// Decodes a generated enum from a payload value, as its `Decodable` conformance does.
  public static func decode<E: RawRepresentable & CaseIterable>(
    _ type: E.Type,
    from value: PayloadValue
  ) throws -> E where E.RawValue == String {
    let raw = try value.decodeString()
    guard let result = E(rawValue: raw) else {
      try check(raw, allowedValues: E.allCases.map(\.rawValue), at: value.path)
      return E(rawValue: raw)!
    }
    return result
  }

  /// Decodes a string that must be one of `allowedValues` from a payload value: the rule
  /// of the generic `decode(_:from:)` above, for an enum known only at run time.
  public static func decode(from value: PayloadValue, allowedValues: [String]) throws -> String {
    let raw = try value.decodeString()
    try check(raw, allowedValues: allowedValues, at: value.path)
    return raw
  }

  private static func check(
    _ raw: String,
    allowedValues: [String],
    at path: @autoclosure () -> JSONPath
  ) throws {
    guard allowedValues.contains(raw) else {
      let allowed = allowedValues.map { JSONText.quoted($0) }.joined(separator: ", ")
      throw SchemaViolation(
        path: path(),
        expected: "one of \(allowed)",
        found: JSONText.excerpt(raw)
      )
    }
  }
}

/// The equality of generated models, field by field.
///
/// A generated model spells out `==` as one `guard` a stored field, each calling
/// ``equal(_:_:)``, instead of leaving it to the synthesized conformance: the synthesized
/// body compares each field with the `==` operator, whose overload set (every `==` in
/// scope) the type checker searches for each field, and that was the most expensive part
/// of type-checking a generated model. A generic function with one overload costs a
/// fraction of that; the comparison is the field type's own `==`, as before.
@_spi(Generated)
public enum FieldEquality {
  /// `lhs == rhs`, through `T`'s `Equatable` conformance.
  @inlinable @inline(__always)
  public static func equal<T: Equatable>(_ lhs: T, _ rhs: T) -> Bool { lhs == rhs }
}
