/// An incremental decoder of the server-sent events format (`text/event-stream`): push bytes
/// in as they arrive, in chunks of any size, and take frames out as each event completes.
///
/// ```
/// event: item
/// data: {"id":0,"text":"hello"}
///
/// ```
///
/// Lines are read by the WHATWG HTML rules for interpreting an event stream: lines end in
/// CRLF, LF or CR (also when a CR ends one chunk and its LF starts the next); a byte order
/// mark at the start of the stream is skipped; `:` starts a comment (a keep-alive); a line
/// without a colon is a field name with an empty value; one space after the colon is not
/// part of the value; `data:` lines join with LF; `id:` (unless it contains NUL) and
/// `retry:` (ASCII digits) are kept in ``lastEventID`` and ``reconnectionTime``; other
/// fields are ignored; a blank line ends the event.
///
/// Each event becomes a ``Frame``: no `event:` field (or an empty one) or `event: item` is
/// an item, `event: header` and `event: footer` the others, `event: error` an error in
/// streams whose schema declares one; a stream's ``SSEConventions`` rename them, and an
/// event whose data is the conventions' ``SSEConventions/doneData`` is the end frame. Where the specification has a
/// client drop or guess, this decoder reports an error, since every part of a typed stream
/// carries one JSON object and losing one is losing data:
///
/// - an event with an `event:` name but no `data:` line is
///   ``StreamError/Code/eventWithoutData`` (an event with neither is skipped, as the
///   specification says; it can carry only `id:` or `retry:`);
/// - an `event:` name the conventions do not use is ``StreamError/Code/unknownFrameKind``;
/// - the end of input inside an event (after a field line, before the blank line) or inside
///   a line is ``StreamError/Code/truncatedEvent``;
/// - a line that is not UTF-8 is ``StreamError/Code/invalidUTF8``; the JSON checker applies
///   the same rule to the data, with the JSON path.
///
/// A frame's offset is where the event's first field line starts; comment lines before it
/// belong to no event. The order of header, items and footer is ``FrameOrder``'s job.
///
/// Memory stays bounded by the size limit plus a small allowance plus one chunk: the data is
/// checked against ``maxFrameBytes`` while its line is still arriving, any other line may
/// add only ``lineAllowance`` bytes to what the event buffers, and consumed lines are
/// dropped as they are read. After an error every call throws the same error.
public struct SSEDecoder: Sendable {
  /// The largest data an event may carry: its `data:` values joined with LF, in bytes.
  public let maxFrameBytes: Int

  /// How many bytes beyond ``maxFrameBytes`` an event may buffer for a line that is not a
  /// `data:` line (a comment, an `id:`, an `event:`): generous for any real field, and small
  /// enough that the bound holds.
  public static let lineAllowance = 4096

  /// The last `id:` value of the events taken out so far, as the specification keeps it for
  /// reconnecting with `Last-Event-ID`; empty until the stream sets one.
  public private(set) var lastEventID = ""

  /// The reconnection time, in milliseconds, that the stream's last valid `retry:` field
  /// asked for; nil when it asked for none.
  public private(set) var reconnectionTime: Int?

  private var buffer: [UInt8] = []
  /// The index in `buffer` of the first byte of the first line not yet read.
  private var head = 0
  /// Where the search for the current line's end resumes, so a long line arriving in small
  /// chunks is scanned once.
  private var scanFrom = 0
  /// How many bytes were dropped from the front of `buffer`, so that stream offsets survive
  /// compaction.
  private var dropped = 0
  /// The last line ended in CR: an LF right after it is part of that line end.
  private var afterCR = false
  private var checkedByteOrderMark = false
  private var nextIndex = 0
  private var failure: StreamError?

  // The event being read.
  private var eventStart: Int?
  private var eventName: String?
  private var data: [UInt8] = []
  private var hasData = false
  private var payloadOffset = 0
  private var payloadBreaks: [PayloadBreak] = []
  /// The specification's "last event ID buffer": set by `id:`, published at each blank line,
  /// not reset between events.
  private var lastEventIDBuffer = ""

