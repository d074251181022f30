import GRPCCore
import HadirCore
import HadirProto
import HadirWire
import SwiftProtobuf

/// The language of the call being served: what its `accept-language` metadata asked for,
/// Indonesian when it asked for none. Set by ``CallInterceptor``; every sentence the server
/// writes for the caller is in it.
enum CallLanguage {
  @TaskLocal static var current: Language = .indonesian

  /// The language `metadata` asks for.
  static func of(_ metadata: Metadata) -> Language {
    Language(acceptLanguage: metadata[stringValues: "accept-language"].first(where: { _ in true }))
  }
}

extension TransportRefusal {
  var notice: Notice {
    switch self {
    case .shuttingDown: Notice(.serverShuttingDown)
    case .tooManyCalls(let limit): Notice(.tooManyCalls, [.limit: "\(limit)"])
    case .notAMethodName(let method): Notice(.notAMethodName, [.value: method])
    case .noSuchMethod(let method): Notice(.noSuchMethod, [.value: method])
    }
  }

  /// A call the transport refuses, in the language the call asks for, with its reason in
  /// "hadir-error-info-bin" as every other refusal.
  static let inCallerLanguage: @Sendable (TransportRefusal, Metadata) -> (message: String, metadata: Metadata) = {
    refusal, metadata in
    let notice = refusal.notice
    var trailer: Metadata = [:]
    trailer.addBinary(notice.errorInfo, forKey: "hadir-error-info-bin")
    return (notice.text(in: CallLanguage.of(metadata)), trailer)
  }
}

/// The one place where domain failures become gRPC statuses: the code for the kind of
/// failure, the message in the caller's language, the field at fault in the "hadir-field"
/// trailer, and the reason with its facts in "hadir-error-info-bin".
extension HadirError {
  func rpcError(in language: Language) -> RPCError {
    var metadata: Metadata = [:]
    if let field { metadata.addString(field, forKey: "hadir-field") }
    if let reason { metadata.addBinary(reason.errorInfo, forKey: "hadir-error-info-bin") }
    return RPCError(code: rpcCode, message: text(in: language), metadata: metadata)
  }

  var rpcCode: RPCError.Code {
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
}

extension Notice {
  /// The reason and facts, serialized as an `ErrorInfo`.
  var errorInfo: [UInt8] {
    var info = Hadir_V1_ErrorInfo()
    info.reason = reason
    info.domain = "hadir"
    info.metadata = wireFacts
    return (try? info.serializedBytes()) ?? []
  }
}
