import Foundation
import Testing

/// `validate`, `dump` and `encode` on the provider captures of `Examples/Streams/` (whose
/// schemas in `Schemas/` use a stream's `sse` section and `error` part), and on edits of
/// them that break one rule each: the error names the offset of the event at fault and
/// says what is wrong.
@Suite struct ProviderCommandLineTests {
  static func run(_ arguments: [String], stdin: [UInt8] = []) throws -> CommandRun {
    try runStreamTypes(arguments, stdin: stdin)
  }

  /// The capture's events, each with its blank line.
  static func events(_ capture: String) throws -> [String] {
    let text = try String(
      contentsOfFile: Repository.path("Examples/Streams/" + capture),
      encoding: .utf8
    )
    let events = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { $0 + "\n\n" }
    #expect(events.joined() == text)
    return events
  }

  static let anthropic = ["Schemas", "--stream", "AnthropicMessages", "--format", "sse"]
  static let chat = ["Schemas", "--stream", "ChatCompletionChunks", "--format", "sse"]
  static let overloaded =
    "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", "
    + "\"message\": \"Overloaded\"}}\n\n"

  /// Validates `events` joined and returns the run; the error, if any, must start at the
  /// event `at` (its offset is the length of the events before it).
  static func validate(
    _ schema: [String],
    _ events: [String],
    failsAt at: Int?,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> CommandRun {
    let run = try Self.run(["validate"] + schema + ["--json"], stdin: Array(events.joined().utf8))
    if let at {
      let offset = events.prefix(at).joined().utf8.count
      #expect(run.status == 1, "\(run.output)", sourceLocation: sourceLocation)
      #expect(
        run.output.contains(#""offset":\#(offset)"#),
        "\(run.output)",
        sourceLocation: sourceLocation
      )
    } else {
      #expect(run.status == 0, "\(run.output)\(run.stderr)", sourceLocation: sourceLocation)
    }
    return run
  }

  @Test func everyCaptureValidates() throws {
    for (capture, stream, summary) in [
      ("anthropic-messages.sse", "AnthropicMessages", "8 events (1 header, 6 items, 1 footer)"),
      ("openai-chat.sse", "ChatCompletionChunks", "4 events (4 items)"),
      ("openai-responses.sse", "ResponseEvents", "10 events (1 header, 9 items)"),
    ] {
      // The format is guessed from the bytes, as a user would run it.
      let run = try Self.run([
        "validate", "Schemas", Repository.path("Examples/Streams/" + capture), "--stream", stream,
      ])
      #expect(run.status == 0, "\(capture): \(run.stderr)")
      #expect(run.output.hasPrefix("valid \(stream) stream: \(summary)"), "\(run.output)")
    }
  }

  @Test func doneRemovedIsACutStream() throws {
    let events = try Self.events("openai-chat.sse")
    #expect(events.last == "data: [DONE]\n\n")
    let run = try Self.validate(Self.chat, Array(events.dropLast()), failsAt: events.count - 1)
    #expect(run.output.contains(#""code":"missingEnd""#), "\(run.output)")
    let text = try Self.run(["validate"] + Self.chat, stdin: Array(events.dropLast().joined().utf8))
    #expect(
      text.stderr.contains("the stream ends without its closing data: [DONE]; it was cut short"),
      "\(text.stderr)"
    )
  }

  @Test func dataAfterDoneIsRejected() throws {
    let events = try Self.events("openai-chat.sse")
    let run = try Self.validate(Self.chat, events + [events[1]], failsAt: events.count)
    #expect(run.output.contains(#""code":"dataAfterEnd""#), "\(run.output)")
    #expect(run.output.contains("nothing may follow it"), "\(run.output)")
  }

