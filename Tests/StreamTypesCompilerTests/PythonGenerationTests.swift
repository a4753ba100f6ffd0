import Foundation
import Testing

@testable import StreamTypesCompiler

/// `generate --language python`: the committed `Generated/Python` is current, output is
/// deterministic and written only when it changes, the generated modules behave as the
/// schema language says (Scripts/python_behaviour.py) and pass `mypy --strict` with the
/// pydantic plugin (Scripts/python_mypy.py). The Python checks need python3 with pydantic,
/// numpy and mypy; without them they fail (they are never skipped).
@Suite(.serialized) struct PythonGenerationTests {
  /// Every construct of the language, for Scripts/python_behaviour.py.
  static let behaviourSchema = #"""
    description: |
      Every construct of the schema language, for the Python emitter's behaviour test
      (Scripts/python_behaviour.py). "Quotes" and \backslashes\ survive in docstrings.

    streams:
      Events:
        description: A header, then events (a union), then a summary.
        header: Names
        item: Event
        footer: {fields: {count: {type: int, minimum: 0}}}

    types:
      Names:
        description: Wire names that are keywords, builtins or private in Python.
        additional_fields: forbid
        fields:
          from: {type: int, description: A keyword.}
          _id: string
          class: {type: string, default: "c"}
          json: {type: bool, optional: true}
          str: {type: float, default: 1.5}
          Kind: {type: Kind, default: two-words}
      Kind:
        enum: [one, two-words, 3d, NONE]
      Limits:
        fields:
          code: {type: string, pattern: "\\d{2}", min_length: 2, max_length: 4}
          ratio: {type: float, exclusive_minimum: 0, exclusive_maximum: 1}
          count: {type: int, minimum: -5, maximum: 5}
          items: {type: "[int]", min_items: 1, max_items: 2}
          labels: {type: "map<string>", default: {a: x}, max_items: 2}
          when: {type: datetime, default: "2026-11-24T12:00:00+02:00"}
          blob: {type: bytes, default: "-_8="}
          data: {type: json, default: {k: [1, "two", null]}}
          grid: {type: "ndarray<int16>", shape: [null, 2], optional: true}
          nested: {type: "Leaf", default: {name: root}}
      Leaf:
        fields:
          name: string
      Event:
        one_of: [Started, Stopped]
        discriminator: type
        unknown: keep
      Closed:
        one_of: [Started, Stopped]
        discriminator: type
      Started:
        fields:
          type: {type: string, const: started}
          version: {type: int, const: 2}
          limits: Limits?
          closed: "[Closed]"
      Stopped:
        fields:
          type: {type: string, const: stopped}
    """#

  static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try runPython(arguments)
  }

  static func temporaryDirectory() -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("streamtypes-python-\(UUID().uuidString)").path
  }

  /// Generates `inputs` as Python into a new directory.
  static func generate(_ inputs: [GeneratorPipeline.Input]) throws -> String {
    let result = GeneratorPipeline.generatePython(inputs)
    #expect(!result.hasErrors, "\(result.diagnostics)")
    let directory = temporaryDirectory()
    try SchemaFiles.write(result.outputs, to: directory)
    return directory
  }

  static func corpusInputs() throws -> [GeneratorPipeline.Input] {
    try ["Corpus.yaml", "CorpusShared.yaml", "CorpusUnions.yaml"].map { name in
      let path = Repository.path("Tests/GeneratedCodeTests/\(name)")
      return GeneratorPipeline.Input(path: path, contents: try SchemaFiles.read(path))
    } + [
      GeneratorPipeline.Input(
        path: "ShadowingNames.yaml",
        contents: try SchemaFiles.read(
          Repository.path("Tests/ShadowingNamesTests/ShadowingNames.yaml")
        )
      )
    ]
  }

  @Test func committedPythonIsCurrent() throws {
    let result = GeneratorPipeline.generate(
      try GeneratorOutputTests.exampleInputs(),
      language: .python,
      access: .public
    )
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let directory = Repository.path("Generated/Python")
    let committed = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    #expect(committed == result.outputs.map(\.fileName).sorted())
    for output in result.outputs {
      let path = (directory as NSString).appendingPathComponent(output.fileName)
      let text = try String(contentsOfFile: path, encoding: .utf8)
      #expect(
        text == output.contents,
        """
        Generated/Python/\(output.fileName) is stale: run `swift package \
        --allow-writing-to-package-directory generate-stream-types --target ExampleSchemas \
        --language python --output Generated/Python`
        """
      )
    }
  }

  @Test func modulesNameTheirSchemaAndAreDeterministic() throws {
    let inputs = try GeneratorOutputTests.exampleInputs()
    let first = GeneratorPipeline.generatePython(inputs).outputs
    let second = GeneratorPipeline.generatePython(inputs.reversed()).outputs
    #expect(
      first.map(\.fileName) == [
        "completion_streamtypes.py", "job_progress_streamtypes.py", "messages_streamtypes.py",
        "open_ai_chat_streamtypes.py", "open_ai_responses_streamtypes.py",
        "speech_streamtypes.py", "transcription_streamtypes.py",
      ]
    )
    #expect(first == second)
    for (output, input) in zip(first, inputs.sorted { $0.path < $1.path }) {
      let schema = (input.path as NSString).lastPathComponent
      #expect(output.contents.hasPrefix("# Generated by streamtypes from \(schema). Do not edit"))
    }
  }

  @Test func onlyChangedModulesAreRewrittenAndStaleOnesRemoved() throws {
    let directory = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let a = GeneratorPipeline.Input.yaml("streams: {A: {item: {fields: {x: int}}}}", path: "A.yaml")
    let b = GeneratorPipeline.Input.yaml("streams: {B: {item: {fields: {y: int}}}}", path: "B.yaml")
    let own = (directory as NSString).appendingPathComponent("own_streamtypes.py")
    func generate(_ inputs: [GeneratorPipeline.Input]) throws -> [String] {
      try SchemaFiles.write(GeneratorPipeline.generatePython(inputs).outputs, to: directory)
    }
    #expect(try generate([a, b]) == ["a_streamtypes.py", "b_streamtypes.py"])
    try "x = 1\n".write(toFile: own, atomically: true, encoding: .utf8)
    #expect(try generate([a, b]) == [])
    let changed = GeneratorPipeline.Input.yaml(
      "streams: {B: {item: {fields: {y: string}}}}",
      path: "B.yaml"
    )
    #expect(try generate([a, changed]) == ["b_streamtypes.py"])
    #expect(try generate([a]) == [])
    // A Python file the generator did not write stays.
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        == ["a_streamtypes.py", "own_streamtypes.py"]
    )
  }

  /// Two schema files whose types refer to each other: each module imports the other's
  /// names last, so both import, in either order, and read and write the nested values.
  @Test func modulesThatImportEachOtherImport() throws {
    let first = """
      streams:
        NodeStream: {item: Node}
      types:
        Node:
          fields: {name: string, leaves: "[Leaf]"}
      """
    let second = """
      streams:
        LeafStream: {item: Leaf}
      types:
        Leaf:
          fields: {value: int, back: Node?}
      """
    let directory = try Self.generate([
      GeneratorPipeline.Input(path: "Nodes.yaml", contents: Array(first.utf8)),
      GeneratorPipeline.Input(path: "Leaves.yaml", contents: Array(second.utf8)),
    ])
    let script = """
      import sys
      sys.path.insert(0, sys.argv[1])
      if sys.argv[2] == "leaves":
          import leaves_streamtypes
      import nodes_streamtypes as n, leaves_streamtypes as l
      text = '{"name":"a","leaves":[{"value":1,"back":{"name":"b","leaves":[]}},{"value":2,"back":null}]}'
      node = n.Node.model_validate_json(text)
      assert node.model_dump_json() == text, node.model_dump_json()
      assert isinstance(node.leaves[0].back, n.Node)
      leaf = l.Leaf.model_validate_json('{"value":3,"back":{"name":"c","leaves":[]}}')
      print("read", leaf.back.name, n.STREAMS["NodeStream"][1].__name__, l.STREAMS["LeafStream"][1].__name__)
      """
    for first in ["nodes", "leaves"] {
      let run = try Self.python(["-c", script, directory, first])
      #expect(run.status == 0, "\(run.output)")
      #expect(run.output == "read c Node Leaf\n", "\(run.output)")
    }
    let nodes = try String(
      contentsOfFile: (directory as NSString).appendingPathComponent("nodes_streamtypes.py"),
      encoding: .utf8
    )
    #expect(nodes.hasSuffix("from leaves_streamtypes import Leaf  # noqa: E402\n"))
  }

  @Test func twoSchemasWithTheSameModuleNameAreAnError() {
    let result = GeneratorPipeline.generatePython([
      .yaml("types: {}", path: "JobProgress.yaml"), .yaml("types: {}", path: "b/job_progress.yml"),
    ])
    #expect(result.outputs.isEmpty)
    #expect(
      result.diagnostics.map(\.description) == [
        "b/job_progress.yml:1:1: error: 'b/job_progress.yml' and 'JobProgress.yaml' would both "
          + "generate 'job_progress_streamtypes.py'; rename one of them"
      ]
    )
  }

  @Test func configurationNamesTheLanguage() throws {
    let loaded = GeneratorConfiguration.load(
      path: "streamtypes-config.yaml",
      contents: Array("access: public\nlanguage: python\n".utf8)
    )
    #expect(loaded.diagnostics.isEmpty)
    #expect(loaded.configuration == GeneratorConfiguration(access: .public, language: .python))
    #expect(GeneratorConfiguration().language == .swift)
    let wrong = GeneratorConfiguration.load(
      path: "streamtypes-config.yaml",
      contents: Array("language: rust\n".utf8)
    )
    #expect(
      wrong.diagnostics.map(\.description) == [
        "streamtypes-config.yaml:1:11: error: 'language' must be 'swift' or 'python'"
      ]
    )
  }

  @Test func commandLineAndConfigurationChooseTheLanguage() throws {
    let directory = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let config = (directory as NSString).appendingPathComponent("config.yaml")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try "language: python\n".write(toFile: config, atomically: true, encoding: .utf8)
    let python = (directory as NSString).appendingPathComponent("python")
    let byConfig = try runStreamTypes([
      "generate", Repository.path("Schemas/Transcription.yaml"), "--output", python,
      "--config", config,
    ])
    #expect(byConfig.status == 0, "\(byConfig.stderr)")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: python) == [
        "transcription_streamtypes.py"
      ]
    )
    let swift = (directory as NSString).appendingPathComponent("swift")
    let byOption = try runStreamTypes([
      "generate", Repository.path("Schemas/Transcription.yaml"), "--output", swift,
      "--config", config, "--language", "swift", "--shards", "1",
    ])
    #expect(byOption.status == 0, "\(byOption.stderr)")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: swift) == [
        "Transcription.streamtypes.swift"
      ]
    )
  }

  @Test func generatedModulesBehaveAsTheSchemaSays() throws {
    let directory = try Self.generate([.yaml(Self.behaviourSchema, path: "Behaviour.yaml")])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let run = try Self.python([Repository.path("Scripts/python_behaviour.py"), directory])
    #expect(run.status == 0, "\(run.output)")
    let lines = run.output.split(separator: "\n")
    #expect(lines.count >= 50 && lines.allSatisfy { $0.hasPrefix("ok   ") }, "\(run.output)")
  }

  @Test func generatedModulesPassMypyStrict() throws {
    let behaviour = try Self.generate([.yaml(Self.behaviourSchema, path: "Behaviour.yaml")])
    let corpus = try Self.generate(try Self.corpusInputs())
    defer {
      try? FileManager.default.removeItem(atPath: behaviour)
      try? FileManager.default.removeItem(atPath: corpus)
    }
    let run = try Self.python([
      Repository.path("Scripts/python_mypy.py"), Repository.path("Generated/Python"), behaviour,
      corpus,
    ])
    #expect(run.status == 0, "\(run.output)")
    #expect(run.output.contains("Success: no issues found in 12 source files"), "\(run.output)")
  }

  /// Issue 17, point 1: every stream of the conformance corpus (framed and server-sent
  /// events) and the fuzz seeds, payload by payload, judged alike by the generated pydantic
  /// models and `streamtypes validate`, accepted values equal to what `streamtypes dump`
  /// prints, except the known exceptions the script and the README list.
  @Test func generatedModelsJudgeTheCorpusAsTheValidatorDoes() throws {
    let run = try Self.python([
      Repository.path("Scripts/python_conformance.py"), streamTypesExecutable.path,
    ])
    #expect(run.status == 0, "\(run.output)")
    #expect(!run.output.contains("DISAGREE"), "\(run.output)")
    #expect(run.output.contains(" except 0 disagreements and 4 known exceptions;"), "\(run.output)")
    // Framed streams and server-sent events of the corpus and the three fuzz targets' seeds.
    #expect(
      run.output.contains("338 streams, 890 payloads (284 of them server-sent events)"),
      "\(run.output)"
    )
  }

  /// Issue 17, point 2: random values of every stream of `Schemas/` and the test corpus,
  /// written by truss's writer with the generated models and read by Swift (`dump`), written
  /// back by Swift (`encode`) and read by truss's reader: equal values both ways, and the
  /// same bytes, numbers included. Deterministic (fixed seed).
  @Test func randomValuesTravelBothWaysThroughTruss() throws {
    let run = try Self.python([
      Repository.path("Scripts/python_random_interop.py"), streamTypesExecutable.path, "3", "17",
    ])
    #expect(run.status == 0, "\(run.output)")
    #expect(!run.output.contains("FAIL"), "\(run.output)")
    #expect(run.output.contains("57 random streams"), "\(run.output)")
    #expect(run.output.contains("57 agree both ways"), "\(run.output)")
    #expect(run.output.contains("57 byte-identical, 0 failed"), "\(run.output)")
  }
}
