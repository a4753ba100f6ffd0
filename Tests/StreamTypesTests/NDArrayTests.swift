import Foundation
import Testing

@_spi(Generated) @testable import StreamTypes

/// `NDArray`: the wire form of Truss Chains' `NumpyArrayField`, its errors, and the agreement
/// of the direct path, the runtime's `Codable` path and Foundation's coders.
@Suite struct NDArrayTests {
  static let location = PayloadLocation(offset: 0, frameIndex: 0, frameKind: .item)

  struct Holder<Element: NDArrayElement>: Codable, Equatable {
    var x: NDArray<Element>
  }

  enum Path: CaseIterable { case direct, codable, foundation }

  /// Decodes `{"x": ...}` by one path; every failure as the violation it carries.
  static func decode<Element: NDArrayElement>(
    _ type: Element.Type,
    _ json: String,
    by path: Path
  ) -> Result<NDArray<Element>, SchemaViolation> {
    let bytes = Array(json.utf8)
    do {
      switch path {
      case .direct:
        return .success(
          try PayloadCodec.decode(from: bytes[...], at: location) { decoder in
            try PayloadValue(decoder: decoder)!.object().decode(NDArray<Element>.self, forKey: "x")
          }
        )
      case .codable:
        return .success(try PayloadCodec.decode(Holder<Element>.self, from: bytes, at: location).x)
      case .foundation:
        return .success(try JSONDecoder().decode(Holder<Element>.self, from: Data(bytes)).x)
      }
    } catch let error as StreamError {
      return .failure(
        SchemaViolation(
          path: error.path ?? .root,
          expected: error.expected ?? "",
          found: error.found ?? ""
        )
      )
    } catch DecodingError.dataCorrupted(let context) {
      return .failure(
        context.underlyingError as? SchemaViolation
          ?? SchemaViolation(path: .root, expected: "", found: "\(context)")
      )
    } catch {
      return .failure(SchemaViolation(path: .root, expected: "", found: "\(error)"))
    }
  }

  /// Decodes by every path and checks that they agree.
  static func decodeAll<Element: NDArrayElement>(
    _ type: Element.Type,
    _ json: String
  ) -> Result<NDArray<Element>, SchemaViolation> {
    let results = Path.allCases.map { decode(type, json, by: $0) }
    for result in results.dropFirst() {
      switch (results[0], result) {
      case (.success(let a), .success(let b)):
        #expect(bits(a) == bits(b), "\(json)")
      case (.failure(let a), .failure(let b)):
        #expect(a == b, "\(json)")
      default:
        Issue.record("\(json): the paths disagree: \(results)")
      }
    }
    return results[0]
  }

  /// The elements' little-endian bytes, for bit-exact comparison.
  static func bits<Element: NDArrayElement>(_ array: NDArray<Element>) -> [UInt8] {
    let size = Element.dtype.elementSize
    var bytes = [UInt8](repeating: 0, count: array.elements.count * size)
    bytes.withUnsafeMutableBytes { buffer in
      for (index, element) in array.elements.enumerated() {
        element.storeLittleEndianBytes(at: buffer.baseAddress! + index * size)
      }
    }
    return bytes
  }

  static func written(_ value: some JSONWritable) -> String {
    String(decoding: JSONWriter.encode(value), as: UTF8.self)
  }

