import Foundation

// The schema's `ndarray<DTYPE>`: an n-dimensional array in the JSON form of Truss Chains'
// `truss_chains.pydantic_numpy.NumpyArrayField`,
// `{"data_b64":"AACAPwAAAEA=","shape":[2],"dtype":"float32"}`: the elements in C order,
// little-endian, in standard base64 with padding.

/// The element types of an `ndarray`, by numpy's names.
public enum NDArrayDType: String, CaseIterable, Sendable {
  case float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64, bool

  /// The size of one element in bytes.
  public var elementSize: Int {
    switch self {
    case .int8, .uint8, .bool: 1
    case .int16, .uint16: 2
    case .float32, .int32, .uint32: 4
    case .float64, .int64, .uint64: 8
    }
  }
}

/// A Swift type that holds the elements of one ``NDArrayDType``: `Float`, `Double`,
/// `Int8` ... `Int64`, `UInt8` ... `UInt64` and `Bool`. Other types should not conform.
public protocol NDArrayElement: Hashable, Sendable {
  /// The dtype whose elements this type holds; its `elementSize` is this type's size.
  static var dtype: NDArrayDType { get }
  /// The element stored little-endian at `source`, which need not be aligned.
  init(littleEndianBytesAt source: UnsafeRawPointer)
  /// Stores the element little-endian at `target`, which need not be aligned.
  func storeLittleEndianBytes(at target: UnsafeMutableRawPointer)
}

extension NDArrayElement where Self: FixedWidthInteger {
  @inlinable
  public init(littleEndianBytesAt source: UnsafeRawPointer) {
    self.init(littleEndian: source.loadUnaligned(as: Self.self))
  }

  @inlinable
  public func storeLittleEndianBytes(at target: UnsafeMutableRawPointer) {
    target.storeBytes(of: littleEndian, as: Self.self)
  }
}

extension Int8: NDArrayElement { public static var dtype: NDArrayDType { .int8 } }
extension Int16: NDArrayElement { public static var dtype: NDArrayDType { .int16 } }
extension Int32: NDArrayElement { public static var dtype: NDArrayDType { .int32 } }
extension Int64: NDArrayElement { public static var dtype: NDArrayDType { .int64 } }
extension UInt8: NDArrayElement { public static var dtype: NDArrayDType { .uint8 } }
extension UInt16: NDArrayElement { public static var dtype: NDArrayDType { .uint16 } }
extension UInt32: NDArrayElement { public static var dtype: NDArrayDType { .uint32 } }
extension UInt64: NDArrayElement { public static var dtype: NDArrayDType { .uint64 } }

extension Float: NDArrayElement {
  public static var dtype: NDArrayDType { .float32 }

  @inlinable
  public init(littleEndianBytesAt source: UnsafeRawPointer) {
    self.init(bitPattern: UInt32(littleEndianBytesAt: source))
  }

  @inlinable
  public func storeLittleEndianBytes(at target: UnsafeMutableRawPointer) {
    bitPattern.storeLittleEndianBytes(at: target)
  }
}

extension Double: NDArrayElement {
  public static var dtype: NDArrayDType { .float64 }

  @inlinable
  public init(littleEndianBytesAt source: UnsafeRawPointer) {
    self.init(bitPattern: UInt64(littleEndianBytesAt: source))
  }

  @inlinable
  public func storeLittleEndianBytes(at target: UnsafeMutableRawPointer) {
    bitPattern.storeLittleEndianBytes(at: target)
  }
}

/// A `bool` element is one byte, 0 or 1; reading rejects any other byte before it becomes
/// a `Bool`.
extension Bool: NDArrayElement {
  public static var dtype: NDArrayDType { .bool }

  @inlinable
  public init(littleEndianBytesAt source: UnsafeRawPointer) {
    self = source.load(as: UInt8.self) != 0
  }

  @inlinable
  public func storeLittleEndianBytes(at target: UnsafeMutableRawPointer) {
    target.storeBytes(of: self ? 1 : 0, as: UInt8.self)
  }
}

/// Why a shape and elements do not make an ``NDArray``.
public struct NDArrayShapeError: Error, Hashable, Sendable, CustomStringConvertible {
  public enum Reason: Hashable, Sendable {
    /// The dimension at `index` is negative.
    case negativeDimension(index: Int)
    /// The elements' total size in bytes (the product of the non-zero dimensions times the
    /// element size, as numpy checks it) does not fit in `Int`.
    case tooLarge(elementSize: Int)
    /// The shape holds `expected` elements, not the `found` given.
    case countMismatch(expected: Int, found: Int)
  }

  public var shape: [Int]
  public var reason: Reason

  public init(shape: [Int], reason: Reason) {
    self.shape = shape
    self.reason = reason
  }

