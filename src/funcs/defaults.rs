//! Sprig's defaults and flow control (`defaults.go`, `fail`): `default`,
//! `empty`, `coalesce`, `all`, `any`, `ternary` and `fail`.
//!
//! Sprig's `empty` is its own copy of text/template's truthiness: nil, false,
//! zero numbers and empty strings, slices and maps are empty; structs and
//! non-nil pointers never are. For the values a template can hold this is
//! exactly `!is_true()`.

use super::conv::arg;
use crate::template::func::{FuncError, Function, Param};
use crate::value::Value;

/// The defaults and flow-control functions.
pub(crate) const FUNCTIONS: &[Function] = &[
    Function::variadic("default", &[Param::Any], Param::Any, default),
    Function::new("empty", &[Param::Any], empty),
    Function::variadic("coalesce", &[], Param::Any, coalesce),
    Function::variadic("all", &[], Param::Any, all),
    Function::variadic("any", &[], Param::Any, any),
    Function::new("ternary", &[Param::Any, Param::Any, Param::Bool], ternary),
    Function::new("fail", &[Param::String], fail),
];

/// Sprig's `empty(given)`: the zero value of its type (objects ask
/// [`crate::value::Object::is_true`], so an empty `.Files` is empty while
/// `.Capabilities` never is).
pub(crate) fn is_empty(value: &Value) -> bool {
    !value.is_true()
}

/// Sprig `default d given...`: `given[0]` unless it is missing or empty.
fn default(args: &[Value]) -> Result<Value, FuncError> {
    match args.get(1) {
        Some(given) if !is_empty(given) => Ok(given.clone()),
        _ => Ok(arg(args, 0).clone()),
    }
}

/// Sprig `empty`.
fn empty(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(is_empty(arg(args, 0))))
}

/// Sprig `coalesce`: the first non-empty argument, else nil.
fn coalesce(args: &[Value]) -> Result<Value, FuncError> {
    Ok(args
        .iter()
        .find(|v| !is_empty(v))
        .cloned()
        .unwrap_or(Value::Nil))
}

/// Sprig `all`: no argument is empty (true for none).
fn all(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(args.iter().all(|v| !is_empty(v))))
}

/// Sprig `any`: some argument is not empty (false for none).
fn any(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(args.iter().any(|v| !is_empty(v))))
}

/// Sprig `ternary vt vf cond`.
fn ternary(args: &[Value]) -> Result<Value, FuncError> {
    let cond = matches!(args.get(2), Some(Value::Bool(true)));
    Ok(arg(args, if cond { 0 } else { 1 }).clone())
}

/// Sprig `fail msg`: an error carrying exactly `msg`. Helm recognises it and
/// prints `execution error at (file:line:col): msg`.
fn fail(args: &[Value]) -> Result<Value, FuncError> {
    Err(FuncError::new(arg(args, 0).as_str().unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expectations printed by Helm 3.17.3 (fn-collections/default, empty, coalesce).
    #[test]
    fn emptiness_matches_helm() {
        let cases = [
            (Value::Nil, true),
            (Value::str(""), true),
            (Value::str(" "), false),
            (Value::str("0"), false),
            (Value::Float(0.0), true),
            (Value::Int64(0), true),
            (Value::Int(0), true),
            (Value::Bool(false), true),
            (Value::Bool(true), false),
            (Value::list(vec![Value::Nil]), false),
            (Value::list(vec![]), true),
            (Value::empty_map(), true),
        ];
        for (value, want) in cases {
            assert_eq!(
                empty(std::slice::from_ref(&value)),
                Ok(Value::Bool(want)),
                "{value:?}"
            );
        }
    }

    #[test]
    fn flow_functions_match_helm() {
        let d = Value::str("d");
        assert_eq!(default(&[d.clone(), Value::Float(0.0)]), Ok(d.clone()));
        assert_eq!(default(std::slice::from_ref(&d)), Ok(d.clone()));
        assert_eq!(default(&[d.clone(), Value::str("x")]), Ok(Value::str("x")));
        assert_eq!(default(&[d.clone(), Value::Int(0), Value::Int(1)]), Ok(d));
        let args = [
            Value::Nil,
            Value::str(""),
            Value::Int(0),
            Value::str("x"),
            Value::str("y"),
        ];
        assert_eq!(coalesce(&args), Ok(Value::str("x")));
        assert_eq!(coalesce(&[]), Ok(Value::Nil));
        assert_eq!(all(&[]), Ok(Value::Bool(true)));
        assert_eq!(any(&[]), Ok(Value::Bool(false)));
        assert_eq!(
            all(&[Value::Int(1), Value::str("")]),
            Ok(Value::Bool(false))
        );
        assert_eq!(any(&[Value::Int(0), Value::Int(1)]), Ok(Value::Bool(true)));
        let yes_no = |c| ternary(&[Value::str("yes"), Value::str("no"), Value::Bool(c)]);
        assert_eq!(yes_no(true), Ok(Value::str("yes")));
        assert_eq!(yes_no(false), Ok(Value::str("no")));
        assert_eq!(fail(&[Value::str("boom")]), Err(FuncError::new("boom")));
    }
}
