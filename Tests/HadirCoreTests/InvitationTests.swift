import Foundation
import Testing

@testable import HadirCore

@Suite("Invitations")
struct InvitationTests {
  let event = Event(
    code: "ILP-BANGGAI-25", title: "Kick-off Meeting ILP Kabupaten Banggai", venue: "Hotel, Luwuk",
    timeZone: "Asia/Makassar", firstDay: CalendarDay("2025-05-27")!, lastDay: CalendarDay("2025-05-28")!, capacity: 75,
    createdAt: .now, updatedAt: .now)

  func registration(phone: String) -> Registration {
    Registration(
      code: "K7M4PQX", eventCode: event.code,
      person: Person(name: "Hj. Siti Nurhaliza, S.Kep", organization: "Puskesmas Luwuk", phone: phone), status: .confirmed,
      registeredAt: .now)
  }

  @Test("the message names the person, the event, its days, the venue and the code, in Indonesian")
  func message() {
    let invitation = Invitation(registration: registration(phone: "+6281234567890"), event: event)
    #expect(
      invitation.message
        == "Yth. Hj. Siti Nurhaliza, S.Kep, Anda terdaftar sebagai peserta Kick-off Meeting ILP Kabupaten Banggai, 27–28 Mei 2025, di Hotel, Luwuk. Kode registrasi Anda: K7M-4PQX. Tunjukkan kode ini di meja registrasi. Terima kasih.")
    #expect(invitation.code == "K7M-4PQX")
  }

  @Test("the WhatsApp link opens a chat with that number and the message, encoded")
  func link() throws {
    let invitation = Invitation(registration: registration(phone: "+6281234567890"), event: event)
    #expect(invitation.whatsAppLink.hasPrefix("https://wa.me/6281234567890?text=Yth.%20Hj.%20Siti"))
    let components = try #require(URLComponents(string: invitation.whatsAppLink))
    #expect(components.queryItems?.first { $0.name == "text" }?.value == invitation.message)
  }

  @Test("without a phone number there is no link")
  func noPhone() {
    #expect(Invitation(registration: registration(phone: ""), event: event).whatsAppLink == "")
  }
}
