//! Tests of the YAML reader and writers against what real Helm printed
//! (the golden cases in `tests/golden/fn-yaml`).

use super::*;

fn golden_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/fn-yaml")
}

fn indent2(s: &str) -> String {
    s.split('\n')
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Cases whose template is `v: {{ toYaml .Values | b64enc }}` (random
/// strings): our bytes must equal Helm's.
#[test]
fn to_yaml_b64_goldens() {
    let mut checked = 0;
    for entry in std::fs::read_dir(golden_dir()).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(tpl) = std::fs::read_to_string(dir.join("chart/templates/t.yaml")) else {
            continue;
        };
        let pretty = match tpl.as_str() {
            "v: {{ toYaml .Values | b64enc }}\n" => false,
            "v: {{ toYamlPretty .Values | b64enc }}\n" => true,
            _ => continue,
        };
        let values = std::fs::read_to_string(dir.join("chart/values.yaml")).unwrap();
        let stdout = std::fs::read_to_string(dir.join("helm3.stdout")).unwrap();
        let b64 = stdout
            .lines()
            .find_map(|l| l.strip_prefix("v: "))
            .unwrap_or("");
        let want = String::from_utf8(decode::base64_decode(b64).unwrap()).unwrap();
        let v = from_str_map(&values).unwrap();
        let got = if pretty {
            to_yaml_pretty(&v)
        } else {
            to_yaml(&v)
        }
        .unwrap_or_default();
        let got = got.strip_suffix('\n').unwrap_or(&got);
        if got != want {
            for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
                assert_eq!(g, w, "{} line {}", dir.display(), i + 1);
            }
            assert_eq!(got, want, "{}", dir.display());
        }
        checked += 1;
    }
    assert!(checked >= 8, "{checked}");
}

/// Cases whose template is `v: |2-\n{{ toYaml .Values | indent 2 }}`:
/// reading values.yaml and writing it back must give Helm's bytes.
#[test]
fn to_yaml_of_values_matches_helm() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(golden_dir()).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(tpl) = std::fs::read_to_string(dir.join("chart/templates/t.yaml")) else {
            continue;
        };
        let pretty = tpl == "v: |2-\n{{ toYamlPretty .Values | indent 2 }}\n";
        if tpl != "v: |2-\n{{ toYaml .Values | indent 2 }}\n" && !pretty {
            continue;
        }
        let values = std::fs::read_to_string(dir.join("chart/values.yaml")).unwrap();
        let want = std::fs::read_to_string(dir.join("helm3.stdout")).unwrap();
        let v = from_str_map(&values).unwrap();
        let out = if pretty {
            to_yaml_pretty(&v)
        } else {
            to_yaml(&v)
        };
        let text = out
            .map(|s| s.trim_end_matches('\n').to_string())
            .unwrap_or_default();
        // Helm drops the whitespace-only line `indent` makes of "".
        let body = if text.is_empty() {
            String::new()
        } else {
            format!("{}\n", indent2(&text))
        };
        let got = format!("---\n# Source: mini/templates/t.yaml\nv: |2-\n{body}");
        checked += 1;
        if got != want {
            failures.push(format!(
                "{}:\n--- want\n{want}--- got\n{got}",
                dir.display()
            ));
        }
    }
    assert!(checked > 5, "only {checked} cases found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn err(text: &str) -> String {
    from_str_map(text).unwrap_err().to_string()
}

