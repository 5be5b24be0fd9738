//! Sprig's dict functions (`dict.go`): `dict`, `get`, `set`, `unset`,
//! `hasKey`, `pluck`, `keys`, `values`, `pick`, `omit`, `merge`,
//! `mergeOverwrite`, `dig` and `deepCopy`.
//!
//! # Mutation
//!
//! Go's `set`, `unset`, `merge` and `mergeOverwrite` change the map they are
//! given and return it, and charts rely on that (`$_ := set $ctx "k" v`, then
//! read `$ctx`; `merge .Values.a .Values.b` changes `.Values.a` for every
//! later template). `Value::Map` is an immutable `Arc<Map>` in the shared
//! value model, so here every change goes through [`update`], which today
//! returns a changed copy: callers that use the returned map see Go's result,
//! callers that read the original do not. Once maps get interior mutability
//! (see the report for the proposed change), [`update`] is the one place to
//! switch to in-place mutation.

use super::conv::{arg, strval};
use crate::template::func::{FuncError, Function, Param};
use crate::value::{List, Map, MapKind, SliceKind, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The dict functions.
pub(crate) const FUNCTIONS: &[Function] = &[
    Function::variadic("dict", &[], Param::Any, dict),
    Function::new("get", &[Param::Map, Param::String], get),
    Function::new("set", &[Param::Map, Param::String, Param::Any], set),
    Function::new("unset", &[Param::Map, Param::String], unset),
    Function::new("hasKey", &[Param::Map, Param::String], has_key),
    Function::variadic("pluck", &[Param::String], Param::Map, pluck),
    Function::variadic("keys", &[], Param::Map, keys),
    Function::new("values", &[Param::Map], values),
    Function::variadic("pick", &[Param::Map], Param::String, pick),
    Function::variadic("omit", &[Param::Map], Param::String, omit),
    Function::variadic("merge", &[Param::Map], Param::Map, merge),
    Function::variadic("mustMerge", &[Param::Map], Param::Map, merge),
    Function::variadic("mergeOverwrite", &[Param::Map], Param::Map, merge_overwrite),
    Function::variadic(
        "mustMergeOverwrite",
        &[Param::Map],
        Param::Map,
        merge_overwrite,
    ),
    Function::variadic("dig", &[], Param::Any, dig),
    Function::new("deepCopy", &[Param::Any], deep_copy),
    Function::new("mustDeepCopy", &[Param::Any], deep_copy),
];

/// The most nested levels `deepCopy` and `merge` walk, so a pathological
/// value gives an error instead of a stack overflow.
const MAX_DEPTH: usize = 2_000;

/// The entries of a `map[string]interface {}` argument. The engine converts
/// nil to an empty map; a nil that still arrives is read as Go reads a nil
/// map (no entries).
fn entries(value: &Value) -> BTreeMap<String, Value> {
    value.as_map().map(|m| m.snapshot()).unwrap_or_default()
}

/// A new `map[string]interface {}`.
fn new_map(entries: BTreeMap<String, Value>) -> Value {
    Value::map(entries)
}

/// Applies a Go in-place map change to `target` and returns the changed map,
/// typed `map[string]interface {}` as Sprig's signatures return it (even for
/// Helm's named `Values` type).
///
/// This is the single mutation point of the module. Go maps are shared, so
/// the change lands in `target` itself and every holder sees it; the change
/// works on a snapshot that is written back, so a source that is the target
/// (`merge $a $a`) never locks one map twice.
fn update(
    target: &Value,
    change: impl FnOnce(&mut BTreeMap<String, Value>) -> Result<(), FuncError>,
) -> Result<Value, FuncError> {
    let Value::Map(map) = target else {
        let mut entries = BTreeMap::new();
        change(&mut entries)?;
        return Ok(new_map(entries));
    };
    let mut entries = map.snapshot();
    change(&mut entries)?;
    *map.entries_mut() = entries;
    // Sprig returns the map as a `map[string]interface {}`: a named map
    // (`.Values`) comes back as the same map under the unnamed type.
    Ok(match map.kind {
        MapKind::Named(_) => Value::Map(Arc::new(map.retyped(MapKind::Interface))),
        _ => target.clone(),
    })
}

/// Sprig `dict k1 v1 k2 v2...`: keys go through `strval` (`1` becomes "1",
/// nil becomes "<nil>"); a missing last value is "".
fn dict(args: &[Value]) -> Result<Value, FuncError> {
    let mut map = BTreeMap::new();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_else(|| Value::str(""));
        map.insert(strval(&pair[0]), value);
    }
    Ok(new_map(map))
}

