import ArgumentParser
import Foundation
import StreamTypesCompiler

struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Say whom a schema change breaks, with a witness stream for each break.",
    discussion: """
      Compares OLD with NEW (files or directories), or, with --against REF, the schema \
      files at the given paths in git revision REF with the same paths in the work tree. \
      Each change is judged for streams of old writers read by new readers (old-writers) \
      and streams of new writers read by old readers (new-writers), and for Swift source. \
      A break carries a witness: JSON Lines as `encode` reads them, which the writer's \
      schema accepts and the reader's rejects, with the reader's error, both checked by \
      the schema-driven validator. Exit status: 0 nothing breaks in the directions asked \
      for ("may break" does not fail), 1 something breaks, 2 usage or schema errors.
      """
  )

  enum Direction: String, ExpressibleByArgument, CaseIterable {
    case both
    case oldWriters = "old-writers"
    case newWriters = "new-writers"

    var directions: [DiffDirection] {
      switch self {
      case .both: DiffDirection.allCases
      case .oldWriters: [.oldWriters]
      case .newWriters: [.newWriters]
      }
    }
  }

  @Argument(help: "OLD NEW, or with --against the paths (files or directories) to compare.")
  var paths: [String]

  @Option(help: "Take OLD from this git revision, for the same paths.")
  var against: String?

  @Option(help: "Compare only this stream.")
  var stream: String?

  @Option(help: "Which directions decide the exit status: both, old-writers, new-writers.")
  var direction: Direction = .both

  @Flag(help: "Print the findings as one JSON object on standard output.")
  var json = false

  func validate() throws {
    if against == nil, paths.count != 2 {
      throw ValidationError("give OLD and NEW, or --against REF and the paths to compare")
    }
    if against != nil, paths.isEmpty {
      throw ValidationError("give the paths to compare with --against")
    }
  }

  func run() throws {
    let oldInputs: [GeneratorPipeline.Input]
    let newInputs: [GeneratorPipeline.Input]
    if let against {
      newInputs = try SchemaLoading.inputs(paths)
      oldInputs = try GitRevision.inputs(paths, at: against)
    } else {
      oldInputs = try SchemaLoading.inputs([paths[0]])
      newInputs = try SchemaLoading.inputs([paths[1]])
    }
    let old = try Self.module(oldInputs, "OLD")
    let new = try Self.module(newInputs, "NEW")
    if let stream {
      let known = new.streams.map(\.name) + old.streams.map(\.name)
      if !known.contains(stream) {
        throw UsageFailure("neither version declares a stream '\(stream)'")
      }
    }
    let report = SchemaDiff.compare(old: old, new: new, stream: stream)
    let directions = direction.directions
    if json {
      print(report.json(directions: directions))
    } else {
      print(report.text(directions: directions), terminator: "")
    }
    if report.worst(directions) == .breaks { throw ExitStatus.invalidInput }
  }

  /// The checked module of `inputs`; schema errors are a usage failure (exit 2).
  private static func module(
    _ inputs: [GeneratorPipeline.Input],
    _ side: String
  ) throws -> SchemaModule {
    let result = GeneratorPipeline.check(inputs)
    for diagnostic in result.diagnostics { StandardError.print(diagnostic.description) }
    guard let module = result.module else {
      throw UsageFailure("the \(side) schema has errors")
    }
    return module
  }
}

/// Schema files as a git revision has them.
enum GitRevision {
  /// The schema files under `paths` in `revision`, named `REVISION:PATH`.
  static func inputs(_ paths: [String], at revision: String) throws -> [GeneratorPipeline.Input] {
    let listing = try git(["ls-tree", "-r", "--name-only", revision, "--"] + paths)
    let files = String(decoding: listing, as: UTF8.self).split(separator: "\n").map(String.init)
      .filter { path in
        let name = (path as NSString).lastPathComponent
        return (name.hasSuffix(".yaml") || name.hasSuffix(".yml"))
          && !SchemaFiles.configurationFileNames.contains(name)
      }
      .sorted()
    if files.isEmpty {
      throw UsageFailure(
        "no .yaml or .yml schema files in \(paths.joined(separator: ", ")) at \(revision)"
      )
    }
    return try files.map { path in
      GeneratorPipeline.Input(
        path: "\(revision):\(path)",
        contents: try git(["show", "\(revision):./\(path)"])
      )
    }
  }

  private static func git(_ arguments: [String]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do {
      try process.run()
    } catch {
      throw UsageFailure("cannot run git: \(error)")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let text = String(decoding: message, as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
      throw UsageFailure("git \(arguments.joined(separator: " ")): \(text)")
    }
    return [UInt8](data)
  }
}
