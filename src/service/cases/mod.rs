//! Requests, objections and disputes: registering them and moving them through their lifecycle.
//!
//! Every transition is one write transaction that (1) rebuilds the case from its events, (2) asks the domain
//! whether the law allows the step, (3) appends the event to the case's hash chain with actor, time and reason,
//! and (4) writes the projection (state and stored deadlines, with the calendar version used) under optimistic
//! concurrency. Requester identity is stored once, in `requesters`; events carry ids and dates only.
//!
//! `plumbing` is what every transition shares; `requester`, `request`, `objection` and `dispute` each hold a
//! kind of case (the pure decisions the demo reuses beside the transactions around them); `rollup` is each case's
//! share of the compliance figures, `notify` the mail a transition enqueues. Calendar changes are in
//! `service::calendar_change`.

pub mod dispute;
pub mod notify;
pub mod objection;
pub mod plumbing;
pub mod request;
pub mod requester;
pub mod rollup;

pub use dispute::*;
pub use objection::*;
pub use request::*;
pub use requester::*;
