import Foundation
@_spi(Generated) import StreamTypes

@testable import StreamTypesCompiler

/// Random values and streams of a checked module, for the soundness test of
/// `streamtypes diff`. Values aim at what the schema accepts (bounds, lengths, patterns,
/// shapes, members, optional fields present or not); a caller keeps only the streams the
/// schema-driven validator accepts, so an aim that misses costs a retry, not a wrong test.
struct RandomStreams {
  let module: SchemaModule
  let values: DiffValueGenerator
  var random: SystemRandomNumberGeneratorSeeded
  /// The valid samples of a type under constraints, computed once.
  private var validSamples: [SampleKey: [DiffValue]] = [:]

  private struct SampleKey: Hashable {
    var type: TypeRef
    var constraints: FieldConstraints
    var depth: Int
  }

  init(module: SchemaModule, seed: UInt64) {
    self.module = module
    self.values = DiffValueGenerator(module: module)
    self.random = SystemRandomNumberGeneratorSeeded(seed: seed)
  }

  private mutating func below(_ bound: Int) -> Int {
    bound <= 0 ? 0 : Int(random.next() % UInt64(bound))
  }
  private mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

  /// A random stream of `stream`, as frames.
  mutating func stream(_ stream: StreamDefinition) -> [(FrameKind, DiffValue)] {
    var frames: [(FrameKind, DiffValue)] = []
    if let header = stream.header { frames.append((.header, value(.named(header)))) }
    for _ in 0..<below(4) { frames.append((.item, value(.named(stream.item)))) }
    if let footer = stream.footer { frames.append((.footer, value(.named(footer)))) }
    return frames
  }

  /// The frames' bytes in the framed format.
  static func bytes(_ frames: [(FrameKind, DiffValue)]) -> [UInt8] {
    frames.flatMap { WireFormat.framed.encode($0.0, payload: JSONWriter.encode($0.1)) }
  }

