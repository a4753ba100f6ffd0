/// Bounds a reader enforces so that a hostile or broken stream cannot exhaust memory or stack.
public struct StreamLimits: Sendable, Hashable {
  /// The largest payload a frame may announce, in bytes. A longer frame is rejected from its
  /// 5-byte tag, before any of its payload is buffered. The default is 16 MiB.
  public var maxFrameBytes: Int

  /// The deepest nesting of JSON arrays and objects a payload may have; the payload's own
  /// object is level 1. The default is 64.
  public var maxDepth: Int

  public init(maxFrameBytes: Int = 16 << 20, maxDepth: Int = 64) {
    self.maxFrameBytes = maxFrameBytes
    self.maxDepth = maxDepth
  }
}
