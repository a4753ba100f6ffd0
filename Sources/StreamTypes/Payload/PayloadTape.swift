import Foundation

// The payload tape: the token positions one scan records while it checks a payload, the
// lookups over them, and the reading of scalars with the rules both decoders share.

/// One value in the payload, in document order. An object's tokens are its keys and values
/// alternating.
struct TapeToken {
  enum Kind: UInt8 {
    case object, array, string, escapedString, integer, number, `true`, `false`, null
  }

  var kind: Kind
  /// Strings: the content's first byte; numbers: the first character; containers: the
  /// opening bracket.
  var start: Int
  /// Strings: just past the content; numbers: just past the last character.
  var end: Int
  /// The index of the token after this value and everything inside it.
  var next: Int
  /// Containers: the number of tokens directly inside (twice the members of an object).
  var count = 0
  /// Objects: whether two keys may be equal (or a key is escaped), so that a lookup must
  /// scan every member; false when the keys are certainly distinct.
  var mayRepeatKeys = false
  /// Numbers: the value, when the scanner converted it exactly in passing.
  var value: Double?
}

/// The arrays of a ``TapeSink``, kept by a reader from one payload to the next so that
/// reading a stream does not allocate them for every frame.
struct TapeStorage {
  fileprivate var tokens: [TapeToken] = []
  fileprivate var open: [(parent: Int, keyFingerprints: UInt64)] = []

  init() {}

  fileprivate init(tokens: [TapeToken], open: [(parent: Int, keyFingerprints: UInt64)]) {
    self.tokens = tokens
    self.open = open
  }
}

/// Records the scanner's values as a tape.
struct TapeSink: JSONScanSink {
  var tokens: [TapeToken] = []
  /// The innermost open container's token, or -1, and the fingerprints of its keys so far
  /// (one bit each); the outer ones wait on `open`.
  private var parent = -1
  private var keyFingerprints: UInt64 = 0
  private var open: [(parent: Int, keyFingerprints: UInt64)] = []

  init(capacity: Int) {
    tokens.reserveCapacity(capacity)
    open.reserveCapacity(8)
  }

  /// A sink that records into the arrays of an earlier one, emptied: in place when
  /// nothing else holds them.
  init(reusing storage: TapeStorage) {
    tokens = storage.tokens
    open = storage.open
    tokens.removeAll(keepingCapacity: true)
    open.removeAll(keepingCapacity: true)
  }

  /// The arrays, for the next payload's sink.
  var storage: TapeStorage { TapeStorage(tokens: tokens, open: open) }

  private mutating func add(_ kind: TapeToken.Kind, _ start: Int, _ end: Int) {
    if parent >= 0 { tokens[parent].count += 1 }
    tokens.append(TapeToken(kind: kind, start: start, end: end, next: tokens.count + 1))
  }

  mutating func beginContainer(isObject: Bool, at offset: Int) {
    if parent >= 0 { tokens[parent].count += 1 }
    open.append((parent, keyFingerprints))
    parent = tokens.count
    keyFingerprints = 0
    tokens.append(TapeToken(kind: isObject ? .object : .array, start: offset, end: offset, next: 0))
  }

  mutating func endContainer(at offset: Int) {
    tokens[parent].end = offset
    tokens[parent].next = tokens.count
    (parent, keyFingerprints) = open.removeLast()
  }

  mutating func string(start: Int, end: Int, escaped: Bool) {
    add(escaped ? .escapedString : .string, start, end)
  }

  mutating func key(start: Int, end: Int, escaped: Bool, fingerprint: Int) {
    add(escaped ? .escapedString : .string, start, end)
    let bit: UInt64 = 1 << UInt64(fingerprint)
    if escaped || keyFingerprints & bit != 0 { tokens[parent].mayRepeatKeys = true }
    keyFingerprints |= bit
  }

  static var keepsNumberValues: Bool { true }

  mutating func number(start: Int, end: Int, isInteger: Bool, value: Double?) {
    add(isInteger ? .integer : .number, start, end)
    tokens[tokens.count - 1].value = value
  }

  mutating func literal(_ literal: JSONLiteral, at offset: Int) {
    switch literal {
    case .true: add(.true, offset, offset + 4)
    case .false: add(.false, offset, offset + 5)
    case .null: add(.null, offset, offset + 4)
    }
  }
}

/// A checked payload and its tape; token offsets count from the payload's first byte.
@usableFromInline
final class PayloadTape {
  let bytes: ArraySlice<UInt8>
  let tokens: [TapeToken]
  /// Where the next key lookup in object `hintObject` starts: just past the member found
  /// last, as generated code reads fields in the order they are usually written.
  @exclusivity(unchecked) private var hintObject = -1
  @exclusivity(unchecked) private var hint = 0

