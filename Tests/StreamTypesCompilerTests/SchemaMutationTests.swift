import Foundation
import Testing

@testable import StreamTypesCompiler

/// Hostile schema files: thousands of random edits of real schemas go through the whole
/// pipeline. Each run must end in diagnostics or in generated code, never in a crash, and
/// a run that reports no error must have produced a module and Swift for every file.
@Suite struct SchemaMutationTests {
  static func seedSchemas() throws -> [(String, [UInt8])] {
    var seeds: [(String, [UInt8])] = []
    for folder in [
      "Schemas", "Tests/GeneratedCodeTests", "Tests/StreamTypesCompilerTests/BrokenSchemas",
    ] {
      for path in try SchemaFiles.schemaPaths(in: [Repository.path(folder)]) {
        seeds.append(((path as NSString).lastPathComponent, try SchemaFiles.read(path)))
      }
    }
    return seeds
  }

  static let editsPerSeed = 150

  /// Fragments that tend to reach deep into the parser and checker.
  static let fragments: [String] = [
    ":", "-", "[", "]", "{", "}", "?", "<", ">", "\"", "'", "&a", "*a", "!!str ", "\t", "\n",
    "  ", "#", "list<", "map<", "[[", "default: ", "type: ", "fields: ", "enum: [", "item: ",
    "optional: true", "minimum: 1e400", "pattern: \"(\"", "Tree", "\u{0}", "é", "\u{FEFF}",
  ]

  @Test func randomEditsNeverCrashTheCompiler() throws {
    var generator = SystemRandomNumberGeneratorSeeded(seed: 0x5EED_2026)
    let seeds = try Self.seedSchemas()
    #expect(seeds.count > 40)
    var runs = 0
    var generated = 0
    for (name, original) in seeds {
      for _ in 0..<Self.editsPerSeed {
        var bytes = original
        for _ in 0..<(1 + Int(generator.next() % 4)) {
          let position = bytes.isEmpty ? 0 : Int(generator.next() % UInt64(bytes.count))
          switch generator.next() % 4 {
          case 0 where !bytes.isEmpty:
            bytes.removeSubrange(
              position..<min(bytes.count, position + 1 + Int(generator.next() % 8))
            )
          case 1:
            let fragment = Self.fragments[Int(generator.next() % UInt64(Self.fragments.count))]
            bytes.insert(contentsOf: Array(fragment.utf8), at: position)
          case 2 where !bytes.isEmpty:
            bytes[position] = UInt8(truncatingIfNeeded: generator.next())
          default:
            let start = bytes.isEmpty ? 0 : Int(generator.next() % UInt64(bytes.count))
            let end = min(bytes.count, start + Int(generator.next() % 40))
            bytes.insert(contentsOf: bytes[start..<end], at: position)
          }
        }
        let result = GeneratorPipeline.generate(
          [GeneratorPipeline.Input(path: name, contents: bytes)],
          access: .internal
        )
        runs += 1
        if result.hasErrors {
          #expect(result.outputs.isEmpty)
          #expect(result.diagnostics.allSatisfy { $0.location.file == name })
        } else {
          #expect(result.outputs.count == GeneratorConfiguration.defaultShards)
          generated += 1
        }
      }
    }
    #expect(runs == seeds.count * Self.editsPerSeed)
    // Some edits (inside comments or descriptions) leave a valid schema.
    #expect(generated > 0)
  }
}

/// A deterministic generator, so a failing edit can be replayed.
struct SystemRandomNumberGeneratorSeeded: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    var value = state
    value ^= value >> 33
    value = value &* 0xFF51_AFD7_ED55_8CCD
    return value ^ (value >> 33)
  }
}
