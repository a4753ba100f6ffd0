import Foundation

/// Writes compact JSON straight into bytes, the way pydantic's `model_dump_json()` does:
/// fields in declaration order, `null` for nil, non-ASCII text as UTF-8, `/` unescaped.
/// Generated models write themselves through it, with no `JSONEncoder` in between.
///
/// It owns its buffer and cannot be copied, so writing a byte is a capacity check and a
/// store, with no reference counting or uniqueness check. Its methods are inlinable so that
/// generated code, in another module, gets them specialized for each field's type instead
/// of calling through generic witnesses.
public struct JSONWriter: ~Copyable, @unchecked Sendable {  // It owns its buffer alone.
  @usableFromInline var base: UnsafeMutablePointer<UInt8>
  @usableFromInline var capacity: Int
  @usableFromInline var used = 0
  @usableFromInline var unwritable = false
  @usableFromInline var brokeConstraint = false
  @usableFromInline var isFirstInContainer = true
  /// False while writing into a buffer lent by the caller (see `init(writingInto:)`).
  @usableFromInline var ownsBuffer = true

  @inlinable
  public init(reservingCapacity capacity: Int = 0) {
    let size = Swift.max(capacity, 64)
    base = .allocate(capacity: size)
    self.capacity = size
  }

  /// A writer that writes into `buffer` until it is full, then into a buffer of its own.
  @usableFromInline
  init(writingInto buffer: UnsafeMutableBufferPointer<UInt8>) {
    base = buffer.baseAddress!
    capacity = buffer.count
    ownsBuffer = false
  }

  /// Whether everything written so far is in `buffer`, from its start.
  @usableFromInline
  func isWritingInto(_ buffer: UnsafeMutableBufferPointer<UInt8>) -> Bool {
    !ownsBuffer && base == buffer.baseAddress
  }

  deinit { if ownsBuffer { base.deallocate() } }

