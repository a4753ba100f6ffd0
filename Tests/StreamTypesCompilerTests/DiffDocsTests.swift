import Foundation
import Testing

@testable import StreamTypesCompiler

/// The README's table of `diff` rules is the compiler's (`DiffRule.table`), so the docs
/// cannot drift from what `diff` does.
@Suite struct DiffDocsTests {
  @Test func theReadmeShowsTheRulesTable() throws {
    let readme = try String(contentsOfFile: Repository.path("README.md"), encoding: .utf8)
    if ProcessInfo.processInfo.environment["STREAMTYPES_PRINT_DIFF_TABLE"] != nil {
      print(SchemaDiffReport.rulesTable)
    }
    #expect(readme.contains(SchemaDiffReport.rulesTable))
  }
}
