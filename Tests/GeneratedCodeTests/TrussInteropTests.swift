import ExampleSchemas
import Foundation
import StreamTypes
import Testing

/// Byte compatibility with the Python reference, `truss_chains.streaming`, both ways:
/// `Scripts/truss_interop.py` writes streams with the reference writer and pydantic models
/// equivalent to `Schemas/Transcription.yaml` and `Schemas/JobProgress.yaml` (whose case
/// holds Python's big integers); the generated readers read them. Then the
/// generated writers write the same values and the reference reader reads them back.
///
/// The script downloads the `truss` wheel from PyPI on first use; without network or
/// pydantic this test fails (it is never skipped).
@Suite(.serialized) struct TrussInteropTests {
  struct Case: Decodable {
    var name: String
    var stream: String
  }

  /// The values of one case, as the Python side dumped them.
  struct Values<Schema: StreamSchema>: Decodable
  where Schema.Header: Decodable, Schema.Footer: Decodable {
    var header: Schema.Header?
    var items: [Schema.Item]
    var footer: Schema.Footer?
  }

  static func runScript(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try runPythonScript("Scripts/truss_interop.py", arguments)
  }

  /// The bytes in chunks of varying sizes, as a network would deliver them.
  static func chunks(_ bytes: [UInt8]) -> AsyncStream<ArraySlice<UInt8>> {
    AsyncStream { continuation in
      var generator = SplitMix64(seed: UInt64(bytes.count))
      var start = 0
      while start < bytes.count {
        let size = [1, 2, 5, 13, 4096, 65_537][Int(generator.next() % 6)]
        continuation.yield(bytes[start..<min(start + size, bytes.count)])
        start += size
      }
      continuation.finish()
    }
  }

  /// Reads a stream through the generated reader's event sequence.
  static func read<Schema: StreamSchema>(
    _: Schema.Type,
    _ bytes: [UInt8]
  ) async throws
    -> Values<Schema>
  where Schema.Header: Decodable, Schema.Footer: Decodable {
    var values = Values<Schema>(header: nil, items: [], footer: nil)
    for try await event in StreamReader<Schema>(chunks(bytes)).events() {
      switch event {
      case .header(let header): values.header = header
      case .item(let item): values.items.append(item)
      case .footer(let footer): values.footer = footer
      case .error(let error): Issue.record("a producer error: \(error)")
      }
    }
    return values
  }

