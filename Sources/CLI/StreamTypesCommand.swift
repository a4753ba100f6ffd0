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
      EncodeCommand.self,
    ]
  )
}

/// How a subcommand ends with the spec's exit statuses.
enum ExitStatus {
  static let invalidInput = ExitCode(1)
  static let usage = ExitCode(2)
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
    } catch {
      // ArgumentParser exits 64 on usage errors; the CLI contract says 2.
      let code = StreamTypesCommand.exitCode(for: error)
      let message = StreamTypesCommand.fullMessage(for: error)
      if code == .success {
        Swift.print(message)
        Foundation.exit(0)
      }
      StandardError.print(message)
      Foundation.exit(ExitStatus.usage.rawValue)
    }
  }
}
