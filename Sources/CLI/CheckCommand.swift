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
    let inputs = try SchemaLoading.inputs(paths)
    let result = GeneratorPipeline.check(inputs)
    try SchemaLoading.report(result.diagnostics)
    // Reached only without errors: say so, so that a silent success is not mistaken for
    // nothing having been checked.
    let module = result.module
    let streams = module?.streams.count ?? 0
    let types = module?.files.reduce(0) { $0 + $1.types.count } ?? 0
    let warnings = result.diagnostics.count
    print(
      "ok: \(counted(inputs.count, "schema file")), \(counted(streams, "stream")), "
        + "\(counted(types, "type")), no errors"
        + (warnings == 0 ? "" : ", \(counted(warnings, "warning"))")
    )
  }

  private func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
  }
}
