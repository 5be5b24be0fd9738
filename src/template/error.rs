//! Template errors: one typed struct that prints Go's exact text and keeps
//! the pieces (name, position, context, message, function, cause) apart so
//! the Helm layer can reformat them without re-parsing a message.

use std::fmt;
use std::sync::Arc;

use super::func::FuncError;

/// What went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A lexing or parsing error: `template: NAME:LINE: MSG`.
    Parse,
    /// An execution error: `template: NAME:LINE:COL: executing "T" at <CTX>: MSG`.
    Exec,
    /// A function returned an error: an exec error whose message is
    /// `error calling NAME: TEXT`.
    Func,
    /// A resource limit of [`super::Options`] was hit (output size,
    /// operation budget). Printed like an exec error.
    Limit,
    /// `Set::execute` of a name that is not defined.
    NoTemplate,
}

/// The error a host function may return: a plain Go error text, or a whole
/// engine error (for instance from `include` of a template that failed),
/// which stays available as [`Error::cause`].
#[derive(Debug)]
pub enum HostError {
    /// A Go error text.
    Func(FuncError),
    /// An error from a nested execution or parse.
    Engine(Error),
}

impl From<FuncError> for HostError {
    fn from(e: FuncError) -> HostError {
        HostError::Func(e)
    }
}

impl From<Error> for HostError {
    fn from(e: Error) -> HostError {
        HostError::Engine(e)
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::Func(e) => e.fmt(f),
            HostError::Engine(e) => e.fmt(f),
        }
    }
}

/// A template error, boxed so `Result<T, Error>` stays small.
pub struct Error {
    repr: Box<Repr>,
}

struct Repr {
    kind: ErrorKind,
    /// The file name the location is in (Go's `ParseName`).
    name: Arc<str>,
    /// The template being executed (`executing "NAME"`), for exec errors.
    exec_name: Option<Arc<str>>,
    /// The source of `name`, to compute line:col on demand.
    source: Option<Arc<str>>,
    /// Byte offset of the failing node or token.
    offset: Option<usize>,
    /// Go's node text.
    context: Option<String>,
    /// The message after the location.
    message: String,
    /// For [`ErrorKind::Func`]: the function's name.
    func_name: Option<Arc<str>>,
    /// For [`ErrorKind::Func`]: the function's own error.
    func_error: Option<FuncError>,
    /// For [`ErrorKind::Func`] from a host function: the nested engine error.
    cause: Option<Error>,
}

impl Error {
    fn new(kind: ErrorKind, name: Arc<str>, message: String) -> Error {
        Error {
            repr: Box::new(Repr {
                kind,
                name,
                exec_name: None,
                source: None,
                offset: None,
                context: None,
                message,
                func_name: None,
                func_error: None,
                cause: None,
            }),
        }
    }

    /// A parse error at `offset` of `source`.
    pub(crate) fn parse(
        name: &Arc<str>,
        source: &Arc<str>,
        offset: usize,
        message: String,
    ) -> Error {
        let mut e = Error::new(ErrorKind::Parse, name.clone(), message);
        e.repr.source = Some(source.clone());
        e.repr.offset = Some(offset);
        e
    }

    /// An exec error at a node.
    pub(crate) fn exec(
        kind: ErrorKind,
        name: &Arc<str>,
        exec_name: &Arc<str>,
        source: &Arc<str>,
        offset: usize,
        context: String,
        message: String,
    ) -> Error {
        let mut e = Error::new(kind, name.clone(), message);
        e.repr.exec_name = Some(exec_name.clone());
        e.repr.source = Some(source.clone());
        e.repr.offset = Some(offset);
        e.repr.context = Some(context);
        e
    }

    /// An error without a node (`template: NAME: MSG`).
    pub(crate) fn plain(kind: ErrorKind, name: &str, message: String) -> Error {
        Error::new(kind, Arc::from(name), message)
    }

