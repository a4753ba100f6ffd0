@_spi(Generated) import StreamTypes

/// The checked model of a module of schema files: what the checker produces and the
/// emitter and the validator consume. Every name in it resolves and every rule of the
/// schema language holds.
public struct SchemaModule: Sendable {
  /// The files of the module, in the order their paths sort.
  public var files: [SchemaFile]

  /// A model or enum by name.
  public func definition(named name: String) -> TypeDefinition? {
    for file in files {
      if let found = file.types.first(where: { $0.name == name }) { return found }
    }
    return nil
  }

  /// A model by name.
  public func model(named name: String) -> ModelDefinition? {
    if case .model(let model) = definition(named: name) { return model }
    return nil
  }

  /// Every stream of the module, file by file.
  public var streams: [StreamDefinition] { files.flatMap(\.streams) }
}

/// One schema file and what it defines. Generated code goes into one Swift file per schema
/// file.
public struct SchemaFile: Sendable {
  /// The path as given to the compiler.
  public var path: String
  public var description: String?
  public var streams: [StreamDefinition]
  /// Models and enums in the order the file defines them; inline models of the file's
  /// streams come first, in stream order.
  public var types: [TypeDefinition]
}

public struct StreamDefinition: Sendable {
  public var name: String
  public var description: String?
  public var header: String?
  public var item: String
  public var footer: String?
  /// The model of the typed error a producer may send instead of the rest of the stream.
  public var error: String?
  /// The stream's server-sent events conventions (`.standard` without an `sse` section).
  public var sse: SSEConventions = .standard
  public var location: SourceLocation

  /// The model names of the stream's parts, header, item, footer and error, those it has.
  public var partModels: [String] { [header, item, footer, error].compactMap { $0 } }
}

public enum TypeDefinition: Sendable {
  case model(ModelDefinition)
  case enumeration(EnumDefinition)
  case union(UnionDefinition)

  public var name: String {
    switch self {
    case .model(let model): model.name
    case .enumeration(let enumeration): enumeration.name
    case .union(let union): union.name
    }
  }

  public var location: SourceLocation {
    switch self {
    case .model(let model): model.location
    case .enumeration(let enumeration): enumeration.location
    case .union(let union): union.location
    }
  }
}

/// A tagged union: a value is one member's object, told apart by the member's constant
/// value of the discriminator field.
public struct UnionDefinition: Sendable {
  public struct Member: Hashable, Sendable {
    /// The member model.
    public var model: String
    /// Its constant value of the discriminator.
    public var tag: String
    /// The Swift case name, without backticks.
    public var swiftName: String
  }

  public enum Unknown: String, Sendable {
    /// A tag that names no member is an error.
    case error
    /// A tag that names no member is kept, with the whole object.
    case keep
  }

  public var name: String
  public var description: String?
  /// The members in the order `one_of` lists them.
  public var members: [Member]
  /// The wire name of the discriminator field.
  public var discriminator: String
  public var unknown: Unknown
  public var location: SourceLocation

  /// The member whose tag is `tag`.
  public func member(tagged tag: String) -> Member? { members.first { $0.tag == tag } }
}

/// A field's `const:` value: the key must be present with exactly this value, and a writer
/// always writes it.
public enum ConstValue: Hashable, Sendable, CustomStringConvertible {
  case string(String)
  case int(Int)
  case bool(Bool)

  /// The value as JSON text.
  public var json: String {
    switch self {
    case .string(let text): JSONText.quoted(text)
    case .int(let value): "\(value)"
    case .bool(let value): "\(value)"
    }
  }

  public var description: String { json }
}

public struct ModelDefinition: Sendable {
  public enum AdditionalFields: String, Sendable {
    case ignore
    case forbid
  }

  public var name: String
  public var description: String?
  public var fields: [FieldDefinition]
  public var additionalFields: AdditionalFields
  public var location: SourceLocation
}

public struct FieldDefinition: Sendable {
  /// The key on the wire; never changes.
  public var wireName: String
  /// The Swift property name, derived or from `swift_name`, without backticks.
  public var swiftName: String
  /// The field's type; `T?` and `optional: true` both give `.optional(T)`.
  public var type: TypeRef
  public var description: String?
  /// The value for an absent key, already checked against the type and constraints.
  public var defaultValue: DefaultValue?
  public var constraints: FieldConstraints
  /// The field's constant, if it has one: then it is not a stored property.
  public var constValue: ConstValue? = nil
  public var location: SourceLocation

