import FuzzSchemas
import StreamTypes
import StreamTypesCompiler

/// The streams of the fuzzed schemas, one of each shape: with and without header and
/// footer, every built-in type, constraints, defaults, enums, recursion, keywords, empty
/// models.
public enum FuzzStream: String, Sendable, CaseIterable {
  case transcription = "Transcription"
  case segments = "TranscriptionSegments"
  case live = "LiveTranscription"
  case withSummary = "TranscriptionWithSummary"
  case jobProgress = "JobProgress"
  case completion = "Completion"
  case everything = "Everything"
  case itemsOnly = "ItemsOnly"
  case forest = "Forest"
  case pings = "Pings"
  case messageEvents = "MessageEvents"
  case speech = "Speech"
  case embeddings = "Embeddings"
  case shapes = "Shapes"
  case drawings = "Drawings"
  case everyDtype = "EveryDtype"
  case anthropicMessages = "AnthropicMessages"
  case chatCompletionChunks = "ChatCompletionChunks"
  case responseEvents = "ResponseEvents"

  /// Reads `chunks` with the generated reader's `events()`.
  public func read(
    _ chunks: [ArraySlice<UInt8>],
    format: WireFormat,
    limits: StreamLimits
  ) -> Outcome {
    runSynchronously { [self] in
      switch self {
      case .transcription: await Self.read(Transcription.self, chunks, format, limits)
      case .segments: await Self.read(TranscriptionSegments.self, chunks, format, limits)
      case .live: await Self.read(LiveTranscription.self, chunks, format, limits)
      case .withSummary: await Self.read(TranscriptionWithSummary.self, chunks, format, limits)
      case .jobProgress: await Self.read(JobProgress.self, chunks, format, limits)
      case .completion: await Self.read(Completion.self, chunks, format, limits)
      case .everything: await Self.read(Everything.self, chunks, format, limits)
      case .itemsOnly: await Self.read(ItemsOnly.self, chunks, format, limits)
      case .forest: await Self.read(Forest.self, chunks, format, limits)
      case .pings: await Self.read(Pings.self, chunks, format, limits)
      case .messageEvents: await Self.read(MessageEvents.self, chunks, format, limits)
      case .speech: await Self.read(Speech.self, chunks, format, limits)
      case .embeddings: await Self.read(Embeddings.self, chunks, format, limits)
      case .shapes: await Self.read(Shapes.self, chunks, format, limits)
      case .drawings: await Self.read(Drawings.self, chunks, format, limits)
      case .everyDtype: await Self.read(EveryDtype.self, chunks, format, limits)
      case .anthropicMessages: await Self.read(AnthropicMessages.self, chunks, format, limits)
      case .chatCompletionChunks:
        await Self.read(ChatCompletionChunks.self, chunks, format, limits)
      case .responseEvents: await Self.read(ResponseEvents.self, chunks, format, limits)
      }
    }
  }

  private static func read<Schema: StreamSchema>(
    _: Schema.Type,
    _ chunks: [ArraySlice<UInt8>],
    _ format: WireFormat,
    _ limits: StreamLimits
  ) async -> Outcome {
    var outcome = Outcome()
    let reader = StreamReader<Schema>(ChunkSequence(chunks), format: format, limits: limits)
    do {
      for try await event in reader.events() {
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
      outcome.otherError = "\(type(of: error)): \(error)"
    }
    return outcome
  }

  private static func encode(_ value: Any) -> [UInt8] {
    guard let writable = value as? any JSONWritable else {
      fuzzFailure("\(type(of: value)) is not JSONWritable")
    }
    return JSONWriter.encode(writable)
  }

  /// `parts` written again in `format`, as the stream's writer writes them: server-sent
  /// events named by the stream's conventions (an item by its tag where they say so), and
  /// its end event unless an error ended the stream.
  public func encode(_ parts: [Part], format: WireFormat) -> [UInt8] {
    let definition = self.definition
    let union = FuzzSchemaFiles.module.taggedItemUnion(of: definition, format: format)
    var bytes: [UInt8] = []
    for part in parts {
      var tag: String?
      if let union, part.kind == .item {
        do {
          tag = try PayloadCodec.decode(
            from: part.json[...],
            limits: StreamLimits(),
            at: PayloadLocation(offset: 0, frameIndex: 0, frameKind: .item)
          ) { decoder in try union.tag(in: decoder) }
        } catch {
          fuzzFailure("\(rawValue): an item read has no tag: \(error)")
        }
      }
      bytes += format.encode(part.kind, payload: part.json, sse: definition.sse, tag: tag)
    }
    if parts.last?.kind != .error { bytes += format.endOfStream(sse: definition.sse) }
    return bytes
  }

  /// The stream's definition in ``FuzzSchemaFiles/module``.
  public var definition: StreamDefinition {
    guard let definition = FuzzSchemaFiles.module.streams.first(where: { $0.name == rawValue })
    else { fuzzFailure("no stream \(rawValue) in the fuzzed schemas") }
    return definition
  }
}

/// The schema files the generated code of `FuzzSchemas` comes from (`fuzz.sh` generates it
/// from the same list), checked as `streamtypes validate` checks them.
public enum FuzzSchemaFiles {
  /// Relative to the repository root.
  public static let paths = [
    "Schemas",
    "Tests/GeneratedCodeTests/Corpus.yaml",
    "Tests/GeneratedCodeTests/CorpusShared.yaml",
    "Tests/GeneratedCodeTests/CorpusUnions.yaml",
  ]

  /// The repository root, from this file's path (FuzzTesting/Sources/FuzzCommon/).
  public static let repositoryRoot: String = {
    var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    components.removeLast(4)
    return components.joined(separator: "/")
  }()

  public static let module: SchemaModule = {
    do {
      let files = try SchemaFiles.schemaPaths(in: paths.map { repositoryRoot + "/" + $0 })
      let inputs = try files.map { path in
        GeneratorPipeline.Input(path: path, contents: try SchemaFiles.read(path))
      }
      let result = GeneratorPipeline.check(inputs)
      guard let module = result.module else {
        fuzzFailure("the fuzzed schemas do not check: \(result.diagnostics)")
      }
      return module
    } catch {
      fuzzFailure("cannot read the fuzzed schemas under \(repositoryRoot): \(error)")
    }
  }()
}
