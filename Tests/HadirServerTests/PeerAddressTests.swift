import Testing

@testable import HadirServer

/// Wrong tokens are counted per sender's address, whichever transport they come by.
@Suite("Peer addresses")
struct PeerAddressTests {
  @Test("the framed transport's and standard gRPC's names of one peer give one address")
  func sameAddressOnBothTransports() {
    #expect(CallInterceptor.host(of: "10.0.0.5:41234") == "10.0.0.5")
    #expect(CallInterceptor.host(of: "ipv4:10.0.0.5:52311") == "10.0.0.5")
    #expect(CallInterceptor.host(of: "::1:41234") == "::1")
    #expect(CallInterceptor.host(of: "ipv6:[::1]:52311") == "::1")
    #expect(CallInterceptor.host(of: "unix:/run/hadir/hadird.sock") == "unix:/run/hadir/hadird.sock")
  }
}
