import Foundation
@_spi(Generated) import StreamTypes

/// Python literals of schema values.
enum PythonLiteral {
  /// A string literal; the JSON form is one (`\uXXXX` escapes for control characters, every
  /// other character as itself in the UTF-8 source).
  static func string(_ text: String) -> String { JSONText.quoted(text) }

  /// A regular expression as a raw string when it can be one, so it reads as written.
  static func pattern(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    if plain, !text.contains("\""), !text.hasSuffix("\\") { return "r\"\(text)\"" }
    return string(text)
  }

  static func float(_ value: Double) -> String {
    let text = "\(value)"
    return text.contains(".") || text.contains("e") ? text : text + ".0"
  }

  static func bytes(_ data: Data) -> String {
    var text = "b\""
    for byte in data {
      switch byte {
      case 0x5C: text += "\\\\"
      case 0x22: text += "\\\""
      case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = String(byte, radix: 16)
        text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    return text + "\""
  }

  static func constant(_ value: ConstValue) -> String {
    switch value {
    case .string(let text): string(text)
    case .int(let number): "\(number)"
    case .bool(let bool): bool ? "True" : "False"
    }
  }

  static func json(_ value: JSONValue) -> String {
    switch value {
    case .null: "None"
    case .bool(let bool): bool ? "True" : "False"
    case .int(let int): "\(int)"
    case .bigInteger(let integer): integer.description
    case .double(let double): float(double)
    case .string(let text): string(text)
    case .array(let elements): "[" + elements.map(json).joined(separator: ", ") + "]"
    case .object(let entries):
      "{"
        + entries.keysInByteOrder.map { "\(string($0)): \(json(entries[$0]!))" }
        .joined(separator: ", ") + "}"
    }
  }
}

/// A schema `pattern` (the ECMA-262 subset of ``StringPattern``) in the syntax of
/// pydantic-core's Rust `regex` engine, which matches anywhere in the string as the schema
/// language does. The dialects differ where ECMA-262 classes are ASCII (`\d`, `\w`) and
/// Rust's are Unicode, so those are spelled as ASCII sets.
enum PythonPattern {
  static func translate(_ pattern: String) -> String {
    let ascii: [Character: (outside: String, inside: String)] = [
      "d": ("[0-9]", "0-9"), "D": ("[^0-9]", "[^0-9]"),
      "w": ("[0-9A-Za-z_]", "0-9A-Za-z_"), "W": ("[^0-9A-Za-z_]", "[^0-9A-Za-z_]"),
    ]
    var result = ""
    var inClass = false
    var iterator = Array(pattern).makeIterator()
    while let character = iterator.next() {
      if character == "\\" {
        guard let next = iterator.next() else {
          result.append(character)
          break
        }
        if let replacement = ascii[next] {
          result += inClass ? replacement.inside : replacement.outside
        } else {
          result.append(character)
          result.append(next)
        }
        continue
      }
      if character == "[" && !inClass {
        inClass = true
      } else if character == "]" && inClass {
        inClass = false
      }
      result.append(character)
    }
    return result
  }
}
