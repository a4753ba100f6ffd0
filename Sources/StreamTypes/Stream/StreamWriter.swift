/// Encodes the frames of a stream of `Schema`, as `truss_chains.streaming`'s writer does, or
/// its events as server-sent events, refusing anything a reader would reject.
///
/// ```swift
/// var writer = StreamWriter<Transcription>()
/// send(try writer.yieldHeader(header))
/// for segment in segments { send(try writer.yieldItem(segment)) }
/// send(try writer.yieldFooter(summary))
/// try writer.finish()
/// ```
///
/// Each call returns one complete frame (or event: `event: item`, `data: {...}` and a blank
/// line, with `StreamWriter(format: .sse)`). Every value is validated with all its nested
/// models as it is encoded, and a value that fails leaves the writer as it was. Writes
/// out of order throw ``StreamError/Code/outOfOrderWrite``: an item or footer before the
/// declared header, a second header or footer, anything after the footer or `finish()`.
public struct StreamWriter<Schema: StreamSchema>: Sendable {
  /// The wire format the writer writes.
  public let format: WireFormat
  /// The number of bytes of the frames returned so far.
  public private(set) var bytesWritten = 0
  /// The number of frames returned so far.
  public private(set) var framesWritten = 0
  private var wroteHeader = false
  private var wroteFooter = false
  private var wroteError = false
  private var finished = false
  /// The capacity to reserve for the next frame.
  @usableFromInline var capacityHint = 256

  /// Creates a writer of `format`, by default Truss Chains' framing.
  public init(format: WireFormat = .framed) {
    self.format = format
  }

  /// Encodes one item frame.
  @inlinable
  public mutating func yieldItem(_ item: Schema.Item) throws(StreamError) -> [UInt8] {
    try checkOrder(.item)
    return try frame(.item, item)
  }

  /// Ends the stream, checking that the header and footer the schema declares were
  /// written, and returns the bytes that end it: the `done_data` event (such as
  /// `data: [DONE]`) of a server-sent events stream whose schema declares one, or nothing:
  /// like the Python writer, a framed stream ends with the input. After ``yieldError(_:)``
  /// nothing may follow, so it returns nothing and needs no header or footer.
  @discardableResult
  public mutating func finish() throws(StreamError) -> [UInt8] {
    if finished { return [] }
    if wroteError {
      finished = true
      return []
    }
    if Schema.declaresHeader && !wroteHeader {
      throw outOfOrder(nil, "the stream's schema declares a header, but none was written")
    }
    if Schema.declaresFooter && !wroteFooter {
      throw outOfOrder(nil, "the stream's schema declares a footer, but none was written")
    }
    finished = true
    let bytes = format.endOfStream(sse: Schema.sse)
    guard !bytes.isEmpty else { return [] }
    bytesWritten += bytes.count
    framesWritten += 1
    return bytes
  }

  @usableFromInline
  mutating func checkOrder(_ kind: FrameKind) throws(StreamError) {
    if finished { throw outOfOrder(kind, "\(kind.withArticle) after finish()") }
    if wroteError {
      throw outOfOrder(kind, "\(kind.withArticle) after the error, which ends the stream")
    }
    if wroteFooter {
      throw outOfOrder(kind, "\(kind.withArticle) after the footer, which must be last")
    }
    switch kind {
    case .header:
      if wroteHeader { throw outOfOrder(kind, "a second header; a stream has one header") }
      if framesWritten > 0 {
        throw outOfOrder(kind, "a header after other frames; the header must be first")
      }
    case .error:
      // A producer may fail before its header.
      break
    default:
      if Schema.declaresHeader && !wroteHeader {
        throw outOfOrder(kind, "\(kind.withArticle) before the header the stream's schema declares")
      }
    }
  }

  // Inlinable, as are the yield methods, so that the encoding is specialized for the
  // schema's types where the writer is used, rather than run through their witnesses.
  @inlinable
  mutating func frame<Model: StreamModel>(
    _ kind: FrameKind,
    _ value: Model
  ) throws(StreamError) -> [UInt8] {
    let bytes: [UInt8]
    if format == .framed {
      bytes = try PayloadCodec.encodeFrame(
        kind,
        value,
        at: nextLocation(kind, prefixSize: FrameDecoder.tagSize),
        reservingCapacity: capacityHint
      )
    } else {
      let eventLine = SSEEncoding.eventLine(
        Schema.sse.eventName(of: kind, tag: (value as? any StreamUnion)?.tag)
      )
      let location = nextLocation(
        kind,
        prefixSize: eventLine.count + SSEEncoding.dataPrefix.count
      )
      bytes = SSEEncoding.event(eventLine, payload: try PayloadCodec.encode(value, at: location))
    }
    didWrite(kind, count: bytes.count)
    return bytes
  }

