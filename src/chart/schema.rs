//! `values.schema.json`: the coalesced values of a chart and of each subchart
//! checked against the chart's JSON schema, before rendering, with the error
//! text each Helm prints (Helm 3.17: xeipuuv/gojsonschema, a flat list of
//! `- field: description`; Helm 4: santhosh-tekuri/jsonschema v6, a tree of
//! `- at '/pointer': message`).
//!
//! Both Go libraries walk Go maps, so the order of errors among sibling
//! properties differs from run to run in Helm itself; shipshape sorts those by
//! property name.

use std::fmt::Write as _;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value as Json;

use super::Chart;
use crate::compat::Compat;
use crate::value::Value;

/// The line Helm puts before the per-chart sections.
const HEADER: &str =
    "values don't meet the specifications of the schema(s) in the following chart(s):\n";

/// Validates `values` against the schema of `chart` and, with each
/// subchart's scoped values, against the subcharts' schemas (Helm's
/// `ValidateAgainstSchema`). Returns the whole message Helm prints after
/// `Error: ` when anything fails.
pub(crate) fn validate_chart(chart: &Chart, values: &Value, compat: Compat) -> Result<(), String> {
    let mut sections = String::new();
    collect(chart, values, compat, &mut sections);
    if sections.is_empty() {
        Ok(())
    } else {
        Err(format!("{HEADER}{sections}"))
    }
}

fn collect(chart: &Chart, values: &Value, compat: Compat, out: &mut String) {
    if let Some(schema) = &chart.schema
        && let Err(text) = validate_single(schema, &to_json(values), compat)
    {
        out.push_str(chart.name());
        out.push_str(":\n");
        out.push_str(&text);
    }
    for dep in &chart.dependencies {
        // Coalescing gives every enabled subchart a map of its own; anything
        // else is checked as an empty map.
        let scoped = values.as_map().and_then(|m| m.get(dep.name()));
        match scoped {
            Some(v @ Value::Map(_)) => collect(dep, &v, compat, out),
            _ => collect(dep, &Value::map(Default::default()), compat, out),
        }
    }
}

/// Converts values to JSON as Helm's YAML -> JSON step does (numbers that
/// are whole stay integers so messages print them without a fraction).
fn to_json(value: &Value) -> Json {
    match value {
        Value::Nil | Value::Object(_) => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) | Value::Int64(i) => Json::from(*i),
        Value::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 {
                Json::from(*f as i64)
            } else {
                serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number)
            }
        }
        Value::String(s) => Json::String(s.to_string()),
        Value::Bytes(b) => Json::String(String::from_utf8_lossy(b).into_owned()),
        Value::List(l) => Json::Array(l.items.iter().map(to_json).collect()),
        Value::Map(m) => Json::Object(
            m.snapshot()
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
        ),
    }
}

/// Validates one document against one schema text; the error text ends with
/// a newline when it lists validation errors, as Helm's does.
/// One schema against `values`, as `helm lint`'s values rule checks it:
/// `Err` holds Helm's `- …` lines; a schema that is not JSON passes here
/// (another lint rule reports it).
pub(crate) fn validate_values(
    schema_text: &str,
    values: &Value,
    compat: Compat,
) -> Result<(), String> {
    if serde_json::from_str::<Json>(schema_text).is_err() {
        return Ok(());
    }
    validate_single(schema_text, &to_json(values), compat)
}

fn validate_single(schema_text: &str, instance: &Json, compat: Compat) -> Result<(), String> {
    go_json_syntax(schema_text)?;
    let schema: Json = serde_json::from_str(schema_text).map_err(|e| e.to_string())?;
    // gojsonschema always checks `format`; jsonschema v6 only for drafts
    // up to 7 (a schema without `$schema` is 2020-12 there).
    let old_draft = schema
        .get("$schema")
        .and_then(Json::as_str)
        .is_some_and(|s| {
            ["draft-04", "draft-06", "draft-07"]
                .iter()
                .any(|d| s.contains(d))
        });
    let mut options =
        jsonschema::options().should_validate_formats(compat == Compat::Helm3 || old_draft);
    if compat == Compat::Helm3 {
        // gojsonschema knows drafts 4, 6 and 7 only; newer keywords are ignored.
        options = options.with_draft(match schema.get("$schema").and_then(Json::as_str) {
            Some(s) if s.contains("draft-04") => jsonschema::Draft::Draft4,
            Some(s) if s.contains("draft-06") => jsonschema::Draft::Draft6,
            _ => jsonschema::Draft::Draft7,
        });
    }
    if compat == Compat::Helm4 {
        metaschema_check(&schema)?;
    } else if let Some(bad) = invalid_type(&schema) {
        return Err(format!(
            "has a primitive type that is NOT VALID -- given: /{bad}/ Expected valid values are:[array boolean integer number null object string]"
        ));
    }
    let fetched = std::sync::Arc::new(std::sync::Mutex::new(None));
    let options = options.with_retriever(Offline(fetched.clone()));
    let validator = options.build(&schema).map_err(|e| {
        match fetched.lock().ok().and_then(|mut f| f.take()) {
            Some(uri) => match compat {
                Compat::Helm3 => format!("Get {uri:?}: {OFFLINE}"),
                Compat::Helm4 => format!("failing loading {uri:?}: {OFFLINE}"),
            },
            None => e.to_string(),
        }
    })?;
    let errors: Vec<Flat> = validator
        .iter_errors(instance)
        .map(|e| {
            let mut flat = Flat::from(&e);
            if compat == Compat::Helm4 {
                v6_items_index(&mut flat, e.schema_path().as_str(), &schema);
            }
            fixup(&mut flat, &e, &schema);
            flat
        })
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    let mut text = String::new();
    match compat {
        Compat::Helm3 => {
            for e in helm3_order(&errors, 0) {
                let mut message = e.helm3.clone();
                // gojsonschema lists several types in schema order.
                if let Some(Json::Array(types)) =
                    e.type_list.as_deref().and_then(|p| schema.pointer(p))
                {
                    let names: Vec<&str> = types.iter().filter_map(Json::as_str).collect();
                    if let Some((_, given)) = message.split_once(", given: ") {
                        message = format!(
                            "Invalid type. Expected: [{}], given: {given}",
                            names.join(",")
                        );
                    }
                }
                let _ = writeln!(text, "- {}: {}", helm3_field(&e.instance), message);
            }
        }
        Compat::Helm4 => {
            let nodes = helm4_root(&errors);
            for node in &nodes {
                node.write(&mut text, 0);
            }
        }
    }
    Err(text)
}

