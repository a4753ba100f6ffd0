import Foundation
import Testing

/// README.md's layout table names every folder a reader of the sources meets, and only
/// folders that exist.
@Suite struct LayoutTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The paths in the first column of the README's "Layout" table, without trailing slashes.
  static func listedPaths() throws -> [String] {
    let readme = try String(
      contentsOf: root.appendingPathComponent("README.md"),
      encoding: .utf8
    )
    guard let start = readme.range(of: "\n## Layout\n") else { return [] }
    let section = readme[start.upperBound...]
    let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
    return section[..<end].split(separator: "\n").compactMap { line -> String? in
      guard line.hasPrefix("| `") else { return nil }
      let path = line.dropFirst(3).prefix { $0 != "`" }
      return String(path.hasSuffix("/") ? path.dropLast() : path)
    }
  }

  /// Folders the table must name: the top level's, the modules, the runtime's and the
  /// compiler's folders, and the test targets.
  static func expectedFolders() throws -> [String] {
    let manager = FileManager.default
    func folders(_ relative: String) throws -> [String] {
      let url = relative.isEmpty ? root : root.appendingPathComponent(relative)
      return try manager.contentsOfDirectory(atPath: url.path).filter { name in
        var isDirectory: ObjCBool = false
        let path = url.appendingPathComponent(name).path
        return !name.hasPrefix(".") && manager.fileExists(atPath: path, isDirectory: &isDirectory)
          && isDirectory.boolValue
      }.map { relative.isEmpty ? $0 : "\(relative)/\($0)" }.sorted()
    }
    return try folders("") + folders("Sources") + folders("Sources/StreamTypes")
      + folders("Sources/StreamTypesCompiler") + folders("Tests")
  }

  @Test func theLayoutTableNamesEveryFolder() throws {
    let listed = Set(try Self.listedPaths())
    #expect(listed.count > 10)
    let coveredByParent = ["Sources", "Tests"]  // described by their own rows
    for folder in try Self.expectedFolders() where !coveredByParent.contains(folder) {
      #expect(listed.contains(folder), "README's layout table does not name \(folder)")
    }
  }

  @Test func everyFolderTheTableNamesExists() throws {
    for path in try Self.listedPaths() {
      #expect(
        FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path),
        "README's layout table names \(path), which does not exist"
      )
    }
  }
}
