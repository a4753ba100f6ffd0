// The direct read path: generated models decode themselves from the payload's tape without
// going through `Decoder`, which costs generic containers, coding keys and a coding path
// per value. Acceptance and errors are exactly those of the `Codable` path (`TapeDecoder`).

/// A type that generated code decodes straight from a payload, with the same checks and
/// errors as its `Decodable` conformance.
public protocol PayloadDecodable {
  /// Decodes the value from one value of a payload.
  init(payload value: PayloadValue) throws
}

extension PayloadDecodable where Self: Decodable {
  /// Decodes the value with its `Decodable` conformance, for models written by hand.
  public init(payload value: PayloadValue) throws {
    self = try value.tape.decode(Self.self, at: value.index, codingPath: value.codingPath)
  }
}

/// One value of a payload, as generated `init(payload:)` methods read it: a position in the
/// payload's tape. Its path is worked out from the tape only when an error needs it, so
/// reading a valid payload spends nothing on paths.
public struct PayloadValue {
  @usableFromInline let tape: PayloadTape
  @usableFromInline let index: Int

  init(tape: PayloadTape, index: Int) {
    self.tape = tape
    self.index = index
  }

  /// Where the value sits in the payload.
  public var path: JSONPath { tape.path(to: index) }

  /// The path as `Decoder`s give it, for types that decode with their `Decodable`
  /// conformance.
  var codingPath: [any CodingKey] {
    path.components.map { component -> any CodingKey in
      switch component {
      case .key(let key): UnknownFields.AnyKey(stringValue: key)
      case .index(let index): IndexKey(index)
      }
    }
  }

  /// The value at token `index`, inside this one.
  @usableFromInline
  func child(_ index: Int) -> PayloadValue {
    PayloadValue(tape: tape, index: index)
  }

  /// Whether the value is `null`.
  public var isNull: Bool { tape.tokens[index].kind == .null }

  private func mismatch(_ expected: String) -> SchemaViolation {
    tape.mismatchViolation(expected, at: index, path)
  }

  /// The value as an object, or a violation if it is not one.
  public func object() throws -> PayloadObject {
    guard tape.tokens[index].kind == .object else { throw mismatch("object") }
    return PayloadObject(self)
  }

  /// The value as an array's elements, or a violation if it is not an array.
  public func array() throws -> PayloadArray {
    guard tape.tokens[index].kind == .array else { throw mismatch("array") }
    return PayloadArray(self)
  }

  // Each scalar rule is one function of the tape (shared with the `Codable` path); this
  // path only adds its error.

  public func decodeString() throws -> String {
    guard let value = tape.stringValue(at: index) else {
      throw mismatch(PayloadTape.stringExpectation)
    }
    return value
  }

  public func decodeBool() throws -> Bool {
    guard let value = tape.boolValue(at: index) else {
      throw mismatch(PayloadTape.boolExpectation)
    }
    return value
  }

  public func decodeDouble() throws -> Double {
    guard let value = tape.doubleValue(at: index) else {
      throw mismatch(PayloadTape.doubleExpectation)
    }
    return value
  }

  /// Accepts an integer literal, or, as pydantic does, a number with no fractional part.
  public func decodeInt() throws -> Int {
    let token = tape.tokens[index]
    guard let value = tape.integerValue(token, as: Int.self) else {
      throw mismatch(PayloadTape.integerExpectation(token, as: Int.self))
    }
    return value
  }

  public func decodeJSONValue() -> JSONValue { tape.jsonValue(index) }
}

/// An object of a payload, read field by field.
public struct PayloadObject {
  @usableFromInline let value: PayloadValue
  /// Key lookup for large objects (maps); small objects are searched in place.
  private let positions: [String: Int]?

  init(_ value: PayloadValue) {
    self.value = value
    self.positions = value.tape.keyPositions(ofObject: value.index)
  }

  private var tape: PayloadTape { value.tape }

  /// The index of the value token for `key`; the last one when the key repeats.
  private func valueIndex(_ key: String) -> Int? {
    tape.valueIndex(ofObject: value.index, positions: positions, key: key)
  }

  /// The keys in document order, each once.
  public var keys: [String] { tape.keyNames(ofObject: value.index) }

  public func contains(_ key: String) -> Bool { valueIndex(key) != nil }

  private func require(_ key: String) throws -> Int {
    guard let index = valueIndex(key) else {
      throw SchemaViolation(
        path: value.path.appending(key: key),
        expected: "a value for required field \(JSONText.quoted(key))",
        found: "nothing (the key is absent)"
      )
    }
    return index
  }

