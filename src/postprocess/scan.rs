//! The quick pass: one scan over the page from one `<` to the next, reading only the tags.
//!
//! quartier writes its pages itself: templates and Markdown output, with every text escaped and
//! raw HTML never published. For such HTML a scan of the tags gives what the reference pass
//! ([`super::reference`], lol_html with six selectors) gives, at a tenth of the cost or less:
//! the same ids, links, search text and rewritten tags, byte for byte. It reads the element
//! nesting, `<svg>`, comments, the doctype and the elements whose content is text
//! (`<script>`, `<style>`, `<title>`, `<noscript>` …).
//!
//! Whatever it does not follow, it does not guess: it returns `None` and the page goes to the
//! reference pass. That is a `<` that starts no tag, an end tag that does not close the element
//! opened last (an end tag left out, a stray one), `<math>`, a `<select>` with more than
//! options and option groups or an option's end tag left out, `<template>`,
//! `<frameset>`, `<plaintext>`, CDATA, HTML inside `<svg>`, unusual comments, a `<!--` in a
//! script, a page that ends inside a tag. A site theme may write any of these; the page is then
//! only read more slowly.

use super::{Collect, Found, Rewrite};

/// Reads `html` into `found`; returns the rewritten page, or `None` when the page is one for the
/// reference pass.
pub(super) fn pass<'a>(html: &str, collect: Collect, found: Found<'a>) -> Option<(String, Found<'a>)> {
    let mut scan = Scan {
        html,
        bytes: html.as_bytes(),
        out: String::new(),
        copied: 0,
        found,
        search: collect == Collect::SearchText,
        stack: Vec::new(),
        attrs: Vec::new(),
        svg: 0,
        select: false,
        main: 0,
        h1: 0,
        h23: 0,
        head: 0,
        skipping: false,
    };
    scan.run()?;
    if scan.copied == 0 {
        return Some((html.to_string(), scan.found));
    }
    scan.out.push_str(&html[scan.copied..]);
    Some((scan.out, scan.found))
}

/// An open element.
struct Open {
    /// Where its name is in the page.
    name: (usize, usize),
    main: bool,
    h1: bool,
    h23: bool,
    head: bool,
    /// `main script` or `main [data-search-skip]`: its end tag ends the skipping.
    skip: bool,
}

/// An attribute as written: where its name, value and whole text are in the page.
struct Attr {
    name: (usize, usize),
    value: Option<(usize, usize)>,
    raw: (usize, usize),
}

/// How an element's content is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Content {
    /// Tags and text.
    Markup,
    /// Text up to the element's end tag (`<style>`, `<title>` …).
    Text,
    /// Script text up to `</script>`.
    Script,
}

struct Scan<'h, 'a> {
    html: &'h str,
    bytes: &'h [u8],
    /// The page as rewritten, up to `copied`.
    out: String,
    copied: usize,
    found: Found<'a>,
    search: bool,
    stack: Vec<Open>,
    attrs: Vec<Attr>,
    /// How many `<svg>` are open.
    svg: usize,
    /// Inside a `<select>`: only `<option>` and `<optgroup>`, each closed by its end tag.
    select: bool,
    main: usize,
    h1: usize,
    h23: usize,
    head: usize,
    skipping: bool,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

fn is_one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|n| name.eq_ignore_ascii_case(n))
}

/// Elements without content or end tag.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
    "param", "source", "track", "wbr",
];

/// Elements this pass leaves to the reference pass wherever they are.
const NOT_FOLLOWED: &[&str] = &["math", "template", "frameset", "plaintext", "font"];

/// HTML elements that end an `<svg>` early, or hold HTML in it: left to the reference pass.
const LEAVES_SVG: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
    "desc",
    "title",
    "foreignobject",
];

