//! Helpers shared by the integration tests: assembling fixture sites and running the binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether goldens should be rewritten instead of compared (`QUARTIER_BLESS=1`).
pub fn bless() -> bool {
    std::env::var_os("QUARTIER_BLESS").is_some_and(|v| v != "0")
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary site: a copy of `base` with the repository's themes, then `overlay`'s files
/// on top and the paths in `delete.txt` removed.
pub fn assemble(base: &Path, case: Option<&Path>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(base, dir.path());
    copy_tree(&repo().join("themes"), &dir.path().join("themes"));
    if let Some(case) = case {
        if case.join("overlay").is_dir() {
            copy_tree(&case.join("overlay"), dir.path());
        }
        if let Ok(list) = std::fs::read_to_string(case.join("delete.txt")) {
            for line in list.lines().filter(|l| !l.trim().is_empty()) {
                std::fs::remove_file(dir.path().join(line.trim())).unwrap();
            }
        }
    }
    dir
}

/// Runs the `quartier` binary with `args`.
pub fn quartier(args: &[&str]) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_quartier"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    // A guard against hangs, not a speed target: every run here takes seconds at most.
    match finished.recv_timeout(std::time::Duration::from_secs(HANG_LIMIT_SECS)) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("quartier {args:?} did not finish within {HANG_LIMIT_SECS} s: it hangs");
        }
    }
}

/// After this long a run of quartier counts as hanging.
const HANG_LIMIT_SECS: u64 = 120;

/// Builds the site at `root` into `out` as of [`TODAY`].
pub fn build(root: &Path, out: &Path) -> Output {
    quartier(&[
        "build",
        "--today",
        TODAY,
        "--root",
        &root.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
    ])
}

/// Every file under `dir` (relative path → bytes), skipping top-level folders in `skip`.
pub fn read_tree(dir: &Path, skip: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if skip.iter().any(|s| rel.starts_with(&format!("{s}/"))) {
            continue;
        }
        files.insert(rel, std::fs::read(entry.path()).unwrap());
    }
    files
}

/// Replaces the temporary folder in command output with `<site>`.
pub fn scrub(text: &str, site: &Path) -> String {
    text.replace(&site.to_string_lossy().to_string(), "<site>")
}

/// The day every test build is made for, so goldens do not change with the calendar.
pub const TODAY: &str = "2026-11-24";

/// A small, seeded random source (xorshift): the sequence is repeatable from its seed.
pub struct Random(pub u64);

impl Random {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
