import Foundation
import Testing

/// `--format sse` for `validate`, `dump` and `encode`.
@Suite struct SSECommandLineTests {
  static func run(_ arguments: [String], stdin: [UInt8] = []) throws -> CommandRun {
    try runStreamTypes(arguments, stdin: stdin)
  }

  static let schema = ["Schemas", "--stream", "Transcription"]

  @Test func encodeValidateAndDumpRoundTrip() throws {
    // The framed example stream, as JSON Lines, then as server-sent events.
    let framed = Repository.path("Examples/Streams/transcription.bin")
    let lines = try Self.run(["dump"] + Self.schema + [framed])
    #expect(lines.status == 0, "\(lines.stderr)")
    let encoded = try Self.run(["encode"] + Self.schema + ["--format", "sse"], stdin: lines.stdout)
    #expect(encoded.status == 0, "\(encoded.stderr)")
    #expect(encoded.output.hasPrefix("event: header\ndata: {\"model\":"))
    #expect(encoded.output.hasSuffix("\"}\n\n"))

    let valid = try Self.run(
      ["validate"] + Self.schema + ["--format", "sse"],
      stdin: encoded.stdout
    )
    #expect(valid.status == 0, "\(valid.stderr)")
    #expect(
      valid.output.hasPrefix("valid Transcription stream: 5 events (1 header, 3 items, 1 footer)")
    )

    // The same values, at the events' offsets.
    let dumped = try Self.run(
      ["dump"] + Self.schema + ["--format", "sse", "-"],
      stdin: encoded.stdout
    )
    #expect(dumped.status == 0, "\(dumped.stderr)")
    func values(_ text: String) -> [String] {
      text.split(separator: "\n").map { line in
        withoutOffsetMember(line)
      }
    }
    #expect(values(dumped.output) == values(lines.output))
    #expect(dumped.output.hasPrefix(#"{"kind":"header","offset":0,"#))
  }

  @Test func anInvalidEventExitsOneWithItsOffset() throws {
    let stream = Array("event: header\ndata: {}\n\n".utf8)
    let run = try Self.run(
      ["validate"] + Self.schema + ["--format", "sse", "--json"],
      stdin: stream
    )
    #expect(run.status == 1)
    #expect(
      // The event starts at byte 0; the object that lacks `model` at byte 20.
      run.output.contains(#""code":"invalidPayload","offset":0,"faultOffset":20,"frameIndex":0"#),
      "\(run.output)"
    )
    let unknown = Array("event: progress\ndata: {}\n\n".utf8)
    let text = try Self.run(["validate"] + Self.schema + ["--format", "sse"], stdin: unknown)
    #expect(text.status == 1)
    #expect(text.stderr.contains("byte 0 (0x0), frame 0: unknown event name \"progress\""))
  }

  /// Integers beyond 64 bits, as Python writes its big integers: `encode` accepts them,
  /// `dump` prints a `json` field's with its exact digits and a `float` field's as the
  /// nearest double, and an `int` field rejects them.
  @Test func bigIntegersThroughEncodeAndDump() throws {
    let schema = ["Schemas", "--stream", "JobProgress", "--format", "sse"]
    let big = "123456789012345678901234567890"
    let lines =
      #"{"kind":"item","value":{"at":"2026-11-24T10:00:00Z","stage":"queued","done":1,"#
      + #""metrics":{"rate":100000000000000000000},"details":{"n":[\#(big),-\#(big)]}}}"#
      + "\n" + #"{"kind":"footer","value":{"status":"succeeded"}}"# + "\n"
    let encoded = try Self.run(["encode"] + schema, stdin: Array(lines.utf8))
    #expect(encoded.status == 0, "\(encoded.stderr)")
    #expect(encoded.output.contains(#""details":{"n":[\#(big),-\#(big)]}"#), "\(encoded.output)")
    let dumped = try Self.run(["dump"] + schema + ["-"], stdin: encoded.stdout)
    #expect(dumped.status == 0, "\(dumped.stderr)")
    #expect(
      dumped.output.contains(#""metrics":{"rate":1e+20},"details":{"n":[\#(big),-\#(big)]}}"#),
      "\(dumped.output)"
    )

    let notAnInt = Array(
      Self.event("item", #"{"at":"2026-11-24T10:00:00Z","stage":"queued","done":\#(big)}"#).utf8
    )
    let rejected = try Self.run(["validate"] + schema, stdin: notAnInt)
    #expect(rejected.status == 1)
    #expect(rejected.stderr.contains("expected integer within signed 64 bits, found \(big)"))
  }

  static func event(_ name: String, _ data: String) -> String {
    "event: \(name)\ndata: \(data)\n\n"
  }

  @Test func anUnknownFormatIsAUsageError() throws {
    let run = try Self.run(["validate"] + Self.schema + ["--format", "websocket"])
    #expect(run.status == 2)
  }
}
