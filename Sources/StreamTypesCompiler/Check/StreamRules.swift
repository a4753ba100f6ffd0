@_spi(Generated) import StreamTypes

/// A stream's `sse` section: the event names of its parts and its end event, checked
/// against the parts the stream declares and, for items named by their tags, the item
/// union's tags.
extension SchemaChecker {
  mutating func checkSSE(_ parsed: ParsedSSE?, of stream: StreamDefinition) -> SSEConventions {
    guard let parsed else { return .standard }
    var conventions = SSEConventions.standard
    let name = stream.name
    // Each event name in turn, with the part it names and whether the stream has it.
    let parts: [(key: String, part: FrameKind, declared: Bool)] = [
      ("header_event", .header, stream.header != nil),
      ("footer_event", .footer, stream.footer != nil),
      ("error_event", .error, stream.error != nil),
    ]
    var used: [String: String] = [:]
    for (key, part, declared) in parts {
      guard let (text, location) = parsed.values[key] else {
        if declared { used[SSEConventions.standard.eventName(of: part, tag: nil)] = key }
        continue
      }
      guard declared else {
        diagnostics.error(
          "stream '\(name)' declares no \(part), so '\(key)' names nothing; add '\(part): "
            + "ModelName' to the stream or remove '\(key)'",
          at: location
        )
        continue
      }
      guard checkEventName(text, key: key, at: location) else { continue }
      if let other = used[text] {
        diagnostics.error(
          "'\(key)' and '\(other)' of stream '\(name)' are both '\(text)'; a reader could not "
            + "tell the parts apart",
          at: location
        )
        continue
      }
      used[text] = key
      switch part {
      case .header: conventions.headerEvent = text
      case .footer: conventions.footerEvent = text
      default: conventions.errorEvent = text
      }
    }
    if let (text, location) = parsed.values["item_event"] {
      if text == "discriminator" {
        checkTagsAsEventNames(of: stream, taken: used, at: location)
        conventions.itemEvent = .discriminator
      } else if text.isEmpty {
        // Items are events without an `event:` line, as OpenAI's Chat Completions sends them.
        conventions.itemEvent = .named("")
      } else if checkEventName(text, key: "item_event", at: location) {
        if let other = used[text] {
          diagnostics.error(
            "'item_event' and '\(other)' of stream '\(name)' are both '\(text)'; a reader "
              + "could not tell the parts apart",
            at: location
          )
        } else {
          conventions.itemEvent = .named(text)
        }
      }
    }
    if let (text, location) = parsed.values["done_data"] {
      if text.isEmpty || text.contains(where: { $0 == "\n" || $0 == "\r" }) {
        diagnostics.error(
          "'done_data' must be one line of text, such as '[DONE]'; the event whose data is "
            + "exactly that text ends the stream",
          at: location
        )
      } else if text.drop(while: { " \t".contains($0) }).first == "{" {
        diagnostics.error(
          "'done_data' '\(text)' looks like a JSON object, which a part could carry; choose "
            + "text that is not an object, such as '[DONE]'",
          at: location
        )
      } else {
        conventions.doneData = text
      }
    }
    return conventions
  }

  /// Whether `text` can be an `event:` name: not empty, one line.
  private mutating func checkEventName(
    _ text: String,
    key: String,
    at location: SourceLocation
  ) -> Bool {
    if text.isEmpty {
      diagnostics.error(
        "'\(key)' must not be empty: an event without a name is an item",
        at: location
      )
      return false
    }
    if text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\0" }) {
      diagnostics.error(
        "'\(key)' must be one line of text: it is written on an 'event:' line",
        at: location
      )
      return false
    }
    return true
  }

  /// `item_event: discriminator`: the item must be a union, and none of its tags may be the
  /// name of another part's event.
  private mutating func checkTagsAsEventNames(
    of stream: StreamDefinition,
    taken: [String: String],
    at location: SourceLocation
  ) {
    guard let union = unions[stream.item] else {
      if !brokenNames.contains(stream.item) {
        diagnostics.error(
          "'item_event: discriminator' names each item event by its item's tag, but the item "
            + "of stream '\(stream.name)', '\(stream.item)', is not a union ('one_of' with a "
            + "'discriminator')",
          at: location
        )
      }
      return
    }
    for member in union.members {
      if let key = taken[member.tag] {
        diagnostics.error(
          "member '\(member.model)' of union '\(union.name)' has the tag '\(member.tag)', which "
            + "is the stream's '\(key)'; with 'item_event: discriminator' its events would be "
            + "read as that part",
          at: location
        )
      }
    }
  }
}
