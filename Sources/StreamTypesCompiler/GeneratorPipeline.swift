/// The compiler, stage by stage:
///
/// 1. **Parse**: each schema file's bytes -> YAML tree (``YAMLLoader``, over libyaml) ->
///    parsed definitions (`SchemaParser`), with every shape error of the file.
/// 2. **Check**: all parsed files of one module together -> ``SchemaModule``
///    (`SchemaChecker`): names resolve, defaults fit, no cycles, Swift names are unique.
/// 3. **Emit**: the module -> one Swift source per schema file (`SwiftEmitter`).
///
/// Every stage adds to one list of diagnostics; a run reports all it finds. Emitting
/// happens only when no stage found an error.
public enum GeneratorPipeline {
  /// A schema file to compile.
  public struct Input: Sendable {
    /// The path shown in diagnostics.
    public var path: String
    public var contents: [UInt8]

    public init(path: String, contents: [UInt8]) {
      self.path = path
      self.contents = contents
    }
  }

  /// One generated Swift file.
  public struct Output: Sendable, Equatable {
    public var fileName: String
    public var contents: String
  }

  public struct Result: Sendable {
    /// The checked module; present when the schema has no errors.
    public var module: SchemaModule?
    public var outputs: [Output]
    public var diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
  }

  /// Runs parse and check: what `streamtypes check` and `validate` need.
  public static func check(
    _ inputs: [Input],
    limits: YAMLLoadLimits = YAMLLoadLimits()
  )
    -> Result
  {
    var diagnostics = DiagnosticCollector()
    let sorted = inputs.sorted { $0.path < $1.path }
    let parsed = sorted.map { parse($0, limits: limits, into: &diagnostics) }
    checkOutputNames(sorted, into: &diagnostics)
    var checker = SchemaChecker()
    let module = checker.check(parsed)
    diagnostics.append(contentsOf: checker.diagnostics.diagnostics)
    return Result(
      module: diagnostics.hasErrors ? nil : module,
      outputs: [],
      diagnostics: diagnostics.diagnostics
    )
  }

  /// Runs all three stages: what `streamtypes generate` and the plugins run. Each schema
  /// file gives `shards` Swift files (``outputFileNames(for:shards:)``), so the compiler
  /// can work on a large schema in parallel and recompile only the files an edit touches.
  public static func generate(
    _ inputs: [Input],
    access: AccessLevel,
    shards: Int = GeneratorConfiguration.defaultShards
  ) -> Result {
    var result = check(inputs)
    guard let module = result.module else { return result }
    let emitter = SwiftEmitter(module: module, access: access)
    result.outputs = module.files.flatMap { file in
      zip(outputFileNames(for: file.path, shards: shards), emitter.emit(file, shards: shards))
        .map { Output(fileName: $0, contents: $1) }
    }
    return result
  }

  /// `Transcription.yaml` -> `Transcription.streamtypes.swift`. The suffix keeps generated
  /// files apart from a target's own `Transcription.swift`.
  public static func outputFileName(for schemaPath: String) -> String {
    baseName(of: schemaPath) + ".streamtypes.swift"
  }

  /// The files of one schema with `shards` shards: `Transcription.streamtypes.swift`, then
  /// `Transcription.streamtypes.1.swift` to `Transcription.streamtypes.<shards - 1>.swift`.
  /// They depend only on the schema's file name and the count, so the build plugin
  /// declares them without reading the schema.
  public static func outputFileNames(for schemaPath: String, shards: Int) -> [String] {
    let base = baseName(of: schemaPath)
    return [base + ".streamtypes.swift"]
      + (1..<max(1, shards)).map { "\(base).streamtypes.\($0).swift" }
  }

  /// The shard (0 ..< `count`) a type of this name is generated into: the 32-bit FNV-1a
  /// hash of the name's UTF-8 bytes, modulo `count`. Stable across runs, machines and
  /// Swift versions (unlike `hashValue`), and independent of the other types, so an edit
  /// to one type, or a new type, changes one shard and leaves the others' bytes alone.
  public static func shard(ofType name: String, count: Int) -> Int {
    guard count > 1 else { return 0 }
    var hash: UInt32 = 0x811c_9dc5
    for byte in name.utf8 {
      hash ^= UInt32(byte)
      hash = hash &* 0x0100_0193
    }
    return Int(hash % UInt32(count))
  }

  private static func baseName(of schemaPath: String) -> String {
    let fileName = schemaPath.split(separator: "/").last.map(String.init) ?? schemaPath
    let base = fileName.split(separator: ".", omittingEmptySubsequences: false).dropLast()
      .joined(separator: ".")
    return base.isEmpty ? fileName : base
  }

  private static func parse(
    _ input: Input,
    limits: YAMLLoadLimits,
    into diagnostics: inout DiagnosticCollector
  ) -> ParsedFile {
    let (root, yamlDiagnostics) = YAMLLoader.load(input.contents, file: input.path, limits: limits)
    diagnostics.append(contentsOf: yamlDiagnostics)
    if yamlDiagnostics.contains(where: { $0.severity == .error }) {
      return ParsedFile(path: input.path)
    }
    var parser = SchemaParser()
    let file = parser.parse(root, path: input.path)
    diagnostics.append(contentsOf: parser.diagnostics.diagnostics)
    return file
  }

  /// Two schema files whose names give the same Swift file name cannot both be generated.
  private static func checkOutputNames(
    _ inputs: [Input],
    into diagnostics: inout DiagnosticCollector
  ) {
    var seen: [String: String] = [:]
    for input in inputs {
      let name = outputFileName(for: input.path)
      if let first = seen[name] {
        diagnostics.error(
          "'\(input.path)' and '\(first)' would both generate '\(name)'; rename one of them",
          at: SourceLocation(file: input.path, line: 1, column: 1)
        )
      } else {
        seen[name] = input.path
      }
    }
  }
}
