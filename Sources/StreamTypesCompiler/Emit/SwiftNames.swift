/// How schema names become Swift names.
enum SwiftNames {
  /// Words that need backticks when used as a property, parameter or case name.
  static let keywords: Set<String> = [
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import",
    "init", "inout", "internal", "let", "open", "operator", "private", "precedencegroup",
    "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias", "var",
    "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for",
    "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while", "Any", "as",
    "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "Type",
    "Protocol", "some", "any", "package",
  ]

  /// Member names a field may not take: `hashValue` would replace the hash that
  /// `Hashable` derives from the fields, and a property named like the nested coding-key
  /// enum would clash with it. Generated code calls everything else it declares by its full
  /// name (`validate(at:deep:)`, `encode(to:)`), so a field may be called `validate`.
  static let reservedMembers: Set<String> = ["hashValue", "CodingKeys", "_CodingKeys"]

  /// Type names a schema type may not take. Generated code names every type it does not
  /// define through its module (`Swift.String`, `Foundation.Date`, `StreamTypes.JSONWriter`),
  /// so any other name works, `String` and `JSONWriter` included; a type named like one of
  /// those modules would hide the module itself, and Swift has no other way to reach it.
  /// `Any` and `Self` are Swift keywords.
  static let reservedTypeNames: Set<String> = ["Any", "Foundation", "Self", "StreamTypes", "Swift"]

  /// Why a reserved type name cannot be used.
  static func reservedTypeNameMessage(_ name: String) -> String {
    let reason =
      ["Any", "Self"].contains(name)
      ? "'\(name)' is a Swift keyword"
      : "a type named '\(name)' would hide the module '\(name)', through which the generated "
        + "code names the types it uses"
    return "'\(name)' is reserved: \(reason); choose another name, such as '\(name)Value'"
  }

  /// `name` ready to use as an identifier: backticked when it is a keyword.
  static func escaped(_ name: String) -> String {
    keywords.contains(name) ? "`\(name)`" : name
  }

  /// The lowerCamelCase of a wire name: `duration_sec` -> `durationSec`,
  /// `HTTPStatus` -> `httpStatus`. Leading underscores stay. Returns nil when nothing is
  /// left to name (`_`).
  static func propertyName(forWireName wireName: String) -> String? {
    let underscores = wireName.prefix { $0 == "_" }
    let words = wireName.dropFirst(underscores.count).split(separator: "_").map(String.init)
    guard !words.isEmpty else { return nil }
    return String(underscores) + camelCase(words)
  }

  /// The Swift case name of an enum value: `in-progress` -> `inProgress`,
  /// `NOT_SET` -> `notSet`, `1080p` -> `_1080p`. Returns nil for a value with no letter
  /// or digit.
  static func caseName(forValue value: String) -> String? {
    let words = value.unicodeScalars
      .split { !isASCIIAlphanumeric($0) }
      .map { String(String.UnicodeScalarView($0)) }
    guard !words.isEmpty else { return nil }
    let name = camelCase(words)
    return name.first!.isNumber ? "_" + name : name
  }

  private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
  }

  /// Joins words into lowerCamelCase. A word written in capitals (`NOT`, `HTTP`) is an
  /// acronym: lower-cased as a whole when it leads, capitalized otherwise.
  private static func camelCase(_ words: [String]) -> String {
    var result = ""
    for (index, word) in words.enumerated() {
      let isAllCaps = word.allSatisfy { !$0.isLowercase }
      if index == 0 {
        result += isAllCaps ? word.lowercased() : lowercasingLeadingCapitals(word)
      } else if isAllCaps {
        result += word.prefix(1) + word.dropFirst().lowercased()
      } else {
        result += word.prefix(1).uppercased() + word.dropFirst()
      }
    }
    return result
  }

  /// `HTTPStatus` -> `httpStatus`, `Type` -> `type`: the leading capitals, except the one
  /// that starts the next word.
  private static func lowercasingLeadingCapitals(_ word: String) -> String {
    let characters = Array(word)
    var end = 0
    while end < characters.count, characters[end].isUppercase { end += 1 }
    if end > 1, end < characters.count { end -= 1 }
    return String(characters[..<end]).lowercased() + String(characters[end...])
  }

  /// Whether `name` can be used as a Swift identifier (after escaping keywords).
  static func isValidIdentifier(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first else { return false }
    let isHead = { (scalar: Unicode.Scalar) in
      scalar == "_" || (scalar.isASCII && scalar.properties.isAlphabetic)
    }
    return isHead(first)
      && name.unicodeScalars.allSatisfy { isHead($0) || ("0"..."9").contains($0) }
      && name != "_"
  }
}

