//! Last stage: `write_site` — the built site replaces the output folder atomically.
//!
//! Everything is written to a staging folder next to the output; only when that succeeded is
//! it swapped in (one `renameat2(RENAME_EXCHANGE)` on Linux), so readers and a failed or killed
//! build never see a half-written or emptied site.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// The finished site: output path → bytes, sorted so writing is deterministic.
#[derive(Debug, Default)]
pub struct BuiltSite {
    /// Files by path relative to the output folder, with `/` separators.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// An I/O failure while writing, naming the path.
#[derive(Debug)]
pub struct WriteError {
    /// The path that failed.
    pub path: PathBuf,
    /// The underlying error.
    pub source: io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

fn ctx<T>(path: &Path, r: io::Result<T>) -> Result<T, WriteError> {
    r.map_err(|source| WriteError {
        path: path.to_path_buf(),
        source,
    })
}

/// Why publishing failed.
#[derive(Debug)]
pub enum PublishError {
    /// Writing failed.
    Write(WriteError),
    /// The step run on the complete staging folder before the swap failed (printing PDFs).
    BeforeSwap(String),
}

/// Writes `site` into `out`, replacing what was there only once everything is written and
/// `before_swap` (given the staging folder) has succeeded.
pub fn write_site(
    site: &BuiltSite,
    out: &Path,
    before_swap: &dyn Fn(&Path) -> Result<(), String>,
) -> Result<(), PublishError> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    ctx(&parent, std::fs::create_dir_all(&parent)).map_err(PublishError::Write)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    remove_stale_staging(&parent, &name);
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    if staging.exists() {
        ctx(&staging, std::fs::remove_dir_all(&staging)).map_err(PublishError::Write)?;
    }
    let result = write_tree(site, &staging)
        .map_err(PublishError::Write)
        .and_then(|()| before_swap(&staging).map_err(PublishError::BeforeSwap))
        .and_then(|()| swap_in(&staging, out).map_err(PublishError::Write));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Removes staging folders left by builds that were killed (their process is gone).
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.trim_end_matches(".old");
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|pid| pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists());
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn write_tree(site: &BuiltSite, dir: &Path) -> Result<(), WriteError> {
    use rayon::prelude::*;
    ctx(dir, std::fs::create_dir_all(dir))?;
    // Folders first (in order), then the files in parallel.
    let folders: std::collections::BTreeSet<PathBuf> = site
        .files
        .keys()
        .filter_map(|f| dir.join(f).parent().map(Path::to_path_buf))
        .collect();
    for folder in &folders {
        ctx(folder, std::fs::create_dir_all(folder))?;
    }
    site.files.par_iter().try_for_each(|(relative, bytes)| {
        let path = dir.join(relative);
        ctx(&path, std::fs::write(&path, bytes))
    })
}

fn swap_in(staging: &Path, out: &Path) -> Result<(), WriteError> {
    if !out.exists() {
        return ctx(out, std::fs::rename(staging, out));
    }
    if !out.is_dir() {
        return Err(WriteError {
            path: out.to_path_buf(),
            source: io::Error::other("the output path exists and is not a folder"),
        });
    }
    if exchange(staging, out).is_ok() {
        // `staging` now holds the previous site.
        return ctx(staging, std::fs::remove_dir_all(staging));
    }
    // No atomic exchange on this file system: two renames, the old site kept until the end.
    let old = staging.with_extension("old");
    ctx(out, std::fs::rename(out, &old))?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(WriteError {
            path: out.to_path_buf(),
            source: e,
        });
    }
    ctx(&old, std::fs::remove_dir_all(&old))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::other("atomic exchange is not available"))
}
