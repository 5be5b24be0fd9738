//! Where user values come from: `-f` files and the `--set` family, in
//! Helm's order (`values.Options.MergeValues`). Shared by `template`,
//! `lint`, `diff` and Helm's lint checks, and by environments, which are
//! one more set of sources in front of the command line's.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::strvals::{self, Mode};
use super::values::merge_maps;
use crate::compat::Compat;
use crate::value::{Map, Value};

/// Values files and `--set` flags, each list in command-line order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValueSources {
    /// `-f/--values` files (`-` is stdin), later ones win.
    pub files: Vec<String>,
    /// `--set`.
    pub set: Vec<String>,
    /// `--set-string`.
    pub set_string: Vec<String>,
    /// `--set-json`.
    pub set_json: Vec<String>,
    /// `--set-file` (`key=path`).
    pub set_file: Vec<String>,
    /// `--set-literal`.
    pub set_literal: Vec<String>,
}

impl ValueSources {
    /// These sources followed by `more`, whose values win.
    pub fn then(&self, more: &ValueSources) -> ValueSources {
        let join = |a: &[String], b: &[String]| a.iter().chain(b).cloned().collect();
        ValueSources {
            files: join(&self.files, &more.files),
            set: join(&self.set, &more.set),
            set_string: join(&self.set_string, &more.set_string),
            set_json: join(&self.set_json, &more.set_json),
            set_file: join(&self.set_file, &more.set_file),
            set_literal: join(&self.set_literal, &more.set_literal),
        }
    }

    /// True when nothing is given.
    pub fn is_empty(&self) -> bool {
        *self == ValueSources::default()
    }

    /// The user values as Helm merges them: files deep-merged in order,
    /// then `--set-json`, `--set`, `--set-string`, `--set-file` and
    /// `--set-literal`, each error worded as Helm words it.
    pub fn read(&self, compat: Compat) -> Result<Value, String> {
        let mut base: BTreeMap<String, Value> = BTreeMap::new();
        for file in &self.files {
            let bytes = read_file(file)?;
            let parsed = super::read_values(&bytes, compat)
                .map_err(|e| format!("failed to parse {file}: {e}"))?;
            if let Some(map) = parsed.as_map() {
                base = merge_maps(&base, &map.snapshot());
            }
        }
        let dest = Arc::new(Map::new(base, Default::default()));
        for line in &self.set_json {
            strvals::parse_into(line, &dest, Mode::Json)
                // Helm drops the cause of a --set-json error from its message.
                .map_err(|_| format!("failed parsing --set-json data {line}"))?;
        }
        let sets = [
            (&self.set, Mode::Typed, "--set"),
            (&self.set_string, Mode::String, "--set-string"),
        ];
        for (lines, mode, flag) in sets {
            for line in lines {
                strvals::parse_into(line, &dest, mode)
                    .map_err(|e| format!("failed parsing {flag} data: {e}"))?;
            }
        }
        let reader = |path: &str| -> Result<Value, strvals::StrvalsError> {
            read_file(path)
                .map(|bytes| Value::from(String::from_utf8_lossy(&bytes).into_owned()))
                .map_err(strvals::StrvalsError)
        };
        for line in &self.set_file {
            strvals::parse_file_into(line, &dest, &reader)
                .map_err(|e| format!("failed parsing --set-file data: {e}"))?;
        }
        for line in &self.set_literal {
            strvals::parse_into(line, &dest, Mode::Literal)
                .map_err(|e| format!("failed parsing --set-literal data: {e}"))?;
        }
        Ok(Value::Map(dest))
    }
}

/// Reads a values file (`-` is stdin) with Go's wording for a missing one.
fn read_file(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map_err(|e| e.to_string())?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("open {path}: no such file or directory"),
        _ => format!("open {path}: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_apply_in_helms_order_and_then_appends() {
        let first = ValueSources {
            set: vec!["a=1".into()],
            ..ValueSources::default()
        };
        let second = ValueSources {
            set: vec!["a=2".into()],
            set_string: vec!["b=3".into()],
            ..ValueSources::default()
        };
        let both = first.then(&second);
        assert_eq!(both.set, ["a=1", "a=2"]);
        let v = both.read(Compat::Helm4).unwrap();
        let map = v.as_map().unwrap();
        assert_eq!(map.get("a"), Some(Value::Int64(2)));
        assert_eq!(map.get("b"), Some(Value::from("3".to_string())));
        assert!(ValueSources::default().is_empty());
        let bad = ValueSources {
            files: vec!["/no/such/values.yaml".into()],
            ..ValueSources::default()
        };
        assert_eq!(
            bad.read(Compat::Helm4).unwrap_err(),
            "open /no/such/values.yaml: no such file or directory"
        );
    }
}
