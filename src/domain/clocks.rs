//! The statutory clocks of UU 14/2008 and Perki 1/2013 (domain.md §3), in working days unless noted.

/// C1: the written notice (pemberitahuan tertulis), from receipt of the request. UU 22(7).
pub const C1_WRITTEN_NOTICE: u32 = 10;
/// C2: the one extension, counted from the end of C1. UU 22(8).
pub const C2_EXTENSION: u32 = 7;
/// C3: the window to file an objection (keberatan), from the day its ground arises. UU 35–36(1).
pub const C3_OBJECTION_WINDOW: u32 = 30;
/// C4: the atasan PPID's written decision on an objection, from its receipt. UU 36(2).
pub const C4_ATASAN_DECISION: u32 = 30;
/// C5: the window to bring a dispute (sengketa) to the Komisi Informasi. UU 37(2).
pub const C5_DISPUTE_WINDOW: u32 = 14;
