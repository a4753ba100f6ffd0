import Testing

@testable import StreamTypes

/// The server-sent events decoder: the WHATWG line rules, the frames it makes of events,
/// and the errors it reports where a client of the specification would drop data.
@Suite struct SSEDecoderTests {
  struct DecodedEvent: Equatable, CustomStringConvertible {
    var kind: FrameKind
    var offset: Int
    var index: Int
    var payload: String
    var payloadOffset: Int

    init(_ frame: Frame) {
      kind = frame.kind
      offset = frame.offset
      index = frame.index
      payload = String(decoding: frame.payload, as: UTF8.self)
      payloadOffset = frame.payloadOffset
    }

    init(_ kind: FrameKind, at offset: Int, _ index: Int, _ payload: String, payloadAt: Int) {
      self.kind = kind
      self.offset = offset
      self.index = index
      self.payload = payload
      self.payloadOffset = payloadAt
    }

    var description: String { "\(kind)@\(offset)#\(index)(\(payloadOffset)): \(payload)" }
  }

  /// Feeds `chunks` in order, taking frames out after each, then finishes.
  static func decode(
    _ chunks: [ArraySlice<UInt8>],
    maxFrameBytes: Int = 16 << 20
  ) throws(StreamError) -> [DecodedEvent] {
    var decoder = SSEDecoder(maxFrameBytes: maxFrameBytes)
    var events: [DecodedEvent] = []
    for chunk in chunks {
      decoder.append(chunk)
      while let frame = try decoder.nextFrame() { events.append(DecodedEvent(frame)) }
    }
    try decoder.finish()
    // Once the input is checked, every byte is accounted for.
    #expect(decoder.bytesConsumed == chunks.reduce(0) { $0 + $1.count })
    #expect(decoder.framesDecoded == events.count)
    return events
  }

  static func decode(_ text: String, maxFrameBytes: Int = 16 << 20) throws -> [DecodedEvent] {
    try decode([Array(text.utf8)[...]], maxFrameBytes: maxFrameBytes)
  }

  /// The error decoding `chunks` throws; records an issue when it throws none.
  static func error(
    _ chunks: [ArraySlice<UInt8>],
    maxFrameBytes: Int = 16 << 20,
    sourceLocation: SourceLocation = #_sourceLocation
  ) -> StreamError? {
    do {
      _ = try decode(chunks, maxFrameBytes: maxFrameBytes)
      Issue.record("expected a StreamError", sourceLocation: sourceLocation)
      return nil
    } catch {
      return error
    }
  }

  static func error(
    _ bytes: [UInt8],
    maxFrameBytes: Int = 16 << 20,
    sourceLocation: SourceLocation = #_sourceLocation
  ) -> StreamError? {
    error([bytes[...]], maxFrameBytes: maxFrameBytes, sourceLocation: sourceLocation)
  }

  static func error(
    _ text: String,
    maxFrameBytes: Int = 16 << 20,
    sourceLocation: SourceLocation = #_sourceLocation
  ) -> StreamError? {
    error(Array(text.utf8), maxFrameBytes: maxFrameBytes, sourceLocation: sourceLocation)
  }

  static func split(_ bytes: [UInt8], at cuts: [Int]) -> [ArraySlice<UInt8>] {
    let bounds = [0] + cuts.sorted() + [bytes.count]
    return zip(bounds, bounds.dropFirst()).map { bytes[$0..<$1] }
  }

  static func bytewise(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    bytes.indices.map { bytes[$0..<$0 + 1] }
  }

  // MARK: Lines

