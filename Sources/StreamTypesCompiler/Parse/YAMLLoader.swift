import CYAML

/// Bounds that keep a hostile or broken schema file from exhausting memory or time.
public struct YAMLLoadLimits: Sendable {
  /// The largest file the loader reads, in bytes. A bigger file is rejected before parsing.
  public var maxFileBytes: Int
  /// The most nodes the document may have once every alias is expanded. This bounds
  /// "billion laughs" documents, where a few nested aliases expand exponentially.
  public var maxNodes: Int
  /// The most bytes of scalar text the document may hold once every alias is expanded.
  /// This bounds a long string anchored once and aliased many times, which stays under
  /// `maxNodes` but would make the generated code and the memory it takes grow by the
  /// length times the aliases.
  public var maxExpandedBytes: Int
  /// The deepest nesting of sequences and mappings, aliases expanded. Consumers of the
  /// tree may recurse on it, and a deep tree is released recursively.
  public var maxDepth: Int

  /// Creates limits; the defaults are far above any real schema.
  public init(
    maxFileBytes: Int = 4 << 20,
    maxNodes: Int = 100_000,
    maxExpandedBytes: Int = 16 << 20,
    maxDepth: Int = 128
  ) {
    self.maxFileBytes = maxFileBytes
    self.maxNodes = maxNodes
    self.maxExpandedBytes = maxExpandedBytes
    self.maxDepth = maxDepth
  }
}

/// Reads a schema file's YAML into a ``YAMLNode`` tree with source locations, over libyaml.
public enum YAMLLoader {
  /// Parses one YAML document.
  ///
  /// Every problem is reported as a ``Diagnostic`` in `file` with a 1-based line and a
  /// column that counts Unicode scalars. Aliases are expanded within `limits`.
  ///
  /// - Parameters:
  ///   - bytes: The file's contents: UTF-8, or UTF-16 with a byte order mark.
  ///   - file: The path to report in diagnostics.
  ///   - limits: Bounds on the file size, the expanded node count and the nesting depth.
  /// - Returns: The root node and the diagnostics. The root is nil when the input holds no
  ///   document (empty, only comments, or a bare `---`) or when an error stopped the loader
  ///   before the tree was whole (a syntax error, an exceeded limit, an unknown alias).
  ///   Errors that leave the tree whole (duplicate keys, tags, non-string keys, a second
  ///   document) still return it, so the caller can report more errors in the same run.
  public static func load(
    _ bytes: [UInt8],
    file: String,
    limits: YAMLLoadLimits = YAMLLoadLimits()
  ) -> (root: YAMLNode?, diagnostics: [Diagnostic]) {
    if bytes.count > limits.maxFileBytes {
      let message =
        "the file is \(bytes.count) bytes, more than the limit of \(limits.maxFileBytes) bytes"
      return (
        nil, [Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1), message)]
      )
    }
    if bytes.isEmpty {
      return (nil, [])
    }

    // On the heap: libyaml keeps a pointer to the parser inside the parser (its read
    // handler's data), so the struct must not move between calls.
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    defer { parser.deallocate() }
    guard yaml_parser_initialize(parser) != 0 else {
      let start = SourceLocation(file: file, line: 1, column: 1)
      return (nil, [Diagnostic(.error, at: start, "the YAML parser ran out of memory")])
    }
    defer { yaml_parser_delete(parser) }

    var builder = TreeBuilder(file: file, limits: limits)
    bytes.withUnsafeBufferPointer { input in
      yaml_parser_set_input_string(parser, input.baseAddress, input.count)
      var event = yaml_event_t()
      while true {
        guard yaml_parser_parse(parser, &event) != 0 else {
          builder.reportParserError(parser.pointee, input: bytes)
          break
        }
        let goOn = builder.handle(event)
        yaml_event_delete(&event)
        if !goOn { break }
      }
    }
    return builder.result
  }
}

// MARK: - Building the tree

