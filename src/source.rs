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
        Ok(text) => Ok(if text.contains('\r') {
            text.replace("\r\n", "\n")
        } else {
            text.to_string()
        }),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let text = decode(b"\xEF\xBB\xBFa: 1\r\nb: 2\r\n", Path::new("x")).unwrap();
        assert_eq!(text, "a: 1\nb: 2\n");
    }

    #[test]
    fn invalid_utf8_points_at_first_bad_byte() {
        let err = decode(b"a: 1\nb: \xFF\n", Path::new("x.yaml")).unwrap_err();
        assert_eq!(err.position, Some(Position::new(2, 4)));
    }
}
