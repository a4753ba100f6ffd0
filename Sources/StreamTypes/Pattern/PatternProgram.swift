/// One step of a compiled pattern.
enum PatternInstruction: Sendable {
  /// Consumes this scalar value.
  case scalar(UInt32)
  /// Consumes a scalar of `PatternProgram.sets[index]`.
  case set(Int)
  /// Continues at both targets.
  case split(Int, Int)
  case jump(Int)
  /// Continues at the next instruction if the assertion holds here.
  case assertion(PatternAssertion)
  case match
}

/// A scalar set with a bitmap for ASCII.
struct CompiledSet: Sendable {
  let low: UInt64
  let high: UInt64
  let set: ScalarSet

  init(_ set: ScalarSet) {
    var low: UInt64 = 0
    var high: UInt64 = 0
    for value in UInt32(0)..<128 where set.contains(value) {
      if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
    }
    self.low = low
    self.high = high
    self.set = set
  }

  @inline(__always)
  func contains(_ value: UInt32) -> Bool {
    if value < 64 { return low >> UInt64(value) & 1 != 0 }
    if value < 128 { return high >> UInt64(value - 64) & 1 != 0 }
    return set.contains(value)
  }
}

/// A pattern compiled to a Thompson NFA, run as a lazily built DFA (``PatternDFA``) or as a
/// Pike VM: every thread advances in lockstep over the scalars, at most one thread per
/// instruction, so a match costs O(scalars × instructions) whatever the pattern.
struct PatternProgram: Sendable {
  let instructions: [PatternInstruction]
  let sets: [CompiledSet]
  /// Every match starts at the start of the string (the pattern begins with `^`).
  let anchoredAtStart: Bool
  let dfa: PatternDFA

  init(_ node: PatternNode, maxInstructions: Int) throws(PatternError) {
    var builder = Builder(limit: maxInstructions)
    try builder.compile(node)
    _ = try builder.emit(.match)
    instructions = builder.instructions
    sets = builder.sets
    anchoredAtStart = Self.startsWithAnchor(node)
    dfa = PatternDFA(
      instructions: instructions,
      sets: sets,
      anchoredAtStart: anchoredAtStart
    )
  }

  private static func startsWithAnchor(_ node: PatternNode) -> Bool {
    switch node {
    case .assertion(.start): true
    case .concatenation(let items): items.first.map(startsWithAnchor) ?? false
    case .alternation(let branches): branches.allSatisfy(startsWithAnchor)
    default: false
    }
  }

  private struct Builder {
    let limit: Int
    var instructions: [PatternInstruction] = []
    var sets: [CompiledSet] = []
    var setIndices: [ScalarSet: Int] = [:]

    init(limit: Int) { self.limit = limit }

    mutating func emit(_ instruction: PatternInstruction) throws(PatternError) -> Int {
      guard instructions.count < limit else {
        throw PatternError(
          kind: .tooLarge,
          message: "it compiles to more than \(limit) instructions; lower the repetition counts",
          offset: 0
        )
      }
      instructions.append(instruction)
      return instructions.count - 1
    }

    mutating func compile(_ node: PatternNode) throws(PatternError) {
      switch node {
      case .empty:
        break
      case .scalar(let value):
        _ = try emit(.scalar(value))
      case .set(let set):
        let index: Int
        if let known = setIndices[set] {
          index = known
        } else {
          index = sets.count
          sets.append(CompiledSet(set))
          setIndices[set] = index
        }
        _ = try emit(.set(index))
      case .assertion(let assertion):
        _ = try emit(.assertion(assertion))
      case .concatenation(let items):
        for item in items { try compile(item) }
      case .alternation(let branches):
        var jumps: [Int] = []
        for branch in branches.dropLast() {
          let split = try emit(.split(0, 0))
          try compile(branch)
          jumps.append(try emit(.jump(0)))
          instructions[split] = .split(split + 1, instructions.count)
        }
        try compile(branches[branches.count - 1])
        for jump in jumps { instructions[jump] = .jump(instructions.count) }
      case .repetition(let inner, let min, nil) where min > 0:
        // e{n,} is n-1 copies, then e+.
        for _ in 1..<min { try compile(inner) }
        let loop = instructions.count
        try compile(inner)
        _ = try emit(.split(loop, instructions.count + 1))
      case .repetition(let inner, _, nil):
        let split = try emit(.split(0, 0))
        try compile(inner)
        _ = try emit(.jump(split))
        instructions[split] = .split(split + 1, instructions.count)
      case .repetition(let inner, let min, let max?):
        for _ in 0..<min { try compile(inner) }
        var splits: [Int] = []
        for _ in min..<max {
          splits.append(try emit(.split(0, 0)))
          try compile(inner)
        }
        for split in splits { instructions[split] = .split(split + 1, instructions.count) }
      }
    }
  }

