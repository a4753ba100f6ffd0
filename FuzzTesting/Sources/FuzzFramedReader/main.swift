import FuzzCommon

/// Arbitrary bytes through the generated framed reader: `[selector] [chunking] stream...`
/// (see `FuzzInput`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFramedReader(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  fuzzReader(FuzzInput(start, count), format: .framed)
  return 0
}