  /// Checks `bytes` and records its tape, or throws its first syntax error.
  convenience init(_ bytes: ArraySlice<UInt8>, maxDepth: Int) throws(JSONSyntaxError) {
    var storage = TapeStorage()
    try self.init(bytes, maxDepth: maxDepth, reusing: &storage)
  }

  /// Checks `bytes` and records its tape in the arrays of `storage` (a tape of an earlier
  /// payload), then leaves them there for the next one. The tape shares them: they are
  /// refilled in place next time only if the tape is gone by then, copied otherwise.
  init(
    _ bytes: ArraySlice<UInt8>,
    maxDepth: Int,
    reusing storage: inout TapeStorage
  ) throws(JSONSyntaxError) {
    var sink =
      storage.tokens.capacity == 0
      // A rough guess: JSON spends a few bytes per token.
      ? TapeSink(capacity: min(bytes.count / 4 + 4, 4096)) : TapeSink(reusing: storage)
    // The sink's arrays are now referenced only there.
    storage = TapeStorage()
    try JSONChecker.scan(bytes, maxDepth: maxDepth, into: &sink)
    self.bytes = bytes
    self.tokens = sink.tokens
    storage = sink.storage
  }

  func content(_ token: TapeToken) -> ArraySlice<UInt8> {
    bytes[bytes.startIndex + token.start..<bytes.startIndex + token.end]
  }

  func string(_ token: TapeToken) -> String {
    token.kind == .escapedString
      ? JSONStringContent.unescape(content(token)) : String(decoding: content(token), as: UTF8.self)
  }

  /// Key lookup for the object at `index` when it is large (a map); small objects are
  /// searched in place. A repeated key keeps its last value, as in pydantic.
  func keyPositions(ofObject index: Int) -> [String: Int]? {
    let token = tokens[index]
    guard token.count > 32 else { return nil }
    var positions: [String: Int] = [:]
    var child = index + 1
    while child < token.next {
      positions[string(tokens[child])] = child + 1
      child = tokens[child + 1].next
    }
    return positions
  }

  /// The index of the value token for `name` in the object at `index`; the last one when
  /// the key repeats.
  func valueIndex(ofObject index: Int, positions: [String: Int]?, key name: String) -> Int? {
    if let positions { return positions[name] }
    // One pass over the raw tokens and bytes: plain keys are compared byte for byte with
    // the name's UTF-8, escaped keys (rare) as strings.
    var name = name
    name.makeContiguousUTF8()  // Nothing to do for native strings.
    let key = name
    return key.utf8.withContiguousStorageIfAvailable { name -> Int? in
      tokens.withUnsafeBufferPointer { tokens in
        bytes.withUnsafeBufferPointer { payload in
          let end = tokens[index].next
          let length = name.count
          func isPlainKey(_ token: TapeToken) -> Bool {
            token.end - token.start == length
              && ByteScanning.equal(
                payload.baseAddress! + token.start,
                name.baseAddress,
                count: length
              )
          }
          if !tokens[index].mayRepeatKeys {
            // Distinct plain keys: the first match is the only one. Start where the last
            // lookup in this object ended, and wrap around once.
            guard index + 1 < end else { return nil }
            var child = hintObject == index && hint < end ? hint : index + 1
            let first = child
            repeat {
              if isPlainKey(tokens[child]) {
                hintObject = index
                hint = tokens[child + 1].next
                return child + 1
              }
              child = tokens[child + 1].next
              if child >= end { child = index + 1 }
            } while child != first
            return nil
          }
          var found: Int?
          var child = index + 1
          while child < end {
            let token = tokens[child]
            if token.kind == .string ? isPlainKey(token) : string(token) == key {
              found = child + 1
            }
            child = tokens[child + 1].next
          }
          return found
        }
      }
    }!
  }

  /// The path from the payload's root to the value at token `target`, found by descending
  /// the tape. A key that spells an integer (a map's key) is an index, as in `Decoder`s; a
  /// model's field names never do.
  func path(to target: Int) -> JSONPath {
    var components: [JSONPath.Component] = []
    var container = 0
    while container != target {
      let token = tokens[container]
      var child = container + 1
      var found: Int?
      if token.kind == .object {
        while child < token.next {
          let value = child + 1
          if value <= target && target < tokens[value].next {
            let name = string(tokens[child])
            components.append(Int(name).map { .index($0) } ?? .key(name))
            found = value
            break
          }
          child = tokens[value].next
        }
      } else if token.kind == .array {
        var position = 0
        while child < token.next {
          if child <= target && target < tokens[child].next {
            components.append(.index(position))
            found = child
            break
          }
          child = tokens[child].next
          position += 1
        }
      }
      guard let found else { break }
      container = found
    }
    return JSONPath(components: components)
  }

