/// Why a `pattern` cannot be compiled, with the offset (in Unicode scalars) where the problem
/// starts.
public struct PatternError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Equatable, Sendable {
    /// Not a regular expression: a missing `)`, a quantifier with nothing to repeat...
    case syntax
    /// Backreferences, lookahead and lookbehind: they need a backtracking engine.
    case needsBacktracking
    /// Valid ECMA-262 that this engine does not support (`\p{..}`, inline flags).
    case unsupported
    /// The compiled program would exceed ``StringPattern/maxInstructions``.
    case tooLarge
  }

  public var kind: Kind
  /// The problem, e.g. "missing ')' for the group opened at offset 0".
  public var message: String
  /// Where the problem starts, in Unicode scalars from the start of the pattern.
  public var offset: Int

  /// A phrase that follows "'pattern' " in a diagnostic.
  public var description: String {
    switch kind {
    case .syntax: "is not a valid regular expression: \(message) (at offset \(offset))"
    case .needsBacktracking:
      "uses \(message) (at offset \(offset)), which needs a backtracking engine; patterns are "
        + "matched in linear time, without backreferences, lookahead or lookbehind"
    case .unsupported: "uses \(message) (at offset \(offset)), which is not supported"
    case .tooLarge: "is too large: \(message)"
    }
  }
}

/// A zero-width test between two scalars.
enum PatternAssertion: Hashable, Sendable {
  case start, end, wordBoundary, notWordBoundary
}

/// A set of Unicode scalar values, as sorted, disjoint, non-adjacent closed ranges.
struct ScalarSet: Hashable, Sendable {
  private(set) var ranges: [ClosedRange<UInt32>]

  init(_ ranges: [ClosedRange<UInt32>]) {
    var merged: [ClosedRange<UInt32>] = []
    for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
        merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
      } else {
        merged.append(range)
      }
    }
    self.ranges = merged
  }

  static let maxScalar: UInt32 = 0x10_FFFF

  func union(_ other: ScalarSet) -> ScalarSet { ScalarSet(ranges + other.ranges) }

  var inverted: ScalarSet {
    var result: [ClosedRange<UInt32>] = []
    var next: UInt32 = 0
    for range in ranges {
      if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
      next = range.upperBound + 1
    }
    if next <= Self.maxScalar { result.append(next...Self.maxScalar) }
    return ScalarSet(result)
  }

  func contains(_ value: UInt32) -> Bool {
    var low = 0
    var high = ranges.count
    while low < high {
      let middle = (low + high) / 2
      if value > ranges[middle].upperBound {
        low = middle + 1
      } else if value < ranges[middle].lowerBound {
        high = middle
      } else {
        return true
      }
    }
    return false
  }

  static let digit = ScalarSet([0x30...0x39])
  static let word = ScalarSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
  /// ECMA-262 WhiteSpace and LineTerminator.
  static let space = ScalarSet([
    0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029,
    0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
  ])
  /// What `.` matches: anything but a line terminator.
  static let dot = ScalarSet([0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029]).inverted
}

/// A parsed pattern.
indirect enum PatternNode: Sendable {
  case empty
  case scalar(UInt32)
  case set(ScalarSet)
  case assertion(PatternAssertion)
  case concatenation([PatternNode])
  case alternation([PatternNode])
  /// `max == nil` repeats without bound.
  case repetition(PatternNode, min: Int, max: Int?)
}

/// A recursive-descent parser for the ECMA-262 subset described on ``StringPattern``.
struct PatternParser {
  /// The largest count in `{n}`, `{n,}` and `{n,m}`.
  static let maxRepetition = 1000
  /// The deepest nesting of groups.
  static let maxDepth = 100

  private let scalars: [Unicode.Scalar]
  private var position = 0
  private var depth = 0
  private var groupNames: Set<String> = []

  init(_ source: String) {
    scalars = Array(source.unicodeScalars)
  }

  static func parse(_ source: String) throws(PatternError) -> PatternNode {
    var parser = PatternParser(source)
    let node = try parser.parseAlternation()
    if parser.position < parser.scalars.count {
      // Only an unmatched ')' stops the top-level alternation.
      throw parser.error("unmatched ')'", at: parser.position)
    }
    return node
  }

  private func error(
    _ message: String,
    at offset: Int,
    _ kind: PatternError.Kind = .syntax
  ) -> PatternError {
    PatternError(kind: kind, message: message, offset: offset)
  }

