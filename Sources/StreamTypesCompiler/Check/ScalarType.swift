import Foundation
@_spi(Generated) import StreamTypes

/// The built-in scalar types of the schema language, one row each: the one place that says,
/// for every stage, what a scalar is. The parser takes the names from here, the checker the
/// constraints that apply and how a default is read, the emitter the Swift types and
/// literals, the schema-driven validator how a payload value decodes. A new scalar type is
/// a case here plus its runtime type (its `PayloadDecodable` and `JSONWritable`
/// conformances); the validator's fast path says "not sure" for a scalar it does not know.
public enum ScalarType: String, CaseIterable, Hashable, Sendable {
  case string
  case int
  case float
  case bool
  case datetime
  case json
  case bytes

  // MARK: Checking

  /// The constraint measures that apply to fields of this type.
  var measures: [ConstraintKind.Measure] {
    switch self {
    case .string: [.length, .pattern]
    case .int, .float: [.number]
    case .bool, .datetime, .json, .bytes: []
    }
  }

  /// A schema default written at `node`, read with the rules a reader applies to a payload;
  /// nil after a diagnostic.
  func readDefault(
    _ node: YAMLNode,
    what: String,
    reader: inout DefaultValueReader
  ) -> DefaultValue? {
    var plain: String? = nil
    if case .scalar(let text, .plain) = node.kind { plain = text }
    switch self {
    case .string:
      guard case .scalar(let text, let style) = node.kind else {
        return reader.mismatch(node, "a string", what)
      }
      if style == .plain, let meaning = YAMLScalar.nonStringMeaning(text) {
        return reader.fail(
          node,
          "\(what) must be a string, but \(text) is read as \(meaning); quote it as \"\(text)\""
        )
      }
      return .string(text)
    case .int:
      guard let plain, let value = Int(plain) else {
        let beyond64Bits = plain.flatMap(JSONBigInteger.init(yamlInteger:)) != nil
        return reader.mismatch(
          node,
          beyond64Bits ? "an integer within signed 64 bits" : "an integer",
          what
        )
      }
      return .int(value)
    case .float:
      guard let plain, let value = Double(plain), value.isFinite else {
        return reader.mismatch(node, "a finite number", what)
      }
      return .double(value)
    case .bool:
      switch plain {
      case "true": return .bool(true)
      case "false": return .bool(false)
      default: return reader.mismatch(node, "true or false", what)
      }
    case .datetime:
      let example = "an RFC 3339 date-time such as 2026-11-24T10:00:00Z"
      guard case .scalar(let text, _) = node.kind else {
        return reader.mismatch(node, example, what)
      }
      switch RFC3339.parseResult(text) {
      case .success: return .datetime(text)
      case .failure(.malformed): return reader.mismatch(node, example, what)
      case .failure(let failure):
        return reader.fail(
          node,
          "\(what) must be \(failure.expected), found \(failure.found(reader.describe(node)))"
        )
      }
    case .json:
      return reader.json(node).map { .json($0) }
    case .bytes:
      guard case .scalar(let text, _) = node.kind else {
        return reader.mismatch(node, "a base64 string", what)
      }
      switch Self.base64Data(text) {
      case .success: return .string(text)
      case .failure(let problem): return reader.fail(node, "\(what) is not base64: \(problem)")
      }
    }
  }

  /// The bytes of a `bytes` default, read by the runtime's rule (`Base64Bytes`), or what is
  /// wrong with it.
  static func base64Data(_ text: String) -> Result<Data, Base64Problem> {
    do {
      let json = Data(JSONText.quoted(text).utf8)
      return .success(try JSONDecoder().decode(Base64Bytes.self, from: json).data)
    } catch let DecodingError.dataCorrupted(context) {
      let violation = context.underlyingError as? SchemaViolation
      return .failure(Base64Problem(description: violation?.found ?? context.debugDescription))
    } catch {
      return .failure(Base64Problem(description: "\(error)"))
    }
  }

  struct Base64Problem: Error, CustomStringConvertible {
    var description: String
  }

  // MARK: Emitting

  /// The Swift type of a field, qualified by its module.
  var swiftType: String {
    switch self {
    case .string: "Swift.String"
    case .int: "Swift.Int"
    case .float: "Swift.Double"
    case .bool: "Swift.Bool"
    case .datetime: "Foundation.Date"
    case .json: "StreamTypes.JSONValue"
    case .bytes: "Foundation.Data"
    }
  }

  /// The runtime type that generated code decodes and writes when it is not the Swift
  /// type, and the member of it that holds the Swift value.
  var wire: (type: String, member: String)? {
    switch self {
    case .datetime: ("StreamTypes.RFC3339Date", "date")
    case .bytes: ("StreamTypes.Base64Bytes", "data")
    case .string, .int, .float, .bool, .json: nil
    }
  }

  /// A default (as ``readDefault(_:what:reader:)`` read it) as a Swift expression.
  func literal(_ value: DefaultValue) -> String {
    if self == .bytes, case .string(let text) = value {
      let bytes = (try? Self.base64Data(text).get()) ?? Data()
      return "Foundation.Data([" + bytes.map { "\($0)" }.joined(separator: ", ") + "])"
    }
    return switch value {
    case .bool(let bool): "\(bool)"
    case .int(let int): "\(int)"
    case .double(let double): "\(double)"
    case .string(let text): SwiftLiteral.string(text)
    case .datetime(let text): "StreamTypes.RFC3339.parse(\(SwiftLiteral.string(text)))!"
    case .json(let json): SwiftLiteral.json(json)
    case .null, .enumCase, .list, .map, .model, .unionMember: "nil"
    }
  }

  // MARK: Validating

  /// Decodes a payload value as the `init(payload:)` of the Swift type does.
  func decode(_ value: PayloadValue) throws -> DynamicValue {
    switch self {
    case .string: .string(try value.decodeString())
    case .int: .int(try value.decodeInt())
    case .float: .double(try value.decodeDouble())
    case .bool: .bool(try value.decodeBool())
    case .datetime: .date(try RFC3339Date(payload: value).date)
    case .json: .json(try JSONValue(payload: value))
    case .bytes: .encoded(JSONWriter.encode(try Base64Bytes(payload: value)))
    }
  }

  /// A default as the value ``decode(_:)`` gives for it on the wire.
  func decoded(_ value: DefaultValue) -> DynamicValue {
    if self == .bytes, case .string(let text) = value {
      let bytes = (try? Self.base64Data(text).get()) ?? Data()
      return .encoded(JSONWriter.encode(Base64Bytes(bytes)))
    }
    return switch value {
    case .bool(let bool): .bool(bool)
    case .int(let int): .int(int)
    case .double(let double): .double(double)
    case .string(let text): .string(text)
    case .datetime(let text): RFC3339.parse(text).map { .date($0) } ?? .string(text)
    case .json(let json): .json(json)
    case .null, .enumCase, .list, .map, .model, .unionMember: .null
    }
  }

  /// A field's constant as the value ``decode(_:)`` gives for it.
  static func decoded(_ constant: ConstValue) -> DynamicValue {
    switch constant {
    case .string(let text): .string(text)
    case .int(let number): .int(number)
    case .bool(let bool): .bool(bool)
    }
  }
}
