import Foundation
import Testing

/// `dump` and `validate` on a live stream: standard input is a pipe that stays open, and
/// each event is answered as soon as it has arrived, not when 64 KiB have or the input ends.
@Suite struct LiveInputTests {
  static let arguments = ["Schemas", "--stream", "Transcription", "--format", "sse", "-"]

  static let header = #"{"model":"whisper","language":"en","sample_rate":16000}"#
  static let item = #"{"id":0,"start":0.5,"end":1.0,"text":"hi","words":[]}"#
  static let footer =
    #"{"duration_sec":1.5,"languages":["en"],"segments":1,"finished_at":"2026-11-24T10:00:00Z"}"#

  static func event(_ name: String, _ data: String) -> String {
    "event: \(name)\ndata: \(data)\n\n"
  }

  @Test func dumpPrintsEachEventsLineWhileTheInputIsStillOpen() throws {
    let command = try LiveCommand(["dump"] + Self.arguments)
    defer { command.stop() }
    try command.write(Self.event("header", Self.header))
    try #require(command.waitUntil { $0.stdout.contains(#"{"kind":"header","offset":0,"#) })
    #expect(command.isRunning)
    #expect(!command.output.stdout.contains(#""kind":"item""#))

    try command.write(Self.event("item", Self.item))
    try #require(command.waitUntil { $0.stdout.contains(#""kind":"item""#) })
    #expect(command.isRunning)

    try command.write(Self.event("footer", Self.footer))
    try #require(command.waitUntil { $0.stdout.contains(#""kind":"footer""#) })
    command.closeInput()
    let status = try #require(command.waitForExit())
    #expect(status == 0, "\(command.output.stderr)")
    let lines = command.output.stdout.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines.last?.hasPrefix(#"{"kind":"footer","offset":"#) == true)
  }

  @Test func validateReportsAnInvalidEventBeforeTheInputEnds() throws {
    let command = try LiveCommand(["validate"] + Self.arguments)
    defer { command.stop() }
    try command.write(Self.event("header", Self.header))
    // The valid header alone says nothing; wait a little for a wrong early report.
    #expect(!command.waitUntil(seconds: 0.5) { !$0.stderr.isEmpty || !$0.stdout.isEmpty })
    #expect(command.isRunning)

    let invalid = Self.item.replacingOccurrences(of: #""id":0"#, with: #""id":"zero""#)
    try command.write(Self.event("item", invalid))
    try #require(command.waitUntil { $0.stderr.contains("invalid") })
    let stderr = command.output.stderr
    #expect(stderr.contains("standard input: invalid:"), "\(stderr)")
    #expect(stderr.contains("path: $.id"), "\(stderr)")
    #expect(stderr.contains(#"found: string "zero""#), "\(stderr)")
    // The input is still open: the error came from the event, not from the end of input.
    command.closeInput()
    #expect(try #require(command.waitForExit()) == 1)
  }
}

/// A running `streamtypes` with pipes on its standard streams. Background threads read
/// its output as it comes, so it never blocks on a full pipe.
final class LiveCommand: @unchecked Sendable {
  struct Output {
    var stdout = ""
    var stderr = ""
  }

  private let process = Process()
  private let input = Pipe()
  private let lock = NSLock()
  private var collected = Output()
  private var readers: [Thread] = []

  init(_ arguments: [String]) throws {
    let stdout = Pipe()
    let stderr = Pipe()
    process.executableURL = streamTypesExecutable
    process.arguments = arguments
    process.currentDirectoryURL = Repository.root
    process.standardInput = input
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    for (handle, isError) in [
      (stdout.fileHandleForReading, false), (stderr.fileHandleForReading, true),
    ] {
      let thread = Thread { [self] in
        while true {
          let data = handle.availableData
          if data.isEmpty { return }
          lock.lock()
          if isError {
            collected.stderr += String(decoding: data, as: UTF8.self)
          } else {
            collected.stdout += String(decoding: data, as: UTF8.self)
          }
          lock.unlock()
        }
      }
      thread.start()
      readers.append(thread)
    }
  }

  // `lock()` and `unlock()`: `NSLocking.withLock` needs macOS 14.
  var output: Output {
    lock.lock()
    defer { lock.unlock() }
    return collected
  }
  var isRunning: Bool { process.isRunning }

  func write(_ text: String) throws {
    try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
  }

  func closeInput() {
    try? input.fileHandleForWriting.close()
  }

  /// Waits until `condition` holds for the output so far, for at most `seconds`.
  func waitUntil(seconds: Double = 20, _ condition: (Output) -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if condition(output) { return true }
      Thread.sleep(forTimeInterval: 0.01)
    }
    return condition(output)
  }

  /// The exit status, or nil when the command has not ended within `seconds`.
  func waitForExit(seconds: Double = 20) -> Int32? {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
    return process.isRunning ? nil : process.terminationStatus
  }

  /// Ends the command if it still runs.
  func stop() {
    closeInput()
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
  }
}