  public var description: String {
    let shown = NDArrayShapeError.format(shape)
    switch reason {
    case .negativeDimension(let index):
      return "shape \(shown) has a negative dimension at index \(index)"
    case .tooLarge(let size):
      return "shape \(shown) of \(size)-byte elements is larger than \(Int.max) bytes"
    case .countMismatch(let expected, let found):
      return "shape \(shown) holds \(expected) elements, found \(found)"
    }
  }

  /// A shape as messages show it, `[2, 2]`.
  static func format(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
  }
}

/// An n-dimensional array of `Element`s: the Swift type of the schema's `ndarray<DTYPE>`,
/// coded exactly as Truss Chains' `NumpyArrayField` writes it to JSON:
/// `{"data_b64":"AACAPwAAAEA=","shape":[2],"dtype":"float32"}`, the elements in C order
/// (the last index varies fastest), little-endian, in standard base64 with padding.
///
/// A scalar has shape `[]` and one element; a dimension may be zero (`[0, 3]`, no
/// elements).
///
/// Reading accepts the keys in any order and ignores unknown keys, as the reference does;
/// each of the three is required. It is stricter than the reference where that one would
/// convert or guess: `dtype` must be exactly `Element`'s (never a conversion, nor a numpy
/// alias such as `<f4`); `shape` must be a list of integer literals, each non-negative (numpy
/// would infer a `-1` and take a bare integer or `true`); `data_b64` must be canonical
/// standard base64 (see `Base64.Reading.standardPadded`) of exactly the element count times
/// the element size bytes; `bool` bytes must be 0 or 1.
///
/// Elements are kept bit for bit: a NaN's payload and the sign of a zero survive a round
/// trip. `==` and hashing follow Swift's floating-point semantics (NaN is not equal to
/// itself, `-0.0 == 0.0`); compare `bitPattern`s for bit equality.
public struct NDArray<Element: NDArrayElement>: Hashable, Sendable, Codable, PayloadDecodable,
  JSONWritable
{
  /// The size of each dimension, outermost first.
  public let shape: [Int]
  /// The elements in C order.
  public let elements: [Element]

  /// An array of the given shape, or an error when a dimension is negative, the total size
  /// does not fit in `Int`, or the shape's element count is not `elements.count`.
  public init(shape: [Int], elements: [Element]) throws {
    switch Self.elementCount(of: shape) {
    case .failure(let error): throw error
    case .success(let count) where count != elements.count:
      throw NDArrayShapeError(
        shape: shape,
        reason: .countMismatch(expected: count, found: elements.count)
      )
    case .success: break
    }
    self.shape = shape
    self.elements = elements
  }

  /// A one-dimensional array.
  public init(_ elements: [Element]) {
    self.shape = [elements.count]
    self.elements = elements
  }

  private init(checkedShape shape: [Int], elements: [Element]) {
    self.shape = shape
    self.elements = elements
  }

  /// The number of elements of `shape`, or why it has none: the one rule of shapes, for
  /// the initializer and both decoders. The product of the non-zero dimensions times the
  /// element size must fit in `Int` (numpy's check), whatever their order.
  static func elementCount(of shape: [Int]) -> Result<Int, NDArrayShapeError> {
    var product = 1
    var hasZero = false
    for (index, dimension) in shape.enumerated() {
      guard dimension >= 0 else {
        return .failure(NDArrayShapeError(shape: shape, reason: .negativeDimension(index: index)))
      }
      if dimension == 0 {
        hasZero = true
        continue
      }
      let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
      guard !overflow else { return .failure(tooLarge(shape)) }
      product = next
    }
    guard !product.multipliedReportingOverflow(by: Element.dtype.elementSize).overflow else {
      return .failure(tooLarge(shape))
    }
    return .success(hasZero ? 0 : product)
  }

  private static func tooLarge(_ shape: [Int]) -> NDArrayShapeError {
    NDArrayShapeError(shape: shape, reason: .tooLarge(elementSize: Element.dtype.elementSize))
  }

  // MARK: Writing

  public func writeJSON(to writer: inout JSONWriter) {
    writer.beginObject()
    writer.appendRaw(#""data_b64":""#)
    withLittleEndianBytes { Base64.encode($0, alphabet: .standard, to: &writer) }
    writer.appendRaw(#"","shape":["#)
    for (position, dimension) in shape.enumerated() {
      if position > 0 { writer.appendByte(UInt8(ascii: ",")) }
      writer.writeInteger(dimension)
    }
    writer.appendRaw(#"],"dtype":""#)
    var name = Element.dtype.rawValue
    name.withUTF8 { writer.appendBytes($0.baseAddress!, $0.count) }
    writer.appendByte(UInt8(ascii: "\""))
    writer.endObject()
  }

  /// Calls `body` with the elements' little-endian bytes: their own storage on a
  /// little-endian machine.
  private func withLittleEndianBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
    #if _endian(little)
    return elements.withUnsafeBytes(body)
    #else
    let size = Element.dtype.elementSize
    var bytes = [UInt8](repeating: 0, count: elements.count * size)
    bytes.withUnsafeMutableBytes { target in
      for (index, element) in elements.enumerated() {
        element.storeLittleEndianBytes(at: target.baseAddress! + index * size)
      }
    }
    return bytes.withUnsafeBytes(body)
    #endif
  }

  enum CodingKeys: String, CodingKey {
    case data = "data_b64"
    case shape, dtype
  }

  /// The same three keys and values as ``writeJSON(to:)``; their order is the encoder's
  /// (Foundation's `JSONEncoder` does not keep the order they are encoded in).
  public func encode(to encoder: any Encoder) throws {
    let text = withLittleEndianBytes { Base64.encode($0, alphabet: .standard) }
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(String(decoding: text, as: UTF8.self), forKey: .data)
    try container.encode(shape, forKey: .shape)
    try container.encode(Element.dtype.rawValue, forKey: .dtype)
  }

  // MARK: Reading

  public init(payload value: PayloadValue) throws {
    self = try Self.read(TapeWireValue(value: value))
  }

  /// The runtime's decoder reads the payload directly, with the errors of
  /// ``init(payload:)``; other decoders (such as `JSONDecoder`) give a JSON value that is
  /// checked by the same rules, each violation wrapped in `DecodingError.dataCorrupted`.
  public init(from decoder: any Decoder) throws {
    if let value = PayloadValue(decoder: decoder) {
      try self.init(payload: value)
      return
    }
    let value = try JSONValue(from: decoder)
    do {
      self = try Self.read(
        JSONWireValue(value: value, path: JSONPath(codingPath: decoder.codingPath))
      )
    } catch let violation as SchemaViolation {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: decoder.codingPath,
          debugDescription: violation.description,
          underlyingError: violation
        )
      )
    }
  }

  /// Every rule of the wire form, in one place for both decoders.
  static func read<Wire: NDArrayWireValue>(_ wire: Wire) throws -> NDArray {
    let members = try wire.requiredMembers(["data_b64", "shape", "dtype"])
    let (data, shapeValue, dtype) = (members[0], members[1], members[2])
    let dtypeName = Element.dtype.rawValue
    let expectedDType = "dtype " + JSONText.quoted(dtypeName)
    try dtype.withString(expected: expectedDType) { text in
      guard text.elementsEqual(dtypeName.utf8) else {
        throw SchemaViolation(
          path: dtype.path,
          expected: expectedDType,
          found: JSONText.excerpt(String(decoding: text, as: UTF8.self))
        )
      }
    }

    let shapeExpectation = "a list of non-negative integers"
    let dimensions = try shapeValue.elements(expected: shapeExpectation)
    var shape: [Int] = []
    shape.reserveCapacity(dimensions.count)
    for dimension in dimensions {
      guard let size = dimension.integerLiteral, size >= 0 else {
        throw SchemaViolation(
          path: dimension.path,
          expected: "a non-negative integer",
          found: dimension.found
        )
      }
      shape.append(size)
    }
    let count: Int
    switch elementCount(of: shape) {
    case .success(let value): count = value
    case .failure:
      // Every dimension is non-negative: the shape is too large.
      throw SchemaViolation(
        path: shapeValue.path,
        expected: "a shape of at most \(Int.max) bytes of \(dtypeName)",
        found: NDArrayShapeError.format(shape)
      )
    }

    let reading = Base64.Reading.standardPadded
    let elements = try data.withString(expected: Base64.Failure.expected(reading)) {
      text -> [Element] in
      func violation(_ failure: Base64.Failure) -> SchemaViolation {
        SchemaViolation(
          path: data.path,
          expected: Base64.Failure.expected(reading),
          found: failure.found(in: String(decoding: text, as: UTF8.self))
        )
      }
      let size = Element.dtype.elementSize
      let byteCount: Int
      switch Base64.decodedCount(text, reading: reading) {
      case .failure(let failure): throw violation(failure)
      case .success(let value): byteCount = value
      }
      guard byteCount == count * size else {
        // A text that is not base64 either says so first.
        if let failure = Base64.firstFailure(in: text, reading: reading) {
          throw violation(failure)
        }
        throw SchemaViolation(
          path: data.path,
          expected:
            "\(count * size) bytes for shape \(NDArrayShapeError.format(shape)) of \(dtypeName)"
            + " (\(count) elements of \(size) bytes)",
          found: "\(byteCount) bytes"
        )
      }
      guard count > 0 else { return [] }
      var failure: Base64.Failure?
      var badBool: (element: Int, byte: UInt8)?
      let elements = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
        let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
        failure = Base64.decode(text, reading: reading, into: raw)
        if failure == nil && Element.self == Bool.self {
          // Only 0 and 1 are `Bool`s: check the bytes before they are read as such.
          for index in 0..<count where raw.load(fromByteOffset: index, as: UInt8.self) > 1 {
            badBool = (index, raw.load(fromByteOffset: index, as: UInt8.self))
            break
          }
        }
        guard failure == nil && badBool == nil else {
          initialized = 0
          return
        }
        #if _endian(big)
        for index in 0..<count {
          let element = Element(littleEndianBytesAt: raw + index * size)
          (buffer.baseAddress! + index).initialize(to: element)
        }
        #endif
        initialized = count
      }
      if let failure { throw violation(failure) }
      if let badBool {
        throw SchemaViolation(
          path: data.path,
          expected: "bool bytes 0 or 1",
          found: "byte \(badBool.byte) at element \(badBool.element)"
        )
      }
      return elements
    }
    return NDArray(checkedShape: shape, elements: elements)
  }
}

