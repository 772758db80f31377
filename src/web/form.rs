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

/// Options from (value, label) pairs, with `chosen` selected.
pub fn options(pairs: impl IntoIterator<Item = (String, String)>, chosen: &str) -> Vec<Choice> {
    pairs.into_iter().map(|(value, label)| Choice { selected: value == chosen, value, label }).collect()
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

/// A line of a form's error summary: the problem, linking to the field it is about.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorLink {
    pub href: String,
    pub message: String,
}

/// A field as a form's error summary names it: its posted name, the id of its input (the first one of a group
/// of radios), and the message id of its label.
pub type SummaryField = (&'static str, &'static str, &'static str);

/// A form's error summary: each problem in `errors` in the order of `fields`, as "label: message" linking to the
/// field's input. A problem of a field not listed links to `fallback` (the form) with its message alone, so no
/// problem is ever left out.
pub fn error_summary(locale: Locale, errors: &FieldErrors, fields: &[SummaryField], fallback: &str) -> Vec<ErrorLink> {
    let listed = fields.iter().filter_map(|(name, id, label)| {
        errors.get(*name).map(|message| ErrorLink {
            href: format!("#{id}"),
            message: crate::i18n::t_args(
                locale,
                "form-error-line",
                &[("label", t(locale, label)), ("message", message.clone())],
            ),
        })
    });
    let mut others: Vec<_> = errors.iter().filter(|(name, _)| !fields.iter().any(|(f, _, _)| f == name)).collect();
    others.sort();
    let others =
        others.into_iter().map(|(_, message)| ErrorLink { href: format!("#{fallback}"), message: message.clone() });
    listed.chain(others).collect()
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Field {
    pub value: String,
    pub error: Option<String>,
}

/// A form field's problem, keyed by the form's field name.
pub type FieldErrors = HashMap<String, String>;

/// A form as it is posted: each field's text under the name the page posts it by. The names are written once,
/// here: `FIELDS` lists them, `entered` gives back what was typed (to show the form again), and `field_of` says
/// which posted field a problem is about, by the name the service or the API gives it (the field's own name, or
/// one it lists after `for`).
///
/// ```ignore
/// posted_form! {
///     pub struct ExtendForm {
///         date = "tanggal" for "notified_on",
///         reason = "alasan",
///     }
/// }
/// ```
macro_rules! posted_form {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$field_meta:meta])* $field:ident = $posted:literal $(for $($alias:literal)|+)? ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Default, Clone, serde::Deserialize)]
        #[serde(default)]
        $vis struct $name {
            $( $(#[$field_meta])* #[serde(rename = $posted)] pub $field: String, )*
        }

        impl $name {
            /// The posted names of the form's fields.
            pub const FIELDS: &'static [&'static str] = &[$($posted),*];

            /// The posted field a problem named `name` (by the service or the API) is about.
            pub fn field_of(name: &str) -> Option<&'static str> {
                match name {
                    $( stringify!($field) $($(| $alias)+)? => Some($posted), )*
                    _ => None,
                }
            }

            /// What was typed, by posted name: every field, so a field the person emptied is shown empty again.
            pub fn entered(&self) -> std::collections::HashMap<String, String> {
                [$( ($posted, &self.$field) ),*]
                    .into_iter()
                    .map(|(name, value)| (name.to_owned(), value.clone()))
                    .collect()
            }
        }
    };
}
pub(crate) use posted_form;

/// A form that posts nothing but its token (sign out, revoke a token).
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct NoFields {}

/// A form read from its posted pairs (of a repeated name the last wins): for the forms that also carry a
/// repeated field, which is read apart.
pub fn read_pairs<T: serde::de::DeserializeOwned + Default>(pairs: impl IntoIterator<Item = (String, String)>) -> T {
    use serde::de::value::{Error, MapDeserializer};
    let fields: HashMap<String, String> = pairs.into_iter().collect();
    T::deserialize(MapDeserializer::<_, Error>::new(fields.into_iter())).unwrap_or_default()
}

