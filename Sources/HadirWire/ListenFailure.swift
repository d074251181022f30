import Foundation
import NIOCore

/// Why a server could not listen on one of its addresses, in terms an operator can act on.
public enum ListenFailure: Error, Equatable, CustomStringConvertible {
  /// Another program (most likely another server) listens on the TCP address already.
  case addressInUse(WireAddress)
  /// A server answers on the Unix socket already; its file was left alone.
  case socketInUse(path: String)
  /// The operating system refused the address to this account (a port below 1024, or a
  /// socket in a folder it cannot write).
  case permissionDenied(WireAddress)

  public var description: String {
    switch self {
    case .addressInUse(let address): "\(address) is already in use by another program"
    case .socketInUse(let path): "a server is already listening on the socket \(path)"
    case .permissionDenied(let address): "this account may not listen on \(address)"
    }
  }

  /// The failure `error` stands for when binding `address`, or nil.
  public static func from(_ error: any Error, binding address: WireAddress) -> ListenFailure? {
    guard let ioError = error as? IOError else { return nil }
    switch ioError.errnoCode {
    case EADDRINUSE: return .addressInUse(address)
    case EACCES, EPERM: return .permissionDenied(address)
    default: return nil
    }
  }
}

/// A Unix socket file left behind by a server that is gone can be replaced; one that a live
/// server answers on must not be, or that server would silently lose its clients.
enum SocketFile {
  /// Removes the socket file at `path` if nobody answers on it; throws
  /// ``ListenFailure/socketInUse(path:)`` if a server does.
  static func clearIfStale(_ path: String) throws {
    var status = stat()
    guard lstat(path, &status) == 0 else { return }
    guard (status.st_mode & S_IFMT) == S_IFSOCK else {
      // Not a socket: refuse to delete somebody's file.
      throw ListenFailure.socketInUse(path: path)
    }
    if isAnswered(path) { throw ListenFailure.socketInUse(path: path) }
    unlink(path)
  }

  private static func isAnswered(_ path: String) -> Bool {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
      buffer.copyBytes(from: bytes)
    }
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    return result == 0
  }
}
