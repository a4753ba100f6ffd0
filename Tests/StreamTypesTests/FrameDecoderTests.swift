import Testing

@testable import StreamTypes

@Suite struct FrameDecoderTests {
  struct DecodedFrame: Equatable, CustomStringConvertible {
    var kind: FrameKind
    var offset: Int
    var index: Int
    var payload: [UInt8]

    init(_ frame: Frame) {
      kind = frame.kind
      offset = frame.offset
      index = frame.index
      payload = Array(frame.payload)
    }

    var description: String { "\(kind)@\(offset)#\(index)(\(payload.count))" }
  }

  /// Header, items of assorted sizes (one empty), footer, end.
  static let stream: [UInt8] =
    Fixture.frame(2, Fixture.headerJSON)
    + (0..<6).flatMap { Fixture.frame(3, String(repeating: "x", count: $0 * 37)) }
    + Fixture.frame(4, Fixture.footerJSON) + [5, 0, 0, 0, 0]

  /// Feeds `chunks` in order, taking frames out after each, then finishes.
  static func decode(_ chunks: [ArraySlice<UInt8>]) throws -> [DecodedFrame] {
    var decoder = FrameDecoder()
    var frames: [DecodedFrame] = []
    for chunk in chunks {
      decoder.append(chunk)
      while let frame = try decoder.nextFrame() { frames.append(DecodedFrame(frame)) }
    }
    try decoder.finish()
    #expect(decoder.bytesConsumed == chunks.reduce(0) { $0 + $1.count })
    return frames
  }

  static func split(_ bytes: [UInt8], at cuts: [Int]) -> [ArraySlice<UInt8>] {
    let bounds = [0] + cuts.sorted() + [bytes.count]
    return zip(bounds, bounds.dropFirst()).map { bytes[$0..<$1] }
  }

  @Test func decodesTheFramesOfAStreamInOneChunk() throws {
    let frames = try Self.decode([Self.stream[...]])
    #expect(frames.map(\.kind) == [.header] + Array(repeating: .item, count: 6) + [.footer, .end])
    #expect(frames.map(\.index) == Array(0..<9))
    #expect(frames[0].offset == 0)
    #expect(frames[1].offset == 5 + Fixture.headerJSON.utf8.count)
    #expect(frames[1].payload.isEmpty)
    #expect(frames[2].payload == Array(repeating: UInt8(ascii: "x"), count: 37))
    #expect(frames.last!.offset == Self.stream.count - 5)
  }

  @Test func everySplitPointGivesTheSameFrames() throws {
    let whole = try Self.decode([Self.stream[...]])
    for cut in 0...Self.stream.count {
      #expect(try Self.decode(Self.split(Self.stream, at: [cut])) == whole, "cut at \(cut)")
    }
  }

  @Test func oneByteChunksGiveTheSameFrames() throws {
    let whole = try Self.decode([Self.stream[...]])
    let bytes = Self.stream.indices.map { Self.stream[$0..<$0 + 1] }
    #expect(try Self.decode(bytes) == whole)
  }

  @Test func randomSplitsGiveTheSameFrames() throws {
    let whole = try Self.decode([Self.stream[...]])
    var generator = SplitMix64(state: 7)
    for _ in 0..<500 {
      let count = Int.random(in: 1...12, using: &generator)
      let cuts = (0..<count).map { _ in Int.random(in: 0...Self.stream.count, using: &generator) }
      #expect(try Self.decode(Self.split(Self.stream, at: cuts)) == whole, "cuts \(cuts)")
    }
  }

  @Test func needsMoreBytesUntilAFrameIsComplete() throws {
    var decoder = FrameDecoder()
    let frame = Fixture.frame(3, Fixture.itemJSON)
    decoder.append(frame.dropLast())
    #expect(try decoder.nextFrame() == nil)
    decoder.append(frame.suffix(1))
    #expect(try decoder.nextFrame()?.payload.elementsEqual(Fixture.itemJSON.utf8) == true)
    #expect(try decoder.nextFrame() == nil)
  }

  // MARK: Errors

  @Test func truncatedTagNamesTheUnfinishedFrame() throws {
    var decoder = FrameDecoder()
    let first = Fixture.frame(3, Fixture.itemJSON)
    decoder.append(first + [3, 0, 0])
    #expect(try decoder.nextFrame() != nil)
    #expect(try decoder.nextFrame() == nil)
    let error = try #require(throws: StreamError.self) { try decoder.finish() }
    #expect(error.code == .truncatedTag)
    #expect(error.offset == first.count)
    #expect(error.frameIndex == 1)
    #expect(error.frameKind == .item)
    #expect(error.message.contains("after 3 of its bytes"))
  }

