//! Parses arbitrary text as a configuration file and resolves it: errors are fine, panics are
//! not.

#![no_main]

use copydesk::settings::{Options, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(options) = Options::from_toml(text) {
        let _ = Settings::resolve(options, &[]);
    }
});
