//! Demo data (`terbuka demo`): KI jurisdictions, public bodies with units, and requests with their whole lives —
//! extensions, written notices on time and late, refusals, withdrawals, objections, disputes at the KI — made
//! through the same service calls (and so the same domain transitions, hash chains and compliance rollup) as real
//! work, in the order they would happen, so `terbuka audit verify` passes and every figure is computed as for a
//! real instance.
//!
//! Deterministic: the same options, seed and end date give the same records and figures (the generator uses its
//! own SplitMix64, whose sequence no library upgrade can change). Refuses a database that holds any public body;
//! its bodies are marked `demo`, and every public page of an instance holding them says so. Requesters are made
//! up, with addresses on the reserved `.invalid` domain, so no mail is ever queued for them.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::crypto::Secrets;
use crate::db::repo::events::{Actor, ActorKind};
use crate::db::{DbConn, write_tx};
use crate::demo::batch::Batch;
use crate::demo::names::*;
use crate::demo::spread::{moment, moment_start, per_day};
use crate::demo::writer::Writer;
use crate::domain::calendar::{CalendarSettings, CalendarView};
use crate::domain::dispute::AdjudicationOutcome;
use crate::domain::objection::{AtasanOutcome, DisclosureOrder, ObjectionGround};
use crate::domain::request::{Channel, DecisionInput, InfoForm, TerminalOutcome};
use crate::files::FileStore;
use crate::service::ServiceError;
use crate::service::bodies::{self, BodyInput, JurisdictionInput, UnitInput};
use crate::service::cases::RequesterInput;
use crate::service::cases::{DisputeCommand, NewObjection, NewRequest, ObjectionCommand, RequestCommand};

/// What to make.
#[derive(Debug, Clone)]
pub struct Options {
    pub bodies: usize,
    /// How many provincial KIs the bodies are spread over (1–6; the first is Jawa Barat).
    pub provinces: usize,
    pub requests: usize,
    pub first_year: i32,
    pub last_year: i32,
    pub seed: u64,
    /// Every step through the service calls, one by one (the reference the batch writer is tested against), instead
    /// of the batch writer (the same decisions, written a day at a time).
    pub through_services: bool,
}

/// What was made.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    pub jurisdictions: usize,
    pub bodies: usize,
    pub requests: u64,
    pub objections: u64,
    pub disputes: u64,
    /// Every service call made (registrations and steps).
    pub transitions: u64,
    /// Steps the domain refused (a rule the generator did not foresee), by the rule's code.
    pub refused: std::collections::BTreeMap<String, u64>,
}

/// What happens to one request, decided when it is received.
#[derive(Debug, Clone, Copy)]
enum Fate {
    Withdrawn {
        after: u32,
    },
    Closed(u8),
    /// Never answered (overdue once its deadline passes).
    Silent,
    Notice {
        extend_at: Option<u32>,
        at: u32,
        kind: u8,
        fee: bool,
    },
}

#[derive(Debug, Clone)]
enum Action {
    Register {
        body: usize,
    },
    Extend {
        id: String,
        at_wd: u32,
        fate: Fate,
        received: NaiveDate,
    },
    Notice {
        id: String,
        kind: u8,
        fee: bool,
    },
    Provide {
        id: String,
    },
    Withdraw {
        id: String,
    },
    Close {
        id: String,
        why: u8,
    },
    Object {
        id: String,
        ground: ObjectionGround,
    },
    Decide {
        id: String,
        outcome: Option<AtasanOutcome>,
        mediable: bool,
    },
    FileDispute {
        objection: String,
        mediable: bool,
    },
    /// The PPID gives what an overturning atasan ordered.
    CarryOut {
        id: String,
    },
    /// Mediation is only for objections on grounds b–g (not a refusal under Art. 17).
    Dispute {
        id: String,
        step: DisputeCommand,
        then: u8,
        mediable: bool,
    },
}

