import FuzzCommon

/// Arbitrary bytes through the generated reader of server-sent events: `[selector]
/// [chunking] stream...` (see `FuzzInput`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSEReader(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  fuzzReader(FuzzInput(start, count), format: .sse)
  return 0
}
