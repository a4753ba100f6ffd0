// `StreamTypesBenchmarks ndarray N`: reading and writing `{"x": ndarray<float32>}` payloads
// of N elements with the runtime's `NDArray`, in MB/s of JSON, the best of several rounds;
// also the JSON syntax check alone, which every read includes.
// `Benchmarks/run.py --ndarray` prints them beside pydantic with Truss's `NumpyArrayField`.
import Foundation
import StreamTypes

/// A payload holding one array, decoded straight from the payload as generated models are.
struct ArrayHolder: Decodable, PayloadDecodable {
  var x: NDArray<Float>

  init(x: NDArray<Float>) { self.x = x }

  init(payload value: PayloadValue) throws {
    x = try value.object().decode(NDArray<Float>.self, forKey: "x")
  }

  func write(to writer: inout JSONWriter) {
    writer.beginObject()
    writer.field("x", x)
    writer.endObject()
  }
}

func runNDArrayTimings(count: Int) throws {
  var generator = SystemRandomNumberGenerator()
  let holder = ArrayHolder(
    x: NDArray((0..<count).map { _ in Float.random(in: -1000...1000, using: &generator) })
  )
  var writer = JSONWriter(reservingCapacity: count * 2)
  holder.write(to: &writer)
  let payload = writer.bytes
  let location = PayloadLocation(offset: 0, frameIndex: 0, frameKind: .item)
  let clock = ContinuousClock()
  let rounds = max(1, 20_000_000 / payload.count)

  func best(_ body: () throws -> Void) rethrows -> Double {
    var fastest = Double.infinity
    for _ in 0..<5 {
      let start = clock.now
      for _ in 0..<rounds { try body() }
      let elapsed = clock.now - start
      let seconds =
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
      fastest = min(fastest, seconds / Double(rounds))
    }
    return Double(payload.count) / fastest / 1e6
  }

  var checksum: Float = 0
  let decode = try best {
    let read = try PayloadCodec.decode(ArrayHolder.self, from: payload[...], at: location)
    checksum += read.x.elements[count - 1]
  }
  // The JSON check alone (the scan every payload gets before decoding), for comparison.
  let scan = try best {
    checksum += Float(try PayloadCodec.decode(from: payload[...], at: location) { _ in 1 })
  }
  var written = 0
  let encode = best {
    var writer = JSONWriter(reservingCapacity: payload.count + 64)
    holder.write(to: &writer)
    written += writer.count
  }
  guard checksum.isFinite, written == payload.count * rounds * 5 else {
    FileHandle.standardError.write(Data("the timed work did not happen\n".utf8))
    exit(1)
  }
  print(
    #"{"json_bytes":\#(payload.count),"decode_mb_s":\#(decode),"encode_mb_s":\#(encode),"#
      + #""scan_mb_s":\#(scan)}"#
  )
}
