//! HTML rendering: one handlebars registry in strict mode, templates embedded in the binary (read from disk in
//! debug builds by rust-embed), one typed view struct per page, and the `fluent` helper for translated text.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use handlebars::Handlebars;
use rust_embed::RustEmbed;
use serde::Serialize;

pub mod annual_report;
pub mod case;
pub mod chart;
pub mod compliance;
pub mod csv;
pub mod explain;
pub mod format;
pub mod letter;
pub mod mail;

use crate::i18n::{LOCALES, Locale, t};

#[derive(RustEmbed)]
#[folder = "templates/"]
#[include = "*.hbs"]
struct Templates;

/// Files served under `/static/`.
#[derive(RustEmbed)]
#[folder = "templates/static/"]
pub struct StaticFiles;

pub struct Views {
    registry: Handlebars<'static>,
    /// The instance holds demo data (`terbuka demo`): every page says so.
    demo: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for Views {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Views")
    }
}

impl Views {
    pub fn new() -> anyhow::Result<Views> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape_html);
        registry.register_helper("fluent", Box::new(fluent_templates::FluentLoader::new(&*LOCALES)));
        registry.register_embed_templates_with_extension::<Templates>(".hbs")?;
        Ok(Views { registry, demo: Default::default() })
    }

    /// Marks every page as showing demo data (or not).
    pub fn set_demo(&self, on: bool) {
        self.demo.store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether pages carry the demo banner.
    pub fn demo(&self) -> bool {
        self.demo.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn render<T: Serialize>(&self, name: &str, data: &T) -> Result<String, handlebars::RenderError> {
        self.registry.render(name, data)
    }

    /// Renders a page, or the plain error page if the template itself fails (logged). The header names the person
    /// signed in, when the request being answered has one ([`VIEWER`]).
    pub fn page<T: Serialize>(&self, status: StatusCode, name: &str, data: &T) -> HttpResponse {
        let viewer = VIEWER.try_with(|v| v.clone()).ok().flatten();
        let html = match viewer {
            None => self.page_html(name, data),
            Some(viewer) => serde_json::to_value(data)
                .map_err(|e| handlebars::RenderError::from(handlebars::RenderErrorReason::Other(e.to_string())))
                .and_then(|mut v| {
                    v["viewer"] = serde_json::to_value(viewer).unwrap_or_default();
                    self.page_html(name, &v)
                }),
        };
        match html {
            Ok(html) => HttpResponse::build(status).content_type("text/html; charset=utf-8").body(html),
            Err(e) => Views::render_failed(name, &e),
        }
    }

    /// A page's HTML, with the demo banner when the instance shows it: for callers that keep the HTML, such as the
    /// tracking pages' cache.
    pub fn page_html<T: Serialize>(&self, name: &str, data: &T) -> Result<String, handlebars::RenderError> {
        if !self.demo() {
            return self.render(name, data);
        }
        let mut v = serde_json::to_value(data).map_err(|e| handlebars::RenderErrorReason::Other(e.to_string()))?;
        v["demo"] = serde_json::Value::Bool(true);
        self.render(name, &v)
    }

    /// The plain error page for a template that failed to render (logged).
    pub fn render_failed(name: &str, e: &handlebars::RenderError) -> HttpResponse {
        tracing::error!(template = name, error = %e, "template failed to render");
        HttpResponse::InternalServerError()
            .content_type("text/plain; charset=utf-8")
            .body("Terjadi kesalahan pada server. / Something went wrong on the server.")
    }

    /// The HTML error page for a status, in the visitor's language.
    /// The error page for `status`; `tracking` when the address was a tracking link (a link that no longer works
    /// says how to get a new one).
    pub fn error_page(&self, meta: PageMeta, status: StatusCode, tracking: bool) -> HttpResponse {
        let key = match status.as_u16() {
            404 if tracking => "dead-link",
            403 => "forbidden",
            404 => "not-found",
            409 => "conflict",
            422 => "refused",
            // Any other problem with what was sent (400, 413, 415, …): the form could not be used.
            400..=499 => "bad-request",
            503 => "service-unavailable",
            _ => "internal-error",
        };
        let locale = meta.locale;
        let heading = t(locale, &format!("page-{key}-heading"));
        let view = ErrorPage {
            body: t(locale, &format!("page-{key}-body")),
            status: status.as_u16(),
            resend_href: (key == "dead-link").then_some("/lacak"),
            meta: meta.with_title(heading.clone()),
            heading,
        };
        self.page(status, "pages/public/error", &view)
    }
}

/// The person signed in, as the header of a page shows them: name, role, their start page, and the token of the
/// sign-out form. Set by the web layer for the pages it renders while answering that person's request; pages kept
/// rendered for others (the tracking pages' cache, [`Views::page_html`]) never carry it.
#[derive(Debug, Clone, Serialize)]
pub struct Viewer {
    pub name: String,
    pub role: String,
    pub home_href: &'static str,
    pub home_label: String,
    pub csrf: String,
}

tokio::task_local! {
    /// The signed-in person of the request being answered (see [`Viewer`]).
    pub static VIEWER: Option<Viewer>;
}

/// Escapes text for HTML element content and quoted attribute values. Unlike handlebars' default it leaves
/// `=` and backticks alone, so links such as `/?lang=en` stay readable in the source.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// What every page's layout needs.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// Read by the `fluent` helper.
    pub lang: &'static str,
    #[serde(skip)]
    pub locale: Locale,
    pub html_lang: &'static str,
    pub title: String,
    pub instance_name: String,
    /// The link to this page in the other language.
    pub other_lang_href: String,
    pub other_lang_label: &'static str,
    pub other_lang_code: &'static str,
    /// Set on every page of an instance holding demo data (see [`Views::set_demo`]).
    pub demo: bool,
}

impl PageMeta {
    pub fn new(locale: Locale, instance_name: &str, path: &str) -> PageMeta {
        let other = match locale {
            Locale::Id => Locale::En,
            Locale::En => Locale::Id,
        };
        PageMeta {
            lang: locale.tag(),
            locale,
            html_lang: locale.code(),
            title: instance_name.to_owned(),
            instance_name: instance_name.to_owned(),
            other_lang_href: format!("{path}?lang={}", other.code()),
            other_lang_label: match other {
                Locale::Id => "Bahasa Indonesia",
                Locale::En => "English",
            },
            other_lang_code: other.code(),
            demo: false,
        }
    }

    pub fn with_title(mut self, title: String) -> PageMeta {
        self.title = format!("{title} · {}", self.instance_name);
        self
    }
}

#[derive(Serialize)]
struct ErrorPage {
    #[serde(flatten)]
    meta: PageMeta,
    heading: String,
    body: String,
    status: u16,
    /// Where to ask for a new tracking link, on a dead link's page.
    resend_href: Option<&'static str>,
}
