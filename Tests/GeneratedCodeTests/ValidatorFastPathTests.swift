import Foundation
import StreamTypes
import Testing

@testable import StreamTypesCompiler

/// The one-pass payload check of `streamtypes validate` (``PayloadPrecheck``) against the
/// full decoding (``SchemaInterpreter``): the check may only accept a payload that the full
/// decoding accepts. It may say "not sure" about a valid one (the validator then decodes
/// it), but it must accept the ordinary valid payloads, or it saves nothing.
@Suite struct ValidatorFastPathTests {
  static let location = PayloadLocation(offset: 0, frameIndex: 0, frameKind: .item)

  struct Subject {
    let module: SchemaModule
    let precheck: PayloadPrecheck
    let interpreter: SchemaInterpreter

    init(_ module: SchemaModule) {
      self.module = module
      precheck = PayloadPrecheck(module: module, maxDepth: StreamLimits().maxDepth)
      interpreter = SchemaInterpreter(module: module)
    }

    /// The canonical JSON of the payload's value when the full decoding accepts it.
    func fullPath(_ model: String, _ bytes: [UInt8]) -> [UInt8]? {
      let interpreter = self.interpreter
      let value = try? PayloadCodec.decode(from: ArraySlice(bytes), at: location) { decoder in
        try interpreter.decodeModel(model, from: decoder)
      }
      return value.map { JSONWriter.encode($0) }
    }

    func fastPath(_ model: String, _ bytes: [UInt8]) -> Bool {
      precheck.isCertainlyValid(ArraySlice(bytes), model: precheck.modelIndex[model]!)
    }
  }

  /// Every model of `Schemas/` and of the corpus, with its module.
  static func subjects() throws -> [(String, Subject)] {
    try [true, false].flatMap { isExample in
      let subject = Subject(try ValidatorConformanceTests.module(forExample: isExample))
      return subject.module.files.flatMap(\.types).compactMap { type -> (String, Subject)? in
        if case .model(let model) = type { return (model.name, subject) }
        return nil
      }
    }
  }

  /// Bytes that matter to the grammar, UTF-8 and escapes.
  static let interestingBytes: [UInt8] =
    Array(#""\u/{}[]:,.-+eE019 tfn"#.utf8) + [
      0x00, 0x0A, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF,
    ]

  /// Texts spliced into payloads: escapes and multi-byte scalars, valid and not.
  static let interestingTexts = [
    #"\uD83D\uDE00"#, #"\uD83D"#, #"\uDE00"#, #"\u00e9"#, #"\u0000"#, #"\n"#, #"\x"#, "é", "😀",
    "e\u{301}", "\u{2028}", "1e400", "-0", "0.5e-3", "99999999999999999999", "1.0", "null",
  ]

  /// A payload with one random byte-level change.
  static func mutate(_ bytes: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
    var bytes = bytes
    let position = Int(random.next() % UInt64(bytes.count + 1))
    switch random.next() % 5 {
    case 0 where position < bytes.count:
      bytes[position] = interestingBytes[Int(random.next() % UInt64(interestingBytes.count))]
    case 1:
      bytes.insert(
        interestingBytes[Int(random.next() % UInt64(interestingBytes.count))],
        at: position
      )
    case 2 where position < bytes.count:
      bytes.remove(at: position)
    case 3:
      let text = interestingTexts[Int(random.next() % UInt64(interestingTexts.count))]
      bytes.insert(contentsOf: Array(text.utf8), at: position)
    default:
      bytes = Array(bytes.prefix(position))
    }
    return bytes
  }

