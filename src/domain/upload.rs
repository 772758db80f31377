//! What may be uploaded: an identity scan (KTP) or a power of attorney, as JPEG, PNG or PDF, at most 5 MiB. The
//! type is read from the file's first bytes, not trusted from its name or the browser.

use serde::Serialize;

pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    IdentityScan,
    PowerOfAttorney,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::IdentityScan => "identity_scan",
            DocumentKind::PowerOfAttorney => "power_of_attorney",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("the file is larger than 5 MB")]
    TooLarge,
    #[error("the file is not a JPG, PNG or PDF")]
    WrongType,
    #[error("the file is empty")]
    Empty,
}

impl UploadError {
    pub fn code(self) -> &'static str {
        match self {
            UploadError::TooLarge => "file_too_large",
            UploadError::WrongType => "file_type",
            UploadError::Empty => "file_empty",
        }
    }
}

/// The content type, from the file's signature.
pub fn detect_type(bytes: &[u8]) -> Result<&'static str, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(UploadError::TooLarge);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Ok("image/png")
    } else if bytes.starts_with(b"%PDF-") {
        Ok("application/pdf")
    } else {
        Err(UploadError::WrongType)
    }
}

/// The most a document provided by the body may weigh.
pub const MAX_RESPONSE_BYTES: usize = 25 * 1024 * 1024;

/// The content type of a document the body provides: PDF, images, office files (by their container and name),
/// CSV or plain text. Executables and HTML are refused.
pub fn detect_response_type(bytes: &[u8], file_name: &str) -> Result<&'static str, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > MAX_RESPONSE_BYTES {
        return Err(UploadError::TooLarge);
    }
    if let Ok(t) = detect_type(&bytes[..bytes.len().min(MAX_UPLOAD_BYTES)]) {
        return Ok(t);
    }
    let ext = file_name.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(match ext.as_str() {
            "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "odt" => "application/vnd.oasis.opendocument.text",
            "ods" => "application/vnd.oasis.opendocument.spreadsheet",
            _ => "application/zip",
        });
    }
    let text = std::str::from_utf8(bytes).is_ok() && !bytes.trim_ascii_start().starts_with(b"<");
    match ext.as_str() {
        "csv" if text => Ok("text/csv"),
        "txt" if text => Ok("text/plain"),
        _ => Err(UploadError::WrongType),
    }
}

/// A file name safe to show and store: the last path component, printable characters, at most 120 of them.
pub fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    if cleaned.trim().is_empty() { "dokumen".to_owned() } else { cleaned.trim().to_owned() }
}

/// The file name a download is sent under: its name, with the extension of the type it was found to be (a PNG
/// named `ktp.html` goes out as `ktp.png`), so that what opens it matches what it is.
pub fn download_name(file_name: &str, content_type: &str) -> String {
    let wanted: &[&str] = match content_type {
        "image/jpeg" => &["jpg", "jpeg"],
        "image/png" => &["png"],
        "application/pdf" => &["pdf"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => &["docx"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => &["xlsx"],
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => &["pptx"],
        "application/vnd.oasis.opendocument.text" => &["odt"],
        "application/vnd.oasis.opendocument.spreadsheet" => &["ods"],
        "application/zip" => &["zip"],
        "text/csv" => &["csv"],
        "text/plain" => &["txt"],
        _ => &["bin"],
    };
    let name = file_name.trim();
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, ext.to_ascii_lowercase()),
        _ => (name, String::new()),
    };
    if wanted.contains(&ext.as_str()) {
        return name.to_owned();
    }
    let stem = if stem.is_empty() { "berkas" } else { stem };
    format!("{stem}.{}", wanted[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_content() {
        assert_eq!(detect_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Ok("image/jpeg"));
        assert_eq!(detect_type(b"\x89PNG\r\n\x1a\n...."), Ok("image/png"));
        assert_eq!(detect_type(b"%PDF-1.7\n"), Ok("application/pdf"));
        assert_eq!(detect_type(b"MZ\x90\x00 an executable"), Err(UploadError::WrongType));
        assert_eq!(detect_type(b"<html>not a scan</html>"), Err(UploadError::WrongType));
        assert_eq!(detect_type(b""), Err(UploadError::Empty));
        let big = [vec![0xFF, 0xD8, 0xFF], vec![0; MAX_UPLOAD_BYTES]].concat();
        assert_eq!(detect_type(&big), Err(UploadError::TooLarge));
    }

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(clean_file_name("C:\\\\Users\\\\siti\\\\ktp.jpg"), "ktp.jpg");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("  \u{0}  "), "dokumen");
    }
}

#[cfg(test)]
mod response_tests {
    use super::*;

    #[test]
    fn response_documents_accept_office_files_and_text_but_not_html() {
        assert_eq!(detect_response_type(b"%PDF-1.4", "a.pdf"), Ok("application/pdf"));
        assert!(detect_response_type(b"PK\x03\x04....", "laporan.xlsx").unwrap().contains("spreadsheetml"));
        assert_eq!(detect_response_type(b"tahun,jumlah\n2024,10\n", "data.csv"), Ok("text/csv"));
        assert_eq!(detect_response_type(b"<script>x</script>", "data.csv"), Err(UploadError::WrongType));
        assert_eq!(detect_response_type(b"MZ\x90", "setup.exe"), Err(UploadError::WrongType));
    }

    #[test]
    fn a_download_is_named_after_the_type_it_was_found_to_be() {
        assert_eq!(download_name("ktp.html", "image/png"), "ktp.png");
        assert_eq!(download_name("KTP Siti.JPEG", "image/jpeg"), "KTP Siti.JPEG");
        assert_eq!(download_name("surat kuasa", "application/pdf"), "surat kuasa.pdf");
        assert_eq!(download_name("daftar.pdf.exe", "application/pdf"), "daftar.pdf.pdf");
        assert_eq!(download_name(".htaccess", "text/plain"), ".htaccess.txt");
        assert_eq!(download_name("", "image/png"), "berkas.png");
        assert_eq!(download_name("data.xlsx", "application/zip"), "data.zip");
    }
}
