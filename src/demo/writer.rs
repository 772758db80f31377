//! Who makes the demo's transitions: the services one by one (the reference), or the batch writer (ADR 0009).

use crate::crypto::Secrets;
use crate::db::DbConn;
use crate::db::repo::events::Actor;
use crate::demo::batch::Batch;
use crate::domain::calendar::CalendarSettings;
use crate::files::FileStore;
use crate::service::ServiceError;
use crate::service::cases::{self, DisputeCommand, NewObjection, NewRequest, ObjectionCommand, RequestCommand};
use chrono::{DateTime, NaiveDate, Utc};

/// Who makes the transitions: the services, one by one, or the batch writer.
pub(crate) enum Writer<'a> {
    Services { settings: CalendarSettings, secrets: &'a Secrets, files: &'a FileStore, actor: Actor },
    Batch(Box<Batch<'a>>),
}

impl Writer<'_> {
    pub(crate) fn register(
        &mut self,
        conn: &mut DbConn,
        input: &NewRequest,
        at: DateTime<Utc>,
    ) -> Result<String, ServiceError> {
        match self {
            Writer::Services { settings, secrets, files, actor } => {
                Ok(cases::register_request(conn, *settings, secrets, files, input, actor, at)?.request.id)
            }
            Writer::Batch(b) => b.register(input, at),
        }
    }

    pub(crate) fn request(
        &mut self,
        conn: &mut DbConn,
        id: &str,
        command: &RequestCommand,
        at: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        match self {
            Writer::Services { settings, actor, .. } => {
                cases::request_command(conn, *settings, id, None, command, actor, at).map(drop)
            }
            Writer::Batch(b) => b.request(id, command, at),
        }
    }

    pub(crate) fn object(
        &mut self,
        conn: &mut DbConn,
        input: &NewObjection,
        at: DateTime<Utc>,
    ) -> Result<String, ServiceError> {
        match self {
            Writer::Services { settings, secrets, actor, .. } => {
                Ok(cases::file_objection(conn, *settings, secrets, input, actor, at)?.id)
            }
            Writer::Batch(b) => b.object(input, at),
        }
    }

    pub(crate) fn objection(
        &mut self,
        conn: &mut DbConn,
        id: &str,
        command: &ObjectionCommand,
        at: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        match self {
            Writer::Services { settings, actor, .. } => {
                cases::objection_command(conn, *settings, id, None, command, actor, at).map(drop)
            }
            Writer::Batch(b) => b.objection(id, command, at),
        }
    }

    pub(crate) fn file_dispute(
        &mut self,
        conn: &mut DbConn,
        objection: &str,
        on: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<String, ServiceError> {
        match self {
            Writer::Services { settings, actor, .. } => {
                Ok(cases::file_dispute(conn, *settings, objection, on, true, actor, at)?.id)
            }
            Writer::Batch(b) => b.file_dispute(objection, on, at),
        }
    }

    pub(crate) fn dispute(
        &mut self,
        conn: &mut DbConn,
        id: &str,
        command: &DisputeCommand,
        at: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        match self {
            Writer::Services { actor, .. } => cases::dispute_command(conn, id, None, command, actor, at).map(drop),
            Writer::Batch(b) => b.dispute(id, command, at),
        }
    }

    pub(crate) fn forget(&mut self, id: &str) {
        if let Writer::Batch(b) = self {
            b.forget(id);
        }
    }

    /// The end of a (UTC) day; `last`: of the demo.
    pub(crate) fn end_of_day(&mut self, conn: &mut DbConn, last: bool) -> Result<(), ServiceError> {
        match self {
            Writer::Services { .. } => Ok(()),
            Writer::Batch(b) => b.write_day(conn, last),
        }
    }
}
