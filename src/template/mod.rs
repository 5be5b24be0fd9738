//! Go `text/template`, as Helm runs it: lexer, parser, AST with spans,
//! executor, and errors with Go's exact texts. Knows nothing of Helm: the
//! functions it calls come in through [`func::Function`] tables.

pub mod func;
