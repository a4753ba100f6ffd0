// The number code against the standard library on tens of millions of random cases, in
// release mode (Tests/StreamTypesTests/NumberDifferentialTests runs a million in debug):
//
//   NumberDifferential [MILLIONS]     (default 20: MILLIONS million texts and doubles each)
//
// Reading: random JSON number texts (shortest and 17-digit forms of random doubles of every
// exponent, subnormals included, full-precision positional decimals, exact halfway points
// and their neighbours past the 19th digit, random digits from underflow to overflow) must
// read as `Double(String)` reads them, bit for bit. Writing: random doubles (uniform bit
// patterns, and full-precision values from 1e-6 to 1e17) must print the digits of
// `description` (the shortest that read back) in pydantic's layout and read back bit for bit. Prints the counts, the failures
// (at most 10 of each) and the time per value of each side; exits 1 on any failure.
import Foundation
@_spi(StreamTypesInternals) import StreamTypes

struct SplitMix64 {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}

struct TextSource {
  var random: SplitMix64
  var buffer: [UInt8] = []

  mutating func digits(_ count: Int, nonZeroFirst: Bool) {
    for index in 0..<count {
      let digit = random.next() % 10
      buffer.append(UInt8(48 + (index == 0 && nonZeroFirst ? 1 + digit % 9 : digit)))
    }
  }

  mutating func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

  mutating func anyDouble() -> Double {
    while true {
      let value = Double(bitPattern: random.next())
      if value.isFinite { return value }
    }
  }

  /// The next text, in `buffer`.
  mutating func next() {
    buffer.removeAll(keepingCapacity: true)
    switch random.next() % 8 {
    case 0:
      append(anyDouble().description)
    case 1:
      let value = anyDouble()
      if value < 0 { append("-") }
      let exponent = value == 0 ? 0 : Int(log10(value.magnitude).rounded(.down))
      digits(1, nonZeroFirst: true)
      append(".")
      digits(16, nonZeroFirst: false)
      append("e\(exponent)")
    case 2:
      if random.next() % 2 == 0 { append("-") }
      if random.next() % 3 == 0 {
        digits(1 + Int(random.next() % 6), nonZeroFirst: true)
      } else {
        append("0")
      }
      append(".")
      digits(1 + Int(random.next() % 20), nonZeroFirst: false)
    case 3:
      if random.next() % 2 == 0 {
        let exponent = 52 + random.next() % 11
        let ulp: UInt64 = 1 << (exponent - 52)
        let d = (1 << exponent) + (random.next() % (1 << exponent)) / ulp * ulp
        append(String(d + ulp / 2))
      } else {
        let d: UInt64 = (1 << 51) + random.next() % (3 << 51)
        append(String((2 * d + 1) * 5 / 10) + "." + String((2 * d + 1) * 5 % 10))
      }
    case 4:
      let exponent = 52 + random.next() % 11
      let ulp: UInt64 = 1 << (exponent - 52)
      let d = (1 << exponent) + (random.next() % (1 << exponent)) / ulp * ulp
      let tail = ["000000", "000001", "999999"][Int(random.next() % 3)]
      append(ulp >= 2 ? String(d + ulp / 2) + "." + tail : String(d) + ".5" + tail)
    case 5:
      let count = 1 + Int(random.next() % 25)
      digits(count, nonZeroFirst: true)
      append("e\(Int(random.next() % 660) - 345 - count)")
    case 6:
      digits(1 + Int(random.next() % 19), nonZeroFirst: true)
      append("e\((random.next() % 2 == 0 ? -300 : 290) - Int(random.next() % 30))")
    default:
      digits(1 + Int(random.next() % 10), nonZeroFirst: true)
      if random.next() % 2 == 0 {
        append(".")
        digits(1 + Int(random.next() % 4), nonZeroFirst: false)
      }
    }
  }
}

let millions = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 20 : 20
let count = millions * 1_000_000
let clock = ContinuousClock()
func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

// Reading.
var source = TextSource(random: SplitMix64(state: 2026_19))
var readFailures = 0
var readChecked = 0
var oursTime: Duration = .zero
var standardTime: Duration = .zero
for _ in 0..<count {
  source.next()
  let text = String(decoding: source.buffer, as: UTF8.self)
  let start = clock.now
  let expected = Double(text)
  let middle = clock.now
  let ours = source.buffer.withUnsafeBufferPointer {
    ByteScanning.double($0, from: 0, to: $0.count)
  }
  let end = clock.now
  standardTime += middle - start
  oursTime += end - middle
  guard let expected else { continue }
  readChecked += 1
  if ours.bitPattern != expected.bitPattern {
    readFailures += 1
    if readFailures <= 10 { print("read \(text): \(ours) != \(expected)") }
  }
}
print(
  "read: \(readChecked) texts, \(readFailures) differ from Double(String); "
    + String(
      format: "%.1f ns a text (Double(String) %.1f ns, including its String)",
      seconds(oursTime) / Double(count) * 1e9,
      seconds(standardTime) / Double(count) * 1e9
    )
)

// Writing.

