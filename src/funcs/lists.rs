//! Sprig's list functions (`list.go`, `until`/`untilStep`/`seq` from
//! `numeric.go`): `list`, `first`, `rest`, `append`, `uniq`, `slice`,
//! `chunk`, `concat` and friends.
//!
//! Sprig walks any Go slice through `reflect`, so these take `interface {}`
//! and fail at run time: a non-slice is `Cannot find first on type string`,
//! and nil is a nil-pointer panic (`reflect.TypeOf(nil).Kind()`). Sprig's
//! plain variants `panic(err)` with the same error their `must` twins return,
//! and text/template turns both into the same message, so each pair shares
//! one implementation here.

use super::conv::{arg, to_int64};
use crate::template::func::{FuncError, Function, Param};
use crate::value::{List, SliceKind, Value};
use std::borrow::Cow;
use std::sync::Arc;

/// The list functions.
pub(crate) const FUNCTIONS: &[Function] = &[
    Function::variadic("list", &[], Param::Any, list),
    Function::variadic("tuple", &[], Param::Any, list),
    Function::new("append", &[Param::Any, Param::Any], push),
    Function::new("push", &[Param::Any, Param::Any], push),
    Function::new("mustAppend", &[Param::Any, Param::Any], push),
    Function::new("mustPush", &[Param::Any, Param::Any], push),
    Function::new("prepend", &[Param::Any, Param::Any], prepend),
    Function::new("mustPrepend", &[Param::Any, Param::Any], prepend),
    Function::new("first", &[Param::Any], first),
    Function::new("mustFirst", &[Param::Any], first),
    Function::new("last", &[Param::Any], last),
    Function::new("mustLast", &[Param::Any], last),
    Function::new("rest", &[Param::Any], rest),
    Function::new("mustRest", &[Param::Any], rest),
    Function::new("initial", &[Param::Any], initial),
    Function::new("mustInitial", &[Param::Any], initial),
    Function::new("reverse", &[Param::Any], reverse),
    Function::new("mustReverse", &[Param::Any], reverse),
    Function::new("compact", &[Param::Any], compact),
    Function::new("mustCompact", &[Param::Any], compact),
    Function::new("uniq", &[Param::Any], uniq),
    Function::new("mustUniq", &[Param::Any], uniq),
    Function::variadic("without", &[Param::Any], Param::Any, without),
    Function::variadic("mustWithout", &[Param::Any], Param::Any, without),
    Function::new("has", &[Param::Any, Param::Any], has),
    Function::new("mustHas", &[Param::Any, Param::Any], has),
    Function::variadic("slice", &[Param::Any], Param::Any, slice),
    Function::variadic("mustSlice", &[Param::Any], Param::Any, slice),
    Function::variadic("concat", &[], Param::Any, concat),
    Function::new("chunk", &[Param::Int, Param::Any], chunk),
    Function::new("mustChunk", &[Param::Int, Param::Any], chunk),
    Function::new("until", &[Param::Int], until),
    Function::new(
        "untilStep",
        &[Param::Int, Param::Int, Param::Int],
        until_step,
    ),
    Function::variadic("seq", &[], Param::Int, seq),
];

/// The most elements `until`, `untilStep` and `seq` build. Go would try to
/// allocate whatever it is asked for; a template asking for more than this
/// is a mistake, and an error beats exhausting memory.
const MAX_RANGE_LEN: i128 = 1 << 22;

/// The panic text of `reflect.TypeOf(nil).Kind()`, which every reflect-based
/// Sprig list function raises for a nil argument.
pub(crate) const NIL_DEREF: &str =
    "runtime error: invalid memory address or nil pointer dereference";

/// The elements of a Go slice seen through `reflect`, or the error Sprig
/// raises: `message(kind)` for a non-slice, a nil-pointer panic for nil.
fn items<'a>(
    value: &'a Value,
    message: impl FnOnce(&str) -> String,
) -> Result<Cow<'a, [Value]>, FuncError> {
    match value {
        Value::Nil => Err(FuncError::new(NIL_DEREF)),
        Value::List(list) => Ok(Cow::Borrowed(&list.items)),
        // A []uint8 element is a uint8; the nearest Value is an int.
        Value::Bytes(bytes) => Ok(Cow::Owned(
            bytes.iter().map(|b| Value::Int(i64::from(*b))).collect(),
        )),
        // Host values that are Go slices (`.Capabilities.APIVersions`).
        Value::Object(object) => match object.to_data() {
            Value::List(list) => Ok(Cow::Owned(list.items.clone())),
            _ => Err(FuncError::new(message(value.kind_name()))),
        },
        other => Err(FuncError::new(message(other.kind_name()))),
    }
}

