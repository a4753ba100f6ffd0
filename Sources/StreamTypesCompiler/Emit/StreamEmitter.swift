import StreamTypes

/// Streams: a caseless enum per stream that conforms to the runtime's stream schema
/// protocols, only those of the parts it declares, so the reader and writer offer exactly
/// those parts.
extension SwiftEmitter {
  /// The members a stream's enum declares; a part type of the same name would be hidden by
  /// them inside the enum, so it is reached through a file-level alias instead.
  static let streamMemberNames: Set<String> = [
    "Header", "Item", "Footer", "ErrorPart", "Reader", "Writer",
  ]

  func emitStream(_ stream: StreamDefinition, into out: inout SourceWriter) {
    let parts = [
      ("Header", stream.header), ("Item", stream.item), ("Footer", stream.footer),
      ("ErrorPart", stream.error),
    ]
    .compactMap { role, type in type.map { (role: role, type: $0) } }
    // `typealias Item = Item` inside the enum would name itself.
    var partTypes: [String: String] = [:]
    for part in parts {
      guard Self.streamMemberNames.contains(part.type) else {
        partTypes[part.role] = part.type
        continue
      }
      let alias = "_\(stream.name)\(part.role)"
      out.line("\(modifier)typealias \(alias) = \(part.type)")
      out.line("")
      partTypes[part.role] = alias
    }
    out.documentation(stream.description)
    var conformances: [String] = []
    if stream.header != nil { conformances.append("StreamTypes.StreamSchemaWithHeader") }
    if stream.footer != nil { conformances.append("StreamTypes.StreamSchemaWithFooter") }
    if stream.error != nil { conformances.append("StreamTypes.StreamSchemaWithError") }
    if conformances.isEmpty { conformances.append("StreamTypes.StreamSchema") }
    // A stream named like one of its members refers to itself as `Self` inside.
    let selfName = Self.streamMemberNames.contains(stream.name) ? "Self" : stream.name
    // Conformances that would take the declaration past 100 columns go in extensions.
    var declaration = "\(modifier)enum \(stream.name): \(conformances.removeFirst())"
    while let next = conformances.first, declaration.count + next.count + 4 <= 100 {
      declaration += ", " + conformances.removeFirst()
    }
    defer {
      for conformance in conformances {
        out.line("")
        out.line("extension \(stream.name): \(conformance) {}")
      }
    }
    out.block(declaration) { out in
      for part in parts {
        out.line("\(modifier)typealias \(part.role) = \(partTypes[part.role]!)")
      }
      let reads = [
        stream.header.map { _ in "`readHeader()`" }, "`readItems()`",
        stream.footer.map { _ in "`readFooter()`" },
      ].compactMap { $0 }
      out.line("")
      out.line("/// Reads the stream from bytes: \(reads.joined(separator: ", ")) or `events()`.")
      out.line("\(modifier)typealias Reader = StreamTypes.StreamReader<\(selfName)>")
      let writes = [
        stream.header.map { _ in "`yieldHeader(_:)`" }, "`yieldItem(_:)`",
        stream.footer.map { _ in "`yieldFooter(_:)`" },
        stream.error.map { _ in "`yieldError(_:)`" },
      ].compactMap { $0 }
      out.line("/// Writes the stream as bytes: \(writes.joined(separator: ", ")).")
      out.line("\(modifier)typealias Writer = StreamTypes.StreamWriter<\(selfName)>")
      out.line("")
      out.line("\(modifier)static var name: Swift.String { \(SwiftLiteral.string(stream.name)) }")
      if stream.sse != .standard { emitSSE(stream.sse, into: &out) }
    }
  }

  /// The stream's `sse` section, as the runtime's conventions: only what differs from the
  /// standard names.
  private func emitSSE(_ sse: SSEConventions, into out: inout SourceWriter) {
    let standard = SSEConventions.standard
    var arguments: [String] = []
    if sse.headerEvent != standard.headerEvent {
      arguments.append("headerEvent: \(SwiftLiteral.string(sse.headerEvent))")
    }
    switch sse.itemEvent {
    case .discriminator: arguments.append("itemEvent: .discriminator")
    case .named(let name) where sse.itemEvent != standard.itemEvent:
      arguments.append("itemEvent: .named(\(SwiftLiteral.string(name)))")
    case .named: break
    }
    if sse.footerEvent != standard.footerEvent {
      arguments.append("footerEvent: \(SwiftLiteral.string(sse.footerEvent))")
    }
    if sse.errorEvent != standard.errorEvent {
      arguments.append("errorEvent: \(SwiftLiteral.string(sse.errorEvent))")
    }
    if let doneData = sse.doneData {
      arguments.append("doneData: \(SwiftLiteral.string(doneData))")
    }
    out.line("")
    out.line("/// The stream's server-sent events conventions (its schema's `sse` section).")
    out.line("\(modifier)static let sse = StreamTypes.SSEConventions(")
    out.indented { out in
      for (index, argument) in arguments.enumerated() {
        out.line(argument + (index < arguments.count - 1 ? "," : ""))
      }
    }
    out.line(")")
  }
}
