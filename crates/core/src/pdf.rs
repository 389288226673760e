//! A small PDF writer for the documents the app prints (badges, invoices, reminders): A4 and A6
//! pages, text in an embedded Unicode font (DejaVu Sans, from the `dejavu` crate, subset to the
//! glyphs used so a document stays small), lines, rectangles and QR codes drawn as vector squares.
//!
//! Coordinates are millimetres from the page's top-left corner, y growing downwards, the way a
//! layout is sketched on paper; text is placed by its baseline. The module knows nothing of
//! members or events: callers lay out their own documents on a [`Canvas`].

mod font;
mod qr;

use std::fmt;

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use font::FontSet;
pub use font::Weight;

/// Points per millimetre (PDF user space is 1/72 inch).
const PT_PER_MM: f32 = 72.0 / 25.4;

/// Why a document could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// The embedded font could not be read or subset (a packaging fault, not the user's).
    Font(String),
    /// A QR code could not hold the data given (too long).
    Qr(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Font(message) => write!(f, "the PDF font could not be embedded: {message}"),
            PdfError::Qr(message) => write!(f, "the QR code could not be made: {message}"),
        }
    }
}

impl std::error::Error for PdfError {}

/// The paper sizes the app prints on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSize {
    /// 210 × 297 mm.
    A4,
    /// 105 × 148 mm: a badge.
    A6,
}

impl PageSize {
    /// Width and height in millimetres.
    pub fn mm(self) -> (f32, f32) {
        match self {
            PageSize::A4 => (210.0, 297.0),
            PageSize::A6 => (105.0, 148.0),
        }
    }
}

/// How a rectangle is painted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Paint {
    /// Filled with the current fill colour.
    Fill,
    /// Outlined with the current stroke colour, this many millimetres wide.
    Stroke(f32),
}

/// Horizontal alignment of a line of text relative to its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A document being built: add pages, draw on them, then [`Document::finish`] into bytes.
pub struct Document {
    title: String,
    fonts: FontSet,
    pages: Vec<(PageSize, Content)>,
}

impl Document {
    pub fn new(title: &str) -> Result<Self, PdfError> {
        Ok(Document { title: title.to_string(), fonts: FontSet::load()?, pages: Vec::new() })
    }

    /// Starts a new page and returns the canvas to draw on it.
    pub fn page(&mut self, size: PageSize) -> Canvas<'_> {
        self.pages.push((size, Content::new()));
        let last = self.pages.len() - 1;
        let (_, content) = &mut self.pages[last];
        Canvas { fonts: &mut self.fonts, content, size }
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Width in millimetres of `text` set at `size` points (for layouts made before a page).
    pub fn text_width(&self, weight: Weight, size: f32, text: &str) -> f32 {
        self.fonts.width_pt(weight, size, text) / PT_PER_MM
    }

    /// Writes the whole document. The fonts are subset to the glyphs the pages used.
    pub fn finish(self) -> Result<Vec<u8>, PdfError> {
        let mut pdf = Pdf::new();
        let mut next = 1;
        let mut alloc = || {
            let r = Ref::new(next);
            next += 1;
            r
        };
        let catalog_id = alloc();
        let tree_id = alloc();
        let info_id = alloc();
        let font_ids: Vec<(Weight, Ref)> =
            self.fonts.used().into_iter().map(|weight| (weight, alloc())).collect();
        let page_ids: Vec<(Ref, Ref)> = self.pages.iter().map(|_| (alloc(), alloc())).collect();

        pdf.catalog(catalog_id).pages(tree_id);
        pdf.pages(tree_id).kids(page_ids.iter().map(|(page, _)| *page)).count(page_ids.len() as i32);
        pdf.document_info(info_id).title(TextStr(&self.title)).producer(TextStr("Rencontres"));

        for ((size, content), (page_id, content_id)) in self.pages.into_iter().zip(&page_ids) {
            let (w, h) = size.mm();
            let mut page = pdf.page(*page_id);
            page.media_box(Rect::new(0.0, 0.0, w * PT_PER_MM, h * PT_PER_MM));
            page.parent(tree_id);
            page.contents(*content_id);
            let mut resources = page.resources();
            let mut fonts = resources.fonts();
            for (weight, font_id) in &font_ids {
                fonts.pair(Name(weight.resource_name()), *font_id);
            }
            fonts.finish();
            resources.finish();
            page.finish();
            let compressed = deflate(&content.finish());
            pdf.stream(*content_id, &compressed).filter(Filter::FlateDecode);
        }

        for (weight, font_id) in font_ids {
            self.fonts.write(&mut pdf, weight, font_id, &mut alloc)?;
        }
        Ok(pdf.finish())
    }
}

/// Compresses a stream; PDF readers inflate FlateDecode streams.
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

/// Drawing on one page, in millimetres from the top-left corner.
pub struct Canvas<'a> {
    fonts: &'a mut FontSet,
    content: &'a mut Content,
    size: PageSize,
}

