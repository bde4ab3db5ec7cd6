//! The values templates see: one serialisable view per thing shown (texts with their language, offices, partners, documents).

use super::*;

/// A resolved text: what to print and in which language it really is.
#[derive(Debug, Clone, Serialize)]
pub struct TextView {
    /// Plain text (for attributes and `<title>`).
    pub text: String,
    /// HTML, with `lang`/`dir` when it is a fallback and a mark when it is a placeholder.
    pub html: String,
    /// Whether the text is from a fallback language (for a page title in the reader's
    /// language from `titles:`: whether the page it names is).
    pub fallback: bool,
}

impl TextView {
    /// A text of the page's own language (a UI string), escaped, nothing to mark.
    pub(super) fn plain(text: String) -> Self {
        TextView {
            html: crate::html::escape_html(&text),
            text,
            fallback: false,
        }
    }
}

#[derive(Serialize)]
pub(super) struct LangView {
    pub(super) tag: String,
    pub(super) html_lang: String,
    pub(super) dir: &'static str,
    pub(super) endonym: String,
    pub(super) url: String,
    pub(super) current: bool,
}

impl LangView {
    /// The language `l`, linking to its version of the page at `suffix`.
    pub(super) fn new(l: &Language, suffix: &str, current: bool) -> Self {
        LangView {
            tag: l.tag.clone(),
            html_lang: l.html_lang.clone(),
            dir: l.dir.as_str(),
            endonym: l.endonym.clone(),
            url: routes::in_language(&l.path, suffix),
            current,
        }
    }
}

#[derive(Serialize)]
pub(super) struct LinkView {
    pub(super) url: String,
    pub(super) title: TextView,
}

#[derive(Serialize)]
pub(super) struct AddressView {
    pub(super) street: TextView,
    pub(super) postcode: Option<String>,
    pub(super) city: String,
}

#[derive(Serialize)]
pub(super) struct ContactView {
    pub(super) phone: Option<TextView>,
    pub(super) phone_href: Option<String>,
    pub(super) email: Option<TextView>,
    pub(super) email_href: Option<String>,
    pub(super) web: Option<TextView>,
    pub(super) web_href: Option<String>,
}

#[derive(Serialize)]
pub(super) struct LocationView {
    pub(super) id: String,
    pub(super) name: TextView,
    pub(super) kind_label: String,
    pub(super) is_outpost: bool,
    pub(super) address: AddressView,
    pub(super) transport: Option<TextView>,
    pub(super) accessibility: Option<TextView>,
    pub(super) has_hours: bool,
    pub(super) week: Vec<DayRowView>,
    /// The weekdays without any hours, in one line (the phone layout lists only open days).
    pub(super) closed_days: String,
    pub(super) exceptions: Vec<ExceptionView>,
    pub(super) temporarily_closed: Option<TextView>,
    pub(super) open_now: Option<OpenNowView>,
    pub(super) ics_url: Option<String>,
    pub(super) hours_note: Option<TextView>,
}

#[derive(Serialize)]
pub(super) struct DayRowView {
    pub(super) day: String,
    pub(super) slots: Vec<SlotView>,
}

#[derive(Serialize)]
pub(super) struct SlotView {
    pub(super) from: String,
    pub(super) to: String,
    /// 00:00–24:00: the times are not shown.
    pub(super) whole_day: bool,
    pub(super) mode: String,
    pub(super) languages: Vec<SpokenView>,
    /// For a span that is not known to be open: what it says ("nach Vereinbarung · bitte
    /// vorher anrufen").
    pub(super) note: Option<TextView>,
    /// When it is not every week: how often and the next dates.
    pub(super) cadence: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ExceptionView {
    pub(super) date: String,
    pub(super) reason: TextView,
}

#[derive(Serialize)]
pub(super) struct OfficeView {
    pub(super) id: String,
    pub(super) url: String,
    /// The view to show at the counter.
    pub(super) show_url: String,
    pub(super) name: TextView,
    pub(super) status: &'static str,
    pub(super) status_label: String,
    pub(super) status_note: Option<TextView>,
    pub(super) since: Option<u16>,
    pub(super) districts: Vec<LinkView>,
    pub(super) operators: Vec<(TextView, String)>,
    pub(super) description: Option<TextView>,
    pub(super) locations: Vec<LocationView>,
    pub(super) contact: ContactView,
    pub(super) languages: Vec<SpokenView>,
    pub(super) services: Vec<TextView>,
}

#[derive(Serialize)]
pub(super) struct SpokenView {
    pub(super) tag: String,
    pub(super) name: String,
    /// Who advises in this language.
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct PartnerView {
    pub(super) id: String,
    /// The view to show at the counter.
    pub(super) show_url: String,
    pub(super) name: TextView,
    pub(super) category_label: String,
    pub(super) offer: TextView,
    pub(super) districts: Vec<LinkView>,
    pub(super) address: Option<AddressView>,
    pub(super) contact: ContactView,
    pub(super) languages: Vec<SpokenView>,
    pub(super) opening_hours: Option<String>,
    pub(super) accessibility: Option<TextView>,
}

#[derive(Serialize)]
pub(super) struct CategoryView {
    pub(super) id: &'static str,
    pub(super) label: String,
    pub(super) partners: Vec<PartnerView>,
}

#[derive(Serialize)]
pub(super) struct DocumentView {
    pub(super) title: String,
    pub(super) html: String,
    pub(super) lang: String,
    pub(super) html_lang: String,
    pub(super) dir: &'static str,
    pub(super) fallback: bool,
    /// The front matter's `summary`.
    pub(super) summary: Option<String>,
    /// The title is in the reader's language (from the source's `titles:`), the text is not.
    pub(super) title_translated: bool,
    /// Languages this document exists in (for the "only in German" notice).
    pub(super) available: Vec<LangView>,
    /// `machine`, `machine-reviewed` or `human` for translations; empty for the source.
    pub(super) provenance: &'static str,
    /// The German text has changed since this translation was made.
    pub(super) outdated: bool,
    /// The page in the source language, for the notices.
    pub(super) source_url: String,
}

#[derive(Serialize)]
pub(super) struct DistrictSummary {
    pub(super) id: String,
    pub(super) url: String,
    pub(super) name: TextView,
    pub(super) stadtteile: Vec<String>,
    pub(super) office: Option<LinkView>,
    pub(super) office_status: &'static str,
    pub(super) office_status_label: String,
}
