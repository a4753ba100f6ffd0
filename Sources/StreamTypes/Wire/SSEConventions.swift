/// How one stream spells its parts as server-sent events: the event names of its header,
/// items, footer and error, and an optional `data:` text that ends the stream (OpenAI's
/// `[DONE]`). A schema sets them in the stream's `sse` section, so that event streams that
/// exist (LLM providers' own) can be described as they are; the framed format ignores them.
///
/// The reader holds a stream to exactly these conventions, and the writer writes them:
///
/// - An event named ``headerEvent``, ``footerEvent`` or ``errorEvent`` is that part (the
///   error only in streams whose schema declares one).
/// - An event with no `event:` field is an item; so is one named by ``itemEvent``. With
///   ``ItemEvent/discriminator`` every other name is an item, and it must equal the item
///   union's tag (Anthropic names each event by its data's `type`).
/// - With ``doneData``, the event whose data is exactly that text ends the stream: nothing
///   may follow it, and an end of input without it is a truncation error.
public struct SSEConventions: Sendable, Hashable {
  /// How item events are named.
  public enum ItemEvent: Sendable, Hashable {
    /// Items are events of this name, or of none; with the empty name only events without
    /// an `event:` field are items, and writers write none.
    case named(String)
    /// An item's event name is its tag: the value of the item union's discriminator.
    case discriminator
  }

  public var headerEvent: String
  public var itemEvent: ItemEvent
  public var footerEvent: String
  public var errorEvent: String
  /// A `data:` text that ends the stream, such as `[DONE]`; nil when the end of input ends
  /// it.
  public var doneData: String?

  public init(
    headerEvent: String = "header",
    itemEvent: ItemEvent = .named("item"),
    footerEvent: String = "footer",
    errorEvent: String = "error",
    doneData: String? = nil
  ) {
    self.headerEvent = headerEvent
    self.itemEvent = itemEvent
    self.footerEvent = footerEvent
    self.errorEvent = errorEvent
    self.doneData = doneData
  }

  /// The conventions of a stream with no `sse` section: `header`, `item`, `footer` and
  /// `error`, and no end event.
  public static let standard = SSEConventions()

  /// The kind of an event named `name` (empty when the event has no `event:` field), or nil
  /// for a name these conventions do not use. `declaresError` says whether the schema has
  /// an error part; without one, the error event's name is unknown too.
  public func kind(ofEventNamed name: String, declaresError: Bool) -> FrameKind? {
    if name == headerEvent { return .header }
    if name == footerEvent { return .footer }
    if name == errorEvent { return declaresError ? .error : nil }
    if name.isEmpty { return .item }
    switch itemEvent {
    case .named(let itemName): return name == itemName ? .item : nil
    case .discriminator: return .item
    }
  }

  /// The event names a reader accepts, for messages: "header, item or footer".
  func expectedNames(declaresError: Bool) -> String {
    var names = [headerEvent]
    switch itemEvent {
    case .named(let itemName): names.append(itemName.isEmpty ? "no name (an item)" : itemName)
    case .discriminator: names.append("an item's type")
    }
    names.append(footerEvent)
    if declaresError { names.append(errorEvent) }
    return names.dropLast().joined(separator: ", ") + " or " + names.last!
  }

  /// The event name a writer gives a part of `kind`; `tag` is the item's tag, used with
  /// ``ItemEvent/discriminator``.
  public func eventName(of kind: FrameKind, tag: @autoclosure () -> String?) -> String {
    switch kind {
    case .header: headerEvent
    case .footer: footerEvent
    case .error: errorEvent
    case .item, .end:
      switch itemEvent {
      case .named(let itemName): itemName
      case .discriminator: tag() ?? ""
      }
    }
  }

  /// Checks the one rule that needs an item's value: with ``ItemEvent/discriminator``, the
  /// event's name must equal the item's tag. The generated readers and the schema-driven
  /// validator both call it once the item is decoded.
  public func checkItemEvent(_ frame: Frame, tag: String) throws(StreamError) {
    guard case .discriminator = itemEvent, frame.kind == .item, let name = frame.eventName,
      name != tag
    else { return }
    throw StreamError(
      code: .eventNameMismatch,
      offset: frame.offset,
      frameIndex: frame.index,
      frameKind: .item,
      expected: "event name \(JSONText.excerpt(tag))",
      found: name.isEmpty ? "no event name" : JSONText.excerpt(name),
      message: (name.isEmpty
        ? "the item event has no event: name"
        : "the event name \(JSONText.excerpt(name)) differs from the item's type")
        + " \(JSONText.excerpt(tag)); each item event is named by its type"
    )
  }
}
