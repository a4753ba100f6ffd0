#!/usr/bin/env bash
# Type-checks the build plugin's Xcode conformance (Plugins/StreamTypesPlugin, the part
# under `#if canImport(XcodeProjectPlugin)`), which SwiftPM never compiles off Xcode.
# XcodeProjectPlugin ships only with Xcode, so this script compiles a stand-in module
# that declares the members the plugin uses, with the types Xcode's module gives them
# (XcodePluginContext.pluginWorkDirectoryURL and tool(named:), XcodeTarget.inputFiles,
# XcodeBuildToolPlugin.createBuildCommands(context:target:)), next to SwiftPM's real
# PackagePlugin. It catches a typo or a type error in that part; it cannot catch a change
# in Xcode's own module. Self-check: a copy of the plugin with a planted error in the
# Xcode part must fail, so the `#if` branch is known to be compiled.
set -euo pipefail
cd "$(dirname "$0")/.."

toolchain="$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")"
plugin_api="$toolchain/lib/swift/pm/PluginAPI"
[ -d "$plugin_api" ] || { echo "check_xcode_plugin: no $plugin_api; skipped"; exit 0; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
version=(-Xfrontend -package-description-version -Xfrontend 6.0.0)

cat >"$scratch/XcodeProjectPlugin.swift" <<'EOF'
import Foundation
import PackagePlugin

public struct XcodePluginContext {
  public var pluginWorkDirectoryURL: URL { fatalError() }
  public func tool(named name: String) throws -> PluginContext.Tool { fatalError() }
}

public struct XcodeTarget {
  public var displayName: String { fatalError() }
  public var inputFiles: FileList { fatalError() }
}

public protocol XcodeBuildToolPlugin {
  func createBuildCommands(context: XcodePluginContext, target: XcodeTarget) throws -> [Command]
}
EOF
echo "== stand-in XcodeProjectPlugin module"
(cd "$scratch" && swiftc -emit-module -module-name XcodeProjectPlugin -parse-as-library \
  -I "$plugin_api" "${version[@]}" XcodeProjectPlugin.swift -o XcodeProjectPlugin.swiftmodule)

typecheck() {
  swiftc -typecheck -parse-as-library -swift-version 6 -warnings-as-errors "${version[@]}" \
    -I "$scratch" -I "$plugin_api" "$1" Plugins/PluginsShared/SchemaInputs.swift
}

echo "== self-check: an error planted in the Xcode conformance fails"
sed 's/files: target.inputFiles.map(\\.url)/files: target.inputFile.map(\\.url)/' \
  Plugins/StreamTypesPlugin/StreamTypesPlugin.swift >"$scratch/Planted.swift"
cmp -s "$scratch/Planted.swift" Plugins/StreamTypesPlugin/StreamTypesPlugin.swift &&
  { echo "check_xcode_plugin: FAIL: could not plant the error" >&2; exit 1; }
if typecheck "$scratch/Planted.swift" >/dev/null 2>&1; then
  echo "check_xcode_plugin: FAIL: the planted error passed; the Xcode part is not compiled" >&2
  exit 1
fi

echo "== type-check Plugins/StreamTypesPlugin with its Xcode conformance"
typecheck Plugins/StreamTypesPlugin/StreamTypesPlugin.swift
echo "check_xcode_plugin: ok"
