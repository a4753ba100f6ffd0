import Foundation
@_spi(Generated) import StreamTypes
import Testing

@testable import StreamTypesCompiler

/// Soundness of "breaks": every witness of the corpus, and of the example schemas against
/// a breaking edit, is run through the schema-driven validator again, here: the frames are
/// the JSON lines shown, the writer's schema accepts them and the reader's rejects them
/// with exactly the error the finding states.
@Suite struct DiffWitnessTests {
  /// Checks one finding's witnesses; returns how many were checked.
  static func check(_ finding: DiffFinding, old: SchemaModule, new: SchemaModule) throws -> Int {
    var checked = 0
    for (direction, witness) in finding.witnesses {
      #expect(finding.verdict(direction) == .breaks)
      let (writer, reader) = direction == .oldWriters ? (old, new) : (new, old)
      let writerStream = try writer.stream(named: finding.stream)
      let readerStream = try reader.stream(named: finding.stream)
      if witness.format == .sse {
        try checkSSE(finding, witness, writer: writer, reader: reader)
        checked += 1
        continue
      }
      // The frames carry the lines' values, in order.
      var scanner = FrameScanner(
        declaresHeader: writerStream.header != nil,
        declaresFooter: writerStream.footer != nil,
        declaresError: writerStream.error != nil,
        format: .framed
      )
      scanner.append(witness.frames)
      var frames: [(FrameKind, JSONValue)] = []
      while let frame = try scanner.nextFrame() {
        frames.append(
          (frame.kind, try JSONDecoder().decode(JSONValue.self, from: Data(frame.payload)))
        )
      }
      #expect(frames.count == witness.lines.count)
      for ((kind, value), line) in zip(frames, witness.lines) {
        let shown = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
        #expect(shown == .object(["kind": .string("\(kind)"), "value": value]))
      }
      // Valid for the writer.
      #expect(
        WitnessSearch.validate(witness.frames, writer, writerStream) == nil,
        "\(finding.rule.rawValue): the witness is not valid for the writer"
      )
      // Rejected by the reader, with the stated error.
      let prefixes = ["header", "item", "footer"].map { "the \($0) frame alone: " }
      if let prefix = prefixes.first(where: { witness.readerError.hasPrefix($0) }) {
        let part = try #require(finding.place.split(separator: " ").first)
        let lone = StreamDefinition(
          name: readerStream.name,
          description: nil,
          header: part == "header" ? readerStream.header : nil,
          item: readerStream.item,
          footer: part == "footer" ? readerStream.footer : nil,
          error: part == "error" ? readerStream.error : nil,
          location: readerStream.location
        )
        let frame = try #require(frames.firstIndex { "\($0.0)" == part })
        var offsets: [Int] = [0]
        var scan = FrameScanner(
          declaresHeader: writerStream.header != nil,
          declaresFooter: writerStream.footer != nil,
          declaresError: writerStream.error != nil,
          format: .framed
        )
        scan.append(witness.frames)
        while try scan.nextFrame() != nil { offsets.append(scan.bytesConsumed) }
        let bytes = Array(witness.frames[offsets[frame]..<offsets[frame + 1]])
        let error = WitnessSearch.validate(bytes, reader, lone)
        #expect(error?.description == String(witness.readerError.dropFirst(prefix.count)))
        // The whole stream is rejected too (earlier, by another change).
        #expect(WitnessSearch.validate(witness.frames, reader, readerStream) != nil)
      } else {
        let error = WitnessSearch.validate(witness.frames, reader, readerStream)
        #expect(error?.description == witness.readerError, "\(finding.rule.rawValue)")
      }
      checked += 1
    }
    return checked
  }

  /// A server-sent event witness of a changed `sse` convention: the events carry the lines'
  /// values in the writer's conventions, the writer's validator accepts them, and the reader's
  /// rejects them with the stated error. An error stated "with only its KEY changed" is that
  /// of the writer's schema with only that convention taken from the reader's (the whole
  /// reader fails too, earlier, by another change).
  static func checkSSE(
    _ finding: DiffFinding,
    _ witness: DiffWitness,
    writer: SchemaModule,
    reader: SchemaModule
  ) throws {
    let writerStream = try writer.stream(named: finding.stream)
    let readerStream = try reader.stream(named: finding.stream)
    var scanner = FrameScanner(
      declaresHeader: writerStream.header != nil,
      declaresFooter: writerStream.footer != nil,
      declaresError: writerStream.error != nil,
      format: .sse,
      sse: writerStream.sse
    )
    scanner.append(witness.frames)
    var frames: [(FrameKind, JSONValue)] = []
    while let frame = try scanner.nextFrame() {
      frames.append(
        (frame.kind, try JSONDecoder().decode(JSONValue.self, from: Data(frame.payload)))
      )
    }
    try scanner.finish()
    #expect(frames.count == witness.lines.count)
    for ((kind, value), line) in zip(frames, witness.lines) {
      let shown = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
      #expect(shown == .object(["kind": .string("\(kind)"), "value": value]))
    }
    guard
      case .accepted(let written) = WitnessSearch.read(
        witness.frames,
        writer,
        writerStream,
        format: .sse
      )
    else {
      Issue.record("\(finding.message): the witness is not valid for the writer")
      return
    }
    #expect(written.count == frames.count)
    let whole = WitnessSearch.read(witness.frames, reader, readerStream, format: .sse)
    let error = try #require(whole.error, "\(finding.message): the reader accepts the witness")
    let key = try #require(finding.message.split(separator: " ").dropFirst(3).first)
    let prefix = WitnessSearch.onlyPrefix(String(key))
    if witness.readerError.hasPrefix(prefix) {
      let alone = try #require(
        WitnessSearch.stream(writerStream, with: String(key), of: readerStream)
      )
      let errorAlone = WitnessSearch.read(witness.frames, writer, alone, format: .sse).error
      #expect(errorAlone?.description == String(witness.readerError.dropFirst(prefix.count)))
    } else {
      #expect(error.description == witness.readerError, "\(finding.message)")
    }
  }

  @Test func everyCorpusWitnessIsCheckedByTheValidator() throws {
    var witnesses = 0
    var breaks = 0
    for caseName in DiffCorpusTests.caseNames {
      let (report, old, new) = try DiffCorpusTests.report(caseName)
      for finding in report.findings {
        witnesses += try Self.check(finding, old: old, new: new)
        // "breaks" is said only with a witness.
        for direction in DiffDirection.allCases where finding.verdict(direction) == .breaks {
          #expect(finding.witnesses[direction] != nil)
          breaks += 1
        }
      }
    }
    #expect(witnesses == breaks)
    #expect(witnesses > 40)
  }

  /// A witness the reader's validator accepts is never shown: a finding whose witness search
  /// fails says "may break".
  @Test func aBreakWithoutAWitnessIsOnlyMayBreak() throws {
    let old = try #require(
      GeneratorPipeline.check([
        .yaml(
          """
          streams:
            Feed:
              item: Entry
          types:
            Entry:
              fields:
                code: {type: string, pattern: "^a"}
          """,
          path: "old.yaml"
        )
      ]).module
    )
    let new = try #require(
      GeneratorPipeline.check([
        .yaml(
          """
          streams:
            Feed:
              item: Entry
          types:
            Entry:
              fields:
                code: {type: string, pattern: "^(a|b)"}
          """,
          path: "new.yaml"
        )
      ]).module
    )
    let report = SchemaDiff.compare(old: old, new: new)
    let finding = try #require(report.findings.first)
    #expect(finding.rule == .patternChanged)
    #expect(finding.verdict(.oldWriters) == .mayBreak)
    #expect(finding.witnesses.isEmpty)
    #expect(report.worst(DiffDirection.allCases) == .mayBreak)
  }
}