  /// The payload offset of the value at `path`, for an error's faulting byte: a string's
  /// opening quote, a container's bracket, a number's or literal's first byte. Where the
  /// path leaves the document (a missing field), the deepest value on it that exists.
  /// A key that spells an integer may stand for an index, as ``path(to:)`` writes it.
  func offset(of path: JSONPath) -> Int {
    var index = 0
    for component in path.components {
      let token = tokens[index]
      var found: Int?
      switch (token.kind, component) {
      case (.object, .key(let name)):
        found = valueIndex(ofObject: index, positions: nil, key: name)
      case (.object, .index(let position)):
        found = valueIndex(ofObject: index, positions: nil, key: String(position))
      case (.array, .index(let position)) where position >= 0 && position < token.count:
        var child = index + 1
        for _ in 0..<position { child = tokens[child].next }
        found = child
      default:
        break
      }
      guard let found else { break }
      index = found
    }
    let token = tokens[index]
    switch token.kind {
    case .string, .escapedString: return token.start - 1
    default: return token.start
    }
  }

  /// The keys of the object at `index` in document order, each once.
  func keyNames(ofObject index: Int) -> [String] {
    let end = tokens[index].next
    var names: [String] = []
    var seen: Set<String> = []
    var child = index + 1
    while child < end {
      let name = string(tokens[child])
      if seen.insert(name).inserted { names.append(name) }
      child = tokens[child + 1].next
    }
    return names
  }

  /// The value at `index` as an error message shows it: strings and numbers as literals,
  /// containers by kind.
  func describe(_ index: Int) -> String {
    let token = tokens[index]
    switch token.kind {
    case .object: return "object"
    case .array: return "array"
    case .string, .escapedString: return "string " + JSONText.excerpt(string(token))
    case .integer, .number:
      let text = content(token)
      let shown = String(decoding: text.prefix(40), as: UTF8.self)
      return text.count > 40 ? shown + "…" : shown
    case .true: return "true"
    case .false: return "false"
    case .null: return "null"
    }
  }

  func jsonValue(_ index: Int) -> JSONValue {
    let token = tokens[index]
    switch token.kind {
    case .null: return .null
    case .true: return .bool(true)
    case .false: return .bool(false)
    case .string, .escapedString: return .string(string(token))
    case .integer:
      // The checker let through integer literals of any length within a double's range.
      if let value = integer(token, as: Int.self) { return .int(value) }
      return .bigInteger(
        JSONBigInteger(checkedDigits: String(decoding: content(token), as: UTF8.self))
      )
    case .number: return .double(double(token))
    case .array:
      var values: [JSONValue] = []
      values.reserveCapacity(token.count)
      var child = index + 1
      while child < token.next {
        values.append(jsonValue(child))
        child = tokens[child].next
      }
      return .array(values)
    case .object:
      var values: [String: JSONValue] = [:]
      values.reserveCapacity(token.count / 2)
      var child = index + 1
      while child < token.next {
        let value = child + 1
        values[string(tokens[child])] = jsonValue(value)
        child = tokens[value].next
      }
      return .object(values)
    }
  }

  /// An integer literal as `T`, or nil when it does not fit.
  func integer<T: FixedWidthInteger>(_ token: TapeToken, as type: T.Type) -> T? {
    var value: T = 0
    var negative = false
    for byte in content(token) {
      if byte == UInt8(ascii: "-") {
        negative = true
        continue
      }
      let digit = T(byte - UInt8(ascii: "0"))
      let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
      let (next, overflow2) =
        negative
        ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
      if overflow || overflow2 { return nil }
      value = next
    }
    return value
  }

  /// A number token as a `Double`; the scanner guaranteed it is finite.
  func double(_ token: TapeToken) -> Double {
    // The scanner converted most numbers in passing; the rest take the conversion of text.
    if let value = token.value { return value }
    return content(token).withUnsafeBufferPointer {
      ByteScanning.double($0, from: 0, to: $0.count)
    }
  }
}

