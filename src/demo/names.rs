//! What demo data is made of: a random sequence fixed forever (SplitMix64), and Indonesian provinces, regions,
//! agencies, units, names and request topics.

/// SplitMix64: small, fast, and fixed forever (the same seed always gives the same data). Also picks the bodies
/// of `terbuka bench compliance`.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn float(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    pub(crate) fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(u64::from(hi - lo + 1)) as u32
    }
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.float() < p
    }
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// An index by weight.
    pub(crate) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.float() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// The provinces the demo's bodies are in: KI code, name, NIK province code, time zone.
pub(crate) const PROVINCES: [(&str, &str, &str, &str); 6] = [
    ("jawa-barat", "Jawa Barat", "32", "Asia/Jakarta"),
    ("jawa-tengah", "Jawa Tengah", "33", "Asia/Jakarta"),
    ("jawa-timur", "Jawa Timur", "35", "Asia/Jakarta"),
    ("sumatera-utara", "Sumatera Utara", "12", "Asia/Jakarta"),
    ("sulawesi-selatan", "Sulawesi Selatan", "73", "Asia/Makassar"),
    ("papua", "Papua", "91", "Asia/Jayapura"),
];
pub(crate) const REGIONS: [&str; 12] = [
    "Kota Baru",
    "Kabupaten Sukamaju",
    "Kota Tirta",
    "Kabupaten Lembah Hijau",
    "Kabupaten Pesisir",
    "Kota Bukit Indah",
    "Kabupaten Sawah Luas",
    "Kota Pelabuhan",
    "Kabupaten Gunung Jati",
    "Kabupaten Danau Biru",
    "Kota Cahaya",
    "Kabupaten Hutan Raya",
];
pub(crate) const AGENCIES: [&str; 10] = [
    "Dinas Kesehatan",
    "Dinas Pendidikan",
    "Dinas Pekerjaan Umum",
    "Badan Pengelola Keuangan Daerah",
    "Dinas Lingkungan Hidup",
    "Dinas Sosial",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Sekretariat Daerah",
    "Dinas Perhubungan",
    "Badan Perencanaan Pembangunan Daerah",
];
pub(crate) const UNITS: [&str; 3] = ["Sekretariat", "Bidang Pelayanan", "Bidang Data dan Informasi"];
pub(crate) const FIRST: [&str; 16] = [
    "Siti", "Budi", "Dewi", "Agus", "Rina", "Andi", "Wahyu", "Putri", "Yusuf", "Maria", "Ketut", "Nur", "Hendra",
    "Lestari", "Fajar", "Ayu",
];
pub(crate) const LAST: [&str; 16] = [
    "Rahmawati",
    "Santoso",
    "Simanjuntak",
    "Wijaya",
    "Hasibuan",
    "Pratama",
    "Nugroho",
    "Siregar",
    "Saputra",
    "Lubis",
    "Kurniawan",
    "Wulandari",
    "Tanjung",
    "Hidayat",
    "Sembiring",
    "Manurung",
];
pub(crate) const TOPICS: [&str; 10] = [
    "realisasi anggaran tahun berjalan",
    "daftar penerima bantuan sosial",
    "dokumen AMDAL proyek jalan",
    "kontrak pengadaan barang dan jasa",
    "rencana kerja dan anggaran",
    "hasil audit keuangan",
    "data jumlah sekolah dan guru",
    "izin usaha di kecamatan",
    "laporan kinerja instansi",
    "jadwal pemeliharaan fasilitas umum",
];
