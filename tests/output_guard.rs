//! `--out` can never destroy sources: every folder quartier must not write is refused before
//! anything is touched (exit 2, a message naming the folder), and every file that was there is
//! still there byte for byte.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// A site inside a parent folder that also holds a file of its own.
fn site_in_parent() -> (tempfile::TempDir, PathBuf) {
    let parent = tempfile::tempdir().unwrap();
    let site = parent.path().join("site");
    copy_tree(&repo().join("tests/fixtures/valid/minimal/site"), &site);
    copy_tree(&repo().join("themes"), &site.join("themes"));
    std::fs::write(parent.path().join("Protokoll.txt"), "Notizen der Sprechstunde\n").unwrap();
    (parent, site)
}

fn s(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Runs `args`, expects the refusal, and checks that nothing under `parent` changed.
fn assert_refused(parent: &Path, args: &[&str], says: &str) {
    let before = read_tree(parent, &[]);
    let result = quartier(args);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{args:?} was not refused: {stderr}");
    assert!(stderr.contains("error: refusing to write into "), "{args:?}: {stderr}");
    assert!(stderr.contains(says), "{args:?}: expected `{says}` in: {stderr}");
    assert!(stderr.contains("help: "), "{args:?}: {stderr}");
    assert_eq!(read_tree(parent, &[]), before, "{args:?} changed files");
    let leftovers: Vec<_> = walkdir::WalkDir::new(parent)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(leftovers.is_empty(), "{args:?} left {leftovers:?}");
}

fn build_args<'a>(root: &'a str, out: &'a str) -> Vec<&'a str> {
    vec!["build", "--today", TODAY, "--root", root, "--out", out]
}

#[test]
fn build_refuses_the_sources_and_every_folder_around_them() {
    let (parent, site) = site_in_parent();
    let root = s(&site);
    for (out, says) in [
        (site.clone(), "the site folder itself"),
        (site.join("."), "the site folder itself"),
        (site.join("content"), "`content` of the site folder"),
        (site.join("content/partners"), "`content` of the site folder"),
        (site.join("content/districts/nord"), "`content` of the site folder"),
        (site.join("themes"), "`themes` of the site folder"),
        (site.join("themes/default/templates"), "`themes` of the site folder"),
        (site.join("site-config.yaml"), "`site-config.yaml` of the site folder"),
        (parent.path().to_path_buf(), "holds the site folder"),
        (site.join("content/public"), "`content` of the site folder"),
    ] {
        assert_refused(parent.path(), &build_args(&root, &s(&out)), says);
    }
}

#[test]
fn build_refuses_a_folder_of_foreign_files_and_a_symlink_into_the_sources() {
    let (parent, site) = site_in_parent();
    let root = s(&site);
    let documents = parent.path().join("Dokumente");
    std::fs::create_dir(&documents).unwrap();
    std::fs::write(documents.join("Brief.odt"), "nicht von quartier").unwrap();
    assert_refused(
        parent.path(),
        &build_args(&root, &s(&documents)),
        "holds files quartier did not write (Brief.odt)",
    );
    std::os::unix::fs::symlink(site.join("content"), parent.path().join("link")).unwrap();
    assert_refused(
        parent.path(),
        &build_args(&root, &s(&parent.path().join("link"))),
        "`content` of the site folder",
    );
    // A relative --out, resolved against the working folder (here the test's).
    let relative = pathdiff(&site.join("themes"));
    assert_refused(
        parent.path(),
        &build_args(&root, &relative),
        "`themes` of the site folder",
    );
}

/// `site` as a path relative to the working folder of the test process.
fn pathdiff(target: &Path) -> String {
    let cwd = std::env::current_dir().unwrap();
    let depth = cwd.components().count() - 1;
    format!("{}{}", "../".repeat(depth), target.strip_prefix("/").unwrap().display())
}

#[test]
fn build_refuses_the_file_system_root_and_the_home_folder() {
    let (parent, site) = site_in_parent();
    let root = s(&site);
    assert_refused(parent.path(), &build_args(&root, "/"), "root of the file system");
    let home = parent.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let before = read_tree(parent.path(), &[]);
    let result = std::process::Command::new(env!("CARGO_BIN_EXE_quartier"))
        .args(build_args(&root, &s(&home)))
        .env("HOME", &home)
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("it is your home folder"));
    assert_eq!(read_tree(parent.path(), &[]), before);
}

#[test]
fn report_refuses_the_sources() {
    let (parent, site) = site_in_parent();
    let root = s(&site);
    for (out, says) in [
        (site.join("content/partners"), "`content` of the site folder"),
        (site.clone(), "the site folder itself"),
        (parent.path().to_path_buf(), "holds the site folder"),
    ] {
        assert_refused(
            parent.path(),
            &["report", "--today", TODAY, "--root", &root, "--out", &s(&out)],
            says,
        );
    }
}

/// What quartier made, it may replace: a new folder, then the same folder again, and an empty
/// folder; a report folder too.
#[test]
fn quartiers_own_folders_are_replaced() {
    let (parent, site) = site_in_parent();
    let root = s(&site);
    let out = parent.path().join("public");
    for _ in 0..2 {
        let result = quartier(&build_args(&root, &s(&out)));
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
        assert!(out.join(".quartier-output").is_file());
    }
    let empty = parent.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(quartier(&build_args(&root, &s(&empty))).status.success());
    let reports = parent.path().join("reports");
    for _ in 0..2 {
        let result = quartier(&["report", "--today", TODAY, "--root", &root, "--out", &s(&reports)]);
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    }
    assert!(reports.join("translations.csv").is_file());
}
