## Layout
site-tagline = Layanan permohonan informasi publik (UU 14/2008)
skip-to-content = Langsung ke isi
footer-text = Terbuka — perangkat lunak layanan informasi publik untuk badan publik dan Komisi Informasi.
language-switch = Ganti bahasa

## Home
home-bodies-heading = Badan publik di layanan ini
home-no-bodies = Belum ada badan publik yang terdaftar di layanan ini.
home-title = Beranda
home-heading = Hak Anda atas informasi publik
home-intro = Situs ini adalah layanan permohonan informasi publik berdasarkan Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik. Setiap warga negara Indonesia dan badan hukum Indonesia berhak meminta informasi dari badan publik, dan badan publik wajib menjawab dalam batas waktu yang ditetapkan undang-undang.
home-timeline-heading = Cara kerja permohonan informasi
home-timeline-note = Semua batas waktu dihitung dalam hari kerja: Sabtu, Minggu, hari libur nasional, dan cuti bersama tidak dihitung. Hari permohonan diterima adalah hari ke-0.
home-step-notice-title = Pemberitahuan tertulis
home-step-notice-text = Badan publik wajib memberi pemberitahuan tertulis paling lambat { $days } hari kerja setelah permohonan Anda diterima.
home-step-extension-title = Perpanjangan
home-step-extension-text = Badan publik boleh memperpanjang satu kali, paling lama { $days } hari kerja, dengan alasan tertulis yang diberitahukan sebelum batas pertama lewat.
home-step-objection-title = Keberatan
home-step-objection-text = Jika permohonan ditolak, tidak dijawab, atau tidak dipenuhi, Anda dapat mengajukan keberatan kepada atasan PPID dalam { $days } hari kerja.
home-step-atasan-title = Tanggapan atasan PPID
home-step-atasan-text = Atasan PPID wajib memberi tanggapan tertulis atas keberatan paling lambat { $days } hari kerja setelah keberatan diterima.
home-step-dispute-title = Sengketa di Komisi Informasi
home-step-dispute-text = Jika Anda tidak puas dengan tanggapan atasan PPID, atau tidak ada tanggapan, Anda dapat mengajukan sengketa ke Komisi Informasi dalam { $days } hari kerja.

## Error pages
page-not-found-heading = Halaman tidak ditemukan
page-not-found-body = Alamat yang Anda buka tidak ada. Periksa kembali alamatnya, atau kembali ke beranda.
page-service-unavailable-heading = Layanan sedang tidak tersedia
page-service-unavailable-body = Kami tidak dapat menjangkau basis data saat ini. Tidak ada data Anda yang hilang. Silakan coba lagi dalam beberapa menit.
page-internal-error-heading = Terjadi kesalahan
page-internal-error-body = Terjadi kesalahan pada server. Kesalahan ini sudah dicatat. Silakan coba lagi.
back-home = Kembali ke beranda

## API errors
error-unauthorized = Sertakan token pemantauan di header Authorization: Bearer.
error-too-many-requests = Terlalu banyak permohonan dalam waktu singkat. Coba lagi setelah waktu pada header Retry-After.
error-invalid-json = Isi permintaan bukan JSON yang sesuai skema. Periksa dokumen OpenAPI.
error-invalid-input = Masukan tidak valid. Periksa kolom yang disebutkan.
error-not-found = Sumber yang diminta tidak ditemukan.
error-service-unavailable = Layanan sedang tidak tersedia. Silakan coba lagi nanti.
error-internal-error = Terjadi kesalahan pada server. Kesalahan ini sudah dicatat.
error-invalid-date = Masukkan tanggal dengan format TTTT-BB-HH, misalnya 2025-03-21.
error-date-out-of-range = Tanggal harus antara 2000-01-01 dan 2199-12-31.
error-invalid-working-days = Masukkan jumlah hari kerja berupa bilangan bulat dari 1 sampai 1000.
error-invalid-jurisdiction = Masukkan kode wilayah Komisi Informasi (huruf kecil, angka, dan tanda hubung).

## Deadlines
deadline-explanation = Jatuh tempo { $due } = { $days } hari kerja setelah { $from }
deadline-skipping = , melewati { $days }
deadline-provisional = Batas waktu ini bersifat sementara: kalender hari libur tahun tersebut belum dimuat, sehingga hanya akhir pekan dan hari libur nasional bertanggal tetap yang diperhitungkan.

## Public body page
body-contact-heading = Kontak PPID
body-address = Alamat
body-phone = Telepon
body-email = Email
body-request-button = Ajukan permohonan informasi
body-request-note = Permohonan Anda langsung terdaftar dan Anda menerima nomor pendaftaran serta tautan untuk memantau prosesnya.

