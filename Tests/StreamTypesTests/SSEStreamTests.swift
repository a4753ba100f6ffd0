import Testing

@testable import StreamTypes

/// Typed streams as server-sent events: the writer's output, the reader over it, and the
/// order, limit and payload errors with their offsets and event indices.
@Suite struct SSEStreamTests {
  /// One event as text: an `event:` line when `name` is given, the data line, a blank line.
  static func event(_ name: String?, _ json: String) -> String {
    (name.map { "event: \($0)\n" } ?? "") + "data: \(json)\n\n"
  }

  static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  /// A valid Transcription stream written by the SSE writer.
  static func transcription(items: Int) throws -> [UInt8] {
    var writer = StreamWriter<Transcription>(format: .sse)
    var bytes = try writer.yieldHeader(Fixture.header)
    for id in 0..<items { bytes += try writer.yieldItem(Fixture.segment(id)) }
    bytes += try writer.yieldFooter(Fixture.summary)
    try writer.finish()
    return bytes
  }

  // MARK: Formats and the writer

  @Test func wireFormatsAndTheirContentTypes() {
    #expect(WireFormat.allCases == [.framed, .sse])
    #expect(WireFormat(rawValue: "sse") == .sse)
    #expect(WireFormat.framed.contentType == "application/octet-stream")
    #expect(WireFormat.sse.contentType == "text/event-stream")
  }

