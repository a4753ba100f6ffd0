import Foundation
@_spi(StreamTypesInternals) @_spi(Generated) import StreamTypes

/// A checked schema compiled to flat tables, for a single pass over a payload's bytes that
/// builds no values: the fast path of ``StreamValidator``.
///
/// The pass answers only "certainly valid" or "not sure". It accepts a payload only when
/// the full path (``JSONChecker`` + ``SchemaInterpreter``) would accept it too, and says
/// "not sure" for anything invalid or unusual (escaped keys, repeated keys, integers
/// written as `1.0`, numbers near the limits, escaped strings under a length constraint,
/// ...). The validator then runs the full path, which gives the error. So errors, and
/// which payloads pass, are those of the full path by construction; the fast path only
/// saves time on the common case. A differential test holds the two to it.
final class PayloadPrecheck: @unchecked Sendable {  // Immutable after init.
  enum Kind: UInt8 {
    case int, float, string, bool, datetime, json, enumeration, optional, list, map, model
    /// A type the pass does not read from bytes: it says "not sure".
    case notSure
  }

  /// One type at one place of the schema: a field's type with the field's constraints, or
  /// an element's type. Small, so that the pass copies little per value.
  struct Node {
    var kind: Kind
    /// The wrapped, element or value node; the model or enum index.
    var child: Int32 = 0
    /// Index into `constraintRanges`, or -1.
    var constraints: Int32 = -1
    /// Whether every constraint measures a length (so a string's may be counted from its
    /// bytes).
    var lengthsOnly = false
    /// Whether every constraint is a bound on the number (a minimum or maximum, inclusive
    /// or not), so that holding at both ends of a range of numbers, they hold inside.
    var boundsOnly = false

    init(kind: Kind, child: Int = 0) {
      self.kind = kind
      self.child = Int32(child)
    }
  }

  struct Field {
    /// The wire name's bytes in `keyBytes`.
    var keyStart: Int
    var keyCount: Int
    /// The wire name's first eight bytes as a little-endian word, zero past its end: most
    /// keys are decided by one comparison with `PrecheckPass.keyHead`.
    var keyHead: UInt64
    var node: Int
  }

  struct Model {
    var fieldStart: Int
    var fieldCount: Int
    var forbidsUnknownFields: Bool
    /// One bit a field that must be present (not optional, no default).
    var requiredMask: UInt64
    /// False when the model has more fields than the mask has bits: always "not sure".
    var isSupported: Bool
  }

  struct EnumValues {
    /// The values' ranges in `keyBytes`.
    var start: Int
    var count: Int
  }

  struct ByteRange {
    var start: Int
    var count: Int
  }

  /// The compiled tables, in memory this object owns: reading them costs no reference
  /// counting in the pass.
  struct Tables {
    var nodes: UnsafeBufferPointer<Node>
    var fields: UnsafeBufferPointer<Field>
    var models: UnsafeBufferPointer<Model>
    var enums: UnsafeBufferPointer<EnumValues>
    /// Each enum value's bytes in `keyBytes`.
    var enumValueRanges: UnsafeBufferPointer<ByteRange>
    var keyBytes: UnsafeBufferPointer<UInt8>
    /// The fields' constraints, all in one table; a node's are the range
    /// `constraintRanges[node.constraints]`.
    var constraints: UnsafeBufferPointer<CompiledConstraint>
    var constraintRanges: UnsafeBufferPointer<Range<Int>>
  }

  let tables: Tables
  /// One constraint with its bound in the forms the pass compares it, for the runtime's
  /// typed conditions (`Constraint.number`, `.compares`, `.items`); other measures go
  /// through `Constraint.holds` with `bound`.
  struct CompiledConstraint {
    var kind: ConstraintKind
    var bound: ConstraintBound
    /// The bound as an integer, when it is one (int fields' bounds, counts).
    var int: Int?
    var double: Double

    init(_ entry: FieldConstraints.Entry) {
      kind = entry.kind
      bound = entry.bound
      if case .int(let value) = entry.bound { int = value } else { int = nil }
      double = entry.bound.doubleValue
    }
  }

  let modelIndex: [String: Int]
  let maxDepth: Int

