import Foundation
import Testing

@_spi(Generated) @testable import StreamTypes

// Hand-written models shaped like the generator's output: decoders validate shallowly as
// they decode, `validate(at:deep:)` descends into nested models only when asked.

struct Word: StreamModel {
  var word: String
  var start: Double
  var end: Double
  var confidence: Double

  init(word: String, start: Double, end: Double, confidence: Double) {
    self.word = word
    self.start = start
    self.end = end
    self.confidence = confidence
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case word, start, end, confidence
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    word = try container.decode(String.self, forKey: .word)
    start = try container.decode(Double.self, forKey: .start)
    end = try container.decode(Double.self, forKey: .end)
    confidence = try container.decode(Double.self, forKey: .confidence)
    try validate(at: JSONPath(codingPath: decoder.codingPath), deep: false)
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(word, forKey: .word)
    try container.encode(start, forKey: .start)
    try container.encode(end, forKey: .end)
    try container.encode(confidence, forKey: .confidence)
  }

  func writeJSON(to writer: inout JSONWriter) {
    writer.beginObject()
    writer.field("word", word)
    writer.field("start", start)
    writer.field("end", end)
    writer.field("confidence", confidence)
    writer.endObject()
  }

  func validate(at path: @autoclosure () -> JSONPath, deep: Bool) throws {
    try Constraint.length(.minLength, word, 1, at: path().appending(key: "word"))
    try Constraint.number(.minimum, confidence, 0, at: path().appending(key: "confidence"))
    try Constraint.number(.maximum, confidence, 1, at: path().appending(key: "confidence"))
  }
}

struct Segment: StreamModel {
  var id: Int
  var text: String
  var words: [Word]
  var extra: JSONValue?

  init(id: Int, text: String, words: [Word], extra: JSONValue? = nil) {
    self.id = id
    self.text = text
    self.words = words
    self.extra = extra
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case id, text, words, extra
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decode(Int.self, forKey: .id)
    text = try container.decode(String.self, forKey: .text)
    words = try container.decode([Word].self, forKey: .words)
    extra = try container.decodeIfPresent(JSONValue.self, forKey: .extra)
    try validate(at: JSONPath(codingPath: decoder.codingPath), deep: false)
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(text, forKey: .text)
    try container.encode(words, forKey: .words)
    try container.encode(extra, forKey: .extra)
  }

  func writeJSON(to writer: inout JSONWriter) {
    writer.beginObject()
    writer.field("id", id)
    writer.field("text", text)
    writer.field("words", words)
    writer.field("extra", extra)
    writer.endObject()
  }

  func validate(at path: @autoclosure () -> JSONPath, deep: Bool) throws {
    try Constraint.number(.minimum, id, 0, at: path().appending(key: "id"))
    guard deep else { return }
    try Constraint.each(words, at: path().appending(key: "words"))
  }
}

struct TranscriptionHeader: StreamModel {
  var model: String
  var sampleRate: Int

  init(model: String, sampleRate: Int) {
    self.model = model
    self.sampleRate = sampleRate
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case model
    case sampleRate = "sample_rate"
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    model = try container.decode(String.self, forKey: .model)
    sampleRate = try container.decode(Int.self, forKey: .sampleRate)
    try validate(at: JSONPath(codingPath: decoder.codingPath), deep: false)
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(model, forKey: .model)
    try container.encode(sampleRate, forKey: .sampleRate)
  }

  func writeJSON(to writer: inout JSONWriter) {
    writer.beginObject()
    writer.field("model", model)
    writer.field("sample_rate", sampleRate)
    writer.endObject()
  }

  func validate(at path: @autoclosure () -> JSONPath, deep: Bool) throws {
    try Constraint.number(.minimum, sampleRate, 8000, at: path().appending(key: "sample_rate"))
  }
}

struct TranscriptionSummary: StreamModel {
  var segments: Int
  var finishedAt: Date

  init(segments: Int, finishedAt: Date) {
    self.segments = segments
    self.finishedAt = finishedAt
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case segments
    case finishedAt = "finished_at"
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try UnknownFields.reject(in: decoder, allowed: CodingKeys.self)
    segments = try container.decode(Int.self, forKey: .segments)
    finishedAt = try container.decode(RFC3339Date.self, forKey: .finishedAt).date
    try validate(at: JSONPath(codingPath: decoder.codingPath), deep: false)
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(segments, forKey: .segments)
    try container.encode(RFC3339Date(finishedAt), forKey: .finishedAt)
  }

  func writeJSON(to writer: inout JSONWriter) {
    writer.beginObject()
    writer.field("segments", segments)
    writer.field("finished_at", finishedAt)
    writer.endObject()
  }

