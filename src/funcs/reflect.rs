//! Sprig's reflection functions: `typeOf` (Go's `%T`), `typeIs`,
//! `typeIsLike`, `kindOf` (`reflect.Kind`), `kindIs` and `deepEqual`.
//!
//! Type names come from [`Value::type_name`], so Helm's own types print as the
//! running Helm names them (`chartutil.Values` in Helm 3, `common.Values` in
//! Helm 4).

use super::conv::arg;
use crate::template::func::{FuncError, Function, Param};
use crate::value::Value;

/// The reflection functions.
pub(crate) const FUNCTIONS: &[Function] = &[
    Function::new("typeOf", &[Param::Any], type_of),
    Function::new("typeIs", &[Param::String, Param::Any], type_is),
    Function::new("typeIsLike", &[Param::String, Param::Any], type_is_like),
    Function::new("kindOf", &[Param::Any], kind_of),
    Function::new("kindIs", &[Param::String, Param::Any], kind_is),
    Function::new("deepEqual", &[Param::Any, Param::Any], deep_equal),
];

/// Sprig `typeOf`: `fmt.Sprintf("%T", v)`, `<nil>` for nil.
fn type_of(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::str(arg(args, 0).type_name()))
}

/// Sprig `typeIs target v`.
fn type_is(args: &[Value]) -> Result<Value, FuncError> {
    let target = arg(args, 0).as_str().unwrap_or_default();
    Ok(Value::Bool(arg(args, 1).type_name() == target))
}

/// Sprig `typeIsLike target v`: the type, or a pointer to it.
fn type_is_like(args: &[Value]) -> Result<Value, FuncError> {
    let target = arg(args, 0).as_str().unwrap_or_default();
    let name = arg(args, 1).type_name();
    let like = name == target || name.strip_prefix('*') == Some(target);
    Ok(Value::Bool(like))
}

/// Sprig `kindOf`: `reflect.ValueOf(v).Kind().String()`, `invalid` for nil.
fn kind_of(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::str(arg(args, 0).kind_name()))
}

/// Sprig `kindIs target v`.
fn kind_is(args: &[Value]) -> Result<Value, FuncError> {
    let target = arg(args, 0).as_str().unwrap_or_default();
    Ok(Value::Bool(arg(args, 1).kind_name() == target))
}

/// Sprig `deepEqual` (`reflect.DeepEqual`): types must match exactly, so
/// `1` (int) differs from `1.0` (float64) and from `int64 1`.
fn deep_equal(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(arg(args, 0) == arg(args, 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expectations printed by Helm 3.17.3 (fn-collections/reflect*, deepequal).
    #[test]
    fn reflection_matches_helm() {
        let s = |v: &str| Value::str(v);
        let t = Value::Bool(true);
        let f = Value::Bool(false);
        let cases: Vec<(crate::template::func::PureFn, Vec<Value>, Value)> = vec![
            (type_of, vec![Value::Int(1)], s("int")),
            (type_of, vec![Value::Nil], s("<nil>")),
            (type_of, vec![Value::Int64(1)], s("int64")),
            (type_of, vec![Value::list(vec![])], s("[]interface {}")),
            (kind_of, vec![Value::Nil], s("invalid")),
            (kind_of, vec![Value::list(vec![])], s("slice")),
            (kind_of, vec![Value::empty_map()], s("map")),
            (type_is, vec![s("int"), Value::Int(1)], t.clone()),
            (type_is, vec![s("int64"), Value::Int(1)], f.clone()),
            (type_is, vec![s("<nil>"), Value::Nil], t.clone()),
            (type_is_like, vec![s("int"), Value::Int(1)], t.clone()),
            (kind_is, vec![s("invalid"), Value::Nil], t.clone()),
            (kind_is, vec![s("string"), s("x")], t.clone()),
            (deep_equal, vec![Value::Int(1), Value::Int(1)], t.clone()),
            (
                deep_equal,
                vec![Value::Int(1), Value::Float(1.0)],
                f.clone(),
            ),
            (deep_equal, vec![Value::Nil, Value::Nil], t.clone()),
            (deep_equal, vec![Value::Int64(1), Value::Int(1)], f),
            (
                deep_equal,
                vec![Value::list(vec![]), Value::list(vec![])],
                t,
            ),
        ];
        for (func, args, want) in cases {
            assert_eq!(func(&args), Ok(want), "{args:?}");
        }
    }
}
