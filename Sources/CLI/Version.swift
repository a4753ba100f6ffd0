/// The version of StreamTypes, as `streamtypes --version` prints it. The one place it is
/// written; CHANGELOG.md lists what each version brought.
enum StreamTypesVersion {
  static let current = "0.4.1"
}
