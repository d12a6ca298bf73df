//! Reading one input (a file or standard input) into text: binary files are recognised and
//! skipped, invalid UTF-8 is an error naming the byte offset, and nothing is normalised (a BOM
//! and CRLF line endings stay as read, so every offset is into the bytes on disk).

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::describe;

/// How far into a file to look for a NUL byte, as git and ripgrep do.
const BINARY_PROBE: usize = 8 * 1024;

/// Something to lint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// Standard input (sorts before every file).
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name shown in output: the path as given on the command line or as walked (a walk of
    /// `.` drops the leading `./`), or the `--stdin-filename` for standard input.
    pub fn display(&self, stdin_name: &str) -> String {
        match self {
            Input::Stdin => stdin_name.to_owned(),
            Input::File(path) => path.display().to_string(),
        }
    }
}

/// An input's content.
#[derive(Debug)]
pub enum Content {
    Text(String),
    /// A NUL byte at this offset: not text, skipped.
    Binary {
        nul_at: usize,
        bytes: Vec<u8>,
    },
}

/// Why an input could not be read as text.
#[derive(Debug)]
pub enum InputError {
    Io(io::Error),
    Utf8 {
        offset: usize,
    },
    /// The rule settings for this input's path cannot be built (`[[per-path]]` entries that
    /// clash only in combination).
    Settings(String),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io(error) => f.write_str(&describe(error)),
            InputError::Utf8 { offset } => write!(f, "invalid UTF-8 at byte offset {offset}"),
            InputError::Settings(message) => f.write_str(message),
        }
    }
}

/// Reads `input` whole.
pub fn read(input: &Input) -> Result<Content, InputError> {
    let bytes = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(InputError::Io)?;
            bytes
        }
        Input::File(path) => read_file(path)?,
    };
    decode(bytes)
}

fn read_file(path: &Path) -> Result<Vec<u8>, InputError> {
    if fs::metadata(path).map_err(InputError::Io)?.is_dir() {
        return Err(InputError::Io(io::Error::other("is a directory")));
    }
    fs::read(path).map_err(InputError::Io)
}

/// Text, binary, or invalid UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<Content, InputError> {
    let probe = &bytes[..bytes.len().min(BINARY_PROBE)];
    if let Some(nul_at) = memchr::memchr(0, probe) {
        return Ok(Content::Binary { nul_at, bytes });
    }
    String::from_utf8(bytes)
        .map(Content::Text)
        .map_err(|error| InputError::Utf8 {
            offset: error.utf8_error().valid_up_to(),
        })
}

/// Whether standard input carries data: a pipe, a file or a socket. A terminal does not, and
/// neither does `/dev/null` (how CI and cron start us): as ripgrep does, only these three count,
/// so `copydesk check` under a job runner still checks the current directory.
pub fn stdin_is_piped() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::FileTypeExt;
        let Ok(fd) = io::stdin().as_fd().try_clone_to_owned() else {
            return false;
        };
        match fs::File::from(fd).metadata() {
            Ok(meta) => {
                let kind = meta.file_type();
                kind.is_fifo() || kind.is_file() || kind.is_socket()
            }
            Err(_) => false,
        }
    }
    #[cfg(not(unix))]
    {
        use std::io::IsTerminal;
        !io::stdin().is_terminal()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_in_the_probe_means_binary() {
        assert!(matches!(
            decode(b"ab\0c".to_vec()),
            Ok(Content::Binary { nul_at: 2, .. })
        ));
        let mut late = vec![b'a'; BINARY_PROBE];
        late.push(0);
        assert!(matches!(decode(late), Ok(Content::Text(_))));
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let error = decode(b"caf\xc3\xa9 \xff".to_vec()).unwrap_err();
        assert_eq!(error.to_string(), "invalid UTF-8 at byte offset 6");
    }

    #[test]
    fn bom_and_crlf_stay() {
        let Ok(Content::Text(text)) = decode(b"\xef\xbb\xbfa\r\n".to_vec()) else {
            panic!("text expected");
        };
        assert_eq!(text, "\u{feff}a\r\n");
    }
}
