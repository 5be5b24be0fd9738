//! The fast YAML reader against libyaml-safer: whatever the fast reader
//! accepts must read exactly as the full parser reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    shipshape::value::yaml::fuzz_fast_reader(data);
});
