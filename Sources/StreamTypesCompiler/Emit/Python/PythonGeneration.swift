/// The language `generate` writes.
public enum OutputLanguage: String, Sendable, CaseIterable {
  case swift
  case python
}

extension GeneratorPipeline {
  /// Parse, check, then emit one Python module per schema file (`PythonEmitter`).
  public static func generatePython(_ inputs: [Input]) -> Result {
    var result = check(inputs)
    var seen: [String: String] = [:]
    var collisions: [Diagnostic] = []
    for input in inputs.sorted(by: { $0.path < $1.path }) {
      let name = PythonNames.moduleName(forSchemaPath: input.path) + ".py"
      if let first = seen[name] {
        var collector = DiagnosticCollector()
        collector.error(
          "'\(input.path)' and '\(first)' would both generate '\(name)'; rename one of them",
          at: SourceLocation(file: input.path, line: 1, column: 1)
        )
        collisions += collector.diagnostics
      } else {
        seen[name] = input.path
      }
    }
    result.diagnostics += collisions
    guard let module = result.module, collisions.isEmpty else {
      result.module = nil
      return result
    }
    let emitter = PythonEmitter(module: module)
    result.outputs = module.files.map { file in
      Output(
        fileName: PythonNames.moduleName(forSchemaPath: file.path) + ".py",
        contents: emitter.emit(file)
      )
    }
    return result
  }

  /// Runs all three stages for `language` (`shards` applies to Swift only).
  public static func generate(
    _ inputs: [Input],
    language: OutputLanguage,
    access: AccessLevel,
    shards: Int = GeneratorConfiguration.defaultShards
  ) -> Result {
    switch language {
    case .swift: generate(inputs, access: access, shards: shards)
    case .python: generatePython(inputs)
    }
  }
}
