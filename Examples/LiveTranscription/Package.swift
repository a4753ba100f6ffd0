// swift-tools-version: 6.0
// Typed streams over HTTP: a Hummingbird server that streams a transcription as it is
// produced, framed (Truss Chains) or as server-sent events, and an AsyncHTTPClient client
// that reads it with the generated reader. Both share one schema target.
import PackageDescription

let package = Package(
  name: "LiveTranscription",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "transcription-server", targets: ["TranscriptionServer"]),
    .executable(name: "transcription-client", targets: ["TranscriptionClient"]),
  ],
  dependencies: [
    .package(name: "StreamTypes", path: "../.."),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
  ],
  targets: [
    // The schema (Transcription.yaml), compiled by the build plugin into public types.
    .target(
      name: "TranscriptionAPI",
      dependencies: [.product(name: "StreamTypes", package: "StreamTypes")],
      plugins: [.plugin(name: "StreamTypesPlugin", package: "StreamTypes")]
    ),
    .executableTarget(
      name: "TranscriptionServer",
      dependencies: [
        "TranscriptionAPI",
        .product(name: "StreamTypes", package: "StreamTypes"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "TranscriptionClient",
      dependencies: [
        "TranscriptionAPI",
        .product(name: "StreamTypes", package: "StreamTypes"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
