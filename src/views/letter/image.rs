//! The letterhead logo in a PDF: a JPEG as it is (DCTDecode), a PNG decoded and deflated, its transparency as a
//! soft mask.

use pdf_writer::writers::ImageXObject;
use pdf_writer::{Filter, Name, Pdf, Ref};

use super::LetterLogo;
use crate::domain::logo::{LogoFormat, decode_png};

/// A logo ready to be written: its samples encoded for the PDF, and its size in pixels.
pub(super) struct Prepared {
    pub width: u32,
    pub height: u32,
    filter: Filter,
    grey: bool,
    samples: Vec<u8>,
    /// A PNG's transparency, deflated 8-bit alpha.
    mask: Option<Vec<u8>>,
}

/// The logo as the PDF will carry it. A logo was checked when it was uploaded, so it prepares; should one not,
/// the letter is laid out and written without it (never with a reference to an image that is not there).
pub(super) fn prepare(logo: &LetterLogo) -> Option<Prepared> {
    match logo.format {
        LogoFormat::Jpeg => Some(Prepared {
            width: logo.width,
            height: logo.height,
            filter: Filter::DctDecode,
            grey: logo.components == 1,
            samples: logo.bytes.to_vec(),
            mask: None,
        }),
        LogoFormat::Png => {
            let png = decode_png(&logo.bytes).ok()?;
            let deflate = |data: &[u8]| miniz_oxide::deflate::compress_to_vec_zlib(data, 6);
            Some(Prepared {
                width: png.width,
                height: png.height,
                filter: Filter::FlateDecode,
                grey: png.channels == 1,
                samples: deflate(&png.pixels),
                mask: png.alpha.as_deref().map(deflate),
            })
        }
    }
}

/// An 8-bit image XObject of the logo's size, its dictionary still open (for a soft mask).
fn image<'a>(
    pdf: &'a mut Pdf,
    logo: &Prepared,
    id: Ref,
    samples: &'a [u8],
    filter: Filter,
    grey: bool,
) -> ImageXObject<'a> {
    let mut image = pdf.image_xobject(id, samples);
    image.filter(filter);
    image.width(logo.width as i32).height(logo.height as i32).bits_per_component(8);
    image.color_space_name(Name(if grey { b"DeviceGray" } else { b"DeviceRGB" }));
    image
}

/// Writes the logo as an image XObject at `id` (and its soft mask after `next`).
pub(super) fn write(pdf: &mut Pdf, logo: &Prepared, id: Ref, next: &mut Ref) {
    let mask = logo.mask.as_ref().map(|alpha| {
        let mask = next.bump();
        image(pdf, logo, mask, alpha, Filter::FlateDecode, true);
        mask
    });
    let mut main = image(pdf, logo, id, &logo.samples, logo.filter, logo.grey);
    if let Some(mask) = mask {
        main.s_mask(mask);
    }
}
