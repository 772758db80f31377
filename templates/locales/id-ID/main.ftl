## Layout
site-tagline = Layanan permohonan informasi publik (UU 14/2008)
skip-to-content = Langsung ke isi
footer-text = Terbuka — perangkat lunak layanan informasi publik untuk badan publik dan Komisi Informasi.
language-switch = Ganti bahasa

## Home
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