  static func checkPythonStream<Schema: StreamSchema>(
    _ type: Schema.Type,
    _ directory: URL,
    _ name: String
  ) async throws -> [UInt8]
  where Schema.Header: Decodable & Equatable, Schema.Footer: Decodable & Equatable {
    let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).bin")))
    let expected = try values(Schema.self, directory, name)
    let read = try await read(type, bytes)
    #expect(read.items == expected.items, "\(name): items")
    #expect(read.header == expected.header, "\(name): header")
    #expect(read.footer == expected.footer, "\(name): footer")
    #expect(read.header != nil || !Schema.declaresHeader)
    #expect(read.footer != nil || !Schema.declaresFooter)
    return bytes
  }

  static func writeItems<Schema: StreamSchema>(
    _ writer: inout StreamWriter<Schema>,
    _ values: Values<Schema>
  ) throws -> [UInt8] {
    try values.items.reduce(into: []) { $0 += try writer.yieldItem($1) }
  }

  static func write<Schema: StreamSchema>(_ values: Values<Schema>) throws -> [UInt8] {
    var writer = StreamWriter<Schema>()
    let bytes = try writeItems(&writer, values)
    try writer.finish()
    return bytes
  }

  static func write<Schema: StreamSchemaWithHeader>(_ values: Values<Schema>) throws -> [UInt8] {
    var writer = StreamWriter<Schema>()
    var bytes = try writer.yieldHeader(values.header!)
    bytes += try writeItems(&writer, values)
    try writer.finish()
    return bytes
  }

  static func write<Schema: StreamSchemaWithFooter>(_ values: Values<Schema>) throws -> [UInt8] {
    var writer = StreamWriter<Schema>()
    var bytes = try writeItems(&writer, values)
    bytes += try writer.yieldFooter(values.footer!)
    try writer.finish()
    return bytes
  }

  static func write<Schema: StreamSchemaWithHeader & StreamSchemaWithFooter>(
    _ values: Values<Schema>
  ) throws -> [UInt8] {
    var writer = StreamWriter<Schema>()
    var bytes = try writer.yieldHeader(values.header!)
    bytes += try writeItems(&writer, values)
    bytes += try writer.yieldFooter(values.footer!)
    try writer.finish()
    return bytes
  }

  static func values<Schema: StreamSchema>(
    _: Schema.Type,
    _ directory: URL,
    _ name: String
  )
    throws -> Values<Schema>
  where Schema.Header: Decodable, Schema.Footer: Decodable {
    // The runtime's decoder, which keeps a `json` field's integers beyond 64 bits exactly
    // (through `JSONDecoder`, a `JSONValue` gets them as doubles).
    let bytes = try Data(contentsOf: directory.appendingPathComponent("\(name).json"))
    return try PayloadCodec.decode(
      Values<Schema>.self,
      from: [UInt8](bytes),
      limits: StreamLimits(maxFrameBytes: 1 << 30),
      at: PayloadLocation(offset: 0, frameIndex: 0, frameKind: nil)
    )
  }

  @Test func pythonWritesSwiftReadsAndSwiftWritesPythonReads() async throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("streamtypes-interop-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }

    let written = try Self.runScript(["write", directory.path])
    try #require(written.status == 0, "truss_interop.py write failed:\n\(written.output)")
    let cases = try JSONDecoder().decode(
      [Case].self,
      from: Data(contentsOf: directory.appendingPathComponent("cases.json"))
    )
    #expect(
      Set(cases.map(\.name)) == [
        "header_items_footer", "items_only", "header_only", "footer_only", "zero_items",
        "zero_items_only", "unicode", "large_frames", "big_integers", "message_events", "speech",
        "every_dtype",
      ]
    )

    for testCase in cases {
      let name = testCase.name
      let swiftBytes: [UInt8]
      switch testCase.stream {
      case "Transcription":
        _ = try await Self.checkPythonStream(Transcription.self, directory, name)
        swiftBytes = try Self.write(try Self.values(Transcription.self, directory, name))
      case "TranscriptionSegments":
        let python = try await Self.checkPythonStream(TranscriptionSegments.self, directory, name)
        swiftBytes = try Self.write(try Self.values(TranscriptionSegments.self, directory, name))
        if name == "large_frames" {
          // The first item's text is 1 MiB: the frame announces more than that.
          let length = python[1...4].reduce(0) { $0 << 8 | Int($1) }
          #expect(length > 1 << 20)
        }
      case "LiveTranscription":
        _ = try await Self.checkPythonStream(LiveTranscription.self, directory, name)
        swiftBytes = try Self.write(try Self.values(LiveTranscription.self, directory, name))
      case "TranscriptionWithSummary":
        _ = try await Self.checkPythonStream(TranscriptionWithSummary.self, directory, name)
        swiftBytes = try Self.write(
          try Self.values(TranscriptionWithSummary.self, directory, name)
        )
      case "JobProgress":
        // Python's big integers: floats in `metrics`, exact digits in `details`.
        let python = try await Self.checkPythonStream(JobProgress.self, directory, name)
        let values = try Self.values(JobProgress.self, directory, name)
        #expect(values.items.first?.metrics["bytes"] == 1e20)
        let details = try #require(values.items.first?.details)
        let digits = "1267650600228229401496703205377"
        #expect(
          details == [
            "id": .bigInteger(JSONBigInteger(digits)!),
            "ids": .array([
              .bigInteger(JSONBigInteger("1000000000000000000000000000007")!),
              .bigInteger(JSONBigInteger("-18446744073709551617")!), 1,
            ]), "big": .bigInteger(JSONBigInteger("1" + String(repeating: "0", count: 299) + "3")!),
          ]
        )
        #expect(String(decoding: python, as: UTF8.self).contains(#""id":\#(digits)"#))
        swiftBytes = try Self.write(values)
        // Swift writes the floats as doubles and the json integers with their digits.
        let text = String(decoding: swiftBytes, as: UTF8.self)
        #expect(text.contains(#""metrics":{"bytes":1e+20,"#), "\(text)")
        #expect(text.contains(#""details":{"big":1"# + String(repeating: "0", count: 299) + "3,"))
      case "MessageEvents":
        // Tagged unions (pydantic's discriminated unions) and constants (`Literal`).
        let python = try await Self.checkPythonStream(MessageEvents.self, directory, name)
        let values = try Self.values(MessageEvents.self, directory, name)
        #expect(values.items.count == 15)
        guard case .contentBlockDelta(let delta)? = values.items.dropFirst(7).first,
          case .textDelta(let text) = delta.delta
        else {
          Issue.record("the eighth event is not a text delta: \(values.items)")
          continue
        }
        #expect(text.text == "Héllo \"wörld\" \\ \n 👋 你好")
        swiftBytes = try Self.write(values)
        // Both writers agree byte for byte here: constants first, as declared.
        #expect(swiftBytes == python, "\(String(decoding: swiftBytes, as: UTF8.self))")
      case "Speech":
        // ndarray as Truss Chains' NumpyArrayField, bytes as pydantic's base64 bytes.
        let python = try await Self.checkPythonStream(Speech.self, directory, name)
        let values = try Self.values(Speech.self, directory, name)
        #expect(values.items.map(\.samples.shape) == [[480, 1], [0, 1], [1, 1], [4096, 1]])
        #expect(values.items.map { $0.packet?.count } == [30, nil, 32, 33])
        #expect(values.footer?.audioSha256 == Data(0..<32))
        swiftBytes = try Self.write(values)
        #expect(swiftBytes == python, "\(String(decoding: swiftBytes.prefix(300), as: UTF8.self))")
      case "EveryDtype":
        let python = try await Self.checkPythonStream(EveryDtype.self, directory, name)
        let values = try Self.values(EveryDtype.self, directory, name)
        #expect(values.items.map(\.u64.shape) == [[0], [], [2, 3], [1, 2, 2], [5]])
        #expect(values.items.map(\.raw.count) == [0, 1, 2, 3, 4])
        swiftBytes = try Self.write(values)
        #expect(swiftBytes == python, "\(String(decoding: swiftBytes.prefix(400), as: UTF8.self))")
      default:
        Issue.record("unknown stream \(testCase.stream)")
        continue
      }
      try Data(swiftBytes).write(to: directory.appendingPathComponent("\(name).swift.bin"))
    }

    let read = try Self.runScript(["read", directory.path])
    #expect(read.status == 0, "the Python reference rejected Swift's streams:\n\(read.output)")
    #expect(read.output.contains("\(cases.count) passed, 0 failed"), "\(read.output)")
  }
}

/// A small deterministic random number generator, so failures replay.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

func repositoryPath(_ relative: String) -> String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent(relative).path
}

/// A script's exit status and its standard output and error together.
typealias ScriptResult = (status: Int32, output: String)

/// Runs `python3 SCRIPT ARGUMENTS` (the script's path relative to the repository); returns
/// its exit status and its standard output and error together.
func runPythonScript(_ script: String, _ arguments: [String]) throws -> ScriptResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", repositoryPath(script)] + arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let output = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}
