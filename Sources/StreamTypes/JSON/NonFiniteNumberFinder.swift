/// Finds where a value holds a NaN or infinite number, which JSON cannot write, or a date
/// that RFC 3339 cannot write (`RFC3339Date` refuses those when encoded).
///
/// ``JSONWriter`` only flags that it met one; this `Encoder` walks the value's `Codable`
/// form again, keeping coding paths, and throws at the first non-finite number so the
/// error can name its JSON path. It stores nothing, and runs only after the flag is set.
struct NonFiniteNumberFinder: Encoder, SingleValueEncodingContainer {
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  /// The path of the first non-finite number in `value`, or nil when there is none.
  static func find<T: Encodable>(in value: T) -> SchemaViolation? {
    do {
      try value.encode(to: NonFiniteNumberFinder(codingPath: []))
      return nil
    } catch let EncodingError.invalidValue(_, context) {
      return context.underlyingError as? SchemaViolation
    } catch {
      return error as? SchemaViolation
    }
  }

  static func check<F: BinaryFloatingPoint>(_ value: F, _ codingPath: [any CodingKey]) throws {
    guard !value.isFinite else { return }
    throw SchemaViolation(
      path: JSONPath(codingPath: codingPath),
      expected: "a finite number (JSON has no NaN or infinity)",
      found: value.isNaN ? "nan" : value < 0 ? "-infinity" : "infinity"
    )
  }

  static func visit<T: Encodable>(_ value: T, _ codingPath: [any CodingKey]) throws {
    if let number = value as? Double { return try check(number, codingPath) }
    if let number = value as? Float { return try check(number, codingPath) }
    // Other scalars encode themselves through `encode(_:)` again; stop at them.
    if value is String || value is Bool || value is any FixedWidthInteger { return }
    try value.encode(to: NonFiniteNumberFinder(codingPath: codingPath))
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    KeyedEncodingContainer(Keyed<Key>(codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    Unkeyed(codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer { self }

  mutating func encodeNil() {}
  mutating func encode<T: Encodable>(_ value: T) throws { try Self.visit(value, codingPath) }

  struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) {}
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
      try visit(value, codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
      keyedBy keyType: NestedKey.Type,
      forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
      KeyedEncodingContainer(Keyed<NestedKey>(codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
      Unkeyed(codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
      NonFiniteNumberFinder(codingPath: codingPath + [JSONKey("super")])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
      NonFiniteNumberFinder(codingPath: codingPath + [key])
    }
  }

  struct Unkeyed: UnkeyedEncodingContainer {
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(codingPath: [any CodingKey]) {
      self.codingPath = codingPath
    }

    private mutating func nextPath() -> [any CodingKey] {
      defer { count += 1 }
      return codingPath + [IndexKey(count)]
    }

    mutating func encodeNil() { count += 1 }
    mutating func encode<T: Encodable>(_ value: T) throws { try visit(value, nextPath()) }

    mutating func nestedContainer<NestedKey: CodingKey>(
      keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
      KeyedEncodingContainer(Keyed<NestedKey>(codingPath: nextPath()))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
      Unkeyed(codingPath: nextPath())
    }

    mutating func superEncoder() -> any Encoder {
      NonFiniteNumberFinder(codingPath: nextPath())
    }
  }
}
