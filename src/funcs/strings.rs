//! Sprig's string functions (`strings.go` and the string entries of
//! `functions.go`): trimming, case, slicing by bytes, quoting, joining and
//! splitting, goutils' `abbrev`/`wrap`, and xstrings' case conversions.
//!
//! Go strings are byte strings; `trunc`, `substr`, `abbrev` and `wrap` cut
//! bytes and may split a UTF-8 sequence, and `b64dec` may yield any bytes.
//! Our strings are UTF-8 (`Arc<str>`), so bytes that are not valid UTF-8
//! travel as escape characters ([`go_string`], [`go_bytes`]) that the
//! byte-level functions (`quote`, `b64enc`, `trunc`...) turn back into the
//! original bytes.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::case;
use crate::template::func::{FuncError, Function, Param};
use crate::value::{List, Map, MapKind, SliceKind, Value};

/// The largest string `repeat`, `indent` and friends may build. Go would try
/// to allocate anything; a clear error beats an out-of-memory kill.
pub(crate) const MAX_OUTPUT: usize = 256 << 20;

/// The string functions.
pub(crate) fn functions() -> Vec<Function> {
    use Param::{Any, Int, String as S};
    vec![
        // Sprig's smoke-test function, which Helm keeps.
        Function::new("hello", &[], |_| Ok(s("Hello!"))),
        Function::new("trim", &[S], |a| Ok(s(str_arg(a, 0).trim()))),
        Function::new("trimAll", &[S, S], trim_all),
        Function::new("trimall", &[S, S], trim_all),
        Function::new("trimSuffix", &[S, S], |a| {
            let (suffix, v) = (str_arg(a, 0), str_arg(a, 1));
            Ok(s(v.strip_suffix(suffix).unwrap_or(v)))
        }),
        Function::new("trimPrefix", &[S, S], |a| {
            let (prefix, v) = (str_arg(a, 0), str_arg(a, 1));
            Ok(s(v.strip_prefix(prefix).unwrap_or(v)))
        }),
        Function::new("upper", &[S], |a| Ok(s(case::upper(str_arg(a, 0))))),
        Function::new("lower", &[S], |a| Ok(s(case::lower(str_arg(a, 0))))),
        Function::new("title", &[S], |a| Ok(s(case::title(str_arg(a, 0))))),
        Function::new("untitle", &[S], |a| Ok(s(case::untitle(str_arg(a, 0))))),
        Function::new("substr", &[Int, Int, S], substr),
        Function::new("repeat", &[Int, S], |a| {
            Ok(s(repeat(str_arg(a, 1), int_arg(a, 0))?))
        }),
        Function::new("trunc", &[Int, S], |a| {
            Ok(s(trunc(int_arg(a, 0), str_arg(a, 1))))
        }),
        Function::new("abbrev", &[Int, S], |a| {
            let (width, v) = (int_arg(a, 0), str_arg(a, 1));
            if width < 4 {
                return Ok(s(v));
            }
            Ok(s(abbreviate(&go_bytes(v), 0, width)))
        }),
        Function::new("abbrevboth", &[Int, Int, S], |a| {
            let (left, right, v) = (int_arg(a, 0), int_arg(a, 1), str_arg(a, 2));
            if right < 4 || left > 0 && right < 7 {
                return Ok(s(v));
            }
            Ok(s(abbreviate(&go_bytes(v), left, right)))
        }),
        Function::new("initials", &[S], |a| Ok(s(case::initials(str_arg(a, 0))))),
        Function::new("nospace", &[S], |a| Ok(s(case::nospace(str_arg(a, 0))))),
        Function::new("swapcase", &[S], |a| Ok(s(case::swapcase(str_arg(a, 0))))),
        Function::new("shuffle", &[S], |a| Ok(s(case::shuffle(str_arg(a, 0))))),
        Function::new("snakecase", &[S], |a| Ok(s(case::snakecase(str_arg(a, 0))))),
        Function::new("camelcase", &[S], |a| Ok(s(case::camelcase(str_arg(a, 0))))),
        Function::new("kebabcase", &[S], |a| Ok(s(case::kebabcase(str_arg(a, 0))))),
        Function::new("wrap", &[Int, S], |a| {
            Ok(s(wrap(str_arg(a, 1), int_arg(a, 0), "", false)))
        }),
        Function::new("wrapWith", &[Int, S, S], |a| {
            Ok(s(wrap(str_arg(a, 2), int_arg(a, 0), str_arg(a, 1), true)))
        }),
        Function::new("contains", &[S, S], |a| {
            Ok(Value::Bool(str_arg(a, 1).contains(str_arg(a, 0))))
        }),
        Function::new("hasPrefix", &[S, S], |a| {
            Ok(Value::Bool(str_arg(a, 1).starts_with(str_arg(a, 0))))
        }),
        Function::new("hasSuffix", &[S, S], |a| {
            Ok(Value::Bool(str_arg(a, 1).ends_with(str_arg(a, 0))))
        }),
        Function::variadic("quote", &[], Any, |a| Ok(s(quote(a)))),
        Function::variadic("squote", &[], Any, |a| Ok(s(squote(a)))),
        Function::variadic("cat", &[], Any, |a| Ok(s(cat(a)))),
        Function::new("indent", &[Int, S], |a| {
            Ok(s(indent(int_arg(a, 0), str_arg(a, 1), false)?))
        }),
        Function::new("nindent", &[Int, S], |a| {
            Ok(s(indent(int_arg(a, 0), str_arg(a, 1), true)?))
        }),
        Function::new("replace", &[S, S, S], |a| {
            Ok(s(str_arg(a, 2).replace(str_arg(a, 0), str_arg(a, 1))))
        }),
        Function::new("plural", &[S, S, Int], |a| {
            Ok(s(if int_arg(a, 2) == 1 {
                str_arg(a, 0)
            } else {
                str_arg(a, 1)
            }))
        }),
        Function::new("split", &[S, S], |a| {
            Ok(index_map(go_split(str_arg(a, 1), str_arg(a, 0), -1)))
        }),
        Function::new("splitn", &[S, Int, S], |a| {
            Ok(index_map(go_split(
                str_arg(a, 2),
                str_arg(a, 0),
                int_arg(a, 1),
            )))
        }),
        Function::new("splitList", &[S, S], |a| {
            Ok(Value::string_list(go_split(
                str_arg(a, 1),
                str_arg(a, 0),
                -1,
            )))
        }),
        Function::new("join", &[S, Any], |a| {
            Ok(s(
                strslice(a.get(1).unwrap_or(&Value::Nil)).join(str_arg(a, 0))
            ))
        }),
        Function::new("sortAlpha", &[Any], |a| {
            Ok(sort_alpha(a.first().unwrap_or(&Value::Nil)))
        }),
    ]
}

