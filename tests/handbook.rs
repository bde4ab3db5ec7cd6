//! Every command in the editorial handbook (`docs/redaktion.md`) works as written, in order,
//! on a copy of the default site: staff copy them from there.

mod common;

use common::*;

/// The `quartier …` lines of the handbook's ```sh blocks, in order.
fn handbook_commands() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("docs/redaktion.md")).unwrap();
    let mut commands = Vec::new();
    let mut in_sh = false;
    for line in text.lines() {
        match line.trim() {
            "```sh" => in_sh = true,
            "```" => in_sh = false,
            l if in_sh && l.starts_with("quartier ") => commands.push(l.to_string()),
            _ => {}
        }
    }
    commands
}

#[test]
fn every_command_of_the_handbook_works_as_written() {
    let commands = handbook_commands();
    assert!(commands.len() >= 10, "{commands:?}");
    let site = tempfile::tempdir().unwrap();
    for part in ["content", "themes", "schemas", "site-config.yaml"] {
        let from = repo().join(part);
        if from.is_dir() {
            copy_tree(&from, &site.path().join(part));
        } else {
            std::fs::copy(&from, site.path().join(part)).unwrap();
        }
    }
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .any(|p| std::path::Path::new(p).exists());
    for command in &commands {
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        // The preview runs until stopped; it is tested over loopback in tests/serve.rs.
        if args[0] == "serve" || (args.contains(&"--pdf") && !chromium) {
            continue;
        }
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_quartier"))
            .args(&args)
            .current_dir(site.path())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "`{command}` failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if args[0] == "check" && args.len() == 1 {
            assert!(String::from_utf8_lossy(&output.stderr).contains("check passed"));
        }
        if args.contains(&"--pdf") {
            // The next `quartier build` replaces the output, PDFs and all.
            let pdf = "public/ar/leaflets/scharnhorst/lokal-willkommen-scharnhorst-ar.pdf";
            assert!(site.path().join(pdf).is_file());
            assert!(
                String::from_utf8_lossy(&output.stderr).contains(pdf),
                "the build says where the PDF is"
            );
        }
    }
    // What the handbook promises happened.
    for file in [
        "content/offices/buero-west.yaml",
        "content/partners/sprachcafe-west.yaml",
        "content/districts/west/district.yaml",
        "content/pages/kontakt.de.md",
        "reports/translations.csv",
        "public/de/offices/eving-scharnhorst/index.html",
    ] {
        assert!(site.path().join(file).is_file(), "{file}");
    }
    // New files are drafts: not published.
    assert!(!site.path().join("public/de/offices/buero-west").exists());
}