  @Test func writesTheReferenceFormInItsKeyOrder() throws {
    let array = try NDArray(shape: [2, 2], elements: [Float(1.5), 2, 3, 4])
    let expected = #"{"data_b64":"AADAPwAAAEAAAEBAAACAQA==","shape":[2,2],"dtype":"float32"}"#
    #expect(Self.written(array) == expected)
    // Foundation's encoder writes the same keys and values, in an order of its own.
    let encoded = try JSONEncoder().encode(array)
    let parse = { (bytes: [UInt8]) in
      try PayloadCodec.decode(JSONValue.self, from: bytes, at: Self.location)
    }
    #expect(try parse([UInt8](encoded)) == parse(Array(expected.utf8)))
    #expect(
      Self.written(NDArray([true, false])) == #"{"data_b64":"AQA=","shape":[2],"dtype":"bool"}"#
    )
  }

  /// Round trips through the writer and every reader, bit for bit: NaN payloads, -0.0,
  /// extremes, scalars, empty and three-dimensional arrays.
  func roundTrips<Element: NDArrayElement>(_ samples: [Element]) throws {
    for shape in [[0], [0, 3], [], [1], [samples.count], [2, 3, 4], [3, 0, 2]] {
      let count = shape.reduce(1, *)
      let elements = (0..<count).map { samples[$0 % samples.count] }
      let array = try NDArray(shape: shape, elements: elements)
      for json in [
        Self.written(array), String(decoding: try JSONEncoder().encode(array), as: UTF8.self),
      ] {
        let read = try Self.decodeAll(Element.self, #"{"x":"# + json + "}").get()
        #expect(read.shape == shape)
        #expect(Self.bits(read) == Self.bits(array))
      }
    }
  }

  @Test func everyDTypeRoundTrips() throws {
    let nanWithPayload = Float(bitPattern: 0xFFC0_1234)
    try roundTrips([Float(1.5), -0.0, .nan, nanWithPayload, .infinity, .leastNonzeroMagnitude])
    try roundTrips([Double(1.5), -0.0, Double(bitPattern: 0x7FF8_0000_DEAD_BEEF), -.infinity])
    try roundTrips([Int8.min, 0, Int8.max])
    try roundTrips([Int16.min, -1, Int16.max])
    try roundTrips([Int32.min, 7, Int32.max])
    try roundTrips([Int64.min, 1 << 40, Int64.max])
    try roundTrips([UInt8.min, 200, UInt8.max])
    try roundTrips([UInt16.min, 0x1234, UInt16.max])
    try roundTrips([UInt32.min, 0x1234_5678, UInt32.max])
    try roundTrips([UInt64.min, 0x0123_4567_89AB_CDEF, UInt64.max])
    try roundTrips([true, false, false])
    #expect(NDArrayDType.allCases.count == 11)
  }

  @Test func theDTypesAreNumpys() {
    let sizes: [NDArrayDType: Int] = [
      .float32: 4, .float64: 8, .int8: 1, .int16: 2, .int32: 4, .int64: 8, .uint8: 1, .uint16: 2,
      .uint32: 4, .uint64: 8, .bool: 1,
    ]
    for dtype in NDArrayDType.allCases { #expect(dtype.elementSize == sizes[dtype]) }
    #expect(Float.dtype == .float32 && Double.dtype == .float64 && Bool.dtype == .bool)
    #expect(Int8.dtype == .int8 && UInt64.dtype == .uint64)
  }

  @Test func readsKeysInAnyOrderAndIgnoresUnknownKeys() throws {
    let json =
      #"{"x":{"extra":[1,{"a":null}],"dtype":"float32","shape":[2],"data_b64":"AACAPwAAAEA="}}"#
    let read = try Self.decodeAll(Float.self, json).get()
    #expect(read == NDArray([1, 2]))
    let scalar = try Self.decodeAll(
      Double.self,
      #"{"x":{"data_b64":"AAAAAAAA+D8=","shape":[],"dtype":"float64"}}"#
    )
    .get()
    #expect(scalar.shape == [] && scalar.elements == [1.5])
  }

  /// Every error: its path, what was expected and what was found.
  @Test(arguments: [
    (#"{"x":[1]}"#, "$.x", "object", "array"),
    (
      #"{"x":{"shape":[1],"dtype":"float32"}}"#, "$.x.data_b64",
      #"a value for required field "data_b64""#, "nothing (the key is absent)"
    ),
    (
      #"{"x":{"data_b64":"","dtype":"float32"}}"#, "$.x.shape",
      #"a value for required field "shape""#, "nothing (the key is absent)"
    ),
    (
      #"{"x":{"data_b64":"","shape":[0]}}"#, "$.x.dtype",
      #"a value for required field "dtype""#, "nothing (the key is absent)"
    ),
    (
      #"{"x":{"data_b64":"","shape":[0],"dtype":"float64"}}"#, "$.x.dtype",
      #"dtype "float32""#, #""float64""#
    ),
    (
      #"{"x":{"data_b64":"","shape":[0],"dtype":"<f4"}}"#, "$.x.dtype", #"dtype "float32""#,
      #""<f4""#
    ),
    (#"{"x":{"data_b64":"","shape":[0],"dtype":null}}"#, "$.x.dtype", #"dtype "float32""#, "null"),
    (
      #"{"x":{"data_b64":"","shape":4,"dtype":"float32"}}"#, "$.x.shape",
      "a list of non-negative integers", "4"
    ),
    (
      #"{"x":{"data_b64":"","shape":[2,-1],"dtype":"float32"}}"#, "$.x.shape[1]",
      "a non-negative integer", "-1"
    ),
    (
      #"{"x":{"data_b64":"","shape":[2,true],"dtype":"float32"}}"#, "$.x.shape[1]",
      "a non-negative integer", "true"
    ),
    (
      #"{"x":{"data_b64":"","shape":[0,"3"],"dtype":"float32"}}"#, "$.x.shape[1]",
      "a non-negative integer", #"string "3""#
    ),
    (
      #"{"x":{"data_b64":"","shape":[0,4611686018427387904],"dtype":"float32"}}"#, "$.x.shape",
      "a shape of at most 9223372036854775807 bytes of float32", "[0, 4611686018427387904]"
    ),
    (
      #"{"x":{"data_b64":"AAAA","shape":[2,2],"dtype":"float32"}}"#, "$.x.data_b64",
      "16 bytes for shape [2, 2] of float32 (4 elements of 4 bytes)", "3 bytes"
    ),
    (
      #"{"x":{"data_b64":"AAAAAAAAAAAAAAAA","shape":[2,2],"dtype":"float32"}}"#, "$.x.data_b64",
      "16 bytes for shape [2, 2] of float32 (4 elements of 4 bytes)", "12 bytes"
    ),
    (
      #"{"x":{"data_b64":"AA*A","shape":[1],"dtype":"float32"}}"#, "$.x.data_b64",
      "a standard base64 string with padding (RFC 4648)",
      #""*" at index 2, not a base64 character in "AA*A""#
    ),
    (
      #"{"x":{"data_b64":"AAAAAA","shape":[1],"dtype":"float32"}}"#, "$.x.data_b64",
      "a standard base64 string with padding (RFC 4648)",
      #"the end at index 6, where padding "=" is required in "AAAAAA""#
    ),
    (
      #"{"x":{"data_b64":"AAAA_w==","shape":[1],"dtype":"float32"}}"#, "$.x.data_b64",
      "a standard base64 string with padding (RFC 4648)",
      #""_" at index 4, not in the standard alphabet (+/) in "AAAA_w==""#
    ),
    (
      #"{"x":{"data_b64":7,"shape":[1],"dtype":"float32"}}"#, "$.x.data_b64",
      "a standard base64 string with padding (RFC 4648)", "7"
    ),
  ])
  func errorsNameTheirPath(json: String, path: String, expected: String, found: String) {
    let result = Self.decodeAll(Float.self, json)
    guard case .failure(let violation) = result else {
      Issue.record("\(json) was accepted")
      return
    }
    #expect(violation.path.description == path, "\(json)")
    #expect(violation.expected == expected, "\(json)")
    #expect(violation.found == found, "\(json)")
  }

  /// A dimension beyond 64 bits. (Foundation's decoder reads it as a `Double`, so its
  /// message shows `1e+20`.)
  @Test func aHugeDimensionIsNotAnInteger() {
    let json = #"{"x":{"data_b64":"","shape":[0,99999999999999999999],"dtype":"float32"}}"#
    let expected = SchemaViolation(
      path: JSONPath(components: [.key("x"), .key("shape"), .index(1)]),
      expected: "a non-negative integer",
      found: "99999999999999999999"
    )
    #expect(Self.decode(Float.self, json, by: .direct) == .failure(expected))
    #expect(Self.decode(Float.self, json, by: .codable) == .failure(expected))
    guard case .failure(let violation) = Self.decode(Float.self, json, by: .foundation) else {
      Issue.record("accepted")
      return
    }
    #expect(violation.path == expected.path && violation.expected == expected.expected)
  }

  @Test func boolBytesAreZeroOrOne() {
    let result = Self.decodeAll(Bool.self, #"{"x":{"data_b64":"AAEC","shape":[3],"dtype":"bool"}}"#)
    #expect(
      result
        == .failure(
          SchemaViolation(
            path: JSONPath(components: [.key("x"), .key("data_b64")]),
            expected: "bool bytes 0 or 1",
            found: "byte 2 at element 2"
          )
        )
    )
  }

  @Test func theInitializerChecksTheShape() throws {
    #expect(throws: NDArrayShapeError(shape: [2, -1], reason: .negativeDimension(index: 1))) {
      try NDArray<Float>(shape: [2, -1], elements: [])
    }
    #expect(
      throws: NDArrayShapeError(shape: [2, 2], reason: .countMismatch(expected: 4, found: 3))
    ) {
      try NDArray<Float>(shape: [2, 2], elements: [1, 2, 3])
    }
    // The product of the non-zero dimensions times the element size, in any order.
    for shape in [[Int.max / 2, 3], [0, Int.max], [Int.max, 0], [1 << 31, 1 << 31, 0]] {
      #expect(throws: NDArrayShapeError(shape: shape, reason: .tooLarge(elementSize: 4))) {
        try NDArray<Float>(shape: shape, elements: [])
      }
    }
    #expect(try NDArray<Int8>(shape: [0, Int.max], elements: []).elements.isEmpty)
    #expect(try NDArray<Float>(shape: [], elements: [2]).elements == [2])
    #expect(try NDArray<Float>(shape: [3, 0], elements: []).shape == [3, 0])
    #expect(NDArray<Float>([1, 2, 3]).shape == [3])
    let error = NDArrayShapeError(shape: [2, 2], reason: .countMismatch(expected: 4, found: 3))
    #expect(error.description == "shape [2, 2] holds 4 elements, found 3")
  }

  /// A large array decodes and encodes in time linear in its size.
  @Test func aLargeArrayRoundTrips() throws {
    let elements = (0..<1_000_000).map { Float($0) }
    let array = NDArray(elements)
    let read = try Self.decode(Float.self, #"{"x":"# + Self.written(array) + "}", by: .direct).get()
    #expect(read == array)
  }
}
