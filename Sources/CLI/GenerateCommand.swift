import ArgumentParser
import StreamTypesCompiler

struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract:
      "Compile schema files into Swift sources (or Python modules): a fixed set of files per schema file.",
    discussion: """
      Output is deterministic; a file is rewritten only when its content changes, and \
      generated files whose schema is gone are removed.
      """
  )

  @Argument(help: "Schema files, or directories searched for .yaml and .yml files.")
  var paths: [String]

  @Option(name: .shortAndLong, help: "The directory to write the generated files into.")
  var output: String

  @Option(help: "Access level of the generated declarations (default: internal).")
  var access: AccessLevel?

  @Option(help: "The language to write: swift (default) or python (pydantic v2 modules).")
  var language: OutputLanguage?

  @Option(
    help: """
      Swift files per schema: Name.streamtypes.swift, then Name.streamtypes.1.swift to \
      Name.streamtypes.<N-1>.swift (1 to 64; default: 16).
      """
  )
  var shards: Int?

  @Option(
    help:
      "A streamtypes-config.yaml file (its 'access', 'language' and 'shards' apply unless given here)."
  )
  var config: String?

  func validate() throws {
    if let shards, !(1...GeneratorConfiguration.maxShards).contains(shards) {
      throw ValidationError(
        "--shards must be a whole number from 1 to \(GeneratorConfiguration.maxShards)"
      )
    }
  }

  func run() throws {
    var configuration = GeneratorConfiguration()
    if let config {
      let contents: [UInt8]
      do {
        contents = try SchemaFiles.read(config)
      } catch {
        StandardError.print("error: \(error)")
        throw ExitStatus.usage
      }
      let loaded = GeneratorConfiguration.load(path: config, contents: contents)
      try SchemaLoading.report(loaded.diagnostics)
      configuration = loaded.configuration
    }
    let result = GeneratorPipeline.generate(
      try SchemaLoading.inputs(paths),
      language: language ?? configuration.language,
      access: access ?? configuration.access,
      shards: shards ?? configuration.shards
    )
    try SchemaLoading.report(result.diagnostics)
    do {
      try SchemaFiles.write(result.outputs, to: output)
    } catch {
      StandardError.print("error: \(error)")
      throw ExitStatus.usage
    }
  }
}

extension AccessLevel: ExpressibleByArgument {}

extension OutputLanguage: ExpressibleByArgument {}
