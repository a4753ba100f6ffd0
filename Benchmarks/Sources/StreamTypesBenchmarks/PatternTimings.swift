import Foundation
import StreamTypes

/// `StreamTypesBenchmarks patterns`: the time of `pattern` constraints on inputs that make a
/// backtracking engine take exponential or quadratic time. Prints one JSON object a case.
func runPatternTimings() {
  let megabyte = String(repeating: "a", count: 1 << 20)
  let run = String(repeating: "a", count: 200_000)
  let cases: [(pattern: String, input: String, text: String)] = [
    ("(a|aa)*b", "1 MiB of a", megabyte),
    ("(a|aa)*b", "1 MiB of a, then b", megabyte + "b"),
    ("^(a+)+$", "30 a, then !", String(repeating: "a", count: 30) + "!"),
    ("[a-z]+$", "200000 a, then !", run + "!"),
    ("[a-z]+$", "200000 a", run),
    ("^[a-z0-9._-]+@[a-z0-9-]+(\\.[a-z0-9-]+)+$", "1 MiB of a", megabyte),
  ]
  let clock = ContinuousClock()
  for (pattern, input, text) in cases {
    let start = clock.now
    let compiled = try! StringPattern(pattern)
    let matches = compiled.matches(text)
    let elapsed = clock.now - start
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
      #"{"mode":"patterns","pattern":"\#(pattern.replacingOccurrences(of: "\\", with: "\\\\"))","#
        + #""input":"\#(input)","matches":\#(matches),"seconds":\#(seconds)}"#
    )
  }
}
