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
enum NameSuggestions {
  /// The candidate closest to `name`, if it is close enough to be a likely typo.
  static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
    let lowered = name.lowercased()
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
      let distance = editDistance(lowered, candidate.lowercased())
      if best == nil || distance < best!.distance
        || (distance == best!.distance && candidate < best!.candidate)
      {
        best = (candidate, distance)
      }
    }
    guard let best else { return nil }
    let allowed = max(1, min(3, (max(name.count, best.candidate.count) + 1) / 3))
    return best.distance <= allowed ? best.candidate : nil
  }

  /// " did you mean 'x'?" or an empty string.
  static func hint(for name: String, in candidates: some Sequence<String>) -> String {
    closest(to: name, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }

  /// Edit distance where swapping two neighbours counts once (`Wrod` -> `Word`).
  private static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    // Names are short; a long one is no typo of a short one, and the table is quadratic.
    guard a.count <= 200, b.count <= 200 else { return Int.max / 2 }
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
        }
      }
    }
    return table[a.count][b.count]
  }
}
