// The types of this module are named like the types generated code uses (ShadowingNames.yaml):
// here `String`, `Error` or `JSONValue` name the schema's models, so this file names Swift's,
// Foundation's and the runtime's through their modules.
import Foundation
import StreamTypes
import Testing

@Suite struct ShadowingNamesTests {
  /// The schema shadows every public type of the runtime, so a new one must join it.
  @Test func theSchemaNamesEveryPublicTypeOfTheRuntime() throws {
    let tests = Foundation.URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let root = tests.deletingLastPathComponent().deletingLastPathComponent()
    let schema = try Swift.String(
      contentsOf: tests.appendingPathComponent("ShadowingNames.yaml"),
      encoding: .utf8
    )
    let runtime = root.appendingPathComponent("Sources/StreamTypes")
    let files = Foundation.FileManager.default.enumerator(atPath: runtime.path)!
    var publicTypes: Swift.Set<Swift.String> = []
    // Line by line rather than with a `Regex`, which needs macOS 13 (the tests keep to the
    // package's platform floors).
    let kinds = ["final class", "struct", "enum", "protocol", "class", "typealias", "actor"]
    for case let file as Swift.String in files where file.hasSuffix(".swift") {
      let text = try Swift.String(
        contentsOf: runtime.appendingPathComponent(file),
        encoding: .utf8
      )
      for line in text.split(separator: "\n") where line.hasPrefix("public ") {
        let rest = line.dropFirst("public ".count)
        guard let kind = kinds.first(where: { rest.hasPrefix($0 + " ") }) else { continue }
        let name = rest.dropFirst(kind.count + 1).prefix {
          $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")
        }
        if !name.isEmpty { publicTypes.insert(Swift.String(name)) }
      }
    }
    #expect(publicTypes.count > 20)
    for name in publicTypes.sorted() {
      #expect(schema.contains("\n  \(name):\n"), "ShadowingNames.yaml has no type '\(name)'")
    }
  }

  @Test func aStreamOfShadowingTypesRoundTrips() async throws {
    let header =
      #"{"string":{"text":"hey"},"date":{"at":"2026-01-02T03:04:05Z","many":["2000-01-01T00:00:00Z"]}}"#
    let item =
      #"{"stringPattern_value":{},"patternError_value":{},"jSONBigInteger_value":{},"byteScanning_value":{},"constraint_value":{},"constantCoding_value":{},"constraintBound_value":{},"constraintKind_value":{},"constraintSubject_value":{},"encodedStream_value":{},"enumCoding_value":{},"frame_value":{},"frameDecoder_value":{},"frameKind_value":"item","frameOrder_value":{},"frameScanner_value":{},"jSONChecker_value":{},"jSONPath_value":{},"jSONSyntaxError_value":{},"jSONText_value":{},"jSONValue_value":{},"jSONWritable_value":{},"jSONWriter_value":{},"payloadArray_value":{},"payloadCodec_value":{},"payloadDecodable_value":{},"payloadLocation_value":{},"payloadObject_value":{},"payloadValue_value":{},"rFC3339_value":{},"rFC3339Date_value":{},"sSEDecoder_value":{},"schemaViolation_value":{},"streamEnum_value":{},"streamError_value":{},"streamEvent_value":{},"streamEvents_value":{},"unionCoding_value":{},"streamItems_value":{},"streamLimits_value":{},"streamModel_value":{},"streamReader_value":{},"streamSchema_value":{},"streamSchemaWithFooter_value":{},"streamSchemaWithHeader_value":{},"streamWriter_value":{},"unknownFields_value":{},"fieldEquality_value":{"lhs":2},"wireFormat_value":{},"base64Bytes_value":{},"nDArray_value":{},"nDArrayDType_value":{},"nDArrayElement_value":{},"nDArrayShapeError_value":{},"sSEConventions_value":{},"producerError_value":{},"streamUnion_value":{},"streamSchemaWithError_value":{},"string_value":{"text":"abc"},"int_value":{"value":7},"double_value":{"value":0.25},"bool_value":"false_value","date_value":{"at":"2026-11-24T10:00:00.5Z","maybe":null},"data_value":{"bytes":[1,2,3],"json":{"k":[1,"two",null]}},"array_value":[{}],"dictionary_value":{"k":{"hash":2.5}},"optional_value":"some","error_value":{"message":{"text":"oops"},"code":{"value":-5}},"never_value":"never","decoder_value":{},"encoder_value":{},"codable_value":{},"sendable_value":{},"hashable_value":{},"codingKeys_value":{},"type_value":"b","protocol_value":{},"set_value":{},"float_value":{},"character_value":{},"result_value":{}}"#
    let footer = #"{"count":3,"kind":"footer"}"#
    let text =
      "event: header\ndata: \(header)\n\nevent: item\ndata: \(item)\n\n"
      + "event: footer\ndata: \(footer)\n\n"
    let reader = Shadowing.Reader(Chunks([Swift.Array(text.utf8)]), format: .sse)
    let readHeader = try await reader.readHeader()
    var items: [Item] = []
    for try await value in reader.readItems() { items.append(value) }
    let readFooter = try await reader.readFooter()
    #expect(readHeader.string.text == "hey")
    #expect(
      readHeader.details
        == .object(["a": .array([.int(1), .double(2.5), .null, .bool(true), .string("x")])])
    )
    #expect(items.count == 1)
    #expect(items.first?.frameKindValue == .item)
    #expect(items.first?.dataValue.flag == .trueValue)
    #expect(items.first?.errorValue.code.value == -5)
    #expect(items.first?.fieldEqualityValue.lhs == 2)
    #expect(readFooter.kind == .footer)

    // Written again, read again: equal values, and the same bytes each time.
    var writer = Shadowing.Writer()
    var bytes = try writer.yieldHeader(readHeader)
    for value in items { bytes += try writer.yieldItem(value) }
    bytes += try writer.yieldFooter(readFooter)
    try writer.finish()
    let again = Shadowing.Reader(Chunks([bytes]))
    #expect(try await again.readHeader() == readHeader)
    var itemsAgain: [Item] = []
    for try await value in again.readItems() { itemsAgain.append(value) }
    #expect(itemsAgain == items)
    #expect(try await again.readFooter() == readFooter)

    // And through Foundation's coders.
    let encoded = try Foundation.JSONEncoder().encode(items[0])
    #expect(try Foundation.JSONDecoder().decode(Item.self, from: encoded) == items[0])
  }

  @Test func constraintsOfShadowingTypesStillHold() async throws {
    let bad = #"{"count":-1}"#
    let reader = Shadowing.Reader(
      Chunks([Swift.Array("event: header\ndata: {}\n\nevent: footer\ndata: \(bad)\n\n".utf8)]),
      format: .sse
    )
    _ = try await reader.readHeader()
    for try await _ in reader.readItems() {}
    let error = await #expect(throws: StreamTypes.StreamError.self) {
      try await reader.readFooter()
    }
    #expect(error?.path?.description == "$.count")
  }
}

/// Chunks of bytes as an async sequence.
struct Chunks: Swift.AsyncSequence, Swift.Sendable {
  typealias Element = [Swift.UInt8]
  let chunks: [[Swift.UInt8]]
  init(_ chunks: [[Swift.UInt8]]) { self.chunks = chunks }

  struct AsyncIterator: Swift.AsyncIteratorProtocol {
    var remaining: Swift.IndexingIterator<[[Swift.UInt8]]>
    mutating func next() async -> [Swift.UInt8]? { remaining.next() }
  }

  func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: chunks.makeIterator()) }
}
