import Foundation

// The keyed and unkeyed containers of TapeDecoder, over an object or an array of the tape.

struct TapeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let tape: PayloadTape
  let index: Int
  let codingPath: [any CodingKey]
  /// Key lookup for large objects (maps); small objects are searched in place.
  private let positions: [String: Int]?

  init(tape: PayloadTape, index: Int, codingPath: [any CodingKey]) {
    self.tape = tape
    self.index = index
    self.codingPath = codingPath
    self.positions = tape.keyPositions(ofObject: index)
  }

  /// The index of the value token for `key`; the last one when the key repeats.
  private func valueIndex(_ key: Key) -> Int? {
    tape.valueIndex(ofObject: index, positions: positions, key: key.stringValue)
  }

  var allKeys: [Key] {
    tape.keyNames(ofObject: index).compactMap { Key(stringValue: $0) }
  }

  func contains(_ key: Key) -> Bool { valueIndex(key) != nil }

  private func require(_ key: Key) throws -> Int {
    guard let value = valueIndex(key) else {
      let violation = SchemaViolation(
        path: JSONPath(codingPath: codingPath).appending(key: key.stringValue),
        expected: "a value for required field \(JSONText.quoted(key.stringValue))",
        found: "nothing (the key is absent)"
      )
      throw DecodingError.keyNotFound(
        key,
        DecodingError.Context(
          codingPath: codingPath,
          debugDescription: violation.description,
          underlyingError: violation
        )
      )
    }
    return value
  }

  func decodeNil(forKey key: Key) throws -> Bool {
    tape.tokens[try require(key)].kind == .null
  }

  private func decodeValue<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
    try tape.decode(type, at: try require(key), codingPath: codingPath + [key])
  }

  func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decodeValue(type, key) }
  func decode(_ type: String.Type, forKey key: Key) throws -> String {
    try decodeValue(type, key)
  }
  func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
    try decodeValue(type, key)
  }
  func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decodeValue(type, key) }
  func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decodeValue(type, key) }
  func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decodeValue(type, key) }
  func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decodeValue(type, key) }
  func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decodeValue(type, key) }
  func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decodeValue(type, key) }
  func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decodeValue(type, key) }
  func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decodeValue(type, key) }
  func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
    try decodeValue(type, key)
  }
  func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
    try decodeValue(type, key)
  }
  func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
    try decodeValue(type, key)
  }
  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    try decodeValue(type, key)
  }

  func nestedContainer<NestedKey: CodingKey>(
    keyedBy type: NestedKey.Type,
    forKey key: Key
  ) throws -> KeyedDecodingContainer<NestedKey> {
    try superDecoder(forKey: key).container(keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
    try superDecoder(forKey: key).unkeyedContainer()
  }

  func superDecoder() throws -> any Decoder {
    TapeDecoder(tape: tape, index: index, codingPath: codingPath)
  }

  func superDecoder(forKey key: Key) throws -> any Decoder {
    TapeDecoder(tape: tape, index: try require(key), codingPath: codingPath + [key])
  }
}

struct TapeUnkeyedContainer: UnkeyedDecodingContainer {
  let tape: PayloadTape
  let codingPath: [any CodingKey]
  let count: Int?
  private(set) var currentIndex = 0
  /// The token of the element at `currentIndex`.
  private var cursor: Int

  init(tape: PayloadTape, index: Int, codingPath: [any CodingKey]) {
    self.tape = tape
    self.codingPath = codingPath
    self.count = tape.tokens[index].count
    self.cursor = index + 1
  }

  var isAtEnd: Bool { currentIndex >= count! }

  private func requireElement(_ type: Any.Type) throws {
    guard isAtEnd else { return }
    let path = codingPath + [IndexKey(currentIndex)]
    let violation = SchemaViolation(
      path: JSONPath(codingPath: path),
      expected: "another array element",
      found: "the end of the array (\(count!) elements)"
    )
    throw DecodingError.valueNotFound(
      type,
      DecodingError.Context(
        codingPath: path,
        debugDescription: violation.description,
        underlyingError: violation
      )
    )
  }

  private mutating func advance() {
    cursor = tape.tokens[cursor].next
    currentIndex += 1
  }

  mutating func decodeNil() throws -> Bool {
    try requireElement(Never?.self)
    guard tape.tokens[cursor].kind == .null else { return false }
    advance()
    return true
  }

  private mutating func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
    try requireElement(type)
    let value = try tape.decode(type, at: cursor, codingPath: codingPath + [IndexKey(currentIndex)])
    advance()
    return value
  }

  mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeValue(type) }
  mutating func decode(_ type: String.Type) throws -> String { try decodeValue(type) }
  mutating func decode(_ type: Double.Type) throws -> Double { try decodeValue(type) }
  mutating func decode(_ type: Float.Type) throws -> Float { try decodeValue(type) }
  mutating func decode(_ type: Int.Type) throws -> Int { try decodeValue(type) }
  mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeValue(type) }
  mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeValue(type) }
  mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeValue(type) }
  mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeValue(type) }
  mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeValue(type) }
  mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeValue(type) }
  mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeValue(type) }
  mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeValue(type) }
  mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeValue(type) }
  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy type: NestedKey.Type
  ) throws -> KeyedDecodingContainer<NestedKey> {
    let container = try superDecoder().container(keyedBy: type)
    return container
  }

  mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
    try superDecoder().unkeyedContainer()
  }

  mutating func superDecoder() throws -> any Decoder {
    try requireElement(Any.self)
    let decoder = TapeDecoder(
      tape: tape,
      index: cursor,
      codingPath: codingPath + [IndexKey(currentIndex)]
    )
    advance()
    return decoder
  }
}