impl Action {
    /// The case the step is for (`None` for a registration).
    fn case(&self) -> Option<&str> {
        match self {
            Action::Register { .. } => None,
            Action::Extend { id, .. }
            | Action::Notice { id, .. }
            | Action::Provide { id }
            | Action::Withdraw { id }
            | Action::Close { id, .. }
            | Action::Object { id, .. }
            | Action::Decide { id, .. }
            | Action::CarryOut { id }
            | Action::Dispute { id, .. } => Some(id),
            Action::FileDispute { objection, .. } => Some(objection),
        }
    }
}

struct Item {
    at: i64,
    seq: u64,
    action: Action,
}
impl PartialEq for Item {
    fn eq(&self, o: &Self) -> bool {
        (self.at, self.seq) == (o.at, o.seq)
    }
}
impl Eq for Item {}
impl PartialOrd for Item {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Item {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (self.at, self.seq).cmp(&(o.at, o.seq))
    }
}

struct Body {
    slug: String,
    units: Vec<String>,
    province: usize,
}

struct Generator<'a> {
    rng: Rng,
    writer: Writer<'a>,
    /// How many planned steps each case still has (a case with none leaves the batch writer's memory).
    pending: std::collections::HashMap<String, u32>,
    calendar: CalendarView,
    bodies: Vec<Body>,
    body_weights: Vec<f64>,
    queue: BinaryHeap<Reverse<Item>>,
    seq: u64,
    /// Nothing is done at or after this moment (the end of the demo's time line).
    end: DateTime<Utc>,
    report: Report,
    dispute_numbers: u64,
}

