//! Which folders quartier may write into: the output guard.
//!
//! `build` replaces its output folder and `report` writes into its own, so a wrong `--out`
//! could destroy a staff member's work. Before anything is touched, [`claim`] decides: quartier
//! only ever writes into a folder that does not exist yet, is empty, or holds the [`MARKER`]
//! file that quartier writes into every folder it makes. The site folder, any folder that
//! holds it, and any folder inside its sources (`content/`, `themes/`, …) are refused even
//! then.

use std::path::{Component, Path, PathBuf};

/// The file quartier writes into every folder it makes; only a folder holding it is replaced.
pub const MARKER: &str = ".quartier-output";

/// What the marker file says to a person who opens it.
pub const MARKER_TEXT: &str = "This folder was made by quartier. quartier replaces everything in it on the next build;\nkeep nothing here that you wrote yourself.\n";

/// The parts of a site folder that are sources: never written into by quartier.
const SOURCES: &[&str] = &["content", "themes", "site-config.yaml", ".git"];

/// What the folder is for: decides the wording of the refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The built site (`build --out`), replaced as a whole.
    Site,
    /// Reports (`report --out`, `check --external`), written into.
    Reports,
}

impl Purpose {
    fn flag_example(self) -> &'static str {
        match self {
            Purpose::Site => "--out public",
            Purpose::Reports => "--out reports",
        }
    }
}

/// Why quartier refuses to write into a folder; nothing was touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The folder as the person gave it.
    pub folder: PathBuf,
    /// What is wrong with it.
    pub reason: String,
    /// What to do instead.
    pub help: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "error: refusing to write into {}: {}\n  nothing was changed\n  help: {}",
            self.folder.display(),
            self.reason,
            self.help
        )
    }
}

/// Checks that `out` may be written by quartier for the site at `root`, before anything is
/// touched; returns `out` made absolute (symbolic links resolved) when it may.
pub fn claim(root: &Path, out: &Path, purpose: Purpose) -> Result<PathBuf, Refusal> {
    let refuse = |reason: String, help: String| Refusal {
        folder: out.to_path_buf(),
        reason,
        help,
    };
    let example = purpose.flag_example();
    if out.as_os_str().is_empty() {
        return Err(refuse(
            "the folder name is empty".into(),
            format!("name a folder, e.g. `{example}`"),
        ));
    }
    let resolved = resolve(out).map_err(|e| {
        refuse(
            format!("its location cannot be read ({e})"),
            format!("name a folder that can be created, e.g. `{example}`"),
        )
    })?;
    let root = resolve(root).map_err(|e| {
        refuse(
            format!("the site folder cannot be read ({e})"),
            "pass the folder that holds site-config.yaml with --root".into(),
        )
    })?;
    if resolved.parent().is_none() {
        return Err(refuse(
            "it is the root of the file system".into(),
            format!("name a folder of its own, e.g. `{example}`"),
        ));
    }
    if std::env::var_os("HOME").is_some_and(|home| resolve(Path::new(&home)).is_ok_and(|h| h == resolved)) {
        return Err(refuse(
            "it is your home folder".into(),
            format!("name a folder of its own, e.g. `{example}`"),
        ));
    }
    if resolved == root {
        return Err(refuse(
            "it is the site folder itself, with your content and theme".into(),
            format!("write the output into a folder of its own, e.g. `{example}`"),
        ));
    }
    if root.starts_with(&resolved) {
        return Err(refuse(
            format!("it holds the site folder {}", root.display()),
            format!("write the output into a folder of its own, e.g. `{example}`"),
        ));
    }
    if let Ok(inside) = resolved.strip_prefix(&root)
        && let Some(Component::Normal(first)) = inside.components().next()
        && let Some(source) = SOURCES.iter().find(|s| first == **s)
    {
        let place = if inside.components().count() == 1 {
            "it is"
        } else {
            "it is inside"
        };
        return Err(refuse(
            format!("{place} `{source}` of the site folder, which holds its sources"),
            format!("write the output outside the sources, e.g. `{example}`"),
        ));
    }
    match std::fs::symlink_metadata(&resolved) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(resolved),
        Err(e) => Err(refuse(
            format!("it cannot be read ({e})"),
            format!("name another folder, e.g. `{example}`"),
        )),
        Ok(meta) if !meta.is_dir() => Err(refuse(
            "it is a file, not a folder".into(),
            format!("name a folder, e.g. `{example}`"),
        )),
        Ok(_) => check_contents(&resolved, purpose)
            .map_err(|(reason, help)| refuse(reason, help))
            .map(|()| resolved),
    }
}

