//! Links the `shipshape` executable at a fixed address on Linux.
//!
//! A position-independent executable has its pointer tables (vtables,
//! string tables, clap's definitions) patched by the dynamic loader at every
//! start: about 100 pages written before `main`, each a page fault, which
//! costs 0.5 ms of every run on the virtual machines CI runs on, a tenth of
//! rendering a small chart. The code stays position-independent (so the
//! libraries and proc-macros build as usual); only the final link of the
//! binaries is non-PIE, and the linker resolves those pointers itself. What
//! is given up is ASLR for the executable's own image; shared libraries,
//! heap and stacks are still randomised, and the crate has no `unsafe`.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
