//! Commands as functions: options in, output and exit status out. The CLI
//! layer only parses arguments and writes what these return.

pub mod config;
pub mod diff;
mod discover;
pub mod install_flags;
pub mod lint;
mod post_render;
mod progress;
pub mod rules;
pub mod template;

/// What a command produced: its stdout, its stderr and its exit status.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Text for standard output.
    pub stdout: String,
    /// Text for standard error.
    pub stderr: String,
    /// The process exit status.
    pub code: i32,
    /// A source snippet with a caret for the failure, shown after `stderr`
    /// when a person is reading (stderr is a terminal); kept apart so that
    /// piped and CI output stays byte-identical to Helm's.
    pub snippet: Option<String>,
}

/// Frees `value` on a thread of its own. For the big structures a one-shot
/// command is done with just before it prints: freeing a large chart's
/// parsed templates and values takes milliseconds, and the process exiting
/// frees them anyway, so the main thread should not wait for it.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    // If no thread can be started, the closure (and `value`) is dropped
    // here instead.
    let _ = std::thread::Builder::new()
        .name("drop".to_string())
        .spawn(move || drop(value));
}