/// "Did you mean" suggestions for misspelled keys and names.
///
/// A suggestion is at most ``maximumDistance`` edits away (fewer for short names), so the
/// distance is only computed up to that bound: candidates whose length differs more are
/// skipped, and the table is a band of 2·bound+1 cells a row that is given up as soon as
/// every cell in a row exceeds the bound. A suggestion thus costs time linear in the total
/// length of the candidates, however long or many the names.
enum NameSuggestions {
  /// The most edits a suggestion can be away from the name (the bound of `closest`).
  static let maximumDistance = 3
  /// How many suggestions one check of a module computes; later errors get none, so many
  /// unknown names against many candidates stay linear.
  static let perRun = 200

  /// Candidates lowercased once, for many look-ups.
  struct Candidates {
    var names: [String]
    var lowered: [[Unicode.Scalar]]

    init(_ names: some Sequence<String>) {
      self.names = Array(names)
      lowered = self.names.map { Array($0.lowercased().unicodeScalars) }
    }
  }

  /// The candidate closest to `name`, if it is close enough to be a likely typo.
  static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
    closest(to: name, in: Candidates(candidates))
  }

  /// The candidate closest to `name` (fewest edits, then first in `String` order), if it is
  /// close enough to be a likely typo: at most a third of the longer name's length, at
  /// least 1 and at most ``maximumDistance`` edits.
  static func closest(to name: String, in candidates: Candidates) -> String? {
    let target = Array(name.lowercased().unicodeScalars)
    var best: (candidate: String, distance: Int)?
    for (candidate, lowered) in zip(candidates.names, candidates.lowered) {
      // Only a candidate as close as the best so far can replace it.
      let limit = best?.distance ?? maximumDistance
      guard let distance = editDistance(target, lowered, limit: limit) else { continue }
      if best == nil || distance < best!.distance
        || (distance == best!.distance && candidate < best!.candidate)
      {
        best = (candidate, distance)
      }
    }
    guard let best else { return nil }
    let allowed = max(1, min(maximumDistance, (max(name.count, best.candidate.count) + 1) / 3))
    return best.distance <= allowed ? best.candidate : nil
  }

  /// " did you mean 'x'?" or an empty string.
  static func hint(for name: String, in candidates: some Sequence<String>) -> String {
    closest(to: name, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }

  /// " did you mean 'x'?" or an empty string.
  static func hint(for name: String, in candidates: Candidates) -> String {
    closest(to: name, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }

  /// Edit distance where swapping two neighbours counts once (`Wrod` -> `Word`), when it is
  /// at most `limit`; nil when it is more. Only the cells within `limit` of the diagonal
  /// are computed, O(limit · length), and the rows stop once all of a row exceeds `limit`.
  static func editDistance(
    _ a: [Unicode.Scalar],
    _ b: [Unicode.Scalar],
    limit: Int
  ) -> Int? {
    guard abs(a.count - b.count) <= limit else { return nil }
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    // Cells further than `limit` from the diagonal, or above it, read as `limit + 1`.
    let far = limit + 1
    var beforePrevious = [Int](repeating: far, count: b.count + 1)
    var previous = [Int](repeating: far, count: b.count + 1)
    var current = [Int](repeating: far, count: b.count + 1)
    for j in 0...min(b.count, limit) { previous[j] = j }
    for i in 1...a.count {
      let from = max(1, i - limit)
      let to = min(b.count, i + limit)
      current[from - 1] = from == 1 && i <= limit ? i : far
      if to < b.count { current[to + 1] = far }
      var rowMinimum = current[from - 1]
      for j in from...to {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var cell = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          cell = min(cell, beforePrevious[j - 2] + 1)
        }
        cell = min(cell, far)
        current[j] = cell
        rowMinimum = min(rowMinimum, cell)
      }
      if rowMinimum > limit { return nil }
      (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    let distance = previous[b.count]
    return distance <= limit ? distance : nil
  }
}
