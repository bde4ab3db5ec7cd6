//! Where a build puts its files ([`Sink`]), and the last stage: the staging folder replaces the
//! output folder atomically.
//!
//! A build writes every file to a staging folder next to the output as soon as it is made;
//! only when the whole build succeeded is it swapped in (one `renameat2(RENAME_EXCHANGE)` on
//! Linux), so readers and a failed or killed build never see a half-written or emptied site.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

pub mod guard;

/// The finished site: output path → bytes, sorted so writing is deterministic.
#[derive(Debug, Default)]
pub struct BuiltSite {
    /// Files by path relative to the output folder, with `/` separators (shared, so that the
    /// preview's next version of the site copies only what changed).
    pub files: BTreeMap<String, std::sync::Arc<[u8]>>,
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

/// `r` with its error naming `path`.
pub(crate) fn ctx<T>(path: &Path, r: io::Result<T>) -> Result<T, WriteError> {
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

/// Where a build puts its files as it makes them, so that no more than the pages being made
/// are held in memory (a `build` writes to a staging folder; `serve` keeps the site in memory;
/// `check` keeps nothing). Every sink records the size of each file, for links and weights.
pub trait Sink: Sync {
    /// Stores one file (`path` relative to the output folder, `/` separators).
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), WriteError>;
    /// Every file stored so far with its size, sorted.
    fn sizes(&self) -> BTreeMap<String, usize>;
}

/// A lock that survives a thread that panicked while holding it (the data stays usable).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Keeps the files in memory ([`BuiltSite`]).
#[derive(Default)]
pub struct MemorySink(Mutex<BuiltSite>);

impl MemorySink {
    /// The site stored.
    pub fn into_site(self) -> BuiltSite {
        self.0.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), WriteError> {
        lock(&self.0).files.insert(path.to_string(), bytes.into());
        Ok(())
    }

    fn sizes(&self) -> BTreeMap<String, usize> {
        lock(&self.0).files.iter().map(|(k, v)| (k.clone(), v.len())).collect()
    }
}

/// Keeps only the names and sizes (`quartier check`; the staging folder's record).
#[derive(Default)]
pub struct DiscardSink(Mutex<BTreeMap<String, usize>>);

impl Sink for DiscardSink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), WriteError> {
        lock(&self.0).insert(path.to_string(), bytes.len());
        Ok(())
    }

    fn sizes(&self) -> BTreeMap<String, usize> {
        lock(&self.0).clone()
    }
}

/// Writes each file at once into a staging folder next to the output; [`Staging::publish`]
/// swaps it in, dropping it unpublished removes it.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    /// Names and sizes of the files written.
    sizes: DiscardSink,
    published: bool,
}

impl Staging {
    /// A new staging folder for the output folder `out`, holding only the [`guard::MARKER`]
    /// file (stale staging folders of killed builds are removed first). `out` must have been
    /// claimed with [`guard::claim`].
    pub fn create(out: &Path) -> Result<Self, WriteError> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        ctx(&parent, std::fs::create_dir_all(&parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_stale_staging(&parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            ctx(&dir, std::fs::remove_dir_all(&dir))?;
        }
        ctx(&dir, std::fs::create_dir_all(&dir))?;
        let marker = dir.join(guard::MARKER);
        ctx(&marker, std::fs::write(&marker, guard::MARKER_TEXT))?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            sizes: DiscardSink::default(),
            published: false,
        })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Runs `before_swap` on the complete staging folder (printing PDFs), then swaps it in.
    pub fn publish(mut self, before_swap: &dyn Fn(&Path) -> Result<(), String>) -> Result<(), PublishError> {
        before_swap(&self.dir).map_err(PublishError::BeforeSwap)?;
        swap_in(&self.dir, &self.out).map_err(PublishError::Write)?;
        self.published = true;
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), WriteError> {
        let full = self.dir.join(path);
        if let Some(folder) = full.parent() {
            ctx(folder, std::fs::create_dir_all(folder))?;
        }
        let size = bytes.len();
        ctx(&full, std::fs::write(&full, bytes))?;
        lock(&self.sizes.0).insert(path.to_string(), size);
        Ok(())
    }

    fn sizes(&self) -> BTreeMap<String, usize> {
        self.sizes.sizes()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
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
