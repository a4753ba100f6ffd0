@_spi(Generated) import StreamTypes

/// Checks a stream, framed or server-sent events, against one stream of a checked schema, as
/// bytes arrive: the same framing and order rules as the generated readers (``FrameScanner``)
/// and the same payload rules (``SchemaInterpreter``), so it reports the same first error.
/// Memory is bounded by the frame limit, whatever the stream's length.
public struct StreamValidator {
  /// One validated header, item or footer.
  public struct Event {
    public var kind: FrameKind
    /// Where the frame (or server-sent event) starts in the stream.
    public var offset: Int
    public var index: Int
    /// The payload's size in bytes.
    public var payloadBytes: Int
    /// The value, with defaults applied; nil when the validator was made not to keep values.
    public var value: DynamicValue?
  }

  public let stream: StreamDefinition
  private let interpreter: SchemaInterpreter
  private let limits: StreamLimits
  private var scanner: FrameScanner
  /// The fast path when values are not kept; nil when they are.
  private let precheck: PayloadPrecheck?
  private let headerModel: Int
  private let itemModel: Int
  private let footerModel: Int
  private let errorModel: Int
  /// For items named by their tags: the item union's discriminator and tags.
  private let itemUnion: UnionDefinition?
  /// The payloads that the one-pass check accepted, so that the full decoding did not run.
  public private(set) var payloadsCheckedInOnePass = 0

  /// A validator of `stream`. With `keepsValues` false, events carry no value and payloads
  /// are checked in one pass over their bytes where possible (``PayloadPrecheck``); which
  /// payloads pass, and every error, stay exactly those of the full decoding.
  public init(
    module: SchemaModule,
    stream: StreamDefinition,
    format: WireFormat = .framed,
    limits: StreamLimits = StreamLimits(),
    keepsValues: Bool = true
  ) {
    self.stream = stream
    self.interpreter = SchemaInterpreter(module: module)
    self.limits = limits
    let precheck = keepsValues ? nil : PayloadPrecheck(module: module, maxDepth: limits.maxDepth)
    self.precheck = precheck
    headerModel = stream.header.flatMap { precheck?.modelIndex[$0] } ?? -1
    itemModel = precheck?.modelIndex[stream.item] ?? -1
    footerModel = stream.footer.flatMap { precheck?.modelIndex[$0] } ?? -1
    errorModel = stream.error.flatMap { precheck?.modelIndex[$0] } ?? -1
    self.scanner = FrameScanner(
      declaresHeader: stream.header != nil,
      declaresFooter: stream.footer != nil,
      declaresError: stream.error != nil,
      format: format,
      sse: stream.sse,
      limits: limits
    )
    itemUnion = module.taggedItemUnion(of: stream, format: format)
  }

  /// The wire format being checked.
  public var format: WireFormat { scanner.format }

  /// Adds the next chunk of the stream.
  public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
    scanner.append(bytes)
  }

  /// The next complete frame, validated; nil when more bytes are needed.
  public mutating func next() throws(StreamError) -> Event? {
    guard let frame = try scanner.nextFrame() else { return nil }
    let model: String
    let modelIndex: Int
    switch frame.kind {
    case .header: (model, modelIndex) = (stream.header!, headerModel)
    case .footer: (model, modelIndex) = (stream.footer!, footerModel)
    case .error: (model, modelIndex) = (stream.error!, errorModel)
    default: (model, modelIndex) = (stream.item, itemModel)
    }
    // An item named by its tag needs the tag, which the one-pass check does not give.
    let itemUnion = frame.kind == .item ? self.itemUnion : nil
    if let precheck, modelIndex >= 0, itemUnion == nil,
      precheck.isCertainlyValid(frame.payload, model: modelIndex)
    {
      payloadsCheckedInOnePass += 1
      return Event(
        kind: frame.kind,
        offset: frame.offset,
        index: frame.index,
        payloadBytes: frame.payload.count,
        value: nil
      )
    }
    let interpreter = self.interpreter
    var tag: String?
    let value = try PayloadCodec.decode(
      from: frame.payload,
      limits: limits,
      at: PayloadLocation(frame)
    ) { decoder in
      let value = try interpreter.decodeModel(model, from: decoder)
      if let itemUnion { tag = try itemUnion.tag(in: decoder) }
      return value
    }
    if let tag { try scanner.checkItemEvent(frame, tag: tag) }
    return Event(
      kind: frame.kind,
      offset: frame.offset,
      index: frame.index,
      payloadBytes: frame.payload.count,
      value: precheck == nil ? value : nil
    )
  }

  /// Checks the end of input.
  public mutating func finish() throws(StreamError) {
    try scanner.finish()
  }

  /// The bytes taken in as complete frames so far.
  public var bytesConsumed: Int { scanner.bytesConsumed }
}

extension SchemaModule {
  /// The union whose tags name the item events of `stream` in `format`
  /// (`item_event: discriminator`), or nil when its item events are named otherwise.
  public func taggedItemUnion(of stream: StreamDefinition, format: WireFormat) -> UnionDefinition? {
    guard format == .sse, stream.sse.itemEvent == .discriminator else { return nil }
    return definitionsByName.unions[stream.item]
  }
}

extension UnionDefinition {
  /// The tag of a value of this union that the runtime's decoder holds, as the generated
  /// union reads it (`UnionCoding`).
  public func tag(in decoder: any Decoder) throws -> String {
    guard let payload = PayloadValue(decoder: decoder) else {
      return try UnionCoding.tag(
        in: decoder,
        discriminator: discriminator,
        tags: members.map(\.tag)
      )
    }
    return try UnionCoding.tag(of: payload, discriminator: discriminator, tags: members.map(\.tag))
  }
}

extension SchemaModule {
  public enum StreamSelectionError: Error, CustomStringConvertible {
    case noStreams
    case ambiguous([String])
    case unknown(String, known: [String])

    public var description: String {
      switch self {
      case .noStreams:
        "the schema declares no stream"
      case .ambiguous(let names):
        "the schema declares several streams; choose one with --stream: "
          + names.joined(separator: ", ")
      case .unknown(let name, let known):
        "the schema declares no stream '\(name)'"
          + (NameSuggestions.closest(to: name, in: known).map { "; did you mean '\($0)'?" }
            ?? "; it declares: \(known.joined(separator: ", "))")
      }
    }
  }

  /// The stream named `name`, or the only stream when `name` is nil.
  public func stream(named name: String?) throws(StreamSelectionError) -> StreamDefinition {
    let all = streams
    if let name {
      guard let stream = all.first(where: { $0.name == name }) else {
        throw .unknown(name, known: all.map(\.name))
      }
      return stream
    }
    guard let only = all.first else { throw .noStreams }
    guard all.count == 1 else { throw .ambiguous(all.map(\.name)) }
    return only
  }
}
