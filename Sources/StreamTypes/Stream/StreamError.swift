import Foundation

/// Everything a ``StreamReader`` or ``StreamWriter`` reports about a stream: broken framing,
/// frames in the wrong order, payloads that are not JSON or do not fit their model, and
/// misuse of the reader or writer.
///
/// Every error says where it happened in bytes, so the text alone finds the place in a hex
/// dump:
///
/// ```
/// byte 180 (0xb4), frame 5 (item), at byte 250 (0xfa): $.words[2].score: expected <= 1, found 2
/// ```
///
/// ``offset`` is where the frame starts; for a payload error, ``faultOffset`` is the byte
/// where the payload goes wrong (the value that breaks its schema, or the first byte that
/// is not valid JSON).
public struct StreamError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What kind of problem the error is.
  ///
  /// A struct with a constant per code rather than an enum, so that new codes can be added
  /// without breaking a caller's `switch` (which needs a `default:`), as swift-nio does
  /// with its error codes. `rawValue` is the code's name, as `--json` output writes it.
  public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    /// The input ended inside a frame's 5-byte tag.
    public static let truncatedTag = Code(rawValue: "truncatedTag")
    /// The input ended inside a frame's payload.
    public static let truncatedPayload = Code(rawValue: "truncatedPayload")
    /// A frame announced a payload longer than the limit, or a server-sent event's data (or
    /// one of its lines) outgrew it.
    public static let frameTooLarge = Code(rawValue: "frameTooLarge")
    /// A kind byte that is not header, item, footer or end (or error, in streams that declare
    /// one), or a server-sent event named other than the stream's conventions allow.
    public static let unknownFrameKind = Code(rawValue: "unknownFrameKind")
    /// An end frame with a non-empty payload.
    public static let invalidEndFrame = Code(rawValue: "invalidEndFrame")
    /// Bytes after an end frame.
    public static let dataAfterEnd = Code(rawValue: "dataAfterEnd")
    /// A header frame in a stream whose schema declares no header.
    public static let unexpectedHeader = Code(rawValue: "unexpectedHeader")
    /// A header frame that is not the first frame, or a second header.
    public static let misplacedHeader = Code(rawValue: "misplacedHeader")
    /// A stream whose schema declares a header does not start with one.
    public static let missingHeader = Code(rawValue: "missingHeader")
    /// A footer frame in a stream whose schema declares no footer.
    public static let unexpectedFooter = Code(rawValue: "unexpectedFooter")
    /// A frame after the footer.
    public static let frameAfterFooter = Code(rawValue: "frameAfterFooter")
    /// A stream whose schema declares a footer ended without one.
    public static let missingFooter = Code(rawValue: "missingFooter")
    /// A payload that is not valid JSON, or not a JSON object.
    public static let invalidJSON = Code(rawValue: "invalidJSON")
    /// A payload that does not fit its model: a wrong type, a missing field, a value outside
    /// an enum or a constraint.
    public static let invalidPayload = Code(rawValue: "invalidPayload")
    /// A writer used out of order: an item before the declared header, anything after the
    /// footer, a second header, or a stream finished without its declared footer.
    public static let outOfOrderWrite = Code(rawValue: "outOfOrderWrite")
    /// A reader used out of order, such as `readItems()` before `readHeader()`.
    public static let readerMisuse = Code(rawValue: "readerMisuse")
    /// The input of a server-sent event stream ended inside an event (after a field line,
    /// before the blank line that dispatches it) or inside a line.
    public static let truncatedEvent = Code(rawValue: "truncatedEvent")
    /// A server-sent event named header, item or footer that has no `data:` line.
    public static let eventWithoutData = Code(rawValue: "eventWithoutData")
    /// A line of a server-sent event stream that is not valid UTF-8. (Invalid UTF-8 in a
    /// payload is ``invalidJSON``, as in the framed format.)
    public static let invalidUTF8 = Code(rawValue: "invalidUTF8")
    /// A frame (or event) after the producer's error frame, which ends the stream.
    public static let frameAfterError = Code(rawValue: "frameAfterError")
    /// With `item_event: discriminator`, an item event whose name is not its item's tag.
    public static let eventNameMismatch = Code(rawValue: "eventNameMismatch")
    /// A server-sent event stream whose schema declares `done_data` ended without it: the
    /// stream was cut short.
    public static let missingEnd = Code(rawValue: "missingEnd")
  }

  public var code: Code
  /// The byte offset in the stream where the offending frame (or server-sent event) starts,
  /// or the stream's length when the problem is found at the end of input with no frame
  /// begun. For a writer, the
  /// offset the rejected frame would have had.
  public var offset: Int
  /// For ``Code/invalidJSON`` and ``Code/invalidPayload`` errors of a payload read from a
  /// stream: the stream offset of the faulting byte, the first byte of the value that breaks
  /// its schema (for a missing field, of the object that lacks it) or the byte where the
  /// JSON goes wrong. Nil when the payload's place in the stream is unknown (a payload
  /// being written, or decoded from bytes that are not in a stream).
  public var faultOffset: Int?
  /// The 0-based index of the offending frame (or server-sent event), when there is one.
  public var frameIndex: Int?
  /// The offending frame's kind; nil when there is no frame or its kind byte is unknown.
  public var frameKind: FrameKind?
  /// Where in the payload the problem is, for ``Code/invalidJSON`` and
  /// ``Code/invalidPayload``.
  public var path: JSONPath?
  /// What the schema or the JSON grammar asks for, e.g. `number <= 1`.
  public var expected: String?
  /// What the stream had instead, e.g. `1.5`.
  public var found: String?
  /// A short sentence saying what went wrong.
  public var message: String

  public init(
    code: Code,
    offset: Int,
    frameIndex: Int? = nil,
    frameKind: FrameKind? = nil,
    path: JSONPath? = nil,
    expected: String? = nil,
    found: String? = nil,
    message: String,
    faultOffset: Int? = nil
  ) {
    self.code = code
    self.offset = offset
    self.faultOffset = faultOffset
    self.frameIndex = frameIndex
    self.frameKind = frameKind
    self.path = path
    self.expected = expected
    self.found = found
    self.message = message
  }

  /// The location followed by the details: where the frame starts, then, for a payload
  /// error, the faulting byte, e.g. `byte 1234 (0x4d2), frame 5 (item), at byte 1290
  /// (0x50a): $.words[2].confidence: expected number <= 1, found 1.5`.
  public var description: String {
    var text = Self.byte(offset)
    if let frameIndex {
      text += ", frame \(frameIndex)"
      if let frameKind { text += " (\(frameKind))" }
    }
    if code == .invalidPayload, let path, let expected, let found {
      if let faultOffset { text += ", at " + Self.byte(faultOffset) }
      return text + ": \(path): expected \(expected), found \(found)"
    }
    // A syntax error's message names the faulting byte itself.
    return text + ": " + message
  }

  /// `byte 1290 (0x50a)`.
  static func byte(_ offset: Int) -> String {
    "byte \(offset) (0x\(String(offset, radix: 16)))"
  }
}

