//! The database: one diesel schema over SQLite (the embedded default) and PostgreSQL (production and
//! scale-out), chosen at run time from the URL's scheme.
//!
//! Repository code is synchronous, takes `&mut DbConn` and returns `QueryResult`; async code reaches it only
//! through [`Db::run`], which moves the work to actix's blocking pool.

pub mod batch;
pub mod models;
pub mod repo;
pub mod schema;
mod text_enums;

use std::path::PathBuf;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::DatabaseTarget;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to either backend.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// Pragmas for every SQLite connection (architecture.md): WAL so readers never block the writer, a busy timeout
/// so writers queue instead of failing, and enforced foreign keys.
/// WAL with `synchronous = NORMAL` (durable at checkpoints, never corrupt); a 64 MiB page cache per connection and
/// memory-mapped reads up to 256 MiB, so large databases are read without a system call per page.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;";

/// How much memory each SQLite connection may use beyond SQLite's own: its page cache and its memory map of the
/// file. The pool's connections share the `sqlite_cache_mib` budget (docs/performance.md, "Memory on SQLite").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqliteMemory {
    /// Page cache per connection, KiB.
    pub cache_kib: u32,
    /// Memory-mapped I/O per connection, bytes (0: off).
    pub mmap_bytes: u64,
}

impl SqliteMemory {
    /// A connection outside the pool (a one-off command, the stamps reader): 2 MiB of cache, no map.
    pub const SINGLE: SqliteMemory = SqliteMemory { cache_kib: 2048, mmap_bytes: 0 };

    /// `cache_mib` shared by `connections`, each at least 1 MiB; `mmap_mib` per connection (they map the same
    /// file, so the pages are shared).
    pub fn shared(cache_mib: u32, mmap_mib: u32, connections: u32) -> SqliteMemory {
        SqliteMemory {
            cache_kib: (cache_mib * 1024 / connections.max(1)).max(1024),
            mmap_bytes: u64::from(mmap_mib) * 1024 * 1024,
        }
    }

    fn pragmas(self) -> String {
        format!("PRAGMA cache_size = -{}; PRAGMA mmap_size = {};", self.cache_kib, self.mmap_bytes)
    }
}

/// The database file and its `-wal` and `-shm` are the instance user's alone (mode 0600): a new file is created
/// so before SQLite opens it (SQLite gives the other two the same mode); ones found readable by others are narrowed.
fn private_database_files(path: &std::path::Path) -> std::io::Result<()> {
    crate::private_files::create_empty(path)?;
    for suffix in ["", "-wal", "-shm"] {
        let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        if crate::private_files::narrow(&file)? {
            tracing::warn!(file = %file.display(), "the database file was readable by others; narrowed to mode 0600");
        }
    }
    Ok(())
}

/// Opens one connection to the target, choosing the backend from the target itself (never by trial, which
/// would turn a mistyped PostgreSQL URL into a new SQLite file).
pub fn establish(target: &DatabaseTarget) -> ConnectionResult<DbConn> {
    establish_with(target, SqliteMemory::SINGLE)
}

/// [`establish`], with an SQLite connection's memory set to `memory`.
pub fn establish_with(target: &DatabaseTarget, memory: SqliteMemory) -> ConnectionResult<DbConn> {
    match target {
        DatabaseTarget::Postgres { url } => PgConnection::establish(url).map(DbConn::Pg),
        DatabaseTarget::Sqlite { path } => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                crate::private_files::create_dir_all(parent).map_err(|e| {
                    ConnectionError::BadConnection(format!("cannot create the folder {}: {e}", parent.display()))
                })?;
            }
            private_database_files(path)
                .map_err(|e| ConnectionError::BadConnection(format!("cannot protect {}: {e}", path.display())))?;
            let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
            conn.batch_execute(SQLITE_PRAGMAS).map_err(ConnectionError::CouldntSetupConfiguration)?;
            conn.batch_execute(&memory.pragmas()).map_err(ConnectionError::CouldntSetupConfiguration)?;
            Ok(DbConn::Sqlite(conn))
        }
    }
}

/// The PostgreSQL advisory locks the instances share (SQLite needs none: one process, and `BEGIN IMMEDIATE` takes
/// its only write lock): 7300 migrations (held by the connection while it migrates), 7301 calendar changes, 7302
/// with a key's hash, limit counts; 7303 the first administrator.
pub const MIGRATION_LOCK: i64 = 7300;

