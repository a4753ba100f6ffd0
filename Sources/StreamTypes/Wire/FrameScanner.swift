/// A wire format's rules in one place: framing (``FrameDecoder``, or ``SSEDecoder`` for
/// server-sent events) and order (``FrameOrder``), fed with bytes as they arrive. The
/// generated readers and the schema-driven validator (`streamtypes validate`) both read
/// through it, so they accept and reject exactly the same streams, with the same errors.
public struct FrameScanner: Sendable {
  /// The wire format being read.
  public let format: WireFormat
  // Both decoders are stored and one is used, rather than an enum of the two: mutating an
  // enum's payload in place would copy its buffer on every call.
  private var framed: FrameDecoder
  private var events: SSEDecoder
  private var order: FrameOrder

  /// Creates a scanner of a stream in `format` whose schema declares a header, a footer and
  /// an error part or not; server-sent events are named by `sse`.
  public init(
    declaresHeader: Bool,
    declaresFooter: Bool,
    declaresError: Bool = false,
    format: WireFormat = .framed,
    sse: SSEConventions = .standard,
    limits: StreamLimits = StreamLimits()
  ) {
    self.format = format
    self.sse = sse
    framed = FrameDecoder(maxFrameBytes: limits.maxFrameBytes, acceptsError: declaresError)
    events = SSEDecoder(
      maxFrameBytes: limits.maxFrameBytes,
      conventions: sse,
      acceptsError: declaresError
    )
    order = FrameOrder(
      declaresHeader: declaresHeader,
      declaresFooter: declaresFooter,
      declaresError: declaresError,
      requiredEnd: format == .sse ? sse.doneData.map { "data: \($0)" } : nil
    )
  }

  /// The server-sent events conventions of the stream (unused in the framed format).
  public let sse: SSEConventions

  /// Whether items must be checked with ``checkItemEvent(_:tag:)``: server-sent events
  /// whose item events are named by their tags.
  public var checksItemEvents: Bool {
    format == .sse && sse.itemEvent == .discriminator
  }

  /// Checks an item frame's event name against its decoded item's tag (see
  /// ``SSEConventions/checkItemEvent(_:tag:)``).
  public func checkItemEvent(_ frame: Frame, tag: String) throws(StreamError) {
    try sse.checkItemEvent(frame, tag: tag)
  }

  /// Adds the next chunk of the stream.
  public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
    switch format {
    case .framed: framed.append(bytes)
    case .sse: events.append(bytes)
    }
  }

  /// The next header, item or footer frame that keeps the order rules, or nil when more
  /// bytes are needed. An explicit end frame is checked and skipped.
  ///
  /// The frame's payload shares the scanner's buffer: use it before the next `append`.
  public mutating func nextFrame() throws(StreamError) -> Frame? {
    while let frame = try decodeFrame() {
      try order.accept(frame.kind, offset: frame.offset, index: frame.index)
      // Keep going past an end frame: the decoder rejects anything after it.
      if frame.kind != .end { return frame }
    }
    return nil
  }

  private mutating func decodeFrame() throws(StreamError) -> Frame? {
    switch format {
    case .framed: try framed.nextFrame()
    case .sse: try events.nextFrame()
    }
  }

  /// Checks the end of input: no frame left unfinished, the declared footer seen.
  public mutating func finish() throws(StreamError) {
    switch format {
    case .framed: try framed.finish()
    case .sse: try events.finish()
    }
    try order.finish(streamLength: bytesConsumed)
  }

  /// The bytes taken in as complete frames so far (for server-sent events, also the lines
  /// read since the last event that start none).
  public var bytesConsumed: Int {
    switch format {
    case .framed: framed.bytesConsumed
    case .sse: events.bytesConsumed
    }
  }

  /// The frames taken in so far, an end frame included.
  public var framesDecoded: Int {
    switch format {
    case .framed: framed.framesDecoded
    case .sse: events.framesDecoded
    }
  }
}