  /// The JSON written so far.
  @inlinable public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: used)) }

  /// Set when a value could not be written as it is: a NaN or infinite `Double` (JSON has
  /// no such number) or a `Date` outside the years 0000 to 9999 (RFC 3339 has no such
  /// date). The writer writes a placeholder so it can go on; callers must not use the bytes.
  @inlinable public var hasUnwritableValue: Bool { unwritable }

  /// The JSON text of `value`. For values known to be writable: a NaN, an infinity or a
  /// date outside the years 0000 to 9999 is written as a placeholder (see
  /// ``hasUnwritableValue``); `PayloadCodec.encode` and the stream writers refuse them.
  @inlinable
  public static func encode(_ value: some JSONWritable) -> [UInt8] {
    var writer = JSONWriter(reservingCapacity: 256)
    value.writeJSON(to: &writer)
    return writer.bytes
  }

  /// Makes room for `count` more bytes.
  @inlinable @inline(__always)
  mutating func reserve(_ count: Int) {
    if _slowPath(capacity &- used < count) { grow(count) }
  }

  @usableFromInline
  mutating func grow(_ count: Int) {
    let newCapacity = Swift.max(capacity * 2, used + count)
    let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newBase.initialize(from: base, count: used)
    if ownsBuffer { base.deallocate() }
    base = newBase
    capacity = newCapacity
    ownsBuffer = true
  }

  @inlinable @inline(__always)
  mutating func appendByte(_ byte: UInt8) {
    reserve(1)
    base[used] = byte
    used &+= 1
  }

  @inlinable @inline(__always)
  mutating func appendBytes(_ start: UnsafePointer<UInt8>, _ count: Int) {
    reserve(count)
    (base + used).initialize(from: start, count: count)
    used &+= count
  }

  /// Appends raw bytes, such as a frame's tag written before its payload.
  @inlinable
  public mutating func append<C: Collection>(raw bytes: C) where C.Element == UInt8 {
    reserve(bytes.count)
    for byte in bytes {
      base[used] = byte
      used &+= 1
    }
  }

  /// Replaces bytes already written, such as a length that is known only at the end.
  @inlinable
  public mutating func overwrite(at index: Int, with bytes: some Collection<UInt8>) {
    precondition(index >= 0 && index + bytes.count <= used, "overwrite past the bytes written")
    var position = index
    for byte in bytes {
      base[position] = byte
      position += 1
    }
  }

  /// The number of bytes written so far.
  @inlinable public var count: Int { used }

  @inlinable
  public mutating func beginObject() {
    appendByte(UInt8(ascii: "{"))
    isFirstInContainer = true
  }

  @inlinable
  public mutating func endObject() {
    appendByte(UInt8(ascii: "}"))
    isFirstInContainer = false
  }

  /// Writes `"key":value`, with the comma before it when needed.
  @inlinable
  public mutating func field(_ key: String, _ value: some JSONWritable) {
    if !isFirstInContainer { appendByte(UInt8(ascii: ",")) }
    writeString(key)
    appendByte(UInt8(ascii: ":"))
    value.writeJSON(to: &self)
    isFirstInContainer = false
  }

  /// Records whether a value just written meets a constraint of its schema (see
  /// ``StreamModel/checksConstraintsWhileWriting``).
  @inlinable @inline(__always)
  @_spi(Generated)
  public mutating func check(_ holds: Bool) {
    brokeConstraint = brokeConstraint || !holds
  }

  /// Set when a ``check(_:)`` failed: the value written breaks a constraint of its schema.
  @inlinable public var hasBrokenConstraint: Bool { brokeConstraint }

  @inlinable
  mutating func markUnwritable() {
    unwritable = true
  }

  /// Ends a line of JSON Lines output.
  @inlinable
  public mutating func writeNewline() {
    appendByte(0x0A)
    isFirstInContainer = true
  }

  @inlinable
  mutating func writeArray<S: Sequence>(_ elements: S) where S.Element: JSONWritable {
    appendByte(UInt8(ascii: "["))
    var first = true
    for element in elements {
      if !first { appendByte(UInt8(ascii: ",")) }
      element.writeJSON(to: &self)
      first = false
    }
    appendByte(UInt8(ascii: "]"))
    isFirstInContainer = false
  }

  /// Writes JSON text as it is, such as a generated model's `{"id":` or `,"start":`; the
  /// caller makes sure the result is JSON. A literal's length is known where this is
  /// inlined, so the copy is a few stores.
  @inlinable @inline(__always)
  @_spi(Generated)
  public mutating func writeRaw(_ text: StaticString) {
    appendRaw(text)
  }

  /// ``writeRaw(_:)`` for the runtime's own inlinable code, which cannot call SPI.
  @inlinable @inline(__always)
  mutating func appendRaw(_ text: StaticString) {
    appendBytes(text.utf8Start, text.utf8CodeUnitCount)
  }

  /// An integer's decimal digits, written without making a `String`.
  @inlinable
  mutating func writeInteger(_ value: Int) {
    if value >= 0 && value < 10 {
      appendByte(UInt8(ascii: "0") + UInt8(value))
      return
    }
    writeUnsigned(UInt64(value.magnitude), negative: value < 0)
  }

  /// The shortest text that reads back as the same `Double`, as Python's `repr`.
  @inlinable
  mutating func writeNumber(_ value: Double) {
    if !writeMicroUnits(value) { writeOtherNumber(value) }
  }

  /// Writes the common case, inlined where the number is written: a time or a score, from
  /// 0.0001 to below 10^8 in magnitude, with at most six digits after the point. False for
  /// the other numbers.
  ///
  /// Below 10^8 a double's ulp is under 10^−6, so at most one multiple of 10^−6 reads back
  /// as the value, and that multiple, without trailing zeros, is the shortest text. The
  /// nearest multiple is found with one multiplication: adding 2^52 rounds the micro-units
  /// to an integer (below 2^52), left in the low bits of the sum, with no conversion
  /// instruction or range check. One correctly rounded division checks it (the micro-units
  /// and 10^6 are exact doubles); a wrong candidate only fails the check.
  @inlinable @inline(__always)
  mutating func writeMicroUnits(_ value: Double) -> Bool {
    let magnitude = value.magnitude
    guard magnitude >= 1e-4 && magnitude < 1e8 else { return false }
    let sum = magnitude * 1e6 + 0x1p52
    guard (sum - 0x1p52) / 1e6 == magnitude else { return false }
    writeMicros(sum.bitPattern & 0x000F_FFFF_FFFF_FFFF, negative: value < 0)
    return true
  }

  /// Writes a number `writeNumber` does not handle inline.
  @usableFromInline
  mutating func writeOtherNumber(_ value: Double) {
    guard value.isFinite else {
      unwritable = true
      writeRaw("null")
      return
    }
    if !writeShortDecimal(value) {
      var text = value.description
      text.withUTF8 { appendBytes($0.baseAddress!, $0.count) }
    }
  }

  /// Writes micros × 10^−6, below 10^8, with the digits after the point that it needs (at
  /// least one). The integer part and the fraction are each made into eight ASCII digits
  /// in a register (below 100, both are the eight digits of micros) and stored whole: no
  /// loop, no table and no branch on the number's length. The integer part's length comes
  /// from comparisons of micros, not from its digits, so that what is written next need
  /// not wait for their longer computation.
  @inlinable @inline(__always)
  mutating func writeMicros(_ micros: UInt64, negative: Bool) {
    // The integer part's digits, the first in the lowest byte, less their leading zeros;
    // the six fraction digits then two '0's.
    let integerDigits: UInt64
    let integerLength: Int
    let fractionDigits: UInt64
    if micros < 100_000_000 {
      // Below 100: the integer part and the fraction are the eight digits of micros.
      let digits = Self.eightDigits(micros)
      integerLength = micros >= 10_000_000 ? 2 : 1
      integerDigits = digits &>> ((2 &- integerLength) &* 8)
      fractionDigits = digits &>> 16 | 0x3030 &<< 48
    } else {
      let integer = micros / 1_000_000
      integerLength =
        3 &+ (micros >= 1_000_000_000 ? 1 : 0) &+ (micros >= 10_000_000_000 ? 1 : 0)
        &+ (micros >= 100_000_000_000 ? 1 : 0) &+ (micros >= 1_000_000_000_000 ? 1 : 0)
        &+ (micros >= 10_000_000_000_000 ? 1 : 0)
      integerDigits = Self.eightDigits(integer) &>> ((8 &- integerLength) &* 8)
      fractionDigits = Self.eightDigits((micros &- integer &* 1_000_000) &* 100)
    }
    let sign = negative ? 1 : 0
    // Room for the eight-byte stores: sign, 8 digits, point, 8 digits.
    reserve(18)
    let at = UnsafeMutableRawPointer(base + used)
    at.storeBytes(of: UInt8(ascii: "-"), as: UInt8.self)
    at.storeBytes(of: integerDigits.littleEndian, toByteOffset: sign, as: UInt64.self)
    at.storeBytes(of: UInt8(ascii: "."), toByteOffset: sign &+ integerLength, as: UInt8.self)
    let fractionStart = sign &+ integerLength &+ 1
    at.storeBytes(of: fractionDigits.littleEndian, toByteOffset: fractionStart, as: UInt64.self)
    // The fraction's trailing zeros are its highest bytes equal to '0'; a zero fraction
    // keeps one.
    let trailingZeros = (fractionDigits ^ 0x3030_3030_3030_3030).leadingZeroBitCount &>> 3
    used &+= fractionStart &+ Swift.max(8 &- trailingZeros, 1)
  }

  /// The eight decimal digits of `value` (below 10^8, with leading zeros) as ASCII, the
  /// first digit in the lowest byte: split in halves of four digits, each half in pairs,
  /// each pair in digits, every split done on all lanes of the word at once. The divisions
  /// are multiplications: 10486 / 2^20 is 1/100 closely enough below 43,699, and
  /// 103 / 2^10 is 1/10 below 179.
  @inlinable @inline(__always)
  static func eightDigits(_ value: UInt64) -> UInt64 {
    let high = value / 10_000
    var lanes = high | (value &- high &* 10_000) << 32
    let hundreds = ((lanes &* 10486) >> 20) & 0x0000_007F_0000_007F
    lanes = hundreds | (lanes &- hundreds &* 100) << 16
    let tens = ((lanes &* 103) >> 10) & 0x000F_000F_000F_000F
    lanes = tens | (lanes &- tens &* 10) << 8
    return lanes | 0x3030_3030_3030_3030
  }

  /// A JSON string literal; escapes only what JSON requires.
  @inlinable
  public mutating func writeString(_ value: String) {
    // Native strings lend their UTF-8 in place; others (bridged) are copied first.
    let done: Void? = value.utf8.withContiguousStorageIfAvailable { text in writeQuoted(text) }
    if done == nil {
      var copy = value
      copy.withUTF8 { text in writeQuoted(text) }
    }
  }

  /// Writes `text` between quotes. Most text needs no escaping: it is copied eight bytes
  /// at a time, each word checked for the bytes JSON escapes in a few operations; the
  /// first such byte sends the whole text to `writeEscaped`.
  @inlinable
  mutating func writeQuoted(_ text: UnsafeBufferPointer<UInt8>) {
    let count = text.count
    reserve(count + 2)
    let start = base + used
    start.pointee = UInt8(ascii: "\"")
    if let source = text.baseAddress, count > 0 {
      let target = UnsafeMutableRawPointer(start + 1)
      var index = 0
      // Whole words, then the last (overlapping) word, for text of eight bytes or more.
      if count >= 8 {
        while true {
          let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
          if Self.needsEscaping(word) {
            writeEscapedQuoted(text)
            return
          }
          target.storeBytes(of: word, toByteOffset: index, as: UInt64.self)
          if index == count &- 8 { break }
          index = Swift.min(index &+ 8, count &- 8)
        }
      } else {
        while index < count {
          let byte = source[index]
          if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            writeEscapedQuoted(text)
            return
          }
          target.storeBytes(of: byte, toByteOffset: index, as: UInt8.self)
          index &+= 1
        }
      }
    }
    start[count &+ 1] = UInt8(ascii: "\"")
    used &+= count &+ 2
  }

  /// Whether any of the eight bytes of `word` is a control character, a quote or a
  /// backslash: a byte below n has its top bit set in (word − n per byte) & ~word, and a
  /// zero byte of word ^ c (one equal to c) does in (that − 1 per byte) & ~that. A borrow
  /// can only set bits above a byte that is truly found, so the answer is exact.
  @inlinable @inline(__always)
  static func needsEscaping(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let quotes = word ^ (ones &* 0x22)
    let backslashes = word ^ (ones &* 0x5C)
    let found =
      ((word &- ones &* 0x20) & ~word) | ((quotes &- ones) & ~quotes)
      | ((backslashes &- ones) & ~backslashes)
    return found & (ones &* 0x80) != 0
  }

  /// Writes `text` between quotes, escaped, over whatever `writeQuoted` wrote of it.
  @usableFromInline
  mutating func writeEscapedQuoted(_ text: UnsafeBufferPointer<UInt8>) {
    appendByte(UInt8(ascii: "\""))
    writeEscaped(text)
    appendByte(UInt8(ascii: "\""))
  }

  @usableFromInline
  mutating func writeEscaped(_ text: UnsafeBufferPointer<UInt8>) {
    let hexDigits: StaticString = "0123456789abcdef"
    for byte in text {
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"):
        appendByte(UInt8(ascii: "\\"))
        appendByte(byte)
      case 0x0A: writeRaw("\\n")
      case 0x0D: writeRaw("\\r")
      case 0x09: writeRaw("\\t")
      case 0x08: writeRaw("\\b")
      case 0x0C: writeRaw("\\f")
      case 0..<0x20:
        writeRaw("\\u00")
        appendByte(hexDigits.utf8Start[Int(byte >> 4)])
        appendByte(hexDigits.utf8Start[Int(byte & 0x0F)])
      default: appendByte(byte)
      }
    }
  }

  /// Writes a finite number from 0.0001 to below 10^15 in magnitude (or a zero) in
  /// positional notation, with exactly the text of `description`: the shortest digits that
  /// read back as the same `Double`. False for numbers it leaves to `description`, which is
  /// exact but slower: those that need 16 or 17 significant digits, and the others.
  ///
  /// Any decimal of at most 15 significant digits reads back as the `Double` nearest to it
  /// (`DBL_DIG`), and a `Double` is far closer to such a decimal than half a step of the
  /// 15-digit grid. So rounding the value to 15 significant digits and dropping trailing
  /// zeros gives the shortest digits whenever they number 15 or fewer. The rounding and the
  /// check that the digits read back are exact integer arithmetic on the value's bits.
  @usableFromInline
  mutating func writeShortDecimal(_ value: Double) -> Bool {
    let magnitude = value.magnitude
    if magnitude == 0 {
      if value.sign == .minus { writeRaw("-0.0") } else { writeRaw("0.0") }
      return true
    }
    guard magnitude >= 1e-4 && magnitude < 1e15 else { return false }
    // magnitude = significand × 2^−shift, exactly (it is a normal number).
    let bits = magnitude.bitPattern
    let significand = (bits & 0x000F_FFFF_FFFF_FFFF) | (1 << 52)
    let shift = 1075 - Int(bits >> 52)  // from 3 to 66 in this range
    // The decimal exponent, floor(log10(magnitude)) from -4 to 14: first estimated from the
    // binary exponent (78913 / 2^18 is just below log10(2)), then corrected.
    var exponent = ((52 - shift) * 78913) >> 18
    if magnitude >= Self.decimalThresholds[exponent + 5] { exponent += 1 }
    guard
      var digits = Self.nearest(
        significand,
        shift: shift,
        timesPowerOfTen: Self.integerPowersOfTen[14 - exponent]
      )
    else { return false }
    // Lay the digits out as exactly 15, for value = 0.d1...d15 × 10^(exponent + 1).
    if digits < 100_000_000_000_000 {
      // The estimate took the double nearest to a power of ten one exponent too high.
      digits *= 10
      exponent -= 1
    } else if digits == 1_000_000_000_000_000 {
      // Rounded up to the next power of ten.
      digits = 100_000_000_000_000
      exponent += 1
      guard exponent <= 14 else { return false }
    }
    writePositional(digits, exponent: exponent, negative: value < 0)
    return true
  }

  /// The integer nearest to significand × 2^−shift × scale (scale a power of ten up to
  /// 10^18), when it divided by scale reads back as the double significand × 2^−shift;
  /// nil otherwise. Exact integer arithmetic: the product has at most 117 bits.
  @inline(__always)
  static func nearest(
    _ significand: UInt64,
    shift: Int,
    timesPowerOfTen scale: UInt64
  )
    -> UInt64?
  {
    let (high, low) = significand.multipliedFullWidth(by: scale)
    // digits = floor(product / 2^shift); remainder = product mod 2^shift, as (high, low).
    var digits: UInt64
    let remainderHigh: UInt64
    let remainderLow: UInt64
    if shift < 64 {
      digits = (high << (64 - shift)) | (low >> shift)
      remainderHigh = 0
      remainderLow = low & ((1 << shift) - 1)
    } else {
      digits = high >> (shift - 64)
      remainderHigh = high & ((1 << (shift - 64)) - 1)
      remainderLow = low
    }
    // Round to nearest, ties to even: compare the remainder with half of 2^shift.
    let (halfHigh, halfLow): (UInt64, UInt64) =
      shift <= 64 ? (0, 1 << (shift - 1)) : (1 << (shift - 65), 0)
    let aboveHalf = (remainderHigh, remainderLow) > (halfHigh, halfLow)
    let atHalf = remainderHigh == halfHigh && remainderLow == halfLow
    let roundsUp = aboveHalf || (atHalf && digits & 1 == 1)
    // The distance from the rounded digits to the exact value, in units of 2^−shift.
    var (distanceHigh, distanceLow) = (remainderHigh, remainderLow)
    if roundsUp {
      digits += 1
      // 2^shift − remainder.
      let (fullHigh, fullLow): (UInt64, UInt64) =
        shift < 64 ? (0, 1 << shift) : (1 << (shift - 64), 0)
      let (differenceLow, borrow) = fullLow.subtractingReportingOverflow(remainderLow)
      distanceLow = differenceLow
      distanceHigh = fullHigh &- remainderHigh &- (borrow ? 1 : 0)
    }
    // The digits read back as the value when they are within half its ulp, which is
    // 2^−shift before scaling: 2 × distance < scale (ties go to an even significand).
    // Below a power of two the ulp is half as large.
    guard distanceHigh == 0, distanceLow < 1 << 62 else { return nil }
    let halfUlps = significand == 1 << 52 && !roundsUp ? 4 * distanceLow : 2 * distanceLow
    guard halfUlps < scale || (halfUlps == scale && significand & 1 == 0) else { return nil }
    return digits
  }

  /// Writes d1.d2...d15 × 10^exponent, the 15 digits of `digits`, in positional notation
  /// without trailing zeros (but with one digit after the point), for exponent from -4 to 14.
  @usableFromInline
  mutating func writePositional(_ digits: UInt64, exponent: Int, negative: Bool) {
    // The 15 digits as two little-endian words of ASCII, two digits at a time, in
    // independent halves; built in registers, so counting the zeros reads no memory back.
    let pairs = UnsafeRawPointer(Self.digitPairs.utf8Start)
    func pair(_ value: UInt64) -> UInt64 {
      UInt64(
        UInt16(littleEndian: pairs.loadUnaligned(fromByteOffset: Int(value) &* 2, as: UInt16.self))
      )
    }
    let high = digits / 100_000_000  // 7 digits
    let low = digits % 100_000_000  // 8 digits
    let (high1, high2) = (high / 10_000, high % 10_000)
    let (low1, low2) = (low / 10_000, low % 10_000)
    let middle = pair(low1 / 100)
    let first =
      (0x30 &+ high1 / 100) | pair(high1 % 100) << 8 | pair(high2 / 100) << 24
      | pair(high2 % 100) << 40 | (middle & 0xFF) << 56
    let second =
      middle >> 8 | pair(low1 % 100) << 8 | pair(low2 / 100) << 24 | pair(low2 % 100) << 40
    var text = (first.littleEndian, second.littleEndian)
    // Trailing '0's: the zero bytes at the top of each word XORed with '0's (the top byte of
    // the second word, past the 15 digits, is left zero).
    let zeros: UInt64 = 0x3030_3030_3030_3030
    let tail = (second ^ zeros) & 0x00FF_FFFF_FFFF_FFFF
    var significant: Int
    if tail != 0 {
      significant = 16 - tail.leadingZeroBitCount / 8
    } else {
      significant = 8 - (first ^ zeros).leadingZeroBitCount / 8
    }
    significant = Swift.max(significant, 1)
    let integerLength = exponent >= 0 ? exponent + 1 : 1
    let fractionLength =
      exponent >= 0 ? Swift.max(significant - integerLength, 1) : -exponent - 1 + significant
    let total = (negative ? 1 : 0) + integerLength + 1 + fractionLength
    reserve(total)
    var at = base + used
    if negative {
      at.pointee = UInt8(ascii: "-")
      at += 1
    }
    withUnsafeBytes(of: &text) { scratch in
      let digitsStart = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self)
      if exponent >= 0 {
        at.initialize(from: digitsStart, count: integerLength)
        at[integerLength] = UInt8(ascii: ".")
        at += integerLength + 1
        if significant > integerLength {
          at.initialize(from: digitsStart + integerLength, count: significant - integerLength)
        } else {
          at.pointee = UInt8(ascii: "0")
        }
      } else {
        at[0] = UInt8(ascii: "0")
        at[1] = UInt8(ascii: ".")
        at += 2
        let leadingZeros = -exponent - 1
        at.initialize(repeating: UInt8(ascii: "0"), count: leadingZeros)
        (at + leadingZeros).initialize(from: digitsStart, count: significant)
      }
    }
    used += total
  }

  /// The doubles nearest to 10^-4 through 10^15. Comparing with them can only take the one
  /// double nearest to 10^e, when it is below 10^e, for a value of at least 10^e: its digits
  /// are then rounded to 14 places rather than 15, which at worst sends it to `description`.
  @usableFromInline
  static let decimalThresholds: [Double] = [
    1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
    1e13, 1e14, 1e15,
  ]

  /// 10^0 to 10^19.
  @usableFromInline
  static let integerPowersOfTen: [UInt64] = [
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
    10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000,
    100_000_000_000_000, 1_000_000_000_000_000, 10_000_000_000_000_000,
    100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
  ]

  /// Two decimal digits for each of 0 to 99.
  @usableFromInline
  static let digitPairs: StaticString = """
    00010203040506070809101112131415161718192021222324252627282930313233343536373839\
    40414243444546474849505152535455565758596061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899
    """

  /// Writes the last `count` decimal digits of `value` just before `end`, two at a time,
  /// and moves `end` back over them.
  @inline(__always)
  static func putDigits(_ value: UInt64, count: Int, before end: inout UnsafeMutablePointer<UInt8>)
  {
    let pairs = digitPairs.utf8Start
    var remaining = value
    var left = count
    while left >= 2 {
      let pair = Int(remaining % 100) &* 2
      remaining /= 100
      end -= 2
      end[0] = pairs[pair]
      end[1] = pairs[pair + 1]
      left -= 2
    }
    if left == 1 {
      end -= 1
      end.pointee = UInt8(ascii: "0") &+ UInt8(remaining % 10)
    }
  }

  /// The number of decimal digits of `value` (1 for 0): from its bit length (1233 / 4096 is
  /// about log10(2)), corrected by one comparison.
  @inline(__always)
  static func digitCount(_ value: UInt64) -> Int {
    let bitLength = 64 - value.leadingZeroBitCount
    var length = (bitLength * 1233) >> 12
    if length < 20 && value >= integerPowersOfTen[length] { length += 1 }
    return Swift.max(length, 1)
  }

  /// Writes a magnitude's decimal digits, after a minus sign when `negative`.
  @usableFromInline
  mutating func writeUnsigned(_ magnitude: UInt64, negative: Bool) {
    let length = Self.digitCount(magnitude)
    let total = (negative ? 1 : 0) + length
    reserve(total)
    var end = base + used + total
    Self.putDigits(magnitude, count: length, before: &end)
    if negative {
      end -= 1
      end.pointee = UInt8(ascii: "-")
    }
    used += total
  }
}