impl Canvas<'_> {
    pub fn size(&self) -> PageSize {
        self.size
    }

    fn x(&self, mm: f32) -> f32 {
        mm * PT_PER_MM
    }

    fn y(&self, mm: f32) -> f32 {
        (self.size.mm().1 - mm) * PT_PER_MM
    }

    /// Sets the colour of text and filled shapes (components 0–1).
    pub fn fill_rgb(&mut self, r: f32, g: f32, b: f32) -> &mut Self {
        self.content.set_fill_rgb(r, g, b);
        self
    }

    /// Sets the colour of lines and outlines (components 0–1).
    pub fn stroke_rgb(&mut self, r: f32, g: f32, b: f32) -> &mut Self {
        self.content.set_stroke_rgb(r, g, b);
        self
    }

    /// Width in millimetres of `text` set at `size` points.
    pub fn text_width(&self, weight: Weight, size: f32, text: &str) -> f32 {
        self.fonts.width_pt(weight, size, text) / PT_PER_MM
    }

    /// One line of text with its baseline at `y`, aligned on `x`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, weight: Weight, align: Align, text: &str) -> &mut Self {
        let (glyphs, width_pt) = self.fonts.encode(weight, size, text);
        let left = match align {
            Align::Left => self.x(x),
            Align::Center => self.x(x) - width_pt / 2.0,
            Align::Right => self.x(x) - width_pt,
        };
        let baseline = self.y(y);
        self.content.begin_text();
        self.content.set_font(Name(weight.resource_name()), size);
        self.content.set_text_matrix([1.0, 0.0, 0.0, 1.0, left, baseline]);
        self.content.show(Str(&glyphs));
        self.content.end_text();
        self
    }

    /// The largest size not above `size` (and not below `min`) at which `text` fits in `width`
    /// millimetres; at `min` the text is cut with an ellipsis. Returns the size and the text.
    pub fn fit(&self, weight: Weight, size: f32, min: f32, width: f32, text: &str) -> (f32, String) {
        let mut current = size;
        while current > min && self.text_width(weight, current, text) > width {
            current = (current - 0.5).max(min);
        }
        if self.text_width(weight, current, text) <= width {
            return (current, text.to_string());
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let cut: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
            if self.text_width(weight, current, &cut) <= width {
                return (current, cut);
            }
        }
        (current, String::new())
    }

    /// Breaks `text` into lines no wider than `width` millimetres, at spaces (a word longer than
    /// the width stays whole on its own line). Explicit line breaks are kept.
    pub fn wrap(&self, weight: Weight, size: f32, width: f32, text: &str) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
                if !line.is_empty() && self.text_width(weight, size, &candidate) > width {
                    lines.push(std::mem::replace(&mut line, word.to_string()));
                } else {
                    line = candidate;
                }
            }
            lines.push(line);
        }
        lines
    }

    /// A straight line `width` millimetres thick in the stroke colour.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) -> &mut Self {
        let (ax, ay, bx, by) = (self.x(x1), self.y(y1), self.x(x2), self.y(y2));
        self.content.set_line_width(width * PT_PER_MM);
        self.content.move_to(ax, ay);
        self.content.line_to(bx, by);
        self.content.stroke();
        self
    }

    /// A rectangle whose top-left corner is at (`x`, `y`).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, paint: Paint) -> &mut Self {
        let (left, bottom) = (self.x(x), self.y(y + h));
        self.content.rect(left, bottom, w * PT_PER_MM, h * PT_PER_MM);
        match paint {
            Paint::Fill => {
                self.content.fill_nonzero();
            }
            Paint::Stroke(width) => {
                self.content.set_line_width(width * PT_PER_MM);
                self.content.stroke();
            }
        }
        self
    }

    /// A QR code of `data` (error correction level M) in a `side`-millimetre square whose
    /// top-left corner is at (`x`, `y`), quiet zone included, drawn in black on white.
    pub fn qr(&mut self, x: f32, y: f32, side: f32, data: &str) -> Result<&mut Self, PdfError> {
        let modules = qr::Modules::encode(data)?;
        let module = side / modules.side_with_quiet_zone() as f32;
        self.content.save_state();
        self.content.set_fill_rgb(1.0, 1.0, 1.0);
        self.content.rect(self.x(x), self.y(y + side), side * PT_PER_MM, side * PT_PER_MM);
        self.content.fill_nonzero();
        self.content.set_fill_rgb(0.0, 0.0, 0.0);
        let origin = (x + module * qr::QUIET_ZONE as f32, y + module * qr::QUIET_ZONE as f32);
        for (row, start, length) in modules.dark_runs() {
            let left = self.x(origin.0 + start as f32 * module);
            let bottom = self.y(origin.1 + (row + 1) as f32 * module);
            // A hair of overlap so anti-aliased renderers leave no seams between squares.
            self.content.rect(left, bottom - 0.01, length as f32 * module * PT_PER_MM, module * PT_PER_MM + 0.02);
        }
        self.content.fill_nonzero();
        self.content.restore_state();
        Ok(self)
    }
}

#[cfg(test)]
pub(crate) mod tests;
