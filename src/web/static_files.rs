//! Stylesheets and other static files, embedded in the binary.

use actix_web::{HttpResponse, web};

use crate::views::StaticFiles;

pub async fn serve(path: web::Path<String>) -> HttpResponse {
    let name = path.into_inner();
    match StaticFiles::get(&name) {
        Some(file) => {
            let mime = match name.rsplit('.').next() {
                Some("css") => "text/css; charset=utf-8",
                Some("svg") => "image/svg+xml",
                Some("js") => "text/javascript; charset=utf-8",
                _ => "application/octet-stream",
            };
            HttpResponse::Ok()
                .content_type(mime)
                .insert_header(("Cache-Control", "public, max-age=3600"))
                .body(file.data.into_owned())
        }
        None => HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("Not found"),
    }
}