/// A value that writes itself as JSON. Generated models and enums conform, as do the types
/// their fields use.
public protocol JSONWritable {
  func writeJSON(to writer: inout JSONWriter)
}

extension JSONWritable where Self: RawRepresentable, RawValue == String {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) {
    writer.writeString(rawValue)
  }
}

extension String: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) { writer.writeString(self) }
}

extension Int: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) { writer.writeInteger(self) }
}

extension Double: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) { writer.writeNumber(self) }
}

extension Bool: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) {
    if self { writer.appendRaw("true") } else { writer.appendRaw("false") }
  }
}

/// A `datetime` is written as RFC 3339 in UTC; a date outside the years 0000 to 9999 makes
/// the payload unwritable.
extension Date: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) {
    if let text = RFC3339.format(self) {
      writer.writeString(text)
    } else {
      // Outside the years RFC 3339 can write: the payload is refused, as for a non-finite
      // number, and no other date is written in its place.
      writer.markUnwritable()
      writer.appendRaw("null")
    }
  }
}

extension Optional: JSONWritable where Wrapped: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) {
    switch self {
    case .some(let value): value.writeJSON(to: &writer)
    case .none: writer.appendRaw("null")
    }
  }
}

extension Array: JSONWritable where Element: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) { writer.writeArray(self) }
}

