import Foundation
import Testing

@testable import StreamTypes

/// Random patterns of the supported subset, each with strings biased to match, judged by
/// ``StringPattern`` and by Python's `re` (a backtracking engine), which must agree.
@Suite struct PatternDifferentialTests {
  /// SplitMix64 (TestModels.swift): the same patterns on every run.
  struct Generator {
    var random: SplitMix64

    init(state: UInt64) { random = SplitMix64(state: state) }

    mutating func next() -> UInt64 { random.next() }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func percent(_ chance: Int) -> Bool { below(100) < chance }
    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
  }

  /// A pattern in two spellings, ECMA-262 and Python, with a way to make text it matches.
  struct Piece {
    var ecma: String
    var python: String
    /// Appends text that this piece matches (ignoring assertions).
    var sample: @Sendable (inout Generator, inout [Unicode.Scalar]) -> Void
  }

  /// Scalars the strings are made of: ASCII word and non-word characters, white space of
  /// both kinds, a line terminator, a combining mark and astral scalars.
  static let alphabet: [Unicode.Scalar] = [
    "a", "b", "c", "x", "A", "1", "9", "_", "-", " ", ".", "\n", "\t", "é", "\u{301}",
    "\u{A0}", "\u{2028}", "\u{3000}", "😀", "😁", "\u{1F64F}", "٣",
  ]

  /// ECMA-262 `\s`, spelled for Python (whose `\s` with re.ASCII has fewer members).
  static let pythonSpaces =
    "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"

  static func literal(_ scalar: Unicode.Scalar, _ generator: inout Generator) -> Piece {
    let sample: @Sendable (inout Generator, inout [Unicode.Scalar]) -> Void = { _, text in
      text.append(scalar)
    }
    switch scalar {
    case "\n": return Piece(ecma: "\\n", python: "\\n", sample: sample)
    case "\t": return Piece(ecma: "\\t", python: "\\t", sample: sample)
    case ".": return Piece(ecma: "\\.", python: "\\.", sample: sample)
    case "😀":
      let ecma = generator.pick(["😀", "\\u{1F600}", "\\uD83D\\uDE00"])
      return Piece(ecma: ecma, python: "\\U0001F600", sample: sample)
    case "é":
      let ecma = generator.pick(["é", "\\u00e9", "\\u{E9}", "\\xE9"])
      return Piece(ecma: ecma, python: "\\xe9", sample: sample)
    default:
      return Piece(ecma: String(scalar), python: String(scalar), sample: sample)
    }
  }

  /// A class escape or class, with its members for samples.
  static func characterClass(_ generator: inout Generator) -> Piece {
    let digits: [Unicode.Scalar] = ["0", "5", "9"]
    let words: [Unicode.Scalar] = ["a", "Z", "_", "7"]
    let spaces: [Unicode.Scalar] = [" ", "\t", "\u{A0}", "\u{3000}", "\u{2028}", "\u{FEFF}"]
    let others: [Unicode.Scalar] = ["é", "-", "😀", "٣", "!"]
    func piece(_ ecma: String, _ python: String, _ members: [Unicode.Scalar]) -> Piece {
      Piece(ecma: ecma, python: python) { generator, text in
        text.append(generator.pick(members))
      }
    }
    switch generator.below(12) {
    case 0: return piece("\\d", "\\d", digits)
    case 1: return piece("\\D", "\\D", others + ["a"])
    case 2: return piece("\\w", "\\w", words)
    case 3: return piece("\\W", "\\W", others + [" "])
    case 4: return piece("\\s", "[\(pythonSpaces)]", spaces)
    case 5: return piece("\\S", "[^\(pythonSpaces)]", others + words)
    case 6: return piece(".", "[^\\n\\r\\u2028\\u2029]", others + words + [" "])
    default:
      // A class of items: ranges, single scalars, class escapes; maybe negated.
      var ecma = ""
      var python = ""
      var members: [Unicode.Scalar] = []
      for _ in 0..<(1 + generator.below(3)) {
        switch generator.below(9) {
        case 0:
          ecma += "a-c"
          python += "a-c"
          members += ["a", "b", "c"]
        case 1:
          ecma += "0-9"
          python += "0-9"
          members += digits
        case 2:
          ecma += "\\d"
          python += "\\d"
          members += digits
        case 3:
          ecma += "\\w"
          python += "\\w"
          members += words
        case 4:
          ecma += "\\s"
          python += pythonSpaces
          members += spaces
        case 5:
          ecma += generator.pick(["😀-😂", "\\u{1F600}-\\u{1F602}", "\\uD83D\\uDE00-\\uD83D\\uDE02"])
          python += "\\U0001F600-\\U0001F602"
          members += ["😀", "😁", "😂"]
        case 6:
          ecma += generator.pick(["\\-", "\\.", "\\]"])
          python += String(ecma.suffix(2))
          members.append(ecma.unicodeScalars.last!)
        case 7:
          ecma += "\\u00e0-\\u00ff"
          python += "\\xe0-\\xff"
          members += ["à", "é", "ÿ"]
        default:
          let scalar = generator.pick(["x", "_", " ", "é", "A"] as [Unicode.Scalar])
          ecma += String(scalar)
          python += String(scalar)
          members.append(scalar)
        }
      }
      if generator.percent(25) {
        let outside: [Unicode.Scalar] = ["!", "b", "😁", "\u{2028}", "٣", "Q"]
        return piece("[^\(ecma)]", "[^\(python)]", outside)
      }
      return piece("[\(ecma)]", "[\(python)]", members)
    }
  }

