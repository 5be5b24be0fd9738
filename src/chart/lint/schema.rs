//! The part of JSON Schema `helm lint` reports on most: `type`,
//! `required`, `properties`, `additionalProperties: false` and `items`,
//! worded as Helm 3 (gojsonschema) or Helm 4 (santhosh-tekuri/jsonschema)
//! words its errors. Other keywords are not checked.

use serde_json::Value as Schema;

use crate::compat::Compat;
use crate::value::Value;

/// One error, or (Helm 4) a location whose subschema failed in several
/// ways: `at '/a': validation failed` with its causes indented below.
enum Node {
    Leaf(String),
    Group(String, Vec<Node>),
}

/// Validates `values` against the schema text; `Err` holds Helm's message
/// (`- …` lines, each ending in a newline), `Ok` also when the schema
/// cannot be read (Helm reports that elsewhere).
pub(super) fn validate(values: &Value, schema: &str, compat: Compat) -> Result<(), String> {
    let Ok(schema) = serde_json::from_str::<Schema>(schema) else {
        return Ok(());
    };
    let errors = check(values, &schema, &mut Vec::new(), compat);
    if errors.is_empty() {
        return Ok(());
    }
    let mut out = String::new();
    print(&errors, 0, &mut out);
    Err(out)
}

fn print(nodes: &[Node], indent: usize, out: &mut String) {
    for node in nodes {
        out.push_str(&" ".repeat(indent));
        out.push_str("- ");
        match node {
            Node::Leaf(message) => {
                out.push_str(message);
                out.push('\n');
            }
            Node::Group(at, children) => {
                out.push_str(&format!("at '{at}': validation failed\n"));
                print(children, indent + 2, out);
            }
        }
    }
}

fn field(path: &[String], compat: Compat) -> String {
    match compat {
        Compat::Helm3 if path.is_empty() => "(root)".to_string(),
        Compat::Helm3 => path.join("."),
        Compat::Helm4 => path.iter().map(|p| format!("/{p}")).collect(),
    }
}

fn type_name(value: &Value, compat: Compat) -> &'static str {
    match value {
        Value::Nil => "null",
        Value::Bool(_) => "boolean",
        Value::String(_) => "string",
        Value::List(_) => "array",
        Value::Map(_) => "object",
        Value::Int(_) | Value::Int64(_) => match compat {
            Compat::Helm3 => "integer",
            Compat::Helm4 => "number",
        },
        Value::Float(f) if compat == Compat::Helm3 && f.fract() == 0.0 => "integer",
        _ => "number",
    }
}

fn matches_type(value: &Value, want: &str) -> bool {
    match want {
        "integer" => match value {
            Value::Int(_) | Value::Int64(_) => true,
            Value::Float(f) => f.fract() == 0.0,
            _ => false,
        },
        "number" => matches!(value, Value::Int(_) | Value::Int64(_) | Value::Float(_)),
        other => type_name(value, Compat::Helm3) == other,
    }
}

/// The errors of a subschema at `path`: Helm 4 lifts a single error and
/// groups several under the location.
fn nested(
    value: &Value,
    schema: &Schema,
    path: &mut Vec<String>,
    compat: Compat,
    out: &mut Vec<Node>,
) {
    let mut errors = check(value, schema, path, compat);
    if compat == Compat::Helm4 && errors.len() > 1 {
        out.push(Node::Group(field(path, compat), errors));
    } else {
        out.append(&mut errors);
    }
}

fn check(value: &Value, schema: &Schema, path: &mut Vec<String>, compat: Compat) -> Vec<Node> {
    let mut errors = Vec::new();
    let Some(schema) = schema.as_object() else {
        return errors;
    };
    let wanted: Vec<&str> = match schema.get("type") {
        Some(Schema::String(t)) => vec![t.as_str()],
        Some(Schema::Array(ts)) => ts.iter().filter_map(Schema::as_str).collect(),
        _ => Vec::new(),
    };
    if !wanted.is_empty() && !wanted.iter().any(|t| matches_type(value, t)) {
        let at = field(path, compat);
        errors.push(Node::Leaf(match compat {
            Compat::Helm3 => format!(
                "{at}: Invalid type. Expected: {}, given: {}",
                wanted.join(", "),
                type_name(value, compat)
            ),
            Compat::Helm4 => format!(
                "at '{at}': got {}, want {}",
                type_name(value, compat),
                wanted.join(" or ")
            ),
        }));
        return errors;
    }
    if let Some(map) = value.as_map() {
        let map = map.snapshot();
        let at = field(path, compat);
        let missing: Vec<&str> = schema
            .get("required")
            .and_then(Schema::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Schema::as_str)
                    .filter(|k| !map.contains_key(*k))
                    .collect()
            })
            .unwrap_or_default();
        if !missing.is_empty() {
            match compat {
                Compat::Helm3 => errors.extend(
                    missing
                        .iter()
                        .map(|k| Node::Leaf(format!("{at}: {k} is required"))),
                ),
                Compat::Helm4 => {
                    let names: Vec<String> = missing.iter().map(|k| format!("'{k}'")).collect();
                    let noun = if names.len() == 1 {
                        "property"
                    } else {
                        "properties"
                    };
                    errors.push(Node::Leaf(format!(
                        "at '{at}': missing {noun} {}",
                        names.join(", ")
                    )));
                }
            }
        }
        let properties = schema.get("properties").and_then(Schema::as_object);
        let extra: Vec<&String> =
            if schema.get("additionalProperties") == Some(&Schema::Bool(false)) {
                map.keys()
                    .filter(|k| properties.is_none_or(|p| !p.contains_key(*k)))
                    .collect()
            } else {
                Vec::new()
            };
        // gojsonschema checks additional properties before the properties;
        // jsonschema after.
        if compat == Compat::Helm3 {
            errors.extend(
                extra
                    .iter()
                    .map(|k| Node::Leaf(format!("{at}: Additional property {k} is not allowed"))),
            );
        }
        if let Some(properties) = properties {
            for (key, sub) in properties {
                if let Some(v) = map.get(key) {
                    path.push(key.clone());
                    nested(v, sub, path, compat, &mut errors);
                    path.pop();
                }
            }
        }
        if compat == Compat::Helm4 && !extra.is_empty() {
            let names: Vec<String> = extra.iter().map(|k| format!("'{k}'")).collect();
            errors.push(Node::Leaf(format!(
                "at '{at}': additional properties {} not allowed",
                names.join(", ")
            )));
        }
    }
    if let (Some(items), Some(list)) = (schema.get("items"), value.as_list()) {
        for (i, v) in list.iter().enumerate() {
            path.push(i.to_string());
            nested(v, items, path, compat, &mut errors);
            path.pop();
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::yaml;

    #[test]
    fn words_errors_like_each_helm() {
        let schema = r#"{"type":"object","properties":{"a":{"type":"string"}},"required":["b"]}"#;
        let values = yaml::from_str("a: 1\n").unwrap_or_default();
        assert_eq!(
            validate(&values, schema, Compat::Helm3),
            Err(
                "- (root): b is required\n- a: Invalid type. Expected: string, given: integer\n"
                    .to_string()
            )
        );
        assert_eq!(
            validate(&values, schema, Compat::Helm4),
            Err("- at '': missing property 'b'\n- at '/a': got number, want string\n".to_string())
        );
        let ok = yaml::from_str("a: x\nb: 1\n").unwrap_or_default();
        assert_eq!(validate(&ok, schema, Compat::Helm4), Ok(()));
    }
}
