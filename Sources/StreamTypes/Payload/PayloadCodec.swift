/// Where a payload sits in a stream, for the errors its decoding or encoding reports.
public struct PayloadLocation: Sendable, Hashable {
  /// The offset of the frame (or event) that carries the payload.
  public var offset: Int
  /// The frame's 0-based index.
  public var frameIndex: Int?
  /// The frame's kind.
  public var frameKind: FrameKind?
  /// The stream offset of the payload's first byte, when the payload's place in the stream
  /// is known; syntax errors then also name the exact byte.
  public var payloadOffset: Int?
  /// Where the lines of an SSE payload after the first start; see ``Frame/payloadOffset``.
  var payloadBreaks: [PayloadBreak] = []

  public init(offset: Int, frameIndex: Int?, frameKind: FrameKind?, payloadOffset: Int? = nil) {
    self.offset = offset
    self.frameIndex = frameIndex
    self.frameKind = frameKind
    self.payloadOffset = payloadOffset
  }

  /// The location of a frame's (or an SSE event's) payload.
  public init(_ frame: Frame) {
    self.init(
      offset: frame.offset,
      frameIndex: frame.index,
      frameKind: frame.kind,
      payloadOffset: frame.payloadOffset
    )
    payloadBreaks = frame.payloadBreaks
  }

  /// The stream offset of the payload's byte at `index`, when the payload's place in the
  /// stream is known. A joining LF of an SSE payload maps to the line end it stands for.
  func streamOffset(ofPayloadByte index: Int) -> Int? {
    guard let payloadOffset else { return nil }
    // The last break at or before `index` starts the line that holds it.
    guard let line = payloadBreaks.last(where: { $0.payloadIndex <= index }) else {
      return payloadOffset + index
    }
    guard line.streamOffset != PayloadBreak.untracked else { return nil }
    return line.streamOffset + index - line.payloadIndex
  }
}

/// Decoding and encoding of one payload: a JSON object of a model.
///
/// Decoding checks the syntax strictly (``JSONChecker``) and then decodes with the runtime's
/// own decoder, which reports every type error with its JSON path; generated models check
/// their constraints as they decode. Encoding validates the value (generated models as
/// they are written, others first) and writes compact JSON with ``JSONWriter``: fields in
/// declaration order, map keys sorted, `/` unescaped and `null` for nil, as pydantic's
/// `model_dump_json()` does.
public enum PayloadCodec {
  /// Decodes a payload, or throws ``StreamError/Code/invalidJSON`` or
  /// ``StreamError/Code/invalidPayload`` located at `location`.
  public static func decode<Model: Decodable>(
    _ type: Model.Type,
    from payload: ArraySlice<UInt8>,
    limits: StreamLimits = StreamLimits(),
    at location: PayloadLocation
  ) throws(StreamError) -> Model {
    try withTape(payload, limits: limits, at: location) { tape in
      try tape.decode(type, at: 0, codingPath: [])
    }
  }

  /// Decodes a payload as a type that decodes straight from the payload, such as a
  /// generated model; acceptance and errors are those of its `Decodable` conformance.
  public static func decode<Model: Decodable & PayloadDecodable>(
    _ type: Model.Type,
    from payload: ArraySlice<UInt8>,
    limits: StreamLimits = StreamLimits(),
    at location: PayloadLocation
  ) throws(StreamError) -> Model {
    try withTape(payload, limits: limits, at: location) { tape in
      try Model(payload: PayloadValue(tape: tape, index: 0))
    }
  }

  /// Decodes a payload as a type that decodes straight from the payload, recording its tape
  /// in the arrays of `storage` and leaving them there: for a reader decoding one frame
  /// after another without allocating a tape's arrays for each.
  static func decode<Model: Decodable & PayloadDecodable>(
    _ type: Model.Type,
    from payload: ArraySlice<UInt8>,
    limits: StreamLimits,
    at location: PayloadLocation,
    reusing storage: inout TapeStorage
  ) throws(StreamError) -> Model {
    try withTape(payload, limits: limits, at: location, reusing: &storage) { tape in
      try Model(payload: PayloadValue(tape: tape, index: 0))
    }
  }

  /// Decodes a payload held in any collection of bytes.
  public static func decode<Model: Decodable>(
    _ type: Model.Type,
    from payload: some Collection<UInt8>,
    limits: StreamLimits = StreamLimits(),
    at location: PayloadLocation
  ) throws(StreamError) -> Model {
    try decode(type, from: ArraySlice(payload), limits: limits, at: location)
  }

