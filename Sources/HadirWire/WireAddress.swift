import Foundation

/// Where a Hadir server listens or a client connects: a TCP host and port, or a Unix socket.
public enum WireAddress: Hashable, Sendable, CustomStringConvertible {
  case tcp(host: String, port: Int)
  case unix(path: String)

  /// The default server address: loopback only, port 7400.
  public static let defaultServer = WireAddress.tcp(host: "127.0.0.1", port: 7400)

  /// Parses what a person types: `host:port`, `[v6addr]:port`, or a socket path (contains `/`
  /// or starts with `unix:`).
  public init(parsing text: String) throws(WireAddressError) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.hasPrefix("unix:") {
      let path = String(trimmed.dropFirst("unix:".count))
      guard !path.isEmpty else { throw WireAddressError(text: text) }
      self = .unix(path: path)
      return
    }
    if trimmed.contains("/") {
      self = .unix(path: trimmed)
      return
    }
    let host: Substring
    let portText: Substring
    if trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") {
      host = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
      let rest = trimmed[trimmed.index(after: close)...]
      guard rest.hasPrefix(":") else { throw WireAddressError(text: text) }
      portText = rest.dropFirst()
    } else {
      guard let colon = trimmed.lastIndex(of: ":") else { throw WireAddressError(text: text) }
      host = trimmed[..<colon]
      portText = trimmed[trimmed.index(after: colon)...]
    }
    guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else {
      throw WireAddressError(text: text)
    }
    self = .tcp(host: String(host), port: port)
  }

  /// The bytes of `host` when it is an IPv4 or IPv6 address (4 or 16), nil for a name.
  public static func ipAddressBytes(_ host: String) -> [UInt8]? {
    var v4 = in_addr()
    if inet_pton(AF_INET, host, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
    var v6 = in6_addr()
    if inet_pton(AF_INET6, host, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
    return nil
  }

  public var description: String {
    switch self {
    case .tcp(let host, let port):
      return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    case .unix(let path):
      return "unix:\(path)"
    }
  }
}

/// An address that is neither `host:port` nor a socket path.
public struct WireAddressError: Error, Hashable, CustomStringConvertible {
  public var text: String

  public var description: String {
    "'\(text)' is not a server address. Use host:port (for example 127.0.0.1:7400) or the path of a Unix socket."
  }
}
