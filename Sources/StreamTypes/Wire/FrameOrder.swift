/// The order rules of a stream: at most one header, first; then items; then at most one
/// footer, last; then optionally an end frame, and nothing after it. A stream whose schema
/// declares an error part may end, at any point before its footer, with one error frame,
/// after which nothing may follow; one whose end is required (server-sent events with a
/// `done_data` sentinel) is truncated without it.
///
/// Feed it every frame's kind as the frame arrives and it throws at the first frame that
/// breaks the schema's header and footer declarations, so a broken stream fails there rather
/// than at its end. Zero items is valid.
public struct FrameOrder: Sendable {
  public let declaresHeader: Bool
  public let declaresFooter: Bool
  /// Whether an error frame may end the stream.
  public let declaresError: Bool
  /// The end frame the stream must end with, as messages name it (a server-sent
  /// `done_data` event: `data: [DONE]`); nil when the end of input ends the stream.
  public let requiredEnd: String?

  private var framesSeen = 0
  private var sawError = false
  private var sawHeader = false
  private var sawFooter = false
  private var sawEnd = false

  /// The number of item frames accepted so far.
  public private(set) var itemCount = 0

  public init(
    declaresHeader: Bool,
    declaresFooter: Bool,
    declaresError: Bool = false,
    requiredEnd: String? = nil
  ) {
    self.declaresHeader = declaresHeader
    self.declaresFooter = declaresFooter
    self.declaresError = declaresError
    self.requiredEnd = requiredEnd
  }

  /// Accepts the next frame, or throws if its kind may not come next.
  public mutating func accept(_ kind: FrameKind, offset: Int, index: Int) throws(StreamError) {
    func error(_ code: StreamError.Code, _ message: String) -> StreamError {
      StreamError(code: code, offset: offset, frameIndex: index, frameKind: kind, message: message)
    }
    if sawError {
      throw error(
        .frameAfterError,
        "\(kind.withArticle) frame after the error frame; nothing may follow an error"
      )
    }
    if sawEnd {
      throw error(
        .dataAfterEnd,
        "\(kind.withArticle) frame after the end frame; nothing may follow it"
      )
    }
    if sawFooter && kind != .end {
      throw error(
        .frameAfterFooter,
        "\(kind.withArticle) frame after the footer; the footer must be the last frame"
      )
    }
    // A kind the schema does not have at all is reported before where it stands.
    if kind == .header && !declaresHeader {
      throw error(.unexpectedHeader, "a header frame, but the stream's schema declares no header")
    }
    if kind == .footer && !declaresFooter {
      throw error(.unexpectedFooter, "a footer frame, but the stream's schema declares no footer")
    }
    if kind == .error && !declaresError {
      throw error(
        .unknownFrameKind,
        "an error frame, but the stream's schema declares no error part"
      )
    }
    // A producer may fail before its header.
    if declaresHeader && !sawHeader && kind != .header && kind != .error {
      throw error(
        .missingHeader,
        "the stream starts with \(kind.withArticle) frame, but its schema declares a header, "
          + "which must "
          + "be the first frame"
      )
    }
    switch kind {
    case .header:
      if sawHeader || framesSeen > 0 {
        throw error(
          .misplacedHeader,
          sawHeader
            ? "a second header frame; a stream has at most one header"
            : "a header frame after other frames; the header must be the first frame"
        )
      }
      sawHeader = true
    case .item:
      itemCount += 1
    case .footer:
      sawFooter = true
    case .end:
      if declaresFooter && !sawFooter {
        throw error(
          .missingFooter,
          "an end frame before the footer the stream's schema declares"
        )
      }
      sawEnd = true
    case .error:
      sawError = true
    }
    framesSeen += 1
  }

  /// Checks the rules that the end of input settles: a declared header and footer must have
  /// arrived. `streamLength` is the offset reported, since no frame is at fault.
  public mutating func finish(streamLength: Int) throws(StreamError) {
    // An error ends the stream wherever it stands.
    if sawEnd || sawError { return }
    if declaresHeader && !sawHeader {
      throw StreamError(
        code: .missingHeader,
        offset: streamLength,
        message: "the stream ends before the header its schema declares"
      )
    }
    if declaresFooter && !sawFooter {
      throw StreamError(
        code: .missingFooter,
        offset: streamLength,
        message: "the stream ends without the footer its schema declares"
      )
    }
    if let requiredEnd {
      throw StreamError(
        code: .missingEnd,
        offset: streamLength,
        message: "the stream ends without its closing \(requiredEnd); it was cut short"
      )
    }
  }
}

extension FrameKind {
  /// "a header", "an item": the kind with its article, for messages.
  var withArticle: String {
    self == .item || self == .end || self == .error ? "an \(self)" : "a \(self)"
  }
}
