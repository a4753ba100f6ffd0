/// The constraint keywords of the schema language, in the order every path checks them.
///
/// This table is the one place a keyword is defined. The compiler's parser takes the
/// keywords from it, its checker the measure (which decides where a keyword
/// applies and how its bound is written), the emitter the `Constraint` function generated
/// code calls, and the schema-driven validator, the check of schema defaults and the
/// validator's fast path the same condition through `Constraint.holds`. A new
/// keyword whose measure exists is a new case here and nothing else.
///
/// Public, not only for generated code: it describes the schema language, e.g. for a
/// tool that lists the keywords.
public enum ConstraintKind: String, CaseIterable, Hashable, Sendable {
  case minimum
  case exclusiveMinimum
  case maximum
  case exclusiveMaximum
  case minLength
  case maxLength
  case pattern
  case minItems
  case maxItems
  case shape

  /// What a keyword measures, and so which values it applies to and which `Constraint`
  /// function checks it.
  public enum Measure: String, Sendable {
    /// The number itself, compared with a number bound (int and float fields).
    case number
    /// A string's length in Unicode scalars, compared with a count (string fields).
    case length
    /// A collection's count of items, compared with a count (list and map fields).
    case items
    /// Whether a string matches a pattern somewhere (string fields).
    case pattern
    /// An n-dimensional array's shape, against a pattern of dimensions where nil matches
    /// any (ndarray fields).
    case shape
  }

  /// How the measure must compare with the bound; nil for a pattern and a shape.
  public enum Comparison: Sendable {
    case atLeast
    case above
    case atMost
    case below

    /// Whether the comparison bounds from below.
    @inlinable
    public var isLower: Bool { self == .atLeast || self == .above }
  }

  /// The keyword in a schema file.
  public var keyword: String {
    switch self {
    case .minimum: "minimum"
    case .exclusiveMinimum: "exclusive_minimum"
    case .maximum: "maximum"
    case .exclusiveMaximum: "exclusive_maximum"
    case .minLength: "min_length"
    case .maxLength: "max_length"
    case .pattern: "pattern"
    case .minItems: "min_items"
    case .maxItems: "max_items"
    case .shape: "shape"
    }
  }

  // Inlinable, so that a generated check of a constant kind compiles to the comparison.
  @inlinable
  public var measure: Measure {
    switch self {
    case .minimum, .exclusiveMinimum, .maximum, .exclusiveMaximum: .number
    case .minLength, .maxLength: .length
    case .pattern: .pattern
    case .minItems, .maxItems: .items
    case .shape: .shape
    }
  }

  @inlinable
  public var comparison: Comparison? {
    switch self {
    case .minimum, .minLength, .minItems: .atLeast
    case .exclusiveMinimum: .above
    case .maximum, .maxLength, .maxItems: .atMost
    case .exclusiveMaximum: .below
    case .pattern, .shape: nil
    }
  }

  /// The kind whose keyword is `keyword`, if any.
  public init?(keyword: String) {
    guard let kind = Self.allCases.first(where: { $0.keyword == keyword }) else { return nil }
    self = kind
  }

  /// What a value must be to meet the constraint, as violations and diagnostics say it.
  public func expectation(_ bound: String) -> String {
    let sign: String =
      switch comparison {
      case .atLeast: ">="
      case .above: ">"
      case .atMost: "<="
      case .below: "<"
      case nil: ""
      }
    let lower = comparison?.isLower ?? false
    return switch measure {
    case .number: "number \(sign) \(bound)"
    case .length: "string of \(lower ? "at least" : "at most") \(bound) Unicode scalars"
    case .items: "\(lower ? "at least" : "at most") \(bound) items"
    case .pattern: "string matching /\(bound)/"
    case .shape: "shape \(bound)"
    }
  }
}

/// A constraint's bound as the schema wrote it: a number (kept as an integer when it was
/// one), a count, or a pattern.
public enum ConstraintBound: Hashable, Sendable, CustomStringConvertible {
  case int(Int)
  case double(Double)
  case pattern(String)
  /// Dimensions, nil for any size: `[null, 80]`.
  case shape([Int?])

