// swift-tools-version: 6.0
// Benchmarks of StreamTypes' codecs, in their own package so users of the library never
// build them. Run them with `python3 Benchmarks/run.py`, which puts them side by side with
// the Python reference (truss_chains with pydantic) on the same stream.
import PackageDescription

let package = Package(
  name: "StreamTypesBenchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "StreamTypes", path: "..")
  ],
  targets: [
    .executableTarget(
      name: "StreamTypesBenchmarks",
      dependencies: [.product(name: "StreamTypes", package: "StreamTypes")],
      plugins: [.plugin(name: "StreamTypesPlugin", package: "StreamTypes")]
    ),
    // The release-mode differential test of the number code: NumberDifferential [MILLIONS].
    .executableTarget(
      name: "NumberDifferential",
      dependencies: [.product(name: "StreamTypes", package: "StreamTypes")]
    ),
  ],
  swiftLanguageModes: [.v6]
)
