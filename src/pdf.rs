//! Leaflets to PDF with headless Chromium (Debian's `chromium`; `fonts-noto-core` for Arabic,
//! Persian and Tigrinya). Runs on the staging folder before it is published, so the site never
//! links to a PDF that is not there.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What to install when Chromium is missing.
pub const INSTALL_HELP: &str = "PDFs are printed with Chromium: install Debian's `chromium` and `fonts-noto-core` (sudo apt-get install chromium fonts-noto-core), or set QUARTIER_CHROMIUM to a Chromium binary";

/// The Chromium binary: `QUARTIER_CHROMIUM`, `/usr/bin/chromium`, or one on the `PATH`.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("QUARTIER_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
    let dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    std::iter::once(PathBuf::from("/usr/bin/chromium"))
        .chain(dirs.iter().flat_map(|d| candidates.iter().map(move |c| d.join(c))))
        .find(|p| p.is_file())
}

/// Prints `site_dir/<page>` (an HTML file) to `site_dir/<pdf>` for every `(page, pdf)` job.
/// `progress` hears how many are printed after each one.
pub fn print_pages(
    site_dir: &Path,
    jobs: &[(String, String)],
    progress: &(dyn Fn(crate::Progress) + Sync),
) -> Result<(), String> {
    use rayon::prelude::*;
    if jobs.is_empty() {
        return Ok(());
    }
    let chromium = find_chromium().ok_or_else(|| INSTALL_HELP.to_string())?;
    let site_dir = site_dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", site_dir.display()))?;
    let done = std::sync::atomic::AtomicUsize::new(0);
    jobs.par_iter().try_for_each(|(page, pdf)| {
        print_one(&chromium, &site_dir.join(page), &site_dir.join(pdf))?;
        let done = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(crate::Progress::Pdfs {
            done,
            total: jobs.len(),
        });
        Ok(())
    })
}

fn print_one(chromium: &Path, page: &Path, pdf: &Path) -> Result<(), String> {
    let profile = tempfile::tempdir().map_err(|e| format!("cannot create a Chromium profile folder: {e}"))?;
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}. {INSTALL_HELP}", chromium.display()))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > Duration::from_secs(90) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "Chromium did not finish printing {} within 90 s",
                    page.display()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("waiting for Chromium: {e}")),
        }
    }
    match std::fs::metadata(pdf) {
        Ok(m) if m.len() > 0 => Ok(()),
        _ => Err(format!("Chromium did not write {}", pdf.display())),
    }
}