  private static let lineFeed = UInt8(ascii: "\n")
  private static let carriageReturn = UInt8(ascii: "\r")
  private static let colon = UInt8(ascii: ":")
  private static let space = UInt8(ascii: " ")
  private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  /// The event names and end event of the stream being read.
  public let conventions: SSEConventions
  /// Whether the stream's schema declares an error part, whose event is then known.
  public let acceptsError: Bool
  private let doneData: [UInt8]?

  /// Creates a decoder whose events may carry at most `maxFrameBytes` of data, named by
  /// `conventions`.
  public init(
    maxFrameBytes: Int = 16 << 20,
    conventions: SSEConventions = .standard,
    acceptsError: Bool = false
  ) {
    self.maxFrameBytes = maxFrameBytes
    self.conventions = conventions
    self.acceptsError = acceptsError
    self.doneData = conventions.doneData.map { Array($0.utf8) }
  }

  /// The offset of the next event: where the event being read starts, or else where the
  /// next line starts.
  public var bytesConsumed: Int { eventStart ?? dropped + head }

  /// The number of frames (events) taken out so far.
  public var framesDecoded: Int { nextIndex }

  /// The allocated capacity of the line buffer and the data buffer, for tests of the
  /// memory bound.
  var bufferCapacity: Int { buffer.capacity + data.capacity }

