import Foundation
import Testing

/// `streamtypes validate`, `dump` and `encode` over streams in files and on standard input,
/// as cli.md describes them: exit 0 valid, 1 invalid stream or value, 2 usage, unreadable
/// input or a schema with errors.
@Suite struct ValidateCommandTests {
  typealias Run = CommandRun

  static func run(_ arguments: [String], stdin: [UInt8] = []) throws -> Run {
    try runStreamTypes(arguments, stdin: stdin)
  }

  // MARK: Streams

  static func frame(_ kind: UInt8, _ payload: String) -> [UInt8] {
    let bytes = Array(payload.utf8)
    let length = UInt32(bytes.count)
    return [
      kind, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
      UInt8(length & 0xFF),
    ] + bytes
  }

  /// Frame size 69.
  static let header = #"{"model":"whisper-large-v3","language":"en","sample_rate":16000}"#
  /// Frame size 156.
  static let segment0 =
    #"{"id":0,"start":0.0,"end":0.5,"text":"hello","speaker":"agent","#
    + #""words":[{"word":"hello","start":0.0,"end":0.5,"confidence":0.98}],"#
    + #""tags":{"lang":"en"}}"#
  /// Frame size 62; written out with its defaults it is `segment1Canonical`.
  static let segment1 = #"{"id":1,"start":0.5,"end":1.25,"text":"world","words":[]}"#
  static let segment1Canonical =
    #"{"id":1,"start":0.5,"end":1.25,"text":"world","speaker":null,"words":[],"tags":{}}"#
  /// Frame size 95.
  static let summary =
    #"{"duration_sec":1.25,"languages":["en"],"segments":2,"#
    + #""finished_at":"2026-11-24T10:00:00Z"}"#

  /// 382 bytes: frames at 0, 69, 225 and 287.
  static let transcription =
    frame(2, header) + frame(3, segment0) + frame(3, segment1) + frame(4, summary)

  /// The stream with a word's confidence above its maximum in the second item (frame 2,
  /// byte 225).
  static let badConfidence =
    frame(2, header) + frame(3, segment0)
    + frame(
      3,
      #"{"id":1,"start":0.5,"end":1.25,"text":"w","#
        + #""words":[{"word":"w","start":0.5,"end":1.25,"confidence":1.5}]}"#
    ) + frame(4, summary)

