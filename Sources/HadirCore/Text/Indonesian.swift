/// The Indonesian catalog: every ``Phrase`` as an Indonesian sentence, in the polite,
/// plain register of a district health office.
extension Notice {
  var indonesian: String {
    let m = self
    switch phrase {
    case .checkedIn: return "\(m.who(.indonesian)) tercatat hadir. Selamat datang!"
    case .alreadyCheckedIn:
      return "\(m.who(.indonesian)) sudah tercatat hadir hari ini pukul \(m[.time]) di \(m[.desk])."
    case .unknownCode: return "Tidak ada pendaftaran dengan kode ini. Periksa kodenya, atau cari berdasarkan nama."
    case .badCheckCharacter:
      return "Kode ini salah ketik (huruf pemeriksanya tidak cocok). Ketik ulang, atau cari berdasarkan nama."
    case .waitlisted:
      return "\(m.who(.indonesian)) masih di daftar tunggu, belum terkonfirmasi. Silakan arahkan ke panitia."
    case .cancelled: return "\(m.who(.indonesian)) sudah membatalkan pendaftarannya. Silakan arahkan ke panitia."
    case .otherEvent: return "Kode ini untuk kegiatan lain (\(m[.otherEvent])). Silakan arahkan ke panitia."
    case .notEventDay: return "\(m.date(.day)) bukan hari kegiatan ini; hari ini tidak ada yang bisa dicatat hadir."
    case .thisPerson: return "Peserta ini"

    case .tokenMissing: return "Permintaan ini memerlukan token akses."
    case .tokenNotHadir: return "Token akses ini bukan token Hadir (token Hadir diawali \"\(m[.prefix])\")."
    case .tokenUnknown: return "Token akses tidak dikenal atau sudah dicabut. Mintalah token baru kepada administrator Hadir."
    case .authorizationMalformed: return "Header authorization harus berbentuk \"Bearer <token>\"."
    case .tooManyWrongTokens:
      return "Terlalu banyak token salah dari alamat ini; tunggu beberapa detik, lalu coba lagi dengan token yang benar."
    case .tokenRevokedDuringCall:
      return "Token akses dicabut selagi permintaan ini berjalan, jadi permintaan dihentikan. Mintalah token baru kepada administrator Hadir."
    case .roleCannot:
      let allowed = m.items(.roles).map { Self.role($0, .indonesian) }.joined(separator: " atau ")
      return "Token \(Self.role(m[.role], .indonesian)) tidak dapat \(Self.action(m[.action], .indonesian)); diperlukan token \(allowed). Mintalah kepada administrator Hadir."
    case .tokenLimitedToEvent:
      return "Token ini hanya untuk kegiatan \(m[.event]) dan tidak dapat dipakai untuk kegiatan \(m[.otherEvent])."
    case .tokenLimitedCannot:
      return "Token ini hanya untuk kegiatan \(m[.event]) dan tidak dapat \(Self.action(m[.action], .indonesian)). Hubungi administrator Hadir."
    case .deskTodayOnly:
      return "Meja registrasi hanya mencatat kehadiran hari ini; panitia dapat mencatat hari lain."
    case .deskUndoTodayOnly:
      return "Meja registrasi hanya dapat membatalkan kehadiran hari ini; panitia dapat membatalkan hari lain."
    case .undoOtherDesk:
      return "Kehadiran ini dicatat oleh \(m[.desk]); meja registrasi hanya dapat membatalkan catatannya sendiri. Hubungi panitia."
    case .undoTooOld: return "Catatan kehadiran ini sudah lebih dari 15 menit; sekarang hanya panitia yang dapat membatalkannya."
    case .adminTokenWholeServer:
      return "Token admin berlaku untuk seluruh server dan tidak dapat dibatasi pada satu kegiatan. Untuk satu kegiatan, buat token panitia untuk kegiatan itu."
    case .tokenNameMissing: return "Beri nama token yang menunjukkan pemegangnya, misalnya \"meja 2\"."
    case .tokenNotFound: return "Tidak ada token dengan id \(m[.id])."
    case .tokenIDMissing: return "Sebutkan id token yang akan dicabut."
    case .roleMissing: return "Pilih peran token: admin, organizer (panitia) atau desk (meja registrasi)."

    case .tooLong: return "Isian \(Self.field(m[.field], .indonesian)) lebih dari \(m[.limit]) karakter."
    case .controlCharacter:
      return "Isian \(Self.field(m[.field], .indonesian)) mengandung karakter kendali (\(m[.value])) yang dapat mengubah tampilan layar atau lembar kerja. Hapus lalu ketik ulang teksnya."
    case .onlyInvisible:
      return "Isian \(Self.field(m[.field], .indonesian)) hanya berisi karakter tak terlihat. Ketik ulang dengan huruf yang terlihat, atau kosongkan."
    case .nameMissing: return "Nama wajib diisi."
    case .emailInvalid: return "\"\(m[.value])\" bukan alamat e-mail; contohnya nama@contoh.go.id."
    case .phoneInvalid: return "\"\(m[.value])\" bukan nomor telepon; tulis seperti 0812-3456-7890 atau +62 812 3456 7890."
    case .requestIDInvalid:
      return "Id permintaan terdiri dari 1 sampai \(m[.limit]) karakter ASCII yang terlihat (huruf, angka, tanda baca), misalnya UUID; yang ini \(m[.size]) byte."
    case .notADate: return "\"\(m[.value])\" bukan tanggal; tulis sebagai TTTT-BB-HH, misalnya 2025-05-27."

    case .eventTitleMissing: return "Kegiatan memerlukan judul."
    case .timeZoneUnknown:
      return "\"\(m[.value])\" bukan nama zona waktu. Gunakan WIB, WITA atau WIT, UTC, atau nama IANA seperti Asia/Makassar."
    case .implausibleYear:
      return "\(m[.day]) bukan tanggal yang masuk akal untuk kegiatan; tahunnya harus antara \(m[.first]) dan \(m[.last])."
    case .lastDayBeforeFirst:
      return "Hari terakhir (\(m.date(.last))) lebih awal daripada hari pertama (\(m.date(.first)))."
    case .eventTooLong:
      return "Kegiatan paling lama 31 hari; \(m.date(.first)) sampai \(m.date(.last)) adalah \(m[.count]) hari."
    case .capacityOutOfRange: return "Kapasitas harus berupa jumlah peserta dari 1 sampai 100000, bukan \(m[.value])."
    case .eventCodeMissing: return "Kegiatan memerlukan kode, misalnya ILP-BANGGAI-25."
    case .eventCodeInvalid:
      return "\"\(m[.value])\" bukan kode kegiatan yang sah: gunakan 3 sampai 32 huruf, angka dan tanda hubung, diawali dan diakhiri huruf atau angka, misalnya ILP-BANGGAI-25."
    case .eventNotFound: return "Tidak ada kegiatan dengan kode \(m[.event])."
    case .eventExists: return "Kegiatan dengan kode \(m[.event]) sudah ada. Pilih kode lain."
    case .capacityBelowConfirmed:
      return "Kapasitas tidak dapat diubah menjadi \(m[.capacity]): sudah \(m[.confirmed]) peserta terkonfirmasi. Batalkan pendaftaran lebih dahulu, atau pilih paling sedikit \(m[.confirmed])."
    case .sessionsOutsideDays:
      return "Kegiatan tidak dapat berlangsung \(m.date(.first)) sampai \(m.date(.last)): sesi berikut akan berada di luarnya: \(m.items(.items).joined(separator: ", ")). Pindahkan atau hapus sesi itu lebih dahulu."
    case .attendedDaysDropped:
      let days = m.counted(.items) { day, count in "\(Self.date(day)) (\(count) kehadiran)" }
      return "Kegiatan tidak dapat berlangsung \(m.date(.first)) sampai \(m.date(.last)): sudah ada peserta yang hadir pada \(days.joined(separator: ", ")), dan daftar hadir tidak pernah dihapus. Pertahankan hari-hari itu dalam kegiatan."
    case .nothingToChange:
      return "Tidak ada yang diubah: sebutkan paling sedikit satu dari judul, tempat, zona waktu, hari atau kapasitas."
    case .dayNotOfEvent:
      return "\(m.date(.day)) bukan hari kegiatan \(m[.event]), yang berlangsung \(m.date(.first)) sampai \(m.date(.last))."

    case .registrationNotFound: return "Tidak ada pendaftaran dengan kode \(m[.code])."
    case .registrationCodeInvalid: return "\"\(m[.value])\" bukan kode pendaftaran seperti K7M-4PQX."
    case .codeNotInEvent: return "Kode \(m[.code]) tidak terdaftar untuk kegiatan \(m[.event])."
    case .nothingToUndo: return "\(m[.name]) tidak tercatat hadir pada \(m.date(.day)); tidak ada yang perlu dibatalkan."
    case .walkInNotEventDay:
      return "\(m.date(.day)) bukan hari kegiatan \(m[.event]); peserta tanpa pendaftaran hanya diterima pada hari kegiatan."
    case .noPlacesLeft:
      return "Tempat sudah penuh: \(m[.confirmed]) dari \(m[.capacity]) terkonfirmasi dan \(m[.waiting]) orang menunggu. Panitia dapat menambah kapasitas atau mendaftarkannya di daftar tunggu."
    case .searchEmpty: return "Ketik sebagian nama atau instansi yang dicari."
    case .searchNoLetters: return "Ketik paling sedikit satu huruf atau angka untuk dicari."
    case .pageTokenInvalid: return "Token halaman ini tidak berasal dari server ini; mulai lagi dari halaman pertama."
    case .pageSizeTooLarge: return "Mintalah paling banyak \(m[.limit]) sekaligus."
    case .arrivalTimeWithoutDay:
      return "Jam kedatangan hanya diisi untuk hari yang dicatat belakangan; di meja registrasi jamnya adalah saat ini."
    case .arrivalTimeInvalid: return "\"\(m[.value])\" bukan jam; tulis sebagai JJ:MM, misalnya 07:40."
    case .arrivalTimeInFuture:
      return "\(m.date(.day)) pukul \(m[.time]) di lokasi kegiatan belum tiba; isikan jam kedatangan peserta."
    case .tooManyScreens:
      return "Token ini sudah membuka \(m[.count]) layar pantauan, batas untuk satu token. Tutup salah satunya, atau pakai token lain."

    case .importOptionsFirst: return "Impor diawali pilihannya (kegiatan dan mode), baru kemudian berkasnya."
    case .importOptionsOnce: return "Pilihan impor dikirim sekali saja, sebelum berkasnya."
    case .importTooLarge:
      return "Berkas ini \(m[.size]), melebihi batas \(m[.limit]). Pecah daftar menjadi beberapa berkas yang lebih kecil, atau minta administrator menaikkan --max-import-size hadird."
    case .notAField: return "\"\(m[.value])\" bukan nama isian; gunakan salah satu dari \(m.items(.items).joined(separator: ", "))."
    case .noSuchColumn: return "Berkas tidak punya kolom \"\(m[.value])\". Kolomnya: \(m.items(.items).joined(separator: ", "))."
    case .columnAmbiguous: return "Kolom \"\(m[.value])\" bisa berisi \(m.items(.items).joined(separator: " atau ")). Tentukan dengan --column \"\(m[.value])=\(m.items(.items).first ?? "")\", atau ganti nama kolom di berkas."
    case .noNameColumn: return "Berkas tidak punya kolom nama (seperti \"Nama\" atau \"Name\"). Kolomnya: \(m.items(.items).joined(separator: ", ")). Tunjuk kolom yang benar dengan --column \"JUDUL KOLOM=name\"."
    case .agendaChangedMeanwhile:
      return "Agenda sudah diubah orang lain sejak Anda membacanya (sekarang revisi \(m[.revision]), Anda membaca revisi \(m[.expected])). Tidak ada yang diterapkan: baca ulang lalu ulangi perubahan Anda."
    case .agendaNotSaved: return "Agenda tidak disimpan: \(m.rendered(.items, in: .indonesian).joined(separator: " "))"
    case .agendaFileMistakes: return m[.count] == "1" ? m.rendered(.items, in: .indonesian).joined() : (["Berkas agenda memiliki \(m[.count]) kesalahan:"] + m.rendered(.items, in: .indonesian)).joined(separator: "\n")
    case .agendaNotYAMLAt: return "Baris \(m[.line]): berkas agenda bukan YAML yang sah (\(m[.value])). Periksa indentasi dan tanda kutip di sana."
    case .agendaNotYAML: return "Berkas agenda bukan YAML yang sah: \(m[.value])."
    case .agendaUnchanged: return "Tidak ada yang berubah: agenda yang tersimpan sudah sama dengan berkasnya."
    case .agendaDryRun: return "Uji coba, tidak ada yang ditulis. Akan berubah: \(m[.count]) dibuat, \(m[.value]) diperbarui, \(m[.expected]) dihapus."
    case .agendaSaved: return "Agenda disimpan: \(m[.count]) dibuat, \(m[.value]) diperbarui, \(m[.expected]) dihapus."
    case .agendaMistake: return "Baris \(m[.line]): \(Notice(json: m[.value])?.text(in: .indonesian) ?? m[.value])"
    case .agendaShouldBeMapping: return "\(m.place(.indonesian, capitalized: true)) harus berupa baris-baris \"nama: nilai\"."
    case .agendaFieldNameMissing: return "nama isian tidak ada."
    case .agendaUnknownField: return "\"\(m[.value])\" bukan isian dari \(m.place(.indonesian)); yang diharapkan: \(m.items(.items).joined(separator: ", "))."
    case .agendaShouldBeList: return "\(m.place(.indonesian, capitalized: true)) harus berupa daftar, satu butir per baris \"- \"."
    case .agendaShouldBeSingle: return "\(m.place(.indonesian, capitalized: true)) harus berupa satu nilai."
    case .agendaBadText: return "\(m.place(.indonesian, capitalized: true)): \(Notice(json: m[.value])?.text(in: .indonesian) ?? m[.value])"
    case .agendaBadKey: return "\(m.place(.indonesian, capitalized: true)) \"\(m[.value])\" harus berupa nama pendek dari huruf, angka, - dan _, misalnya d1-pembukaan."
    case .agendaBadNumber: return "\(m.place(.indonesian, capitalized: true)) harus berupa bilangan bulat di atas 0, bukan \"\(m[.value])\"."
    case .agendaBadDay: return "\(m.place(.indonesian, capitalized: true)) \"\(m[.value])\" bukan tanggal; tulis seperti 2025-05-27."
    case .agendaBadTime: return "\(m.place(.indonesian, capitalized: true)) \"\(m[.value])\" bukan jam; tulis seperti \"08:30\"."
    case .agendaBadChoice: return "\(m.place(.indonesian, capitalized: true)) \"\(m[.value])\" bukan \(Self.choiceNoun(m[.title], .indonesian)); tulis salah satu dari \(Self.acceptedWords(m[.title], .indonesian))."
    case .agendaNeedsField: return "\(m.place(.indonesian, capitalized: true)) memerlukan \"\(m[.value])\"."
    case .agendaRoomTwice: return "Ruang \"\(m[.value])\" tercantum \(m[.count]) kali."
    case .agendaSpeakerKeyTwice: return "Kunci narasumber \"\(m[.value])\" dipakai \(m[.count]) kali."
    case .agendaSessionKeyTwice: return "Kunci sesi \"\(m[.value])\" dipakai \(m[.count]) kali."
    case .agendaEndsBeforeStart: return "Sesi \"\(m[.title])\" berakhir pukul \(m[.last]), tidak sesudah mulai pukul \(m[.first])."
    case .agendaOutsideDays: return "Sesi \"\(m[.title])\" pada \(m.date(.day)), di luar hari kegiatan (\(m.date(.first)) sampai \(m.date(.last)))."
    case .agendaUnknownRoom: return "Sesi \"\(m[.title])\" di ruang \"\(m[.value])\", yang tidak ada dalam daftar ruang agenda."
    case .agendaUnknownSpeaker: return "Sesi \"\(m[.title])\" punya slot \(Self.slotRole(m[.role], .indonesian)) untuk narasumber \"\(m[.value])\", yang tidak ada dalam daftar narasumber agenda."
    case .agendaOpenSlot: return "Sesi \"\(m[.title])\" pada \(m.date(.day)) \(m[.time]) masih punya slot \(Self.slotRole(m[.role], .indonesian)) kosong\(m[.value].isEmpty ? "" : " (\(m[.value]))")."
    case .agendaRoomClash: return "\"\(m[.name])\" (\(m[.first])) dan \"\(m[.title])\" (\(m[.last])) sama-sama di ruang \"\(m[.value])\" pada \(m.date(.day))."
    case .agendaSpeakerClash: return "\(m[.who]) akan berbicara di \"\(m[.name])\" (\(m[.first])) dan di \"\(m[.title])\" (\(m[.last])) pada waktu yang sama, \(m.date(.day))."
    case .exportFormatUnknown: return "\"\(m[.value])\" bukan format ekspor; gunakan ics, csv, json atau yaml."

    case .serverShuttingDown:
      return "Server sedang dimatikan. Sambungkan lagi sebentar lagi; layar akan melanjutkan dari posisi terakhir."
    case .tooManyCalls:
      return "Sambungan ini sudah membuka \(m[.limit]) permintaan, batas yang diizinkan server. Tunggu sampai salah satunya selesai."
    case .notAMethodName: return "'\(m[.value])' bukan nama metode; seharusnya /paket.Layanan/Metode."
    case .noSuchMethod:
      return "Server ini tidak punya metode \(m[.value]). Mungkin program klien lebih baru daripada server; bandingkan versinya."
    case .unexpectedProblem:
      return "Server mengalami masalah tak terduga dan tidak menyelesaikan permintaan ini. Masalahnya sudah dicatat; coba lagi, dan beri tahu administrator jika terus terjadi."
    case .diskFull:
      return "Disk server penuh, jadi perubahan ini tidak tersimpan. Minta administrator Hadir mengosongkan ruang di server; semua yang tersimpan sebelumnya aman."
    case .databaseBusy: return "Basis data sedang sibuk; coba lagi sebentar lagi."
    case .databaseGone:
      return "Berkas basis data server hilang, jadi tidak ada yang dapat disimpan. Beri tahu administrator Hadir: server harus dijalankan ulang pada berkas basis datanya."
    case .databaseUnwritable:
      return "Server tidak dapat menulis basis datanya saat ini, jadi perubahan ini tidak tersimpan. Beri tahu administrator Hadir; log server menjelaskan sebabnya."

    case .rowTooManyValues: return "Baris ini berisi \(m[.count]) nilai, padahal header punya \(m[.limit]) kolom; kemungkinan ada nilai yang memuat pemisah tanpa tanda kutip."
    case .sameExternalID: return "NIP/NIK yang sama \(m[.value])"
    case .sameEmail: return "e-mail yang sama \(m[.value])"
    case .samePhone: return "nomor telepon yang sama \(m[.value])"
    case .importRefused: return "Tidak ada yang diimpor: \(m[.count]) baris bermasalah. Perbaiki lalu impor ulang berkasnya, atau impor baris yang benar saja dengan --skip-invalid."
    case .importWouldChangeNothing: return "Impor sungguhan tidak akan mengubah apa pun: semua orang dalam berkas sudah terdaftar dengan data yang sama."
    case .importChangedNothing: return "Tidak ada yang berubah: semua orang dalam berkas sudah terdaftar dengan data yang sama."
    case .importDryRun: return "Uji coba, tidak ada yang ditulis. Akan dibuat \(m[.count]) (\(m[.confirmed]) terdaftar, \(m[.waiting]) daftar tunggu), akan diperbarui \(m[.value]), \(m[.expected]) tetap."
    case .importDone: return "Dibuat \(m[.count]) (\(m[.confirmed]) terdaftar, \(m[.waiting]) daftar tunggu), diperbarui \(m[.value]), \(m[.expected]) tetap."
    case .importSkipped: return " Dilewati: \(m[.count]) baris bermasalah."

    case .serverUnreachable:
      return "Server Hadir di \(m[.address]) tidak dapat dihubungi (\(Self.indonesianCause(m[.cause]))). Periksa alamatnya, bahwa hadird berjalan di sana, dan jaringannya."
    case .closedBeforeReady:
      return "Sambungan ke server Hadir di \(m[.address]) terputus sebelum siap. Coba lagi."
    case .replicaLitestreamStopped:
      return "Litestream (proses \(m[.value])) sudah berhenti: perubahan tidak lagi direplikasi. Mulai ulang layanan hadird."
    case .replicaStatusUnknown: return "Litestream tidak dapat ditanya tentang replikanya: \(m[.cause])"
    case .connectionLost: return "Sambungan ke server Hadir di \(m[.address]) terputus. Coba lagi."
    case .answersNotRead:
      return "Lebih dari \(m[.count]) jawaban dari server Hadir di \(m[.address]) belum dibaca, jadi panggilan ini dihentikan. Coba lagi."
    case .tlsRequired:
      return "Server Hadir di \(m[.address]) hanya menerima sambungan TLS. Sambungkan dengan --tls-pin sha256:… (sidik jari yang dicetak hadird saat mulai) atau dengan --tls."
    case .tlsNotOffered:
      return "Server Hadir di \(m[.address]) tidak menjawab dengan TLS: mungkin server itu tidak memakai TLS. Sambungkan tanpa --tls dan --tls-pin, atau tanyakan pengelolanya."
    case .tlsPinMismatch:
      return "Server Hadir di \(m[.address]) menunjukkan sertifikat \(m[.value]), bukan yang disematkan \(m[.expected]). Jika sertifikat server dibuat ulang, sematkan sidik jari baru yang dicetak hadird; jika tidak, ini bukan server Anda: jangan disambungkan."
    case .tlsCertificateExpired:
      return "Server Hadir di \(m[.address]) menunjukkan sertifikat yang kedaluwarsa pada \(m[.day]). Minta pengelolanya memperbaruinya."
    case .tlsSetup:
      return "Otoritas tepercaya \(m[.value]) tidak dapat dipakai untuk server Hadir di \(m[.address]): \(Self.indonesianCause(m[.cause])). Periksa berkas yang diberikan dengan --tls-ca."
    case .tlsUntrusted:
      return "Server Hadir di \(m[.address]) menunjukkan sertifikat yang tidak dipercaya komputer ini (kedaluwarsa, ditandatangani pihak yang tidak dikenal, atau dibuat untuk nama lain). Untuk server dengan sertifikatnya sendiri, sematkan dengan --tls-pin."
    case .callTimedOut: return "Server tidak menjawab tepat waktu. Jaringan mungkin lambat; coba lagi."
    case .callCancelled: return "Permintaan dibatalkan sebelum server menjawab."
    case .serverFailed: return "Server gagal dengan status \(m[.value])."
    case .adviceTokenOption:
      return "Berikan --token atau isi HADIR_TOKEN; administrator dapat membuatnya dengan `hadir token create`."
    case .adviceCheckToken: return "Periksa HADIR_TOKEN atau --token."
    case .adviceEventList: return "`hadir event list` menampilkan kode-kodenya."
    case .adviceTokenList: return "`hadir token list` menampilkan id-nya."
    case .whichEvent:
      return "Kegiatan yang mana? Berikan --event KODE atau isi HADIR_EVENT (`hadir event list` menampilkan kode-kodenya)."

    case .deskTitle: return "Meja registrasi Hadir · \(m[.title]) (\(m[.event]))"
    case .deskInstructions: return "Pindai atau ketik kode lalu tekan Enter. ?nama untuk mencari nama. q untuk keluar."
    case .deskNotRecorded:
      return "TIDAK TERCATAT: server tidak dapat dihubungi. Pindai \(m[.code]) lagi setelah sambungan pulih."
    case .deskRetrying: return "Sambungan terputus; mencoba lagi…"
    case .wordIn: return "HADIR"
    case .wordAlreadyIn: return "SUDAH HADIR"
    case .wordStop: return "DITOLAK"
    case .nobodyMatches: return "Tidak ada yang cocok. Coba kata yang lebih sedikit atau lebih pendek."
    case .firstMatchesOnly:
      return "Hanya \(m[.count]) hasil pertama yang ditampilkan; ketik nama lebih lengkap untuk menemukan yang lain."
    case .headingCode: return "KODE"
    case .headingName: return "NAMA"
    case .headingOrganization: return "INSTANSI"
    case .headingStatus: return "STATUS"
    case .headingToday: return "HARI INI (\(m.date(.day)))"
    case .markIn: return "hadir"
    case .statusConfirmed: return "terdaftar"
    case .statusWaitlisted: return "daftar tunggu #\(m[.value])"
    case .statusCancelled: return "batal"
    case .undone: return "Catatan kehadiran \(m[.name]) pada \(m.date(.day)) dibatalkan."
    case .walkInCode: return "Kode: \(m[.code])"
    case .reconnecting: return "\(m[.value]) Menyambung ulang dalam \(m[.count]) detik…"
    case .watchCounters:
      return "\(m.date(.day)): \(m[.count]) dari \(m[.confirmed]) peserta terdaftar sudah hadir; \(m[.confirmed])/\(m[.capacity]) tempat terisi, \(m[.waiting]) menunggu"

    case .headingNo: return "NO"
    case .headingTitle: return "JUDUL"
    case .headingDays: return "HARI"
    case .headingZone: return "ZONA"
    case .headingCapacity: return "KAPASITAS"
    case .headingPhone: return "TELEPON"
    case .headingConfirmed: return "TERDAFTAR"
    case .headingTotal: return "JUMLAH"
    case .headingTime: return "WAKTU"
    case .headingWho: return "OLEH"
    case .headingAction: return "TINDAKAN"
    case .headingDetail: return "KETERANGAN"
    case .headingID: return "ID"
    case .headingRole: return "PERAN"
    case .headingEvent: return "KEGIATAN"
    case .headingCreated: return "DIBUAT"
    case .headingLastUsed: return "TERAKHIR DIPAKAI"
    case .headingRevoked: return "DICABUT"
    case .allEvents: return "semua"
    case .noEventsYet: return "Belum ada kegiatan. Buat dengan `hadir event create`."
    case .eventCreated: return "Kegiatan \(m[.event]) dibuat."
    case .eventUpdated: return "Kegiatan \(m[.event]) diperbarui."
    case .promotedFromWaitlist: return "Terkonfirmasi dari daftar tunggu (\(m[.count])):"
    case .labelCode: return "Kode:     "
    case .labelTitle: return "Judul:    "
    case .labelVenue: return "Tempat:   "
    case .labelDays: return "Hari:     "
    case .labelZone: return "Zona waktu:"
    case .labelCapacity: return "Kapasitas:"
    case .alreadyRegistered: return "\(m[.name]) sudah terdaftar: kode \(m[.code]), \(m[.value]). Tidak ada yang berubah."
    case .registeredPerson: return "\(m[.name]) terdaftar: kode \(m[.code]), \(m[.value])."
    case .cancelledPerson: return "Pendaftaran \(m[.name]) (\(m[.code])) dibatalkan."
    case .movedUp: return "\(m[.name]) (\(m[.code])) naik dari daftar tunggu dan kini terkonfirmasi."
    case .noRegistrationsMatch: return "Tidak ada pendaftaran yang cocok."
    case .registrationCount: return "\(m[.count]) pendaftaran."
    case .wroteFile: return "Disimpan ke \(m[.value])."
    case .wroteAttendance: return "Daftar kehadiran disimpan ke \(m[.value])."
    case .wroteBadges: return "\(m[.count]) kartu peserta disimpan ke \(m[.value])."
    case .wroteInvitations: return "\(m[.count]) undangan disimpan ke \(m[.value]); \(m[.expected]) dengan tautan WhatsApp."
    case .agendaHasNoProblems: return "Tidak ada bentrok dan tidak ada slot yang masih kosong."
    case .cannotWritePaper:
      return "Tidak dapat menulis \(m[.value]) (\(m[.cause])). Periksa bahwa foldernya ada dan Anda boleh menulis di sana, lalu coba lagi."
    case .cannotMakeQRCode: return "Tidak dapat membuat kode QR untuk \(m[.value])."
    case .wroteSheet: return "Daftar hadir \(m.date(.day)) disimpan ke \(m[.value])."
    case .attendanceTitle: return "Kehadiran, kegiatan \(m[.event])"
    case .cancelledMark: return "(batal)"
    case .noOrganization: return "(tanpa instansi)"
    case .noShows: return "Tidak hadir (\(m[.count])): "
    case .none: return "tidak ada"
    case .recordedBy: return "\(m[.time]) (dicatat oleh \(m[.desk]) pada \(m[.value]))"
    case .csvNo: return "No"
    case .csvName: return "Nama"
    case .csvOrganization: return "Instansi"
    case .csvPosition: return "Jabatan"
    case .csvCode: return "Kode"
    case .csvDayTime: return "Hari \(m[.count]) (\(m[.day])) jam"
    case .csvDayDesk: return "Hari \(m[.count]) meja"
    case .csvSignature: return "Tanda tangan"
    case .sheetAttendance: return "Kehadiran"
    case .tokenCreated: return "Token \(Self.role(m[.role], .indonesian)) \(m[.id]) (\"\(m[.name])\") dibuat\(m[.value])."
    case .tokenForEvent: return " untuk kegiatan \(m[.event])"
    case .secretShownOnce: return "Rahasianya hanya ditampilkan sekarang; berikan kepada pemegangnya:"
    case .tokenRevoked: return "Token \(m[.id]) (\"\(m[.name])\") dicabut."
    case .nothingRecorded: return "Belum ada catatan."
    case .olderNotShown: return "(\(m[.count]) catatan lama tidak ditampilkan; persempit dengan --since atau --code.)"
    case .statusServer: return "Server:   \(m[.name]) \(m[.value]) di \(m[.address]), protokol \(m[.count]), aktif \(m[.time])"
    case .statusNoToken: return "Token:    tidak dikirim (isi HADIR_TOKEN atau berikan --token)"
    case .statusTokenAll: return "Token:    \(Self.role(m[.role], .indonesian)), semua kegiatan"
    case .statusTokenEvent: return "Token:    \(Self.role(m[.role], .indonesian)), hanya kegiatan \(m[.event])"
    case .statusReplica: return "Replika:  \(m[.value])"
    case .replicaNone: return "tidak ada. Jika mesin ini hilang, semua datanya ikut hilang; lihat \"When the machine is lost\" di docs/operations.md."
    case .replicaWritten: return "perubahan terbaru di replika ditulis \(m[.time]) lalu"
    case .replicaCaughtUp: return "tidak ada yang menunggu"
    case .replicaPending: return "\(m[.count]) transaksi belum ada di replika"
    case .delimiterComma: return "koma"
    case .delimiterSemicolon: return "titik koma"
    case .delimiterTab: return "tab"
    case .importColumns: return "Kolom (pemisah \(m[.value])): \(m[.items])"
    case .columnNotUsed: return "tidak dipakai"
    case .headingPeople: return "ORANG"
    case .rowsRead: return "Baris dibaca"
    case .rowsCreated: return "Dibuat"
    case .rowsConfirmed: return "  terdaftar"
    case .rowsWaitlisted: return "  daftar tunggu"
    case .rowsUpdated: return "Diperbarui"
    case .rowsUnchanged: return "Tetap"
    case .rowsRejected: return "Ditolak"
    case .mergedHeading: return "Baris yang dianggap orang yang sama dengan baris sebelumnya (periksa bahwa memang orang yang sama):"
    case .mergedLine: return "  baris \(m[.count]) sama dengan baris \(m[.first]), \(m[.name]): \(m[.value])"
    case .andMoreJSON: return "  … dan \(m[.count]) lagi (--json menampilkan semuanya)"
    case .rejectedHeading: return "Baris yang ditolak:"
    case .rejectedLine: return "  baris \(m[.count]): \(m[.value])"
    case .andMore: return "  … dan \(m[.count]) lagi"
    case .useErrorsFile: return " (gunakan --errors BERKAS untuk mendapat semuanya)"
    case .allRejectedIn: return "  Semua baris yang ditolak ada di \(m[.value]): perbaiki di sana lalu impor berkas itu."
    case .waitlistedHeading: return "Daftar tunggu (tempat sudah penuh):"
    case .waitlistedLine: return "  #\(m[.count]) \(m[.name]) (\(m[.code]), baris \(m[.first]))"
    case .codeOnImport: return "kode diberikan saat impor"
    case .moreWaitlisted: return "  … dan \(m[.count]) lagi: `hadir registrations --status waitlisted` menampilkannya."
    case .csvLine: return "Baris"
    case .csvProblem: return "Masalah"
    case .noSessionsYet: return "Belum ada sesi. Tulis berkas agenda lalu gunakan `hadir agenda apply BERKAS`."
    case .openSlot: return "KOSONG"
    case .conflictLabel: return "BENTROK"
    case .helpAudit: return "Tampilkan log audit kegiatan: siapa melakukan apa, dan kapan (waktu di lokasi kegiatan)."
    case .helpHadir: return "Bekerja dengan server Hadir: kegiatan, pendaftaran, meja registrasi, token."
    case .helpToken: return "Buat, tampilkan, dan cabut token akses (administrator)."
    case .helpTokenCreate: return "Terbitkan token; rahasianya ditampilkan sekali."
    case .helpTokenList: return "Tampilkan token (tanpa rahasianya)."
    case .helpTokenRevoke: return "Cabut token seketika."
    case .helpEvent: return "Buat, tampilkan, dan ubah kegiatan."
    case .helpEventCreate: return "Buat kegiatan."
    case .helpEventList: return "Tampilkan kegiatan yang boleh dilihat token Anda."
    case .helpEventShow: return "Tampilkan satu kegiatan."
    case .helpEventUpdate: return "Ubah kegiatan; hanya pilihan yang diberikan yang berubah."
    case .helpImport: return "Impor daftar undangan (CSV) ke kegiatan, semuanya atau tidak sama sekali."
    case .helpAgenda: return "Tampilkan, periksa, ubah, dan ekspor agenda kegiatan (lihat docs/agenda.md)."
    case .helpAgendaShow: return "Cetak jadwal hari demi hari; slot kosong ditandai."
    case .helpAgendaApply: return "Samakan agenda dengan berkas YAML: hanya yang berbeda yang dibuat, diubah, atau dihapus."
    case .helpAgendaCheck: return "Tampilkan setiap bentrokan dan slot kosong, dari agenda tersimpan atau dari berkas. Keluar dengan kode 1 jika ada bentrokan."
    case .helpAgendaExport: return "Tulis agenda sebagai ics, csv, json, atau yaml."
    case .helpAgendaAssign: return "Berikan slot narasumber pada sesi kepada seorang narasumber."
    case .helpAgendaUnassign: return "Kosongkan lagi slot narasumber."
    case .helpAgendaMove: return "Pindahkan sesi ke hari, jam, atau ruang lain."
    case .helpAgendaRemove: return "Hapus sesi, narasumber, atau ruang."
    case .helpReport: return "Laporan untuk panitia."
    case .helpAttendance: return "Siapa hadir pada hari apa, jumlah per instansi, dan yang tidak hadir."
    case .helpCheckIn: return "Catat kehadiran seseorang berdasarkan kodenya."
    case .helpUndo: return "Batalkan catatan kehadiran (meja registrasi: catatannya sendiri, dalam 15 menit; panitia: semua)."
    case .helpFind: return "Cari peserta berdasarkan sebagian nama atau instansinya."
    case .helpWalkIn: return "Daftarkan dan catat kehadiran peserta tanpa pendaftaran, jika masih ada tempat."
    case .helpWatch: return "Tampilkan hitungan langsung dan setiap kehadiran saat terjadi (Ctrl-C untuk berhenti)."
    case .helpBadges: return "Cetak tanda pengenal dengan kode setiap peserta sebagai kode QR."
    case .helpStatus: return "Periksa bahwa server menjawab, dan apa yang diizinkan token Anda."
    case .helpRegister: return "Daftarkan seseorang: terdaftar selama masih ada tempat, jika tidak masuk daftar tunggu."
    case .helpCancel: return "Batalkan pendaftaran; orang pertama di daftar tunggu mendapat tempatnya."
    case .helpRegistrations: return "Tampilkan atau cari pendaftaran kegiatan."
    case .helpAgendaAdd: return "Tambahkan ruang, narasumber, sesi, atau slot narasumber."
    case .helpAddRoom: return "Tambahkan ruang."
    case .helpAddSpeaker: return "Tambahkan narasumber."
    case .helpAddSession: return "Tambahkan sesi."
    case .helpAddSlot: return "Tambahkan slot narasumber pada sesi, kosong atau sudah terisi."
    case .helpDesk: return "Mode meja registrasi: pindai atau ketik kode, satu per baris; ?nama untuk mencari; q untuk keluar."
    case .helpInvitations: return "Tulis kode, pesan, dan tautan WhatsApp setiap peserta terdaftar ke lembar kerja (CSV)."
    case .helpHadirDetails:
      return """
        Server dan token diambil dari --server dan --token, atau dari HADIR_SERVER dan \
        HADIR_TOKEN; bahasa dari --lang (id atau en), atau dari HADIR_LANG; Bahasa Indonesia \
        jika tidak ada.

        TLS dari --tls-pin atau HADIR_TLS_PIN (sidik jari yang dicetak hadird), --tls-ca atau \
        HADIR_TLS_CA (sertifikat sebuah CA), atau --tls (CA komputer ini).

        Kode keluar: 0 selesai; 1 server menolak permintaan (masukan salah, tidak ditemukan, \
        bentrok); 2 perintah salah; 3 server tidak dapat dihubungi, TLS atau sertifikatnya \
        ditolak, atau server tidak menjawab tepat waktu; 4 token tidak ada, salah, atau tidak \
        berwenang; 5 server gagal. checkin dan walkin juga keluar dengan 10 jika peserta sudah \
        tercatat hadir hari ini, dan 11 jika ditolak.
        """
    case .usageCapacity: return "--capacity harus berupa jumlah peserta dari 1 sampai 100000, bukan \(m[.value])."
    case .usageNothingToUpdate: return "Berikan paling sedikit satu dari --title, --venue, --time-zone, --first-day, --last-day, --capacity."
    case .usageColumn: return "--column berbentuk JUDUL=ISIAN, misalnya --column \"Nama Peserta=name\"; yang diberikan \"\(m[.value])\"."
    case .usageDay: return "\(m[.field]) berbentuk TTTT-BB-HH, misalnya 2025-05-27\(m[.value].isEmpty ? "" : ", bukan \"\(m[.value])\"")."
    case .usageTime: return "\(m[.field]) berbentuk JJ:MM, misalnya 08:30."
    case .usageRemoveWhat: return "Hapus sesi, narasumber, atau ruang, bukan \"\(m[.value])\"."
    case .usageSlotNumber: return "Slot sesi dinomori mulai dari 1, bukan \(m[.value])."
    case .usageUnreadableFile: return "Berkas \(m[.value]) tidak dapat dibaca sebagai teks UTF-8: \(m[.cause])"
    case .usagePDFNeedsDay: return "--pdf memerlukan --day TTTT-BB-HH: satu daftar hadir untuk satu hari."
    case .usageDayGoesWithPDF: return "--day dan --blank dipakai bersama --pdf BERKAS."
    case .usageTimeGoesWithDay: return "--time dipakai bersama --day: di meja registrasi jam kedatangan adalah saat ini."
    case .usageChoice: return "tulis salah satu dari \(Self.acceptedWords(m[.title], .indonesian))."
    case .usageTLSPin:
      return "--tls-pin (atau HADIR_TLS_PIN) harus sha256: lalu 64 digit heksadesimal, seperti yang dicetak hadird saat mulai, bukan \"\(m[.value])\"."
    case .usageLanguage: return "--lang (atau HADIR_LANG) harus id (Bahasa Indonesia) atau en (English), bukan \"\(m[.value])\"."
    case .agendaNoSuchItem: return "Tidak ada \(Self.agendaItem(m[.title])) \"\(m[.name])\" dalam agenda."
    case .agendaSlotOutOfRange: return "Sesi \"\(m[.name])\" punya \(m[.count]) slot; nomori mulai dari 1."
    case .replicaProblem: return "MASALAH: \(m[.value])"

    // Help for options and arguments of hadir.
    case .helpOptionServer: return "Alamat server: host:port atau jalur soket Unix (env HADIR_SERVER; bawaan 127.0.0.1:7400)."
    case .helpOptionToken: return "Token akses (env HADIR_TOKEN)."
    case .helpOptionTLS: return "Sambungkan dengan TLS dan percayai otoritas sertifikat (CA) komputer ini."
    case .helpOptionTLSPin: return "Sambungkan dengan TLS dan percayai hanya sertifikat dengan sidik jari ini (sha256:HEX, seperti yang dicetak hadird; env HADIR_TLS_PIN)."
    case .helpOptionTLSCA: return "Sambungkan dengan TLS dan percayai sertifikat yang ditandatangani otoritas (CA) dalam berkas PEM ini (env HADIR_TLS_CA)."
    case .helpOptionJSON: return "Cetak JSON untuk skrip, bukan tabel."
    case .helpOptionLang: return "Bahasa: id (Bahasa Indonesia, bawaan) atau en untuk bahasa Inggris (env HADIR_LANG)."
    case .helpOptionEvent: return "Kode kegiatan (env HADIR_EVENT; bawaan: kegiatan token Anda, jika token itu hanya untuk satu kegiatan)."
    case .helpOptionName: return "Nama lengkap, seperti yang akan tertulis di daftar hadir."
    case .helpOptionOrganization: return "Instansi."
    case .helpOptionPosition: return "Jabatan."
    case .helpOptionCategory: return "Kategori, misalnya peserta, narasumber, panitia."
    case .helpOptionPhone: return "Nomor telepon, misalnya 0812-3456-7890."
    case .helpOptionEmail: return "Alamat e-mail."
    case .helpOptionExternalID: return "Nomor identitas seperti NIP atau NIK."
    case .helpOptionRoomName: return "Nama ruang."
    case .helpOptionSeats: return "Jumlah kursi."
    case .helpOptionNewSpeakerKey: return "Nama pendek untuk narasumber, misalnya ppni-ketua."
    case .helpOptionSpeakerName: return "Nama lengkap dengan gelar."
    case .helpOptionAffiliation: return "Kantor atau instansi."
    case .helpOptionSpeakerTitle: return "Jabatan atau kedudukan."
    case .helpOptionContact: return "Telepon atau e-mail."
    case .helpOptionNewSessionKey: return "Nama pendek dan tetap untuk sesi, misalnya d1-opening."
    case .helpOptionDay: return "Tanggal, TTTT-BB-HH."
    case .helpOptionStart: return "Jam mulai, JJ:MM."
    case .helpOptionEnd: return "Jam selesai, JJ:MM."
    case .helpOptionRoom: return "Ruang."
    case .helpOptionSessionKind: return "Jenis sesi: \(Self.acceptedWords(SessionKind.choiceKey, .indonesian)); lainnya jika tidak diisi."
    case .helpOptionTitle: return "Judul."
    case .helpOptionDescription: return "Keterangan."
    case .helpOptionSessionCapacity: return "Jumlah tempat, jika sesi punya batasnya sendiri."
    case .helpOptionSession: return "Kunci sesi."
    case .helpOptionSlotRole: return "Peran narasumber: \(Self.acceptedWords(SlotRole.choiceKey, .indonesian))."
    case .helpOptionSlotSpeaker: return "Kunci narasumber; jangan diisi untuk slot yang masih kosong."
    case .helpOptionSlotNote: return "Siapa yang diharapkan, misalnya \"dari PPNI, nama menyusul\"."
    case .helpOptionOnlyDay: return "Hanya tanggal ini, TTTT-BB-HH."
    case .helpOptionAgendaFile: return "Berkas agenda (YAML)."
    case .helpOptionAgendaDryRun: return "Laporkan apa yang akan berubah, tanpa mengubah apa pun."
    case .helpOptionAgendaFileToCheck: return "Berkas agenda yang diperiksa, sebagai ganti agenda yang tersimpan."
    case .helpOptionExportFormat: return "ics, csv, json atau yaml."
    case .helpOptionOutput: return "Tulis ke berkas ini, bukan ke keluaran standar."
    case .helpOptionSlot: return "Nomor slot dalam sesi, mulai dari 1."
    case .helpOptionSpeaker: return "Kunci narasumber."
    case .helpOptionNewDay: return "Tanggal baru, TTTT-BB-HH."
    case .helpOptionNewStart: return "Jam mulai baru, JJ:MM."
    case .helpOptionNewEnd: return "Jam selesai baru, JJ:MM."
    case .helpOptionNewRoom: return "Ruang baru."
    case .helpOptionRemoveKind: return "session (sesi), speaker (narasumber) atau room (ruang)."
    case .helpOptionRemoveName: return "Kunci sesi atau narasumber, atau nama ruang."
    case .helpOptionAuditCode: return "Hanya yang menyangkut kode pendaftaran ini."
    case .helpOptionAuditSince: return "Hanya mulai tanggal ini (TTTT-BB-HH, waktu di lokasi kegiatan)."
    case .helpOptionBadgesPDF: return "Tulis tanda pengenal ke berkas PDF ini."
    case .helpOptionBadgesStatus: return "Tanda pengenal siapa: confirmed (terdaftar, bawaan), waitlisted (daftar tunggu) atau cancelled (batal)."
    case .helpOptionScannedCode: return "Kode pendaftaran, seperti yang tercetak atau terpindai."
    case .helpOptionCheckInDay: return "Catat kehadiran pada hari kegiatan ini (TTTT-BB-HH), bukan hari ini; khusus panitia."
    case .helpOptionArrivalTime: return "Bersama --day: jam kedatangan peserta pada hari itu (JJ:MM, waktu di lokasi kegiatan); tanpa ini jamnya tidak diketahui."
    case .helpOptionCode: return "Kode pendaftaran."
    case .helpOptionUndoDay: return "Hari kegiatan (TTTT-BB-HH) dari catatan kehadiran yang dibatalkan; khusus panitia. Bawaan: hari ini."
    case .helpOptionFindWords: return "Kata yang dicari, misalnya siti nur."
    case .helpOptionRetryFor: return "Berapa detik pindaian terus dicoba ulang selama server tidak dapat dihubungi."
    case .helpOptionNewEventCode: return "Kode pendek yang diketik orang: huruf, angka, tanda hubung."
    case .helpOptionEventTitle: return "Judul kegiatan."
    case .helpOptionVenue: return "Tempat kegiatan berlangsung."
    case .helpOptionTimeZone: return "Zona waktu tempat kegiatan: WIB, WITA, WIT, UTC atau nama IANA."
    case .helpOptionFirstDay: return "Hari pertama, TTTT-BB-HH."
    case .helpOptionLastDay: return "Hari terakhir, TTTT-BB-HH (bawaan: hari pertama)."
    case .helpOptionEventCapacity: return "Jumlah peserta yang dapat terdaftar (1 sampai 100000)."
    case .helpOptionEventCode: return "Kode kegiatan."
    case .helpOptionNewTitle: return "Judul baru."
    case .helpOptionNewVenue: return "Tempat baru."
    case .helpOptionNewTimeZone: return "Zona waktu baru: WIB, WITA, WIT, UTC atau nama IANA."
    case .helpOptionNewFirstDay: return "Hari pertama baru, TTTT-BB-HH."
    case .helpOptionNewLastDay: return "Hari terakhir baru, TTTT-BB-HH."
    case .helpOptionNewCapacity: return "Kapasitas baru (1 sampai 100000)."
    case .helpOptionImportFile: return "Berkas CSV."
    case .helpOptionImportDryRun: return "Periksa semuanya dan laporkan apa yang akan terjadi, tanpa mengubah apa pun."
    case .helpOptionSkipInvalid: return "Impor baris yang benar, walaupun ada baris yang ditolak."
    case .helpOptionErrorsFile: return "Tulis baris yang ditolak ke berkas CSV ini, dengan nomor baris dan masalahnya, untuk diperbaiki lalu diimpor ulang."
    case .helpOptionColumn: return "Tentukan isian untuk kolom yang tidak dikenali server: \"JUDUL=ISIAN\" (isian: name, organization, position, category, phone, email, external_id). Boleh diberikan berulang kali."
    case .helpOptionInvitationsCSV: return "Tulis undangan ke berkas CSV ini."
    case .helpOptionDelimiter: return "Pemisah kolom CSV: comma (koma), semicolon (titik koma, yang diharapkan Excel berbahasa Indonesia) atau tab."
    case .helpOptionStatusFilter: return "Hanya confirmed (terdaftar), waitlisted (daftar tunggu) atau cancelled (batal)."
    case .helpOptionOrganizationFilter: return "Hanya instansi yang memuat teks ini."
    case .helpOptionSearch: return "Hanya nama atau instansi yang cocok dengan kata-kata ini."
    case .helpOptionRegistrationsXLSX: return "Tulis juga daftarnya sebagai buku kerja Excel (.xlsx) ke berkas ini."
    case .helpOptionAttendanceCSV: return "Tulis juga daftar kehadiran sebagai CSV ke berkas ini."
    case .helpOptionAttendanceXLSX: return "Tulis juga daftar kehadiran sebagai buku kerja Excel (.xlsx) ke berkas ini."
    case .helpOptionAttendancePDF: return "Tulis daftar hadir tanggal --day sebagai PDF ke berkas ini."
    case .helpOptionAttendanceDay: return "Tanggal daftar hadir, TTTT-BB-HH."
    case .helpOptionBlank: return "Bersama --pdf: tanpa jam kedatangan, untuk ditandatangani di atas kertas."
    case .helpOptionTokenName: return "Pemegang token, misalnya \"meja 2\"."
    case .helpOptionTokenRole: return "admin, organizer (panitia) atau desk (meja registrasi)."
    case .helpOptionTokenEvent: return "Batasi token pada kegiatan ini."
    case .helpOptionAllTokens: return "Tampilkan juga token yang sudah dicabut."
    case .helpOptionTokenID: return "Id token, dari `hadir token list`."
    case .helpAboutBadges:
      return "Menulis lembar A4 berisi tanda pengenal (badge), delapan per halaman, dengan garis potong: kegiatan dan hari-harinya, nama, instansi, kategori, dan kode registrasi sebagai kode QR (dan dalam huruf di bawahnya). Pemindai USB yang membaca kode QR itu mengetikkan kodenya ke `hadir desk` atau `hadir-desk scan`."
    case .helpAboutCheckIn:
      return "Kode keluar 0: tercatat hadir; 10: sudah tercatat hadir hari ini; 11: ditolak (kode tidak dikenal, salah ketik, daftar tunggu, dibatalkan, kegiatan lain, bukan hari kegiatan)."
    case .helpAboutEventCreate:
      return "Contoh: hadir event create ILP-BANGGAI-25 --title \"Kick-off ILP Banggai\" --venue \"Hotel, Luwuk\" --first-day 2025-05-27 --last-day 2025-05-28 --capacity 75"
    case .helpAboutImport:
      return "Dipisahkan koma, titik koma, atau tab; UTF-8 dengan atau tanpa penanda urutan byte (BOM); judul kolom dalam bahasa Indonesia atau Inggris (nama, instansi, jabatan, no hp, email, nip/nik, kategori). Orang yang sama dua kali, atau yang sudah terdaftar, diperbarui, tidak ditambahkan lagi. Peserta baru terdaftar menurut urutan berkas selama tempat masih ada, lalu masuk daftar tunggu. Kode keluar 0 jika berhasil diimpor (atau uji coba selesai), 1 jika tidak ada yang diimpor karena ada baris yang salah."
    case .helpAboutInvitations:
      return "Satu baris per peserta terdaftar: nama, instansi, kode, telepon (bentuk internasional), pesan singkat dalam bahasa Indonesia yang menyebut kegiatan, hari-harinya, tempat, dan kodenya, serta tautan https://wa.me/ yang membuka obrolan WhatsApp dengan pesan itu siap dikirim. Nomor telepon hanya untuk panitia: token desk tidak dapat melakukan ini."
    case .helpAboutAttendance:
      return """
        --csv BERKAS menulis daftar hadir untuk dicetak dan ditandatangani (satu baris per peserta, jam dan desk per hari, kolom tanda tangan).

        --pdf BERKAS --day TTTT-BB-HH menulis daftar hadir hari itu: lembar A4 untuk ditandatangani, dengan jam kedatangan tiap peserta; tambahkan --blank untuk lembar yang sama tanpa jam, untuk ditandatangani di atas kertas.
        """
    }
  }
}