/// A Go string value.
fn s(v: impl Into<Arc<str>>) -> Value {
    Value::String(v.into())
}

/// The `i`th argument as a string; the engine has checked the kind.
pub(crate) fn str_arg(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or("")
}

/// The `i`th argument as a Go int; the engine has checked the kind.
pub(crate) fn int_arg(args: &[Value], i: usize) -> i64 {
    match args.get(i) {
        Some(Value::Int(n) | Value::Int64(n)) => *n,
        _ => 0,
    }
}

pub(crate) use crate::value::gostr::{go_bytes, go_string};

/// Bytes cut out of a Go string, back to our strings.
fn from_bytes(b: &[u8]) -> String {
    go_string(b)
}

/// `trimAll CUTSET S`: Go `strings.Trim(s, cutset)`.
fn trim_all(a: &[Value]) -> Result<Value, FuncError> {
    let (cutset, v) = (str_arg(a, 0), str_arg(a, 1));
    Ok(s(v.trim_matches(|c| cutset.contains(c))))
}

/// Sprig `substring`: byte offsets; `start < 0` means `s[:end]`; an `end`
/// below zero or past the end means `s[start:]`; Go's bounds panics
/// otherwise.
fn substr(a: &[Value]) -> Result<Value, FuncError> {
    let (start, end, v) = (int_arg(a, 0), int_arg(a, 1), str_arg(a, 2));
    let bytes = &*go_bytes(v);
    let len = bytes.len() as i64;
    let out_of_range = |text: String| {
        Err(FuncError::new(format!(
            "runtime error: slice bounds out of range {text}"
        )))
    };
    if start < 0 {
        if end < 0 {
            return out_of_range(format!("[:{end}]"));
        }
        if end > len {
            return out_of_range(format!("[:{end}] with length {len}"));
        }
        return Ok(s(from_bytes(&bytes[..end as usize])));
    }
    if end < 0 || end > len {
        if start > len {
            return out_of_range(format!("[{start}:{len}]"));
        }
        return Ok(s(from_bytes(&bytes[start as usize..])));
    }
    if start > end {
        return out_of_range(format!("[{start}:{end}]"));
    }
    Ok(s(from_bytes(&bytes[start as usize..end as usize])))
}