  public var doubleValue: Double {
    switch self {
    case .int(let value): Double(value)
    case .double(let value): value
    case .pattern, .shape: .nan
    }
  }

  public var description: String {
    switch self {
    case .int(let value): "\(value)"
    case .double(let value): "\(value)"
    case .pattern(let text): text
    case .shape(let dimensions): Constraint.shapeText(dimensions)
    }
  }
}

/// A value as the constraints see it, for the paths that hold values without a Swift type
/// (the schema-driven validator, schema defaults, the validator's fast path).
@_spi(Generated)
public enum ConstraintSubject: Sendable {
  case int(Int)
  case double(Double)
  case string(String)
  /// A list's or a map's count of items.
  case items(Int)
  /// A string's length in Unicode scalars, for a path that counts them without making the
  /// string (the validator's fast path).
  case length(Int)
  /// An n-dimensional array's shape.
  case shape([Int])
}

/// The constraint checks. Generated `validate(at:deep:)` methods and writers call the typed
/// functions, one per ``ConstraintKind/Measure``; the paths without Swift types call
/// ``holds(_:_:_:)`` and ``check(_:_:_:at:)``, which route to the same functions. Each
/// throwing check throws a ``SchemaViolation`` naming the path, what the schema asks for
/// and what the value was.
@_spi(Generated)
public enum Constraint {
  // MARK: The conditions

  /// Whether `measure` compares with `bound` as `kind` asks.
  @inlinable
  public static func compares<N: Comparable>(
    _ kind: ConstraintKind,
    _ measure: N,
    _ bound: N
  ) -> Bool {
    switch kind.comparison {
    case .atLeast: measure >= bound
    case .above: measure > bound
    case .atMost: measure <= bound
    case .below: measure < bound
    // A pattern has no comparison: it never holds as one.
    case nil: false
    }
  }

  /// A number constraint (`minimum`, `exclusive_minimum`, ...).
  @inlinable
  public static func number<N: Comparable>(
    _ kind: ConstraintKind,
    _ value: N,
    _ bound: N
  )
    -> Bool
  {
    compares(kind, value, bound)
  }

  /// A length constraint. Lengths count Unicode scalars, as JSON Schema counts code points.
  /// A scalar takes one to four UTF-8 bytes, so the count lies between a quarter of the byte
  /// count (rounded up) and the byte count: when the comparison holds at both ends, it holds
  /// without counting.
  @inlinable
  public static func length(_ kind: ConstraintKind, _ value: String, _ bound: Int) -> Bool {
    if length(kind, holdsForAnyScalarCountOf: value.utf8.count, bound) { return true }
    return compares(kind, value.unicodeScalars.count, bound)
  }

  /// Whether a length constraint holds for every scalar count that `utf8Count` bytes of
  /// valid UTF-8 can hold (a quarter of them, rounded up, to all of them): then it holds
  /// for the text without counting. False when it may not.
  @inlinable
  public static func length(
    _ kind: ConstraintKind,
    holdsForAnyScalarCountOf utf8Count: Int,
    _ bound: Int
  ) -> Bool {
    compares(kind, utf8Count, bound) && compares(kind, (utf8Count + 3) / 4, bound)
  }

  /// An item-count constraint (`min_items`, `max_items`) on a collection's count.
  @inlinable
  public static func items(_ kind: ConstraintKind, _ count: Int, _ bound: Int) -> Bool {
    compares(kind, count, bound)
  }

  /// A pattern constraint: the pattern must match somewhere in the string, as in JSON
  /// Schema; anchor it with `^` and `$` to match the whole string.
  public static func pattern(_ kind: ConstraintKind, _ value: String, _ pattern: String) -> Bool {
    kind == .pattern && matches(value, pattern)
  }

  /// A shape constraint: the same rank, and every dimension the bound gives.
  public static func shape(_ kind: ConstraintKind, _ shape: [Int], _ bound: [Int?]) -> Bool {
    kind == .shape && shape.count == bound.count
      && zip(shape, bound).allSatisfy { dimension, expected in
        expected.map { $0 == dimension } ?? true
      }
  }

