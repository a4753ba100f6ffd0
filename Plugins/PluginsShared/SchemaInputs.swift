import Foundation
import PackagePlugin

/// What both plugins find in a target: its schema files and its configuration file.
struct SchemaInputs {
  static let configurationFileNames: Set<String> = [
    "streamtypes-config.yaml", "streamtypes-config.yml",
  ]

  var schemas: [URL]
  var configuration: URL?

  init(files: [URL]) {
    let yaml = files.filter { ["yaml", "yml"].contains($0.pathExtension) }
      .sorted { $0.path < $1.path }
    schemas = yaml.filter { !Self.configurationFileNames.contains($0.lastPathComponent) }
    configuration = yaml.first { Self.configurationFileNames.contains($0.lastPathComponent) }
  }

  /// The arguments of `streamtypes generate` for these inputs; `language` nil leaves the
  /// choice to the configuration file.
  func generateArguments(output: URL, language: String? = nil) -> [String] {
    var arguments = ["generate"] + schemas.map { $0.path }
    arguments += ["--output", output.path]
    if let configuration { arguments += ["--config", configuration.path] }
    if let language { arguments += ["--language", language] }
    return arguments
  }

  /// The files `streamtypes generate` writes: `Name.yaml` -> `Name.streamtypes.swift`.
  func outputFiles(in directory: URL) -> [URL] {
    schemas.map {
      directory.appendingPathComponent(
        $0.deletingPathExtension().lastPathComponent + ".streamtypes.swift"
      )
    }
  }
}
