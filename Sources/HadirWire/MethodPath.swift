import GRPCCore

extension MethodDescriptor {
  /// The method named by a request head's path, `/package.Service/Method`; nil if the text
  /// does not have that shape.
  init?(path: String) {
    guard path.hasPrefix("/") else { return nil }
    let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
    self.init(fullyQualifiedService: String(parts[0]), method: String(parts[1]))
  }

  /// The path that names this method in a request head.
  var path: String { "/" + self.fullyQualifiedMethod }
}
