//! Helm's YAML functions (`pkg/engine/funcs.go`): `toYaml`, `mustToYaml`,
//! `toYamlPretty`, `fromYaml`, `fromYamlArray`.

use std::collections::BTreeMap;

use crate::template::func::{FuncError, Function, Param};
use crate::value::Value;
use crate::value::yaml;

/// The YAML family.
pub(crate) fn functions() -> Vec<Function> {
    vec![
        Function::new("toYaml", &[Param::Any], to_yaml),
        Function::new("mustToYaml", &[Param::Any], must_to_yaml),
        Function::new("toYamlPretty", &[Param::Any], to_yaml_pretty),
        Function::new("fromYaml", &[Param::String], from_yaml),
        Function::new("fromYamlArray", &[Param::String], from_yaml_array),
    ]
}

fn arg(args: &[Value]) -> &Value {
    args.first().unwrap_or(&Value::Nil)
}

fn trim_newline(mut s: String) -> Value {
    if s.ends_with('\n') {
        s.pop();
    }
    Value::from(s)
}

/// `toYaml`: errors are swallowed into "" (Helm: "Swallow errors inside of a template").
fn to_yaml(args: &[Value]) -> Result<Value, FuncError> {
    Ok(yaml::to_yaml(arg(args)).map_or_else(|_| Value::str(""), trim_newline))
}

/// `mustToYaml` (Helm 4): the marshaling error fails the template.
fn must_to_yaml(args: &[Value]) -> Result<Value, FuncError> {
    yaml::to_yaml(arg(args))
        .map(trim_newline)
        .map_err(FuncError::new)
}

/// `toYamlPretty`: go-yaml v3 with two-space indents; errors give "".
fn to_yaml_pretty(args: &[Value]) -> Result<Value, FuncError> {
    Ok(yaml::to_yaml_pretty(arg(args)).map_or_else(|_| Value::str(""), trim_newline))
}

/// `fromYaml`: never fails; an error is returned as `{"Error": text}`.
fn from_yaml(args: &[Value]) -> Result<Value, FuncError> {
    let text = arg(args).as_str().unwrap_or("");
    Ok(yaml::from_str_map(text).unwrap_or_else(|e| {
        let mut m = BTreeMap::new();
        m.insert("Error".to_string(), Value::from(e.to_string()));
        Value::map(m)
    }))
}

/// `fromYamlArray`: never fails; an error is returned as `[text]`.
fn from_yaml_array(args: &[Value]) -> Result<Value, FuncError> {
    let text = arg(args).as_str().unwrap_or("");
    Ok(yaml::from_str_list(text).unwrap_or_else(|e| Value::list(vec![Value::from(e.to_string())])))
}