  /// Throws a ``SchemaViolation`` for the first key, in key order, not in `allowed`, for
  /// models with `additional_fields: forbid`.
  public func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(allowed: Keys.Type) throws {
    try rejectUnknownKeys(allowedNames: Set(Keys.allCases.map(\.stringValue)))
  }

  /// Throws a ``SchemaViolation`` for the first key, in key order, not in `known`: the
  /// check of ``rejectUnknownKeys(allowed:)`` for a model known only at run time.
  @_spi(Generated)
  public func rejectUnknownKeys(allowedNames known: Set<String>) throws {
    if let first = keys.filter({ !known.contains($0) }).min() {
      throw UnknownFields.violation(at: value.path, key: first)
    }
  }

  /// The value for `key`, which must be present: what ``decode(_:forKey:)`` decodes, for a
  /// type known only at run time.
  @_spi(Generated)
  public func value(forKey key: String) throws -> PayloadValue { try member(key) }

  /// The value for `key`, or nil when the key is absent or its value is `null`: what
  /// ``decodeIfPresent(_:forKey:)`` decodes, for a type known only at run time.
  @_spi(Generated)
  public func valueIfPresent(forKey key: String) -> PayloadValue? { memberIfPresent(key) }

  /// The value for `key`, which must be present. The generic decoders below are inlinable,
  /// so that generated code gets them specialized; they go through these plain functions.
  @usableFromInline
  func member(_ key: String) throws -> PayloadValue {
    value.child(try require(key))
  }

  /// The value for `key`, or nil when the key is absent or its value is `null`.
  @usableFromInline
  func memberIfPresent(_ key: String) -> PayloadValue? {
    guard let index = valueIndex(key), tape.tokens[index].kind != .null else { return nil }
    return value.child(index)
  }

  /// Decodes the value for `key`, which must be present.
  @inlinable
  public func decode<T: PayloadDecodable>(_ type: T.Type, forKey key: String) throws -> T {
    try T(payload: try member(key))
  }

  /// Decodes the value for `key`, or returns nil when the key is absent or its value is
  /// `null`.
  @inlinable
  public func decodeIfPresent<T: PayloadDecodable>(
    _ type: T.Type,
    forKey key: String
  ) throws -> T? {
    guard let member = memberIfPresent(key) else { return nil }
    return try T(payload: member)
  }

  // Scalars skip the generic call.

  public func decode(_ type: String.Type, forKey key: String) throws -> String {
    try value.child(try require(key)).decodeString()
  }

  public func decode(_ type: Int.Type, forKey key: String) throws -> Int {
    try value.child(try require(key)).decodeInt()
  }

  public func decode(_ type: Double.Type, forKey key: String) throws -> Double {
    try value.child(try require(key)).decodeDouble()
  }

  public func decode(_ type: Bool.Type, forKey key: String) throws -> Bool {
    try value.child(try require(key)).decodeBool()
  }

  /// Decodes the value for `key`, or returns `defaultValue` when the key is absent.
  ///
  /// A `null` is not absent: for a non-optional field it is an error, as in pydantic.
  @inlinable
  public func decode<T: PayloadDecodable>(
    _ type: T.Type,
    forKey key: String,
    default defaultValue: @autoclosure () -> T
  ) throws -> T {
    try contains(key) ? decode(T.self, forKey: key) : defaultValue()
  }

  /// Decodes every member as a map entry, keys in document order and each once, as
  /// `Dictionary`'s `Decodable` conformance does.
  @inlinable
  func decodeMap<V: PayloadDecodable>(_ type: V.Type) throws -> [String: V] {
    try mapEntries { try V(payload: $0) }
  }

  /// Every member as a map entry, its value transformed: keys in document order and each
  /// once, the value the last one when a key repeats.
  @inlinable
  func mapEntries<V>(_ transform: (PayloadValue) throws -> V) throws -> [String: V] {
    var result: [String: V] = [:]
    if let members = distinctMembers {
      // Keys certainly distinct: the members in document order, each key read once.
      result.reserveCapacity(members.count)
      var cursor = members.first
      while cursor < members.end {
        result[memberKey(at: cursor)] = try transform(value.child(cursor + 1))
        cursor = member(after: cursor)
      }
      return result
    }
    let names = keys
    result.reserveCapacity(names.count)
    for name in names {
      result[name] = try transform(try mapEntry(name))
    }
    return result
  }