// MARK: The two sources decoders read from

/// One JSON value as `NDArray.read` needs it, from a payload's tape or from a `JSONValue`;
/// each error is a violation at the value's path.
protocol NDArrayWireValue {
  var path: JSONPath { get }
  /// The value as error messages show it.
  var found: String { get }
  /// The values of `keys` in an object; a violation when this is not an object or a key is
  /// absent (the first in `keys` order).
  func requiredMembers(_ keys: [String]) throws -> [Self]
  /// Calls `body` with a string's UTF-8 bytes; a violation expecting `expected` when this
  /// is not a string.
  func withString<R>(
    expected: String,
    _ body: (UnsafeBufferPointer<UInt8>) throws -> R
  ) throws -> R
  /// An array's elements; a violation expecting `expected` when this is not an array.
  func elements(expected: String) throws -> [Self]
  /// The value of an integer literal that fits in `Int`, else nil.
  var integerLiteral: Int? { get }
}

extension NDArrayWireValue {
  func missing(_ key: String) -> SchemaViolation {
    SchemaViolation(
      path: path.appending(key: key),
      expected: "a value for required field \(JSONText.quoted(key))",
      found: "nothing (the key is absent)"
    )
  }

  func mismatch(_ expected: String) -> SchemaViolation {
    SchemaViolation(path: path, expected: expected, found: found)
  }
}

