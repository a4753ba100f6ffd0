import ArgumentParser
import Foundation
import StreamTypes
import StreamTypesCompiler

struct EncodeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "encode",
    abstract: "Encode JSON Lines from standard input as a stream on standard output.",
    discussion: """
      Reads lines {"kind":"header"|"item"|"footer"|"error","value":{...}} (other keys, \
      such as dump's "offset", are ignored), checks each value against its model and the \
      order of the parts, and writes the encoded stream: frames, or server-sent events with \
      --format sse, named by the stream's sse section and ended by its done_data. The \
      inverse of dump.
      """
  )

  @OptionGroup var options: StreamOptions

  func run() throws {
    let (module, stream) = try options.loadStream()
    let encoder = LineEncoder(
      module: module,
      stream: stream,
      format: options.format.formatForWriting,
      limits: options.limits
    )
    let input = try ByteInput(path: "-")
    var pending: [UInt8] = []
    var lineNumber = 0
    let output = FileHandle.standardOutput
    do {
      var encoderState = encoder
      func encodeLine(_ line: ArraySlice<UInt8>) throws {
        lineNumber += 1
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        output.write(Data(try encoderState.encode(line: line, number: lineNumber)))
      }
      while let chunk = try input.next() {
        pending.append(contentsOf: chunk)
        var lineStart = pending.startIndex
        while let newline = pending[lineStart...].firstIndex(of: 0x0A) {
          try encodeLine(pending[lineStart..<newline])
          lineStart = newline + 1
        }
        pending.removeFirst(lineStart)
        // A line may be as long as the largest frame plus its envelope, not longer.
        if pending.count > options.maxFrameBytes + 4096 {
          throw LineEncoder.Failure(
            line: lineNumber + 1,
            message: "the line is longer than the frame limit of \(options.maxFrameBytes) bytes"
          )
        }
      }
      if !pending.isEmpty { try encodeLine(pending[...]) }
      output.write(Data(try encoderState.finish(lines: lineNumber)))
    } catch let failure as LineEncoder.Failure {
      StandardError.print("standard input:\(failure.line): error: \(failure.message)")
      throw ExitStatus.invalidInput
    }
  }
}

/// Turns dump-style JSON Lines into frames or server-sent events, checking values and order
/// as a writer does.
struct LineEncoder {
  struct Failure: Error {
    var line: Int
    var message: String
  }

  private enum LineKey: String, CodingKey {
    case kind
    case value
  }

  let stream: StreamDefinition
  let interpreter: SchemaInterpreter
  let format: WireFormat
  let limits: StreamLimits
  private var order: FrameOrder
  private var offset = 0
  private var index = 0

  init(
    module: SchemaModule,
    stream: StreamDefinition,
    format: WireFormat = .framed,
    limits: StreamLimits
  ) {
    self.stream = stream
    self.interpreter = SchemaInterpreter(module: module)
    self.format = format
    self.limits = limits
    self.order = FrameOrder(
      declaresHeader: stream.header != nil,
      declaresFooter: stream.footer != nil,
      declaresError: stream.error != nil
    )
    itemUnion = module.taggedItemUnion(of: stream, format: format)
  }

  /// For items named by their tags: the item union, whose discriminator gives the name.
  private let itemUnion: UnionDefinition?
  private var wroteError = false

  mutating func encode(line: ArraySlice<UInt8>, number: Int) throws(Failure) -> [UInt8] {
    let stream = self.stream
    let interpreter = self.interpreter
    let itemUnion = self.itemUnion
    let decoded: (FrameKind, DynamicValue, tag: String?)
    do {
      decoded = try PayloadCodec.decode(
        from: line,
        limits: limits,
        at: PayloadLocation(offset: offset, frameIndex: index, frameKind: nil)
      ) { decoder in
        let container = try decoder.container(keyedBy: LineKey.self)
        let kindName = try container.decode(String.self, forKey: .kind)
        let kind: FrameKind
        let model: String?
        switch kindName {
        case "header": (kind, model) = (.header, stream.header)
        case "item": (kind, model) = (.item, stream.item)
        case "footer": (kind, model) = (.footer, stream.footer)
        case "error": (kind, model) = (.error, stream.error)
        default:
          throw SchemaViolation(
            path: JSONPath.root.appending(key: "kind"),
            expected: #"one of "header", "item", "footer", "error""#,
            found: JSONText.excerpt(kindName)
          )
        }
        guard let model else {
          throw SchemaViolation(
            path: JSONPath.root.appending(key: "kind"),
            expected: "a part that stream '\(stream.name)' declares",
            found: "\"\(kindName)\""
          )
        }
        let valueDecoder = try container.superDecoder(forKey: .value)
        let value = try interpreter.decodeModel(model, from: valueDecoder)
        var tag: String?
        if kind == .item, let itemUnion { tag = try itemUnion.tag(in: valueDecoder) }
        return (kind, value, tag)
      }
    } catch {
      throw Failure(line: number, message: Self.describe(error))
    }
    do {
      try order.accept(decoded.0, offset: offset, index: index)
    } catch {
      throw Failure(line: number, message: error.message)
    }
    let payload = JSONWriter.encode(decoded.1)
    guard payload.count <= limits.maxFrameBytes, payload.count <= Int(UInt32.max) else {
      throw Failure(line: number, message: "the payload is larger than the frame limit")
    }
    let frame = format.encode(decoded.0, payload: payload, sse: stream.sse, tag: decoded.tag)
    if decoded.0 == .error { wroteError = true }
    offset += frame.count
    index += 1
    return frame
  }

  /// Checks the end of the parts and returns the bytes that end the stream: the `done_data`
  /// event of a server-sent events stream that declares one, unless an error ended it.
  mutating func finish(lines: Int) throws(Failure) -> [UInt8] {
    do {
      try order.finish(streamLength: offset)
    } catch {
      throw Failure(line: lines, message: error.message)
    }
    return wroteError ? [] : format.endOfStream(sse: stream.sse)
  }

  /// An error's text without the byte offset, which means nothing for a line of input.
  /// Paths inside the value are shown relative to the payload, as `validate` shows them.
  private static func describe(_ error: StreamError) -> String {
    if var path = error.path, let expected = error.expected, let found = error.found {
      if path.components.first == .key("value") { path.components.removeFirst() }
      return "\(path): expected \(expected), found \(found)"
    }
    return error.message
  }
}
