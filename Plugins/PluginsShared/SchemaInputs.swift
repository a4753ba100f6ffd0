import Foundation
import PackagePlugin

/// What both plugins find in a target: its schema files and its configuration file.
struct SchemaInputs {
  static let configurationFileNames: Set<String> = [
    "streamtypes-config.yaml", "streamtypes-config.yml",
  ]

  /// The Swift files per schema when the configuration names no `shards`
  /// (`GeneratorConfiguration.defaultShards` in the compiler, which plugins cannot import).
  static let defaultShards = 16
  /// The most shards the tool accepts (`shards` is 1 to 64).
  static let maxShards = 64

  var schemas: [URL]
  var configuration: URL?
  /// The configuration's `shards`, read here because the build plugin must declare every
  /// output file ahead; passed to the tool as `--shards`, so both always agree.
  var shards: Int

  init(files: [URL]) {
    let yaml = files.filter { ["yaml", "yml"].contains($0.pathExtension) }
      .sorted { $0.path < $1.path }
    schemas = yaml.filter { !Self.configurationFileNames.contains($0.lastPathComponent) }
    configuration = yaml.first { Self.configurationFileNames.contains($0.lastPathComponent) }
    shards =
      configuration.flatMap { try? String(contentsOf: $0, encoding: .utf8) }
      .flatMap(Self.shards(inConfiguration:)) ?? Self.defaultShards
  }

  /// The value of a top-level `shards: N` line (a trailing `# comment` allowed), or nil.
  /// The tool checks the whole file, and rejects a value out of range.
  static func shards(inConfiguration text: String) -> Int? {
    for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("shards:") {
      let value = line.dropFirst("shards:".count).split(separator: "#").first ?? ""
      return Int(value.trimmingCharacters(in: .whitespaces))
    }
    return nil
  }

  /// The arguments of `streamtypes generate` for these inputs; `language` nil leaves the
  /// choice to the configuration file.
  func generateArguments(output: URL, language: String? = nil) -> [String] {
    var arguments = ["generate"] + schemas.map { $0.path }
    arguments += ["--output", output.path]
    if let configuration { arguments += ["--config", configuration.path] }
    if let language { arguments += ["--language", language] }
    if language != "python" { arguments += ["--shards", String(shards)] }
    return arguments
  }

  /// The Swift files `streamtypes generate` writes, known without reading the schemas:
  /// `Name.yaml` -> `Name.streamtypes.swift`, `Name.streamtypes.1.swift`, ...,
  /// `Name.streamtypes.<shards - 1>.swift`.
  func outputFiles(in directory: URL) -> [URL] {
    schemas.flatMap { schema in
      let base = schema.deletingPathExtension().lastPathComponent
      // Clamped to the range the tool accepts, so a hostile value cannot make the plugin
      // declare millions of files; the tool itself rejects it with a clear error.
      return [base + ".streamtypes.swift"]
        + (1..<min(max(1, shards), Self.maxShards)).map { "\(base).streamtypes.\($0).swift" }
    }
    .map { directory.appendingPathComponent($0) }
  }
}
