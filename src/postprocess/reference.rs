//! The reference pass: lol_html reads the page with six selectors. It takes any HTML; the
//! quick pass ([`super::scan`]) leaves it the pages it is not sure about, and the tests hold the
//! quick pass to it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use lol_html::html_content::{Element, EndTag};
use lol_html::{EndTagHandler, RewriteStrSettings, element, rewrite_str, text};

use super::{Collect, Found, Rewrite};

/// Reads `html` into `found`; returns the rewritten page.
pub(super) fn pass<'a>(html: &str, collect: Collect, found: Found<'a>) -> Result<(String, Found<'a>), String> {
    let found = RefCell::new(found);
    // Inside `main script` or `main [data-search-skip]`: not search text.
    let skipping = Rc::new(Cell::new(false));
    let on_link = |el: &mut Element, attr: &str| {
        let Some(href) = el.get_attribute(attr) else { return };
        let rel = el.get_attribute("rel").unwrap_or_default();
        match found.borrow_mut().link(&el.tag_name(), &href, &rel) {
            // Attribute names are static and valid.
            Some(Rewrite::Link(new_href)) => {
                let _ = el.set_attribute(attr, &new_href);
            }
            Some(Rewrite::Rel(new_rel)) => {
                let _ = el.set_attribute("rel", &new_rel);
            }
            None => {}
        }
    };
    let mut settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("[id]", |el| {
            if let Some(id) = el.get_attribute("id") {
                found.borrow_mut().id(&id);
            }
            Ok(())
        }))
        .append_element_content_handler(element!(
            "a[href], link[href], img[src], script[src], source[src], iframe[src]",
            |el| {
                let attr = if el.has_attribute("href") { "href" } else { "src" };
                on_link(el, attr);
                Ok(())
            }
        ));
    if collect == Collect::SearchText {
        settings = settings
            // Scripts, and views that repeat what the page already says (the phone list of the
            // hours table, marked `data-search-skip`), are not search text.
            .append_element_content_handler(element!("main script, main [data-search-skip]", |el| {
                skipping.set(true);
                let flag = Rc::clone(&skipping);
                if let Some(handlers) = el.end_tag_handlers() {
                    handlers.push(Box::new(move |_end: &mut EndTag<'_>| {
                        flag.set(false);
                        Ok(())
                    }) as EndTagHandler<'static>);
                }
                Ok(())
            }))
            .append_element_content_handler(element!("head meta[name=description]", |el| {
                found.borrow_mut().description = el.get_attribute("content").unwrap_or_default();
                Ok(())
            }))
            .append_element_content_handler(text!("main h1", |t| {
                found.borrow_mut().title.push_str(t.as_str());
                Ok(())
            }))
            .append_element_content_handler(text!("main h2, main h3", |t| {
                let mut found = found.borrow_mut();
                found.headings.push_str(t.as_str());
                if t.last_in_text_node() {
                    found.headings.push(' ');
                }
                Ok(())
            }))
            .append_element_content_handler(text!("main", |t| {
                if !skipping.get() {
                    let mut found = found.borrow_mut();
                    found.body.push_str(t.as_str());
                    if t.last_in_text_node() {
                        found.body.push(' ');
                    }
                }
                Ok(())
            }));
    }
    let html = rewrite_str(html, settings).map_err(|e| e.to_string())?;
    Ok((html, found.into_inner()))
}