## Request form
form-title = Ajukan permohonan informasi
form-intro = Isi formulir ini untuk meminta informasi publik. Semua kolom wajib diisi kecuali yang ditandai "tidak wajib".
form-honeypot = Jangan isi kolom ini
form-about-you = Tentang Anda
form-kind = Siapa yang mengajukan permohonan?
form-kind-individual = Saya sendiri (perorangan)
form-kind-legal-entity = Badan hukum Indonesia
form-kind-group = Kelompok orang, melalui surat kuasa
form-kind-represented = Saya diwakili oleh kuasa
form-requester-name = Nama lengkap
form-requester-nik = NIK (Nomor Induk Kependudukan)
form-requester-nik-hint = 16 angka seperti pada KTP Anda. NIK disimpan terenkripsi dan hanya dilihat petugas PPID.
form-entity-decree-number = Nomor SK pengesahan badan hukum
form-entity-decree-number-hint = Hanya untuk badan hukum.
form-representative-name = Nama kuasa
form-representative-name-hint = Hanya jika Anda diwakili oleh kuasa.
form-representative-nik = NIK kuasa
form-requester-address = Alamat
form-requester-occupation = Pekerjaan
form-requester-phone = Nomor telepon (tidak wajib)
form-requester-phone-hint = Misalnya 0812 3456 7890.
form-requester-email = Alamat email
form-requester-email-hint = Kami memakai email ini untuk mengirim tanda terima dan kabar tentang permohonan Anda.
form-your-request = Permohonan Anda
form-information = Rincian informasi yang dibutuhkan
form-information-hint = Jelaskan informasi yang Anda cari, misalnya dokumen, tahun, atau kegiatan tertentu.
form-purpose = Tujuan penggunaan informasi
form-purpose-hint = Undang-undang mewajibkan Anda menyebutkan tujuan penggunaan informasi.
form-obtain = Bagaimana Anda ingin memperoleh informasi?
form-obtain-inspect = Melihat, membaca, mendengarkan, atau mencatat
form-obtain-softcopy = Salinan elektronik (softcopy)
form-obtain-hardcopy = Salinan cetak (hardcopy)
form-delivery = Bagaimana salinan dikirimkan kepada Anda?
form-delivery-pickup = Diambil langsung
form-delivery-courier = Kurir
form-delivery-post = Pos
form-delivery-fax = Faksimili
form-delivery-email = Email
form-consent = Teks permohonan saya boleh ditampilkan di daftar permohonan publik
form-consent-hint = Nama dan data diri Anda tidak pernah ditampilkan. Petugas dapat menyembunyikan teks yang memuat data pribadi.
form-submit = Kirim permohonan
form-error-summary = Ada yang perlu diperbaiki

## Privacy notice (UU 27/2022)
privacy-summary = Bagaimana kami menggunakan data pribadi Anda
privacy-what = Kami menyimpan nama, NIK atau nomor SK badan hukum, alamat, pekerjaan, telepon, dan email Anda karena Undang-Undang Keterbukaan Informasi Publik mewajibkan badan publik mencatat identitas pemohon. NIK disimpan terenkripsi.
privacy-who = Hanya petugas PPID badan publik yang menangani permohonan Anda dan Anda sendiri yang dapat melihat data ini. Data Anda tidak pernah ditampilkan di halaman publik, dan Komisi Informasi hanya melihatnya dalam bentuk tersamar.
privacy-how-long = Data disimpan sampai batas waktu keberatan, sengketa, dan gugatan berakhir ditambah masa retensi arsip, kemudian dihapus.

## Form errors
form-error-too-many = Anda sudah mengirim terlalu banyak permohonan dalam waktu singkat. Coba lagi setelah { $time }.
form-error-invalid = Periksa isian ini.
form-error-required = Isian ini wajib diisi.
form-error-invalid-choice = Pilih salah satu pilihan.
form-error-invalid-length = Isian ini terlalu pendek atau terlalu panjang.
form-error-too-long = Isian ini terlalu panjang.
form-error-invalid-email = Masukkan alamat email yang benar, misalnya nama@contoh.com.
form-error-invalid-phone = Masukkan nomor telepon yang benar, misalnya 0812 3456 7890.
form-error-nik-length = NIK harus 16 angka.
form-error-nik-digits = NIK hanya berisi angka.
form-error-nik-province = Dua angka pertama NIK bukan kode provinsi. Periksa kembali NIK pada KTP Anda.
form-error-nik-birth-date = Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang benar. Periksa kembali NIK pada KTP Anda.
form-error-nik-serial = Empat angka terakhir NIK tidak boleh semuanya nol.
form-error-in-future = Waktu penerimaan tidak boleh di masa depan.
form-error-expired = Formulir ini sudah kedaluwarsa atau dibuka di jendela lain. Periksa isian Anda lalu kirim lagi.
form-error-rejected = Permohonan tidak dapat diterima. Jika Anda mengisi kolom tersembunyi, kosongkan lalu kirim lagi.
form-error-requester-kind-invalid-choice = Pilih siapa yang mengajukan permohonan.
form-error-requester-name-required = Masukkan nama lengkap Anda.
form-error-requester-nik-required = Masukkan NIK Anda.
form-error-entity-decree-number-required = Masukkan nomor SK pengesahan badan hukum.
form-error-representative-name-required = Masukkan nama kuasa Anda.
form-error-representative-nik-required = Masukkan NIK kuasa Anda.
form-error-requester-address-required = Masukkan alamat Anda.
form-error-requester-occupation-required = Masukkan pekerjaan Anda.
form-error-requester-email-invalid-email = Masukkan alamat email yang benar, misalnya nama@contoh.com.
form-error-information-required = Jelaskan informasi yang Anda butuhkan.
form-error-purpose-required = Sebutkan tujuan penggunaan informasi.
form-error-obtain-method-required = Pilih cara memperoleh informasi.
form-error-delivery-method-required = Pilih cara pengiriman salinan.

