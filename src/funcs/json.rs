//! JSON functions: Sprig's `toJson` family (`functions.go`: `toPrettyJson`,
//! `toRawJson` and their `must` forms) and Helm's overrides and additions
//! (`pkg/engine/funcs.go`: `toJson`, `mustToJson`, `fromJson`, `fromJsonArray`).
//!
//! Availability, checked against real Helm: every function here exists in
//! both Helm 3.17.3 and Helm 4.1.4. `mustToJson` comes from Sprig v3.3.0 in
//! Helm 3 and from Helm's own funcs.go in Helm 4 (added in v4.0.0); both
//! return the marshal error, so one implementation serves both.

use std::collections::BTreeMap;

use crate::template::func::{FuncError, Function, Param};
use crate::value::Value;
use crate::value::json::{self, Target};

/// The JSON functions.
pub(crate) const FUNCTIONS: &[Function] = &[
    Function::new("toJson", &[Param::Any], to_json),
    Function::new("mustToJson", &[Param::Any], must_to_json),
    Function::new("toPrettyJson", &[Param::Any], to_pretty_json),
    Function::new("mustToPrettyJson", &[Param::Any], must_to_pretty_json),
    Function::new("toRawJson", &[Param::Any], must_to_raw_json),
    Function::new("mustToRawJson", &[Param::Any], must_to_raw_json),
    Function::new("fromJson", &[Param::String], from_json),
    Function::new("fromJsonArray", &[Param::String], from_json_array),
    Function::new("mustFromJson", &[Param::String], must_from_json),
];

fn arg(args: &[Value]) -> &Value {
    args.first().unwrap_or(&Value::Nil)
}

fn str_arg(args: &[Value]) -> &str {
    arg(args).as_str().unwrap_or("")
}

/// Helm's `toJson` swallows marshal errors and returns "".
fn to_json(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(json::to_json(arg(args)).unwrap_or_default()))
}

fn must_to_json(args: &[Value]) -> Result<Value, FuncError> {
    json::to_json(arg(args))
        .map(Value::from)
        .map_err(FuncError::new)
}

/// Sprig's `toPrettyJson` ignores the error too.
fn to_pretty_json(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(
        json::to_json_pretty(arg(args)).unwrap_or_default(),
    ))
}

fn must_to_pretty_json(args: &[Value]) -> Result<Value, FuncError> {
    json::to_json_pretty(arg(args))
        .map(Value::from)
        .map_err(FuncError::new)
}

/// Sprig's `toRawJson` panics with the error, which text/template reports
/// exactly like `mustToRawJson`'s returned error.
fn must_to_raw_json(args: &[Value]) -> Result<Value, FuncError> {
    json::to_json_raw(arg(args))
        .map(Value::from)
        .map_err(FuncError::new)
}

/// Helm's `fromJson`: a map, with the error text under `"Error"` next to
/// whatever Go decoded before failing.
fn from_json(args: &[Value]) -> Result<Value, FuncError> {
    let decoded = json::unmarshal(str_arg(args).as_bytes(), Target::Map);
    let mut entries = match decoded.value {
        Value::Map(m) => m.entries().clone(),
        _ => BTreeMap::new(),
    };
    if let Some(e) = decoded.error {
        entries.insert("Error".to_string(), Value::from(e));
    }
    Ok(Value::map(entries))
}

/// Sprig's `mustFromJson`: any JSON value, or the decode error. (Sprig's
/// `fromJson` is replaced by Helm's; this one is not.)
fn must_from_json(args: &[Value]) -> Result<Value, FuncError> {
    json::from_json(str_arg(args)).map_err(FuncError::new)
}

/// Helm's `fromJsonArray`: a list, or a one-element list holding the error.
fn from_json_array(args: &[Value]) -> Result<Value, FuncError> {
    let decoded = json::unmarshal(str_arg(args).as_bytes(), Target::List);
    if let Some(e) = decoded.error {
        return Ok(Value::list(vec![Value::from(e)]));
    }
    Ok(match decoded.value {
        Value::List(l) => Value::List(l),
        _ => Value::list(Vec::new()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, arg: Value) -> Result<String, String> {
        let f = FUNCTIONS.iter().find(|f| f.name == name);
        let f = f.ok_or_else(|| format!("no {name}"))?;
        (f.call)(&[arg]).map(|v| v.to_go_string()).map_err(|e| e.0)
    }

    #[test]
    fn functions_match_helm() {
        // Expectations from tests/golden/fn-fmt-json/json-decode and json-encode.
        let nan = Value::list(vec![Value::Int(1), Value::Float(f64::NAN)]);
        let nan_err = Err("json: unsupported value: NaN".to_string());
        let s = |x: &str| Value::str(x);
        let cases: Vec<(&str, Value, Result<String, String>)> = vec![
            ("toJson", nan.clone(), Ok(String::new())),
            ("toPrettyJson", nan.clone(), Ok(String::new())),
            ("mustToJson", nan.clone(), nan_err.clone()),
            ("mustToPrettyJson", nan.clone(), nan_err.clone()),
            ("toRawJson", nan.clone(), nan_err.clone()),
            ("mustToRawJson", nan, nan_err),
            ("toRawJson", s("<&>"), Ok("\"<&>\"".into())),
            ("toJson", s("<&>"), Ok("\"\\u003c\\u0026\\u003e\"".into())),
            ("fromJson", s("[1,2]"), Ok("map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}]".into())),
            ("fromJson", s("1"), Ok("map[Error:json: cannot unmarshal number into Go value of type map[string]interface {}]".into())),
            ("fromJson", s("null"), Ok("map[]".into())),
            ("fromJson", s(""), Ok("map[Error:unexpected end of JSON input]".into())),
            ("fromJson", s("{\"a\":1e400,\"b\":2}"), Ok("map[Error:json: cannot unmarshal number 1e400 into Go value of type float64 a:<nil> b:2]".into())),
            ("fromJson", s("{\"a\":tru}"), Ok("map[Error:invalid character '}' in literal true (expecting 'e')]".into())),
            ("fromJson", s("{\"a\":01}"), Ok("map[Error:invalid character '1' after object key:value pair]".into())),
            ("fromJson", s("{\"a\":\"\t\"}"), Ok("map[Error:invalid character '\\t' in string literal]".into())),
            ("fromJsonArray", s("[1,\"a\",{\"b\":null}]"), Ok("[1 a map[b:<nil>]]".into())),
            ("fromJsonArray", s("{\"a\":1}"), Ok("[json: cannot unmarshal object into Go value of type []interface {}]".into())),
            ("fromJsonArray", s("null"), Ok("[]".into())),
            ("fromJsonArray", s("[1e400,2]"), Ok("[json: cannot unmarshal number 1e400 into Go value of type float64]".into())),
            ("mustFromJson", s("[1,2]"), Ok("[1 2]".into())),
            ("mustFromJson", s("\"s\""), Ok("s".into())),
            ("mustFromJson", s("null"), Ok("<nil>".into())),
            ("mustFromJson", s("{x"), Err("invalid character 'x' looking for beginning of object key string".into())),
            ("mustFromJson", s("[1e400]"), Err("json: cannot unmarshal number 1e400 into Go value of type float64".into())),
        ];
        for (name, arg, want) in cases {
            assert_eq!(call(name, arg.clone()), want, "{name} {arg:?}");
        }
    }
}
