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

/// A `dump` line without its `"offset":N,` member. Foundation's regular expressions rather
/// than `Regex`, which needs macOS 13 (the tests keep to the package's platform floors).
func withoutOffsetMember(_ line: Substring) -> String {
  line.replacingOccurrences(of: #""offset":\d+,"#, with: "", options: .regularExpression)
}

/// One run of the built `streamtypes`.
struct CommandRun {
  var status: Int32
  var stdout: [UInt8]
  var stderr: String

  var output: String { String(decoding: stdout, as: UTF8.self) }
}

/// The built `streamtypes`, next to the test bundle.
var streamTypesExecutable: URL {
  var directory = Bundle.main.bundleURL
  while directory.path != "/" {
    let candidate = directory.appendingPathComponent("streamtypes")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    directory.deleteLastPathComponent()
  }
  return Bundle.main.bundleURL.appendingPathComponent("streamtypes")
}

/// Runs the built `streamtypes` in the repository's root with `stdin` as its standard
/// input (empty by default). The streams go through files, so no pipe can fill up.
func runStreamTypes(_ arguments: [String], stdin: [UInt8] = []) throws -> CommandRun {
  let directory = try TemporaryDirectory()
  defer { directory.remove() }
  let input = directory.path("stdin")
  let output = directory.path("stdout")
  let errors = directory.path("stderr")
  try Data(stdin).write(to: URL(fileURLWithPath: input))
  for path in [output, errors] { try Data().write(to: URL(fileURLWithPath: path)) }
  let process = Process()
  process.executableURL = streamTypesExecutable
  process.arguments = arguments
  process.currentDirectoryURL = Repository.root
  process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
  process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
  process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
  try process.run()
  process.waitUntilExit()
  return CommandRun(
    status: process.terminationStatus,
    stdout: [UInt8](try Data(contentsOf: URL(fileURLWithPath: output))),
    stderr: try String(contentsOfFile: errors, encoding: .utf8)
  )
}

/// A fresh directory for one test's files.
struct TemporaryDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("streamtypes-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  func remove() { try? FileManager.default.removeItem(at: url) }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// Writes `bytes` to the file `name` and returns its path.
  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let path = path(name)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }
}

/// Runs `python3 ARGUMENTS` in the repository's root; standard output and error together.
func runPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
  try runTool(["python3"] + arguments)
}

/// Runs `ARGUMENTS` (a program found on the path, then its arguments) in the repository's
/// root; standard output and error together.
func runTool(_ arguments: [String]) throws -> (status: Int32, output: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = arguments
  process.currentDirectoryURL = Repository.root
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let output = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}
