import Foundation
import StreamTypes
import Testing

@testable import StreamTypesCompiler

/// Hostile `pattern` inputs through the schema-driven validator, on both of its paths (the
/// one-pass precheck and the full decoding): each would take minutes with a backtracking
/// engine, so the suite would hang here if matching backtracked again.
@Suite struct PatternValidatorTests {
  static let schema = """
    streams:
      Words: {item: Word}
    types:
      Word:
        fields:
          nested: {type: string, pattern: '^(a+)+$'}
          tail: {type: string, pattern: '[a-z]+$'}
    """

  static func frame(_ payload: String) -> [UInt8] {
    let length = UInt32(payload.utf8.count)
    return [
      3, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
      UInt8(length & 0xFF),
    ] + Array(payload.utf8)
  }

  /// Validates one item; the error's description if it fails.
  static func validate(nested: String, tail: String, keepsValues: Bool) throws -> String? {
    let result = GeneratorPipeline.check([
      GeneratorPipeline.Input(path: "words.yaml", contents: Array(schema.utf8))
    ])
    let module = try #require(result.module, "\(result.diagnostics)")
    let stream = try module.stream(named: "Words")
    var validator = StreamValidator(module: module, stream: stream, keepsValues: keepsValues)
    validator.append(frame(#"{"nested":"\#(nested)","tail":"\#(tail)"}"#))
    do {
      _ = try #require(try validator.next())
      return nil
    } catch {
      return "\(error)"
    }
  }

  @Test(arguments: [false, true])
  func hostileInputsAreJudgedInLinearTime(keepsValues: Bool) throws {
    let run = String(repeating: "a", count: 200_000)
    let nested = String(repeating: "a", count: 30)
    #expect(try Self.validate(nested: nested, tail: run, keepsValues: keepsValues) == nil)
    let nestedError = try #require(
      try Self.validate(nested: nested + "!", tail: "a", keepsValues: keepsValues)
    )
    #expect(nestedError.contains("$.nested") && nestedError.contains("/^(a+)+$/"), "\(nestedError)")
    let tailError = try #require(
      try Self.validate(nested: "a", tail: run + "!", keepsValues: keepsValues)
    )
    #expect(tailError.contains("$.tail") && tailError.contains("/[a-z]+$/"), "\(tailError)")
  }
}