  /// A shape as JSON text: `[2, 80]`, `[null, 80]`.
  public static func shapeText(_ dimensions: [Int?]) -> String {
    "[" + dimensions.map { $0.map(String.init) ?? "null" }.joined(separator: ", ") + "]"
  }

  /// Whether `pattern` matches somewhere in `value`.
  public static func matches(_ value: String, _ pattern: String) -> Bool {
    PatternCache.shared.matches(value, pattern: pattern)
  }

  // MARK: The checks

  @inlinable
  public static func number<N: Comparable & Sendable>(
    _ kind: ConstraintKind,
    _ value: N,
    _ bound: N,
    at path: @autoclosure () -> JSONPath
  ) throws {
    if !number(kind, value, bound) {
      throw violation(path(), kind, "\(bound)", "\(value)")
    }
  }

  public static func length(
    _ kind: ConstraintKind,
    _ value: String,
    _ bound: Int,
    at path: @autoclosure () -> JSONPath
  ) throws {
    if !length(kind, value, bound) {
      let found = "\(value.unicodeScalars.count) (\(JSONText.excerpt(value)))"
      throw violation(path(), kind, "\(bound)", found)
    }
  }

  @inlinable
  public static func items(
    _ kind: ConstraintKind,
    _ count: Int,
    _ bound: Int,
    at path: @autoclosure () -> JSONPath
  ) throws {
    if !items(kind, count, bound) {
      throw violation(path(), kind, "\(bound)", "\(count)")
    }
  }

  public static func pattern(
    _ kind: ConstraintKind,
    _ value: String,
    _ pattern: String,
    at path: @autoclosure () -> JSONPath
  ) throws {
    if !self.pattern(kind, value, pattern) {
      throw violation(path(), kind, pattern, JSONText.excerpt(value))
    }
  }

  public static func shape(
    _ kind: ConstraintKind,
    _ shape: [Int],
    _ bound: [Int?],
    at path: @autoclosure () -> JSONPath
  ) throws {
    if !self.shape(kind, shape, bound) {
      throw violation(path().appending(key: "shape"), kind, shapeText(bound), shapeText(shape))
    }
  }

  // MARK: Values without Swift types

  /// Whether `subject` meets the constraint `kind` with `bound`: the typed condition of the
  /// constraint's measure. A subject the constraint does not apply to never meets it.
  public static func holds(
    _ kind: ConstraintKind,
    _ subject: ConstraintSubject,
    _ bound: ConstraintBound
  ) -> Bool {
    (try? check(kind, subject, bound, at: .root)) != nil
  }

  /// Checks `subject` against the constraint `kind` with `bound`, throwing what the typed
  /// check throws.
  public static func check(
    _ kind: ConstraintKind,
    _ subject: ConstraintSubject,
    _ bound: ConstraintBound,
    at path: @autoclosure () -> JSONPath
  ) throws {
    switch (kind.measure, subject, bound) {
    case (.number, .int(let value), .int(let bound)):
      try number(kind, value, bound, at: path())
    case (.number, .int(let value), .double(let bound)):
      try number(kind, Double(value), bound, at: path())
    case (.number, .double(let value), .int), (.number, .double(let value), .double):
      try number(kind, value, bound.doubleValue, at: path())
    case (.length, .string(let value), .int(let bound)):
      try length(kind, value, bound, at: path())
    case (.length, .length(let count), .int(let bound)):
      if !compares(kind, count, bound) { throw violation(path(), kind, "\(bound)", "\(count)") }
    case (.items, .items(let count), .int(let bound)):
      try items(kind, count, bound, at: path())
    case (.pattern, .string(let value), .pattern(let pattern)):
      try self.pattern(kind, value, pattern, at: path())
    case (.shape, .shape(let shape), .shape(let bound)):
      try self.shape(kind, shape, bound, at: path())
    default:
      throw violation(path(), kind, "\(bound)", "a value it does not apply to")
    }
  }

  // MARK: Models inside collections

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
    _ kind: ConstraintKind,
    _ bound: String,
    _ found: String
  )
    -> SchemaViolation
  {
    SchemaViolation(path: path, expected: kind.expectation(bound), found: found)
  }
}
