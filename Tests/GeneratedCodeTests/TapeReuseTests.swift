import ExampleSchemas
import Foundation
import Testing

@testable import StreamTypes

/// A reader records each payload's tape in the arrays of the one before (``TapeStorage``):
/// every payload must decode exactly as it does with a tape of its own, whatever came before
/// it (larger or smaller payloads, invalid JSON, invalid values).
@Suite struct TapeReuseTests {
  static let location = PayloadLocation(offset: 5, frameIndex: 2, frameKind: .item)

  @Test func reusedStorageDecodesAsAFreshTape() {
    var random = SplitMix64(seed: 2719)
    let valid = [
      #"{"id":1,"start":0.5,"end":1.25,"text":"hi","speaker":"agent","words":[{"word":"hi","start":0.5,"end":0.7,"confidence":0.98}],"tags":{"lang":"en","b":"x","a":"y"}}"#,
      #"{"id":2,"start":0,"end":1,"text":"t","words":[]}"#,
    ]
    var storage = TapeStorage()
    var decodedValid = 0
    for round in 0..<3_000 {
      let text: String
      switch round % 4 {
      case 0: text = valid[Int(random.next() % 2)]
      case 1: text = String(valid[0].prefix(Int(random.next() % UInt64(valid[0].count))))
      default: text = DirectDecoderDifferentialTests.randomObject(&random, depth: 0)
      }
      let bytes = ArraySlice(Array(text.utf8))
      let fresh = Result { () throws(StreamError) in
        try PayloadCodec.decode(Segment.self, from: bytes, at: Self.location)
      }
      let reused = Result { () throws(StreamError) in
        try PayloadCodec.decode(
          Segment.self,
          from: bytes,
          limits: StreamLimits(),
          at: Self.location,
          reusing: &storage
        )
      }
      switch (fresh, reused) {
      case (.success(let a), .success(let b)):
        #expect(a == b, "\(text)")
        decodedValid += 1
      case (.failure(let a), .failure(let b)): #expect(a == b, "\(text)")
      default: Issue.record("differs: \(text)")
      }
    }
    #expect(decodedValid >= 750)
  }
}