  @Test func acceptsOnlyWhatTheFullDecodingAccepts() throws {
    var random = SplitMix64(seed: 4242)
    var unsound: [String] = []
    var fastAccepted = 0
    var fullAccepted = 0
    var checked = 0
    for (model, subject) in try Self.subjects() {
      // Valid payloads to start from: accepted random objects, written canonically.
      var valid: [[UInt8]] = []
      for _ in 0..<4_000 {
        let text = Array(DirectDecoderDifferentialTests.randomObject(&random, depth: 0).utf8)
        checked += 1
        let full = subject.fullPath(model, text)
        if full != nil { fullAccepted += 1 }
        if subject.fastPath(model, text) {
          fastAccepted += 1
          if full == nil { unsound.append("\(model): \(String(decoding: text, as: UTF8.self))") }
        }
        if let full { valid.append(full) }
      }
      valid += Self.validSeeds[model, default: []].map { Array($0.utf8) }
      // Byte-level mutations of valid payloads, one to three changes each.
      for _ in 0..<(valid.isEmpty ? 0 : 6_000) {
        var bytes = valid[Int(random.next() % UInt64(valid.count))]
        for _ in 0...(random.next() % 3) { bytes = Self.mutate(bytes, &random) }
        checked += 1
        let full = subject.fullPath(model, bytes) != nil
        if full { fullAccepted += 1 }
        if subject.fastPath(model, bytes) {
          fastAccepted += 1
          if !full { unsound.append("\(model): \(String(decoding: bytes, as: UTF8.self))") }
        }
      }
    }
    #expect(unsound.isEmpty, "accepted by the one-pass check only: \(unsound.prefix(5))")
    // Both outcomes are exercised.
    #expect(fastAccepted > 5_000 && fullAccepted > fastAccepted && checked > 100_000)
  }

