import ExampleSchemas
import Foundation
@_spi(Generated) import StreamTypes
import StreamTypesCompiler
import Testing

/// The generated readers and the schema-driven ``StreamValidator`` (what `streamtypes
/// validate` runs) must give every stream the same verdict: the same values for a valid
/// stream, the identical ``StreamError`` for an invalid one, whatever the chunking.
///
/// Every case of the corpus also states its expected result by hand (error code, byte
/// offset, frame index and JSON path), so the two cannot agree on a wrong answer. The
/// offsets are sums of the frame sizes that `frameSizesOfTheCorpusPayloads` pins down.
/// The cases are data: the framed files of `Conformance/`, whose README.md says the format.
@Suite struct ValidatorConformanceTests {
  // MARK: Corpus

  /// The streams the corpus exercises: those of `Schemas/`, and those of the test target's
  /// `Corpus.yaml`, which uses every construct of the schema language.
  enum StreamName: String, Sendable, CaseIterable {
    case transcription = "Transcription"
    case segments = "TranscriptionSegments"
    case live = "LiveTranscription"
    case withSummary = "TranscriptionWithSummary"
    case jobProgress = "JobProgress"
    case completion = "Completion"
    case everything = "Everything"
    case itemsOnly = "ItemsOnly"
    case forest = "Forest"
    case messageEvents = "MessageEvents"
    case shapes = "Shapes"
    case drawings = "Drawings"
    case speech = "Speech"
    case embeddings = "Embeddings"
    case everyDtype = "EveryDtype"
    case anthropicMessages = "AnthropicMessages"
    case chatCompletionChunks = "ChatCompletionChunks"
    case responseEvents = "ResponseEvents"

    var isExample: Bool {
      switch self {
      case .everything, .itemsOnly, .forest, .shapes, .drawings, .everyDtype: false
      default: true
      }
    }
  }

  enum Expected: Sendable, Equatable {
    /// A valid stream with this many items; `json`, when given, is every part's value as
    /// the writers encode it (defaults applied, fields in declaration order).
    case valid(items: Int, json: [String]? = nil)
    /// The first error: its code, the byte offset, the frame index and, for payload
    /// errors, the JSON path.
    case invalid(StreamError.Code, offset: Int, frame: Int?, path: String? = nil)
  }

  struct ConformanceCase: Sendable, CustomTestStringConvertible {
    var name: String
    var stream: StreamName
    var bytes: [UInt8]
    var limits = StreamLimits()
    var expected: Expected

    var testDescription: String { name }
  }

  static func frame(_ kind: UInt8, _ payload: String) -> [UInt8] {
    frame(kind, bytes: Array(payload.utf8))
  }

  static func frame(_ kind: UInt8, bytes payload: [UInt8]) -> [UInt8] {
    let length = UInt32(payload.count)
    return [
      kind, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
      UInt8(length & 0xFF),
    ] + payload
  }

  static let endFrame: [UInt8] = [5, 0, 0, 0, 0]

  /// The data files of the framed corpus in `Conformance/`: valid streams, invalid ones,
  /// and streams of `Corpus.yaml` (the language).
  static let files = [
    "framed-valid.json", "framed-invalid.json", "framed-language.json", "framed-v2.json",
    "framed-errors.json",
  ]

  /// The cases of the data file `name`; throws if it is unreadable, malformed or empty.
  static func cases(_ name: String) throws -> [ConformanceCase] {
    let (cases, payloads) = try ConformanceFiles.read(name, as: ConformanceFiles.FramedCase.self)
    return try cases.map { file in
      guard let stream = StreamName(rawValue: file.stream) else {
        throw ConformanceFiles.FormatError(description: "\(file.name): no stream \(file.stream)")
      }
      let bytes = try file.bytes.flatMap { piece in
        let bytes = try piece.text.bytes(payloads)
        return piece.kind.map { frame($0, bytes: bytes) } ?? bytes
      }
      let expected: Expected
      if let error = file.error {
        expected = .invalid(
          error.code,
          offset: error.offset,
          frame: error.frame,
          path: try error.path?.string(payloads)
        )
      } else {
        expected = .valid(
          items: file.items ?? -1,
          json: try file.json?.map { try $0.string(payloads) }
        )
      }
      return ConformanceCase(
        name: file.name,
        stream: stream,
        bytes: bytes,
        limits: file.limits?.limits ?? StreamLimits(),
        expected: expected
      )
    }
  }