  @Test func decodesHeaderItemsAndFooterWithLF() throws {
    let text =
      "event: header\ndata: {\"a\":1}\n\n" + "event: item\ndata: {\"b\":2}\n\n"
      + "data: {\"c\":3}\n\n" + "event: footer\ndata: {}\n\n"
    #expect(
      try Self.decode(text) == [
        DecodedEvent(.header, at: 0, 0, #"{"a":1}"#, payloadAt: 20),
        DecodedEvent(.item, at: 29, 1, #"{"b":2}"#, payloadAt: 47),
        DecodedEvent(.item, at: 56, 2, #"{"c":3}"#, payloadAt: 62),
        DecodedEvent(.footer, at: 71, 3, "{}", payloadAt: 91),
      ]
    )
  }

  @Test func crlfAndCRAreLineEndsToo() throws {
    let lf = "event: header\ndata: {\"a\":1}\n\ndata: {}\n\n"
    let cr = lf.replacingOccurrences(of: "\n", with: "\r")
    let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
    // A CR is one byte like an LF: the same offsets.
    #expect(try Self.decode(cr) == Self.decode(lf))
    #expect(
      try Self.decode(crlf) == [
        DecodedEvent(.header, at: 0, 0, #"{"a":1}"#, payloadAt: 21),
        DecodedEvent(.item, at: 32, 1, "{}", payloadAt: 38),
      ]
    )
    // Mixed in one stream; the LF of "\r\r\n" belongs to the second CR, not a third line.
    let mixed = "event: header\r\ndata: {\"a\":1}\r\r\ndata: {}\n\r"
    #expect(try Self.decode(mixed).map(\.payload) == [#"{"a":1}"#, "{}"])
    #expect(try Self.decode(mixed)[1].offset == 31)
  }

  @Test func aCREndingAChunkPairsWithAnLFStartingTheNext() throws {
    let chunks = [
      "event: item\r", "\ndata: {}\r", "\n\r", "\nevent: footer\r", "\ndata: {}\r\n\r\n",
    ]
    let events = try Self.decode(chunks.map { Array($0.utf8)[...] })
    #expect(
      events == [
        DecodedEvent(.item, at: 0, 0, "{}", payloadAt: 19),
        DecodedEvent(.footer, at: 25, 1, "{}", payloadAt: 46),
      ]
    )
    // A CR at a chunk's end already ends its line: the event is out before the LF arrives.
    var decoder = SSEDecoder()
    decoder.append("data: {}\r\r".utf8)
    #expect(try decoder.nextFrame()?.payload.elementsEqual("{}".utf8) == true)
    #expect(decoder.bytesConsumed == 10)
    decoder.append("\ndata: {}\n\n".utf8)
    #expect(try decoder.nextFrame()?.offset == 11)
    // A CR followed by another CR is two line ends: a blank line.
    #expect(try Self.decode([Array("data: {}\r".utf8)[...], Array("\r".utf8)[...]]).count == 1)
  }

  @Test func aLeadingByteOrderMarkIsSkipped() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("data: {}\n\n".utf8)
    let expected = [DecodedEvent(.item, at: 3, 0, "{}", payloadAt: 9)]
    #expect(try Self.decode([bytes[...]]) == expected)
    #expect(try Self.decode(Self.bytewise(bytes)) == expected)
    // Only at the start: a second mark is part of the first field's name, which is then
    // unknown and ignored.
    #expect(try Self.decode([([0xEF, 0xBB, 0xBF] + bytes)[...]]) == [])
    // An empty stream may be just the mark.
    #expect(try Self.decode([[0xEF, 0xBB, 0xBF]]) == [])
  }

  @Test func aPartialByteOrderMarkIsText() {
    let error = Self.error([0xEF, 0xBB] + Array("data: {}\n\n".utf8))
    #expect(error?.code == .invalidUTF8)
    #expect(error?.offset == 0)
    #expect(error?.found == "0xef 0xbb")
  }

  @Test func commentsAreIgnoredAndBelongToNoEvent() throws {
    let text = ": keep-alive\n\n: ping\n\nevent: item\n: inside\ndata: {}\n\n:\n\n"
    #expect(try Self.decode(text) == [DecodedEvent(.item, at: 22, 0, "{}", payloadAt: 49)])
  }

