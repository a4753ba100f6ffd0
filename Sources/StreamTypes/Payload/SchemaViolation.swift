/// A value that does not fit its schema: a constraint, an enum, a missing or unknown field,
/// a wrong type. Thrown by generated `validate` methods and by generated decoders.
public struct SchemaViolation: Error, Hashable, Sendable, CustomStringConvertible {
  /// Where in the payload the value is.
  public var path: JSONPath
  /// What the schema asks for, e.g. `number >= 0`.
  public var expected: String
  /// What the value was, e.g. `-1.5`.
  public var found: String

  public init(path: JSONPath, expected: String, found: String) {
    self.path = path
    self.expected = expected
    self.found = found
  }

  public var description: String {
    "\(path): expected \(expected), found \(found)"
  }
}
