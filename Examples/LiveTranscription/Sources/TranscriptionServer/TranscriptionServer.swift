// transcription-server: streams a (simulated) transcription over HTTP as it is produced.
//
//   GET /transcribe?segments=N&delay_ms=D   the header, N segments (each made D ms after
//                                           the previous one and sent at once), the summary;
//                                           server-sent events for `Accept: text/event-stream`,
//                                           Truss Chains' framing otherwise
//   GET /chat?tokens=N&delay_ms=D           a chat completion shaped like OpenAI's stream:
//       [&fail_after=K] [&cut_after=K]     N chunks, a last one, `data: [DONE]` (SSE for
//                                           `Accept: text/event-stream`, framed otherwise);
//                                           fail_after: the model fails before token K and
//                                           the stream ends with its typed `error` event;
//                                           cut_after: the connection is cut after K chunks
//                                           stop_after: the body ends after K chunks,
//                                           well-formed but without [DONE]
//   GET /stats[?session=ID]                 what the producers did, as JSON
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import StreamTypes
import Synchronization
import TranscriptionAPI

@main
struct TranscriptionServer: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "transcription-server",
    abstract: "Streams a simulated transcription, framed or as server-sent events."
  )

  @Option(help: "The port on 127.0.0.1 to listen on; 0 picks a free one.")
  var port = 8080

  func run() async throws {
    var logger = Logger(label: "transcription-server")
    logger.logLevel = .warning

    let stats = ProducerStats()
    let router = Router(context: StreamRequestContext.self)
    router.get("transcribe") { request, context in
      try transcribe(request, channel: context.channel, stats: stats)
    }
    router.get("chat") { request, context in
      try chat(request, channel: context.channel)
    }
    router.get("stats") { request, _ in
      let session = request.uri.queryParameters.get("session")
      guard let body = stats.json(session: session) else {
        throw HTTPError(.notFound, message: "no session \(session ?? "")")
      }
      return Response(
        status: .ok,
        headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: body))
      )
    }

    let app = Application(
      router: router,
      configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
      onServerRunning: { channel in
        say("listening on \(channel.localAddress?.port ?? port)")
      },
      logger: logger
    )
    try await app.runService()
  }
}

/// The request context, with the connection's channel: the server watches it to stop a
/// producer as soon as its client goes away.
struct StreamRequestContext: RequestContext {
  var coreContext: CoreRequestContextStorage
  let channel: any Channel

  init(source: ApplicationRequestContextSource) {
    self.coreContext = CoreRequestContextStorage(source: source)
    self.channel = source.channel
  }
}

/// `GET /transcribe`: starts a producer for the session and streams its segments.
func transcribe(
  _ request: Request,
  channel: any Channel,
  stats: ProducerStats
) throws -> Response {
  let query = request.uri.queryParameters
  let count = try integer(query.get("segments"), "segments", default: 5, in: 0...100_000)
  let delayMS = try integer(query.get("delay_ms"), "delay_ms", default: 250, in: 0...60_000)
  let format = TranscriptionHTTP.format(accept: request.headers[.accept])

  // Runs when Hummingbird writes the body, after the response head.
  let body = ResponseBody { writer in
    let session = stats.begin()
    let header = TranscriptionHeader(
      session: session,
      model: SimulatedModel.name,
      language: "en",
      sampleRate: 16_000,
      segments: count
    )
    say("session \(session): \(count) segments, one every \(delayMS) ms, \(format)")
    let (items, continuation) = AsyncThrowingStream.makeStream(of: Segment.self)
    let stopReason = StopReason()
    let producer = Task {
      await produce(
        session,
        count: count,
        delayMS: delayMS,
        into: continuation,
        stats: stats,
        stopReason: stopReason
      )
    }
    let stop: @Sendable (String) -> Void = { reason in
      stopReason.set(reason)
      producer.cancel()
    }
    // The items' consumer stops (a failed write) or the client goes (end of its input, a
    // closed connection): either way the producer stops.
    continuation.onTermination = { termination in
      if case .cancelled = termination { stop("client gone") }
    }
    let watch = ClientGoneHandler.watch(channel, name: "client-gone-\(session)") {
      stop("client gone")
    }
    defer { ClientGoneHandler.unwatch(channel, name: watch) }

    let frames = Transcription.Writer.encodedStream(
      header: header,
      items: items,
      format: format,
      footer: {
        TranscriptionSummary(
          durationSec: SimulatedModel.duration(segments: count),
          languages: ["en"],
          segments: count,
          finishedAt: Date()
        )
      }
    )
    do {
      // A server that is shutting down ends its streams rather than wait for them.
      try await withGracefulShutdownHandler {
        // Each frame is written (and flushed) as soon as its segment exists.
        for try await frame in frames {
          try await writer.write(ByteBuffer(bytes: frame))
        }
        try await writer.finish(nil)
      } onGracefulShutdown: {
        stop("server shutting down")
      }
    } catch {
      stop("client gone")
      throw error
    }
  }
  return Response(
    status: .ok,
    headers: [.contentType: format.contentType, .cacheControl: "no-cache"],
    body: body
  )
}

