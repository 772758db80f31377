//! Use cases: each one loads what it needs, asks the domain, and writes the result in one transaction. The CLI
//! and the web layer both call these, so a rule is enforced the same way wherever it is reached from.

pub mod calendar;
