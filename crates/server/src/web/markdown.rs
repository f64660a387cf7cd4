//! A tiny markdown subset for the lesson bodies: headings, paragraphs, `-`/`*` and numbered
//! lists, and `**bold**`. Everything is HTML-escaped first, so no markup in a lesson can reach
//! the page; anything outside the subset shows as the text it is.

use super::esc;

/// `**bold**` inside already-escaped text.
fn inline(text: &str) -> String {
    let escaped = esc(text);
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped.as_str();
    while let Some(start) = rest.find("**") {
        let after = &rest[start + 2..];
        match after.find("**") {
            Some(end) if end > 0 => {
                out.push_str(&rest[..start]);
                out.push_str("<strong>");
                out.push_str(&after[..end]);
                out.push_str("</strong>");
                rest = &after[end + 2..];
            }
            _ => break,
        }
    }
    out.push_str(rest);
    out
}

enum Block {
    None,
    Para(Vec<String>),
    Ul(Vec<String>),
    Ol(Vec<String>),
}

fn flush(block: &mut Block, out: &mut String) {
    match std::mem::replace(block, Block::None) {
        Block::None => {}
        Block::Para(lines) => {
            out.push_str("<p>");
            out.push_str(&inline(&lines.join(" ")));
            out.push_str("</p>\n");
        }
        Block::Ul(items) | Block::Ol(items) if items.is_empty() => {}
        Block::Ul(items) => {
            out.push_str("<ul>\n");
            for i in items {
                out.push_str(&format!("<li>{}</li>\n", inline(&i)));
            }
            out.push_str("</ul>\n");
        }
        Block::Ol(items) => {
            out.push_str("<ol>\n");
            for i in items {
                out.push_str(&format!("<li>{}</li>\n", inline(&i)));
            }
            out.push_str("</ol>\n");
        }
    }
}

fn numbered(line: &str) -> Option<&str> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    line[digits..].strip_prefix(". ")
}

/// Renders the subset to HTML. Headings start at level 2 (the page title is the h1).
pub fn render(md: &str) -> String {
    let mut out = String::new();
    let mut block = Block::None;
    for raw in md.lines() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut block, &mut out);
            continue;
        }
        if let Some(h) = line.strip_prefix('#') {
            flush(&mut block, &mut out);
            let level = 1 + h.chars().take_while(|c| *c == '#').count();
            let text = h.trim_start_matches('#').trim();
            let tag = (level + 1).min(4);
            out.push_str(&format!("<h{tag}>{}</h{tag}>\n", inline(text)));
            continue;
        }
        if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            if !matches!(block, Block::Ul(_)) {
                flush(&mut block, &mut out);
                block = Block::Ul(Vec::new());
            }
            if let Block::Ul(items) = &mut block {
                items.push(item.to_string());
            }
            continue;
        }
        if let Some(item) = numbered(line) {
            if !matches!(block, Block::Ol(_)) {
                flush(&mut block, &mut out);
                block = Block::Ol(Vec::new());
            }
            if let Block::Ol(items) = &mut block {
                items.push(item.to_string());
            }
            continue;
        }
        match &mut block {
            Block::Para(lines) => lines.push(line.to_string()),
            // A line that continues a list item.
            Block::Ul(items) | Block::Ol(items) if raw.starts_with("  ") => {
                if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(line);
                }
            }
            _ => {
                flush(&mut block, &mut out);
                block = Block::Para(vec![line.to_string()]);
            }
        }
    }
    flush(&mut block, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_the_subset() {
        let html = render(
            "# Title\n\nSome **bold** text\nwrapped.\n\n- one\n- **two**\n\n1. first\n2. second\n",
        );
        assert_eq!(
            html,
            "<h2>Title</h2>\n<p>Some <strong>bold</strong> text wrapped.</p>\n<ul>\n<li>one</li>\n<li><strong>two</strong></li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n"
        );
    }

    #[test]
    fn escapes_html() {
        let html = render("<script>alert(1)</script> **<b>x</b>**");
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("<strong>&lt;b&gt;x&lt;/b&gt;</strong>"));
    }

    #[test]
    fn unmatched_bold_stays_text() {
        assert_eq!(render("a ** b"), "<p>a ** b</p>\n");
    }
}
