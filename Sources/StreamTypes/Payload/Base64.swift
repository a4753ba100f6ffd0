// Base64 (RFC 4648) for the schema's `bytes` and the `data_b64` of `ndarray`, straight
// between byte buffers: no intermediate `String` or `Data`, linear time, and output sizes
// computed from the input length before anything is written.

/// Base64 encoding and decoding (RFC 4648).
///
/// Two ways of reading, each the rule of one wire form:
///
/// - ``Reading/eitherAlphabet`` is what pydantic 2 accepts for `bytes` under
///   `val_json_bytes="base64"` (pydantic-core tries the URL-safe alphabet, then the standard
///   one, both with padding optional). Checked against pydantic 2.13 by running it:
///   - the standard (`+/`) or the URL-safe (`-_`) alphabet, but not both in one string;
///   - padding is optional, and may be partial: after a final group of 2 characters, 0, 1
///     or 2 `=`; after 3 characters, 0 or 1; after a complete group, none; `=` anywhere else
///     is an error;
///   - a final group of a single character is an error;
///   - the unused low bits of the last character must be zero (`QR==` is an error);
///   - no whitespace or line breaks anywhere, no other character; the empty string is the
///     empty byte string.
///
///   Acceptance is exactly pydantic's. The index an error names may differ: for mixed
///   alphabets pydantic names the first character foreign to the standard alphabet, this
///   names the first character foreign to the alphabet chosen by the first `+/-_`; for a
///   lone final character followed by `=` it names the character, pydantic the `=`.
/// - ``Reading/standardPadded`` is canonical standard base64 with padding, what Python's
///   `base64.b64encode` writes for `ndarray`'s `data_b64`. Truss's reader
///   (`base64.b64decode`, not validating) also skips characters outside the alphabet and
///   ignores anything after the first padding; those inputs, which no writer produces and
///   which can silently change the data, are errors here, as are non-zero unused bits.
enum Base64 {
  enum Alphabet: Sendable {
    /// `+` and `/`, what `data_b64` is written in.
    case standard
    /// `-` and `_`, what pydantic writes `bytes` in.
    case urlSafe
  }

  enum Reading: Sendable {
    case eitherAlphabet
    case standardPadded
  }

  /// Why a text is not base64: the reason and the (byte) index of the character it names,
  /// which is also its index in characters, since every character before it is ASCII.
  struct Failure: Error, Hashable, Sendable {
    enum Reason: Hashable, Sendable {
      /// Not a base64 character (whitespace included).
      case notBase64
      /// `-` or `_` in standard base64.
      case notStandard
      /// A character of the other alphabet than the one at `firstIndex`.
      case mixedAlphabets(firstIndex: Int)
      /// `=` before the end, after a complete group, or more `=` than the group needs.
      case misplacedPadding
      /// The end of the text where padding is required (the index is the text's length).
      case missingPadding
      /// A final group of one character, which encodes no whole byte.
      case loneFinalCharacter
      /// The last character's unused low bits are not zero.
      case nonZeroTrailingBits
    }

    var reason: Reason
    var index: Int
  }

  // MARK: Encoding

  /// The length of the base64 text of `count` bytes, with padding.
  static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

