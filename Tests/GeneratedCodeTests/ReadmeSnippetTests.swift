import ExampleSchemas
import Foundation
import StreamTypes
import Testing

/// README.md's Swift snippets are the regions of ReadmeSnippets.swift, which this suite
/// builds and runs.
@Suite struct ReadmeSnippetTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The regions `// snippet: NAME` ... `// end-snippet` of ReadmeSnippets.swift, without
  /// the indentation they share.
  static func regions() throws -> [String: String] {
    let source = try String(
      contentsOf: root.appendingPathComponent("Tests/GeneratedCodeTests/ReadmeSnippets.swift"),
      encoding: .utf8
    )
    var regions: [String: String] = [:]
    var name: String?
    var lines: [Substring] = []
    for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.drop { $0 == " " }
      if let current = name {
        if trimmed == "// end-snippet" {
          let indent =
            lines.filter { !$0.isEmpty }
            .map { $0.prefix { $0 == " " }.count }.min() ?? 0
          regions[current] = lines.map { String($0.dropFirst(indent)) }.joined(separator: "\n")
          name = nil
          lines = []
        } else {
          lines.append(line)
        }
      } else if trimmed.hasPrefix("// snippet: ") {
        name = String(trimmed.dropFirst("// snippet: ".count))
      }
    }
    return regions
  }

  /// The README's Swift blocks that follow a `<!-- snippet: NAME -->` line.
  static func readmeBlocks() throws -> [(name: String, code: String)] {
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
    var blocks: [(name: String, code: String)] = []
    var index = 0
    while index < lines.count {
      let line = lines[index]
      index += 1
      guard line.hasPrefix("<!-- snippet: "), line.hasSuffix(" -->") else { continue }
      let name = String(line.dropFirst("<!-- snippet: ".count).dropLast(" -->".count))
      guard index < lines.count, lines[index] == "```swift" else {
        Issue.record("README: the snippet marker for '\(name)' is not followed by ```swift")
        continue
      }
      index += 1
      var code: [Substring] = []
      while index < lines.count, lines[index] != "```" {
        code.append(lines[index])
        index += 1
      }
      index += 1
      blocks.append((name, code.joined(separator: "\n")))
    }
    return blocks
  }

  @Test func everyReadmeSnippetIsTheCodeTheTestsBuild() throws {
    let regions = try Self.regions()
    let blocks = try Self.readmeBlocks()
    #expect(regions.count == 6)
    #expect(Set(blocks.map(\.name)) == Set(regions.keys), "README and ReadmeSnippets.swift")
    for block in blocks {
      #expect(
        block.code == regions[block.name],
        """
        README's snippet '\(block.name)' differs from ReadmeSnippets.swift; run \
        python3 Scripts/sync_readme_snippets.py
        """
      )
    }
  }

  static let header = TranscriptionHeader(model: "whisper", language: "en", sampleRate: 16000)
  static let segments = [
    Segment(
      id: 0,
      start: 0,
      end: 0.75,
      text: "hello",
      speaker: .agent,
      words: [Word(word: "hello", start: 0, end: 0.75, confidence: 0.9)],
      tags: [:]
    ),
    Segment(id: 1, start: 0.75, end: 1.5, text: "world", speaker: nil, words: [], tags: [:]),
  ]
  static let summary = TranscriptionSummary(
    durationSec: 1.5,
    languages: ["en"],
    segments: 2,
    finishedAt: Date(timeIntervalSince1970: 1_795_514_400)
  )

  static func chunks(_ bytes: [UInt8], size: Int = 5) -> AsyncStream<[UInt8]> {
    AsyncStream { continuation in
      for start in stride(from: 0, to: bytes.count, by: size) {
        continuation.yield(Array(bytes[start..<min(start + size, bytes.count)]))
      }
      continuation.finish()
    }
  }

  @Test(arguments: [WireFormat.framed, .sse])
  func theWriteAndReadSnippetsRoundTrip(format: WireFormat) async throws {
    let bytes = try readmeWrite(
      header: Self.header,
      segments: Self.segments,
      summary: Self.summary,
      format: format
    )
    let (header, segments, summary) = try await readmeRead(Self.chunks(bytes), format: format)
    #expect(header == Self.header)
    #expect(segments == Self.segments)
    #expect(summary == Self.summary)
    if format == .framed {  // the errors snippet reads frames
      #expect(await readmeErrors(Self.chunks(bytes)) == nil)
    }
  }

  @Test func theErrorsSnippetReportsTheOffsetAndPath() async throws {
    var writer = Transcription.Writer()
    let headerFrame = try writer.yieldHeader(Self.header)
    let payload =
      #"{"id":0,"start":0,"end":1,"text":"x","#
      + #""words":[{"word":"x","start":0,"end":1,"confidence":1.5}]}"#
    let bytes = headerFrame + WireFormat.framed.encode(.item, payload: Array(payload.utf8))
    let report = try #require(await readmeErrors(Self.chunks(bytes, size: 3)))
    #expect(report.offset == headerFrame.count)
    #expect(report.path == "$.words[0].confidence")
    #expect(report.description.contains("frame 1 (item)"))
    #expect(report.description.contains("expected number <= 1.0, found 1.5"))
  }

  @Test func theProviderSnippetReadsTheAnthropicCapture() async throws {
    let capture = [UInt8](
      try Data(
        contentsOf: URL(fileURLWithPath: repositoryPath("Examples/Streams/anthropic-messages.sse"))
      )
    )
    let read = try await readmeProvider(
      AsyncStream { continuation in
        continuation.yield(capture)
        continuation.finish()
      }
    )
    #expect(read.text == "Hello!")
    #expect(read.unknown.isEmpty)
    #expect(read.failure == nil)
    // A producer that fails half way: the typed error reaches the snippet's catch.
    var writer = AnthropicMessages.Writer(format: .sse)
    let failed =
      try writer.yieldHeader(ProviderStreamTests.start)
      + writer.yieldItem(ProviderStreamTests.hello)
      + writer.yieldItem(
        .unknown(tag: "citation_added", json: .object(["type": .string("citation_added")]))
      )
      + writer.yieldError(ProviderStreamTests.overloaded)
    let partial = try await readmeProvider(
      AsyncStream { continuation in
        continuation.yield(failed)
        continuation.finish()
      }
    )
    #expect(partial.text == "Hello")
    #expect(partial.unknown == ["citation_added"])
    #expect(partial.failure == "Overloaded")
  }

  @Test func theValidateSnippetChecksNestedModels() throws {
    try readmeValidate(Self.segments[0])
    var broken = Self.segments[0]
    broken.words[0].confidence = 2
    #expect(throws: (any Error).self) { try readmeValidate(broken) }
  }

  @Test func theCodableSnippetWritesRFC3339AndNull() throws {
    let json = try readmeCodable(Self.summary)
    #expect(json.contains(#""finished_at":"2026-11-24T10:00:00Z""#))
    let header = try JSONEncoder().encode(
      TranscriptionHeader(model: "m", language: nil, sampleRate: 8000)
    )
    #expect(String(decoding: header, as: UTF8.self).contains(#""language":null"#))
  }
}