/// Details the error itself does not carry, taken from the schema: which
/// property triggered a dependency, and why each item failed `contains`.
fn fixup(flat: &mut Flat, e: &jsonschema::ValidationError<'_>, schema: &Json) {
    let path = e.schema_path().as_str();
    let keyword_schema = schema.pointer(path);
    match e.kind() {
        ValidationErrorKind::Required { property } if flat.merge.is_none() => {
            // dependencies / dependentRequired: the first present property
            // whose list names the missing one.
            let missing = property.as_str().unwrap_or_default();
            let present = e.instance().as_object();
            let trigger = keyword_schema
                .and_then(Json::as_object)
                .and_then(|deps| {
                    deps.iter().find(|(k, v)| {
                        present.is_some_and(|o| o.contains_key(*k))
                            && v.as_array()
                                .is_some_and(|l| l.iter().any(|x| x.as_str() == Some(missing)))
                    })
                })
                .map(|(k, _)| k.clone())
                .unwrap_or_default();
            flat.helm4 = format!("properties '{missing}' required, if '{trigger}' exists");
        }
        ValidationErrorKind::Contains => {
            let (Some(sub), Some(items)) = (keyword_schema, e.instance().as_array()) else {
                return;
            };
            let Ok(validator) = jsonschema::options().build(sub) else {
                return;
            };
            let per_item = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    validator
                        .iter_errors(item)
                        .map(|err| {
                            let mut f = Flat::from(&err);
                            let mut at = flat.instance.clone();
                            at.push(i.to_string());
                            at.append(&mut f.instance);
                            f.instance = at;
                            f
                        })
                        .collect()
                })
                .collect();
            flat.wrapper = Some(("contains", per_item));
        }
        _ => {}
    }
}

/// jsonschema v6 numbers the items that `items` checks after `prefixItems`
/// from zero again in its messages (`at '/t/0'` for the third element).
fn v6_items_index(flat: &mut Flat, schema_path: &str, schema: &Json) {
    let Some(at) = schema_path.rfind("/items") else {
        return;
    };
    let rest = &schema_path[at + "/items".len()..];
    if !(rest.is_empty() || rest.starts_with('/')) {
        return;
    }
    let prefix_len = schema
        .pointer(&format!("{}/prefixItems", &schema_path[..at]))
        .and_then(Json::as_array)
        .map_or(0, Vec::len);
    if prefix_len == 0 {
        return;
    }
    if let Some(seg) = flat
        .instance
        .iter_mut()
        .rev()
        .find(|s| s.parse::<usize>().is_ok_and(|i| i >= prefix_len))
        && let Ok(i) = seg.parse::<usize>()
    {
        *seg = (i - prefix_len).to_string();
    }
}

/// Why a `$ref` outside the schema document fails.
const OFFLINE: &str = "shipshape does not fetch remote schemas (offline)";