/// Applies every pending migration of the connection's backend; returns the versions applied. On PostgreSQL
/// several instances may start at once on an empty database: each waits
/// for the migration lock, so one migrates and the others then find nothing pending.
pub fn migrate(conn: &mut DbConn) -> anyhow::Result<Vec<String>> {
    let applied = match conn {
        DbConn::Pg(c) => {
            diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
                .execute(c)
                .map_err(|e| anyhow::anyhow!("cannot take the migration lock: {e}"))?;
            let applied = c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|v| v.into_iter().map(|v| v.to_string()).collect::<Vec<_>>());
            // The lock ends with the connection too, should unlocking fail.
            let _ = diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})")).execute(c);
            applied
        }
        DbConn::Sqlite(c) => {
            c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.into_iter().map(|v| v.to_string()).collect())
        }
    }
    .map_err(|e| anyhow::anyhow!("database migration failed: {e}"))?;
    Ok(applied)
}

/// How long a request waits for a pooled connection (the database down, or every connection busy).
pub const POOL_WAIT: Duration = Duration::from_secs(3);

/// Whether opening may create a new, empty SQLite database where there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewDatabase {
    /// `terbuka migrate`, `terbuka demo`: the operator asked for one.
    Create,
    /// `serve` and other commands in development: only on a path that never held a database (no lock file of
    /// an earlier one beside it), so a deleted database is never silently replaced by an empty one.
    IfNeverUsed,
    /// Production: never.
    Never,
}

fn may_create(path: &std::path::Path, new: NewDatabase) -> anyhow::Result<()> {
    if path.exists() || new == NewDatabase::Create {
        return Ok(());
    }
    let earlier = migration_lock_path(path).exists();
    match new {
        NewDatabase::Never => anyhow::bail!(
            "there is no database at {}; in production Terbuka never creates one by itself. If this is a new \
             instance, run `terbuka migrate` once to create it; otherwise restore the file from a backup.",
            path.display()
        ),
        NewDatabase::IfNeverUsed if earlier => anyhow::bail!(
            "the database file {} is missing, but a database was kept there before; Terbuka does not replace it \
             with an empty one. Restore the file from a backup, or run `terbuka migrate` to start a new, empty one.",
            path.display()
        ),
        _ => Ok(()),
    }
}

/// `<database>-migrate.lock`: where SQLite migrations take turns, and the sign that a database was kept there.
fn migration_lock_path(path: &std::path::Path) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("{}-migrate.lock", path.display()))
}

/// Waits for, then holds (until the file is dropped), the lock on [`migration_lock_path`].
fn sqlite_migration_turn(path: &std::path::Path) -> anyhow::Result<std::fs::File> {
    let lock_path = migration_lock_path(path);
    crate::private_files::create_empty(&lock_path)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", lock_path.display()))?;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&lock_path)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", lock_path.display()))?;
    file.lock().map_err(|e| anyhow::anyhow!("cannot lock {}: {e}", lock_path.display()))?;
    Ok(file)
}

