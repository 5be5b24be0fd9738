//! Helm's TOML functions (`pkg/engine/funcs.go`): `toToml` returns the
//! encoder's error text as its result, `fromToml` puts a parse error under
//! the `"Error"` key. Both exist in Helm 3.17.3 (since v3.17.0 for
//! `fromToml`) and Helm 4.1.4; their output differs between the two (float
//! format, error line at end of input), so there is one table per version:
//! [`FUNCTIONS`] for Helm 3 and [`FUNCTIONS_HELM4`] for Helm 4.

use std::collections::BTreeMap;

use crate::template::func::{FuncError, Function, Param};
use crate::value::Value;
use crate::value::toml::{self, Flavor};

/// The TOML functions as Helm 3.17.3 has them.
pub(crate) const FUNCTIONS: &[Function] = &[
    Function::new("toToml", &[Param::Any], to_toml_helm3),
    Function::new("fromToml", &[Param::String], from_toml_helm3),
];

/// The TOML functions as Helm 4.1.4 has them (BurntSushi/toml v1.5).
#[allow(dead_code, reason = "the lead selects this table for Helm 4 renders")]
pub(crate) const FUNCTIONS_HELM4: &[Function] = &[
    Function::new("toToml", &[Param::Any], to_toml_helm4),
    Function::new("fromToml", &[Param::String], from_toml_helm4),
];

fn to_toml(args: &[Value], flavor: Flavor) -> Result<Value, FuncError> {
    let value = args.first().unwrap_or(&Value::Nil);
    if value.is_nil() {
        // BurntSushi panics on a nil interface; text/template reports the panic.
        return Err(FuncError::new(
            "reflect: call of reflect.Value.Type on zero Value",
        ));
    }
    // Helm returns the encoder's error text as the result.
    Ok(Value::from(
        toml::to_toml(value, flavor).unwrap_or_else(|e| e),
    ))
}

fn from_toml(args: &[Value], flavor: Flavor) -> Result<Value, FuncError> {
    let src = args.first().and_then(Value::as_str).unwrap_or("");
    Ok(match toml::from_toml(src, flavor) {
        Ok(v) => v,
        Err(e) => {
            let mut m = BTreeMap::new();
            m.insert("Error".to_string(), Value::from(e));
            Value::map(m)
        }
    })
}

fn to_toml_helm3(args: &[Value]) -> Result<Value, FuncError> {
    to_toml(args, Flavor::Helm3)
}

fn to_toml_helm4(args: &[Value]) -> Result<Value, FuncError> {
    to_toml(args, Flavor::Helm4)
}

fn from_toml_helm3(args: &[Value]) -> Result<Value, FuncError> {
    from_toml(args, Flavor::Helm3)
}

fn from_toml_helm4(args: &[Value]) -> Result<Value, FuncError> {
    from_toml(args, Flavor::Helm4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helm_error_shapes() {
        let call = |table: &[Function], name: &str, arg: Value| {
            let f = table.iter().find(|f| f.name == name).map(|f| f.call);
            f.map(|call| call(&[arg]).map(|v| v.to_go_string()))
        };
        assert_eq!(
            call(FUNCTIONS, "toToml", Value::Nil),
            Some(Err(FuncError::new(
                "reflect: call of reflect.Value.Type on zero Value"
            )))
        );
        let nil_elem = Value::map(BTreeMap::from([(
            "a".to_string(),
            Value::list(vec![Value::Int(1), Value::Nil]),
        )]));
        assert_eq!(
            call(FUNCTIONS, "toToml", nil_elem),
            Some(Ok("toml: cannot encode array with nil element".to_string()))
        );
        assert_eq!(
            call(FUNCTIONS, "fromToml", Value::str("a =")),
            Some(Ok(
                "map[Error:toml: line 0 (last key \"a\"): unexpected EOF; expected value]"
                    .to_string()
            ))
        );
        assert_eq!(
            call(
                FUNCTIONS_HELM4,
                "toToml",
                Value::map(BTreeMap::from([("a".to_string(), Value::Float(1e6))]))
            ),
            Some(Ok("a = 1e+06\n".to_string()))
        );
    }
}
