import Foundation
import Testing

@testable import StreamTypesCompiler

/// `diff`'s Python source verdicts, held to mypy: for every corpus pair, a client written
/// from the old generated module type-checks (`mypy --strict`, pydantic plugin) against the
/// old module, and against the new one exactly when no finding breaks Python source
/// (`Scripts/python_source_diff.py`).
@Suite struct DiffPythonSourceTests {
  @Test func everyCorpusVerdictHoldsUnderMypy() throws {
    let run = try runPython([
      Repository.path("Scripts/python_source_diff.py"),
      streamTypesExecutable.path,
      Repository.path("Tests/StreamTypesCompilerTests/DiffCases"),
    ])
    #expect(run.status == 0, "\(run.output)")
    let cases = DiffCorpusTests.caseNames.count
    #expect(
      run.output.contains(
        "\(cases) of \(cases) cases: diff's Python source verdict holds under mypy --strict"
      ),
      "\(run.output)"
    )
    // Both verdicts occur: the check is not one-sided.
    #expect(run.output.contains("Python source breaks ("))
    #expect(run.output.contains("Python source compatible"))
  }
}
