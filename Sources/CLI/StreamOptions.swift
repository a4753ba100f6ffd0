import ArgumentParser
import Foundation
@_spi(Generated) import StreamTypes
import StreamTypesCompiler

/// `--format framed|sse`.
extension WireFormat: ExpressibleByArgument {}

/// The options every stream subcommand takes: which schema, which stream, which format.
struct StreamOptions: ParsableArguments {
  @Argument(help: "A schema file, or a directory of schema files (one module).")
  var schema: String

  @Option(help: "The stream to use, when the schema declares several.")
  var stream: String?

  @Option(
    help: "The wire format: framed (Truss Chains' framing) or sse (server-sent events)."
  )
  var format: WireFormat = .framed

  @Option(help: "The largest frame payload (or server-sent event's data) accepted, in bytes.")
  var maxFrameBytes: Int = StreamLimits().maxFrameBytes

  func validate() throws {
    guard maxFrameBytes > 0 else {
      throw ValidationError("--max-frame-bytes must be positive")
    }
  }

  var limits: StreamLimits { StreamLimits(maxFrameBytes: maxFrameBytes) }

  /// A validator of the chosen stream in the chosen format; exit status 2 with the
  /// diagnostics when the schema cannot be used.
  func makeValidator(keepsValues: Bool = true) throws -> StreamValidator {
    let (module, stream) = try loadStream()
    return StreamValidator(
      module: module,
      stream: stream,
      format: format,
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
      StandardError.print("error: \(schema) has errors; fix the schema first")
      throw ExitStatus.usage
    }
    do {
      return (module, try module.stream(named: stream))
    } catch {
      StandardError.print("error: \(error)")
      throw ExitStatus.usage
    }
  }
}

/// Reads a file, or standard input for `-`, in chunks of what has arrived: each read
/// returns as soon as any bytes are available, as `read(2)` does, so a live stream (a pipe
/// from `curl -N`) is checked event by event rather than 64 KiB at a time.
struct ByteInput {
  static let chunkSize = 64 * 1024

  let name: String
  private let handle: FileHandle

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
      StandardError.print("error: \(path!) is a directory, not a stream file")
      throw ExitStatus.usage
    }
    guard let handle = FileHandle(forReadingAtPath: path!) else {
      let reason =
        FileManager.default.fileExists(atPath: path!) ? "cannot be read" : "does not exist"
      StandardError.print("error: \(path!) \(reason)")
      throw ExitStatus.usage
    }
    self.name = path!
    self.handle = handle
  }

  /// The bytes that one read returns (at most `chunkSize`, at least one), or nil at the end
  /// of input. A read interrupted by a signal is retried.
  func next() throws -> Data? {
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
      StandardError.print("error: reading \(name): \(reason)")
      throw ExitStatus.usage
    }
    guard count > 0 else { return nil }
    data.count = count
    return data
  }
}

/// The last bytes of a stream, kept so an error can show the bytes around its offset.
struct RecentBytes {
  static let capacity = 64 * 1024
  private(set) var bytes: [UInt8] = []
  /// The stream offset of `bytes[0]`.
  private(set) var start = 0

  mutating func append(_ data: Data) {
    bytes.append(contentsOf: data)
    if bytes.count > Self.capacity * 2 {
      let drop = bytes.count - Self.capacity
      bytes.removeFirst(drop)
      start += drop
    }
  }

  /// A hex dump of the bytes from 16 before `offset` to 48 after it, with the byte at
  /// `offset` marked, or nil when they are no longer kept.
  func excerpt(around offset: Int) -> String? {
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
        hex += (position == offset ? ">" : " ") + (text.count == 1 ? "0" + text : text)
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
  private let start = ContinuousClock.now
  private var lastShown: ContinuousClock.Instant?
  private(set) var shown = false

  mutating func update(bytes: Int, frames: Int) {
    guard enabled else { return }
    let now = ContinuousClock.now
    guard now - start > .seconds(1) else { return }
    if let lastShown, now - lastShown < .milliseconds(250) { return }
    lastShown = now
    shown = true
    FileHandle.standardError.write(Data("\r\u{1B}[K\(bytes) bytes, \(frames) frames".utf8))
  }

  func clear() {
    if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}
