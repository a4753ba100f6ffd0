/// A location inside a JSON payload, written the way users read it: `$.words[2].confidence`.
///
/// Keys that are not plain identifiers are written in brackets, `$.tags["en-US"]`, so every
/// path can be pasted back into a JSONPath tool.
public struct JSONPath: Hashable, Sendable, CustomStringConvertible {
  /// One step of a path.
  public enum Component: Hashable, Sendable {
    case key(String)
    case index(Int)
  }

  /// The steps from the payload's root.
  public var components: [Component]

  /// The payload's root, `$`.
  public static let root = JSONPath(components: [])

  public init(components: [Component]) {
    self.components = components
  }

  /// The path of a `Decoder`'s or `Encoder`'s coding path.
  public init(codingPath: [any CodingKey]) {
    components = codingPath.map { key in
      if let index = key.intValue { return .index(index) }
      return .key(key.stringValue)
    }
  }

  /// This path followed by an object key.
  public func appending(key: String) -> JSONPath {
    JSONPath(components: components + [.key(key)])
  }

  /// This path followed by an array index.
  public func appending(index: Int) -> JSONPath {
    JSONPath(components: components + [.index(index)])
  }

  public var description: String {
    var text = "$"
    for component in components {
      switch component {
      case .index(let index):
        text += "[\(index)]"
      case .key(let key) where Self.isPlainIdentifier(key):
        text += ".\(key)"
      case .key(let key):
        text += "[\(JSONText.quoted(key))]"
      }
    }
    return text
  }

  private static func isPlainIdentifier(_ key: String) -> Bool {
    guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
    else { return false }
    return key.utf8.allSatisfy { byte in
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
        || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }
  }
}

/// Small helpers to show values in messages as JSON text.
public enum JSONText {
  /// `value` as a JSON string literal.
  public static func quoted(_ value: String) -> String {
    var text = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": text += "\\\""
      case "\\": text += "\\\\"
      case "\n": text += "\\n"
      case "\r": text += "\\r"
      case "\t": text += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: text.unicodeScalars.append(scalar)
      }
    }
    return text + "\""
  }

  /// A value shown in an error message, cut to a readable length.
  public static func excerpt(_ value: String, limit: Int = 60) -> String {
    if value.unicodeScalars.count <= limit { return quoted(value) }
    return quoted(String(String.UnicodeScalarView(value.unicodeScalars.prefix(limit)))) + "…"
  }
}
