//! Replacing a file's content atomically: the new text goes to a temporary file in the same
//! directory, is flushed to disk and given the original's permissions, then renamed over the
//! original. A reader sees the old file or the new one, never half of each, and a crash leaves
//! the original intact.
//!
//! The rename becomes durable when its directory is synced. That sync guards durability, not
//! atomicity: until it happens a crash can only undo the rename, leaving the old file whole, and
//! the new content is on disk before the rename. So `fix` syncs each directory once, after
//! writing every file in it, rather than once per file ([`replace_unsynced`], [`sync_dirs`]):
//! over 50,000 files in 50 directories that is 50 syncs instead of 50,000, and the cost per file
//! is one `fsync` of its data.

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

/// Replaces the content of the file at `path` with `bytes` and returns the directory whose
/// entry changed: the replacement is atomic now, and durable once [`sync_dirs`] has synced that
/// directory.
pub fn replace_unsynced(path: &Path, bytes: &[u8]) -> Result<PathBuf, WriteError> {
    let mut replacement = Replacement::begin(path)?;
    replacement.write_all(bytes)?;
    replacement.commit_unsynced()
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
    /// Starts replacing the file at `path` (following a symlink, so a link stays a link).
    pub fn begin(path: &Path) -> Result<Self, WriteError> {
        let meta = fs::symlink_metadata(path)?;
        let (target, permissions) = if meta.file_type().is_symlink() {
            let target = fs::canonicalize(path)?;
            let permissions = fs::metadata(&target)?.permissions();
            (target, permissions)
        } else {
            (path.to_owned(), meta.permissions())
        };
        if permissions.readonly() {
            return Err(WriteError::ReadOnly);
        }
        let temp = tempfile::Builder::new()
            .prefix(".copydesk-")
            .suffix(".tmp")
            .tempfile_in(directory_of(&target))?;
        Ok(Self {
            target,
            permissions,
            temp: BufWriter::with_capacity(1 << 16, temp),
        })
    }

    /// Swaps the new content in ([`Replacement::commit_unsynced`]) and makes that durable.
    pub fn commit(self) -> Result<(), WriteError> {
        let dir = self.commit_unsynced()?;
        sync_dirs([dir.as_path()]);
        Ok(())
    }

    /// Gives the new content the original's permissions, flushes it to disk and renames it over
    /// the original; returns the directory to sync to make the rename durable.
    pub fn commit_unsynced(self) -> Result<PathBuf, WriteError> {
        let temp = self
            .temp
            .into_inner()
            .map_err(|error| WriteError::Io(error.into_error()))?;
        temp.as_file().set_permissions(self.permissions)?;
        temp.as_file().sync_all()?;
        persist(temp, &self.target)?;
        Ok(directory_of(&self.target))
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

/// The directory holding `path`: `.` for a bare file name, whose parent is the empty path.
fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    }
}

fn persist(temp: NamedTempFile, target: &Path) -> io::Result<()> {
    temp.persist(target).map(drop).map_err(|error| error.error)
}

/// Makes the renames in `dirs` durable. Best effort: some file systems refuse to sync a
/// directory, and the new content is already safe on disk.
pub fn sync_dirs<'a>(dirs: impl IntoIterator<Item = &'a Path>) {
    for dir in dirs {
        #[cfg(unix)]
        if let Ok(handle) = fs::File::open(dir) {
            let _ = handle.sync_all();
        }
        #[cfg(not(unix))]
        let _ = dir;
    }
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
        let synced = replace_unsynced(&path, b"new\r\n").unwrap();
        assert_eq!(synced, dir.path());
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
        assert!(matches!(
            replace_unsynced(&path, b"new\n"),
            Err(WriteError::ReadOnly)
        ));
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&real, "old\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut replacement = Replacement::begin(&link).unwrap();
        replacement.write_all(b"new\n").unwrap();
        replacement.commit().unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new\n");
    }

    #[test]
    fn a_bare_file_name_lives_in_the_current_directory() {
        assert_eq!(directory_of(Path::new("a.txt")), Path::new("."));
        assert_eq!(directory_of(Path::new("d/a.txt")), Path::new("d"));
    }
}
