import Testing

@testable import StreamTypesCompiler

@Suite struct YAMLLoaderTests {
  // MARK: Helpers

  private func load(
    _ text: String,
    limits: YAMLLoadLimits = YAMLLoadLimits()
  ) -> (root: YAMLNode?, diagnostics: [String]) {
    let (root, diagnostics) = YAMLLoader.load(Array(text.utf8), file: "s.yaml", limits: limits)
    return (root, diagnostics.map(\.description))
  }

  /// A compact rendering with every node's line:column: `-[...]` is a block sequence,
  /// `[...]` a flow one, `{k: v}` a mapping.
  private func dump(_ node: YAMLNode) -> String {
    let place = "@\(node.location.line):\(node.location.column)"
    switch node.kind {
    case .scalar(let text, style: _):
      return text + place
    case .sequence(let items, let flow):
      return (flow ? "[" : "-[") + items.map(dump).joined(separator: ", ") + "]" + place
    case .mapping(let entries):
      let body = entries.map { dump($0.key) + ": " + dump($0.value) }
      return "{" + body.joined(separator: ", ") + "}" + place
    }
  }

  private func entries(_ node: YAMLNode?) -> [YAMLMappingEntry] {
    guard let node, case .mapping(let entries) = node.kind else { return [] }
    return entries
  }

  private func scalar(_ node: YAMLNode) -> (String, YAMLNode.ScalarStyle)? {
    guard case .scalar(let text, let style) = node.kind else { return nil }
    return (text, style)
  }

  // MARK: Structure