extension Notice {
  static func indonesianRole(_ role: Role) -> String {
    switch role {
    case .admin: "admin"
    case .organizer: "panitia"
    case .desk: "meja registrasi"
    }
  }

  static func indonesianAction(_ action: Action) -> String {
    switch action {
    case .createEvents: "membuat kegiatan"
    case .createOtherEvents: "membuat kegiatan lain"
    case .changeEvents: "mengubah kegiatan"
    case .registerPeople: "mendaftarkan peserta"
    case .cancelRegistrations: "membatalkan pendaftaran"
    case .createTokens: "membuat token"
    case .listTokens: "melihat daftar token"
    case .revokeTokens: "mencabut token"
    case .readAgendas: "membaca agenda"
    case .changeAgendas: "mengubah agenda"
    case .checkAgendas: "memeriksa agenda"
    case .exportAgendas: "mengekspor agenda"
    case .checkPeopleIn: "mencatat kehadiran"
    case .undoCheckIns: "membatalkan catatan kehadiran"
    case .findPeople: "mencari peserta"
    case .takeWalkIns: "menerima peserta tanpa pendaftaran"
    case .watchArrivals: "memantau kedatangan"
    case .readAttendanceReports: "membaca laporan kehadiran"
    case .readAuditLog: "membaca log audit"
    case .importInviteeLists: "mengimpor daftar undangan"
    case .readRegistrations: "membaca pendaftaran"
    case .readEvents: "membaca kegiatan"
    }
  }

  /// Why a connection failed, as the transport says it, in Indonesian.
  static func indonesianCause(_ cause: String) -> String {
    switch cause {
    case "connection refused": "koneksi ditolak"
    case "no such socket file": "berkas soket tidak ada"
    case "permission denied": "izin ditolak"
    case "timed out": "waktu habis"
    case "unknown host name": "nama host tidak dikenal"
    case "no such file": "berkas tidak ada"
    case "it holds no PEM certificate": "isinya bukan sertifikat PEM"
    default: cause
    }
  }

  /// A request field's name in Indonesian; a field without a translation keeps its name.
  static func indonesianField(_ field: String) -> String {
    switch field {
    case "name": "nama"
    case "organization": "instansi"
    case "position": "jabatan"
    case "category": "kategori"
    case "phone": "telepon"
    case "email": "e-mail"
    case "external_id": "id eksternal (NIK/NIP)"
    case "title": "judul"
    case "venue": "tempat"
    case "query", "search": "pencarian"
    case "token_name": "nama token"
    case "room": "ruang"
    case "speaker": "narasumber"
    case "note": "catatan"
    default: field.split(separator: "_").joined(separator: " ")
    }
  }
}
