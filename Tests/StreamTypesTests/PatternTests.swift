import Foundation
import Testing

@_spi(Generated) @testable import StreamTypes

@Suite struct PatternTests {
  static func error(_ pattern: String) -> PatternError? {
    do {
      _ = try StringPattern(pattern)
      return nil
    } catch {
      return error
    }
  }

  struct Row: CustomTestStringConvertible, Sendable {
    var pattern: String
    var text: String
    var matches: Bool
    var testDescription: String { "/\(pattern)/ on \(text.debugDescription)" }

    init(_ pattern: String, _ text: String, _ matches: Bool) {
      self.pattern = pattern
      self.text = text
      self.matches = matches
    }
  }

  /// Verdicts that follow from ECMA-262 (with the `u` flag), one construct at a time.
  static let rows: [Row] = [
    // Search, not a full match; the empty pattern matches everything.
    Row("", "", true), Row("", "abc", true), Row("b", "abc", true), Row("d", "abc", false),
    Row("abc", "xxabcxx", true), Row("abc", "ab", false), Row("abd", "abcabd", true),
    // Anchors: the string's start and end only, not lines.
    Row("^abc$", "abc", true), Row("^abc$", "abcd", false), Row("^abc$", "xabc", false),
    Row("^b", "ab", false), Row("a$", "a\n", false), Row("^a$", "b\na", false),
    Row("^$", "", true), Row("^$", "x", false), Row("a^", "a", false), Row("$a", "a", false),
    Row("(^a|b$)", "xb", true), Row("(^a|b$)", "bx", false), Row("x(^|-)y", "x-y", true),
    Row("x(^|-)y", "xy", false),
    // `.`: every scalar but line terminators, an astral one as a single scalar.
    Row("^.$", "é", true), Row("^.$", "😀", true), Row("^..$", "😀", false),
    Row("^.$", "\n", false), Row("^.$", "\r", false), Row("^.$", "\u{2028}", false),
    Row("^.$", "\t", true), Row("^.$", "e\u{301}", false), Row("^..$", "e\u{301}", true),
    // Classes: ranges, negation, escapes, `-` at the ends, `]` escaped.
    Row("^[a-c]+$", "abcba", true), Row("^[a-c]+$", "abd", false), Row("[^a-c]", "abc", false),
    Row("[^a-c]", "abcd", true), Row("^[-a]+$", "-a-", true), Row("^[a-]+$", "a-", true),
    Row("^[\\]\\-]+$", "]-", true), Row("^[\\d.]+$", "1.5", true), Row("^[\\d.]+$", "1,5", false),
    Row("^[^\\d]$", "x", true), Row("^[^\\d]$", "7", false), Row("^[\\b]$", "\u{8}", true),
    Row("^[😀-😂]$", "😁", true), Row("^[😀-😂]$", "😃", false), Row("^[^a]$", "😀", true),
    Row("^[\\u{1F600}-\\u{1F602}]$", "😁", true), Row("^[\\uD83D\\uDE00]$", "😀", true),
    Row("^[.]$", "a", false), Row("^[.]$", ".", true), Row("^[[]$", "[", true),
    Row("[]", "abc", false), Row("^[^]$", "\n", true),
    // Class escapes: ASCII digits and word characters, ECMA-262 white space.
    Row("^\\d+$", "0123456789", true), Row("\\d", "٣", false), Row("^\\D$", "٣", true),
    Row("^\\w+$", "a_Z9", true), Row("\\w", "é", false), Row("^\\W$", "é", true),
    Row("^\\s+$", " \t\n\r\u{B}\u{C}\u{A0}\u{2003}\u{3000}\u{FEFF}\u{2028}", true),
    Row("\\s", "\u{85}", false), Row("\\s", "\u{200B}", false), Row("^\\S$", "x", true),
    Row("^\\S$", " ", false),
    // Word boundaries, by ASCII word characters.
    Row("\\bcat\\b", "a cat!", true), Row("\\bcat\\b", "concat", false),
    Row("\\Bcat", "concat", true),
    Row("\\Bcat", "cat", false), Row("\\b", "", false), Row("\\B", "", true),
    Row("\\b", "é", false),
    Row("a\\b", "a", true), Row("^\\b$", "", false), Row("\\b\\B", "ab", false),
    // Alternation and groups.
    Row("^(cat|dog)$", "dog", true), Row("^(cat|dog)$", "cow", false),
    Row("^(?:a|b)c$", "bc", true),
    Row("^(?<animal>cat|dog)s?$", "cats", true), Row("^(|a)$", "", true), Row("^(|a)$", "a", true),
    Row("^a|b$", "ax", true), Row("^a|b$", "xb", true), Row("^a|b$", "xax", false),
    Row("^(a|ab)(c|bcd)$", "abcd", true), Row("^(a|ab)(c|bcd)d$", "abcd", true),
    Row("^(a|ab)(c|bcd)d$", "abd", false),
    // Repetition and its bounds, greedy or lazy.
    Row("^a*$", "", true), Row("^a*$", "aaa", true), Row("^a+$", "", false),
    Row("^ab?c$", "ac", true),
    Row("^ab?c$", "abbc", false), Row("^a{3}$", "aaa", true), Row("^a{3}$", "aa", false),
    Row("^a{3}$", "aaaa", false), Row("^a{2,}$", "a", false), Row("^a{2,}$", "aaaaaa", true),
    Row("^a{2,3}$", "aa", true), Row("^a{2,3}$", "aaa", true), Row("^a{2,3}$", "aaaa", false),
    Row("^a{0}$", "", true), Row("^a{0}b$", "ab", false), Row("^a{0,0}$", "", true),
    Row("^a*?$", "aa", true), Row("^a+?b$", "aab", true), Row("^a??b$", "b", true),
    Row("^a{2,3}?$", "aaaa", false), Row("^(ab){2}$", "abab", true), Row("^(ab){2}$", "aba", false),
    Row("^(a*)*$", "aaa", true), Row("^(a*)+b$", "b", true), Row("^(a|)*$", "aa", true),
    Row("^(?:a{2}|b)+$", "aabaa", true), Row("^(?:a{2}|b)+$", "aaba", false),
    Row("^😀{2}$", "😀😀", true), Row("^😀{2}$", "😀", false), Row("^é+$", "éé", true),
    // Escapes.
    Row("^\\t\\n\\r\\f\\v\\0$", "\t\n\r\u{C}\u{B}\u{0}", true), Row("^\\x41\\u0042$", "AB", true),
    Row("^\\u{1F600}$", "😀", true), Row("^\\uD83D\\uDE00$", "😀", true), Row("^\\cJ$", "\n", true),
    Row("^\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\\\/$", ".*+?()[]{}|^$\\/", true),
    Row("^a\\.b$", "axb", false), Row("^\\-$", "-", true), Row("}]", "}]", true),
  ]