/// A `$ref` to anything outside the schema document: refused, as shipshape
/// never goes to the network (Helm would fetch it). Remembers the address for
/// the message.
struct Offline(std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl jsonschema::Retrieve for Offline {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Json, Box<dyn std::error::Error + Send + Sync>> {
        if let Ok(mut slot) = self.0.lock() {
            slot.get_or_insert_with(|| uri.as_str().to_string());
        }
        Err(OFFLINE.into())
    }
}

/// Helm 4 checks the schema against its metaschema first and reports the
/// failures as a tree, like values errors.
fn metaschema_check(schema: &Json) -> Result<(), String> {
    let url = schema
        .get("$schema")
        .and_then(Json::as_str)
        .unwrap_or("https://json-schema.org/draft/2020-12/schema");
    let meta = if url.contains("draft-04") {
        jsonschema::draft4::meta::validator()
    } else if url.contains("draft-06") {
        jsonschema::draft6::meta::validator()
    } else if url.contains("draft-07") {
        jsonschema::draft7::meta::validator()
    } else if url.contains("2019-09") {
        jsonschema::draft201909::meta::validator()
    } else {
        jsonschema::draft202012::meta::validator()
    };
    let errors: Vec<Flat> = meta.iter_errors(schema).map(|e| Flat::from(&e)).collect();
    if errors.is_empty() {
        return Ok(());
    }
    let mut text = format!(
        "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema validation failed with '{url}'\n"
    );
    for node in helm4_root(&errors) {
        node.write(&mut text, 0);
    }
    text.pop();
    Err(text)
}

/// gojsonschema refuses a `type` that names no JSON type; the first such
/// name in the schema, depth first.
fn invalid_type(schema: &Json) -> Option<String> {
    const TYPES: [&str; 7] = [
        "array", "boolean", "integer", "number", "null", "object", "string",
    ];
    match schema {
        Json::Object(map) => {
            let names: Vec<&Json> = match map.get("type") {
                Some(Json::Array(list)) => list.iter().collect(),
                Some(one) => vec![one],
                None => Vec::new(),
            };
            for name in names {
                if let Some(n) = name.as_str()
                    && !TYPES.contains(&n)
                {
                    return Some(n.to_string());
                }
            }
            map.iter()
                .filter(|(k, _)| *k != "enum" && *k != "const" && *k != "default")
                .find_map(|(_, v)| invalid_type(v))
        }
        Json::Array(items) => items.iter().find_map(invalid_type),
        _ => None,
    }
}

/// One validation error, with both Helms' wordings.
#[derive(Clone, Debug)]
struct Flat {
    instance: Vec<String>,
    eval: Vec<String>,
    helm3: String,
    helm4: String,
    /// A keyword whose failure wraps the errors of its subschemas.
    wrapper: Option<(&'static str, Vec<Vec<Flat>>)>,
    /// Errors Helm 4 merges into one message (required, additionalProperties).
    merge: Option<Merge>,
    /// For a failed `type: [..]`, where the list sits in the schema.
    type_list: Option<String>,
    /// For a failed `propertyNames`, the Helm 4 message of the name's error.
    property_name: Option<String>,
}

#[derive(Clone, Debug)]
enum Merge {
    Required(String),
}

fn segments(loc: &jsonschema::paths::Location) -> Vec<String> {
    loc.iter().map(|s| s.to_string()).collect()
}

impl From<&jsonschema::ValidationError<'_>> for Flat {
    fn from(e: &jsonschema::ValidationError<'_>) -> Flat {
        let instance = segments(e.instance_path());
        let eval = segments(e.evaluation_path());
        let value: &Json = e.instance();
        let field = helm3_field(&instance);
        let mut wrapper = None;
        let mut merge = None;
        let mut type_list = None;
        let mut property_name = None;
        let (helm3, helm4) = match e.kind() {
            ValidationErrorKind::Type { kind } => {
                let mut want: Vec<&str> = match kind {
                    TypeKind::Single(t) => vec![t.as_str()],
                    TypeKind::Multiple(set) => {
                        type_list = Some(e.schema_path().as_str().to_string());
                        set.iter().map(|t| t.as_str()).collect()
                    }
                };
                let h3 = format!(
                    "Invalid type. Expected: {}, given: {}",
                    if want.len() == 1 {
                        want[0].to_string()
                    } else {
                        format!("[{}]", want.join(","))
                    },
                    helm3_type(value)
                );
                want.sort_unstable();
                (
                    h3,
                    format!("got {}, want {}", helm4_type(value), or_list(&want)),
                )
            }
            ValidationErrorKind::Required { property }
                if let Some(k) = eval
                    .iter()
                    .position(|s| s == "dependencies" || s == "dependentRequired") =>
            {
                let p = property.as_str().unwrap_or_default().to_string();
                let trigger = eval.get(k + 1).cloned().unwrap_or_default();
                (
                    format!("Has a dependency on {p}"),
                    format!("properties '{p}' required, if '{trigger}' exists"),
                )
            }
            ValidationErrorKind::Required { property } => {
                let p = property.as_str().unwrap_or_default().to_string();
                merge = Some(Merge::Required(p.clone()));
                (
                    format!("{p} is required"),
                    format!("missing property '{p}'"),
                )
            }
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let mut names = unexpected.clone();
                names.sort();
                (
                    names
                        .iter()
                        .map(|n| format!("Additional property {n} is not allowed"))
                        .collect::<Vec<_>>()
                        .join("\n- ")
                        .replace("\n- ", &format!("\n- {field}: ")),
                    format!(
                        "additional properties {} not allowed",
                        quoted_list(names.iter().map(String::as_str))
                    ),
                )
            }
            ValidationErrorKind::Enum { options } => {
                let opts = options.as_array().cloned().unwrap_or_default();
                let h3 = opts.iter().map(Json::to_string).collect::<Vec<_>>();
                let h4 = opts.iter().map(helm4_value).collect::<Vec<_>>();
                (
                    format!("{field} must be one of the following: {}", h3.join(", ")),
                    if h4.len() == 1 {
                        format!("value must be {}", h4[0])
                    } else {
                        format!("value must be one of {}", h4.join(", "))
                    },
                )
            }
            ValidationErrorKind::Constant { expected_value } => (
                format!("{field} does not match: {expected_value}"),
                // v6 names only scalar constants.
                if expected_value.is_object() || expected_value.is_array() {
                    "'const' failed".to_string()
                } else {
                    format!("value must be {}", helm4_value(expected_value))
                },
            ),
            ValidationErrorKind::Minimum { limit } => (
                format!("Must be greater than or equal to {}", helm3_number(limit)),
                format!(
                    "minimum: got {}, want {}",
                    helm4_number(value),
                    helm4_number(limit)
                ),
            ),
            ValidationErrorKind::Maximum { limit } => (
                format!("Must be less than or equal to {}", helm3_number(limit)),
                format!(
                    "maximum: got {}, want {}",
                    helm4_number(value),
                    helm4_number(limit)
                ),
            ),
            ValidationErrorKind::ExclusiveMinimum { limit } => (
                format!("Must be greater than {}", helm3_number(limit)),
                format!(
                    "exclusiveMinimum: got {}, want {}",
                    helm4_number(value),
                    helm4_number(limit)
                ),
            ),
            ValidationErrorKind::ExclusiveMaximum { limit } => (
                format!("Must be less than {}", helm3_number(limit)),
                format!(
                    "exclusiveMaximum: got {}, want {}",
                    helm4_number(value),
                    helm4_number(limit)
                ),
            ),
            ValidationErrorKind::MultipleOf { multiple_of } => (
                format!("Must be a multiple of {multiple_of}"),
                format!(
                    "multipleOf: got {}, want {}",
                    helm4_number(value),
                    helm4_number(&Json::from(*multiple_of))
                ),
            ),
            ValidationErrorKind::MinLength { limit } => (
                format!("String length must be greater than or equal to {limit}"),
                format!("minLength: got {}, want {}", str_len(value), group(*limit)),
            ),
            ValidationErrorKind::MaxLength { limit } => (
                format!("String length must be less than or equal to {limit}"),
                format!("maxLength: got {}, want {}", str_len(value), group(*limit)),
            ),
            ValidationErrorKind::MinItems { limit } => (
                format!("Array must have at least {limit} items"),
                format!("minItems: got {}, want {}", arr_len(value), group(*limit)),
            ),
            ValidationErrorKind::MaxItems { limit } => (
                format!("Array must have at most {limit} items"),
                format!("maxItems: got {}, want {}", arr_len(value), group(*limit)),
            ),
            ValidationErrorKind::MinProperties { limit } => (
                format!("Must have at least {limit} properties"),
                format!(
                    "minProperties: got {}, want {}",
                    obj_len(value),
                    group(*limit)
                ),
            ),
            ValidationErrorKind::MaxProperties { limit } => (
                format!("Must have at most {limit} properties"),
                format!(
                    "maxProperties: got {}, want {}",
                    obj_len(value),
                    group(*limit)
                ),
            ),
            ValidationErrorKind::UniqueItems => {
                let (i, j) = first_duplicate(value);
                (
                    format!("array items[{i},{j}] must be unique"),
                    format!("items at {i} and {j} are equal"),
                )
            }
            ValidationErrorKind::Pattern { pattern } => (
                format!("Does not match pattern '{pattern}'"),
                format!("{} does not match pattern '{pattern}'", helm4_value(value)),
            ),
            ValidationErrorKind::Format { format } => (
                format!("Does not match format '{format}'"),
                match v6_format_reason(format, value) {
                    Some(reason) => {
                        format!("{} is not valid {format}: {reason}", helm4_value(value))
                    }
                    None => format!("{} is not valid {format}", helm4_value(value)),
                },
            ),
            ValidationErrorKind::FalseSchema => (
                "False always fails validation".to_string(),
                "false schema".to_string(),
            ),
            ValidationErrorKind::Not { .. } => (
                "Must not validate the schema (not)".to_string(),
                "'not' failed".to_string(),
            ),
            ValidationErrorKind::AnyOf { context } => {
                wrapper = Some(("anyOf", convert_context(context)));
                (
                    "Must validate at least one schema (anyOf)".to_string(),
                    "'anyOf' failed".to_string(),
                )
            }
            ValidationErrorKind::OneOfNotValid { context } => {
                wrapper = Some(("oneOf", convert_context(context)));
                (
                    "Must validate one and only one schema (oneOf)".to_string(),
                    "'oneOf' failed, none matched".to_string(),
                )
            }
            ValidationErrorKind::OneOfMultipleValid { context } => {
                let matched: Vec<String> = context
                    .iter()
                    .enumerate()
                    .filter(|(_, errs)| errs.is_empty())
                    .map(|(i, _)| i.to_string())
                    .collect();
                (
                    "Must validate one and only one schema (oneOf)".to_string(),
                    format!("'oneOf' failed, subschemas {} matched", matched.join(", ")),
                )
            }
            ValidationErrorKind::AdditionalItems { limit } => (
                "No additional items allowed on array".to_string(),
                format!(
                    "last {} additionalItem(s) not allowed",
                    value.as_array().map_or(0, Vec::len).saturating_sub(*limit)
                ),
            ),
            ValidationErrorKind::Contains => (
                "At least one of the items must match".to_string(),
                "no items match contains schema".to_string(),
            ),
            ValidationErrorKind::PropertyNames { error } => {
                let inner = Flat::from(error.as_ref());
                let name = helm4_value(error.instance());
                let (h3, h4) = (
                    format!(
                        "Property name of {} does not match\n- {field}: {}",
                        error.instance(),
                        inner.helm3
                    ),
                    format!("invalid propertyName {name}"),
                );
                // v6 checks the name as a document of its own, at ''.
                property_name = Some(inner.helm4);
                (h3, h4)
            }
            other => {
                let text = format!("{other:?}");
                (text.clone(), text)
            }
        };
        Flat {
            instance,
            eval,
            helm3,
            helm4,
            wrapper,
            merge,
            type_list,
            property_name,
        }
    }
}

