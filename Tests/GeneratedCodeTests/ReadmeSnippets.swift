import ExampleSchemas
import Foundation
import StreamTypes

// The Swift snippets of README.md, in code that the tests build and run
// (ReadmeSnippetTests). Each README block marked `<!-- snippet: NAME -->` must equal the
// region between `// snippet: NAME` and `// end-snippet` here, without its indentation;
// `python3 Scripts/sync_readme_snippets.py` copies the regions into the README.

/// Writes a whole stream with the generated writer.
func readmeWrite(
  header: TranscriptionHeader,
  segments: [Segment],
  summary: TranscriptionSummary,
  format: WireFormat = .framed
) throws -> [UInt8] {
  // snippet: write
  var writer = Transcription.Writer(format: format)  // .framed (the default) or .sse
  var bytes = try writer.yieldHeader(header)  // one frame, [UInt8]
  for segment in segments {
    bytes += try writer.yieldItem(segment)
  }
  bytes += try writer.yieldFooter(summary)
  try writer.finish()  // throws if the schema's header or footer was not written
  // end-snippet
  return bytes
}

/// Reads a whole stream with the generated reader.
func readmeRead<Chunks: AsyncSequence>(
  _ chunks: Chunks,
  format: WireFormat = .framed
) async throws -> (TranscriptionHeader, [Segment], TranscriptionSummary)
where Chunks.Element == [UInt8] {
  // snippet: read
  // chunks: any AsyncSequence of byte collections ([UInt8], Data, an HTTP body's buffers)
  let reader = Transcription.Reader(chunks, format: format)
  let header = try await reader.readHeader()
  var segments: [Segment] = []
  for try await segment in reader.readItems() {
    segments.append(segment)  // each one as soon as its frame has arrived
  }
  let summary = try await reader.readFooter()
  // end-snippet
  return (header, segments, summary)
}

/// Reads a stream and returns its error's parts, or nil when the stream is valid.
func readmeErrors<Chunks: AsyncSequence>(
  _ chunks: Chunks
) async -> (description: String, offset: Int, path: String?)? where Chunks.Element == [UInt8] {
  // snippet: errors
  do {
    let reader = Transcription.Reader(chunks)
    _ = try await reader.readHeader()
    for try await _ in reader.readItems() {}
    _ = try await reader.readFooter()
  } catch let error as StreamError {
    // e.g. "byte 60 (0x3c), frame 1 (item): $.words[0].confidence: expected number <= 1.0,
    // found 1.5": error.code, .offset, .frameIndex, .frameKind, .path, .expected, .found
    return (error.description, error.offset, error.path?.description)
  } catch {
    // the chunks' own errors (a dropped connection) and CancellationError, unchanged
  }
  // end-snippet
  return nil
}

/// Validates a value built by hand, before it is sent.
func readmeValidate(_ segment: Segment) throws {
  // snippet: validate
  try segment.validate()  // every constraint of the segment and of its words
  try segment.validate(at: .root.appending(key: "segment"), deep: true)  // paths below $.segment
  // end-snippet
}

/// Encodes a summary with Foundation's JSONEncoder.
func readmeCodable(_ summary: TranscriptionSummary) throws -> String {
  // snippet: codable
  let encoder = JSONEncoder()
  encoder.dateEncodingStrategy = .secondsSince1970  // not used for schema datetimes
  let json = try encoder.encode(summary)
  // {"finished_at":"2026-11-24T10:00:00Z",...}: RFC 3339, as on the wire
  // end-snippet
  return String(decoding: json, as: UTF8.self)
}

/// Reads an Anthropic Messages stream (server-sent events) with the generated reader: the
/// text it carries, the unknown event kinds it met, and the API's error when it sent one.
func readmeProvider<Chunks: AsyncSequence>(
  _ chunks: Chunks
) async throws -> (text: String, unknown: [String], failure: String?)
where Chunks.Element == [UInt8] {
  var unknown: [String] = []
  var failure: String?
  // snippet: provider
  // chunks: the body of a POST to /v1/messages with "stream": true (text/event-stream)
  let reader = AnthropicMessages.Reader(chunks, format: .sse)
  var text = ""
  do {
    let start = try await reader.readHeader()  // event: message_start
    _ = start.message.model
    for try await event in reader.readItems() {  // each event's name checked against its type
      switch event {
      case .contentBlockDelta(let change):
        if case .textDelta(let delta) = change.delta { text += delta.text }
      case .unknown(let tag, _):
        unknown.append(tag)  // an event kind the schema does not know yet, kept whole
      default:
        break
      }
    }
    _ = try await reader.readFooter()  // event: message_stop; a cut stream throws here
  } catch let error as ProducerError<AnthropicMessages> {
    failure = error.value.error.message  // event: error, e.g. "Overloaded"
  }
  // end-snippet
  return (text, unknown, failure)
}