/// Holds back, until this transaction ends, any other transaction that takes the same advisory lock (PostgreSQL);
/// on SQLite the write transaction already excludes every other writer.
pub fn lock_for_transaction(conn: &mut DbConn, key: i64) -> diesel::QueryResult<()> {
    match conn {
        DbConn::Pg(c) => diesel::sql_query(format!("SELECT pg_advisory_xact_lock({key})")).execute(c).map(drop),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// The turn of this process's SQLite writers (see [`write_tx`]).
static SQLITE_WRITERS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// [`lock_for_transaction`] on one of many keys of a kind: `class` and the hash of `key` (PostgreSQL's two-part
/// advisory lock); on SQLite nothing, as there.
pub fn lock_key_for_transaction(conn: &mut DbConn, class: i32, key: &str) -> diesel::QueryResult<()> {
    match conn {
        DbConn::Pg(c) => diesel::sql_query(format!("SELECT pg_advisory_xact_lock({class}, hashtext($1))"))
            .bind::<diesel::sql_types::Text, _>(key)
            .execute(c)
            .map(drop),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Runs `f` in a write transaction. On SQLite it is `BEGIN IMMEDIATE`, which takes the write lock up front, so
/// two writers queue instead of one failing with "database is locked" when it tries to upgrade a read lock. Nested
/// `conn.transaction` calls inside `f` become savepoints, as usual.
///
/// The writers of one process queue on [`SQLITE_WRITERS`] first, and only then ask SQLite: SQLite's own wait
/// (`busy_timeout`) polls with sleeps growing to 100 ms, so under steady load a writer that lost a few times kept
/// losing to newer ones — in a soak, the mail worker sent 8 mails a second against 90 new requests, and one
/// request waited out the 5 seconds and got a 503. Writers of other processes (a command, a second instance by
/// mistake) still meet on `busy_timeout`.
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConn::Pg(_) => conn.transaction(f),
        DbConn::Sqlite(c) => {
            // Inside another write transaction (e.g. an import running steps row by row): a savepoint.
            if matches!(AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth(), Ok(Some(_))) {
                return conn.transaction(f);
            }
            // A writer that panicked left nothing behind the lock: its transaction was rolled back with it.
            let _turn = SQLITE_WRITERS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
            match f(conn) {
                Ok(value) => {
                    <DbConn as TransactionManager<DbConn>>::commit_transaction(conn)?;
                    Ok(value)
                }
                Err(e) => {
                    <DbConn as TransactionManager<DbConn>>::rollback_transaction(conn)?;
                    Err(e)
                }
            }
        }
    }
}

/// The r2d2 manager for [`DbConn`].
#[derive(Debug, Clone)]
pub struct Manager {
    target: DatabaseTarget,
    /// SQLite: the database file this pool was opened on. A connection is made, and kept, only while the file at
    /// the configured path is still that one: a deleted file would otherwise go on taking writes that vanish with
    /// the last connection, and a new connection would silently create an empty database in its place.
    file: Option<FileIdentity>,
    /// SQLite: each connection's share of the memory budget.
    memory: SqliteMemory,
}

/// Which file is at a path: device and inode on Unix (a file put in place of another has another inode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileIdentity(u64, u64);

impl FileIdentity {
    pub fn of(path: &std::path::Path) -> Option<FileIdentity> {
        let meta = std::fs::metadata(path).ok().filter(std::fs::Metadata::is_file)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileIdentity(meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            Some(FileIdentity(0, 0))
        }
    }
}

impl Manager {
    fn same_file(&self) -> Result<(), r2d2::Error> {
        same_file(&self.target, self.file)
    }
}

/// For SQLite: an error unless the file at the path is still the one opened.
fn same_file(target: &DatabaseTarget, file: Option<FileIdentity>) -> Result<(), r2d2::Error> {
    let (DatabaseTarget::Sqlite { path }, Some(opened)) = (target, file) else { return Ok(()) };
    if FileIdentity::of(path) == Some(opened) {
        return Ok(());
    }
    Err(r2d2::Error::ConnectionError(ConnectionError::BadConnection(format!(
        "the database file {} is missing or was replaced since this instance opened it; nothing is written \
         until the instance is restarted on the right file (restore it from a backup)",
        path.display()
    ))))
}

/// A pooled connection, with when it last went back to the pool in good standing.
pub struct PoolConn {
    conn: DbConn,
    returned: Option<std::time::Instant>,
    /// Its last use ended in an error (which may have been the connection's): tested before the next use.
    suspect: bool,
}

impl std::ops::Deref for PoolConn {
    type Target = DbConn;
    fn deref(&self) -> &DbConn {
        &self.conn
    }
}

impl std::ops::DerefMut for PoolConn {
    fn deref_mut(&mut self) -> &mut DbConn {
        &mut self.conn
    }
}

/// A PostgreSQL connection back in the pool for less than this is taken again without a test (`SELECT 1`): it
/// answered a moment ago. One idle for longer may have lost its server (a restart, a network cut) and is tested
/// first, so a page never fails on a dead connection the pool could have replaced. (Rails checks the same way.)
const TRUSTED_AFTER_USE: Duration = Duration::from_secs(2);

impl ManageConnection for Manager {
    type Connection = PoolConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<PoolConn, r2d2::Error> {
        self.same_file()?;
        let conn = establish_with(&self.target, self.memory).map_err(r2d2::Error::ConnectionError)?;
        Ok(PoolConn { conn, returned: None, suspect: false })
    }

    /// SQLite: a file handle in this process, always valid (whether the file is still the one opened is checked
    /// once per call, before the pool is asked: `Db::still_there`). PostgreSQL: tested unless just used (see above).
    fn is_valid(&self, conn: &mut PoolConn) -> Result<(), r2d2::Error> {
        match &mut conn.conn {
            DbConn::Sqlite(_) => Ok(()),
            DbConn::Pg(_) if conn.returned.is_some_and(|t| t.elapsed() < TRUSTED_AFTER_USE) => Ok(()),
            c @ DbConn::Pg(_) => c.batch_execute("SELECT 1").map_err(r2d2::Error::QueryError),
        }
    }

    /// Called as a connection goes back to the pool: notes when, for `is_valid`, unless its last use failed (then
    /// it is tested before the next one, and dropped by the pool if the test fails too).
    fn has_broken(&self, conn: &mut PoolConn) -> bool {
        conn.returned = (!std::mem::take(&mut conn.suspect)).then(std::time::Instant::now);
        false
    }
}

/// Runs `f` on a pooled connection; an error marks the connection suspect, so it is tested before its next use
/// (`Manager::has_broken`).
fn use_conn<T, E>(conn: &mut PooledConn, f: impl FnOnce(&mut DbConn) -> Result<T, E>) -> Result<T, E> {
    let result = f(conn);
    conn.suspect |= result.is_err();
    result
}

/// Takes a connection from `pool` (waiting up to the pool's timeout) and runs `f` on it with [`use_conn`].
fn with_pooled<T, E: From<DbError>>(pool: &Pool, f: impl FnOnce(&mut DbConn) -> Result<T, E>) -> Result<T, E> {
    let mut conn = pool.get().map_err(|e| E::from(DbError::Unavailable(e.to_string())))?;
    use_conn(&mut conn, f)
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// Why the health check failed; the text is the cause, for the log only.
#[derive(Debug)]
pub enum HealthProblem {
    /// No connection, no answer, or (SQLite) not the file that was opened.
    Unreachable(String),
    /// It answers but refuses a write: read-only, disk full, a standby.
    Unwritable(String),
}

/// Why a database call did not produce a result.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("no database connection available: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Query(diesel::result::Error),
}

/// A failed statement is [`DbError::Unavailable`] (503, try again later) when it says the database cannot work
/// now rather than that the statement was wrong (see [`is_outage`]); otherwise [`DbError::Query`] (500).
impl From<diesel::result::Error> for DbError {
    fn from(e: diesel::result::Error) -> DbError {
        if is_outage(&e) { DbError::Unavailable(e.to_string()) } else { DbError::Query(e) }
    }
}

/// What PostgreSQL and SQLite say when the database, not the statement, is at fault: the server went away, is
/// restarting or refuses writes; the disk is full or failing; the file is read-only or locked for longer than the
/// busy timeout. Matched on the server's words, since SQLite's errors reach diesel without a kind.
const OUTAGE_MESSAGES: [&str; 16] = [
    // PostgreSQL: a restart or stop (57P01 admin_shutdown and the like), a lost connection.
    "terminating connection",
    "server closed the connection",
    "connection to server",
    "the database system is",
    "no connection to the server",
    "could not receive data from server",
    "could not send data to server",
    // PostgreSQL: a read-only server (a standby, or default_transaction_read_only) — 25006.
    "read-only transaction",
    // PostgreSQL: disk full (53100) and other failed writes.
    "No space left on device",
    "could not extend file",
    "could not write to file",
    // SQLite.
    "database or disk is full",
    "attempt to write a readonly database",
    "disk I/O error",
    "database is locked",
    "unable to open database file",
];

/// Whether `e` is an outage of the database (503) rather than a wrong statement or a refused one (500, or a
/// conflict the caller handles): a broken transaction manager (the connection died inside a transaction), a closed
/// connection, a read-only transaction, or one of [`OUTAGE_MESSAGES`].
pub fn is_outage(e: &diesel::result::Error) -> bool {
    use diesel::result::{DatabaseErrorKind as Kind, Error as E};
    match e {
        E::BrokenTransactionManager => true,
        E::DatabaseError(Kind::ClosedConnection | Kind::ReadOnlyTransaction, _) => true,
        E::DatabaseError(_, info) => OUTAGE_MESSAGES.iter().any(|m| info.message().contains(m)),
        E::RollbackErrorOnCommit { rollback_error, commit_error } => {
            is_outage(rollback_error) || is_outage(commit_error)
        }
        _ => false,
    }
}

/// The shared handle to the database: a pool plus what is needed to check its health.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    target: DatabaseTarget,
    file: Option<FileIdentity>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("target", &self.target).finish()
    }
}

