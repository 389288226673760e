//! Documents checked with independent readers: poppler's `pdftotext` / `pdftoppm` and zbar's
//! `zbarimg` (Debian packages poppler-utils and zbar-tools, installed by `scripts/setup.sh test`).

use std::path::Path;
use std::process::Command;

use super::*;

fn tool(name: &str, package: &str) -> Command {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
        .unwrap_or(false);
    assert!(found, "`{name}` is missing: install the Debian package {package} (scripts/setup.sh test)");
    Command::new(name)
}

/// The text poppler extracts from a PDF (layout kept, pages separated by form feeds).
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let output = tool("pdftotext", "poppler-utils").arg("-layout").arg(&path).arg("-").output().expect("pdftotext runs");
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8 text")
}

/// What poppler's `pdfinfo` says of every page (sizes) and of the document.
pub(crate) fn pdf_info(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let output = tool("pdfinfo", "poppler-utils").args(["-f", "1", "-l", "1000"]).arg(&path).output().expect("pdfinfo runs");
    assert!(output.status.success(), "pdfinfo failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Renders `page` (1-based) at 150 dpi and returns the QR codes zbar finds on it.
pub(crate) fn decode_qr_codes(pdf: &[u8], page: usize) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let prefix = dir.path().join("page");
    let status = tool("pdftoppm", "poppler-utils")
        .args(["-r", "150", "-gray", "-png", "-singlefile"])
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(&path)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success(), "pdftoppm failed");
    let image = prefix.with_extension("png");
    assert!(Path::new(&image).is_file(), "pdftoppm wrote no image");
    let output = tool("zbarimg", "zbar-tools").args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"]).arg(&image).output().expect("zbarimg runs");
    String::from_utf8(output.stdout).expect("utf-8").lines().map(str::to_string).filter(|l| !l.is_empty()).collect()
}

#[test]
fn accented_names_are_embedded_and_read_back_by_an_independent_reader() {
    let mut doc = Document::new("Test").expect("fonts load");
    let mut page = doc.page(PageSize::A4);
    page.text(20.0, 30.0, 14.0, Weight::Bold, Align::Left, "Constanța, Łódź, Győr");
    page.text(20.0, 40.0, 11.0, Weight::Regular, Align::Left, "Čačak — Ελευσίνα — Київ — Šibenik");
    // A decomposed "ț" (t + combining comma below) is composed before glyph lookup.
    page.text(20.0, 50.0, 11.0, Weight::Regular, Align::Left, "Constant\u{0326}a");
    let bytes = doc.finish().expect("writes");
    assert!(bytes.starts_with(b"%PDF-"));
    let text = pdf_text(&bytes);
    assert!(text.contains("Constanța, Łódź, Győr"), "{text}");
    assert!(text.contains("Čačak — Ελευσίνα — Київ — Šibenik"), "{text}");
}

#[test]
fn the_font_is_subset_so_a_small_document_stays_small() {
    let mut doc = Document::new("Small").expect("fonts load");
    doc.page(PageSize::A6).text(10.0, 10.0, 12.0, Weight::Regular, Align::Left, "Győr");
    let bytes = doc.finish().expect("writes");
    // The full DejaVu Sans is ~740 kB; a few glyphs compress to a few kB.
    assert!(bytes.len() < 30_000, "{} bytes", bytes.len());
}

#[test]
fn pages_keep_their_sizes_and_order() {
    let mut doc = Document::new("Sizes").expect("fonts load");
    doc.page(PageSize::A4).text(10.0, 10.0, 12.0, Weight::Regular, Align::Left, "one");
    doc.page(PageSize::A6).text(10.0, 10.0, 12.0, Weight::Regular, Align::Left, "two");
    let bytes = doc.finish().expect("writes");
    let info = pdf_info(&bytes);
    assert!(info.contains("Page    1 size:  595.276 x 841.89 pts (A4)"), "{info}");
    assert!(info.contains("Page    2 size:  297.638 x 419.528 pts"), "{info}");
    let pages: Vec<String> = pdf_text(&bytes).split('\u{c}').map(|p| p.trim().to_string()).collect();
    assert_eq!(&pages[..2], ["one", "two"]);
}

#[test]
fn a_qr_code_drawn_as_squares_decodes_with_zbar() {
    let mut doc = Document::new("QR").expect("fonts load");
    doc.page(PageSize::A6).qr(30.0, 40.0, 45.0, "RC-7F3K-9QZ2-XW4M").expect("fits");
    let bytes = doc.finish().expect("writes");
    assert_eq!(decode_qr_codes(&bytes, 1), ["RC-7F3K-9QZ2-XW4M"]);
}

#[test]
fn long_text_is_fitted_then_cut_with_an_ellipsis() {
    let mut doc = Document::new("Fit").expect("fonts load");
    let page = doc.page(PageSize::A6);
    let (size, text) = page.fit(Weight::Bold, 20.0, 10.0, 85.0, "Alexandra");
    assert_eq!((size, text.as_str()), (20.0, "Alexandra"));
    let long = "Maria-Magdalena Constantinescu-Wiśniewska von Hohenzollern-Sigmaringen";
    let (size, text) = page.fit(Weight::Bold, 20.0, 10.0, 85.0, long);
    assert_eq!(size, 10.0);
    assert!(text.ends_with('…') && text.len() < long.len());
    assert!(page.text_width(Weight::Bold, size, &text) <= 85.0);
    let lines = page.wrap(Weight::Regular, 10.0, 40.0, "Deputy mayor in charge of culture and heritage");
    assert!(lines.len() > 1 && lines.iter().all(|l| page.text_width(Weight::Regular, 10.0, l) <= 40.0));
    assert_eq!(lines.join(" "), "Deputy mayor in charge of culture and heritage");
}
