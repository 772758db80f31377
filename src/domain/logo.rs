//! A body's logo for its letterhead: a PNG or JPEG, checked before it is kept (type from the bytes, size, pixel
//! dimensions), so that every letter and report can print it.

/// The largest logo file kept (letterhead logos are small; a scan of a seal at 300 dpi is well under this).
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;
/// The largest side in pixels (larger images only make every PDF heavier).
pub const MAX_LOGO_SIDE: u32 = 3000;
/// The smallest side in pixels that still prints legibly at 2 cm.
pub const MIN_LOGO_SIDE: u32 = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoFormat {
    Png,
    Jpeg,
}

impl LogoFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            LogoFormat::Png => "image/png",
            LogoFormat::Jpeg => "image/jpeg",
        }
    }

    pub fn from_content_type(value: &str) -> Option<LogoFormat> {
        match value {
            "image/png" => Some(LogoFormat::Png),
            "image/jpeg" => Some(LogoFormat::Jpeg),
            _ => None,
        }
    }
}

/// Why a file cannot be a logo; each has a sentence for the administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoProblem {
    Empty,
    TooLarge,
    NotAnImage,
    /// A JPEG in CMYK or another colour model PDF readers print wrongly, or a PNG this reader cannot decode.
    Unsupported,
    TooSmall,
    TooBig,
}

impl LogoProblem {
    /// The problem's code (its message is `form-error-logo-{code}`).
    pub fn code(self) -> &'static str {
        match self {
            LogoProblem::Empty => "empty",
            LogoProblem::TooLarge => "too_large",
            LogoProblem::NotAnImage => "not_image",
            LogoProblem::Unsupported => "unsupported",
            LogoProblem::TooSmall => "too_small",
            LogoProblem::TooBig => "too_big",
        }
    }
}

/// A checked logo: its format and pixel size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogoInfo {
    pub format: LogoFormat,
    pub width: u32,
    pub height: u32,
    /// JPEG only: the number of colour components (1 grey, 3 colour).
    pub components: u8,
}

/// Checks a file meant as a logo. PNG files are fully decoded later when a PDF is written; here the header is
/// read and the whole image decoded once, so that a broken file is refused now, not when a letter is printed.
pub fn check(bytes: &[u8]) -> Result<LogoInfo, LogoProblem> {
    if bytes.is_empty() {
        return Err(LogoProblem::Empty);
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(LogoProblem::TooLarge);
    }
    let info = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png_info(bytes)?
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        jpeg_info(bytes)?
    } else {
        return Err(LogoProblem::NotAnImage);
    };
    if info.width < MIN_LOGO_SIDE || info.height < MIN_LOGO_SIDE {
        return Err(LogoProblem::TooSmall);
    }
    if info.width > MAX_LOGO_SIDE || info.height > MAX_LOGO_SIDE {
        return Err(LogoProblem::TooBig);
    }
    Ok(info)
}

fn png_info(bytes: &[u8]) -> Result<LogoInfo, LogoProblem> {
    let decoded = decode_png(bytes)?;
    Ok(LogoInfo { format: LogoFormat::Png, width: decoded.width, height: decoded.height, components: 3 })
}

/// A PNG as 8-bit colour samples and, where it has transparency, 8-bit alpha.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedPng {
    pub width: u32,
    pub height: u32,
    /// 1 (grey) or 3 (RGB) samples per pixel.
    pub channels: u8,
    pub pixels: Vec<u8>,
    pub alpha: Option<Vec<u8>>,
}

/// Decodes a PNG of any kind (palette, grey, colour, with or without alpha, 16-bit, interlaced) into 8-bit samples.
pub fn decode_png(bytes: &[u8]) -> Result<DecodedPng, LogoProblem> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|_| LogoProblem::NotAnImage)?;
    let (w, h) = (reader.info().width, reader.info().height);
    if w > MAX_LOGO_SIDE || h > MAX_LOGO_SIDE {
        return Err(LogoProblem::TooBig);
    }
    let size = reader.output_buffer_size().ok_or(LogoProblem::Unsupported)?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(|_| LogoProblem::NotAnImage)?;
    buf.truncate(frame.buffer_size());
    let (channels, has_alpha) = match frame.color_type {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (1, true),
        png::ColorType::Rgb => (3, false),
        png::ColorType::Rgba => (3, true),
        png::ColorType::Indexed => return Err(LogoProblem::Unsupported),
    };
    if frame.bit_depth != png::BitDepth::Eight {
        return Err(LogoProblem::Unsupported);
    }
    if !has_alpha {
        return Ok(DecodedPng { width: w, height: h, channels, pixels: buf, alpha: None });
    }
    let stride = usize::from(channels) + 1;
    let mut pixels = Vec::with_capacity(buf.len() / stride * usize::from(channels));
    let mut alpha = Vec::with_capacity(buf.len() / stride);
    for px in buf.chunks_exact(stride) {
        pixels.extend_from_slice(&px[..usize::from(channels)]);
        alpha.push(px[usize::from(channels)]);
    }
    // A fully opaque alpha channel is no transparency.
    let alpha = if alpha.iter().all(|a| *a == 255) { None } else { Some(alpha) };
    Ok(DecodedPng { width: w, height: h, channels, pixels, alpha })
}

