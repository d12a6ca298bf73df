//! Replacing a file's content atomically: the new text goes to a temporary file in the same
//! directory, is flushed to disk and given the original's permissions, then renamed over the
//! original. A reader sees the old file or the new one, never half of each, and a crash leaves
//! the original intact.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

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

/// [`replace`] for content that need not be UTF-8.
pub fn replace_bytes(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let mut replacement = Replacement::begin(path)?;
    replacement.write_all(bytes)?;
    replacement.commit()
}

/// New content for a file, written piece by piece to a temporary file beside it and swapped in
/// by [`Replacement::commit`]; dropped uncommitted, it leaves the original untouched. A JSON
/// Lines corpus of any size is fixed this way without holding it in memory.
pub struct Replacement {
    target: PathBuf,
    permissions: fs::Permissions,
    temp: BufWriter<NamedTempFile>,
}

impl Replacement {
    /// Starts replacing the file at `path` (following symlinks, so a link stays a link).
    pub fn begin(path: &Path) -> Result<Self, WriteError> {
        let target = fs::canonicalize(path)?;
        let permissions = fs::metadata(&target)?.permissions();
        if permissions.readonly() {
            return Err(WriteError::ReadOnly);
        }
        let dir = target.parent().unwrap_or(Path::new("."));
        let temp = tempfile::Builder::new()
            .prefix(".copydesk-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(Self {
            target,
            permissions,
            temp: BufWriter::with_capacity(1 << 16, temp),
        })
    }

    /// Flushes the new content to disk, gives it the original's permissions and renames it
    /// over the original.
    pub fn commit(self) -> Result<(), WriteError> {
        let temp = self
            .temp
            .into_inner()
            .map_err(|error| WriteError::Io(error.into_error()))?;
        temp.as_file().sync_all()?;
        fs::set_permissions(temp.path(), self.permissions)?;
        persist(temp, &self.target)?;
        sync_dir(self.target.parent().unwrap_or(Path::new(".")));
        Ok(())
    }
}

impl Write for Replacement {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.temp.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
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
