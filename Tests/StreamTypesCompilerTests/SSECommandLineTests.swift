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
        String(line.replacing(/"offset":\d+,/, with: ""))
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
      run.output.contains(#""code":"invalidPayload","offset":0,"frameIndex":0"#),
      "\(run.output)"
    )
    let unknown = Array("event: progress\ndata: {}\n\n".utf8)
    let text = try Self.run(["validate"] + Self.schema + ["--format", "sse"], stdin: unknown)
    #expect(text.status == 1)
    #expect(text.stderr.contains("byte 0 (0x0), frame 0: unknown event name \"progress\""))
  }

  @Test func anUnknownFormatIsAUsageError() throws {
    let run = try Self.run(["validate"] + Self.schema + ["--format", "websocket"])
    #expect(run.status == 2)
  }
}
