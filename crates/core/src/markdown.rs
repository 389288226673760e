//! Markdown to safe HTML and to plain text, for best-practice bodies, the catalogue and the e-bulletin.
//!
//! Two fences, because the HTML ends up inside the app's webview and in people's mailboxes:
//! 1. raw HTML written in the Markdown is never passed through: pulldown-cmark reports it as
//!    `Html`/`InlineHtml` events and we turn those into plain text, so `<script>` shows as
//!    the characters `<script>`;
//! 2. the rendered HTML then goes through ammonia's allow-list (no `script`/`style`/`iframe`,
//!    no `on*` attributes, links and images only with http, https or mailto), so a crafted
//!    link such as `[x](javascript:alert(1))` loses its address.

use std::collections::HashSet;

use pulldown_cmark::{html, Event, Options, Parser};

fn parser(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    Parser::new_ext(markdown, options).map(|event| match event {
        // Raw HTML becomes visible text rather than markup.
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    })
}

/// The cleaner every rendering goes through: ammonia's defaults narrowed to the URL schemes
/// a reader may follow, and links that open outside the app without handing it a referrer.
fn cleaner() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder.url_schemes(HashSet::from(["http", "https", "mailto"]));
    builder.link_rel(Some("noopener noreferrer"));
    builder
}

/// `markdown` rendered to HTML that is safe to insert in a page.
pub fn to_safe_html(markdown: &str) -> String {
    let mut rendered = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut rendered, parser(markdown));
    cleaner().clean(&rendered).to_string()
}

/// `markdown` as plain text for the text part of an e-mail: the words, paragraphs and list
/// items, with each link's address after its text.
pub fn to_plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Tag, TagEnd};
    let mut out = String::new();
    let mut links: Vec<String> = Vec::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("- "),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop() {
                    out.push_str(&format!(" <{url}>"));
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::TableRow) => out.push_str("\n\n"),
            Event::End(TagEnd::Item) => out.push('\n'),
            Event::Rule => out.push_str("----\n\n"),
            _ => {}
        }
    }
    let trimmed = out.trim_end();
    let mut text = String::with_capacity(trimmed.len() + 1);
    // At most one blank line in a row.
    let mut blank = 0;
    for line in trimmed.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// `text` escaped for HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_markdown_renders_to_html() {
        let html = to_safe_html("# Porto\n\nA *festival* with [a site](https://porto.pt).\n\n- one\n- two");
        assert!(html.contains("<h1>Porto</h1>"), "{html}");
        assert!(html.contains("<em>festival</em>"), "{html}");
        assert!(html.contains("href=\"https://porto.pt\""), "{html}");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
        assert!(html.contains("<li>two</li>"), "{html}");
    }

    #[test]
    fn a_script_tag_in_the_markdown_never_becomes_a_script() {
        for attack in ["<script>alert(1)</script>", "text <script>alert(1)</script> text", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>"] {
            let html = to_safe_html(attack);
            assert!(!html.to_lowercase().contains("<script"), "{attack} gave {html}");
        }
        // Shown as text, so the reader sees what was written.
        assert!(to_safe_html("a <script>b</script>").contains("&lt;script&gt;"));
    }

    #[test]
    fn javascript_and_data_links_lose_their_address() {
        for attack in [
            "[click](javascript:alert(1))",
            "[click](JavaScript:alert(document.cookie))",
            "[click]( javascript:alert(1) )",
            "<javascript:alert(1)>",
            "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "![img](javascript:alert(1))",
            "[ref]\n\n[ref]: javascript:alert(1)",
        ] {
            let html = to_safe_html(attack);
            let lower = html.to_lowercase();
            assert!(!lower.contains("href=\"javascript") && !lower.contains("src=\"javascript"), "{attack} gave {html}");
            assert!(!lower.contains("href=\"data:"), "{attack} gave {html}");
        }
    }

    /// The markup of `html`: what lies between `<` and `>` (escaped text has neither).
    fn tags(html: &str) -> Vec<String> {
        html.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or_default().to_lowercase()).collect()
    }

    const HANDLER_ATTACKS: [&str; 7] = [
        "<img src=x onerror=alert(1)>",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>",
        "<div onmouseover=\"alert(1)\">hover</div>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<style>body{display:none}</style>",
        "<svg onload=alert(1)>",
        "<p><a href=\"javascript:alert(1)\">x</a></p>",
    ];

    /// `tag` without its quoted attribute values (ammonia quotes every value it keeps).
    fn unquoted(tag: &str) -> String {
        tag.split('"').step_by(2).collect()
    }

    fn assert_harmless(source: &str, html: &str) {
        for tag in tags(html).iter().map(|t| unquoted(t)) {
            for bad in ["script", "iframe", "style", "svg"] {
                assert!(!tag.starts_with(bad), "{source} gave {html}");
            }
            assert!(!tag.contains(" on"), "an event handler survived: {source} gave {html}");
            assert!(!tag.contains("javascript:"), "{source} gave {html}");
        }
    }

    #[test]
    fn event_handlers_and_dangerous_elements_are_stripped() {
        for attack in HANDLER_ATTACKS {
            assert_harmless(attack, &to_safe_html(attack));
        }
        // Even an image written in Markdown cannot carry a handler through its title.
        let source = "![logo](https://porto.pt/logo.png \"x\\\" onerror=\\\"alert(1)\")";
        assert_harmless(source, &to_safe_html(source));
    }

    #[test]
    fn the_second_fence_strips_handlers_from_html_that_reaches_it() {
        // Raw HTML never reaches the cleaner from Markdown; should that ever change, the
        // cleaner still removes handlers, dangerous elements and script addresses.
        for attack in HANDLER_ATTACKS {
            let cleaned = cleaner().clean(attack).to_string();
            assert_harmless(attack, &cleaned);
        }
        assert!(cleaner().clean("<a href=\"https://ok.example\" onclick=\"x()\">ok</a>").to_string().contains("href=\"https://ok.example\""));
    }

    #[test]
    fn plain_text_keeps_words_lists_and_link_addresses() {
        let text = to_plain_text("# News\n\nRead [the report](https://example.org/r).\n\n- one\n- two\n");
        assert_eq!(text, "News\n\nRead the report <https://example.org/r>.\n\n- one\n- two\n");
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
