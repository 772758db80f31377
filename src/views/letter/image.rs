//! The letterhead logo in a PDF: a JPEG as it is (DCTDecode), a PNG decoded and deflated, its transparency as a
//! soft mask.

use pdf_writer::{Filter, Name, Pdf, Ref};

use super::LetterLogo;
use crate::domain::logo::{LogoFormat, decode_png};

/// Writes the logo as an image XObject at `id` (and its mask after `next`). A logo that was checked when it was
/// uploaded always decodes; should one not, the letter is written without it rather than not at all.
pub(super) fn write(pdf: &mut Pdf, logo: &LetterLogo, id: Ref, next: &mut Ref) -> bool {
    match logo.format {
        LogoFormat::Jpeg => {
            let mut image = pdf.image_xobject(id, &logo.bytes);
            image.filter(Filter::DctDecode);
            image.width(logo.width as i32).height(logo.height as i32).bits_per_component(8);
            image.color_space_name(Name(if logo.components == 1 { b"DeviceGray" } else { b"DeviceRGB" }));
            true
        }
        LogoFormat::Png => {
            let Ok(png) = decode_png(&logo.bytes) else { return false };
            let mask = png.alpha.as_ref().map(|alpha| {
                let mask = next.bump();
                let data = miniz_oxide::deflate::compress_to_vec_zlib(alpha, 6);
                let mut image = pdf.image_xobject(mask, &data);
                image.filter(Filter::FlateDecode);
                image.width(png.width as i32).height(png.height as i32).bits_per_component(8);
                image.color_space_name(Name(b"DeviceGray"));
                mask
            });
            let data = miniz_oxide::deflate::compress_to_vec_zlib(&png.pixels, 6);
            let mut image = pdf.image_xobject(id, &data);
            image.filter(Filter::FlateDecode);
            image.width(png.width as i32).height(png.height as i32).bits_per_component(8);
            image.color_space_name(Name(if png.channels == 1 { b"DeviceGray" } else { b"DeviceRGB" }));
            if let Some(mask) = mask {
                image.s_mask(mask);
            }
            true
        }
    }
}
