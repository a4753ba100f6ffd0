import Foundation
import Testing

/// `--format auto` (the default) picks the wire format from the input's first byte; an
/// explicit format that does not fit the input gets a hint naming the other one.
@Suite struct FormatChoiceTests {
  static let framed = "Examples/Streams/transcription.bin"

  /// The shipped stream as server-sent events, through `dump` and `encode`.
  static func sseCopy(in directory: TemporaryDirectory) throws -> String {
    let dump = try runStreamTypes(["dump", "Schemas", framed, "--stream", "Transcription"])
    #expect(dump.status == 0, "\(dump.stderr)")
    let encode = try runStreamTypes(
      ["encode", "Schemas", "--stream", "Transcription", "--format", "sse"],
      stdin: dump.stdout
    )
    #expect(encode.status == 0, "\(encode.stderr)")
    #expect(encode.stdout.starts(with: Array("event: header\n".utf8)))
    return try directory.write("transcription.sse", encode.stdout)
  }

  @Test func autoReadsBothFormats() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let sse = try Self.sseCopy(in: directory)
    let framedRun = try runStreamTypes([
      "validate", "Schemas", Self.framed, "--stream", "Transcription",
    ])
    #expect(framedRun.status == 0, "\(framedRun.stderr)")
    #expect(framedRun.output.contains("5 frames"), "\(framedRun.output)")
    let sseRun = try runStreamTypes(["validate", "Schemas", sse, "--stream", "Transcription"])
    #expect(sseRun.status == 0, "\(sseRun.stderr)")
    #expect(sseRun.output.contains("5 events"), "\(sseRun.output)")
    // dump reads both the same way: the same values from either format.
    let fromFramed = try runStreamTypes([
      "dump", "Schemas", Self.framed, "--stream", "Transcription",
    ])
    let fromSSE = try runStreamTypes(["dump", "Schemas", sse, "--stream", "Transcription"])
    #expect(fromSSE.status == 0, "\(fromSSE.stderr)")
    let values = { (run: CommandRun) in
      run.output.split(separator: "\n").map { line in
        line.replacingOccurrences(of: #""offset":\d+,"#, with: "", options: .regularExpression)
      }
    }
    #expect(values(fromFramed) == values(fromSSE))
  }

  @Test func framedGivenServerSentEventsHintsAtSSE() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let sse = try Self.sseCopy(in: directory)
    let run = try runStreamTypes(
      ["validate", "Schemas", sse, "--stream", "Transcription", "--format", "framed"]
    )
    #expect(run.status == 1)
    #expect(run.stderr.contains("unknown"), "\(run.stderr)")
    #expect(
      run.stderr.contains(
        "hint: the input looks like server-sent events, not frames: try --format sse"
      ),
      "\(run.stderr)"
    )
    let json = try runStreamTypes(
      ["validate", "Schemas", sse, "--stream", "Transcription", "--format", "framed", "--json"]
    )
    #expect(json.status == 1)
    #expect(
      json.output.contains(#""hint":"the input looks like server-sent events"#),
      "\(json.output)"
    )
    let dump = try runStreamTypes(
      ["dump", "Schemas", sse, "--stream", "Transcription", "--format", "framed"]
    )
    #expect(dump.status == 1)
    #expect(dump.stderr.contains("hint: the input looks like server-sent events"), "\(dump.stderr)")
  }

  @Test func sseGivenFramesHintsAtFramed() throws {
    let run = try runStreamTypes(
      ["validate", "Schemas", Self.framed, "--stream", "Transcription", "--format", "sse"]
    )
    #expect(run.status == 1)
    #expect(
      run.stderr.contains("hint: the input looks like framed (Truss Chains) frames"),
      "\(run.stderr)"
    )
  }

  @Test func aFittingFormatGetsNoHint() throws {
    let broken = try runStreamTypes(
      [
        "validate", "Schemas", "Examples/Streams/transcription-broken.bin", "--stream",
        "Transcription",
      ]
    )
    #expect(broken.status == 1)
    #expect(!broken.stderr.contains("hint:"), "\(broken.stderr)")
  }
}
