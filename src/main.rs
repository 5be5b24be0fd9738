//! The `shipshape` command.

fn main() {
    std::process::exit(shipshape::cli::main());
}
