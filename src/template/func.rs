//! The function-call contract between the template engine and the functions
//! it calls (builtins, Sprig, Helm).
//!
//! text/template checks every argument against the Go parameter type of the
//! function before calling it (`evalArg`/`validateType` in `exec.go`) and
//! reports `wrong type for value; expected string; got int`,
//! `invalid value; expected string` (a nil for a non-nillable type) or
//! `wrong number of args for upper: want 1 got 2`. Functions therefore
//! declare their Go signature with [`Param`]s; the engine does the checking,
//! so a function body receives exactly the declared kinds.

use crate::value::Value;

pub use crate::value::Param;

/// The error a function returns (or the panic it raises), as Go's
/// `err.Error()` text; the engine wraps it as `error calling NAME: TEXT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuncError(pub String);

impl FuncError {
    /// An error with the given Go error text.
    pub fn new(message: impl Into<String>) -> FuncError {
        FuncError(message.into())
    }
}

impl std::fmt::Display for FuncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FuncError {}

/// A function that needs nothing but its arguments.
pub type PureFn = fn(&[Value]) -> Result<Value, FuncError>;

/// A function as registered in a template set's function map.
#[derive(Clone)]
pub struct Function {
    /// The name templates call it by.
    pub name: &'static str,
    /// Fixed parameters, in order.
    pub params: &'static [Param],
    /// The element type of a trailing `...T` parameter, if any.
    pub variadic: Option<Param>,
    /// The implementation.
    pub call: PureFn,
}

impl Function {
    /// A function with fixed parameters.
    pub const fn new(name: &'static str, params: &'static [Param], call: PureFn) -> Function {
        Function {
            name,
            params,
            variadic: None,
            call,
        }
    }

    /// A function whose last parameter is `...T`.
    pub const fn variadic(
        name: &'static str,
        params: &'static [Param],
        rest: Param,
        call: PureFn,
    ) -> Function {
        Function {
            name,
            params,
            variadic: Some(rest),
            call,
        }
    }
}

impl std::fmt::Debug for Function {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Function")
            .field("name", &self.name)
            .field("params", &self.params)
            .field("variadic", &self.variadic)
            .finish()
    }
}
