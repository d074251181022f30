import Testing

@testable import HadirCore

@Suite("Access rules")
struct AccessTests {
  let desk = Principal(tokenID: "t1", tokenName: "desk 1", role: .desk, eventCode: "ILP-BANGGAI-25")
  let organizer = Principal(tokenID: "t2", tokenName: "organizers", role: .organizer, eventCode: nil)

  @Test("a role outside the allowed ones is refused with the roles that would do")
  func roleRefused() {
    do {
      try desk.require([.admin, .organizer], to: .createEvents)
      Issue.record("a desk token created an event")
    } catch {
      #expect(error.kind == .permissionDenied)
      #expect(error.message.contains("desk token cannot create events"))
      #expect(error.message.contains("admin or organizer"))
    }
    #expect(throws: Never.self) { try organizer.require([.admin, .organizer], to: .createEvents) }
  }

  @Test("a token bound to one event cannot touch another")
  func eventBinding() {
    #expect(throws: Never.self) { try desk.requireAccess(toEvent: "ILP-BANGGAI-25") }
    do {
      try desk.requireAccess(toEvent: "ILP-MOROWALI-25")
      Issue.record("a bound token reached another event")
    } catch {
      #expect(error.kind == .permissionDenied)
      #expect(error.message.contains("ILP-BANGGAI-25") && error.message.contains("ILP-MOROWALI-25"))
    }
    #expect(throws: Never.self) { try organizer.requireAccess(toEvent: "ILP-MOROWALI-25") }
    #expect(desk.canSee(event: "ILP-BANGGAI-25") && !desk.canSee(event: "OTHER"))
  }

  @Test("no token and a refused token are both UNAUTHENTICATED, each with its reason")
  func unauthenticated() throws {
    for (authentication, phrase) in [
      (Authentication.anonymous, "needs an access token"), (.rejected(Notice(.tokenUnknown)), "revoked"),
    ] {
      do {
        _ = try authentication.principal()
        Issue.record("\(authentication) was accepted")
      } catch {
        #expect(error.kind == .unauthenticated)
        #expect(error.message.contains(phrase))
      }
    }
    #expect(try Authentication.authenticated(desk).principal() == desk)
  }

  @Test("a token needs a name")
  func tokenName() throws {
    #expect(try AccessToken.validateName("  desk   2 ") == "desk 2")
    #expect(throws: HadirError.self) { try AccessToken.validateName("   ") }
  }
}