  @Test func dataLinesJoinWithLF() throws {
    let text = "data: {\"id\":1,\ndata: \"text\":\"a\",\ndata:\"words\":[]}\n\n"
    let events = try Self.decode(text)
    #expect(
      events == [
        DecodedEvent(.item, at: 0, 0, "{\"id\":1,\n\"text\":\"a\",\n\"words\":[]}", payloadAt: 6)
      ]
    )
    var decoder = SSEDecoder()
    decoder.append(text.utf8)
    let frame = try #require(try decoder.nextFrame())
    let segment = try PayloadCodec.decode(
      Segment.self,
      from: frame.payload,
      at: PayloadLocation(frame)
    )
    #expect(segment == Segment(id: 1, text: "a", words: []))
    // An empty data: line still adds its LF.
    #expect(try Self.decode("data\ndata\n\n").map(\.payload) == ["\n"])
    #expect(try Self.decode("data: a\ndata:\ndata: b\n\n").map(\.payload) == ["a\n\nb"])
  }

  @Test func syntaxErrorsInJoinedDataNameTheStreamByte() throws {
    func jsonError(_ text: String) throws -> StreamError {
      var decoder = SSEDecoder()
      decoder.append(text.utf8)
      let frame = try #require(try decoder.nextFrame())
      do {
        _ = try PayloadCodec.decode(Segment.self, from: frame.payload, at: PayloadLocation(frame))
      } catch {
        return error
      }
      Issue.record("no error")
      return StreamError(code: .readerMisuse, offset: -1, message: "")
    }
    // Line 2 starts at 15; its value at 21; the x 7 bytes later.
    let second = try jsonError("data: {\"id\":1,\ndata: \"text\":x}\n\n")
    #expect(second.code == .invalidJSON)
    #expect(second.offset == 0)
    #expect(second.message.contains("at byte 28 (0x1c)"), "\(second.message)")
    // A raw LF inside a string is the joining LF: the byte named is the line end.
    let joint = try jsonError("data: {\"text\":\"x\ndata: y\"}\n\n")
    #expect(joint.message.contains("at byte 16 (0x10)"), "\(joint.message)")
    // After a thousand lines the record stops; the byte is then named within the payload.
    let lines = "data: {\"id\":\n" + String(repeating: "data: \n", count: 1100) + "data: x}\n\n"
    let far = try jsonError(lines)
    #expect(far.message.contains("at byte 1107 of its payload"), "\(far.message)")
  }

  @Test func idAndRetryAreKeptAndOtherFieldsIgnored() throws {
    var decoder = SSEDecoder()
    decoder.append("id: 7\nretry: 2500\nfoo: bar\ndata: {}\n\n".utf8)
    #expect(try decoder.nextFrame()?.offset == 0)
    #expect(decoder.lastEventID == "7")
    #expect(decoder.reconnectionTime == 2500)
    // An id with NUL and a retry that is not all digits are ignored.
    decoder.append("id: a\0b\nretry: 12x\nretry:\ndata: {}\n\n".utf8)
    #expect(try decoder.nextFrame()?.index == 1)
    #expect(decoder.lastEventID == "7")
    #expect(decoder.reconnectionTime == 2500)
    // An event of only id: or retry: is no frame and takes no index, but the id counts.
    decoder.append("id: only\n\nretry: 10\n\nid\n".utf8)
    #expect(try decoder.nextFrame() == nil)
    #expect(decoder.lastEventID == "only")
    #expect(decoder.reconnectionTime == 10)
    decoder.append("\ndata: {}\n\n".utf8)
    #expect(try decoder.nextFrame()?.index == 2)
    // `id` without a colon sets the empty id.
    #expect(decoder.lastEventID == "")
    try decoder.finish()
  }

  @Test func aFieldWithoutAColonHasAnEmptyValue() throws {
    #expect(
      try Self.decode("event\ndata\n\n") == [DecodedEvent(.item, at: 0, 0, "", payloadAt: 10)]
    )
    #expect(try Self.decode("data\n\n").map(\.payloadOffset) == [4])
  }

  @Test func oneSpaceAfterTheColonIsStripped() throws {
    #expect(try Self.decode("data:{}\n\n").map(\.payload) == ["{}"])
    #expect(try Self.decode("data: {}\n\n").map(\.payload) == ["{}"])
    #expect(try Self.decode("data:  {}\n\n").map(\.payload) == [" {}"])
    #expect(try Self.decode("data: {} \n\n").map(\.payload) == ["{} "])
    #expect(try Self.decode("data: \n\n").map(\.payload) == [""])
    #expect(try Self.decode("event:header\ndata:{}\n\n").map(\.kind) == [.header])
    #expect(try Self.decode("data:  {}\n\n").map(\.payloadOffset) == [6])
  }

  @Test func theEventNameGivesTheKind() throws {
    let text =
      "data: {}\n\nevent: item\ndata: {}\n\nevent:\ndata: {}\n\nevent: header\ndata: {}\n\n"
      + "event: footer\ndata: {}\n\nevent: footer\nevent: item\ndata: {}\n\n"
    #expect(try Self.decode(text).map(\.kind) == [.item, .item, .item, .header, .footer, .item])
  }

  // MARK: Chunking

  /// Every rule at once: a mark, CRLF, CR, LF, comments, id, retry, joined data.
  static let richStream: [UInt8] =
    [0xEF, 0xBB, 0xBF]
    + Array(
      (": hello\r\n" + "id: 1\r\nevent: header\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n"
        + "data: {\"b\":2}\r\r" + ": keep\n\n" + "event:item\ndata:{}\n\n"
        + "retry: 10\nevent: footer\r\ndata: {\"c\":[1,\r\ndata: 2]}\r\n\r\n" + ": bye\n")
        .utf8
    )

  @Test func everySplitPointGivesTheSameFrames() throws {
    let whole = try Self.decode([Self.richStream[...]])
    #expect(whole.map(\.kind) == [.header, .item, .item, .footer])
    #expect(whole.map(\.payload) == ["{\"a\":\n1}", #"{"b":2}"#, "{}", "{\"c\":[1,\n2]}"])
    #expect(whole[0].offset == 12)
    for cut in 0...Self.richStream.count {
      #expect(try Self.decode(Self.split(Self.richStream, at: [cut])) == whole, "cut at \(cut)")
    }
    #expect(try Self.decode(Self.bytewise(Self.richStream)) == whole)
    var generator = SplitMix64(state: 7)
    for _ in 0..<200 {
      let cuts = (0..<Int.random(in: 1...12, using: &generator)).map { _ in
        Int.random(in: 0...Self.richStream.count, using: &generator)
      }
      #expect(try Self.decode(Self.split(Self.richStream, at: cuts)) == whole, "cuts \(cuts)")
    }
  }

  @Test(arguments: [
    "data: {}\n\nevent: progress\ndata: {}\n\n",
    "data: {}\n\nevent: footer\n\n",
    "data: {}\n\nevent: item\ndata: {}\n",
    "data: {}\n\ndata: {\"a\":1",
    "data: {}\n\nevent: it\u{FFFD}em\n\n",
    "data: {}\n\n" + "data: " + String(repeating: "x", count: 40) + "\n\n",
    "data: {}\n\n: " + String(repeating: "x", count: 4200) + "\n\n",
  ])
  func everySplitPointGivesTheSameError(_ text: String) throws {
    var bytes = Array(text.utf8)
    // U+FFFD stands for a byte that is not UTF-8.
    let replacement = Array("\u{FFFD}".utf8)
    if let start = bytes.indices.first(where: { bytes[$0...].starts(with: replacement) }) {
      bytes.replaceSubrange(start..<start + replacement.count, with: [0xFF])
    }
    let whole = try #require(Self.error(bytes, maxFrameBytes: 32))
    #expect(whole.offset == 10)
    #expect(whole.frameIndex == 1)
    for cut in 0...bytes.count {
      #expect(
        Self.error(Self.split(bytes, at: [cut]), maxFrameBytes: 32) == whole,
        "cut at \(cut)"
      )
    }
    #expect(Self.error(Self.bytewise(bytes), maxFrameBytes: 32) == whole)
  }

  // MARK: Errors

  @Test func anUnknownEventNameIsAnError() throws {
    let error = try #require(Self.error("data: {}\n\nevent: progress\ndata: {}\n\n"))
    #expect(error.code == .unknownFrameKind)
    #expect(error.offset == 10)
    #expect(error.frameIndex == 1)
    #expect(error.frameKind == nil)
    #expect(error.found == #""progress""#)
    #expect(error.description.hasPrefix("byte 10 (0xa), frame 1: unknown event name \"progress\""))
    // An end event, as the framed format has, is unknown too.
    #expect(Self.error("event: end\ndata: {}\n\n")?.code == .unknownFrameKind)
    // Named, even without data.
    #expect(Self.error("event: ping\n\n")?.code == .unknownFrameKind)
  }

  @Test func aNamedEventWithoutDataIsAnError() throws {
    let error = try #require(Self.error("data: {}\n\n: c\nid: 1\nevent: footer\n\n"))
    #expect(error.code == .eventWithoutData)
    #expect(error.offset == 14)
    #expect(error.frameIndex == 1)
    #expect(error.frameKind == .footer)
    // Without a name it is dropped, as the specification says.
    #expect(try Self.decode("id: 1\nfoo\n\nevent:\n\ndata: {}\n\n").map(\.index) == [0])
  }

  @Test func dataOverTheLimitIsAnError() throws {
    let limit = 16
    let exactly = "data: " + String(repeating: "x", count: limit) + "\n\n"
    #expect(try Self.decode(exactly, maxFrameBytes: limit).count == 1)
    let over =
      "data: {}\n\nevent: header\ndata: " + String(repeating: "x", count: limit + 1) + "\n\n"
    let error = try #require(Self.error(over, maxFrameBytes: limit))
    #expect(error.code == .frameTooLarge)
    #expect(error.offset == 10)
    #expect(error.frameIndex == 1)
    #expect(error.frameKind == .header)
    // Joined lines count with their LFs: 8 + 1 + 7 fits, 8 + 1 + 8 does not.
    let eight = String(repeating: "x", count: 8)
    let fits = "data: \(eight)\ndata: \(eight.dropLast())\n\n"
    #expect(try Self.decode(fits, maxFrameBytes: limit).map(\.payload.count) == [16])
    let joined = "data: \(eight)\ndata: \(eight)\n\n"
    #expect(Self.error(joined, maxFrameBytes: limit)?.code == .frameTooLarge)
  }

  @Test func anOversizedDataLineFailsBeforeItsLineEnds() throws {
    let limit = 64 << 10
    let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1000)
    var decoder = SSEDecoder(maxFrameBytes: limit)
    decoder.append("data: ".utf8)
    var fed = 6
    var caught: StreamError?
    while fed < 4 * limit {
      decoder.append(chunk)
      fed += chunk.count
      do {
        #expect(try decoder.nextFrame() == nil)
      } catch {
        caught = error
        break
      }
    }
    let error = try #require(caught)
    #expect(error.code == .frameTooLarge)
    #expect(error.offset == 0)
    // The error came within one chunk of the limit, and the buffers are released.
    #expect(fed <= 6 + limit + chunk.count)
    #expect(decoder.bufferCapacity == 0)
    #expect(throws: error) { try decoder.finish() }
  }

  @Test func otherLinesMayAddOnlyASmallAllowance() throws {
    let limit = 16
    let allowance = SSEDecoder.lineAllowance
    let longest = ":" + String(repeating: "c", count: limit + allowance - 1) + "\ndata: {}\n\n"
    #expect(try Self.decode(longest, maxFrameBytes: limit).count == 1)
    let tooLong = "data: {}\n\n:" + String(repeating: "c", count: limit + allowance) + "\n"
    let error = try #require(Self.error(tooLong, maxFrameBytes: limit))
    #expect(error.code == .frameTooLarge)
    #expect(error.offset == 10)
    // A line that never ends fails too, before its end.
    var decoder = SSEDecoder(maxFrameBytes: limit)
    decoder.append(Array(repeating: UInt8(ascii: "c"), count: limit + allowance + 1))
    #expect(throws: StreamError.self) { try decoder.nextFrame() }
  }

  @Test func theEndOfInputInsideAnEventIsATruncation() throws {
    let missingBlankLine = try #require(Self.error("data: {}\n\nevent: item\ndata: {}\n"))
    #expect(missingBlankLine.code == .truncatedEvent)
    #expect(missingBlankLine.offset == 10)
    #expect(missingBlankLine.frameIndex == 1)
    #expect(missingBlankLine.frameKind == .item)
    let insideALine = try #require(Self.error("data: {}\n\ndata: {\"a\":1"))
    #expect(insideALine.code == .truncatedEvent)
    #expect(insideALine.offset == 10)
    #expect(insideALine.frameKind == nil)
    // A name without data, cut off: the data may have been on its way.
    #expect(Self.error("data: {}\n\nevent: footer\n")?.code == .truncatedEvent)
    // An unfinished id line is cut off too.
    #expect(Self.error("data: {}\n\nid: 5")?.offset == 10)
    // Nothing is lost after a finished id line or in an unfinished comment.
    #expect(try Self.decode("data: {}\n\nid: 5\n").count == 1)
    #expect(try Self.decode("data: {}\n\n: bye").count == 1)
    // A CR at the very end is a line end.
    #expect(try Self.decode("data: {}\r\r").count == 1)
  }

  @Test func aLineThatIsNotUTF8IsAnError() throws {
    var bytes = Array("data: {}\n\nevent: it".utf8) + [0xFF] + Array("em\ndata: {}\n\n".utf8)
    let error = try #require(Self.error(bytes))
    #expect(error.code == .invalidUTF8)
    #expect(error.offset == 10)
    #expect(error.frameIndex == 1)
    #expect(error.found == "0xff")
    #expect(error.message.hasPrefix("invalid UTF-8 at byte 19 (0x13): 0xff"), "\(error.message)")
    // In a comment between events, located at the comment's line.
    bytes = Array("data: {}\n\n: caf".utf8) + [0xC3, 0x28] + Array("\n".utf8)
    let comment = try #require(Self.error(bytes))
    #expect(comment.code == .invalidUTF8)
    #expect(comment.offset == 10)
    #expect(comment.found == "0xc3")
    // Valid multi-byte text is fine.
    #expect(try Self.decode(": café ✓ 🎉\nid: é\ndata: {}\n\n").count == 1)
  }

  @Test func afterAnErrorEveryCallThrowsIt() throws {
    var decoder = SSEDecoder()
    decoder.append("event: nope\ndata: {}\n\n".utf8)
    let error = try #require(throws: StreamError.self) { try decoder.nextFrame() }
    decoder.append("data: {}\n\n".utf8)
    #expect(throws: error) { try decoder.nextFrame() }
    #expect(throws: error) { try decoder.finish() }
  }

  @Test func aLargeEventDoesNotPinItsMemory() throws {
    var decoder = SSEDecoder()
    let big = "data: \"" + String(repeating: "x", count: 2 << 20) + "\"\n\n"
    decoder.append(big.utf8)
    #expect(try decoder.nextFrame()?.payload.count == (2 << 20) + 2)
    decoder.append("data: {}\n\n".utf8)
    #expect(try decoder.nextFrame()?.payload.count == 2)
    #expect(decoder.bufferCapacity < 1 << 20)
  }
}