## Receipt and tracking
receipt-title = Tanda terima permohonan
receipt-heading = Permohonan Anda telah terdaftar
receipt-number = Nomor pendaftaran
receipt-keep = Simpan nomor ini dan tautan pemantauan di bawah. Tautan itu adalah satu-satunya kunci ke halaman permohonan Anda; jangan bagikan kepada orang lain.
receipt-tracking-link = Tautan untuk memantau permohonan Anda
receipt-tracking-hint = Simpan atau cetak halaman ini. Siapa pun yang memegang tautan ini dapat melihat permohonan Anda.
receipt-details = Rincian permohonan
receipt-body = Badan publik
receipt-received = Diterima
receipt-requester = Pemohon
receipt-deadlines = Batas waktu
receipt-next = Apa yang terjadi selanjutnya
receipt-next-text = Badan publik wajib memberikan pemberitahuan tertulis paling lambat pada batas waktu di atas. Jika belum ada jawaban setelah batas waktu itu lewat, Anda dapat mengajukan keberatan kepada atasan PPID.
receipt-print = Cetak halaman ini dengan menu cetak di peramban Anda untuk menyimpan tanda bukti.
deadline-c1 = Pemberitahuan tertulis paling lambat
deadline-c2 = Batas waktu setelah perpanjangan
deadline-c2-possible = Paling lambat jika diperpanjang
tracking-title = Pantau permohonan
tracking-heading = Permohonan
tracking-status = Status:
tracking-overdue = Badan publik belum memberi pemberitahuan tertulis dan batas waktunya sudah lewat. Anda dapat mengajukan keberatan.
tracking-timeline = Riwayat
tracking-receipt-link = Lihat tanda terima
status-registered = Terdaftar
status-extended = Diperpanjang
status-notice-given = Sudah dijawab
status-information-provided = Informasi sudah diberikan
status-closed = Selesai
status-withdrawn = Dicabut
status-closed-without-decision = Ditutup tanpa keputusan
event-registered = Permohonan diterima dan didaftarkan.
event-extended = Batas waktu diperpanjang.
event-notice-given = Pemberitahuan tertulis diberikan: { $decision }.
event-notice-received = Pemberitahuan tertulis diterima pemohon.
event-information-provided = Informasi diberikan.
event-closed = Permohonan selesai.
event-withdrawn = Permohonan dicabut oleh pemohon.
event-closed-without-decision = Permohonan ditutup tanpa keputusan.
event-deadline-moved = Batas waktu bergeser ke { $date } karena perubahan kalender hari libur.
decision-granted = informasi diberikan
decision-granted-in-part = informasi diberikan sebagian
decision-refused-exempt = ditolak karena informasi dikecualikan
decision-not-held = informasi tidak dikuasai
decision-not-yet-documented = informasi belum didokumentasikan

## Public register
register-title = Daftar permohonan informasi
register-intro = Semua permohonan yang diterima badan publik ini, dengan status dan batas waktunya. Identitas pemohon tidak pernah ditampilkan; teks permohonan hanya tampil jika pemohon setuju.
register-total = { $count } permohonan
register-filter-year = Tahun
register-filter-status = Status
register-filter-all = Semua
register-filter-apply = Terapkan
register-bad-filter = Pilihan penyaring tidak valid; menampilkan semua permohonan.
register-received = Diterima
register-status = Status
register-decision = Keputusan
register-notice = Pemberitahuan tertulis
register-due = Batas waktu
register-text = Permohonan
register-text-hidden = Teks permohonan tidak ditampilkan.
register-overdue = Melewati batas waktu
register-art17 = Pasal 17 huruf { $letter }
register-previous = Sebelumnya
register-next = Berikutnya
register-feed = Umpan Atom
register-empty = Belum ada permohonan.
body-register-link = Lihat daftar permohonan badan publik ini