  private var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

  private func peek(_ ahead: Int) -> Unicode.Scalar? {
    position + ahead < scalars.count ? scalars[position + ahead] : nil
  }

  private mutating func parseAlternation() throws(PatternError) -> PatternNode {
    var branches = [try parseConcatenation()]
    while peek == "|" {
      position += 1
      branches.append(try parseConcatenation())
    }
    return branches.count == 1 ? branches[0] : .alternation(branches)
  }

  private mutating func parseConcatenation() throws(PatternError) -> PatternNode {
    var items: [PatternNode] = []
    while let scalar = peek, scalar != "|", scalar != ")" {
      let start = position
      let (atom, repeatable) = try parseAtom()
      guard let (min, max) = try parseQuantifier() else {
        items.append(atom)
        continue
      }
      guard repeatable else {
        throw error("a quantifier after an assertion, which has nothing to repeat", at: start)
      }
      if peek == "?" { position += 1 }  // Lazy: the same verdict as greedy.
      if quantifierFollows() {
        throw error(
          "a quantifier right after another; wrap the first in a group (?:...)",
          at: position
        )
      }
      items.append(.repetition(atom, min: min, max: max))
    }
    switch items.count {
    case 0: return .empty
    case 1: return items[0]
    default: return .concatenation(items)
    }
  }

  /// Whether a quantifier starts at `position` (a `{` must have the form of one).
  private func quantifierFollows() -> Bool {
    guard let scalar = peek else { return false }
    if scalar != "{" { return "*+?".unicodeScalars.contains(scalar) }
    var copy = self
    return (try? copy.parseQuantifier()) != nil
  }

  /// `*`, `+`, `?`, `{n}`, `{n,}` or `{n,m}`, or nil.
  private mutating func parseQuantifier() throws(PatternError) -> (Int, Int?)? {
    switch peek {
    case "*":
      position += 1
      return (0, nil)
    case "+":
      position += 1
      return (1, nil)
    case "?":
      position += 1
      return (0, 1)
    case "{":
      let start = position
      position += 1
      guard let min = parseCount() else {
        throw error(
          "'{' must start a repetition {n}, {n,} or {n,m}; write '\\{' for a brace",
          at: start
        )
      }
      var max: Int? = min
      if peek == "," {
        position += 1
        max = peek == "}" ? nil : parseCount()
        if max == nil && peek != "}" {
          throw error(
            "'{' must start a repetition {n}, {n,} or {n,m}; write '\\{' for a brace",
            at: start
          )
        }
      }
      guard peek == "}" else {
        throw error(
          "'{' must start a repetition {n}, {n,} or {n,m}; write '\\{' for a brace",
          at: start
        )
      }
      position += 1
      for count in [min, max ?? 0] where count > Self.maxRepetition {
        throw error(
          "the repetition count \(count) (at offset \(start)) is above \(Self.maxRepetition)",
          at: start,
          .tooLarge
        )
      }
      if let max, max < min {
        throw error("the repetition {\(min),\(max)} has its minimum above its maximum", at: start)
      }
      return (min, max)
    default:
      return nil
    }
  }

  /// Decimal digits, saturating far above any allowed count.
  private mutating func parseCount() -> Int? {
    var value: Int?
    while let scalar = peek, let digit = asciiDigit(scalar) {
      value = min((value ?? 0) * 10 + digit, 1_000_000_000)
      position += 1
    }
    return value
  }

  private func asciiDigit(_ scalar: Unicode.Scalar) -> Int? {
    scalar.value >= 0x30 && scalar.value <= 0x39 ? Int(scalar.value - 0x30) : nil
  }

  /// One atom and whether a quantifier may follow it.
  private mutating func parseAtom() throws(PatternError) -> (PatternNode, Bool) {
    let start = position
    let scalar = scalars[position]
    position += 1
    switch scalar {
    case "(": return (try parseGroup(openedAt: start), true)
    case "[": return (try parseClass(openedAt: start), true)
    case ".": return (.set(.dot), true)
    case "^": return (.assertion(.start), false)
    case "$": return (.assertion(.end), false)
    case "*", "+", "?":
      throw error(
        "'\(scalar)' with nothing to repeat; write '\\\(scalar)' for the character",
        at: start
      )
    case "{":
      position = start
      if (try? parseQuantifier()) != nil {
        throw error("a quantifier with nothing to repeat", at: start)
      }
      throw error(
        "'{' must start a repetition {n}, {n,} or {n,m}; write '\\{' for a brace",
        at: start
      )
    case "\\":
      switch try parseEscape(inClass: false, start: start) {
      case .scalar(let value): return (.scalar(value), true)
      case .set(let set): return (.set(set), true)
      case .assertion(let assertion): return (.assertion(assertion), false)
      }
    default: return (.scalar(scalar.value), true)
    }
  }