fn convert_context(context: &[Vec<jsonschema::ValidationError<'static>>]) -> Vec<Vec<Flat>> {
    context
        .iter()
        .map(|errs| errs.iter().map(Flat::from).collect())
        .collect()
}

/// The reason jsonschema v6's format checker gives, for the formats whose
/// checks are simple enough to mirror exactly.
fn v6_format_reason(format: &str, value: &Json) -> Option<String> {
    let text = value.as_str()?;
    match format {
        "email" if !text.contains('@') => Some("missing @".to_string()),
        "ipv4" => {
            let groups: Vec<&str> = text.split('.').collect();
            if groups.len() != 4 {
                return Some("expected four decimals".to_string());
            }
            for group in groups {
                if group.len() > 1 && group.starts_with('0') {
                    return Some("leading zeros".to_string());
                }
                match group.parse::<i64>() {
                    Ok(n) if !(0..=255).contains(&n) => {
                        return Some("decimal must be between 0 and 255".to_string());
                    }
                    Ok(_) => {}
                    Err(_) => {
                        return Some(format!("strconv.Atoi: parsing {group:?}: invalid syntax"));
                    }
                }
            }
            None
        }
        _ => None,
    }
}

/// gojsonschema's field: `(root)` or the path joined with dots.
fn helm3_field(instance: &[String]) -> String {
    if instance.is_empty() {
        "(root)".to_string()
    } else {
        instance.join(".")
    }
}

fn helm3_type(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Json::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => "integer",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn helm4_type(v: &Json) -> &'static str {
    match v {
        Json::Number(_) => "number",
        other => helm3_type(other),
    }
}

/// `a or b`, `a, b or c`.
fn or_list(items: &[&str]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

fn quoted_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How jsonschema v6 quotes a value in a message: strings in single quotes,
/// null as Go prints nil.
fn helm4_value(v: &Json) -> String {
    match v {
        Json::String(s) => format!("'{s}'"),
        Json::Null => "<nil>".to_string(),
        Json::Number(_) => helm4_number(v),
        other => other.to_string(),
    }
}

/// Numbers as golang.org/x/text's English printer writes them: integers with
/// thousands separators.
fn helm4_number(v: &Json) -> String {
    match v {
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                group_signed(i)
            } else if let Some(u) = n.as_u64() {
                group(u)
            } else {
                let f = n.as_f64().unwrap_or(0.0);
                let text = f.to_string();
                match text.split_once('.') {
                    Some((int, frac)) => {
                        let i: i64 = int.parse().unwrap_or(0);
                        let sign = if f < 0.0 && i == 0 { "-" } else { "" };
                        format!("{sign}{}.{frac}", group_signed(i))
                    }
                    None => text,
                }
            }
        }
        other => other.to_string(),
    }
}

