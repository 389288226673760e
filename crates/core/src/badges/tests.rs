//! Badges checked the way a door checks them: the PDF rendered by poppler and every QR code read
//! back by zbar, plus the text poppler extracts.

use super::*;
use crate::pdf::tests::{decode_qr_codes, pdf_info, pdf_text};

fn badge(name: &str, organisation: &str, country: &str, code: &str) -> Badge {
    Badge {
        name: name.to_string(),
        function: "Deputy mayor in charge of culture and heritage".to_string(),
        organisation: organisation.to_string(),
        country: country.to_string(),
        code: code.to_string(),
    }
}

fn attendees() -> Vec<Badge> {
    vec![
        badge("Ioana Țepeș", "Primăria Municipiului Constanța", "Romania", "K7QF-2M9X-VB4T"),
        badge("Łucja Wąsowska", "Urząd Miasta Łodzi", "Poland", "P3ZD-8W6N-HC1R"),
        badge("Gábor Kővári", "Győr Megyei Jogú Város Önkormányzata", "Hungary", "M5TJ-4Y2K-QE7A"),
        badge("Jean-Baptiste de La Rochefoucauld-Montbel", "Ville de Besançon", "France", "X9LB-6R3P-GU8S"),
        badge("Ana Šimić", "Grad Rijeka", "Croatia", "D2HW-7C5V-NF6Y"),
    ]
}

fn pages(info: &str) -> usize {
    info.lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives a page count")
}

#[test]
fn a6_badges_one_per_page_whose_qr_codes_decode_to_the_badge_codes() {
    let badges = attendees();
    let pdf = render("General Assembly — Esch-sur-Alzette 2026", &badges, BadgeLayout::A6).expect("renders");
    let info = pdf_info(&pdf);
    assert_eq!(pages(&info), 5);
    assert!(info.contains("Page    1 size:  297.638 x 419.528 pts"), "{info}");
    for (index, badge) in badges.iter().enumerate() {
        assert_eq!(decode_qr_codes(&pdf, index + 1), std::slice::from_ref(&badge.code), "badge {}", index + 1);
    }
    let text = pdf_text(&pdf);
    for name in ["Ioana Țepeș", "Primăria Municipiului Constanța", "Łucja Wąsowska", "Gábor Kővári", "Hungary"] {
        assert!(text.contains(name), "{name} missing in:\n{text}");
    }
}

#[test]
fn four_badges_per_a4_sheet_each_with_its_own_readable_qr_code() {
    let badges = attendees();
    let pdf = render("Rencontres", &badges, BadgeLayout::A4Four).expect("renders");
    let info = pdf_info(&pdf);
    assert_eq!(pages(&info), 2);
    assert!(info.contains("(A4)"), "{info}");
    let mut first: Vec<String> = decode_qr_codes(&pdf, 1);
    first.sort();
    let mut expected: Vec<String> = badges[..4].iter().map(|b| b.code.clone()).collect();
    expected.sort();
    assert_eq!(first, expected);
    assert_eq!(decode_qr_codes(&pdf, 2), [badges[4].code.clone()]);
}

#[test]
fn a_badge_without_code_is_refused_naming_its_line() {
    let mut badges = attendees();
    badges[2].code = "  ".to_string();
    match render("Rencontres", &badges, BadgeLayout::A6) {
        Err(CoreError::Validation { field, message }) => {
            assert_eq!(field, "badges[2].code");
            assert!(message.contains("badge 3") && message.contains("Gábor Kővári"), "{message}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(matches!(render("Rencontres", &[], BadgeLayout::A6), Err(CoreError::Validation { .. })));
}

#[test]
fn progress_is_reported_for_every_badge() {
    let badges = attendees();
    let mut seen = Vec::new();
    render_with_progress("Rencontres", &badges, BadgeLayout::A4Four, |done, total| seen.push((done, total)))
        .expect("renders");
    assert_eq!(seen, (1..=5).map(|done| (done, 5)).collect::<Vec<_>>());
}