  @Test(arguments: rows)
  func verdicts(_ row: Row) throws {
    let pattern = try StringPattern(row.pattern)
    // Twice: the lazy DFA builds its states, then reuses them.
    #expect(pattern.matches(row.text) == row.matches)
    #expect(pattern.matches(row.text) == row.matches)
    #expect(pattern.program.matchesWithoutDFA(row.text) == row.matches)
  }

  /// A pattern whose DFA would need thousands of states (the 13th scalar from a match's end
  /// is an `a`) outgrows the cache, and the Pike VM takes over with the same verdicts.
  @Test func largeDFAFallsBackToThePikeVM() throws {
    let pattern = try StringPattern("[ab]*a[ab]{12}$")
    var generator = PatternDifferentialTests.Generator(state: 7)
    for length in [20, 5000, 13, 40, 3000] {
      let text = (0..<length).map { _ in generator.percent(50) ? "a" : "b" }
      let expected = text.count >= 13 && text[text.count - 13] == "a"
      #expect(pattern.matches(text.joined()) == expected)
      #expect(pattern.program.matchesWithoutDFA(text.joined()) == expected)
    }
    #expect(pattern.program.dfa.isDisabled)
    #expect(try !StringPattern("^[a-z]+$").program.dfa.isDisabled)
  }

