import Foundation

/// What an organizer sends each invitee before the event: a short message in Indonesian
/// naming the event, its days, the venue and the person's code, and a WhatsApp link that
/// opens a chat with that message ready to send.
public struct Invitation: Equatable, Sendable {
  public var name: String
  public var organization: String
  /// "K7M-4PQX".
  public var code: String
  /// E.164, e.g. "+6281234567890"; empty when unknown.
  public var phone: String
  public var message: String
  /// "https://wa.me/6281234567890?text=…"; empty without a phone number.
  public var whatsAppLink: String

  public init(registration: Registration, event: Event) {
    let person = registration.person
    name = person.name
    organization = person.organization
    code = RegistrationCode.display(registration.code)
    phone = person.phone
    let place = event.venue.isEmpty ? "" : ", di \(event.venue)"
    message =
      "Yth. \(person.name), Anda terdaftar sebagai peserta \(event.title), \(IndonesianDates.span(event.firstDay, event.lastDay))\(place). "
      + "Kode registrasi Anda: \(code). Tunjukkan kode ini di meja registrasi. Terima kasih."
    if phone.isEmpty {
      whatsAppLink = ""
    } else {
      var allowed = CharacterSet.alphanumerics
      allowed.insert(charactersIn: "-._~")
      let text = message.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
      whatsAppLink = "https://wa.me/\(phone.filter(\.isNumber))?text=\(text)"
    }
  }
}