  @Test func encodeWritesOneEventAPart() {
    let payload = Self.bytes("{}")
    #expect(
      WireFormat.sse.encode(.header, payload: payload) == Self.bytes(Self.event("header", "{}"))
    )
    #expect(
      WireFormat.sse.encode(.item, payload: payload) == Self.bytes("event: item\ndata: {}\n\n")
    )
    #expect(
      WireFormat.sse.encode(.footer, payload: payload) == Self.bytes(Self.event("footer", "{}"))
    )
    #expect(WireFormat.sse.encode(.end, payload: []).isEmpty)
    #expect(WireFormat.framed.encode(.item, payload: payload) == Fixture.frame(3, "{}"))
    // Line breaks in a payload start new data: lines, which a reader joins with LF.
    let broken = WireFormat.sse.encode(
      .item,
      payload: Self.bytes("{\n\"id\":1,\r\n\"text\":\"a\",\r\"words\":[]}")
    )
    #expect(
      broken
        == Self.bytes(
          "event: item\ndata: {\ndata: \"id\":1,\ndata: \"text\":\"a\",\ndata: \"words\":[]}\n\n"
        )
    )
    var decoder = SSEDecoder()
    decoder.append(broken)
    let frame = try? decoder.nextFrame()
    #expect(
      frame.map { Array($0.payload) } == Self.bytes("{\n\"id\":1,\n\"text\":\"a\",\n\"words\":[]}")
    )
  }

  @Test func theWriterWritesEvents() throws {
    var writer = StreamWriter<Transcription>(format: .sse)
    #expect(writer.format == .sse)
    let header = try writer.yieldHeader(Fixture.header)
    #expect(header == Self.bytes(Self.event("header", Fixture.headerJSON)))
    let item = try writer.yieldItem(Segment(id: 1, text: "a", words: []))
    #expect(
      item
        == Self.bytes(
          "event: item\ndata: {\"id\":1,\"text\":\"a\",\"words\":[],\"extra\":null}\n\n"
        )
    )
    #expect(writer.bytesWritten == header.count + item.count)
    #expect(writer.framesWritten == 2)
    // The order rules are the same as for frames.
    #expect(throws: StreamError.self) { try writer.finish() }
    #expect(StreamWriter<Plain>().format == .framed)
  }

  @Test func writerErrorsLocateTheEvent() throws {
    var writer = StreamWriter<Plain>(format: .sse)
    let first = try writer.yieldItem(Fixture.segment(0))
    let error = #expect(throws: StreamError.self) {
      try writer.yieldItem(Segment(id: -1, text: "a", words: []))
    }
    #expect(error?.code == .invalidPayload)
    #expect(error?.offset == first.count)
    #expect(error?.frameIndex == 1)
  }

  // MARK: Round trips

  @Test func roundTripsThroughTheReaderAtAnyChunking() async throws {
    let bytes = try Self.transcription(items: 5)
    var generator = SplitMix64(state: 23)
    for round in 0..<60 {
      let cuts =
        round == 0
        ? Array(1..<bytes.count)
        : (0..<Int.random(in: 1...20, using: &generator)).map { _ in
          Int.random(in: 0...bytes.count, using: &generator)
        }
      let reader = StreamReader<Transcription>(chunked(bytes, at: cuts), format: .sse)
      #expect(reader.format == .sse)
      #expect(try await reader.readHeader() == Fixture.header)
      #expect(try await readAllItems(reader) == (0..<5).map(Fixture.segment))
      #expect(try await reader.readFooter() == Fixture.summary)
      #expect(reader.bytesRead == bytes.count)
    }
  }

  @Test func itemsOnlyAndFooterStreamsRoundTrip() async throws {
    var plain = StreamWriter<Plain>(format: .sse)
    var progress = StreamWriter<Progress>(format: .sse)
    var plainBytes: [UInt8] = []
    var progressBytes: [UInt8] = []
    for id in 0..<3 {
      plainBytes += try plain.yieldItem(Fixture.segment(id))
      progressBytes += try progress.yieldItem(Fixture.segment(id))
    }
    progressBytes += try progress.yieldFooter(Fixture.summary)
    let plainReader = StreamReader<Plain>(oneChunk(plainBytes), format: .sse)
    #expect(try await readAllItems(plainReader) == (0..<3).map(Fixture.segment))
    let progressReader = StreamReader<Progress>(oneChunk(progressBytes), format: .sse)
    var events: [StreamEvent<Progress>] = []
    for try await event in progressReader.events() { events.append(event) }
    #expect(events == (0..<3).map { .item(Fixture.segment($0)) } + [.footer(Fixture.summary)])
  }

  @Test func theReaderAcceptsEverySpellingTheSpecificationAllows() async throws {
    let text =
      "\u{FEFF}: connected\r\n\r\nretry: 3000\r\nid: 1\r\nevent: header\r\n"
      + "data: {\"model\":\"whisper\",\r\ndata:\"sample_rate\":16000}\r\n\r\n"
      + ": keep-alive\n\n" + "data: \(Fixture.itemJSON)\r\r"
      + "event:item\ndata:\(Fixture.itemJSON)\n\n"
      + "id: 2\nevent: footer\ndata: \(Fixture.footerJSON)\n\n: bye\n"
    let reader = StreamReader<Transcription>(oneChunk(Self.bytes(text)), format: .sse)
    #expect(try await reader.readHeader() == Fixture.header)
    #expect(try await readAllItems(reader).map(\.id) == [1, 1])
    #expect(try await reader.readFooter().segments == 1)
  }

  @Test func encodedStreamsInSSE() async throws {
    let items = [Fixture.segment(0), Fixture.segment(1)].async
    let frames = StreamWriter<Transcription>.encodedStream(
      header: Fixture.header,
      items: items,
      format: .sse,
      footer: { Fixture.summary }
    )
    #expect(frames.format == .sse)
    var bytes: [UInt8] = []
    for try await frame in frames { bytes += frame }
    var writer = StreamWriter<Transcription>(format: .sse)
    var expected = try writer.yieldHeader(Fixture.header)
    expected += try writer.yieldItem(Fixture.segment(0))
    expected += try writer.yieldItem(Fixture.segment(1))
    expected += try writer.yieldFooter(Fixture.summary)
    #expect(bytes == expected)

    var plain: [UInt8] = []
    for try await frame in StreamWriter<Plain>.encodedStream(items: items, format: .sse) {
      plain += frame
    }
    let reader = StreamReader<Plain>(oneChunk(plain), format: .sse)
    #expect(try await readAllItems(reader).count == 2)
    #expect(StreamWriter<Plain>.encodedStream(items: items).format == .framed)
  }

  // MARK: Errors

  @Test func aHeaderWhenNoneIsDeclared() async throws {
    let text = ": hi\n\n" + Self.event("header", Fixture.headerJSON)
    let error = await streamError {
      _ = try await readAllItems(StreamReader<Plain>(oneChunk(Self.bytes(text)), format: .sse))
    }
    #expect(error?.code == .unexpectedHeader)
    #expect(error?.offset == 6)
    #expect(error?.frameIndex == 0)
    #expect(error?.frameKind == .header)
  }

  @Test func aMissingHeader() async throws {
    let text = "id: 1\n" + Self.event(nil, Fixture.itemJSON)
    let reader = StreamReader<Transcription>(oneChunk(Self.bytes(text)), format: .sse)
    let error = await streamError { _ = try await reader.readHeader() }
    #expect(error?.code == .missingHeader)
    #expect(error?.offset == 0)
    #expect(error?.frameIndex == 0)
    #expect(error?.frameKind == .item)
  }

  @Test func anItemAfterTheFooter() async throws {
    let first = Self.event(nil, Fixture.itemJSON) + Self.event("footer", Fixture.footerJSON)
    let text = first + Self.event("item", Fixture.itemJSON)
    let reader = StreamReader<Progress>(oneChunk(Self.bytes(text)), format: .sse)
    #expect(try await readAllItems(reader).count == 1)
    let error = await streamError { _ = try await reader.readFooter() }
    #expect(error?.code == .frameAfterFooter)
    #expect(error?.offset == first.utf8.count)
    #expect(error?.frameIndex == 2)
  }

  @Test func anUnknownEventName() async throws {
    let first = Self.event(nil, Fixture.itemJSON)
    let text = first + Self.event("progress", Fixture.itemJSON)
    let reader = StreamReader<Plain>(oneChunk(Self.bytes(text)), format: .sse)
    var items: [Segment] = []
    let error = await streamError {
      for try await item in reader.readItems() { items.append(item) }
    }
    #expect(items.count == 1)
    #expect(error?.code == .unknownFrameKind)
    #expect(error?.offset == first.utf8.count)
    #expect(error?.frameIndex == 1)
    #expect(error?.message.contains(#""progress""#) == true)
  }

  @Test func aNamedEventWithoutData() async throws {
    let text = Self.event(nil, Fixture.itemJSON) + "event: footer\n\n"
    let reader = StreamReader<Progress>(oneChunk(Self.bytes(text)), format: .sse)
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .eventWithoutData)
    #expect(error?.offset == Self.event(nil, Fixture.itemJSON).utf8.count)
    #expect(error?.frameIndex == 1)
    #expect(error?.frameKind == .footer)
  }

  @Test func anOversizedEvent() async throws {
    let limits = StreamLimits(maxFrameBytes: Fixture.itemJSON.utf8.count)
    let first = Self.event(nil, Fixture.itemJSON)
    let text = first + Self.event(nil, #"{"id":12,"text":"a","words":[]}"#)
    let reader = StreamReader<Plain>(oneChunk(Self.bytes(text)), format: .sse, limits: limits)
    var items: [Segment] = []
    let error = await streamError {
      for try await item in reader.readItems() { items.append(item) }
    }
    #expect(items.count == 1)
    #expect(error?.code == .frameTooLarge)
    #expect(error?.offset == first.utf8.count)
    #expect(error?.frameIndex == 1)
  }

  @Test func aTruncatedEventAtTheEndOfInput() async throws {
    let complete = Self.event("header", Fixture.headerJSON) + Self.event(nil, Fixture.itemJSON)
    // The footer's blank line never arrives.
    let text = complete + "event: footer\ndata: \(Fixture.footerJSON)\n"
    let reader = StreamReader<Transcription>(chunked(Self.bytes(text), at: [5, 60]), format: .sse)
    _ = try await reader.readHeader()
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .truncatedEvent)
    #expect(error?.offset == complete.utf8.count)
    #expect(error?.frameIndex == 2)
    #expect(error?.frameKind == .footer)
  }

  @Test func invalidJSONInTheData() async throws {
    let first = Self.event(nil, Fixture.itemJSON)
    let text = first + "event: item\ndata: {\"id\":1,\"text\":\"a\",\"words\":[}\n\n"
    let reader = StreamReader<Plain>(oneChunk(Self.bytes(text)), format: .sse)
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .invalidJSON)
    #expect(error?.offset == first.utf8.count)
    #expect(error?.frameIndex == 1)
    #expect(error?.frameKind == .item)
    #expect(error?.path?.description == "$.words[0]")
    // The message names the offending `}` in the stream: the event's start, then
    // "event: item\n", "data: " and 28 bytes of JSON.
    let byte = first.utf8.count + 12 + 6 + 28
    #expect(error?.message.contains("at byte \(byte) ") == true, "\(error?.message ?? "")")
  }

  @Test func invalidUTF8InTheDataIsInvalidJSON() async throws {
    let text =
      Self.bytes("data: {\"id\":1,\"text\":\"") + [0xFF] + Self.bytes("\",\"words\":[]}\n\n")
    let reader = StreamReader<Plain>(oneChunk(text), format: .sse)
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .invalidJSON)
    #expect(error?.offset == 0)
    #expect(error?.found?.lowercased().contains("0xff") == true, "\(error?.found ?? "")")
    #expect(error?.message.contains("at byte 22 (0x16)") == true, "\(error?.message ?? "")")
  }

  @Test func aPayloadThatBreaksItsSchema() async throws {
    let first = Self.event(nil, Fixture.itemJSON)
    let text = first + Self.event(nil, #"{"id":-1,"text":"a","words":[]}"#)
    let reader = StreamReader<Plain>(oneChunk(Self.bytes(text)), format: .sse)
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .invalidPayload)
    #expect(error?.offset == first.utf8.count)
    #expect(error?.frameIndex == 1)
    #expect(error?.path?.description == "$.id")
  }

  @Test func aMissingFooterIsReportedAtTheStreamsEnd() async throws {
    let text = Self.event(nil, Fixture.itemJSON) + ": bye\n\nid: 9\n"
    let reader = StreamReader<Progress>(oneChunk(Self.bytes(text)), format: .sse)
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .missingFooter)
    #expect(error?.offset == text.utf8.count)
    #expect(error?.frameIndex == nil)
  }

  @Test func theFramedFormatStaysTheDefault() async throws {
    let text = Self.event(nil, Fixture.itemJSON)
    let error = await streamError {
      _ = try await readAllItems(StreamReader<Plain>(oneChunk(Self.bytes(text))))
    }
    // "e" (0x65) read as a kind byte.
    #expect(error?.code == .unknownFrameKind)
    var scanner = FrameScanner(declaresHeader: false, declaresFooter: false)
    #expect(scanner.format == .framed)
    scanner.append(Fixture.frame(3, Fixture.itemJSON))
    #expect(try scanner.nextFrame()?.payloadOffset == 5)
  }
}