  /// Every case of the framed corpus.
  static func corpus() throws -> [ConformanceCase] {
    try files.flatMap { try cases($0) }
  }

  // MARK: Running both implementations

  /// One part as delivered: its kind and its value encoded by ``JSONWriter``.
  struct Part: Equatable, CustomStringConvertible {
    var kind: FrameKind
    var json: [UInt8]

    var description: String { "\(kind) \(String(decoding: json, as: UTF8.self))" }
  }

  /// What an implementation made of a stream: the parts before the end or the error.
  struct Outcome: Equatable, CustomStringConvertible {
    var parts: [Part] = []
    var error: StreamError?
    /// An error that is not a ``StreamError``, which neither implementation may throw.
    var otherError: String?

    var description: String {
      let shown = parts.count > 6 ? Array(parts.prefix(3)) + Array(parts.suffix(3)) : parts
      let text = shown.map { String($0.description.prefix(200)) }.joined(separator: "\n  ")
      return "\(parts.count) parts:\n  \(text)\nerror: \(error.map { "\($0)" } ?? "none")"
        + (error.map { " [\($0.code), path \($0.path.map { "\($0)" } ?? "nil")]" } ?? "")
        + (otherError.map { "\nother error: \($0)" } ?? "")
    }
  }

  enum Chunking: CustomStringConvertible {
    case whole
    case bytewise
    case random(seed: UInt64)

    var description: String {
      switch self {
      case .whole: "one chunk"
      case .bytewise: "one byte a chunk"
      case .random(let seed): "random chunks, seed \(seed)"
      }
    }
  }

  /// `bytes` split as `chunking` says; random splits mix tiny, medium and large chunks and
  /// empty ones.
  static func split(_ bytes: [UInt8], _ chunking: Chunking) -> [ArraySlice<UInt8>] {
    switch chunking {
    case .whole:
      return [bytes[...]]
    case .bytewise:
      return bytes.indices.map { bytes[$0..<$0 + 1] }
    case .random(let seed):
      var generator = SplitMix64(seed: seed)
      var chunks: [ArraySlice<UInt8>] = []
      var start = 0
      while start < bytes.count {
        let size: Int
        switch generator.next() % 10 {
        case 0: size = 0
        case 1...4: size = Int(generator.next() % 8) + 1
        case 5...7: size = Int(generator.next() % 300) + 1
        default: size = Int(generator.next() % 70_000) + 1
        }
        let end = min(start + size, bytes.count)
        chunks.append(bytes[start..<end])
        start = end
      }
      return chunks
    }
  }

  static func encode(_ value: Any) -> [UInt8] {
    guard let writable = value as? any JSONWritable else {
      Issue.record("\(type(of: value)) is not JSONWritable")
      return []
    }
    return JSONWriter.encode(writable)
  }

