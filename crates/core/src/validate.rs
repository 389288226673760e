//! Field rules shared by every form and import: each failure names the field and says
//! what is expected, so the UI can show it next to the field at fault.

use chrono::NaiveDate;

use crate::{CoreError, Result};

/// A trimmed, non-empty text of at most `max` characters.
pub fn required(field: &str, label: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(CoreError::invalid(field, format!("{label} is required")));
    }
    optional(field, label, value, max)
}

pub fn optional(field: &str, label: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(CoreError::invalid(field, format!("{label} is longer than {max} characters")));
    }
    Ok(value.to_string())
}

/// An e-mail address of the usual shape `name@domain.tld`; returns it trimmed.
pub fn email(field: &str, value: &str) -> Result<String> {
    let value = value.trim();
    let bad = || CoreError::invalid(field, format!("\"{value}\" is not a valid e-mail address (expected name@domain.org)"));
    let (local, domain) = value.split_once('@').ok_or_else(bad)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if local_ok && domain_ok && value.len() <= 254 {
        Ok(value.to_string())
    } else {
        Err(bad())
    }
}

/// A web address; a bare host such as `www.porto.pt` gets `https://` in front.
pub fn website(field: &str, value: &str) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    let with_scheme = if value.contains("://") { value.to_string() } else { format!("https://{value}") };
    let bad = || CoreError::invalid(field, format!("\"{value}\" is not a valid web address (expected https://www.example.org)"));
    let rest = with_scheme
        .strip_prefix("https://")
        .or_else(|| with_scheme.strip_prefix("http://"))
        .ok_or_else(bad)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(h, port)| if port.chars().all(|c| c.is_ascii_digit()) { h } else { host });
    let labels: Vec<&str> = host.split('.').collect();
    let ok = labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && !rest.chars().any(char::is_whitespace);
    if ok {
        Ok(with_scheme)
    } else {
        Err(bad())
    }
}

/// A calendar date `YYYY-MM-DD`, or None for an empty value.
pub fn date(field: &str, label: &str, value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(|d| Some(d.format("%Y-%m-%d").to_string()))
            .map_err(|_| CoreError::invalid(field, format!("{label} \"{v}\" is not a date (expected YYYY-MM-DD)"))),
    }
}

/// ISO 639-1 language codes, lower-cased and without duplicates.
pub fn languages(field: &str, values: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for value in values.iter().map(|v| v.trim().to_lowercase()).filter(|v| !v.is_empty()) {
        if value.len() != 2 || !value.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(CoreError::invalid(field, format!("\"{value}\" is not a two-letter language code (e.g. fr, en, de)")));
        }
        if !out.contains(&value) {
            out.push(value);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(error: CoreError) -> String {
        match error {
            CoreError::Validation { field, .. } => field,
            other => panic!("expected a validation error, got {other}"),
        }
    }

    #[test]
    fn ordinary_addresses_pass_and_broken_ones_name_their_field() {
        assert_eq!(email("email", " culture@porto.pt ").expect("valid"), "culture@porto.pt");
        assert!(email("email", "anne-marie.o'neil@ville-lyon.fr").is_ok());
        for bad in ["not-an-email", "a@b", "@porto.pt", "a b@porto.pt", "a@porto..pt", "a@@porto.pt", "a.@porto.pt"] {
            assert_eq!(field_of(email("emails", bad).expect_err(bad)), "emails", "{bad}");
        }
    }

    #[test]
    fn a_bare_host_becomes_an_https_address_and_nonsense_is_refused() {
        assert_eq!(website("website", "www.porto.pt").expect("host"), "https://www.porto.pt");
        assert_eq!(website("website", "http://cm-porto.pt/cultura?x=1").expect("url"), "http://cm-porto.pt/cultura?x=1");
        assert_eq!(website("website", "").expect("empty"), "");
        for bad in ["porto", "ftp://porto.pt", "https://por to.pt", "https://.pt"] {
            assert!(website("website", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn required_text_is_trimmed_and_empty_is_refused() {
        assert_eq!(required("name", "Name", "  Porto ", 200).expect("ok"), "Porto");
        assert_eq!(field_of(required("name", "Name", "   ", 200).expect_err("empty")), "name");
    }

    #[test]
    fn dates_must_be_real_calendar_days() {
        assert_eq!(date("joined_on", "Joined", Some("2024-02-29")).expect("leap day"), Some("2024-02-29".into()));
        assert!(date("joined_on", "Joined", Some("2023-02-29")).is_err());
        assert_eq!(date("joined_on", "Joined", Some("")).expect("empty"), None);
    }

    #[test]
    fn language_codes_are_normalised_and_checked() {
        let codes = languages("languages", &["FR".into(), " en".into(), "fr".into()]).expect("ok");
        assert_eq!(codes, vec!["fr", "en"]);
        assert!(languages("languages", &["french".into()]).is_err());
    }
}