  /// Adds bytes that arrived, in stream order. Bytes after an error are ignored.
  public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
    guard failure == nil else { return }
    compact()
    buffer.append(contentsOf: bytes)
  }

  private mutating func compact() {
    let removed = InputCompaction.compact(&buffer, head: &head)
    dropped += removed
    scanFrom = max(0, scanFrom - removed)
  }

  /// The next complete event as a frame, or nil when more bytes are needed.
  ///
  /// Lines are read as soon as they end, and the limits are checked on a line still
  /// arriving, so an oversized event fails before more of it is buffered.
  public mutating func nextFrame() throws(StreamError) -> Frame? {
    if let failure { throw failure }
    if !checkedByteOrderMark {
      let available = buffer.count - head
      let start = buffer[head..<head + min(available, 3)]
      if start.elementsEqual(Self.byteOrderMark.prefix(start.count)) {
        // Two bytes of a mark may be all that arrived so far.
        guard available >= 3 else { return nil }
        head += 3
        scanFrom = head
      }
      checkedByteOrderMark = true
    }
    while true {
      if afterCR {
        guard head < buffer.count else { return nil }
        afterCR = false
        if buffer[head] == Self.lineFeed {
          head += 1
          scanFrom = max(scanFrom, head)
        }
      }
      guard let end = lineEnd() else {
        try checkUnfinishedLine()
        return nil
      }
      let lineStart = dropped + head
      let line = buffer[head..<end]
      afterCR = buffer[end] == Self.carriageReturn
      head = end + 1
      scanFrom = head
      if let frame = try read(line, at: lineStart) { return frame }
    }
  }

  /// Reports an unfinished event at the end of input. Call it once the input has ended and
  /// ``nextFrame()`` has returned nil.
  ///
  /// An unfinished comment line and an unfinished event of only `id:`, `retry:` or unknown
  /// fields lose nothing and pass; an unfinished line of any other kind, or an event with
  /// data or an `event:` name but no blank line after it, is
  /// ``StreamError/Code/truncatedEvent`` at the event's first line.
  public mutating func finish() throws(StreamError) {
    if let failure { throw failure }
    if head < buffer.count {
      let lineStart = dropped + head
      guard buffer[head] == Self.colon else {
        throw fail(
          truncated(
            at: eventStart ?? lineStart,
            "the input ends inside a line, before its line end"
          )
        )
      }
      head = buffer.count
    }
    if let start = eventStart, hasData || !(eventName ?? "").isEmpty {
      throw fail(
        truncated(
          at: start,
          "the input ends inside the event, before the blank line that ends it"
        )
      )
    }
    resetEvent()
  }

  // MARK: Lines

  /// The index of the current line's CR or LF, or nil when it has not arrived.
  private mutating func lineEnd() -> Int? {
    let from = max(scanFrom, head)
    let found = buffer.withUnsafeBufferPointer { bytes -> Int? in
      var position = from
      while position < bytes.count {
        let byte = bytes[position]
        if byte == Self.lineFeed || byte == Self.carriageReturn { return position }
        position += 1
      }
      return nil
    }
    scanFrom = found ?? buffer.count
    return found
  }

  /// Applies the limits to the line still arriving, with the rules a complete line gets, so
  /// the verdict does not depend on where chunks split.
  private mutating func checkUnfinishedLine() throws(StreamError) {
    let count = buffer.count - head
    let lineStart = dropped + head
    // Five bytes tell a data line from any other; shorter lines are far below every limit.
    if count >= 5, buffer[head..<head + 5].elementsEqual("data:".utf8) {
      let hasSpace = count > 5 && buffer[head + 5] == Self.space
      try checkData(adding: count - (hasSpace ? 6 : 5), lineStart: lineStart)
    } else {
      try checkLine(count: count, lineStart: lineStart)
    }
  }

  /// Reads one complete line, without its line end; returns the event a blank line ends.
  private mutating func read(
    _ line: ArraySlice<UInt8>,
    at lineStart: Int
  ) throws(StreamError) -> Frame? {
    guard let first = line.first else { return try dispatch() }
    if first == Self.colon {
      try checkLine(count: line.count, lineStart: lineStart)
      try checkUTF8(line, lineStart: lineStart)
      return nil
    }
    let colon = line.firstIndex(of: Self.colon)
    let name = line[..<(colon ?? line.endIndex)]
    var valueStart = colon.map { $0 + 1 } ?? line.endIndex
    if valueStart < line.endIndex && line[valueStart] == Self.space { valueStart += 1 }
    let value = line[valueStart...]
    if eventStart == nil { eventStart = lineStart }

    if name.elementsEqual("data".utf8) {
      // The data is left to the JSON checker, which rejects invalid UTF-8 with its path.
      try checkData(adding: value.count, lineStart: lineStart)
      let valueOffset = lineStart + valueStart - line.startIndex
      if hasData {
        data.append(Self.lineFeed)
        recordBreak(PayloadBreak(payloadIndex: data.count, streamOffset: valueOffset))
      } else {
        hasData = true
        payloadOffset = valueOffset
      }
      data.append(contentsOf: value)
      return nil
    }
    try checkLine(count: line.count, lineStart: lineStart)
    try checkUTF8(line, lineStart: lineStart)
    if name.elementsEqual("event".utf8) {
      eventName = String(decoding: value, as: UTF8.self)
    } else if name.elementsEqual("id".utf8) {
      if !value.contains(0) { lastEventIDBuffer = String(decoding: value, as: UTF8.self) }
    } else if name.elementsEqual("retry".utf8) {
      if let milliseconds = Self.decimal(value) { reconnectionTime = milliseconds }
    }
    return nil
  }

  private mutating func recordBreak(_ lineBreak: PayloadBreak) {
    if payloadBreaks.count < PayloadBreak.maxTracked {
      payloadBreaks.append(lineBreak)
    } else if payloadBreaks.count == PayloadBreak.maxTracked {
      payloadBreaks.append(
        PayloadBreak(payloadIndex: lineBreak.payloadIndex, streamOffset: PayloadBreak.untracked)
      )
    }
  }

  /// A non-empty run of ASCII digits as a number; nil otherwise or when it overflows.
  private static func decimal(_ digits: ArraySlice<UInt8>) -> Int? {
    guard !digits.isEmpty else { return nil }
    var value = 0
    for byte in digits {
      guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
      let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
      if overflow1 || overflow2 { return nil }
      value = sum
    }
    return value
  }

  // MARK: Events

  /// Ends the event at a blank line: the frame, nothing for an event without fields or
  /// with neither data nor a name, or an error.
  private mutating func dispatch() throws(StreamError) -> Frame? {
    lastEventID = lastEventIDBuffer
    guard let start = eventStart else { return nil }
    let name = eventName ?? ""
    if let doneData, hasData, data.elementsEqual(doneData) {
      // The end of the stream, whatever the event's name.
      let frame = Frame(
        kind: .end,
        offset: start,
        index: nextIndex,
        payload: [],
        payloadOffset: payloadOffset
      )
      nextIndex += 1
      resetEvent()
      return frame
    }
    guard let kind = kind(named: name) else {
      let expected = conventions.expectedNames(declaresError: acceptsError)
      throw fail(
        StreamError(
          code: .unknownFrameKind,
          offset: start,
          frameIndex: nextIndex,
          expected: expected,
          found: JSONText.excerpt(name),
          message: "unknown event name \(JSONText.excerpt(name)); expected \(expected) (an event "
            + "without an event: field is an item)"
        )
      )
    }
    guard hasData else {
      if name.isEmpty {
        // Only id:, retry: or unknown fields: nothing to deliver, as the specification says.
        resetEvent()
        return nil
      }
      throw fail(
        StreamError(
          code: .eventWithoutData,
          offset: start,
          frameIndex: nextIndex,
          frameKind: kind,
          message: "the \(kind) event has no data: line; every header, item and footer "
            + "carries one JSON object"
        )
      )
    }
    var frame = Frame(
      kind: kind,
      offset: start,
      index: nextIndex,
      payload: data[...],
      payloadOffset: payloadOffset
    )
    frame.payloadBreaks = payloadBreaks
    frame.eventName = name
    nextIndex += 1
    resetEvent()
    return frame
  }

  private mutating func resetEvent() {
    eventStart = nil
    eventName = nil
    // A fresh array rather than a cleared one: the frame just returned keeps the old one.
    data = []
    hasData = false
    payloadBreaks = []
  }

  private func kind(named name: String) -> FrameKind? {
    conventions.kind(ofEventNamed: name, declaresError: acceptsError)
  }

  /// The event's kind as far as its lines so far tell: nil until an `event:` line names it.
  private var kindSoFar: FrameKind? {
    eventName.flatMap { $0.isEmpty ? nil : kind(named: $0) }
  }

  // MARK: Checks

  private mutating func checkData(adding count: Int, lineStart: Int) throws(StreamError) {
    let total = data.count + (hasData ? 1 : 0) + count
    guard total > maxFrameBytes else { return }
    throw tooLarge(
      lineStart: lineStart,
      "the event's data (its data: lines joined) is more than the limit of "
        + "\(maxFrameBytes) bytes"
    )
  }

  private mutating func checkLine(count: Int, lineStart: Int) throws(StreamError) {
    guard data.count + count > maxFrameBytes + Self.lineAllowance else { return }
    throw tooLarge(
      lineStart: lineStart,
      "the line at byte \(lineStart) is too long: an event may buffer its data "
        + "(at most \(maxFrameBytes) bytes) and \(Self.lineAllowance) bytes more"
    )
  }

  /// The `frameTooLarge` error of the event being read (or starting at `lineStart`).
  private mutating func tooLarge(lineStart: Int, _ message: String) -> StreamError {
    fail(
      StreamError(
        code: .frameTooLarge,
        offset: eventStart ?? lineStart,
        frameIndex: nextIndex,
        frameKind: kindSoFar,
        message: message
      )
    )
  }

  private mutating func checkUTF8(
    _ line: ArraySlice<UInt8>,
    lineStart: Int
  ) throws(StreamError) {
    if line.allSatisfy({ $0 < 0x80 }) { return }
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = line.makeIterator()
    var position = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar):
        position += scalar.count
      case .emptyInput:
        return
      case .error(let length):
        let start = line.startIndex + position
        let found = line[start..<start + length].map { Self.hex($0) }.joined(separator: " ")
        let byte = lineStart + position
        throw fail(
          StreamError(
            code: .invalidUTF8,
            offset: eventStart ?? lineStart,
            frameIndex: nextIndex,
            frameKind: kindSoFar,
            expected: "valid UTF-8",
            found: found,
            message: "invalid UTF-8 at byte \(byte) (0x\(String(byte, radix: 16))): \(found); "
              + "an event stream is UTF-8 text"
          )
        )
      }
    }
  }

  private static func hex(_ byte: UInt8) -> String {
    "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
  }

  private func truncated(at offset: Int, _ message: String) -> StreamError {
    StreamError(
      code: .truncatedEvent,
      offset: offset,
      frameIndex: nextIndex,
      frameKind: kindSoFar,
      message: message
    )
  }

  private mutating func fail(_ error: StreamError) -> StreamError {
    failure = error
    // The buffered bytes can never be used again; let them go.
    buffer = []
    head = 0
    scanFrom = 0
    data = []
    return error
  }
}
