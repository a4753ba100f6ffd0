import Foundation

/// A `pattern` constraint, compiled once, matched in time linear in the string.
///
/// Patterns are the ECMA-262 regular expressions of JSON Schema, matched over Unicode scalars
/// (as with the `u` flag) and anywhere in the string: anchor them with `^` and `$` to match
/// the whole string. The supported subset:
///
/// - Literals, `.` (any scalar but the line terminators `\n`, `\r`, U+2028, U+2029).
/// - Classes `[a-z]`, `[^...]`, with ranges and escapes (`\b` is a backspace in a class).
/// - `\d \D \w \W` (ASCII digits and word characters `[0-9A-Za-z_]`), `\s \S` (ECMA-262
///   white space and line terminators).
/// - Assertions `^` and `$` (start and end of the string only, no multiline mode), `\b \B`
///   (boundaries of ASCII word characters).
/// - Groups `( )`, `(?: )`, `(?<name> )`; alternation `|`; quantifiers `* + ? {n} {n,}
///   {n,m}` and their lazy forms with `?` (which give the same verdict), counts at most 1000.
/// - Escapes `\t \n \r \f \v \0 \cX \xHH \uHHHH` (a surrogate pair as two of them),
///   `\u{H...}`, and escaped ASCII punctuation such as `\.` or `\{`.
///
/// Backreferences (`\1`, `\k<name>`), lookahead (`(?=`, `(?!`) and lookbehind (`(?<=`,
/// `(?<!`) need a backtracking engine and are rejected, as are Unicode property escapes
/// (`\p{..}`), inline flags and a `{` that does not start a quantifier. A pattern whose
/// compiled program would exceed ``maxInstructions`` (such as `(a{1000}){1000}`) is
/// rejected as too large.
///
/// Matching runs a Thompson NFA, as a DFA built lazily and cached (bounded in size) or as a
/// Pike VM: all alternatives advance together, one scalar at a time, so it never backtracks
/// and costs at most O(scalars × instructions).
public struct StringPattern: Sendable {
  /// The most instructions a compiled pattern may have.
  public static let maxInstructions = 20_000

  /// The pattern as written.
  public let source: String
  let program: PatternProgram

  /// Compiles `source`; throws a ``PatternError`` for a pattern outside the subset.
  public init(_ source: String) throws(PatternError) {
    self.source = source
    program = try PatternProgram(
      PatternParser.parse(source),
      maxInstructions: Self.maxInstructions
    )
  }

  /// Whether the pattern matches somewhere in `text`.
  public func matches(_ text: String) -> Bool {
    program.matches(text)
  }
}

/// Compiled `pattern` constraints, compiled once per pattern and process.
final class PatternCache: @unchecked Sendable {
  static let shared = PatternCache()

  /// Guards `compiled`.
  private let lock = NSLock()
  /// nil for a pattern that does not compile.
  private var compiled: [String: StringPattern?] = [:]

  func matches(_ value: String, pattern: String) -> Bool {
    return lookUp(pattern)?.matches(value) ?? false
  }

  private func lookUp(_ pattern: String) -> StringPattern? {
    lock.lock()
    defer { lock.unlock() }
    if let known = compiled[pattern] { return known }
    // The compiler rejects invalid patterns, so this only fails for hand-written models,
    // whose invalid pattern then matches nothing.
    let result = try? StringPattern(pattern)
    if compiled.count >= 10_000 { compiled.removeAll() }
    compiled[pattern] = .some(result)
    return result
  }
}
