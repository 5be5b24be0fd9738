//! Lexes, parses and executes arbitrary template text with every Helm
//! function: errors are fine, panics and hangs are not.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use shipshape::template::{Funcs, Options, Set};
use shipshape::value::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut funcs = Funcs::new();
    for f in shipshape::funcs::all() {
        funcs.add(f);
    }
    let options = Options {
        max_ops: 100_000,
        max_output: 1 << 20,
        max_depth: 1_000,
        ..Options::default()
    };
    let mut set = Set::new(Arc::new(funcs), options);
    if set.parse("fuzz", text).is_ok() {
        let _ = set.execute("fuzz", &Value::empty_map());
    }
});
