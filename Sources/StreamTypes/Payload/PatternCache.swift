import Synchronization

/// Compiled `pattern` constraints, compiled once per pattern and process.
final class PatternCache: Sendable {
  static let shared = PatternCache()

  private let compiled = Mutex<[String: Regex<AnyRegexOutput>]>([:])

  func matches(_ value: String, pattern: String) -> Bool {
    let regex = compiled.withLock { cache -> Regex<AnyRegexOutput>? in
      if let regex = cache[pattern] { return regex }
      // The compiler rejects invalid patterns, so this only fails for hand-written models.
      guard let regex = try? Regex(pattern) else { return nil }
      cache[pattern] = regex
      return regex
    }
    guard let regex else { return false }
    return (try? regex.firstMatch(in: value)) != nil
  }
}