fn helm3_number(v: &Json) -> String {
    v.to_string()
}

fn group_signed(i: i64) -> String {
    if i < 0 {
        format!("-{}", group(i.unsigned_abs()))
    } else {
        group(i.unsigned_abs())
    }
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn str_len(v: &Json) -> String {
    group(v.as_str().map_or(0, |s| s.chars().count()) as u64)
}

fn arr_len(v: &Json) -> String {
    group(v.as_array().map_or(0, Vec::len) as u64)
}

fn obj_len(v: &Json) -> String {
    group(v.as_object().map_or(0, serde_json::Map::len) as u64)
}

fn first_duplicate(v: &Json) -> (usize, usize) {
    let items = v.as_array().map(Vec::as_slice).unwrap_or_default();
    for j in 0..items.len() {
        for i in 0..j {
            if items[i] == items[j] {
                return (i, j);
            }
        }
    }
    (0, 0)
}

/// Keywords that apply a subschema, and how many path segments name it
/// (`properties/x`, `allOf/0` take two, `items`, `$ref` one).
fn applicator_width(keyword: &str) -> Option<usize> {
    match keyword {
        "properties" | "patternProperties" | "allOf" | "anyOf" | "oneOf" | "prefixItems"
        | "dependentSchemas" | "dependencies" | "$defs" | "definitions" => Some(2),
        "items"
        | "additionalItems"
        | "additionalProperties"
        | "$ref"
        | "$dynamicRef"
        | "then"
        | "else"
        | "if"
        | "contains"
        | "propertyNames"
        | "unevaluatedItems"
        | "unevaluatedProperties"
        | "not" => Some(1),
        _ => None,
    }
}

/// Draft-7 `items: [..]` names its subschema with an index.
fn width_at(e: &Flat, depth: usize) -> Option<usize> {
    let keyword = e.eval.get(depth)?;
    let width = applicator_width(keyword)?;
    if keyword == "items"
        && e.eval
            .get(depth + 1)
            .is_some_and(|s| s.parse::<usize>().is_ok())
    {
        // items with an index: an array of schemas, unless the index is the
        // last segment's instance position (not in evaluation paths).
        return Some(2);
    }
    Some(width)
}

/// The rank of a keyword in the order each library checks it.
fn keyword_rank(keyword: &str, compat: Compat) -> u8 {
    let order: &[&str] = match compat {
        Compat::Helm3 => &[
            "type",
            "anyOf",
            "oneOf",
            "allOf",
            "not",
            "dependencies",
            "if",
            "then",
            "else",
            "const",
            "enum",
            "items",
            "additionalItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
            "minProperties",
            "maxProperties",
            "required",
            "additionalProperties",
            "patternProperties",
            "propertyNames",
            "properties",
            "minLength",
            "maxLength",
            "pattern",
            "format",
            "multipleOf",
            "maximum",
            "exclusiveMaximum",
            "minimum",
            "exclusiveMinimum",
        ],
        Compat::Helm4 => &[
            "false",
            "type",
            "const",
            "enum",
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "minLength",
            "maxLength",
            "pattern",
            "maxItems",
            "minItems",
            "uniqueItems",
            "contains",
            "prefixItems",
            "items",
            "additionalItems",
            "maxProperties",
            "minProperties",
            "required",
            "dependentRequired",
            "properties",
            "patternProperties",
            "additionalProperties",
            "propertyNames",
            "$ref",
            "$dynamicRef",
            "allOf",
            "anyOf",
            "oneOf",
            "not",
            "if",
            "then",
            "else",
        ],
    };
    order
        .iter()
        .position(|k| *k == keyword)
        .map_or(u8::MAX, |p| p as u8)
}

/// The sort key of an error within the schema at `depth`: keyword rank, then
/// the subschema name (property), then the instance path.
fn sort_key(e: &Flat, depth: usize, compat: Compat) -> (u8, String, String, Vec<String>) {
    let keyword = e
        .eval
        .get(depth)
        .cloned()
        .unwrap_or_else(|| "false".to_string());
    let rank = keyword_rank(&keyword, compat);
    let sub = match width_at(e, depth) {
        Some(2) => e.eval.get(depth + 1).cloned().unwrap_or_default(),
        _ => String::new(),
    };
    // Items are checked index by index.
    let index = e
        .instance
        .last()
        .and_then(|s| s.parse::<usize>().ok())
        .map_or(String::new(), |i| format!("{i:012}"));
    (rank, sub, index, e.instance.clone())
}

/// Helm 3: a flat list, in gojsonschema's walk order.
fn helm3_order(errors: &[Flat], depth: usize) -> Vec<Flat> {
    let mut sorted: Vec<&Flat> = errors.iter().collect();
    sorted.sort_by_key(|e| sort_key(e, depth, Compat::Helm3));
    let mut out = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let e = sorted[i];
        let width = width_at(e, depth).filter(|_| e.eval.len() > depth + 1);
        match width {
            Some(w) => {
                // Errors of one subschema, handled together.
                let prefix = &e.eval[..(depth + w).min(e.eval.len())];
                let mut group = Vec::new();
                while i < sorted.len() && sorted[i].eval.starts_with(prefix) {
                    group.push(sorted[i].clone());
                    i += 1;
                }
                let keyword = e.eval.get(depth).map_or("", String::as_str);
                let inner = helm3_order(&group, prefix.len());
                if keyword == "allOf" {
                    out.extend(inner);
                    let mut wrapper = e.clone();
                    wrapper.helm3 = "Must validate all the schemas (allOf)".to_string();
                    wrapper.instance =
                        e.instance[..e.instance.len().min(instance_depth(e))].to_vec();
                    // Emit the allOf line once, after its subschemas' errors.
                    if !matches!(sorted.get(i), Some(n) if n.eval.get(depth).map(String::as_str) == Some("allOf"))
                    {
                        out.push(wrapper);
                    }
                } else if keyword == "then" || keyword == "else" {
                    let mut wrapper = e.clone();
                    wrapper.helm3 = if keyword == "then" {
                        "Must validate \"then\" as \"if\" was valid".to_string()
                    } else {
                        "Must validate \"else\" as \"if\" was not valid".to_string()
                    };
                    wrapper.instance =
                        e.instance[..instance_depth(e).min(e.instance.len())].to_vec();
                    out.push(wrapper);
                    out.extend(inner);
                } else {
                    out.extend(inner);
                }
            }
            None => {
                i += 1;
                out.push(e.clone());
                if let Some((_, alternatives)) = &e.wrapper {
                    // gojsonschema reports the alternative that came closest.
                    if let Some(best) = best_alternative(alternatives) {
                        let d = e.eval.len() + 2;
                        out.extend(helm3_order(best, d));
                    }
                }
            }
        }
    }
    out
}

