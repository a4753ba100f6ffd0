import Foundation
import Testing

@testable import StreamTypesCompiler

/// Integers beyond 64 bits in schema defaults follow the payload rule: a `json` default
/// keeps the digits, a `float` default is the nearest double, an `int` default is an error.
@Suite struct BigIntegerDefaultTests {
  static let schema = """
    streams:
      S:
        item: Item
    types:
      Item:
        fields:
          a: {type: json, default: [100000000000000000000, -000123456789012345678901234567890, +18446744073709551616, 7]}
          f: {type: float, default: 100000000000000000000}
    """

  @Test func generatedCodeKeepsTheDigits() throws {
    let result = GeneratorPipeline.generate([.yaml(Self.schema)], access: .internal, shards: 1)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let code = try #require(result.outputs.first?.contents)
    #expect(
      code.contains(
        #".array([.bigInteger(StreamTypes.JSONBigInteger("100000000000000000000")!), "#
          + #".bigInteger(StreamTypes.JSONBigInteger("-123456789012345678901234567890")!), "#
          + #".bigInteger(StreamTypes.JSONBigInteger("18446744073709551616")!), .int(7)])"#
      ),
      "\(code)"
    )
  }

  @Test func dumpWritesTheDefaultsDigits() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = try directory.write("Big.yaml", Array(Self.schema.utf8))
    let run = try runStreamTypes(
      ["dump", path, "--format", "sse", "-"],
      stdin: Array("event: item\ndata: {}\n\n".utf8)
    )
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.output.contains(
        #""value":{"a":[100000000000000000000,-123456789012345678901234567890,"#
          + #"18446744073709551616,7],"f":1e+20}"#
      ),
      "\(run.output)"
    )
  }

  @Test func anIntDefaultStaysWithin64Bits() {
    let text = Self.schema.replacingOccurrences(
      of: "f: {type: float, default: 100000000000000000000}",
      with: "f: {type: int, default: 100000000000000000000}"
    )
    #expect(
      diagnostics(of: text) == [
        "test.yaml:8:31: error: the default of field 'f' must be an integer within signed 64 "
          + "bits, found a number 100000000000000000000"
      ]
    )
  }
}