  static func atom(_ generator: inout Generator, depth: Int) -> Piece {
    let choice = generator.below(depth < 3 ? 14 : 10)
    switch choice {
    case 0...4:
      return literal(generator.pick(alphabet.filter { $0 != "\u{301}" }), &generator)
    case 5...7:
      return characterClass(&generator)
    case 8:
      // Python's \B never matches in an empty string (before 3.14), so it is spelled out.
      let notBoundary = "(?:(?<=\\w)(?=\\w)|(?<!\\w)(?!\\w))"
      let (ecma, python) = generator.pick([
        ("^", "\\A"), ("$", "\\Z"), ("\\b", "\\b"), ("\\B", notBoundary),
      ])
      return Piece(ecma: ecma, python: python) { _, _ in }
    case 9:
      return literal(generator.pick(["a", "b"]), &generator)
    default:
      let inner = alternation(&generator, depth: depth + 1)
      switch generator.below(3) {
      case 0:
        return Piece(ecma: "(\(inner.ecma))", python: "(\(inner.python))", sample: inner.sample)
      case 1:
        return Piece(ecma: "(?:\(inner.ecma))", python: "(?:\(inner.python))", sample: inner.sample)
      default:
        let name = "g\(generator.next())"
        return Piece(
          ecma: "(?<\(name)>\(inner.ecma))",
          python: "(?P<\(name)>\(inner.python))",
          sample: inner.sample
        )
      }
    }
  }

  static func repeated(_ generator: inout Generator, depth: Int) -> Piece {
    let atom = atom(&generator, depth: depth)
    let isAssertion = ["^", "$", "\\b", "\\B"].contains(atom.ecma)
    guard !isAssertion, generator.percent(35) else { return atom }
    let (quantifier, low, high): (String, Int, Int?) = generator.pick([
      ("*", 0, nil), ("+", 1, nil), ("?", 0, 1), ("{2}", 2, 2), ("{0,2}", 0, 2), ("{1,}", 1, nil),
      ("{1,3}", 1, 3), ("{0}", 0, 0),
    ])
    let lazy = generator.percent(20) ? "?" : ""
    let sample = atom.sample
    return Piece(
      ecma: atom.ecma + quantifier + lazy,
      python: atom.python + quantifier + lazy
    ) { generator, text in
      let count = low + generator.below((high ?? low + 2) - low + 1)
      for _ in 0..<count { sample(&generator, &text) }
    }
  }

  static func concatenation(_ generator: inout Generator, depth: Int) -> Piece {
    let pieces = (0..<generator.below(depth == 0 ? 5 : 3) + 1).map { _ in
      repeated(&generator, depth: depth)
    }
    return Piece(
      ecma: pieces.map(\.ecma).joined(),
      python: pieces.map(\.python).joined()
    ) { generator, text in
      for piece in pieces { piece.sample(&generator, &text) }
    }
  }

  static func alternation(_ generator: inout Generator, depth: Int) -> Piece {
    let branches = (0..<(generator.percent(30) ? 2 + generator.below(2) : 1)).map { _ in
      generator.percent(5)
        ? Piece(ecma: "", python: "") { _, _ in } : concatenation(&generator, depth: depth)
    }
    return Piece(
      ecma: branches.map(\.ecma).joined(separator: "|"),
      python: branches.map(\.python).joined(separator: "|")
    ) { generator, text in
      generator.pick(branches).sample(&generator, &text)
    }
  }