  @Test(arguments: [
    ("(a", PatternError.Kind.syntax, "missing ')'"), ("a)", .syntax, "unmatched ')'"),
    ("[a", .syntax, "missing ']'"), ("*a", .syntax, "nothing to repeat"),
    ("a**", .syntax, "a quantifier right after another"), ("a{2}{3}", .syntax, "right after"),
    ("^*", .syntax, "after an assertion"), ("\\b+", .syntax, "after an assertion"),
    ("a{", .syntax, "'{' must start a repetition"), ("a{1,x}", .syntax, "must start a repetition"),
    ("{1}", .syntax, "nothing to repeat"), ("a{3,2}", .syntax, "minimum above its maximum"),
    ("[z-a]", .syntax, "out of order"), ("[\\d-z]", .syntax, "a class like \\d"),
    ("\\", .syntax, "a lone '\\'"), ("\\q", .syntax, "unknown escape '\\q'"),
    ("\\xG0", .syntax, "two hexadecimal digits"), ("\\u12", .syntax, "four hexadecimal"),
    ("\\u{110000}", .syntax, "not a Unicode scalar"), ("\\uD800", .syntax, "lone surrogate"),
    ("(?<1a>x)", .syntax, "invalid character"), ("(?<n>a)(?<n>b)", .syntax, "used twice"),
    ("(?P<n>a)", .syntax, "Python-style"), ("\\é", .syntax, "unknown escape"),
    ("(a)\\1", .needsBacktracking, "a backreference '\\1'"),
    ("(?<n>a)\\k<n>", .needsBacktracking, "a backreference '\\k<'"),
    ("a(?=b)", .needsBacktracking, "a lookahead '(?='"),
    ("a(?!b)", .needsBacktracking, "a lookahead '(?!'"),
    ("(?<=a)b", .needsBacktracking, "a lookbehind '(?<='"),
    ("(?<!a)b", .needsBacktracking, "a lookbehind '(?<!'"),
    ("\\p{L}", .unsupported, "Unicode property escape"), ("(?i)a", .unsupported, "inline flag"),
    ("\\01", .unsupported, "octal"),
    ("a{1001}", .tooLarge, "the repetition count 1001 (at offset 1) is above 1000"),
    ("(a{1000}){1000}", .tooLarge, "more than 20000 instructions"),
    (String(repeating: "(", count: 101) + String(repeating: ")", count: 101), .tooLarge, "nested"),
  ])
  func rejects(pattern: String, kind: PatternError.Kind, message: String) throws {
    let error = try #require(Self.error(pattern), "\(pattern) compiled")
    #expect(error.kind == kind, "\(pattern): \(error)")
    #expect(error.message.contains(message), "\(pattern): \(error)")
  }

  @Test func errorsNameTheOffsetAndTheReason() throws {
    let backreference = try #require(Self.error("^(a+)\\1$"))
    #expect(backreference.offset == 5)
    #expect(
      backreference.description
        == "uses a backreference '\\1' (at offset 5), which needs a backtracking engine; "
        + "patterns are matched in linear time, without backreferences, lookahead or lookbehind"
    )
    let unclosed = try #require(Self.error("ab(c"))
    #expect(
      unclosed.description
        == "is not a valid regular expression: missing ')' to close the group (at offset 2)"
    )
  }

  /// Nested quantifiers, exponential for a backtracking engine, stay linear: the suite would
  /// hang here if matching backtracked.
  @Test func nestedQuantifiersDoNotBacktrack() throws {
    let pattern = try StringPattern("^(a+)+$")
    let alternatives = try StringPattern("(a|aa)*b")
    let run = String(repeating: "a", count: 100_000)
    for useDFA in [true, false] {
      let matches = useDFA ? pattern.matches : pattern.program.matchesWithoutDFA
      #expect(!matches(String(repeating: "a", count: 30) + "!"))
      #expect(matches(String(repeating: "a", count: 30)))
      let alternativesMatch =
        useDFA ? alternatives.matches : alternatives.program.matchesWithoutDFA
      #expect(!alternativesMatch(run))
      #expect(alternativesMatch(run + "b"))
    }
  }

  /// An unanchored search does not restart from every position: quadratic for a
  /// backtracking engine, linear here.
  @Test func unanchoredSearchIsLinear() throws {
    let pattern = try StringPattern("[a-z]+$")
    let run = String(repeating: "a", count: 200_000)
    #expect(!pattern.matches(run + "!"))
    #expect(pattern.matches(run))
    #expect(!pattern.program.matchesWithoutDFA(run + "!"))
    #expect(pattern.program.matchesWithoutDFA(run))
    #expect(Constraint.matches(run, "[a-z]+$"))
    #expect(!Constraint.matches(run + "!", "[a-z]+$"))
  }

  @Test func constraintUsesTheEngine() throws {
    #expect(throws: SchemaViolation.self) {
      try Constraint.pattern(.pattern, "ab!", "^[a-z]+$", at: .root)
    }
    try Constraint.pattern(.pattern, "ab", "^[a-z]+$", at: .root)
    // A hand-written model with a pattern the compiler would reject matches nothing.
    #expect(!Constraint.matches("aa", "(a)\\1"))
  }

  @Test func compiledPatternsAreShared() async throws {
    let verdicts = await withTaskGroup(of: Bool.self) { group in
      for index in 0..<64 {
        group.addTask { Constraint.matches("id-\(index)", "^id-\\d+$") }
      }
      return await group.reduce(into: [Bool]()) { $0.append($1) }
    }
    #expect(verdicts == Array(repeating: true, count: 64))
  }
}