  init(module: SchemaModule, maxDepth: Int) {
    var builder = Builder(module: module)
    for file in module.files {
      for case .model(let model) in file.types { _ = builder.modelIndex(model.name) }
    }
    func owned<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
      let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
      _ = buffer.initialize(from: array)
      return UnsafeBufferPointer(rebasing: buffer[0..<array.count])
    }
    tables = Tables(
      nodes: owned(builder.nodes),
      fields: owned(builder.fields),
      models: owned(builder.models),
      enums: owned(builder.enums),
      enumValueRanges: owned(builder.enumValueRanges),
      keyBytes: owned(builder.keyBytes),
      constraints: owned(builder.constraints),
      constraintRanges: owned(builder.constraintRanges)
    )
    modelIndex = builder.modelIndices
    self.maxDepth = maxDepth
  }

  deinit {
    // The constraints hold their bounds (a pattern's string); every other table holds
    // trivial values: deallocating is enough.
    UnsafeMutableBufferPointer(mutating: tables.constraints).deinitialize()
    for base in [
      UnsafeRawPointer(tables.nodes.baseAddress), UnsafeRawPointer(tables.fields.baseAddress),
      UnsafeRawPointer(tables.models.baseAddress), UnsafeRawPointer(tables.enums.baseAddress),
      UnsafeRawPointer(tables.enumValueRanges.baseAddress),
      UnsafeRawPointer(tables.keyBytes.baseAddress),
      UnsafeRawPointer(tables.constraints.baseAddress),
      UnsafeRawPointer(tables.constraintRanges.baseAddress),
    ] {
      base?.deallocate()
    }
  }

  /// Compiles the module's models, enums and fields into the tables.
  private struct Builder {
    var nodes: [Node] = []
    var fields: [Field] = []
    var models: [Model] = []
    var enums: [EnumValues] = []
    var enumValueRanges: [ByteRange] = []
    var keyBytes: [UInt8] = []
    var constraints: [CompiledConstraint] = []
    var constraintRanges: [Range<Int>] = []
    var modelIndices: [String: Int] = [:]
    var enumIndices: [String: Int] = [:]
    let modelDefinitions: [String: ModelDefinition]
    let enumDefinitions: [String: EnumDefinition]

    init(module: SchemaModule) {
      (modelDefinitions, enumDefinitions, _) = module.definitionsByName
    }

    mutating func modelIndex(_ name: String) -> Int {
      if let index = modelIndices[name] { return index }
      let definition = modelDefinitions[name]!
      let index = models.count
      modelIndices[name] = index
      // Reserved first, so recursive references find it.
      models.append(
        Model(
          fieldStart: 0,
          fieldCount: 0,
          forbidsUnknownFields: false,
          requiredMask: 0,
          isSupported: false
        )
      )
      var compiled: [Field] = []
      var requiredMask: UInt64 = 0
      for (position, field) in definition.fields.enumerated() {
        let keyStart = keyBytes.count
        keyBytes.append(contentsOf: field.wireName.utf8)
        let keyCount = keyBytes.count - keyStart
        let node: Int
        switch field.constValue {
        case .string(let text)?:
          // A string constant reads as an enum of one value.
          let only = EnumDefinition.Case(value: text, swiftName: text)
          node = append(
            Node(
              kind: .enumeration,
              child: enumIndex(
                EnumDefinition(
                  name: "\(name).\(field.wireName)",
                  cases: [only],
                  location: field.location
                )
              )
            )
          )
        case .int?, .bool?:
          node = append(Node(kind: .notSure))
        case nil:
          node = self.node(field.type, constraints: field.constraints)
        }
        let keyHead = keyBytes.withUnsafeBufferPointer { bytes in
          PrecheckPass.keyHead(bytes, start: keyStart, count: keyCount)
        }
        compiled.append(
          Field(keyStart: keyStart, keyCount: keyCount, keyHead: keyHead, node: node)
        )
        if field.defaultValue == nil && !field.type.isOptional && position < 64 {
          requiredMask |= 1 << UInt64(position)
        }
      }
      models[index] = Model(
        fieldStart: fields.count,
        fieldCount: compiled.count,
        forbidsUnknownFields: definition.additionalFields == .forbid,
        requiredMask: requiredMask,
        isSupported: compiled.count <= 64
      )
      fields.append(contentsOf: compiled)
      return index
    }

    mutating func enumIndex(_ definition: EnumDefinition) -> Int {
      if let index = enumIndices[definition.name] { return index }
      let index = enums.count
      enumIndices[definition.name] = index
      enums.append(EnumValues(start: enumValueRanges.count, count: definition.cases.count))
      for enumCase in definition.cases {
        let start = keyBytes.count
        keyBytes.append(contentsOf: enumCase.value.utf8)
        enumValueRanges.append(ByteRange(start: start, count: keyBytes.count - start))
      }
      return index
    }

    /// A node for `type`; `constraints` apply to the value inside an optional.
    mutating func node(_ type: TypeRef, constraints: FieldConstraints = FieldConstraints()) -> Int {
      var node: Node
      switch type {
      case .optional(let wrapped):
        let child = self.node(wrapped, constraints: constraints)
        return append(Node(kind: .optional, child: child))
      case .ndarray:
        node = Node(kind: .notSure)
      case .scalar(let scalar):
        // The scalars the pass reads from bytes; for any other it says "not sure".
        let kinds: [ScalarType: Kind] = [
          .int: .int, .float: .float, .string: .string, .bool: .bool, .datetime: .datetime,
          .json: .json,
        ]
        node = Node(kind: kinds[scalar] ?? .notSure)
      case .list(let element): node = Node(kind: .list, child: self.node(element))
      case .map(let value): node = Node(kind: .map, child: self.node(value))
      case .named(let name):
        if let enumeration = enumDefinitions[name] {
          node = Node(kind: .enumeration, child: enumIndex(enumeration))
        } else if modelDefinitions[name] == nil {
          // A union: left to the full path.
          node = Node(kind: .notSure)
        } else {
          node = Node(kind: .model, child: modelIndex(name))
        }
      }
      if !constraints.isEmpty {
        node.constraints = Int32(constraintRanges.count)
        node.lengthsOnly = constraints.entries.allSatisfy { $0.kind.measure == .length }
        node.boundsOnly = constraints.entries.allSatisfy {
          $0.kind.measure == .number && $0.kind.comparison != nil
        }
        let start = self.constraints.count
        self.constraints.append(contentsOf: constraints.entries.map(CompiledConstraint.init))
        constraintRanges.append(start..<self.constraints.count)
      }
      return append(node)
    }

    mutating func append(_ node: Node) -> Int {
      nodes.append(node)
      return nodes.count - 1
    }
  }

  /// True when the payload is certainly a valid `model`; false when not sure.
  func isCertainlyValid(_ payload: ArraySlice<UInt8>, model: Int) -> Bool {
    payload.withUnsafeBufferPointer { bytes in
      var pass = PrecheckPass(bytes: bytes, tables: tables, precheck: self)
      return pass.document(model: model)
    }
  }
}
