import Foundation
import PackagePlugin

/// Runs `streamtypes generate` over the target's `.yaml`/`.yml` schema files at build time.
/// Inputs and outputs are declared, so the generator runs again only when a schema or the
/// configuration changes.
///
/// SwiftPM calls it as a `BuildToolPlugin`; Xcode projects, where a target's files are not
/// a package's, call it as an `XcodeBuildToolPlugin`. Both hand their target's files to
/// ``buildCommands(files:workDirectory:tool:)``, so they apply the same rule, and the part
/// that SwiftPM builds everywhere (Linux included) is the part Xcode runs.
@main
struct StreamTypesPlugin {
  /// The build command for a target whose files are `files`, or none when it holds no
  /// schema. The output goes to `workDirectory`/GeneratedSources, one Swift file a schema.
  static func buildCommands(
    files: [URL],
    workDirectory: URL,
    tool: (String) throws -> PluginContext.Tool
  ) throws -> [Command] {
    let inputs = SchemaInputs(files: files)
    guard !inputs.schemas.isEmpty else { return [] }
    let output = workDirectory.appendingPathComponent("GeneratedSources")
    return [
      .buildCommand(
        displayName: "Generating Swift from \(inputs.schemas.count) stream-type schema(s)",
        executable: try tool("streamtypes").url,
        // A target compiles Swift, whatever `language` its configuration names.
        arguments: inputs.generateArguments(output: output, language: "swift"),
        inputFiles: inputs.schemas + [inputs.configuration].compactMap { $0 },
        outputFiles: inputs.outputFiles(in: output)
      )
    ]
  }
}

extension StreamTypesPlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
    guard let target = target as? SourceModuleTarget else { return [] }
    return try Self.buildCommands(
      files: target.sourceFiles.map(\.url),
      workDirectory: context.pluginWorkDirectoryURL,
      tool: context.tool(named:)
    )
  }
}

#if canImport(XcodeProjectPlugin)
import XcodeProjectPlugin

extension StreamTypesPlugin: XcodeBuildToolPlugin {
  /// An Xcode target's schemas: its input files, as a package target's source files.
  func createBuildCommands(
    context: XcodePluginContext,
    target: XcodeTarget
  ) throws
    -> [Command]
  {
    try Self.buildCommands(
      files: target.inputFiles.map(\.url),
      workDirectory: context.pluginWorkDirectoryURL,
      tool: context.tool(named:)
    )
  }
}
#endif
