/// Enums: a `String`-backed Swift enum conforming to the runtime's `StreamEnum`, whose
/// decoders list the valid values when a value is not one of them.
extension SwiftEmitter {
  func emitEnum(_ enumeration: EnumDefinition, into out: inout SourceWriter) {
    out.documentation(enumeration.description)
    let declaration =
      "\(modifier)enum \(enumeration.name): Swift.String, StreamTypes.StreamEnum"
    out.block(declaration) { out in
      for enumCase in enumeration.cases {
        out.stringCase(enumCase.swiftName, rawValue: enumCase.value)
      }
      out.line("")
      out.block("\(modifier)init(from decoder: any Swift.Decoder) throws") { out in
        out.line(
          "self = try StreamTypes.EnumCoding.decode(\(enumeration.name).self, from: decoder)"
        )
      }
      out.line("")
      out.block("\(modifier)init(payload value: StreamTypes.PayloadValue) throws") { out in
        out.line("self = try StreamTypes.EnumCoding.decode(\(enumeration.name).self, from: value)")
      }
      // Each case's JSON is a literal, when no value needs escaping in JSON (otherwise the
      // protocol's writer escapes the raw value).
      let plain = enumeration.cases.allSatisfy { enumCase in
        enumCase.value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }
      }
      guard plain, !enumeration.cases.isEmpty else { return }
      out.line("")
      out.block("\(modifier)func writeJSON(to writer: inout StreamTypes.JSONWriter)") { out in
        out.line("switch self {")
        for enumCase in enumeration.cases {
          let name = SwiftNames.escaped(enumCase.swiftName)
          let json = SwiftLiteral.rawString("\"\(enumCase.value)\"")
          out.line("case .\(name): writer.writeRaw(\(json))")
        }
        out.line("}")
      }
    }
  }
}
