//! Lesson bodies to HTML, once, when the content is loaded. CommonMark by pulldown-cmark; any
//! raw HTML in a lesson is shown as text (escaped), and a link may only go to a web address, a
//! page of the app or an anchor, so no lesson can put script or markup of its own on a page.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// Addresses a lesson may link to.
fn safe_link(dest: &str) -> bool {
    let d = dest.trim().to_ascii_lowercase();
    d.starts_with("https://")
        || d.starts_with("http://")
        || d.starts_with('/')
        || d.starts_with('#')
}

/// Renders a lesson's markdown to safe HTML.
pub fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
    );
    let mut unsafe_links = 0usize;
    let events = parser.filter_map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
        Event::Start(Tag::Link { dest_url, .. }) if !safe_link(&dest_url) => {
            unsafe_links += 1;
            None
        }
        Event::End(TagEnd::Link) if unsafe_links > 0 => {
            unsafe_links -= 1;
            None
        }
        Event::Start(Tag::Image {
            dest_url, title, ..
        }) if !safe_link(&dest_url) => Some(Event::Text(CowStr::from(format!("[image: {title}]")))),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn common_markdown_renders() {
        let h =
            to_html("## Why move\n\nWalking **helps**.\n\n- one\n- two\n\n1. first\n2. second\n");
        assert!(h.contains("<h2>Why move</h2>"), "{h}");
        assert!(h.contains("<strong>helps</strong>"), "{h}");
        assert!(h.contains("<ul>\n<li>one</li>"), "{h}");
        assert!(h.contains("<ol>\n<li>first</li>"), "{h}");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let h = to_html("Hello <script>alert(1)</script>\n\n<div onclick=x>block</div>\n");
        assert!(!h.contains("<script>"), "{h}");
        assert!(!h.contains("<div"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
    }

    #[test]
    fn only_safe_links_are_links() {
        let h = to_html(
            "[ok](https://www.nhs.uk/) and [bad](javascript:alert(1)) and [page](/lessons/x)",
        );
        assert!(h.contains(r#"<a href="https://www.nhs.uk/">ok</a>"#), "{h}");
        assert!(!h.contains("javascript"), "{h}");
        assert!(h.contains("bad"), "the text stays: {h}");
        assert!(h.contains(r#"<a href="/lessons/x">page</a>"#), "{h}");
    }
}
