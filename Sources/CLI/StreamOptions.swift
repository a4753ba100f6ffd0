import ArgumentParser
import Foundation
@_spi(Generated) import StreamTypes
import StreamTypesCompiler

/// `--format auto|framed|sse`.
enum FormatChoice: String, ExpressibleByArgument, CaseIterable {
  /// The format the input's first byte suggests (``FormatGuess``).
  case auto
  case framed
  case sse

  /// The format to write with: `auto` writes frames, the default wire format.
  var formatForWriting: WireFormat { self == .sse ? .sse : .framed }
}

/// Which wire format a stream's first bytes look like. A framed stream starts with a kind
/// byte (2 to 6, a control byte); server-sent events start with text: a field name, a `:`
/// comment, a byte order mark or a line end.
enum FormatGuess {
  /// Whether `bytes` look like server-sent events; nil for no bytes.
  static func looksLikeSSE(_ bytes: some Collection<UInt8>) -> Bool? {
    guard let first = bytes.first else { return nil }
    return first >= 0x20 || first == 0x0A || first == 0x0D || first == 0x09
  }

  /// A hint for an error at the stream's start that says the input looks like the other
  /// format, or nil.
  static func hint(
    for error: StreamError,
    format: WireFormat,
    firstBytes: some Collection<UInt8>
  )
    -> String?
  {
    guard error.frameIndex ?? 0 == 0, let sse = looksLikeSSE(firstBytes) else { return nil }
    switch (format, sse) {
    case (.framed, true):
      return "the input looks like server-sent events, not frames: try --format sse "
        + "(or --format auto, the default)"
    case (.sse, false):
      return "the input looks like framed (Truss Chains) frames, not server-sent events: "
        + "try --format framed (or --format auto, the default)"
    default:
      return nil
    }
  }
}

/// The options every stream subcommand takes: which schema, which stream, which format.
struct StreamOptions: ParsableArguments {
  @Argument(help: "A schema file, or a directory of schema files (one module).")
  var schema: String

  @Option(help: "The stream to use, when the schema declares several.")
  var stream: String?

  @Option(
    help: """
      The wire format: framed (Truss Chains' framing), sse (server-sent events), or auto \
      (the default): sse when the input starts like text, framed otherwise. Output of \
      encode is framed unless sse is given.
      """
  )
  var format: FormatChoice = .auto

  @Option(help: "The largest frame payload (or server-sent event's data) accepted, in bytes.")
  var maxFrameBytes: Int = StreamLimits().maxFrameBytes

  func validate() throws {
    guard maxFrameBytes > 0 else {
      throw ValidationError("--max-frame-bytes must be positive")
    }
  }

  var limits: StreamLimits { StreamLimits(maxFrameBytes: maxFrameBytes) }

  /// A validator of the chosen stream in the chosen format, for `input` (whose first bytes
  /// decide the format under `auto`); exit status 2 with the diagnostics when the schema
  /// cannot be used.
  func makeValidator(for input: ByteInput, keepsValues: Bool = true) throws -> StreamValidator {
    let (module, stream) = try loadStream()
    let resolved: WireFormat
    switch format {
    case .framed: resolved = .framed
    case .sse: resolved = .sse
    case .auto: resolved = FormatGuess.looksLikeSSE(try input.peek()) == true ? .sse : .framed
    }
    return StreamValidator(
      module: module,
      stream: stream,
      format: resolved,
      limits: limits,
      keepsValues: keepsValues
    )
  }

  /// The checked module and the chosen stream; exit status 2 with the diagnostics when the
  /// schema cannot be used.
  func loadStream() throws -> (module: SchemaModule, stream: StreamDefinition) {
    let result = GeneratorPipeline.check(try SchemaLoading.inputs([schema]))
    for diagnostic in result.diagnostics { StandardError.print(diagnostic.description) }
    guard let module = result.module else {
      throw UsageFailure(
        "\(schema) has errors; fix the schema first",
        diagnostics: result.diagnostics.map(\.description)
      )
    }
    do {
      return (module, try module.stream(named: stream))
    } catch {
      throw UsageFailure("\(error)")
    }
  }
}

/// Reads a file, or standard input for `-`, in chunks of what has arrived: each read
/// returns as soon as any bytes are available, as `read(2)` does, so a live stream (a pipe
/// from `curl -N`) is checked event by event rather than 64 KiB at a time.
final class ByteInput {
  static let chunkSize = 64 * 1024

  let name: String
  private let handle: FileHandle
  /// A chunk read by ``peek()`` and not yet returned by ``next()``.
  private var peeked: Data?
  /// The first bytes of the input (up to 16), for format hints.
  private(set) var firstBytes: [UInt8] = []

