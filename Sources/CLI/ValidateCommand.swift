import ArgumentParser
import Foundation
import StreamTypes
import StreamTypesCompiler

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check a captured stream against a schema, without generating code.",
    discussion: """
      Checks framing (or server-sent events, with --format sse), frame order and every \
      payload against its model with all constraints. Prints a one-line summary when the \
      stream is valid (exit 0), the first error with its byte offset, frame index and JSON \
      path when it is not (exit 1); a payload error also names the faulting byte. \
      With --json, every outcome is one JSON object on standard output: "valid" true (exit \
      0), false with "error" (exit 1), or false with "usageError" (exit 2). \
      Memory stays bounded by the frame limit, whatever the stream's length.
      """
  )

  @OptionGroup var options: StreamOptions

  @Argument(help: "The captured stream; '-' or nothing reads standard input.")
  var streamFile: String?

  @Flag(help: "Print the result as one JSON object on standard output.")
  var json = false

  func run() throws {
    do {
      try check()
    } catch let failure as UsageFailure where json {
      Self.printJSON(failure)
      throw failure
    }
  }

  /// Whether `arguments` (without the executable's name) run `validate --json`, for an
  /// error found before they are parsed.
  static func asksForJSON(_ arguments: [String]) -> Bool {
    guard arguments.first == configuration.commandName else { return false }
    let options = arguments.prefix { $0 != "--" }
    return options.contains("--json")
  }

  /// The JSON report of a usage error, on standard output.
  static func printJSON(_ failure: UsageFailure) {
    var writer = JSONWriter()
    writer.beginObject()
    writer.field("valid", false)
    writer.field("exitStatus", Int(ExitStatus.usage.rawValue))
    writer.field("usageError", failure.message)
    if !failure.diagnostics.isEmpty { writer.field("diagnostics", failure.diagnostics) }
    writer.endObject()
    print(String(decoding: writer.bytes, as: UTF8.self))
  }

  private func check() throws {
    let input = try ByteInput(path: streamFile)
    var validator = try options.makeValidator(for: input, keepsValues: false)
    let stream = validator.stream
    var recent = RecentBytes()
    var progress = ProgressLine()
    var counts = [FrameKind: Int]()
    let started = MonotonicTime.seconds
    var totalBytes = 0
    do {
      while let chunk = try input.next() {
        totalBytes += chunk.count
        recent.append(chunk)
        validator.append(chunk)
        while let event = try validator.next() { counts[event.kind, default: 0] += 1 }
        progress.update(bytes: totalBytes, frames: counts.values.reduce(0, +))
      }
      try validator.finish()
    } catch let error as StreamError {
      progress.clear()
      let hint = FormatGuess.hint(
        for: error,
        format: validator.format,
        firstBytes: input.firstBytes
      )
      report(error, hint: hint, recent: recent, input: input.name)
      throw ExitStatus.invalidInput
    }
    progress.clear()
    let seconds = MonotonicTime.seconds - started
    let frames = counts.values.reduce(0, +)
    if json {
      var writer = JSONWriter()
      writer.beginObject()
      writer.field("valid", true)
      writer.field("stream", stream.name)
      writer.field("frames", frames)
      writer.field("headers", counts[.header] ?? 0)
      writer.field("items", counts[.item] ?? 0)
      writer.field("footers", counts[.footer] ?? 0)
      writer.field("errors", counts[.error] ?? 0)
      writer.field("bytes", totalBytes)
      writer.field("seconds", seconds)
      writer.endObject()
      print(String(decoding: writer.bytes, as: UTF8.self))
    } else {
      let parts = [
        counts[.header].map { "\($0) header" }, counted(counts[.item] ?? 0, "item"),
        counts[.footer].map { "\($0) footer" },
        counts[.error].map { "\($0) producer error" },
      ].compactMap { $0 }
      let unit = validator.format == .sse ? "event" : "frame"
      print(
        "valid \(stream.name) stream: \(counted(frames, unit)) "
          + "(\(parts.joined(separator: ", "))), \(counted(totalBytes, "byte")), "
          + "\(String(format: "%.3f", seconds)) s"
      )
    }
  }

  private func report(_ error: StreamError, hint: String?, recent: RecentBytes, input: String) {
    if json {
      var writer = JSONWriter()
      writer.beginObject()
      writer.field("valid", false)
      writer.field("error", StreamErrorJSON(error))
      if let hint { writer.field("hint", hint) }
      writer.endObject()
      print(String(decoding: writer.bytes, as: UTF8.self))
      return
    }
    StandardError.print("\(input): invalid: \(error)")
    var details: [String] = ["  code: \(error.code.rawValue)"]
    if let path = error.path { details.append("  path: \(path)") }
    if let expected = error.expected { details.append("  expected: \(expected)") }
    if let found = error.found { details.append("  found: \(found)") }
    if let hint { details.append("  hint: \(hint)") }
    StandardError.print(details.joined(separator: "\n"))
    if let fault = error.faultOffset {
      if let excerpt = recent.excerpt(around: fault, frameStart: error.offset) {
        StandardError.print(
          "  bytes around byte \(fault) (marked >; its frame starts at byte \(error.offset), "
            + "marked | when shown):\n" + excerpt
        )
      }
    } else if let excerpt = recent.excerpt(around: error.offset) {
      StandardError.print("  bytes around byte \(error.offset) (marked >):\n" + excerpt)
    }
  }
}

/// A ``StreamError`` as a JSON object, for `--json` reports.
struct StreamErrorJSON: JSONWritable {
  let error: StreamError

  init(_ error: StreamError) { self.error = error }

  func writeJSON(to writer: inout JSONWriter) {
    writer.beginObject()
    writer.field("code", error.code.rawValue)
    writer.field("offset", error.offset)
    writer.field("faultOffset", error.faultOffset)
    writer.field("frameIndex", error.frameIndex)
    writer.field("frameKind", error.frameKind.map { "\($0)" })
    writer.field("path", error.path.map { "\($0)" })
    writer.field("expected", error.expected)
    writer.field("found", error.found)
    writer.field("message", error.message)
    writer.field("description", error.description)
    writer.endObject()
  }
}

/// "1 item", "3 items".
func counted(_ count: Int, _ noun: String) -> String {
  "\(count) \(noun)\(count == 1 ? "" : "s")"
}
