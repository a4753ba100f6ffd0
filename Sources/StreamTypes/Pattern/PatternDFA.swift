import Foundation

/// A DFA built lazily from a ``PatternProgram``, as RE2 and Rust's `regex` do: each DFA
/// state is the set of NFA threads at a position (plus whether the previous scalar was a
/// word character, for `^` and `\b`), and each transition is computed once, on first use,
/// then cached across matches. A match then costs one table lookup a scalar. The cache is
/// bounded: a pattern whose states outgrow it is matched by the Pike VM instead, which is
/// linear too.
final class PatternDFA: @unchecked Sendable {
  private let instructions: [PatternInstruction]
  private let sets: [CompiledSet]
  private let anchoredAtStart: Bool
  /// Sorted starts of the scalar classes: scalars between two starts behave the same in
  /// every instruction and for `\b`.
  private let classStarts: [UInt32]
  private let asciiClasses: [UInt16]
  private let classCount: Int
  private let maxStates: Int

  /// Guards everything below. A match that finds it taken uses the Pike VM instead of
  /// waiting.
  private let lock = NSLock()
  private var disabled = false
  private var states: [State] = []
  private var stateIndex: [State: Int32] = [:]
  /// `transitions[state * classCount + class]`: a state, or one of the markers below.
  private var transitions: [Int32] = []
  /// Per state: whether the end of the string right after it completes a match (-1 unknown).
  private var endVerdicts: [Int8] = []
  private var marks: [UInt32]
  private var generation: UInt32 = 0
  private var startState: Int32?
  /// The instruction indices held by `states`, bounded by ``maxStoredPCs``.
  private var storedPCs = 0
  private static let maxStoredPCs = 1_000_000

  private static let unknown: Int32 = -1
  private static let matched: Int32 = -2
  private static let dead: Int32 = -3

  /// Threads at a position, stopped at the instructions that consume a scalar or test one,
  /// and what the previous scalar was: 0 none (the start), 1 a word character, 2 another.
  private struct State: Hashable {
    var context: UInt8
    var pcs: [Int32]
  }

  init(instructions: [PatternInstruction], sets: [CompiledSet], anchoredAtStart: Bool) {
    self.instructions = instructions
    self.sets = sets
    self.anchoredAtStart = anchoredAtStart
    var starts: Set<UInt32> = [0, 0x30, 0x3A, 0x41, 0x5B, 0x5F, 0x60, 0x61, 0x7B]
    for instruction in instructions {
      if case .scalar(let value) = instruction {
        starts.insert(value)
        starts.insert(value + 1)
      }
    }
    for set in sets {
      for range in set.set.ranges {
        starts.insert(range.lowerBound)
        starts.insert(range.upperBound + 1)
      }
    }
    starts = starts.filter { $0 <= ScalarSet.maxScalar }
    classStarts = starts.sorted()
    classCount = classStarts.count
    var ascii: [UInt16] = []
    var index = 0
    for value in UInt32(0)..<128 {
      while index + 1 < classStarts.count && classStarts[index + 1] <= value { index += 1 }
      ascii.append(UInt16(index))
    }
    asciiClasses = ascii
    maxStates = max(16, min(2000, 1_000_000 / classCount))
    marks = Array(repeating: 0, count: instructions.count)
  }

  @inline(__always)
  private func classOf(_ value: UInt32) -> Int {
    if value < 128 { return Int(asciiClasses[Int(value)]) }
    var low = 0
    var high = classStarts.count
    while high - low > 1 {
      let middle = (low + high) / 2
      if classStarts[middle] <= value { low = middle } else { high = middle }
    }
    return low
  }

  /// Whether the cache outgrew its bound for this pattern, which the Pike VM now matches.
  var isDisabled: Bool {
    lock.lock()
    defer { lock.unlock() }
    return disabled
  }

