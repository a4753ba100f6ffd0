import StreamTypes

/// One delivered header, item or footer: its kind and its value as the writers encode it.
public struct Part: Equatable, Sendable, CustomStringConvertible {
  public var kind: FrameKind
  public var json: [UInt8]

  public init(kind: FrameKind, json: [UInt8]) {
    self.kind = kind
    self.json = json
  }

  public var description: String { "\(kind) \(String(decoding: json, as: UTF8.self))" }
}

/// What reading a whole stream gave: the parts delivered, then the error if any.
public struct Outcome: Equatable, Sendable, CustomStringConvertible {
  public var parts: [Part] = []
  public var error: StreamError?
  /// An error that is not a `StreamError`, or a broken expectation of the harness.
  public var otherError: String?

  public init() {}

  public var description: String {
    var lines = parts.map { "  \($0)" }
    if let error { lines.append("  error: \(error) [\(error.code)]") }
    if let otherError { lines.append("  other error: \(otherError)") }
    return "\(parts.count) parts\n" + lines.joined(separator: "\n")
  }
}

/// Stops the process with a report that libFuzzer records as a crash, with its input.
public func fuzzFailure(_ message: String) -> Never {
  fatalError("\n" + message)
}