impl Generator<'_> {
    fn push(&mut self, at: DateTime<Utc>, action: Action) {
        if at >= self.end {
            return; // After the end of the time line: not (yet) done.
        }
        self.seq += 1;
        if let Some(id) = action.case() {
            *self.pending.entry(id.to_owned()).or_default() += 1;
        }
        self.queue.push(Reverse(Item { at: at.timestamp(), seq: self.seq, action }));
    }

    /// Called when a step of case `id` is done (`done`) or the case was made: a case with no planned step left is
    /// forgotten by the writer.
    fn release(&mut self, id: &str, done: bool) {
        let left = match self.pending.get_mut(id) {
            Some(n) => {
                *n -= u32::from(done);
                *n
            }
            None => 0,
        };
        if left == 0 {
            self.pending.remove(id);
            self.writer.forget(id);
        }
    }

    /// A working day `n` working days after `day`, at a working hour.
    fn after_wd(&mut self, day: NaiveDate, n: u32) -> DateTime<Utc> {
        let due = self.calendar.add_working_days(day, n).due;
        moment(&mut self.rng, due, 8, 16)
    }

    fn requester(&mut self, channel: Channel, province: usize) -> RequesterInput {
        let rng = &mut self.rng;
        let online = matches!(channel, Channel::Web | Channel::Api);
        let kind = if rng.chance(0.12) { "legal_entity" } else { "individual" };
        let first = *rng.pick(&FIRST);
        let last = *rng.pick(&LAST);
        let n = rng.next() % 1_000_000;
        let nik = format!(
            "{}{:02}{:02}{:02}{:02}{:02}{:04}",
            PROVINCES[province].2,
            rng.range(1, 20),
            rng.range(1, 30),
            rng.range(1, 28) + if rng.chance(0.5) { 40 } else { 0 },
            rng.range(1, 12),
            rng.range(60, 99) % 100,
            rng.range(1, 9999)
        );
        let name = if kind == "legal_entity" { format!("Yayasan {last} Mandiri") } else { format!("{first} {last}") };
        RequesterInput {
            kind: kind.into(),
            name,
            email: if online || rng.chance(0.5) { format!("pemohon{n}@demo.invalid") } else { String::new() },
            phone: String::new(),
            address: format!("Jl. Contoh No. {}, {}", rng.range(1, 200), rng.pick(&REGIONS)),
            occupation: rng.pick(&["Mahasiswa", "Wartawan", "Peneliti", "Wiraswasta", "Guru", "Petani"]).to_string(),
            nik: if kind == "legal_entity" { String::new() } else { nik },
            entity_decree_number: if kind == "legal_entity" {
                format!("AHU-{:07}.AH.01.04.Tahun 2020", rng.below(10_000_000))
            } else {
                String::new()
            },
            representative_name: String::new(),
            representative_nik: String::new(),
            language: if rng.chance(0.03) { "en".into() } else { "id".into() },
        }
    }

    fn fate(&mut self) -> Fate {
        let r = &mut self.rng;
        let x = r.float();
        if x < 0.03 {
            return Fate::Withdrawn { after: r.range(1, 6) };
        }
        if x < 0.07 {
            return Fate::Closed(r.below(3) as u8);
        }
        if x < 0.10 {
            return Fate::Silent;
        }
        let extended = r.chance(0.12);
        let late = r.chance(0.09);
        let at = match (extended, late) {
            (false, false) => r.range(1, 10),
            (false, true) => r.range(11, 25),
            (true, false) => r.range(11, 17),
            (true, true) => r.range(18, 30),
        };
        let extend_at = extended.then(|| r.range(3, 9));
        let kind = r.weighted(&[62.0, 12.0, 10.0, 11.0, 5.0]) as u8;
        Fate::Notice { extend_at, at, kind, fee: r.chance(0.06) }
    }

    fn register(&mut self, conn: &mut DbConn, at: DateTime<Utc>, body: usize) -> Result<(), ServiceError> {
        let received = at.with_timezone(&chrono_tz::Asia::Jakarta).date_naive();
        let working = self.calendar.is_working_day(received);
        let channels: &[(Channel, f64)] = if working {
            &[
                (Channel::Web, 45.0),
                (Channel::Email, 15.0),
                (Channel::Letter, 15.0),
                (Channel::Desk, 15.0),
                (Channel::SocialMedia, 5.0),
                (Channel::Oral, 3.0),
                (Channel::Api, 2.0),
            ]
        } else {
            &[(Channel::Web, 80.0), (Channel::Email, 10.0), (Channel::SocialMedia, 8.0), (Channel::Api, 2.0)]
        };
        let channel = channels[self.rng.weighted(&channels.iter().map(|c| c.1).collect::<Vec<_>>())].0;
        let b = &self.bodies[body];
        let (slug, province) = (b.slug.clone(), b.province);
        let unit =
            if b.units.is_empty() || self.rng.chance(0.6) { None } else { Some(self.rng.pick(&b.units).clone()) };
        let requester = self.requester(channel, province);
        let topic = *self.rng.pick(&TOPICS);
        let input = NewRequest {
            body: slug,
            unit,
            requester,
            channel,
            received_at: at,
            information: format!("Mohon salinan {topic} tahun {}.", received.year() - self.rng.below(2) as i32),
            purpose: self
                .rng
                .pick(&["Penelitian", "Pemberitaan", "Pengawasan anggaran", "Keperluan pribadi"])
                .to_string(),
            obtain_method: if matches!(channel, Channel::Web | Channel::Api) {
                "softcopy".into()
            } else {
                String::new()
            },
            delivery_method: if matches!(channel, Channel::Web | Channel::Api) {
                "email".into()
            } else {
                String::new()
            },
            publish_consent: self.rng.chance(0.7),
            documents: Vec::new(),
        };
        let id = self.writer.register(conn, &input, at)?;
        let case = id.clone();
        self.report.requests += 1;
        match self.fate() {
            Fate::Withdrawn { after } => {
                let t = self.after_wd(received, after);
                self.push(t, Action::Withdraw { id });
            }
            Fate::Closed(why) => {
                let wd = self.rng.range(1, 3);
                let t = self.after_wd(received, wd);
                self.push(t, Action::Close { id, why });
            }
            Fate::Silent => {
                // Some of the unanswered object once the deadline has passed (ground c).
                if self.rng.chance(0.3) {
                    let wd = 10 + self.rng.range(2, 20);
                    let t = self.after_wd(received, wd);
                    self.push(t, Action::Object { id, ground: ObjectionGround::NoResponse });
                }
            }
            fate @ Fate::Notice { extend_at, at: notice_wd, kind, fee } => match extend_at {
                Some(e) => {
                    let t = self.after_wd(received, e);
                    self.push(t, Action::Extend { id, at_wd: notice_wd, fate, received });
                }
                None => {
                    let t = self.after_wd(received, notice_wd);
                    self.push(t, Action::Notice { id, kind, fee });
                }
            },
        }
        self.release(&case, false);
        Ok(())
    }

    fn decision(&mut self, kind: u8, on: NaiveDate, fee: bool) -> DecisionInput {
        let letter = *self.rng.pick(&["a", "b", "c", "d", "e", "f", "g", "h", "h", "j"]);
        let provide_by = Some(self.calendar.add_working_days(on, self.rng.range(0, 5)).due);
        let fee_rupiah = fee.then(|| i64::from(self.rng.range(1, 30)) * 5_000);
        let base = DecisionInput {
            fee_basis: fee_rupiah.map(|_| "Biaya penggandaan; bayar ke rekening kas daerah".into()),
            fee_rupiah,
            ..Default::default()
        };
        match kind {
            0 => DecisionInput { kind: "granted".into(), form: Some(InfoForm::Softcopy), provide_by, ..base },
            1 => DecisionInput {
                kind: "granted_in_part".into(),
                form: Some(InfoForm::Softcopy),
                provide_by,
                redacted_parts: Some("Nomor rekening dan alamat pribadi dihitamkan".into()),
                art17_ground: Some(letter.into()),
                consequence_test: Some("Membuka bagian itu merugikan perlindungan data pribadi.".into()),
                ..base
            },
            2 => DecisionInput {
                kind: "refused_exempt".into(),
                art17_ground: Some(letter.into()),
                consequence_test: Some(
                    "Membuka informasi ini menimbulkan konsekuensi yang dilindungi Pasal 17.".into(),
                ),
                ..Default::default()
            },
            3 => DecisionInput {
                kind: "not_held".into(),
                holder_known: Some(self.rng.chance(0.6)),
                holder_name: Some("Badan Pusat Statistik".into()),
                ..Default::default()
            },
            _ => DecisionInput {
                kind: "not_yet_documented".into(),
                expected_by: Some(on + Duration::days(i64::from(self.rng.range(30, 120)))),
                ..Default::default()
            },
        }
    }

    /// One planned step; then the case it was for is released (forgotten by the writer if nothing is left).
    fn step(&mut self, conn: &mut DbConn, at: DateTime<Utc>, action: Action) -> Result<(), ServiceError> {
        let case = action.case().map(str::to_owned);
        let result = self.run(conn, at, action);
        if let Some(case) = case {
            self.release(&case, true);
        }
        result
    }

    fn run(&mut self, conn: &mut DbConn, at: DateTime<Utc>, action: Action) -> Result<(), ServiceError> {
        let on = at.with_timezone(&chrono_tz::Asia::Jakarta).date_naive();
        match action {
            Action::Register { body } => return self.register(conn, at, body),
            Action::Extend { id, at_wd, fate, received } => {
                let cmd = RequestCommand::Extend { notified_on: on, reason: "Koordinasi antarunit".into() };
                self.writer.request(conn, &id, &cmd, at)?;
                if let Fate::Notice { kind, fee, .. } = fate {
                    let t = self.after_wd(received, at_wd);
                    self.push(t, Action::Notice { id, kind, fee });
                }
            }
            Action::Notice { id, kind, fee } => {
                let decision = self.decision(kind, on, fee);
                let provide_by = decision.provide_by;
                let cmd = RequestCommand::GiveNotice { notice_on: on, decision, electronic: true };
                self.writer.request(conn, &id, &cmd, at)?;
                if let (Some(by), true) = (provide_by, self.rng.chance(0.7)) {
                    let t = moment(&mut self.rng, by.max(on), 9, 16).max(at + Duration::minutes(5));
                    self.push(t, Action::Provide { id: id.clone() });
                }
                // Refusals (wholly or in part) are objected to now and then.
                let objects = match kind {
                    1 => self.rng.chance(0.12),
                    2 => self.rng.chance(0.25),
                    _ => false,
                };
                if objects {
                    let wd = self.rng.range(2, 25);
                    let t = self.after_wd(on, wd);
                    self.push(t, Action::Object { id, ground: ObjectionGround::RefusedExempt });
                }
            }
            Action::Provide { id } => {
                self.writer.request(conn, &id, &RequestCommand::Provide { provided_on: on }, at)?;
            }
            Action::Withdraw { id } => {
                let cmd = RequestCommand::Withdraw { withdrawn_on: on, reason: "Informasi sudah diperoleh".into() };
                self.writer.request(conn, &id, &cmd, at)?;
            }
            Action::Close { id, why } => {
                let outcome = match why {
                    0 => TerminalOutcome::Spam,
                    1 => TerminalOutcome::NotKip,
                    _ => TerminalOutcome::NotEligible,
                };
                let cmd =
                    RequestCommand::CloseWithoutDecision { closed_on: on, outcome, reason: "Dicatat petugas".into() };
                self.writer.request(conn, &id, &cmd, at)?;
            }
            Action::Object { id, ground } => {
                let input = NewObjection {
                    request_id: Some(id),
                    body: None,
                    requester: None,
                    grounds: vec![ground],
                    periodic_date: None,
                    summary: "Pemohon keberatan atas tanggapan badan publik.".into(),
                    channel: Channel::Letter,
                    received_at: at,
                    online: false,
                    representative_name: String::new(),
                };
                let objection = self.writer.object(conn, &input, at)?;
                self.report.objections += 1;
                let r = self.rng.float();
                let (wd, outcome) = if r < 0.05 {
                    (0, None)
                } else {
                    let wd = if r < 0.15 { self.rng.range(31, 45) } else { self.rng.range(5, 28) };
                    let outcome = match self.rng.weighted(&[55.0, 25.0, 20.0]) {
                        0 => AtasanOutcome::Upheld,
                        1 => AtasanOutcome::Overturned,
                        _ => AtasanOutcome::OverturnedInPart,
                    };
                    (wd, Some(outcome))
                };
                if outcome.is_some() {
                    let t = self.after_wd(on, wd);
                    let mediable = ground != ObjectionGround::RefusedExempt;
                    self.push(t, Action::Decide { id: objection.clone(), outcome, mediable });
                }
                self.release(&objection, false);
            }
            Action::Decide { id, outcome, mediable } => {
                let Some(outcome) = outcome else { return Ok(()) };
                let order = (outcome != AtasanOutcome::Upheld).then(|| DisclosureOrder {
                    what: "Salinan dokumen yang dimohon, tanpa bagian yang dikecualikan.".into(),
                    by: self.calendar.add_working_days(on, 10).due,
                });
                let cmd = ObjectionCommand::Decide {
                    decided_on: on,
                    outcome,
                    reasons: "Pertimbangan atasan PPID.".into(),
                    atasan_name: "Sekretaris Daerah".into(),
                    atasan_position: "Atasan PPID".into(),
                    order: order.clone(),
                    electronic: true,
                };
                self.writer.objection(conn, &id, &cmd, at)?;
                // Most orders are carried out, a few after their deadline; some wait.
                if order.is_some() && self.rng.chance(0.9) {
                    let wd = if self.rng.chance(0.8) { self.rng.range(1, 10) } else { self.rng.range(11, 20) };
                    let t = self.after_wd(on, wd);
                    self.push(t, Action::CarryOut { id: id.clone() });
                }
                if outcome != AtasanOutcome::Overturned && self.rng.chance(0.3) {
                    let wd = self.rng.range(2, 13);
                    let t = self.after_wd(on, wd);
                    self.push(t, Action::FileDispute { objection: id, mediable });
                }
            }
            Action::CarryOut { id } => {
                let cmd = ObjectionCommand::CarryOutOrder { on, note: "Salinan diberikan melalui surel.".into() };
                self.writer.objection(conn, &id, &cmd, at)?;
            }
            Action::FileDispute { objection, mediable } => {
                let dispute = self.writer.file_dispute(conn, &objection, on, at)?;
                self.report.disputes += 1;
                self.dispute_numbers += 1;
                let month =
                    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][on.month0() as usize];
                let step = DisputeCommand::RegisterAtKi {
                    ki_number: format!("{:03}/REG-PSI/{month}/{}", self.dispute_numbers % 1000, on.year()),
                    received_by_ki_on: on,
                };
                let wd = self.rng.range(1, 5);
                let t = self.after_wd(on, wd);
                self.push(t, Action::Dispute { id: dispute.clone(), step, then: 1, mediable });
                self.release(&dispute, false);
            }
            Action::Dispute { id, step, then, mediable } => {
                self.writer.dispute(conn, &id, &step, at)?;
                let next = match then {
                    1 => Some((DisputeCommand::FirstSession { on: self.calendar.add_working_days(on, 10).due }, 10, 2)),
                    2 if mediable && self.rng.chance(0.45) => {
                        let day = self.calendar.add_working_days(on, self.rng.range(10, 30)).due;
                        Some((DisputeCommand::MediationAgreement { on: day }, 30, 0))
                    }
                    2 => {
                        let decided = self.calendar.add_working_days(on, self.rng.range(30, 80)).due;
                        let outcome = match self.rng.weighted(&[40.0, 25.0, 35.0]) {
                            0 => AdjudicationOutcome::Granted,
                            1 => AdjudicationOutcome::GrantedInPart,
                            _ => AdjudicationOutcome::Rejected,
                        };
                        let follow = if outcome == AdjudicationOutcome::Rejected { 0 } else { 3 };
                        let received_on = self.calendar.add_working_days(decided, 2).due;
                        Some((
                            DisputeCommand::AdjudicationDecision { decided_on: decided, received_on, outcome },
                            85,
                            follow,
                        ))
                    }
                    3 => {
                        let complied = self.rng.chance(0.8);
                        let day = self.calendar.add_working_days(on, self.rng.range(5, 20)).due;
                        Some((DisputeCommand::Compliance { complied, on: day }, 20, 0))
                    }
                    _ => None,
                };
                if let Some((step, wd, then)) = next {
                    // The step is recorded when it happened (its own date), a little after that date.
                    let t = self.after_wd(on, wd);
                    self.push(t, Action::Dispute { id, step, then, mediable });
                }
            }
        }
        Ok(())
    }
}