/// Turns libyaml's events into a tree with an explicit stack of open collections, so the
/// nesting of the input never becomes recursion in the loader.
private struct TreeBuilder {
  /// A sequence or mapping whose end event has not come yet.
  struct Frame {
    var isMapping: Bool
    var flow: Bool
    var location: SourceLocation
    var anchor: String?
    /// The node count before this collection, so its expanded size is known at its end.
    var nodeCountBefore: Int
    /// The scalar bytes before this collection, so its expanded bytes are known at its end.
    var byteCountBefore: Int
    /// 1 + the height of the tallest child: what an alias to it adds to the depth.
    var height = 1
    var items: [YAMLNode] = []
    var entries: [YAMLMappingEntry] = []
    /// The key waiting for its value; nil when the next node is a key.
    var pendingKey: YAMLNode?
    /// False when the pending key was rejected, so its entry is dropped.
    var pendingKeyIsValid = true
    /// Where each key text first appears, to report duplicates.
    var firstKeyLocations: [String: SourceLocation] = [:]
  }

  /// What an anchor names. A collection is `open` until its end, and an alias to it
  /// then would make the tree infinite.
  enum Anchored {
    case open
    case complete(YAMLNode, size: Int, bytes: Int, height: Int)
  }

  let file: String
  let limits: YAMLLoadLimits
  var diagnostics: [Diagnostic] = []
  var stack: [Frame] = []
  var anchors: [String: Anchored] = [:]
  /// Nodes so far, each alias counted as the size of what it expands to.
  var nodeCount = 0
  /// Bytes of scalar text so far, each alias counted as the bytes of what it expands to.
  var byteCount = 0
  var documentCount = 0
  var root: YAMLNode?
  /// Set by an error that leaves the tree incomplete.
  var failed = false

  init(file: String, limits: YAMLLoadLimits) {
    self.file = file
    self.limits = limits
  }

  var result: (root: YAMLNode?, diagnostics: [Diagnostic]) {
    guard !failed, let root else { return (nil, diagnostics) }
    // libyaml reads a bare `---` as an empty plain scalar; that is an empty document.
    if case .scalar("", style: .plain) = root.kind {
      return (nil, diagnostics)
    }
    return (root, diagnostics)
  }

  func location(_ mark: yaml_mark_t) -> SourceLocation {
    SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
  }

  mutating func error(_ message: String, at location: SourceLocation) {
    diagnostics.append(Diagnostic(.error, at: location, message))
  }

  /// Reports an error that leaves the tree incomplete; returns false to stop the loop.
  mutating func fail(_ message: String, at location: SourceLocation) -> Bool {
    error(message, at: location)
    failed = true
    return false
  }

  /// Handles one event; returns false when loading must stop.
  mutating func handle(_ event: yaml_event_t) -> Bool {
    let here = location(event.start_mark)
    switch event.type {
    case YAML_DOCUMENT_START_EVENT:
      documentCount += 1
      if documentCount > 1 {
        // libyaml only starts a document after another one at an explicit `---`.
        error(
          "a schema file holds one YAML document; remove the '---' that starts a second one",
          at: here
        )
        return false
      }
      return true
    case YAML_STREAM_END_EVENT:
      return false
    case YAML_ALIAS_EVENT:
      return handleAlias(name: string(event.data.alias.anchor), at: here)
    case YAML_SCALAR_EVENT:
      return handleScalar(event, at: here)
    case YAML_SEQUENCE_START_EVENT:
      let start = event.data.sequence_start
      return openCollection(
        isMapping: false,
        flow: start.style == YAML_FLOW_SEQUENCE_STYLE,
        anchor: start.anchor.map(string),
        tag: start.tag.map(string),
        at: here
      )
    case YAML_MAPPING_START_EVENT:
      let start = event.data.mapping_start
      return openCollection(
        isMapping: true,
        flow: start.style == YAML_FLOW_MAPPING_STYLE,
        anchor: start.anchor.map(string),
        tag: start.tag.map(string),
        at: here
      )
    case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
      closeCollection()
      return true
    default:
      // Stream start and document end carry nothing the tree needs.
      return true
    }
  }

