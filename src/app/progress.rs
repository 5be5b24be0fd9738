//! A progress bar on stderr for runs long enough to wonder about: drawn
//! only when stderr is a terminal, and only after the work has taken a
//! moment, so quick runs and CI logs never see it.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// Nothing is drawn for work that finishes sooner than this.
const DELAY: Duration = Duration::from_millis(400);
const TICK: Duration = Duration::from_millis(100);
const WIDTH: usize = 30;

/// A running progress bar; `tick` after each piece of work, drop to clear.
pub(crate) struct Progress {
    done: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    painter: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts a bar over `total` pieces of work described by `label`.
    pub(crate) fn start(total: usize, label: &str) -> Progress {
        let done = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let painter = (total > 1 && std::io::stderr().is_terminal()).then(|| {
            let (done, stop, label) = (done.clone(), stop.clone(), label.to_string());
            std::thread::spawn(move || paint(total, &label, &done, &stop))
        });
        Progress {
            done,
            stop,
            painter,
        }
    }

    /// One more piece done.
    pub(crate) fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

fn paint(total: usize, label: &str, done: &AtomicUsize, stop: &AtomicBool) {
    let mut waited = Duration::ZERO;
    let mut drawn = false;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(TICK);
        waited += TICK;
        if waited < DELAY {
            continue;
        }
        let n = done.load(Ordering::Relaxed).min(total);
        let filled = WIDTH * n / total;
        let bar = format!("{}{}", "#".repeat(filled), " ".repeat(WIDTH - filled));
        let _ = write!(std::io::stderr(), "\r[{bar}] {n}/{total} {label}");
        drawn = true;
    }
    if drawn {
        let _ = write!(
            std::io::stderr(),
            "\r{}\r",
            " ".repeat(WIDTH + label.len() + 24)
        );
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(painter) = self.painter.take() {
            let _ = painter.join();
        }
    }
}