  /// Valid payloads the one-pass check must accept by itself: the ordinary shapes.
  static let validSeeds: [String: [String]] = [
    "Segment": [
      #"{"id":1,"start":0.5,"end":1.25,"text":"hi there","speaker":"agent","words":[{"word":"hi","start":0.5,"end":0.7,"confidence":0.98}],"tags":{"lang":"en"}}"#,
      #"{"id":-7,"start":0,"end":1e2,"text":"caf\u00e9 \"q\" é😀","speaker":null,"words":[]}"#,
      #" { "id" : 2 , "start" : 1.5E+1 , "end" : 2 , "text" : "" , "words" : [ ] , "tags" : { } } "#,
      // Escaped strings under a length constraint: counted in scalars without a string.
      #"{"id":3,"start":0,"end":1,"text":"t","words":[{"word":"\"q\"\n\u00e9\ud83d\ude00","start":0,"end":1,"confidence":0.5}]}"#,
      // Numbers as real producers write them (full precision, long runs of digits, 20
      // digits and more), non-ASCII and escaped text, a null speaker, a map of several
      // entries.
      #"{"id":12345678901,"start":0.15000000000000002,"end":123456789012.5,"text":"Zürich 東京 \"ok\"\n","speaker":null,"words":[{"word":"café","start":1.0000000000000002e-5,"end":0.30000000000000004,"confidence":0.2761485755443573},{"word":"👍🏽","start":12345678.87654321,"end":1.2345678901234567890123e3,"confidence":0.99999999999999999999}],"tags":{"lang":"en-US","note":"said \"ok\"\n","model":"whisper-large-v3"}}"#,
    ],
    "TranscriptionSummary": [
      #"{"duration_sec":12.5,"languages":["en","fr"],"segments":3,"finished_at":"2026-11-24T10:00:00Z"}"#
    ],
    "TranscriptionHeader": [#"{"model":"whisper","language":null,"sample_rate":16000}"#],
  ]

  /// Number texts for a bounded `float` (`confidence`, from 0 to 1): full precision, long
  /// runs of digits (read eight at a time), more digits than fit in 64 bits, exponents,
  /// and values that round onto a bound or just past it.
  static func randomNumberText(_ random: inout SplitMix64) -> String {
    func digits(_ count: Int) -> String {
      String((0..<count).map { _ in Character(String(random.next() % 10)) })
    }
    let sign = random.next() % 8 == 0 ? "-" : ""
    switch random.next() % 6 {
    case 0: return sign + "0." + digits(Int(random.next() % 25) + 1)
    case 1: return sign + "0.99999999999999" + digits(Int(random.next() % 10))
    case 2: return sign + "1.0000000000000" + digits(Int(random.next() % 10))
    case 3:
      return sign + digits(1) + "." + digits(Int(random.next() % 20) + 1) + "e-"
        + String(random.next() % 30)
    case 4: return sign + "0.000000000000000000" + digits(Int(random.next() % 12) + 1)
    default: return sign + String(Double(random.next() % 1_000_001) / 1_000_000)
    }
  }

  /// The check's bounds on numbers of every shape agree with the full decoding: it accepts
  /// only values that meet them, and it decides the ordinary ones by itself.
  @Test func boundedNumbersAgreeWithTheFullDecoding() throws {
    let subject = Subject(try ValidatorConformanceTests.module(forExample: true))
    var random = SplitMix64(seed: 1919)
    var unsound: [String] = []
    var fastAccepted = 0
    var fullAccepted = 0
    for _ in 0..<20_000 {
      let number = Self.randomNumberText(&random)
      let payload = Array(
        (#"{"word":"w","start":0.15000000000000002,"end":12345678.87654321,"confidence":"#
          + number + "}").utf8
      )
      let full = subject.fullPath("Word", payload) != nil
      if full { fullAccepted += 1 }
      if subject.fastPath("Word", payload) {
        fastAccepted += 1
        if !full { unsound.append(number) }
      }
    }
    #expect(unsound.isEmpty, "accepted by the one-pass check only: \(unsound.prefix(5))")
    // Both outcomes occur, and the valid numbers are decided in one pass (all but those of
    // more than 19 digits, which the full decoding converts from the text).
    #expect(fullAccepted > 5_000 && fullAccepted < 19_000)
    #expect(Double(fastAccepted) > Double(fullAccepted) * 0.7)
  }

  /// A schema of bounds other than 0 and 1 (inclusive and exclusive, negative, on both
  /// sides of an integer), of lengths in scalars, and of an unbounded float: numbers near
  /// every bound and text of one- to four-byte scalars, valid and not, judged by both paths.
  /// The check decides a bounded number from its integer part alone when the bounds hold
  /// across it, and a length from the byte count when they hold for every scalar count the
  /// bytes allow: this holds those shortcuts to the full decoding.
  @Test func boundsDecidedWithoutConversionAgreeWithTheFullDecoding() throws {
    let yaml = """
      types:
        Reading:
          fields:
            level: {type: float, minimum: -3.5, exclusive_maximum: 10}
            ratio: {type: float, exclusive_minimum: 2, maximum: 2.5}
            free: float
            label: {type: string, min_length: 2, max_length: 5}
      """
    let inputs = [GeneratorPipeline.Input(path: "Bounds.yaml", contents: Array(yaml.utf8))]
    let subject = Subject(try #require(GeneratorPipeline.check(inputs).module))
    var random = SplitMix64(seed: 2718)
    func digits(_ count: Int) -> String {
      String((0..<count).map { _ in Character(String(random.next() % 10)) })
    }
    /// A number near the bounds: an integer part from `wholes` (a sign included), then
    /// digits, or a text that rounds onto a bound or just past it, or an exponent.
    func number(_ wholes: [String], _ nearBounds: [String]) -> String {
      let whole = wholes[Int(random.next() % UInt64(wholes.count))]
      switch random.next() % 5 {
      case 0: return whole
      case 1, 2: return whole + "." + digits(Int(random.next() % 22) + 1)
      case 3: return nearBounds[Int(random.next() % UInt64(nearBounds.count))]
      default: return whole + "." + digits(3) + "e" + ["", "-", "+"][Int(random.next() % 3)] + "1"
      }
    }
    let levels = (
      ["-4", "-3", "-0", "0", "3", "9", "10", "11", "123456789012345", "-1234567890123456"],
      ["-3.5", "-3.50000000000000001", "-3.49999999999999999", "9.9999999999999999", "10.0"]
    )
    let ratios = (
      ["1", "2", "-2", "3"],
      ["2", "2.0000000000000001", "2.5", "2.50000000000000001", "2.49999999999999999"]
    )
    let pieces = ["a", "é", "東", "😀", #"\""#, #"\u00e9"#, #"\ud83d\ude00"#]
    let badPieces: [[UInt8]] = [
      [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE6, 0x9D], [0x80],
    ]
    var unsound: [String] = []
    var fastAccepted = 0
    var fullAccepted = 0
    for _ in 0..<20_000 {
      var label: [UInt8] = []
      for _ in 0..<(random.next() % 8) {
        if random.next() % 12 == 0 {
          label += badPieces[Int(random.next() % UInt64(badPieces.count))]
        } else {
          label += Array(pieces[Int(random.next() % UInt64(pieces.count))].utf8)
        }
      }
      let payload =
        Array(
          #"{"level":\#(number(levels.0, levels.1)),"ratio":\#(number(ratios.0, ratios.1)),"#
            .utf8
        )
        + Array(#""free":\#(number(levels.0, ratios.1)),"label":""#.utf8)
        + label + Array(#""}"#.utf8)
      let full = subject.fullPath("Reading", payload) != nil
      if full { fullAccepted += 1 }
      if subject.fastPath("Reading", payload) {
        fastAccepted += 1
        if !full { unsound.append(String(decoding: payload, as: UTF8.self)) }
      }
    }
    #expect(unsound.isEmpty, "accepted by the one-pass check only: \(unsound.prefix(5))")
    #expect(fullAccepted > 500 && fullAccepted < 19_000)
    #expect(Double(fastAccepted) > Double(fullAccepted) * 0.7)
  }

  /// Field keys matched by their first eight bytes as one word: keys of 7, 8, 9, 16 and 17
  /// bytes, each a prefix of the next, in models that allow and forbid other keys; keys
  /// changed in one byte, cut short or lengthened, and keys ending near the payload's end.
  @Test func keysMatchedByWordAgreeWithTheFullDecoding() throws {
    let keys = ["abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq", "a"]
    let fields = keys.map { "      \($0): {type: int, default: 0}" }.joined(separator: "\n")
    let yaml = """
      types:
        Open:
          fields:
      \(fields)
        Closed:
          additional_fields: forbid
          fields:
      \(fields)
      """
    let inputs = [GeneratorPipeline.Input(path: "Keys.yaml", contents: Array(yaml.utf8))]
    let subject = Subject(try #require(GeneratorPipeline.check(inputs).module))
    var random = SplitMix64(seed: 8)
    var unsound: [String] = []
    var missed: [String] = []
    var fullAccepted = 0
    for _ in 0..<20_000 {
      var members: [[UInt8]] = []
      var memberKeys: Set<[UInt8]> = []
      var changed = false
      for _ in 0..<(random.next() % 5) {
        var key = Array(keys[Int(random.next() % UInt64(keys.count))].utf8)
        switch random.next() % 6 {
        case 0:
          key[Int(random.next() % UInt64(key.count))] ^= UInt8(1 << (random.next() % 8))
          changed = true
        case 1:
          key.removeLast()
          changed = true
        case 2:
          key.append(Array("aqz".utf8)[Int(random.next() % 3)])
          changed = true
        default: break
        }
        memberKeys.insert(key)
        members.append(Array("\"".utf8) + key + Array("\":\(random.next() % 3)".utf8))
      }
      var payload =
        Array("{".utf8) + Array(members.joined(separator: Array(",".utf8))) + Array("}".utf8)
      if random.next() % 10 == 0 {
        payload.removeLast(min(Int(random.next() % 4) + 1, payload.count))
      }
      for model in ["Open", "Closed"] {
        let full = subject.fullPath(model, payload) != nil
        if full { fullAccepted += 1 }
        let text = model + " " + String(decoding: payload, as: UTF8.self)
        if subject.fastPath(model, payload) {
          if !full { unsound.append(text) }
        } else if full && !changed && memberKeys.count == members.count {
          missed.append(text)
        }
      }
    }
    #expect(unsound.isEmpty, "accepted by the one-pass check only: \(unsound.prefix(5))")
    #expect(missed.isEmpty, "valid ordinary payloads left to the full path: \(missed.prefix(5))")
    #expect(fullAccepted > 5_000 && fullAccepted < 39_000)
  }

  /// `keyHead` reads the same word whether eight bytes follow the key's start or not.
  @Test func keyHeadReadsTheSameWordAtThePayloadsEnd() {
    let text = Array("abcdefghijklmnopq".utf8)
    for start in 0...text.count {
      for count in 0...(text.count - start) {
        var expected: UInt64 = 0
        for offset in 0..<min(count, 8) {
          expected |= UInt64(text[start + offset]) << UInt64(offset * 8)
        }
        text.withUnsafeBufferPointer { whole in
          #expect(PrecheckPass.keyHead(whole, start: start, count: count) == expected)
          let exact = UnsafeBufferPointer(rebasing: whole[0..<(start + count)])
          #expect(PrecheckPass.keyHead(exact, start: start, count: count) == expected)
        }
      }
    }
  }

  @Test func acceptsOrdinaryValidPayloads() throws {
    let subjects = Dictionary(try Self.subjects(), uniquingKeysWith: { a, _ in a })
    for (model, seeds) in Self.validSeeds {
      let subject = try #require(subjects[model])
      for seed in seeds {
        let bytes = Array(seed.utf8)
        #expect(subject.fullPath(model, bytes) != nil, "\(seed)")
        #expect(subject.fastPath(model, bytes), "\(seed)")
      }
    }
  }

  /// Payloads the full decoding accepts and the check leaves to it, by design: the
  /// validator without values still accepts them, through the full decoding.
  @Test(arguments: [
    #"{"id":1.0,"start":0,"end":1,"text":"t","words":[]}"#,  // an int written as 1.0
    #"{"id":1,"id":2,"start":0,"end":1,"text":"t","words":[]}"#,  // a repeated key
    #"{"\u0069d":1,"start":0,"end":1,"text":"t","words":[]}"#,  // an escaped key
    #"{"id":1234567890123456789,"start":0,"end":1,"text":"t","words":[]}"#,  // 19 digits
  ])
  func unusualPayloadsFallBackToTheFullDecoding(payload: String) throws {
    let module = try ValidatorConformanceTests.module(forExample: true)
    let definition = try module.stream(named: "TranscriptionSegments")
    var validator = StreamValidator(module: module, stream: definition, keepsValues: false)
    validator.append(ValidatorConformanceTests.frame(3, payload))
    let event = try #require(try validator.next())
    try validator.finish()
    #expect(event.kind == .item && event.value == nil)
    #expect(validator.payloadsCheckedInOnePass == 0)
  }

  /// `streamtypes validate` takes the one-pass path for a whole ordinary stream.
  @Test func validatorUsesTheOnePassCheck() throws {
    let module = try ValidatorConformanceTests.module(forExample: true)
    let definition = try module.stream(named: "TranscriptionSegments")
    var validator = StreamValidator(module: module, stream: definition, keepsValues: false)
    var stream: [UInt8] = []
    for seed in Self.validSeeds["Segment"]! {
      stream += ValidatorConformanceTests.frame(3, seed)
    }
    validator.append(stream)
    var events = 0
    while let event = try validator.next() {
      #expect(event.value == nil)
      events += 1
    }
    try validator.finish()
    #expect(events == Self.validSeeds["Segment"]!.count)
    #expect(validator.payloadsCheckedInOnePass == Self.validSeeds["Segment"]!.count)
  }
}