  /// Whether a payload must carry the key.
  public var isRequired: Bool { defaultValue == nil && !type.isOptional }
}

/// A type expression: `string`, `[Word]`, `map<int>?`, `Speaker`.
public indirect enum TypeRef: Hashable, Sendable, CustomStringConvertible {
  /// A built-in type; what it means is its row in ``ScalarType``.
  case scalar(ScalarType)
  /// `ndarray<DTYPE>`: Truss Chains' numpy array form, the runtime's `NDArray`.
  case ndarray(NDArrayDType)
  case list(TypeRef)
  case map(TypeRef)
  case optional(TypeRef)
  case named(String)

  public static let string = TypeRef.scalar(.string)
  public static let int = TypeRef.scalar(.int)
  public static let float = TypeRef.scalar(.float)
  public static let bool = TypeRef.scalar(.bool)
  public static let datetime = TypeRef.scalar(.datetime)
  public static let json = TypeRef.scalar(.json)

  public var isOptional: Bool {
    if case .optional = self { return true }
    return false
  }

  /// The type without its outer optional.
  public var unwrapped: TypeRef {
    if case .optional(let wrapped) = self { return wrapped }
    return self
  }

  /// The schema spelling, used in messages.
  public var description: String {
    switch self {
    case .scalar(let scalar): scalar.rawValue
    case .ndarray(let dtype): "ndarray<\(dtype.rawValue)>"
    case .list(let element): "[\(element)]"
    case .map(let value): "map<\(value)>"
    case .optional(let wrapped): "\(wrapped)?"
    case .named(let name): name
    }
  }

  /// Whether `predicate` holds for this type or any type inside it.
  public func contains(where predicate: (TypeRef) -> Bool) -> Bool {
    if predicate(self) { return true }
    switch self {
    case .list(let inner), .map(let inner), .optional(let inner):
      return inner.contains(where: predicate)
    default:
      return false
    }
  }
}

/// Constraints of one field, checked when writing and when reading, in the order of
/// `ConstraintKind.allCases` (the order every path checks them). What each keyword means
/// is the runtime's table, `ConstraintKind`.
public struct FieldConstraints: Hashable, Sendable {
  public struct Entry: Hashable, Sendable {
    public var kind: ConstraintKind
    public var bound: ConstraintBound
  }

  public private(set) var entries: [Entry] = []

  public init() {}

  public var isEmpty: Bool { entries.isEmpty }

  /// The bound of `kind`, if the field has that constraint.
  public subscript(kind: ConstraintKind) -> ConstraintBound? {
    get { entries.first { $0.kind == kind }?.bound }
    set {
      entries.removeAll { $0.kind == kind }
      if let newValue { entries.append(Entry(kind: kind, bound: newValue)) }
      let order = ConstraintKind.allCases
      entries.sort { order.firstIndex(of: $0.kind)! < order.firstIndex(of: $1.kind)! }
    }
  }
}

/// A default value from YAML, resolved against the field's type by the checker.
public indirect enum DefaultValue: Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  /// A `datetime` default, kept as the text that was written (already checked).
  case datetime(String)
  case enumCase(String)
  case list([DefaultValue])
  /// A map, in YAML order.
  case map([(key: String, value: DefaultValue)])
  /// A model value: the fields that were written (wire names), in declaration order.
  case model(name: String, fields: [(key: String, value: DefaultValue)])
  /// A `json` value: the runtime's own JSON value type, as a generated model holds it.
  case json(JSONValue)
  /// A union value: its member's case and the member model's value.
  case unionMember(caseName: String, value: DefaultValue)

  /// The value as a field's constant, when it is one a constant can be.
  public var constValue: ConstValue? {
    switch self {
    case .string(let text): .string(text)
    case .int(let value): .int(value)
    case .bool(let value): .bool(value)
    default: nil
    }
  }
}

public struct EnumDefinition: Sendable {
  public struct Case: Hashable, Sendable {
    /// The value on the wire.
    public var value: String
    /// The Swift case name, without backticks.
    public var swiftName: String
  }

  public var name: String
  public var description: String?
  public var cases: [Case]
  public var location: SourceLocation
}
