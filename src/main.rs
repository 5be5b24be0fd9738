//! The `shipshape` command.

fn main() {
    println!("shipshape");
}
