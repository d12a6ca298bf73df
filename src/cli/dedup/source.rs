//! Where each document of a `dedup` run comes from, what it is called in output, and how to
//! read it again for verification: a file, or a record of a JSON Lines file found again by the
//! byte offset of its line. Only this small table stays in memory, never the texts.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek, SeekFrom};
use std::path::PathBuf;

use copydesk::records::{parse_entry, EntryKind, Fields, RecordId};

use super::super::describe;
use super::super::input::{self, Content, Input};

/// One document.
#[derive(Debug, Clone)]
pub enum Source {
    /// The file at this index of [`Docs::files`].
    File(u32),
    /// A record of the JSON Lines file at `file`, on 1-based `line`, starting at byte `offset`.
    Record {
        file: u32,
        line: u32,
        offset: u64,
        /// The `--id-field` value, when given.
        id: Option<Box<str>>,
    },
}

/// Every document of the run, by document number, with the files they come from.
#[derive(Debug, Default)]
pub struct Docs {
    pub files: Vec<PathBuf>,
    pub sources: Vec<Source>,
    /// Text length in bytes, for `--keep longest|shortest`.
    pub sizes: Vec<u64>,
}

impl Docs {
    pub fn push(&mut self, source: Source, size: usize) {
        self.sources.push(source);
        self.sizes.push(size as u64);
    }

    /// The file a document comes from.
    pub fn path(&self, doc: u32) -> String {
        let file = match &self.sources[doc as usize] {
            Source::File(file) | Source::Record { file, .. } => *file,
        };
        self.files[file as usize].display().to_string()
    }

    /// The 1-based line of a record.
    pub fn line(&self, doc: u32) -> Option<u32> {
        match &self.sources[doc as usize] {
            Source::File(_) => None,
            Source::Record { line, .. } => Some(*line),
        }
    }

    /// The name a document goes by in output: its path, its record's id, or `path:line`.
    pub fn id(&self, doc: u32) -> String {
        match &self.sources[doc as usize] {
            Source::File(_) => self.path(doc),
            Source::Record { id: Some(id), .. } => id.to_string(),
            Source::Record { line, .. } => format!("{}:{line}", self.path(doc)),
        }
    }

    /// Reads a document's text again.
    pub fn load(&self, doc: u32, fields: Option<&Fields>) -> Result<String, String> {
        match &self.sources[doc as usize] {
            Source::File(file) => {
                let input = Input::File(self.files[*file as usize].clone());
                match input::read(&input) {
                    Ok(Content::Text(text)) => Ok(text),
                    Ok(Content::Binary { .. }) => Err("no longer text".to_owned()),
                    Err(error) => Err(error.to_string()),
                }
            }
            Source::Record { file, offset, .. } => {
                let fields = fields.ok_or("a record without fields to read")?;
                read_record(&self.files[*file as usize], *offset, fields)
            }
        }
    }
}

/// The text of the record on the line starting at byte `offset` of `path`.
fn read_record(path: &PathBuf, offset: u64, fields: &Fields) -> Result<String, String> {
    let io_error = |error: io::Error| describe(&error);
    let mut file = File::open(path).map_err(io_error)?;
    file.seek(SeekFrom::Start(offset)).map_err(io_error)?;
    let mut line = Vec::new();
    BufReader::new(file)
        .read_until(b'\n', &mut line)
        .map_err(io_error)?;
    match parse_entry(&line, fields, offset == 0) {
        EntryKind::Record(record) => Ok(record.text),
        EntryKind::Blank => Err("the record is gone".to_owned()),
        EntryKind::Invalid(error) => Err(error.to_string()),
    }
}

/// The text form of a record id.
pub fn id_text(id: &RecordId) -> Box<str> {
    id.to_string().into_boxed_str()
}