// MARK: - Payload errors

extension StreamError {
  /// A ``Code/invalidPayload`` error for a value that breaks its schema.
  public static func invalidPayload(
    _ violation: SchemaViolation,
    offset: Int,
    frameIndex: Int?,
    frameKind: FrameKind?,
    faultOffset: Int? = nil
  ) -> StreamError {
    StreamError(
      code: .invalidPayload,
      offset: offset,
      frameIndex: frameIndex,
      frameKind: frameKind,
      path: violation.path,
      expected: violation.expected,
      found: violation.found,
      message: "the \(frameKind?.description ?? "payload") does not fit its schema: \(violation)",
      faultOffset: faultOffset
    )
  }

  /// A ``Code/invalidPayload`` error for a `DecodingError`, in the words of the schema
  /// (`integer`, `object`) rather than of Swift's types.
  public static func invalidPayload(
    _ error: DecodingError,
    offset: Int,
    frameIndex: Int?,
    frameKind: FrameKind?
  ) -> StreamError {
    invalidPayload(
      SchemaViolation(decodingError: error),
      offset: offset,
      frameIndex: frameIndex,
      frameKind: frameKind
    )
  }
}

extension DecodingError {
  /// The context every case carries.
  fileprivate var context: Context? {
    switch self {
    case .typeMismatch(_, let context), .valueNotFound(_, let context),
      .keyNotFound(_, let context), .dataCorrupted(let context):
      context
    @unknown default: nil
    }
  }
}

extension SchemaViolation {
  /// The violation a `DecodingError` describes. The runtime's own decoder attaches an exact
  /// violation as the underlying error; other decoders only say which type they wanted, and
  /// what they found is recovered from their debug description where it is recognizable.
  init(decodingError error: DecodingError) {
    if let violation = error.context?.underlyingError as? SchemaViolation {
      self = violation
      return
    }
    switch error {
    case .typeMismatch(let type, let context):
      self.init(
        path: JSONPath(codingPath: context.codingPath),
        expected: Self.schemaName(of: type),
        found: Self.foundKind(in: context.debugDescription)
      )
    case .valueNotFound(let type, let context):
      self.init(
        path: JSONPath(codingPath: context.codingPath),
        expected: Self.schemaName(of: type),
        found: "null"
      )
    case .keyNotFound(let key, let context):
      self.init(
        path: JSONPath(codingPath: context.codingPath).appending(key: key.stringValue),
        expected: "a value for required field \(JSONText.quoted(key.stringValue))",
        found: "nothing (the key is absent)"
      )
    case .dataCorrupted(let context):
      self.init(
        path: JSONPath(codingPath: context.codingPath),
        expected: "a valid value",
        found: context.debugDescription
      )
    @unknown default:
      self.init(path: .root, expected: "a valid value", found: "\(error)")
    }
  }

  /// The schema's name for what a Swift type decodes from.
  static func schemaName(of type: Any.Type) -> String {
    switch type {
    case is any BinaryInteger.Type: return "integer"
    case is any BinaryFloatingPoint.Type: return "number"
    case is String.Type, is Character.Type, is Substring.Type: return "string"
    case is Bool.Type: return "boolean"
    default: break
    }
    let name = String(describing: type)
    if name.hasPrefix("Array<") || name.hasPrefix("[") || name.contains("UnkeyedDecodingContainer")
    {
      return "array"
    }
    if name.hasPrefix("Dictionary<") || name.contains("KeyedDecodingContainer") {
      return "object"
    }
    return name
  }

  /// Foundation's decoders say `... but found a string instead.`; keep only the kind.
  static func foundKind(in debugDescription: String) -> String {
    let kinds: [(String, String)] = [
      ("found a string", "string"), ("found number", "number"), ("found a number", "number"),
      ("found bool", "boolean"), ("found a bool", "boolean"), ("found a dictionary", "object"),
      ("found an array", "array"), ("found null", "null"), ("found a null", "null"),
    ]
    for (phrase, kind) in kinds where debugDescription.contains(phrase) { return kind }
    return "a value of another type"
  }
}

extension StreamError: LocalizedError {
  /// The same text as ``description``, so `localizedDescription` says what went wrong and
  /// where instead of Foundation's "The operation could not be completed".
  public var errorDescription: String? { description }
}
