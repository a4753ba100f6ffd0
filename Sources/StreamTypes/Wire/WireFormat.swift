/// The encodings of a stream on the wire. Both carry each header, item and footer as one
/// compact JSON object; they differ only in how the objects are delimited and labelled.
public enum WireFormat: String, Sendable, Hashable, CaseIterable {
  /// Baseten Truss Chains' framing, byte-compatible with `truss_chains.streaming`: a kind
  /// byte and a 4-byte big-endian length, then the payload. See ``FrameDecoder``.
  case framed

  /// Server-sent events (`text/event-stream`, WHATWG HTML): `event: item`, `data: {...}` and
  /// a blank line per part. See ``SSEDecoder``.
  case sse

  /// The HTTP `Content-Type` of a response body in this format.
  ///
  /// A Truss server sends a streamed (generator) response as `application/octet-stream`, so
  /// the framed format uses the same type.
  public var contentType: String {
    switch self {
    case .framed: "application/octet-stream"
    case .sse: "text/event-stream"
    }
  }

  /// The bytes of one frame (framed) or event (SSE) that carries `payload`, a JSON object.
  ///
  /// A framed payload must be at most `UInt32.max` bytes, which its length field can hold.
  /// An SSE payload is written as one `data:` line, or as several when it contains line
  /// breaks (JSON allows them only as whitespace, so a reader's joining them with LF keeps
  /// the document's meaning). The SSE format has no end event: `.end` gives no bytes there,
  /// since the end of input ends the stream.
  public func encode(_ kind: FrameKind, payload: some Collection<UInt8>) -> [UInt8] {
    switch self {
    case .framed:
      precondition(payload.count <= Int(UInt32.max), "a frame's payload exceeds UInt32.max")
      var bytes: [UInt8] = []
      bytes.reserveCapacity(FrameDecoder.tagSize + payload.count)
      bytes.append(kind.rawValue)
      let length = UInt32(payload.count)
      for shift: UInt32 in [24, 16, 8, 0] {
        bytes.append(UInt8(truncatingIfNeeded: length >> shift))
      }
      bytes.append(contentsOf: payload)
      return bytes
    case .sse:
      return encode(kind, payload: payload, sse: .standard)
    }
  }

  /// The bytes of one frame or event carrying `payload`, with server-sent events named by
  /// `sse`; `tag` is an item's tag, its name under ``SSEConventions/ItemEvent/discriminator``.
  public func encode(
    _ kind: FrameKind,
    payload: some Collection<UInt8>,
    sse: SSEConventions,
    tag: String? = nil
  ) -> [UInt8] {
    switch self {
    case .framed:
      return encode(kind, payload: payload)
    case .sse:
      guard kind != .end else { return [] }
      return SSEEncoding.event(
        SSEEncoding.eventLine(sse.eventName(of: kind, tag: tag)),
        payload: payload
      )
    }
  }

  /// The bytes that end a stream: the `done_data` event of server-sent events whose
  /// conventions declare one (`data: [DONE]`), or nothing, since the end of input ends it.
  public func endOfStream(sse: SSEConventions) -> [UInt8] {
    guard self == .sse, let doneData = sse.doneData else { return [] }
    return SSEEncoding.doneEvent(doneData)
  }
}

/// The pieces of an SSE event as the writer spells them.
@usableFromInline
enum SSEEncoding {
  @usableFromInline static let lineFeed = UInt8(ascii: "\n")
  static let carriageReturn = UInt8(ascii: "\r")
  @usableFromInline static let dataPrefix = Array("data: ".utf8)

  /// The `event:` line of an event named `name`; none for an empty name.
  @usableFromInline
  static func eventLine(_ name: String) -> [UInt8] {
    guard !name.isEmpty else { return [] }
    var line = Array("event: ".utf8)
    line.append(contentsOf: name.utf8)
    line.append(lineFeed)
    return line
  }

  /// The event whose data is `text`, which ends a stream.
  static func doneEvent(_ text: String) -> [UInt8] {
    var bytes = dataPrefix
    bytes.append(contentsOf: text.utf8)
    bytes.append(contentsOf: [lineFeed, lineFeed])
    return bytes
  }

  /// One event: its `event:` line, the payload as `data:` lines, and the blank line.
  @usableFromInline
  static func event(_ eventLine: [UInt8], payload: some Collection<UInt8>) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(eventLine.count + 8 + payload.count)
    bytes.append(contentsOf: eventLine)
    appendDataLines(payload, to: &bytes)
    bytes.append(lineFeed)
    return bytes
  }

  /// Appends `payload` as `data:` lines, starting a new line at each CR, LF or CRLF in it.
  static func appendDataLines(_ payload: some Collection<UInt8>, to bytes: inout [UInt8]) {
    bytes.append(contentsOf: dataPrefix)
    var afterCR = false
    for byte in payload {
      switch byte {
      case lineFeed where afterCR:
        afterCR = false
      case lineFeed, carriageReturn:
        bytes.append(lineFeed)
        bytes.append(contentsOf: dataPrefix)
        afterCR = byte == carriageReturn
      default:
        afterCR = false
        bytes.append(byte)
      }
    }
    bytes.append(lineFeed)
  }
}
