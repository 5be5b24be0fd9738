//! The text/template builtin functions (Go's `funcs.go`): `and`, `or`,
//! `not`, `call`, `html`, `js`, `urlquery`, `print`, `printf`, `println`,
//! `len`, `index`, `slice` and the comparisons, with Go's error texts.
//! `and` and `or` are evaluated by the executor because they short-circuit.

use std::sync::Arc;

use super::exec::Ev;
use super::func::{FuncError, Param};
use super::set::{Dialect, PT};
use crate::value::{MapKind, SliceKind, Value};

/// A builtin function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Builtin {
    And,
    Or,
    Not,
    Call,
    Html,
    Js,
    Urlquery,
    Print,
    Printf,
    Println,
    Len,
    Index,
    Slice,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

const R: PT = PT::Reflect;
const ANY: PT = PT::Go(Param::Any);

type Sig = (&'static str, Builtin, &'static [PT], Option<PT>);

/// Name, builtin, fixed parameters and variadic parameter of each builtin.
pub(crate) fn table() -> Vec<Sig> {
    vec![
        ("and", Builtin::And, &[R], Some(R)),
        ("or", Builtin::Or, &[R], Some(R)),
        ("not", Builtin::Not, &[R], None),
        ("call", Builtin::Call, &[R], Some(R)),
        ("html", Builtin::Html, &[], Some(ANY)),
        ("js", Builtin::Js, &[], Some(ANY)),
        ("urlquery", Builtin::Urlquery, &[], Some(ANY)),
        ("print", Builtin::Print, &[], Some(ANY)),
        (
            "printf",
            Builtin::Printf,
            &[PT::Go(Param::String)],
            Some(ANY),
        ),
        ("println", Builtin::Println, &[], Some(ANY)),
        ("len", Builtin::Len, &[R], None),
        ("index", Builtin::Index, &[R], Some(R)),
        ("slice", Builtin::Slice, &[R], Some(R)),
        ("eq", Builtin::Eq, &[R], Some(R)),
        ("ne", Builtin::Ne, &[R, R], None),
        ("lt", Builtin::Lt, &[R, R], None),
        ("le", Builtin::Le, &[R, R], None),
        ("gt", Builtin::Gt, &[R, R], None),
        ("ge", Builtin::Ge, &[R, R], None),
    ]
}

type Res = Result<Ev, FuncError>;

fn err(s: impl Into<String>) -> FuncError {
    FuncError(s.into())
}

fn values(argv: &[Ev]) -> Vec<Value> {
    argv.iter().map(|e| e.value().clone()).collect()
}

/// Calls a builtin with checked arguments. `callee` is the source text of
/// `call`'s first argument, which its error names.
pub(crate) fn call(b: Builtin, dialect: Dialect, argv: &[Ev], callee: &str) -> Res {
    let bool_ev = |t: bool| Ev::Concrete(Value::Bool(t));
    let s = |t: String| Ev::Concrete(Value::String(Arc::from(t)));
    match b {
        Builtin::And | Builtin::Or => Ok(argv.last().cloned().unwrap_or(Ev::Invalid)),
        Builtin::Not => Ok(bool_ev(!argv[0].clone().indirect().value().is_true())),
        Builtin::Call => match argv[0].clone().indirect() {
            Ev::Invalid => Err(err("call of nil")),
            v => Err(err(format!(
                "non-function {callee} of type {}",
                v.value().type_name()
            ))),
        },
        Builtin::Html => Ok(s(html_escape(&eval_args(argv)))),
        Builtin::Js => Ok(s(js_escape(&eval_args(argv)))),
        Builtin::Urlquery => Ok(s(query_escape(&eval_args(argv)))),
        Builtin::Print => Ok(s(crate::value::printf::sprint(&values(argv)))),
        Builtin::Println => Ok(s(crate::value::printf::sprintln(&values(argv)))),
        Builtin::Printf => {
            let format = argv[0].value().as_str().unwrap_or("").to_string();
            Ok(s(crate::value::printf::sprintf(
                &format,
                &values(&argv[1..]),
            )))
        }
        Builtin::Len => length(&argv[0]),
        Builtin::Index => index(&argv[0], &argv[1..]),
        Builtin::Slice => slice(&argv[0], &argv[1..]),
        Builtin::Eq => eq(dialect, &argv[0], &argv[1..]).map(bool_ev),
        Builtin::Ne => eq(dialect, &argv[0], &argv[1..2]).map(|t| bool_ev(!t)),
        Builtin::Lt => lt(dialect, &argv[0], &argv[1]).map(bool_ev),
        Builtin::Le => le(dialect, &argv[0], &argv[1]).map(bool_ev),
        Builtin::Gt => le(dialect, &argv[0], &argv[1]).map(|t| bool_ev(!t)),
        Builtin::Ge => lt(dialect, &argv[0], &argv[1]).map(|t| bool_ev(!t)),
    }
}

