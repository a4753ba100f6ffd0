import ArgumentParser
import Foundation
import StreamTypes
import StreamTypesCompiler

struct DumpCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dump",
    abstract: "Validate a stream and print it as JSON Lines, one line a frame.",
    discussion: """
      Each line is {"kind":"item","offset":1234,"value":{...}}, the value with the \
      schema's defaults applied and fields in declaration order. On the first error, \
      the lines before it are printed and the error goes to standard error (exit 1).
      """
  )

  @OptionGroup var options: StreamOptions

  @Argument(help: "The captured stream; '-' or nothing reads standard input.")
  var streamFile: String?

  func run() throws {
    let input = try ByteInput(path: streamFile)
    var validator = try options.makeValidator(for: input)
    let output = FileHandle.standardOutput
    do {
      while let chunk = try input.next() {
        validator.append(chunk)
        var lines = JSONWriter()
        // The lines before an error are printed, so they are written even when it comes.
        defer { output.write(Data(lines.bytes)) }
        while let event = try validator.next() {
          lines.beginObject()
          lines.field("kind", "\(event.kind)")
          lines.field("offset", event.offset)
          lines.field("value", event.value)
          lines.endObject()
          lines.writeNewline()
        }
      }
      try validator.finish()
    } catch let error as StreamError {
      StandardError.print("\(input.name): invalid: \(error)")
      if let hint = FormatGuess.hint(
        for: error,
        format: validator.format,
        firstBytes: input.firstBytes
      ) {
        StandardError.print("  hint: \(hint)")
      }
      throw ExitStatus.invalidInput
    }
  }
}
