import Testing

@testable import StreamTypes

@Suite struct JSONCheckerTests {
  @Test(
    arguments: [
      "{}",
      " \t\r\n{ } \n",
      #"{"a":[]}"#,
      #"{"a":{"b":[1,-0,0.5,1E+2,1e-400,1.5e308,-9223372036854775808,9223372036854775807]}}"#,
      #"{"a":"\u00e9\ud83d\ude00\n\"\\\/\b\f\r\t"}"#,
      #"{"é":"😀 ü"}"#,
      #"{"a":true,"b":false,"c":null}"#,
      #"{"a":1,"a":2}"#,
      #"{"a":{"b":{}}}"#,
      // Integer literals beyond 64 bits, as Python writes its big integers, up to the
      // largest that a double holds (309 digits, rounding to 1.7976931348623157e308).
      #"{"a":[9223372036854775808,-9223372036854775809,123456789012345678901]}"#,
      #"{"a":"# + "17976931348623158" + String(repeating: "0", count: 292) + "}",
    ]
  )
  func accepts(json: String) throws {
    try JSONChecker.check(Array(json.utf8), maxDepth: 3)
  }

  @Test func acceptsCollectionsWithoutContiguousStorage() throws {
    try JSONChecker.check(Array(#"{"a":[1]}"#.utf8).lazy.map { $0 }, maxDepth: 4)
  }

  struct Rejection: Sendable, CustomTestStringConvertible {
    var bytes: [UInt8]
    var offset: Int
    var path: String
    /// A part of `expected` or `found` that says what is wrong.
    var says: String

    init(_ json: String, _ offset: Int, _ path: String, _ says: String) {
      self.init(Array(json.utf8), offset, path, says)
    }

    init(_ bytes: [UInt8], _ offset: Int, _ path: String, _ says: String) {
      self.bytes = bytes
      self.offset = offset
      self.path = path
      self.says = says
    }

    var testDescription: String { String(decoding: bytes, as: UTF8.self) }
  }

  static func quoted(_ bytes: [UInt8]) -> [UInt8] { Array(#"{"a":""#.utf8) + bytes + [34, 125] }

  static let rejections: [Rejection] = [
    Rejection("", 0, "$", "an empty payload"),
    Rejection("   ", 3, "$", "an empty payload"),
    Rejection("[1]", 0, "$", "array"),
    Rejection(#""x""#, 0, "$", "string"),
    Rejection("1", 0, "$", "number"),
    Rejection("true", 0, "$", "boolean"),
    Rejection("null", 0, "$", "null"),
    Rejection([0xEF, 0xBB, 0xBF] + Array("{}".utf8), 0, "$", "byte 0xEF"),
    Rejection(#"{"a":NaN}"#, 5, "$.a", "NaN"),
    Rejection(#"{"a":Infinity}"#, 5, "$.a", "Infinity"),
    Rejection(#"{"a":-Infinity}"#, 5, "$.a", "-Infinity"),
    Rejection(#"{"a":tru}"#, 5, "$.a", "tru"),
    Rejection(#"{"a":nullx}"#, 5, "$.a", "nullx"),
    Rejection(#"{"a":01}"#, 5, "$.a", "leading zeros"),
    Rejection(#"{"a":-}"#, 5, "$.a", "a digit after '-'"),
    Rejection(#"{"a":1.}"#, 5, "$.a", "decimal point"),
    Rejection(#"{"a":1e}"#, 5, "$.a", "exponent"),
    // Integers too must not overflow a double; the value is named, cut to 40 characters.
    Rejection(
      #"{"a":[0,"# + String(repeating: "9", count: 400) + "]}",
      8,
      "$.a[1]",
      String(repeating: "9", count: 40) + "… (400 characters)"
    ),
    Rejection(
      #"{"a":-"# + "17976931348623159" + String(repeating: "0", count: 292) + "}",
      5,
      "$.a",
      "64-bit float"
    ),
    Rejection(#"{"a":1e400}"#, 5, "$.a", "64-bit float"),
    Rejection(#"{"a":-18e307}"#, 5, "$.a", "64-bit float"),
    Rejection("{\"a\":\"x\ny\"}", 7, "$.a", "the control character U+000A"),
    Rejection(quoted([0xC0, 0x80]), 6, "$.a", "overlong"),
    Rejection(quoted([0xE0, 0x80, 0x80]), 6, "$.a", "overlong"),
    Rejection(quoted([0xED, 0xA0, 0x80]), 6, "$.a", "surrogate"),
    Rejection(quoted([0xF4, 0x90, 0x80, 0x80]), 6, "$.a", "above U+10FFFF"),
    Rejection(quoted([0xF5, 0x80, 0x80, 0x80]), 6, "$.a", "above U+10FFFF"),
    Rejection(quoted([0xFF]), 6, "$.a", "never appears in UTF-8"),
    Rejection(quoted([0x61, 0x80]), 7, "$.a", "continuation byte"),
    Rejection(quoted([0xE2, 0x82]), 6, "$.a", "incomplete"),
    Rejection(#"{"a":"\ud800"}"#, 6, "$.a", "lone surrogates"),
    Rejection(#"{"a":"\ud800\u0041"}"#, 6, "$.a", "\\uD800 followed by \\u0041"),
    Rejection(#"{"a":"\udc00"}"#, 6, "$.a", "low surrogate"),
    Rejection(#"{"a":"\x"}"#, 6, "$.a", "\\x"),
    Rejection(#"{"a":"\u12G4"}"#, 10, "$.a", "hex digits"),
    Rejection(#"{"a":"abc"#, 9, "$.a", "the end of the payload"),
    Rejection(#"{"a":[1,2,}"#, 10, "$.a[2]", "a JSON value"),
    Rejection(#"{"a":1,}"#, 7, "$", "a string key"),
    Rejection(#"{"a":1 "b":2}"#, 7, "$", "',' or '}'"),
    Rejection(#"{"a":[1 2]}"#, 8, "$.a", "',' or ']'"),
    Rejection(#"{"a" 1}"#, 5, "$.a", "':' after the key"),
    Rejection(#"{"a":1/*x*/}"#, 6, "$", "'/'"),
    Rejection(#"{"a":1}x"#, 7, "$", "the end of the payload"),
    Rejection(#"{"a":1}{}"#, 7, "$", "'{'"),
    Rejection(#"{"a":{"b":{"c":{}}}}"#, 15, "$.a.b.c", "at most 3 levels"),
    Rejection(#"{"a\"b":[0, x]}"#, 12, #"$["a\"b"][1]"#, "x"),
    Rejection(#"{"a":{"b":["#, 11, "$.a.b[0]", "the end of the payload"),
  ]

  @Test(arguments: rejections)
  func rejects(_ rejection: Rejection) throws {
    let error = try #require(throws: JSONSyntaxError.self) {
      try JSONChecker.check(rejection.bytes, maxDepth: 3)
    }
    #expect(error.payloadOffset == rejection.offset)
    #expect(error.path.description == rejection.path)
    #expect(
      error.expected.contains(rejection.says) || error.found.contains(rejection.says),
      "\(error)"
    )
    #expect(error.message == "expected \(error.expected), found \(error.found)")
  }

  @Test func topLevelMustBeAnObject() throws {
    let error = try #require(throws: JSONSyntaxError.self) {
      try JSONChecker.check(Array("[]".utf8))
    }
    #expect(error.message == "expected a JSON object (every payload is a model), found array")
  }

  @Test func depthCountsTheTopLevelObject() throws {
    let nested = String(repeating: #"{"a":"#, count: 64) + "1" + String(repeating: "}", count: 64)
    try JSONChecker.check(Array(nested.utf8), maxDepth: 64)
    let deeper = String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)
    let error = try #require(throws: JSONSyntaxError.self) {
      try JSONChecker.check(Array(deeper.utf8), maxDepth: 64)
    }
    #expect(error.payloadOffset == 64 * 5)
    #expect(error.path.components.count == 64)
  }

  @Test func deepArraysFailWithoutExhaustingTheStack() throws {
    let bytes = Array(#"{"a":"#.utf8) + [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
    let error = try #require(throws: JSONSyntaxError.self) {
      try JSONChecker.check(bytes, maxDepth: 64)
    }
    #expect(error.payloadOffset == 5 + 63)
  }
}
