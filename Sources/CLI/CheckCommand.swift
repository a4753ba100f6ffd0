import ArgumentParser
import StreamTypesCompiler

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Report the diagnostics of schema files; exit 1 if any is an error."
  )

  @Argument(help: "Schema files, or directories searched for .yaml and .yml files.")
  var paths: [String]

  func run() throws {
    let result = GeneratorPipeline.check(try SchemaLoading.inputs(paths))
    try SchemaLoading.report(result.diagnostics)
  }
}
