//! Replacing a file's content atomically: the new text goes to a temporary file in the same
//! directory, is flushed to disk and given the original's permissions, then renamed over the
//! original. A reader sees the old file or the new one, never half of each, and a crash leaves
//! the original intact.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use tempfile::NamedTempFile;

/// Why a file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file has no write permission: copydesk leaves it alone, even when running as a user
    /// (root) whom the permission would not stop.
    ReadOnly,
    Io(io::Error),
}

impl From<io::Error> for WriteError {
    fn from(error: io::Error) -> Self {
        WriteError::Io(error)
    }
}

/// Replaces the content of the file at `path` (following symlinks, so a link stays a link)
/// with `text`.
pub fn replace(path: &Path, text: &str) -> Result<(), WriteError> {
    replace_bytes(path, text.as_bytes())
}

/// [`replace`] for content that need not be UTF-8 (a JSON Lines file keeps its malformed lines
/// as they were).
pub fn replace_bytes(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let target = fs::canonicalize(path)?;
    let permissions = fs::metadata(&target)?.permissions();
    if permissions.readonly() {
        return Err(WriteError::ReadOnly);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".copydesk-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    fs::set_permissions(temp.path(), permissions)?;
    persist(temp, &target)?;
    sync_dir(dir);
    Ok(())
}

fn persist(temp: NamedTempFile, target: &Path) -> io::Result<()> {
    temp.persist(target).map(drop).map_err(|error| error.error)
}

/// Makes the rename itself durable. Best effort: some file systems refuse to sync a directory,
/// and the new content is already safe on disk.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "old\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        replace(&path, "new\r\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\r\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn a_read_only_file_is_refused_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "old\n").unwrap();
        let mut permissions = fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions).unwrap();
        assert!(matches!(replace(&path, "new\n"), Err(WriteError::ReadOnly)));
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
    }
}
