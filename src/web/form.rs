//! The pieces every form shares: choices for selects and radios, field problems and their sentences, date fields,
//! and reading a multipart form (the request form's files) without holding more than a file's limit in memory.

use std::collections::HashMap;

use actix_multipart::Multipart;
use futures_util::TryStreamExt;
use serde::Serialize;

use crate::domain::calendar::parse_iso_date;
use crate::domain::upload::{DocumentKind, MAX_UPLOAD_BYTES};
use crate::i18n::{Locale, t};
use crate::service::cases::Upload;

/// The translated message for a field's problem: the field's own sentence, or the code's general one.
pub fn field_message(locale: Locale, field: &str, code: &str) -> String {
    use fluent_templates::Loader;
    let lang = locale.langid();
    crate::i18n::LOCALES
        .try_lookup(&lang, &format!("form-error-{}-{}", field.replace('_', "-"), code.replace('_', "-")))
        .or_else(|| crate::i18n::LOCALES.try_lookup(&lang, &format!("form-error-{}", code.replace('_', "-"))))
        .unwrap_or_else(|| t(locale, "form-error-invalid"))
}

#[derive(Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub fn choices(locale: Locale, prefix: &str, values: &[&str], chosen: Option<&str>) -> Vec<Choice> {
    values
        .iter()
        .map(|v| Choice {
            value: (*v).to_owned(),
            label: t(locale, &format!("{prefix}-{}", v.replace('_', "-"))),
            selected: chosen == Some(*v),
        })
        .collect()
}

#[derive(Serialize)]
pub struct Radio {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

pub fn radios(locale: Locale, prefix: &str, values: &[&'static str], chosen: &str) -> Vec<Radio> {
    values
        .iter()
        .map(|v| Radio {
            value: (*v).to_owned(),
            label: t(locale, &format!("{prefix}-{}", v.replace('_', "-"))),
            checked: *v == chosen,
        })
        .collect()
}

#[derive(Serialize)]
pub struct Field {
    pub value: String,
    pub error: Option<String>,
}

/// A form field's problem, keyed by the form's field name.
pub type FieldErrors = HashMap<String, String>;

pub fn date_field(
    input: &HashMap<String, String>,
    name: &str,
    errors: &mut FieldErrors,
    locale: Locale,
) -> Option<chrono::NaiveDate> {
    let raw = input.get(name).map(|s| s.trim()).unwrap_or_default();
    if raw.is_empty() {
        errors.insert(name.to_owned(), t(locale, "form-error-required"));
        return None;
    }
    let d = parse_iso_date(raw);
    if d.is_none() {
        errors.insert(name.to_owned(), t(locale, "error-invalid-date"));
    }
    d
}

pub fn optional_date(
    input: &HashMap<String, String>,
    name: &str,
    errors: &mut FieldErrors,
    locale: Locale,
) -> Option<chrono::NaiveDate> {
    let raw = input.get(name).map(|s| s.trim()).unwrap_or_default();
    if raw.is_empty() {
        return None;
    }
    date_field(input, name, errors, locale)
}

/// The most text one form field may carry.
const MAX_TEXT_FIELD: usize = 20_000;

/// The most fields a form may have (it has about twenty).
const MAX_FIELDS: usize = 60;

/// What a multipart request form carried: text fields and the files chosen.
pub struct FormData {
    pub text: HashMap<String, String>,
    pub uploads: Vec<Upload>,
    /// A file that was too large to read whole.
    pub too_large: Vec<DocumentKind>,
}

/// Reads the form, never holding more than one file's limit (plus one byte) in memory per file.
pub async fn read_form(mut payload: Multipart) -> Result<FormData, actix_multipart::MultipartError> {
    let mut data = FormData { text: HashMap::new(), uploads: Vec::new(), too_large: Vec::new() };
    let mut fields = 0;
    while let Some(mut field) = payload.try_next().await? {
        fields += 1;
        if fields > MAX_FIELDS {
            break;
        }
        let name = field.name().unwrap_or_default().to_owned();
        let kind = match name.as_str() {
            "identity_scan" => Some(DocumentKind::IdentityScan),
            "power_of_attorney" => Some(DocumentKind::PowerOfAttorney),
            _ => None,
        };
        let file_name = field.content_disposition().and_then(|cd| cd.get_filename()).map(str::to_owned);
        let limit = if kind.is_some() { MAX_UPLOAD_BYTES + 1 } else { MAX_TEXT_FIELD };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.try_next().await? {
            if bytes.len() < limit {
                let room = limit - bytes.len();
                bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
        }
        match kind {
            // No file chosen: browsers send an empty part with an empty file name.
            Some(_) if bytes.is_empty() && file_name.as_deref().unwrap_or_default().is_empty() => {}
            Some(kind) if bytes.len() > MAX_UPLOAD_BYTES => data.too_large.push(kind),
            Some(kind) => data.uploads.push(Upload { kind, file_name: file_name.unwrap_or_default(), bytes }),
            None => {
                data.text.insert(name, String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    Ok(data)
}
