/// The framed wire format's rules in one place: framing (``FrameDecoder``) and order
/// (``FrameOrder``), fed with bytes as they arrive. The generated readers and the
/// schema-driven validator (`streamtypes validate`) both read through it, so they accept
/// and reject exactly the same streams, with the same errors.
public struct FrameScanner: Sendable {
  private var decoder: FrameDecoder
  private var order: FrameOrder

  public init(declaresHeader: Bool, declaresFooter: Bool, limits: StreamLimits = StreamLimits()) {
    decoder = FrameDecoder(maxFrameBytes: limits.maxFrameBytes)
    order = FrameOrder(declaresHeader: declaresHeader, declaresFooter: declaresFooter)
  }

  /// Adds the next chunk of the stream.
  public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
    decoder.append(bytes)
  }

  /// The next header, item or footer frame that keeps the order rules, or nil when more
  /// bytes are needed. An explicit end frame is checked and skipped.
  ///
  /// The frame's payload shares the scanner's buffer: use it before the next `append`.
  public mutating func nextFrame() throws(StreamError) -> Frame? {
    while let frame = try decoder.nextFrame() {
      try order.accept(frame.kind, offset: frame.offset, index: frame.index)
      // Keep going past an end frame: the decoder rejects anything after it.
      if frame.kind != .end { return frame }
    }
    return nil
  }

  /// Checks the end of input: no frame left unfinished, the declared footer seen.
  public mutating func finish() throws(StreamError) {
    try decoder.finish()
    try order.finish(streamLength: decoder.bytesConsumed)
  }

  /// The bytes taken in as complete frames so far.
  public var bytesConsumed: Int { decoder.bytesConsumed }

  /// The frames taken in so far, an end frame included.
  public var framesDecoded: Int { decoder.framesDecoded }
}
