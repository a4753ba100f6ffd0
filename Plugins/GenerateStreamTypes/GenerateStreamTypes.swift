import Foundation
import PackagePlugin

/// `swift package generate-stream-types [--target NAME]... [--output DIR] [--language L]`:
/// writes the code the build plugin would generate into a folder of the package, for teams
/// that commit generated code. Without `--output`, each target's code goes to
/// `Generated/<Target>` (`Generated/<Target>Python` for `--language python`). Without
/// `--language`, the target's `streamtypes-config.yaml` decides (default Swift).
@main
struct GenerateStreamTypes: CommandPlugin {
  func performCommand(context: PluginContext, arguments: [String]) async throws {
    var extractor = ArgumentExtractor(arguments)
    let targetNames = extractor.extractOption(named: "target")
    let outputOption = extractor.extractOption(named: "output").last
    let language = extractor.extractOption(named: "language").last
    if let unknown = extractor.remainingArguments.first {
      throw PluginFailure(
        "unknown argument '\(unknown)'; use --target NAME, --output DIR and --language L"
      )
    }
    let targets = try context.package.targets(named: targetNames)
      .compactMap { $0 as? SourceModuleTarget }
      .filter {
        targetNames.isEmpty ? !SchemaInputs(files: $0.sourceFiles.map(\.url)).schemas.isEmpty : true
      }
    if targets.isEmpty { throw PluginFailure("no target with stream-type schemas found") }
    if outputOption != nil, targets.count > 1 {
      throw PluginFailure("--output needs exactly one --target")
    }
    let tool = try context.tool(named: "streamtypes")
    for target in targets {
      let inputs = SchemaInputs(files: target.sourceFiles.map(\.url))
      let output =
        outputOption.map { context.package.directoryURL.appendingPathComponent($0) }
        ?? context.package.directoryURL.appendingPathComponent(
          "Generated/\(target.name)\(language == "python" ? "Python" : "")"
        )
      let process = Process()
      process.executableURL = tool.url
      process.arguments = inputs.generateArguments(output: output, language: language)
      try process.run()
      process.waitUntilExit()
      guard process.terminationStatus == 0 else {
        throw PluginFailure("streamtypes generate failed for target '\(target.name)'")
      }
      print(
        "Generated \(inputs.schemas.count) schema file(s) of \(target.name) into \(output.path)"
      )
    }
  }
}

struct PluginFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
