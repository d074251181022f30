import GRPCCore

extension MethodDescriptor {
  /// The method named by a request head's path, `/package.Service/Method`; nil if the text
  /// does not have that shape.
  init?(path: String) {
    let bytes = path.utf8
    guard bytes.first == UInt8(ascii: "/") else { return nil }
    let serviceStart = bytes.index(after: bytes.startIndex)
    guard let slash = bytes[serviceStart...].firstIndex(of: UInt8(ascii: "/")) else { return nil }
    let methodStart = bytes.index(after: slash)
    guard slash > serviceStart, methodStart < bytes.endIndex,
      !bytes[methodStart...].contains(UInt8(ascii: "/"))
    else { return nil }
    self.init(fullyQualifiedService: String(path[serviceStart..<slash]), method: String(path[methodStart...]))
  }

  /// The path that names this method in a request head.
  var path: String { "/" + self.fullyQualifiedMethod }
}