/// Maps are written with their keys in byte order, so the same value gives the same bytes.
extension Dictionary: JSONWritable where Key == String, Value: JSONWritable {
  @inlinable
  public func writeJSON(to writer: inout JSONWriter) {
    writer.beginObject()
    if count == 1, let (key, value) = first {
      writer.field(key, value)
    } else if count > 1 {
      for key in byteOrderedKeys { writer.field(key, self[key]!) }
    }
    writer.endObject()
  }
}

extension Dictionary where Key == String {
  /// The keys in the order maps are written and checked: by their UTF-8 bytes. (`String`'s
  /// `<` compares canonical equivalents, such as KELVIN SIGN and `K`, and is no total order
  /// over every key, so sorting with it can give equal maps different orders.)
  @inlinable
  @_spi(Generated)
  public var keysInByteOrder: [String] { byteOrderedKeys }

  @inlinable
  var byteOrderedKeys: [String] {
    keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }
}

extension JSONValue: JSONWritable {
  public func writeJSON(to writer: inout JSONWriter) {
    switch self {
    case .null: writer.writeRaw("null")
    case .bool(let value): value.writeJSON(to: &writer)
    case .int(let value): value.writeJSON(to: &writer)
    case .bigInteger(let value):
      var digits = value.digits
      digits.withUTF8 { writer.appendBytes($0.baseAddress!, $0.count) }
    case .double(let value): value.writeJSON(to: &writer)
    case .string(let value): writer.writeString(value)
    case .array(let values): writer.writeArray(values)
    case .object(let members): members.writeJSON(to: &writer)
    }
  }
}