  /// Reads `chunks` with the generated reader's `events()`.
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
    do {
      for try await event in StreamReader<Schema>(source, limits: limits).events() {
        switch event {
        case .header(let header): outcome.parts.append(Part(kind: .header, json: encode(header)))
        case .item(let item): outcome.parts.append(Part(kind: .item, json: encode(item)))
        case .footer(let footer): outcome.parts.append(Part(kind: .footer, json: encode(footer)))
        case .error(let error): outcome.parts.append(Part(kind: .error, json: encode(error)))
        }
      }
    } catch let error as StreamError {
      outcome.error = error
    } catch {
      outcome.otherError = "\(error)"
    }
    return outcome
  }

  static func read(
    _ stream: StreamName,
    _ chunks: [ArraySlice<UInt8>],
    limits: StreamLimits
  ) async -> Outcome {
    switch stream {
    case .transcription: await read(Transcription.self, chunks, limits: limits)
    case .segments: await read(TranscriptionSegments.self, chunks, limits: limits)
    case .live: await read(LiveTranscription.self, chunks, limits: limits)
    case .withSummary: await read(TranscriptionWithSummary.self, chunks, limits: limits)
    case .jobProgress: await read(JobProgress.self, chunks, limits: limits)
    case .completion: await read(Completion.self, chunks, limits: limits)
    case .everything: await read(Everything.self, chunks, limits: limits)
    case .itemsOnly: await read(ItemsOnly.self, chunks, limits: limits)
    case .forest: await read(Forest.self, chunks, limits: limits)
    case .messageEvents: await read(MessageEvents.self, chunks, limits: limits)
    case .shapes: await read(Shapes.self, chunks, limits: limits)
    case .drawings: await read(Drawings.self, chunks, limits: limits)
    case .speech: await read(Speech.self, chunks, limits: limits)
    case .embeddings: await read(Embeddings.self, chunks, limits: limits)
    case .everyDtype: await read(EveryDtype.self, chunks, limits: limits)
    case .anthropicMessages: await read(AnthropicMessages.self, chunks, limits: limits)
    case .chatCompletionChunks: await read(ChatCompletionChunks.self, chunks, limits: limits)
    case .responseEvents: await read(ResponseEvents.self, chunks, limits: limits)
    }
  }

  /// Validates `chunks` with the schema-driven validator, keeping values. The same
  /// validator without values (`streamtypes validate`'s, which checks payloads in one pass
  /// over their bytes where it can) must accept the same frames and throw the same error.
  static func validate(
    _ definition: StreamDefinition,
    in module: SchemaModule,
    _ chunks: [ArraySlice<UInt8>],
    limits: StreamLimits
  ) -> Outcome {
    var outcome = validateKeepingValues(definition, in: module, chunks, limits: limits)
    var fast = StreamValidator(
      module: module,
      stream: definition,
      limits: limits,
      keepsValues: false
    )
    var frames: [FrameKind] = []
    var fastError: StreamError?
    do throws(StreamError) {
      for chunk in chunks {
        fast.append(chunk)
        while let event = try fast.next() { frames.append(event.kind) }
      }
      try fast.finish()
    } catch {
      fastError = error
    }
    if fastError != outcome.error || frames != outcome.parts.map(\.kind) {
      outcome.otherError =
        "the validator without values disagrees: \(frames), \(String(describing: fastError))"
    }
    return outcome
  }

  static func validateKeepingValues(
    _ definition: StreamDefinition,
    in module: SchemaModule,
    _ chunks: [ArraySlice<UInt8>],
    limits: StreamLimits
  ) -> Outcome {
    var validator = StreamValidator(module: module, stream: definition, limits: limits)
    var outcome = Outcome()
    do throws(StreamError) {
      for chunk in chunks {
        validator.append(chunk)
        while let event = try validator.next() {
          guard let value = event.value else {
            outcome.otherError = "the validator kept no value for frame \(event.index)"
            return outcome
          }
          outcome.parts.append(Part(kind: event.kind, json: JSONWriter.encode(value)))
        }
      }
      try validator.finish()
    } catch {
      outcome.error = error
    }
    return outcome
  }

  /// The module of `Schemas/`, or of the test target's corpus schemas, checked as
  /// `streamtypes validate` checks it.
  static func module(forExample isExample: Bool) throws -> SchemaModule {
    let paths =
      isExample
      ? try SchemaFiles.schemaPaths(in: [repositoryPath("Schemas")])
      : ["Corpus.yaml", "CorpusShared.yaml", "CorpusUnions.yaml"].map {
        repositoryPath("Tests/GeneratedCodeTests/" + $0)
      }
    let inputs = try paths.map { path in
      GeneratorPipeline.Input(path: path, contents: try SchemaFiles.read(path))
    }
    #expect(inputs.count == 3 + (isExample ? 4 : 0))
    let result = GeneratorPipeline.check(inputs)
    return try #require(result.module, "\(result.diagnostics)")
  }

  /// Runs both implementations over `bytes` with several chunkings, checks that they agree
  /// exactly, and returns the outcomes (one per chunking) for the expectations.
  static func runBoth(
    _ name: String,
    _ stream: StreamName,
    _ bytes: [UInt8],
    limits: StreamLimits,
    module: SchemaModule,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) async throws -> [Outcome] {
    let definition = try module.stream(named: stream.rawValue)
    var seed: UInt64 = 0x5EED
    for byte in name.utf8 { seed = seed &* 31 &+ UInt64(byte) }
    var plans: [(reader: Chunking, validator: Chunking)] = [(.whole, .whole)]
    if bytes.count <= 8192 { plans.append((.bytewise, .bytewise)) }
    for run in 0..<3 as Range<UInt64> {
      plans.append((.random(seed: seed &+ 2 * run), .random(seed: seed &+ 2 * run &+ 1)))
    }
    var outcomes: [Outcome] = []
    for plan in plans {
      let read = await read(stream, split(bytes, plan.reader), limits: limits)
      let validated = validate(
        definition,
        in: module,
        split(bytes, plan.validator),
        limits: limits
      )
      #expect(
        read == validated,
        """
        \(name): the reader and the validator disagree (reader: \(plan.reader), validator: \
        \(plan.validator))
        reader: \(read)
        validator: \(validated)
        """,
        sourceLocation: sourceLocation
      )
      #expect(read.otherError == nil, "\(name): reader", sourceLocation: sourceLocation)
      #expect(validated.otherError == nil, "\(name): validator", sourceLocation: sourceLocation)
      outcomes.append(read)
      outcomes.append(validated)
    }
    return outcomes
  }

  // MARK: Tests

  @Test(arguments: try corpus())
  func readerAndValidatorAgree(_ testCase: ConformanceCase) async throws {
    let module = try Self.module(forExample: testCase.stream.isExample)
    let outcomes = try await Self.runBoth(
      testCase.name,
      testCase.stream,
      testCase.bytes,
      limits: testCase.limits,
      module: module
    )
    for outcome in outcomes {
      switch testCase.expected {
      case .valid(let items, let json):
        #expect(outcome.error == nil, "\(testCase.name): \(outcome)")
        #expect(outcome.parts.filter { $0.kind == .item }.count == items, "\(testCase.name)")
        if let json {
          #expect(
            outcome.parts.map { String(decoding: $0.json, as: UTF8.self) } == json,
            "\(testCase.name)"
          )
        }
      case .invalid(let code, let offset, let frame, let path):
        let error = try #require(outcome.error, "\(testCase.name): no error")
        #expect(error.code == code, "\(testCase.name): \(error)")
        #expect(error.offset == offset, "\(testCase.name): \(error)")
        #expect(error.frameIndex == frame, "\(testCase.name): \(error)")
        #expect(error.path.map { "\($0)" } == path, "\(testCase.name): \(error)")
        if code == .invalidPayload {
          #expect(error.expected != nil && error.found != nil, "\(testCase.name): \(error)")
        }
        // Parts before the error were delivered; none from the offending frame on.
        #expect(outcome.parts.count <= frame ?? Int.max, "\(testCase.name)")
      }
    }
  }

  /// Streams written by `truss_chains.streaming`'s own writer are valid, and both
  /// implementations read the same values from them.
  @Test func pythonWrittenStreams() async throws {
    let examples = try Self.module(forExample: true)
    let corpus = try Self.module(forExample: false)
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("streamtypes-conformance-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let written = try TrussInteropTests.runScript(["write", directory.path])
    try #require(written.status == 0, "truss_interop.py write failed:\n\(written.output)")
    let cases = try JSONDecoder().decode(
      [TrussInteropTests.Case].self,
      from: Data(contentsOf: directory.appendingPathComponent("cases.json"))
    )
    #expect(cases.count == 12)
    for testCase in cases {
      let stream = try #require(StreamName(rawValue: testCase.stream), "\(testCase.stream)")
      let bytes = [UInt8](
        try Data(contentsOf: directory.appendingPathComponent("\(testCase.name).bin"))
      )
      let values = try #require(
        try JSONSerialization.jsonObject(
          with: Data(contentsOf: directory.appendingPathComponent("\(testCase.name).json"))
        ) as? [String: Any]
      )
      let items = try #require(values["items"] as? [Any]).count
      let outcomes = try await Self.runBoth(
        "python \(testCase.name)",
        stream,
        bytes,
        limits: StreamLimits(),
        module: stream.isExample ? examples : corpus
      )
      for outcome in outcomes {
        #expect(outcome.error == nil, "python \(testCase.name): \(outcome)")
        #expect(outcome.parts.filter { $0.kind == .item }.count == items, "\(testCase.name)")
        #expect(
          outcome.parts.contains { $0.kind == .header } == (values["header"] is [String: Any]),
          "\(testCase.name)"
        )
        #expect(
          outcome.parts.contains { $0.kind == .footer } == (values["footer"] is [String: Any]),
          "\(testCase.name)"
        )
      }
    }
  }

  /// Every framed data file is read and has cases: a file that is missing, malformed or
  /// empty fails here rather than giving the corpus test fewer arguments.
  @Test(arguments: files)
  func dataFileHasCases(_ name: String) throws {
    #expect(try !Self.cases(name).isEmpty, "\(name)")
  }

  /// The hand-summed offsets of the corpus rest on these frame sizes.
  @Test func frameSizesOfTheCorpusPayloads() throws {
    let (_, payloads) = try ConformanceFiles.read(
      "framed-valid.json",
      as: ConformanceFiles.FramedCase.self
    )
    func frameSize(_ kind: UInt8, _ name: String) throws -> Int {
      let payload = try #require(payloads[name], "payloads.json has no \(name)")
      return Self.frame(kind, bytes: try payload.bytes(payloads)).count
    }
    #expect(try frameSize(2, "header") == 69)
    #expect(try frameSize(3, "segment0") == 156)
    #expect(try frameSize(3, "segment1") == 62)
    #expect(try frameSize(4, "summary") == 95)
    #expect(try frameSize(3, "event0") == 60)
    #expect(try frameSize(4, "result") == 111)
    #expect(try frameSize(2, "completionHeader") == 89)
    #expect(try frameSize(3, "token0") == 85)
    #expect(try frameSize(4, "usage") == 88)
    let large = Self.frame(3, bytes: Array(repeating: 0x20, count: 0x01_0203))
    #expect(large.prefix(5) == [3, 0, 1, 2, 3])
  }

  /// The corpus is large and covers every error a reader of bytes can report.
  @Test func corpusCoversEveryStreamErrorOfAReader() throws {
    let corpus = try Self.corpus()
    #expect(
      try Self.cases("framed-valid.json").count + Self.cases("framed-invalid.json").count >= 40
    )
    #expect(Set(corpus.map(\.name)).count == corpus.count, "case names are unique")
    var codes = Set<StreamError.Code>()
    var streams = Set<StreamName>()
    for testCase in corpus {
      streams.insert(testCase.stream)
      if case .invalid(let code, _, _, _) = testCase.expected { codes.insert(code) }
    }
    let readerCodes: Set<StreamError.Code> = [
      .truncatedTag, .truncatedPayload, .frameTooLarge, .unknownFrameKind, .invalidEndFrame,
      .dataAfterEnd, .unexpectedHeader, .misplacedHeader, .missingHeader, .unexpectedFooter,
      .frameAfterFooter, .missingFooter, .invalidJSON, .invalidPayload, .frameAfterError,
    ]
    #expect(codes == readerCodes)
    #expect(streams == Set(StreamName.allCases))
  }
}

