//! `terbuka demo`: realistic demo data for trainers, evaluators and benchmarks. Tooling, not a use case: it
//! calls the services' own decisions (`generate`), and writes a day at a time (`batch`, ADR 0009).

pub mod batch;
pub mod generate;
pub mod names;
pub mod spread;
pub mod writer;
