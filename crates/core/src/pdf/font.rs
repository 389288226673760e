//! The embedded font: DejaVu Sans regular and bold (shipped by the `dejavu` crate), which covers
//! the Latin, Greek and Cyrillic letters of every member country ("Constanța", "Łódź", "Győr").
//!
//! Text is written as glyph ids of a subset font (Type0 / CIDFontType2, Identity-H): every glyph a
//! page uses is given a new id by the subsetter's remapper, and `finish` embeds only those glyphs,
//! with their widths and a ToUnicode map so the text can be searched and copied.

use std::collections::HashMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};
use unicode_normalization::UnicodeNormalization;

use super::{deflate, PdfError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    pub(super) fn resource_name(self) -> &'static [u8] {
        match self {
            Weight::Regular => b"F1",
            Weight::Bold => b"F2",
        }
    }

    fn data(self) -> &'static [u8] {
        match self {
            Weight::Regular => dejavu::sans::regular(),
            Weight::Bold => dejavu::sans::bold(),
        }
    }

    /// The PostScript name with a subset tag (six capitals, as the PDF standard asks).
    fn base_name(self) -> &'static [u8] {
        match self {
            Weight::Regular => b"RCSUBA+DejaVuSans",
            Weight::Bold => b"RCSUBB+DejaVuSans-Bold",
        }
    }
}

/// One face and the glyphs the document used from it.
struct UsedFace {
    weight: Weight,
    face: Face<'static>,
    remapper: GlyphRemapper,
    /// char → (new glyph id, advance in 1/1000 em).
    chars: HashMap<char, (u16, f32)>,
    /// Advance of each new glyph id, in 1/1000 em.
    widths: Vec<f32>,
    /// (new glyph id, the character it shows) for the ToUnicode map.
    unicode: Vec<(u16, char)>,
}

impl UsedFace {
    fn load(weight: Weight) -> Result<Self, PdfError> {
        let face = Face::parse(weight.data(), 0).map_err(|error| PdfError::Font(error.to_string()))?;
        let notdef = Self::advance_of(&face, GlyphId(0));
        Ok(UsedFace {
            weight,
            face,
            remapper: GlyphRemapper::new(),
            chars: HashMap::new(),
            widths: vec![notdef],
            unicode: Vec::new(),
        })
    }

    fn advance_of(face: &Face<'_>, glyph: GlyphId) -> f32 {
        let advance = face.glyph_hor_advance(glyph).unwrap_or(0) as f32;
        advance * 1000.0 / face.units_per_em() as f32
    }

    fn advance(&self, c: char) -> f32 {
        if let Some((_, advance)) = self.chars.get(&c) {
            return *advance;
        }
        let glyph = self.face.glyph_index(c).unwrap_or(GlyphId(0));
        Self::advance_of(&self.face, glyph)
    }

    fn glyph(&mut self, c: char) -> (u16, f32) {
        if let Some(known) = self.chars.get(&c) {
            return *known;
        }
        let glyph = self.face.glyph_index(c).unwrap_or(GlyphId(0));
        let advance = Self::advance_of(&self.face, glyph);
        let new = self.remapper.remap(glyph.0);
        if new as usize >= self.widths.len() {
            self.widths.resize(new as usize + 1, 0.0);
            self.widths[new as usize] = advance;
        }
        if glyph.0 != 0 {
            self.unicode.push((new, c));
        }
        self.chars.insert(c, (new, advance));
        (new, advance)
    }

    fn is_used(&self) -> bool {
        !self.chars.is_empty()
    }
}

pub struct FontSet {
    faces: [UsedFace; 2],
}

/// Text as readers see it: composed accents (so "ț" is one glyph, not "t" + a combining comma)
/// and no control characters.
fn visible_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.nfc().filter(|c| !c.is_control())
}

impl FontSet {
    pub fn load() -> Result<Self, PdfError> {
        Ok(FontSet { faces: [UsedFace::load(Weight::Regular)?, UsedFace::load(Weight::Bold)?] })
    }

    fn face(&self, weight: Weight) -> &UsedFace {
        &self.faces[weight as usize]
    }

    pub fn width_pt(&self, weight: Weight, size: f32, text: &str) -> f32 {
        let face = self.face(weight);
        visible_chars(text).map(|c| face.advance(c)).sum::<f32>() * size / 1000.0
    }

    /// The glyph ids of `text` as two big-endian bytes each, and its width in points.
    pub fn encode(&mut self, weight: Weight, size: f32, text: &str) -> (Vec<u8>, f32) {
        let face = &mut self.faces[weight as usize];
        let mut bytes = Vec::with_capacity(text.len() * 2);
        let mut width = 0.0;
        for c in visible_chars(text) {
            let (glyph, advance) = face.glyph(c);
            bytes.extend_from_slice(&glyph.to_be_bytes());
            width += advance;
        }
        (bytes, width * size / 1000.0)
    }

    pub fn used(&self) -> Vec<Weight> {
        self.faces.iter().filter(|face| face.is_used()).map(|face| face.weight).collect()
    }

    /// Writes the Type0 font `font_id` with its descendant, descriptor, subset file and ToUnicode map.
    pub fn write(&self, pdf: &mut Pdf, weight: Weight, font_id: Ref, alloc: &mut impl FnMut() -> Ref) -> Result<(), PdfError> {
        let used = self.face(weight);
        let subset = subsetter::subset(weight.data(), 0, &used.remapper)
            .map_err(|error| PdfError::Font(format!("{error:?}")))?;
        let (cid_id, descriptor_id, file_id, cmap_id) = (alloc(), alloc(), alloc(), alloc());
        let base = Name(weight.base_name());
        let system = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };

        pdf.type0_font(font_id)
            .base_font(base)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_id)
            .to_unicode(cmap_id);

        let mut cid = pdf.cid_font(cid_id);
        cid.subtype(CidFontType::Type2)
            .base_font(base)
            .system_info(system)
            .font_descriptor(descriptor_id)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        cid.widths().consecutive(0, used.widths.iter().copied());
        cid.finish();

        let face = &used.face;
        let scale = 1000.0 / face.units_per_em() as f32;
        let bbox = face.global_bounding_box();
        pdf.font_descriptor(descriptor_id)
            .name(base)
            .flags(FontFlags::NON_SYMBOLIC)
            .bbox(Rect::new(
                bbox.x_min as f32 * scale,
                bbox.y_min as f32 * scale,
                bbox.x_max as f32 * scale,
                bbox.y_max as f32 * scale,
            ))
            .italic_angle(0.0)
            .ascent(face.ascender() as f32 * scale)
            .descent(face.descender() as f32 * scale)
            .cap_height(face.capital_height().unwrap_or(face.ascender()) as f32 * scale)
            .stem_v(if weight == Weight::Bold { 140.0 } else { 80.0 })
            .font_file2(file_id);

        pdf.stream(file_id, &deflate(&subset))
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), subset.len() as i32);

        let mut cmap = UnicodeCmap::new(Name(b"Rencontres-UCS"), system);
        for (glyph, c) in &used.unicode {
            cmap.pair(*glyph, *c);
        }
        pdf.cmap(cmap_id, &cmap.finish());
        Ok(())
    }
}
