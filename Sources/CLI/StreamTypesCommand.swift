import ArgumentParser
import Foundation

/// `streamtypes`: compiles stream-type schemas and checks streams against them.
struct StreamTypesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "streamtypes",
    abstract: "Typed streams from YAML schemas, compatible with Baseten Truss Chains.",
    discussion: """
      Exit status: 0 success; 1 the input (schema or stream) is invalid; 2 usage error, \
      unreadable file or internal error.
      """,
    version: StreamTypesVersion.current,
    subcommands: [
      GenerateCommand.self, CheckCommand.self, ValidateCommand.self, DumpCommand.self,
      EncodeCommand.self, DiffCommand.self,
    ]
  )
}

/// How a subcommand ends with the spec's exit statuses.
enum ExitStatus {
  static let invalidInput = ExitCode(1)
  static let usage = ExitCode(2)
}

/// A usage error, an unreadable file or a schema that cannot be used: exit status 2, with
/// `message` on standard error (and, for `validate --json`, as JSON on standard output).
/// The schema's diagnostics were already printed as they were found.
struct UsageFailure: Error {
  var message: String
  var diagnostics: [String]

  init(_ message: String, diagnostics: [String] = []) {
    self.message = message
    self.diagnostics = diagnostics
  }
}

/// Writes to standard error.
enum StandardError {
  static func print(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
}

@main
enum StreamTypesMain {
  static func main() {
    do {
      var command = try StreamTypesCommand.parseAsRoot()
      try command.run()
    } catch let exit as ExitCode {
      Foundation.exit(exit.rawValue)
    } catch let failure as UsageFailure {
      StandardError.print("error: \(failure.message)")
      Foundation.exit(ExitStatus.usage.rawValue)
    } catch {
      // ArgumentParser exits 64 on usage errors; the CLI contract says 2.
      let code = StreamTypesCommand.exitCode(for: error)
      let message = StreamTypesCommand.fullMessage(for: error)
      if code == .success {
        Swift.print(message)
        Foundation.exit(0)
      }
      // `validate --json` answers in JSON whatever happens, even when its arguments do
      // not parse.
      if ValidateCommand.asksForJSON(Array(CommandLine.arguments.dropFirst())) {
        ValidateCommand.printJSON(
          UsageFailure(
            StreamTypesCommand.message(for: error).trimmingCharacters(
              in: .whitespacesAndNewlines
            )
          )
        )
      }
      StandardError.print(message)
      Foundation.exit(ExitStatus.usage.rawValue)
    }
  }
}