/// Go `strings.Repeat` with its panics, and our output limit.
pub(crate) fn repeat(v: &str, count: i64) -> Result<String, FuncError> {
    if count < 0 {
        return Err(FuncError::new("strings: negative Repeat count"));
    }
    let Some(total) = (v.len() as u64).checked_mul(count as u64) else {
        return Err(FuncError::new("strings: Repeat output length overflow"));
    };
    if total > MAX_OUTPUT as u64 {
        return Err(FuncError::new(format!(
            "strings: Repeat output of {total} bytes exceeds the limit of {MAX_OUTPUT} bytes"
        )));
    }
    Ok(v.repeat(count as usize))
}

/// Sprig `trunc`: the first `c` bytes, or for negative `c` the last `-c`.
fn trunc(c: i64, v: &str) -> String {
    let bytes = go_bytes(v);
    let len = bytes.len() as i64;
    if c < 0 && len + c > 0 {
        return from_bytes(&bytes[(len + c) as usize..]);
    }
    if c >= 0 && len > c {
        return from_bytes(&bytes[..c as usize]);
    }
    v.to_string()
}

/// goutils `AbbreviateFull`, on bytes; its errors give "" as Sprig ignores them.
fn abbreviate(v: &[u8], offset: i64, width: i64) -> String {
    if v.is_empty() || width < 4 {
        return String::new();
    }
    let len = v.len() as i64;
    if len <= width {
        return from_bytes(v);
    }
    // Go's int arithmetic wraps; so does ours, for any offset a template passes.
    let mut offset = offset.min(len);
    if len.wrapping_sub(offset) < width - 3 {
        offset = len - (width - 3);
    }
    if offset <= 4 {
        return format!("{}...", from_bytes(&v[..(width - 3) as usize]));
    }
    if width < 7 {
        return String::new();
    }
    if offset + width - 3 < len {
        return format!("...{}", abbreviate(&v[offset as usize..], 0, width - 3));
    }
    format!("...{}", from_bytes(&v[(len - (width - 3)) as usize..]))
}

/// goutils `WrapCustom`: wraps at spaces, byte-counted, stripping the
/// spaces it breaks at; long words are split only with `wrap_long`.
fn wrap(v: &str, width: i64, newline: &str, wrap_long: bool) -> String {
    if v.is_empty() {
        return String::new();
    }
    let newline = if newline.is_empty() { "\n" } else { newline };
    let width = width.max(1).min(i64::from(u32::MAX)) as usize;
    let b = &*go_bytes(v);
    let mut out: Vec<u8> = Vec::new();
    let mut offset = 0;
    while b.len() - offset > width {
        if b[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = width + offset + 1;
        if let Some(space) = b[offset..end].iter().rposition(|&c| c == b' ') {
            let at = offset + space;
            out.extend_from_slice(&b[offset..at]);
            out.extend_from_slice(newline.as_bytes());
            offset = at + 1;
        } else if wrap_long {
            let end = width + offset;
            out.extend_from_slice(&b[offset..end]);
            out.extend_from_slice(newline.as_bytes());
            offset += width;
        } else {
            let end = width + offset;
            match b[end..].iter().position(|&c| c == b' ') {
                Some(i) => {
                    out.extend_from_slice(&b[offset..end + i]);
                    out.extend_from_slice(newline.as_bytes());
                    offset = end + i + 1;
                }
                None => {
                    out.extend_from_slice(&b[offset..]);
                    offset = b.len();
                }
            }
        }
    }
    out.extend_from_slice(&b[offset..]);
    from_bytes(&out)
}

/// Sprig `strval`: strings and byte slices as they are, anything else `%v`.
pub(crate) fn strval(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Bytes(b) => from_bytes(b),
        other => other.to_go_string(),
    }
}