  func string(_ pointer: UnsafeMutablePointer<yaml_char_t>) -> String {
    String(cString: pointer)
  }

  /// Counts one node written in the document (not through an alias).
  mutating func countNode(at here: SourceLocation) -> Bool {
    guard nodeCount < limits.maxNodes else {
      return fail(
        "the document has more than \(limits.maxNodes) nodes; "
          + "the limit is \(limits.maxNodes) nodes",
        at: here
      )
    }
    nodeCount += 1
    return true
  }

  mutating func handleScalar(_ event: yaml_event_t, at here: SourceLocation) -> Bool {
    guard countNode(at: here) else { return false }
    let scalar = event.data.scalar
    let value = String(
      decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length),
      as: UTF8.self
    )
    var style: YAMLNode.ScalarStyle =
      switch scalar.style {
      case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
      case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
      case YAML_LITERAL_SCALAR_STYLE: .literal
      case YAML_FOLDED_SCALAR_STYLE: .folded
      default: .plain
      }
    if let tag = scalar.tag.map(string) {
      if tag == Self.stringTag {
        // `!!str 1` is the string "1": a quoted style is how the tree says "not a number".
        if style == .plain { style = .doubleQuoted }
      } else {
        reportTag(tag, at: here)
      }
    }
    let node = YAMLNode(.scalar(value, style: style), at: here)
    // Written in the file, which is at most `maxFileBytes`: only aliases can go past the
    // bound, and they are checked.
    byteCount += scalar.length
    if let anchor = scalar.anchor.map(string) {
      anchors[anchor] = .complete(node, size: 1, bytes: scalar.length, height: 0)
    }
    attach(node, height: 0)
    return true
  }

  static let stringTag = "tag:yaml.org,2002:str"

  mutating func reportTag(_ tag: String, at here: SourceLocation) {
    // Show the tag as written: libyaml resolves `!!x` to the long form.
    let prefix = "tag:yaml.org,2002:"
    let written = tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    error(
      "YAML tags are not supported (only '!!str' on a scalar); remove '\(written)'",
      at: here
    )
  }

  mutating func handleAlias(name: String, at here: SourceLocation) -> Bool {
    switch anchors[name] {
    case nil:
      return fail("unknown alias '*\(name)': no anchor '&\(name)' comes before it", at: here)
    case .open:
      return fail(
        "the alias '*\(name)' is inside the node anchored '&\(name)'; "
          + "a node cannot contain itself",
        at: here
      )
    case .complete(var node, let size, let bytes, let height):
      // The check comes before the copy, so an alias bomb is never materialized.
      guard nodeCount <= limits.maxNodes - size else {
        return fail(
          "the document expands to more than \(limits.maxNodes) nodes through aliases "
            + "(an alias bomb?); the limit is \(limits.maxNodes) nodes",
          at: here
        )
      }
      guard byteCount <= limits.maxExpandedBytes - bytes else {
        return fail(
          "the alias '*\(name)' expands the document to more than \(limits.maxExpandedBytes) "
            + "bytes of text (an alias bomb?); the limit is \(limits.maxExpandedBytes) bytes",
          at: here
        )
      }
      guard stack.count + height <= limits.maxDepth else {
        return fail(
          "the alias '*\(name)' makes the document nest more than \(limits.maxDepth) "
            + "levels deep; the limit is \(limits.maxDepth) levels",
          at: here
        )
      }
      nodeCount += size
      byteCount += bytes
      // The copy's own location is the alias, so a finding about the value points at its
      // use; the nodes inside keep the places where they are written.
      node.location = here
      attach(node, height: height)
      return true
    }
  }

  mutating func openCollection(
    isMapping: Bool,
    flow: Bool,
    anchor: String?,
    tag: String?,
    at here: SourceLocation
  ) -> Bool {
    guard stack.count < limits.maxDepth else {
      return fail(
        "the document nests more than \(limits.maxDepth) levels deep; "
          + "the limit is \(limits.maxDepth) levels",
        at: here
      )
    }
    guard countNode(at: here) else { return false }
    if let tag {
      reportTag(tag, at: here)
    }
    if let anchor {
      anchors[anchor] = .open
    }
    stack.append(
      Frame(
        isMapping: isMapping,
        flow: flow,
        location: here,
        anchor: anchor,
        nodeCountBefore: nodeCount - 1,
        byteCountBefore: byteCount
      )
    )
    return true
  }

  mutating func closeCollection() {
    guard let frame = stack.popLast() else { return }
    let kind: YAMLNode.Kind =
      frame.isMapping ? .mapping(frame.entries) : .sequence(frame.items, flow: frame.flow)
    let node = YAMLNode(kind, at: frame.location)
    if let anchor = frame.anchor {
      anchors[anchor] = .complete(
        node,
        size: nodeCount - frame.nodeCountBefore,
        bytes: byteCount - frame.byteCountBefore,
        height: frame.height
      )
    }
    attach(node, height: frame.height)
  }

  /// Adds a finished node to the open collection, or makes it the root.
  mutating func attach(_ node: YAMLNode, height: Int) {
    guard !stack.isEmpty else {
      root = node
      return
    }
    let top = stack.count - 1
    stack[top].height = max(stack[top].height, height + 1)
    guard stack[top].isMapping else {
      stack[top].items.append(node)
      return
    }
    guard let key = stack[top].pendingKey else {
      stack[top].pendingKey = node
      stack[top].pendingKeyIsValid = checkKey(node)
      return
    }
    if stack[top].pendingKeyIsValid {
      stack[top].entries.append(YAMLMappingEntry(key: key, value: node))
    }
    stack[top].pendingKey = nil
  }

  /// Reports a key that is not a scalar or repeats one; returns false to drop its entry.
  mutating func checkKey(_ key: YAMLNode) -> Bool {
    let top = stack.count - 1
    switch key.kind {
    case .scalar(let text, style: _):
      if let first = stack[top].firstKeyLocations[text] {
        // Both entries stay, in order; the duplicate is an error the caller sees.
        error("duplicate key '\(text)'", at: key.location)
        diagnostics.append(Diagnostic(.note, at: first, "'\(text)' first defined here"))
      } else {
        stack[top].firstKeyLocations[text] = key.location
      }
      return true
    case .sequence:
      error("mapping keys must be plain strings; this key is a sequence", at: key.location)
      return false
    case .mapping:
      error("mapping keys must be plain strings; this key is a mapping", at: key.location)
      return false
    }
  }

  // MARK: Parser errors

  mutating func reportParserError(_ parser: yaml_parser_t, input: [UInt8]) {
    failed = true
    let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
    switch parser.error {
    case YAML_MEMORY_ERROR:
      error("the YAML parser ran out of memory", at: SourceLocation(file: file, line: 1, column: 1))
    case YAML_READER_ERROR:
      // The reader decodes ahead of the scanner, so its error has a byte offset, no mark.
      let (line, column) = InputText(input).lineAndColumn(ofByteOffset: parser.problem_offset)
      error(
        Self.readerMessage(problem: problem, value: parser.problem_value),
        at: SourceLocation(file: file, line: line, column: column)
      )
    default:
      let here = location(parser.problem_mark)
      if problem.contains("tab")
        || InputText(input).scalar(atIndex: parser.problem_mark.index) == "\t"
      {
        error("tabs are not allowed in YAML indentation; indent with spaces", at: here)
        return
      }
      let context = parser.context.map { String(cString: $0) }
      error(
        "YAML syntax error: " + [problem, context].compactMap { $0 }.joined(separator: " "),
        at: here
      )
      if let context, let thing = Self.thing(ofContext: context) {
        let start = location(parser.context_mark)
        if start != here {
          diagnostics.append(Diagnostic(.note, at: start, "the \(thing) starts here"))
        }
      }
    }
  }

  /// "while parsing a flow sequence" → "flow sequence"; nil when the context names no
  /// construct ("while scanning for the next token").
  static func thing(ofContext context: String) -> String? {
    for lead in ["while parsing ", "while scanning "] where context.hasPrefix(lead) {
      var rest = Substring(context.dropFirst(lead.count))
      for article in ["a ", "an "] where rest.hasPrefix(article) {
        rest = rest.dropFirst(article.count)
      }
      return rest.hasPrefix("for ") ? nil : String(rest)
    }
    return nil
  }

  /// Rewords libyaml's decoding errors for someone who has to fix the file.
  static func readerMessage(problem: String, value: Int32) -> String {
    let byte = "0x" + hex(value, digits: 2)
    switch problem {
    case "invalid leading UTF-8 octet":
      return "the file is not valid UTF-8: byte \(byte) cannot start a character; "
        + "save the file as UTF-8"
    case "invalid trailing UTF-8 octet":
      return "the file is not valid UTF-8: byte \(byte) cannot continue a character; "
        + "save the file as UTF-8"
    case "incomplete UTF-8 octet sequence":
      return "the file is not valid UTF-8: it ends inside a character; save the file as UTF-8"
    case "invalid Unicode character":
      return "the file is not valid UTF-8: it encodes U+\(hex(value, digits: 4)), "
        + "which is not a Unicode character"
    case "control characters are not allowed":
      return "the file contains the control character U+\(hex(value, digits: 4)), "
        + "which YAML does not allow"
    default:
      let encoding = problem.contains("UTF-16") || problem.contains("surrogate") ? "16" : "8"
      return "the file is not valid UTF-\(encoding): \(problem)"
    }
  }

  static func hex(_ value: Int32, digits: Int) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
  }
}

