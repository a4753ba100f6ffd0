import StreamTypesCompiler

/// Reads schema files and prints their diagnostics, the way every subcommand does.
enum SchemaLoading {
  /// The inputs at `paths` (files or directories).
  static func inputs(_ paths: [String]) throws -> [GeneratorPipeline.Input] {
    do {
      let files = try SchemaFiles.schemaPaths(in: paths)
      if files.isEmpty {
        throw UsageFailure("no .yaml or .yml schema files in \(paths.joined(separator: ", "))")
      }
      return try files.map { path throws(SchemaFiles.Failure) in
        GeneratorPipeline.Input(path: path, contents: try SchemaFiles.read(path))
      }
    } catch let failure as SchemaFiles.Failure {
      throw UsageFailure("\(failure)")
    }
  }

  /// Prints diagnostics to standard error; throws exit status 1 when one is an error.
  static func report(_ diagnostics: [Diagnostic]) throws {
    for diagnostic in diagnostics { StandardError.print(diagnostic.description) }
    if diagnostics.contains(where: { $0.severity == .error }) {
      throw ExitStatus.invalidInput
    }
  }
}
