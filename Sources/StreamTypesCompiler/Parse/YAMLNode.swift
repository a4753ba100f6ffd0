/// A YAML document as the schema parser sees it: scalars, sequences and mappings, each
/// with the place it starts. Aliases are already expanded (within a bound).
public struct YAMLNode: Sendable {
  public enum ScalarStyle: Sendable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
    case folded
  }

  public indirect enum Kind: Sendable {
    /// A scalar and how it was written: only a plain scalar can mean null, a bool or a
    /// number; a quoted one is always a string.
    case scalar(String, style: ScalarStyle)
    /// A sequence; `flow` is true for `[a, b]`.
    case sequence([YAMLNode], flow: Bool)
    /// A mapping, in document order (duplicate keys are reported by the loader).
    case mapping([YAMLMappingEntry])
  }

  public var kind: Kind
  public var location: SourceLocation

  public init(_ kind: Kind, at location: SourceLocation) {
    self.kind = kind
    self.location = location
  }
}

public struct YAMLMappingEntry: Sendable {
  public var key: YAMLNode
  public var value: YAMLNode

  public init(key: YAMLNode, value: YAMLNode) {
    self.key = key
    self.value = value
  }
}
