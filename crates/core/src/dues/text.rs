//! How dues amounts and bands read in English text (quotes, reminders): euros with thousands
//! separators, whole euros without cents, band labels. The UI formats for its own locale;
//! these are for the texts core writes (the `why` of a fee, reminder letters).

/// `1_234_567` → "1,234,567".
pub fn format_population(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0 {
        out.insert(0, '-');
    }
    out
}

/// `120_000` cents → "€1,200"; `120_050` → "€1,200.50".
pub fn format_euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let euros = format_population((cents / 100).abs());
    match (cents % 100).abs() {
        0 => format!("{sign}€{euros}"),
        rest => format!("{sign}€{euros}.{rest:02}"),
    }
}

/// The label of a population band: "< 20,000", "20,000–100,000", "≥ 1,000,000", or "flat fee"
/// for a band that covers every population.
pub(crate) fn band_label(from: i64, to: Option<i64>) -> String {
    match (from, to) {
        (0, None) => "flat fee".to_string(),
        (0, Some(to)) => format!("< {}", format_population(to)),
        (from, None) => format!("≥ {}", format_population(from)),
        (from, Some(to)) => format!("{}–{}", format_population(from), format_population(to)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_show_thousands_and_cents_only_when_there_are_some() {
        assert_eq!(format_euros(120_000), "€1,200");
        assert_eq!(format_euros(120_050), "€1,200.50");
        assert_eq!(format_euros(5), "€0.05");
        assert_eq!(format_euros(-25_000), "-€250");
    }

    #[test]
    fn band_labels_name_open_ends_with_signs() {
        assert_eq!(band_label(0, Some(20_000)), "< 20,000");
        assert_eq!(band_label(100_000, Some(500_000)), "100,000–500,000");
        assert_eq!(band_label(1_000_000, None), "≥ 1,000,000");
        assert_eq!(band_label(0, None), "flat fee");
    }
}
