//! Go `text/template`, as Helm runs it: lexer, parser, AST with spans,
//! executor, and errors with Go's exact texts. Knows nothing of Helm: the
//! functions it calls come in through [`Funcs`] tables.
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
pub use set::{Dialect, Funcs, HostFn, MissingKey, Options, Set};

#[cfg(test)]
mod tests;
