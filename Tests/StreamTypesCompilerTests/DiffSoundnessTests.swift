import Foundation
@_spi(Generated) import StreamTypes
import Testing

@testable import StreamTypesCompiler

/// Soundness of "compatible": random edits of real schemas (the byte edits of
/// ``SchemaMutationTests`` and edits of the schema language's words and numbers). For
/// every edit that leaves a valid schema, `diff` compares the original with the edit;
/// whenever it says a direction is compatible, random valid streams of that direction's
/// writer must validate under its reader. Any counterexample fails the test, printed.
@Suite struct DiffSoundnessTests {
  static let editsPerSeed = 17
  static let streamsPerDirection = 100

  /// Swaps that tend to keep a schema valid while changing what it accepts.
  static let swaps: [(String, String)] = [
    ("int", "float"), ("float", "int"), ("string", "json"), ("int", "json"),
    (": string", ": string?"), (": int", ": int?"), ("?", ""), ("forbid", "ignore"),
    ("fields:", "additional_fields: forbid\n    fields:"), ("keep", "error"), ("error", "keep"),
    ("minimum", "maximum"), ("maximum", "minimum"), ("minimum", "exclusive_minimum"),
    ("min_length", "max_length"), ("max_length", "min_length"), ("min_items", "max_items"),
    ("max_items", "min_items"), ("float32", "float64"), ("optional: true", "optional: false"),
    ("datetime", "string"), ("bytes", "string"), ("[", "[x, "),
  ]

  /// The validator's verdict with its fast path on (`validate`'s), for speed; the fast path
  /// gives the full decoding's verdicts, as its own differential test holds it to.
  static func validate(
    _ bytes: [UInt8],
    _ module: SchemaModule,
    _ stream: StreamDefinition
  ) -> StreamError? {
    var validator = StreamValidator(module: module, stream: stream, keepsValues: false)
    validator.append(bytes)
    do {
      while try validator.next() != nil {}
      try validator.finish()
      return nil
    } catch {
      return error
    }
  }

  static func seeds() throws -> [(String, [UInt8])] {
    var seeds: [(String, [UInt8])] = []
    for path in try SchemaFiles.schemaPaths(in: [Repository.path("Schemas")]) {
      seeds.append(((path as NSString).lastPathComponent, try SchemaFiles.read(path)))
    }
    for caseName in DiffCorpusTests.caseNames {
      for side in ["old.yaml", "new.yaml"] {
        let path = "\(DiffCorpusTests.folder)/\(caseName)/\(side)"
        seeds.append(("\(caseName)-\(side)", try SchemaFiles.read(path)))
      }
    }
    return seeds
  }

  static func edit(
    _ original: [UInt8],
    _ random: inout SystemRandomNumberGeneratorSeeded
  ) -> [UInt8] {
    var bytes = original
    for _ in 0..<(1 + Int(random.next() % 3)) {
      var text = String(decoding: bytes, as: UTF8.self)
      switch random.next() % 5 {
      case 0:
        // A byte edit of the compiler's mutation test.
        let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
        let fragment = SchemaMutationTests.fragments[
          Int(random.next() % UInt64(SchemaMutationTests.fragments.count))
        ]
        bytes.insert(contentsOf: Array(fragment.utf8), at: position)
        continue
      case 1, 2:
        let (from, to) = swaps[Int(random.next() % UInt64(swaps.count))]
        // Foundation's search rather than `ranges(of:)`, which needs macOS 13.
        var ranges: [Range<String.Index>] = []
        var start = text.startIndex
        while let found = text.range(of: from, range: start..<text.endIndex) {
          ranges.append(found)
          start = found.upperBound
        }
        guard !ranges.isEmpty else { continue }
        text.replaceSubrange(ranges[Int(random.next() % UInt64(ranges.count))], with: to)
      case 3:
        // A number changed.
        let digits = text.indices.filter { text[$0].isNumber }
        guard !digits.isEmpty else { continue }
        let index = digits[Int(random.next() % UInt64(digits.count))]
        text.replaceSubrange(index...index, with: "\(random.next() % 10)")
      default:
        // A line removed or repeated.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 2 else { continue }
        let index = 1 + Int(random.next() % UInt64(lines.count - 1))
        if random.next() % 2 == 0 {
          lines.remove(at: index)
        } else {
          lines.insert(lines[index], at: index)
        }
        text = lines.joined(separator: "\n")
      }
      bytes = Array(text.utf8)
    }
    return bytes
  }

  @Test func compatibleDirectionsAcceptEveryRandomValidStreamOfTheWriter() throws {
    var random = SystemRandomNumberGeneratorSeeded(seed: 0xD1FF_2026)
    var edits = 0
    var comparedEdits = 0
    var compatibleDirections = 0
    var streamsChecked = 0
    var counterexamples: [String] = []
    var compatibleWithFindings = 0
    for (name, original) in try Self.seeds() {
      guard let before = GeneratorPipeline.check([.init(path: name, contents: original)]).module
      else { continue }
      for _ in 0..<Self.editsPerSeed {
        edits += 1
        let edited = Self.edit(original, &random)
        guard let after = GeneratorPipeline.check([.init(path: name, contents: edited)]).module
        else { continue }
        comparedEdits += 1
        let report = SchemaDiff.compare(old: before, new: after)
        for direction in DiffDirection.allCases where report.worst([direction]) == .compatible {
          let (writer, reader) = direction == .oldWriters ? (before, after) : (after, before)
          for stream in writer.streams {
            guard let readerStream = reader.streams.first(where: { $0.name == stream.name }) else {
              continue
            }
            compatibleDirections += 1
            if !report.findings.isEmpty { compatibleWithFindings += 1 }
            var streams = RandomStreams(module: writer, seed: random.next())
            var valid = 0
            var attempts = 0
            while valid < Self.streamsPerDirection && attempts < Self.streamsPerDirection * 3 {
              attempts += 1
              let frames = streams.stream(stream)
              let bytes = RandomStreams.bytes(frames)
              guard Self.validate(bytes, writer, stream) == nil else { continue }
              valid += 1
              streamsChecked += 1
              if let error = Self.validate(bytes, reader, readerStream) {
                let lines = frames.map { String(decoding: JSONWriter.encode($0.1), as: UTF8.self) }
                counterexamples.append(
                  """
                  \(name): \(direction.phrase) said compatible, but the reader rejects
                    \(lines.joined(separator: "\n  "))
                    error: \(error)
                  old:
                  \(String(decoding: original, as: UTF8.self))
                  new:
                  \(String(decoding: edited, as: UTF8.self))
                  findings:
                  \(report.text())
                  """
                )
                break
              }
            }
          }
        }
        if counterexamples.count >= 3 { break }
      }
      if counterexamples.count >= 3 { break }
    }
    #expect(counterexamples.isEmpty, "\(counterexamples.joined(separator: "\n----\n"))")
    print(
      "diff soundness: \(edits) random edits, \(comparedEdits) valid and compared, "
        + "\(compatibleDirections) compatible directions (\(compatibleWithFindings) with findings), "
        + "\(streamsChecked) valid streams checked"
    )
    #expect(comparedEdits > 500)
    #expect(streamsChecked > 10_000)
    #expect(compatibleWithFindings > 100)
  }
}
