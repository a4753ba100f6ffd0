/// Tagged unions: a Swift enum with a case per member model (and an `unknown` case when
/// unknown tags are kept), conforming to the runtime's `StreamUnion`. Its decoders read the
/// discriminator first through the runtime's `UnionCoding`, then the member's own decoder.
extension SwiftEmitter {
  func emitUnion(_ union: UnionDefinition, into out: inout SourceWriter) {
    out.documentation(union.description)
    out.block("\(modifier)enum \(union.name): StreamTypes.StreamUnion") { out in
      for member in union.members {
        out.line("case \(SwiftNames.escaped(member.swiftName))(\(member.model))")
      }
      if union.unknown == .keep {
        out.line("/// A member this schema does not know: its tag and the whole object, written")
        out.line("/// back as it came.")
        out.line("case unknown(tag: Swift.String, json: StreamTypes.JSONValue)")
      }
      out.line("")
      out.line("/// The discriminator's value of each member, in member order.")
      let tags = union.members.map { SwiftLiteral.string($0.tag) }
      let declaration = "\(modifier)static let _tags: [Swift.String] = ["
      if 2 + declaration.count + tags.joined(separator: ", ").count + 1 <= 100 {
        out.line(declaration + tags.joined(separator: ", ") + "]")
      } else {
        // One tag a line, as swift-format keeps a long literal.
        out.line(declaration)
        out.indented { out in
          for tag in tags { out.line(tag + ",") }
        }
        out.line("]")
      }
      out.line("")
      out.line("/// The discriminator's value: the member's tag.")
      out.block("\(modifier)var tag: Swift.String") { out in
        out.line("switch self {")
        for member in union.members {
          out.line(
            "case .\(SwiftNames.escaped(member.swiftName)): \(SwiftLiteral.string(member.tag))"
          )
        }
        if union.unknown == .keep { out.line("case .unknown(let tag, _): tag") }
        out.line("}")
      }
      out.line("")
      emitUnionDecoders(union, into: &out)
      out.line("")
      out.block("\(modifier)func encode(to encoder: any Swift.Encoder) throws") { out in
        emitSwitch(union, into: &out) { "try \($0).encode(to: encoder)" }
      }
      out.line("")
      out.line("\(modifier)static var checksConstraintsWhileWriting: Swift.Bool { true }")
      out.line("")
      out.block("\(modifier)func writeJSON(to writer: inout StreamTypes.JSONWriter)") { out in
        emitSwitch(union, into: &out) { "\($0).writeJSON(to: &writer)" }
      }
      out.line("")
      let signature =
        "\(modifier)func validate(at path: @autoclosure () -> StreamTypes.JSONPath, deep: "
        + "Swift.Bool) throws"
      out.block(signature) { out in
        out.line("switch self {")
        for member in union.members {
          out.line("case .\(SwiftNames.escaped(member.swiftName))(let value):")
          out.line("  try value.validate(at: path(), deep: deep)")
        }
        if union.unknown == .keep { out.line("case .unknown: break") }
        out.line("}")
      }
    }
  }

  private func emitUnionDecoders(_ union: UnionDefinition, into out: inout SourceWriter) {
    let discriminator = SwiftLiteral.string(union.discriminator)
    out.block("\(modifier)init(from decoder: any Swift.Decoder) throws") { out in
      // The runtime's decoder reads the payload directly, with the reader's errors.
      out.block("if let value = StreamTypes.PayloadValue(decoder: decoder)") { out in
        out.line("try self.init(payload: value)")
        out.line("return")
      }
      out.call(
        "let tag = try StreamTypes.UnionCoding.tag",
        ["in: decoder", "discriminator: \(discriminator)", "tags: Self._tags"]
      )
      emitTagSwitch(
        union,
        into: &out,
        member: { "try \($0)(from: decoder)" },
        unknownJSON: "try StreamTypes.JSONValue(from: decoder)",
        path: "StreamTypes.JSONPath(codingPath: decoder.codingPath)"
      )
    }
    out.line("")
    out.block("\(modifier)init(payload value: StreamTypes.PayloadValue) throws") { out in
      out.call(
        "let tag = try StreamTypes.UnionCoding.tag",
        ["of: value", "discriminator: \(discriminator)", "tags: Self._tags"]
      )
      emitTagSwitch(
        union,
        into: &out,
        member: { "try \($0)(payload: value)" },
        unknownJSON: "value.decodeJSONValue()",
        path: "value.path"
      )
    }
  }

  private func emitTagSwitch(
    _ union: UnionDefinition,
    into out: inout SourceWriter,
    member: (String) -> String,
    unknownJSON: String,
    path: String
  ) {
    out.line("switch tag {")
    for entry in union.members {
      out.line("case \(SwiftLiteral.string(entry.tag)):")
      out.indented { out in
        out.assignment(
          "self",
          ".\(SwiftNames.escaped(entry.swiftName))(\(member(entry.model)))",
          indent: 6
        )
      }
    }
    out.line("default:")
    out.indented { out in
      if union.unknown == .keep {
        out.line("self = .unknown(tag: tag, json: \(unknownJSON))")
      } else {
        out.call(
          "throw StreamTypes.UnionCoding.unknownTag",
          [
            "tag", "at: \(path)", "discriminator: \(SwiftLiteral.string(union.discriminator))",
            "tags: Self._tags",
          ]
        )
      }
    }
    out.line("}")
  }

  /// `switch self` with one line per case, `body` given the member value's name.
  private func emitSwitch(
    _ union: UnionDefinition,
    into out: inout SourceWriter,
    _ body: (String) -> String
  ) {
    out.line("switch self {")
    for member in union.members {
      out.line("case .\(SwiftNames.escaped(member.swiftName))(let value): \(body("value"))")
    }
    if union.unknown == .keep { out.line("case .unknown(_, let json): \(body("json"))") }
    out.line("}")
  }
}
