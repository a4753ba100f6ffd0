import Foundation
import Testing

@testable import StreamTypesCompiler

/// What `generate` writes: the committed `Generated/` is current, output is deterministic,
/// and only changed files are rewritten.
@Suite struct GeneratorOutputTests {
  static func exampleInputs() throws -> [GeneratorPipeline.Input] {
    try SchemaFiles.schemaPaths(in: [Repository.path("Schemas")]).map { path in
      let name = "Schemas/" + (path as NSString).lastPathComponent
      return GeneratorPipeline.Input(path: name, contents: try SchemaFiles.read(path))
    }
  }

  static func exampleConfiguration() throws -> GeneratorConfiguration {
    let path = Repository.path("Schemas/streamtypes-config.yaml")
    let loaded = GeneratorConfiguration.load(path: path, contents: try SchemaFiles.read(path))
    #expect(loaded.diagnostics.isEmpty)
    return loaded.configuration
  }

  @Test func committedGeneratedCodeIsCurrent() throws {
    let configuration = try Self.exampleConfiguration()
    let result = GeneratorPipeline.generate(
      try Self.exampleInputs(),
      access: configuration.access,
      shards: configuration.shards
    )
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let directory = Repository.path("Generated/ExampleSchemas")
    let committed = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    #expect(committed == result.outputs.map(\.fileName).sorted())
    for output in result.outputs {
      let path = (directory as NSString).appendingPathComponent(output.fileName)
      let text = try String(contentsOfFile: path, encoding: .utf8)
      #expect(
        text == output.contents,
        """
        Generated/ExampleSchemas/\(output.fileName) is stale: run `swift package \
        --allow-writing-to-package-directory generate-stream-types --target ExampleSchemas`
        """
      )
    }
  }

  /// Generated Swift is laid out as `swift format` (with the repository's `.swift-format`)
  /// lays it out: the committed examples, and a schema whose long names make the emitter
  /// break its lines (a long `==` comparison, a long initializer).
  @Test func generatedCodeIsWhatSwiftFormatWrites() throws {
    // Field names whose `==` line fits, fits once `else` moves to its own line, fits once
    // the condition moves too, and fits only once the call is broken.
    let schema = """
      streams:
        Longs:
          item: Long
          footer: Medium
      types:
        Long:
          fields:
            completion_tokens_details_total: int
            very_long_field_name_very_long_field_name_a: int
            very_long_field_name_very_long_field_name_b: {type: string, min_length: 1}
            short: float
        Medium:
          fields:
            cache_creation_input_tokens: int
            cache_creation_input_tokens_of_it: int?
      """
    let result = GeneratorPipeline.generate(
      [GeneratorPipeline.Input(path: "Long.yaml", contents: Array(schema.utf8))],
      access: .public,
      shards: 1
    )
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    for output in result.outputs {
      _ = try directory.write(output.fileName, Array(output.contents.utf8))
    }
    let configuration = Repository.path(".swift-format")
    for folder in [Repository.path("Generated/ExampleSchemas"), directory.url.path] {
      let lint = try runTool([
        "swift", "format", "lint", "--strict", "--configuration", configuration, "-r", folder,
      ])
      #expect(lint.status == 0 && lint.output.isEmpty, "\(folder):\n\(lint.output)")
    }
  }

  @Test func exampleSchemasUseTheConfiguredAccess() throws {
    #expect(try Self.exampleConfiguration().access == .public)
  }

  @Test func generationIsDeterministic() throws {
    let inputs = try Self.exampleInputs()
    let first = GeneratorPipeline.generate(inputs, access: .internal).outputs
    let second = GeneratorPipeline.generate(inputs.reversed(), access: .internal).outputs
    #expect(!first.isEmpty)
    #expect(first == second)
  }

  @Test func onlyChangedFilesAreRewrittenAndStaleOnesRemoved() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("streamtypes-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let a = GeneratorPipeline.Input.yaml(
      "streams: {A: {item: {fields: {x: int}}}}",
      path: "A.yaml"
    )
    let b = GeneratorPipeline.Input.yaml(
      "streams: {B: {item: {fields: {y: int}}}}",
      path: "B.yaml"
    )
    func generate(_ inputs: [GeneratorPipeline.Input]) throws -> [String] {
      try SchemaFiles.write(
        GeneratorPipeline.generate(inputs, access: .internal, shards: 1).outputs,
        to: directory
      )
    }
    #expect(try generate([a, b]) == ["A.streamtypes.swift", "B.streamtypes.swift"])
    let path = (directory as NSString).appendingPathComponent("A.streamtypes.swift")
    let before = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
    #expect(try generate([a, b]) == [])
    let changed = GeneratorPipeline.Input.yaml(
      "streams: {B: {item: {fields: {y: string}}}}",
      path: "B.yaml"
    )
    #expect(try generate([a, changed]) == ["B.streamtypes.swift"])
    let after = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
    #expect(before != nil && before == after)
    #expect(try generate([a]) == [])
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory) == ["A.streamtypes.swift"]
    )
  }

  @Test func generatedFilesNameTheirSchemaAndSayNotToEdit() throws {
    let outputs = GeneratorPipeline.generate(try Self.exampleInputs(), access: .public).outputs
    #expect(outputs.count == 7 * GeneratorConfiguration.defaultShards)
    for output in outputs {
      let schema = output.fileName.split(separator: ".")[0] + ".yaml"
      #expect(output.contents.hasPrefix("// Generated by streamtypes from \(schema). Do not edit"))
    }
  }

  /// A schema of many types: each type once, in the shard its name hashes to, streams in
  /// the first file; an edit of one type rewrites that type's shard only; fewer shards
  /// remove the files no longer produced.
  @Test func shardsPlaceEachTypeByTheHashOfItsName() throws {
    func schema(kindOf17: String) -> GeneratorPipeline.Input {
      let types = (0..<40).map { index in
        let kind = index == 17 ? kindOf17 : "a"
        return "  M\(index): {fields: {x: int, k: K\(index)}}\n  K\(index): {enum: [\(kind), b]}\n"
      }
      return .yaml("streams: {S: {item: M0}}\ntypes:\n" + types.joined(), path: "Big.yaml")
    }
    let result = GeneratorPipeline.generate([schema(kindOf17: "a")], access: .internal, shards: 5)
    #expect(!result.hasErrors, "\(result.diagnostics)")
    #expect(
      result.outputs.map(\.fileName) == [
        "Big.streamtypes.swift", "Big.streamtypes.1.swift", "Big.streamtypes.2.swift",
        "Big.streamtypes.3.swift", "Big.streamtypes.4.swift",
      ]
    )
    #expect(
      result.outputs.map(\.fileName)
        == GeneratorPipeline.outputFileNames(for: "schemas/Big.yaml", shards: 5)
    )
    for index in 0..<40 {
      for name in ["M\(index)", "K\(index)"] {
        let shard = GeneratorPipeline.shard(ofType: name, count: 5)
        let holders = result.outputs.indices.filter {
          let text = result.outputs[$0].contents
          return text.contains("struct \(name): ") || text.contains("enum \(name): ")
        }
        #expect(holders == [shard], "\(name)")
      }
    }
    #expect(result.outputs[0].contents.contains("enum S: StreamTypes.StreamSchema"))
    #expect(result.outputs.dropFirst().allSatisfy { !$0.contents.contains("enum S:") })
    // FNV-1a of the name: fixed values, whatever the Swift version or the process.
    #expect(GeneratorPipeline.shard(ofType: "M0", count: 5) == 0x12df_85f8 % 5)
    #expect(GeneratorPipeline.shard(ofType: "Anything", count: 1) == 0)

    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("streamtypes-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(try SchemaFiles.write(result.outputs, to: directory).count == 5)
    let edited = GeneratorPipeline.generate(
      [schema(kindOf17: "c")],
      access: .internal,
      shards: 5
    )
    let shardOfK17 = GeneratorPipeline.shard(ofType: "K17", count: 5)
    #expect(
      try SchemaFiles.write(edited.outputs, to: directory) == [edited.outputs[shardOfK17].fileName]
    )
    let fewer = GeneratorPipeline.generate([schema(kindOf17: "c")], access: .internal, shards: 2)
    try SchemaFiles.write(fewer.outputs, to: directory)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        == ["Big.streamtypes.1.swift", "Big.streamtypes.swift"]
    )
  }

  @Test func twoSchemasWithTheSameBaseNameAreAnError() {
    let result = GeneratorPipeline.check([
      .yaml("types: {}", path: "a/Chat.yaml"), .yaml("types: {}", path: "b/Chat.yml"),
    ])
    #expect(
      result.diagnostics.map(\.description) == [
        "b/Chat.yml:1:1: error: 'b/Chat.yml' and 'a/Chat.yaml' would both generate "
          + "'Chat.streamtypes.swift'; rename one of them"
      ]
    )
  }

  @Test func configurationErrorsAreDiagnostics() {
    let loaded = GeneratorConfiguration.load(
      path: "streamtypes-config.yaml",
      contents: Array("acess: public\naccess: open\nshards: 0\n".utf8)
    )
    #expect(
      loaded.diagnostics.map(\.description) == [
        "streamtypes-config.yaml:1:1: error: unknown configuration key 'acess'; did you mean "
          + "'access'? (allowed: 'access', 'language', 'shards')",
        "streamtypes-config.yaml:2:9: error: 'access' must be 'public', 'internal' or 'package'",
        "streamtypes-config.yaml:3:9: error: 'shards' must be a whole number from 1 to 64",
      ]
    )
  }
}
