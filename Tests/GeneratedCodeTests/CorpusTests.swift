import Foundation
import StreamTypes
import Testing

/// The code generated from `Corpus.yaml` and `CorpusShared.yaml`, which together use every
/// row of the schema language's tables.
@Suite struct CorpusTests {
  static let leaf = Leaf(name: "oak", weight: 2, exclusive: 0.25, tags: ["a"], attributes: ["h": 3])

  static let everything = AllTypes(
    text: "multi\nline \"quoted\" ✓",
    count: Int.max,
    ratio: -0.125,
    flag: true,
    at: Date(timeIntervalSince1970: 1_795_514_400.5),
    anything: .object(["k": .array([.int(1), .double(2.5), .null, .bool(false), .string("s")])]),
    listAngle: [1, 2, 3],
    listBracket: ["a", ""],
    listFlow: [0.5],
    nestedLists: [[1], [], [2, 3]],
    mapOfLists: ["x": ["y", "z"], "empty": []],
    listOfMaps: [["t": true], [:]],
    maybeText: "present",
    maybeFlag: nil,
    maybeModels: [leaf, nil],
    dates: [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1.000001)],
    maybeDate: nil,
    dateMap: ["epoch": Date(timeIntervalSince1970: 0)],
    color: .lightBlue,
    colors: ["a": .notSet, "b": ._1080p, "c": .default],
    leaf: leaf,
    leaves: [leaf, leaf],
    leafMap: ["one": leaf],
    nestedLeaves: [[leaf], []]
  )

  @Test func everyTypeRoundTrips() throws {
    let data = try JSONEncoder().encode(Self.everything)
    let decoded = try JSONDecoder().decode(AllTypes.self, from: data)
    #expect(decoded == Self.everything)
    let direct = try JSONDecoder().decode(
      AllTypes.self,
      from: Data(JSONWriter.encode(Self.everything))
    )
    #expect(direct == Self.everything)
  }

  @Test func memberwiseDefaultsMatchTheSchema() {
    let value = Self.everything
    #expect(value.withDefault == 42)
    #expect(value.defaultText == "he said \"hi\"\n")
    #expect(value.defaultList == [1, 2.5])
    #expect(value.defaultMap == ["a": 1, "b": 2])
    #expect(value.defaultColor == .lightBlue)
    #expect(value.defaultDate == Date(timeIntervalSince1970: 1_795_514_400.25))
    #expect(
      value.defaultJson == .object(["k": .array([.int(1), .string("two"), .null, .bool(true)])])
    )
    #expect(value.defaultLeaf == Leaf(name: "root"))
    #expect(value.defaultLeaf.weight == 1 && value.defaultLeaf.exclusive == 0.5)
    #expect(value.defaultNull == nil)
    #expect(value.defaultOptional == 7)
    #expect(value.customName == "x")
  }

  @Test func absentKeysTakeDefaultsAndNullKeepsOptionalDefaultsNil() throws {
    var object =
      try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.everything))
      as! [String: Any]
    for key in [
      "with_default", "default_text", "default_list", "default_map", "default_color",
      "default_date", "default_json", "default_leaf", "default_null", "default_optional",
      "renamed", "maybe_text", "maybe_flag", "maybe_date",
    ] {
      object.removeValue(forKey: key)
    }
    object["default_optional"] = NSNull()
    let decoded = try JSONDecoder().decode(
      AllTypes.self,
      from: JSONSerialization.data(withJSONObject: object)
    )
    #expect(decoded.withDefault == 42)
    #expect(decoded.defaultDate == Date(timeIntervalSince1970: 1_795_514_400.25))
    #expect(decoded.defaultLeaf == Leaf(name: "root"))
    #expect(decoded.defaultOptional == nil)
    #expect(decoded.maybeText == nil && decoded.maybeFlag == nil && decoded.maybeDate == nil)
    #expect(decoded.customName == "x")
  }

  @Test func wireNamesStayAsWritten() throws {
    let object =
      try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.everything))
      as! [String: Any]
    #expect(object["list_angle"] != nil && object["renamed"] as? String == "x")
    #expect((object["colors"] as? [String: String])?["b"] == "1080p")
    #expect(object["at"] as? String == "2026-11-24T10:00:00.500000Z")
    #expect(object["maybe_date"] is NSNull)
  }

  @Test func swiftKeywordsAsFieldNames() throws {
    // `Type` becomes `type`, the lowerCamelCase of the wire name; the others need backticks.
    let value = Keywords(class: "c", default: 1, self: true, type: "t", protocol: nil)
    #expect(value.`class` == "c" && value.`default` == 1 && value.`self` && value.type == "t")
    #expect(value.`init` == 0 && value.httpStatus == 200 && value._private == 1)
    let json = String(decoding: JSONWriter.encode(value), as: UTF8.self)
    #expect(
      json
        == #"{"class":"c","default":1,"self":true,"Type":"t","init":0,"protocol":null,"HTTPStatus":200,"_private":1}"#
    )
    #expect(try JSONDecoder().decode(Keywords.self, from: Data(json.utf8)) == value)
  }

  @Test func recursionThroughListsAndMaps() throws {
    let tree = Tree(
      label: "root",
      children: [
        Tree(label: "a", children: []),
        Tree(label: "b", children: [Tree(label: "c", children: [])]),
      ],
      byName: ["d": Tree(label: "d", children: [], byName: ["e": Tree(label: "e", children: [])])]
    )
    #expect(try JSONDecoder().decode(Tree.self, from: JSONEncoder().encode(tree)) == tree)
  }

  @Test func typesSharedAcrossFiles() throws {
    #expect(Forest.Footer.self == Shared.self)
    expectViolation(Shared.self, #"{"trees":1,"extra":true}"#, path: "$.extra")
    expectViolation(Shared.self, #"{"trees":1,"note":"much too long"}"#, path: "$.note")
    expectViolation(
      Shared.self,
      #"{"trees":1,"ids":[]}"#,
      path: "$.ids",
      expected: "at least 1 items"
    )
  }

  @Test func inlineModelsAreNamedAfterTheirStream() throws {
    #expect(Everything.Header.self == EverythingHeader.self)
    #expect(Everything.Footer.self == EverythingFooter.self)
    expectViolation(EverythingFooter.self, #"{"count":1,"more":2}"#, path: "$.more")
    #expect(!declaresHeaderByConformance(ItemsOnly.self))
    #expect(!declaresFooterByConformance(ItemsOnly.self))
    #expect(declaresFooterByConformance(Everything.self))
  }

  @Test func everyLeafConstraintIsEnforced() {
    let cases: [(String, String, String)] = [
      (#"{"name":""}"#, "$.name", "string of at least 1 Unicode scalars"),
      (#"{"name":"abcdefghi"}"#, "$.name", "string of at most 8 Unicode scalars"),
      (#"{"name":"Oak"}"#, "$.name", "string matching /^[a-z]+$/"),
      (#"{"name":"oak","weight":-1}"#, "$.weight", "number >= 0.0"),
      (#"{"name":"oak","weight":10.5}"#, "$.weight", "number <= 10.0"),
      (#"{"name":"oak","exclusive":0}"#, "$.exclusive", "number > 0.0"),
      (#"{"name":"oak","exclusive":1}"#, "$.exclusive", "number < 1.0"),
      (#"{"name":"oak","tags":["a","b","c","d"]}"#, "$.tags", "at most 3 items"),
      (#"{"name":"oak","attributes":{"a":1,"b":2,"c":3}}"#, "$.attributes", "at most 2 items"),
    ]
    for (json, path, expected) in cases {
      expectViolation(Leaf.self, json, path: path, expected: expected)
    }
  }

  /// Generated models check their constraints as they are written, instead of being
  /// validated first: the writer must refuse exactly the values `validate` refuses, with
  /// `validate`'s first violation, nested models included.
  @Test func writingRefusesWhatValidateRefuses() throws {
    #expect(Leaf.checksConstraintsWhileWriting && AllTypes.checksConstraintsWhileWriting)
    let leaves = [
      Self.leaf, Leaf(name: ""), Leaf(name: "abcdefghi"), Leaf(name: "Oak"),
      Leaf(name: "oak", weight: -1), Leaf(name: "oak", weight: 10.5),
      Leaf(name: "oak", weight: .nan), Leaf(name: "oak", exclusive: 0),
      Leaf(name: "oak", exclusive: 1), Leaf(name: "oak", tags: ["a", "b", "c", "d"]),
      Leaf(name: "oak", attributes: ["a": 1, "b": 2, "c": 3]), Leaf(name: "", weight: -1),
    ]
    var refused = 0
    for leaf in leaves { refused += try Self.expectWriterAgreesWithValidate(leaf) }
    var values: [AllTypes] = []
    for index in 0..<5 {
      var value = Self.everything
      switch index {
      case 0: value.leaves[1].name = ""
      case 1: value.leafMap["one"]!.weight = -1
      case 2: value.maybeModels = [nil, Leaf(name: "oak", exclusive: 2)]
      case 3: value.nestedLeaves = [[], [Self.leaf, Leaf(name: "x", tags: ["", "", "", ""])]]
      default:
        value.leaf.name = "A"
        value.leaves[0].weight = 11
      }
      values.append(value)
    }
    for value in values { refused += try Self.expectWriterAgreesWithValidate(value) }
    for shared in [
      Shared(trees: -1), Shared(trees: 1, note: "much too long"), Shared(trees: 1, ids: []),
    ] {
      var writer = StreamWriter<Forest>()
      _ = try writer.yieldItem(Tree(label: "a", children: []))
      #expect(throws: StreamError.self) { try writer.yieldFooter(shared) }
      // A refused footer leaves the writer as it was: a valid one can follow.
      #expect(writer.framesWritten == 1)
      _ = try writer.yieldFooter(Shared(trees: 1, note: "short"))
      refused += 1
    }
    #expect(refused == leaves.count - 1 + values.count + 3)
  }

  /// Whether `PayloadCodec.encode` refused `value` (1) or not (0), checking that it did
  /// exactly when `validate` throws, with the same violation.
  static func expectWriterAgreesWithValidate<T: StreamModel>(
    _ value: T,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Int {
    var expected: SchemaViolation?
    do {
      try value.validate()
    } catch let violation as SchemaViolation {
      expected = violation
    }
    let location = PayloadLocation(offset: 0, frameIndex: 0, frameKind: .item)
    do {
      _ = try PayloadCodec.encode(value, at: location)
      #expect(
        expected == nil,
        "written despite \(String(describing: expected))",
        sourceLocation: sourceLocation
      )
      return 0
    } catch {
      #expect(error.code == .invalidPayload, sourceLocation: sourceLocation)
      #expect(error.path == expected?.path, sourceLocation: sourceLocation)
      #expect(error.expected == expected?.expected, sourceLocation: sourceLocation)
      #expect(error.found == expected?.found, sourceLocation: sourceLocation)
      return 1
    }
  }

  @Test func modelsWithoutFields() async throws {
    #expect(String(decoding: JSONWriter.encode(PingsItem()), as: UTF8.self) == "{}")
    #expect(try JSONDecoder().decode(PingsItem.self, from: Data(#"{"any":1}"#.utf8)) == PingsItem())
    #expect(try JSONDecoder().decode(PingsFooter.self, from: Data("{}".utf8)) == PingsFooter())
    expectViolation(PingsFooter.self, #"{"late":true}"#, path: "$.late")
    var writer = StreamWriter<Pings>()
    var bytes = try writer.yieldItem(PingsItem())
    bytes += try writer.yieldFooter(PingsFooter())
    var values: [StreamEvent<Pings>] = []
    let chunks = AsyncStream<[UInt8]> { continuation in
      continuation.yield(bytes)
      continuation.finish()
    }
    for try await event in StreamReader<Pings>(chunks).events() { values.append(event) }
    #expect(values == [.item(PingsItem()), .footer(PingsFooter())])
  }

  @Test func enumCaseNamesAreDerivedAndRawValuesKept() {
    #expect(Color.allCases.map(\.rawValue) == ["red", "light-blue", "NOT_SET", "1080p", "default"])
    #expect(Color.lightBlue.rawValue == "light-blue")
  }
}