/// Go `strconv.Quote`: `"` and `\` escaped, printable runes kept, the rest
/// as `\n`-style, `\xHH`, `\uHHHH` or `\UHHHHHHHH` escapes; bytes that are
/// not UTF-8 as `\xHH`.
pub(crate) fn go_quote(v: &str) -> String {
    crate::value::printf::quote(v)
}

/// Sprig `quote`: each non-nil argument through `strval` and `%q`, joined by spaces.
fn quote(args: &[Value]) -> String {
    args.iter()
        .filter(|v| !v.is_nil())
        .map(|v| go_quote(&strval(v)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sprig `squote`: each non-nil argument as `'%v'` (no escaping), joined by spaces.
fn squote(args: &[Value]) -> String {
    args.iter()
        .filter(|v| !v.is_nil())
        .map(|v| format!("'{}'", v.to_go_string()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sprig `cat`: the non-nil arguments printed with `%v`, joined by spaces.
fn cat(args: &[Value]) -> String {
    args.iter()
        .filter(|v| !v.is_nil())
        .map(Value::to_go_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sprig `indent`: the pad before the string and after every newline.
/// Sprig's `indent` (and, after a newline, `nindent`): `spaces` spaces
/// before every line of `v`.
fn indent(spaces: i64, v: &str, newline_first: bool) -> Result<String, FuncError> {
    let pad = repeat(" ", spaces)?;
    let lines = memchr::memchr_iter(b'\n', v.as_bytes()).count() + 1;
    let size = (pad.len() as u64).saturating_mul(lines as u64) + v.len() as u64;
    if size > MAX_OUTPUT as u64 {
        return Err(FuncError::new(format!(
            "indent: output exceeds the limit of {MAX_OUTPUT} bytes"
        )));
    }
    let mut out = String::with_capacity(size as usize + usize::from(newline_first));
    if newline_first {
        out.push('\n');
    }
    let mut rest = v;
    out.push_str(&pad);
    while let Some(at) = memchr::memchr(b'\n', rest.as_bytes()) {
        out.push_str(&rest[..=at]);
        out.push_str(&pad);
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Go `strings.SplitN` (`n < 0` is `strings.Split`): an empty separator
/// splits after each UTF-8 sequence; `n == 0` gives nothing.
pub(crate) fn go_split(v: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        let chars: Vec<char> = v.chars().collect();
        let limit = if n < 0 || n as usize > chars.len() {
            chars.len()
        } else {
            n as usize
        };
        let mut out: Vec<String> = chars
            .iter()
            .take(limit.saturating_sub(1))
            .map(|c| c.to_string())
            .collect();
        if limit > 0 {
            out.push(chars[limit - 1..].iter().collect());
        }
        return out;
    }
    if n < 0 {
        v.split(sep).map(str::to_string).collect()
    } else {
        v.splitn(n as usize, sep).map(str::to_string).collect()
    }
}

/// Sprig's `split`/`splitn` result: a `map[string]string` keyed `_0`, `_1`...
fn index_map(parts: Vec<String>) -> Value {
    let entries: BTreeMap<String, Value> = parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| (format!("_{i}"), s(p)))
        .collect();
    Value::Map(Arc::new(Map::new(entries, MapKind::String)))
}

/// Sprig `strslice`: a `[]string` as is, other slices element by element
/// through `strval` without nils, nil as nothing, anything else as one string.
pub(crate) fn strslice(v: &Value) -> Vec<String> {
    match v {
        Value::Nil => Vec::new(),
        Value::List(l) => l.items.iter().filter(|i| !i.is_nil()).map(strval).collect(),
        // A []byte is a slice of uint8 to reflect.
        Value::Bytes(b) => b.iter().map(u8::to_string).collect(),
        Value::Object(o) => match object_slice(o.as_ref()) {
            Some(list) => strslice(&list),
            None => vec![strval(v)],
        },
        other => vec![strval(other)],
    }
}

/// A host object whose Go type is a slice (Helm's `VersionSet`, a
/// `[]string`), as its data; reflect sees such objects as slices.
fn object_slice(o: &dyn crate::value::Object) -> Option<Value> {
    let data = o.to_data();
    matches!(data, Value::List(_)).then_some(data)
}

/// Sprig `sortAlpha`: slices through `strslice`, sorted by bytes; anything
/// else (nil included, as `<nil>`) as a one-element list.
fn sort_alpha(v: &Value) -> Value {
    let mut items = match v {
        Value::List(_) | Value::Bytes(_) => strslice(v),
        Value::Object(o) if object_slice(o.as_ref()).is_some() => strslice(v),
        other => vec![strval(other)],
    };
    items.sort();
    Value::List(Arc::new(List {
        items: items.into_iter().map(s).collect(),
        kind: SliceKind::String,
        nil: false,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: &[Value]) -> Result<Value, FuncError> {
        let f = functions()
            .into_iter()
            .find(|f| f.name == name)
            .expect(name);
        (f.call)(args)
    }

    fn int(i: i64) -> Value {
        Value::Int(i)
    }

    fn st(v: &str) -> Value {
        Value::str(v)
    }

    /// (function, arguments, what Helm printed through `%v`).
    #[test]
    fn functions_match_helm() {
        let f1m = Value::Float(1e6);
        let cases: Vec<(&str, Vec<Value>, &str)> = vec![
            ("trim", vec![st("  \t hi \n ")], "hi"),
            ("trim", vec![st("\u{a0}\u{3000}x\u{2003}")], "x"),
            ("trimAll", vec![st("$-"), st("$-$a-b$-")], "a-b"),
            ("trimAll", vec![st(""), st("xx")], "xx"),
            ("trimSuffix", vec![st("-x"), st("a-x-x")], "a-x"),
            ("trimPrefix", vec![st("ab"), st("ababc")], "abc"),
            ("trimall", vec![st("ä"), st("äxä")], "x"),
            ("substr", vec![int(1), int(3), st("hello")], "el"),
            ("substr", vec![int(0), int(100), st("hello")], "hello"),
            ("substr", vec![int(-1), int(2), st("hello")], "he"),
            ("substr", vec![int(2), int(-1), st("hello")], "llo"),
            ("substr", vec![int(3), int(3), st("hello")], ""),
            ("substr", vec![int(5), int(9), st("hello")], ""),
            ("trunc", vec![int(3), st("hello")], "hel"),
            ("trunc", vec![int(-2), st("hello")], "lo"),
            ("trunc", vec![int(-5), st("hello")], "hello"),
            ("trunc", vec![int(-9), st("hello")], "hello"),
            ("trunc", vec![int(0), st("hello")], ""),
            ("repeat", vec![int(3), st("ab")], "ababab"),
            ("abbrev", vec![int(5), st("hello world")], "he..."),
            ("abbrev", vec![int(3), st("hello world")], "hello world"),
            ("abbrev", vec![int(4), st("hello")], "h..."),
            ("abbrev", vec![int(6), st("héllo wörld")], "hé..."),
            (
                "abbrevboth",
                vec![int(5), int(10), st("1234 5678 9123")],
                "...5678...",
            ),
            (
                "abbrevboth",
                vec![int(0), int(5), st("abcdefghijkl")],
                "ab...",
            ),
            (
                "abbrevboth",
                vec![int(1), int(6), st("abcdefghijkl")],
                "abcdefghijkl",
            ),
            (
                "abbrevboth",
                vec![int(10), int(10), st("abcdefghijklmno")],
                "...ijklmno",
            ),
            (
                "abbrevboth",
                vec![int(20), int(7), st("abcdefghijklmno")],
                "...lmno",
            ),
            (
                "abbrevboth",
                vec![int(-3), int(7), st("abcdefghijklmno")],
                "abcd...",
            ),
            (
                "wrap",
                vec![int(5), st("hello world this is go")],
                "hello\nworld\nthis\nis go",
            ),
            ("wrap", vec![int(0), st("hello world")], "hello\nworld"),
            ("wrap", vec![int(3), st("abcdefgh ij")], "abcdefgh\nij"),
            (
                "wrap",
                vec![int(10), st("line one\nline two is longer here")],
                "line\none\nline\ntwo is\nlonger\nhere",
            ),
            (
                "wrapWith",
                vec![int(5), st("<br>"), st("hello world again")],
                "hello<br>world<br>again",
            ),
            (
                "wrapWith",
                vec![int(3), st("|"), st("abcdefgh")],
                "abc|def|gh",
            ),
            ("wrap", vec![int(4), st("  a   b  ")], "a  \nb  "),
            ("wrap", vec![int(-1), st("aa bb")], "aa\nbb"),
            ("contains", vec![st(""), st("")], "true"),
            ("hasPrefix", vec![st("x"), st("")], "false"),
            (
                "quote",
                vec![st("a\"b\\c\n\t\u{e9}\u{7}\u{200b}\u{ad}\u{feff}\u{1F600}")],
                "\"a\\\"b\\\\c\\n\\t\u{e9}\\a\\u200b\\u00ad\\ufeff\u{1F600}\"",
            ),
            (
                "quote",
                vec![
                    int(1),
                    Value::Float(2.5),
                    Value::Bool(true),
                    Value::Nil,
                    st("x"),
                ],
                "\"1\" \"2.5\" \"true\" \"x\"",
            ),
            ("quote", vec![Value::Nil], ""),
            ("quote", vec![], ""),
            ("quote", vec![f1m.clone(), int(3)], "\"1e+06\" \"3\""),
            (
                "quote",
                vec![
                    st("\u{7f}"),
                    st("\u{85}"),
                    st("\u{2028}"),
                    st("\u{e0001}"),
                    st("\u{a0}"),
                    st("\u{600}"),
                ],
                "\"\\x7f\" \"\\u0085\" \"\\u2028\" \"\\U000e0001\" \"\\u00a0\" \"\\u0600\"",
            ),
            (
                "squote",
                vec![int(1), Value::Nil, st("x"), Value::Float(2.5)],
                "'1' 'x' '2.5'",
            ),
            ("squote", vec![st("it's")], "'it's'"),
            (
                "cat",
                vec![st("a"), Value::Nil, st("b"), int(1), Value::Float(2.5)],
                "a b 1 2.5",
            ),
            ("cat", vec![], ""),
            (
                "cat",
                vec![Value::list(vec![int(1), int(2)]), f1m.clone()],
                "[1 2] 1e+06",
            ),
            ("indent", vec![int(2), st("x\n\ny\n")], "  x\n  \n  y\n  "),
            ("nindent", vec![int(4), st("p\nq")], "\n    p\n    q"),
            ("indent", vec![int(2), st("")], "  "),
            ("replace", vec![st("o"), st("0"), st("foo boo")], "f00 b00"),
            ("replace", vec![st(""), st("-"), st("abc")], "-a-b-c-"),
            ("plural", vec![st("one"), st("many"), int(1)], "one"),
            ("plural", vec![st("one"), st("many"), int(-1)], "many"),
            (
                "split",
                vec![st(","), st("a,b,,c")],
                "map[_0:a _1:b _2: _3:c]",
            ),
            ("split", vec![st(","), st("")], "map[_0:]"),
            ("split", vec![st(""), st("abc")], "map[_0:a _1:b _2:c]"),
            (
                "splitn",
                vec![st(","), int(2), st("a,b,c")],
                "map[_0:a _1:b,c]",
            ),
            ("splitn", vec![st(","), int(0), st("a,b,c")], "map[]"),
            (
                "splitn",
                vec![st(","), int(-1), st("a,b,c")],
                "map[_0:a _1:b _2:c]",
            ),
            ("splitn", vec![st(""), int(2), st("abc")], "map[_0:a _1:bc]"),
            ("splitList", vec![st(","), st("a,b,,c")], "[a b  c]"),
            ("splitList", vec![st(""), st("héllo")], "[h é l l o]"),
            ("splitList", vec![st("ab"), st("xabyabab")], "[x y  ]"),
            (
                "join",
                vec![
                    st(","),
                    Value::list(vec![
                        int(1),
                        st("a"),
                        Value::Nil,
                        Value::Float(2.5),
                        Value::Bool(true),
                    ]),
                ],
                "1,a,2.5,true",
            ),
            ("join", vec![st(","), st("abc")], "abc"),
            ("join", vec![st(","), Value::Nil], ""),
            ("join", vec![st(","), int(42)], "42"),
            (
                "sortAlpha",
                vec![Value::list(vec![
                    st("b"),
                    st("a"),
                    st("C"),
                    st("ä"),
                    st("10"),
                    st("9"),
                ])],
                "[10 9 C a b ä]",
            ),
            ("sortAlpha", vec![st("zyx")], "[zyx]"),
            ("sortAlpha", vec![Value::Nil], "[<nil>]"),
            (
                "sortAlpha",
                vec![Value::list(vec![Value::Nil, st("a")])],
                "[a]",
            ),
            (
                "sortAlpha",
                vec![Value::list(vec![int(10), int(9), Value::Float(1.5)])],
                "[1.5 10 9]",
            ),
        ];
        for (name, args, want) in cases {
            let got = call(name, &args).unwrap_or_else(|e| panic!("{name} {args:?}: {e}"));
            assert_eq!(got.to_go_string(), want, "{name} {args:?}");
        }
    }

    /// A stand-in for Helm's `VersionSet`, a `[]string` type.
    #[derive(Debug)]
    struct VersionSet;

    impl crate::value::Object for VersionSet {
        fn type_name(&self) -> std::borrow::Cow<'_, str> {
            "chartutil.VersionSet".into()
        }
        fn field(&self, _: &str) -> Option<Value> {
            None
        }
        fn fmt_v(&self, out: &mut String) {
            out.push_str("[v1 apps/v1]");
        }
        fn to_data(&self) -> Value {
            Value::string_list(["v1", "apps/v1"])
        }
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    }

    #[test]
    fn slice_objects_join_like_slices() {
        let set = Value::Object(Arc::new(VersionSet));
        let joined = call("join", &[st(","), set.clone()]).unwrap_or_default();
        assert_eq!(joined.to_go_string(), "v1,apps/v1");
        let sorted = call("sortAlpha", &[set]).unwrap_or_default();
        assert_eq!(sorted.to_go_string(), "[apps/v1 v1]");
    }

    #[test]
    fn result_types_match_helm() {
        let split = call("split", &[st(","), st("a,b")]).unwrap_or_default();
        assert_eq!(split.type_name(), "map[string]string");
        let list = call("splitList", &[st(","), st("a")]).unwrap_or_default();
        assert_eq!(list.type_name(), "[]string");
        let sorted = call("sortAlpha", &[Value::list(vec![st("b")])]).unwrap_or_default();
        assert_eq!(sorted.type_name(), "[]string");
    }

    #[test]
    fn errors_match_helm() {
        let cases: Vec<(&str, Vec<Value>, &str)> = vec![
            (
                "substr",
                vec![int(3), int(1), st("hello")],
                "runtime error: slice bounds out of range [3:1]",
            ),
            (
                "substr",
                vec![int(9), int(20), st("hello")],
                "runtime error: slice bounds out of range [9:5]",
            ),
            (
                "substr",
                vec![int(-1), int(9), st("hello")],
                "runtime error: slice bounds out of range [:9] with length 5",
            ),
            (
                "repeat",
                vec![int(-1), st("ab")],
                "strings: negative Repeat count",
            ),
            (
                "indent",
                vec![int(-1), st("z")],
                "strings: negative Repeat count",
            ),
        ];
        for (name, args, want) in cases {
            assert_eq!(
                call(name, &args),
                Err(FuncError::new(want)),
                "{name} {args:?}"
            );
        }
        assert!(call("repeat", &[int(i64::MAX), st("ab")]).is_err());
        assert!(call("repeat", &[int(1 << 40), st("a")]).is_err());
    }

    /// Every function of this helper's families, with arguments of the
    /// declared kinds drawn from awkward pools, must return rather than panic.
    #[test]
    fn no_function_panics() {
        use crate::funcs::{encoding, paths, regex, url};
        let strings = [
            "",
            " ",
            "é",
            "héllo wörld",
            "a,b,,c",
            "(",
            "[a-",
            "\\",
            "$1${x}$",
            "\u{0}\u{ffff}\n\t",
            "https://u:p@h:1/p?q#f",
            "%zz",
            "==",
            "aGk=",
            "a{2}{3}",
            "ǅß_Ⓐ-1x",
            "/a/../b/",
        ];
        let ints = [i64::MIN, -100, -1, 0, 1, 2, 3, 4, 7, 100, i64::MAX];
        let anys = [
            Value::Nil,
            Value::str("x"),
            Value::Int(3),
            Value::Float(1e6),
            Value::list(vec![Value::Nil, Value::str("b"), Value::Int(1)]),
            Value::string_list(["z", "a"]),
            Value::empty_map(),
        ];
        let mut all = functions();
        for family in [
            regex::functions(),
            paths::functions(),
            encoding::functions(),
            url::functions(),
        ] {
            all.extend(family);
        }
        for f in all {
            let mut params: Vec<Param> = f.params.to_vec();
            if let Some(rest) = f.variadic {
                params.push(rest);
                params.push(rest);
            }
            for round in 0..40usize {
                let args: Vec<Value> = params
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let k = round.wrapping_mul(7).wrapping_add(i * 13);
                        match p {
                            Param::Int => Value::Int(ints[k % ints.len()]),
                            Param::String => Value::str(strings[k % strings.len()]),
                            Param::Map => Value::empty_map(),
                            _ => anys[k % anys.len()].clone(),
                        }
                    })
                    .collect();
                let _ = (f.call)(&args);
            }
        }
    }

    #[test]
    fn byte_cuts_keep_go_bytes() {
        let cut = |name: &str, args: &[Value]| call(name, args).unwrap_or_default();
        let quoted = |v: Value| call("quote", &[v]).unwrap_or_default().to_go_string();
        // What Helm printed for `trunc 2 "héllo" | quote` and the substr twin.
        assert_eq!(quoted(cut("trunc", &[int(2), st("héllo")])), "\"h\\xc3\"");
        assert_eq!(
            quoted(cut("substr", &[int(0), int(2), st("héllo")])),
            "\"h\\xc3\""
        );
        // Cutting a cut works on the original bytes: "\xc3" then "\xa9llo".
        let head = cut("trunc", &[int(2), st("héllo")]);
        assert_eq!(quoted(cut("trunc", &[int(-1), head])), "\"\\xc3\"");
        let tail = cut("trunc", &[int(-4), st("héllo")]);
        assert_eq!(quoted(tail), "\"\\xa9llo\"");
        // Binary data survives b64dec | b64enc.
        let enc = |name: &str, v: &str| {
            let f = crate::funcs::encoding::functions()
                .into_iter()
                .find(|f| f.name == name);
            f.map(|f| (f.call)(&[st(v)]).unwrap_or_default().to_go_string())
                .unwrap_or_default()
        };
        let binary = enc("b64dec", "/+7dzMu6mYh3ZlVEMyIRAA==");
        assert_eq!(enc("b64enc", &binary), "/+7dzMu6mYh3ZlVEMyIRAA==");
        assert_eq!(quoted(st(&enc("b64dec", "/w=="))), "\"\\xff\"");
        // A UTF-8 string next to invalid bytes stays as it is.
        assert_eq!(go_string(&[b'a', 0xC3, 0xA9, 0xFF]), "aé\u{10FEFF}");
        assert_eq!(&*go_bytes("aé\u{10FEFF}"), &[b'a', 0xC3, 0xA9, 0xFF]);
        assert_eq!(&*go_bytes("\u{10FFFF}"), "\u{10FFFF}".as_bytes());
        for w in -3..12 {
            let _ = call("wrap", &[int(w), st("é é éé ééé")]);
            let _ = call("wrapWith", &[int(w), st("|"), st("ééééé é")]);
            let _ = call("abbrev", &[int(w), st("ééééééé")]);
            let _ = call("abbrevboth", &[int(w), int(w + 4), st("éééééééééé")]);
        }
    }
}
