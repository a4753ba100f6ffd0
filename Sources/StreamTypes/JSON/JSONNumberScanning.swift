// The scanner's lexing of numbers: the grammar, overflow of a double, and the exact value
// of short numbers found in passing.

extension JSONScanner {
  mutating func scanNumber() throws(JSONSyntaxError) {
    let start = position
    let negative = bytes[position] == ASCII.minus
    if negative { position += 1 }
    guard position < bytes.count, ASCII.isDigit(bytes[position]) else {
      throw error(at: start, expected: "a digit after '-'", found: word(at: start))
    }
    let integerStart = position
    // The digits as an integer, in passing; used only when there are at most 19.
    var digits: UInt64 = 0
    if bytes[position] == ASCII.zero {
      position += 1
      if position < bytes.count && ASCII.isDigit(bytes[position]) {
        throw error(
          at: start,
          expected: "a number without leading zeros",
          found: word(at: start)
        )
      }
    } else {
      while position + 8 <= bytes.count,
        let eight = ByteScanning.eightDigits(bytes.baseAddress! + position)
      {
        digits = digits &* 100_000_000 &+ eight
        position += 8
      }
      while position < bytes.count && ASCII.isDigit(bytes[position]) {
        digits = digits &* 10 &+ UInt64(bytes[position] &- ASCII.zero)
        position += 1
      }
    }
    let integerDigits = position - integerStart
    var isInteger = true
    var fractionDigits = 0
    if position < bytes.count && bytes[position] == ASCII.dot {
      isInteger = false
      position += 1
      guard position < bytes.count, ASCII.isDigit(bytes[position]) else {
        throw error(at: start, expected: "a digit after the decimal point", found: word(at: start))
      }
      let fractionStart = position
      while position + 8 <= bytes.count,
        let eight = ByteScanning.eightDigits(bytes.baseAddress! + position)
      {
        digits = digits &* 100_000_000 &+ eight
        position += 8
      }
      while position < bytes.count && ASCII.isDigit(bytes[position]) {
        digits = digits &* 10 &+ UInt64(bytes[position] &- ASCII.zero)
        position += 1
      }
      fractionDigits = position - fractionStart
    }
    var exponent = 0
    if position < bytes.count && bytes[position] | 0x20 == UInt8(ascii: "e") {
      isInteger = false
      position += 1
      var exponentNegative = false
      if position < bytes.count && (bytes[position] == ASCII.plus || bytes[position] == ASCII.minus)
      {
        exponentNegative = bytes[position] == ASCII.minus
        position += 1
      }
      guard position < bytes.count, ASCII.isDigit(bytes[position]) else {
        throw error(at: start, expected: "a digit in the exponent", found: word(at: start))
      }
      while position < bytes.count && ASCII.isDigit(bytes[position]) {
        // Capped: any exponent this large already decides overflow.
        exponent = min(exponent * 10 + Int(bytes[position] - ASCII.zero), 1_000_000)
        position += 1
      }
      if exponentNegative { exponent = -exponent }
    }
    // Integer literals beyond 64 bits are numbers too (Python writes its big integers as
    // they are): a `float` field reads them as the nearest double, a `json` field keeps
    // their digits, an `int` field rejects them. Like every number, they must not overflow
    // a double; only numbers near its limit of about 1.8e308 are parsed to check.
    if integerDigits + exponent > 300 {
      if DecimalParsing.double(bytes, from: start, to: position).isInfinite {
        throw error(
          at: start,
          expected: "a number within the range of a 64-bit float (about ±1.8e308)",
          found: numberText(start)
        )
      }
    }
    // The value, for sinks that keep it: from the digits gathered in passing when they are
    // exact (at most 19), else from the text.
    var value: Double? = nil
    if Sink.keepsNumberValues {
      value =
        integerDigits + fractionDigits <= 19
        ? DecimalParsing.double(
          digits: digits,
          exponent: exponent - fractionDigits,
          negative: negative
        )
        : DecimalParsing.double(bytes, from: start, to: position)
    }
    sink.number(start: start, end: position, isInteger: isInteger, value: value)
  }

  private func numberText(_ start: Int) -> String {
    let length = position - start
    let shown = String(decoding: bytes[start..<start + min(length, 40)], as: UTF8.self)
    return length > 40 ? shown + "… (\(length) characters)" : shown
  }
}