/// Fills an empty database with demo data up to `end` (exclusive); `progress(requests made, requests to make)`
/// is called now and then.
pub fn generate(
    conn: &mut DbConn,
    settings: CalendarSettings,
    secrets: &Secrets,
    files: &FileStore,
    options: &Options,
    end: DateTime<Utc>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Report, ServiceError> {
    if options.bodies == 0 || options.first_year > options.last_year {
        return Err(ServiceError::invalid("bodies", "demo-error-options", "at least one body and a valid year range"));
    }
    if !(1..=PROVINCES.len()).contains(&options.provinces) {
        return Err(ServiceError::invalid("provinces", "demo-error-options", "from 1 to 6 provinces"));
    }
    if !crate::db::repo::bodies::bodies(conn)?.is_empty() {
        return Err(ServiceError::Refused {
            code: "demo-error-not-empty",
            field: None,
            message: "this database already holds public bodies; demo data goes only into an empty database".into(),
        });
    }
    let db_error = |e| ServiceError::Db(crate::db::DbError::from(e));
    crate::db::bulk_load(conn, true).map_err(db_error)?;
    let made = fill(conn, settings, secrets, files, options, end, progress);
    crate::db::bulk_load(conn, false).map_err(db_error)?;
    let report = made?;
    crate::db::refresh_statistics(conn).map_err(db_error)?;
    Ok(report)
}

/// [`generate`] once the options are checked.
fn fill(
    conn: &mut DbConn,
    settings: CalendarSettings,
    secrets: &Secrets,
    files: &FileStore,
    options: &Options,
    end: DateTime<Utc>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Report, ServiceError> {
    let provinces = options.provinces;
    let now = end;
    let mut report = Report::default();
    let mut rng = Rng::new(options.seed ^ 0x0074_6572_6275_6B61); // "terbuka"
    write_tx(conn, |conn| -> Result<(), ServiceError> {
        bodies::create_jurisdiction(
            conn,
            &JurisdictionInput {
                code: "pusat".into(),
                name: "Komisi Informasi Pusat".into(),
                level: "pusat".into(),
                parent: None,
                contact: Default::default(),
            },
            now,
        )?;
        for &(code, name, _, _) in PROVINCES.iter().take(provinces) {
            bodies::create_jurisdiction(
                conn,
                &JurisdictionInput {
                    code: code.into(),
                    name: format!("Komisi Informasi Provinsi {name}"),
                    level: "provinsi".into(),
                    parent: Some("pusat".into()),
                    // Demo contact details (an address in the reserved `.invalid` domain, so nothing is sent).
                    contact: bodies::KiContact {
                        address: format!("Kantor Komisi Informasi Provinsi {name} (alamat contoh, data demo)"),
                        email: format!("sengketa@{code}.ki.demo.invalid"),
                        ..Default::default()
                    },
                },
                now,
            )?;
        }
        Ok(())
    })?;
    report.jurisdictions = provinces + 1;
    let mut made = Vec::new();
    write_tx(conn, |conn| -> Result<(), ServiceError> {
        for i in 0..options.bodies {
            let province = i % provinces;
            let (code, pname, _, zone) = PROVINCES[province];
            let region = REGIONS[(i / provinces) % REGIONS.len()];
            let agency = AGENCIES[(i / (provinces * REGIONS.len())) % AGENCIES.len()];
            let slug = format!("demo-{:04}", i + 1);
            bodies::create_body(
                conn,
                &BodyInput {
                    slug: slug.clone(),
                    name: format!("{agency} {region} ({pname}) — demo {}", i + 1),
                    level: "pemerintah_kabupaten_kota".into(),
                    time_zone: zone.into(),
                    ki: code.into(),
                    ppid_email: format!("ppid@{slug}.demo.invalid"),
                    ppid_phone: "021 5550100".into(),
                    ppid_address: format!("Jl. Pemerintahan No. {}, {region}", i + 1),
                    demo: true,
                    ..Default::default()
                },
                now,
            )?;
            let mut units = Vec::new();
            for (u, name) in UNITS.iter().enumerate().take(i % 4) {
                let unit_slug = format!("unit-{}", u + 1);
                bodies::create_unit(
                    conn,
                    &slug,
                    &UnitInput { slug: unit_slug.clone(), name: (*name).into(), time_zone: None },
                    now,
                )?;
                units.push(unit_slug);
            }
            made.push(Body { slug, units, province });
        }
        Ok(())
    })?;
    report.bodies = made.len();
    // Some bodies are busier than others (a Zipf-like spread, in a seeded order).
    let mut ranks: Vec<usize> = (0..made.len()).collect();
    for i in (1..ranks.len()).rev() {
        ranks.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let body_weights: Vec<f64> = ranks.iter().map(|r| 1.0 / (*r as f64 + 1.0).powf(0.8)).collect();

    let calendar = crate::db::repo::calendar::load(conn)?.view(None, None, settings);
    let first = NaiveDate::from_ymd_opt(options.first_year, 1, 1).expect("a valid year");
    let last = NaiveDate::from_ymd_opt(options.last_year, 12, 31).expect("a valid year");
    let end_day = end.with_timezone(&chrono_tz::Asia::Jakarta).date_naive();
    let last = last.min(end_day.pred_opt().expect("a valid date"));
    let days: Vec<(NaiveDate, bool)> =
        first.iter_days().take_while(|d| *d <= last).map(|d| (d, calendar.is_working_day(d))).collect();
    let counts = per_day(&days, options.requests, options.first_year);

    let actor = Actor::new(ActorKind::Officer, "demo");
    let writer = if options.through_services {
        Writer::Services { settings, secrets, files, actor }
    } else {
        Writer::Batch(Box::new(Batch::new(conn, settings, secrets, actor, first)?))
    };
    let mut g = Generator {
        rng,
        writer,
        pending: std::collections::HashMap::new(),
        calendar,
        bodies: made,
        body_weights,
        queue: BinaryHeap::new(),
        seq: 0,
        end,
        report,
        dispute_numbers: 0,
    };
    let total = options.requests as u64;
    progress(0, total);
    let mut last_progress = 0;
    // Day by day: that day's registrations join the queue, then everything due before the next day is done, in
    // time order, a day per transaction.
    for (i, (&(day, working), n)) in days.iter().zip(counts).enumerate() {
        for _ in 0..n {
            let at = if working { moment(&mut g.rng, day, 8, 16) } else { moment(&mut g.rng, day, 7, 22) };
            let body = g.rng.weighted(&g.body_weights);
            g.push(at, Action::Register { body });
        }
        // Everything due before the next day starts; after the last day, everything left (all before `end`).
        let horizon = days.get(i + 1).map_or(end, |(next, _)| moment_start(*next));
        write_tx(conn, |conn| -> Result<(), ServiceError> {
            let mut date = None;
            while g.queue.peek().is_some_and(|Reverse(item)| item.at < horizon.timestamp()) {
                let Reverse(item) = g.queue.pop().expect("peeked");
                let at = DateTime::from_timestamp(item.at, 0).expect("a valid time");
                // A new (UTC) day: the batch writer writes what it holds first, so the day's anchor (made after
                // the first transition of the next day) covers it, as after the services' transitions.
                if date.is_some_and(|d| d != at.date_naive()) {
                    g.writer.end_of_day(conn, false)?;
                }
                date = Some(at.date_naive());
                g.report.transitions += 1;
                match g.step(conn, at, item.action) {
                    Ok(()) => {}
                    Err(ServiceError::Refused { code, message, .. }) => {
                        *g.report.refused.entry(code.to_owned()).or_insert(0) += 1;
                        tracing::debug!(code, %message, "demo step refused");
                    }
                    Err(e) => return Err(e),
                }
            }
            g.writer.end_of_day(conn, i + 1 == days.len())
        })?;
        if g.report.requests - last_progress >= 1000 || i + 1 == days.len() {
            last_progress = g.report.requests;
            progress(g.report.requests, total);
        }
    }
    Ok(g.report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_fixed_for_a_seed() {
        let mut a = Rng::new(1);
        let first: Vec<u64> = (0..3).map(|_| a.next()).collect();
        // SplitMix64's published sequence for seed 1 (so no change of ours alters the demo data silently).
        assert_eq!(first, vec![0x910a_2dec_8902_5cc1, 0xbeeb_8da1_658e_ec67, 0xf893_a2ee_fb32_555e]);
    }
}
