import Foundation

// The runtime decodes payloads with its own `Decoder` rather than Foundation's
// `JSONDecoder`: one scan both checks the syntax strictly and records a tape of token
// positions, and every type error names its JSON path and the value found. (Foundation's
// decoder reports `1.5` for an `Int` field as corrupted data with an empty path.)

/// The coding key of an array element.
struct IndexKey: CodingKey {
  var intValue: Int?
  var stringValue: String { "Index \(intValue!)" }

  init(_ index: Int) { intValue = index }
  init?(stringValue: String) { nil }
  init(intValue: Int) { self.intValue = intValue }
}

/// A `Decoder` positioned at one value of a payload tape. It is its own single value
/// container.
final class TapeDecoder: Decoder, SingleValueDecodingContainer {
  let tape: PayloadTape
  let index: Int
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  init(tape: PayloadTape, index: Int, codingPath: [any CodingKey]) {
    self.tape = tape
    self.index = index
    self.codingPath = codingPath
  }

  func jsonValue() -> JSONValue { tape.jsonValue(index) }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    guard tape.tokens[index].kind == .object else {
      throw tape.mismatch([String: Any].self, "object", at: index, codingPath)
    }
    return KeyedDecodingContainer(
      TapeKeyedContainer<Key>(tape: tape, index: index, codingPath: codingPath)
    )
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    guard tape.tokens[index].kind == .array else {
      throw tape.mismatch([Any].self, "array", at: index, codingPath)
    }
    return TapeUnkeyedContainer(tape: tape, index: index, codingPath: codingPath)
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

  // MARK: SingleValueDecodingContainer

  func decodeNil() -> Bool { tape.tokens[index].kind == .null }
  func decode(_ type: Bool.Type) throws -> Bool { try decodeValue(type) }
  func decode(_ type: String.Type) throws -> String { try decodeValue(type) }
  func decode(_ type: Double.Type) throws -> Double { try decodeValue(type) }
  func decode(_ type: Float.Type) throws -> Float { try decodeValue(type) }
  func decode(_ type: Int.Type) throws -> Int { try decodeValue(type) }
  func decode(_ type: Int8.Type) throws -> Int8 { try decodeValue(type) }
  func decode(_ type: Int16.Type) throws -> Int16 { try decodeValue(type) }
  func decode(_ type: Int32.Type) throws -> Int32 { try decodeValue(type) }
  func decode(_ type: Int64.Type) throws -> Int64 { try decodeValue(type) }
  func decode(_ type: UInt.Type) throws -> UInt { try decodeValue(type) }
  func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeValue(type) }
  func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeValue(type) }
  func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeValue(type) }
  func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeValue(type) }
  func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }

  private func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
    try tape.decode(type, at: index, codingPath: codingPath)
  }
}
