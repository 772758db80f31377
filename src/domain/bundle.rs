//! The dispute evidence bundle: one objection's case chains (the request objected to, the objection, its disputes)
//! with every event as it was hashed, the hashes of the documents provided, and the daily anchors that commit to
//! those chains — a JSON file a Komisi Informasi can check offline with `terbuka audit verify-bundle`, with no
//! access to the instance. It holds no identity: events carry ids and dates only (domain.md §8).
//!
//! Checking needs nothing but this module: every event's hash is recomputed from its content, each chain must run
//! 1, 2, 3… from the genesis hash with each event naming the hash before it, every listed document's SHA-256 must
//! be the one a `document_attached` event of its request recorded, every included anchor's hash is recomputed from
//! its list of heads, and every head an anchor lists for a chain of the bundle must be that chain's event.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::evidence::{ChainBreak, EventContent, Link, anchor_hash, first_break};

pub const FORMAT: &str = "terbuka-evidence-bundle";

/// One event exactly as it was hashed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleEvent {
    pub case_kind: String,
    pub case_id: String,
    pub seq: i64,
    pub body_id: String,
    pub event_type: String,
    pub payload: Value,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub reason: String,
    /// UTC with microseconds, as hashed.
    pub recorded_at: String,
    pub prev_hash: String,
    pub hash: String,
}

/// One case's chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chain {
    /// `request`, `objection` or `dispute`.
    pub case_kind: String,
    pub case_id: String,
    /// The registration number (or the KI's number of a dispute, when known).
    pub number: String,
    pub events: Vec<BundleEvent>,
}

/// A document provided to the requester, by its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub request_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// A daily anchor, whole, so its hash can be recomputed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Anchor {
    pub anchor_date: String,
    /// `[[case_id, seq, hash], …]`
    pub heads: Value,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    pub instance: String,
    pub generated_at: String,
    pub body: String,
    pub objection_number: String,
    pub chains: Vec<Chain>,
    pub documents: Vec<Document>,
    /// The anchors that name a chain of the bundle.
    pub anchors: Vec<Anchor>,
    /// The instance's latest anchor when the bundle was made (date and hash), to compare with the instance.
    pub latest_anchor: Option<(String, String)>,
}

/// One intact chain as checked.
#[derive(Debug, Clone)]
pub struct CheckedChain {
    pub case_kind: String,
    pub number: String,
    pub events: usize,
    /// The last event an anchor commits to, with the anchor's date.
    pub anchored: Option<(i64, String)>,
}

/// One place where a bundle does not hold. `Display` is the operator's English sentence (`terbuka audit
/// verify-bundle`); pages say it in their language from [`BundleProblem::key`] and [`BundleProblem::args`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleProblem {
    NotABundle { format: String },
    AnchorEdited { date: String },
    EventMissing { kind: String, number: String, seq: i64, after: i64, found: i64 },
    EventEdited { kind: String, number: String, seq: i64 },
    OutOfOrder { kind: String, number: String, seq: i64 },
    OtherCase { kind: String, number: String, seq: i64 },
    AnchorMismatch { kind: String, number: String, date: String, seq: i64 },
    DocumentUnrecorded { file_name: String, sha256: String },
}

impl std::fmt::Display for BundleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use BundleProblem::*;
        match self {
            NotABundle { format } => write!(f, "not an evidence bundle (format `{format}`)"),
            AnchorEdited { date } => write!(f, "anchor {date}: its content does not match its hash"),
            EventMissing { kind, number, seq, after, found } => {
                write!(f, "{kind} {number}, event {seq}: the chain jumps from {after} to {found}: an event is missing")
            }
            EventEdited { kind, number, seq } => {
                write!(f, "{kind} {number}, event {seq}: content does not match its hash: edited")
            }
            OutOfOrder { kind, number, seq } => {
                write!(f, "{kind} {number}, event {seq}: does not follow the event before it")
            }
            OtherCase { kind, number, seq } => write!(f, "{kind} {number}, event {seq}: belongs to another case"),
            AnchorMismatch { kind, number, date, seq } => write!(
                f,
                "{kind} {number}: the anchor of {date} commits to event {seq} with another hash, or to an event the bundle lacks"
            ),
            DocumentUnrecorded { file_name, sha256 } => {
                write!(f, "document {file_name}: no event of its request recorded SHA-256 {sha256}")
            }
        }
    }
}

