import Foundation
import Testing

@testable import StreamTypes

@Suite struct StreamWriterTests {
  @Test func writesTaggedCompactJSONFrames() throws {
    var writer = StreamWriter<Transcription>()
    let header = try writer.yieldHeader(Fixture.header)
    #expect(header == Fixture.frame(2, Fixture.headerJSON))
    let item = try writer.yieldItem(
      Segment(id: 1, text: "a/é\n\"", words: [], extra: ["k": [1, 2.5, nil, true]])
    )
    let json = #"{"id":1,"text":"a/é\n\"","words":[],"extra":{"k":[1,2.5,null,true]}}"#
    #expect(item == Fixture.frame(3, json))
    let footer = try writer.yieldFooter(Fixture.summary)
    #expect(
      footer == Fixture.frame(4, #"{"segments":3,"finished_at":"2026-11-24T10:00:00.500000Z"}"#)
    )
    try writer.finish()
    #expect(writer.bytesWritten == header.count + item.count + footer.count)
    #expect(writer.framesWritten == 3)
  }

  @Test func roundTripsThroughTheReader() async throws {
    var writer = StreamWriter<Transcription>()
    var bytes = try writer.yieldHeader(Fixture.header)
    let segments = (0..<50).map(Fixture.segment)
    for segment in segments { bytes += try writer.yieldItem(segment) }
    bytes += try writer.yieldFooter(Fixture.summary)
    try writer.finish()

    var generator = SplitMix64(state: 5)
    let cuts = (0..<40).map { _ in Int.random(in: 0...bytes.count, using: &generator) }
    let reader = StreamReader<Transcription>(chunked(bytes, at: cuts))
    #expect(try await reader.readHeader() == Fixture.header)
    #expect(try await readAllItems(reader) == segments)
    #expect(try await reader.readFooter() == Fixture.summary)
  }

  // MARK: Order

