// The generated code of the fuzzed schemas is written beside this file, into `Generated/`,
// by `FuzzTesting/fuzz.sh` before it builds (see `FuzzSchemaFiles` in FuzzCommon for the
// list of schema files). It is not committed, so it always comes from the current emitter.

/// The module of the fuzzed schemas: `Schemas/` and `Tests/GeneratedCodeTests/Corpus.yaml`
/// with `CorpusShared.yaml`, generated together with public access.
public enum FuzzSchemas {}