  /// The verdict, or nil if the cache is in use by another match or too small for this
  /// pattern.
  func matches(_ text: String) -> Bool? {
    guard lock.try() else { return nil }
    defer { lock.unlock() }
    guard !disabled else { return nil }
    if startState == nil { startState = self.state(follow: [0], context: 0) }
    guard var state = startState else { return nil }
    for scalar in text.unicodeScalars {
      let slot = Int(state) * classCount + classOf(scalar.value)
      var next = transitions[slot]
      if next == Self.unknown {
        guard let computed = transition(from: Int(state), scalar: scalar.value) else {
          return nil
        }
        transitions[slot] = computed
        next = computed
      }
      if next < 0 { return next == Self.matched }
      state = next
    }
    if endVerdicts[Int(state)] < 0 {
      endVerdicts[Int(state)] = resolve(Int(state), nextIsWord: false, atEnd: true).matched ? 1 : 0
    }
    return endVerdicts[Int(state)] == 1
  }

  private func startGeneration() {
    generation &+= 1
    if generation == 0 {
      for index in marks.indices { marks[index] = 0 }
      generation = 1
    }
  }

  /// Adds to `output` the instructions reached from `pc` through jumps and splits.
  private func follow(_ pc: Int, into output: inout [Int32]) {
    var stack = [pc]
    while let pc = stack.popLast() {
      guard marks[pc] != generation else { continue }
      marks[pc] = generation
      switch instructions[pc] {
      case .jump(let target): stack.append(target)
      case .split(let first, let second):
        stack.append(second)
        stack.append(first)
      default: output.append(Int32(pc))
      }
    }
  }

  /// The state of the threads reached from `pcs`, or nil if the cache is full.
  private func state(follow pcs: [Int], context: UInt8) -> Int32? {
    startGeneration()
    var output: [Int32] = []
    for pc in pcs { follow(pc, into: &output) }
    return intern(State(context: context, pcs: output.sorted()))
  }

  private func intern(_ state: State) -> Int32? {
    if let known = stateIndex[state] { return known }
    guard states.count < maxStates, storedPCs + state.pcs.count <= Self.maxStoredPCs else {
      // Too many states for this pattern: give the memory back and use the Pike VM.
      disabled = true
      states = []
      stateIndex = [:]
      transitions = []
      endVerdicts = []
      return nil
    }
    let index = Int32(states.count)
    storedPCs += state.pcs.count
    states.append(state)
    stateIndex[state] = index
    transitions += repeatElement(Self.unknown, count: classCount)
    endVerdicts.append(-1)
    return index
  }

  /// The threads of `state` that consume a scalar once its assertions are decided, given
  /// what follows; `matched` if one of them reaches `match`.
  private func resolve(
    _ state: Int,
    nextIsWord: Bool,
    atEnd: Bool
  ) -> (consuming: [Int32], matched: Bool) {
    let context = states[state].context
    let previousIsWord = context == 1
    startGeneration()
    var work = states[state].pcs
    for pc in work { marks[Int(pc)] = generation }
    var consuming: [Int32] = []
    while let pc = work.popLast() {
      switch instructions[Int(pc)] {
      case .match:
        return ([], true)
      case .assertion(let assertion):
        let holds =
          switch assertion {
          case .start: context == 0
          case .end: atEnd
          case .wordBoundary: previousIsWord != nextIsWord
          case .notWordBoundary: previousIsWord == nextIsWord
          }
        if holds { follow(Int(pc) + 1, into: &work) }
      default:
        consuming.append(pc)
      }
    }
    return (consuming, false)
  }

  /// The transition from `state` on `scalar` (any scalar of its class): a state, `matched`
  /// if a match ends before the scalar, `dead` if no match can follow; nil if the cache is
  /// full.
  private func transition(from state: Int, scalar: UInt32) -> Int32? {
    let isWord = PatternProgram.isWord(Int(scalar))
    let (consuming, matched) = resolve(state, nextIsWord: isWord, atEnd: false)
    if matched { return Self.matched }
    var targets: [Int] = []
    for pc in consuming {
      let accepts =
        switch instructions[Int(pc)] {
        case .scalar(let expected): expected == scalar
        case .set(let set): sets[set].contains(scalar)
        default: false
        }
      if accepts { targets.append(Int(pc) + 1) }
    }
    if !anchoredAtStart { targets.append(0) }
    if targets.isEmpty { return Self.dead }
    return self.state(follow: targets, context: isWord ? 1 : 2)
  }
}
