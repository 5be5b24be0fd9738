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
    // Key generation and password hashing are slow by design (a DSA key
    // takes seconds in Go too); leave them out so the fuzzer hunts bugs.
    for f in shipshape::funcs::all() {
        let slow = f.name.starts_with("gen")
            || matches!(f.name, "buildCustomCert" | "bcrypt" | "htpasswd" | "derivePassword");
        if !slow {
            funcs.add(f);
        }
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
