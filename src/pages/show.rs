//! "Show this to the office": the essentials of an office or partner in large type, the
//! reader's language beside German (stacked on a phone, German second), for a newcomer to hold
//! up at a counter, a Kita door or a landlord's office.

use super::*;

/// The UI strings the German half prints.
const SHOW_LABELS: [&str; 7] = [
    "show_looking_for",
    "address",
    "hours",
    "hours_unknown",
    "phone",
    "show_bring",
    "show_offer",
];

/// One block of the view: a place's name, a one-line fact in German (address, phone, hours as
/// written), or a text in both languages.
#[derive(Serialize)]
struct ShowBlock {
    /// `place` (a heading), `line` (the same German text for both, left to right) or `pair`.
    kind: &'static str,
    /// The label's UI key (`address`, `phone` …), empty for none.
    label: &'static str,
    /// The reader's half (HTML).
    own: String,
    /// The German half (HTML); for `line`, unused.
    de: String,
    /// `tel:` link of a phone number.
    href: Option<String>,
    /// The "open now" line of a location (`hours.js`, in the reader's language).
    open_now: Option<OpenNowView>,
}

impl ShowBlock {
    fn new(kind: &'static str, label: &'static str, own: String, de: String) -> Self {
        ShowBlock {
            kind,
            label,
            own,
            de,
            href: None,
            open_now: None,
        }
    }
}

/// An address on one line as HTML: street (a placeholder marked), postcode and city.
fn address_line(l: &Localizer, a: &crate::content::Address) -> String {
    let address = l.address(a);
    match &address.postcode {
        Some(code) => format!("{}, {code} {}", address.street.html, escape(&address.city)),
        None => format!("{}, {}", address.street.html, escape(&address.city)),
    }
}

/// The week of a location as a list, in `l`'s language.
fn week_html(l: &Localizer, facts: &HoursFacts) -> String {
    use std::fmt::Write as _;
    let mut html = String::from("<ul class=\"show-week\">");
    for row in l.week(facts).iter().filter(|row| !row.slots.is_empty()) {
        let _ = write!(html, "<li><strong>{}</strong> ", escape(&row.day));
        let slots: Vec<String> = row
            .slots
            .iter()
            .map(|s| {
                let time = format!("<span dir=\"ltr\">{}–{}</span>", s.from, s.to);
                let mut text = match &s.note {
                    Some(note) if s.whole_day => note.html.clone(),
                    Some(note) => format!("{time}: {}", note.html),
                    None => time,
                };
                if let Some(cadence) = &s.cadence {
                    let _ = write!(text, " ({})", escape(cadence));
                }
                text
            })
            .collect();
        html.push_str(&slots.join(&escape(&l.ui("clause_separator"))));
        html.push_str("</li>");
    }
    html.push_str("</ul>");
    html
}

/// The blocks of an office: its name, each place with address and hours, phone, what to bring.
fn office_blocks(l: &Localizer, german: &Localizer, o: &Office) -> Vec<ShowBlock> {
    let de = |t: &I18n| german.text(t, false).html;
    let mut blocks = vec![ShowBlock::new("name", "", l.text(&o.name, false).html, de(&o.name))];
    // A planned or closed office says so first, with what readers should know.
    if o.status != OfficeStatus::Active {
        let status = |loc: &Localizer| {
            let label = format!("<strong>{}</strong>", escape(&loc.status(o.status).1));
            match &o.status_note {
                Some(note) => format!("<p>{label}</p><p>{}</p>", loc.text(note, true).html),
                None => format!("<p>{label}</p>"),
            }
        };
        blocks.push(ShowBlock::new("pair", "", status(l), status(german)));
    }
    for loc in &o.locations {
        if o.locations.len() > 1 {
            blocks.push(ShowBlock::new(
                "place",
                "",
                l.text(&loc.name, false).html,
                de(&loc.name),
            ));
        }
        blocks.push(ShowBlock::new(
            "line",
            "address",
            address_line(l, &loc.address),
            String::new(),
        ));
        let closed = loc.hours.as_ref().and_then(|h| h.temporarily_closed.as_ref());
        match (closed, l.facts_of(o, loc), german.facts_of(o, loc)) {
            (Some(note), _, _) => blocks.push(ShowBlock::new("pair", "hours", l.text(note, true).html, de(note))),
            (None, Some(facts), Some(german_facts)) => {
                let mut week = ShowBlock::new("pair", "hours", week_html(l, facts), week_html(german, german_facts));
                week.open_now = l.open_now(o, loc);
                blocks.push(week);
            }
            _ => blocks.push(ShowBlock::new(
                "pair",
                "hours",
                escape(&l.ui("hours_unknown")),
                escape(&german.ui("hours_unknown")),
            )),
        }
    }
    blocks.extend(phone_block(l, &o.contact));
    for item in &o.bring {
        blocks.push(ShowBlock::new("pair", "show_bring", l.text(item, false).html, de(item)));
    }
    blocks
}

fn phone_block(l: &Localizer, contact: &crate::content::Contact) -> Option<ShowBlock> {
    let view = l.contact(contact);
    let phone = view.phone?;
    let mut block = ShowBlock::new("line", "phone", phone.html, String::new());
    block.href = view.phone_href;
    Some(block)
}

/// The blocks of a partner: name, offer, address, opening hours as written, phone.
fn partner_blocks(l: &Localizer, german: &Localizer, p: &Partner) -> Vec<ShowBlock> {
    let de = |t: &I18n| german.text(t, false).html;
    let mut blocks = vec![
        ShowBlock::new("name", "", l.text(&p.name, false).html, de(&p.name)),
        ShowBlock::new("pair", "show_offer", l.text(&p.offer, false).html, de(&p.offer)),
    ];
    if let Some(a) = &p.address {
        blocks.push(ShowBlock::new("line", "address", address_line(l, a), String::new()));
    }
    if let Some(hours) = &p.opening_hours {
        blocks.push(ShowBlock::new("line", "hours", escape(hours), String::new()));
    }
    blocks.extend(phone_block(l, &p.contact));
    blocks
}

/// What is shown: an office or a partner.
pub(super) enum Shown<'c> {
    Office(&'c Office),
    Partner(&'c Partner),
}

/// The view to show at the counter, for an office or a partner.
pub(super) fn show_page(l: &Localizer, german: &Localizer, shown: Shown) -> LocalizedPage {
    let (suffix, back, name, blocks) = match shown {
        Shown::Office(o) => (
            routes::show_office(&o.id),
            l.url(&routes::office(&o.id)),
            l.text(&o.name, false),
            office_blocks(l, german, o),
        ),
        Shown::Partner(p) => (
            routes::show_partner(&p.id),
            format!("{}#partner-{}", l.url(&routes::partners()), p.id),
            l.text(&p.name, false),
            partner_blocks(l, german, p),
        ),
    };
    let title = fitting_title(vec![format!("{}: {}", l.ui("show_link"), name.text), name.text.clone()]);
    let mut ctx = l.base_context(&suffix, &title, "show");
    ctx.insert("bilingual", &(l.lang.html_lang != german.lang.html_lang));
    ctx.insert("german_html_lang", &german.lang.html_lang);
    let labels: BTreeMap<&str, String> = SHOW_LABELS.iter().map(|k| (*k, german.ui(k))).collect();
    ctx.insert("de", &labels);
    ctx.insert("blocks", &blocks);
    ctx.insert("back_url", &back);
    LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "show.html",
        context: ctx,
        markdown_links: Vec::new(),
    }
}