/// A required date typed in a field named `name`: the date, or its problem recorded under `name`.
pub fn date_text(raw: &str, name: &str, errors: &mut FieldErrors, locale: Locale) -> Option<chrono::NaiveDate> {
    let raw = raw.trim();
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

/// A date that may be left empty.
pub fn optional_date_text(
    raw: &str,
    name: &str,
    errors: &mut FieldErrors,
    locale: Locale,
) -> Option<chrono::NaiveDate> {
    if raw.trim().is_empty() { None } else { date_text(raw, name, errors, locale) }
}

/// Text that may be left empty (trimmed).
pub fn optional_text(raw: &str) -> Option<String> {
    Some(raw.trim()).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// The most text one form field may carry.
const MAX_TEXT_FIELD: usize = 20_000;

/// The most fields a form may have (it has about twenty).
const MAX_FIELDS: usize = 60;

/// A file field of a multipart form, and the most bytes its file may have.
#[derive(Debug, Clone, Copy)]
pub struct FileField {
    pub name: &'static str,
    pub limit: usize,
}

/// A file chosen in a multipart form.
#[derive(Debug)]
pub struct PostedFile {
    /// The file field it came in.
    pub field: &'static str,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// What a multipart form carried: its text fields, the files chosen, and the file fields whose file was larger
/// than their limit (not kept).
#[derive(Debug, Default)]
pub struct Multiparts {
    pub text: HashMap<String, String>,
    pub files: Vec<PostedFile>,
    pub too_large: Vec<&'static str>,
}

impl Multiparts {
    /// The file chosen in field `name`, if any.
    pub fn take_file(&mut self, name: &str) -> Option<PostedFile> {
        let at = self.files.iter().position(|f| f.field == name)?;
        Some(self.files.remove(at))
    }
}

/// Reads a multipart form, never holding more than a field's limit (plus one byte, to tell "too large") in memory:
/// a file field up to its [`FileField::limit`], a text field up to 20,000 bytes, at most 60 fields.
pub async fn read_multipart(
    mut payload: Multipart,
    file_fields: &[FileField],
) -> Result<Multiparts, actix_multipart::MultipartError> {
    let mut data = Multiparts::default();
    let mut fields = 0;
    while let Some(mut field) = payload.try_next().await? {
        fields += 1;
        if fields > MAX_FIELDS {
            break;
        }
        let name = field.name().unwrap_or_default().to_owned();
        let file_field = file_fields.iter().find(|f| f.name == name);
        let file_name = field.content_disposition().and_then(|cd| cd.get_filename()).map(str::to_owned);
        let limit = file_field.map_or(MAX_TEXT_FIELD, |f| f.limit + 1);
        let mut bytes = Vec::new();
        while let Some(chunk) = field.try_next().await? {
            if bytes.len() < limit {
                let room = limit - bytes.len();
                bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
        }
        match file_field {
            // No file chosen: browsers send an empty part with an empty file name.
            Some(_) if bytes.is_empty() && file_name.as_deref().unwrap_or_default().is_empty() => {}
            Some(f) if bytes.len() > f.limit => data.too_large.push(f.name),
            Some(f) => data.files.push(PostedFile { field: f.name, file_name: file_name.unwrap_or_default(), bytes }),
            None => {
                data.text.insert(name, String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    Ok(data)
}

/// What a multipart request form carried: text fields and the files chosen.
pub struct FormData {
    pub text: HashMap<String, String>,
    pub uploads: Vec<Upload>,
    /// A file that was too large to read whole.
    pub too_large: Vec<DocumentKind>,
}

/// The request form's file fields.
const REQUEST_FILES: [(FileField, DocumentKind); 2] = [
    (FileField { name: "identity_scan", limit: MAX_UPLOAD_BYTES }, DocumentKind::IdentityScan),
    (FileField { name: "power_of_attorney", limit: MAX_UPLOAD_BYTES }, DocumentKind::PowerOfAttorney),
];

/// Reads a request form (the citizen's or the desk's) with its identity documents.
pub async fn read_form(payload: Multipart) -> Result<FormData, actix_multipart::MultipartError> {
    let kind_of = |name: &str| REQUEST_FILES.iter().find(|(f, _)| f.name == name).map(|(_, k)| *k);
    let data = read_multipart(payload, &REQUEST_FILES.map(|(f, _)| f)).await?;
    Ok(FormData {
        text: data.text,
        uploads: data
            .files
            .into_iter()
            .filter_map(|f| Some(Upload { kind: kind_of(f.field)?, file_name: f.file_name, bytes: f.bytes }))
            .collect(),
        too_large: data.too_large.into_iter().filter_map(kind_of).collect(),
    })
}