/// A `[]interface {}` result.
fn interface_list(items: Vec<Value>) -> Value {
    Value::list(items)
}

/// Sprig `list` (and `tuple`): its arguments as a `[]interface {}`.
fn list(args: &[Value]) -> Result<Value, FuncError> {
    Ok(interface_list(args.to_vec()))
}

/// Sprig `append`/`push`: a new `[]interface {}` with `v` added; the input
/// slice is never changed.
fn push(args: &[Value]) -> Result<Value, FuncError> {
    let list = items(arg(args, 0), |kind| format!("Cannot push on type {kind}"))?;
    let mut out = Vec::with_capacity(list.len() + 1);
    out.extend_from_slice(&list);
    out.push(arg(args, 1).clone());
    Ok(interface_list(out))
}

/// Sprig `prepend`.
fn prepend(args: &[Value]) -> Result<Value, FuncError> {
    let list = items(arg(args, 0), |kind| {
        format!("Cannot prepend on type {kind}")
    })?;
    let mut out = Vec::with_capacity(list.len() + 1);
    out.push(arg(args, 1).clone());
    out.extend_from_slice(&list);
    Ok(interface_list(out))
}

/// Sprig `first`: nil for an empty slice.
fn first(args: &[Value]) -> Result<Value, FuncError> {
    let list = items(arg(args, 0), |kind| {
        format!("Cannot find first on type {kind}")
    })?;
    Ok(list.first().cloned().unwrap_or(Value::Nil))
}

/// Sprig `last`: nil for an empty slice.
fn last(args: &[Value]) -> Result<Value, FuncError> {
    let list = items(arg(args, 0), |kind| {
        format!("Cannot find last on type {kind}")
    })?;
    Ok(list.last().cloned().unwrap_or(Value::Nil))
}

/// Sprig `rest`: all but the first element (a nil `[]interface {}` when empty,
/// which prints and types like an empty one).
fn rest(args: &[Value]) -> Result<Value, FuncError> {
    let list = items(arg(args, 0), |kind| {
        format!("Cannot find rest on type {kind}")
    })?;
    Ok(interface_list(list.get(1..).unwrap_or_default().to_vec()))
}

/// Sprig `initial`: all but the last element.
fn initial(args: &[Value]) -> Result<Value, FuncError> {
    let list = items(arg(args, 0), |kind| {
        format!("Cannot find initial on type {kind}")
    })?;
    let end = list.len().saturating_sub(1);
    Ok(interface_list(list[..end].to_vec()))
}

/// Sprig `reverse`: a reversed copy.
fn reverse(args: &[Value]) -> Result<Value, FuncError> {
    let list = items(arg(args, 0), |kind| {
        format!("Cannot find reverse on type {kind}")
    })?;
    Ok(interface_list(list.iter().rev().cloned().collect()))
}

/// Sprig `compact`: the elements that are not `empty`.
fn compact(args: &[Value]) -> Result<Value, FuncError> {
    let list = items(arg(args, 0), |kind| {
        format!("Cannot compact on type {kind}")
    })?;
    Ok(interface_list(
        list.iter()
            .filter(|item| !super::defaults::is_empty(item))
            .cloned()
            .collect(),
    ))
}

