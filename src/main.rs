//! The `shipshape` command.

/// mimalloc instead of the system allocator: a render allocates and frees
/// hundreds of thousands of small values, strings and YAML nodes.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(shipshape::cli::main());
}