/// The instance depth of the schema that holds an applicator: `then`, `allOf`
/// and friends stay on the same instance as their parent schema, so the
/// instance path up to the properties/items steps in the evaluation path.
fn instance_depth(e: &Flat) -> usize {
    let mut depth = 0;
    let mut it = e.eval.iter().peekable();
    let mut consumed = Vec::new();
    while let Some(seg) = it.next() {
        consumed.push(seg.clone());
        if matches!(seg.as_str(), "allOf" | "then" | "else" | "anyOf" | "oneOf") {
            break;
        }
        if matches!(seg.as_str(), "properties" | "patternProperties") {
            it.next();
            depth += 1;
        } else if matches!(
            seg.as_str(),
            "items" | "additionalProperties" | "prefixItems"
        ) {
            depth += 1;
        }
    }
    depth
}

fn best_alternative(alternatives: &[Vec<Flat>]) -> Option<&Vec<Flat>> {
    // A type mismatch fails early in gojsonschema and scores lowest.
    let score = |errs: &Vec<Flat>| {
        let type_errors = errs
            .iter()
            .filter(|e| e.helm3.starts_with("Invalid type"))
            .count();
        (type_errors, errs.len())
    };
    let mut best: Option<&Vec<Flat>> = None;
    for alt in alternatives.iter().filter(|a| !a.is_empty()) {
        if best.is_none_or(|b| score(alt) < score(b)) {
            best = Some(alt);
        }
    }
    best
}

/// A node of Helm 4's error tree: a keyword failure, or the group of
/// errors one subschema produced.
struct Node {
    instance: Vec<String>,
    message: String,
    group: bool,
    children: Vec<Node>,
}

impl Node {
    fn group(instance: &[String], children: Vec<Node>) -> Node {
        Node {
            instance: instance.to_vec(),
            message: "validation failed".to_string(),
            group: true,
            children,
        }
    }

    /// jsonschema v6 prints a group of one as that one error, a larger
    /// group as `validation failed` over its members.
    fn write(&self, out: &mut String, indent: usize) {
        if self.group
            && let [only] = self.children.as_slice()
        {
            only.write(out, indent);
            return;
        }
        let pointer: String = self
            .instance
            .iter()
            .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
            .collect();
        let _ = writeln!(
            out,
            "{}- at '{pointer}': {}",
            "  ".repeat(indent),
            self.message
        );
        for child in &self.children {
            child.write(out, indent + 1);
        }
    }
}

/// Helm 4's lines: the root schema's errors; when the root holds a single
/// subschema group, v6 lists that group's members instead.
fn helm4_root(errors: &[Flat]) -> Vec<Node> {
    let mut nodes = helm4_schema(errors, 0, &[]);
    if nodes.len() == 1 && nodes[0].group {
        return nodes.pop().map(|n| n.children).unwrap_or_default();
    }
    nodes
}

/// Whether an applicator is evaluated once per array item or property (so
/// each instance child gets its own group).
fn per_child(keyword: &str) -> bool {
    matches!(
        keyword,
        "items"
            | "additionalItems"
            | "additionalProperties"
            | "patternProperties"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "contains"
            | "propertyNames"
    )
}

/// The key that keeps one subschema evaluation's errors together.
fn group_key(e: &Flat, depth: usize, width: usize, at: &[String]) -> (Vec<String>, Option<String>) {
    let prefix = e.eval[..(depth + width).min(e.eval.len())].to_vec();
    let child = if per_child(&e.eval[depth]) {
        e.instance.get(at.len()).cloned()
    } else {
        None
    };
    (prefix, child)
}

