/// The constraint checks that generated `validate(at:deep:)` methods call, one function a
/// schema keyword. Each throws a ``SchemaViolation`` naming the path, what the schema asks
/// for and what the value was.
@_spi(Generated)
public enum Constraint {
  @inlinable
  public static func minimum<N: Comparable & Sendable>(
    _ value: N,
    _ bound: N,
    at path: @autoclosure () -> JSONPath
  )
    throws
  {
    if !(value >= bound) { throw violation(path(), "number >= \(bound)", "\(value)") }
  }

  @inlinable
  public static func maximum<N: Comparable & Sendable>(
    _ value: N,
    _ bound: N,
    at path: @autoclosure () -> JSONPath
  )
    throws
  {
    if !(value <= bound) { throw violation(path(), "number <= \(bound)", "\(value)") }
  }

  @inlinable
  public static func exclusiveMinimum<N: Comparable & Sendable>(
    _ value: N,
    _ bound: N,
    at path: @autoclosure () -> JSONPath
  ) throws {
    if !(value > bound) { throw violation(path(), "number > \(bound)", "\(value)") }
  }

  @inlinable
  public static func exclusiveMaximum<N: Comparable & Sendable>(
    _ value: N,
    _ bound: N,
    at path: @autoclosure () -> JSONPath
  ) throws {
    if !(value < bound) { throw violation(path(), "number < \(bound)", "\(value)") }
  }

  /// Lengths count Unicode scalars, as JSON Schema counts code points.
  public static func minLength(
    _ value: String,
    _ bound: Int,
    at path: @autoclosure () -> JSONPath
  ) throws {
    if !hasMinLength(value, bound) {
      throw violation(
        path(),
        "string of at least \(bound) Unicode scalars",
        "\(value.unicodeScalars.count) (\(JSONText.excerpt(value)))"
      )
    }
  }

  public static func maxLength(
    _ value: String,
    _ bound: Int,
    at path: @autoclosure () -> JSONPath
  ) throws {
    if !hasMaxLength(value, bound) {
      throw violation(
        path(),
        "string of at most \(bound) Unicode scalars",
        "\(value.unicodeScalars.count) (\(JSONText.excerpt(value)))"
      )
    }
  }

  /// Whether `value` has at least `bound` Unicode scalars.
  @inlinable
  public static func hasMinLength(_ value: String, _ bound: Int) -> Bool {
    // A scalar takes one to four UTF-8 bytes: the byte count often decides alone.
    let bytes = value.utf8.count
    if (bytes + 3) / 4 >= bound { return true }
    return bytes >= bound && value.unicodeScalars.count >= bound
  }

  /// Whether `value` has at most `bound` Unicode scalars.
  @inlinable
  public static func hasMaxLength(_ value: String, _ bound: Int) -> Bool {
    value.utf8.count <= bound || value.unicodeScalars.count <= bound
  }

  /// The pattern must match somewhere in the string, as in JSON Schema; anchor it with `^`
  /// and `$` to match the whole string.
  public static func pattern(
    _ value: String,
    _ pattern: String,
    at path: @autoclosure () -> JSONPath
  ) throws {
    if !matches(value, pattern) {
      throw violation(path(), "string matching /\(pattern)/", JSONText.excerpt(value))
    }
  }

  /// Whether `pattern` matches somewhere in `value`.
  public static func matches(_ value: String, _ pattern: String) -> Bool {
    PatternCache.shared.matches(value, pattern: pattern)
  }

  @inlinable
  public static func minItems<C: Collection>(
    _ value: C,
    _ bound: Int,
    at path: @autoclosure () -> JSONPath
  ) throws {
    if value.count < bound {
      throw violation(path(), "at least \(bound) items", "\(value.count)")
    }
  }

  @inlinable
  public static func maxItems<C: Collection>(
    _ value: C,
    _ bound: Int,
    at path: @autoclosure () -> JSONPath
  ) throws {
    if value.count > bound {
      throw violation(path(), "at most \(bound) items", "\(value.count)")
    }
  }

  /// Validates every element of a list of models, with its index in the path.
  @inlinable
  public static func each<M: StreamModel>(
    _ values: [M],
    at path: @autoclosure () -> JSONPath
  ) throws {
    var index = 0
    for value in values {
      try value.validate(at: path().appending(index: index), deep: true)
      index += 1
    }
  }

  /// Validates every value of a map of models, in byte order of the keys, so the first
  /// violation reported is the same on every run.
  public static func each<M: StreamModel>(
    _ values: [String: M],
    at path: @autoclosure () -> JSONPath
  ) throws {
    for key in values.keysInByteOrder {
      try values[key]!.validate(at: path().appending(key: key), deep: true)
    }
  }

  @usableFromInline
  static func violation(
    _ path: JSONPath,
    _ expected: String,
    _ found: String
  )
    -> SchemaViolation
  {
    SchemaViolation(path: path, expected: expected, found: found)
  }
}