  @Test func anEventNamedOtherThanItsTypeIsRejected() throws {
    var events = try Self.events("anthropic-messages.sse")
    let ping = try #require(events.firstIndex { $0.hasPrefix("event: ping\n") })
    events[ping] = events[ping].replacingOccurrences(
      of: "event: ping",
      with: "event: content_block_delta"
    )
    let run = try Self.validate(Self.anthropic, events, failsAt: ping)
    #expect(run.output.contains(#""code":"eventNameMismatch""#), "\(run.output)")
    let text = try Self.run(["validate"] + Self.anthropic, stdin: Array(events.joined().utf8))
    #expect(
      text.stderr.contains(
        #"the event name "content_block_delta" differs from the item's type "ping""#
      ),
      "\(text.stderr)"
    )
  }

  @Test func messageStopBeforeMessageStartIsRejected() throws {
    let events = try Self.events("anthropic-messages.sse")
    let stopFirst = [events.last!] + events.dropLast()
    let run = try Self.validate(Self.anthropic, stopFirst, failsAt: 0)
    #expect(run.output.contains(#""code":"missingHeader""#), "\(run.output)")
  }

  @Test func anErrorEventEndsTheStream() throws {
    let events = try Self.events("anthropic-messages.sse")
    let failed = Array(events.prefix(3)) + [Self.overloaded]
    let valid = try Self.validate(Self.anthropic, failed, failsAt: nil)
    #expect(valid.output.contains(#""errors":1"#), "\(valid.output)")
    let text = try Self.run(["validate"] + Self.anthropic, stdin: Array(failed.joined().utf8))
    #expect(text.output.contains("(1 header, 2 items, 1 producer error)"), "\(text.output)")
    // Anything after it is rejected, at the first event after it.
    let more = failed + Array(events.dropFirst(3))
    let run = try Self.validate(Self.anthropic, more, failsAt: 4)
    #expect(run.output.contains(#""code":"frameAfterError""#), "\(run.output)")
    #expect(run.output.contains("nothing may follow an error"), "\(run.output)")
  }

  @Test func anUnknownEventKindPassesAndDumpPrintsIt() throws {
    var events = try Self.events("anthropic-messages.sse")
    let added =
      "event: citation_added\ndata: {\"type\": \"citation_added\", \"index\": 0}\n\n"
    events.insert(added, at: 2)
    _ = try Self.validate(Self.anthropic, events, failsAt: nil)
    let dumped = try Self.run(["dump"] + Self.anthropic, stdin: Array(events.joined().utf8))
    #expect(dumped.status == 0, "\(dumped.stderr)")
    let offset = events.prefix(2).joined().utf8.count
    #expect(
      dumped.output.contains(
        #"{"kind":"item","offset":\#(offset),"value":{"index":0,"type":"citation_added"}}"#
      ),
      "\(dumped.output)"
    )
  }

  @Test func dumpAndEncodeRoundTripTheConventions() throws {
    let events = try Self.events("anthropic-messages.sse")
    let failed = Array(events.prefix(3)) + [Self.overloaded]
    for stream in [events, failed] {
      let lines = try Self.run(["dump"] + Self.anthropic, stdin: Array(stream.joined().utf8))
      #expect(lines.status == 0, "\(lines.stderr)")
      let encoded = try Self.run(["encode"] + Self.anthropic, stdin: lines.stdout)
      #expect(encoded.status == 0, "\(encoded.stderr)")
      // Named as the schema says, written compactly.
      let names = encoded.output.split(separator: "\n").filter { $0.hasPrefix("event: ") }
      let expected = stream.map { String($0.prefix { $0 != "\n" }) }
      #expect(names.map(String.init) == expected)
      let again = try Self.run(["dump"] + Self.anthropic, stdin: encoded.stdout)
      func values(_ text: String) -> [String] {
        text.split(separator: "\n").map { withoutOffsetMember($0) }
      }
      #expect(values(again.output) == values(lines.output))
    }
    // The chat stream's encoding ends with its done event; framed, nothing is added.
    let chat = try Self.events("openai-chat.sse")
    let lines = try Self.run(["dump"] + Self.chat, stdin: Array(chat.joined().utf8))
    let encoded = try Self.run(["encode"] + Self.chat, stdin: lines.stdout)
    #expect(encoded.output.hasSuffix("}\n\ndata: [DONE]\n\n"), "\(encoded.output)")
    #expect(!encoded.output.contains("event:"))
    let framed = try Self.run(
      ["encode", "Schemas", "--stream", "ChatCompletionChunks"],
      stdin: lines.stdout
    )
    #expect(framed.status == 0)
    #expect(!framed.output.contains("[DONE]"))
  }

  @Test func encodeRefusesAPartAfterTheError() throws {
    let lines =
      #"{"kind":"error","value":{"type":"error","error":{"type":"x","message":"y"}}}"# + "\n"
      + #"{"kind":"item","value":{"type":"ping"}}"# + "\n"
    let run = try Self.run(["encode"] + Self.anthropic, stdin: Array(lines.utf8))
    #expect(run.status == 1)
    #expect(run.stderr.contains("standard input:2: error: an item frame after the error frame"))
  }
}
