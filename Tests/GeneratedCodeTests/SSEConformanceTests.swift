import ExampleSchemas
import Foundation
@_spi(Generated) import StreamTypes
import StreamTypesCompiler
import Testing

/// Server-sent events read by a generated reader and by the schema-driven validator (what
/// `streamtypes validate --format sse` runs) get the same verdict: the same values, or the
/// identical ``StreamError``, whatever the chunking. It lives here rather than with the
/// runtime's tests because it needs both the generated types and the compiler.
@Suite struct SSEConformanceTests {
  /// The framed corpus's payloads, carried as events here.
  typealias Payload = ValidatorConformanceTests.Payload

  static func event(_ name: String?, _ json: String) -> String {
    (name.map { "event: \($0)\n" } ?? "") + "data: \(json)\n\n"
  }

  struct Outcome: Equatable, CustomStringConvertible {
    var parts: [String] = []
    var error: StreamError?

    var description: String {
      parts.joined(separator: "\n") + "\n" + (error.map { "error: \($0)" } ?? "no error")
    }
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var stream = "Transcription"
    var text: String
    var limits = StreamLimits()
    /// Nil for a valid stream; else the code, offset and index of the first error.
    var error: (code: StreamError.Code, offset: Int, frame: Int?)?

    var testDescription: String { name }
    var bytes: [UInt8] {
      // U+FFFD in a case's text stands for a byte that is not UTF-8.
      var bytes = Array(text.utf8)
      while let range = bytes.firstRange(of: Array("\u{FFFD}".utf8)) {
        bytes.replaceSubrange(range, with: [0xFF])
      }
      return bytes
    }
  }

  static let valid = event("header", Payload.header) + event("item", Payload.segment0)
  static let validCount = valid.utf8.count

  static let cases: [Case] = [
    Case(
      name: "valid",
      text: valid + event(nil, Payload.segment1) + event("footer", Payload.summary)
    ),
    Case(
      name: "valid, every spelling",
      text: "\u{FEFF}: hi\r\n\r\nretry: 100\r\nid: 1\r\nevent: header\r\n"
        + "data: {\"model\":\"whisper-large-v3\",\r\ndata:\"sample_rate\":16000}\r\n\r\n"
        + "data: \(Payload.segment1)\r\r: keep-alive\n\nevent:footer\ndata:\(Payload.summary)\n\n"
    ),
    Case(
      name: "unknown event name",
      text: valid + event("progress", Payload.segment1),
      error: (.unknownFrameKind, validCount, 2)
    ),
    Case(
      name: "missing header",
      text: ": hi\n\n" + event(nil, Payload.segment1),
      error: (.missingHeader, 6, 0)
    ),
    Case(
      name: "header not declared",
      stream: "TranscriptionSegments",
      text: event("header", Payload.header),
      error: (.unexpectedHeader, 0, 0)
    ),
    Case(
      name: "item after footer",
      text: valid + event("footer", Payload.summary) + event(nil, Payload.segment1),
      error: (
        .frameAfterFooter, validCount + event("footer", Payload.summary).utf8.count, 3
      )
    ),
    Case(
      name: "truncated event",
      text: valid + "event: footer\ndata: \(Payload.summary)\n",
      error: (.truncatedEvent, validCount, 2)
    ),
    Case(
      name: "event without data",
      text: valid + "event: footer\n\n",
      error: (.eventWithoutData, validCount, 2)
    ),
    Case(
      name: "invalid UTF-8 in a line",
      text: valid + "event: foo\u{FFFD}ter\ndata: {}\n\n",
      error: (.invalidUTF8, validCount, 2)
    ),
    Case(
      name: "invalid JSON on a second data line",
      text: valid + "data: {\"id\":1,\ndata: \"start\":x}\n\n",
      error: (.invalidJSON, validCount, 2)
    ),
    Case(
      name: "payload breaks its schema",
      text: valid
        + event(nil, Payload.segment0.replacingOccurrences(of: "0.98", with: "1.5")),
      error: (.invalidPayload, validCount, 2)
    ),
    Case(
      name: "oversized event",
      text: valid + event(nil, Payload.segment0),
      limits: StreamLimits(maxFrameBytes: Payload.segment0.utf8.count - 1),
      error: (.frameTooLarge, event("header", Payload.header).utf8.count, 1)
    ),
    Case(
      name: "missing footer",
      text: valid + ": bye\n",
      error: (.missingFooter, validCount + 6, nil)
    ),
  ]

