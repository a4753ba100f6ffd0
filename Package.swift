// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "StreamTypes",
  // The runtime's floors: no Synchronization, Regex, Clock or Duration in it (checked by
  // Scripts/check_platform_apis.sh). The compiler, CLI, plugins and tests keep to them too.
  platforms: [.iOS(.v15), .macOS(.v12), .tvOS(.v15), .watchOS(.v8), .visionOS(.v1)],
  products: [
    .library(name: "StreamTypes", targets: ["StreamTypes"]),
    // The compiler is an implementation detail of the CLI and the plugins: no API promise.
    .library(name: "_StreamTypesCompiler", targets: ["StreamTypesCompiler"]),
    .executable(name: "streamtypes", targets: ["streamtypes"]),
    .plugin(name: "StreamTypesPlugin", targets: ["StreamTypesPlugin"]),
    .plugin(name: "GenerateStreamTypes", targets: ["GenerateStreamTypes"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // libyaml, found through pkg-config. Only the compiler links it.
    .systemLibrary(
      name: "CYAML",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
    ),

    // The runtime: wire formats, reader, writer, errors. Generated code depends on this
    // module only.
    .target(name: "StreamTypes"),

    // YAML schema -> checked model -> diagnostics -> Swift source.
    .target(name: "StreamTypesCompiler", dependencies: ["CYAML", "StreamTypes"]),

    // The `streamtypes` command: a thin shell over the compiler and the runtime.
    // Named like its product: SwiftPM finds a plugin's tool only then (swiftlang/
    // swift-package-manager#8831).
    .executableTarget(
      name: "streamtypes",
      dependencies: [
        "StreamTypes",
        "StreamTypesCompiler",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Sources/CLI"
    ),

    .plugin(
      name: "StreamTypesPlugin",
      capability: .buildTool(),
      dependencies: ["streamtypes"]
    ),
    .plugin(
      name: "GenerateStreamTypes",
      capability: .command(
        intent: .custom(
          verb: "generate-stream-types",
          description:
            "Writes the Swift code generated from a target's stream-type schemas into a folder"
        ),
        permissions: [
          .writeToPackageDirectory(reason: "Writes the generated Swift sources into the package")
        ]
      ),
      dependencies: ["streamtypes"]
    ),

    // The example schemas, compiled by the build plugin like any user's target.
    .target(
      name: "ExampleSchemas",
      dependencies: ["StreamTypes"],
      path: "Schemas",
      plugins: ["StreamTypesPlugin"]
    ),

    .testTarget(name: "StreamTypesTests", dependencies: ["StreamTypes"]),
    // A schema whose types are named like every type generated code uses.
    .testTarget(
      name: "ShadowingNamesTests",
      dependencies: ["StreamTypes"],
      plugins: ["StreamTypesPlugin"]
    ),
    .testTarget(
      name: "StreamTypesCompilerTests",
      dependencies: ["StreamTypesCompiler"],
      exclude: ["BrokenSchemas", "DiffCases"]
    ),
    // Compiles the example schemas and a corpus of schemas that covers the whole
    // language, and exercises the generated code.
    .testTarget(
      name: "GeneratedCodeTests",
      dependencies: ["ExampleSchemas", "StreamTypes", "StreamTypesCompiler"],
      // The conformance corpus, read by the tests from its path.
      exclude: ["Conformance"],
      plugins: ["StreamTypesPlugin"]
    ),
  ],
  swiftLanguageModes: [.v6]
)

// The documentation catalog (Sources/StreamTypes/StreamTypes.docc) is built with
// swift-docc-plugin by `Scripts/check_docs.sh`, which sets STREAMTYPES_DOCS. Only then is
// the plugin a dependency, so packages that depend on StreamTypes never fetch it.
if Context.environment["STREAMTYPES_DOCS"] != nil {
  package.dependencies.append(
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0")
  )
}