impl Db {
    /// Connects, migrates, and builds the pool of `pool_size` connections (on SQLite, each with its share of
    /// `memory`). Fails if the database cannot be reached or migrated.
    pub fn open(
        target: &DatabaseTarget,
        pool_size: u32,
        memory: SqliteMemory,
        new: NewDatabase,
    ) -> anyhow::Result<(Db, Vec<String>)> {
        if let DatabaseTarget::Sqlite { path } = target {
            may_create(path, new)?;
        }
        let mut conn = establish(target).map_err(|e| anyhow::anyhow!("cannot open the database ({target}): {e}"))?;
        // SQLite: a `serve` and a `migrate` (or two of anything) started at once on a new file take turns. Some
        // migrations cannot run inside one transaction, so the turn is a lock on a file beside the database (never
        // on the database file itself: closing another handle to it would drop SQLite's own locks).
        let _turn = match target {
            DatabaseTarget::Sqlite { path } => Some(sqlite_migration_turn(path)?),
            DatabaseTarget::Postgres { .. } => None,
        };
        let applied = migrate(&mut conn)?;
        drop(conn);
        let file = match target {
            DatabaseTarget::Sqlite { path } => FileIdentity::of(path),
            DatabaseTarget::Postgres { .. } => None,
        };
        let pool = r2d2::Pool::builder()
            .max_size(pool_size)
            // A request waits this long for a connection before it is told the database is unavailable (503).
            .connection_timeout(POOL_WAIT)
            .test_on_check_out(true)
            .build(Manager { target: target.clone(), file, memory })
            .map_err(|e| anyhow::anyhow!("cannot open the database pool ({target}): {e}"))?;
        Ok((Db { pool, target: target.clone(), file }, applied))
    }

