import Foundation

/// `Data` coded as a base64 string, the wire form of the schema's `bytes`: written in the
/// URL-safe alphabet with padding, as pydantic writes `bytes` under
/// `ser_json_bytes="base64"`; read in either alphabet, padding optional, exactly as pydantic
/// reads them under `val_json_bytes="base64"` (the rules are listed on `Base64`).
///
/// Generated models store `Data` and code it through this wrapper. Reading takes the
/// string's bytes from the payload as they are (a string with escapes is unescaped first)
/// and writing goes straight into the writer, with no `String` in between.
@_spi(Generated)
public struct Base64Bytes: Codable, Hashable, Sendable, PayloadDecodable, JSONWritable {
  public var data: Data

  public init(_ data: Data) {
    self.data = data
  }

  public init(payload value: PayloadValue) throws {
    let result = try value.withStringBytes(expected: Base64.Failure.expected(.eitherAlphabet)) {
      Self.decode($0)
    }
    switch result {
    case .success(let data): self.data = data
    case .failure(let failure): throw Self.violation(failure, at: value.path, in: value)
    }
  }

  public init(from decoder: any Decoder) throws {
    if let value = PayloadValue(decoder: decoder) {
      try self.init(payload: value)
      return
    }
    var text = try decoder.singleValueContainer().decode(String.self)
    let result = text.withUTF8 { Base64Bytes.decode($0) }
    switch result {
    case .success(let data): self.init(data)
    case .failure(let failure):
      let violation = SchemaViolation(
        path: JSONPath(codingPath: decoder.codingPath),
        expected: Base64.Failure.expected(.eitherAlphabet),
        found: failure.found(in: text)
      )
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: decoder.codingPath,
          debugDescription: violation.description,
          underlyingError: violation
        )
      )
    }
  }

  public func encode(to encoder: any Encoder) throws {
    let text = data.withUnsafeBytes { Base64.encode($0, alphabet: .urlSafe) }
    var container = encoder.singleValueContainer()
    try container.encode(String(decoding: text, as: UTF8.self))
  }

  public func writeJSON(to writer: inout JSONWriter) {
    writer.appendByte(UInt8(ascii: "\""))
    data.withUnsafeBytes { Base64.encode($0, alphabet: .urlSafe, to: &writer) }
    writer.appendByte(UInt8(ascii: "\""))
  }

  /// The bytes of base64 text read as pydantic reads `bytes`.
  static func decode(_ text: UnsafeBufferPointer<UInt8>) -> Result<Data, Base64.Failure> {
    switch Base64.decodedCount(text, reading: .eitherAlphabet) {
    case .failure(let failure): return .failure(failure)
    case .success(let count):
      // Only the empty text decodes to no bytes.
      guard count > 0 else { return .success(Data()) }
      var data = Data(count: count)
      let failure = data.withUnsafeMutableBytes { buffer in
        Base64.decode(text, reading: .eitherAlphabet, into: buffer.baseAddress!)
      }
      return failure.map { .failure($0) } ?? .success(data)
    }
  }

  static func violation(
    _ failure: Base64.Failure,
    at path: JSONPath,
    in value: PayloadValue
  ) -> SchemaViolation {
    SchemaViolation(
      path: path,
      expected: Base64.Failure.expected(.eitherAlphabet),
      found: failure.found(in: (try? value.decodeString()) ?? "")
    )
  }
}

extension PayloadValue {
  /// Calls `body` with the UTF-8 bytes of the string value, as they are in the payload
  /// when the string has no escapes (else unescaped first), or throws a violation expecting
  /// `expected` if the value is not a string.
  func withStringBytes<R>(
    expected: @autoclosure () -> String,
    _ body: (UnsafeBufferPointer<UInt8>) throws -> R
  ) throws -> R {
    let token = tape.tokens[index]
    switch token.kind {
    case .string:
      return try tape.bytes.withUnsafeBufferPointer { payload in
        try body(UnsafeBufferPointer(rebasing: payload[token.start..<token.end]))
      }
    case .escapedString:
      var text = tape.string(token)
      return try text.withUTF8 { try body($0) }
    default:
      throw tape.mismatchViolation(expected(), at: index, path)
    }
  }
}

/// A `bytes` value is written as base64, in the URL-safe alphabet with padding, as pydantic
/// writes `bytes` under `ser_json_bytes="base64"`.
extension Data: JSONWritable {
  public func writeJSON(to writer: inout JSONWriter) {
    Base64Bytes(self).writeJSON(to: &writer)
  }
}
