//! The `shipshape` command.

fn main() {
    reserve_heap();
    // Each worker reserves its heap as it starts. The pool is built here,
    // before the command line is read: built on a thread of its own beside
    // the parsing, its three starting threads competed with this one for
    // the two processors CI has, and a big chart took 2 ms longer. Should
    // starting a thread fail, rayon's default pool serves without the
    // reservation.
    let _ = rayon::ThreadPoolBuilder::new()
        .start_handler(|_| reserve_heap())
        .build_global();
    std::process::exit(shipshape::cli::main());
}

/// How much heap each thread reserves at start.
const HEAP_RESERVE: usize = 8 << 20;

/// Grows this thread's heap once, by [`HEAP_RESERVE`], instead of a page at
/// a time.
///
/// glibc grows a worker thread's heap by exactly what an allocation lacks,
/// rounded to a page, with one `mprotect` per step: rendering a big chart
/// made about 900 of them, and each takes the process's memory-map lock for
/// writing, stalling the other threads' page faults. Freeing a large block
/// raises glibc's mmap threshold (and trim threshold, to twice as much) to
/// its size; a block just under that size then comes from the thread's own
/// heap, and once freed it stays there as free space, below the trim
/// threshold. Nothing is touched, so nothing is resident until used. Other
/// allocators just map and unmap two blocks.
fn reserve_heap() {
    let raise = Vec::<u8>::with_capacity(HEAP_RESERVE);
    // An allocation nobody reads may be optimised away.
    drop(std::hint::black_box(raise));
    let reserve = Vec::<u8>::with_capacity(HEAP_RESERVE - (64 << 10));
    drop(std::hint::black_box(reserve));
}
