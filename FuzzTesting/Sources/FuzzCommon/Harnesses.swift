import StreamTypes
import StreamTypesCompiler

/// The checks of `FuzzFramedReader` and `FuzzSSEReader`: reading never crashes, the result
/// does not depend on how the bytes are chunked, and a valid stream written again from the
/// values read is valid and reads back to the same values.
public func fuzzReader(_ input: FuzzInput, format: WireFormat) {
  let stream = input.stream
  let limits = input.limits
  let chunked = stream.read(
    Chunking.split(input.data, input.chunking),
    format: format,
    limits: limits
  )
  if let otherError = chunked.otherError {
    fuzzFailure(
      "\(stream.rawValue) (\(format)): the reader threw a non-stream error: \(otherError)"
    )
  }
  let whole = stream.read([input.data[...]], format: format, limits: limits)
  guard chunked == whole else {
    fuzzFailure(
      """
      \(stream.rawValue) (\(format)): the result depends on the chunking (\(input.chunking))
      chunked: \(chunked)
      one chunk: \(whole)
      """
    )
  }
  guard chunked.error == nil else { return }
  let rewritten = stream.encode(chunked.parts, format: format)
  // Default limits: defaults filled in can make a payload larger than the small limit.
  let reread = stream.read([rewritten[...]], format: format, limits: StreamLimits())
  guard reread == chunked else {
    fuzzFailure(
      """
      \(stream.rawValue) (\(format)): the values read, written again, read differently
      first read: \(chunked)
      rewritten: \(String(decoding: rewritten, as: UTF8.self).debugDescription)
      second read: \(reread)
      """
    )
  }
}

/// The check of `FuzzValidator`: the generated reader, the schema-driven validator keeping
/// values, and the validator without values (with its one-pass fast path) give the same
/// verdict, the same error, and the same values (as the writers encode them), each with
/// its own chunking of the same bytes.
public func fuzzValidator(_ input: FuzzInput) {
  let stream = input.stream
  let format = input.format
  let limits = input.limits
  let read = stream.read(Chunking.split(input.data, input.chunking), format: format, limits: limits)
  let definition = stream.definition
  let validated = validateKeepingValues(
    definition,
    Chunking.split(input.data, input.chunking, salt: 1),
    format: format,
    limits: limits
  )
  guard read == validated, read.otherError == nil else {
    fuzzFailure(
      """
      \(stream.rawValue) (\(format), \(limits)): the reader and the validator disagree
      reader: \(read)
      validator: \(validated)
      """
    )
  }
  var fast = StreamValidator(
    module: FuzzSchemaFiles.module,
    stream: definition,
    format: format,
    limits: limits,
    keepsValues: false
  )
  var kinds: [FrameKind] = []
  var fastError: StreamError?
  do throws(StreamError) {
    for chunk in Chunking.split(input.data, input.chunking, salt: 2) {
      fast.append(chunk)
      while let event = try fast.next() { kinds.append(event.kind) }
    }
    try fast.finish()
  } catch {
    fastError = error
  }
  guard kinds == read.parts.map(\.kind), fastError == read.error else {
    fuzzFailure(
      """
      \(stream.rawValue) (\(format), \(limits)): the validator without values disagrees
      reader: \(read)
      validator without values: \(kinds), error: \(fastError.map { "\($0) [\($0.code)]" } ?? "none")
      """
    )
  }
}

private func validateKeepingValues(
  _ definition: StreamDefinition,
  _ chunks: [ArraySlice<UInt8>],
  format: WireFormat,
  limits: StreamLimits
) -> Outcome {
  var validator = StreamValidator(
    module: FuzzSchemaFiles.module,
    stream: definition,
    format: format,
    limits: limits
  )
  var outcome = Outcome()
  do throws(StreamError) {
    for chunk in chunks {
      validator.append(chunk)
      while let event = try validator.next() {
        guard let value = event.value else {
          outcome.otherError = "the validator kept no value for frame \(event.index)"
          return outcome
        }
        outcome.parts.append(Part(kind: event.kind, json: JSONWriter.encode(value)))
      }
    }
    try validator.finish()
  } catch {
    outcome.error = error
  }
  return outcome
}

/// The check of `FuzzSchemaCompiler`: the bytes are schema files (a NUL byte separates a
/// first file from a second, so a module of two files can be fuzzed too); the whole
/// pipeline runs and must not crash, must give the same diagnostics and Swift on a second
/// run, and a module without errors must give one Swift file per schema file and compile
/// into validators (with the one-pass tables) for each of its streams.
public func fuzzSchemaCompiler(_ bytes: UnsafeRawBufferPointer) {
  var inputs: [GeneratorPipeline.Input] = []
  if let separator = bytes.firstIndex(of: 0) {
    inputs.append(GeneratorPipeline.Input(path: "Fuzz.yaml", contents: Array(bytes[..<separator])))
    inputs.append(
      GeneratorPipeline.Input(path: "Second.yaml", contents: Array(bytes[(separator + 1)...]))
    )
  } else {
    inputs.append(GeneratorPipeline.Input(path: "Fuzz.yaml", contents: Array(bytes)))
  }
  let result = GeneratorPipeline.generate(inputs, access: .public)
  let again = GeneratorPipeline.generate(inputs, access: .public)
  guard result.diagnostics == again.diagnostics, result.outputs == again.outputs else {
    fuzzFailure("two runs of the compiler differ:\n\(result.diagnostics)\n\(again.diagnostics)")
  }
  guard !result.hasErrors else {
    if result.module != nil || !result.outputs.isEmpty {
      fuzzFailure("a schema with errors gave a module or Swift: \(result.diagnostics)")
    }
    return
  }
  // Each schema file gives its fixed set of shard files, named ahead.
  let expected = inputs.flatMap {
    GeneratorPipeline.outputFileNames(for: $0.path, shards: GeneratorConfiguration.defaultShards)
  }
  guard let module = result.module, result.outputs.map(\.fileName) == expected else {
    fuzzFailure(
      "a schema without errors gave \(result.outputs.count) Swift files for \(inputs.count) "
        + "schema files, not the \(expected.count) named ahead"
    )
  }
  for stream in module.streams {
    for keepsValues in [false, true] {
      var validator = StreamValidator(module: module, stream: stream, keepsValues: keepsValues)
      validator.append([UInt8]())
      _ = try? validator.next()
      _ = try? validator.finish()
    }
  }
}
