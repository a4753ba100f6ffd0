import Foundation
import Testing

@testable import StreamTypes

@Suite struct StreamReaderTests {
  // MARK: Valid streams

  @Test func readsHeaderItemsAndFooter() async throws {
    let reader = StreamReader<Transcription>(oneChunk(try Fixture.transcriptionBytes()))
    #expect(try await reader.readHeader() == Fixture.header)
    #expect(try await readAllItems(reader) == (0..<3).map(Fixture.segment))
    #expect(try await reader.readFooter() == Fixture.summary)
  }

  @Test func readsAtAnyChunkBoundaries() async throws {
    let bytes = try Fixture.transcriptionBytes(items: 5)
    var generator = SplitMix64(state: 11)
    for round in 0..<100 {
      let cuts =
        round == 0
        ? Array(1..<bytes.count)
        : (0..<Int.random(in: 1...20, using: &generator)).map { _ in
          Int.random(in: 0...bytes.count, using: &generator)
        }
      let reader = StreamReader<Transcription>(chunked(bytes, at: cuts))
      #expect(try await reader.readHeader() == Fixture.header)
      #expect(try await readAllItems(reader) == (0..<5).map(Fixture.segment))
      #expect(try await reader.readFooter() == Fixture.summary)
    }
  }

  @Test func acceptsAnyCollectionOfBytesAsChunks() async throws {
    let bytes = Fixture.frame(3, Fixture.itemJSON)
    let data = AsyncStream<Data> {
      $0.yield(Data(bytes.prefix(7)))
      $0.yield(Data(bytes.dropFirst(7)))
      $0.finish()
    }
    #expect(try await readAllItems(StreamReader<Plain>(data)).map(\.id) == [1])
    let slices = AsyncStream<ArraySlice<UInt8>> {
      $0.yield(bytes.prefix(3))
      $0.yield(bytes.dropFirst(3))
      $0.finish()
    }
    #expect(try await readAllItems(StreamReader<Plain>(slices)).map(\.id) == [1])
  }

  @Test func zeroItemsAndAnExplicitEndFrameAreValid() async throws {
    let bytes =
      Fixture.frame(2, Fixture.headerJSON) + Fixture.frame(4, Fixture.footerJSON)
      + [5, 0, 0, 0, 0]
    let reader = StreamReader<Transcription>(oneChunk(bytes))
    _ = try await reader.readHeader()
    #expect(try await readAllItems(reader).isEmpty)
    #expect(try await reader.readFooter().segments == 1)

    let empty = StreamReader<Plain>(oneChunk([]))
    #expect(try await readAllItems(empty).isEmpty)
    let onlyEnd = StreamReader<Plain>(oneChunk([5, 0, 0, 0, 0]))
    #expect(try await readAllItems(onlyEnd).isEmpty)
  }

