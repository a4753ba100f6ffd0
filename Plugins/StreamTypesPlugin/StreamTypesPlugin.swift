import Foundation
import PackagePlugin

/// Runs `streamtypes generate` over the target's `.yaml`/`.yml` schema files at build time.
/// Inputs and outputs are declared, so the generator runs again only when a schema or the
/// configuration changes.
@main
struct StreamTypesPlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
    guard let target = target as? SourceModuleTarget else { return [] }
    let inputs = SchemaInputs(files: target.sourceFiles.map(\.url))
    guard !inputs.schemas.isEmpty else { return [] }
    let output = context.pluginWorkDirectoryURL.appendingPathComponent("GeneratedSources")
    return [
      .buildCommand(
        displayName: "Generating Swift from \(inputs.schemas.count) stream-type schema(s)",
        executable: try context.tool(named: "streamtypes").url,
        arguments: inputs.generateArguments(output: output),
        inputFiles: inputs.schemas + [inputs.configuration].compactMap { $0 },
        outputFiles: inputs.outputFiles(in: output)
      )
    ]
  }
}