  /// Where the next frame, of `kind`, goes; its payload follows `prefixSize` bytes.
  @usableFromInline
  func nextLocation(_ kind: FrameKind, prefixSize: Int) -> PayloadLocation {
    PayloadLocation(
      offset: bytesWritten,
      frameIndex: framesWritten,
      frameKind: kind,
      payloadOffset: bytesWritten + prefixSize
    )
  }

  /// Counts a frame of `count` bytes, written.
  @usableFromInline
  mutating func didWrite(_ kind: FrameKind, count: Int) {
    bytesWritten += count
    framesWritten += 1
    // The next frame of a stream is usually about as large as this one; a huge frame does
    // not make every later one reserve as much.
    capacityHint = min(max(64, count + count / 8), 1 << 20)
    switch kind {
    case .header: wroteHeader = true
    case .footer: wroteFooter = true
    case .error: wroteError = true
    default: break
    }
  }

  private func outOfOrder(_ kind: FrameKind?, _ message: String) -> StreamError {
    StreamError(
      code: .outOfOrderWrite,
      offset: bytesWritten,
      frameIndex: kind == nil ? nil : framesWritten,
      frameKind: kind,
      message: message
    )
  }
}

extension StreamWriter where Schema: StreamSchemaWithHeader {
  /// Encodes the header frame, which must be the first frame.
  @inlinable
  public mutating func yieldHeader(_ header: Schema.Header) throws(StreamError) -> [UInt8] {
    try checkOrder(.header)
    return try frame(.header, header)
  }
}

extension StreamWriter where Schema: StreamSchemaWithFooter {
  /// Encodes the footer frame, which must be the last frame.
  @inlinable
  public mutating func yieldFooter(_ footer: Schema.Footer) throws(StreamError) -> [UInt8] {
    try checkOrder(.footer)
    return try frame(.footer, footer)
  }
}

extension StreamWriter where Schema: StreamSchemaWithError {
  /// Encodes the producer's typed error, which ends the stream in place of the rest of it:
  /// allowed at any point before the footer (before the header too); nothing may follow
  /// it, and ``finish()`` then needs no header or footer. A framed error is kind 6, which
  /// Truss's own reader does not know: a Python consumer fails loudly rather than taking
  /// the stream for a complete one.
  @inlinable
  public mutating func yieldError(_ error: Schema.ErrorPart) throws(StreamError) -> [UInt8] {
    try checkOrder(.error)
    return try frame(.error, error)
  }
}

// MARK: - Encoded streams

extension StreamWriter {
  /// The encoded frames of `items`, for an HTTP response body: each frame is produced as
  /// soon as its item arrives. Send the body with `format`'s
  /// ``WireFormat/contentType``.
  public static func encodedStream<Items: AsyncSequence & Sendable>(
    items: Items,
    format: WireFormat = .framed
  ) -> EncodedStream<Schema, Items> where Items.Element == Schema.Item {
    EncodedStream(format: format, header: nil, items: items, footer: nil)
  }
}

extension StreamWriter where Schema: StreamSchemaWithHeader {
  /// The encoded header, then the encoded frames of `items`.
  public static func encodedStream<Items: AsyncSequence & Sendable>(
    header: Schema.Header,
    items: Items,
    format: WireFormat = .framed
  ) -> EncodedStream<Schema, Items> where Items.Element == Schema.Item {
    EncodedStream(
      format: format,
      header: { try $0.yieldHeader(header) },
      items: items,
      footer: nil
    )
  }
}

extension StreamWriter where Schema: StreamSchemaWithFooter {
  /// The encoded frames of `items`, then the footer that `footer` returns once the items
  /// are drained (footers often summarize the items).
  public static func encodedStream<Items: AsyncSequence & Sendable>(
    items: Items,
    format: WireFormat = .framed,
    footer: @escaping @Sendable () async throws -> Schema.Footer
  ) -> EncodedStream<Schema, Items> where Items.Element == Schema.Item {
    EncodedStream(
      format: format,
      header: nil,
      items: items,
      footer: { writer in try writer.yieldFooter(try await footer()) }
    )
  }
}

extension StreamWriter where Schema: StreamSchemaWithHeader & StreamSchemaWithFooter {
  /// The encoded header, the frames of `items`, then the footer that `footer` returns once
  /// the items are drained.
  public static func encodedStream<Items: AsyncSequence & Sendable>(
    header: Schema.Header,
    items: Items,
    format: WireFormat = .framed,
    footer: @escaping @Sendable () async throws -> Schema.Footer
  ) -> EncodedStream<Schema, Items> where Items.Element == Schema.Item {
    EncodedStream(
      format: format,
      header: { try $0.yieldHeader(header) },
      items: items,
      footer: { writer in try writer.yieldFooter(try await footer()) }
    )
  }
}

