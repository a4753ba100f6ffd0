/// How schema names become Python names: module names, attribute names and enum member
/// names. Type names (`^[A-Z][A-Za-z0-9]*$`) are kept as they are in both languages.
enum PythonNames {
  /// Python's keywords (soft keywords such as `match` and `type` are valid names).
  static let keywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
    "try", "while", "with", "yield",
  ]

  /// Names a field may not take in a generated model: the modules and builtins its
  /// annotations use (a field of that name would hide them in the class body) and the
  /// attributes of `pydantic.BaseModel` (a field would shadow them).
  static let reservedAttributes: Set<String> = [
    "base64", "datetime", "enum", "importlib", "math", "numpy", "pydantic", "re", "typing",
    "bool", "bytes", "float", "int", "str",
    "construct", "copy", "dict", "from_orm", "json", "parse_file", "parse_obj", "parse_raw",
    "schema", "schema_json", "update_forward_refs", "validate", "model_computed_fields",
    "model_config", "model_construct", "model_copy", "model_dump", "model_dump_json",
    "model_extra", "model_fields", "model_fields_set", "model_json_schema",
    "model_parametrized_name", "model_post_init", "model_rebuild", "model_validate",
    "model_validate_json", "model_validate_strings",
  ]

  /// `Transcription.yaml` -> `transcription_streamtypes`: the snake case of the file's base
  /// name, with a suffix that keeps the module apart from a project's own modules and from
  /// the standard library.
  static func moduleName(forSchemaPath path: String) -> String {
    let fileName = path.split(separator: "/").last.map(String.init) ?? path
    let parts = fileName.split(separator: ".", omittingEmptySubsequences: false)
    let base = parts.count > 1 ? parts.dropLast().joined(separator: ".") : fileName
    var name = snakeCase(base)
    if name.isEmpty || name.first!.isNumber { name = "schema_" + name }
    return name + "_streamtypes"
  }

  /// `TranscriptionSegments` -> `transcription_segments`, `OpenAIChat` -> `open_ai_chat`;
  /// characters that cannot be in a Python name become `_`.
  static func snakeCase(_ text: String) -> String {
    var result = ""
    var previous: Character? = nil
    let characters = Array(text)
    for (index, character) in characters.enumerated() {
      if character.isASCII, character.isUppercase {
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        if let previous, previous.isASCII,
          previous.isLowercase || previous.isNumber
            // The last capital of an acronym starts the next word: `AIChat` -> `ai_chat`.
            || (previous.isUppercase && next.map { $0.isASCII && $0.isLowercase } == true)
        {
          result += "_"
        }
        result += character.lowercased()
      } else if character.isASCII, character.isLetter || character.isNumber || character == "_" {
        result.append(character)
      } else {
        result += "_"
      }
      previous = character
    }
    return result
  }

  /// The Python attribute of each wire name of a model, in order: the wire name itself when
  /// it can be one, otherwise a name the field's alias maps to the wire name (`from` ->
  /// `from_`, `_id` -> `id_`). `taken` holds names the attribute may not take (the module's
  /// type names).
  static func attributes(forWireNames wireNames: [String], taken: Set<String>) -> [String] {
    var used: Set<String> = []
    return wireNames.map { wireName in
      var name = wireName
      var underscores = 0
      while name.hasPrefix("_") {
        name.removeFirst()
        underscores += 1
      }
      if name.isEmpty { name = "field" }
      name += String(repeating: "_", count: underscores)
      while keywords.contains(name) || reservedAttributes.contains(name) || taken.contains(name)
        || used.contains(name)
      {
        name += "_"
      }
      used.insert(name)
      return name
    }
  }

  /// The member names of an enum's values: `pcm_f32le` -> `PCM_F32LE`; distinct, valid
  /// Python names that never start with an underscore.
  static func enumMembers(forValues values: [String]) -> [String] {
    var used: Set<String> = []
    return values.map { value in
      var name = ""
      for scalar in value.unicodeScalars {
        let isWord =
          scalar.isASCII
          && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            || ("0"..."9").contains(scalar) || scalar == "_")
        name += isWord ? String(scalar).uppercased() : "_"
      }
      if name.isEmpty || name.first!.isNumber || name.first == "_" { name = "V_" + name }
      var candidate = name
      var counter = 2
      while used.contains(candidate) || keywords.contains(candidate) {
        candidate = "\(name)_\(counter)"
        counter += 1
      }
      used.insert(candidate)
      return candidate
    }
  }
}