/// Sprig `get map key`: "" when the key is missing.
fn get(args: &[Value]) -> Result<Value, FuncError> {
    let key = arg(args, 1).as_str().unwrap_or_default();
    Ok(entries(arg(args, 0))
        .get(key)
        .cloned()
        .unwrap_or_else(|| Value::str("")))
}

/// Sprig `set map key value`: Go changes `map` in place and returns it.
fn set(args: &[Value]) -> Result<Value, FuncError> {
    let target = arg(args, 0);
    if target.is_nil() || matches!(target, Value::Map(m) if m.is_nil()) {
        return Err(FuncError::new("assignment to entry in nil map"));
    }
    let key = arg(args, 1).as_str().unwrap_or_default().to_string();
    let value = arg(args, 2).clone();
    update(target, |map| {
        map.insert(key, value);
        Ok(())
    })
}

/// Sprig `unset map key`: Go deletes in place and returns the map.
fn unset(args: &[Value]) -> Result<Value, FuncError> {
    let key = arg(args, 1).as_str().unwrap_or_default();
    update(arg(args, 0), |map| {
        map.remove(key);
        Ok(())
    })
}

/// Sprig `hasKey map key`, true even when the value is nil.
fn has_key(args: &[Value]) -> Result<Value, FuncError> {
    let key = arg(args, 1).as_str().unwrap_or_default();
    Ok(Value::Bool(entries(arg(args, 0)).contains_key(key)))
}

/// Sprig `pluck key maps...`: the value of `key` in each map that has it.
fn pluck(args: &[Value]) -> Result<Value, FuncError> {
    let key = arg(args, 0).as_str().unwrap_or_default();
    let found = args
        .get(1..)
        .unwrap_or_default()
        .iter()
        .filter_map(|m| entries(m).get(key).cloned())
        .collect();
    Ok(Value::list(found))
}

/// Sprig `keys maps...`: every key of every map, duplicates kept, as a
/// `[]string`. Go returns each map's keys in random order; this returns
/// them sorted, one of the orders Go may produce.
fn keys(args: &[Value]) -> Result<Value, FuncError> {
    let all: Vec<Value> = args
        .iter()
        .flat_map(|m| entries(m).into_keys().map(Value::from).collect::<Vec<_>>())
        .collect();
    Ok(Value::List(Arc::new(List {
        items: all,
        kind: SliceKind::String,
        nil: false,
    })))
}

/// Sprig `values map`: the values as a `[]interface {}`, in key order here
/// (random in Go).
fn values(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::list(
        entries(arg(args, 0)).values().cloned().collect(),
    ))
}

/// Sprig `pick map keys...`: a new map with only those keys.
fn pick(args: &[Value]) -> Result<Value, FuncError> {
    let source = entries(arg(args, 0));
    let mut out = BTreeMap::new();
    for key in args.get(1..).unwrap_or_default() {
        let key = key.as_str().unwrap_or_default();
        if let Some(value) = source.get(key) {
            out.insert(key.to_string(), value.clone());
        }
    }
    Ok(new_map(out))
}

