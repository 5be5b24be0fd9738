//! Go `text/template`, as Helm runs it: lexer, parser, AST with spans,
//! executor, and errors with Go's exact texts. Knows nothing of Helm: the
//! functions it calls come in through [`Funcs`] tables.
//!
//! - [`Funcs`] holds the builtins; add Sprig/Helm [`func::Function`]s with
//!   [`Funcs::add`] and engine-aware ones (`include`, `tpl`) with
//!   [`Funcs::add_host`], whose closure gets a [`Context`] to run
//!   [`Context::execute_template`] / [`Context::execute_text`].
//! - [`Set::parse`] once per file (a later definition replaces an earlier
//!   one, as Helm relies on), then [`Set::execute`] per file, from any thread.
//! - [`Error`] prints Go's exact text; its accessors (`kind`, `name`, `line`,
//!   `col`, `exec_name`, `context`, `message`, `func_name`, `func_error`,
//!   `cause`) let the Helm layer print `parse error at (...)`,
//!   `execution error at (...)` or Helm 4's multi-line form without parsing
//!   the message. A host function that fails with an engine error returns
//!   [`HostError::Engine`], which stays reachable through [`Error::cause`].
//! - [`Options`] picks the Go version ([`Dialect`]), `missingkey` and limits.
//!
//! ```
//! use std::sync::Arc;
//! use shipshape::template::{Funcs, Options, Set};
//! use shipshape::value::Value;
//!
//! let mut set = Set::new(Arc::new(Funcs::new()), Options::default());
//! set.parse("t", r#"{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" 42 }}"#).unwrap();
//! assert_eq!(set.execute("t", &Value::Nil).unwrap(), "[42]");
//! ```

mod ast;
mod builtins;
mod error;
mod exec;
pub mod func;
mod lex;
mod parse;
mod set;

pub use error::{Error, ErrorKind, HostError};
pub use exec::Context;
pub use set::{Dialect, Funcs, HostFn, MapMethods, MissingKey, Options, Set};

#[cfg(test)]
mod tests;
