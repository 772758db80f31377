//! `GET /healthz`: 200 when the database answers and takes a write, 503 when it does not. For load balancers and
//! monitoring; it names the backend but never the address or the cause (those go to the log).

use actix_web::{HttpResponse, web};
use serde::Serialize;

use super::state::AppState;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
    database: DatabaseHealth,
}

#[derive(Serialize)]
struct DatabaseHealth {
    backend: &'static str,
    status: &'static str,
}

pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let backend = state.db.backend_name();
    let version = env!("CARGO_PKG_VERSION");
    match state.db.check().await {
        Ok(()) => HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(Health {
            status: "ok",
            version,
            database: DatabaseHealth { backend, status: "ok" },
        }),
        Err(problem) => {
            let status = match &problem {
                crate::db::HealthProblem::Unreachable(cause) => {
                    tracing::error!(%cause, "health check: database unreachable");
                    "unreachable"
                }
                crate::db::HealthProblem::Unwritable(cause) => {
                    tracing::error!(%cause, "health check: database refuses writes");
                    "unwritable"
                }
            };
            HttpResponse::ServiceUnavailable().insert_header(("Cache-Control", "no-store")).json(Health {
                status: "unavailable",
                version,
                database: DatabaseHealth { backend, status },
            })
        }
    }
}