/// The input decoded as libyaml decodes it, to turn its error positions into places.
private struct InputText {
  let scalars: String.UnicodeScalarView
  /// The input as libyaml counts it: the byte order mark is not a character.
  let bomLength: Int
  let isUTF16: Bool
  let input: [UInt8]

  init(_ input: [UInt8]) {
    self.input = input
    if input.starts(with: [0xFF, 0xFE]) || input.starts(with: [0xFE, 0xFF]) {
      isUTF16 = true
      bomLength = 2
    } else {
      isUTF16 = false
      bomLength = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }
    scalars = Self.decode(input, from: bomLength, to: input.count, utf16: isUTF16)
  }

  static func decode(
    _ input: [UInt8],
    from start: Int,
    to end: Int,
    utf16: Bool
  )
    -> String.UnicodeScalarView
  {
    guard start < end else { return "".unicodeScalars }
    guard utf16 else {
      return String(decoding: input[start..<end], as: UTF8.self).unicodeScalars
    }
    let littleEndian = input[0] == 0xFF
    let units = stride(from: start, to: end - 1, by: 2).map { index in
      let (low, high) =
        littleEndian ? (input[index], input[index + 1]) : (input[index + 1], input[index])
      return UInt16(high) << 8 | UInt16(low)
    }
    return String(decoding: units, as: UTF16.self).unicodeScalars
  }

  /// libyaml's mark index counts characters after the byte order mark.
  func scalar(atIndex index: Int) -> Unicode.Scalar? {
    scalars.dropFirst(index).first
  }

  /// The 1-based line and column of a byte offset, breaking lines where libyaml does.
  func lineAndColumn(ofByteOffset offset: Int) -> (line: Int, column: Int) {
    let prefix = Self.decode(input, from: bomLength, to: min(offset, input.count), utf16: isUTF16)
    var line = 1
    var column = 1
    var afterCarriageReturn = false
    for scalar in prefix {
      switch scalar {
      case "\n" where afterCarriageReturn:
        break
      case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}":
        line += 1
        column = 1
      default:
        column += 1
      }
      afterCarriageReturn = scalar == "\r"
    }
    return (line, column)
  }
}