  /// Writes the base64 text of `bytes`, with padding, at `target`, which has room for
  /// `encodedCount(bytes.count)` bytes.
  static func encode(
    _ bytes: UnsafeRawBufferPointer,
    alphabet: Alphabet,
    into target: UnsafeMutablePointer<UInt8>
  ) {
    let symbols: StaticString =
      alphabet == .standard
      ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
      : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    let table = symbols.utf8Start
    let count = bytes.count
    guard count > 0, let source = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
      return
    }
    var input = 0
    var output = 0
    while input &+ 3 <= count {
      let group =
        UInt32(source[input]) << 16 | UInt32(source[input &+ 1]) << 8 | UInt32(source[input &+ 2])
      target[output] = table[Int(group >> 18)]
      target[output &+ 1] = table[Int(group >> 12 & 63)]
      target[output &+ 2] = table[Int(group >> 6 & 63)]
      target[output &+ 3] = table[Int(group & 63)]
      input &+= 3
      output &+= 4
    }
    let rest = count &- input
    if rest > 0 {
      let group = UInt32(source[input]) << 16 | (rest == 2 ? UInt32(source[input &+ 1]) << 8 : 0)
      target[output] = table[Int(group >> 18)]
      target[output &+ 1] = table[Int(group >> 12 & 63)]
      target[output &+ 2] = rest == 2 ? table[Int(group >> 6 & 63)] : UInt8(ascii: "=")
      target[output &+ 3] = UInt8(ascii: "=")
    }
  }

  /// Appends the base64 text of `bytes`, with padding, to `writer`, as it is: the caller
  /// writes the quotes (base64 needs no escaping).
  static func encode(
    _ bytes: UnsafeRawBufferPointer,
    alphabet: Alphabet,
    to writer: inout JSONWriter
  ) {
    let length = encodedCount(bytes.count)
    writer.reserve(length)
    encode(bytes, alphabet: alphabet, into: writer.base + writer.used)
    writer.used &+= length
  }

  /// The base64 text of `bytes`, with padding, as bytes.
  static func encode(_ bytes: UnsafeRawBufferPointer, alphabet: Alphabet) -> [UInt8] {
    var text: [UInt8] = []
    encode(bytes, alphabet: alphabet, appendingTo: &text)
    return text
  }

  /// Appends the base64 text of `bytes`, with padding, to `text`.
  static func encode(
    _ bytes: UnsafeRawBufferPointer,
    alphabet: Alphabet,
    appendingTo text: inout [UInt8]
  ) {
    let length = encodedCount(bytes.count)
    guard length > 0 else { return }
    let start = text.count
    text.append(contentsOf: repeatElement(0, count: length))
    text.withUnsafeMutableBufferPointer { buffer in
      encode(bytes, alphabet: alphabet, into: buffer.baseAddress! + start)
    }
  }

  // MARK: Decoding

  /// Each byte's value (low 6 bits) with flags: 0x40 for `+` and `/` (standard only), 0x80
  /// for `-` and `_` (URL-safe only), both (0xFF) for anything that is not a symbol.
  private static let decodeTable: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    for (value, symbol) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
      .utf8.enumerated()
    {
      table[Int(symbol)] = UInt8(value)
    }
    table[Int(UInt8(ascii: "+"))] = 62 | 0x40
    table[Int(UInt8(ascii: "/"))] = 63 | 0x40
    table[Int(UInt8(ascii: "-"))] = 62 | 0x80
    table[Int(UInt8(ascii: "_"))] = 63 | 0x80
    return table
  }()

  /// The number of bytes `text` decodes to, from its length and final padding alone, or
  /// the failure (see ``failure(in:reading:)``) when those already make it invalid.
  static func decodedCount(
    _ text: UnsafeBufferPointer<UInt8>,
    reading: Reading
  ) -> Result<Int, Failure> {
    let (body, padding) = split(text)
    let groupRest = body % 4
    let allowedPadding: (least: Int, most: Int) =
      switch (groupRest, reading) {
      case (0, _): (0, 0)
      case (2, .eitherAlphabet): (0, 2)
      case (3, .eitherAlphabet): (0, 1)
      case (2, .standardPadded): (2, 2)
      case (3, .standardPadded): (1, 1)
      default: (1, 0)  // A lone final character: never valid.
      }
    guard padding >= allowedPadding.least && padding <= allowedPadding.most else {
      return .failure(failure(in: text, reading: reading))
    }
    return .success(body / 4 * 3 + (groupRest == 0 ? 0 : groupRest - 1))
  }

  /// The length of `text` without its final `=`s, and their number.
  private static func split(_ text: UnsafeBufferPointer<UInt8>) -> (body: Int, padding: Int) {
    var body = text.count
    while body > 0 && text[body - 1] == UInt8(ascii: "=") { body -= 1 }
    return (body, text.count - body)
  }

  /// `decodeTable` for each position in a group of four: the value shifted into place
  /// (18, 12, 6 or 0 bits up) and the flags in the top byte, so that a group is the OR of
  /// four loads and the flags of every character accumulate in that byte.
  private static let groupTables: [UInt32] = {
    var tables = [UInt32](repeating: 0, count: 4 * 256)
    for byte in 0..<256 {
      let entry = UInt32(decodeTable[byte])
      let flags = (entry & 0xC0) << 24
      for position in 0..<4 {
        tables[position * 256 + byte] = flags | (entry & 63) << (18 - 6 * UInt32(position))
      }
    }
    return tables
  }()

  /// Decodes `text` into `target`, which has room for exactly the count
  /// ``decodedCount(_:reading:)`` gave, or returns why it is not base64. On failure the
  /// target's bytes are unspecified (but initialized).
  static func decode(
    _ text: UnsafeBufferPointer<UInt8>,
    reading: Reading,
    into target: UnsafeMutableRawPointer
  ) -> Failure? {
    let (body, _) = split(text)
    guard let source = text.baseAddress else { return nil }
    let output = target.assumingMemoryBound(to: UInt8.self)
    let wholeGroups = body / 4
    var flags: UInt32 = 0
    groupTables.withUnsafeBufferPointer { tables in
      let t0 = tables.baseAddress!
      let t1 = t0 + 256
      let t2 = t0 + 512
      let t3 = t0 + 768
      var input = 0
      var written = 0
      for _ in 0..<wholeGroups {
        let group =
          t0[Int(source[input])] | t1[Int(source[input &+ 1])] | t2[Int(source[input &+ 2])]
          | t3[Int(source[input &+ 3])]
        flags |= group
        output[written] = UInt8(truncatingIfNeeded: group >> 16)
        output[written &+ 1] = UInt8(truncatingIfNeeded: group >> 8)
        output[written &+ 2] = UInt8(truncatingIfNeeded: group)
        input &+= 4
        written &+= 3
      }
      let rest = body &- input
      if rest >= 2 {
        let last = rest == 3 ? t2[Int(source[input &+ 2])] : 0
        let group = t0[Int(source[input])] | t1[Int(source[input &+ 1])] | last
        flags |= group
        output[written] = UInt8(truncatingIfNeeded: group >> 16)
        if rest == 3 { output[written &+ 1] = UInt8(truncatingIfNeeded: group >> 8) }
        // The unused low bits of the last character must be zero.
        let unused = rest == 2 ? group & 0xF000 : group & 0xC0
        if unused != 0 { flags = 0xC000_0000 }
      }
    }
    let invalid =
      reading == .eitherAlphabet
      ? flags & 0xC000_0000 == 0xC000_0000 : flags & 0x8000_0000 != 0
    return invalid ? failure(in: text, reading: reading) : nil
  }

  /// The bytes of `text`, or why it is not base64.
  static func decode(
    _ text: UnsafeBufferPointer<UInt8>,
    reading: Reading
  ) -> Result<
    [UInt8], Failure
  > {
    switch decodedCount(text, reading: reading) {
    case .failure(let failure): return .failure(failure)
    case .success(let count):
      var failure: Failure?
      // Only the empty text decodes to no bytes.
      guard count > 0 else { return .success([]) }
      let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        failure = decode(text, reading: reading, into: UnsafeMutableRawPointer(buffer.baseAddress!))
        initialized = count
      }
      return failure.map { .failure($0) } ?? .success(bytes)
    }
  }

  /// The first reason `text` is not base64 under `reading`, or nil when it is: a bad
  /// character first, in text order, then the shape of the end (lone character, padding),
  /// then unused bits. The slow, exact check behind every failure the fast paths detect.
  static func firstFailure(in text: UnsafeBufferPointer<UInt8>, reading: Reading) -> Failure? {
    let (body, padding) = split(text)
    var alphabetIndex: Int?
    var alphabetFlag: UInt8 = 0
    for index in 0..<body {
      let byte = text[index]
      let value = decodeTable[Int(byte)]
      if byte == UInt8(ascii: "=") { return Failure(reason: .misplacedPadding, index: index) }
      if value == 0xFF { return Failure(reason: .notBase64, index: index) }
      let flag = value & 0xC0
      if flag == 0 { continue }
      if reading == .standardPadded && flag == 0x80 {
        return Failure(reason: .notStandard, index: index)
      }
      if let first = alphabetIndex {
        if flag != alphabetFlag {
          return Failure(reason: .mixedAlphabets(firstIndex: first), index: index)
        }
      } else {
        alphabetIndex = index
        alphabetFlag = flag
      }
    }
    let groupRest = body % 4
    if groupRest == 1 { return Failure(reason: .loneFinalCharacter, index: body - 1) }
    let needed = groupRest == 0 ? 0 : 4 - groupRest
    if padding > needed { return Failure(reason: .misplacedPadding, index: body + needed) }
    if reading == .standardPadded && padding < needed {
      return Failure(reason: .missingPadding, index: text.count)
    }
    let unusedBits: UInt8 = groupRest == 2 ? 0x0F : groupRest == 3 ? 0x03 : 0
    if unusedBits != 0 && decodeTable[Int(text[body - 1])] & unusedBits != 0 {
      return Failure(reason: .nonZeroTrailingBits, index: body - 1)
    }
    return nil
  }

  /// ``firstFailure(in:reading:)`` for a text known to be invalid.
  static func failure(in text: UnsafeBufferPointer<UInt8>, reading: Reading) -> Failure {
    firstFailure(in: text, reading: reading) ?? Failure(reason: .notBase64, index: 0)
  }
}

