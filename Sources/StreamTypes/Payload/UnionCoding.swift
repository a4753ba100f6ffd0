/// Decoding of generated tagged unions: the discriminator is read first, and its errors
/// name the discriminator's path and list the valid tags. Generated unions, the
/// schema-driven validator and `Codable` all call these, so a tag is judged one way.
@_spi(Generated)
public enum UnionCoding {
  /// The discriminator's value of the object `value`: the key must be present and its value
  /// a string. Whether the string names a member is the caller's switch; a tag that names
  /// none is ``unknownTag(_:at:discriminator:tags:)`` unless unknown tags are kept.
  public static func tag(
    of value: PayloadValue,
    discriminator: String,
    tags: [String]
  ) throws -> String {
    let object = try value.object()
    guard object.contains(discriminator) else {
      throw SchemaViolation(
        path: value.path.appending(key: discriminator),
        expected: expectation(discriminator, tags),
        found: "nothing (the key is absent)"
      )
    }
    let tagValue = try object.value(forKey: discriminator)
    guard let tag = value.tape.stringValue(at: tagValue.index) else {
      throw SchemaViolation(
        path: tagValue.path,
        expected: expectation(discriminator, tags),
        found: value.tape.describe(tagValue.index)
      )
    }
    return tag
  }

  /// The discriminator's value from a decoder that is not the runtime's (such as
  /// `JSONDecoder`): the rule of ``tag(of:discriminator:tags:)``.
  public static func tag(
    in decoder: any Decoder,
    discriminator: String,
    tags: [String]
  ) throws -> String {
    let container = try decoder.container(keyedBy: JSONKey.self)
    let key = JSONKey(discriminator)
    let path = JSONPath(codingPath: decoder.codingPath).appending(key: discriminator)
    guard container.contains(key) else {
      throw SchemaViolation(
        path: path,
        expected: expectation(discriminator, tags),
        found: "nothing (the key is absent)"
      )
    }
    if let tag = try? container.decode(String.self, forKey: key) { return tag }
    let found = (try? container.decode(JSONValue.self, forKey: key)).map(describe) ?? "a value"
    throw SchemaViolation(path: path, expected: expectation(discriminator, tags), found: found)
  }

  /// The error for a tag that names no member, at the discriminator of the union at
  /// `path`.
  public static func unknownTag(
    _ tag: String,
    at path: JSONPath,
    discriminator: String,
    tags: [String]
  ) -> SchemaViolation {
    SchemaViolation(
      path: path.appending(key: discriminator),
      expected: expectation(discriminator, tags),
      found: JSONText.excerpt(tag)
    )
  }

  static func expectation(_ discriminator: String, _ tags: [String]) -> String {
    let list = tags.map { JSONText.quoted($0) }.joined(separator: ", ")
    return "\(JSONText.quoted(discriminator)) naming a member: one of \(list)"
  }

  /// A JSON value as the tape's `describe` shows it.
  static func describe(_ value: JSONValue) -> String {
    switch value {
    case .null: "null"
    case .bool(let bool): "\(bool)"
    case .int(let int): "\(int)"
    case .bigInteger(let big): "\(big)"
    case .double(let double): "\(double)"
    case .string(let text): "string " + JSONText.excerpt(text)
    case .array: "array"
    case .object: "object"
    }
  }
}

/// Decoding of fields with a `const:` value: the key must be present with exactly the
/// constant. Generated models, the schema-driven validator and `Codable` all call these.
@_spi(Generated)
public enum ConstantCoding {
  /// Checks the constant field `key` of a payload object.
  public static func check<T: PayloadDecodable & Equatable & CustomStringConvertible>(
    _ object: PayloadObject,
    key: String,
    is expected: T
  ) throws {
    let value = try object.value(forKey: key)
    let found = try T(payload: value)
    if found != expected { throw violation(value.path, expected, found) }
  }

  /// Checks the constant field `key` of a keyed container: the payload rule above, for
  /// `Codable`.
  public static func check<T: Decodable & Equatable & CustomStringConvertible, Key: CodingKey>(
    _ container: KeyedDecodingContainer<Key>,
    key: Key,
    is expected: T
  ) throws {
    let found = try container.decode(T.self, forKey: key)
    if found != expected {
      throw violation(JSONPath(codingPath: container.codingPath + [key]), expected, found)
    }
  }

  static func violation<T: CustomStringConvertible>(
    _ path: JSONPath,
    _ expected: T,
    _ found: T
  ) -> SchemaViolation {
    func text(_ value: T) -> String {
      if let string = value as? String { return JSONText.excerpt(string) }
      return value.description
    }
    return SchemaViolation(
      path: path,
      expected: "the constant \(text(expected))",
      found: text(found)
    )
  }
}
