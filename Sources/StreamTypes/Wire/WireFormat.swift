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
      guard kind != .end else { return [] }
      let prefix = SSEEncoding.eventLine(kind)
      var bytes: [UInt8] = []
      bytes.reserveCapacity(prefix.count + 8 + payload.count)
      bytes.append(contentsOf: prefix)
      SSEEncoding.appendDataLines(payload, to: &bytes)
      bytes.append(SSEEncoding.lineFeed)
      return bytes
    }
  }

  /// The number of bytes ``encode(_:payload:)`` writes before the payload.
  func payloadPrefixSize(_ kind: FrameKind) -> Int {
    switch self {
    case .framed: FrameDecoder.tagSize
    case .sse: SSEEncoding.eventLine(kind).count + SSEEncoding.dataPrefix.count
    }
  }
}

/// The pieces of an SSE event as the writer spells them.
enum SSEEncoding {
  static let lineFeed = UInt8(ascii: "\n")
  static let carriageReturn = UInt8(ascii: "\r")
  static let dataPrefix = Array("data: ".utf8)

  private static let headerLine = Array("event: header\n".utf8)
  private static let itemLine = Array("event: item\n".utf8)
  private static let footerLine = Array("event: footer\n".utf8)

  static func eventLine(_ kind: FrameKind) -> [UInt8] {
    switch kind {
    case .header: headerLine
    case .item: itemLine
    case .footer: footerLine
    case .end: []
    }
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