  /// Strings for one pattern: samples, samples with an edit or with text around them, and
  /// random strings.
  static func texts(for piece: Piece, _ generator: inout Generator) -> [String] {
    (0..<6).map { index in
      var text: [Unicode.Scalar] = []
      if index < 5 { piece.sample(&generator, &text) }
      if index >= 2 {
        for _ in 0..<generator.below(3) {
          let position = generator.below(text.count + 1)
          switch generator.below(3) {
          case 0 where position < text.count: text.remove(at: position)
          case 1 where position < text.count: text[position] = generator.pick(alphabet)
          default: text.insert(generator.pick(alphabet), at: position)
          }
        }
      }
      return String(String.UnicodeScalarView(text.prefix(14)))
    }
  }

  struct Case: Codable {
    var ecma: String
    var python: String
    var text: String
  }

  /// Python's verdict for every case of the JSON file argv[1], one line each into the file
  /// argv[2]: "1", "0", or "E ..." if it rejects the pattern.
  static let script = """
    import json, re, sys
    cases = json.load(open(sys.argv[1], encoding="utf-8"))
    compiled = {}
    out = []
    for case in cases:
        p = case["python"]
        try:
            if p not in compiled:
                compiled[p] = re.compile(p, re.ASCII)
            out.append("1" if compiled[p].search(case["text"]) else "0")
        except re.error as e:
            out.append("E " + str(e))
    open(sys.argv[2], "w", encoding="utf-8").write("\\n".join(out) + "\\n")
    """

  /// Runs the script on `cases` in one `python3` process, awaited without holding a thread.
  static func pythonVerdicts(_ cases: [Case]) async throws -> [String] {
    let directory = FileManager.default.temporaryDirectory
    let name = "pattern-differential-\(UUID().uuidString)"
    let input = directory.appendingPathComponent(name + ".json")
    let output = directory.appendingPathComponent(name + ".out")
    try JSONEncoder().encode(cases).write(to: input)
    defer {
      try? FileManager.default.removeItem(at: input)
      try? FileManager.default.removeItem(at: output)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, input.path, output.path]
    let status = try await withCheckedThrowingContinuation { continuation in
      process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
      do {
        try process.run()
      } catch {
        process.terminationHandler = nil
        continuation.resume(throwing: error)
      }
    }
    try #require(status == 0, "python3 failed or is missing (exit status \(status))")
    let text = try String(contentsOf: output, encoding: .utf8)
    return text.split(separator: "\n").map(String.init)
  }

  @Test func agreesWithPython() async throws {
    var generator = Generator(state: 0x5EED_0F_5A77E4)
    var cases: [Case] = []
    for _ in 0..<2000 {
      let piece = Self.alternation(&generator, depth: 0)
      for text in Self.texts(for: piece, &generator) {
        cases.append(Case(ecma: piece.ecma, python: piece.python, text: text))
      }
    }
    let verdicts = try await Self.pythonVerdicts(cases)
    try #require(verdicts.count == cases.count)
    var differences = 0
    var matched = 0
    var compiled: [String: StringPattern] = [:]
    for (one, verdict) in zip(cases, verdicts) {
      let pattern: StringPattern
      do {
        if let known = compiled[one.ecma] {
          pattern = known
        } else {
          pattern = try StringPattern(one.ecma)
          compiled[one.ecma] = pattern
        }
      } catch {
        Issue.record("/\(one.ecma)/ does not compile: \(error)")
        continue
      }
      guard verdict == "0" || verdict == "1" else {
        Issue.record("Python rejects \(one.python) (for /\(one.ecma)/): \(verdict)")
        continue
      }
      let ours = pattern.matches(one.text)
      if pattern.program.matchesWithoutDFA(one.text) != ours {
        Issue.record("/\(one.ecma)/ on \(one.text.debugDescription): the DFA and Pike VM differ")
      }
      if ours { matched += 1 }
      if ours != (verdict == "1") {
        differences += 1
        if differences <= 20 {
          let python = verdict == "1"
          Issue.record(
            Comment(
              rawValue: "/\(one.ecma)/ on \(one.text.debugDescription): StringPattern says "
                + "\(ours), Python's re (\(one.python)) says \(python)"
            )
          )
        }
      }
    }
    #expect(differences == 0)
    // The strings are biased to match: both verdicts must be well represented.
    #expect(matched > cases.count / 4 && matched < cases.count * 3 / 4, "\(matched)")
  }
}