/// Helm 4: the errors of the schema at evaluation depth `depth`, applied to
/// the instance at `at`, as jsonschema v6 nests them.
fn helm4_schema(errors: &[Flat], depth: usize, at: &[String]) -> Vec<Node> {
    let mut sorted: Vec<&Flat> = errors.iter().collect();
    sorted.sort_by_key(|e| sort_key(e, depth, Compat::Helm4));
    let mut out: Vec<Node> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let e = sorted[i];
        let width = width_at(e, depth).filter(|_| e.eval.len() > depth + 1);
        match width {
            Some(w) => {
                let keyword = e.eval[depth].clone();
                if keyword == "allOf" {
                    // 'allOf' failed, over each failing subschema's group.
                    let mut children = Vec::new();
                    while i < sorted.len()
                        && sorted[i].eval.get(depth).map(String::as_str) == Some("allOf")
                    {
                        let key = group_key(sorted[i], depth, 2, at);
                        let mut group = Vec::new();
                        while i < sorted.len() && group_key(sorted[i], depth, 2, at) == key {
                            group.push(sorted[i].clone());
                            i += 1;
                        }
                        children.push(Node::group(at, helm4_schema(&group, key.0.len(), at)));
                    }
                    out.push(Node {
                        instance: at.to_vec(),
                        message: "'allOf' failed".to_string(),
                        group: false,
                        children,
                    });
                    continue;
                }
                let key = group_key(e, depth, w, at);
                let child_at = child_instance(&keyword, e, at);
                let mut group = Vec::new();
                while i < sorted.len()
                    && width_at(sorted[i], depth).is_some()
                    && sorted[i].eval.len() > depth + 1
                    && group_key(sorted[i], depth, w, at) == key
                {
                    group.push(sorted[i].clone());
                    i += 1;
                }
                out.push(Node::group(
                    &child_at,
                    helm4_schema(&group, key.0.len(), &child_at),
                ));
            }
            None => {
                i += 1;
                if let Some(Merge::Required(_)) = &e.merge {
                    // v6 reports every missing property of one `required` at once.
                    let mut names = Vec::new();
                    let mut j = i - 1;
                    while j < sorted.len()
                        && let Some(Merge::Required(p)) = &sorted[j].merge
                        && sorted[j].eval == e.eval
                    {
                        names.push(p.clone());
                        j += 1;
                    }
                    i = j;
                    let message = if names.len() == 1 {
                        format!("missing property '{}'", names[0])
                    } else {
                        format!(
                            "missing properties {}",
                            quoted_list(names.iter().map(String::as_str))
                        )
                    };
                    out.push(Node {
                        instance: e.instance.clone(),
                        message,
                        group: false,
                        children: Vec::new(),
                    });
                    continue;
                }
                if let Some(inner) = &e.property_name {
                    out.push(Node {
                        instance: Vec::new(),
                        message: e.helm4.clone(),
                        group: false,
                        children: vec![Node {
                            instance: Vec::new(),
                            message: inner.clone(),
                            group: false,
                            children: Vec::new(),
                        }],
                    });
                    continue;
                }
                let children = match &e.wrapper {
                    Some((_, alternatives)) => alternatives
                        .iter()
                        .filter(|a| !a.is_empty())
                        .map(|a| {
                            let depth = a.first().map_or(0, |f| common_depth(a, f));
                            Node::group(&e.instance, helm4_schema(a, depth, &e.instance))
                        })
                        .collect(),
                    None => Vec::new(),
                };
                out.push(Node {
                    instance: e.instance.clone(),
                    message: e.helm4.clone(),
                    group: false,
                    children,
                });
            }
        }
    }
    out
}

/// The depth of the subschema an `anyOf`/`oneOf` alternative's errors share:
/// their evaluation paths up to and including the alternative's index.
fn common_depth(errors: &[Flat], first: &Flat) -> usize {
    let mut depth = first.eval.len().saturating_sub(1);
    for e in errors {
        depth = depth.min(
            e.eval
                .iter()
                .zip(&first.eval)
                .take_while(|(a, b)| a == b)
                .count(),
        );
        depth = depth.min(e.eval.len().saturating_sub(1));
    }
    depth
}

/// The instance a subschema applies to.
fn child_instance(keyword: &str, e: &Flat, at: &[String]) -> Vec<String> {
    match keyword {
        "properties" | "prefixItems" => {
            let mut v = at.to_vec();
            if let Some(next) = e.instance.get(at.len()) {
                v.push(next.clone());
            }
            v
        }
        k if per_child(k) => {
            let mut v = at.to_vec();
            if let Some(next) = e.instance.get(at.len()) {
                v.push(next.clone());
            }
            v
        }
        _ => at.to_vec(),
    }
}

/// Checks JSON syntax as Go's encoding/json does, with its messages.
fn go_json_syntax(text: &str) -> Result<(), String> {
    let bytes = text.as_bytes();
    let mut p = Parser { bytes, pos: 0 };
    p.skip_ws();
    p.value()?;
    p.skip_ws();
    match p.peek() {
        None => Ok(()),
        Some(c) => Err(format!(
            "invalid character {} after top-level value",
            quote_char(c)
        )),
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

const EOF: &str = "unexpected EOF";

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<(), String> {
        match self.peek() {
            None => Err(EOF.to_string()),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string(),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(c) => Err(format!(
                "invalid character {} looking for beginning of value",
                quote_char(c)
            )),
        }
    }

    fn object(&mut self) -> Result<(), String> {
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.skip_ws();
            match self.peek() {
                None => return Err(EOF.to_string()),
                Some(b'"') => self.string()?,
                Some(c) => {
                    return Err(format!(
                        "invalid character {} looking for beginning of object key string",
                        quote_char(c)
                    ));
                }
            }
            self.skip_ws();
            match self.peek() {
                None => return Err(EOF.to_string()),
                Some(b':') => self.pos += 1,
                Some(c) => {
                    return Err(format!(
                        "invalid character {} after object key",
                        quote_char(c)
                    ));
                }
            }
            self.skip_ws();
            self.value()?;
            self.skip_ws();
            match self.peek() {
                None => return Err(EOF.to_string()),
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(c) => {
                    return Err(format!(
                        "invalid character {} after object key:value pair",
                        quote_char(c)
                    ));
                }
            }
        }
    }

    fn array(&mut self) -> Result<(), String> {
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.skip_ws();
            self.value()?;
            self.skip_ws();
            match self.peek() {
                None => return Err(EOF.to_string()),
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(c) => {
                    return Err(format!(
                        "invalid character {} after array element",
                        quote_char(c)
                    ));
                }
            }
        }
    }

    fn string(&mut self) -> Result<(), String> {
        self.pos += 1;
        loop {
            match self.peek() {
                None => return Err(EOF.to_string()),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match self.peek() {
                        None => return Err(EOF.to_string()),
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1;
                        }
                        Some(b'u') => {
                            self.pos += 1;
                            for _ in 0..4 {
                                match self.peek() {
                                    None => return Err(EOF.to_string()),
                                    Some(c) if c.is_ascii_hexdigit() => self.pos += 1,
                                    Some(c) => {
                                        return Err(format!(
                                            "invalid character {} in \\u hexadecimal character escape",
                                            quote_char(c)
                                        ));
                                    }
                                }
                            }
                        }
                        Some(c) => {
                            return Err(format!(
                                "invalid character {} in string escape code",
                                quote_char(c)
                            ));
                        }
                    }
                }
                Some(c) if c < 0x20 => {
                    return Err(format!(
                        "invalid character {} in string literal",
                        quote_char(c)
                    ));
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), String> {
        for (i, expected) in word.bytes().enumerate() {
            match self.peek() {
                None => return Err(EOF.to_string()),
                Some(c) if c == expected => self.pos += 1,
                Some(c) => {
                    return Err(format!(
                        "invalid character {} in literal {word} (expecting {})",
                        quote_char(c),
                        quote_char(word.as_bytes()[i])
                    ));
                }
            }
        }
        Ok(())
    }

    fn number(&mut self) -> Result<(), String> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            None => return Err(EOF.to_string()),
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            Some(c) => {
                return Err(format!(
                    "invalid character {} in numeric literal",
                    quote_char(c)
                ));
            }
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            match self.peek() {
                None => return Err(EOF.to_string()),
                Some(b'0'..=b'9') => self.digits(),
                Some(c) => {
                    return Err(format!(
                        "invalid character {} after decimal point in numeric literal",
                        quote_char(c)
                    ));
                }
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            match self.peek() {
                None => return Err(EOF.to_string()),
                Some(b'0'..=b'9') => self.digits(),
                Some(c) => {
                    return Err(format!(
                        "invalid character {} in exponent of numeric literal",
                        quote_char(c)
                    ));
                }
            }
        }
        Ok(())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }
}

