//! The fast YAML reader against libyaml-safer: whatever the fast reader
//! accepts must read exactly as the full parser reads it, and the JSON it
//! builds directly must be what the full parser's tree converts to.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    shipshape::value::yaml::fuzz_fast_reader(data);
});
