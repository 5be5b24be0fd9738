//! The normalised YAML a diff shows: block style, keys sorted, two-space
//! indentation, sequences indented as kubectl prints them, strings quoted
//! only when plain text would read back as something else, and multi-line
//! strings as literal blocks so that a changed line of an embedded file
//! shows as one changed line.

use serde_json::Value;

/// The value as normalised block YAML, ending in a newline.
pub(crate) fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => emit_object(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => emit_array(&mut out, items, 0),
        scalar => {
            emit_scalar(&mut out, scalar, 2);
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn sorted(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut pairs: Vec<_> = map.iter().collect();
    pairs.sort_unstable_by(|a, b| a.0.cmp(b.0));
    pairs
}

/// A non-empty mapping whose keys start at column `at`; the first key is
/// written where the cursor is (after `- ` for a list item).
fn emit_object(out: &mut String, map: &serde_json::Map<String, Value>, at: usize) {
    for (i, (key, value)) in sorted(map).into_iter().enumerate() {
        if i > 0 {
            indent(out, at);
        }
        out.push_str(&key_text(key));
        out.push(':');
        emit_child(out, value, at);
    }
}

/// The value after `key:` (or after `-`), for a parent at column `at`.
fn emit_child(out: &mut String, value: &Value, at: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            indent(out, at + 2);
            emit_object(out, map, at + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            indent(out, at);
            emit_array(out, items, at);
        }
        scalar => {
            out.push(' ');
            emit_scalar(out, scalar, at + 2);
            out.push('\n');
        }
    }
}

/// A non-empty sequence whose dashes are at column `at`; the first dash is
/// written where the cursor is.
fn emit_array(out: &mut String, items: &[Value], at: usize) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            indent(out, at);
        }
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                out.push(' ');
                emit_object(out, map, at + 2);
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push(' ');
                emit_array(out, inner, at + 2);
            }
            scalar => {
                out.push(' ');
                emit_scalar(out, scalar, at + 2);
                out.push('\n');
            }
        }
    }
}

