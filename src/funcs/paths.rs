//! Sprig's `base`, `dir`, `clean`, `ext`, `isAbs` (Go `path`) and their
//! `os*` twins (Go `path/filepath`). Helm runs on Unix-like hosts in
//! practice and our goldens come from Linux, where `filepath` is `path`
//! with `/` as the separator, so both families share one implementation.

use crate::funcs::strings::str_arg;
use crate::template::func::{Function, Param};
use crate::value::Value;

/// The path functions.
pub(crate) fn functions() -> Vec<Function> {
    const S: &[Param] = &[Param::String];
    let mut out = Vec::new();
    for (plain, os) in [
        ("base", "osBase"),
        ("dir", "osDir"),
        ("clean", "osClean"),
        ("ext", "osExt"),
    ] {
        let call: fn(&[Value]) -> _ = match plain {
            "base" => |a| Ok(Value::from(base(str_arg(a, 0)))),
            "dir" => |a| Ok(Value::from(dir(str_arg(a, 0)))),
            "clean" => |a| Ok(Value::from(clean(str_arg(a, 0)))),
            _ => |a| Ok(Value::from(ext(str_arg(a, 0)))),
        };
        out.push(Function::new(plain, S, call));
        out.push(Function::new(os, S, call));
    }
    let is_abs: fn(&[Value]) -> _ = |a| Ok(Value::Bool(str_arg(a, 0).starts_with('/')));
    out.push(Function::new("isAbs", S, is_abs));
    out.push(Function::new("osIsAbs", S, is_abs));
    out
}

/// Go `path.Clean`: the shortest lexically equivalent path.
pub(crate) fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// Go `path.Base`: the last element, trailing slashes ignored.
pub(crate) fn base(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_string();
    }
    match trimmed.rfind('/') {
        Some(i) => trimmed[i + 1..].to_string(),
        None => trimmed.to_string(),
    }
}

/// Go `path.Dir`: everything before the last element, cleaned.
pub(crate) fn dir(path: &str) -> String {
    let cut = path.rfind('/').map_or(0, |i| i + 1);
    clean(&path[..cut])
}

/// Go `path.Ext`: the suffix from the final dot of the last element.
pub(crate) fn ext(path: &str) -> String {
    for (i, c) in path.char_indices().rev() {
        match c {
            '/' => break,
            '.' => return path[i..].to_string(),
            _ => {}
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    type StrFn = fn(&str) -> String;

    #[test]
    fn paths_match_go() {
        let cases: &[(StrFn, &str, &str)] = &[
            (clean, "", "."),
            (clean, "a//b/./c/..", "a/b"),
            (clean, "/../a", "/a"),
            (clean, "../../a/..", "../.."),
            (clean, "/", "/"),
            (clean, "a/../..", ".."),
            (base, "", "."),
            (base, "///", "/"),
            (base, "a/b/", "b"),
            (base, "a", "a"),
            (dir, "", "."),
            (dir, "a/b/c", "a/b"),
            (dir, "/a", "/"),
            (dir, "a", "."),
            (dir, "a//b//", "a/b"),
            (ext, "a/b.tar.gz", ".gz"),
            (ext, "a.b/c", ""),
            (ext, "x.", "."),
        ];
        for (f, input, want) in cases {
            assert_eq!(f(input), *want, "{input:?}");
        }
    }
}
