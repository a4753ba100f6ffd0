import Foundation
import Testing

@testable import StreamTypesCompiler

/// One broken schema of `BrokenSchemas/` and every diagnostic it must produce, exactly.
struct BrokenSchema: CustomTestStringConvertible, Sendable {
  /// The files compiled together; the first names the case.
  var files: [String]
  var expected: [String]

  init(_ files: String..., expect expected: [String]) {
    self.files = files
    self.expected = expected
  }

  var testDescription: String { files[0] }
}

@Suite struct BrokenSchemaTests {
  static let cases: [BrokenSchema] = [
    BrokenSchema(
      "alias-bomb.yaml",
      expect: [
        "alias-bomb.yaml:5:36: error: the document expands to more than 100000 nodes through aliases (an alias bomb?); the limit is 100000 nodes"
      ]
    ),
    BrokenSchema(
      "bad-additional-fields.yaml",
      expect: [
        "bad-additional-fields.yaml:5:24: error: 'additional_fields' must be 'ignore' (skip unknown keys, the default) or 'forbid' (reject them), found 'allow'"
      ]
    ),
    BrokenSchema(
      "bad-default-type.yaml",
      expect: [
        "bad-default-type.yaml:6:37: error: the default of field 'retries' must be an integer, found the string 'three'"
      ]
    ),
    BrokenSchema(
      "bad-field-name.yaml",
      expect: [
        "bad-field-name.yaml:6:7: error: field name 'first-name' in model 'Message' must start with a letter or '_' and contain only letters, digits and '_'"
      ]
    ),
    BrokenSchema(
      "bad-pattern.yaml",
      expect: [
        "bad-pattern.yaml:6:37: error: 'pattern' is not a valid regular expression: missing ')' to close the group (at offset 0)"
      ]
    ),
    BrokenSchema(
      "bad-stream-name.yaml",
      expect: [
        "bad-stream-name.yaml:2:3: error: stream name 'chat_stream' must be UpperCamelCase: a capital letter, then letters and digits, e.g. 'ChatStream'",
        "bad-stream-name.yaml:4:3: warning: type 'Message' is not used by any stream (it is still generated)",
      ]
    ),
    BrokenSchema(
      "camel-case-collision.yaml",
      expect: [
        "camel-case-collision.yaml:7:7: error: fields 'duration_sec' and 'durationSec' both become the Swift property 'durationSec' in model 'Message'; set 'swift_name' on one of them",
        "camel-case-collision.yaml:6:7: note: 'duration_sec' defined here",
      ]
    ),
    BrokenSchema(
      "constraint-bad-value.yaml",
      expect: [
        "constraint-bad-value.yaml:6:40: error: 'max_length' must be a non-negative integer"
      ]
    ),
    BrokenSchema(
      "constraint-min-above-max.yaml",
      expect: [
        "constraint-min-above-max.yaml:6:7: error: the lower bound 5 of field 'score' is above its upper bound 1; no value can pass"
      ]
    ),
    BrokenSchema(
      "constraint-wrong-type.yaml",
      expect: [
        "constraint-wrong-type.yaml:6:35: error: 'pattern' applies to string fields, but field 'count' is int"
      ]
    ),
    BrokenSchema(
      "cycle.yaml",
      expect: [
        "cycle.yaml:4:3: error: models form a cycle that is not through a list or map: Person -> Company -> Person; make one of these fields a list or a map, or remove it"
      ]
    ),
    BrokenSchema(
      "default-breaks-constraint.yaml",
      expect: [
        "default-breaks-constraint.yaml:6:67: error: the default of field 'temperature' breaks its own constraint 'maximum': expected number <= 2.0, found 2.5"
      ]
    ),
    BrokenSchema(
      "default-string-unquoted-number.yaml",
      expect: [
        "default-string-unquoted-number.yaml:6:40: error: the default of field 'version' must be a string, but 1.0 is read as a number; quote it as \"1.0\""
      ]
    ),
    BrokenSchema(
      "default-unknown-enum-value.yaml",
      expect: [
        "default-unknown-enum-value.yaml:6:35: error: the default of field 'role' must be one of user, assistant, found the string 'admin'"
      ]
    ),
    BrokenSchema(
      "duplicate-type-across-files.yaml",
      "duplicate-type-across-files-2.yml",
      expect: [
        "duplicate-type-across-files.yaml:5:3: error: 'Message' is defined twice; rename one of them",
        "duplicate-type-across-files-2.yml:2:3: note: 'Message' first defined here",
      ]
    ),
    BrokenSchema(
      "duplicate-yaml-key.yaml",
      expect: [
        "duplicate-yaml-key.yaml:5:3: error: duplicate key 'Message'",
        "duplicate-yaml-key.yaml:4:3: note: 'Message' first defined here",
      ]
    ),
    BrokenSchema(
      "enum-case-collision.yaml",
      expect: [
        "enum-case-collision.yaml:6:25: error: enum values 'in-progress' and 'in_progress' both become the Swift case 'inProgress'; rename one of them",
        "enum-case-collision.yaml:6:12: note: 'in-progress' listed here",
      ]
    ),
    BrokenSchema(
      "enum-duplicate-value.yaml",
      expect: [
        "enum-duplicate-value.yaml:6:26: error: enum value 'open' appears twice in 'State'",
        "enum-duplicate-value.yaml:6:12: note: 'open' first listed here",
      ]
    ),
    BrokenSchema(
      "enum-unquoted-bool.yaml",
      expect: [
        "enum-unquoted-bool.yaml:6:19: error: enum value true is read as a boolean; enum values are strings: quote it as \"true\"",
        "enum-unquoted-bool.yaml:6:25: error: enum value false is read as a boolean; enum values are strings: quote it as \"false\"",
      ]
    ),
    BrokenSchema(
      "foreign-type-name.yaml",
      expect: [
        "foreign-type-name.yaml:6:14: error: unknown type 'integer'; write 'int'"
      ]
    ),
    BrokenSchema(
      "inline-name-collision.yaml",
      expect: [
        "inline-name-collision.yaml:6:3: error: 'ChatHeader' is defined twice: as the inline header of stream 'Chat' and as a model; rename one of them",
        "inline-name-collision.yaml:3:13: note: 'ChatHeader' first defined here",
      ]
    ),
    BrokenSchema(
      "item-is-enum.yaml",
      expect: [
        "item-is-enum.yaml:2:16: error: the item of stream 'Chat' must be a model, but 'Role' is an enum; wrap it in a model with a field of that enum",
        "item-is-enum.yaml:4:3: warning: type 'Role' is not used by any stream (it is still generated)",
      ]
    ),
    BrokenSchema(
      "list-type-two-elements.yaml",
      expect: [
        "list-type-two-elements.yaml:6:13: error: a list type names exactly one element type, as in [Word]; found 2 elements"
      ]
    ),
    BrokenSchema(
      "many-errors.yaml",
      expect: [
        "many-errors.yaml:2:33: error: unknown type 'Summry' for the footer of stream 'Chat'",
        "many-errors.yaml:6:20: error: unknown type 'strng'; did you mean 'string'?",
        "many-errors.yaml:7:35: error: the default of field 'count' must be an integer, found the string '7'",
        "many-errors.yaml:8:3: warning: type 'Unused' is not used by any stream (it is still generated)",
      ]
    ),
    BrokenSchema(
      "missing-field-type.yaml",
      expect: [
        "missing-field-type.yaml:6:7: error: field 'text' in model 'Message' has no 'type'; add one, such as 'type: string'"
      ]
    ),
    BrokenSchema(
      "model-and-enum.yaml",
      expect: [
        "model-and-enum.yaml:4:3: error: type 'Message' has both 'fields' and 'enum'; a type is either a model or an enum"
      ]
    ),
    BrokenSchema(
      "pattern-backreference.yaml",
      expect: [
        "pattern-backreference.yaml:6:37: error: 'pattern' uses a backreference '\\1' (at offset 5), which needs a backtracking engine; patterns are matched in linear time, without backreferences, lookahead or lookbehind",
        "pattern-backreference.yaml:7:36: error: 'pattern' uses a lookahead '(?=' (at offset 7), which needs a backtracking engine; patterns are matched in linear time, without backreferences, lookahead or lookbehind",
      ]
    ),
    BrokenSchema(
      "pattern-default-mismatch.yaml",
      expect: [
        "pattern-default-mismatch.yaml:6:58: error: the default of field 'word' breaks its own constraint 'pattern': expected string matching /^(a|b)+$/, found \"abc\"",
        "pattern-default-mismatch.yaml:7:58: error: the default of field 'wordy' breaks its own constraint 'pattern': expected string matching /\\bcat\\b/, found \"concat\"",
      ]
    ),
    BrokenSchema(
      "pattern-lookbehind.yaml",
      expect: [
        "pattern-lookbehind.yaml:6:38: error: 'pattern' uses a lookbehind '(?<!' (at offset 0), which needs a backtracking engine; patterns are matched in linear time, without backreferences, lookahead or lookbehind"
      ]
    ),
    BrokenSchema(
      "pattern-too-large.yaml",
      expect: [
        "pattern-too-large.yaml:8:18: error: 'pattern' is too large: it compiles to more than 20000 instructions; lower the repetition counts",
        "pattern-too-large.yaml:9:38: error: 'pattern' is too large: the repetition count 5000 (at offset 1) is above 1000",
      ]
    ),
    BrokenSchema(
      "pattern-unsupported.yaml",
      expect: [
        "pattern-unsupported.yaml:6:40: error: 'pattern' uses a Unicode property escape '\\p' (at offset 1), which is not supported",
        "pattern-unsupported.yaml:7:38: error: 'pattern' is not a valid regular expression: '{' must start a repetition {n}, {n,} or {n,m}; write '\\{' for a brace (at offset 1)",
      ]
    ),
    BrokenSchema(
      "reserved-member-name.yaml",
      expect: [
        "reserved-member-name.yaml:6:7: error: field 'hashValue' would become the Swift property 'hashValue', which 'Hashable' declares; set 'swift_name', such as 'hashValueValue'"
      ]
    ),
    BrokenSchema(
      "reserved-type-name.yaml",
      expect: [
        "reserved-type-name.yaml:5:3: error: 'Foundation' is reserved: a type named 'Foundation' would hide the module 'Foundation', through which the generated code names the types it uses; choose another name, such as 'FoundationValue'"
      ]
    ),
    BrokenSchema(
      "root-is-list.yaml",
      expect: [
        "root-is-list.yaml:1:1: error: a schema file must be a mapping of the keys 'streams', 'types' and 'description'"
      ]
    ),
    BrokenSchema(
      "sse-mistakes.yaml",
      expect: [
        "sse-mistakes.yaml:40:7: error: unknown key 'evnet_name' in 'sse' of stream 'ErrorIsEnum' (allowed: 'header_event', 'item_event', 'footer_event', 'error_event', 'done_data')",
        "sse-mistakes.yaml:38:12: error: the error of stream 'ErrorIsEnum' must be a model, but 'Level' is an enum; wrap it in a model with a field of that enum",
        "sse-mistakes.yaml:6:21: error: stream 'NoHeader' declares no header, so 'header_event' names nothing; add 'header: ModelName' to the stream or remove 'header_event'",
        "sse-mistakes.yaml:11:21: error: 'header_event' must not be empty: an event without a name is an item",
        "sse-mistakes.yaml:19:21: error: 'footer_event' and 'header_event' of stream 'SameNames' are both 'begin'; a reader could not tell the parts apart",
        "sse-mistakes.yaml:20:20: error: 'error_event' must be one line of text: it is written on an 'event:' line",
        "sse-mistakes.yaml:21:19: error: 'item_event' and 'header_event' of stream 'SameNames' are both 'begin'; a reader could not tell the parts apart",
        "sse-mistakes.yaml:25:19: error: 'item_event: discriminator' names each item event by its item's tag, but the item of stream 'NotAUnion', 'Event', is not a union ('one_of' with a 'discriminator')",
        "sse-mistakes.yaml:26:18: error: 'done_data' '{\"done\": true}' looks like a JSON object, which a part could carry; choose text that is not an object, such as '[DONE]'",
        "sse-mistakes.yaml:33:19: error: member 'Text' of union 'Delta' has the tag 'text', which is the stream's 'error_event'; with 'item_event: discriminator' its events would be read as that part",
        "sse-mistakes.yaml:33:19: error: member 'Started' of union 'Delta' has the tag 'started', which is the stream's 'header_event'; with 'item_event: discriminator' its events would be read as that part",
        "sse-mistakes.yaml:35:18: error: 'done_data' must be one line of text, such as '[DONE]'; the event whose data is exactly that text ends the stream",
        "sse-mistakes.yaml:58:3: warning: type 'Level' is not used by any stream (it is still generated)",
      ]
    ),
    BrokenSchema(
      "stream-without-item.yaml",
      expect: [
        "stream-without-item.yaml:2:3: error: stream 'Chat' has no 'item'; add 'item: ModelName', or an inline model such as 'item: {fields: {text: string}}'",
        "stream-without-item.yaml:5:3: warning: type 'Message' is not used by any stream (it is still generated)",
      ]
    ),
    BrokenSchema(
      "syntax-error.yaml",
      expect: [
        "syntax-error.yaml:3:6: error: YAML syntax error: did not find expected ',' or '}' while parsing a flow mapping",
        "syntax-error.yaml:2:9: note: the flow mapping starts here",
      ]
    ),
    BrokenSchema(
      "tab-indentation.yaml",
      expect: [
        "tab-indentation.yaml:3:1: error: tabs are not allowed in YAML indentation; indent with spaces"
      ]
    ),
    BrokenSchema(
      "unknown-field-key.yaml",
      expect: [
        "unknown-field-key.yaml:6:28: error: unknown key 'min_lenght' in field 'text'; did you mean 'min_length'?"
      ]
    ),
    BrokenSchema(
      "unknown-model-key.yaml",
      expect: [
        "unknown-model-key.yaml:5:5: error: unknown key 'feilds' in model 'Message'; did you mean 'fields'?"
      ]
    ),
    BrokenSchema(
      "unknown-root-key.yaml",
      expect: [
        "unknown-root-key.yaml:1:1: error: unknown key 'stream' at the top of the schema; did you mean 'streams'?",
        "unknown-root-key.yaml:5:3: warning: type 'Message' is not used by any stream (it is still generated)",
      ]
    ),
    BrokenSchema(
      "unknown-stream-item-type.yaml",
      expect: [
        "unknown-stream-item-type.yaml:2:16: error: unknown type 'Mesage' for the item of stream 'Chat'; did you mean 'Message'?",
        "unknown-stream-item-type.yaml:4:3: warning: type 'Message' is not used by any stream (it is still generated)",
      ]
    ),
    BrokenSchema(
      "unknown-stream-key.yaml",
      expect: [
        "unknown-stream-key.yaml:3:5: error: unknown key 'items' in stream 'Chat'; did you mean 'item'?",
        "unknown-stream-key.yaml:5:3: warning: type 'Message' is not used by any stream (it is still generated)",
      ]
    ),
    BrokenSchema(
      "unknown-type-name.yaml",
      expect: [
        "unknown-type-name.yaml:6:14: error: unknown type 'Wrod'; did you mean 'Word'?",
        "unknown-type-name.yaml:7:3: warning: type 'Word' is not used by any stream (it is still generated)",
      ]
    ),
    BrokenSchema(
      "unparseable-type.yaml",
      expect: [
        "unparseable-type.yaml:6:26: error: map keys are always strings: write 'map<T>' with the value type only, e.g. 'map<int>' for string keys and int values"
      ]
    ),
    BrokenSchema(
      "const-does-not-fit.yaml",
      expect: [
        "const-does-not-fit.yaml:7:35: error: the const of field 'version' must be an integer, found the string '2'",
        "const-does-not-fit.yaml:8:35: error: 'const' applies to string, int and bool fields, but field 'ratio' is float",
        "const-does-not-fit.yaml:9:46: error: field 'tag' has both 'const' and 'default'; a constant is always written, so it takes no default",
        "const-does-not-fit.yaml:10:35: error: field 'note' has a 'const', so it is always present; it cannot be optional",
        "const-does-not-fit.yaml:11:36: error: the const of field 'short' breaks its own constraint 'max_length': expected string of at most 3 Unicode scalars, found 7 (\"toolong\")",
        "const-does-not-fit.yaml:12:33: error: the const of field 'flag' must be true or false, found the string 'yes'",
      ]
    ),
    BrokenSchema(
      "ndarray-mistakes.yaml",
      expect: [
        "ndarray-mistakes.yaml:7:24: error: unknown ndarray dtype 'float16'; did you mean 'float32'? (numpy's names: float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64, bool)",
        "ndarray-mistakes.yaml:8:12: error: 'ndarray' needs an element dtype: write 'ndarray<float32>' (one of float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64, bool)",
        "ndarray-mistakes.yaml:9:40: error: 'shape' applies to ndarray fields, but field 'shaped' is [float]",
        "ndarray-mistakes.yaml:10:50: error: 'shape' must be a list of non-negative integers or null (any size), such as 'shape: [null, 80]'",
        "ndarray-mistakes.yaml:13:14: error: unknown type 'int8'; did you mean 'int'?",
        "ndarray-mistakes.yaml:11:55: error: the default of field 'with_default': an ndarray field takes no default; make it optional instead",
        "ndarray-mistakes.yaml:12:36: error: the default of field 'blob' is not base64: \" \" at index 3, not a base64 character in \"not base64!\"",
      ]
    ),
    BrokenSchema(
      "union-cycle.yaml",
      expect: [
        "union-cycle.yaml:5:3: error: models form a cycle that is not through a list or map: Node -> Branch -> Node; make one of these fields a list or a map, or remove it"
      ]
    ),
    BrokenSchema(
      "union-malformed.yaml",
      expect: [
        "union-malformed.yaml:8:14: error: 'unknown' must be 'error' (a tag that names no member is an error, the default) or 'keep' (kept as the union's 'unknown' case), found 'ignore'",
        "union-malformed.yaml:9:3: error: union 'NoTag' has no 'discriminator'; name the field whose constant tells the members apart, such as 'discriminator: type'",
        "union-malformed.yaml:11:3: error: type 'Both' has 'one_of' and 'fields'; a union lists its member models in 'one_of' and declares no fields of its own",
        "union-malformed.yaml:16:13: error: 'one_of' of union 'Empty' must be a non-empty list of model names, such as 'one_of: [TextDelta, InputJSONDelta]'",
      ]
    ),
    BrokenSchema(
      "union-member-discriminator.yaml",
      expect: [
        "union-member-discriminator.yaml:6:21: error: model 'Stop', a member of union 'Event', has no field 'type', the union's discriminator; add one with a constant, such as 'type: {type: string, const: stop}'",
        "union-member-discriminator.yaml:16:7: error: field 'type' of model 'Pause' must have a 'const' string to tell the members of union 'Event' apart, such as 'type: {type: string, const: pause}'",
        "union-member-discriminator.yaml:19:7: error: members 'Start' and 'Resume' of union 'Event' both have 'type' \"start\"; each member needs its own constant",
        "union-member-discriminator.yaml:10:7: note: 'Start' has it here",
      ]
    ),
    BrokenSchema(
      "union-member-not-model.yaml",
      expect: [
        "union-member-not-model.yaml:6:21: error: the members of union 'Event' must be models, but 'Color' is an enum",
        "union-member-not-model.yaml:6:28: error: the members of union 'Event' must be models, but 'Other' is a union; list its members instead",
        "union-member-not-model.yaml:6:35: error: unknown type 'Missing' in union 'Event'",
        "union-member-not-model.yaml:6:44: error: 'Start' is listed twice in union 'Event'",
        "union-member-not-model.yaml:6:14: note: 'Start' first listed here",
      ]
    ),
  ]

  @Test(arguments: cases)
  func reportsExactDiagnostics(_ schema: BrokenSchema) throws {
    let inputs = try schema.files.map { name in
      let path = Repository.path("Tests/StreamTypesCompilerTests/BrokenSchemas/\(name)")
      return GeneratorPipeline.Input(path: name, contents: try SchemaFiles.read(path))
    }
    let result = GeneratorPipeline.check(inputs)
    #expect(result.diagnostics.map(\.description) == schema.expected)
    #expect(result.hasErrors)
    #expect(result.module == nil)
  }

  /// Every file of the corpus is exercised by a case, so none is forgotten.
  @Test func everyFileHasACase() throws {
    let directory = Repository.path("Tests/StreamTypesCompilerTests/BrokenSchemas")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    let covered = Set(Self.cases.flatMap(\.files))
    #expect(files.filter { !covered.contains($0) } == [])
    #expect(Self.cases.count >= 30)
  }
}