    pub fn target(&self) -> &DatabaseTarget {
        &self.target
    }

    pub fn backend_name(&self) -> &'static str {
        self.target.backend_name()
    }

    /// A connection for synchronous code (the CLI, workers).
    pub fn get(&self) -> Result<PooledConn, DbError> {
        self.still_there()?;
        self.pool.get().map_err(|e| DbError::Unavailable(e.to_string()))
    }

    /// For SQLite, at once (without waiting [`POOL_WAIT`] for a connection that cannot be made): unavailable
    /// unless the file is still the one opened.
    fn still_there(&self) -> Result<(), DbError> {
        same_file(&self.target, self.file).map_err(|e| DbError::Unavailable(e.to_string()))
    }

    /// Runs synchronous database work on a pooled connection on this thread (the CLI, workers); an error marks the
    /// connection suspect, as in [`Db::run`].
    pub fn with<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<DbError>,
    {
        self.still_there()?;
        with_pooled(&self.pool, f)
    }

    /// Runs synchronous database work on the blocking pool.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.still_there()?;
        let pool = self.pool.clone();
        actix_web::web::block(move || with_pooled(&pool, f))
            .await
            .map_err(|e| E::from(DbError::Unavailable(format!("blocking pool: {e}"))))?
    }

    /// A small indexed read that runs on the calling thread when the database is an SQLite file and a connection is
    /// idle: in WAL mode a reader never waits for a writer, so it costs what the statement costs, without the two
    /// thread switches of the blocking pool (most of a cached page's time). A PostgreSQL read waits on the network
    /// and goes to the blocking pool, as does any read when no connection is idle.
    pub async fn read_quick<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.still_there()?;
        if matches!(self.target, DatabaseTarget::Sqlite { .. })
            && let Some(mut conn) = self.pool.try_get()
        {
            return use_conn(&mut conn, f);
        }
        self.run(f).await
    }

    /// Whether the database answers and takes a write, and for SQLite, whether its file is still the one opened.
    /// A deleted SQLite file keeps working through open connections and then vanishes on restart, so it counts as
    /// unreachable. The write (one row of `instance_facts`, `health_check`) is what a read-only database, a full
    /// disk or a standby fails, which a read would not show.
    pub async fn check(&self) -> Result<(), HealthProblem> {
        if let Err(e) = same_file(&self.target, self.file) {
            return Err(HealthProblem::Unreachable(e.to_string()));
        }
        let pool = self.pool.clone();
        actix_web::web::block(move || -> Result<(), HealthProblem> {
            let mut conn =
                pool.get_timeout(Duration::from_secs(2)).map_err(|e| HealthProblem::Unreachable(e.to_string()))?;
            use_conn(&mut conn, |conn| {
                conn.batch_execute("SELECT 1").map_err(|e| HealthProblem::Unreachable(e.to_string()))?;
                conn.batch_execute(
                    "INSERT INTO instance_facts (name, value, recorded_at) VALUES ('health_check', '', CURRENT_TIMESTAMP) \
                     ON CONFLICT (name) DO UPDATE SET recorded_at = excluded.recorded_at",
                )
                .map_err(|e| HealthProblem::Unwritable(e.to_string()))
            })
        })
        .await
        .map_err(|e| HealthProblem::Unreachable(e.to_string()))?
    }

    /// The SQLite file, if this is SQLite.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        match &self.target {
            DatabaseTarget::Sqlite { path } => Some(path.clone()),
            DatabaseTarget::Postgres { .. } => None,
        }
    }
}