/// Sprig `uniq`: first occurrences, compared with `reflect.DeepEqual`
/// (so `1`, `1.0` and `"1"` are all distinct).
fn uniq(args: &[Value]) -> Result<Value, FuncError> {
    let list = items(arg(args, 0), |kind| {
        format!("Cannot find uniq on type {kind}")
    })?;
    let mut out: Vec<Value> = Vec::new();
    for item in list.iter() {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    Ok(interface_list(out))
}

/// Sprig `without`: the elements deep-equal to none of the others.
fn without(args: &[Value]) -> Result<Value, FuncError> {
    let list = items(arg(args, 0), |kind| {
        format!("Cannot find without on type {kind}")
    })?;
    let omit = args.get(1..).unwrap_or_default();
    Ok(interface_list(
        list.iter()
            .filter(|item| !omit.contains(item))
            .cloned()
            .collect(),
    ))
}

/// Sprig `has needle haystack`; a nil haystack is simply false.
fn has(args: &[Value]) -> Result<Value, FuncError> {
    let haystack = arg(args, 1);
    if haystack.is_nil() {
        return Ok(Value::Bool(false));
    }
    let list = items(haystack, |kind| format!("Cannot find has on type {kind}"))?;
    Ok(Value::Bool(list.contains(arg(args, 0))))
}

/// Sprig `slice list [start [end]]` (which replaces text/template's builtin
/// `slice` in Helm, as the FuncMap wins): indices go through `cast.ToInt`,
/// the result keeps the slice's element type, an empty slice gives nil and
/// bad bounds are reflect's panic. Sprig v3.3.0 refuses strings.
fn slice(args: &[Value]) -> Result<Value, FuncError> {
    let value = arg(args, 0);
    let list = items(value, |kind| {
        format!("list should be type of slice or array but {kind}")
    })?;
    let len = list.len();
    if len == 0 {
        return Ok(Value::Nil);
    }
    let start = args.get(1).map_or(0, to_int64);
    let end = args.get(2).map_or(len as i64, to_int64);
    // reflect checks against the capacity; slices built by templates have
    // their length as capacity.
    if start < 0 || end < start || end > len as i64 {
        return Err(FuncError::new(
            "reflect.Value.Slice: slice index out of bounds",
        ));
    }
    let part = list[start as usize..end as usize].to_vec();
    Ok(match value {
        Value::List(original) => Value::List(Arc::new(List {
            items: part,
            kind: original.kind,
            nil: false,
        })),
        Value::Bytes(bytes) => Value::Bytes(bytes[start as usize..end as usize].into()),
        _ => interface_list(part),
    })
}

/// Sprig `concat`: the elements of every slice in one `[]interface {}`.
fn concat(args: &[Value]) -> Result<Value, FuncError> {
    let mut out = Vec::new();
    for value in args {
        let list = items(value, |kind| format!("Cannot concat type {kind} as list"))?;
        out.extend_from_slice(&list);
    }
    Ok(interface_list(out))
}

/// Sprig `chunk size list`: slices of `size` elements, the last one shorter.
/// Sprig sizes the result with float arithmetic, so a size of 0 or below
/// either yields nothing or makes Go's `make` panic; this follows the same
/// arithmetic to give the same answer.
fn chunk(args: &[Value]) -> Result<Value, FuncError> {
    let size = to_int64(arg(args, 0));
    let list = items(arg(args, 1), |kind| format!("Cannot chunk type {kind}"))?;
    let len = list.len() as i64;
    const MAKESLICE: &str = "runtime error: makeslice: len out of range";
    let count = super::conv::go_f64_to_i64(((len - 1) as f64 / size as f64).floor() + 1.0);
    if count < 0 {
        return Err(FuncError::new(MAKESLICE));
    }
    let mut chunks = Vec::new();
    for i in 0..count {
        let mut clen = size;
        if i == count - 1 {
            clen = super::conv::go_f64_to_i64((len as f64 % size as f64).floor());
            if clen == 0 {
                clen = size;
            }
        }
        if clen < 0 {
            return Err(FuncError::new(MAKESLICE));
        }
        let start = i.saturating_mul(size);
        let mut part = Vec::new();
        for j in 0..clen {
            // Go indexes past the end here only when size <= 0, which is
            // caught above; guard anyway rather than panic.
            let ix = start.saturating_add(j);
            match usize::try_from(ix).ok().and_then(|ix| list.get(ix)) {
                Some(item) => part.push(item.clone()),
                None => return Err(FuncError::new("reflect: slice index out of range")),
            }
        }
        chunks.push(interface_list(part));
    }
    Ok(Value::List(Arc::new(List {
        items: chunks,
        kind: SliceKind::Lists,
        nil: false,
    })))
}

/// Sprig `until n`: `[0 1 ... n-1]`, counting down for a negative n.
fn until(args: &[Value]) -> Result<Value, FuncError> {
    let count = to_int64(arg(args, 0));
    let step = if count < 0 { -1 } else { 1 };
    Ok(int_list(until_step_values(0, count, step)?))
}

/// Sprig `untilStep start stop step`.
fn until_step(args: &[Value]) -> Result<Value, FuncError> {
    let start = to_int64(arg(args, 0));
    let stop = to_int64(arg(args, 1));
    let step = to_int64(arg(args, 2));
    Ok(int_list(until_step_values(start, stop, step)?))
}

/// A `[]int`.
fn int_list(values: Vec<i64>) -> Value {
    Value::List(Arc::new(List {
        items: values.into_iter().map(Value::Int).collect(),
        kind: SliceKind::Int,
        nil: false,
    }))
}

/// Sprig's `untilStep` loop: empty when the step points away from `stop`.
fn until_step_values(start: i64, stop: i64, step: i64) -> Result<Vec<i64>, FuncError> {
    let (start, stop, step) = (i128::from(start), i128::from(stop), i128::from(step));
    let count = if stop < start {
        if step >= 0 {
            return Ok(Vec::new());
        }
        (start - stop + (-step) - 1) / -step
    } else {
        if step <= 0 {
            return Ok(Vec::new());
        }
        (stop - start + step - 1) / step
    };
    if count > MAX_RANGE_LEN {
        return Err(FuncError::new(format!(
            "untilStep: refusing to build a list of {count} elements (limit {MAX_RANGE_LEN})"
        )));
    }
    // Every value lies between start and stop, so it fits an i64.
    Ok((0..count)
        .map(|i| i64::try_from(start + i * step).unwrap_or_default())
        .collect())
}

/// Sprig `seq`: like the Unix command, `seq last`, `seq first last` or
/// `seq first step last`, as a space-separated string.
fn seq(args: &[Value]) -> Result<Value, FuncError> {
    let p: Vec<i64> = args.iter().map(to_int64).collect();
    let values = match p.as_slice() {
        [end] => {
            let inc = if *end < 1 { -1 } else { 1 };
            until_step_values(1, end.wrapping_add(inc), inc)?
        }
        [start, end] => {
            let step = if end < start { -1 } else { 1 };
            until_step_values(*start, end.wrapping_add(step), step)?
        }
        [start, step, end] => {
            let mut inc = 1;
            if end < start {
                inc = -1;
                if *step > 0 {
                    return Ok(Value::str(""));
                }
            }
            until_step_values(*start, end.wrapping_add(inc), *step)?
        }
        _ => Vec::new(),
    };
    let text: Vec<String> = values.iter().map(i64::to_string).collect();
    Ok(Value::str(text.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(values: &[i64]) -> Value {
        Value::list(values.iter().map(|i| Value::Int(*i)).collect())
    }

    fn call(f: fn(&[Value]) -> Result<Value, FuncError>, args: &[Value]) -> String {
        match f(args) {
            Ok(v) => format!("{} {}", v.type_name(), v),
            Err(e) => format!("error: {e}"),
        }
    }

    /// Expectations printed by Helm 3.17.3 (fn-collections/list-*, slice-*,
    /// chunk*, until, err-*).
    #[test]
    fn list_functions_match_helm() {
        let l123 = ints(&[1, 2, 3]);
        let empty = Value::list(vec![]);
        let cases: Vec<(&str, crate::template::func::PureFn, Vec<Value>, &str)> = vec![
            ("first", first, vec![l123.clone()], "int 1"),
            ("first empty", first, vec![empty.clone()], "<nil> <nil>"),
            (
                "first nil",
                first,
                vec![Value::Nil],
                "error: runtime error: invalid memory address or nil pointer dereference",
            ),
            (
                "first string",
                first,
                vec![Value::str("abc")],
                "error: Cannot find first on type string",
            ),
            ("last", last, vec![l123.clone()], "int 3"),
            ("rest", rest, vec![l123.clone()], "[]interface {} [2 3]"),
            ("rest empty", rest, vec![empty.clone()], "[]interface {} []"),
            (
                "rest map",
                rest,
                vec![Value::empty_map()],
                "error: Cannot find rest on type map",
            ),
            (
                "initial",
                initial,
                vec![l123.clone()],
                "[]interface {} [1 2]",
            ),
            (
                "initial bool",
                initial,
                vec![Value::Bool(true)],
                "error: Cannot find initial on type bool",
            ),
            (
                "append",
                push,
                vec![l123.clone(), Value::Int(4)],
                "[]interface {} [1 2 3 4]",
            ),
            (
                "append nil",
                push,
                vec![Value::Nil, Value::Int(1)],
                "error: runtime error: invalid memory address or nil pointer dereference",
            ),
            (
                "push map",
                push,
                vec![Value::empty_map(), Value::Int(1)],
                "error: Cannot push on type map",
            ),
            (
                "prepend",
                prepend,
                vec![l123.clone(), Value::Int(0)],
                "[]interface {} [0 1 2 3]",
            ),
            (
                "prepend string",
                prepend,
                vec![Value::str("ab"), Value::Int(1)],
                "error: Cannot prepend on type string",
            ),
            (
                "reverse",
                reverse,
                vec![l123.clone()],
                "[]interface {} [3 2 1]",
            ),
            (
                "uniq",
                uniq,
                vec![Value::list(vec![
                    Value::Int(1),
                    Value::Int(1),
                    Value::str("1"),
                    Value::Int(2),
                    Value::Float(1.0),
                    Value::Nil,
                    Value::Nil,
                ])],
                "[]interface {} [1 1 2 1 <nil>]",
            ),
            (
                "uniq float",
                uniq,
                vec![Value::Float(1.5)],
                "error: Cannot find uniq on type float64",
            ),
            (
                "without",
                without,
                vec![ints(&[1, 2, 3, 2]), Value::Int(2)],
                "[]interface {} [1 3]",
            ),
            (
                "without string",
                without,
                vec![Value::str("abc"), Value::str("a")],
                "error: Cannot find without on type string",
            ),
            ("has", has, vec![Value::Int(2), ints(&[1, 2])], "bool true"),
            (
                "has str",
                has,
                vec![Value::str("2"), ints(&[1, 2])],
                "bool false",
            ),
            (
                "has nil",
                has,
                vec![Value::Int(1), Value::Nil],
                "bool false",
            ),
            (
                "has map",
                has,
                vec![Value::Int(1), Value::empty_map()],
                "error: Cannot find has on type map",
            ),
            (
                "compact",
                compact,
                vec![Value::list(vec![
                    Value::Int(0),
                    Value::Int(1),
                    Value::str(""),
                    Value::str("a"),
                    Value::Nil,
                    Value::Bool(false),
                    Value::Bool(true),
                    Value::list(vec![]),
                    Value::empty_map(),
                ])],
                "[]interface {} [1 a true]",
            ),
            (
                "compact nil",
                compact,
                vec![Value::Nil],
                "error: runtime error: invalid memory address or nil pointer dereference",
            ),
            (
                "slice",
                slice,
                vec![ints(&[1, 2, 3, 4]), Value::Int(1), Value::Int(3)],
                "[]interface {} [2 3]",
            ),
            (
                "slice from",
                slice,
                vec![l123.clone(), Value::Int(1)],
                "[]interface {} [2 3]",
            ),
            (
                "slice all",
                slice,
                vec![l123.clone()],
                "[]interface {} [1 2 3]",
            ),
            (
                "slice empty",
                slice,
                vec![empty.clone(), Value::Int(0), Value::Int(5)],
                "<nil> <nil>",
            ),
            (
                "slice cast",
                slice,
                vec![l123.clone(), Value::str("1"), Value::Float(2.9)],
                "[]interface {} [2]",
            ),
            (
                "slice end",
                slice,
                vec![l123.clone(), Value::Int(3)],
                "[]interface {} []",
            ),
            (
                "slice nil start",
                slice,
                vec![l123.clone(), Value::Nil, Value::Int(1)],
                "[]interface {} [1]",
            ),
            (
                "slice oob",
                slice,
                vec![l123.clone(), Value::Int(2), Value::Int(5)],
                "error: reflect.Value.Slice: slice index out of bounds",
            ),
            (
                "slice neg",
                slice,
                vec![l123.clone(), Value::Int(-1)],
                "error: reflect.Value.Slice: slice index out of bounds",
            ),
            (
                "slice string",
                slice,
                vec![Value::str("hello"), Value::Int(1)],
                "error: list should be type of slice or array but string",
            ),
            (
                "slice map",
                slice,
                vec![Value::empty_map(), Value::Int(1)],
                "error: list should be type of slice or array but map",
            ),
            (
                "concat",
                concat,
                vec![ints(&[1]), ints(&[2, 3])],
                "[]interface {} [1 2 3]",
            ),
            ("concat none", concat, vec![], "[]interface {} []"),
            (
                "concat string",
                concat,
                vec![ints(&[1]), Value::str("x")],
                "error: Cannot concat type string as list",
            ),
            (
                "chunk",
                chunk,
                vec![Value::Int(2), ints(&[1, 2, 3, 4, 5])],
                "[][]interface {} [[1 2] [3 4] [5]]",
            ),
            (
                "chunk exact",
                chunk,
                vec![Value::Int(3), l123.clone()],
                "[][]interface {} [[1 2 3]]",
            ),
            (
                "chunk empty",
                chunk,
                vec![Value::Int(2), empty.clone()],
                "[][]interface {} []",
            ),
            (
                "chunk zero",
                chunk,
                vec![Value::Int(0), ints(&[1, 2])],
                "error: runtime error: makeslice: len out of range",
            ),
            (
                "chunk -1 of 2",
                chunk,
                vec![Value::Int(-1), ints(&[1, 2])],
                "[][]interface {} []",
            ),
            (
                "chunk -2 of 3",
                chunk,
                vec![Value::Int(-2), l123.clone()],
                "[][]interface {} []",
            ),
            (
                "chunk -1 of 3",
                chunk,
                vec![Value::Int(-1), l123.clone()],
                "error: runtime error: makeslice: len out of range",
            ),
            (
                "chunk string",
                chunk,
                vec![Value::Int(2), Value::str("abc")],
                "error: Cannot chunk type string",
            ),
            ("until", until, vec![Value::Int(5)], "[]int [0 1 2 3 4]"),
            ("until neg", until, vec![Value::Int(-3)], "[]int [0 -1 -2]"),
            ("until 0", until, vec![Value::Int(0)], "[]int []"),
            (
                "untilStep",
                until_step,
                vec![Value::Int(0), Value::Int(10), Value::Int(3)],
                "[]int [0 3 6 9]",
            ),
            (
                "untilStep down",
                until_step,
                vec![Value::Int(10), Value::Int(0), Value::Int(-4)],
                "[]int [10 6 2]",
            ),
            (
                "untilStep 0",
                until_step,
                vec![Value::Int(0), Value::Int(10), Value::Int(0)],
                "[]int []",
            ),
            (
                "untilStep away",
                until_step,
                vec![Value::Int(5), Value::Int(0), Value::Int(1)],
                "[]int []",
            ),
            (
                "until huge",
                until,
                vec![Value::Int(i64::MAX)],
                "error: untilStep: refusing to build a list of 9223372036854775807 elements (limit 4194304)",
            ),
        ];
        for (name, f, args, want) in cases {
            assert_eq!(call(f, &args), want, "{name}");
        }
    }

    #[test]
    fn seq_matches_helm() {
        let cases: &[(&[i64], &str)] = &[
            (&[5], "1 2 3 4 5"),
            (&[3, -1], "3 2 1 0 -1"),
            (&[2, 5], "2 3 4 5"),
            (&[0, 2, 10], "0 2 4 6 8 10"),
            (&[10, -3, 1], "10 7 4 1"),
            (&[10, 3, 1], ""),
            (&[], ""),
            (&[1, 2, 3, 4], ""),
            (&[0], "1 0"),
        ];
        for (params, want) in cases {
            let args: Vec<Value> = params.iter().map(|i| Value::Int(*i)).collect();
            assert_eq!(
                seq(&args).map(|v| v.to_go_string()),
                Ok(want.to_string()),
                "{params:?}"
            );
        }
    }

    /// Extreme sizes and bounds give Go's answer or an error, never a panic
    /// or a giant allocation.
    #[test]
    fn extremes_never_panic() {
        let l = ints(&[1, 2, 3]);
        for size in [i64::MIN, -3, -1, 0, 1, 2, 3, 4, i64::MAX] {
            let _ = chunk(&[Value::Int(size), l.clone()]);
            let _ = chunk(&[Value::Int(size), Value::list(vec![])]);
        }
        let big = [i64::MIN, -1, 0, 1, i64::MAX];
        for a in big {
            for b in big {
                for c in big {
                    let args = [Value::Int(a), Value::Int(b), Value::Int(c)];
                    let _ = until_step(&args);
                    let _ = seq(&args);
                    let _ = slice(&[l.clone(), Value::Int(a), Value::Int(b)]);
                }
                let _ = seq(&[Value::Int(a), Value::Int(b)]);
            }
            let _ = until(&[Value::Int(a)]);
            let _ = seq(&[Value::Int(a)]);
        }
    }

    #[test]
    fn slice_keeps_element_type() {
        let strings = Value::string_list(["a", "b", "c"]);
        assert_eq!(call(slice, &[strings, Value::Int(1)]), "[]string [b c]");
        let range = until(&[Value::Int(5)]).unwrap_or_default();
        assert_eq!(call(slice, &[range, Value::Int(2)]), "[]int [2 3 4]");
    }
}
