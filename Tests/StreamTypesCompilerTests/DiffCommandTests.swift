import Foundation
import StreamTypes
import Testing

@testable import StreamTypesCompiler

/// `streamtypes diff` as cli.md fixes it: exit 0 when nothing breaks in the directions
/// asked for, 1 when something does, 2 on usage or schema errors; `--json`, `--direction`,
/// `--stream` and `--against`.
@Suite struct DiffCommandTests {
  static func pair(_ name: String) -> [String] {
    ["old.yaml", "new.yaml"].map { "Tests/StreamTypesCompilerTests/DiffCases/\(name)/\($0)" }
  }

  @Test func nothingBreaksExitsZero() throws {
    let run = try runStreamTypes(["diff"] + Self.pair("field-added-optional"))
    #expect(run.status == 0)
    #expect(run.output.contains("field-added-optional: Entry gains the optional field 'text'"))
    #expect(
      run.output.hasSuffix(
        "1 change: 0 breaks, 0 may break, 1 compatible (old-writers, new-writers)\n"
      )
    )
  }

  @Test func aBreakExitsOneWithItsPlaceAndWitness() throws {
    let run = try runStreamTypes(["diff"] + Self.pair("field-added-required"))
    #expect(run.status == 1)
    let expected = try String(
      contentsOfFile: Repository.path(
        "Tests/StreamTypesCompilerTests/DiffCases/field-added-required/expected.txt"
      ),
      encoding: .utf8
    )
    // The corpus's text with the paths as given on the command line.
    let newPath = Self.pair("field-added-required")[1]
    #expect(run.output == expected.replacingOccurrences(of: "new.yaml:", with: "\(newPath):"))
  }

  @Test func directionDecidesTheExitStatus() throws {
    // An added enum value breaks only old readers of new writers' streams.
    let backward = try runStreamTypes(
      ["diff", "--direction", "old-writers"] + Self.pair("enum-value-added")
    )
    #expect(backward.status == 0)
    #expect(!backward.output.contains("new writers -> old readers"))
    let forward = try runStreamTypes(
      ["diff", "--direction", "new-writers"] + Self.pair("enum-value-added")
    )
    #expect(forward.status == 1)
    #expect(forward.output.contains("old reader: byte 0 (0x0), frame 0 (item)"))
  }

  @Test func mayBreakDoesNotFail() throws {
    let run = try runStreamTypes(["diff"] + Self.pair("pattern-changed-undecided"))
    #expect(run.status == 0)
    #expect(run.output.contains("may break (whether one pattern implies another is not decided)"))
  }

  @Test func jsonIsOneObjectWithTheFindings() throws {
    let run = try runStreamTypes(["diff", "--json"] + Self.pair("type-changed-string-int"))
    #expect(run.status == 1)
    let value = try JSONDecoder().decode(JSONValue.self, from: Data(run.stdout))
    guard case .object(let root) = value, case .array(let findings)? = root["findings"],
      case .object(let finding)? = findings.first
    else {
      Issue.record("not a report: \(run.output)")
      return
    }
    #expect(root["verdict"] == "breaks")
    #expect(finding["rule"] == "type-changed")
    #expect(finding["line"] == 7)
    guard case .object(let backward)? = finding["old-writers"],
      case .object(let witness)? = backward["witness"]
    else {
      Issue.record("no witness: \(run.output)")
      return
    }
    #expect(witness["lines"] == [#"{"kind":"item","value":{"value":""}}"#])
  }

  @Test func usageAndSchemaErrorsExitTwo() throws {
    let one = try runStreamTypes(["diff", Self.pair("no-change")[0]])
    #expect(one.status == 2)
    let broken = try runStreamTypes([
      "diff", Self.pair("no-change")[0],
      "Tests/StreamTypesCompilerTests/BrokenSchemas/bad-default-type.yaml",
    ])
    #expect(broken.status == 2)
    #expect(broken.stderr.contains("bad-default-type.yaml:"))
    let stream = try runStreamTypes(["diff", "--stream", "Nope"] + Self.pair("no-change"))
    #expect(stream.status == 2)
    #expect(stream.stderr.contains("neither version declares a stream 'Nope'"))
  }

  /// `--against REF` takes OLD from git for the same paths, in the current directory's
  /// repository.
  @Test func againstAGitRevision() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try FileManager.default.createDirectory(
      atPath: directory.path("schemas"),
      withIntermediateDirectories: true
    )
    let old = try String(
      contentsOfFile: Repository.path(Self.pair("enum-value-removed")[0]),
      encoding: .utf8
    )
    let new = try String(
      contentsOfFile: Repository.path(Self.pair("enum-value-removed")[1]),
      encoding: .utf8
    )
    _ = try directory.write("schemas/feed.yaml", Array(old.utf8))
    func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
      process.currentDirectoryURL = directory.url
      let output = directory.path("out-\(UUID().uuidString)")
      _ = FileManager.default.createFile(atPath: output, contents: nil)
      process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
      process.standardError = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      return (process.terminationStatus, try String(contentsOfFile: output, encoding: .utf8))
    }
    let git = "/usr/bin/env"
    #expect(try run(git, ["git", "init", "-q"]).0 == 0)
    #expect(try run(git, ["git", "add", "schemas"]).0 == 0)
    #expect(
      try run(
        git,
        ["git", "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-qm", "old"]
      ).0 == 0
    )
    let same = try run(streamTypesExecutable.path, ["diff", "--against", "HEAD", "schemas"])
    #expect(same.0 == 0)
    #expect(same.1 == "0 changes: 0 breaks, 0 may break, 0 compatible (old-writers, new-writers)\n")
    _ = try directory.write("schemas/feed.yaml", Array(new.utf8))
    let changed = try run(streamTypesExecutable.path, ["diff", "--against", "HEAD", "schemas"])
    #expect(changed.0 == 1)
    #expect(
      changed.1.hasPrefix(
        "schemas/feed.yaml:8:3: enum-value-removed: enum Kind loses the value \"c\""
      )
    )
    let missing = try run(
      streamTypesExecutable.path,
      ["diff", "--against", "no-such-revision", "schemas"]
    )
    #expect(missing.0 == 2)
  }
}
