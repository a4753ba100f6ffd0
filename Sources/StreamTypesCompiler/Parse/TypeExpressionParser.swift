import StreamTypes

/// Parses type expressions: `int`, `Word?`, `list<map<float>>`, `[Word]` written as a
/// string, or a YAML sequence of one type.
enum TypeExpressionParser {
  struct Failure: Error {
    var message: String
    var location: SourceLocation
  }

  static let builtins: [String: TypeRef] = Dictionary(
    uniqueKeysWithValues: ScalarType.allCases.map { ($0.rawValue, .scalar($0)) }
  )

  /// Names users bring from other languages, and what to write instead.
  static let foreignNames: [String: String] = [
    "str": "string", "text": "string", "integer": "int", "long": "int", "int64": "int",
    "int32": "int", "number": "float", "double": "float", "decimal": "float", "float64": "float",
    "boolean": "bool", "date": "datetime", "timestamp": "datetime", "time": "datetime",
    "any": "json", "object": "json", "dict": "map<T>", "array": "list<T>", "list": "list<T>",
    "map": "map<T>", "none": "an optional type such as string?",
    "null": "an optional type such as string?",
  ]

  /// Parses the type written at `node`.
  static func parse(_ node: YAMLNode) throws(Failure) -> TypeRef {
    switch node.kind {
    case .scalar(let text, let style):
      let offset = (style == .singleQuoted || style == .doubleQuoted) ? 1 : 0
      var parser = TextParser(
        scalars: Array(text.unicodeScalars),
        origin: SourceLocation(
          file: node.location.file,
          line: node.location.line,
          column: node.location.column + offset
        ),
        text: text
      )
      return try parser.parseWhole()
    case .sequence(let elements, _):
      guard elements.count == 1 else {
        throw Failure(
          message: "a list type names exactly one element type, as in [Word]; found "
            + "\(elements.count) elements",
          location: node.location
        )
      }
      return .list(try parse(elements[0]))
    case .mapping:
      throw Failure(
        message: "a type must be a type expression such as 'int', '[Word]' or 'map<string>', "
          + "not a mapping",
        location: node.location
      )
    }
  }

  private struct TextParser {
    var scalars: [Unicode.Scalar]
    var origin: SourceLocation
    var text: String
    var position = 0
    var depth = 0

    init(scalars: [Unicode.Scalar], origin: SourceLocation, text: String) {
      self.scalars = scalars
      self.origin = origin
      self.text = text
    }

    mutating func parseWhole() throws(Failure) -> TypeRef {
      skipSpaces()
      if position == scalars.count {
        throw failure("a type is required, such as 'string', 'int' or '[Word]'")
      }
      let type = try parseType()
      skipSpaces()
      if position < scalars.count {
        if scalars[position] == "?" {
          throw failure("'?' may appear once: a type is optional or not")
        }
        throw failure("unexpected '\(scalars[position])' after the type '\(type)'")
      }
      return type
    }

    private mutating func parseType() throws(Failure) -> TypeRef {
      depth += 1
      defer { depth -= 1 }
      // Type expressions are short; a deep one is hostile, and the parser recurses.
      if depth > 32 { throw failure("type expression nested more than 32 levels deep") }
      var type = try parsePrimary()
      skipSpaces()
      if position < scalars.count, scalars[position] == "?" {
        position += 1
        type = .optional(type)
      }
      return type
    }

    private mutating func parsePrimary() throws(Failure) -> TypeRef {
      skipSpaces()
      guard position < scalars.count else {
        throw failure("the type '\(text)' ends early; expected a type name")
      }
      if scalars[position] == "[" {
        position += 1
        let element = try parseType()
        try expect("]", context: "to close the list type '[\(element)'")
        return .list(element)
      }
      let start = position
      let name = readName()
      if name.isEmpty {
        throw failure("expected a type name, found '\(scalars[position])'")
      }
      skipSpaces()
      let hasArguments = position < scalars.count && scalars[position] == "<"
      switch name {
      case "list", "map":
        guard hasArguments else {
          throw failure(
            "'\(name)' needs an element type: write '\(name)<int>' or '\(name)<Word>'",
            at: start
          )
        }
        position += 1
        let element = try parseType()
        skipSpaces()
        if name == "map", position < scalars.count, scalars[position] == "," {
          throw failure(
            "map keys are always strings: write 'map<T>' with the value type only, "
              + "e.g. 'map<int>' for string keys and int values"
          )
        }
        try expect(">", context: "to close '\(name)<\(element)'")
        return name == "list" ? .list(element) : .map(element)
      case "ndarray":
        let dtypes = NDArrayDType.allCases.map(\.rawValue).joined(separator: ", ")
        guard hasArguments else {
          throw failure(
            "'ndarray' needs an element dtype: write 'ndarray<float32>' (one of \(dtypes))",
            at: start
          )
        }
        position += 1
        skipSpaces()
        let dtypeStart = position
        let dtypeName = readName()
        guard let dtype = NDArrayDType(rawValue: dtypeName) else {
          let hint =
            NameSuggestions.closest(to: dtypeName, in: NDArrayDType.allCases.map(\.rawValue))
            .map { "; did you mean '\($0)'?" } ?? ""
          throw failure(
            "unknown ndarray dtype '\(dtypeName)'\(hint) (numpy's names: \(dtypes))",
            at: dtypeStart
          )
        }
        try expect(">", context: "to close 'ndarray<\(dtypeName)'")
        return .ndarray(dtype)
      default:
        if hasArguments {
          throw failure(
            "'\(name)' takes no '<...>'; only 'list', 'map' and 'ndarray' do",
            at: start
          )
        }
        return Self.resolvedName(name)
      }
    }

    static func resolvedName(_ name: String) -> TypeRef {
      builtins[name] ?? .named(name)
    }

    private mutating func readName() -> String {
      var name = ""
      while position < scalars.count {
        let scalar = scalars[position]
        guard
          scalar == "_" || scalar == "." || (scalar.isASCII && scalar.properties.isAlphabetic)
            || ("0"..."9").contains(scalar)
        else { break }
        name.unicodeScalars.append(scalar)
        position += 1
      }
      return name
    }

    private mutating func expect(_ scalar: Unicode.Scalar, context: String) throws(Failure) {
      skipSpaces()
      guard position < scalars.count, scalars[position] == scalar else {
        let found = position < scalars.count ? "'\(scalars[position])'" : "the end of the type"
        throw failure("expected '\(scalar)' \(context), found \(found)")
      }
      position += 1
    }

    private mutating func skipSpaces() {
      while position < scalars.count, scalars[position] == " " { position += 1 }
    }

    private func failure(_ message: String, at column: Int? = nil) -> Failure {
      var location = origin
      location.column += column ?? position
      return Failure(message: message, location: location)
    }
  }
}
