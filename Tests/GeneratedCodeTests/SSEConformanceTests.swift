import ExampleSchemas
import Foundation
@_spi(Generated) import StreamTypes
import StreamTypesCompiler
import Testing

/// Server-sent events read by a generated reader and by the schema-driven validator (what
/// `streamtypes validate --format sse` runs) get the same verdict: the same values, or the
/// identical ``StreamError``, whatever the chunking. It lives here rather than with the
/// runtime's tests because it needs both the generated types and the compiler. The cases
/// are data: `Conformance/sse.json` (the framed corpus's payloads, carried as events), whose
/// format Conformance/README.md describes.
@Suite struct SSEConformanceTests {
  struct Outcome: Equatable, CustomStringConvertible {
    var parts: [String] = []
    var error: StreamError?

    var description: String {
      parts.joined(separator: "\n") + "\n" + (error.map { "error: \($0)" } ?? "no error")
    }
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var stream: String
    var bytes: [UInt8]
    var limits: StreamLimits
    /// Nil for a valid stream; else the code, offset and index of the first error.
    var error: (code: StreamError.Code, offset: Int, frame: Int?)?
    /// For a valid stream, the kinds of its parts, when the case states them.
    var parts: [String]?

    var testDescription: String { name }
  }

  /// The SSE data files: streams of `Schemas/` in the standard conventions, and those of
  /// the `sse` sections and error parts (the provider captures and edits of them).
  static let files = ["sse.json", "sse-v2.json"]

  /// The cases of the SSE data files; throws if one is unreadable, malformed or empty.
  static func cases() throws -> [Case] {
    try files.flatMap { name in
      let (cases, payloads) = try ConformanceFiles.read(name, as: ConformanceFiles.SSECase.self)
      guard !cases.isEmpty else {
        throw ConformanceFiles.FormatError(description: "\(name) has no cases")
      }
      return try cases.map { file in
        Case(
          name: file.name,
          stream: file.stream,
          bytes: try file.text.bytes(payloads),
          limits: file.limits?.limits ?? StreamLimits(),
          error: file.error.map { ($0.code, $0.offset, $0.frame) },
          parts: file.parts
        )
      }
    }
  }

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
        case .error(let error): outcome.parts.append("error " + json(error))
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

  /// `sse.json` is read and has cases: a file that is missing, malformed or empty fails
  /// here rather than giving the test below no arguments.
  @Test func dataFileHasCases() throws {
    #expect(try !Self.cases().isEmpty)
  }

  @Test(arguments: try cases())
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
      case "Transcription":
        read = await Self.read(Transcription.self, chunks, limits: testCase.limits)
      case "TranscriptionSegments":
        read = await Self.read(TranscriptionSegments.self, chunks, limits: testCase.limits)
      case "AnthropicMessages":
        read = await Self.read(AnthropicMessages.self, chunks, limits: testCase.limits)
      case "ChatCompletionChunks":
        read = await Self.read(ChatCompletionChunks.self, chunks, limits: testCase.limits)
      case "ResponseEvents":
        read = await Self.read(ResponseEvents.self, chunks, limits: testCase.limits)
      default:
        Issue.record("\(testCase.name): no generated reader for \(testCase.stream) here")
        return
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
      } else if let parts = testCase.parts {
        #expect(read.error == nil, "\(testCase.name): \(read)")
        #expect(read.parts.map { String($0.prefix { $0 != " " }) } == parts, "\(testCase.name)")
      } else {
        #expect(read.error == nil, "\(testCase.name): \(read)")
        #expect(read.parts.count == 4 || read.parts.count == 3, "\(testCase.name)")
      }
    }
  }
}
