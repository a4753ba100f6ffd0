// One measurement per process, so each gets its own peak memory figure:
//
//   StreamTypesBenchmarks MODE STREAM_FILE
//
// MODE: read-typed (generated reader), read-typed-count (the same, keeping no values),
// read-codable (Foundation JSONDecoder per payload),
// write-typed (generated writer), write-codable (Foundation JSONEncoder per value);
// read-typed-frames and write-typed-frames, the same as read-typed and write-typed on a
// stream of `Frames` (Arrays.yaml: ndarray<float32> items);
// for profiling: write-json-only (the JSON, no validation or frames), write-doubles-only.
// `StreamTypesBenchmarks patterns` times `pattern` constraints on hostile inputs instead,
// `StreamTypesBenchmarks ndarray N` reading and writing an ndarray<float32> of N elements.
// Prints one JSON object: {"mode":..., "items":..., "bytes":..., "seconds":...}. The timed
// part excludes loading the file; writers are timed over values decoded beforehand.
import Foundation
import StreamTypes

let arguments = CommandLine.arguments
if arguments.count == 2 && arguments[1] == "patterns" {
  runPatternTimings()
  exit(0)
}
if arguments.count == 3 && arguments[1] == "ndarray", let count = Int(arguments[2]) {
  try runNDArrayTimings(count: count)
  exit(0)
}
guard arguments.count == 3 else {
  FileHandle.standardError.write(Data("usage: StreamTypesBenchmarks MODE STREAM_FILE\n".utf8))
  exit(2)
}
let mode = arguments[1]
let path = arguments[2]
// The counting mode streams the file, so that its memory does not grow with the file.
let bytes =
  mode == "read-typed-count" ? [] : [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
let chunkSize = 64 * 1024

/// The stream in 64 KiB chunks, as a network or a file reader delivers it.
func chunks() -> AsyncStream<ArraySlice<UInt8>> {
  AsyncStream { continuation in
    var start = 0
    while start < bytes.count {
      continuation.yield(bytes[start..<min(start + chunkSize, bytes.count)])
      start += chunkSize
    }
    continuation.finish()
  }
}

/// The file in 64 KiB chunks, read only as the consumer asks for them.
struct FileChunks: AsyncSequence {
  let path: String

  struct AsyncIterator: AsyncIteratorProtocol {
    let handle: FileHandle

    mutating func next() async throws -> Data? {
      let data = try handle.read(upToCount: chunkSize) ?? Data()
      return data.isEmpty ? nil : data
    }
  }

  func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(handle: FileHandle(forReadingAtPath: path)!)
  }
}

func readTyped<Schema: StreamSchema>(
  _ schema: Schema.Type = SegmentStream.self
) async throws -> [Schema.Item] {
  var items: [Schema.Item] = []
  for try await item in StreamReader<Schema>(chunks()).readItems() { items.append(item) }
  return items
}

/// Writes `values` with the generated writer of `Schema`; returns the bytes written.
func writeTyped<Schema: StreamSchema>(_ values: [Schema.Item], as _: Schema.Type) throws -> Int {
  var writer = StreamWriter<Schema>()
  var total = 0
  for value in values { total += try writer.yieldItem(value).count }
  return total
}

/// Writes every value with `write` into 1 MiB buffers; returns the bytes written.
func writeWithoutFrames(_ values: [Segment], _ write: (Segment, inout JSONWriter) -> Void) -> Int {
  var total = 0
  var writer = JSONWriter(reservingCapacity: 1 << 20)
  for value in values {
    write(value, &writer)
    if writer.count > 1 << 19 {
      total += writer.count
      writer = JSONWriter(reservingCapacity: 1 << 20)
    }
  }
  return total + writer.count
}

let clock = ContinuousClock()
var items = 0
var measuredBytes = bytes.count
var elapsed: Duration = .zero

switch mode {
case "read-typed":
  let start = clock.now
  let read = try await readTyped()
  elapsed = clock.now - start
  items = read.count
case "read-typed-count":
  // Keeps no values, so peak memory shows what reading itself needs.
  let start = clock.now
  for try await _ in StreamReader<SegmentStream>(FileChunks(path: path)).readItems() {
    items += 1
  }
  measuredBytes = Int((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
  elapsed = clock.now - start
case "read-codable":
  let start = clock.now
  var decoder = FrameDecoder()
  let jsonDecoder = JSONDecoder()
  var offset = 0
  while offset < bytes.count {
    decoder.append(bytes[offset..<min(offset + chunkSize, bytes.count)])
    offset += chunkSize
    while let frame = try decoder.nextFrame() {
      _ = try jsonDecoder.decode(Segment.self, from: Data(frame.payload))
      items += 1
    }
  }
  elapsed = clock.now - start
case "write-typed":
  let values = try await readTyped()
  let start = clock.now
  measuredBytes = try writeTyped(values, as: SegmentStream.self)
  elapsed = clock.now - start
  items = values.count
case "read-typed-frames":
  let start = clock.now
  let read = try await readTyped(Frames.self)
  elapsed = clock.now - start
  items = read.count
case "write-typed-frames":
  let values = try await readTyped(Frames.self)
  let start = clock.now
  measuredBytes = try writeTyped(values, as: Frames.self)
  elapsed = clock.now - start
  items = values.count
case "write-json-only":
  // The JSON writing alone, without validation or framing, for profiling.
  let values = try await readTyped()
  let start = clock.now
  measuredBytes = writeWithoutFrames(values) { value, writer in value.writeJSON(to: &writer) }
  elapsed = clock.now - start
  items = values.count
case "write-doubles-only":
  // The words' numbers alone, for profiling the number printing.
  let values = try await readTyped()
  let start = clock.now
  measuredBytes = writeWithoutFrames(values) { value, writer in
    for word in value.words {
      word.start.writeJSON(to: &writer)
      word.end.writeJSON(to: &writer)
      word.confidence.writeJSON(to: &writer)
    }
  }
  elapsed = clock.now - start
  items = values.count
case "write-codable":
  let values = try await readTyped()
  let start = clock.now
  let encoder = JSONEncoder()
  encoder.outputFormatting = .withoutEscapingSlashes
  var total = 0
  for value in values {
    let payload = try encoder.encode(value)
    var frame: [UInt8] = [3]
    withUnsafeBytes(of: UInt32(payload.count).bigEndian) { frame.append(contentsOf: $0) }
    frame.append(contentsOf: payload)
    total += frame.count
  }
  elapsed = clock.now - start
  items = values.count
  measuredBytes = total
default:
  FileHandle.standardError.write(Data("unknown mode \(mode)\n".utf8))
  exit(2)
}

let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(#"{"mode":"\#(mode)","items":\#(items),"bytes":\#(measuredBytes),"seconds":\#(seconds)}"#)
