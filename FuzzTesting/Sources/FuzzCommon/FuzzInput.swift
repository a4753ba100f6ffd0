import StreamTypes

/// How the stream targets read their input: `[selector] [chunking] stream bytes...`.
///
/// - selector: bits 0-3 and 5 pick the stream (``FuzzStream``, modulo their count; bit 5 is
///   the index's fifth bit), bit 4 small
///   limits (frames of at most 256 bytes, nesting 4 deep) instead of the defaults, bit 7
///   the server-sent-events format for `FuzzValidator` (the reader targets have a fixed
///   format).
/// - chunking: how the stream bytes are cut into chunks (``Chunking``).
///
/// An input shorter than two bytes is an empty stream of the first stream.
public struct FuzzInput: Sendable {
  public var selector: UInt8
  public var chunking: UInt8
  public var data: [UInt8]

  public init(_ start: UnsafeRawPointer, _ count: Int) {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    selector = bytes.count > 0 ? bytes[0] : 0
    chunking = bytes.count > 1 ? bytes[1] : 0
    data = bytes.count > 2 ? Array(bytes[2...]) : []
  }

  public var stream: FuzzStream {
    let index = Int(selector & 0x0F) | Int(selector & 0x20) >> 1
    return FuzzStream.allCases[index % FuzzStream.allCases.count]
  }

  public var limits: StreamLimits {
    selector & 0x10 != 0 ? StreamLimits(maxFrameBytes: 256, maxDepth: 4) : StreamLimits()
  }

  public var format: WireFormat { selector & 0x80 != 0 ? .sse : .framed }
}

/// Cuts a stream into chunks at points that come from the input's chunking byte: 0 is one
/// chunk, 1 one byte a chunk, any other value seeds a generator that mixes empty, tiny,
/// medium and large chunks. `salt` gives a second, different cutting of the same input.
public enum Chunking {
  public static func split(
    _ bytes: [UInt8],
    _ chunking: UInt8,
    salt: UInt64 = 0
  )
    -> [ArraySlice<UInt8>]
  {
    switch chunking {
    case 0:
      return [bytes[...]]
    case 1:
      return bytes.indices.map { bytes[$0..<$0 + 1] }
    default:
      var state = UInt64(chunking) &* 0x9E37_79B9_7F4A_7C15 &+ salt &+ UInt64(bytes.count)
      var chunks: [ArraySlice<UInt8>] = []
      var start = 0
      while start < bytes.count {
        let random = next(&state)
        let size: Int
        switch random % 8 {
        case 0: size = 0
        case 1...3: size = Int((random >> 8) % 8) + 1
        case 4...6: size = Int((random >> 8) % 64) + 1
        default: size = Int((random >> 8) % 1024) + 1
        }
        let end = min(start + size, bytes.count)
        chunks.append(bytes[start..<end])
        start = end
      }
      return chunks
    }
  }

  /// SplitMix64.
  private static func next(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
