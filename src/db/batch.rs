//! Reads of one kind, by key, gathered from concurrent callers into one statement per round trip.
//!
//! A PostgreSQL read costs a network round trip, a connection and two thread switches through the blocking pool
//! whatever it reads. Where many callers make the same small read at once (the stamp of a tracking page, on
//! every visit), [`BatchedRead`] sends them to one thread that takes every key waiting, reads them in one statement
//! and answers each caller. Nothing is served from memory: every key is read by a statement that *started after*
//! its caller asked (the thread takes the waiting keys, then runs the statement), so a caller sees every write
//! committed before it asked, as with a read of its own. Under load a batch holds the callers that arrived during
//! the previous statement; when idle a batch is one key and costs what a single read costs.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::mpsc;

use diesel::QueryResult;
use diesel::connection::SimpleConnection;
use futures_channel::oneshot;

use super::{Db, DbConn, DbError, establish};
use crate::config::DatabaseTarget;

/// At most this many keys in one statement; more waiting callers go in the next.
pub const MAX_BATCH: usize = 256;

type Answer<V> = oneshot::Sender<Result<Option<V>, DbError>>;

/// Reads the rows of a set of distinct keys, each with its key.
pub type ReadMany<K, V> = fn(&mut DbConn, &[K]) -> QueryResult<Vec<(K, V)>>;

/// Reads of one kind by key, batched (see the module's comment). Dropping every clone of it stops its thread.
pub struct BatchedRead<K, V> {
    jobs: mpsc::Sender<(K, Answer<V>)>,
}

impl<K, V> Clone for BatchedRead<K, V> {
    fn clone(&self) -> Self {
        BatchedRead { jobs: self.jobs.clone() }
    }
}

impl<K, V> std::fmt::Debug for BatchedRead<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchedRead").finish_non_exhaustive()
    }
}

impl<K, V> BatchedRead<K, V>
where
    K: Eq + Hash + Clone + Send + 'static,
    V: Clone + Send + 'static,
{
    /// Starts the thread `name` that answers keys with `read`, which returns the rows found for a set of distinct
    /// keys, each with its key (a key without a row is answered `None`).
    pub fn start(db: &Db, name: &str, read: ReadMany<K, V>) -> std::io::Result<Self> {
        let (jobs, waiting) = mpsc::channel::<(K, Answer<V>)>();
        let target = db.target().clone();
        std::thread::Builder::new().name(format!("batch-{name}")).spawn(move || {
            let mut conn = None;
            // Blocks for the first caller; ends when every sender (every clone of the `BatchedRead`) is gone.
            while let Ok(first) = waiting.recv() {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH
                    && let Ok(next) = waiting.try_recv()
                {
                    batch.push(next);
                }
                answer(&target, &mut conn, read, batch);
            }
        })?;
        Ok(BatchedRead { jobs })
    }

    /// The row for `key`, read by a statement that started after this call.
    pub async fn get(&self, key: K) -> Result<Option<V>, DbError> {
        let (tx, rx) = oneshot::channel();
        self.jobs.send((key, tx)).map_err(|_| DbError::Unavailable("the batched-read thread has stopped".into()))?;
        rx.await.map_err(|_| DbError::Unavailable("the batched-read thread has stopped".into()))?
    }
}

/// Reads the batch's distinct keys in one statement and answers every caller with its row or the error.
fn answer<K, V>(target: &DatabaseTarget, conn: &mut Option<DbConn>, read: ReadMany<K, V>, batch: Vec<(K, Answer<V>)>)
where
    K: Eq + Hash + Clone,
    V: Clone,
{
    let mut keys: Vec<K> = Vec::with_capacity(batch.len());
    for (key, _) in &batch {
        if !keys.contains(key) {
            keys.push(key.clone());
        }
    }
    let rows = read_on(target, conn, read, &keys).map(|rows| rows.into_iter().collect::<HashMap<K, V>>());
    match rows {
        Ok(rows) => {
            for (key, tx) in batch {
                // A caller that gave up (its request was cancelled) no longer listens; nothing to do.
                let _ = tx.send(Ok(rows.get(&key).cloned()));
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, keys = keys.len(), "a batched read failed");
            let message = e.to_string();
            for (_, tx) in batch {
                let _ = tx.send(Err(DbError::Unavailable(message.clone())));
            }
        }
    }
}

/// Runs `read` on the thread's own connection, opening one if there is none. The connection is the thread's, not
/// the pool's: on PostgreSQL it is told to plan its statements once (`plan_cache_mode = force_generic_plan`), since a
/// batched read is the same statement every time with a different number of keys, and PostgreSQL otherwise planned
/// it anew for every batch (most of its work per batch). A connection whose read fails is dropped and the read is
/// tried once more on a new one (the server may have been restarted since the last batch); a read that fails on a
/// new connection fails.
fn read_on<K, V>(
    target: &DatabaseTarget,
    conn: &mut Option<DbConn>,
    read: ReadMany<K, V>,
    keys: &[K],
) -> Result<Vec<(K, V)>, DbError> {
    let reused = conn.is_some();
    match read_once(target, conn, read, keys) {
        Err(_) if reused => read_once(target, conn, read, keys),
        result => result,
    }
}

/// One attempt: opens a connection if there is none; drops it if the read fails.
fn read_once<K, V>(
    target: &DatabaseTarget,
    conn: &mut Option<DbConn>,
    read: ReadMany<K, V>,
    keys: &[K],
) -> Result<Vec<(K, V)>, DbError> {
    let rows = open(target, conn).and_then(|c| read(c, keys).map_err(DbError::Query));
    if rows.is_err() {
        *conn = None;
    }
    rows
}

fn open<'c>(target: &DatabaseTarget, conn: &'c mut Option<DbConn>) -> Result<&'c mut DbConn, DbError> {
    if conn.is_none() {
        let mut fresh = establish(target).map_err(|e| DbError::Unavailable(e.to_string()))?;
        if let DbConn::Pg(_) = fresh {
            fresh.batch_execute("SET plan_cache_mode = force_generic_plan").map_err(DbError::Query)?;
        }
        *conn = Some(fresh);
    }
    Ok(conn.as_mut().expect("just opened"))
}