  func validate(at path: @autoclosure () -> JSONPath, deep: Bool) throws {}
}

/// Header, items and footer.
enum Transcription: StreamSchemaWithHeader, StreamSchemaWithFooter {
  typealias Header = TranscriptionHeader
  typealias Item = Segment
  typealias Footer = TranscriptionSummary
  static var name: String { "Transcription" }
}

/// Items only.
enum Plain: StreamSchema {
  typealias Item = Segment
  static var name: String { "Plain" }
}

/// Items and a footer.
enum Progress: StreamSchemaWithFooter {
  typealias Item = Segment
  typealias Footer = TranscriptionSummary
  static var name: String { "Progress" }
}

// MARK: - Fixtures

enum Fixture {
  static let header = TranscriptionHeader(model: "whisper", sampleRate: 16000)
  static let summary = TranscriptionSummary(
    segments: 3,
    finishedAt: RFC3339.parse("2026-11-24T10:00:00.5Z")!
  )

  static func segment(_ id: Int) -> Segment {
    Segment(
      id: id,
      text: "segment \(id) ✓",
      words: (0..<id % 3).map { Word(word: "w\($0)", start: Double($0), end: 0.5, confidence: 0.9) }
    )
  }

  /// A raw frame with a JSON payload.
  static func frame(_ kind: UInt8, _ json: String) -> [UInt8] {
    frame(kind, Array(json.utf8))
  }

  static func frame(_ kind: UInt8, _ payload: [UInt8]) -> [UInt8] {
    let length = UInt32(payload.count)
    return [kind, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF)]
      + [UInt8(length & 0xFF)] + payload
  }

  static let headerJSON = #"{"model":"whisper","sample_rate":16000}"#
  static let itemJSON = #"{"id":1,"text":"a","words":[]}"#
  static let footerJSON = #"{"segments":1,"finished_at":"2026-11-24T10:00:00Z"}"#

  /// A valid Transcription stream: header, `items` items, footer.
  static func transcriptionBytes(items: Int = 3) throws -> [UInt8] {
    var writer = StreamWriter<Transcription>()
    var bytes = try writer.yieldHeader(header)
    for id in 0..<items { bytes += try writer.yieldItem(segment(id)) }
    bytes += try writer.yieldFooter(summary)
    try writer.finish()
    return bytes
  }
}

/// A deterministic random number generator, so random splits are the same on every run.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}

/// `bytes` cut at `cuts`, as an async sequence of chunks.
func chunked(_ bytes: [UInt8], at cuts: [Int]) -> AsyncStream<[UInt8]> {
  let bounds = [0] + cuts.sorted() + [bytes.count]
  return AsyncStream { continuation in
    for (start, end) in zip(bounds, bounds.dropFirst()) {
      continuation.yield(Array(bytes[start..<end]))
    }
    continuation.finish()
  }
}

/// `bytes` in one chunk.
func oneChunk(_ bytes: [UInt8]) -> AsyncStream<[UInt8]> { chunked(bytes, at: []) }

/// The `StreamError` that `body` throws; records an issue for any other outcome.
func streamError(
  sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () async throws -> Void
) async -> StreamError? {
  do {
    try await body()
    Issue.record("expected a StreamError, but nothing was thrown", sourceLocation: sourceLocation)
  } catch let error as StreamError {
    return error
  } catch {
    Issue.record("expected a StreamError, got \(error)", sourceLocation: sourceLocation)
  }
  return nil
}

/// Every item of a stream whose schema has no header.
func readAllItems<Schema: StreamSchema>(
  _ reader: StreamReader<Schema>
) async throws
  -> [Schema.Item]
{
  var items: [Schema.Item] = []
  for try await item in reader.readItems() { items.append(item) }
  return items
}

/// A chunk source that counts how many chunks were pulled from it.
struct CountingChunks: AsyncSequence, Sendable {
  typealias Element = [UInt8]
  let first: [UInt8]
  let filler: [UInt8]
  let pulls = Counter()

  struct AsyncIterator: AsyncIteratorProtocol {
    let source: CountingChunks
    mutating func next() async -> [UInt8]? {
      let count = source.pulls.increment()
      return count == 1 ? source.first : source.filler
    }
  }

  func makeAsyncIterator() -> AsyncIterator { AsyncIterator(source: self) }
}

/// A count shared between tasks. A lock rather than `Synchronization`'s `Mutex`, which
/// needs macOS 15 (the tests keep to the package's platform floors).
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  @discardableResult func increment() -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += 1
    return value
  }

  var current: Int {
    lock.lock()
    defer { lock.unlock() }
    return value
  }
}