#[test]
fn errors_match_helm() {
    let cases = [
        (
            "a: [1, 2\nb: c",
            "error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'",
        ),
        (
            "a:\n\t- x",
            "error converting YAML to JSON: yaml: line 2: found character that cannot start any token",
        ),
        (
            "a: &x 1\nb: *y",
            "error converting YAML to JSON: yaml: unknown anchor 'y' referenced",
        ),
        (
            "- a\n- b",
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}",
        ),
        (
            "just a string",
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}",
        ),
        (
            "a: .inf",
            "error converting YAML to JSON: json: unsupported value: +Inf",
        ),
        (
            "a: [.nan]",
            "error converting YAML to JSON: json: unsupported value: NaN",
        ),
        (
            "a: b: c",
            "error converting YAML to JSON: yaml: mapping values are not allowed in this context",
        ),
        (
            "a: \"unterminated",
            "error converting YAML to JSON: yaml: found unexpected end of stream",
        ),
        (
            "a: \"x\nb: 2\n",
            "error converting YAML to JSON: yaml: line 3: found unexpected end of stream",
        ),
        (
            "{a: 1",
            "error converting YAML to JSON: yaml: line 1: did not find expected ',' or '}'",
        ),
        (
            "? [1, 2]\n: x",
            "error converting YAML to JSON: yaml: invalid map key: []interface {}{1, 2}",
        ),
        (
            "? {a: 1}\n: x",
            "error converting YAML to JSON: yaml: invalid map key: map[interface {}]interface {}{\"a\":1}",
        ),
        (
            "x\n  a: b",
            "error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context",
        ),
        (
            "a: @x",
            "error converting YAML to JSON: yaml: found character that cannot start any token",
        ),
        (
            "~: 1",
            "error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: 1",
        ),
        (
            "12345678901234567890: j",
            "error converting YAML to JSON: unsupported map key of type: uint64, key: 0xab54a98ceb1f0ad2, value: \"j\"",
        ),
        (
            "a: !!int x",
            "error converting YAML to JSON: yaml: cannot decode !!str `x` as a !!int",
        ),
        (
            "a: !!null x",
            "error converting YAML to JSON: yaml: cannot decode !!str `x` as a !!null",
        ),
        (
            "a:\n  - b\n  c: d",
            "error converting YAML to JSON: yaml: line 2: did not find expected '-' indicator",
        ),
        (
            "%YAML 1.1\n%YAML 1.1\n---\na: 1",
            "error converting YAML to JSON: yaml: line 1: found duplicate %YAML directive",
        ),
        (
            "a: *",
            "error converting YAML to JSON: yaml: did not find expected alphabetic or numeric character",
        ),
        (
            "a: |\n  x\n y",
            "error converting YAML to JSON: yaml: line 2: did not find expected key",
        ),
        (
            "<<: 1",
            "error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value",
        ),
        (
            "<<: [1]",
            "error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value",
        ),
        (
            "a: &a [*a]",
            "error converting YAML to JSON: yaml: anchor 'a' value contains itself",
        ),
        (
            "a: \x01",
            "error converting YAML to JSON: yaml: control characters are not allowed",
        ),
        (
            "a: \"x\"\tb",
            "error converting YAML to JSON: yaml: did not find expected key",
        ),
        (
            "a: 1\nb: 2\nc: 3\nd:\n  e: [1\nf: 1\n",
            "error converting YAML to JSON: yaml: line 5: did not find expected ',' or ']'",
        ),
    ];
    let mut failures = Vec::new();
    for (input, want) in cases {
        let got = err(input);
        if got != want {
            failures.push(format!("{input:?}\n  want {want}\n  got  {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn json(v: &Value) -> String {
    match v {
        Value::Nil => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Float(f) => crate::value::fmt::format_float_g(*f),
        Value::String(s) => format!("{s:?}"),
        Value::List(l) => format!(
            "[{}]",
            l.items.iter().map(json).collect::<Vec<_>>().join(",")
        ),
        Value::Map(m) => format!(
            "{{{}}}",
            m.entries()
                .iter()
                .map(|(k, v)| format!("{k:?}:{}", json(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        other => format!("{other:?}"),
    }
}

#[test]
fn reading_matches_helm() {
    let cases = [
        (
            "base: &b {x: 1, y: 2}\nother: &o {z: 3}\nm1:\n  <<: *b\n  y: 20\nm2:\n  <<: [*b, *o]\n  w: 4\nm3:\n  y: 30\n  <<: *b\nlist: &l [1, 2]\nl2: *l\ns: &s hello\ns2: *s\ndup: 1\ndup: 2",
            r#"{"base":{"true":2,"x":1},"dup":2,"l2":[1,2],"list":[1,2],"m1":{"true":20,"x":1},"m2":{"true":2,"w":4,"x":1,"z":3},"m3":{"true":2,"x":1},"other":{"z":3},"s":"hello","s2":"hello"}"#,
        ),
        ("", "{}"),
        ("~", "{}"),
        ("a: 1\n---\nb: 2", r#"{"a":1}"#),
        ("a: !!binary aGVsbG8=", r#"{"a":"hello"}"#),
        ("a: !foo x", r#"{"a":"x"}"#),
        ("1.5: x", r#"{"1.5":"x"}"#),
        ("a: !!seq {}", r#"{"a":{}}"#),
        ("a: !!bool yes", r#"{"a":true}"#),
        ("\u{feff}a: 1", r#"{"a":1}"#),
        ("a: b\n---\n- x", r#"{"a":"b"}"#),
        (
            "true: a\n1: b\n1.5: c\nyes: d\n0x10: f\n-1: g\n1e3: h\n2024-01-01: i\n0.1: l\n3.0: m\n1e20: nn\n0.000001234: o\n123456789.125: p",
            r#"{"-1":"g","0.1":"l","1":"b","1.2345679e+08":"p","1.234e-06":"o","1.5":"c","1000":"h","16":"f","1e+20":"nn","2024-01-01":"i","3":"m","true":"d"}"#,
        ),
    ];
    for (input, want) in cases {
        assert_eq!(json(&from_str_map(input).unwrap()), want, "{input:?}");
    }
    assert_eq!(
        from_str_list("- a\n- 1\n- yes").map(|v| json(&v)).unwrap(),
        r#"["a",1,true]"#
    );
}

#[test]
fn excessive_aliasing_is_refused() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    assert_eq!(
        err(&text),
        "error converting YAML to JSON: yaml: document contains excessive aliasing"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = "[".repeat(100_000);
    assert!(from_str(&text).is_err());
    fuzz_roundtrip(text.as_bytes());
}

#[test]
fn to_yaml_roots() {
    let cases: [(Value, &str); 8] = [
        (Value::str("x\n\n"), "|+\n  x\n\n"),
        (Value::str("x\n"), "|\n  x\n"),
        (Value::str(" x"), "' x'\n"),
        (Value::str("\n"), "|2+\n\n"),
        (Value::Nil, "null\n"),
        (Value::Float(1e6), "1000000\n"),
        (
            Value::str("\u{85}x \u{85} y\u{85}\u{85}z"),
            "|2-\n   x y\n  z\n",
        ),
        (Value::str("a\u{80}b"), ""),
    ];
    for (v, want) in cases {
        assert_eq!(to_yaml(&v).unwrap_or_default(), want, "{v:?}");
    }
}

#[test]
fn emit_then_parse_gives_the_same_value() {
    let samples = [
        "a: yes\nb: '123'\nc: [1, 2.5, {d: 'x: y'}]\ne: \"l1\\nl2\\n\"\nf: ' lead'\ng: ''\nh: '~'\ni: 'emoji 😀 tab\\t'\n",
        "k: \"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.\"\n",
        "k: \"a  b   c                                                                                        d\"\n",
        "? \"multi\\nline\"\n: v\nlist: [[], {}, [[]]]\n",
    ];
    for text in samples {
        let v = from_str(text).unwrap();
        for out in [to_yaml(&v).unwrap(), to_yaml_pretty(&v).unwrap()] {
            assert_eq!(from_str(&out).unwrap(), v, "{text:?} -> {out:?}");
        }
    }
}

#[test]
fn helm3_reads_the_first_document_only() {
    assert_eq!(
        json(&from_str_map("a: 1\n---\nb: [1").unwrap()),
        r#"{"a":1}"#
    );
    assert_eq!(json(&from_str_map("---\na: 1\n").unwrap()), r#"{"a":1}"#);
    assert_eq!(json(&from_str_map("a: 1\n...\n").unwrap()), r#"{"a":1}"#);
    assert_eq!(
        err("a: 1\n---x\nb: 2\n"),
        "error converting YAML to JSON: yaml: line 3: could not find expected ':'"
    );
}

#[test]
fn helm4_splits_documents_like_kubernetes() {
    let docs = documents(
        "a: 1\nm: {x: 1, y: 2}\nl: [1]\n---\nb: 2\nm: {y: 3}\nl: [2]\n--- # comment\n---\nc: 3\n",
    )
    .unwrap();
    let texts: Vec<String> = docs.iter().map(json).collect();
    assert_eq!(
        texts,
        [
            r#"{"a":1,"l":[1],"m":{"true":2,"x":1}}"#,
            r#"{"b":2,"l":[2],"m":{"true":3}}"#,
            r#"{"c":3}"#
        ]
    );
    let e = |t: &str| documents(t).unwrap_err().to_string();
    assert_eq!(
        e("a: 1\n--- x\nb: 2\n"),
        "error reading yaml document: invalid Yaml document separator: x"
    );
    assert_eq!(
        e("a: 1\n---\nb: [1\n"),
        "cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"
    );
    assert_eq!(
        e("%YAML 1.1\n---\na: 1\n...\n"),
        "cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected <document start>"
    );
}

/// `fromYaml` of each YAML 1.1 scalar form, printed by Helm as `%T %v`.
#[test]
fn from_yaml_scalars_match_helm() {
    let dir = golden_dir().join("from-scalars");
    let tpl = std::fs::read_to_string(dir.join("chart/templates/t.yaml")).unwrap();
    let start = tpl.find("(fromYaml \"").unwrap() + 11;
    let end = tpl.find("\") }}").unwrap();
    // Undo the template string literal's escapes.
    let src = tpl[start..end].replace("\\n", "\n").replace("\\\"", "\"");
    let v = from_str_map(&src).unwrap();
    let want = std::fs::read_to_string(dir.join("helm3.stdout")).unwrap();
    for line in want.lines().skip(2) {
        let (key, rest) = line.split_once(": ").unwrap();
        let got = v.as_map().unwrap().get(key).unwrap_or_default();
        let printed = format!("{} {}", got.type_name(), got.to_go_string());
        assert_eq!(format!("{printed:?}"), rest, "{key}");
    }
}

#[test]
fn direct_values_match_helm() {
    let t = |v: &Value| {
        to_yaml(v)
            .unwrap_or_default()
            .trim_end_matches('\n')
            .to_string()
    };
    let p = |v: &Value| {
        to_yaml_pretty(v)
            .unwrap_or_default()
            .trim_end_matches('\n')
            .to_string()
    };
    let ints = Value::list(vec![
        Value::Int64(i64::MAX),
        Value::Int(-5),
        Value::Int(42),
        Value::Int(0),
    ]);
    assert_eq!(t(&ints), "- 9223372036854775807\n- -5\n- 42\n- 0");
    let mut m = std::collections::BTreeMap::new();
    m.insert("big".to_string(), Value::Float(1e21));
    m.insert("i".to_string(), Value::Float(12345678.0));
    m.insert("neg".to_string(), Value::Float(-1.5e-7));
    m.insert("small".to_string(), Value::Float(0.000001));
    assert_eq!(
        t(&Value::map(m)),
        "big: 1e+21\ni: 12345678\nneg: -1.5e-07\nsmall: 1e-06"
    );
    let floats = Value::list(vec![
        Value::Int64(i64::MAX),
        Value::Int(-5),
        Value::Float(1e21),
        Value::Float(0.000001),
        Value::Float(12345678.0),
    ]);
    assert_eq!(
        p(&floats),
        "- 9223372036854775807\n- -5\n- 1e+21\n- 1e-06\n- 1.2345678e+07"
    );
    assert_eq!(t(&Value::Float(f64::INFINITY)), "");
    assert_eq!(
        to_yaml(&Value::Float(f64::INFINITY)).unwrap_err(),
        "error marshaling into JSON: json: unsupported value: +Inf"
    );
    assert_eq!(p(&Value::Float(f64::INFINITY)), ".inf");
    assert_eq!(p(&Value::Float(f64::NAN)), ".nan");
    let nested = Value::list(vec![
        Value::str("a"),
        Value::list(vec![Value::str("b"), Value::str("c")]),
        Value::map([("d".to_string(), Value::list(vec![Value::str("e")]))].into()),
    ]);
    assert_eq!(p(&nested), "- a\n- - b\n  - c\n- d:\n    - e");
    assert_eq!(t(&nested), "- a\n- - b\n  - c\n- d:\n  - e");
    let key = |k: &str| Value::map([(k.to_string(), Value::str("v"))].into());
    assert_eq!(t(&key("k\nl")), "? |-\n  k\n  l\n: v");
    assert_eq!(p(&key("k\nl")), "? |-\n  k\n  l\n: v");
    let long = "k".repeat(129);
    assert_eq!(t(&key(&long)), format!("? {long}\n: v"));
    assert_eq!(
        t(&Value::map([(String::new(), Value::str(""))].into())),
        "\"\": \"\""
    );
    assert_eq!(
        t(&Value::list(vec![
            Value::str(""),
            Value::Nil,
            Value::list(vec![]),
            Value::empty_map()
        ])),
        "- \"\"\n- null\n- []\n- {}"
    );
    assert_eq!(t(&Value::str("<>&")), "<>&");
    assert_eq!(t(&Value::Bytes(b"hello".to_vec().into())), "aGVsbG8=");
}

/// Random YAML-ish input never panics (a cheap stand-in for the fuzz target).
#[test]
fn random_input_never_panics() {
    let alphabet: Vec<char> = "ab01 :-?[]{},&*!|>'\"#%@`\n\t~.<=\\\u{85}é😀"
        .chars()
        .collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..3000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let len = (seed % 40) as usize;
        let mut s = String::new();
        let mut x = seed;
        for _ in 0..len {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            s.push(alphabet[(x >> 33) as usize % alphabet.len()]);
        }
        fuzz_roundtrip(s.as_bytes());
        let _ = documents(&s);
    }
}

#[test]
fn block_scalar_at_end_of_input() {
    let cases = [
        ("a: |\n  x", r#"{"a":"x"}"#),
        ("a: |+\n  x", r#"{"a":"x"}"#),
        ("a: >\n  x\n  y", r#"{"a":"x y"}"#),
        ("a: |\n  x\n\n", r#"{"a":"x\n"}"#),
        ("a: |-\n  x", r#"{"a":"x"}"#),
        ("a: |\n  x\n  ", r#"{"a":"x\n"}"#),
    ];
    for (input, want) in cases {
        assert_eq!(json(&from_str_map(input).unwrap()), want, "{input:?}");
    }
    assert_eq!(json(&from_str_list("- |\n  x").unwrap()), r#"["x"]"#);
}

/// Go's encoding/json text of a decoded value (HTML-safe escapes included).
fn go_json(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let mut out = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                        out.push_str(&format!("\\u{:04x}", c as u32));
                    }
                    c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        Value::List(l) => format!(
            "[{}]",
            l.items.iter().map(go_json).collect::<Vec<_>>().join(",")
        ),
        Value::Map(m) => format!(
            "{{{}}}",
            m.entries()
                .iter()
                .map(|(k, v)| format!("{}:{}", go_json(&Value::str(k.as_str())), go_json(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Value::Float(f) if *f == 0.0 || (1e-6..1e21).contains(&f.abs()) => format!("{f}"),
        other => json(other),
    }
}

/// `v: {{ toJson .Values | quote }}` cases: Helm 3's values as JSON.
#[test]
fn values_json_goldens() {
    let mut checked = 0;
    for entry in std::fs::read_dir(golden_dir()).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(tpl) = std::fs::read_to_string(dir.join("chart/templates/t.yaml")) else {
            continue;
        };
        if !tpl.starts_with("v: {{ toJson .Values | quote }}") {
            continue;
        }
        let values = std::fs::read(dir.join("chart/values.yaml")).unwrap();
        let want = std::fs::read_to_string(dir.join("helm3.stdout")).unwrap();
        let Some(want) = want.lines().find_map(|l| l.strip_prefix("v: ")) else {
            continue;
        };
        let got = format!("{:?}", go_json(&from_slice_map(&values).unwrap()));
        assert_eq!(got, want, "{}", dir.display());
        checked += 1;
    }
    assert!(checked > 5);
}

/// Every `x: {{ include "e" "YAML" }}` line of the fromYaml/fromYamlArray
/// error goldens, decoded by us and printed as Helm's `toJson | quote`.
#[test]
fn from_yaml_error_goldens() {
    for (case, list) in [("from-errors", false), ("from-array", true)] {
        let dir = golden_dir().join(case);
        let tpl = std::fs::read_to_string(dir.join("chart/templates/t.yaml")).unwrap();
        let want = std::fs::read_to_string(dir.join("helm3.stdout")).unwrap();
        let want: std::collections::HashMap<&str, &str> = want
            .lines()
            .skip(2)
            .filter_map(|l| l.split_once(": "))
            .collect();
        let mut checked = 0;
        for line in tpl.lines() {
            let Some((key, rest)) = line.split_once(": {{ include \"e\" \"") else {
                continue;
            };
            let src = rest.trim_end_matches("\" }}");
            let src = src
                .replace("\\xef\\xbb\\xbf", "\u{feff}")
                .replace("\\n", "\n")
                .replace("\\t", "\t")
                .replace("\\\"", "\"");
            let v = if list {
                from_str_list(&src)
                    .unwrap_or_else(|e| Value::list(vec![Value::from(e.to_string())]))
            } else {
                from_str_map(&src).unwrap_or_else(|e| {
                    Value::map([("Error".to_string(), Value::from(e.to_string()))].into())
                })
            };
            let got = format!("{:?}", go_json(&v));
            assert_eq!(Some(&got.as_str()), want.get(key), "{case} {key}: {src:?}");
            checked += 1;
        }
        assert!(checked > 5);
    }
}

/// values.yaml load errors: Helm 3 reads one document, Helm 4 splits the
/// stream (Kubernetes reader) and prefixes `cannot unmarshal yaml document`.
#[test]
fn values_error_goldens() {
    let mut checked = 0;
    for entry in std::fs::read_dir(golden_dir()).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("values-") {
            continue;
        }
        let bytes = std::fs::read(dir.join("chart/values.yaml")).unwrap();
        let results = match std::str::from_utf8(&bytes) {
            Ok(values) => vec![
                ("helm3", from_str_map(values).map(|_| ())),
                ("helm4", documents(values).map(|_| ())),
            ],
            Err(_) => vec![("helm3", from_slice_map(&bytes).map(|_| ()))],
        };
        for (helm, result) in results {
            let stderr = std::fs::read_to_string(dir.join(format!("{helm}.stderr"))).unwrap();
            let want = stderr
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("Error: cannot load values.yaml: "));
            let got = result.err().map(|e| e.to_string());
            assert_eq!(got.as_deref(), want, "{name} {helm}");
            checked += 1;
        }
    }
    assert!(checked > 20);
}

#[test]
fn large_document_is_fast_enough() {
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!(
            "key{i}:\n  name: \"value {i}\"\n  list: [a, b, {i}]\n"
        ));
    }
    let start = std::time::Instant::now();
    let v = from_str_map(&text).unwrap();
    let out = to_yaml(&v).unwrap();
    let pretty = to_yaml_pretty(&v).unwrap();
    assert!(out.len() > 100_000 && pretty.len() > 100_000);
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

/// `from_slice_keys` reads the head entries of a document exactly as
/// decoding the whole document and keeping those entries does, errors
/// included, whether or not it takes its shortcut.
#[test]
fn head_entries_read_as_the_whole_document() {
    const KEYS: &[&str] = &["apiVersion", "kind", "metadata"];
    let whole = |text: &str| -> Result<Value, YamlError> {
        let raw = decode::decode_raw(text.as_bytes())?;
        let value = decode::to_json_value(&raw)?;
        Ok(match value {
            Value::Map(m) => {
                let kept = m
                    .entries()
                    .iter()
                    .filter(|(k, _)| KEYS.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                Value::map(kept)
            }
            other => other,
        })
    };
    for text in [
        "kind: Pod\nmetadata:\n  name: a\n  annotations: {x: '1'}\nspec: {a: 1}\n",
        "kind: a\nkind: b\n\"kind\": c\n",
        "kind: a\nx: .inf\n",
        "kind: a\nx: [-.Inf]\n",
        "kind: a\ny: .nan\n",
        "~: 1\nkind: a\n",
        "null: 1\nkind: a\n",
        "18446744073709551616: x\nkind: a\n",
        "1: x\ntrue: y\n1.5: z\nkind: a\n",
        "<<: {kind: merged}\nmetadata: {}\n",
        "\"<<\": {kind: quoted}\nkind: k\n",
        "a: &x {kind: anchored}\nkind: *x\n",
        "kind: !!str 1\n",
        "metadata: {name: [1]}\napiVersion: 2\n",
        "- a\n- b\n",
        "just text\n",
        "",
        "# comment only\n",
        "kind: 2001-12-14\nmetadata: {name: -1}\n",
    ] {
        assert_eq!(
            from_slice_keys(text.as_bytes(), KEYS),
            whole(text),
            "{text:?}"
        );
    }
}

/// The stream splitter, line by line: what [`document_spans`] must agree with.
fn spans_line_by_line(text: &str) -> Result<Vec<DocumentSpan>, BadSeparator> {
    let mut spans = Vec::new();
    let (mut start, mut line, mut pos) = (0, 1, 0);
    for (n, text_line) in text.split_inclusive('\n').enumerate() {
        if let Some(rest) = text_line.strip_prefix("---") {
            let rest = rest.trim();
            if !rest.is_empty() && !rest.starts_with('#') {
                return Err(BadSeparator {
                    line: n + 1,
                    rest: rest.to_string(),
                });
            }
            spans.push(DocumentSpan {
                start,
                end: pos,
                line,
            });
            start = pos + text_line.len();
            line = n + 2;
        }
        pos += text_line.len();
    }
    spans.push(DocumentSpan {
        start,
        end: text.len(),
        line,
    });
    Ok(spans)
}

#[test]
fn document_spans_split_at_separator_lines() {
    let cases = [
        "",
        "---",
        "---\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n---\n---\n---\nb: 2",
        "--- # comment\na: 1\n--- \r\nb: 2\n---",
        "a: |\n  ---\n  x\n---\nc: 1\n",
        "a: 1\n---- x\n",
        "a: 1\n--- b: 2\n",
        "\n\n---\n\n---",
        "é: ü\n---\nñ: 1\n",
    ];
    for text in cases {
        assert_eq!(document_spans(text), spans_line_by_line(text), "{text:?}");
    }
    let spans = document_spans("a: 1\n---\nb: 2\n").unwrap();
    assert_eq!(spans.len(), 2);
    assert_eq!((spans[1].start, spans[1].line), (9, 3));
    let bad = document_spans("a: 1\n\n--- b\n").unwrap_err();
    assert_eq!((bad.line, bad.rest.as_str()), (3, "b"));
}
