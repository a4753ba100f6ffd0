/// Builds indented source text line by line.
struct SourceWriter {
  private(set) var text = ""
  private var indentation = ""

  mutating func line(_ line: String) {
    text += line.isEmpty ? "\n" : indentation + line + "\n"
  }

  mutating func indented(_ body: (inout SourceWriter) -> Void) {
    indentation += "  "
    body(&self)
    indentation.removeLast(2)
  }

  mutating func block(_ opening: String, _ body: (inout SourceWriter) -> Void) {
    line(opening + " {")
    indented(body)
    line("}")
  }

  /// A case of a `String`-backed enum, with its raw value only when it differs from the
  /// case's name (enum values and coding keys).
  mutating func stringCase(_ swiftName: String, rawValue: String) {
    let name = SwiftNames.escaped(swiftName)
    line(swiftName == rawValue ? "case \(name)" : "case \(name) = \(SwiftLiteral.string(rawValue))")
  }

  /// `target = value`, broken after the `=` when the line would pass 100 columns at
  /// `indent`, as swift-format writes a long assignment.
  mutating func assignment(_ target: String, _ value: String, indent: Int) {
    let whole = "\(target) = \(value)"
    guard indent + whole.count > 100 else { return line(whole) }
    line("\(target) =")
    indented { $0.line(value) }
  }

  /// `function(arguments)`, broken one argument a line when it would pass 100 columns, as
  /// swift-format writes a long call.
  mutating func call(_ function: String, _ arguments: [String]) {
    let whole = "\(function)(\(arguments.joined(separator: ", ")))"
    guard indentation.count + whole.count > 100 else { return line(whole) }
    line("\(function)(")
    indented { out in
      for (index, argument) in arguments.enumerated() {
        out.line(argument + (index == arguments.count - 1 ? "" : ","))
      }
    }
    line(")")
  }

  /// `outer(function(arguments))`: the inner call moves to a line of its own, and is broken
  /// in turn, when the whole would pass 100 columns.
  mutating func call(wrappedIn outer: String, _ function: String, _ arguments: [String]) {
    let whole = "\(outer)(\(function)(\(arguments.joined(separator: ", "))))"
    guard indentation.count + whole.count > 100 else { return line(whole) }
    line("\(outer)(")
    indented { $0.call(function, arguments) }
    line(")")
  }

  /// `guard function(arguments) else { body }`, laid out as swift-format lays it out when
  /// it would pass 100 columns: `else` on a line of its own, then the condition on a line
  /// of its own, then the call broken one argument a line.
  mutating func guardCall(_ function: String, _ arguments: [String], else body: String) {
    let condition = "\(function)(\(arguments.joined(separator: ", ")))"
    let elseClause = "else { \(body) }"
    if indentation.count + "guard \(condition) \(elseClause)".count <= 100 {
      return line("guard \(condition) \(elseClause)")
    }
    if indentation.count + "guard \(condition)".count <= 100 {
      line("guard \(condition)")
    } else {
      line("guard")
      indented { $0.call(function, arguments) }
    }
    line(elseClause)
  }

  mutating func documentation(_ description: String?) {
    guard let description else { return }
    let lines = description.split(separator: "\n", omittingEmptySubsequences: false)
    var trimmed = lines.map { String($0).trimmingTrailingSpaces }
    while trimmed.last?.isEmpty == true { trimmed.removeLast() }
    for line in trimmed { self.line(line.isEmpty ? "///" : "/// \(line)") }
  }
}

extension String {
  var trimmingTrailingSpaces: String {
    var result = self
    while result.last == " " || result.last == "\t" { result.removeLast() }
    return result
  }
}
