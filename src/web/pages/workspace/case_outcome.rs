//! What a case page (a request's or an objection's) shows of the step just taken: the form that failed, open,
//! with what was typed and what is wrong; or, after a redirect, the message of the step done or the problem the
//! page was sent back with.

use std::collections::HashMap;

use serde::Deserialize;

use crate::i18n::{Locale, t};
use crate::web::form::{ErrorLink, Field, FieldErrors, SummaryField, error_summary};

/// What a case page was sent back with after a step: `?selesai=<step>` or `?masalah=<problem>`.
#[derive(Debug, Default, Deserialize)]
pub struct Returned {
    selesai: Option<String>,
    masalah: Option<String>,
}

/// The page's state after a step.
#[derive(Debug, Default)]
pub(super) struct Outcome {
    /// The form to show open (an `aksi`), or empty.
    pub open: String,
    /// What was typed into the open form.
    pub values: HashMap<String, String>,
    pub errors: FieldErrors,
    pub message: Option<String>,
    pub problem: Option<String>,
}

impl Outcome {
    /// The page as a redirect left it: a step named in `done` shows its message (`{prefix}-{step}`, with `-` for
    /// `_`); an unknown step shows nothing.
    pub fn returned(locale: Locale, query: &Returned, done: &[&str], prefix: &str) -> Self {
        let message = query
            .selesai
            .as_deref()
            .filter(|step| done.contains(step))
            .map(|step| t(locale, &format!("{prefix}-{}", step.replace('_', "-"))));
        let problem = match query.masalah.as_deref() {
            Some("formulir") => Some(t(locale, "form-error-expired")),
            Some("surel") => Some(t(locale, "case-mail-task-note-required")),
            Some("surel-sudah") => Some(t(locale, "case-mail-task-already")),
            _ => None,
        };
        Self { message, problem, ..Self::default() }
    }

    /// A posted form that failed: it is shown open again with what was typed.
    pub fn failed(open: &str, values: HashMap<String, String>) -> Self {
        Self { open: open.to_owned(), values, ..Self::default() }
    }

    /// Each form of the page with its fields: in `posted` (the form this outcome is about) what was typed and
    /// what is wrong, elsewhere the field's starting value.
    pub fn forms<'a>(
        &self,
        forms: impl IntoIterator<Item = (&'static str, &'a [&'static str])>,
        posted: &str,
        start: impl Fn(&str) -> String,
    ) -> HashMap<&'static str, HashMap<&'static str, Field>> {
        forms
            .into_iter()
            .map(|(form, fields)| {
                let mine = form == posted;
                let fields = fields
                    .iter()
                    .map(|name| {
                        // The form sent keeps what was sent: a box left unticked (absent) stays unticked.
                        let value =
                            if mine { self.values.get(*name).cloned().unwrap_or_default() } else { start(name) };
                        let error = if mine { self.errors.get(*name).cloned() } else { None };
                        (*name, Field { value, error })
                    })
                    .collect();
                (form, fields)
            })
            .collect()
    }

    /// The error summary of the form posted (`form`, whose fields are `fields`): each problem with its field's
    /// label, linking to the field, or to the form itself when the problem names no field of it.
    pub fn summary(&self, locale: Locale, form: &str, fields: &[SummaryField]) -> Vec<ErrorLink> {
        error_summary(locale, &self.errors, fields, &format!("aksi-{form}"))
    }
}
