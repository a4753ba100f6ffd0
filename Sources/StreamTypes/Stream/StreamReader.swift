/// One part of a stream, as ``StreamReader/events()`` delivers them in order.
public enum StreamEvent<Schema: StreamSchema> {
  case header(Schema.Header)
  case item(Schema.Item)
  case footer(Schema.Footer)
  /// The producer's typed error, which ends the stream; only in streams whose schema
  /// declares an `error` part (elsewhere `Schema.ErrorPart` is `Never` and a `switch` needs
  /// no case for it).
  case error(Schema.ErrorPart)
}

extension StreamEvent: Sendable {}

extension StreamEvent: Equatable
where Schema.Header: Equatable, Schema.Footer: Equatable, Schema.ErrorPart: Equatable {}

/// The typed error a producer sent instead of the rest of a stream whose schema declares an
/// `error` part. ``StreamReader``'s `readHeader()`, `readItems()` and `readFooter()` throw
/// it, and every read after it throws it again; ``StreamReader/events()`` yields it as
/// ``StreamEvent/error(_:)`` instead.
///
/// ```swift
/// do {
///   for try await event in reader.readItems() { … }
/// } catch let failure as ProducerError<AnthropicMessages> {
///   print(failure.value.error.message)
/// }
/// ```
public struct ProducerError<Schema: StreamSchema>: Error, CustomStringConvertible {
  /// The error's value, as the schema's error model.
  public let value: Schema.ErrorPart
  /// Where the error frame (or event) starts in the stream.
  public let offset: Int
  /// The error frame's 0-based position in the stream.
  public let frameIndex: Int

  public init(value: Schema.ErrorPart, offset: Int, frameIndex: Int) {
    self.value = value
    self.offset = offset
    self.frameIndex = frameIndex
  }

  public var description: String {
    var text = "byte \(offset), frame \(frameIndex) (error): the producer sent an error"
    if let model = value as? any JSONWritable {
      text += ": " + String(decoding: JSONWriter.encode(model), as: UTF8.self)
    }
    return text
  }
}

/// Reads a stream of `Schema` from any asynchronous sequence of byte chunks, in the framed
/// format as `truss_chains.streaming`'s reader does (but checking every rule of the wire
/// format), or as server-sent events.
///
/// ```swift
/// let reader = StreamReader<Transcription>(response.body)
/// let header = try await reader.readHeader()
/// for try await segment in reader.readItems() { … }
/// let summary = try await reader.readFooter()
/// ```
///
/// Chunks may split frames (or events) anywhere; each item is delivered as soon as its frame
/// is complete. Every frame is checked against the schema's order rules as it arrives, so a
/// broken stream fails at the first frame that breaks them, with a ``StreamError`` that
/// locates it. Errors of the source itself (a dropped connection) are rethrown unchanged,
/// and a cancelled task gets `CancellationError` rather than a truncation error.
/// After a stream error every read throws that same error.
///
/// A reader belongs to one task; its methods run on the caller's actor.
public final class StreamReader<Schema: StreamSchema> {
  private let source: any ChunkSource
  private let limits: StreamLimits
  private var scanner: FrameScanner
  private var sourceEnded = false
  /// A frame read ahead and not yet handed out: the footer that ended the items, or an item
  /// that `readFooter()` met too early.
  private var pending: Frame?
  private var failure: (any Error)?
  private var headerConsumed = false
  private var itemsEnded = false
  private var footerConsumed = false
  /// The arrays of the last payload's tape, refilled for the next one.
  private var tapeStorage = TapeStorage()