/// Go's `quoteChar` in encoding/json's scanner.
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_string(),
        b'"' => "'\"'".to_string(),
        b'\n' => "'\\n'".to_string(),
        b'\t' => "'\\t'".to_string(),
        b'\r' => "'\\r'".to_string(),
        0x20..=0x7e => format!("'{}'", c as char),
        _ => format!("'\\x{c:02x}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_json_syntax_messages() {
        let cases = [
            ("{}", ""),
            (r#"{"a": [1, 2.5e3, true, null, "x"]}"#, ""),
            ("{\"type\": \"object\"", "unexpected EOF"),
            (
                "{\"a\": 1,}",
                "invalid character '}' looking for beginning of object key string",
            ),
            ("{\"a\" 1}", "invalid character '1' after object key"),
            (
                "{\"a\": 1 \"b\"}",
                "invalid character '\"' after object key:value pair",
            ),
            ("[1 2]", "invalid character '2' after array element"),
            ("x", "invalid character 'x' looking for beginning of value"),
            ("tru", "unexpected EOF"),
            ("{} {}", "invalid character '{' after top-level value"),
        ];
        for (input, want) in cases {
            let got = go_json_syntax(input).err().unwrap_or_default();
            assert_eq!(got, want, "{input}");
        }
    }

    #[test]
    fn numbers_group_thousands() {
        for (n, want) in [
            (Json::from(1000), "1,000"),
            (Json::from(-1), "-1"),
            (Json::from(12_345_678_901_i64), "12,345,678,901"),
            (Json::from(10.5), "10.5"),
        ] {
            assert_eq!(helm4_number(&n), want);
        }
    }

    fn run(schema: &str, instance: Json, compat: Compat) -> String {
        validate_single(schema, &instance, compat)
            .err()
            .unwrap_or_default()
    }

    #[test]
    fn keyword_messages() {
        // (schema, instance, Helm 3 text, Helm 4 text)
        let cases = [
            (
                r#"{"properties":{"m":{"enum":["a","b"]}}}"#,
                serde_json::json!({"m": "c"}),
                "- m: m must be one of the following: \"a\", \"b\"\n",
                "- at '/m': value must be one of 'a', 'b'\n",
            ),
            (
                r#"{"properties":{"n":{"maximum":100}}}"#,
                serde_json::json!({"n": 1000}),
                "- n: Must be less than or equal to 100\n",
                "- at '/n': maximum: got 1,000, want 100\n",
            ),
            (
                r#"{"additionalProperties":false,"properties":{"a":{}}}"#,
                serde_json::json!({"a": 1, "y": 2, "x": 3}),
                "- (root): Additional property x is not allowed\n- (root): Additional property y is not allowed\n",
                "- at '': additional properties 'x', 'y' not allowed\n",
            ),
            (
                r#"{"properties":{"v":{"allOf":[{"type":"integer"},{"minimum":10}]}}}"#,
                serde_json::json!({"v": 3}),
                "- v: Must be greater than or equal to 10\n- v: Must validate all the schemas (allOf)\n",
                "- at '/v': 'allOf' failed\n  - at '/v': minimum: got 3, want 10\n",
            ),
            (
                r#"{"properties":{"p":{"type":"array","minItems":2,"items":{"type":"integer"}}},"required":["q"]}"#,
                serde_json::json!({"p": ["x"]}),
                "- (root): q is required\n- p.0: Invalid type. Expected: integer, given: string\n- p: Array must have at least 2 items\n",
                "- at '': missing property 'q'\n- at '/p': validation failed\n  - at '/p': minItems: got 1, want 2\n  - at '/p/0': got string, want integer\n",
            ),
            (
                r#"{"type":"object""#,
                serde_json::json!({}),
                "unexpected EOF",
                "unexpected EOF",
            ),
            (
                r#"{"properties":{"a":{"$ref":"https://example.com/s.json"}}}"#,
                serde_json::json!({}),
                "Get \"https://example.com/s.json\": shipshape does not fetch remote schemas (offline)",
                "failing loading \"https://example.com/s.json\": shipshape does not fetch remote schemas (offline)",
            ),
        ];
        for (schema, instance, helm3, helm4) in cases {
            assert_eq!(
                run(schema, instance.clone(), Compat::Helm3),
                helm3,
                "{schema}"
            );
            assert_eq!(run(schema, instance, Compat::Helm4), helm4, "{schema}");
        }
    }

    #[test]
    fn messages_per_helm() {
        let schema =
            r#"{"type":"object","properties":{"port":{"type":"integer"}},"required":["a","b"]}"#;
        let instance = serde_json::json!({"port": "x"});
        assert_eq!(
            run(schema, instance.clone(), Compat::Helm3),
            "- (root): a is required\n- (root): b is required\n- port: Invalid type. Expected: integer, given: string\n"
        );
        assert_eq!(
            run(schema, instance, Compat::Helm4),
            "- at '': missing properties 'a', 'b'\n- at '/port': got string, want integer\n"
        );
    }
}