/// An existing folder may be written when it is empty or holds the marker file.
fn check_contents(folder: &Path, purpose: Purpose) -> Result<(), (String, String)> {
    let entries = std::fs::read_dir(folder).map_err(|e| {
        (
            format!("it cannot be read ({e})"),
            "check its permissions, or name another folder".to_string(),
        )
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    let marker = folder.join(MARKER);
    if std::fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file()) {
        return Ok(());
    }
    names.sort();
    let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    let more = if names.len() > 3 {
        format!(" and {} more", names.len() - 3)
    } else {
        String::new()
    };
    let verb = match purpose {
        Purpose::Site => "replace",
        Purpose::Reports => "write into",
    };
    Err((
        format!(
            "it holds files quartier did not write ({}{more}) — it has no `{MARKER}` file, so quartier will not {verb} it",
            shown.join(", ")
        ),
        format!(
            "name a new or empty folder, e.g. `{}`, or move those files away and empty the folder first",
            purpose.flag_example()
        ),
    ))
}

/// `path` made absolute with symbolic links resolved; the part that does not exist yet is
/// appended as written (`..` in it taken away lexically).
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(mut found) => {
                for part in rest.iter().rev() {
                    match part {
                        Component::ParentDir => {
                            found.pop();
                        }
                        Component::Normal(name) => found.push(name),
                        _ => {}
                    }
                }
                return Ok(found);
            }
            Err(e) => {
                let (Some(parent), Some(last)) = (existing.parent(), existing.components().next_back()) else {
                    return Err(e);
                };
                rest.push(last);
                existing = parent;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site-config.yaml"), "title: {de: x}\n").unwrap();
        std::fs::create_dir_all(dir.path().join("content/partners")).unwrap();
        std::fs::write(dir.path().join("content/partners/a.yaml"), "x").unwrap();
        std::fs::create_dir_all(dir.path().join("themes/default")).unwrap();
        dir
    }

    #[test]
    fn new_empty_and_marked_folders_are_claimed() {
        let dir = site();
        let root = dir.path();
        assert!(claim(root, &root.join("public"), Purpose::Site).is_ok());
        std::fs::create_dir(root.join("empty")).unwrap();
        assert!(claim(root, &root.join("empty"), Purpose::Site).is_ok());
        std::fs::create_dir(root.join("built")).unwrap();
        std::fs::write(root.join("built").join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(root.join("built/index.html"), "x").unwrap();
        assert!(claim(root, &root.join("built"), Purpose::Site).is_ok());
        // A new folder beside the site and one spelled with `..` that ends outside the sources.
        assert!(claim(root, &root.join("content/../public2"), Purpose::Site).is_ok());
    }

    #[test]
    fn sources_and_their_parents_are_refused() {
        let dir = site();
        let root = dir.path();
        for (out, says) in [
            (root.to_path_buf(), "the site folder itself"),
            (root.join("."), "the site folder itself"),
            (root.join("content"), "`content` of the site folder"),
            (root.join("content/partners"), "`content` of the site folder"),
            (root.join("content/new-folder"), "`content` of the site folder"),
            (root.join("themes"), "`themes` of the site folder"),
            (root.join("public/../content"), "`content` of the site folder"),
            (root.parent().unwrap().to_path_buf(), "holds the site folder"),
            (PathBuf::from("/"), "root of the file system"),
            (root.join("site-config.yaml"), "`site-config.yaml` of the site folder"),
        ] {
            let refusal = claim(root, &out, Purpose::Site).unwrap_err();
            assert!(refusal.reason.contains(says), "{}: {}", out.display(), refusal.reason);
            assert_eq!(refusal.folder, out);
        }
    }

    #[test]
    fn a_folder_with_foreign_files_is_refused_naming_them() {
        let dir = site();
        let root = dir.path();
        std::fs::create_dir(root.join("docs")).unwrap();
        for name in ["a.txt", "b.txt", "c.txt", "d.txt"] {
            std::fs::write(root.join("docs").join(name), "mine").unwrap();
        }
        let refusal = claim(root, &root.join("docs"), Purpose::Reports).unwrap_err();
        assert!(
            refusal.reason.contains("(a.txt, b.txt, c.txt and 1 more)"),
            "{}",
            refusal.reason
        );
        assert!(refusal.help.contains("--out reports"), "{}", refusal.help);
    }

    #[test]
    fn a_symlink_into_the_sources_is_refused() {
        let dir = site();
        let root = dir.path();
        std::os::unix::fs::symlink(root.join("content"), root.join("public")).unwrap();
        let refusal = claim(root, &root.join("public"), Purpose::Site).unwrap_err();
        assert!(
            refusal.reason.contains("`content` of the site folder"),
            "{}",
            refusal.reason
        );
    }

    #[test]
    fn a_file_is_refused() {
        let dir = site();
        let root = dir.path();
        std::fs::write(root.join("notes.txt"), "x").unwrap();
        let refusal = claim(root, &root.join("notes.txt"), Purpose::Site).unwrap_err();
        assert!(refusal.reason.contains("is a file"), "{}", refusal.reason);
        assert!(claim(root, Path::new(""), Purpose::Site).is_err());
    }
}
