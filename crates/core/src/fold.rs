//! Text folding for search and sorting: lower case, accents and ligatures removed, so that
//! "vasterbotten" finds "Västerbotten", "constanta" finds "Constanța" and "lodz" finds "Łódź".

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds `text` to lower-case ASCII-like letters where a plain reader would.
pub fn fold(text: &str) -> String {
    // Plain ASCII has nothing to decompose or strip and no special letters: lowercasing is
    // the whole fold, and it is most of what a sync or an import folds (sort keys, search
    // text), where the character-by-character path below was a measurable cost.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        // Letters that carry their mark inside the letter do not decompose under NFD.
        match c {
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'ħ' | 'Ħ' => out.push('h'),
            'ı' => out.push('i'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'þ' | 'Þ' => out.push_str("th"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The words of a search box, folded, as an FTS5 query matching every word by prefix.
/// Returns None when nothing searchable was typed.
pub fn fts_query(input: &str) -> Option<String> {
    let folded = fold(input);
    let words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_case_accents_and_comma_below() {
        assert_eq!(fold("Västerbotten"), "vasterbotten");
        assert_eq!(fold("Constanța"), "constanta");
        assert_eq!(fold("Constanţa"), "constanta");
        assert_eq!(fold("ŁÓDŹ"), "lodz");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Ærø"), "aero");
        assert_eq!(fold("Île-de-France"), "ile-de-france");
    }

    #[test]
    fn a_search_becomes_prefix_terms_and_punctuation_cannot_inject_syntax() {
        assert_eq!(fts_query("Saint-Étienne").as_deref(), Some("\"saint\"* \"etienne\"*"));
        assert_eq!(fts_query("\" OR * NEAR(").as_deref(), Some("\"or\"* \"near\"*"));
        assert_eq!(fts_query("  -- "), None);
    }
}
