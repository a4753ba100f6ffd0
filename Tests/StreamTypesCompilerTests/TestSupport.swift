import Foundation

@testable import StreamTypesCompiler

/// Paths of the repository, found from this file so tests run from any directory.
enum Repository {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func path(_ relative: String) -> String {
    root.appendingPathComponent(relative).path
  }
}

extension GeneratorPipeline.Input {
  /// An input from YAML text, with a short path for readable diagnostics.
  static func yaml(_ text: String, path: String = "test.yaml") -> Self {
    Self(path: path, contents: Array(text.utf8))
  }
}

/// The diagnostics of checking YAML text, as printed.
func diagnostics(of yaml: String) -> [String] {
  GeneratorPipeline.check([.yaml(yaml)]).diagnostics.map(\.description)
}