  static func split(_ bytes: [UInt8], seed: UInt64?) -> [ArraySlice<UInt8>] {
    guard var state = seed else { return [bytes[...]] }
    var chunks: [ArraySlice<UInt8>] = []
    var start = 0
    while start < bytes.count {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let end = min(bytes.count, start + Int(state >> 59) + (state & 1 == 0 ? 0 : 1))
      chunks.append(bytes[start..<end])
      start = end
    }
    return chunks
  }

  static func read<Schema: StreamSchema>(
    _: Schema.Type,
    _ chunks: [ArraySlice<UInt8>],
    limits: StreamLimits
  ) async -> Outcome {
    let source = AsyncStream<ArraySlice<UInt8>> { continuation in
      for chunk in chunks { continuation.yield(chunk) }
      continuation.finish()
    }
    var outcome = Outcome()
    func json(_ value: Any) -> String {
      let writable = value as! any JSONWritable
      return String(decoding: JSONWriter.encode(writable), as: UTF8.self)
    }
    do {
      for try await event in StreamReader<Schema>(source, format: .sse, limits: limits).events() {
        switch event {
        case .header(let header): outcome.parts.append("header " + json(header))
        case .item(let item): outcome.parts.append("item " + json(item))
        case .footer(let footer): outcome.parts.append("footer " + json(footer))
        }
      }
    } catch let error as StreamError {
      outcome.error = error
    } catch {
      Issue.record("not a StreamError: \(error)")
    }
    return outcome
  }

  static func validate(
    _ definition: StreamDefinition,
    in module: SchemaModule,
    _ chunks: [ArraySlice<UInt8>],
    limits: StreamLimits,
    keepsValues: Bool = true
  ) -> Outcome {
    var validator = StreamValidator(
      module: module,
      stream: definition,
      format: .sse,
      limits: limits,
      keepsValues: keepsValues
    )
    var outcome = Outcome()
    do throws(StreamError) {
      for chunk in chunks {
        validator.append(chunk)
        while let event = try validator.next() {
          let json = event.value.map { String(decoding: JSONWriter.encode($0), as: UTF8.self) }
          outcome.parts.append("\(event.kind) " + (json ?? "no value"))
        }
      }
      try validator.finish()
    } catch {
      outcome.error = error
    }
    return outcome
  }

  static func module() throws -> SchemaModule {
    let paths = try SchemaFiles.schemaPaths(in: [repositoryPath("Schemas")])
    let inputs = try paths.map { path in
      GeneratorPipeline.Input(path: path, contents: try SchemaFiles.read(path))
    }
    let result = GeneratorPipeline.check(inputs)
    return try #require(result.module, "\(result.diagnostics)")
  }

  @Test(arguments: cases)
  func readerAndValidatorAgree(_ testCase: Case) async throws {
    let module = try Self.module()
    let definition = try module.stream(named: testCase.stream)
    #expect(definition.name == testCase.stream)
    let bytes = testCase.bytes
    let bytewise = bytes.indices.map { bytes[$0..<$0 + 1] }
    let chunkings =
      [Self.split(bytes, seed: nil), bytewise]
      + (1...3).map {
        Self.split(bytes, seed: $0)
      }
    for chunks in chunkings {
      let read: Outcome
      switch testCase.stream {
      case "TranscriptionSegments":
        read = await Self.read(TranscriptionSegments.self, chunks, limits: testCase.limits)
      default:
        read = await Self.read(Transcription.self, chunks, limits: testCase.limits)
      }
      let validated = Self.validate(definition, in: module, chunks, limits: testCase.limits)
      #expect(read == validated, "\(testCase.name)\nreader: \(read)\nvalidator: \(validated)")
      // Without values (as `streamtypes validate` runs): the same frames, the same error.
      let checked = Self.validate(
        definition,
        in: module,
        chunks,
        limits: testCase.limits,
        keepsValues: false
      )
      #expect(checked.error == validated.error, "\(testCase.name)")
      #expect(
        checked.parts == validated.parts.map { String($0.prefix { $0 != " " }) + " no value" },
        "\(testCase.name)"
      )
      if let expected = testCase.error {
        let error = try #require(read.error, "\(testCase.name)")
        #expect(error.code == expected.code, "\(testCase.name): \(error)")
        #expect(error.offset == expected.offset, "\(testCase.name): \(error)")
        #expect(error.frameIndex == expected.frame, "\(testCase.name): \(error)")
      } else {
        #expect(read.error == nil, "\(testCase.name): \(read)")
        #expect(read.parts.count == 4 || read.parts.count == 3, "\(testCase.name)")
      }
    }
  }
}
