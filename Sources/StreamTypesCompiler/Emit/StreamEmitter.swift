/// Streams: a caseless enum per stream that conforms to the runtime's stream schema
/// protocols, only those of the parts it declares, so the reader and writer offer exactly
/// those parts.
extension SwiftEmitter {
  /// The members a stream's enum declares; a part type of the same name would be hidden by
  /// them inside the enum, so it is reached through a file-level alias instead.
  static let streamMemberNames: Set<String> = ["Header", "Item", "Footer", "Reader", "Writer"]

  func emitStream(_ stream: StreamDefinition, into out: inout SourceWriter) {
    let parts = [("Header", stream.header), ("Item", stream.item), ("Footer", stream.footer)]
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
    if conformances.isEmpty { conformances.append("StreamTypes.StreamSchema") }
    // A stream named like one of its members refers to itself as `Self` inside.
    let selfName = Self.streamMemberNames.contains(stream.name) ? "Self" : stream.name
    out.block("\(modifier)enum \(stream.name): \(conformances.joined(separator: ", "))") { out in
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
      ].compactMap { $0 }
      out.line("/// Writes the stream as bytes: \(writes.joined(separator: ", ")).")
      out.line("\(modifier)typealias Writer = StreamTypes.StreamWriter<\(selfName)>")
      out.line("")
      out.line("\(modifier)static var name: Swift.String { \(SwiftLiteral.string(stream.name)) }")
    }
  }
}