  @Test func eventsDeliverEveryPartInOrder() async throws {
    let reader = StreamReader<Transcription>(oneChunk(try Fixture.transcriptionBytes(items: 2)))
    var events: [StreamEvent<Transcription>] = []
    for try await event in reader.events() { events.append(event) }
    #expect(
      events == [
        .header(Fixture.header), .item(Fixture.segment(0)), .item(Fixture.segment(1)),
        .footer(Fixture.summary),
      ]
    )
  }

  @Test @MainActor func worksFromTheMainActor() async throws {
    let reader = StreamReader<Transcription>(oneChunk(try Fixture.transcriptionBytes()))
    #expect(try await reader.readHeader() == Fixture.header)
    var items: [Segment] = []
    for try await item in reader.readItems() { items.append(item) }
    #expect(items.count == 3)
    #expect(try await reader.readFooter() == Fixture.summary)
  }

  // MARK: Streaming

  /// The producer sends item k and then waits until the consumer has received it before it
  /// produces item k + 1, so the test can only finish if every item is delivered as soon as
  /// its frame is complete. (A reader that waited for more input would deadlock until the
  /// time limit cancels both sides.)
  @Test(.timeLimit(.minutes(1)))
  func deliversEachItemBeforeTheNextIsProduced() async throws {
    let count = 20
    let produced = Counter()
    let (chunks, input) = AsyncStream.makeStream(of: [UInt8].self)
    let (received, acknowledge) = AsyncStream.makeStream(of: Int.self)
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        var acknowledgements = received.makeAsyncIterator()
        var writer = StreamWriter<Plain>()
        for id in 0..<count {
          let frame = try writer.yieldItem(Fixture.segment(id))
          produced.increment()
          // Split the frame so the item's last byte arrives in a chunk of its own.
          input.yield(Array(frame.dropLast()))
          input.yield(Array(frame.suffix(1)))
          guard await acknowledgements.next() == id else { break }
        }
        input.finish()
      }
      let reader = StreamReader<Plain>(chunks)
      var ids: [Int] = []
      for try await item in reader.readItems() {
        // Item k + 1 cannot exist yet: the producer waits for this acknowledgement.
        #expect(produced.current == item.id + 1)
        ids.append(item.id)
        acknowledge.yield(item.id)
      }
      acknowledge.finish()
      try await group.waitForAll()
      #expect(ids == Array(0..<count))
    }
  }

  @Test func oversizedFrameFailsBeforeItsPayloadIsRead() async throws {
    // A 4 GiB announced frame followed by an endless source of filler.
    let source = CountingChunks(
      first: Fixture.frame(3, Fixture.itemJSON) + [3, 0xFF, 0xFF, 0xFF, 0xFF],
      filler: [UInt8](repeating: 0, count: 1 << 16)
    )
    let reader = StreamReader<Plain>(source)
    var items = 0
    let error = await streamError {
      for try await _ in reader.readItems() { items += 1 }
    }
    #expect(items == 1)
    #expect(error?.code == .frameTooLarge)
    #expect(error?.offset == 5 + Fixture.itemJSON.utf8.count)
    #expect(error?.frameIndex == 1)
    #expect(source.pulls.current == 1)
  }

  @Test func cancellationIsNotReportedAsTruncation() async throws {
    let (chunks, input) = AsyncStream.makeStream(of: [UInt8].self)
    let item = Fixture.frame(3, Fixture.itemJSON)
    // One item, then half a frame, then nothing: the reader waits for the rest.
    input.yield(item + item.prefix(8))
    let (firstItem, signal) = AsyncStream.makeStream(of: Void.self)
    let consumer = Task {
      let reader = StreamReader<Plain>(chunks)
      for try await _ in reader.readItems() { signal.yield() }
    }
    var signals = firstItem.makeAsyncIterator()
    await signals.next()
    consumer.cancel()
    await #expect(throws: CancellationError.self) { try await consumer.value }
  }

  @Test func sourceErrorsAreRethrownUnchanged() async throws {
    struct ConnectionLost: Error, Equatable {}
    let source = AsyncThrowingStream<[UInt8], any Error> {
      $0.yield(Fixture.frame(3, Fixture.itemJSON))
      $0.finish(throwing: ConnectionLost())
    }
    let reader = StreamReader<Plain>(source)
    var items = 0
    await #expect(throws: ConnectionLost()) {
      for try await _ in reader.readItems() { items += 1 }
    }
    #expect(items == 1)
  }

  // MARK: Errors

  @Test func truncatedTag() async throws {
    let item = Fixture.frame(3, Fixture.itemJSON)
    let reader = StreamReader<Plain>(oneChunk(item + [3, 0]))
    var ids: [Int] = []
    let error = await streamError {
      for try await segment in reader.readItems() { ids.append(segment.id) }
    }
    #expect(ids == [1])
    #expect(error?.code == .truncatedTag)
    #expect(error?.offset == item.count)
    #expect(error?.frameIndex == 1)
  }

  @Test func truncatedPayload() async throws {
    let item = Fixture.frame(3, Fixture.itemJSON)
    let reader = StreamReader<Plain>(oneChunk(item + item.dropLast()))
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .truncatedPayload)
    #expect(error?.offset == item.count)
    #expect(error?.frameIndex == 1)
    #expect(error?.frameKind == .item)
  }

  @Test func unknownAndNotSetKinds() async throws {
    for (kind, phrase) in [(UInt8(1), "NOT_SET"), (9, "unknown frame kind 9")] {
      let reader = StreamReader<Plain>(oneChunk([kind, 0, 0, 0, 2, 123, 125]))
      let error = await streamError { _ = try await readAllItems(reader) }
      #expect(error?.code == .unknownFrameKind)
      #expect(error?.offset == 0)
      #expect(error?.frameIndex == 0)
      #expect(error?.message.contains(phrase) == true)
    }
  }

  @Test func headerWhenNoneIsDeclared() async throws {
    let bytes = Fixture.frame(2, Fixture.headerJSON) + Fixture.frame(3, Fixture.itemJSON)
    let reader = StreamReader<Plain>(oneChunk(bytes))
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .unexpectedHeader)
    #expect(error?.offset == 0)
    #expect(error?.frameIndex == 0)
    #expect(error?.frameKind == .header)
  }

  @Test func missingDeclaredHeader() async throws {
    let reader = StreamReader<Transcription>(oneChunk(Fixture.frame(3, Fixture.itemJSON)))
    let error = await streamError { _ = try await reader.readHeader() }
    #expect(error?.code == .missingHeader)
    #expect(error?.offset == 0)
    #expect(error?.frameIndex == 0)
    #expect(error?.frameKind == .item)

    let empty = StreamReader<Transcription>(oneChunk([]))
    let emptyError = await streamError { _ = try await empty.readHeader() }
    #expect(emptyError?.code == .missingHeader)
    #expect(emptyError?.offset == 0)
    #expect(emptyError?.frameIndex == nil)
  }

  @Test func secondHeader() async throws {
    let header = Fixture.frame(2, Fixture.headerJSON)
    let reader = StreamReader<Transcription>(oneChunk(header + header))
    _ = try await reader.readHeader()
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .misplacedHeader)
    #expect(error?.offset == header.count)
    #expect(error?.frameIndex == 1)
  }

  @Test func footerWhenNoneIsDeclared() async throws {
    let reader = StreamReader<Plain>(oneChunk(Fixture.frame(4, Fixture.footerJSON)))
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .unexpectedFooter)
    #expect(error?.offset == 0)
  }

  @Test func itemAfterFooter() async throws {
    let item = Fixture.frame(3, Fixture.itemJSON)
    let footer = Fixture.frame(4, Fixture.footerJSON)
    let reader = StreamReader<Progress>(oneChunk(item + footer + item))
    #expect(try await readAllItems(reader).count == 1)
    let error = await streamError { _ = try await reader.readFooter() }
    #expect(error?.code == .frameAfterFooter)
    #expect(error?.offset == item.count + footer.count)
    #expect(error?.frameIndex == 2)
    #expect(error?.frameKind == .item)
  }

  @Test func itemAfterFooterInEvents() async throws {
    let item = Fixture.frame(3, Fixture.itemJSON)
    let footer = Fixture.frame(4, Fixture.footerJSON)
    let reader = StreamReader<Progress>(oneChunk(footer + item))
    var events = 0
    let error = await streamError {
      for try await _ in reader.events() { events += 1 }
    }
    #expect(events == 1)
    #expect(error?.code == .frameAfterFooter)
    #expect(error?.offset == footer.count)
  }

  @Test func dataAfterEndFrame() async throws {
    let item = Fixture.frame(3, Fixture.itemJSON)
    let reader = StreamReader<Plain>(oneChunk(item + [5, 0, 0, 0, 0, 3]))
    var ids: [Int] = []
    let error = await streamError {
      for try await segment in reader.readItems() { ids.append(segment.id) }
    }
    #expect(ids == [1])
    #expect(error?.code == .dataAfterEnd)
    #expect(error?.offset == item.count + 5)
    #expect(error?.frameIndex == 2)
  }

  @Test func footerMissingAtEndOfInput() async throws {
    let item = Fixture.frame(3, Fixture.itemJSON)
    let reader = StreamReader<Progress>(oneChunk(item + item))
    var ids: [Int] = []
    let error = await streamError {
      for try await segment in reader.readItems() { ids.append(segment.id) }
    }
    #expect(ids == [1, 1])
    #expect(error?.code == .missingFooter)
    #expect(error?.offset == 2 * item.count)
    #expect(error?.frameIndex == nil)
    #expect(error?.description.hasPrefix("byte \(2 * item.count) (0x") == true)
  }

  @Test func endFrameBeforeDeclaredFooter() async throws {
    let item = Fixture.frame(3, Fixture.itemJSON)
    let reader = StreamReader<Progress>(oneChunk(item + [5, 0, 0, 0, 0]))
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .missingFooter)
    #expect(error?.offset == item.count)
    #expect(error?.frameIndex == 1)
    #expect(error?.frameKind == .end)
  }

  @Test func invalidJSON() async throws {
    let item = Fixture.frame(3, Fixture.itemJSON)
    let broken = Fixture.frame(3, #"{"id":2,"text":"b","words":[1,]}"#)
    let reader = StreamReader<Plain>(oneChunk(item + broken))
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .invalidJSON)
    #expect(error?.offset == item.count)
    #expect(error?.frameIndex == 1)
    #expect(error?.frameKind == .item)
    #expect(error?.path?.description == "$.words[1]")
    #expect(error?.found == "']'")
    let byte = item.count + 5 + 30
    #expect(error?.message.contains("at byte \(byte) (0x\(String(byte, radix: 16)))") == true)
  }

  @Test func invalidUTF8() async throws {
    let payload = Array(#"{"id":2,"text":""#.utf8) + [0xC3, 0x28] + Array(#"","words":[]}"#.utf8)
    let reader = StreamReader<Plain>(oneChunk(Fixture.frame(3, payload)))
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .invalidJSON)
    #expect(error?.path?.description == "$.text")
    #expect(error?.expected == "valid UTF-8")
    #expect(error?.found?.hasPrefix("0xC3 0x28") == true)
  }

  @Test func typeMismatchDeepInANestedList() async throws {
    let json = """
      {"id":3,"text":"c","words":[{"word":"a","start":0,"end":1,"confidence":0.5},\
      {"word":"b","start":1,"end":2,"confidence":"high"}]}
      """
    let item = Fixture.frame(3, Fixture.itemJSON)
    let reader = StreamReader<Plain>(oneChunk(item + item + Fixture.frame(3, json)))
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .invalidPayload)
    #expect(error?.offset == 2 * item.count)
    #expect(error?.frameIndex == 2)
    #expect(error?.path?.description == "$.words[1].confidence")
    #expect(error?.expected == "number")
    #expect(error?.found == #"string "high""#)
    // The faulting value: the frame's tag, then the payload up to `"high"`.
    let fault = 2 * item.count + 5 + json.utf8.count - #""high"}]}"#.utf8.count
    #expect(error?.faultOffset == fault)
    #expect(
      error?.description
        == "byte \(2 * item.count) (0x\(String(2 * item.count, radix: 16))), frame 2 (item), "
        + "at byte \(fault) (0x\(String(fault, radix: 16))): "
        + #"$.words[1].confidence: expected number, found string "high""#
    )
  }

  @Test func constraintViolation() async throws {
    let json = """
      {"id":3,"text":"c","words":[{"word":"a","start":0,"end":1,"confidence":0.5},\
      {"word":"b","start":0,"end":1,"confidence":1},\
      {"word":"c","start":1,"end":2,"confidence":1.5}]}
      """
    let reader = StreamReader<Plain>(oneChunk(Fixture.frame(3, json)))
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .invalidPayload)
    #expect(
      error?.description
        == "byte 0 (0x0), frame 0 (item), at byte 170 (0xaa): "
        + "$.words[2].confidence: expected number <= 1.0, found 1.5"
    )
  }

  @Test func missingFieldAndNull() async throws {
    let missing = StreamReader<Plain>(oneChunk(Fixture.frame(3, #"{"id":1,"words":[]}"#)))
    let missingError = await streamError { _ = try await readAllItems(missing) }
    #expect(missingError?.path?.description == "$.text")
    #expect(missingError?.expected == #"a value for required field "text""#)
    #expect(missingError?.found == "nothing (the key is absent)")

    let null = StreamReader<Plain>(oneChunk(Fixture.frame(3, #"{"id":null,"text":"","words":[]}"#)))
    let nullError = await streamError { _ = try await readAllItems(null) }
    #expect(nullError?.path?.description == "$.id")
    #expect(nullError?.expected == "integer")
    #expect(nullError?.found == "null")
  }

  @Test func errorsStick() async throws {
    let reader = StreamReader<Plain>(oneChunk([9]))
    let first = await streamError { _ = try await readAllItems(reader) }
    let second = await streamError { _ = try await readAllItems(reader) }
    #expect(first != nil)
    #expect(first == second)
  }

  // MARK: Misuse

  @Test func readItemsBeforeReadHeader() async throws {
    let reader = StreamReader<Transcription>(oneChunk(try Fixture.transcriptionBytes()))
    let error = await streamError { _ = try await readAllItems(reader) }
    #expect(error?.code == .readerMisuse)
    #expect(error?.message.contains("readHeader()") == true)
    // The misuse consumed nothing.
    #expect(try await reader.readHeader() == Fixture.header)
    #expect(try await readAllItems(reader).count == 3)
  }

  @Test func readFooterBeforeTheItemsAreDrained() async throws {
    let reader = StreamReader<Transcription>(oneChunk(try Fixture.transcriptionBytes()))
    _ = try await reader.readHeader()
    let error = await streamError { _ = try await reader.readFooter() }
    #expect(error?.code == .readerMisuse)
    // The item it met is kept for readItems().
    #expect(try await readAllItems(reader) == (0..<3).map(Fixture.segment))
    #expect(try await reader.readFooter() == Fixture.summary)
  }

  @Test func readingAPartTwice() async throws {
    let reader = StreamReader<Transcription>(oneChunk(try Fixture.transcriptionBytes(items: 0)))
    _ = try await reader.readHeader()
    let header = await streamError { _ = try await reader.readHeader() }
    #expect(header?.code == .readerMisuse)
    _ = try await reader.readFooter()
    let footer = await streamError { _ = try await reader.readFooter() }
    #expect(footer?.code == .readerMisuse)
  }
}
