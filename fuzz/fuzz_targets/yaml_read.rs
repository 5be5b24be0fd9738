//! Reads arbitrary bytes as a values file (go-yaml v2 rules) and writes
//! what it read back with the toYaml writer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    shipshape::value::yaml::fuzz_roundtrip(data);
});