  @Test func truncatedPayloadNamesTheUnfinishedFrame() throws {
    var decoder = FrameDecoder()
    let first = Fixture.frame(2, Fixture.headerJSON)
    decoder.append(first + [3, 0, 0, 0, 10, 1, 2, 3, 4])
    #expect(try decoder.nextFrame()?.kind == .header)
    #expect(try decoder.nextFrame() == nil)
    let error = try #require(throws: StreamError.self) { try decoder.finish() }
    #expect(error.code == .truncatedPayload)
    #expect(error.offset == first.count)
    #expect(error.frameIndex == 1)
    #expect(error.frameKind == .item)
    #expect(error.message.contains("after 4 of the 10 bytes"))
  }

  @Test func oversizedFrameFailsFromItsTagAlone() throws {
    var decoder = FrameDecoder(maxFrameBytes: 100)
    decoder.append(Fixture.frame(3, [UInt8](repeating: 0x20, count: 100)))
    #expect(try decoder.nextFrame() != nil)
    decoder.append([3, 0, 0, 0, 101])
    let error = try #require(throws: StreamError.self) { try decoder.nextFrame() }
    #expect(error.code == .frameTooLarge)
    #expect(error.offset == 105)
    #expect(error.frameIndex == 1)
    #expect(error.message.contains("101 payload bytes, more than the limit of 100"))
  }

  @Test func fourGibibyteFrameDoesNotAllocate() throws {
    var decoder = FrameDecoder()
    decoder.append([3, 0xFF, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 1000))
    let error = try #require(throws: StreamError.self) { try decoder.nextFrame() }
    #expect(error.code == .frameTooLarge)
    #expect(error.message.contains("4294967295"))
    #expect(decoder.bufferCapacity < 16 << 20)
    // The error sticks, and later input is not buffered.
    decoder.append([UInt8](repeating: 0, count: 1 << 16))
    #expect(decoder.bufferCapacity < 1 << 16)
    #expect(throws: error) { try decoder.nextFrame() }
    #expect(throws: error) { try decoder.finish() }
  }

  @Test(arguments: [0, 6, 7, 0xFF])
  func unknownKindFailsOnItsFirstByte(kind: UInt8) throws {
    var decoder = FrameDecoder()
    decoder.append(Fixture.frame(3, Fixture.itemJSON) + [kind])
    #expect(try decoder.nextFrame() != nil)
    let error = try #require(throws: StreamError.self) { try decoder.nextFrame() }
    #expect(error.code == .unknownFrameKind)
    #expect(error.offset == 5 + Fixture.itemJSON.utf8.count)
    #expect(error.frameIndex == 1)
    #expect(error.frameKind == nil)
    #expect(error.message.contains("unknown frame kind \(kind) (0x"))
  }

  @Test func notSetKindIsNamed() throws {
    var decoder = FrameDecoder()
    decoder.append([1, 0, 0, 0, 2, 123, 125])
    let error = try #require(throws: StreamError.self) { try decoder.nextFrame() }
    #expect(error.code == .unknownFrameKind)
    #expect(error.offset == 0)
    #expect(error.message.contains("NOT_SET"))
  }

  @Test func endFrameMustBeEmpty() throws {
    var decoder = FrameDecoder()
    decoder.append([5, 0, 0, 0, 1])
    let error = try #require(throws: StreamError.self) { try decoder.nextFrame() }
    #expect(error.code == .invalidEndFrame)
    #expect(error.frameKind == .end)
  }

  @Test func nothingMayFollowAnEndFrame() throws {
    var decoder = FrameDecoder()
    let item = Fixture.frame(3, Fixture.itemJSON)
    decoder.append(item + [5, 0, 0, 0, 0])
    #expect(try decoder.nextFrame()?.kind == .item)
    #expect(try decoder.nextFrame()?.kind == .end)
    #expect(try decoder.nextFrame() == nil)
    decoder.append([0])
    let error = try #require(throws: StreamError.self) { try decoder.nextFrame() }
    #expect(error.code == .dataAfterEnd)
    #expect(error.offset == item.count + 5)
    #expect(error.frameIndex == 2)
  }

  @Test func memoryStaysBoundedOnAnEndlessStream() throws {
    var decoder = FrameDecoder(maxFrameBytes: 4096)
    let frame = Fixture.frame(3, String(repeating: "y", count: 3000))
    var generator = SplitMix64(state: 3)
    var pending = ArraySlice<UInt8>()
    var frames = 0
    var maxCapacity = 0
    while frames < 20_000 {
      if pending.isEmpty { pending = frame[...] }
      let size = min(Int.random(in: 1...700, using: &generator), pending.count)
      decoder.append(pending.prefix(size))
      pending = pending.dropFirst(size)
      while try decoder.nextFrame() != nil { frames += 1 }
      maxCapacity = max(maxCapacity, decoder.bufferCapacity)
    }
    #expect(decoder.bytesConsumed == frames * frame.count)
    #expect(maxCapacity <= 2 * (4096 + 5 + 700))
  }
}
