//! Conference badges as a PDF: one A6 badge per page, or four A6 badges on an A4 sheet with cut
//! marks. Each badge shows the name, function, organisation and country and a QR code of the
//! badge code that door scanners read.
//!
//! This module takes plain [`Badge`] values and knows no event or registration tables: the events
//! feature builds the list from its registrations and hands it here.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::pdf::{Align, Canvas, Document, PageSize, Paint, Weight};
use crate::{CoreError, Result};

/// What one badge shows. `code` is the registration's unguessable badge code (the QR content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Badge {
    pub name: String,
    pub function: String,
    pub organisation: String,
    /// Shown as given (the caller chooses the country name's language).
    pub country: String,
    pub code: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BadgeLayout {
    /// One badge per A6 page (badge printers, or printing one badge at the door).
    A6,
    /// Four A6 badges per A4 sheet, two by two, with cut marks.
    A4Four,
}

/// Longest badge code accepted: far above any real code, well within a small QR version.
const MAX_CODE: usize = 64;

/// The badges of `title` (the event's name, printed at the top of each badge) as PDF bytes.
pub fn render(title: &str, badges: &[Badge], layout: BadgeLayout) -> Result<Vec<u8>> {
    render_with_progress(title, badges, layout, |_, _| {})
}

/// As [`render`], calling `progress(done, total)` after each badge so a long run can show progress.
pub fn render_with_progress(
    title: &str,
    badges: &[Badge],
    layout: BadgeLayout,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<u8>> {
    if badges.is_empty() {
        return Err(CoreError::invalid("badges", "there are no badges to print"));
    }
    for (index, badge) in badges.iter().enumerate() {
        validate(index, badge)?;
    }
    let mut doc = Document::new(title).map_err(document_error)?;
    match layout {
        BadgeLayout::A6 => {
            for (index, badge) in badges.iter().enumerate() {
                let mut page = doc.page(PageSize::A6);
                draw(&mut page, 0.0, 0.0, title, badge)?;
                progress(index + 1, badges.len());
            }
        }
        BadgeLayout::A4Four => {
            for (sheet, chunk) in badges.chunks(4).enumerate() {
                let mut page = doc.page(PageSize::A4);
                cut_marks(&mut page);
                for (slot, badge) in chunk.iter().enumerate() {
                    let (x, y) = ((slot % 2) as f32 * CELL_W, (slot / 2) as f32 * CELL_H);
                    draw(&mut page, x, y, title, badge)?;
                    progress(sheet * 4 + slot + 1, badges.len());
                }
            }
        }
    }
    doc.finish().map_err(document_error)
}

fn document_error(error: crate::pdf::PdfError) -> CoreError {
    CoreError::Document(error.to_string())
}

fn validate(index: usize, badge: &Badge) -> Result<()> {
    let line = index + 1;
    if badge.name.trim().is_empty() {
        return Err(CoreError::invalid(&format!("badges[{index}].name"), format!("badge {line} has no name")));
    }
    let code = badge.code.trim();
    if code.is_empty() {
        return Err(CoreError::invalid(&format!("badges[{index}].code"), format!("badge {line} ({}) has no badge code", badge.name)));
    }
    if code.len() > MAX_CODE {
        return Err(CoreError::invalid(
            &format!("badges[{index}].code"),
            format!("badge {line} ({}) has a badge code longer than {MAX_CODE} characters", badge.name),
        ));
    }
    Ok(())
}

/// An A6 cell: 105 × 148 mm (a quarter of A4 is 105 × 148.5; the half millimetre is spare).
const CELL_W: f32 = 105.0;
const CELL_H: f32 = 148.5;
const MARGIN: f32 = 8.0;
const QR_SIDE: f32 = 42.0;

/// Short marks at the sheet's edges and centre where the guillotine cuts the four badges apart.
fn cut_marks(page: &mut Canvas<'_>) {
    page.stroke_rgb(0.6, 0.6, 0.6);
    let (w, h) = PageSize::A4.mm();
    let (cx, cy) = (w / 2.0, h / 2.0);
    page.line(cx, 0.0, cx, 5.0, 0.2).line(cx, h - 5.0, cx, h, 0.2);
    page.line(0.0, cy, 5.0, cy, 0.2).line(w - 5.0, cy, w, cy, 0.2);
    page.line(cx - 3.0, cy, cx + 3.0, cy, 0.2).line(cx, cy - 3.0, cx, cy + 3.0, 0.2);
}

/// One badge in the A6 cell whose top-left corner is (`x`, `y`).
fn draw(page: &mut Canvas<'_>, x: f32, y: f32, title: &str, badge: &Badge) -> Result<()> {
    let inner = CELL_W - 2.0 * MARGIN;
    let centre = x + CELL_W / 2.0;

    // Header band with the event's title.
    page.fill_rgb(0.11, 0.27, 0.53).rect(x, y, CELL_W, 18.0, Paint::Fill);
    page.fill_rgb(1.0, 1.0, 1.0);
    let (size, text) = page.fit(Weight::Bold, 11.0, 7.0, inner, title);
    page.text(centre, y + 11.5, size, Weight::Bold, Align::Center, &text);
    page.fill_rgb(0.0, 0.0, 0.0);

    // The name, as large as fits, on two lines if it must.
    let mut baseline = y + 34.0;
    let name = badge.name.trim();
    let (size, text) = page.fit(Weight::Bold, 22.0, 15.0, inner, name);
    if text == name {
        page.text(centre, baseline, size, Weight::Bold, Align::Center, &text);
        baseline += 9.0;
    } else {
        let lines = page.wrap(Weight::Bold, 16.0, inner, name);
        for line in lines.iter().take(2) {
            let (size, text) = page.fit(Weight::Bold, 16.0, 10.0, inner, line);
            page.text(centre, baseline, size, Weight::Bold, Align::Center, &text);
            baseline += 7.0;
        }
        baseline += 2.0;
    }

    page.fill_rgb(0.25, 0.25, 0.25);
    for line in page.wrap(Weight::Regular, 10.0, inner, badge.function.trim()).iter().take(2) {
        if line.is_empty() {
            continue;
        }
        let (size, text) = page.fit(Weight::Regular, 10.0, 7.0, inner, line);
        page.text(centre, baseline, size, Weight::Regular, Align::Center, &text);
        baseline += 5.0;
    }
    page.fill_rgb(0.0, 0.0, 0.0);
    baseline += 2.0;
    for line in page.wrap(Weight::Bold, 11.0, inner, badge.organisation.trim()).iter().take(2) {
        if line.is_empty() {
            continue;
        }
        let (size, text) = page.fit(Weight::Bold, 11.0, 7.0, inner, line);
        page.text(centre, baseline, size, Weight::Bold, Align::Center, &text);
        baseline += 5.5;
    }
    let country = badge.country.trim();
    if !country.is_empty() {
        let (size, text) = page.fit(Weight::Regular, 10.0, 7.0, inner, country);
        page.text(centre, baseline, size, Weight::Regular, Align::Center, &text);
    }

    // The QR code and its code in clear for a door without a scanner.
    let qr_top = y + CELL_H - MARGIN - 6.0 - QR_SIDE;
    page.qr(centre - QR_SIDE / 2.0, qr_top, QR_SIDE, badge.code.trim()).map_err(document_error)?;
    page.fill_rgb(0.3, 0.3, 0.3);
    page.text(centre, qr_top + QR_SIDE + 4.0, 8.0, Weight::Regular, Align::Center, badge.code.trim());
    page.fill_rgb(0.0, 0.0, 0.0);
    Ok(())
}

#[cfg(test)]
mod tests;
