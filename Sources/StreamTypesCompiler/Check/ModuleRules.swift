import StreamTypes

/// The checker's rules over the whole module: cycles of models that contain each other,
/// and types no stream reaches.
extension SchemaChecker {
  // MARK: Whole-module rules

  /// A model that contains itself other than through a list or a map has no finite size.
  ///
  /// The models and the models they hold by value (directly or optionally) form a graph;
  /// its strongly connected components (Tarjan's algorithm, iterative, so a chain of any
  /// length neither recurses nor copies paths) are found in time linear in its size. Each
  /// component with a cycle is reported once, at its first model in declaration order,
  /// with the shortest cycle through that model (breadth-first within the component).
  mutating func checkCycles(_ files: [SchemaFile]) {
    // Models and unions (a union holds its members by value).
    var order: [(name: String, location: SourceLocation)] = []
    var numbers: [String: Int] = [:]
    for file in files {
      for type in file.types where numbers[type.name] == nil {
        switch type {
        case .model, .union:
          numbers[type.name] = order.count
          order.append((type.name, type.location))
        case .enumeration:
          continue
        }
      }
    }
    func directModel(_ type: TypeRef) -> Int? {
      switch type {
      case .named(let name): numbers[name]
      case .optional(let inner): directModel(inner)
      default: nil
      }
    }
    // Edges in field order, from the final definition of each model.
    let edges: [[Int]] = order.map { node in
      if let union = unions[node.name] { return union.members.compactMap { numbers[$0.model] } }
      return (models[node.name]?.fields ?? []).compactMap { directModel($0.type) }
    }
    let component = Self.stronglyConnectedComponents(edges)
    var sizes = [Int](repeating: 0, count: order.count)
    for member in component { sizes[member] += 1 }
    var reported = Set<Int>()
    for start in order.indices {
      let group = component[start]
      guard !reported.contains(group), sizes[group] > 1 || edges[start].contains(start) else {
        continue
      }
      reported.insert(group)
      // The shortest way back to `start` within its component.
      var parent: [Int: Int] = [start: start]
      var queue = [start]
      var head = 0
      var last = start
      search: while head < queue.count {
        let node = queue[head]
        head += 1
        for next in edges[node] {
          if next == start {
            last = node
            break search
          }
          if component[next] == group, parent[next] == nil {
            parent[next] = node
            queue.append(next)
          }
        }
      }
      var cycle = [start]
      var node = last
      while node != start {
        cycle.append(node)
        node = parent[node]!
      }
      cycle.append(start)
      cycle[1..<cycle.count - 1].reverse()
      diagnostics.error(
        "models form a cycle that is not through a list or map: "
          + cycle.map { order[$0].name }.joined(separator: " -> ")
          + "; make one of these fields a list or a map, or remove it",
        at: order[start].location
      )
    }
  }

  /// The strongly connected component of each node of a graph given by its edges, by
  /// Tarjan's algorithm with an explicit stack: O(nodes + edges), no recursion.
  static func stronglyConnectedComponents(_ edges: [[Int]]) -> [Int] {
    let count = edges.count
    var number = [Int](repeating: -1, count: count)
    var low = [Int](repeating: 0, count: count)
    var onStack = [Bool](repeating: false, count: count)
    var component = [Int](repeating: -1, count: count)
    var stack: [Int] = []
    var counter = 0
    var components = 0
    for root in 0..<count where number[root] < 0 {
      var work: [(node: Int, edge: Int)] = []
      func enter(_ node: Int) {
        number[node] = counter
        low[node] = counter
        counter += 1
        stack.append(node)
        onStack[node] = true
        work.append((node, 0))
      }
      enter(root)
      while let (node, edge) = work.last {
        if edge < edges[node].count {
          work[work.count - 1].edge += 1
          let next = edges[node][edge]
          if number[next] < 0 {
            enter(next)
          } else if onStack[next] {
            low[node] = min(low[node], number[next])
          }
          continue
        }
        work.removeLast()
        if let parent = work.last?.node { low[parent] = min(low[parent], low[node]) }
        if low[node] == number[node] {
          while let member = stack.popLast() {
            onStack[member] = false
            component[member] = components
            if member == node { break }
          }
          components += 1
        }
      }
    }
    return component
  }

  mutating func checkReachability(_ files: [SchemaFile]) {
    var reached: Set<String> = []
    var pending = files.flatMap(\.streams).flatMap(\.partModels)
    while let name = pending.popLast() {
      guard reached.insert(name).inserted else { continue }
      // Every listed member, also those the union check rejected.
      if case .union(let union)? = definitions[name] {
        pending.append(contentsOf: union.members.map(\.name))
      }
      guard let model = models[name] else { continue }
      for field in model.fields {
        _ = field.type.contains { type in
          if case .named(let next) = type { pending.append(next) }
          return false
        }
      }
    }
    for file in files {
      for type in file.types where !reached.contains(type.name) {
        diagnostics.warning(
          "type '\(type.name)' is not used by any stream (it is still generated)",
          at: type.location
        )
      }
    }
  }
}