  /// Creates a reader of `source`, whose elements are chunks of the stream: `[UInt8]`,
  /// `ArraySlice<UInt8>`, `Data` or any other collection of bytes, in `format`.
  public init<Source: AsyncSequence>(
    _ source: Source,
    format: WireFormat = .framed,
    limits: StreamLimits = StreamLimits()
  ) where Source.Element: Collection, Source.Element.Element == UInt8 {
    self.source = IteratorChunkSource(source.makeAsyncIterator())
    self.limits = limits
    self.scanner = FrameScanner(
      declaresHeader: Schema.declaresHeader,
      declaresFooter: Schema.declaresFooter,
      declaresError: Schema.declaresError,
      format: format,
      sse: Schema.sse,
      limits: limits
    )
  }

  /// The wire format the reader reads.
  public var format: WireFormat { scanner.format }

  /// The items, up to the footer or the end of input.
  ///
  /// When the schema declares a header, call ``readHeader(isolation:)`` first; otherwise the
  /// sequence throws ``StreamError/Code/readerMisuse``. At the end of input the sequence
  /// checks the end rules too, so a stream that lacks its declared footer throws
  /// ``StreamError/Code/missingFooter`` from the sequence.
  public func readItems() -> StreamItems<Schema> {
    StreamItems(reader: self)
  }

  /// Every header, item and footer, in stream order, from wherever the reader is.
  public func events() -> StreamEvents<Schema> {
    StreamEvents(reader: self)
  }

  /// The number of bytes of the stream taken in as complete frames so far.
  public var bytesRead: Int { scanner.bytesConsumed }

  // MARK: Reading frames

  /// The next frame that keeps the order rules, or nil once the end of input is reached
  /// and checked.
  private func nextFrame(isolation: isolated (any Actor)?) async throws -> Frame? {
    if let failure { throw failure }
    if let frame = pending {
      pending = nil
      return frame
    }
    do {
      while true {
        if let frame = try scanner.nextFrame() { return frame }
        if sourceEnded {
          // Sources such as `AsyncStream` end early when the task is cancelled; that is not
          // a truncated stream.
          try Task.checkCancellation()
          try scanner.finish()
          return nil
        }
        if try await !source.pull(into: &scanner, isolation: isolation) {
          sourceEnded = true
        }
      }
    } catch {
      failure = error
      throw error
    }
  }

  /// Decodes a header or footer, whose types are models only for schemas that declare
  /// them; the order rules let such frames through only for those schemas.
  private func decode<Model>(_ type: Model.Type, _ frame: Frame) throws -> Model {
    if let model = type as? any StreamModel.Type {
      return try decodeModel(model, frame) as! Model
    }
    guard let decodable = type as? any Decodable.Type else {
      let error = misuse("\(Model.self) is not decodable; the schema's \(frame.kind) type is wrong")
      failure = error
      throw error
    }
    return try decodeModel(decodable, frame) as! Model
  }

  private func decodeModel<Model: Decodable>(
    _ type: Model.Type,
    _ frame: Frame
  ) throws(StreamError) -> Model {
    try recordingFailure { () throws(StreamError) in
      try PayloadCodec.decode(type, from: frame.payload, limits: limits, at: PayloadLocation(frame))
    }
  }

  /// Generated models take the direct decoder; the overload picks it statically.
  private func decodeModel<Model: StreamModel>(
    _ type: Model.Type,
    _ frame: Frame
  ) throws(StreamError) -> Model {
    try recordingFailure { () throws(StreamError) in
      try PayloadCodec.decode(
        type,
        from: frame.payload,
        limits: limits,
        at: PayloadLocation(frame),
        reusing: &tapeStorage
      )
    }
  }

  /// Decodes an item and, for server-sent events named by their items' tags, checks the
  /// event's name.
  private func decodeItem(_ frame: Frame) throws(StreamError) -> Schema.Item {
    let item = try decodeModel(Schema.Item.self, frame)
    if scanner.checksItemEvents {
      let tag = (item as? any StreamUnion)?.tag ?? ""
      try recordingFailure { () throws(StreamError) in
        try scanner.checkItemEvent(frame, tag: tag)
      }
    }
    return item
  }