extension PayloadTape {
  /// Decodes the value at `index` as `T`. Scalars are read straight from the tape; other
  /// types decode themselves from a ``TapeDecoder``.
  func decode<T: Decodable>(
    _ type: T.Type,
    at index: Int,
    codingPath: [any CodingKey]
  ) throws
    -> T
  {
    if T.self == String.self { return try decodeString(at: index, codingPath) as! T }
    if T.self == Int.self { return try decodeInteger(Int.self, at: index, codingPath) as! T }
    if T.self == Double.self { return try decodeDouble(at: index, codingPath) as! T }
    if T.self == Bool.self { return try decodeBool(at: index, codingPath) as! T }
    if T.self == Float.self { return Float(try decodeDouble(at: index, codingPath)) as! T }
    if T.self == Date.self {
      let decoder = TapeDecoder(tape: self, index: index, codingPath: codingPath)
      return try RFC3339Date(from: decoder).date as! T
    }
    if let integerType = T.self as? any FixedWidthInteger.Type {
      return try decodeInteger(integerType, at: index, codingPath) as! T
    }
    return try T(from: TapeDecoder(tape: self, index: index, codingPath: codingPath))
  }

  func decodeString(at index: Int, _ codingPath: [any CodingKey]) throws -> String {
    guard let value = stringValue(at: index) else {
      throw mismatch(String.self, Self.stringExpectation, at: index, codingPath)
    }
    return value
  }

  func decodeBool(at index: Int, _ codingPath: [any CodingKey]) throws -> Bool {
    guard let value = boolValue(at: index) else {
      throw mismatch(Bool.self, Self.boolExpectation, at: index, codingPath)
    }
    return value
  }

  func decodeDouble(at index: Int, _ codingPath: [any CodingKey]) throws -> Double {
    guard let value = doubleValue(at: index) else {
      throw mismatch(Double.self, Self.doubleExpectation, at: index, codingPath)
    }
    return value
  }

  // The rules of string, boolean and number fields, which both decoders apply: each gives
  // the value, or nil when the token is of another kind; each decoder then throws its own
  // error, which expects the text below.

  @inline(__always)
  func stringValue(at index: Int) -> String? {
    let token = tokens[index]
    guard token.kind == .string || token.kind == .escapedString else { return nil }
    return string(token)
  }

  @inline(__always)
  func boolValue(at index: Int) -> Bool? {
    switch tokens[index].kind {
    case .true: true
    case .false: false
    default: nil
    }
  }

  /// Accepts any number, integer literals included.
  @inline(__always)
  func doubleValue(at index: Int) -> Double? {
    let token = tokens[index]
    guard token.kind == .integer || token.kind == .number else { return nil }
    return double(token)
  }

  static var stringExpectation: String { "string" }
  static var boolExpectation: String { "boolean" }
  static var doubleExpectation: String { "number" }

  /// Accepts an integer literal, or, as pydantic does, a number with no fractional part.
  func decodeInteger<T: FixedWidthInteger>(
    _ type: T.Type,
    at index: Int,
    _ codingPath: [any CodingKey]
  ) throws -> T {
    let token = tokens[index]
    guard let value = integerValue(token, as: T.self) else {
      throw mismatch(T.self, Self.integerExpectation(token, as: T.self), at: index, codingPath)
    }
    return value
  }

  /// The rule of integer fields, which both decoders apply: an integer literal that fits
  /// in `T`, or, as pydantic accepts, a number with no fractional part that does.
  @inline(__always)
  func integerValue<T: FixedWidthInteger>(_ token: TapeToken, as type: T.Type) -> T? {
    switch token.kind {
    case .integer:
      return integer(token, as: T.self)
    case .number:
      let number = double(token)
      return number.rounded() == number ? T(exactly: number) : nil
    default:
      return nil
    }
  }

  /// What an integer field of type `T` expected when `integerValue` found nothing: an
  /// `int` (64 bits) says so for whole numbers beyond its range, such as Python's big
  /// integers, which `float` and `json` fields accept.
  static func integerExpectation<T: FixedWidthInteger>(
    _ token: TapeToken,
    as type: T.Type
  ) -> String {
    guard T.self == Int.self || T.self == Int64.self else {
      return "integer from \(T.min) to \(T.max)"
    }
    return token.kind == .integer ? "integer within signed 64 bits" : "integer"
  }

  /// The error for a value of the wrong kind, carrying the exact violation as its underlying
  /// error. A `null` is reported as `valueNotFound`, as Foundation's decoders do.
  func mismatch(
    _ type: Any.Type,
    _ expected: String,
    at index: Int,
    _ codingPath: [any CodingKey]
  ) -> DecodingError {
    let violation = mismatchViolation(expected, at: index, JSONPath(codingPath: codingPath))
    let context = DecodingError.Context(
      codingPath: codingPath,
      debugDescription: violation.description,
      underlyingError: violation
    )
    return tokens[index].kind == .null
      ? .valueNotFound(type, context) : .typeMismatch(type, context)
  }
}

extension PayloadTape {
  /// The violation of a value of the wrong kind.
  func mismatchViolation(_ expected: String, at index: Int, _ path: JSONPath) -> SchemaViolation {
    SchemaViolation(path: path, expected: expected, found: describe(index))
  }
}