/// `description`'s digits of `value` laid out as pydantic's `model_dump_json()` writes them:
/// positional from 10^-5 to below 10^16, otherwise d[.ddd]e±N (as
/// Tests/StreamTypesTests/PydanticFloatTests.swift's reference).
func pydanticLayout(_ value: Double, _ description: String) -> String {
  if value == 0 { return description }
  let parts = description.drop { $0 == "-" }.split(separator: "e")
  let written = parts.count > 1 ? Int(parts[1])! : 0
  let pointAt =
    parts[0].firstIndex(of: ".").map { parts[0].distance(from: parts[0].startIndex, to: $0) }
    ?? parts[0].count
  let allDigits = parts[0].filter { $0 != "." }
  let leadingZeros = allDigits.prefix { $0 == "0" }.count
  var digits = String(allDigits.dropFirst(leadingZeros))
  while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
  let point = pointAt - leadingZeros + written  // value = 0.digits × 10^point
  let text: String
  if digits.count <= point && point <= 16 {
    text = digits + String(repeating: "0", count: point - digits.count) + ".0"
  } else if 0 < point && point <= 16 {
    text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
  } else if -5 < point && point <= 0 {
    text = "0." + String(repeating: "0", count: -point) + digits
  } else {
    text =
      String(digits.prefix(1)) + (digits.count > 1 ? "." + digits.dropFirst() : "") + "e"
      + (point > 0 ? "+" : "-") + String((point - 1).magnitude)
  }
  return (value < 0 ? "-" : "") + text
}

var random = SplitMix64(state: 2026_20)
var writeFailures = 0
var writeTime: Duration = .zero
var descriptionTime: Duration = .zero
let low = (1e-6).bitPattern
let high = (1e17).bitPattern
var writer = JSONWriter(reservingCapacity: 1 << 16)
for round in 0..<count {
  var value = Double.nan
  if round % 2 == 0 {
    while !value.isFinite { value = Double(bitPattern: random.next()) }
  } else {
    value = Double(bitPattern: low + random.next() % (high - low))
  }
  writer = JSONWriter(reservingCapacity: 32)
  let start = clock.now
  value.writeJSON(to: &writer)
  let middle = clock.now
  let expected = value.description
  let end = clock.now
  writeTime += middle - start
  descriptionTime += end - middle
  let text = String(decoding: writer.bytes, as: UTF8.self)
  if text != pydanticLayout(value, expected) || Double(text)?.bitPattern != value.bitPattern {
    writeFailures += 1
    if writeFailures <= 10 { print("write \(value.bitPattern): \(text) != \(expected)") }
  }
}
print(
  "write: \(count) doubles, \(writeFailures) differ from pydantic's layout of description or do not read back; "
    + String(
      format: "%.1f ns a double (description %.1f ns)",
      seconds(writeTime) / Double(count) * 1e9,
      seconds(descriptionTime) / Double(count) * 1e9
    )
)

// Timings in batches, per kind of value (the per-value times above include the clock).
func timeBatch(_ name: String, _ texts: [String]) {
  var bytes: [UInt8] = []
  var bounds: [(Int, Int)] = []
  for text in texts {
    bounds.append((bytes.count, bytes.count + text.utf8.count))
    bytes.append(contentsOf: text.utf8)
  }
  var sum = 0.0
  var start = clock.now
  bytes.withUnsafeBufferPointer { buffer in
    for (from, to) in bounds { sum += ByteScanning.double(buffer, from: from, to: to) }
  }
  let ours = seconds(clock.now - start) / Double(texts.count) * 1e9
  start = clock.now
  for text in texts { sum += Double(text) ?? 0 }
  let standard = seconds(clock.now - start) / Double(texts.count) * 1e9
  var writer = JSONWriter(reservingCapacity: 1 << 20)
  let values = texts.map { Double($0)! }
  start = clock.now
  for value in values {
    value.writeJSON(to: &writer)
    if writer.count > 1 << 19 { writer = JSONWriter(reservingCapacity: 1 << 20) }
  }
  let written = seconds(clock.now - start) / Double(texts.count) * 1e9
  start = clock.now
  var length = 0
  for value in values { length += value.description.utf8.count }
  let described = seconds(clock.now - start) / Double(texts.count) * 1e9
  print(
    String(
      format: "%@: read %.1f ns (Double(String) %.1f), write %.1f ns (description %.1f)",
      name,
      ours,
      standard,
      written,
      described
    ),
    sum > 0 || length > 0 ? "" : " "
  )
}
var timingRandom = SplitMix64(state: 7)
let batch = 1_000_000
timeBatch(
  "full precision 1e-4..1e15",
  (0..<batch).map { _ in
    Double(
      bitPattern: (1e-4).bitPattern + timingRandom.next() % ((1e15).bitPattern - (1e-4).bitPattern)
    )
    .description
  }
)
timeBatch(
  "probabilities (0,1) 16-17 digits",
  (0..<batch).map { _ in
    Double(timingRandom.next() >> 11) * 0x1p-53 + 0x1p-60
  }.map(\.description)
)
timeBatch(
  "short decimals (4 digits)",
  (0..<batch).map { _ in String(Double(timingRandom.next() % 100_000) / 10_000) }
)
timeBatch(
  "any bit pattern",
  (0..<batch).map { _ -> String in
    var value = Double.nan
    while !value.isFinite { value = Double(bitPattern: timingRandom.next()) }
    return value.description
  }
)
exit(readFailures + writeFailures == 0 ? 0 : 1)