/// Reads a JPEG's frame header (SOF0–SOF15 but DHT, JPG and DAC markers) for its size and components.
fn jpeg_info(bytes: &[u8]) -> Result<LogoInfo, LogoProblem> {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return Err(LogoProblem::NotAnImage);
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let f = bytes.get(at + 4..at + 10).ok_or(LogoProblem::NotAnImage)?;
            let height = u32::from(u16::from_be_bytes([f[1], f[2]]));
            let width = u32::from(u16::from_be_bytes([f[3], f[4]]));
            let components = f[5];
            if !matches!(components, 1 | 3) {
                return Err(LogoProblem::Unsupported);
            }
            return Ok(LogoInfo { format: LogoFormat::Jpeg, width, height, components });
        }
        if marker == 0xDA || len < 2 {
            break;
        }
        at += 2 + len;
    }
    Err(LogoProblem::NotAnImage)
}

/// Logos for tests elsewhere.
#[cfg(test)]
pub(crate) mod tests_support {
    /// An RGBA PNG of one colour, written by the `png` crate itself.
    pub(crate) fn png(width: u32, height: u32, rgba: &[u8]) -> Vec<u8> {
        super::tests::png(width, height, png::ColorType::Rgba, rgba)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG written by the `png` crate itself.
    pub(crate) fn png(width: u32, height: u32, color: png::ColorType, pixel: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(color);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let data: Vec<u8> = (0..width * height).flat_map(|_| pixel.iter().copied()).collect();
        writer.write_image_data(&data).unwrap();
        writer.finish().unwrap();
        out
    }

    /// The smallest baseline JPEG header that names a size and components (enough for the header reader).
    fn jpeg_header(width: u16, height: u16, components: u8) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        b.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        b.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
        b.extend_from_slice(&height.to_be_bytes());
        b.extend_from_slice(&width.to_be_bytes());
        b.push(components);
        b.extend_from_slice(&[0; 9]);
        b
    }

    #[test]
    fn png_and_jpeg_logos_are_read_for_their_size() {
        let p = png(120, 80, png::ColorType::Rgba, &[200, 0, 0, 128]);
        assert_eq!(check(&p), Ok(LogoInfo { format: LogoFormat::Png, width: 120, height: 80, components: 3 }));
        let decoded = decode_png(&p).unwrap();
        assert_eq!((decoded.channels, decoded.pixels.len()), (3, 120 * 80 * 3));
        assert_eq!(decoded.alpha.as_ref().map(|a| a[0]), Some(128));
        let opaque = decode_png(&png(40, 40, png::ColorType::GrayscaleAlpha, &[9, 255])).unwrap();
        assert_eq!((opaque.channels, opaque.alpha), (1, None), "opaque alpha is dropped");
        let j = jpeg_header(300, 200, 3);
        assert_eq!(check(&j), Ok(LogoInfo { format: LogoFormat::Jpeg, width: 300, height: 200, components: 3 }));
    }

    #[test]
    fn files_that_cannot_print_are_refused_with_their_reason() {
        assert_eq!(check(b""), Err(LogoProblem::Empty));
        assert_eq!(check(b"GIF89a...."), Err(LogoProblem::NotAnImage));
        assert_eq!(check(b"%PDF-1.7"), Err(LogoProblem::NotAnImage));
        assert_eq!(check(&jpeg_header(300, 200, 4)), Err(LogoProblem::Unsupported), "CMYK");
        assert_eq!(check(&jpeg_header(20, 200, 3)), Err(LogoProblem::TooSmall));
        assert_eq!(check(&jpeg_header(4000, 200, 3)), Err(LogoProblem::TooBig));
        let mut broken = png(64, 64, png::ColorType::Rgb, &[1, 2, 3]);
        broken.truncate(broken.len() - 20);
        assert_eq!(check(&broken), Err(LogoProblem::NotAnImage), "a cut-off PNG");
        assert_eq!(check(&vec![0xFF; MAX_LOGO_BYTES + 1]), Err(LogoProblem::TooLarge));
    }
}
