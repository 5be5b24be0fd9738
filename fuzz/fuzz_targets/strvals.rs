//! Parses arbitrary `--set` lines in every mode.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use shipshape::chart::strvals::{Mode, parse_into};
use shipshape::value::Map;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    for mode in [Mode::Typed, Mode::String, Mode::Json, Mode::Literal] {
        let dest = Arc::new(Map::default());
        let _ = parse_into(line, &dest, mode);
    }
});
