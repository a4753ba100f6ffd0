import Foundation
import Testing

@_spi(Generated) @testable import StreamTypes

/// `ndarray` and `bytes` against the real thing: `Scripts/ndarray_interop.py` writes arrays
/// of every dtype and several shapes with Truss Chains' `NumpyArrayField`, bytes of every
/// padding length with pydantic, and reports which base64 texts pydantic accepts. Swift
/// reads equal values, writes byte-equal JSON, agrees on every base64 text, and pydantic
/// reads back what Swift writes.
///
/// The script downloads the `truss` wheel (and numpy) from PyPI on first use; without
/// network or pydantic this test fails (it is never skipped).
@Suite(.serialized) struct NDArrayInteropTests {
  struct ArrayCase: Codable {
    var dtype: String
    var shape: [Int]
    var json: String
    var elements: [JSONValue]
  }

  struct BytesCase: Codable {
    var hex: String
    var json: String
  }

  struct Reading: Codable {
    var text: String
    var accepted: Bool
    var hex: String?
  }

  struct Cases: Codable {
    var ndarrays: [ArrayCase]
    var bytes: [BytesCase]
    var base64: [Reading]
  }

  /// What Swift wrote for each case, in order.
  struct Written: Codable {
    var ndarrays: [String]
    var bytes: [String]
  }

  static let location = PayloadLocation(offset: 0, frameIndex: 0, frameKind: .item)

  static func script() -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Scripts/ndarray_interop.py").path
  }

  static func run(_ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: Data)
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script()] + arguments
    let output = Pipe()
    process.standardOutput = output
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(input) }
    try stdin.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, data)
  }

  static func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
  }

  struct Holder<Element: NDArrayElement>: Codable {
    var x: NDArray<Element>
  }

  struct BytesHolder: Codable {
    var b: Base64Bytes
  }

  /// The elements as the script lists them: floats as bit patterns.
  static func listed<Element: NDArrayElement>(_ elements: [Element]) -> [JSONValue] {
    elements.map { element in
      switch element {
      case let value as Float: .int(Int(value.bitPattern))
      case let value as Double:
        Int(exactly: value.bitPattern).map { .int($0) }
          ?? .bigInteger(JSONBigInteger(checkedDigits: String(value.bitPattern)))
      case let value as Bool: .bool(value)
      case let value as UInt64:
        Int(exactly: value).map { .int($0) }
          ?? .bigInteger(JSONBigInteger(checkedDigits: String(value)))
      case let value as any BinaryInteger: .int(Int(value))
      default: .null
      }
    }
  }

  /// Reads one case written by Python, checks the values, and returns what Swift writes.
  static func check<Element: NDArrayElement>(_: Element.Type, _ item: ArrayCase) throws -> String {
    let holder = try PayloadCodec.decode(
      Holder<Element>.self,
      from: Array(item.json.utf8),
      at: location
    )
    #expect(holder.x.shape == item.shape, "\(item.json)")
    #expect(listed(holder.x.elements) == item.elements, "\(item.json)")
    var writer = JSONWriter()
    writer.beginObject()
    writer.field("x", holder.x)
    writer.endObject()
    let json = String(decoding: writer.bytes, as: UTF8.self)
    #expect(json == item.json)
    return json
  }

  static func check(_ item: ArrayCase) throws -> String {
    switch NDArrayDType(rawValue: item.dtype) {
    case .float32: try check(Float.self, item)
    case .float64: try check(Double.self, item)
    case .int8: try check(Int8.self, item)
    case .int16: try check(Int16.self, item)
    case .int32: try check(Int32.self, item)
    case .int64: try check(Int64.self, item)
    case .uint8: try check(UInt8.self, item)
    case .uint16: try check(UInt16.self, item)
    case .uint32: try check(UInt32.self, item)
    case .uint64: try check(UInt64.self, item)
    case .bool: try check(Bool.self, item)
    case nil: throw SchemaViolation(path: .root, expected: "a dtype", found: item.dtype)
    }
  }

  @Test func swiftAndPythonAgreeBothWays() throws {
    let produced = try Self.run(["cases"])
    #expect(produced.status == 0)
    // The runtime's decoder keeps uint64 and float64 bit patterns beyond Int exact.
    let cases = try PayloadCodec.decode(
      Cases.self,
      from: [UInt8](produced.output),
      at: Self.location
    )
    #expect(cases.ndarrays.count == 88)
    #expect(Set(cases.ndarrays.map(\.dtype)) == Set(NDArrayDType.allCases.map(\.rawValue)))

    // Python's arrays: equal values, byte-equal JSON.
    let arrays = try cases.ndarrays.map(Self.check)

    // Python's bytes: equal values, byte-equal JSON (both write URL-safe with padding).
    var byteCases: [String] = []
    for item in cases.bytes {
      let holder = try PayloadCodec.decode(
        BytesHolder.self,
        from: Array(item.json.utf8),
        at: Self.location
      )
      #expect(Self.hex(holder.b.data) == item.hex)
      var writer = JSONWriter()
      writer.beginObject()
      writer.field("b", holder.b)
      writer.endObject()
      let json = String(decoding: writer.bytes, as: UTF8.self)
      #expect(json == item.json)
      byteCases.append(json)
    }
    #expect(Set(cases.bytes.map { $0.hex.count / 2 % 3 }) == [0, 1, 2])

    // pydantic's reading of base64 (chosen texts, then every text of up to 5 characters over
    // "AQR+-_/="): Swift accepts exactly what it accepts, with equal bytes.
    let readings = cases.base64
    #expect(readings.count > 37_000)
    for reading in readings {
      var text = reading.text
      let result = text.withUTF8 { Base64Bytes.decode($0) }
      switch result {
      case .success(let data):
        #expect(
          reading.accepted,
          "Swift accepts \(JSONText.quoted(reading.text)), pydantic does not"
        )
        #expect(Self.hex(data) == reading.hex, "\(JSONText.quoted(reading.text))")
      case .failure(let failure):
        #expect(
          !reading.accepted,
          "pydantic accepts \(JSONText.quoted(reading.text)), Swift says \(failure)"
        )
      }
    }

    // What Swift writes, pydantic reads back to the same values.
    let written = try JSONEncoder().encode(Written(ndarrays: arrays, bytes: byteCases))
    let checked = try Self.run(["check"], input: written)
    #expect(checked.status == 0, "\(String(decoding: checked.output, as: UTF8.self))")
  }
}