    /// Turns an exec error into a function-call error.
    pub(crate) fn with_func(mut self, name: &Arc<str>, err: HostError) -> Error {
        self.repr.kind = ErrorKind::Func;
        self.repr.func_name = Some(name.clone());
        match err {
            HostError::Func(e) => self.repr.func_error = Some(e),
            HostError::Engine(e) => self.repr.cause = Some(e),
        }
        self
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.repr.kind
    }

    /// The file (parse name) the error location is in.
    pub fn name(&self) -> &str {
        &self.repr.name
    }

    /// For exec errors: the template being executed (`executing "NAME"`),
    /// which is the `define` name inside `include`/`template`.
    pub fn exec_name(&self) -> Option<&str> {
        self.repr.exec_name.as_deref()
    }

    /// Byte offset of the error in the source of [`Error::name`].
    pub fn offset(&self) -> Option<usize> {
        self.repr.offset
    }

    /// The 1-based line of the error.
    pub fn line(&self) -> Option<usize> {
        let src = self.repr.source.as_deref()?;
        let off = self.repr.offset?.min(src.len());
        Some(
            1 + src.as_bytes()[..off]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
        )
    }

    /// The column as Go prints it: the 0-based byte offset within the line.
    pub fn col(&self) -> Option<usize> {
        let src = self.repr.source.as_deref()?;
        let off = self.repr.offset?.min(src.len());
        Some(
            match src.as_bytes()[..off].iter().rposition(|&b| b == b'\n') {
                Some(nl) => off - (nl + 1),
                None => off,
            },
        )
    }

    /// Go's error context: the text of the failing node (`.Values.a.b`).
    pub fn context(&self) -> Option<&str> {
        self.repr.context.as_deref()
    }

    /// The message after the location and context.
    pub fn message(&self) -> String {
        match self.repr.kind {
            ErrorKind::Func => {
                let name = self.repr.func_name.as_deref().unwrap_or("");
                let inner = match (&self.repr.func_error, &self.repr.cause) {
                    (Some(e), _) => e.0.clone(),
                    (None, Some(c)) => c.to_string(),
                    (None, None) => String::new(),
                };
                format!("error calling {name}: {inner}")
            }
            _ => self.repr.message.clone(),
        }
    }

    /// For function errors: the function's name.
    pub fn func_name(&self) -> Option<&str> {
        self.repr.func_name.as_deref()
    }

    /// For function errors: the function's own Go error.
    pub fn func_error(&self) -> Option<&FuncError> {
        self.repr.func_error.as_ref()
    }

    /// For host function errors that wrap a nested engine error (include,
    /// tpl): that error, whose own location chain is intact.
    pub fn cause(&self) -> Option<&Error> {
        self.repr.cause.as_ref()
    }

    /// The source line the error points at, for a caret display.
    pub fn source_line(&self) -> Option<&str> {
        let src = self.repr.source.as_deref()?;
        let off = self.repr.offset?.min(src.len());
        let start = src[..off].rfind('\n').map_or(0, |n| n + 1);
        let end = src[off..].find('\n').map_or(src.len(), |n| off + n);
        Some(&src[start..end])
    }
}

impl fmt::Display for Error {
    /// Go's exact error text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = &self.repr;
        match r.kind {
            ErrorKind::Parse => match self.line() {
                Some(line) => write!(f, "template: {}:{}: {}", r.name, line, r.message),
                None => write!(f, "template: {}: {}", r.name, r.message),
            },
            ErrorKind::NoTemplate => f.write_str(&r.message),
            _ => match (self.line(), self.col(), &r.exec_name, &r.context) {
                (Some(line), Some(col), Some(exec), Some(ctx)) => write!(
                    f,
                    "template: {}:{}:{}: executing {} at <{}>: {}",
                    r.name,
                    line,
                    col,
                    super::lex::go_quote(exec),
                    ctx,
                    self.message()
                ),
                _ => write!(f, "template: {}: {}", r.name, self.message()),
            },
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({:?}: {})", self.repr.kind, self)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        if let Some(c) = &self.repr.cause {
            return Some(c);
        }
        self.repr
            .func_error
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