/// Sprig `omit map keys...`: a new map without those keys.
fn omit(args: &[Value]) -> Result<Value, FuncError> {
    let drop: Vec<&str> = args
        .get(1..)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let out = entries(arg(args, 0))
        .iter()
        .filter(|(k, _)| !drop.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(new_map(out))
}

/// Sprig `merge dst srcs...` (mergo without override): keys missing or empty
/// in `dst` are filled from each source in turn; nested maps merge deeply.
fn merge(args: &[Value]) -> Result<Value, FuncError> {
    merge_all(args, false)
}

/// Sprig `mergeOverwrite dst srcs...` (mergo `WithOverride`): source values
/// win, nested maps merge deeply, nil sources overwrite too.
fn merge_overwrite(args: &[Value]) -> Result<Value, FuncError> {
    merge_all(args, true)
}

/// Merges every source into the first map, in order.
fn merge_all(args: &[Value], overwrite: bool) -> Result<Value, FuncError> {
    update(arg(args, 0), |dst| {
        for src in args.get(1..).unwrap_or_default() {
            merge_into(dst, &entries(src), overwrite, 0)?;
        }
        Ok(())
    })
}

/// mergo's `deepMerge` for `map[string]interface {}`, reduced to its outcome
/// per key:
/// - a nil source value is skipped, or stored when overwriting;
/// - a source map over a non-empty destination map merges recursively;
/// - otherwise the source value is stored when overwriting, or when the
///   destination key is missing or holds an empty value (`""`, `0`, `false`,
///   nil, an empty slice or map), which is why `merge` replaces a zero.
fn merge_into(
    dst: &mut BTreeMap<String, Value>,
    src: &BTreeMap<String, Value>,
    overwrite: bool,
    depth: usize,
) -> Result<(), FuncError> {
    if depth > MAX_DEPTH {
        return Err(FuncError::new("merge: maps nested too deeply"));
    }
    for (key, value) in src {
        if value.is_nil() {
            if overwrite {
                dst.insert(key.clone(), Value::Nil);
            }
            continue;
        }
        match (dst.get(key), value) {
            // Go merges into the nested destination map in place (it is a
            // reference, so every holder of it sees the change). Both sides
            // are snapshots first, so `merge $a $a` never locks one map twice.
            (Some(Value::Map(current)), Value::Map(incoming)) if !current.is_empty() => {
                let mut merged = current.snapshot();
                merge_into(&mut merged, &incoming.snapshot(), overwrite, depth + 1)?;
                *current.entries_mut() = merged;
            }
            (current, _) => {
                if overwrite || current.is_none_or(|c| !c.is_true()) {
                    dst.insert(key.clone(), value.clone());
                }
            }
        }
    }
    Ok(())
}

/// Sprig `dig keys... default map`: walks nested `map[string]interface {}`s;
/// the default when a key is missing. Go's type assertions make a non-string
/// key, a nil or non-map step, and Helm's named `Values` type panic.
fn dig(args: &[Value]) -> Result<Value, FuncError> {
    if args.len() < 3 {
        return Err(FuncError::new("dig needs at least three arguments"));
    }
    let (path, rest) = args.split_at(args.len() - 2);
    let default = &rest[0];
    let mut current = plain_map(&rest[1])?;
    let keys = path
        .iter()
        .map(|k| {
            k.as_str()
                .ok_or_else(|| FuncError::new(conversion_error(k, "string")))
        })
        .collect::<Result<Vec<&str>, FuncError>>()?;
    for (i, key) in keys.iter().enumerate() {
        let Some(step) = current.get(*key) else {
            return Ok(default.clone());
        };
        if i + 1 == keys.len() {
            return Ok(step.clone());
        }
        current = plain_map(step)?;
    }
    Ok(default.clone())
}

/// The entries of a value that Go's `v.(map[string]interface {})` accepts.
fn plain_map(value: &Value) -> Result<BTreeMap<String, Value>, FuncError> {
    match value {
        Value::Map(map) if map.kind == MapKind::Interface => Ok(map.snapshot()),
        other => Err(FuncError::new(conversion_error(
            other,
            "map[string]interface {}",
        ))),
    }
}

/// Go's failed type assertion panic on an `interface {}`.
fn conversion_error(value: &Value, wanted: &str) -> String {
    let found = if value.is_nil() {
        "nil".into()
    } else {
        value.type_name()
    };
    format!("interface conversion: interface {{}} is {found}, not {wanted}")
}

/// Sprig `deepCopy` (copystructure): an independent copy of maps and slices,
/// keeping their Go types. Nil makes copystructure panic.
fn deep_copy(args: &[Value]) -> Result<Value, FuncError> {
    let value = arg(args, 0);
    if value.is_nil() {
        return Err(FuncError::new(
            "reflect: call of reflect.Value.Type on zero Value",
        ));
    }
    copy_value(value, 0)
}

/// Rebuilds maps and slices so the copy shares no container with the input.
fn copy_value(value: &Value, depth: usize) -> Result<Value, FuncError> {
    if depth > MAX_DEPTH {
        return Err(FuncError::new("deepCopy: value nested too deeply"));
    }
    Ok(match value {
        Value::List(list) => Value::List(Arc::new(List {
            items: list
                .items
                .iter()
                .map(|v| copy_value(v, depth + 1))
                .collect::<Result<_, _>>()?,
            kind: list.kind,
            nil: false,
        })),
        Value::Map(map) => Value::Map(Arc::new(Map::new(
            map.snapshot()
                .iter()
                .map(|(k, v)| Ok((k.clone(), copy_value(v, depth + 1)?)))
                .collect::<Result<_, FuncError>>()?,
            map.kind,
        ))),
        other => other.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(pairs: &[(&str, Value)]) -> Value {
        Value::map_from_pairs(pairs)
    }

    fn show(result: Result<Value, FuncError>) -> String {
        match result {
            Ok(v) => v.to_go_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    /// Expectations printed by Helm 3.17.3 (fn-collections/dict-*, dig*).
    #[test]
    fn dict_functions_match_helm() {
        let i = Value::Int;
        let s = Value::str;
        let cases: Vec<(crate::template::func::PureFn, Vec<Value>, &str)> = vec![
            (dict, vec![s("a"), i(1), s("b"), s("x")], "map[a:1 b:x]"),
            (dict, vec![s("a")], "map[a:]"),
            (
                dict,
                vec![i(1), i(2), Value::Bool(true), i(3), Value::Nil, i(4)],
                "map[1:2 <nil>:4 true:3]",
            ),
            (get, vec![d(&[("a", i(1))]), s("a")], "1"),
            (get, vec![d(&[("a", i(1))]), s("b")], ""),
            (has_key, vec![d(&[("a", Value::Nil)]), s("a")], "true"),
            (
                keys,
                vec![d(&[("b", i(1))]), d(&[("b", i(2)), ("c", i(3))])],
                "[b b c]",
            ),
            (
                pluck,
                vec![
                    s("a"),
                    d(&[("a", i(1))]),
                    d(&[("b", i(2))]),
                    d(&[("a", i(3))]),
                ],
                "[1 3]",
            ),
            (
                pick,
                vec![
                    d(&[("a", i(1)), ("b", i(2)), ("c", i(3))]),
                    s("a"),
                    s("c"),
                    s("z"),
                ],
                "map[a:1 c:3]",
            ),
            (
                omit,
                vec![d(&[("a", i(1)), ("b", i(2)), ("c", i(3))]), s("a"), s("z")],
                "map[b:2 c:3]",
            ),
            (set, vec![d(&[("a", i(1))]), s("b"), i(2)], "map[a:1 b:2]"),
            (
                unset,
                vec![d(&[("a", i(1)), ("b", i(2))]), s("a")],
                "map[b:2]",
            ),
            (
                dig,
                vec![s("a"), s("b"), s("def"), d(&[("a", d(&[("b", i(1))]))])],
                "1",
            ),
            (
                dig,
                vec![s("a"), s("x"), s("def"), d(&[("a", d(&[("b", i(1))]))])],
                "def",
            ),
            (
                dig,
                vec![s("a"), s("def"), d(&[("a", Value::Nil)])],
                "<nil>",
            ),
            (
                dig,
                vec![s("a"), d(&[])],
                "error: dig needs at least three arguments",
            ),
            (
                dig,
                vec![i(1), s("d"), d(&[])],
                "error: interface conversion: interface {} is int, not string",
            ),
            (
                dig,
                vec![s("a"), s("d"), Value::Nil],
                "error: interface conversion: interface {} is nil, not map[string]interface {}",
            ),
            (
                dig,
                vec![s("a"), s("b"), s("d"), d(&[("a", s("str"))])],
                "error: interface conversion: interface {} is string, not map[string]interface {}",
            ),
            (
                deep_copy,
                vec![Value::Nil],
                "error: reflect: call of reflect.Value.Type on zero Value",
            ),
        ];
        for (f, args, want) in cases {
            assert_eq!(show(f(&args)), want, "{args:?}");
        }
    }

    #[test]
    fn dig_refuses_named_values() {
        let values = Value::Map(Arc::new(Map::new(
            BTreeMap::new(),
            MapKind::Named("chartutil.Values"),
        )));
        let got = show(dig(&[Value::str("n"), Value::str("def"), values]));
        assert_eq!(
            got,
            "error: interface conversion: interface {} is chartutil.Values, not map[string]interface {}"
        );
    }

    /// fn-collections/merge: mergo's rules as Helm printed them.
    #[test]
    fn merge_matches_helm() {
        let i = Value::Int;
        let s = Value::str;
        let nested = |k: &str, v: Value| d(&[(k, v)]);
        let cases: Vec<(bool, Value, Value, &str)> = vec![
            (
                false,
                d(&[("a", i(1)), ("n", nested("x", i(1)))]),
                d(&[
                    ("a", i(2)),
                    ("b", i(3)),
                    ("n", d(&[("x", i(2)), ("y", i(2))])),
                ]),
                "map[a:1 b:3 n:map[x:1 y:2]]",
            ),
            (
                true,
                d(&[("a", i(1)), ("n", nested("x", i(1)))]),
                d(&[
                    ("a", i(2)),
                    ("b", i(3)),
                    ("n", d(&[("x", i(2)), ("y", i(2))])),
                ]),
                "map[a:2 b:3 n:map[x:2 y:2]]",
            ),
            (
                false,
                d(&[
                    ("a", s("")),
                    ("b", i(0)),
                    ("c", Value::Bool(false)),
                    ("d", Value::Nil),
                    ("e", Value::list(vec![])),
                ]),
                d(&[
                    ("a", s("A")),
                    ("b", i(1)),
                    ("c", Value::Bool(true)),
                    ("d", s("D")),
                    ("e", Value::list(vec![i(1)])),
                ]),
                "map[a:A b:1 c:true d:D e:[1]]",
            ),
            (
                false,
                d(&[("a", i(1))]),
                d(&[("a", Value::Nil), ("b", Value::Nil)]),
                "map[a:1]",
            ),
            (
                true,
                d(&[("a", i(1)), ("c", i(1))]),
                d(&[("a", Value::Nil), ("b", Value::Nil), ("c", s(""))]),
                "map[a:<nil> b:<nil> c:]",
            ),
            (
                false,
                d(&[("a", s("s"))]),
                nested("a", nested("x", i(1))),
                "map[a:s]",
            ),
            (
                true,
                d(&[("a", s("s"))]),
                nested("a", nested("x", i(1))),
                "map[a:map[x:1]]",
            ),
            (
                false,
                nested("a", nested("x", i(1))),
                d(&[("a", s("s"))]),
                "map[a:map[x:1]]",
            ),
            (
                true,
                nested("a", nested("x", i(1))),
                d(&[("a", s("s"))]),
                "map[a:s]",
            ),
            (
                false,
                nested("a", Value::list(vec![i(1)])),
                nested("a", Value::list(vec![i(2), i(3)])),
                "map[a:[1]]",
            ),
            (
                true,
                nested("a", Value::list(vec![i(1)])),
                nested("a", Value::list(vec![i(2), i(3)])),
                "map[a:[2 3]]",
            ),
            (
                true,
                nested("a", Value::list(vec![i(1)])),
                nested("a", Value::list(vec![])),
                "map[a:[]]",
            ),
            (
                true,
                nested("a", nested("x", i(1))),
                nested("a", d(&[])),
                "map[a:map[x:1]]",
            ),
            (
                false,
                nested("a", d(&[])),
                nested("a", nested("x", i(1))),
                "map[a:map[x:1]]",
            ),
            (
                false,
                nested("a", Value::Float(0.0)),
                nested("a", i(5)),
                "map[a:5]",
            ),
            (
                true,
                nested("a", i(1)),
                d(&[("a", i(0)), ("b", s(""))]),
                "map[a:0 b:]",
            ),
        ];
        for (overwrite, dst, src, want) in cases {
            let f = if overwrite { merge_overwrite } else { merge };
            assert_eq!(
                show(f(&[dst.clone(), src.clone()])),
                want,
                "{dst:?} <- {src:?}"
            );
        }
        let chained = merge(&[d(&[]), nested("a", i(1)), d(&[("a", i(2)), ("b", i(2))])]);
        assert_eq!(show(chained), "map[a:1 b:2]");
    }

    #[test]
    fn deep_copy_keeps_types() {
        let named = Value::Map(Arc::new(Map::new(
            BTreeMap::new(),
            MapKind::Named("chartutil.Values"),
        )));
        let copied = deep_copy(&[named]).map(|v| v.type_name().into_owned());
        assert_eq!(copied.as_deref(), Ok("chartutil.Values"));
        assert_eq!(deep_copy(&[Value::Int(5)]), Ok(Value::Int(5)));
    }
}