  /// The producer's error value of an error frame.
  private func decodeError(_ frame: Frame) throws -> Schema.ErrorPart {
    try decode(Schema.ErrorPart.self, frame)
  }

  /// Decodes an error frame and throws it as ``ProducerError``; it sticks, so every later
  /// read throws it too.
  private func throwProducerError(_ frame: Frame) throws -> Never {
    let error = ProducerError<Schema>(
      value: try decodeError(frame),
      offset: frame.offset,
      frameIndex: frame.index
    )
    failure = error
    throw error
  }

  /// Runs `body`; an error it throws sticks, so every later read throws it too.
  private func recordingFailure<Value>(
    _ body: () throws(StreamError) -> Value
  ) throws(StreamError) -> Value {
    do {
      return try body()
    } catch {
      failure = error
      throw error
    }
  }

  private func misuse(_ message: String) -> StreamError {
    StreamError(code: .readerMisuse, offset: scanner.bytesConsumed, message: message)
  }

  // MARK: Parts

  func nextItem(isolation: isolated (any Actor)?) async throws -> Schema.Item? {
    if let failure { throw failure }
    if Schema.declaresHeader && !headerConsumed {
      throw misuse("call readHeader() before readItems(): the stream's schema declares a header")
    }
    guard !itemsEnded, let frame = try await nextFrame(isolation: isolation) else {
      itemsEnded = true
      return nil
    }
    switch frame.kind {
    case .item:
      return try decodeItem(frame)
    case .error:
      itemsEnded = true
      try throwProducerError(frame)
    default:
      // The footer ends the items; readFooter() decodes it.
      pending = frame
      itemsEnded = true
      return nil
    }
  }

  func nextEvent(isolation: isolated (any Actor)?) async throws -> StreamEvent<Schema>? {
    guard let frame = try await nextFrame(isolation: isolation) else {
      itemsEnded = true
      return nil
    }
    switch frame.kind {
    case .header:
      headerConsumed = true
      return .header(try decode(Schema.Header.self, frame))
    case .item:
      headerConsumed = true
      return .item(try decodeItem(frame))
    case .error:
      headerConsumed = true
      itemsEnded = true
      footerConsumed = true
      return .error(try decodeError(frame))
    default:
      headerConsumed = true
      itemsEnded = true
      footerConsumed = true
      return .footer(try decode(Schema.Footer.self, frame))
    }
  }

  fileprivate func header(isolation: isolated (any Actor)?) async throws -> Schema.Header {
    if let failure { throw failure }
    guard !headerConsumed else {
      throw misuse("the header was already read; a stream has one header")
    }
    // The order rules make the first frame a header or fail; an empty stream fails in
    // `finish` with missingHeader.
    guard let frame = try await nextFrame(isolation: isolation) else {
      throw misuse("the stream has no header")
    }
    headerConsumed = true
    if frame.kind == .error { try throwProducerError(frame) }
    return try decode(Schema.Header.self, frame)
  }

  fileprivate func footer(isolation: isolated (any Actor)?) async throws -> Schema.Footer {
    if let failure { throw failure }
    guard !footerConsumed else {
      throw misuse("the footer was already read; a stream has one footer")
    }
    if Schema.declaresHeader && !headerConsumed {
      throw misuse("call readHeader() and read the items before readFooter()")
    }
    // The order rules make a missing footer fail in `nextFrame`.
    guard let frame = try await nextFrame(isolation: isolation) else {
      throw misuse("the stream has no footer")
    }
    if frame.kind == .error { try throwProducerError(frame) }
    guard frame.kind == .footer else {
      // Keep the item for readItems(), so the mistake does not lose data.
      pending = frame
      throw misuse(
        "read all items before readFooter(): the next frame, at byte \(frame.offset), is an item"
      )
    }
    footerConsumed = true
    itemsEnded = true
    let footer = try decode(Schema.Footer.self, frame)
    // Nothing may follow the footer; check the end of input before reporting success.
    _ = try await nextFrame(isolation: isolation)
    return footer
  }
}