  mutating func value(
    _ type: TypeRef,
    _ constraints: FieldConstraints = FieldConstraints(),
    depth: Int = 0
  ) -> DiffValue {
    // Half the time, a value at or beside a bound: where versions differ.
    if depth > 3 || chance(40) {
      let key = SampleKey(type: type, constraints: constraints, depth: min(depth, 4))
      let valid =
        validSamples[key]
        ?? values.samples(type, constraints, FieldConstraints(), depth: depth).filter {
          $0.meets(constraints)
        }
      validSamples[key] = valid
      if !valid.isEmpty { return valid[below(valid.count)] }
      if depth > 3 { return values.minimal(type, constraints) }
    }
    switch type {
    case .optional(let wrapped):
      return chance(30) ? .null : value(wrapped, constraints, depth: depth)
    case .scalar(.int):
      let low = constraints.entries.filter { $0.kind.comparison?.isLower == true }
        .map {
          Int(Self.clamped($0.bound.doubleValue).rounded(.up))
            + ($0.kind == .exclusiveMinimum ? 1 : 0)
        }
        .max()
      let high = constraints.entries.filter { $0.kind.comparison?.isLower == false }
        .map {
          Int(Self.clamped($0.bound.doubleValue).rounded(.down))
            - ($0.kind == .exclusiveMaximum ? 1 : 0)
        }
        .min()
      let start = low ?? (high.map { $0 - 1000 } ?? -1000)
      let end = high ?? (start + 2000)
      return .int(end >= start ? start + below(min(end - start + 1, 1 << 30)) : start)
    case .scalar(.float):
      let low = constraints.entries.filter { $0.kind.comparison?.isLower == true }.map(
        \.bound.doubleValue
      ).max()
      let high = constraints.entries.filter { $0.kind.comparison?.isLower == false }.map(
        \.bound.doubleValue
      ).min()
      let start = low ?? (high.map { $0 - 100 } ?? -100)
      let end = high ?? start + 200
      let fraction = Double(below(1001)) / 1000
      let number = start + (end - start) * fraction
      return chance(20) && number == number.rounded() && abs(number) < 1e15
        ? .int(Int(number)) : .double(number)
    case .scalar(.string):
      let minimum = Int(Self.clamped(constraints[.minLength]?.doubleValue ?? 0))
      let maximum = Int(Self.clamped(constraints[.maxLength]?.doubleValue ?? Double(minimum + 8)))
      // At most 4096 scalars: a longer minimum gives a string the validator drops.
      let count = min(minimum + below(max(0, min(maximum, minimum + 8) - minimum) + 1), 4096)
      let alphabet = Array("abcxyzABC019 _-é😀\"\\/\u{7}")
      let text = String((0..<count).map { _ in alphabet[below(alphabet.count)] })
      if case .pattern(let pattern)? = constraints[.pattern], !Constraint.matches(text, pattern) {
        let candidates = DiffValueGenerator.patternSamples(pattern).filter {
          Constraint.matches($0, pattern)
        }
        if !candidates.isEmpty { return .string(candidates[below(candidates.count)]) }
      }
      return .string(text)
    case .scalar(.bool):
      return .bool(chance(50))
    case .scalar(.datetime):
      let day = 1 + below(28)
      let hour = below(24)
      let fraction = chance(50) ? ".\(below(1000))" : ""
      return .string(String(format: "2026-02-%02dT%02d:15:00%@Z", day, hour, fraction))
    case .scalar(.bytes):
      let data = Data((0..<below(6)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
      var text = data.base64EncodedString()
      if chance(50) {
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(
          of: "/",
          with: "_"
        )
      }
      return .string(text)
    case .scalar(.json):
      return randomJSON(depth: depth)
    case .ndarray(let dtype):
      var shape: [Int] = (0..<below(3)).map { _ in below(3) }
      if case .shape(let dimensions)? = constraints[.shape] {
        shape = dimensions.map { $0 ?? below(3) }
      }
      shape = shape.map { min($0, 4) }
      let count = shape.reduce(1, *)
      let data = Data(
        (0..<(count * dtype.elementSize)).map { _ in
          dtype == .bool
            ? UInt8(below(2))
            : (dtype == .float32 || dtype == .float64
              ? 0 : UInt8(truncatingIfNeeded: random.next()))
        }
      )
      return .object([
        ("data_b64", .string(data.base64EncodedString())),
        ("shape", .array(shape.map { .int($0) })),
        ("dtype", .string(dtype.rawValue)),
      ])
    case .list(let element):
      return .array((0..<count(constraints)).map { _ in value(element, depth: depth + 1) })
    case .map(let valueType):
      return .object(
        (0..<count(constraints)).map { ("k\($0)", value(valueType, depth: depth + 1)) }
      )
    case .named(let name):
      switch values.definitions[name] {
      case .enumeration(let enumeration)?:
        return .string(enumeration.cases[below(enumeration.cases.count)].value)
      case .union(let union)?:
        if union.unknown == .keep && chance(10) {
          return .object([(union.discriminator, .string("other_\(below(3))")), ("x", .int(1))])
        }
        return value(.named(union.members[below(union.members.count)].model), depth: depth + 1)
      case .model(let model)?:
        var members: [(String, DiffValue)] = []
        for field in model.fields {
          if let constant = field.constValue {
            members.append((field.wireName, DiffValueGenerator.value(constant)))
          } else if field.isRequired || chance(60) {
            members.append((field.wireName, value(field.type, field.constraints, depth: depth + 1)))
          }
        }
        return .object(members)
      case nil:
        return .null
      }
    }
  }

  /// A bound brought within ±10¹⁵, so that integer arithmetic on it cannot overflow (a
  /// value aimed at it may then miss, and the validator drops the stream).
  static func clamped(_ bound: Double) -> Double { min(max(bound, -1e15), 1e15) }

  private mutating func count(_ constraints: FieldConstraints) -> Int {
    let minimum = Int(Self.clamped(constraints[.minItems]?.doubleValue ?? 0))
    let maximum = Int(Self.clamped(constraints[.maxItems]?.doubleValue ?? Double(minimum + 3)))
    // At most 64 items: a larger minimum gives a value the validator drops.
    return min(minimum + below(max(0, min(maximum, minimum + 3) - minimum) + 1), 64)
  }

  private mutating func randomJSON(depth: Int) -> DiffValue {
    switch below(depth > 2 ? 5 : 7) {
    case 0: return .null
    case 1: return .bool(chance(50))
    case 2: return .int(below(2000) - 1000)
    case 3: return .double(Double(below(1000)) / 7)
    case 4: return .string("s\(below(10))")
    case 5: return .array((0..<below(3)).map { _ in randomJSON(depth: depth + 1) })
    default: return .object((0..<below(3)).map { ("k\($0)", randomJSON(depth: depth + 1)) })
    }
  }
}