struct TapeWireValue: NDArrayWireValue {
  let value: PayloadValue

  var path: JSONPath { value.path }
  var found: String { value.tape.describe(value.index) }

  func requiredMembers(_ keys: [String]) throws -> [TapeWireValue] {
    let object = try value.object()
    return try keys.map { key in
      guard object.contains(key) else { throw missing(key) }
      return TapeWireValue(value: try object.value(forKey: key))
    }
  }

  func withString<R>(
    expected: String,
    _ body: (UnsafeBufferPointer<UInt8>) throws -> R
  ) throws -> R {
    try value.withStringBytes(expected: expected, body)
  }

  func elements(expected: String) throws -> [TapeWireValue] {
    guard value.tape.tokens[value.index].kind == .array else { throw mismatch(expected) }
    return PayloadArray(value).map { TapeWireValue(value: $0) }
  }

  var integerLiteral: Int? {
    let token = value.tape.tokens[value.index]
    return token.kind == .integer ? value.tape.integer(token, as: Int.self) : nil
  }
}

struct JSONWireValue: NDArrayWireValue {
  let value: JSONValue
  let path: JSONPath

  var found: String {
    switch value {
    case .null: "null"
    case .bool(let flag): flag ? "true" : "false"
    case .int(let number): String(number)
    case .bigInteger(let number): number.digits
    case .double(let number): String(number)
    case .string(let text): "string " + JSONText.excerpt(text)
    case .array: "array"
    case .object: "object"
    }
  }

  func requiredMembers(_ keys: [String]) throws -> [JSONWireValue] {
    guard case .object(let members) = value else { throw mismatch("object") }
    return try keys.map { key in
      guard let member = members[key] else { throw missing(key) }
      return JSONWireValue(value: member, path: path.appending(key: key))
    }
  }

  func withString<R>(
    expected: String,
    _ body: (UnsafeBufferPointer<UInt8>) throws -> R
  ) throws -> R {
    guard case .string(var text) = value else { throw mismatch(expected) }
    return try text.withUTF8 { try body($0) }
  }

  func elements(expected: String) throws -> [JSONWireValue] {
    guard case .array(let values) = value else { throw mismatch(expected) }
    return values.enumerated().map { JSONWireValue(value: $1, path: path.appending(index: $0)) }
  }

  var integerLiteral: Int? {
    if case .int(let number) = value { return number }
    return nil
  }
}
