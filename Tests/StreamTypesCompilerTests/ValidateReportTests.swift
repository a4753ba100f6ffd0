import Foundation
import Testing

/// What `streamtypes validate` reports: `--json` answers with one JSON object on standard
/// output for every outcome, usage errors included (exit 2); a payload error names the
/// frame's start and the faulting byte, in the text, the hex excerpt and the JSON.
@Suite struct ValidateReportTests {
  static let stream = ["--stream", "Transcription"]

  /// The one JSON object on standard output.
  static func object(_ run: CommandRun) throws -> [String: Any] {
    let lines = run.output.split(separator: "\n")
    #expect(lines.count == 1, "\(run.output)")
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout)) as? [String: Any]
    return try #require(object, "\(run.output)")
  }

  struct UsageCase: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    /// Part of the `usageError` message.
    var says: String
    var testDescription: String { name }
  }

  static let usageCases: [UsageCase] = [
    UsageCase(
      name: "unknown option",
      arguments: ["validate", "Schemas", "--bogus", "--json"],
      says: "Unknown option '--bogus'"
    ),
    UsageCase(
      name: "bad --format",
      arguments: ["validate", "--json", "Schemas", "x.bin", "--format", "xml"],
      says: "'xml' is invalid for '--format"
    ),
    UsageCase(
      name: "missing schema argument",
      arguments: ["validate", "--json"],
      says: "Missing expected argument"
    ),
    UsageCase(
      name: "missing stream file",
      arguments: ["validate", "Schemas", "no/such.bin", "--json"] + stream,
      says: "no/such.bin does not exist"
    ),
    UsageCase(
      name: "stream file is a directory",
      arguments: ["validate", "Schemas", "Schemas", "--json"] + stream,
      says: "Schemas is a directory, not a stream file"
    ),
    UsageCase(
      name: "missing schema",
      arguments: ["validate", "no/such/schema.yaml", "--json"],
      says: "no/such/schema.yaml"
    ),
    UsageCase(
      name: "unknown stream type",
      arguments: [
        "validate", "Schemas", "Examples/Streams/transcription.bin", "--stream", "Transcripton",
        "--json",
      ],
      says: "the schema declares no stream 'Transcripton'"
    ),
    UsageCase(
      name: "ambiguous stream",
      arguments: ["validate", "Schemas", "Examples/Streams/transcription.bin", "--json"],
      says: "--stream"
    ),
  ]

  @Test(arguments: usageCases)
  func usageErrorsAnswerInJSON(_ usage: UsageCase) throws {
    let run = try runStreamTypes(usage.arguments)
    #expect(run.status == 2, "\(run.stderr)")
    let object = try Self.object(run)
    #expect(object["valid"] as? Bool == false)
    #expect(object["exitStatus"] as? Int == 2)
    let message = try #require(object["usageError"] as? String, "\(run.output)")
    #expect(message.contains(usage.says), "\(message)")
    // The diagnostics still go to standard error for a person.
    #expect(!run.stderr.isEmpty)
    // Without --json, nothing on standard output.
    let plain = try runStreamTypes(usage.arguments.filter { $0 != "--json" })
    #expect(plain.status == 2)
    #expect(plain.output.isEmpty, "\(plain.output)")
  }

  @Test func aSchemaWithErrorsAnswersInJSONWithItsDiagnostics() throws {
    let run = try runStreamTypes([
      "validate", "Tests/StreamTypesCompilerTests/BrokenSchemas/unknown-field-key.yaml", "-",
      "--json",
    ])
    #expect(run.status == 2)
    let object = try Self.object(run)
    #expect((object["usageError"] as? String)?.contains("has errors") == true)
    let diagnostics = try #require(object["diagnostics"] as? [String])
    #expect(diagnostics.contains { $0.contains("did you mean 'min_length'?") }, "\(diagnostics)")
  }

  /// Only `validate --json` turns a parse error into JSON.
  @Test func otherCommandsKeepTheirUsageErrorsOnStandardError() throws {
    let run = try runStreamTypes(["dump", "Schemas", "--bogus", "--json"])
    #expect(run.status == 2)
    #expect(run.output.isEmpty)
    let afterTerminator = try runStreamTypes(["validate", "Schemas", "--bogus", "--", "--json"])
    #expect(afterTerminator.status == 2)
    #expect(afterTerminator.output.isEmpty)
  }

  @Test func validAndInvalidStreamsAnswerInJSON() throws {
    let valid = try runStreamTypes(
      ["validate", "Schemas", "Examples/Streams/transcription.bin", "--json"] + Self.stream
    )
    #expect(valid.status == 0, "\(valid.stderr)")
    #expect(try Self.object(valid)["valid"] as? Bool == true)
    let invalid = try runStreamTypes(
      ["validate", "Schemas", "Examples/Streams/transcription-broken.bin", "--json"]
        + Self.stream
    )
    #expect(invalid.status == 1)
    let object = try Self.object(invalid)
    #expect(object["valid"] as? Bool == false)
    #expect((object["error"] as? [String: Any])?["code"] as? String == "invalidPayload")
  }

  // MARK: The faulting byte

  /// `ValidateCommandTests.badConfidence`: the third frame (at byte 225) holds a word
  /// whose confidence, 1.5, is above its maximum.
  static func faultingStream(in directory: TemporaryDirectory) throws -> (String, Int) {
    let bytes = ValidateCommandTests.badConfidence
    let needle = Array(#""confidence":1.5"#.utf8)
    let start = try #require(bytes.indices.first { bytes[$0...].starts(with: needle) })
    return (try directory.write("bad.bin", bytes), start + needle.count - 3)
  }

  @Test func theTextNamesTheFrameAndTheFaultingByteAndTheExcerptMarksIt() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let (path, fault) = try Self.faultingStream(in: directory)
    #expect(ValidateCommandTests.badConfidence[fault] == UInt8(ascii: "1"))
    let run = try runStreamTypes(["validate", "Schemas", path] + Self.stream)
    #expect(run.status == 1)
    let hex = String(fault, radix: 16)
    #expect(
      run.stderr.contains(
        "invalid: byte 225 (0xe1), frame 2 (item), at byte \(fault) (0x\(hex)): "
          + "$.words[0].confidence: expected number <= 1.0, found 1.5"
      ),
      "\(run.stderr)"
    )
    #expect(run.stderr.contains("bytes around byte \(fault) (marked >"), "\(run.stderr)")
    // The marked byte is the faulting one: "1" of 1.5, on the line of its address.
    let lineStart = fault / 16 * 16
    let address =
      String(repeating: "0", count: 8 - String(lineStart, radix: 16).count)
      + String(lineStart, radix: 16)
    let line = try #require(
      run.stderr.split(separator: "\n").first { $0.hasPrefix(address + ":") },
      "\(run.stderr)"
    )
    #expect(line.contains(">31 2e 35"), "\(line)")
    #expect(line.filter { $0 == ">" }.count == 1, "\(line)")
  }

  @Test func theJSONCarriesBothOffsets() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let (path, fault) = try Self.faultingStream(in: directory)
    let run = try runStreamTypes(["validate", "Schemas", path, "--json"] + Self.stream)
    #expect(run.status == 1)
    let error = try #require(try Self.object(run)["error"] as? [String: Any])
    #expect(error["offset"] as? Int == 225)
    #expect(error["faultOffset"] as? Int == fault)
    #expect(error["frameIndex"] as? Int == 2)
    #expect(error["path"] as? String == "$.words[0].confidence")
  }

  @Test func aSyntaxErrorsFaultingByteInTextAndJSON() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let header = ValidateCommandTests.frame(2, ValidateCommandTests.header)
    let broken = ValidateCommandTests.frame(3, #"{"id":1,"start":0.5,"end":1.25,,}"#)
    let path = try directory.write("syntax.bin", header + broken)
    let fault = header.count + 5 + #"{"id":1,"start":0.5,"end":1.25,"#.utf8.count
    let text = try runStreamTypes(["validate", "Schemas", path] + Self.stream)
    #expect(text.status == 1)
    #expect(text.stderr.contains("not valid JSON at byte \(fault) "), "\(text.stderr)")
    #expect(text.stderr.contains("bytes around byte \(fault) (marked >"), "\(text.stderr)")
    let json = try runStreamTypes(["validate", "Schemas", path, "--json"] + Self.stream)
    let error = try #require(try Self.object(json)["error"] as? [String: Any])
    #expect(error["code"] as? String == "invalidJSON")
    #expect(error["offset"] as? Int == header.count)
    #expect(error["faultOffset"] as? Int == fault)
  }

  /// When the frame's start is among the bytes shown, it is marked too, with `|`.
  @Test func theExcerptMarksTheFramesStartWhenItShowsIt() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = try directory.write("short.bin", ValidateCommandTests.frame(3, #"{"id":,}"#))
    let run = try runStreamTypes(
      ["validate", "Schemas", path, "--stream", "TranscriptionSegments"]
    )
    #expect(run.status == 1)
    #expect(run.stderr.contains("bytes around byte 11 (marked >; its frame starts at byte 0"))
    #expect(
      run.stderr.contains("00000000:|03 00 00 00 08 7b 22 69 64 22 3a>2c 7d"),
      "\(run.stderr)"
    )
  }

  /// A framing error has no payload, so no faulting byte: the JSON says null.
  @Test func aFramingErrorHasNoFaultOffset() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = try directory.write("kind.bin", [9, 0, 0, 0, 2] + Array("{}".utf8))
    let run = try runStreamTypes(
      ["validate", "Schemas", path, "--format", "framed", "--json"] + Self.stream
    )
    #expect(run.status == 1)
    let error = try #require(try Self.object(run)["error"] as? [String: Any])
    #expect(error["code"] as? String == "unknownFrameKind")
    #expect(error["faultOffset"] is NSNull)
  }

  @Test func anExplicitAutoFormatReadsBothFormats() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let sse = try FormatChoiceTests.sseCopy(in: directory)
    for file in [FormatChoiceTests.framed, sse] {
      let run = try runStreamTypes(
        ["validate", "Schemas", file, "--format", "auto", "--json"] + Self.stream
      )
      #expect(run.status == 0, "\(run.stderr)")
      #expect(try Self.object(run)["frames"] as? Int == 5)
    }
  }
}