extension StreamReader where Schema: StreamSchemaWithHeader {
  /// Reads the header, which the schema makes the first frame.
  ///
  /// Throws ``StreamError/Code/missingHeader`` when the stream starts with something
  /// else, and ``StreamError/Code/readerMisuse`` when the header was already read.
  public func readHeader(
    isolation: isolated (any Actor)? = #isolation
  ) async throws
    -> Schema.Header
  {
    try await header(isolation: isolation)
  }
}

extension StreamReader where Schema: StreamSchemaWithFooter {
  /// Reads the footer once the items are drained, and checks that the stream ends there.
  ///
  /// Throws ``StreamError/Code/readerMisuse`` when items remain (the item is kept for
  /// ``readItems()``), ``StreamError/Code/missingFooter`` when the stream ends without
  /// one, and ``StreamError/Code/frameAfterFooter`` when something follows it.
  public func readFooter(
    isolation: isolated (any Actor)? = #isolation
  ) async throws
    -> Schema.Footer
  {
    try await footer(isolation: isolation)
  }
}

/// The items of a stream; see ``StreamReader/readItems()``.
public struct StreamItems<Schema: StreamSchema>: AsyncSequence {
  public typealias Element = Schema.Item
  public typealias Failure = any Error

  let reader: StreamReader<Schema>

  public func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(reader: reader)
  }

  public struct AsyncIterator: AsyncIteratorProtocol {
    let reader: StreamReader<Schema>
    private var finished = false

    init(reader: StreamReader<Schema>) {
      self.reader = reader
    }

    public mutating func next() async throws -> Schema.Item? {
      try await next(isolation: nil)
    }

    public mutating func next(
      isolation actor: isolated (any Actor)?
    ) async throws(any Error)
      -> Schema.Item?
    {
      guard !finished else { return nil }
      do {
        guard let item = try await reader.nextItem(isolation: actor) else {
          finished = true
          return nil
        }
        return item
      } catch {
        finished = true
        throw error
      }
    }
  }
}

/// The header, items and footer of a stream; see ``StreamReader/events()``.
public struct StreamEvents<Schema: StreamSchema>: AsyncSequence {
  public typealias Element = StreamEvent<Schema>
  public typealias Failure = any Error

  let reader: StreamReader<Schema>

  public func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(reader: reader)
  }

  public struct AsyncIterator: AsyncIteratorProtocol {
    let reader: StreamReader<Schema>
    private var finished = false

    init(reader: StreamReader<Schema>) {
      self.reader = reader
    }

    public mutating func next() async throws -> StreamEvent<Schema>? {
      try await next(isolation: nil)
    }

    public mutating func next(
      isolation actor: isolated (any Actor)?
    ) async throws(any Error)
      -> StreamEvent<Schema>?
    {
      guard !finished else { return nil }
      do {
        guard let event = try await reader.nextEvent(isolation: actor) else {
          finished = true
          return nil
        }
        return event
      } catch {
        finished = true
        throw error
      }
    }
  }
}

/// A byte source with its element type erased.
protocol ChunkSource: AnyObject {
  /// Appends the next chunk to `scanner`; false at the end of the source.
  func pull(
    into scanner: inout FrameScanner,
    isolation: isolated (any Actor)?
  ) async throws
    -> Bool
}

final class IteratorChunkSource<Iterator: AsyncIteratorProtocol>: ChunkSource
where Iterator.Element: Collection, Iterator.Element.Element == UInt8 {
  private var iterator: Iterator

  init(_ iterator: Iterator) {
    self.iterator = iterator
  }

  func pull(
    into scanner: inout FrameScanner,
    isolation: isolated (any Actor)?
  ) async throws
    -> Bool
  {
    guard let chunk = try await iterator.next(isolation: isolation) else { return false }
    scanner.append(chunk)
    return true
  }
}