  /// Decodes a payload with `body`, which reads the value from a `Decoder` positioned at
  /// the payload's root. Checks and errors are those of `decode(_:from:limits:at:)` for a
  /// `Decodable` type; the schema-driven validator uses this to apply a schema it only knows
  /// at run time.
  public static func decode<Value>(
    from payload: ArraySlice<UInt8>,
    limits: StreamLimits = StreamLimits(),
    at location: PayloadLocation,
    with body: (any Decoder) throws -> Value
  ) throws(StreamError) -> Value {
    try withTape(payload, limits: limits, at: location) { tape in
      try body(TapeDecoder(tape: tape, index: 0, codingPath: []))
    }
  }

  /// Checks the payload's JSON into a tape, then reads it with `body`; syntax errors become
  /// `invalidJSON`, everything `body` throws becomes `invalidPayload`.
  private static func withTape<Value>(
    _ payload: ArraySlice<UInt8>,
    limits: StreamLimits,
    at location: PayloadLocation,
    _ body: (PayloadTape) throws -> Value
  ) throws(StreamError) -> Value {
    var storage = TapeStorage()
    return try withTape(payload, limits: limits, at: location, reusing: &storage, body)
  }

  private static func withTape<Value>(
    _ payload: ArraySlice<UInt8>,
    limits: StreamLimits,
    at location: PayloadLocation,
    reusing storage: inout TapeStorage,
    _ body: (PayloadTape) throws -> Value
  ) throws(StreamError) -> Value {
    let tape: PayloadTape
    do {
      tape = try PayloadTape(payload, maxDepth: limits.maxDepth, reusing: &storage)
    } catch {
      throw invalidJSON(error, at: location)
    }
    do {
      return try body(tape)
    } catch {
      var failure = invalidPayload(error, at: location)
      // The faulting value's place, found on the tape from the error's path.
      if failure.code == .invalidPayload, failure.faultOffset == nil, let path = failure.path {
        failure.faultOffset = location.streamOffset(ofPayloadByte: tape.offset(of: path))
      }
      throw failure
    }
  }

  /// Validates `value` with all its nested models and encodes it as compact JSON with
  /// ``JSONWriter``.
  public static func encode<Model: StreamModel>(
    _ value: Model,
    at location: PayloadLocation
  ) throws(StreamError) -> [UInt8] {
    try encode(value, at: location, after: 0, reservingCapacity: 256)
  }

  /// A frame of `kind` carrying `value`, validated and encoded: the tag, then the JSON,
  /// in one buffer.
  @inlinable
  static func encodeFrame<Model: StreamModel>(
    _ kind: FrameKind,
    _ value: Model,
    at location: PayloadLocation,
    reservingCapacity capacity: Int
  ) throws(StreamError) -> [UInt8] {
    let tagSize = FrameDecoder.tagSize
    var bytes = try encode(value, at: location, after: tagSize, reservingCapacity: capacity)
    let length = bytes.count - tagSize
    guard length <= Int(UInt32.max) else { throw frameTooLarge(length, at: location) }
    let size = UInt32(length)
    bytes[0] = kind.rawValue
    bytes[1] = UInt8(truncatingIfNeeded: size >> 24)
    bytes[2] = UInt8(truncatingIfNeeded: size >> 16)
    bytes[3] = UInt8(truncatingIfNeeded: size >> 8)
    bytes[4] = UInt8(truncatingIfNeeded: size)
    return bytes
  }

  @usableFromInline
  static func frameTooLarge(_ length: Int, at location: PayloadLocation) -> StreamError {
    StreamError(
      code: .frameTooLarge,
      offset: location.offset,
      frameIndex: location.frameIndex,
      frameKind: location.frameKind,
      message: "the payload is \(length) bytes; a frame holds at most \(UInt32.max)"
    )
  }

