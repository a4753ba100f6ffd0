// swift-tools-version: 6.0
// A package that uses StreamTypes the way any user's package does: schemas in the target,
// the build plugin, and the runtime as its only dependency at run time.
import PackageDescription

let package = Package(
  name: "SensorFeed",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "StreamTypes", path: "../..")
  ],
  targets: [
    .executableTarget(
      name: "SensorFeed",
      dependencies: [.product(name: "StreamTypes", package: "StreamTypes")],
      plugins: [.plugin(name: "StreamTypesPlugin", package: "StreamTypes")]
    )
  ],
  swiftLanguageModes: [.v6]
)
