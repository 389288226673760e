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
            // The tokenizer folds final sigma into sigma; folding it here too keeps the words
            // the list matches with LIKE equal to the ones FTS matches (see `crate::search`).
            'ς' => out.push('σ'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'þ' | 'Þ' => out.push_str("th"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Whether `c` (already folded) is part of a word: the characters FTS5's `unicode61` tokenizer
/// keeps in a token (letters, numbers, private use), so that words cut here are the tokens the
/// full-text index holds. Rust's `is_alphanumeric` also counts the enclosed letters (Ⓐ, 🄰),
/// which the tokenizer treats as symbols.
fn in_word(c: char) -> bool {
    let enclosed = matches!(c, '\u{24B6}'..='\u{24E9}' | '\u{1F130}'..='\u{1F149}' | '\u{1F150}'..='\u{1F169}' | '\u{1F170}'..='\u{1F189}');
    let private = matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}');
    (c.is_alphanumeric() && !enclosed) || private
}

/// The folded words of `text`, in order, duplicates kept.
pub fn words(text: &str) -> Vec<String> {
    fold(text).split(|c: char| !in_word(c)).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// The words of a search box, folded, as an FTS5 query matching every word by prefix.
/// Returns None when nothing searchable was typed.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = words(input).into_iter().map(|w| format!("\"{w}\"*")).collect();
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

    #[test]
    fn words_are_cut_where_the_full_text_tokenizer_cuts_them() {
        assert_eq!(words("Jean-Pierre O'Brien <jp.obrien@cork.example>"), ["jean", "pierre", "o", "brien", "jp", "obrien", "cork", "example"]);
        assert_eq!(words("Ⓐb 2ᵉ"), ["b", "2ᵉ"]);
        assert_eq!(words("ΟΔΥΣΣΕΥΣ"), ["οδυσσευσ"]);
    }
}
