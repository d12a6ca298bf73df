//! Reads arbitrary bytes as one JSON Lines line. A line read as a record must take back its own
//! text and a changed text: the rewritten line reads back as that text, and every byte outside
//! the text value stays as it was. Errors are fine, panics are not.

#![no_main]

use copydesk::records::{Entry, EntryKind, Fields};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fields = Fields::new("text", Some("id"));
    let kind = copydesk::records::parse_entry(data, &fields, true);
    let EntryKind::Record(record) = &kind else {
        return;
    };
    let changed = format!("{}\u{e9}\"\\/<\u{1}", record.text.trim_end());
    for text in [record.text.clone(), changed] {
        let entry = Entry {
            line: 1,
            offset: 0,
            bytes: data.to_vec(),
            kind: kind.clone(),
        };
        let line = entry.with_text(&text).expect("a record takes a new text");
        let EntryKind::Record(after) = copydesk::records::parse_entry(&line, &fields, true) else {
            panic!("the rewritten line is no longer a record");
        };
        assert_eq!(after.text, text);
        assert_eq!(line[..after.value.start], data[..record.value.start]);
        assert_eq!(line[after.value.end..], data[record.value.end..]);
    }
});