impl BundleProblem {
    /// The message's key (`bundle-problem-…`).
    pub fn key(&self) -> &'static str {
        use BundleProblem::*;
        match self {
            NotABundle { .. } => "bundle-problem-not-a-bundle",
            AnchorEdited { .. } => "bundle-problem-anchor-edited",
            EventMissing { .. } => "bundle-problem-event-missing",
            EventEdited { .. } => "bundle-problem-event-edited",
            OutOfOrder { .. } => "bundle-problem-out-of-order",
            OtherCase { .. } => "bundle-problem-other-case",
            AnchorMismatch { .. } => "bundle-problem-anchor-mismatch",
            DocumentUnrecorded { .. } => "bundle-problem-document",
        }
    }

    /// The message's arguments; `kind` is the case kind as stored (`request`, `objection`), for the page to name.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        use BundleProblem::*;
        match self {
            NotABundle { format } => vec![("format", format.clone())],
            AnchorEdited { date } => vec![("date", date.clone())],
            EventMissing { kind, number, seq, after, found } => vec![
                ("kind", kind.clone()),
                ("number", number.clone()),
                ("seq", seq.to_string()),
                ("after", after.to_string()),
                ("found", found.to_string()),
            ],
            EventEdited { kind, number, seq } | OutOfOrder { kind, number, seq } | OtherCase { kind, number, seq } => {
                vec![("kind", kind.clone()), ("number", number.clone()), ("seq", seq.to_string())]
            }
            AnchorMismatch { kind, number, date, seq } => vec![
                ("kind", kind.clone()),
                ("number", number.clone()),
                ("date", date.clone()),
                ("seq", seq.to_string()),
            ],
            DocumentUnrecorded { file_name, sha256 } => vec![("file", file_name.clone()), ("sha256", sha256.clone())],
        }
    }
}

/// What checking a bundle found, chain by chain.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub chains: Vec<CheckedChain>,
    pub documents: usize,
    pub anchors: usize,
    pub problems: Vec<BundleProblem>,
}

/// Checks a bundle (see the module's description).
pub fn check(bundle: &Bundle) -> Checked {
    let mut out = Checked { documents: bundle.documents.len(), anchors: bundle.anchors.len(), ..Default::default() };
    if bundle.format != FORMAT {
        out.problems.push(BundleProblem::NotABundle { format: bundle.format.clone() });
        return out;
    }
    // Anchors: each hash recomputed; the heads they name, by case.
    let mut anchored: std::collections::HashMap<&str, Vec<(i64, &str, &str)>> = std::collections::HashMap::new();
    for a in &bundle.anchors {
        if anchor_hash(&a.anchor_date, &a.heads, &a.prev_hash) != a.hash {
            out.problems.push(BundleProblem::AnchorEdited { date: a.anchor_date.clone() });
            continue;
        }
        for head in a.heads.as_array().into_iter().flatten() {
            if let (Some(case), Some(seq), Some(hash)) = (head[0].as_str(), head[1].as_i64(), head[2].as_str()) {
                anchored.entry(case).or_default().push((seq, hash, a.anchor_date.as_str()));
            }
        }
    }
    for chain in &bundle.chains {
        // The chain's own events, up to one that belongs to another case.
        let own = chain.events.iter().take_while(|e| e.case_id == chain.case_id && e.case_kind == chain.case_kind);
        let links = own.clone().map(|e| Link {
            seq: e.seq,
            recomputed: Ok(EventContent {
                case_kind: &e.case_kind,
                case_id: &e.case_id,
                seq: e.seq,
                body_id: &e.body_id,
                event_type: &e.event_type,
                payload: &e.payload,
                actor_kind: &e.actor_kind,
                actor_id: e.actor_id.as_deref(),
                reason: &e.reason,
                recorded_at: &e.recorded_at,
                prev_hash: &e.prev_hash,
            }
            .hash()),
            prev_hash: &e.prev_hash,
            hash: &e.hash,
        });
        let (kind, number) = (chain.case_kind.clone(), chain.number.clone());
        let problem = match first_break(links) {
            Some((seq, ChainBreak::Missing { expected, found })) => {
                Some(BundleProblem::EventMissing { kind, number, seq, after: expected - 1, found })
            }
            Some((seq, ChainBreak::Edited(_))) => Some(BundleProblem::EventEdited { kind, number, seq }),
            Some((seq, ChainBreak::OutOfOrder)) => Some(BundleProblem::OutOfOrder { kind, number, seq }),
            None => chain.events.get(own.count()).map(|e| BundleProblem::OtherCase { kind, number, seq: e.seq }),
        };
        let broken = problem.is_some();
        out.problems.extend(problem);
        let mut last_anchored: Option<(i64, String)> = None;
        for (seq, hash, date) in anchored.get(chain.case_id.as_str()).into_iter().flatten() {
            match chain.events.get((*seq - 1).max(0) as usize) {
                Some(e) if e.seq == *seq && e.hash == *hash => {
                    if last_anchored.as_ref().is_none_or(|(s, _)| seq > s) {
                        last_anchored = Some((*seq, (*date).to_owned()));
                    }
                }
                _ => out.problems.push(BundleProblem::AnchorMismatch {
                    kind: chain.case_kind.clone(),
                    number: chain.number.clone(),
                    date: (*date).to_owned(),
                    seq: *seq,
                }),
            }
        }
        if !broken {
            out.chains.push(CheckedChain {
                case_kind: chain.case_kind.clone(),
                number: chain.number.clone(),
                events: chain.events.len(),
                anchored: last_anchored,
            });
        }
    }
    for d in &bundle.documents {
        let recorded = bundle.chains.iter().filter(|c| c.case_id == d.request_id).flat_map(|c| &c.events).any(|e| {
            e.event_type == "document_attached" && e.payload.get("sha256").and_then(Value::as_str) == Some(&d.sha256)
        });
        if !recorded {
            out.problems
                .push(BundleProblem::DocumentUnrecorded { file_name: d.file_name.clone(), sha256: d.sha256.clone() });
        }
    }
    out
}
