//! `quartier check --external` against real HTTP servers on loopback: a live page, a gone one,
//! one that answers too late; dead links are reported where they are written, and a dated
//! report file is written.

mod common;

use std::time::Duration;

use common::*;

fn start_sites() -> u16 {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            std::thread::spawn(move || {
                let status = match request.url() {
                    "/ok" => 200,
                    "/slow" => {
                        std::thread::sleep(Duration::from_secs(4));
                        200
                    }
                    _ => 404,
                };
                let _ = request.respond(tiny_http::Response::from_string("x").with_status_code(status));
            });
        }
    });
    port
}

#[test]
fn external_links_are_checked_and_reported() {
    let port = start_sites();
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let partner = site.path().join("content/partners/sportverein.yaml");
    let text = std::fs::read_to_string(&partner).unwrap();
    std::fs::write(
        &partner,
        format!("{text}contact:\n  web: http://127.0.0.1:{port}/gone\n"),
    )
    .unwrap();
    let office = site.path().join("content/offices/nord-buero.yaml");
    let text = std::fs::read_to_string(&office).unwrap().replace(
        "  email: nord@test.example",
        &format!("  email: nord@test.example\n  web: http://127.0.0.1:{port}/ok"),
    );
    std::fs::write(&office, text).unwrap();
    let about = site.path().join("content/pages/about.de.md");
    let text = std::fs::read_to_string(&about).unwrap();
    std::fs::write(
        &about,
        format!("{text}\nMehr beim [Verband](http://127.0.0.1:{port}/slow).\n"),
    )
    .unwrap();

    let root = site.path().to_string_lossy().to_string();
    let r = quartier(&[
        "check",
        "--external",
        "--timeout",
        "1",
        "--today",
        TODAY,
        "--root",
        &root,
    ]);
    let stdout = String::from_utf8_lossy(&r.stdout);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(r.status.success(), "dead links are warnings: {stderr}");
    assert!(stdout.contains(&format!("content/partners/sportverein.yaml:9:8: warning: the link http://127.0.0.1:{port}/gone does not work: BROKEN: HTTP 404")), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "content/pages/about.de.md:8:11: warning: the link http://127.0.0.1:{port}/slow does not work: UNREACHABLE"
        )),
        "{stdout}"
    );
    assert!(!stdout.contains("/ok does not work"));
    assert!(stderr.contains("checked 3 external addresses"));
    let report = std::fs::read_to_string(site.path().join("reports/external-links-2026-11-24.txt")).unwrap();
    assert!(report.contains(&format!("ok (200)  http://127.0.0.1:{port}/ok")));
    assert!(report.contains(&format!("BROKEN: HTTP 404  http://127.0.0.1:{port}/gone")));

    // The normal build never touches the network: the same site builds with the sites gone.
    let out = site.path().join("public");
    assert!(build(site.path(), &out).status.success());
}