  @Test func nestedDocumentHasStructureAndLocations() throws {
    let text = """
      name: Order
      fields:
        - id: int
          tags: [a, b]
        - note: text
      meta:
        nested:
          deep: 1
      """
    let (root, diagnostics) = load(text)
    #expect(diagnostics == [])
    let node = try #require(root)
    #expect(
      dump(node)
        == "{name@1:1: Order@1:7, fields@2:1: -[{id@3:5: int@3:9, tags@4:5: "
        + "[a@4:12, b@4:15]@4:11}@3:5, {note@5:5: text@5:11}@5:5]@3:3, "
        + "meta@6:1: {nested@7:3: {deep@8:5: 1@8:11}@8:5}@7:3}@1:1"
    )
  }

  @Test func columnsCountUnicodeScalarsNotBytes() throws {
    let (root, diagnostics) = load("ké: [x]\n")
    #expect(diagnostics == [])
    #expect(dump(try #require(root)) == "{ké@1:1: [x@1:6]@1:5}@1:1")
  }

  @Test func scalarStylesAreKept() throws {
    let text = """
      a: plain
      b: 'single'
      c: "double"
      d: |
        literal
      e: >
        folded
        text
      f:
      """
    let (root, diagnostics) = load(text)
    #expect(diagnostics == [])
    let values = entries(root).compactMap { scalar($0.value) }
    #expect(values.map(\.0) == ["plain", "single", "double", "literal\n", "folded text\n", ""])
    #expect(
      values.map(\.1) == [.plain, .singleQuoted, .doubleQuoted, .literal, .folded, .plain]
    )
  }

  @Test func flowAndBlockSequencesAreTold() throws {
    let text = """
      flow: [1, [2]]
      block:
        - 1
        - - 2
      """
    let (root, diagnostics) = load(text)
    #expect(diagnostics == [])
    #expect(
      dump(try #require(root))
        == "{flow@1:1: [1@1:8, [2@1:12]@1:11]@1:7, block@2:1: -[1@3:5, -[2@4:7]@4:5]@3:3}@1:1"
    )
  }

  // MARK: Keys

  @Test func duplicateKeyIsAnErrorWithANoteAtTheFirst() {
    let text = """
      a: 1
      b:
        a: 2
        c: 3
        'c': 4
      a: 5
      """
    let (root, diagnostics) = load(text)
    #expect(
      diagnostics == [
        "s.yaml:5:3: error: duplicate key 'c'",
        "s.yaml:4:3: note: 'c' first defined here",
        "s.yaml:6:1: error: duplicate key 'a'",
        "s.yaml:1:1: note: 'a' first defined here",
      ]
    )
    // The tree stays whole, both entries in order, so the caller can check the rest.
    #expect(entries(root).compactMap { scalar($0.key)?.0 } == ["a", "b", "a"])
  }

  @Test func nonScalarKeysAreRejected() {
    let text = """
      ? [x]
      : 1
      {y: 1}: 2
      ok: 3
      """
    let (root, diagnostics) = load(text)
    #expect(
      diagnostics == [
        "s.yaml:1:3: error: mapping keys must be plain strings; this key is a sequence",
        "s.yaml:3:1: error: mapping keys must be plain strings; this key is a mapping",
      ]
    )
    #expect(entries(root).compactMap { scalar($0.key)?.0 } == ["ok"])
  }

  // MARK: Anchors and aliases

  @Test func aliasesAreExpanded() throws {
    let text = """
      base: &b
        x: 1
        y: [2]
      use: *b
      name: &n hello
      again: *n
      """
    let (root, diagnostics) = load(text)
    #expect(diagnostics == [])
    // The copy sits at the alias; the nodes inside keep where they are written.
    #expect(
      dump(try #require(root))
        == "{base@1:1: {x@2:3: 1@2:6, y@3:3: [2@3:7]@3:6}@1:7, "
        + "use@4:1: {x@2:3: 1@2:6, y@3:3: [2@3:7]@3:6}@4:6, "
        + "name@5:1: hello@5:7, again@6:1: hello@6:8}@1:1"
    )
  }

  @Test func billionLaughsIsRejectedAtTheNodeBound() {
    var lines = ["a: &a [" + Array(repeating: "\"lol\"", count: 10).joined(separator: ", ") + "]"]
    for (name, previous) in zip("bcdefghi", "abcdefgh") {
      let aliases = Array(repeating: "*\(previous)", count: 10).joined(separator: ", ")
      lines.append("\(name): &\(name) [\(aliases)]")
    }
    let result = load(lines.joined(separator: "\n"))
    // Nodes: a 13 with its key, b 112, c 1112, d 11112, then `e` and its sequence reach
    // 12351, and each *d adds 11111: the 8th *d (column 8 + 7 * 4) passes 100000.
    #expect(
      result.diagnostics == [
        "s.yaml:5:36: error: the document expands to more than 100000 nodes through aliases "
          + "(an alias bomb?); the limit is 100000 nodes"
      ]
    )
    #expect(result.root == nil)
  }

  @Test func unknownAliasIsAnError() {
    let (root, diagnostics) = load("a: 1\nb: *nothing\n")
    #expect(
      diagnostics == [
        "s.yaml:2:4: error: unknown alias '*nothing': no anchor '&nothing' comes before it"
      ]
    )
    #expect(root == nil)
  }

  @Test func aliasInsideItsOwnAnchorIsAnError() {
    let (root, diagnostics) = load("a: &x [1, *x]\n")
    #expect(
      diagnostics == [
        "s.yaml:1:11: error: the alias '*x' is inside the node anchored '&x'; "
          + "a node cannot contain itself"
      ]
    )
    #expect(root == nil)
  }

  @Test func aliasToTheLatestAnchorOfANameIsNotRecursive() throws {
    let (root, diagnostics) = load("a: &x [1, &x 2, *x]\n")
    #expect(diagnostics == [])
    #expect(dump(try #require(root)) == "{a@1:1: [1@1:8, 2@1:11, 2@1:17]@1:4}@1:1")
  }

  // MARK: Syntax errors

  @Test func tabIndentationIsReportedAtTheTab() {
    let (root, diagnostics) = load("a:\n  b: 1\n\tc: 2\n")
    #expect(
      diagnostics == [
        "s.yaml:3:1: error: tabs are not allowed in YAML indentation; indent with spaces"
      ]
    )
    #expect(root == nil)
  }

  @Test func tabAfterAByteOrderMarkIsReportedAtTheTab() {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a:\n\tb: 1\n".utf8)
    let (root, diagnostics) = YAMLLoader.load(bytes, file: "s.yaml")
    #expect(
      diagnostics.map(\.description) == [
        "s.yaml:2:1: error: tabs are not allowed in YAML indentation; indent with spaces"
      ]
    )
    #expect(root == nil)
  }

  @Test func unclosedFlowSequenceIsASyntaxError() {
    let (root, diagnostics) = load("name: x\nlist: [1, 2\nother: 3\n")
    #expect(
      diagnostics == [
        "s.yaml:3:6: error: YAML syntax error: did not find expected ',' or ']' "
          + "while parsing a flow sequence",
        "s.yaml:2:7: note: the flow sequence starts here",
      ]
    )
    #expect(root == nil)
  }

  @Test func mappingValueInAScalarIsASyntaxError() {
    let (_, diagnostics) = load("a: b\n  c: d\n")
    #expect(
      diagnostics == [
        "s.yaml:2:4: error: YAML syntax error: mapping values are not allowed in this context"
      ]
    )
  }

  @Test func secondDocumentIsAnError() throws {
    let (root, diagnostics) = load("a: 1\n---\nb: 2\n")
    #expect(
      diagnostics == [
        "s.yaml:2:1: error: a schema file holds one YAML document; "
          + "remove the '---' that starts a second one"
      ]
    )
    // The first document is whole and is returned.
    #expect(dump(try #require(root)) == "{a@1:1: 1@1:4}@1:1")
  }

  @Test func explicitSingleDocumentIsFine() throws {
    let (root, diagnostics) = load("# schema\n---\na: 1\n...\n")
    #expect(diagnostics == [])
    #expect(dump(try #require(root)) == "{a@3:1: 1@3:4}@3:1")
  }

  // MARK: Tags

  @Test func strTagMakesAScalarAString() throws {
    let (root, diagnostics) = load("a: !!str 1\nb: !!str 'x'\n")
    #expect(diagnostics == [])
    let values = entries(root).compactMap { scalar($0.value) }
    #expect(values.map(\.0) == ["1", "x"])
    #expect(values.map(\.1) == [.doubleQuoted, .singleQuoted])
  }

  @Test func otherTagsAreErrors() {
    let text = """
      a: !foo x
      b: !!int 3
      c: !!map {x: 1}
      d: !!str [1]
      """
    let (root, diagnostics) = load(text)
    #expect(
      diagnostics == [
        "s.yaml:1:4: error: YAML tags are not supported (only '!!str' on a scalar); "
          + "remove '!foo'",
        "s.yaml:2:4: error: YAML tags are not supported (only '!!str' on a scalar); "
          + "remove '!!int'",
        "s.yaml:3:4: error: YAML tags are not supported (only '!!str' on a scalar); "
          + "remove '!!map'",
        "s.yaml:4:4: error: YAML tags are not supported (only '!!str' on a scalar); "
          + "remove '!!str'",
      ]
    )
    #expect(entries(root).count == 4)
  }

  // MARK: Limits

  @Test func deepNestingIsRejectedWithoutCrashing() {
    let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    let (root, diagnostics) = load(text)
    #expect(
      diagnostics == [
        "s.yaml:1:129: error: the document nests more than 128 levels deep; "
          + "the limit is 128 levels"
      ]
    )
    #expect(root == nil)
  }

  @Test func nestingAtTheDepthLimitIsFine() throws {
    let text = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
    let (root, diagnostics) = load(text)
    #expect(diagnostics == [])
    #expect(root != nil)
  }

  @Test func aliasCannotNestPastTheDepthLimit() {
    let limits = YAMLLoadLimits(maxDepth: 4)
    let (root, diagnostics) = load("a: &a [[1]]\nb: [*a]\nc: [[*a]]\n", limits: limits)
    #expect(
      diagnostics == [
        "s.yaml:3:6: error: the alias '*a' makes the document nest more than 4 levels deep; "
          + "the limit is 4 levels"
      ]
    )
    #expect(root == nil)
  }

  @Test func tooManyNodesWithoutAliasesIsAnError() {
    let (root, diagnostics) = load("[1, 2, 3, 4]", limits: YAMLLoadLimits(maxNodes: 4))
    #expect(
      diagnostics == [
        "s.yaml:1:11: error: the document has more than 4 nodes; the limit is 4 nodes"
      ]
    )
    #expect(root == nil)
  }

  @Test func fileOverTheSizeLimitIsRejectedAtTheStart() {
    let (root, diagnostics) = load("a: [1, 2, 3]\n", limits: YAMLLoadLimits(maxFileBytes: 12))
    #expect(
      diagnostics == ["s.yaml:1:1: error: the file is 13 bytes, more than the limit of 12 bytes"]
    )
    #expect(root == nil)
  }

  // MARK: Empty and undecodable input

  @Test(arguments: ["", "   \n\n", "# only\n# comments\n", "---\n", "--- # empty\n...\n"])
  func emptyDocumentHasNoRoot(text: String) {
    let (root, diagnostics) = load(text)
    #expect(root == nil)
    #expect(diagnostics == [])
  }

  @Test func invalidUTF8IsReportedAtTheByte() {
    let bytes = Array("a: 1\nbé: ".utf8) + [0xFF] + Array(" x\n".utf8)
    let (root, diagnostics) = YAMLLoader.load(bytes, file: "s.yaml")
    #expect(
      diagnostics.map(\.description) == [
        "s.yaml:2:5: error: the file is not valid UTF-8: byte 0xFF cannot start a character; "
          + "save the file as UTF-8"
      ]
    )
    #expect(root == nil)
  }

  @Test func invalidUTF8AfterWindowsLineEndsIsLocatedLikeLibyaml() {
    // A CRLF is one line break, as in libyaml's own marks.
    let bytes = Array("a: 1\r\nb: 2\r\n\r".utf8) + [0xFE]
    let (_, diagnostics) = YAMLLoader.load(bytes, file: "s.yaml")
    #expect(
      diagnostics.map(\.description) == [
        "s.yaml:4:1: error: the file is not valid UTF-8: byte 0xFE cannot start a character; "
          + "save the file as UTF-8"
      ]
    )
  }

  @Test func truncatedUTF8IsReported() {
    let bytes = Array("a: ".utf8) + [0xC3]
    let (_, diagnostics) = YAMLLoader.load(bytes, file: "s.yaml")
    #expect(
      diagnostics.map(\.description) == [
        "s.yaml:1:4: error: the file is not valid UTF-8: it ends inside a character; "
          + "save the file as UTF-8"
      ]
    )
  }

  @Test func nulByteIsReported() {
    let bytes = Array("a: 1\nb: x".utf8) + [0] + Array("y\n".utf8)
    let (root, diagnostics) = YAMLLoader.load(bytes, file: "s.yaml")
    #expect(
      diagnostics.map(\.description) == [
        "s.yaml:2:5: error: the file contains the control character U+0000, "
          + "which YAML does not allow"
      ]
    )
    #expect(root == nil)
  }

  @Test func utf16WithAByteOrderMarkIsRead() throws {
    let bytes: [UInt8] =
      [0xFF, 0xFE] + "é: [1]\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let (root, diagnostics) = YAMLLoader.load(bytes, file: "s.yaml")
    #expect(diagnostics == [])
    #expect(dump(try #require(root)) == "{é@1:1: [1@1:5]@1:4}@1:1")
  }

  @Test func utf16ErrorIsLocated() {
    let bytes: [UInt8] =
      [0xFF, 0xFE] + "a: 1\nb: x".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
      + [0x01, 0x00]
    let (_, diagnostics) = YAMLLoader.load(bytes, file: "s.yaml")
    #expect(
      diagnostics.map(\.description) == [
        "s.yaml:2:5: error: the file contains the control character U+0001, "
          + "which YAML does not allow"
      ]
    )
  }
}
