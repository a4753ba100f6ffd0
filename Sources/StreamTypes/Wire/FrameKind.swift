/// What a frame carries: the kind byte that starts every frame of the framed wire format, or
/// the `event:` name of a server-sent event.
///
/// The values are those of `truss_chains.streaming`; Python's `NOT_SET` (1) is never valid on
/// the wire and has no case here.
public enum FrameKind: UInt8, Sendable, Hashable, CustomStringConvertible {
  case header = 2
  case item = 3
  case footer = 4
  /// An optional explicit end of a framed stream, always with an empty payload. Server-sent
  /// events have no end event.
  case end = 5
  /// A typed error that a producer sends instead of the rest of the stream (v2): only in
  /// streams whose schema declares an `error` part, and nothing may follow it. Truss's own
  /// reader does not know this kind and raises on it.
  case error = 6

  public var description: String {
    switch self {
    case .header: "header"
    case .item: "item"
    case .footer: "footer"
    case .end: "end"
    case .error: "error"
    }
  }
}