/// `GET /chat`: a simulated chat completion, ending with `[DONE]`, its typed error, or a cut.
func chat(_ request: Request, channel: any Channel) throws -> Response {
  let query = request.uri.queryParameters
  let tokens = try integer(query.get("tokens"), "tokens", default: 8, in: 0...100_000)
  let delayMS = try integer(query.get("delay_ms"), "delay_ms", default: 50, in: 0...60_000)
  let failAfter = try query.get("fail_after").map {
    try integer($0, "fail_after", default: 0, in: 0...100_000)
  }
  let cutAfter = try query.get("cut_after").map {
    try integer($0, "cut_after", default: 0, in: 1...100_000)
  }
  let stopAfter = try query.get("stop_after").map {
    try integer($0, "stop_after", default: 0, in: 1...100_000)
  }
  let format = TranscriptionHTTP.format(accept: request.headers[.accept])
  let completion = SimulatedChat(
    id: "chatcmpl-\(UUID().uuidString.prefix(8).lowercased())",
    created: Int(Date().timeIntervalSince1970),
    tokens: tokens,
    delayMS: delayMS,
    failAfter: failAfter
  )

  let body = ResponseBody { writer in
    say("chat \(completion.id): \(tokens) tokens, \(format)")
    // The model's failure becomes the stream's last event, `event: error`, instead of a
    // stream that just stops.
    let frames = ChatStream.Writer.encodedStream(items: completion, format: format)
      .endingWithError { error in
        say("chat \(completion.id): \(error); sending the error event")
        return ChatFailure(error: ChatFailureDetail(type: "server_error", message: "\(error)"))
      }
    var sent = 0
    for try await frame in frames {
      try await writer.write(ByteBuffer(bytes: frame))
      sent += 1
      if let cutAfter, sent == cutAfter {
        // What a crashed server or a dropped proxy does: the connection closes mid-body,
        // before `[DONE]`. The pause lets the chunks already written reach the client.
        try await Task.sleep(for: .milliseconds(100))
        say("chat \(completion.id): cutting the connection after \(sent) chunks")
        try await channel.close().get()
        throw ConnectionCut()
      }
      if let stopAfter, sent == stopAfter {
        // What a handler that returns early, or a proxy that ends the response, does: a
        // well-formed HTTP body without `[DONE]`; only `[DONE]` tells it from the end.
        say("chat \(completion.id): ending the body after \(sent) chunks, without [DONE]")
        try await writer.finish(nil)
        return
      }
    }
    say("chat \(completion.id): sent \(sent) frames")
    try await writer.finish(nil)
  }
  return Response(
    status: .ok,
    headers: [.contentType: format.contentType, .cacheControl: "no-cache"],
    body: body
  )
}

/// Ends a response whose connection `GET /chat?cut_after=K` closed on purpose.
struct ConnectionCut: Error {}

/// The value of a query parameter, `fallback` when absent; 400 Bad Request when invalid.
func integer(
  _ text: String?,
  _ name: String,
  default fallback: Int,
  in range: ClosedRange<Int>
) throws -> Int {
  guard let text else { return fallback }
  guard let value = Int(text), range.contains(value) else {
    throw HTTPError(
      .badRequest,
      message: "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)"
    )
  }
  return value
}

/// The simulated model: one segment every `delayMS` milliseconds, counted in `stats` the
/// moment it exists. Stops at once, mid-wait, when its task is cancelled.
func produce(
  _ session: String,
  count: Int,
  delayMS: Int,
  into continuation: AsyncThrowingStream<Segment, any Error>.Continuation,
  stats: ProducerStats,
  stopReason: StopReason
) async {
  var produced = 0
  do {
    for index in 0..<count {
      try await Task.sleep(for: .milliseconds(delayMS))
      try Task.checkCancellation()
      let segment = SimulatedModel.segment(index, producedAt: Date())
      stats.recordItem(session)
      produced += 1
      continuation.yield(segment)
    }
    stats.end(session, cancelled: false)
    say("session \(session): producer finished after \(produced) items")
    continuation.finish()
  } catch {
    stats.end(session, cancelled: true)
    let reason = stopReason.value ?? "client gone"
    say("session \(session): producer stopped after \(produced) items (\(reason))")
    continuation.finish(throwing: error)
  }
}

/// Why a producer was stopped: the first reason given.
final class StopReason: Sendable {
  private let reason = Mutex<String?>(nil)

  var value: String? { reason.withLock { $0 } }

  func set(_ value: String) {
    reason.withLock { reason in
      if reason == nil { reason = value }
    }
  }
}

/// Prints `line` at once, unbuffered: scripts read these lines while the program runs.
func say(_ line: String) {
  FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