  /// Whether the program matches somewhere in `text`: by the lazy DFA if it is free and
  /// big enough for the pattern, else by the Pike VM.
  func matches(_ text: String) -> Bool {
    dfa.matches(text) ?? Machine(program: self).run(text)
  }

  /// Whether the program matches somewhere in `text`, by the Pike VM alone.
  func matchesWithoutDFA(_ text: String) -> Bool {
    Machine(program: self).run(text)
  }

  /// Whether `value` (-1 for outside the string) is an ECMA-262 word character.
  @inline(__always)
  static func isWord(_ value: Int) -> Bool {
    switch value {
    case 0x30...0x39, 0x41...0x5A, 0x5F, 0x61...0x7A: true
    default: false
    }
  }

  /// Threads at one position: a sparse set of instruction indices.
  private struct ThreadList {
    var dense: [Int32]
    var sparse: [Int32]
    var count = 0

    init(capacity: Int) {
      dense = Array(repeating: 0, count: capacity)
      sparse = Array(repeating: 0, count: capacity)
    }

    /// Adds `pc`; false if it was already there.
    @inline(__always)
    mutating func insert(_ pc: Int) -> Bool {
      let slot = Int(sparse[pc])
      if slot < count && Int(dense[slot]) == pc { return false }
      sparse[pc] = Int32(count)
      dense[count] = Int32(pc)
      count += 1
      return true
    }
  }

  private struct Machine {
    let instructions: [PatternInstruction]
    let sets: [CompiledSet]
    let anchoredAtStart: Bool

    init(program: PatternProgram) {
      instructions = program.instructions
      sets = program.sets
      anchoredAtStart = program.anchoredAtStart
    }

    /// Follows `pc` through splits, jumps and assertions between `before` and `after` (-1 at
    /// the ends), adding every instruction reached to `list`; true if it reaches `match`.
    func addThread(
      _ pc: Int,
      to list: inout ThreadList,
      stack: inout [Int],
      before: Int,
      after: Int
    ) -> Bool {
      stack.removeAll(keepingCapacity: true)
      stack.append(pc)
      while let pc = stack.popLast() {
        guard list.insert(pc) else { continue }
        switch instructions[pc] {
        case .jump(let target):
          stack.append(target)
        case .split(let first, let second):
          stack.append(second)
          stack.append(first)
        case .assertion(let assertion):
          let holds =
            switch assertion {
            case .start: before < 0
            case .end: after < 0
            case .wordBoundary: PatternProgram.isWord(before) != PatternProgram.isWord(after)
            case .notWordBoundary: PatternProgram.isWord(before) == PatternProgram.isWord(after)
            }
          if holds { stack.append(pc + 1) }
        case .match:
          return true
        case .scalar, .set:
          break
        }
      }
      return false
    }

    func run(_ text: String) -> Bool {
      var current = ThreadList(capacity: instructions.count)
      var next = ThreadList(capacity: instructions.count)
      var stack: [Int] = []
      var scalars = text.unicodeScalars.makeIterator()
      var before = -1
      var scalar = scalars.next().map { Int($0.value) } ?? -1
      var atStart = true
      while true {
        if atStart || !anchoredAtStart {
          if addThread(0, to: &current, stack: &stack, before: before, after: scalar) {
            return true
          }
        }
        atStart = false
        if scalar < 0 || (current.count == 0 && anchoredAtStart) { return false }
        let after = scalars.next().map { Int($0.value) } ?? -1
        next.count = 0
        let value = UInt32(scalar)
        for index in 0..<current.count {
          let pc = Int(current.dense[index])
          let accepts: Bool
          switch instructions[pc] {
          case .scalar(let expected): accepts = expected == value
          case .set(let set): accepts = sets[set].contains(value)
          default: accepts = false
          }
          if accepts && addThread(pc + 1, to: &next, stack: &stack, before: scalar, after: after) {
            return true
          }
        }
        swap(&current, &next)
        before = scalar
        scalar = after
      }
    }
  }
}
