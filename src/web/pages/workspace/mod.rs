//! The PPID workspace (`/ruang-kerja`): the queue, registers, the desk form, a request's and an objection's page
//! with every step, letters, the annual report, and the KI's monev record.

pub mod annual_report;
pub mod bundle_check;
pub mod case_outcome;
pub mod desk;
pub mod letters;
pub mod mail_tasks;
pub mod monev;
pub mod objection_case;
pub mod objection_steps;
pub mod queue;
pub mod registers;
pub mod request_case;
pub mod request_steps;