/// A scalar (or empty collection); a literal block's lines are indented to
/// `block_indent`.
fn emit_scalar(out: &mut String, value: &Value, block_indent: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => emit_string(out, s, block_indent),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

fn emit_string(out: &mut String, s: &str, block_indent: usize) {
    if literal_block_ok(s) {
        let body = s.trim_end_matches('\n');
        let trailing = s.len() - body.len();
        out.push_str(match trailing {
            0 => "|-",
            1 => "|",
            _ => "|+",
        });
        for line in body.split('\n') {
            out.push('\n');
            if !line.is_empty() {
                indent(out, block_indent);
                out.push_str(line);
            }
        }
        // `|+` keeps the extra final newlines as empty lines.
        for _ in 1..trailing {
            out.push('\n');
        }
    } else if plain_ok(s) {
        out.push_str(s);
    } else {
        out.push_str(&quoted(s));
    }
}

fn key_text(key: &str) -> String {
    if plain_ok(key) {
        key.to_string()
    } else {
        quoted(key)
    }
}

/// JSON's escapes are a subset of YAML's double-quoted ones.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// A multi-line string that reads back unchanged from a literal block:
/// no carriage returns or other control characters, and a first line that
/// does not start with a space (that would need an indentation indicator).
fn literal_block_ok(s: &str) -> bool {
    let body = s.trim_end_matches('\n');
    s.contains('\n')
        && !body.is_empty()
        && !s.starts_with(' ')
        && s.chars().all(|c| c == '\n' || c == '\t' || !c.is_control())
        // A line of only spaces would read as indentation, not content.
        && !body.split('\n').any(|l| !l.is_empty() && l.trim().is_empty())
}

/// Plain (unquoted) text that a YAML 1.1 or 1.2 reader (go-yaml,
/// sigs.k8s.io/yaml) reads back as the same string.
fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if first.is_whitespace() || s.ends_with(char::is_whitespace) {
        return false;
    }
    if ",[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    // `-`, `?` and `:` start plain text when a non-space follows (`--flag`).
    if "-?:".contains(first)
        && (s.chars().nth(1).is_none_or(char::is_whitespace) || s.starts_with("---"))
    {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if s.chars()
        .any(|c| c.is_control() || "\u{feff}\u{85}\u{2028}\u{2029}".contains(c))
    {
        return false;
    }
    if matches!(
        s.to_ascii_lowercase().as_str(),
        "y" | "yes" | "n" | "no" | "true" | "false" | "on" | "off" | "null" | "~" | "<<"
    ) {
        return false;
    }
    !number_like(s)
}

/// Text a YAML reader may take for a number or a timestamp: an optional
/// sign, then a digit or a dot, then only digits, radix letters, exponents,
/// separators (`1_000`, `0x1F`, `1e3`, `1:30`, `2024-01-01`, `.5`).
fn number_like(s: &str) -> bool {
    let rest = s.strip_prefix(['+', '-']).unwrap_or(s);
    let Some(first) = rest.chars().next() else {
        return false;
    };
    if !(first.is_ascii_digit() || first == '.') {
        return false;
    }
    rest.chars()
        .all(|c| c.is_ascii_hexdigit() || "xXoO_.:+-".contains(c))
        || matches!(rest.to_ascii_lowercase().as_str(), ".inf" | ".nan")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn emits_sorted_block_yaml() {
        let cases = [
            (json!({"b": 1, "a": "x"}), "a: x\nb: 1\n"),
            (
                json!({"spec": {"containers": [{"name": "c", "image": "i", "args": ["a", "b"]}]}}),
                "spec:\n  containers:\n  - args:\n    - a\n    - b\n    image: i\n    name: c\n",
            ),
            (
                json!({"a": {}, "b": [], "c": null}),
                "a: {}\nb: []\nc: null\n",
            ),
            (json!([[1, 2], [3]]), "- - 1\n  - 2\n- - 3\n"),
            (
                json!({"data": {"f": "line1\nline2\n"}}),
                "data:\n  f: |\n    line1\n    line2\n",
            ),
            (json!({"f": "a\n\nb"}), "f: |-\n  a\n\n  b\n"),
            (json!({"f": "a\n\n"}), "f: |+\n  a\n\n"),
            (
                json!({"n": "1", "t": "true", "y": "yes", "m": "500m", "g": "1Gi", "e": ""}),
                "e: \"\"\ng: 1Gi\nm: 500m\n\"n\": \"1\"\nt: \"true\"\n\"y\": \"yes\"\n",
            ),
            (
                json!({"app.kubernetes.io/name": "web", "on": 1, "a: b": "c #d"}),
                "\"a: b\": \"c #d\"\napp.kubernetes.io/name: web\n\"on\": 1\n",
            ),
            (
                json!({"x": " lead", "y": "- dash", "z": "tab\there"}),
                "x: \" lead\"\n\"y\": \"- dash\"\nz: \"tab\\there\"\n",
            ),
            (json!("scalar"), "scalar\n"),
            (json!({"f": 1.5, "g": -3}), "f: 1.5\ng: -3\n"),
        ];
        for (value, want) in cases {
            assert_eq!(to_yaml(&value), want, "{value}");
        }
    }

    #[test]
    fn output_reads_back_as_the_same_value() {
        let values = [
            json!({"s": ["1.0", "0x1F", "1_000", "2024-01-01", "1:30", ".5", "+1", ".inf", "NULL", "~", "Off"]}),
            json!({"k": {"nested": [{"a": [{"b": "c\nd"}], "e": "  indented\nx"}]}}),
            json!({"w": "trailing space \nline", "cr": "a\r\nb", "blank": "a\n   \nb", "u": "é ✓"}),
            json!({"list": [[], {}, [[{"a": 1}]], null, true]}),
            json!({"colon": "a:b", "hash": "a#b", "star": "*x", "pct": "%x", "q": "'x'"}),
            json!({"flags": ["--a", "-", "- x", "---", "-1", "?x", ":x", "? x", "-.5"]}),
        ];
        for value in values {
            let text = to_yaml(&value);
            let stream = crate::manifest::read_stream("t", &text);
            assert!(stream.errors.is_empty(), "{text}: {:?}", stream.errors);
            assert_eq!(stream.documents[0].value, value, "{text}");
        }
    }
}
