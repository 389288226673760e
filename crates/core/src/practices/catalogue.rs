//! The best-practice catalogue as one self-contained HTML file: styles inline, no script, no
//! external resource, so it opens in any browser offline, prints cleanly and can be mailed as
//! an attachment. Every text is escaped and every body goes through [`crate::markdown`].

use super::{Practice, PracticeQuery, Theme};
use crate::markdown::escape;
use crate::store::Store;
use crate::Result;

/// The words of the catalogue, in the language the user reads the app in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CatalogueLanguage {
    En,
    Fr,
}

struct Words {
    lang: &'static str,
    title: &'static str,
    count: fn(usize) -> String,
    contents: &'static str,
    themes: &'static str,
    tags: &'static str,
    period: &'static str,
    since: &'static str,
    presented_at: &'static str,
    links: &'static str,
    organisation: &'static str,
    empty: &'static str,
}

const EN: Words = Words {
    lang: "en",
    title: "Best practices",
    count: |n| if n == 1 { "1 practice".to_string() } else { format!("{n} practices") },
    contents: "Contents",
    themes: "Themes",
    tags: "Tags",
    period: "Period",
    since: "since",
    presented_at: "Presented at",
    links: "Links",
    organisation: "Organisation",
    empty: "No practice matches.",
};

const FR: Words = Words {
    lang: "fr",
    title: "Bonnes pratiques",
    count: |n| if n <= 1 { format!("{n} pratique") } else { format!("{n} pratiques") },
    contents: "Sommaire",
    themes: "Thèmes",
    tags: "Mots-clés",
    period: "Période",
    since: "depuis",
    presented_at: "Présentée à",
    links: "Liens",
    organisation: "Organisation",
    empty: "Aucune pratique ne correspond.",
};

const STYLE: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2330;line-height:1.5}\
h1{font-size:2rem;margin-bottom:.2rem}h2{margin-top:2.5rem;border-top:1px solid #ccd;padding-top:1rem}\
.meta{color:#555;font-size:.95rem}.summary{font-style:italic}.chips span{display:inline-block;border:1px solid #99a;border-radius:.8rem;padding:0 .5rem;margin:0 .25rem .25rem 0;font-size:.85rem}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:bold}dd{margin:0}\
nav ol{columns:2}a{color:#1f4e99}@media print{h2{break-before:page}nav{display:none}}";

fn period(practice: &Practice, words: &Words) -> Option<String> {
    match (practice.fields.period_start, practice.fields.period_end) {
        (Some(start), Some(end)) if start == end => Some(start.to_string()),
        (Some(start), Some(end)) => Some(format!("{start}–{end}")),
        (Some(start), None) => Some(format!("{} {start}", words.since)),
        _ => None,
    }
}

fn theme_label(theme: Theme, words: &Words) -> &'static str {
    if words.lang == "fr" {
        theme.label_fr()
    } else {
        theme.label_en()
    }
}

/// The catalogue of `practices` as an HTML document; `generated` is the date printed under the title.
pub fn render(practices: &[Practice], language: CatalogueLanguage, generated: &str) -> String {
    let words = match language {
        CatalogueLanguage::En => &EN,
        CatalogueLanguage::Fr => &FR,
    };
    let mut html = String::with_capacity(4_096 + practices.len() * 2_048);
    html.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src https: data:\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p class=\"meta\">{} · {}</p>\n",
        words.lang,
        escape(words.title),
        escape(words.title),
        escape(&(words.count)(practices.len())),
        escape(generated),
    ));
    if practices.is_empty() {
        html.push_str(&format!("<p>{}</p>\n", escape(words.empty)));
    } else {
        html.push_str(&format!("<nav><h3>{}</h3><ol>\n", escape(words.contents)));
        for (i, practice) in practices.iter().enumerate() {
            html.push_str(&format!("<li><a href=\"#p{}\">{}</a></li>\n", i + 1, escape(&practice.fields.title)));
        }
        html.push_str("</ol></nav>\n");
    }
    for (i, practice) in practices.iter().enumerate() {
        let f = &practice.fields;
        html.push_str(&format!("<article id=\"p{}\">\n<h2>{}</h2>\n", i + 1, escape(&f.title)));
        let place = [f.place.as_str(), practice.country_name.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ");
        html.push_str(&format!("<p class=\"meta\">{}</p>\n", escape(&place)));
        if !f.summary.is_empty() {
            html.push_str(&format!("<p class=\"summary\">{}</p>\n", escape(&f.summary)));
        }
        html.push_str("<dl>\n");
        if let Some(name) = &practice.organisation_name {
            html.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape(words.organisation), escape(name)));
        }
        if let Some(period) = period(practice, words) {
            html.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape(words.period), escape(&period)));
        }
        if !f.themes.is_empty() {
            let chips: String = f.themes.iter().map(|t| format!("<span>{}</span>", escape(theme_label(*t, words)))).collect();
            html.push_str(&format!("<dt>{}</dt><dd class=\"chips\">{chips}</dd>\n", escape(words.themes)));
        }
        if !f.tags.is_empty() {
            let chips: String = f.tags.iter().map(|t| format!("<span>{}</span>", escape(t))).collect();
            html.push_str(&format!("<dt>{}</dt><dd class=\"chips\">{chips}</dd>\n", escape(words.tags)));
        }
        if !f.event.is_empty() {
            html.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape(words.presented_at), escape(&f.event)));
        }
        html.push_str("</dl>\n");
        html.push_str(&practice.body_html);
        html.push('\n');
        if !f.links.is_empty() {
            html.push_str(&format!("<h3>{}</h3>\n<ul>\n", escape(words.links)));
            for link in &f.links {
                // Links were checked to be http(s) when saved; escaped all the same.
                html.push_str(&format!("<li><a href=\"{0}\" rel=\"noopener noreferrer\">{0}</a></li>\n", escape(link)));
            }
            html.push_str("</ul>\n");
        }
        html.push_str("</article>\n");
    }
    html.push_str("</body>\n</html>\n");
    html
}

impl Store {
    /// The catalogue of the practices matching `query` as one HTML document.
    pub fn practice_catalogue(&self, query: &PracticeQuery, language: CatalogueLanguage) -> Result<(String, usize)> {
        let practices = self.practices_in_full(query)?;
        let generated = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
        Ok((render(&practices, language, &generated), practices.len()))
    }
}