  private mutating func parseGroup(openedAt start: Int) throws(PatternError) -> PatternNode {
    if peek == "?" {
      switch (peek(1), peek(2)) {
      case (":", _):
        position += 2
      case ("=", _), ("!", _):
        throw error("a lookahead '(?\(peek(1)!)'", at: start, .needsBacktracking)
      case ("<", "="), ("<", "!"):
        throw error("a lookbehind '(?<\(peek(2)!)'", at: start, .needsBacktracking)
      case ("<", _):
        position += 2
        try parseGroupName(start: start)
      case ("P", _):
        throw error(
          "a Python-style group '(?P'; ECMA-262 names groups with (?<name>...)",
          at: start
        )
      default:
        throw error("an inline flag or group modifier '(?'", at: start, .unsupported)
      }
    }
    depth += 1
    if depth > Self.maxDepth {
      throw error("groups nested more than \(Self.maxDepth) deep", at: start, .tooLarge)
    }
    let inner = try parseAlternation()
    depth -= 1
    guard peek == ")" else {
      throw error("missing ')' to close the group", at: start)
    }
    position += 1
    return inner
  }

  /// The name of `(?<name>...)` up to and including the `>`.
  private mutating func parseGroupName(start: Int) throws(PatternError) {
    var name = ""
    while let scalar = peek, scalar != ">" {
      let valid =
        scalar == "$" || scalar == "_"
        || (name.isEmpty ? scalar.properties.isIDStart : scalar.properties.isIDContinue)
      guard valid else { throw error("an invalid character in a group name", at: position) }
      name.unicodeScalars.append(scalar)
      position += 1
    }
    guard peek == ">", !name.isEmpty else {
      throw error("a group name must be an identifier followed by '>'", at: start)
    }
    position += 1
    guard groupNames.insert(name).inserted else {
      throw error("the group name '\(name)' is used twice", at: start)
    }
  }

  private enum Escape {
    case scalar(UInt32)
    case set(ScalarSet)
    case assertion(PatternAssertion)
  }

  /// The escape after a `\` at `start`.
  private mutating func parseEscape(inClass: Bool, start: Int) throws(PatternError) -> Escape {
    guard let scalar = peek else { throw error("a lone '\\' at the end", at: start) }
    position += 1
    switch scalar {
    case "d": return .set(.digit)
    case "D": return .set(ScalarSet.digit.inverted)
    case "w": return .set(.word)
    case "W": return .set(ScalarSet.word.inverted)
    case "s": return .set(.space)
    case "S": return .set(ScalarSet.space.inverted)
    case "b": return inClass ? .scalar(0x08) : .assertion(.wordBoundary)
    case "B" where !inClass: return .assertion(.notWordBoundary)
    case "t": return .scalar(0x09)
    case "n": return .scalar(0x0A)
    case "v": return .scalar(0x0B)
    case "f": return .scalar(0x0C)
    case "r": return .scalar(0x0D)
    case "0":
      if let next = peek, asciiDigit(next) != nil {
        throw error("an octal escape '\\0\(next)'", at: start, .unsupported)
      }
      return .scalar(0)
    case "1"..."9":
      if inClass { throw error("an octal escape '\\\(scalar)'", at: start, .unsupported) }
      throw error("a backreference '\\\(scalar)'", at: start, .needsBacktracking)
    case "k" where peek == "<" && !inClass:
      throw error("a backreference '\\k<'", at: start, .needsBacktracking)
    case "p", "P":
      throw error("a Unicode property escape '\\\(scalar)'", at: start, .unsupported)
    case "c":
      guard let letter = peek, letter.isASCII, letter.properties.isAlphabetic else {
        throw error("'\\c' must be followed by a letter A-Z or a-z", at: start)
      }
      position += 1
      return .scalar(letter.value % 32)
    case "x":
      guard let value = parseHex(count: 2) else {
        throw error("'\\x' must be followed by two hexadecimal digits", at: start)
      }
      return .scalar(value)
    case "u":
      return .scalar(try parseUnicodeEscape(start: start))
    default:
      if inClass && scalar == "-" { return .scalar(scalar.value) }
      guard scalar.isASCII, !scalar.properties.isAlphabetic, asciiDigit(scalar) == nil,
        scalar.value > 0x20, scalar.value < 0x7F
      else {
        throw error("an unknown escape '\\\(scalar)'", at: start)
      }
      return .scalar(scalar.value)
    }
  }

