/// One complete header, item, footer or end of a stream: a frame of the framed format, or an
/// event of the server-sent events format.
public struct Frame: Sendable {
  /// The frame's kind: its kind byte, or its SSE event name.
  public var kind: FrameKind
  /// The byte offset in the stream where the frame's tag starts, or where the SSE event's
  /// first field line starts.
  public var offset: Int
  /// The frame's 0-based position in the stream.
  public var index: Int
  /// The payload: one UTF-8 JSON object, or empty for an end frame.
  ///
  /// The slice shares storage with the decoder that produced it. Use it before the next
  /// `append`: a slice kept alive across an append makes the decoder copy its buffer.
  public var payload: ArraySlice<UInt8>
  /// The stream offset of the payload's first byte.
  ///
  /// An SSE payload spread over several `data:` lines is their values joined with LF, so
  /// only its first line starts here; errors still name exact stream bytes, since the frame
  /// records where each further line starts.
  public var payloadOffset: Int
  /// Where each `data:` line after the first starts, for an SSE payload of several lines;
  /// empty when the payload is one run of the stream.
  var payloadBreaks: [PayloadBreak] = []
  /// The server-sent event's `event:` name, empty when it has none; nil in the framed
  /// format.
  public var eventName: String?

  /// Creates a frame. `payloadOffset` defaults to the framed format's: right after the
  /// 5-byte tag.
  public init(
    kind: FrameKind,
    offset: Int,
    index: Int,
    payload: ArraySlice<UInt8>,
    payloadOffset: Int? = nil
  ) {
    self.kind = kind
    self.offset = offset
    self.index = index
    self.payload = payload
    self.payloadOffset = payloadOffset ?? offset + FrameDecoder.tagSize
  }
}

/// Where a payload joined from several SSE `data:` lines continues in the stream: the byte
/// at `payloadIndex` of the payload is the stream's byte `streamOffset`.
struct PayloadBreak: Sendable, Hashable {
  var payloadIndex: Int
  var streamOffset: Int

  /// The `streamOffset` of a break after which lines are no longer tracked.
  static let untracked = -1
  /// The most breaks an event records. Past it one ``untracked`` break ends the record, so a
  /// payload of millions of one-byte lines cannot make the record outgrow the payload.
  static let maxTracked = 1024
}

/// An incremental decoder of the framed wire format: push bytes in as they arrive, in chunks
/// of any size, and take frames out as soon as each is complete.
///
/// ```
/// frame = kind:u8  length:u32 (big-endian)  payload:length bytes
/// ```
///
/// The decoder checks framing only: known kind bytes, the frame size limit, empty end frames
/// and nothing after an end frame. The order of header, items and footer is
/// ``FrameOrder``'s job. Memory stays bounded by the size limit plus one chunk: a frame that
/// announces more than the limit is rejected from its tag alone, and consumed bytes are
/// dropped as frames are taken out. After an error every call throws the same error.
public struct FrameDecoder: Sendable {
  /// The size of a frame's tag: one kind byte and a 4-byte length.
  public static let tagSize = 5

  /// The largest payload a frame may announce.
  public let maxFrameBytes: Int

  private var buffer: [UInt8] = []
  /// The index in `buffer` of the first byte not yet taken out as part of a frame.
  private var head = 0
  /// How many bytes were dropped from the front of `buffer`, so that stream offsets survive
  /// compaction.
  private var dropped = 0
  private var nextIndex = 0
  private var sawEnd = false
  private var failure: StreamError?

  /// Whether kind 6, an error frame, is known: only in streams whose schema declares an
  /// `error` part. Otherwise it is an unknown kind, rejected from its byte alone.
  public let acceptsError: Bool

  public init(maxFrameBytes: Int = 16 << 20, acceptsError: Bool = false) {
    self.maxFrameBytes = maxFrameBytes
    self.acceptsError = acceptsError
  }

  /// The number of bytes taken out as complete frames: the offset of the next frame.
  public var bytesConsumed: Int { dropped + head }

  /// The number of frames taken out so far.
  public var framesDecoded: Int { nextIndex }

  /// The buffer's allocated capacity, for tests of the memory bound.
  var bufferCapacity: Int { buffer.capacity }