extension Base64.Failure {
  /// What a base64 field must be, for messages.
  static func expected(_ reading: Base64.Reading) -> String {
    switch reading {
    case .eitherAlphabet: "a base64 string (RFC 4648)"
    case .standardPadded: "a standard base64 string with padding (RFC 4648)"
    }
  }

  /// What was found: the character named, its index and why, in `text` (shown cut short).
  func found(in text: String) -> String {
    let utf8 = Array(text.utf8)
    func character(_ index: Int) -> String {
      guard index < utf8.count else { return "" }
      // Everything before `index` is ASCII, so the character starts there.
      var iterator = utf8[index...].makeIterator()
      var decoder = UTF8()
      if case .scalarValue(let scalar) = decoder.decode(&iterator) {
        return JSONText.quoted(String(Character(scalar)))
      }
      return "byte \(utf8[index])"
    }
    let what: String
    switch reason {
    case .notBase64:
      what = "\(character(index)) at index \(index), not a base64 character"
    case .notStandard:
      what = "\(character(index)) at index \(index), not in the standard alphabet (+/)"
    case .mixedAlphabets(let first):
      what =
        "\(character(index)) at index \(index), mixing the URL-safe and standard alphabets"
        + " (\(character(first)) at index \(first))"
    case .misplacedPadding:
      what = "\"=\" at index \(index), padding where none may be"
    case .missingPadding:
      what = "the end at index \(index), where padding \"=\" is required"
    case .loneFinalCharacter:
      what = "\(character(index)) at index \(index), a lone final character (no whole byte)"
    case .nonZeroTrailingBits:
      what = "\(character(index)) at index \(index), whose unused low bits are not zero"
    }
    return what + " in " + JSONText.excerpt(text)
  }
}
