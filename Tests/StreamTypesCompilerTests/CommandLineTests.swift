import Foundation
import Testing

/// The `streamtypes` executable's exit statuses and output streams, as cli.md fixes them.
@Suite struct CommandLineTests {
  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func run(_ arguments: [String]) throws -> Run {
    let run = try runStreamTypes(arguments)
    return Run(status: run.status, stdout: run.output, stderr: run.stderr)
  }

  @Test func checkOfValidSchemasExitsZero() throws {
    let run = try Self.run(["check", "Schemas"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.isEmpty)
    // A success says so, on stdout, with what was checked.
    #expect(run.stdout == "ok: 7 schema files, 12 streams, 77 types, no errors\n")
  }

  @Test func checkCountsItsWarnings() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("streamtypes-check-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let schema = directory.appendingPathComponent("Unused.yaml")
    try Data(
      "streams:\n  S: {item: A}\ntypes:\n  A: {fields: {x: int}}\n  B: {fields: {y: int}}\n".utf8
    ).write(to: schema)
    let run = try Self.run(["check", schema.path])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("warning: type 'B' is not used by any stream"))
    #expect(run.stdout == "ok: 1 schema file, 1 stream, 2 types, no errors, 1 warning\n")
  }

  @Test func versionComesFromOnePlace() throws {
    let run = try Self.run(["--version"])
    #expect(run.status == 0)
    let source = try String(contentsOfFile: "Sources/CLI/Version.swift", encoding: .utf8)
    let version = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(!version.isEmpty)
    #expect(source.contains("static let current = \"\(version)\""))
    // The newest release the changelog names is the version the CLI prints.
    let changelog = try String(contentsOfFile: "CHANGELOG.md", encoding: .utf8)
    let newest = changelog.split(separator: "\n").first { $0.hasPrefix("## ") }
    #expect(newest?.dropFirst(3).split(separator: " ").first.map(String.init) == version)
  }

  @Test func accessHelpListsItsValuesOnce() throws {
    let run = try Self.run(["generate", "--help"])
    let help = run.stdout
    let mentions = help.components(separatedBy: "package").count - 1
    #expect(mentions == 1, "\(help)")
  }

  @Test func checkOfBrokenSchemaExitsOneWithDiagnosticsOnStderr() throws {
    let run = try Self.run([
      "check", "Tests/StreamTypesCompilerTests/BrokenSchemas/unknown-field-key.yaml",
    ])
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(
      run.stderr
        == "Tests/StreamTypesCompilerTests/BrokenSchemas/unknown-field-key.yaml:6:28: error: "
        + "unknown key 'min_lenght' in field 'text'; did you mean 'min_length'?\n"
    )
  }

  @Test func missingFileExitsTwo() throws {
    let run = try Self.run(["check", "no/such/schema.yaml"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("no/such/schema.yaml: no such file or directory"))
  }

  @Test func usageErrorExitsTwoNotArgumentParsersDefault() throws {
    let run = try Self.run(["generate", "Schemas", "--access", "open", "--output", "/tmp/x"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("--access"))
  }

  @Test func helpExitsZero() throws {
    let run = try Self.run(["generate", "--help"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("--output"))
  }

  /// The shipped stream was written by the Python reference (truss_chains' StreamWriter).
  @Test func validateAcceptsAStreamWrittenByThePythonReference() throws {
    let run = try Self.run([
      "validate", "Schemas", "Examples/Streams/transcription.bin", "--stream", "Transcription",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout.hasPrefix(
        "valid Transcription stream: 5 frames (1 header, 3 items, 1 footer), 1383 bytes, "
      )
    )
  }

  @Test func validateLocatesTheErrorInAnEditedPythonStream() throws {
    let run = try Self.run([
      "validate", "Schemas", "Examples/Streams/transcription-broken.bin", "--stream",
      "Transcription",
    ])
    #expect(run.status == 1)
    #expect(
      run.stderr.hasPrefix(
        "Examples/Streams/transcription-broken.bin: invalid: byte 69 (0x45), frame 1 (item), "
          + "at byte 334 (0x14e): $.words[2].confidence: expected number <= 1.0, found 1.52\n"
      ),
      "\(run.stderr)"
    )
  }

  @Test func generateWritesTheConfiguredShardsOfEachSchema() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("streamtypes-cli-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try Self.run([
      "generate", "Schemas", "--output", directory.path, "--config",
      "Schemas/streamtypes-config.yaml",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    // The example configuration's `shards: 2`: each schema's file and its shard 1.
    let schemas = [
      "Completion", "JobProgress", "Messages", "OpenAIChat", "OpenAIResponses", "Speech",
      "Transcription",
    ]
    #expect(
      files == schemas.flatMap { ["\($0).streamtypes.1.swift", "\($0).streamtypes.swift"] }
    )
    let generated = try ["Completion.streamtypes.swift", "Completion.streamtypes.1.swift"].map {
      try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)
    }
    .joined()
    #expect(generated.contains("public struct Usage: StreamTypes.StreamModel"))
  }
}
