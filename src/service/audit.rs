//! Checking the evidence: every case's hash chain and the daily anchors (`terbuka audit verify`), and making the
//! anchors (`terbuka audit anchor`, and automatically after the first transition of each day).

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::db::models::cases::{AnchorRow, EventRow};
use crate::db::repo::events as repo;
use crate::db::{DbConn, write_tx};
use crate::domain::evidence::{ChainBreak, GENESIS, Link, anchor_hash, first_break};
use crate::service::ServiceError;

/// What is wrong with one piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The event's content no longer matches its hash: it was edited (or moved to another place in the chain).
    Edited,
    /// An event is missing from the sequence: it was deleted.
    Missing,
    /// The event does not follow its predecessor: events were reordered, or one before it was replaced.
    OutOfOrder,
    /// An anchor's own hash, or its link to the previous anchor, does not match.
    AnchorAltered,
    /// An anchored chain head is gone or changed: events were deleted or rewritten after anchoring.
    AnchoredHeadChanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Break {
    pub kind: BreakKind,
    pub case_id: Option<String>,
    pub seq: Option<i64>,
    pub anchor_date: Option<NaiveDate>,
    pub detail: String,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.case_id, self.seq, self.anchor_date) {
            (Some(case), Some(seq), _) => write!(f, "case {case}, event {seq}: {}", self.detail),
            (_, _, Some(date)) => write!(f, "anchor {date}: {}", self.detail),
            _ => f.write_str(&self.detail),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct VerifyReport {
    pub cases: usize,
    pub events: usize,
    pub anchors: usize,
    /// The first broken event of each broken chain, then every anchor problem.
    pub breaks: Vec<Break>,
}

impl VerifyReport {
    pub fn is_intact(&self) -> bool {
        self.breaks.is_empty()
    }
}

/// The first break in one case's chain, if any.
fn check_chain(events: &[EventRow]) -> Option<Break> {
    let links = events.iter().map(|e| Link {
        seq: e.seq,
        recomputed: repo::expected_hash(e).map_err(|err| err.to_string()),
        prev_hash: &e.prev_hash,
        hash: &e.hash,
    });
    let (seq, broken) = first_break(links)?;
    let case_id = events.first().map(|e| e.case_id.clone());
    let at =
        |kind, seq, detail: String| Break { kind, case_id: case_id.clone(), seq: Some(seq), anchor_date: None, detail };
    Some(match broken {
        ChainBreak::Missing { expected, found } => at(
            BreakKind::Missing,
            expected,
            format!("is missing (the chain jumps from {} to {found}): deleted", expected - 1),
        ),
        ChainBreak::Edited(None) => {
            at(BreakKind::Edited, seq, "content does not match its hash: edited or moved".into())
        }
        ChainBreak::Edited(Some(err)) => {
            at(BreakKind::Edited, seq, format!("payload is not valid JSON ({err}): edited"))
        }
        ChainBreak::OutOfOrder => at(
            BreakKind::OutOfOrder,
            seq,
            "does not follow the event before it: reordered, or an earlier event was replaced".into(),
        ),
    })
}

/// Checks every chain and every anchor. Read-only, and in bounded memory: chains are read a page at a time in
/// chain order, and each anchor's heads are looked up a few hundred cases at a time.
pub fn verify(conn: &mut DbConn) -> Result<VerifyReport, ServiceError> {
    const PAGE: i64 = 5_000;
    let mut report = VerifyReport::default();
    // The events of the case being read (a case's events may span two pages).
    let mut current: Vec<EventRow> = Vec::new();
    let mut cursor: Option<(String, i64)> = None;
    loop {
        let page = repo::page_after(conn, cursor.as_ref().map(|(c, s)| (c.as_str(), *s)), PAGE)?;
        let Some(last) = page.last() else { break };
        cursor = Some((last.case_id.clone(), last.seq));
        report.events += page.len();
        for e in page {
            if current.first().is_some_and(|c| c.case_id != e.case_id) {
                report.cases += 1;
                report.breaks.extend(check_chain(&current));
                current.clear();
            }
            current.push(e);
        }
    }
    if !current.is_empty() {
        report.cases += 1;
        report.breaks.extend(check_chain(&current));
    }

    let anchors = repo::anchors(conn)?;
    report.anchors = anchors.len();
    let mut prev = GENESIS.to_owned();
    for a in &anchors {
        let at =
            |kind, detail: String| Break { kind, case_id: None, seq: None, anchor_date: Some(a.anchor_date), detail };
        let heads: Value = match serde_json::from_str(&a.heads) {
            Ok(v) => v,
            Err(_) => {
                report.breaks.push(at(BreakKind::AnchorAltered, "its list of chain heads is not valid JSON".into()));
                continue;
            }
        };
        if anchor_hash(&a.anchor_date.to_string(), &heads, &a.prev_hash) != a.hash {
            report.breaks.push(at(BreakKind::AnchorAltered, "its content does not match its hash".into()));
        } else if a.prev_hash != prev {
            report.breaks.push(at(BreakKind::AnchorAltered, "does not follow the anchor before it".into()));
        }
        prev = a.hash.clone();
        let mut listed: Vec<(String, i64, String)> = Vec::new();
        for head in heads.as_array().into_iter().flatten() {
            match (head[0].as_str(), head[1].as_i64(), head[2].as_str()) {
                (Some(case), Some(seq), Some(hash)) => listed.push((case.to_owned(), seq, hash.to_owned())),
                _ => report.breaks.push(at(BreakKind::AnchorAltered, "a chain head is malformed".into())),
            }
        }
        for chunk in listed.chunks(500) {
            let ids: Vec<String> = chunk.iter().map(|(c, _, _)| c.clone()).collect();
            let found: std::collections::HashMap<(String, i64), String> =
                repo::hashes_of(conn, &ids)?.into_iter().map(|(c, s, h)| ((c, s), h)).collect();
            for (case, seq, hash) in chunk {
                if found.get(&(case.clone(), *seq)) != Some(hash) {
                    report.breaks.push(at(
                        BreakKind::AnchoredHeadChanged,
                        format!("case {case} had event {seq} at this anchor; it is now missing or changed"),
                    ));
                }
            }
        }
    }
    Ok(report)
}

/// Records the anchor of `date` (UTC): the head, as of the end of that day, of every chain that changed since the
/// previous anchor (every chain, for the first anchor). Returns `None` when that day is already anchored or no
/// chain changed since the previous anchor.
pub fn anchor(conn: &mut DbConn, date: NaiveDate, now: DateTime<Utc>) -> Result<Option<AnchorRow>, ServiceError> {
    // Only a day that is over: anchoring today would leave its later events out, and a future day (a mistyped
    // year) would stop the daily anchors until then.
    if date >= now.date_naive() {
        return Err(ServiceError::Refused {
            code: "anchor_day_not_over",
            field: Some("date"),
            message: format!(
                "{date} is not over yet: anchor a day that has ended (yesterday is {})",
                now.date_naive().pred_opt().unwrap_or(date)
            ),
        });
    }
    write_tx(conn, |conn| -> Result<_, ServiceError> {
        let latest = repo::latest_anchor(conn)?;
        if latest.as_ref().is_some_and(|a| a.anchor_date >= date) {
            return Ok(None);
        }
        let end_of_day =
            date.checked_add_days(Days::new(1)).expect("date in range").and_hms_opt(0, 0, 0).expect("midnight");
        // The chains that changed since the previous anchor (whose day ended at `from`): each anchor commits to
        // those heads and to the anchor before it, so together the anchors commit to every chain without any
        // one of them listing every case ever.
        let from = latest.as_ref().map(|a| {
            a.anchor_date.checked_add_days(Days::new(1)).expect("date in range").and_hms_opt(0, 0, 0).expect("midnight")
        });
        // Called after every transition: on a day with nothing to anchor yet, answer from the index alone.
        if !repo::any_between(conn, from, end_of_day)? {
            return Ok(None);
        }
        let heads = repo::heads_between(conn, from, end_of_day)?;
        if heads.is_empty() {
            return Ok(None);
        }
        let heads_json = Value::Array(heads.iter().map(|(c, s, h)| serde_json::json!([c, s, h])).collect());
        let prev_hash = latest.map_or_else(|| GENESIS.to_owned(), |a| a.hash);
        let row = AnchorRow {
            anchor_date: date,
            created_at: now.naive_utc(),
            heads: crate::domain::evidence::canonical_json(&heads_json),
            head_count: heads.len() as i64,
            hash: anchor_hash(&date.to_string(), &heads_json, &prev_hash),
            prev_hash,
        };
        repo::insert_anchor(conn, &row)?;
        Ok(Some(row))
    })
}

/// Anchors yesterday (UTC) if it is not anchored yet; called after transitions. Failures are logged, never
/// passed to the caller: the transition itself has already been committed.
pub fn anchor_due(conn: &mut DbConn, now: DateTime<Utc>) {
    let Some(yesterday) = now.date_naive().pred_opt() else { return };
    if let Err(e) = anchor(conn, yesterday, now) {
        tracing::warn!(error = %e, "could not record the daily anchor; `terbuka audit anchor` will retry");
    }
}

/// The dispute evidence bundle of one objection (its request, itself, its disputes): see `domain::bundle`.
/// Returns the bundle as canonical JSON (RFC 8785), ready to be written to a file; `None` for no such objection.
pub fn bundle(
    conn: &mut DbConn,
    objection_id: &str,
    instance: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, ServiceError> {
    use crate::db::repo::cases as case_repo;
    use crate::domain::bundle::{Anchor, Bundle, BundleEvent, Chain, Document, FORMAT};
    let Some(objection) = case_repo::objection(conn, objection_id)? else { return Ok(None) };
    let body = crate::db::repo::bodies::body_by_id(conn, &objection.body_id)?;
    let mut cases: Vec<(String, String, String)> = Vec::new();
    let mut documents = Vec::new();
    if let Some(request_id) = &objection.request_id
        && let Some(request) = case_repo::request(conn, request_id)?
    {
        cases.push(("request".into(), request.id.clone(), request.registration_number.clone()));
        documents = case_repo::response_documents_of(conn, &request.id)?
            .into_iter()
            .map(|d| Document {
                request_id: d.request_id,
                file_name: d.file_name,
                content_type: d.content_type,
                size_bytes: d.size_bytes,
                sha256: d.sha256,
            })
            .collect();
    }
    cases.push(("objection".into(), objection.id.clone(), objection.registration_number.clone()));
    for d in case_repo::disputes_of_objection(conn, &objection.id)? {
        let number = d.ki_number.clone().unwrap_or_else(|| d.id.clone());
        cases.push(("dispute".into(), d.id, number));
    }
    let mut chains = Vec::new();
    let mut anchors: Vec<Anchor> = Vec::new();
    for (case_kind, case_id, number) in cases {
        let rows = repo::for_case(conn, &case_id)?;
        let mut events = Vec::with_capacity(rows.len());
        for r in &rows {
            let payload: Value = serde_json::from_str(&r.payload)
                .map_err(|e| ServiceError::Db(crate::db::DbError::Unavailable(format!("event {}: {e}", r.id))))?;
            events.push(BundleEvent {
                case_kind: r.case_kind.clone(),
                case_id: r.case_id.clone(),
                seq: r.seq,
                body_id: r.body_id.clone(),
                event_type: r.event_type.clone(),
                payload,
                actor_kind: r.actor_kind.clone(),
                actor_id: r.actor_id.clone(),
                reason: r.reason.clone(),
                recorded_at: repo::hash_time(r.recorded_at),
                prev_hash: r.prev_hash.clone(),
                hash: r.hash.clone(),
            });
        }
        if let Some(first) = rows.first() {
            for a in repo::anchors_naming(conn, &case_id, first.recorded_at.date())? {
                if anchors.iter().all(|x| x.anchor_date != a.anchor_date.to_string()) {
                    let heads: Value = serde_json::from_str(&a.heads).unwrap_or(Value::Null);
                    anchors.push(Anchor {
                        anchor_date: a.anchor_date.to_string(),
                        heads,
                        prev_hash: a.prev_hash,
                        hash: a.hash,
                    });
                }
            }
        }
        chains.push(Chain { case_kind, case_id, number, events });
    }
    anchors.sort_by(|a, b| a.anchor_date.cmp(&b.anchor_date));
    let latest_anchor = repo::latest_anchor(conn)?.map(|a| (a.anchor_date.to_string(), a.hash));
    let bundle = Bundle {
        format: FORMAT.into(),
        version: 1,
        instance: instance.to_owned(),
        generated_at: now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        body: body.slug,
        objection_number: objection.registration_number,
        chains,
        documents,
        anchors,
        latest_anchor,
    };
    let value = serde_json::to_value(&bundle)
        .map_err(|e| ServiceError::Db(crate::db::DbError::Unavailable(format!("bundle: {e}"))))?;
    Ok(Some(crate::domain::evidence::canonical_json(&value)))
}
