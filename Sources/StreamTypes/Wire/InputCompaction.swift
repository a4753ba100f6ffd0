/// How the incremental decoders (framed and SSE) drop the bytes they have read from the
/// front of their input buffer.
enum InputCompaction {
  /// Past this capacity an emptied buffer is released rather than kept for reuse, so one
  /// large frame does not pin its memory for the rest of a long stream.
  static let retainedCapacity = 1 << 20

  /// Drops `buffer[..<head]` when that is cheap relative to what stays, so compaction
  /// costs amortized O(1) per byte however small the chunks are.
  /// - Returns: the number of bytes dropped (0 when it left the buffer as it was); `head`
  ///   is then 0.
  static func compact(_ buffer: inout [UInt8], head: inout Int) -> Int {
    guard head > 0 else { return 0 }
    if head == buffer.count {
      if buffer.capacity > retainedCapacity {
        buffer = []
      } else {
        buffer.removeAll(keepingCapacity: true)
      }
    } else if head >= buffer.count - head {
      buffer.removeFirst(head)
    } else {
      return 0
    }
    let removed = head
    head = 0
    return removed
  }
}
