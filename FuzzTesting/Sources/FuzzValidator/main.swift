import FuzzCommon

/// The schema-driven validator against the generated reader on the same bytes, framed or
/// server-sent events as the selector byte says: `[selector] [chunking] stream...` (see
/// `FuzzInput`). Any disagreement stops the process with both results.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzValidator(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  fuzzValidator(FuzzInput(start, count))
  return 0
}
