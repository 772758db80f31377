//! The official letters of the Perki 1/2010 annex: which exist, what case each belongs to, and the date each
//! bears — the date of the step it records, so a letter printed again later says the same.

use chrono::NaiveDate;

use super::objection::Objection;
use super::request::{Decision, Request};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LetterKind {
    /// Tanda bukti penerimaan permintaan informasi publik.
    RequestReceipt,
    /// Pemberitahuan tertulis (UU 22(7)).
    WrittenNotice,
    /// Surat keputusan PPID tentang penolakan permohonan informasi (wholly or in part, under Art. 17).
    RefusalDecision,
    /// Pemberitahuan perpanjangan jangka waktu (UU 22(8)).
    ExtensionNotice,
    /// Tanda bukti penerimaan keberatan.
    ObjectionReceipt,
    /// Tanggapan atasan PPID atas keberatan.
    AtasanDecision,
}

impl LetterKind {
    pub const ALL: [LetterKind; 6] = [
        LetterKind::RequestReceipt,
        LetterKind::ExtensionNotice,
        LetterKind::WrittenNotice,
        LetterKind::RefusalDecision,
        LetterKind::ObjectionReceipt,
        LetterKind::AtasanDecision,
    ];

    /// The letter's name in links and in the `letters` table.
    pub fn slug(self) -> &'static str {
        match self {
            LetterKind::RequestReceipt => "tanda-terima",
            LetterKind::WrittenNotice => "pemberitahuan-tertulis",
            LetterKind::RefusalDecision => "keputusan-penolakan",
            LetterKind::ExtensionNotice => "perpanjangan",
            LetterKind::ObjectionReceipt => "tanda-terima-keberatan",
            LetterKind::AtasanDecision => "tanggapan-keberatan",
        }
    }

    pub fn parse(slug: &str) -> Option<LetterKind> {
        LetterKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// Whether the letter belongs to an objection (otherwise to a request).
    pub fn of_objection(self) -> bool {
        matches!(self, LetterKind::ObjectionReceipt | LetterKind::AtasanDecision)
    }

    /// The date a request's letter bears; `None` while the step it records has not happened.
    pub fn request_date(self, r: &Request) -> Option<NaiveDate> {
        match self {
            LetterKind::RequestReceipt => Some(r.received_on),
            LetterKind::ExtensionNotice => r.extension.as_ref().map(|e| e.notified_on),
            LetterKind::WrittenNotice => r.notice.as_ref().map(|n| n.notice_on),
            LetterKind::RefusalDecision => r
                .notice
                .as_ref()
                .filter(|n| matches!(n.decision, Decision::RefusedExempt { .. } | Decision::GrantedInPart { .. }))
                .map(|n| n.notice_on),
            LetterKind::ObjectionReceipt | LetterKind::AtasanDecision => None,
        }
    }

    /// The date an objection's letter bears; `None` while the step has not happened.
    pub fn objection_date(self, o: &Objection) -> Option<NaiveDate> {
        match self {
            LetterKind::ObjectionReceipt => Some(o.received_on),
            LetterKind::AtasanDecision => o.decision.as_ref().map(|d| d.decided_on),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_distinct_slug_that_parses_back() {
        for k in LetterKind::ALL {
            assert_eq!(LetterKind::parse(k.slug()), Some(k));
        }
        let mut slugs: Vec<_> = LetterKind::ALL.iter().map(|k| k.slug()).collect();
        slugs.dedup();
        assert_eq!(slugs.len(), LetterKind::ALL.len());
        assert_eq!(LetterKind::parse("surat-lain"), None);
    }
}