impl<'h> Scan<'h, '_> {
    fn run(&mut self) -> Option<()> {
        let len = self.bytes.len();
        let mut pos = 0;
        let mut text_start = 0;
        loop {
            let Some(lt) = self.html[pos..].find('<').map(|i| pos + i) else {
                self.text(text_start, len);
                return Some(());
            };
            match self.bytes.get(lt + 1) {
                Some(b'!') => {
                    self.text(text_start, lt);
                    pos = self.declaration(lt)?;
                }
                Some(b'/') => {
                    self.text(text_start, lt);
                    pos = self.end_tag(lt)?;
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    self.text(text_start, lt);
                    let (end, content) = self.start_tag(lt)?;
                    pos = end;
                    if content != Content::Markup {
                        // The element's text runs to its end tag; nothing in it is a tag.
                        let close = self.closing_tag(end, content)?;
                        self.text(end, close);
                        pos = self.end_tag(close)?;
                    }
                }
                _ => return None,
            }
            text_start = pos;
        }
    }

    /// A comment, the doctype or another `<!…>`; returns where it ends.
    fn declaration(&self, lt: usize) -> Option<usize> {
        let rest = &self.html[lt..];
        if let Some(body) = rest.strip_prefix("<!--") {
            if body.starts_with('>') || body.starts_with("->") {
                return None;
            }
            let end = body.find("-->")?;
            if body[..end].contains("--!") {
                return None;
            }
            return Some(lt + 4 + end + 3);
        }
        if rest.starts_with("<![") {
            return None;
        }
        Some(lt + rest.find('>')? + 1)
    }

    /// Finds where the text of the element opened last (a script, a style …) ends: the `<` of
    /// its end tag.
    fn closing_tag(&self, from: usize, content: Content) -> Option<usize> {
        let open = self.stack.last()?;
        let name = &self.html[open.name.0..open.name.1];
        let mut at = from;
        loop {
            let lt = at + self.html[at..].find("</")?;
            let after = lt + 2 + name.len();
            if self
                .html
                .get(lt + 2..after)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && self
                    .bytes
                    .get(after)
                    .is_some_and(|&b| is_space(b) || b == b'/' || b == b'>')
            {
                if content == Content::Script && self.html[from..lt].contains("<!--") {
                    return None;
                }
                return Some(lt);
            }
            at = lt + 2;
        }
    }

    /// An end tag at `lt`; returns where it ends.
    fn end_tag(&mut self, lt: usize) -> Option<usize> {
        let start = lt + 2;
        if !self.bytes.get(start)?.is_ascii_alphabetic() {
            return None;
        }
        let mut i = start;
        while i < self.bytes.len() && !is_space(self.bytes[i]) && self.bytes[i] != b'/' && self.bytes[i] != b'>' {
            i += 1;
        }
        let name = &self.html[start..i];
        while i < self.bytes.len() && is_space(self.bytes[i]) {
            i += 1;
        }
        if self.bytes.get(i) != Some(&b'>') {
            return None;
        }
        let open = self.stack.pop()?;
        if !self.html[open.name.0..open.name.1].eq_ignore_ascii_case(name) {
            return None;
        }
        self.main -= usize::from(open.main);
        self.h1 -= usize::from(open.h1);
        self.h23 -= usize::from(open.h23);
        self.head -= usize::from(open.head);
        if open.skip {
            self.skipping = false;
        }
        if name.eq_ignore_ascii_case("svg") {
            self.svg = self.svg.checked_sub(1)?;
        }
        if name.eq_ignore_ascii_case("select") {
            self.select = false;
        }
        Some(i + 1)
    }

    /// A start tag at `lt`; returns where it ends and how the element's content is read.
    fn start_tag(&mut self, lt: usize) -> Option<(usize, Content)> {
        let bytes = self.bytes;
        let len = bytes.len();
        let name_start = lt + 1;
        let mut i = name_start;
        while i < len && !is_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
            i += 1;
        }
        let name = (name_start, i);
        self.attrs.clear();
        let self_closing;
        loop {
            while i < len && is_space(bytes[i]) {
                i += 1;
            }
            match *bytes.get(i)? {
                b'>' => {
                    self_closing = false;
                    i += 1;
                    break;
                }
                b'/' if bytes.get(i + 1) == Some(&b'>') => {
                    self_closing = true;
                    i += 2;
                    break;
                }
                b'/' => i += 1,
                b'=' => return None,
                _ => i = self.attribute(i)?,
            }
        }
        let end = i;
        let tag = &self.html[name.0..name.1];
        if is_one_of(tag, NOT_FOLLOWED) {
            return None;
        }
        // A `<select>` is followed while it holds options and option groups alone, each
        // closed by its end tag before the next begins (the parser's rules in a select
        // differ for anything else).
        if self.select {
            let open = self.stack.last().map(|o| &self.html[o.name.0..o.name.1]);
            let in_option = open.is_some_and(|o| o.eq_ignore_ascii_case("option"));
            let in_group = open.is_some_and(|o| o.eq_ignore_ascii_case("optgroup"));
            let allowed = (tag.eq_ignore_ascii_case("option") && !in_option)
                || (tag.eq_ignore_ascii_case("optgroup") && !in_option && !in_group);
            if !allowed || self_closing {
                return None;
            }
        } else if tag.eq_ignore_ascii_case("select") {
            if self.svg > 0 || self_closing {
                return None;
            }
            self.select = true;
        }
        let is_svg = tag.eq_ignore_ascii_case("svg");
        if (self.svg > 0 && is_one_of(tag, LEAVES_SVG)) || (is_svg && self_closing) {
            return None;
        }
        let in_html = self.svg == 0;
        self.handle(lt, name, end, self_closing)?;

        let pushed = if in_html { !is_one_of(tag, VOID) } else { !self_closing };
        let skip = self.search
            && self.main > 0
            && (tag.eq_ignore_ascii_case("script") || self.attr("data-search-skip").is_some());
        if skip {
            self.skipping = true;
        }
        if pushed {
            let main = tag.eq_ignore_ascii_case("main");
            let h1 = self.main > 0 && tag.eq_ignore_ascii_case("h1");
            let h23 = self.main > 0 && is_one_of(tag, &["h2", "h3"]);
            let head = tag.eq_ignore_ascii_case("head");
            self.main += usize::from(main);
            self.h1 += usize::from(h1);
            self.h23 += usize::from(h23);
            self.head += usize::from(head);
            self.stack.push(Open {
                name,
                main,
                h1,
                h23,
                head,
                skip,
            });
        }
        if is_svg {
            self.svg += 1;
        }
        let content = if !in_html {
            Content::Markup
        } else if tag.eq_ignore_ascii_case("script") {
            Content::Script
        } else if is_one_of(
            tag,
            &[
                "style", "iframe", "xmp", "noembed", "noframes", "noscript", "textarea", "title",
            ],
        ) {
            Content::Text
        } else {
            Content::Markup
        };
        if content != Content::Markup && (self_closing || !pushed) {
            return None;
        }
        Some((end, content))
    }

    /// An attribute starting at `i`; returns where it ends.
    fn attribute(&mut self, start: usize) -> Option<usize> {
        let bytes = self.bytes;
        let len = bytes.len();
        let mut i = start;
        while i < len && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            if matches!(bytes[i], b'"' | b'\'' | b'<') {
                return None;
            }
            i += 1;
        }
        let name = (start, i);
        let mut j = i;
        while j < len && is_space(bytes[j]) {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            self.attrs.push(Attr {
                name,
                value: None,
                raw: name,
            });
            return Some(i);
        }
        j += 1;
        while j < len && is_space(bytes[j]) {
            j += 1;
        }
        let value = match *bytes.get(j)? {
            quote @ (b'"' | b'\'') => {
                let close = j + 1 + self.html[j + 1..].find(quote as char)?;
                let value = (j + 1, close);
                j = close + 1;
                value
            }
            b'>' => return None,
            _ => {
                let from = j;
                while j < len && !is_space(bytes[j]) && bytes[j] != b'>' {
                    if matches!(bytes[j], b'"' | b'\'' | b'<' | b'=' | b'`') {
                        return None;
                    }
                    j += 1;
                }
                if j == len {
                    return None;
                }
                (from, j)
            }
        };
        self.attrs.push(Attr {
            name,
            value: Some(value),
            raw: (start, j),
        });
        Some(j)
    }

    /// The value of the element's first attribute called `name` (`""` when it has none).
    fn attr(&self, name: &str) -> Option<&'h str> {
        let html = self.html;
        self.attrs
            .iter()
            .find(|a| html[a.name.0..a.name.1].eq_ignore_ascii_case(name))
            .map(|a| a.value.map_or("", |v| &html[v.0..v.1]))
    }

    /// What the reference pass's element handlers do with a start tag: its id, its link, the
    /// page description; a changed attribute rewrites the tag.
    fn handle(&mut self, lt: usize, name: (usize, usize), end: usize, self_closing: bool) -> Option<()> {
        let html = self.html;
        let tag = &html[name.0..name.1];
        if let Some(id) = self.attr("id") {
            self.found.id(id);
        }
        // `a[href], link[href], img[src], script[src], source[src], iframe[src]`
        let link = ["a", "link", "img", "script", "source", "iframe"]
            .into_iter()
            .find(|n| tag.eq_ignore_ascii_case(n))
            .filter(|&n| {
                self.attr(if matches!(n, "a" | "link") { "href" } else { "src" })
                    .is_some()
            });
        if let Some(lower) = link {
            let attr = if self.attr("href").is_some() { "href" } else { "src" };
            let href = self.attr(attr).unwrap_or_default();
            let rel = self.attr("rel").unwrap_or_default();
            if let Some(rewrite) = self.found.link(lower, href, rel) {
                let (attr, value) = match rewrite {
                    Rewrite::Link(value) => (attr, value),
                    Rewrite::Rel(value) => ("rel", value),
                };
                self.rewrite(lt, name, end, self_closing, attr, &value);
            }
        }
        if self.search && self.head > 0 && tag.eq_ignore_ascii_case("meta") {
            match self.attr("name") {
                Some("description") => self.found.description = self.attr("content").unwrap_or_default().to_string(),
                Some(other) if other.eq_ignore_ascii_case("description") => return None,
                _ => {}
            }
        }
        Some(())
    }

    /// Writes the start tag at `lt..end` again with `attr` set to `value`, the way the reference
    /// pass writes a changed tag: attributes one space apart, the changed one in double quotes.
    fn rewrite(&mut self, lt: usize, name: (usize, usize), end: usize, self_closing: bool, attr: &str, value: &str) {
        let html = self.html;
        if self.out.capacity() == 0 {
            self.out.reserve(html.len() + html.len() / 8);
        }
        self.out.push_str(&html[self.copied..lt]);
        self.out.push('<');
        self.out.push_str(&html[name.0..name.1]);
        let changed = self
            .attrs
            .iter()
            .position(|a| html[a.name.0..a.name.1].eq_ignore_ascii_case(attr));
        let push_value = |out: &mut String, name: &str| {
            out.push_str(name);
            out.push_str("=\"");
            out.push_str(&value.replace('"', "&quot;"));
            out.push('"');
        };
        for (index, a) in self.attrs.iter().enumerate() {
            self.out.push(' ');
            if Some(index) == changed {
                push_value(&mut self.out, &html[a.name.0..a.name.1]);
            } else {
                self.out.push_str(&html[a.raw.0..a.raw.1]);
            }
        }
        if changed.is_none() {
            self.out.push(' ');
            push_value(&mut self.out, attr);
        }
        self.out.push_str(if self_closing { " />" } else { ">" });
        self.copied = end;
    }

    /// A text node from `start` to `end`: what the reference pass's text handlers take of it.
    fn text(&mut self, start: usize, end: usize) {
        if !self.search || start >= end {
            return;
        }
        let text = &self.html[start..end];
        if self.main > 0 && !self.skipping {
            self.found.body.push_str(text);
            self.found.body.push(' ');
        }
        if self.h1 > 0 {
            self.found.title.push_str(text);
        }
        if self.h23 > 0 {
            self.found.headings.push_str(text);
            self.found.headings.push(' ');
        }
    }
}
