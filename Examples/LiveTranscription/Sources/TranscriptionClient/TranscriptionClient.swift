// transcription-client: reads a transcription stream over HTTP with the generated reader,
// printing each segment as it arrives, and checks it.
//
//   transcription-client --url URL [--format framed|sse]
//   transcription-client --url URL --first-item-latency
//   transcription-client --url URL --disconnect-after K
//   transcription-client --url URL --chat [--format framed|sse]
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import StreamTypes
import TranscriptionAPI

@main
struct TranscriptionClient: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "transcription-client",
    abstract: "Reads a transcription stream from transcription-server and checks it.",
    discussion: """
      Prints each segment as it arrives, then one summary line. Exit status 0 when the \
      stream (and the mode's check) is good, 1 when not.

      With --chat, reads a chat stream (GET /chat) and prints each token, then \
      `complete: ...` (exit status 0), `producer error: ...` when the server sent the \
      stream's typed error (exit status 3), or `truncated: ...` when the stream was cut \
      before its end (exit status 1).
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case framed, sse

    var wireFormat: WireFormat {
      switch self {
      case .framed: .framed
      case .sse: .sse
      }
    }
  }

  @Option(help: "The stream's URL, such as http://127.0.0.1:8080/transcribe?segments=5.")
  var url: String

  @Option(help: "The wire format to ask for (the Accept header) and to read.")
  var format = Format.framed

  @Flag(
    help: """
      Check that the first item reaches this client before the server has produced the \
      second: on item 0 ask the server's /stats how many items the stream has produced \
      (it must be 1), and check that item 1's produced_at is later than item 0's arrival. \
      Use a delay_ms of a second or more.
      """
  )
  var firstItemLatency = false

  @Option(
    help: """
      Drop the connection after K items, then check through /stats that the server's \
      producer stopped early.
      """
  )
  var disconnectAfter: Int?

  @Flag(help: "Read a chat stream (GET /chat) instead of a transcription.")
  var chat = false

  @Option(help: "Seconds the whole run may take, the stream and the checks.")
  var timeout = 60

  func validate() throws {
    if chat && (firstItemLatency || disconnectAfter != nil) {
      throw ValidationError("--chat takes no --first-item-latency or --disconnect-after")
    }
    if let disconnectAfter, disconnectAfter < 0 {
      throw ValidationError("--disconnect-after must be 0 or more")
    }
    if firstItemLatency && disconnectAfter != nil {
      throw ValidationError("use --first-item-latency or --disconnect-after, not both")
    }
  }

  func run() async throws {
    if chat {
      try await runChat()
      return
    }
    let check = StreamCheck(url: url, format: format.wireFormat)
    let (firstItemLatency, disconnectAfter, timeout) = (
      self.firstItemLatency, self.disconnectAfter, self.timeout
    )
    do {
      let summary = try await withThrowingTaskGroup(of: String.self) { group in
        group.addTask {
          try await check.run(firstItemLatency: firstItemLatency, disconnectAfter: disconnectAfter)
        }
        group.addTask {
          try await Task.sleep(for: .seconds(timeout))
          throw CheckFailure("no result after \(timeout) s (--timeout)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
      }
      say("ok: \(summary)")
    } catch {
      say("FAIL: \(error)")
      throw ExitCode.failure
    }
  }
}

extension TranscriptionClient {
  /// `--chat`: reads the stream and ends with the exit status of its outcome.
  func runChat() async throws {
    let (url, format, timeout) = (self.url, format.wireFormat, self.timeout)
    let outcome: ChatOutcome
    do {
      outcome = try await withThrowingTaskGroup(of: ChatOutcome.self) { group in
        group.addTask { await readChat(url: url, format: format) }
        group.addTask {
          try await Task.sleep(for: .seconds(timeout))
          throw CheckFailure("no result after \(timeout) s (--timeout)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
      }
    } catch {
      say("FAIL: \(error)")
      throw ExitCode.failure
    }
    say(outcome.line)
    if outcome.status != 0 { throw ExitCode(outcome.status) }
  }
}

/// How a chat stream ended: the line to print and the exit status.
struct ChatOutcome: Sendable {
  var line: String
  var status: Int32
}

/// Reads a chat stream with the generated reader, printing each token as it arrives. A
/// stream is complete only when its end arrived (`data: [DONE]` in SSE); the producer's
/// typed error and a cut are told apart from it, and from each other.
func readChat(url: String, format: WireFormat) async -> ChatOutcome {
  var chunks = 0
  var text = ""
  do {
    var request = HTTPClientRequest(url: url)
    request.headers.add(name: "Accept", value: format.contentType)
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let contentType = response.headers.first(name: "Content-Type") ?? "none"
    guard response.status.code == 200, contentType.hasPrefix(format.contentType) else {
      return ChatOutcome(
        line: "FAIL: HTTP \(response.status.code), Content-Type \(contentType)",
        status: 1
      )
    }
    let reader = ChatStream.Reader(response.body.map(\.readableBytesView), format: format)
    var finishReason: ChatFinishReason?
    for try await chunk in reader.readItems() {
      chunks += 1
      for choice in chunk.choices {
        if let content = choice.delta.content {
          text += content
          say("token \(chunks - 1): \"\(content)\"")
        }
        finishReason = choice.finishReason ?? finishReason
      }
    }
    // readItems() ended without an error: the stream's end arrived.
    let reason = finishReason.map { "\($0)" } ?? "none"
    return ChatOutcome(
      line: "complete: \(chunks) chunks, finish_reason \(reason), \(reader.bytesRead) bytes: "
        + "\"\(text)\"",
      status: 0
    )
  } catch let failure as ProducerError<ChatStream> {
    return ChatOutcome(
      line: "producer error: \(failure.value.error.message) "
        + "(\(failure.value.error.type), after \(chunks) chunks)",
      status: 3
    )
  } catch let error as StreamError {
    let truncation: Set<StreamError.Code> = [
      .missingEnd, .truncatedEvent, .truncatedTag, .truncatedPayload, .missingFooter,
    ]
    let kind = truncation.contains(error.code) ? "truncated" : "FAIL: broken stream"
    return ChatOutcome(line: "\(kind): \(error.code) after \(chunks) chunks: \(error)", status: 1)
  } catch {
    // The connection broke in a way HTTP itself noticed (a chunked body cut mid-way).
    return ChatOutcome(
      line: "truncated: the connection broke after \(chunks) chunks: \(error)",
      status: 1
    )
  }
}

/// A failed check, with what was expected and found.
struct CheckFailure: Error, CustomStringConvertible {
  var description: String

  init(_ description: String) {
    self.description = description
  }
}

/// One request to the server and the checks on its stream.
struct StreamCheck {
  let url: String
  let format: WireFormat
  let client = HTTPClient.shared
  let start = ContinuousClock.now

  /// The server's /stats URL, beside the stream's.
  var statsURL: String {
    get throws {
      guard var components = URLComponents(string: url) else {
        throw CheckFailure("not a URL: \(url)")
      }
      components.path = "/stats"
      components.query = nil
      return components.string ?? url
    }
  }

  /// Seconds since the run started, for the log lines.
  var elapsed: String {
    let duration = ContinuousClock.now - start
    let milliseconds =
      duration.components.seconds * 1000
      + duration.components.attoseconds / 1_000_000_000_000_000
    return String(format: "+%.3fs", Double(milliseconds) / 1000)
  }

  func run(firstItemLatency: Bool, disconnectAfter: Int?) async throws -> String {
    let result = try await read(firstItemLatency: firstItemLatency, limit: disconnectAfter)
    guard let limit = disconnectAfter else { return result.summary }
    // The response and its body are gone: AsyncHTTPClient has closed the connection.
    return try await checkProducerStopped(result.header, after: limit)
  }

  /// Reads the stream, or its first `limit` items and then drops the connection.
  private func read(
    firstItemLatency: Bool,
    limit: Int?
  ) async throws -> (header: TranscriptionHeader, summary: String) {
    var request = HTTPClientRequest(url: url)
    request.headers.add(name: "Accept", value: format.contentType)
    let response = try await client.execute(request, timeout: .seconds(30))
    let contentType = response.headers.first(name: "Content-Type") ?? "none"
    guard response.status.code == 200 else {
      throw CheckFailure("HTTP \(response.status.code), Content-Type \(contentType)")
    }
    guard contentType.hasPrefix(format.contentType) else {
      throw CheckFailure("Content-Type \(contentType), expected \(format.contentType)")
    }
    say("\(elapsed) HTTP \(response.status.code), Content-Type \(contentType)")

    let reader = Transcription.Reader(response.body.map(\.readableBytesView), format: format)
    let header = try await reader.readHeader()
    say(
      "\(elapsed) header: session \(header.session), model \(header.model), "
        + "\(header.segments) segments"
    )
    if limit == 0 {
      say("\(elapsed) disconnecting after the header")
      return (header, "")
    }

    var count = 0
    var previousEnd = 0.0
    var firstArrival: Date?
    for try await segment in reader.readItems() {
      let arrival = Date()
      say(
        "\(elapsed) item \(segment.id) (produced \(timestamp(segment.producedAt))): "
          + segment.text
      )
      guard segment.id == count else {
        throw CheckFailure("item \(count) has id \(segment.id): out of order")
      }
      guard segment.start >= previousEnd else {
        throw CheckFailure("item \(count) starts at \(segment.start), before \(previousEnd)")
      }
      previousEnd = segment.end
      count += 1
      if firstItemLatency {
        switch segment.id {
        case 0:
          firstArrival = arrival
          try await checkFirstItemArrivedAlone(header)
        case 1:
          try checkSecondItemProducedLater(segment, firstArrival: firstArrival)
        default: break
        }
      }
      if let limit, count == limit {
        say("\(elapsed) disconnecting after \(count) items")
        return (header, "")
      }
    }
    if let limit {
      throw CheckFailure(
        "the stream ended after \(count) items, before --disconnect-after \(limit)"
      )
    }
    let footer = try await reader.readFooter()
    say(
      "\(elapsed) footer: \(footer.segments) segments, \(footer.durationSec) s of audio, "
        + "finished \(timestamp(footer.finishedAt))"
    )
    guard count == header.segments, footer.segments == count else {
      throw CheckFailure(
        "\(count) items read; the header announced \(header.segments), the footer "
          + "says \(footer.segments)"
      )
    }
    if firstItemLatency && count < 2 {
      throw CheckFailure("--first-item-latency needs 2 or more segments; the stream had \(count)")
    }
    let summary =
      "\(format) stream of session \(header.session): header, \(count) items in order, "
      + "footer; \(reader.bytesRead) bytes in \(elapsed)"
    return (header, summary)
  }

  /// On item 0's arrival, the server must have produced item 0 and not yet item 1: had it
  /// held the response back, it would have produced every item before sending any.
  private func checkFirstItemArrivedAlone(_ header: TranscriptionHeader) async throws {
    let stats = try await sessionStats(header.session)
    say(
      "\(elapsed) first item arrived; the server has produced \(stats.produced) of "
        + "\(header.segments) items (\(stats.state))"
    )
    guard stats.produced == 1 else {
      throw CheckFailure(
        "when item 0 arrived the server had produced \(stats.produced) items, expected 1: "
          + "the response was buffered (or delay_ms is too short for this check)"
      )
    }
  }

  /// Item 1 was produced after item 0 reached this client: the same ordering, from the
  /// items' own timestamps (server and client share the machine's clock).
  private func checkSecondItemProducedLater(_ segment: Segment, firstArrival: Date?) throws {
    guard let firstArrival else { throw CheckFailure("item 1 before item 0") }
    let gap = segment.producedAt.timeIntervalSince(firstArrival)
    guard gap > 0 else {
      throw CheckFailure(
        "item 1 was produced \(String(format: "%.3f", -gap)) s before item 0 arrived"
      )
    }
    say(
      "\(elapsed) item 1 was produced \(String(format: "%.3f", gap)) s after item 0 arrived"
    )
  }

  /// After the disconnect, waits (up to 10 s) for the server's producer to stop, and checks
  /// that it stopped early.
  private func checkProducerStopped(
    _ header: TranscriptionHeader,
    after limit: Int
  ) async throws -> String {
    let session = header.session
    let deadline = ContinuousClock.now + .seconds(10)
    var stats = try await sessionStats(session)
    while stats.state == "running" && ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(50))
      stats = try await sessionStats(session)
    }
    say("\(elapsed) server: session \(session) \(stats.state), \(stats.produced) items produced")
    guard stats.state == "cancelled" else {
      throw CheckFailure(
        "the server's producer for session \(session) is \(stats.state) after the client "
          + "disconnected, expected cancelled"
      )
    }
    guard stats.produced < header.segments else {
      throw CheckFailure(
        "the server produced all \(stats.produced) items for session \(session)"
      )
    }
    return "disconnected after \(limit) items; the server's producer stopped after "
      + "\(stats.produced) of \(header.segments) items (client gone)"
  }

  struct SessionStats: Decodable {
    var session: String
    var produced: Int
    var state: String
  }

  private func sessionStats(_ session: String) async throws -> SessionStats {
    let request = HTTPClientRequest(url: try statsURL + "?session=\(session)")
    let response = try await client.execute(request, timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 1 << 20)
    guard response.status.code == 200 else {
      throw CheckFailure("GET /stats?session=\(session): HTTP \(response.status.code)")
    }
    return try JSONDecoder().decode(SessionStats.self, from: Data(body.readableBytesView))
  }

  private func timestamp(_ date: Date) -> String {
    date.formatted(.iso8601.time(includingFractionalSeconds: true))
  }
}

/// Prints `line` at once, unbuffered: scripts read these lines while the program runs.
func say(_ line: String) {
  FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
