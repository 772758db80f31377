//! Pages anyone may read: the home page, each body's page, public register and Atom feed, compliance figures and
//! their frozen archive, the methodology, the published annual reports, and stopping reminder mail.

pub mod annual_report;
pub mod body;
pub mod compliance;
pub mod home;
pub mod opt_out;
pub mod register;
pub mod snapshots;