  init(path: String?) throws {
    if path == nil || path == "-" {
      name = "standard input"
      handle = FileHandle.standardInput
      return
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path!, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      throw UsageFailure("\(path!) is a directory, not a stream file")
    }
    guard let handle = FileHandle(forReadingAtPath: path!) else {
      let reason =
        FileManager.default.fileExists(atPath: path!) ? "cannot be read" : "does not exist"
      throw UsageFailure("\(path!) \(reason)")
    }
    self.name = path!
    self.handle = handle
  }

  /// The first chunk, left to be returned by ``next()``; empty at the end of input.
  func peek() throws -> Data {
    if peeked == nil { peeked = try readAvailable() ?? Data() }
    return peeked!
  }

  /// The bytes that one read returns (at most `chunkSize`, at least one), or nil at the end
  /// of input.
  func next() throws -> Data? {
    if let chunk = peeked {
      peeked = nil
      return chunk.isEmpty ? nil : chunk
    }
    return try readAvailable()
  }

  /// One `read(2)`: what has arrived. A read interrupted by a signal is retried.
  private func readAvailable() throws -> Data? {
    var data = Data(count: Self.chunkSize)
    let descriptor = handle.fileDescriptor
    var failure: Int32 = 0
    let count = data.withUnsafeMutableBytes { buffer -> Int in
      while true {
        let count = read(descriptor, buffer.baseAddress, buffer.count)
        if count >= 0 { return count }
        failure = errno
        if failure != EINTR { return count }
      }
    }
    guard count >= 0 else {
      let reason = String(cString: strerror(failure))
      throw UsageFailure("reading \(name): \(reason)")
    }
    guard count > 0 else { return nil }
    data.count = count
    if firstBytes.count < 16 { firstBytes += data.prefix(16 - firstBytes.count) }
    return data
  }
}

/// The last bytes of a stream, kept so an error can show the bytes around its offset.
struct RecentBytes {
  static let capacity = 64 * 1024
  /// The last chunks read, oldest first, kept as they are (no copy): at least `capacity`
  /// bytes when the stream has them.
  private var chunks: [Data] = []
  private var kept = 0
  /// The stream offset of the first kept byte.
  private(set) var start = 0

  mutating func append(_ data: Data) {
    chunks.append(data)
    kept += data.count
    while let first = chunks.first, kept - first.count >= Self.capacity {
      chunks.removeFirst()
      kept -= first.count
      start += first.count
    }
  }

  /// The kept bytes, from the stream offset `start`.
  var bytes: [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(kept)
    for chunk in chunks { bytes.append(contentsOf: chunk) }
    return bytes
  }

  /// A hex dump of the bytes from 16 before `offset` to 48 after it, with the byte at
  /// `offset` marked `>` (and the byte at `frameStart`, when it is another one shown,
  /// marked `|`), or nil when they are no longer kept.
  func excerpt(around offset: Int, frameStart: Int? = nil) -> String? {
    let bytes = self.bytes
    let from = max(start, offset - 16) / 16 * 16
    let to = min(start + bytes.count, offset + 48)
    guard from >= start, from < to, offset <= start + bytes.count else { return nil }
    var lines: [String] = []
    var lineStart = from
    while lineStart < to {
      let line = bytes[(lineStart - start)..<(min(lineStart + 16, to) - start)]
      var hex = ""
      for (i, byte) in line.enumerated() {
        let position = lineStart + i
        let text = String(byte, radix: 16)
        let mark = position == offset ? ">" : position == frameStart ? "|" : " "
        hex += mark + (text.count == 1 ? "0" + text : text)
      }
      hex += String(repeating: "   ", count: 16 - line.count)
      let ascii = String(
        line.map { (0x20..<0x7F).contains($0) ? Character(UnicodeScalar($0)) : "." }
      )
      let address = String(lineStart, radix: 16)
      lines.append(
        String(repeating: "0", count: max(0, 8 - address.count)) + address + ":" + hex + "  "
          + ascii
      )
      lineStart += 16
    }
    return lines.joined(separator: "\n")
  }
}

/// A progress line on standard error for long inputs, only when it is a terminal.
struct ProgressLine {
  private let enabled = isatty(STDERR_FILENO) == 1
  private let start = MonotonicTime.seconds
  private var lastShown: Double?
  private(set) var shown = false

  mutating func update(bytes: Int, frames: Int) {
    guard enabled else { return }
    let now = MonotonicTime.seconds
    guard now - start > 1 else { return }
    if let lastShown, now - lastShown < 0.25 { return }
    lastShown = now
    shown = true
    FileHandle.standardError.write(Data("\r\u{1B}[K\(bytes) bytes, \(frames) frames".utf8))
  }

  func clear() {
    if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}

/// Seconds on a monotonic clock. `ContinuousClock` and `Duration` need macOS 13 (and
/// iOS 16 and so on), above the package's platform floors; `DispatchTime` does not.
enum MonotonicTime {
  static var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
