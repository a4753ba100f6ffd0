import Foundation
import StreamTypes
import Testing

@testable import StreamTypesCompiler

/// The corpus of schema pairs in `DiffCases/`: one folder per rule (and a few more), each
/// with `old.yaml`, `new.yaml` and the findings `streamtypes diff` must report, as text
/// (`expected.txt`) and as JSON (`expected.json`). Run with `STREAMTYPES_RECORD_DIFF=1` to
/// rewrite the expected files after a deliberate change, then read the diff before
/// committing it.
@Suite struct DiffCorpusTests {
  static let folder = Repository.path("Tests/StreamTypesCompilerTests/DiffCases")

  static var caseNames: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted()
  }

  /// The checked module of one side of a case, its path as the report shows it.
  static func module(_ caseName: String, _ file: String) throws -> SchemaModule {
    let path = "\(folder)/\(caseName)/\(file)"
    let result = GeneratorPipeline.check([
      GeneratorPipeline.Input(path: file, contents: try SchemaFiles.read(path))
    ])
    let module = try #require(result.module, "\(caseName)/\(file): \(result.diagnostics)")
    return module
  }

  static func report(_ caseName: String) throws -> (SchemaDiffReport, SchemaModule, SchemaModule) {
    let old = try module(caseName, "old.yaml")
    let new = try module(caseName, "new.yaml")
    return (SchemaDiff.compare(old: old, new: new), old, new)
  }

  @Test func theCorpusHasAtLeastFortyPairs() {
    #expect(Self.caseNames.count >= 40)
  }

  @Test(arguments: caseNames)
  func findingsMatchTheExpectedTextAndJSON(_ caseName: String) throws {
    let (report, _, _) = try Self.report(caseName)
    let text = report.text()
    let json = report.json() + "\n"
    let textPath = "\(Self.folder)/\(caseName)/expected.txt"
    let jsonPath = "\(Self.folder)/\(caseName)/expected.json"
    if ProcessInfo.processInfo.environment["STREAMTYPES_RECORD_DIFF"] != nil {
      try text.write(toFile: textPath, atomically: true, encoding: .utf8)
      try json.write(toFile: jsonPath, atomically: true, encoding: .utf8)
    }
    #expect(text == (try String(contentsOfFile: textPath, encoding: .utf8)))
    #expect(json == (try String(contentsOfFile: jsonPath, encoding: .utf8)))
    // The JSON is one object whose findings are the text's, in the same order.
    let object = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
    guard case .object(let root) = object, case .array(let findings)? = root["findings"] else {
      Issue.record("\(caseName): the JSON has no findings array")
      return
    }
    #expect(findings.count == report.findings.count)
  }

  /// Every rule of the table is shown by at least one case, and a case named after a rule
  /// reports that rule.
  @Test func everyRuleHasACase() throws {
    var seen: Set<DiffRule.ID> = []
    for caseName in Self.caseNames {
      let (report, _, _) = try Self.report(caseName)
      let rules = Set(report.findings.map(\.rule))
      seen.formUnion(rules)
      if let rule = DiffRule.ID.allCases.filter({ caseName.hasPrefix($0.rawValue) })
        .max(by: { $0.rawValue.count < $1.rawValue.count })
      {
        #expect(rules.contains(rule), "\(caseName) does not report \(rule.rawValue)")
      }
    }
    let missing = DiffRule.ID.allCases.filter { !seen.contains($0) }
    #expect(missing.isEmpty, "rules without a case: \(missing.map(\.rawValue))")
  }
}
