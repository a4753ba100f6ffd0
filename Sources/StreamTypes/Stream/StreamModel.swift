/// A model of a stream-type schema: the type of a header, item or footer, or of a value
/// nested in one. Generated code conforms every model to it.
///
/// Models have two encodings with the same JSON: `Codable`, for `JSONEncoder` and other
/// coders, and ``JSONWritable``, which the stream writer uses because it keeps the
/// declaration order of fields (as pydantic does) and skips `JSONEncoder`'s overhead.
public protocol StreamModel: Codable, Hashable, Sendable, JSONWritable, PayloadDecodable {
  /// Checks the model's constraints and throws the first violation, with its path.
  ///
  /// - Parameters:
  ///   - path: where this value sits in the payload; violations are reported below it. It
  ///     is built only when a check fails, so valid values cost no path allocations.
  ///   - deep: also validate nested models. Decoders pass `false`, because nested
  ///     models validated themselves as they were decoded.
  func validate(at path: @autoclosure () -> JSONPath, deep: Bool) throws

  /// Whether `writeJSON(to:)` checks the model's constraints, and those of the models in
  /// it, with `JSONWriter.check(_:)` as it writes them. Generated models do, so the
  /// stream writer walks a value once, and calls `validate` only for the error of a value
  /// whose writing broke a constraint. Other conformances are validated before they are
  /// written; the default is false.
  static var checksConstraintsWhileWriting: Bool { get }
}

extension StreamModel {
  @inlinable public static var checksConstraintsWhileWriting: Bool { false }
}

extension StreamModel {
  /// Checks every constraint of this value and of the values nested in it.
  @inlinable
  public func validate() throws {
    try validate(at: .root, deep: true)
  }
}

/// An enum of a stream-type schema: a string on the wire, one of a fixed list of values.
/// Generated enums conform to it.
public protocol StreamEnum: RawRepresentable, CaseIterable, Codable, Hashable, Sendable,
  JSONWritable, PayloadDecodable
where RawValue == String {}

/// Describes one stream: its item type and, when the schema declares them, its header and
/// footer types. Generated code declares one caseless enum per stream that conforms to it.
///
/// A stream without a header uses `Never` as its `Header`, and likewise for the footer; the
/// reader and writer offer `readHeader()`/`yieldHeader(_:)` only for streams that conform
/// to ``StreamSchemaWithHeader`` (and the footer methods only for
/// ``StreamSchemaWithFooter``), so using a part the schema does not declare is a compile
/// error.
public protocol StreamSchema: Sendable {
  associatedtype Header: Sendable = Never
  associatedtype Item: StreamModel
  associatedtype Footer: Sendable = Never
  /// The type of the typed error a producer may send instead of the rest of the stream;
  /// `Never` for streams whose schema declares no `error` part.
  associatedtype ErrorPart: Sendable = Never

  /// The stream's name in the schema.
  static var name: String { get }
  /// Whether a header must be the first frame.
  static var declaresHeader: Bool { get }
  /// Whether a footer must be the last frame.
  static var declaresFooter: Bool { get }
  /// Whether an error frame may end the stream.
  static var declaresError: Bool { get }
  /// How the stream's parts are named as server-sent events (the schema's `sse` section).
  static var sse: SSEConventions { get }
}

extension StreamSchema {
  public static var declaresHeader: Bool { false }
  public static var declaresFooter: Bool { false }
  public static var declaresError: Bool { false }
  public static var sse: SSEConventions { .standard }
}

/// A stream whose schema declares a header.
public protocol StreamSchemaWithHeader: StreamSchema where Header: StreamModel {}

extension StreamSchemaWithHeader {
  public static var declaresHeader: Bool { true }
}

/// A stream whose schema declares a footer.
public protocol StreamSchemaWithFooter: StreamSchema where Footer: StreamModel {}

extension StreamSchemaWithFooter {
  public static var declaresFooter: Bool { true }
}

/// A stream whose schema declares an `error` part: a typed error that a producer sends
/// instead of the rest of the stream. Writers offer `yieldError(_:)`; readers throw
/// ``ProducerError`` carrying the value, and ``StreamReader/events()`` yields it.
public protocol StreamSchemaWithError: StreamSchema where ErrorPart: StreamModel {}

extension StreamSchemaWithError {
  public static var declaresError: Bool { true }
}

/// A tagged union of a schema: generated unions conform, so that a stream whose items are
/// named by their tags (`item_event: discriminator`) can write and check those names.
public protocol StreamUnion: StreamModel {
  /// The value of the union's discriminator: the member's tag, or an unknown member's.
  var tag: String { get }
}