/// The encoded frames (or server-sent events) of a stream, one `[UInt8]` per frame; see
/// ``StreamWriter/encodedStream(items:format:)``.
///
/// The sequence is lazy: it pulls the next item only when its consumer asks for the next
/// frame, so a consumer that stops (a client that disconnects) stops the items too. A
/// cancelled task gets `CancellationError`. Values that fail validation or writes out of
/// order throw ``StreamError``; errors of the items or the footer closure are rethrown.
public struct EncodedStream<Schema: StreamSchema, Items: AsyncSequence & Sendable>: AsyncSequence,
  Sendable
where Items.Element == Schema.Item {
  public typealias Element = [UInt8]
  public typealias Failure = any Error

  typealias HeaderFrame = @Sendable (inout StreamWriter<Schema>) throws -> [UInt8]
  typealias FooterFrame = @Sendable (inout StreamWriter<Schema>) async throws -> [UInt8]
  /// The error frame for an error of the items or the footer, or nil to rethrow it.
  typealias ErrorFrame = @Sendable (inout StreamWriter<Schema>, any Error) throws -> [UInt8]?

  /// The wire format of the frames.
  public let format: WireFormat
  let header: HeaderFrame?
  let items: Items
  let footer: FooterFrame?
  var errorFrame: ErrorFrame?

  init(format: WireFormat, header: HeaderFrame?, items: Items, footer: FooterFrame?) {
    self.format = format
    self.header = header
    self.items = items
    self.footer = footer
  }

  public func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(
      writer: StreamWriter(format: format),
      header: header,
      items: items.makeAsyncIterator(),
      footer: footer,
      errorFrame: errorFrame
    )
  }

  public struct AsyncIterator: AsyncIteratorProtocol {
    private enum Stage {
      case header, items, footer, end, finished
    }

    private let header: HeaderFrame?
    private var items: Items.AsyncIterator
    private let footer: FooterFrame?
    private let errorFrame: ErrorFrame?
    private var writer: StreamWriter<Schema>
    private var stage = Stage.header
    /// What ``StreamWriter/finish()`` returned, sent after the footer.
    private var end: [UInt8] = []

    init(
      writer: StreamWriter<Schema>,
      header: HeaderFrame?,
      items: Items.AsyncIterator,
      footer: FooterFrame?,
      errorFrame: ErrorFrame?
    ) {
      self.writer = writer
      self.header = header
      self.items = items
      self.footer = footer
      self.errorFrame = errorFrame
    }

    public mutating func next() async throws -> [UInt8]? {
      try await next(isolation: nil)
    }

    public mutating func next(
      isolation actor: isolated (any Actor)?
    ) async throws(any Error)
      -> [UInt8]?
    {
      do {
        return try await advance(isolation: actor)
      } catch {
        let failedStage = stage
        stage = .finished
        // A failure of the producer (its items, its footer, or a value of theirs that
        // breaks the schema) becomes the stream's typed error where the schema declares
        // one; cancellation does not.
        if let errorFrame, failedStage == .items || failedStage == .footer,
          !(error is CancellationError), let frame = try errorFrame(&writer, error)
        {
          return frame
        }
        throw error
      }
    }

    private mutating func advance(
      isolation actor: isolated (any Actor)?
    ) async throws
      -> [UInt8]?
    {
      while true {
        if stage != .finished { try Task.checkCancellation() }
        switch stage {
        case .header:
          stage = .items
          if let header { return try header(&writer) }
        case .items:
          if let item = try await items.next(isolation: actor) {
            return try writer.yieldItem(item)
          }
          stage = .footer
        case .footer:
          let frame = try await footer?(&writer)
          stage = .end
          end = try writer.finish()
          if let frame { return frame }
        case .end:
          stage = .finished
          if !end.isEmpty { return end }
        case .finished:
          return nil
        }
      }
    }
  }
}

extension EncodedStream where Schema: StreamSchemaWithError {
  /// This stream, ending with the schema's typed error when its items or its footer throw
  /// (or give a value that breaks the schema): `transform` turns the error into the error
  /// part's value (or returns nil to rethrow it), and the error frame ends the stream, so a
  /// client reads the failure instead of a stream cut short. Cancellation is rethrown as
  /// it is.
  ///
  /// ```swift
  /// StreamWriter<AnthropicMessages>.encodedStream(header: start, items: events,
  ///     format: .sse, footer: { stop })
  ///   .endingWithError { error in StreamFailure(error: .init(type: "api_error", message: "\(error)")) }
  /// ```
  public func endingWithError(
    _ transform: @escaping @Sendable (any Error) -> Schema.ErrorPart?
  ) -> EncodedStream {
    var stream = self
    stream.errorFrame = { writer, error in
      guard let value = transform(error) else { return nil }
      return try writer.yieldError(value)
    }
    return stream
  }
}