  /// Adds bytes that arrived, in stream order. Bytes after an error are ignored.
  public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
    guard failure == nil else { return }
    compact()
    buffer.append(contentsOf: bytes)
  }

  private mutating func compact() {
    dropped += InputCompaction.compact(&buffer, head: &head)
  }

  /// The next complete frame, or nil when more bytes are needed.
  ///
  /// Checks what it can as soon as it can: an unknown kind byte fails on that byte, and an
  /// oversized or non-empty end frame fails on its tag.
  public mutating func nextFrame() throws(StreamError) -> Frame? {
    if let failure { throw failure }
    let available = buffer.count - head
    guard available > 0 else { return nil }
    let offset = bytesConsumed
    let kindByte = buffer[head]
    if sawEnd {
      throw fail(
        StreamError(
          code: .dataAfterEnd,
          offset: offset,
          frameIndex: nextIndex,
          frameKind: FrameKind(rawValue: kindByte),
          message: "data after the end frame; nothing may follow it"
        )
      )
    }
    guard let kind = FrameKind(rawValue: kindByte), kind != .error || acceptsError else {
      throw fail(
        StreamError(
          code: .unknownFrameKind,
          offset: offset,
          frameIndex: nextIndex,
          message: Self.unknownKindMessage(kindByte, acceptsError: acceptsError)
        )
      )
    }
    guard available >= Self.tagSize else { return nil }
    var length = 0
    for position in head + 1..<head + Self.tagSize {
      length = length << 8 | Int(buffer[position])
    }
    if kind == .end && length != 0 {
      throw fail(
        StreamError(
          code: .invalidEndFrame,
          offset: offset,
          frameIndex: nextIndex,
          frameKind: kind,
          message: "the end frame announces \(length) payload bytes; it must be empty"
        )
      )
    }
    if length > maxFrameBytes {
      throw fail(
        StreamError(
          code: .frameTooLarge,
          offset: offset,
          frameIndex: nextIndex,
          frameKind: kind,
          message: "the frame announces \(length) payload bytes, more than the limit of "
            + "\(maxFrameBytes)"
        )
      )
    }
    guard available - Self.tagSize >= length else { return nil }
    let start = head + Self.tagSize
    let frame = Frame(
      kind: kind,
      offset: offset,
      index: nextIndex,
      payload: buffer[start..<start + length]
    )
    head = start + length
    nextIndex += 1
    if kind == .end { sawEnd = true }
    return frame
  }

  /// Reports an unfinished frame at the end of input. Call it once the input has ended and
  /// ``nextFrame()`` has returned nil.
  public mutating func finish() throws(StreamError) {
    if let failure { throw failure }
    let available = buffer.count - head
    guard available > 0 else { return }
    let offset = bytesConsumed
    let kind = FrameKind(rawValue: buffer[head])
    if available < Self.tagSize {
      throw fail(
        StreamError(
          code: .truncatedTag,
          offset: offset,
          frameIndex: nextIndex,
          frameKind: kind,
          message: "the input ends inside the frame's 5-byte tag, after \(available) of its "
            + "bytes"
        )
      )
    }
    var length = 0
    for position in head + 1..<head + Self.tagSize {
      length = length << 8 | Int(buffer[position])
    }
    let received = available - Self.tagSize
    if received < length {
      throw fail(
        StreamError(
          code: .truncatedPayload,
          offset: offset,
          frameIndex: nextIndex,
          frameKind: kind,
          message: "the input ends inside the frame's payload, after \(received) of the "
            + "\(length) bytes its tag announces"
        )
      )
    }
  }

  private mutating func fail(_ error: StreamError) -> StreamError {
    failure = error
    // The buffered bytes can never be used again; let them go.
    buffer = []
    head = 0
    return error
  }

  private static func unknownKindMessage(_ byte: UInt8, acceptsError: Bool) -> String {
    let hex = "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
    if byte == 1 {
      return "unknown frame kind 1 (\(hex)), Python's NOT_SET, which is never valid on the wire"
    }
    if acceptsError {
      return "unknown frame kind \(byte) (\(hex)); expected 2 header, 3 item, 4 footer, 5 end "
        + "or 6 error"
    }
    if byte == FrameKind.error.rawValue {
      return "unknown frame kind 6 (\(hex)): an error frame, but the stream's schema declares "
        + "no error part; expected 2 header, 3 item, 4 footer or 5 end"
    }
    return "unknown frame kind \(byte) (\(hex)); expected 2 header, 3 item, 4 footer or 5 end"
  }
}
