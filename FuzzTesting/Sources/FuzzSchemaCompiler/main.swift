import FuzzCommon

/// Arbitrary bytes as YAML schema files through parse, check and emit; diagnostics are
/// fine, crashes are not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSchemaCompiler(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  fuzzSchemaCompiler(UnsafeRawBufferPointer(start: start, count: count))
  return 0
}