  /// Validates `value` and writes its JSON after `prefixSize` zero bytes, which the caller
  /// fills in (such as a frame's tag), so that a frame needs a single buffer.
  @inlinable
  static func encode<Model: StreamModel>(
    _ value: Model,
    at location: PayloadLocation,
    after prefixSize: Int,
    reservingCapacity capacity: Int
  ) throws(StreamError) -> [UInt8] {
    // Generated models check their constraints as they are written (see
    // `StreamModel.checksConstraintsWhileWriting`); the others first.
    if !Model.checksConstraintsWhileWriting {
      do {
        try value.validate()
      } catch {
        throw invalidPayload(error, at: location)
      }
    }
    var unwritable = false
    var brokeConstraint = false
    func write(into writer: inout JSONWriter) {
      for _ in 0..<prefixSize { writer.append(raw: CollectionOfOne(0)) }
      value.writeJSON(to: &writer)
      unwritable = writer.hasUnwritableValue
      brokeConstraint = writer.hasBrokenConstraint
    }
    let bytes: [UInt8]
    if capacity <= stackBufferSize {
      // Written on the stack, then copied into an array of the exact size: cheaper than
      // writing into the array's own storage, whose allocation looks up the array type's
      // metadata each time, and the stack is always in cache. The writer moves to the heap
      // when the buffer fills.
      bytes = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: stackBufferSize) {
        buffer in
        var writer = JSONWriter(writingInto: buffer)
        write(into: &writer)
        return writer.bytes
      }
    } else {
      // Written straight into the array's storage when it fits there (the caller reserves
      // about the size of the last frame); else into the writer's own growing buffer,
      // copied out at the end.
      var overflow: [UInt8]?
      let direct = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initializedCount in
        var writer = JSONWriter(writingInto: buffer)
        write(into: &writer)
        if writer.isWritingInto(buffer) {
          initializedCount = writer.count
        } else {
          overflow = writer.bytes
          initializedCount = 0
        }
      }
      bytes = overflow ?? direct
    }
    if brokeConstraint { throw brokenConstraint(in: value, at: location) }
    if unwritable { throw unwritableValue(in: value, at: location) }
    return bytes
  }

  /// The error for a value whose writing broke a constraint: the first violation
  /// `validate` finds, as when it runs first.
  @usableFromInline
  static func brokenConstraint(
    in value: some StreamModel,
    at location: PayloadLocation
  ) -> StreamError {
    do {
      try value.validate()
    } catch {
      return invalidPayload(error, at: location)
    }
    // Not reached: the checks made while writing are those of `validate`.
    let violation = SchemaViolation(
      path: .root,
      expected: "a value that meets its schema's constraints",
      found: "one that broke a constraint as it was written"
    )
    return invalidPayload(violation, at: location)
  }

  /// The error for a value the writer flagged as having no JSON text.
  @usableFromInline
  static func unwritableValue(
    in value: some StreamModel,
    at location: PayloadLocation
  ) -> StreamError {
    let violation =
      NonFiniteNumberFinder.find(in: value)
      ?? SchemaViolation(
        path: .root,
        expected: "a value JSON can hold: a finite number, a date-time in years 0000-9999",
        found: "a NaN, an infinity or a date outside those years"
      )
    return invalidPayload(violation, at: location)
  }

  /// The size of the stack buffer frames are written in when the caller expects them to
  /// fit (larger ones are written into their array's storage).
  @usableFromInline static var stackBufferSize: Int { 1024 }

  static func invalidJSON(_ error: JSONSyntaxError, at location: PayloadLocation) -> StreamError {
    var message = "the \(location.frameKind?.description ?? "payload") is not valid JSON"
    if let byte = location.streamOffset(ofPayloadByte: error.payloadOffset) {
      message += " at byte \(byte) (0x\(String(byte, radix: 16)))"
    } else {
      message += " at byte \(error.payloadOffset) of its payload"
    }
    message += ": \(error.path): \(error.message)"
    return StreamError(
      code: .invalidJSON,
      offset: location.offset,
      frameIndex: location.frameIndex,
      frameKind: location.frameKind,
      path: error.path,
      expected: error.expected,
      found: error.found,
      message: message,
      faultOffset: location.streamOffset(ofPayloadByte: error.payloadOffset)
    )
  }

  /// Maps what a model's decoding, validation or encoding threw to
  /// ``StreamError/Code/invalidPayload``.
  @usableFromInline
  static func invalidPayload(_ error: any Error, at location: PayloadLocation) -> StreamError {
    let violation: SchemaViolation
    switch error {
    case let error as SchemaViolation:
      violation = error
    case let error as DecodingError:
      violation = SchemaViolation(decodingError: error)
    case EncodingError.invalidValue(_, let context):
      violation =
        context.underlyingError as? SchemaViolation
        ?? SchemaViolation(
          path: JSONPath(codingPath: context.codingPath),
          expected: "a value that can be encoded as JSON",
          found: context.debugDescription
        )
    case let error as StreamError:
      return error
    default:
      violation = SchemaViolation(path: .root, expected: "a valid value", found: "\(error)")
    }
    return StreamError.invalidPayload(
      violation,
      offset: location.offset,
      frameIndex: location.frameIndex,
      frameKind: location.frameKind
    )
  }
}
