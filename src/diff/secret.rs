//! Secret values kept out of diffs: each value of a Secret's `data` and
//! `stringData` is replaced by a marker with its length, chosen by comparing
//! the two sides first, so that a changed secret still shows as changed
//! (`--- old value (12 bytes)` / `+++ changed value (14 bytes)`) and an
//! unchanged one as equal (`*** (12 bytes)`).

use serde_json::{Map, Value};

/// True for the core `Secret` kind.
pub(crate) fn is_secret(group: &str, kind: &str) -> bool {
    group.is_empty() && kind == "Secret"
}

/// Masks `data` and `stringData` of one or both sides of a Secret.
pub(crate) fn mask(old: Option<&mut Value>, new: Option<&mut Value>) {
    let (mut old, mut new) = (old, new);
    for field in ["data", "stringData"] {
        let decode = field == "data";
        let old_map = old
            .as_deref_mut()
            .and_then(|v| v.get_mut(field))
            .and_then(Value::as_object_mut);
        let old_copy: Option<Map<String, Value>> = old_map.as_ref().map(|m| (*m).clone());
        let new_map = new
            .as_deref_mut()
            .and_then(|v| v.get_mut(field))
            .and_then(Value::as_object_mut);
        let new_copy: Option<Map<String, Value>> = new_map.as_ref().map(|m| (*m).clone());
        let one_sided = old_copy.is_none() || new_copy.is_none();
        if let Some(map) = old_map {
            for (key, value) in map.iter_mut() {
                let size = byte_len(value, decode);
                let marker = match new_copy.as_ref().and_then(|m| m.get(key)) {
                    _ if one_sided => format!("*** ({size} bytes)"),
                    Some(other) if other == value => format!("*** ({size} bytes)"),
                    Some(_) => format!("--- old value ({size} bytes)"),
                    None => format!("--- removed value ({size} bytes)"),
                };
                *value = Value::String(marker);
            }
        }
        if let Some(map) = new_map {
            for (key, value) in map.iter_mut() {
                let size = byte_len(value, decode);
                let marker = match old_copy.as_ref().and_then(|m| m.get(key)) {
                    _ if one_sided => format!("*** ({size} bytes)"),
                    Some(other) if other == value => format!("*** ({size} bytes)"),
                    Some(_) => format!("+++ changed value ({size} bytes)"),
                    None => format!("+++ added value ({size} bytes)"),
                };
                *value = Value::String(marker);
            }
        }
    }
}

/// The secret's length: decoded bytes for base64 `data`, else the text.
fn byte_len(value: &Value, decode: bool) -> usize {
    match value {
        Value::String(s) if decode => data_encoding::BASE64
            .decode(s.as_bytes())
            .map(|b| b.len())
            .unwrap_or(s.len()),
        Value::String(s) => s.len(),
        other => other.to_string().len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn masks_by_comparing_sides() {
        let mut old = json!({"data": {"same": "aGVsbG8=", "changed": "YQ==", "gone": "Yg=="},
            "stringData": {"p": "secret"}});
        let mut new = json!({"data": {"same": "aGVsbG8=", "changed": "YWJj", "new": "not base64!"},
            "stringData": {"p": "secret2"}});
        mask(Some(&mut old), Some(&mut new));
        assert_eq!(
            old,
            json!({"data": {"same": "*** (5 bytes)", "changed": "--- old value (1 bytes)",
                "gone": "--- removed value (1 bytes)"}, "stringData": {"p": "--- old value (6 bytes)"}})
        );
        assert_eq!(
            new,
            json!({"data": {"same": "*** (5 bytes)", "changed": "+++ changed value (3 bytes)",
                "new": "+++ added value (11 bytes)"}, "stringData": {"p": "+++ changed value (7 bytes)"}})
        );
        let mut added = json!({"stringData": {"k": "v"}, "type": "Opaque"});
        mask(None, Some(&mut added));
        assert_eq!(
            added,
            json!({"stringData": {"k": "*** (1 bytes)"}, "type": "Opaque"})
        );
        assert!(is_secret("", "Secret"));
        assert!(!is_secret("bitnami.com", "Secret"));
    }
}
