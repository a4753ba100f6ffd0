@_spi(Generated) import StreamTypes

/// Swift literal syntax for values from schemas.
enum SwiftLiteral {
  /// A raw string literal (`#"{"id":"#`) for text with quotes, when it needs no escape;
  /// otherwise an ordinary literal.
  static func rawString(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
    guard plain, !text.contains("\\"), !text.contains("\"#") else { return string(text) }
    return "#\"\(text)\"#"
  }

  static func string(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": result += "\\\\"
      case "\"": result += "\\\""
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F || !scalar.properties.isPrintable:
        result += "\\u{\(String(scalar.value, radix: 16))}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }

  /// A `json` default as a `JSONValue` expression; object keys in byte order, so the
  /// output is deterministic.
  static func json(_ value: JSONValue) -> String {
    switch value {
    case .null: ".null"
    case .bool(let bool): ".bool(\(bool))"
    case .int(let int): ".int(\(int))"
    case .bigInteger(let integer): ".bigInteger(StreamTypes.JSONBigInteger(\"\(integer.digits)\")!)"
    case .double(let double): ".double(\(double))"
    case .string(let text): ".string(\(string(text)))"
    case .array(let elements): ".array([" + elements.map(json).joined(separator: ", ") + "])"
    case .object(let entries) where entries.isEmpty: ".object([:])"
    case .object(let entries):
      ".object(["
        + entries.keysInByteOrder.map { "\(string($0)): \(json(entries[$0]!))" }
        .joined(separator: ", ") + "])"
    }
  }
}

extension Unicode.Scalar.Properties {
  /// Whether the scalar can stand in a string literal as itself.
  fileprivate var isPrintable: Bool {
    switch generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator,
      .paragraphSeparator:
      false
    default:
      true
    }
  }
}

extension SwiftLiteral {
  /// A field's constant as a Swift literal of its type.
  static func constant(_ value: ConstValue) -> String {
    switch value {
    case .string(let text): string(text)
    case .int(let value): "\(value)"
    case .bool(let value): "\(value)"
    }
  }
}

extension ConstValue {
  /// The constant's JSON text when it is the same in every writer (no character that needs
  /// escaping), for a literal in generated writers; nil otherwise.
  var plainJSON: String? {
    guard case .string(let text) = self else { return json }
    let plain = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }
    return plain ? json : nil
  }
}