/// Go's `evalArgs`: one string argument as is, else `fmt.Sprint` with
/// missing values printed as `<no value>`.
fn eval_args(argv: &[Ev]) -> String {
    if let [one] = argv
        && let Value::String(s) = one.value()
    {
        return s.to_string();
    }
    let vals: Vec<Value> = argv
        .iter()
        .map(|e| match e.value() {
            // A nil `any` argument is an invalid reflect.Value to printableValue.
            Value::Nil => Value::str("<no value>"),
            other => other.clone(),
        })
        .collect();
    crate::value::printf::sprint(&vals)
}

/// Go's `template.HTMLEscapeString`.
pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Go's `template.JSEscapeString`.
pub(crate) fn js_escape(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => {
                let b = c as u8;
                out.push_str("\\u00");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
            c if c.is_ascii() => out.push(c),
            c if super::lex::is_go_print(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out
}

/// Go's `url.QueryEscape`.
pub(crate) fn query_escape(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
    out
}

/// A host object that is a Go map or slice (Helm's `.Files`) as its data.
fn as_data(item: &Ev) -> Ev {
    if let Value::Object(o) = item.value() {
        let data = o.to_data();
        if matches!(data, Value::Map(_) | Value::List(_)) {
            return Ev::Concrete(data);
        }
    }
    item.clone()
}

fn length(item: &Ev) -> Res {
    let n = match &as_data(item) {
        Ev::Invalid => return Err(err("reflect: call of reflect.Value.Type on zero Value")),
        Ev::Iface(Value::Nil) | Ev::Concrete(Value::Nil) => return Err(err("len of nil pointer")),
        Ev::Iface(v) | Ev::Concrete(v) => match v {
            Value::String(s) => crate::value::gostr::byte_len(s),
            Value::Bytes(b) => b.len(),
            Value::List(l) => l.items.len(),
            Value::Map(m) => m.len(),
            other => return Err(err(format!("len of type {}", other.type_name()))),
        },
    };
    Ok(Ev::Concrete(Value::Int(n as i64)))
}

/// Go's `indexArg`: an integer index within `0..=cap`.
fn index_arg(index: &Ev, cap: usize) -> Result<usize, FuncError> {
    let x = match index.clone().indirect() {
        Ev::Invalid => return Err(err("cannot index slice/array with nil")),
        v => match v.value() {
            Value::Int(i) | Value::Int64(i) => *i,
            other => {
                return Err(err(format!(
                    "cannot index slice/array with type {}",
                    other.type_name()
                )));
            }
        },
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(err(format!("index out of range: {x}")));
    }
    Ok(x as usize)
}

fn index(item: &Ev, indexes: &[Ev]) -> Res {
    let mut item = as_data(item).indirect();
    if let Ev::Invalid = item {
        return Err(err("index of untyped nil"));
    }
    for index in indexes {
        let v = match &item {
            Ev::Iface(Value::Nil) | Ev::Concrete(Value::Nil) | Ev::Invalid => {
                return Err(err("index of nil pointer"));
            }
            Ev::Iface(v) | Ev::Concrete(v) => v.clone(),
        };
        item = match &v {
            Value::List(l) => {
                let x = index_arg(index, l.items.len())?;
                match l.items.get(x) {
                    Some(e) => {
                        if l.kind == SliceKind::Interface {
                            Ev::Iface(e.clone())
                        } else {
                            Ev::Concrete(e.clone())
                        }
                    }
                    None => return Err(err("reflect: slice index out of range")),
                }
            }
            Value::String(s) => {
                let x = index_arg(index, s.len())?;
                match s.as_bytes().get(x) {
                    Some(&b) => Ev::Concrete(Value::Int(b as i64)),
                    None => return Err(err("reflect: string index out of range")),
                }
            }
            Value::Bytes(b) => {
                let x = index_arg(index, b.len())?;
                match b.get(x) {
                    Some(&b) => Ev::Concrete(Value::Int(b as i64)),
                    None => return Err(err("reflect: slice index out of range")),
                }
            }
            Value::Map(m) => {
                let key = match index.clone().indirect() {
                    Ev::Invalid => return Err(err("value is nil; should be of type string")),
                    k => match k.value() {
                        Value::String(s) => s.clone(),
                        other => {
                            return Err(err(format!(
                                "value has type {}; should be string",
                                other.type_name()
                            )));
                        }
                    },
                };
                let concrete = m.kind == MapKind::String;
                match m.get(&key) {
                    Some(e) if concrete => Ev::Concrete(e),
                    Some(e) => Ev::Iface(e),
                    None if concrete => Ev::Concrete(Value::str("")),
                    None => Ev::Iface(Value::Nil),
                }
            }
            other => {
                return Err(err(format!(
                    "can't index item of type {}",
                    other.type_name()
                )));
            }
        };
    }
    Ok(item)
}

fn slice(item: &Ev, indexes: &[Ev]) -> Res {
    let item = item.clone().indirect();
    let v = match &item {
        Ev::Invalid => return Err(err("slice of untyped nil")),
        other => other.value().clone(),
    };
    if indexes.len() > 3 {
        return Err(err(format!("too many slice indexes: {}", indexes.len())));
    }
    let len = match &v {
        Value::String(s) => {
            if indexes.len() == 3 {
                return Err(err("cannot 3-index slice a string"));
            }
            s.len()
        }
        Value::List(l) => l.items.len(),
        Value::Bytes(b) => b.len(),
        other => {
            return Err(err(format!(
                "can't slice item of type {}",
                other.type_name()
            )));
        }
    };
    let mut idx = [0usize, len, len];
    for (i, index) in indexes.iter().enumerate() {
        idx[i] = index_arg(index, len)?;
    }
    if idx[0] > idx[1] {
        return Err(err(format!("invalid slice index: {} > {}", idx[0], idx[1])));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(err(format!("invalid slice index: {} > {}", idx[1], idx[2])));
    }
    let (a, b) = (idx[0], idx[1]);
    Ok(Ev::Concrete(match &v {
        Value::String(s) => Value::String(Arc::from(
            String::from_utf8_lossy(&s.as_bytes()[a..b]).as_ref(),
        )),
        Value::List(l) => Value::List(Arc::new(crate::value::List {
            items: l.items[a..b].to_vec(),
            kind: l.kind,
            nil: false,
        })),
        Value::Bytes(bs) => Value::Bytes(Arc::from(&bs[a..b])),
        _ => Value::Nil,
    }))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Invalid,
    Bool,
    Int,
    Float,
    String,
}

fn basic_kind(v: &Ev) -> Kind {
    match v.value() {
        Value::Bool(_) => Kind::Bool,
        Value::Int(_) | Value::Int64(_) => Kind::Int,
        Value::Float(_) => Kind::Float,
        Value::String(_) => Kind::String,
        _ => Kind::Invalid,
    }
}

/// The name of a value's type as the Go 1.25 comparison error prints it.
fn type_of(v: &Ev) -> String {
    match v {
        Ev::Invalid => "<nil>".into(),
        other => other.value().type_name().into_owned(),
    }
}

fn bad_comparison(dialect: Dialect, a: &Ev, b: &Ev) -> FuncError {
    match dialect {
        Dialect::Go123 => err("incompatible types for comparison"),
        Dialect::Go125 => err(format!(
            "incompatible types for comparison: {} and {}",
            type_of(a),
            type_of(b)
        )),
    }
}

/// Go's reflect kind name, for "can compare" checks between non-basic values.
fn reflect_kind(v: &Ev) -> &'static str {
    match v {
        Ev::Invalid => "invalid",
        other => other.value().kind_name(),
    }
}

fn is_nil(v: &Ev) -> bool {
    matches!(v, Ev::Invalid) || v.value().is_nil()
}

fn sprint_s(v: &Ev) -> String {
    crate::value::printf::sprintf("%s", std::slice::from_ref(v.value()))
}

fn eq(dialect: Dialect, arg1: &Ev, rest: &[Ev]) -> Result<bool, FuncError> {
    let a1 = arg1.clone().indirect();
    if rest.is_empty() {
        return Err(err("missing argument for comparison"));
    }
    let k1 = basic_kind(&a1);
    for arg in rest {
        let a = arg.clone().indirect();
        let k2 = basic_kind(&a);
        let truth = if k1 != k2 {
            if !matches!(a1, Ev::Invalid) && !matches!(a, Ev::Invalid) {
                return Err(bad_comparison(dialect, &a1, &a));
            }
            false
        } else {
            match (a1.value(), a.value()) {
                (Value::Bool(x), Value::Bool(y)) => x == y,
                (Value::Int(x) | Value::Int64(x), Value::Int(y) | Value::Int64(y)) => x == y,
                (Value::Float(x), Value::Float(y)) => x == y,
                (Value::String(x), Value::String(y)) => x == y,
                _ => {
                    let (r1, r2) = (reflect_kind(&a1), reflect_kind(&a));
                    if r1 != r2 && r1 != "invalid" && r2 != "invalid" {
                        return Err(err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            sprint_s(&a1),
                            a1.value().type_name(),
                            a.value().type_name(),
                            a.value().to_go_string()
                        )));
                    }
                    if is_nil(&a1) || is_nil(&a) {
                        is_nil(&a) == is_nil(&a1)
                    } else {
                        match (a1.value(), a.value()) {
                            (Value::Object(x), Value::Object(y)) => Arc::ptr_eq(x, y),
                            (_, other) => {
                                return Err(err(format!(
                                    "non-comparable type {}: {}",
                                    sprint_s(&a),
                                    other.type_name()
                                )));
                            }
                        }
                    }
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

fn lt(dialect: Dialect, arg1: &Ev, arg2: &Ev) -> Result<bool, FuncError> {
    let a1 = arg1.clone().indirect();
    let k1 = basic_kind(&a1);
    if k1 == Kind::Invalid {
        return Err(err("invalid type for comparison"));
    }
    let a2 = arg2.clone().indirect();
    let k2 = basic_kind(&a2);
    if k2 == Kind::Invalid {
        return Err(err("invalid type for comparison"));
    }
    if k1 != k2 {
        return Err(bad_comparison(dialect, &a1, &a2));
    }
    Ok(match (a1.value(), a2.value()) {
        (Value::Int(x) | Value::Int64(x), Value::Int(y) | Value::Int64(y)) => x < y,
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::String(x), Value::String(y)) => x < y,
        _ => return Err(err("invalid type for comparison")),
    })
}

fn le(dialect: Dialect, a: &Ev, b: &Ev) -> Result<bool, FuncError> {
    if lt(dialect, a, b)? {
        return Ok(true);
    }
    eq(dialect, a, std::slice::from_ref(b))
}