## Objections and withdrawal (citizen)
ground-a = (a) Permohonan ditolak berdasarkan alasan pengecualian (Pasal 17)
ground-b = (b) Informasi berkala tidak disediakan
ground-c = (c) Permohonan tidak ditanggapi
ground-d = (d) Permohonan ditanggapi tidak sebagaimana yang diminta
ground-e = (e) Permohonan tidak dipenuhi
ground-f = (f) Pengenaan biaya yang tidak wajar
ground-g = (g) Penyampaian informasi melebihi waktu yang diatur undang-undang
objection-title = Ajukan keberatan
objection-intro = Keberatan diajukan kepada atasan PPID, yang wajib memberi tanggapan tertulis paling lambat 30 hari kerja setelah keberatan diterima. Anda hanya dapat memilih alasan yang sudah terjadi dan batas waktunya belum lewat.
objection-grounds = Alasan keberatan
objection-window-open = Batas waktu mengajukan keberatan dengan alasan ini: { $date }.
objection-window-closed = Batas waktu untuk alasan ini sudah lewat pada { $date }.
objection-summary = Ringkasan kasus
objection-summary-hint = Jelaskan secara singkat mengapa Anda keberatan.
objection-submit = Kirim keberatan
objection-none-open = Saat ini belum ada alasan keberatan yang dapat Anda ajukan secara daring.
objection-closed-heading = Alasan yang batas waktunya sudah lewat
objection-closed-note = Keberatan yang terlambat tidak dapat dikirim melalui situs ini. Anda masih dapat menyerahkannya secara tertulis kepada badan publik; keberatan itu akan dicatat sebagai terlambat dan diputus oleh atasan PPID.
objection-error-no-grounds = Pilih sedikitnya satu alasan keberatan.
objection-error-summary = Tuliskan ringkasan kasus Anda.
objection-error-late = Batas waktu untuk alasan yang Anda pilih sudah lewat. Keberatan yang terlambat tidak dapat dikirim secara daring.
objection-error-not-arisen = Alasan yang Anda pilih belum terjadi.
objection-status-registered = Menunggu tanggapan atasan PPID
objection-status-decided = Sudah diputus atasan PPID
objection-status-withdrawn = Dicabut
withdraw-title = Cabut permohonan
withdraw-intro = Jika Anda mencabut permohonan, badan publik tidak lagi wajib menjawabnya. Pencabutan tidak dapat dibatalkan.
withdraw-reason = Alasan (tidak wajib)
withdraw-submit = Cabut permohonan
withdraw-error-closed = Permohonan ini sudah selesai dan tidak dapat dicabut.
back-to-request = Kembali ke permohonan
tracking-objections = Keberatan Anda
tracking-objection-due = Atasan PPID wajib memutus paling lambat
tracking-dispute-due = Batas waktu mengajukan sengketa ke Komisi Informasi
tracking-actions = Yang dapat Anda lakukan
tracking-object = Ajukan keberatan
tracking-object-hint = Alasan yang terbuka: { $grounds }.
tracking-withdraw = Cabut permohonan

## Dispute record (citizen)
dispute-title = Catat pengajuan sengketa ke Komisi Informasi
dispute-intro = Jika Anda sudah mengajukan sengketa informasi ke Komisi Informasi, catat di sini tanggal pengajuan dan, jika sudah ada, nomor registrasinya. Catatan ini berlaku sebagai keterangan Anda sampai dikonfirmasi petugas.
dispute-date = Tanggal pengajuan ke Komisi Informasi
dispute-date-hint = Misalnya 2025-07-21.
dispute-ki-number = Nomor registrasi sengketa dari Komisi Informasi (tidak wajib)
dispute-ki-number-hint = Isi jika Komisi Informasi sudah memberi nomor registrasi.
dispute-submit = Simpan catatan sengketa
dispute-error-date = Masukkan tanggal pengajuan dengan format TTTT-BB-HH.
dispute-error-future = Tanggal pengajuan tidak boleh di masa depan.
dispute-error-too-early = Sengketa baru dapat diajukan setelah tanggapan atasan PPID Anda terima, atau setelah batas waktu atasan PPID lewat.
tracking-dispute = Sengketa
tracking-dispute-claimed = Diajukan ke Komisi Informasi pada { $date } (keterangan pemohon, menunggu konfirmasi petugas)
tracking-dispute-confirmed = Diajukan ke Komisi Informasi pada { $date } (dikonfirmasi petugas)
tracking-record-dispute = Catat pengajuan sengketa ke Komisi Informasi