  /// Every member as a map entry, its value transformed, as `[String: V]` decodes them:
  /// for a value type known only at run time.
  @_spi(Generated)
  @inlinable
  public func mapValues<V>(_ transform: (PayloadValue) throws -> V) throws -> [String: V] {
    try mapEntries(transform)
  }

  /// The first member's key token, the end of the members and their number, when the keys
  /// are certainly distinct (and plain); nil when a key may repeat.
  @usableFromInline
  var distinctMembers: (first: Int, end: Int, count: Int)? {
    let token = tape.tokens[value.index]
    guard !token.mayRepeatKeys else { return nil }
    return (value.index + 1, token.next, token.count / 2)
  }

  /// The key of the member whose key token is at `cursor`.
  @usableFromInline
  func memberKey(at cursor: Int) -> String { tape.string(tape.tokens[cursor]) }

  /// The key token of the member after the one at `cursor`.
  @usableFromInline
  func member(after cursor: Int) -> Int { tape.tokens[cursor + 1].next }

  /// The value of map entry `name`.
  @usableFromInline
  func mapEntry(_ name: String) throws -> PayloadValue {
    value.child(try require(name))
  }
}

/// The elements of an array of a payload.
public struct PayloadArray {
  @usableFromInline let value: PayloadValue

  init(_ value: PayloadValue) {
    self.value = value
  }

  public var count: Int { value.tape.tokens[value.index].count }

  /// Decodes every element as `T`.
  @inlinable
  public func decodeAll<T: PayloadDecodable>(_ type: T.Type) throws -> [T] {
    try mapElements { try T(payload: $0) }
  }

  /// Every element, in order, transformed.
  @inlinable
  func mapElements<T>(_ transform: (PayloadValue) throws -> T) rethrows -> [T] {
    let count = self.count
    var result: [T] = []
    result.reserveCapacity(count)
    var cursor = firstElement
    for position in 0..<count {
      result.append(try transform(element(at: cursor, position: position)))
      cursor = element(after: cursor)
    }
    return result
  }

  /// Every element, in order, transformed, as ``decodeAll(_:)`` decodes them: for an
  /// element type known only at run time.
  @_spi(Generated)
  @inlinable
  public func map<T>(_ transform: (PayloadValue) throws -> T) rethrows -> [T] {
    try mapElements(transform)
  }

  /// The token of the first element.
  @usableFromInline var firstElement: Int { value.index + 1 }

  /// The token of the element after the one at `cursor`.
  @usableFromInline
  func element(after cursor: Int) -> Int { value.tape.tokens[cursor].next }

  @usableFromInline
  func element(at cursor: Int, position: Int) -> PayloadValue {
    value.child(cursor)
  }
}

extension PayloadValue {
  /// The value that a decoder of the runtime (such as the one
  /// ``PayloadCodec/decode(from:limits:at:with:)`` hands over) is positioned at, or nil
  /// for any other decoder: for code given a `Decoder` that reads the payload directly.
  @_spi(Generated)
  public init?(decoder: any Decoder) {
    guard let decoder = decoder as? TapeDecoder else { return nil }
    self.init(tape: decoder.tape, index: decoder.index)
  }
}

extension String: PayloadDecodable {
  public init(payload value: PayloadValue) throws { self = try value.decodeString() }
}

extension Int: PayloadDecodable {
  public init(payload value: PayloadValue) throws { self = try value.decodeInt() }
}

extension Double: PayloadDecodable {
  public init(payload value: PayloadValue) throws { self = try value.decodeDouble() }
}

extension Bool: PayloadDecodable {
  public init(payload value: PayloadValue) throws { self = try value.decodeBool() }
}

extension JSONValue: PayloadDecodable {
  public init(payload value: PayloadValue) throws { self = value.decodeJSONValue() }
}

extension RFC3339Date: PayloadDecodable {
  public init(payload value: PayloadValue) throws {
    self = try RFC3339Date(text: try value.decodeString(), at: value.path)
  }
}

extension Optional: PayloadDecodable where Wrapped: PayloadDecodable {
  @inlinable
  public init(payload value: PayloadValue) throws {
    self = value.isNull ? nil : try Wrapped(payload: value)
  }
}

extension Array: PayloadDecodable where Element: PayloadDecodable {
  @inlinable
  public init(payload value: PayloadValue) throws {
    self = try value.array().decodeAll(Element.self)
  }
}

extension Dictionary: PayloadDecodable where Key == String, Value: PayloadDecodable {
  @inlinable
  public init(payload value: PayloadValue) throws {
    self = try value.object().decodeMap(Value.self)
  }
}
