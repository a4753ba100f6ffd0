import ExampleSchemas
import Foundation
import StreamTypes
import Testing

/// The stream `error` part and the `sse` conventions through the generated readers and
/// writers of `Schemas/`: the provider streams (Anthropic's Messages, OpenAI's Chat
/// Completions and Responses) as their captures in `Examples/Streams/` hold them, written
/// back by the generated writers, and a producer's typed error on both sides.
@Suite struct ProviderStreamTests {
  static func capture(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: repositoryPath("Examples/Streams/" + name))))
  }

  static func chunks(_ bytes: [UInt8], size: Int = 7) -> AsyncStream<ArraySlice<UInt8>> {
    AsyncStream { continuation in
      var start = 0
      while start < bytes.count {
        continuation.yield(bytes[start..<min(start + size, bytes.count)])
        start += size
      }
      continuation.finish()
    }
  }

  static let start = MessageStart(
    message: Message(id: "msg_1", model: "claude", content: [], usage: TokenUsage(outputTokens: 1))
  )
  static let hello = ContentEvent.contentBlockDelta(
    ContentBlockDelta(index: 0, delta: .textDelta(TextDelta(text: "Hello")))
  )
  static let overloaded = StreamFailure(
    error: FailureDetail(type: "overloaded_error", message: "Overloaded")
  )

  // MARK: Captures

  @Test func anthropicCaptureReadsThroughTheGeneratedReader() async throws {
    let reader = AnthropicMessages.Reader(
      Self.chunks(try Self.capture("anthropic-messages.sse")),
      format: .sse
    )
    let header = try await reader.readHeader()
    #expect(header.message.model == "claude-opus-4-1-20250805")
    var text = ""
    var tags: [String] = []
    for try await event in reader.readItems() {
      tags.append(event.tag)
      if case .contentBlockDelta(let delta) = event, case .textDelta(let piece) = delta.delta {
        text += piece.text
      }
    }
    #expect(text == "Hello!")
    #expect(
      tags == [
        "content_block_start", "ping", "content_block_delta", "content_block_delta",
        "content_block_stop", "message_delta",
      ]
    )
    _ = try await reader.readFooter()
  }

  @Test func openAIChatCaptureEndsWithDone() async throws {
    let reader = ChatCompletionChunks.Reader(
      Self.chunks(try Self.capture("openai-chat.sse")),
      format: .sse
    )
    var text = ""
    var finish: ChatFinishReason?
    for try await chunk in reader.readItems() {
      for choice in chunk.choices {
        text += choice.delta.content ?? ""
        finish = choice.finishReason ?? finish
      }
    }
    #expect(text == "Hello!")
    #expect(finish == .stop)
  }

  @Test func openAIChatCaptureWithoutDoneIsTruncated() async throws {
    var bytes = try Self.capture("openai-chat.sse")
    let done = Array("data: [DONE]\n\n".utf8)
    #expect(Array(bytes.suffix(done.count)) == done)
    bytes.removeLast(done.count)
    let reader = ChatCompletionChunks.Reader(Self.chunks(bytes), format: .sse)
    var items = 0
    let error = await #expect(throws: StreamError.self) {
      for try await _ in reader.readItems() { items += 1 }
    }
    #expect(items == 4)
    #expect(error?.code == .missingEnd)
    #expect(error?.offset == bytes.count)
  }

  @Test func openAIResponsesCaptureReadsThroughTheGeneratedReader() async throws {
    let reader = ResponseEvents.Reader(
      Self.chunks(try Self.capture("openai-responses.sse")),
      format: .sse
    )
    let created = try await reader.readHeader()
    #expect(created.response.status == .inProgress)
    var last: ResponseEvent?
    var deltas = ""
    for try await event in reader.readItems() {
      if case .outputTextDelta(let delta) = event { deltas += delta.delta }
      last = event
    }
    #expect(deltas == "Hi there!")
    guard case .responseCompleted(let completed) = last else {
      Issue.record("the last event is \(String(describing: last))")
      return
    }
    #expect(completed.response.usage?.totalTokens == 48)
  }

  // MARK: Writers

  @Test func writerNamesEventsByTheStreamsConventions() throws {
    var writer = AnthropicMessages.Writer(format: .sse)
    var bytes = try writer.yieldHeader(Self.start)
    bytes += try writer.yieldItem(Self.hello)
    bytes += try writer.yieldItem(.ping(Ping()))
    bytes += try writer.yieldFooter(MessageStop())
    bytes += try writer.finish()
    let text = String(decoding: bytes, as: UTF8.self)
    let names = text.split(separator: "\n").filter { $0.hasPrefix("event: ") }
    #expect(
      names == [
        "event: message_start", "event: content_block_delta", "event: ping",
        "event: message_stop",
      ]
    )
    // Framed, the same writer writes kind bytes and no names.
    var framed = AnthropicMessages.Writer()
    _ = try framed.yieldHeader(Self.start)
    let frame = try framed.yieldItem(Self.hello)
    #expect(frame.first == FrameKind.item.rawValue)
    #expect(!String(decoding: frame, as: UTF8.self).contains("event:"))
  }

  @Test func writerEndsWithTheDoneEvent() async throws {
    let chunk = ChatCompletionChunk(id: "c1", created: 1, model: "m", choices: [])
    var writer = ChatCompletionChunks.Writer(format: .sse)
    var bytes = try writer.yieldItem(chunk)
    let end = try writer.finish()
    #expect(end == Array("data: [DONE]\n\n".utf8))
    bytes += end
    #expect(try writer.finish().isEmpty)
    let reader = ChatCompletionChunks.Reader(Self.chunks(bytes), format: .sse)
    var read: [ChatCompletionChunk] = []
    for try await item in reader.readItems() { read.append(item) }
    #expect(read == [chunk])
    // The framed format has no done event.
    var framed = ChatCompletionChunks.Writer()
    _ = try framed.yieldItem(chunk)
    #expect(try framed.finish().isEmpty)
  }

  @Test func writerRefusesAnythingAfterAnError() throws {
    for format in WireFormat.allCases {
      var writer = AnthropicMessages.Writer(format: format)
      _ = try writer.yieldHeader(Self.start)
      let frame = try writer.yieldError(Self.overloaded)
      if format == .framed {
        #expect(frame.first == 6)
      } else {
        #expect(String(decoding: frame, as: UTF8.self).hasPrefix("event: error\ndata: {"))
      }
      let error = #expect(throws: StreamError.self) { try writer.yieldItem(Self.hello) }
      #expect(error?.code == .outOfOrderWrite)
      #expect(throws: StreamError.self) { try writer.yieldFooter(MessageStop()) }
      #expect(throws: StreamError.self) { try writer.yieldError(Self.overloaded) }
      // The error ended the stream: no footer is owed, and nothing is written after it.
      #expect(try writer.finish().isEmpty)
    }
    var chat = ResponseEvents.Writer(format: .sse)
    _ = try chat.yieldError(ResponseError(message: "boom"))
    #expect(try chat.finish().isEmpty)
  }

  // MARK: Readers

  static func failedStream(format: WireFormat) throws -> [UInt8] {
    var writer = AnthropicMessages.Writer(format: format)
    return try writer.yieldHeader(Self.start) + writer.yieldItem(Self.hello)
      + writer.yieldError(Self.overloaded)
  }

  @Test(arguments: WireFormat.allCases)
  func readersThrowTheProducersError(format: WireFormat) async throws {
    let bytes = try Self.failedStream(format: format)
    let reader = AnthropicMessages.Reader(Self.chunks(bytes), format: format)
    _ = try await reader.readHeader()
    var items: [ContentEvent] = []
    let failure = await #expect(throws: ProducerError<AnthropicMessages>.self) {
      for try await item in reader.readItems() { items.append(item) }
    }
    #expect(items == [Self.hello])
    #expect(failure?.value == Self.overloaded)
    #expect(failure?.frameIndex == 2)
    #expect(failure?.description.contains("Overloaded") == true)
    // The error sticks: the footer is never reported as missing instead.
    let again = await #expect(throws: ProducerError<AnthropicMessages>.self) {
      _ = try await reader.readFooter()
    }
    #expect(again?.value == Self.overloaded)
  }

  @Test(arguments: WireFormat.allCases)
  func eventsYieldTheErrorAsTheLastEvent(format: WireFormat) async throws {
    let bytes = try Self.failedStream(format: format)
    var events: [StreamEvent<AnthropicMessages>] = []
    for try await event in AnthropicMessages.Reader(Self.chunks(bytes), format: format).events() {
      events.append(event)
    }
    #expect(events == [.header(Self.start), .item(Self.hello), .error(Self.overloaded)])
  }

  @Test func anErrorBeforeTheHeaderReachesReadHeader() async throws {
    var writer = AnthropicMessages.Writer(format: .sse)
    let bytes = try writer.yieldError(Self.overloaded)
    let reader = AnthropicMessages.Reader(Self.chunks(bytes), format: .sse)
    let failure = await #expect(throws: ProducerError<AnthropicMessages>.self) {
      _ = try await reader.readHeader()
    }
    #expect(failure?.value.error.message == "Overloaded")
  }

  // MARK: Encoded streams

  struct ProducerFailed: Error {}

  @Test(arguments: WireFormat.allCases)
  func encodedStreamEndsWithTheTypedErrorWhenItsItemsFail(format: WireFormat) async throws {
    let items = AsyncThrowingStream<ContentEvent, any Error> { continuation in
      continuation.yield(Self.hello)
      continuation.finish(throwing: ProducerFailed())
    }
    let body = AnthropicMessages.Writer.encodedStream(
      header: Self.start,
      items: items,
      format: format,
      footer: { MessageStop() }
    )
    .endingWithError { error in
      StreamFailure(error: FailureDetail(type: "api_error", message: "\(type(of: error))"))
    }
    var bytes: [UInt8] = []
    for try await frame in body { bytes += frame }
    let reader = AnthropicMessages.Reader(Self.chunks(bytes), format: format)
    _ = try await reader.readHeader()
    let failure = await #expect(throws: ProducerError<AnthropicMessages>.self) {
      for try await _ in reader.readItems() {}
    }
    #expect(failure?.value.error == FailureDetail(type: "api_error", message: "ProducerFailed"))
  }

  @Test func encodedStreamRethrowsWhatTheTransformDeclines() async throws {
    let items = AsyncThrowingStream<ContentEvent, any Error> { continuation in
      continuation.finish(throwing: ProducerFailed())
    }
    let body = AnthropicMessages.Writer.encodedStream(
      header: Self.start,
      items: items,
      footer: { MessageStop() }
    )
    .endingWithError { _ in nil }
    var frames = 0
    await #expect(throws: ProducerFailed.self) {
      for try await _ in body { frames += 1 }
    }
    #expect(frames == 1)
  }

  @Test func encodedStreamEndsWithDone() async throws {
    let chunk = ChatCompletionChunk(id: "c1", created: 1, model: "m", choices: [])
    let items = AsyncStream<ChatCompletionChunk> { continuation in
      continuation.yield(chunk)
      continuation.finish()
    }
    var frames: [[UInt8]] = []
    for try await frame in ChatCompletionChunks.Writer.encodedStream(items: items, format: .sse) {
      frames.append(frame)
    }
    #expect(frames.count == 2)
    #expect(frames.last == Array("data: [DONE]\n\n".utf8))
  }

  /// A Python consumer (truss_chains' reader) of a Swift stream that ends in an error frame
  /// fails loudly: kind 6 is unknown to it. The same stream without the error frame reads
  /// fine, so it is the error frame that it rejects.
  @Test func pythonReferenceReaderFailsOnTheErrorFrame() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("streamtypes-error-frame-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var writer = AnthropicMessages.Writer()
    let prefix = try writer.yieldHeader(Self.start) + writer.yieldItem(Self.hello)
    let failed = prefix + (try writer.yieldError(Self.overloaded))
    func pythonReads(_ bytes: [UInt8], _ name: String) throws -> (status: Int32, output: String) {
      let file = directory.appendingPathComponent(name)
      try Data(bytes).write(to: file)
      return try runPythonScript("Scripts/truss_error_frame.py", [file.path])
    }
    let complete = try pythonReads(prefix, "complete.bin")
    #expect(complete.status == 0, "\(complete.output)")
    #expect(complete.output.contains("read: 1 items, no error"), "\(complete.output)")
    let failing = try pythonReads(failed, "failed.bin")
    #expect(failing.status == 1, "\(failing.output)")
    #expect(failing.output.contains("failed: ValueError: 6 is not a valid"), "\(failing.output)")
  }

  @Test func unionsTellTheirTags() {
    #expect(Self.hello.tag == "content_block_delta")
    #expect(ContentEvent.ping(Ping()).tag == "ping")
    let kept = ContentEvent.unknown(tag: "citation_added", json: .object([:]))
    #expect(kept.tag == "citation_added")
  }
}
