//! The work every instance does in the background besides answering requests: freezing the compliance figures of
//! a year once it closes, planning the reminders the date makes due, and sending the mail outbox. Side effects
//! are rows (ADR 0005): several instances run this at once, kept apart by unique keys and leases.

use std::sync::Arc;

use crate::domain::clock::Clock;

/// Starts the background thread: every 10 seconds, freezes the years that closed, plans what the date makes due,
/// then sends what is due — at once again while a pass leaves due mail behind (every instance runs one; unique keys
/// and leases keep them apart).
pub fn start(
    mail: &crate::config::MailSettings,
    db: crate::db::Db,
    secrets: crate::crypto::Secrets,
    base_url: &str,
    instance_name: &str,
    plan: crate::service::mail::PlanSettings,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<()> {
    let transport = crate::service::outbox::Transport::from_settings(mail)?;
    let composer = crate::views::mail::Composer {
        views: crate::views::Views::new()?,
        base_url: base_url.to_owned(),
        instance_name: instance_name.to_owned(),
        time_zone: plan.time_zone,
    };
    let worker = Worker { db, secrets, composer, transport, from: mail.from.clone(), plan, clock };
    std::thread::Builder::new().name("mail".into()).spawn(move || {
        let mut frozen_on = None;
        loop {
            if !worker.tick(&mut frozen_on) {
                std::thread::sleep(std::time::Duration::from_secs(10));
            }
        }
    })?;
    Ok(())
}

/// How long one mail pass sends at most before the closed years and the planner get their turn again.
const PASS_BUDGET: std::time::Duration = std::time::Duration::from_secs(20);

/// What the background thread works with.
pub struct Worker {
    pub db: crate::db::Db,
    pub secrets: crate::crypto::Secrets,
    pub composer: crate::views::mail::Composer,
    pub transport: crate::service::outbox::Transport,
    pub from: String,
    pub plan: crate::service::mail::PlanSettings,
    pub clock: Arc<dyn Clock>,
}

impl Worker {
    /// One pass of the background work, at the clock's now: what a pass did is logged; what failed is tried again
    /// at the next pass (`frozen_on` remembers the day the closed years were last frozen). `true` when the mail
    /// pass stopped at its time budget with mail still due.
    pub fn tick(&self, frozen_on: &mut Option<chrono::NaiveDate>) -> bool {
        let Worker { db, secrets, composer, transport, from, plan, clock } = self;
        let plan = *plan;
        let now = clock.now();
        let today = now.with_timezone(&plan.time_zone).date_naive();
        // Closed years are frozen once a day (31 March closes the year before; see service::snapshots).
        if *frozen_on != Some(today) {
            match db.with(|c| crate::service::snapshots::freeze_due(c, today, now)) {
                Ok(n) => {
                    *frozen_on = Some(today);
                    if n > 0 {
                        tracing::info!(frozen = n, "compliance snapshots");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "compliance snapshots unavailable; trying again"),
            }
        }
        match db.with(|c| crate::service::mail::plan(c, secrets, plan, today, now)) {
            Ok(0) => {}
            Ok(n) => tracing::info!(planned = n, "mail planner"),
            Err(e) => tracing::warn!(error = %e, "mail planner unavailable; trying again"),
        }
        let sender = crate::service::outbox::Sender { db, secrets, composer, transport, from, clock: clock.as_ref() };
        match crate::service::outbox::run_due(&sender, PASS_BUDGET) {
            Ok(r) => {
                if r != Default::default() {
                    tracing::info!(
                        sent = r.sent,
                        retried = r.retried,
                        dead = r.dead,
                        withdrawn = r.withdrawn,
                        handed_over = r.handed_over,
                        more_due = r.more_due,
                        "mail outbox"
                    );
                }
                r.more_due
            }
            Err(e) => {
                tracing::warn!(error = %e, "mail outbox unavailable; trying again");
                false
            }
        }
    }
}