  @Test func itemBeforeDeclaredHeader() throws {
    var writer = StreamWriter<Transcription>()
    let error = try #require(throws: StreamError.self) {
      try writer.yieldItem(Fixture.segment(0))
    }
    #expect(error.code == .outOfOrderWrite)
    #expect(error.offset == 0)
    #expect(error.frameIndex == 0)
    #expect(error.frameKind == .item)
    #expect(error.message.contains("an item before the header"), "\(error.message)")
    // Foundation's localizedDescription is the error's own text, not "error 1".
    #expect(error.localizedDescription == error.description)
    #expect((error as any Error).localizedDescription.contains("an item before the header"))
  }

  @Test func headerTwiceOrAfterOtherFrames() throws {
    var writer = StreamWriter<Transcription>()
    let header = try writer.yieldHeader(Fixture.header)
    let error = try #require(throws: StreamError.self) {
      try writer.yieldHeader(Fixture.header)
    }
    #expect(error.code == .outOfOrderWrite)
    #expect(error.offset == header.count)
    #expect(error.frameIndex == 1)
    #expect(error.message.contains("second header"))
  }

  @Test func anythingAfterTheFooter() throws {
    var writer = StreamWriter<Progress>()
    _ = try writer.yieldFooter(Fixture.summary)
    #expect(throws: StreamError.self) { try writer.yieldItem(Fixture.segment(0)) }
    let error = try #require(throws: StreamError.self) {
      try writer.yieldFooter(Fixture.summary)
    }
    #expect(error.code == .outOfOrderWrite)
    #expect(error.frameIndex == 1)
  }

  @Test func finishWithoutTheDeclaredFooter() throws {
    var writer = StreamWriter<Progress>()
    _ = try writer.yieldItem(Fixture.segment(0))
    let error = try #require(throws: StreamError.self) { try writer.finish() }
    #expect(error.code == .outOfOrderWrite)
    #expect(error.message.contains("footer"))

    var headerless = StreamWriter<Transcription>()
    #expect(throws: StreamError.self) { try headerless.finish() }

    var plain = StreamWriter<Plain>()
    try plain.finish()
    #expect(throws: StreamError.self) { try plain.yieldItem(Fixture.segment(0)) }
  }

  // MARK: Validation

  @Test func validatesNestedModelsBeforeEncoding() throws {
    var writer = StreamWriter<Plain>()
    let first = try writer.yieldItem(Fixture.segment(0))
    var bad = Fixture.segment(2)
    bad.words[1].confidence = 1.5
    let error = try #require(throws: StreamError.self) { try writer.yieldItem(bad) }
    #expect(error.code == .invalidPayload)
    #expect(error.offset == first.count)
    #expect(error.frameIndex == 1)
    #expect(error.path?.description == "$.words[1].confidence")
    #expect(error.expected == "number <= 1.0")
    #expect(error.found == "1.5")
    // A rejected value leaves the writer as it was.
    #expect(writer.framesWritten == 1)
    let next = try writer.yieldItem(Fixture.segment(1))
    #expect(next.count > 5)
  }

  @Test func refusesNonFiniteNumbersWithTheirPath() throws {
    var writer = StreamWriter<Plain>()
    var bad = Fixture.segment(2)
    bad.words[1].start = .nan
    let error = try #require(throws: StreamError.self) { try writer.yieldItem(bad) }
    #expect(error.code == .invalidPayload)
    #expect(error.path?.description == "$.words[1].start")
    #expect(error.found == "nan")

    var infinite = Fixture.segment(0)
    infinite.extra = ["a": ["b": .double(-.infinity)]]
    let nested = try #require(throws: StreamError.self) { try writer.yieldItem(infinite) }
    #expect(nested.path?.description == "$.extra.a.b")
    #expect(nested.found == "-infinity")
  }

  /// RFC 3339 writes years 0000 to 9999; a date outside them must not be clamped silently.
  @Test func refusesDatesRFC3339CannotWrite() throws {
    var writer = StreamWriter<Progress>()
    _ = try writer.yieldItem(Fixture.segment(0))
    let distant = TranscriptionSummary(segments: 1, finishedAt: Date(timeIntervalSince1970: 3e11))
    let error = try #require(throws: StreamError.self) { try writer.yieldFooter(distant) }
    #expect(error.code == .invalidPayload)
    #expect(error.path?.description == "$.finished_at")
    #expect(error.expected == "a date-time in the years 0000-9999 in UTC")
    let ancient = TranscriptionSummary(segments: 1, finishedAt: Date(timeIntervalSince1970: -7e10))
    #expect(throws: StreamError.self) { try writer.yieldFooter(ancient) }
    // The writer is still usable, and a valid footer goes through.
    #expect(try writer.yieldFooter(Fixture.summary).count > 5)
  }

  // MARK: Encoded streams

  @Test func encodedStreamRoundTrips() async throws {
    let sent = Counter()
    let items = AsyncStream<Segment> { continuation in
      for id in 0..<4 { continuation.yield(Fixture.segment(id)) }
      continuation.finish()
    }.map { segment -> Segment in
      sent.increment()
      return segment
    }
    let frames = StreamWriter<Transcription>.encodedStream(
      header: Fixture.header,
      items: items,
      footer: {
        TranscriptionSummary(segments: sent.current, finishedAt: Fixture.summary.finishedAt)
      }
    )
    var collected: [[UInt8]] = []
    for try await frame in frames { collected.append(frame) }
    #expect(collected.count == 6)
    let reader = StreamReader<Transcription>(oneChunk(collected.flatMap { $0 }))
    #expect(try await reader.readHeader() == Fixture.header)
    #expect(try await readAllItems(reader) == (0..<4).map(Fixture.segment))
    #expect(try await reader.readFooter().segments == 4)
  }

  @Test func encodedStreamVariants() async throws {
    func bytes(_ frames: some AsyncSequence<[UInt8], any Error>) async throws -> [UInt8] {
      var bytes: [UInt8] = []
      for try await frame in frames { bytes += frame }
      return bytes
    }
    let items = [Fixture.segment(0), Fixture.segment(1)].async
    let plain = try await bytes(StreamWriter<Plain>.encodedStream(items: items))
    #expect(try await readAllItems(StreamReader<Plain>(oneChunk(plain))).count == 2)

    let progress = try await bytes(
      StreamWriter<Progress>.encodedStream(items: items, footer: { Fixture.summary })
    )
    let reader = StreamReader<Progress>(oneChunk(progress))
    #expect(try await readAllItems(reader).count == 2)
    #expect(try await reader.readFooter() == Fixture.summary)

    // A schema with a header cannot be written without one.
    let error = await streamError {
      _ = try await bytes(StreamWriter<Transcription>.encodedStream(items: items))
    }
    #expect(error?.code == .outOfOrderWrite)
  }

  @Test func encodedStreamPullsItemsOnlyOnDemand() async throws {
    let pulled = Counter()
    let items = (0..<1_000_000).async.map { id -> Segment in
      pulled.increment()
      return Fixture.segment(id)
    }
    var frames = 0
    for try await _ in StreamWriter<Plain>.encodedStream(items: items) {
      frames += 1
      if frames == 3 { break }
    }
    #expect(pulled.current == 3)
  }

  @Test func encodedStreamStopsWhenCancelled() async throws {
    let pulled = Counter()
    let (items, input) = AsyncStream.makeStream(of: Segment.self)
    let counted = items.map { segment -> Segment in
      pulled.increment()
      return segment
    }
    let (firstFrame, signal) = AsyncStream.makeStream(of: Void.self)
    let consumer = Task {
      var frames = 0
      for try await _ in StreamWriter<Plain>.encodedStream(items: counted) {
        frames += 1
        signal.yield()
      }
      return frames
    }
    input.yield(Fixture.segment(0))
    var signals = firstFrame.makeAsyncIterator()
    await signals.next()
    consumer.cancel()
    input.yield(Fixture.segment(1))
    input.finish()
    await #expect(throws: CancellationError.self) { try await consumer.value }
    #expect(pulled.current <= 2)
  }
}

/// An array as an async sequence, for tests.
struct AsyncArray<Element: Sendable>: AsyncSequence, Sendable {
  let elements: [Element]

  struct AsyncIterator: AsyncIteratorProtocol {
    var remaining: ArraySlice<Element>
    mutating func next() async -> Element? { remaining.popFirst() }
  }

  func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: elements[...]) }
}

extension Sequence where Self: Sendable, Element: Sendable {
  var async: AsyncArray<Element> { AsyncArray(elements: Array(self)) }
}