  /// Whether `output` is the summary line of `transcription`, whatever the time taken.
  static func isSummaryLine(_ output: String) -> Bool {
    let counts = "valid Transcription stream: 4 frames (1 header, 2 items, 1 footer), 382 bytes, "
    guard output.hasPrefix(counts) else { return false }
    let rest = String(output.dropFirst(counts.count))
    return rest.range(of: #"^\d+\.\d{3} s\n$"#, options: .regularExpression) != nil
  }

  // MARK: validate, valid streams

  @Test func validStreamPrintsTheSummaryLine() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let stream = try directory.write("t.bin", Self.transcription)
    let run = try Self.run([
      "validate", "Schemas/Transcription.yaml", stream, "--stream", "Transcription",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(Self.isSummaryLine(run.output), "\(run.output)")
    #expect(run.stderr.isEmpty)
  }

  @Test func standardInputForDashOrNoFile() throws {
    for file in [["-"], []] {
      let run = try Self.run(
        ["validate", "Schemas/Transcription.yaml"] + file + ["--stream", "Transcription"],
        stdin: Self.transcription
      )
      #expect(run.status == 0, "\(file): \(run.stderr)")
      #expect(Self.isSummaryLine(run.output), "\(file): \(run.output)")
    }
  }

  @Test func validStreamAsJSON() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let stream = try directory.write("t.bin", Self.transcription)
    let run = try Self.run([
      "validate", "Schemas/Transcription.yaml", stream, "--stream", "Transcription", "--json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.output.hasSuffix("}\n"))
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout)) as? [String: Any]
    )
    #expect(object["valid"] as? Bool == true)
    #expect(object["stream"] as? String == "Transcription")
    #expect(object["frames"] as? Int == 4)
    #expect(object["headers"] as? Int == 1)
    #expect(object["items"] as? Int == 2)
    #expect(object["footers"] as? Int == 1)
    #expect(object["bytes"] as? Int == 382)
    #expect((object["seconds"] as? Double).map { $0 >= 0 } == true)
  }

  @Test func schemaWithOneStreamOrADirectoryModule() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let jobs = try directory.write(
      "jobs.bin",
      Self.frame(3, #"{"at":"2026-11-24T10:00:00Z","stage":"queued","done":0}"#)
        + Self.frame(4, #"{"status":"failed"}"#)
    )
    let single = try Self.run(["validate", "Schemas/JobProgress.yaml", jobs])
    #expect(single.status == 0, "\(single.stderr)")
    #expect(
      single.output.hasPrefix("valid JobProgress stream: 2 frames (1 item, 1 footer), 84 bytes")
    )
    let module = try Self.run(["validate", "Schemas", jobs, "--stream", "JobProgress"])
    #expect(module.status == 0, "\(module.stderr)")
    #expect(module.output.hasPrefix("valid JobProgress stream: "))
  }

  @Test func maxFrameBytesLimitsTheFrameSize() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let stream = try directory.write("t.bin", Self.transcription)
    let arguments = ["validate", "Schemas/Transcription.yaml", stream, "--stream", "Transcription"]
    // The largest payload, segment0's, is 151 bytes.
    #expect(try Self.run(arguments + ["--max-frame-bytes", "151"]).status == 0)
    let run = try Self.run(arguments + ["--max-frame-bytes", "150"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("byte 69 (0x45), frame 1 (item): "), "\(run.stderr)")
    #expect(run.stderr.contains("code: frameTooLarge"), "\(run.stderr)")
    let zero = try Self.run(arguments + ["--max-frame-bytes", "0"])
    #expect(zero.status == 2)
    #expect(zero.stderr.contains("--max-frame-bytes must be positive"), "\(zero.stderr)")
  }

  // MARK: validate, invalid streams

  struct InvalidStream: Sendable, CustomTestStringConvertible {
    var name: String
    var stream: String
    var bytes: [UInt8]
    var code: String
    var offset: Int
    var frame: Int?
    var kind: String?
    var path: String?
    /// The faulting byte of a payload error.
    var fault: Int? = nil

    var testDescription: String { name }
  }

  static let invalidStreams: [InvalidStream] = [
    InvalidStream(
      name: "a value above its maximum",
      stream: "Transcription",
      bytes: badConfidence,
      code: "invalidPayload",
      offset: 225,
      frame: 2,
      kind: "item",
      path: "$.words[0].confidence",
      fault: 329
    ),
    InvalidStream(
      name: "a NaN token",
      stream: "TranscriptionSegments",
      bytes: frame(3, segment1) + frame(3, #"{"id":2,"start":NaN,"end":1,"text":"x","words":[]}"#),
      code: "invalidJSON",
      offset: 62,
      frame: 1,
      kind: "item",
      path: "$.start",
      fault: 83
    ),
    InvalidStream(
      name: "an unknown key in a summary that forbids them",
      stream: "TranscriptionWithSummary",
      bytes: frame(
        4,
        #"{"duration_sec":1,"languages":[],"segments":0,"#
          + #""finished_at":"2026-11-24T10:00:00Z","speaker_count":2}"#
      ),
      code: "invalidPayload",
      offset: 0,
      frame: 0,
      kind: "footer",
      path: "$.speaker_count",
      fault: 104
    ),
    InvalidStream(
      name: "a truncated payload",
      stream: "Transcription",
      bytes: Array(frame(2, header) + frame(3, segment0).dropLast(1)),
      code: "truncatedPayload",
      offset: 69,
      frame: 1,
      kind: "item"
    ),
    InvalidStream(
      name: "kind 1, Python's NOT_SET",
      stream: "LiveTranscription",
      bytes: frame(2, header) + frame(1, segment1),
      code: "unknownFrameKind",
      offset: 69,
      frame: 1
    ),
    InvalidStream(
      name: "a header after an item",
      stream: "LiveTranscription",
      bytes: frame(2, header) + frame(3, segment1) + frame(2, header),
      code: "misplacedHeader",
      offset: 131,
      frame: 2,
      kind: "header"
    ),
    InvalidStream(
      name: "the footer missing at the end",
      stream: "Transcription",
      bytes: frame(2, header) + frame(3, segment0),
      code: "missingFooter",
      offset: 225
    ),
  ]

  @Test(arguments: invalidStreams)
  func invalidStreamExitsOneWithTheLocation(_ invalid: InvalidStream) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let stream = try directory.write("bad.bin", invalid.bytes)
    let arguments = [
      "validate", "Schemas/Transcription.yaml", stream, "--stream", invalid.stream,
    ]
    let text = try Self.run(arguments)
    #expect(text.status == 1, "\(text.stderr)")
    #expect(text.stdout.isEmpty)
    var location =
      "\(stream): invalid: byte \(invalid.offset) (0x"
      + String(invalid.offset, radix: 16) + ")"
    if let frame = invalid.frame {
      location += ", frame \(frame)"
      if let kind = invalid.kind { location += " (\(kind))" }
    }
    if let fault = invalid.fault, invalid.code == "invalidPayload" {
      location += ", at byte \(fault) (0x\(String(fault, radix: 16)))"
    }
    location += ": "
    #expect(text.stderr.hasPrefix(location), "\(text.stderr)")
    #expect(text.stderr.contains("\n  code: \(invalid.code)\n"), "\(text.stderr)")
    if let path = invalid.path {
      #expect(text.stderr.contains("\n  path: \(path)\n"), "\(text.stderr)")
      if invalid.code == "invalidPayload" {
        #expect(text.stderr.hasPrefix(location + path + ": expected "), "\(text.stderr)")
      }
    } else {
      #expect(!text.stderr.contains("  path: "), "\(text.stderr)")
    }

    let json = try Self.run(arguments + ["--json"])
    #expect(json.status == 1)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any],
      "\(json.output)"
    )
    #expect(object["valid"] as? Bool == false)
    let error = try #require(object["error"] as? [String: Any])
    #expect(error["code"] as? String == invalid.code)
    #expect(error["offset"] as? Int == invalid.offset)
    #expect(error["faultOffset"] as? Int == invalid.fault)
    #expect(error["faultOffset"] is NSNull == (invalid.fault == nil))
    #expect(error["frameIndex"] as? Int == invalid.frame)
    #expect(error["frameIndex"] is NSNull == (invalid.frame == nil))
    #expect(error["frameKind"] as? String == invalid.kind)
    #expect(error["path"] as? String == invalid.path)
    #expect(error["path"] is NSNull == (invalid.path == nil))
    let description = try #require(error["description"] as? String)
    #expect(text.stderr.hasPrefix("\(stream): invalid: \(description)\n"), "\(description)")
    #expect(!(error["message"] as? String ?? "").isEmpty)
  }

  // MARK: validate, exit status 2

  @Test func missingStreamFileExitsTwo() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let missing = directory.path("nothing.bin")
    let run = try Self.run([
      "validate", "Schemas/Transcription.yaml", missing, "--stream", "Transcription",
    ])
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr == "error: \(missing) does not exist\n")
  }

  @Test func streamPathThatIsADirectoryExitsTwo() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let run = try Self.run([
      "validate", "Schemas/Transcription.yaml", directory.url.path, "--stream", "Transcription",
    ])
    #expect(run.status == 2)
    #expect(
      run.stderr == "error: \(directory.url.path) is a directory, not a stream file\n",
      "\(run.stderr)"
    )
  }

  @Test func unreadableSchemaPathExitsTwo() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let stream = try directory.write("t.bin", Self.transcription)
    let missing = try Self.run(["validate", "no/such/schema.yaml", stream])
    #expect(missing.status == 2)
    #expect(missing.stdout.isEmpty)
    #expect(missing.stderr == "error: no/such/schema.yaml: no such file or directory\n")

    let empty = directory.path("empty")
    try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
    let noSchemas = try Self.run(["validate", empty, stream])
    #expect(noSchemas.status == 2)
    #expect(noSchemas.stderr == "error: no .yaml or .yml schema files in \(empty)\n")
  }

  @Test func schemaWithErrorsExitsTwoWithItsDiagnostics() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let schema = try directory.write(
      "broken.yaml",
      Array("streams:\n  S:\n    item: {fields: {x: intt, y: {type: string, minimum: 1}}}\n".utf8)
    )
    let stream = try directory.write("s.bin", Self.frame(3, #"{"x":1,"y":"a"}"#))
    for command in ["validate", "dump"] {
      let run = try Self.run([command, schema, stream])
      #expect(run.status == 2, "\(command)")
      #expect(run.stdout.isEmpty)
      #expect(
        run.stderr.hasPrefix("\(schema):3:24: error: unknown type 'intt'; did you mean 'int'?\n"),
        "\(command): \(run.stderr)"
      )
      #expect(run.stderr.hasSuffix("error: \(schema) has errors; fix the schema first\n"))
    }
  }

  @Test func severalStreamsNeedStream() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let stream = try directory.write("t.bin", Self.transcription)
    let run = try Self.run(["validate", "Schemas/Transcription.yaml", stream])
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(
      run.stderr
        == "error: the schema declares several streams; choose one with --stream: "
        + "Transcription, TranscriptionSegments, LiveTranscription, TranscriptionWithSummary\n"
    )
  }

  @Test func unknownStreamExitsTwoWithASuggestion() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let stream = try directory.write("t.bin", Self.transcription)
    let run = try Self.run([
      "validate", "Schemas/Transcription.yaml", stream, "--stream", "LiveTranscripton",
    ])
    #expect(run.status == 2)
    #expect(
      run.stderr
        == "error: the schema declares no stream 'LiveTranscripton'; "
        + "did you mean 'LiveTranscription'?\n"
    )
    let encode = try Self.run(["encode", "Schemas/JobProgress.yaml", "--stream", "Jobs"])
    #expect(encode.status == 2)
    #expect(encode.stderr.hasPrefix("error: the schema declares no stream 'Jobs'"))
  }

  // MARK: dump

  static let transcriptionDump = [
    #"{"kind":"header","offset":0,"value":"# + header + "}",
    #"{"kind":"item","offset":69,"value":"# + segment0 + "}",
    #"{"kind":"item","offset":225,"value":"# + segment1Canonical + "}",
    #"{"kind":"footer","offset":287,"value":"# + summary + "}",
  ]

  @Test func dumpPrintsOneJSONLinePerFrame() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    // An explicit end frame is accepted and prints no line.
    let stream = try directory.write("t.bin", Self.transcription + [5, 0, 0, 0, 0])
    let run = try Self.run([
      "dump", "Schemas/Transcription.yaml", stream, "--stream", "Transcription",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.isEmpty)
    #expect(run.output == Self.transcriptionDump.joined(separator: "\n") + "\n")

    let piped = try Self.run(
      ["dump", "Schemas/Transcription.yaml", "--stream", "Transcription"],
      stdin: Self.transcription
    )
    #expect(piped.output == run.output)
  }

  @Test func dumpOfAnInvalidStreamExitsOne() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let stream = try directory.write("bad.bin", Self.badConfidence)
    let run = try Self.run([
      "dump", "Schemas/Transcription.yaml", stream, "--stream", "Transcription",
    ])
    #expect(run.status == 1)
    // Every frame before the error is printed, then nothing more.
    let before = Self.transcriptionDump.prefix(2).map { $0 + "\n" }.joined()
    #expect(run.output == before, "\(run.output)")
    #expect(
      run.stderr
        == "\(stream): invalid: byte 225 (0xe1), frame 2 (item), at byte 329 (0x149): "
        + "$.words[0].confidence: expected number <= 1.0, found 1.5\n"
    )
  }

  /// Issue 13: a date-time whose instant, once in UTC, is outside the years 0000-9999
  /// makes `validate` and `dump` exit 1 at its path (at once, not after a loop over the
  /// distance); the event before it, at the edge of 9999 in UTC, is dumped as that instant.
  @Test(arguments: [("9999-12-31T23:59:59-23:59", 10000), ("0000-01-01T00:00:00+23:59", -1)])
  func datetimeOutsideTheYears0000To9999InUTCExitsOne(text: String, year: Int) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let edge = Self.frame(3, #"{"at":"9999-12-31T00:00:00-23:59","stage":"queued","done":0}"#)
    let bad = Self.frame(3, #"{"at":"\#(text)","stage":"queued","done":0}"#)
    let stream = try directory.write("p.bin", edge + bad)
    let error =
      "\(stream): invalid: byte \(edge.count) (0x\(String(edge.count, radix: 16))), frame 1 "
      + "(item), at byte \(edge.count + 11) (0x\(String(edge.count + 11, radix: 16))): "
      + "$.at: expected a date-time in the years 0000-9999 in UTC, found \"\(text)\", "
      + "an instant outside the years 0000-9999 in UTC (year \(year))\n"

    let arguments = ["Schemas/JobProgress.yaml", stream, "--stream", "JobProgress"]
    let validate = try Self.run(["validate"] + arguments)
    #expect(validate.status == 1, "\(validate.stderr)")
    #expect(validate.stdout.isEmpty)
    #expect(validate.stderr.hasPrefix(error), "\(validate.stderr)")
    #expect(validate.stderr.contains("\n  path: $.at\n"), "\(validate.stderr)")

    let dump = try Self.run(["dump"] + arguments)
    #expect(dump.status == 1)
    #expect(
      dump.output
        == #"{"kind":"item","offset":0,"value":{"at":"9999-12-31T23:59:00Z","stage":"queued","#
        + #""done":0,"total":null,"message":"","metrics":{},"details":null}}"# + "\n"
    )
    #expect(dump.stderr == error)
  }

  // MARK: encode

  /// `line` without its `"offset":N,` member.
  static func withoutOffset(_ line: Substring) -> String {
    withoutOffsetMember(line)
  }

  /// Streams written loosely (whitespace, key order, integers for floats, absent defaults,
  /// a time-zone offset), with their schema and stream.
  static let looseStreams: [(schema: String, stream: String, bytes: [UInt8])] = [
    (
      "Schemas/Transcription.yaml", "Transcription",
      frame(2, #" { "sample_rate" : 16000 , "model" : "m\u00fc" } "#)
        + frame(
          3,
          #"{"words":[{"confidence":1,"end":2,"start":1,"word":"\ud83d\ude00"}],"#
            + #""text":"t","end":2,"start":1,"id":0,"tags":{"b":"2","a":"1"}}"#
        )
        + frame(3, segment1)
        + frame(
          4,
          #"{"segments":2,"finished_at":"2026-11-24T12:00:00.5+02:00","#
            + #""languages":[],"duration_sec":2}"#
        )
    ),
    (
      "Schemas/JobProgress.yaml", "JobProgress",
      frame(
        3,
        #"{"at":"2026-11-24T10:00:00Z","stage":"processing","done":1,"#
          + #""metrics":{"z":1,"a":0.5},"details":{"b":[1,2.0,"x"],"a":null}}"#
      )
        + frame(4, #"{"status":"failed","errors":[{"message":"m","code":"E"}]}"#)
    ),
    (
      "Schemas", "Completion",
      frame(
        2,
        #"{"max_tokens":1,"created":"2026-11-24T10:00:00.000001Z","#
          + #""model":"gpt","id":"cmpl-x"}"#
      )
        + frame(3, #"{"index":0,"text":"a","top_logprobs":{"b":-1,"a":-2}}"#)
        + frame(
          4,
          #"{"latency_ms":1,"finish_reason":"length","completion_tokens":1,"#
            + #""prompt_tokens":0}"#
        )
    ),
  ]

  @Test func encodeOfDumpKeepsEveryValue() throws {
    for (schema, stream, bytes) in Self.looseStreams {
      let dump = try Self.run(["dump", schema, "--stream", stream], stdin: bytes)
      #expect(dump.status == 0, "\(stream): \(dump.stderr)")
      let encode = try Self.run(["encode", schema, "--stream", stream], stdin: dump.stdout)
      #expect(encode.status == 0, "\(stream): \(encode.stderr)")
      #expect(encode.stderr.isEmpty)
      // The encoded stream is written canonically, so it is shorter than the loose one.
      #expect(encode.stdout != bytes && !encode.stdout.isEmpty)
      let again = try Self.run(["dump", schema, "--stream", stream], stdin: encode.stdout)
      #expect(again.status == 0, "\(stream): \(again.stderr)")
      let lines = dump.output.split(separator: "\n")
      #expect(lines.count >= 2)
      #expect(
        again.output.split(separator: "\n").map(Self.withoutOffset)
          == lines.map(Self.withoutOffset),
        "\(stream)"
      )
      // Written canonically once, the stream is a fixed point of dump and encode.
      let reencoded = try Self.run(["encode", schema, "--stream", stream], stdin: again.stdout)
      #expect(reencoded.stdout == encode.stdout, "\(stream)")
    }
  }

  @Test func encodeOfDumpOfACanonicalStreamIsByteIdentical() throws {
    let canonical =
      Self.frame(2, Self.header) + Self.frame(3, Self.segment0)
      + Self.frame(3, Self.segment1Canonical) + Self.frame(4, Self.summary)
    let dump = try Self.run(
      ["dump", "Schemas/Transcription.yaml", "--stream", "Transcription"],
      stdin: canonical
    )
    #expect(dump.status == 0)
    let encode = try Self.run(
      ["encode", "Schemas/Transcription.yaml", "--stream", "Transcription"],
      stdin: dump.stdout
    )
    #expect(encode.status == 0, "\(encode.stderr)")
    #expect(encode.stdout == canonical)
  }

  @Test func encodeWritesFramesFromLines() throws {
    let lines = """
      {"kind":"header","value":{"model":"whisper-large-v3","language":"en","sample_rate":16000}}

      {"kind":"item","value":{"words":[],"text":"world","end":1.25,"start":0.5,"id":1}}
      {"value":{"duration_sec":1.25,"languages":["en"],"segments":2,\
      "finished_at":"2026-11-24T10:00:00Z"},"kind":"footer"}
      """
    let run = try Self.run(
      ["encode", "Schemas/Transcription.yaml", "--stream", "Transcription"],
      stdin: Array(lines.utf8)
    )
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout
        == Self.frame(2, Self.header) + Self.frame(3, Self.segment1Canonical)
        + Self.frame(4, Self.summary)
    )
  }

  struct EncodeRejection: Sendable, CustomTestStringConvertible {
    var name: String
    var stream: String
    var lines: [String]
    /// The line the error names.
    var line: Int
    /// Text the message must contain.
    var mentions: String

    var testDescription: String { name }
  }

  static let headerLine = #"{"kind":"header","value":{"model":"m","sample_rate":8000}}"#
  static let itemLine =
    #"{"kind":"item","value":{"id":0,"start":0,"end":1,"text":"x","words":[]}}"#
  static let footerLine =
    #"{"kind":"footer","value":{"duration_sec":1,"languages":[],"segments":1,"#
    + #""finished_at":"2026-11-24T10:00:00Z"}}"#

  static let encodeRejections: [EncodeRejection] = [
    EncodeRejection(
      name: "an item before the declared header",
      stream: "Transcription",
      lines: [itemLine, headerLine],
      line: 1,
      mentions: "header"
    ),
    EncodeRejection(
      name: "an item after the footer",
      stream: "Transcription",
      lines: [headerLine, itemLine, footerLine, itemLine],
      line: 4,
      mentions: "after the footer"
    ),
    EncodeRejection(
      name: "a second header",
      stream: "LiveTranscription",
      lines: [headerLine, itemLine, headerLine],
      line: 3,
      mentions: "header"
    ),
    EncodeRejection(
      name: "a footer the stream does not declare",
      stream: "LiveTranscription",
      lines: [headerLine, footerLine],
      line: 2,
      mentions: "footer"
    ),
    EncodeRejection(
      name: "a value above its maximum",
      stream: "Transcription",
      lines: [
        headerLine,
        #"{"kind":"item","value":{"id":0,"start":0,"end":1,"text":"x","#
          + #""words":[{"word":"w","start":0,"end":1,"confidence":1.5}]}}"#,
      ],
      line: 2,
      mentions: ": $.words[0].confidence: expected number <= 1.0, found 1.5"
    ),
    EncodeRejection(
      name: "a missing required field",
      stream: "TranscriptionSegments",
      lines: [itemLine, #"{"kind":"item","value":{"id":1,"start":0,"end":1,"words":[]}}"#],
      line: 2,
      mentions: "text"
    ),
    EncodeRejection(
      name: "an unknown kind",
      stream: "TranscriptionSegments",
      lines: [#"{"kind":"trailer","value":{}}"#],
      line: 1,
      mentions: "trailer"
    ),
    EncodeRejection(
      name: "a line that is not JSON",
      stream: "TranscriptionSegments",
      lines: [itemLine, itemLine, "{kind: item}"],
      line: 3,
      mentions: "expected a string key"
    ),
    EncodeRejection(
      name: "the declared footer missing at the end",
      stream: "TranscriptionWithSummary",
      lines: [itemLine, itemLine],
      line: 2,
      mentions: "footer"
    ),
  ]

  @Test(arguments: encodeRejections)
  func encodeRejectsWithTheLineNumber(_ rejection: EncodeRejection) throws {
    let run = try Self.run(
      ["encode", "Schemas/Transcription.yaml", "--stream", rejection.stream],
      stdin: Array(rejection.lines.joined(separator: "\n").utf8) + [0x0A]
    )
    #expect(run.status == 1)
    #expect(
      run.stderr.hasPrefix("standard input:\(rejection.line): error: "),
      "\(run.stderr)"
    )
    #expect(run.stderr.contains(rejection.mentions), "\(run.stderr)")
    #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
  }
}
