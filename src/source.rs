//! Reading source files: every file-system error names its path; text must be UTF-8.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Position};

/// The largest content file quartier reads: a guide or YAML file is never near this; anything
/// larger is a mistake (a pasted export, a wrong file) that would bloat every page built from it.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads `root/relative` as text. A byte-order mark is dropped and CRLF line ends become LF;
/// invalid UTF-8 is a diagnostic at the first bad byte.
pub fn read_text(root: &Path, relative: &Path) -> Result<String, Diagnostic> {
    if let Ok(meta) = std::fs::metadata(root.join(relative))
        && meta.len() > MAX_FILE_BYTES
    {
        return Err(Diagnostic::error(
            relative,
            None,
            format!(
                "the file is {:.1} MB; quartier reads content files of up to {} MB",
                meta.len() as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        )
        .with_help("split it into several pages, or move large data out of the content folder"));
    }
    let bytes = std::fs::read(root.join(relative)).map_err(|e| {
        let help = if e.kind() == std::io::ErrorKind::NotFound {
            "create the file, or run quartier from the folder that holds `site-config.yaml` (or pass --root)"
        } else {
            "check that the file is readable"
        };
        Diagnostic::error(relative, None, format!("cannot read the file: {e}")).with_help(help)
    })?;
    decode(&bytes, relative)
}

/// Decodes `bytes` of `file` as UTF-8 text (see [`read_text`]).
pub fn decode(bytes: &[u8], file: &Path) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let text = if text.contains('\r') {
                text.replace("\r\n", "\n")
            } else {
                text.to_string()
            };
            match text.find(is_control) {
                Some(offset) => Err(control_character(&text, offset, file)),
                None => Ok(text),
            }
        }
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // The valid prefix is UTF-8 by definition.
            let prefix = String::from_utf8_lossy(valid);
            let position = Position::of_offset(&prefix, prefix.len());
            Err(
                Diagnostic::error(file, Some(position), "the file is not valid UTF-8 text")
                    .with_help("save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8)"),
            )
        }
    }
}

/// What quartier says about a folder entry it will not read as a file: a symbolic link (a
/// warning: skipped, so a link cannot pull files from outside the site in), a folder named like
/// a file (`guide.en.md/`), or something that is neither file nor folder (a named pipe, a
/// socket, a device) — both errors, never skipped silently. `None` for plain files and
/// ordinary folders.
pub fn unusual_entry(relative: &Path, file_type: std::fs::FileType) -> Option<Diagnostic> {
    const FILE_EXTENSIONS: &[&str] = &[
        "md", "yaml", "yml", "html", "css", "js", "json", "svg", "png", "jpg", "woff2",
    ];
    if file_type.is_symlink() {
        return Some(
            Diagnostic::warning(relative, None, "symbolic link ignored")
                .with_help("copy the file or folder here instead of linking to it"),
        );
    }
    if file_type.is_dir() {
        let named_like_a_file = relative
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| FILE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        return named_like_a_file.then(|| {
            Diagnostic::error(
                relative,
                None,
                "this is a folder, but its name is that of a file; it is not read",
            )
            .with_help("move what it holds to a file of this name, or rename the folder (without the file ending)")
        });
    }
    (!file_type.is_file()).then(|| {
        Diagnostic::error(
            relative,
            None,
            "this is not a plain file (a named pipe, socket or device); quartier reads only plain files",
        )
        .with_help("delete it, or put a plain file of this name here")
    })
}

/// Control characters have no place in text a person writes (they come from pasted binary
/// data or broken exports) and must never reach a page: NUL and the other C0 controls except
/// tab and line ends, and DEL.
fn is_control(c: char) -> bool {
    (c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7F}'
}

fn control_character(text: &str, offset: usize, file: &Path) -> Diagnostic {
    let code = text[offset..].chars().next().map_or(0, |c| c as u32);
    let name = if code == 0 {
        "a NUL byte".to_string()
    } else {
        format!("the control character U+{code:04X}")
    };
    Diagnostic::error(
        file,
        Some(Position::of_offset(text, offset)),
        format!("the file contains {name}, which cannot be shown on a page"),
    )
    .with_help(
        "delete it (it often comes from pasting out of another program); retype the text around it if it looks wrong",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let text = decode(b"\xEF\xBB\xBFa: 1\r\nb: 2\r\n", Path::new("x")).unwrap();
        assert_eq!(text, "a: 1\nb: 2\n");
    }

    #[test]
    fn control_characters_are_refused_at_their_place() {
        let err = decode(b"---\ntitle: x\n---\nText\x00mehr\n", Path::new("p.de.md")).unwrap_err();
        assert_eq!(err.position, Some(Position::new(4, 5)));
        assert!(err.message.contains("NUL"), "{}", err.message);
        let err = decode("a: \u{1b}[31m\n".as_bytes(), Path::new("x.yaml")).unwrap_err();
        assert!(err.message.contains("U+001B"), "{}", err.message);
        assert!(decode(b"a:\tb\r\n", Path::new("x")).is_ok());
    }

    #[test]
    fn invalid_utf8_points_at_first_bad_byte() {
        let err = decode(b"a: 1\nb: \xFF\n", Path::new("x.yaml")).unwrap_err();
        assert_eq!(err.position, Some(Position::new(2, 4)));
    }
}