  /// `count` hexadecimal digits, or nil (and `position` unchanged).
  private mutating func parseHex(count: Int) -> UInt32? {
    var value: UInt32 = 0
    for index in 0..<count {
      guard let scalar = peek(index), let digit = hexDigit(scalar) else { return nil }
      value = value * 16 + digit
    }
    position += count
    return value
  }

  private func hexDigit(_ scalar: Unicode.Scalar) -> UInt32? {
    switch scalar {
    case "0"..."9": scalar.value - 0x30
    case "a"..."f": scalar.value - 0x61 + 10
    case "A"..."F": scalar.value - 0x41 + 10
    default: nil
    }
  }

  /// `\uHHHH` (a surrogate pair as two of them) or `\u{H...}`, after the `u`.
  private mutating func parseUnicodeEscape(start: Int) throws(PatternError) -> UInt32 {
    if peek == "{" {
      position += 1
      var value: UInt32 = 0
      var digits = 0
      while let scalar = peek, let digit = hexDigit(scalar) {
        value = min(value * 16 + digit, 0x11_0000)
        digits += 1
        position += 1
      }
      guard digits > 0, peek == "}" else {
        throw error("'\\u{' must be followed by hexadecimal digits and '}'", at: start)
      }
      position += 1
      guard value <= ScalarSet.maxScalar, !(0xD800...0xDFFF).contains(value) else {
        throw error("'\\u{...}' that is not a Unicode scalar value", at: start)
      }
      return value
    }
    guard let value = parseHex(count: 4) else {
      throw error("'\\u' must be followed by four hexadecimal digits or {...}", at: start)
    }
    if (0xD800...0xDBFF).contains(value), peek == "\\", peek(1) == "u" {
      let saved = position
      position += 2
      if let low = parseHex(count: 4), (0xDC00...0xDFFF).contains(low) {
        return 0x10000 + (value - 0xD800) << 10 + (low - 0xDC00)
      }
      position = saved
    }
    guard !(0xD800...0xDFFF).contains(value) else {
      throw error(
        "a lone surrogate '\\u\(String(value, radix: 16, uppercase: true))', which no "
          + "string of Unicode scalars contains",
        at: start
      )
    }
    return value
  }

  /// A class after its `[`, up to and including the `]`.
  private mutating func parseClass(openedAt start: Int) throws(PatternError) -> PatternNode {
    var negated = false
    if peek == "^" {
      negated = true
      position += 1
    }
    var ranges: [ClosedRange<UInt32>] = []
    while peek != "]" {
      guard peek != nil else {
        throw error("missing ']' to close the class", at: start)
      }
      let lowStart = position
      let low = try parseClassAtom()
      if peek == "-", let after = peek(1), after != "]" {
        position += 1
        let high = try parseClassAtom()
        guard case .scalar(let lowValue) = low, case .scalar(let highValue) = high else {
          throw error("a class range whose end is a class like \\d", at: lowStart)
        }
        guard lowValue <= highValue else { throw error("a class range out of order", at: lowStart) }
        ranges.append(lowValue...highValue)
        continue
      }
      switch low {
      case .scalar(let value): ranges.append(value...value)
      case .set(let set): ranges += set.ranges
      case .assertion: break  // parseClassAtom returns no assertion
      }
    }
    position += 1
    let set = ScalarSet(ranges)
    return .set(negated ? set.inverted : set)
  }

  private mutating func parseClassAtom() throws(PatternError) -> Escape {
    let start = position
    let scalar = scalars[position]
    position += 1
    if scalar == "\\" {
      if peek == "B" { throw error("'\\B' inside a class", at: start) }
      return try parseEscape(inClass: true, start: start)
    }
    return .scalar(scalar.value)
  }
}
