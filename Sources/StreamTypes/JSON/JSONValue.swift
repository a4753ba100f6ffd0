import Foundation

/// Any JSON value: the Swift type of the schema's `json` fields.
///
/// Integer literals decode as ``int(_:)`` and numbers with a fraction or an exponent as
/// ``double(_:)``, so `1` and `1.0` stay apart through a round trip with the runtime's
/// coders. An integer literal beyond 64 bits (Python writes its big integers as they are)
/// decodes as ``bigInteger(_:)`` with its exact digits. Objects are encoded with their keys
/// sorted, so the output is deterministic.
public enum JSONValue: Hashable, Sendable, Codable {
  case null
  case bool(Bool)
  case int(Int)
  /// An integer literal outside `Int`'s range (and within a `Double`'s), kept digit for
  /// digit.
  case bigInteger(JSONBigInteger)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  public init(from decoder: any Decoder) throws {
    // The runtime's decoder knows how each number was written; others are asked in turn.
    if let tapeDecoder = decoder as? TapeDecoder {
      self = tapeDecoder.jsonValue()
      return
    }
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int.self) {
      self = .int(value)
    } else if let value = try? container.decode(Double.self) {
      self = .double(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else if let value = try? container.decode([String: JSONValue].self) {
      self = .object(value)
    } else {
      throw SchemaViolation(
        path: JSONPath(codingPath: decoder.codingPath),
        expected: "a JSON value",
        found: "a value of no JSON type"
      )
    }
  }

  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .null:
      var container = encoder.singleValueContainer()
      try container.encodeNil()
    case .bool(let value):
      var container = encoder.singleValueContainer()
      try container.encode(value)
    case .int(let value):
      var container = encoder.singleValueContainer()
      try container.encode(value)
    case .bigInteger(let value):
      try value.encode(to: encoder)
    case .double(let value):
      var container = encoder.singleValueContainer()
      try container.encode(value)
    case .string(let value):
      var container = encoder.singleValueContainer()
      try container.encode(value)
    case .array(let values):
      var container = encoder.unkeyedContainer()
      for value in values { try container.encode(value) }
    case .object(let values):
      var container = encoder.container(keyedBy: JSONKey.self)
      for key in values.keysInByteOrder {
        try container.encode(values[key]!, forKey: JSONKey(key))
      }
    }
  }
}

extension JSONValue: ExpressibleByNilLiteral {
  public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByBooleanLiteral {
  public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
  public init(integerLiteral value: Int) { self = .int(value) }
}

extension JSONValue: ExpressibleByFloatLiteral {
  public init(floatLiteral value: Double) { self = .double(value) }
}

extension JSONValue: ExpressibleByStringLiteral {
  public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
  /// A repeated key keeps its last value, as JSON parsers do.
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
}

/// An integer beyond 64 bits, as its exact decimal digits: how a `json` value holds an
/// integer literal such as `100000000000000000000`, which Python writes for its big
/// integers. Only canonical text is accepted (`-`, then digits without leading zeros), only
/// for integers outside `Int`'s range, and only up to a `Double`'s range (about 1.8e308,
/// beyond which no JSON number is accepted), so equal integers have equal digits and every
/// integer has exactly one `JSONValue`.
public struct JSONBigInteger: Hashable, Sendable, CustomStringConvertible {
  /// The decimal digits, after a `-` when negative.
  public let digits: String

  /// The integer written as `text`; nil when it is not a canonical integer literal, fits in
  /// `Int` (that is ``JSONValue/int(_:)``) or lies beyond a `Double`'s range.
  public init?(_ text: String) {
    let utf8 = Array(text.utf8)
    let body = utf8.first == UInt8(ascii: "-") ? utf8.dropFirst() : utf8[...]
    guard let first = body.first, first != UInt8(ascii: "0"),
      body.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }), Int(text) == nil,
      Double(text)?.isFinite == true
    else { return nil }
    digits = text
  }

  /// For text the JSON checker has accepted as an integer literal that `Int` cannot hold.
  init(checkedDigits: String) { digits = checkedDigits }

  public var description: String { digits }

  /// The digits as an error message shows them, cut after 40 characters.
  var shown: String {
    digits.count > 40 ? digits.prefix(40) + "… (\(digits.count) characters)" : digits
  }

  /// The nearest `Double`, as `Double(String)` rounds it.
  public var doubleValue: Double {
    var text = digits
    return text.withUTF8 { ByteScanning.double($0, from: 0, to: $0.count) }
  }

  /// Through an encoder other than the runtime's writer, the integer is a `Decimal` (which
  /// `JSONEncoder` writes as its digits) when a `Decimal` holds it exactly (about 38
  /// significant digits, then trailing zeros); another one throws rather than lose digits.
  func encode(to encoder: any Encoder) throws {
    guard let decimal = Decimal(string: digits, locale: nil), decimal.description == digits
    else {
      throw EncodingError.invalidValue(
        digits,
        EncodingError.Context(
          codingPath: encoder.codingPath,
          debugDescription:
            "the integer \(shown) has more significant digits than a Decimal holds; "
            + "JSONWriter (and PayloadCodec.encode) write it exactly"
        )
      )
    }
    var container = encoder.singleValueContainer()
    try container.encode(decimal)
  }
}

/// A coding key for any object key.
struct JSONKey: CodingKey {
  var stringValue: String
  var intValue: Int?

  init(_ string: String) {
    stringValue = string
    intValue = nil
  }

  init(stringValue: String) { self.init(stringValue) }

  init(intValue: Int) {
    stringValue = "Index \(intValue)"
    self.intValue = intValue
  }
}