/// Settings of this connection for a bulk load (`on`) and back (`off`): on SQLite, no `fsync` (a crash of the
/// machine, not of the program, may then lose or damage what was being loaded), a 1 GiB page cache and checkpoints
/// every 64 MiB of log instead of 4 MiB; on PostgreSQL, commits that do not wait for the log to reach the disk. For
/// `terbuka demo`, whose database is thrown away if loading fails.
pub fn bulk_load(conn: &mut DbConn, on: bool) -> QueryResult<()> {
    match (&*conn, on) {
        (DbConn::Sqlite(_), true) => conn.batch_execute(
            "PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576; PRAGMA wal_autocheckpoint = 16384;",
        ),
        // Back to every connection's pragmas, and SQLite's default checkpoint.
        (DbConn::Sqlite(_), false) => {
            conn.batch_execute(SQLITE_PRAGMAS)?;
            conn.batch_execute(&SqliteMemory::SINGLE.pragmas())?;
            conn.batch_execute("PRAGMA wal_autocheckpoint = 1000;")
        }
        (DbConn::Pg(_), true) => conn.batch_execute("SET synchronous_commit = off"),
        (DbConn::Pg(_), false) => conn.batch_execute("RESET synchronous_commit"),
    }
}

/// At most this many bound values in one statement: SQLite allows 32,766, PostgreSQL 65,535.
pub const BATCH_BINDS: usize = 32_000;

/// Inserts `rows` (a slice of insertable rows of `columns` columns) into `table` in statements of as many rows as
/// [`BATCH_BINDS`] allows; with `on_conflict(target) set(changes)`, rows whose key exists replace what `changes`
/// names instead. For writers that batch (the demo); `?` returns the query error.
macro_rules! insert_batches {
    ($conn:expr, $table:expr, $rows:expr, $columns:expr) => {{
        for chunk in $rows.chunks($crate::db::BATCH_BINDS / $columns) {
            match &mut *$conn {
                $crate::db::DbConn::Pg(c) => diesel::insert_into($table).values(chunk).execute(c)?,
                $crate::db::DbConn::Sqlite(c) => diesel::insert_into($table).values(chunk).execute(c)?,
            };
        }
    }};
    ($conn:expr, $table:expr, $rows:expr, $columns:expr, on_conflict($target:expr) set($changes:expr)) => {{
        for chunk in $rows.chunks($crate::db::BATCH_BINDS / $columns) {
            match &mut *$conn {
                $crate::db::DbConn::Pg(c) => diesel::insert_into($table)
                    .values(chunk)
                    .on_conflict($target)
                    .do_update()
                    .set($changes)
                    .execute(c)?,
                $crate::db::DbConn::Sqlite(c) => diesel::insert_into($table)
                    .values(chunk)
                    .on_conflict($target)
                    .do_update()
                    .set($changes)
                    .execute(c)?,
            };
        }
    }};
}
pub(crate) use insert_batches;

/// After a bulk load: on PostgreSQL `VACUUM (ANALYZE)` — fresh planner statistics, and the row versions the load
/// replaced cleared and the visibility map set, so index-only scans work at once (the demo's year totals are
/// updated every simulated day: at 1 M requests they left 4.2 M dead versions beside 1.0 M live rows, and the
/// jurisdiction's summary took p50 91.5 ms instead of 56.7 ms); on SQLite `PRAGMA optimize`. Autovacuum does the
/// same eventually; a bulk load should not wait for it. Not inside a transaction.
pub fn refresh_statistics(conn: &mut DbConn) -> QueryResult<()> {
    use diesel::RunQueryDsl;
    match conn {
        DbConn::Pg(c) => diesel::sql_query("VACUUM (ANALYZE)").execute(c).map(drop),
        DbConn::Sqlite(c) => diesel::sql_query("PRAGMA optimize").execute(c).map(drop),
    }
}
