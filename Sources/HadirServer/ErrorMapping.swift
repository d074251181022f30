import GRPCCore
import HadirCore

/// The one place where domain failures become gRPC status codes. The message is already
/// written for people; the field at fault travels in the "hadir-field" trailer.
extension HadirError: RPCErrorConvertible {
  public var rpcErrorCode: RPCError.Code {
    switch kind {
    case .invalidInput: .invalidArgument
    case .notFound: .notFound
    case .alreadyExists: .alreadyExists
    case .conflict: .failedPrecondition
    case .unauthenticated: .unauthenticated
    case .permissionDenied: .permissionDenied
    case .exhausted: .resourceExhausted
    case .unavailable: .unavailable
    }
  }

  public var rpcErrorMessage: String { message }

  public var rpcErrorMetadata: Metadata {
    guard let field else { return [:] }
    return ["hadir-field": "\(field)"]
  }
}
