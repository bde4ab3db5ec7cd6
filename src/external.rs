//! `quartier check --external`: are the links to other websites still alive? Only this
//! command uses the network; the build never does.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

use chrono::NaiveDate;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::validate::ExternalLink;

/// What became of one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    /// Answered with a success or redirect status.
    Alive(u16),
    /// Answered with an error status.
    Broken(u16),
    /// No answer (timeout, DNS, refused, TLS).
    Unreachable(String),
}

/// The result of checking all links: findings and the text of the dated report.
pub struct ExternalReport {
    /// A warning for every dead link, at the place it is written.
    pub findings: Diagnostics,
    /// The report file's text.
    pub text: String,
    /// Number of distinct addresses checked.
    pub checked: usize,
}

fn check_one(agent: &ureq::Agent, url: &str) -> LinkStatus {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(response) => Ok(response.status().as_u16()),
        Err(e) => Err(e.to_string()),
    };
    // Some servers refuse HEAD; ask again with GET before calling a link broken.
    let answer = match status(agent.head(url).call()) {
        Ok(code) if code == 405 || code == 403 || code == 501 => status(agent.get(url).call()),
        other => other,
    };
    match answer {
        Ok(code) if code < 400 => LinkStatus::Alive(code),
        Ok(code) => LinkStatus::Broken(code),
        Err(e) => LinkStatus::Unreachable(e),
    }
}

/// Checks every distinct address once, with `timeout` per request.
pub fn check_external(links: &[ExternalLink], today: NaiveDate, timeout: Duration) -> ExternalReport {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent("quartier link check")
        .build()
        .into();
    let mut by_url: BTreeMap<&str, Vec<&ExternalLink>> = BTreeMap::new();
    for link in links {
        by_url.entry(link.url.as_str()).or_default().push(link);
    }
    let mut findings = Diagnostics::new();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "External links checked on {today} (timeout {} s)\n",
        timeout.as_secs_f32()
    );
    for (url, places) in &by_url {
        let status = check_one(&agent, url);
        let shown = match &status {
            LinkStatus::Alive(code) => format!("ok ({code})"),
            LinkStatus::Broken(code) => format!("BROKEN: HTTP {code}"),
            LinkStatus::Unreachable(e) => format!("UNREACHABLE: {e}"),
        };
        let _ = writeln!(text, "{shown}  {url}");
        for place in places {
            let _ = writeln!(
                text,
                "    {}:{}:{}",
                place.file.display(),
                place.position.line,
                place.position.column
            );
            if !matches!(status, LinkStatus::Alive(_)) {
                findings.push(
                    Diagnostic::warning(
                        &place.file,
                        Some(place.position),
                        format!("the link {url} does not work: {shown}"),
                    )
                    .with_help("check the address in a browser; update it, or ask the partner for the new address"),
                );
            }
        }
    }
    ExternalReport {
        findings,
        text,
        checked: by_url.len(),
    }
}