// MARK: Data files

/// Reads the cases of `Tests/GeneratedCodeTests/Conformance/` (their format is in that
/// folder's README.md).
enum ConformanceFiles {
  struct FormatError: Error, CustomStringConvertible {
    var description: String
  }

  /// The folder, found from this source file's path.
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Conformance")

  /// Keys of a JSON object, whatever they are, so that unknown (misspelt) keys are refused
  /// rather than ignored.
  struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  static func refuseUnknownKeys(_ decoder: any Decoder, allowed: Set<String>) throws {
    let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
    let unknown = keys.filter { !allowed.contains($0) }.sorted()
    guard unknown.isEmpty else {
      throw FormatError(
        description: "unknown keys \(unknown) in \(decoder.codingPath.map(\.stringValue))"
      )
    }
  }

  /// Text: a string, one segment, or a list of segments, concatenated.
  struct Text: Decodable, Sendable {
    enum Segment: Decodable, Sendable {
      case text(String)
      case ref(String)
      case `repeat`(String, count: Int)
      case hex([UInt8])
      case generated(String)

      enum Keys: String, CodingKey { case ref, `repeat`, count, hex, generated }

      init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
          self = .text(text)
          return
        }
        let container = try decoder.container(keyedBy: Keys.self)
        let keys = Set(try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue))
        guard [["ref"], ["repeat", "count"], ["hex"], ["generated"]].contains(keys) else {
          throw FormatError(
            description: "a segment is {ref}, {repeat, count}, {hex} or {generated}, not \(keys)"
          )
        }
        if let name = try container.decodeIfPresent(String.self, forKey: .ref) {
          self = .ref(name)
        } else if let unit = try container.decodeIfPresent(String.self, forKey: .repeat) {
          self = .repeat(unit, count: try container.decode(Int.self, forKey: .count))
        } else if let hex = try container.decodeIfPresent(String.self, forKey: .hex) {
          let digits = Array(hex.utf8)
          guard digits.count.isMultiple(of: 2) else {
            throw FormatError(description: "odd hex \(hex)")
          }
          self = .hex(
            try stride(from: 0, to: digits.count, by: 2).map { index in
              guard
                let byte = UInt8(
                  String(decoding: digits[index..<index + 2], as: UTF8.self),
                  radix: 16
                )
              else { throw FormatError(description: "bad hex \(hex)") }
              return byte
            }
          )
        } else {
          self = .generated(try container.decode(String.self, forKey: .generated))
        }
      }
    }

    var segments: [Segment]

    init(from decoder: any Decoder) throws {
      if let list = try? decoder.singleValueContainer().decode([Segment].self) {
        segments = list
      } else {
        segments = [try decoder.singleValueContainer().decode(Segment.self)]
      }
    }

    func bytes(_ payloads: [String: Text]) throws -> [UInt8] {
      try segments.flatMap { segment -> [UInt8] in
        switch segment {
        case .text(let text): return Array(text.utf8)
        case .ref(let name):
          guard let payload = payloads[name] else {
            throw FormatError(description: "no payload named \(name)")
          }
          return try payload.bytes(payloads.filter { $0.key != name })
        case .repeat(let unit, let count):
          return Array(String(repeating: unit, count: count).utf8)
        case .hex(let bytes): return bytes
        case .generated(let name):
          guard let value = generated[name] else {
            throw FormatError(description: "no generated value named \(name)")
          }
          return value
        }
      }
    }

    func string(_ payloads: [String: Text]) throws -> String {
      let bytes = try bytes(payloads)
      // Decoding repairs bad UTF-8 with U+FFFD, so the bytes come back changed. (Not
      // `String(validating:as:)`, which needs macOS 15, above the package's floors.)
      let string = String(decoding: bytes, as: UTF8.self)
      guard Array(string.utf8) == bytes else {
        throw FormatError(description: "not UTF-8: \(bytes)")
      }
      return string
    }
  }

  /// Values computed by the tests: what a generated writer writes.
  static let generated: [String: [UInt8]] = [
    "CorpusTests.everything": JSONWriter.encode(CorpusTests.everything)
  ]

  /// Limits of a case; absent ones are the defaults.
  struct Limits: Decodable, Sendable {
    var maxFrameBytes: Int?
    var maxDepth: Int?

    init(from decoder: any Decoder) throws {
      try refuseUnknownKeys(decoder, allowed: ["maxFrameBytes", "maxDepth"])
      let container = try decoder.container(keyedBy: AnyKey.self)
      maxFrameBytes = try container.decodeIfPresent(
        Int.self,
        forKey: AnyKey(stringValue: "maxFrameBytes")
      )
      maxDepth = try container.decodeIfPresent(Int.self, forKey: AnyKey(stringValue: "maxDepth"))
    }

    var limits: StreamLimits {
      let defaults = StreamLimits()
      return StreamLimits(
        maxFrameBytes: maxFrameBytes ?? defaults.maxFrameBytes,
        maxDepth: maxDepth ?? defaults.maxDepth
      )
    }
  }

  /// The first error a case expects. `frame` must be given, null when there is no frame.
  struct ExpectedError: Decodable, Sendable {
    var code: StreamError.Code
    var offset: Int
    var frame: Int?
    var path: Text?

    enum Keys: String, CodingKey { case code, offset, frame, path }

    static let codes: Set<String> = [
      "truncatedTag", "truncatedPayload", "frameTooLarge", "unknownFrameKind",
      "invalidEndFrame", "dataAfterEnd", "unexpectedHeader", "misplacedHeader",
      "missingHeader", "unexpectedFooter", "frameAfterFooter", "missingFooter", "invalidJSON",
      "invalidPayload", "truncatedEvent", "eventWithoutData", "invalidUTF8", "frameAfterError",
      "eventNameMismatch", "missingEnd",
    ]

    init(from decoder: any Decoder) throws {
      try refuseUnknownKeys(decoder, allowed: ["code", "offset", "frame", "path"])
      let container = try decoder.container(keyedBy: Keys.self)
      let code = try container.decode(String.self, forKey: .code)
      guard Self.codes.contains(code) else {
        throw FormatError(description: "unknown code \(code)")
      }
      self.code = StreamError.Code(rawValue: code)
      offset = try container.decode(Int.self, forKey: .offset)
      guard container.contains(.frame) else {
        throw FormatError(description: "an error needs \"frame\" (null when there is none)")
      }
      frame = try container.decodeIfPresent(Int.self, forKey: .frame)
      path = try container.decodeIfPresent(Text.self, forKey: .path)
    }
  }

  /// A piece of a framed stream: a frame of `kind` around `payload`, or `raw` bytes.
  struct Piece: Decodable, Sendable {
    var kind: UInt8?
    var text: Text

    enum Keys: String, CodingKey { case frame, payload, raw }

    init(from decoder: any Decoder) throws {
      try refuseUnknownKeys(decoder, allowed: ["frame", "payload", "raw"])
      let container = try decoder.container(keyedBy: Keys.self)
      kind = try container.decodeIfPresent(UInt8.self, forKey: .frame)
      if kind == nil {
        text = try container.decode(Text.self, forKey: .raw)
        guard !container.contains(.payload) else {
          throw FormatError(description: "payload without frame")
        }
      } else {
        text = try container.decode(Text.self, forKey: .payload)
        guard !container.contains(.raw) else { throw FormatError(description: "raw with frame") }
      }
    }
  }

  /// A case of a framed file: `bytes`, and either `error` or `items` (and `json`).
  struct FramedCase: Decodable, Sendable {
    var name: String
    var stream: String
    var limits: Limits?
    var bytes: [Piece]
    var items: Int?
    var json: [Text]?
    var error: ExpectedError?

    enum Keys: String, CodingKey { case name, stream, limits, bytes, items, json, error }

    init(from decoder: any Decoder) throws {
      try refuseUnknownKeys(
        decoder,
        allowed: Set(["name", "stream", "limits", "bytes", "items", "json", "error"])
      )
      let container = try decoder.container(keyedBy: Keys.self)
      name = try container.decode(String.self, forKey: .name)
      stream = try container.decode(String.self, forKey: .stream)
      limits = try container.decodeIfPresent(Limits.self, forKey: .limits)
      bytes = try container.decode([Piece].self, forKey: .bytes)
      items = try container.decodeIfPresent(Int.self, forKey: .items)
      json = try container.decodeIfPresent([Text].self, forKey: .json)
      error = try container.decodeIfPresent(ExpectedError.self, forKey: .error)
      guard (error == nil) == (items != nil), error == nil || json == nil else {
        throw FormatError(description: "\(name): give either error, or items (and json)")
      }
    }
  }

  /// A case of `sse.json`: `text`, and `error` unless the stream is valid.
  struct SSECase: Decodable, Sendable {
    var name: String
    var stream: String
    var limits: Limits?
    var text: Text
    var error: ExpectedError?
    /// For a valid stream, the kind of each part in order (`header`, `item`, `footer`,
    /// `error`); without it, a header, items and a footer: 3 or 4 parts.
    var parts: [String]?

    enum Keys: String, CodingKey { case name, stream, limits, text, error, parts }

    init(from decoder: any Decoder) throws {
      try refuseUnknownKeys(
        decoder,
        allowed: ["name", "stream", "limits", "text", "error", "parts"]
      )
      let container = try decoder.container(keyedBy: Keys.self)
      name = try container.decode(String.self, forKey: .name)
      stream = try container.decode(String.self, forKey: .stream)
      limits = try container.decodeIfPresent(Limits.self, forKey: .limits)
      text = try container.decode(Text.self, forKey: .text)
      error = try container.decodeIfPresent(ExpectedError.self, forKey: .error)
      parts = try container.decodeIfPresent([String].self, forKey: .parts)
      guard error == nil || parts == nil else {
        throw FormatError(description: "\(name): give error or parts, not both")
      }
      guard error?.path == nil else {
        throw FormatError(description: "\(name): the SSE test checks no path")
      }
    }
  }

  /// A data file: what it is about, named payloads (`payloads.json`) or cases.
  struct File<Case: Decodable & Sendable>: Decodable, Sendable {
    var payloads: [String: Text]
    var cases: [Case]

    enum Keys: String, CodingKey { case about, payloads, cases }

    init(from decoder: any Decoder) throws {
      try refuseUnknownKeys(decoder, allowed: ["about", "payloads", "cases"])
      let container = try decoder.container(keyedBy: Keys.self)
      _ = try container.decode(String.self, forKey: .about)
      payloads = try container.decodeIfPresent([String: Text].self, forKey: .payloads) ?? [:]
      cases = try container.decodeIfPresent([Case].self, forKey: .cases) ?? []
    }
  }

  /// The cases of the file `name`, which must have some, and the payloads they may refer
  /// to (those of `payloads.json`).
  static func read<Case: Decodable & Sendable>(
    _ name: String,
    as: Case.Type
  ) throws -> (
    cases: [Case], payloads: [String: Text]
  ) {
    func file<C: Decodable & Sendable>(_ name: String, _: C.Type) throws -> File<C> {
      let url = folder.appendingPathComponent(name)
      do {
        return try JSONDecoder().decode(File<C>.self, from: Foundation.Data(contentsOf: url))
      } catch {
        throw FormatError(description: "\(url.path): \(error)")
      }
    }
    let cases = try file(name, Case.self).cases
    guard !cases.isEmpty else { throw FormatError(description: "\(name) has no cases") }
    let payloads = try file("payloads.json", Case.self).payloads
    guard !payloads.isEmpty else { throw FormatError(description: "payloads.json is empty") }
    return (cases, payloads)
  }
}
