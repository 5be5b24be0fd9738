//! Values: merging `-f` files and `--set` flags (Helm's `cli/values`
//! `mergeMaps`), then coalescing them with chart defaults and subchart
//! defaults (Helm's `chartutil/coalesce.go`), warnings included.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Chart;
use crate::value::{Map, MapKind, Value};

/// The key whose table is shared with every subchart.
pub const GLOBAL_KEY: &str = "global";

/// A deep copy of maps (lists and scalars are immutable and shared), so that
/// coalescing never changes a chart's own defaults.
pub fn deep_copy(value: &Value) -> Value {
    match value {
        Value::Map(map) => {
            let entries = map
                .entries()
                .iter()
                .map(|(k, v)| (k.clone(), deep_copy(v)))
                .collect();
            Value::Map(Arc::new(Map::new(entries, map.kind)))
        }
        Value::List(list) => Value::list(list.items.iter().map(deep_copy).collect()),
        other => other.clone(),
    }
}

fn table(value: &Value) -> Option<&Arc<Map>> {
    value.as_map()
}

/// Helm's `mergeMaps` for user-supplied values: maps merge deeply, anything
/// else in `overlay` replaces what `base` had.
pub fn merge_maps(
    base: &BTreeMap<String, Value>,
    overlay: &BTreeMap<String, Value>,
) -> BTreeMap<String, Value> {
    let mut out = base.clone();
    for (key, value) in overlay {
        if let (Some(overlay_map), Some(Some(base_map))) =
            (value.as_map(), out.get(key).map(|v| v.as_map().cloned()))
        {
            let merged = merge_maps(&base_map.snapshot(), &overlay_map.snapshot());
            out.insert(key.clone(), Value::map(merged));
            continue;
        }
        out.insert(key.clone(), value.clone());
    }
    out
}

/// One warning Helm logs to stderr while preparing values, in the form
/// each Helm version prints it (Helm 3's `log` with file:line prefixes,
/// Helm 4's `slog` text lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Helm 3's line, e.g. `coalesce.go:237: warning: …`.
    pub helm3: String,
    /// Helm 4's line, e.g. `level=INFO msg="warning: …"`; `None` when Helm 4
    /// stays silent.
    pub helm4: Option<String>,
}

/// Collects the warnings of one values preparation, in order.
#[derive(Debug, Default)]
pub struct Warnings {
    /// The warnings, in order.
    pub entries: Vec<Warning>,
}

impl Warnings {
    /// A warning logged by Helm's `coalesce.go` at `line` (Helm 3), or as an
    /// INFO message (Helm 4).
    pub fn coalesce(&mut self, line: u32, message: String) {
        self.entries.push(Warning {
            helm3: format!("coalesce.go:{line}: {message}"),
            helm4: Some(format!("level=INFO msg={}", go_quote(&message))),
        });
    }

    /// A `coalesce.go` warning that only Helm 3 logs.
    pub fn coalesce_helm3_only(&mut self, line: u32, message: String) {
        self.entries.push(Warning {
            helm3: format!("coalesce.go:{line}: {message}"),
            helm4: None,
        });
    }

    /// Adds a warning with explicit texts for both Helm versions.
    pub fn push(&mut self, helm3: String, helm4: String) {
        self.entries.push(Warning {
            helm3,
            helm4: Some(helm4),
        });
    }
}

/// Go's `strconv.Quote`.
pub(crate) fn go_quote(text: &str) -> String {
    crate::value::printf::quote(text)
}

/// Why values could not be coalesced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoalesceError(pub String);

impl std::fmt::Display for CoalesceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CoalesceError {}

fn concat_prefix(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Helm's `CoalesceValues`: user values over the chart's defaults, then each
/// subchart's defaults under its name, with globals pushed down. Returns the
/// coalesced values as Helm's named `Values` type.
pub fn coalesce_values(
    chart: &Chart,
    user: &Value,
    values_type: &'static str,
    warnings: &mut Warnings,
) -> Result<Value, CoalesceError> {
    let dest_map = match deep_copy(user) {
        Value::Map(map) => map,
        _ => Arc::new(Map::new(BTreeMap::new(), MapKind::Interface)),
    };
    coalesce(chart, &dest_map, "", warnings)?;
    Ok(Value::Map(Arc::new(Map::new(
        dest_map.snapshot(),
        MapKind::Named(values_type),
    ))))
}

fn coalesce(
    chart: &Chart,
    dest: &Arc<Map>,
    prefix: &str,
    warnings: &mut Warnings,
) -> Result<(), CoalesceError> {
    coalesce_chart_values(chart, dest, prefix, warnings);
    coalesce_deps(chart, dest, prefix, warnings)
}

/// Helm's `coalesceValues`: fills `dest` from the chart's defaults.
fn coalesce_chart_values(chart: &Chart, dest: &Arc<Map>, prefix: &str, warnings: &mut Warnings) {
    let sub_prefix = concat_prefix(prefix, chart.name());
    let defaults = deep_copy(&chart.values);
    let Some(defaults) = defaults.as_map() else {
        return;
    };
    for (key, default) in defaults.snapshot() {
        match dest.get(&key) {
            Some(Value::Nil) => {
                dest.remove(&key);
            }
            Some(user) => {
                if let Some(user_table) = table(&user) {
                    match table(&default) {
                        Some(default_table) => {
                            let is_subchart = chart.dependencies.iter().any(|d| d.name() == key);
                            coalesce_tables(
                                user_table,
                                default_table,
                                &concat_prefix(&sub_prefix, &key),
                                is_subchart,
                                warnings,
                            );
                        }
                        None => {
                            if !default.is_nil() {
                                warnings.coalesce(
                                    237,
                                    format!("warning: skipped value for {sub_prefix}.{key}: Not a table."),
                                );
                            }
                        }
                    }
                }
            }
            None => {
                dest.insert(key, default);
            }
        }
    }
}

/// Helm's `coalesceTablesFullKey`: `dst` (higher precedence) over `src`.
fn coalesce_tables(
    dst: &Arc<Map>,
    src: &Arc<Map>,
    prefix: &str,
    merge: bool,
    warnings: &mut Warnings,
) {
    if Arc::ptr_eq(dst, src) {
        return;
    }
    for (key, value) in src.snapshot() {
        let full_key = concat_prefix(prefix, &key);
        match dst.get(&key) {
            Some(Value::Nil) if !merge => {
                dst.remove(&key);
            }
            None => {
                dst.insert(key, value);
            }
            Some(existing) => {
                if let Some(src_table) = table(&value) {
                    match table(&existing) {
                        Some(dst_table) => {
                            coalesce_tables(dst_table, src_table, &full_key, merge, warnings)
                        }
                        None => {
                            let message = format!(
                                "warning: cannot overwrite table with non table for {full_key} ({})",
                                value.to_go_string()
                            );
                            // A user's `null` over a subchart's table: Helm 4
                            // keeps quiet, Helm 3 still warns.
                            if existing.is_nil() {
                                warnings.coalesce_helm3_only(298, message);
                            } else {
                                warnings.coalesce(298, message);
                            }
                        }
                    }
                } else if table(&existing).is_some() && !value.is_nil() {
                    warnings.coalesce(
                        301,
                        format!(
                            "warning: destination for {full_key} is a table. Ignoring non-table value ({})",
                            value.to_go_string()
                        ),
                    );
                }
            }
        }
    }
}

/// Helm's `coalesceDeps`: each subchart's values under its name.
fn coalesce_deps(
    chart: &Chart,
    dest: &Arc<Map>,
    prefix: &str,
    warnings: &mut Warnings,
) -> Result<(), CoalesceError> {
    for sub in &chart.dependencies {
        let name = sub.name().to_string();
        let sub_values = match dest.get(&name) {
            None => {
                let fresh = Value::empty_map();
                dest.insert(name.clone(), fresh.clone());
                fresh
            }
            Some(v @ Value::Map(_)) => v,
            Some(other) => {
                return Err(CoalesceError(match other {
                    Value::Nil => format!("type mismatch on {name}: %!t(<nil>)"),
                    _ => format!(
                        "type mismatch on {name}: %!t({}={})",
                        other.type_name(),
                        other.to_go_string()
                    ),
                }));
            }
        };
        let Some(sub_map) = sub_values.as_map() else {
            continue;
        };
        let sub_prefix = concat_prefix(prefix, chart.name());
        coalesce_globals(sub_map, dest, &sub_prefix, warnings);
        coalesce(sub, sub_map, &sub_prefix, warnings)?;
    }
    Ok(())
}

/// Helm's `coalesceGlobals`: the parent's `global` table merged into the
/// subchart's, the parent winning.
fn coalesce_globals(dest: &Arc<Map>, src: &Arc<Map>, prefix: &str, warnings: &mut Warnings) {
    let dest_globals = match dest.get(GLOBAL_KEY) {
        None => Arc::new(Map::new(BTreeMap::new(), MapKind::Interface)),
        Some(Value::Map(m)) => m,
        Some(_) => {
            warnings.coalesce(
                138,
                format!(
                    "warning: skipping globals because destination {GLOBAL_KEY} is not a table."
                ),
            );
            return;
        }
    };
    let src_globals = match src.get(GLOBAL_KEY) {
        None => Arc::new(Map::new(BTreeMap::new(), MapKind::Interface)),
        Some(Value::Map(m)) => m,
        Some(_) => {
            warnings.coalesce(
                145,
                format!("warning: skipping globals because source {GLOBAL_KEY} is not a table."),
            );
            return;
        }
    };
    for (key, value) in src_globals.snapshot() {
        if let Some(value_table) = table(&value) {
            let copy = deep_copy(&value);
            let Some(copy_table) = copy.as_map().cloned() else {
                continue;
            };
            let _ = value_table;
            match dest_globals.get(&key) {
                None => {
                    dest_globals.insert(key, copy);
                }
                Some(existing) => match table(&existing) {
                    None => warnings.coalesce(
                        161,
                        format!("Conflict: cannot merge map onto non-map for {key:?}. Skipping."),
                    ),
                    Some(existing_table) => {
                        coalesce_tables(
                            &copy_table,
                            existing_table,
                            &concat_prefix(prefix, &key),
                            true,
                            warnings,
                        );
                        dest_globals.insert(key, copy);
                    }
                },
            }
        } else if dest_globals.get(&key).as_ref().and_then(table).is_some() {
            warnings.coalesce(175, format!("key {key} is table. Skipping"));
        } else {
            dest_globals.insert(key, value);
        }
    }
    dest.insert(GLOBAL_KEY, Value::Map(dest_globals));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, Value)]) -> Value {
        Value::map_from_pairs(pairs)
    }

    #[test]
    fn global_conflicts_log_helm3_source_lines() {
        let run = |dest: Value, src: Value| {
            let mut warnings = Warnings::default();
            coalesce_globals(
                dest.as_map().unwrap(),
                src.as_map().unwrap(),
                "p",
                &mut warnings,
            );
            warnings
                .entries
                .into_iter()
                .map(|w| w.helm3)
                .collect::<Vec<_>>()
        };
        let table = |k: &str| map(&[(k, map(&[("x", Value::Float(1.0))]))]);
        let scalar = |k: &str| map(&[(k, Value::from("s"))]);
        let cases = [
            (
                map(&[("global", Value::Float(3.0))]),
                map(&[("global", table("m"))]),
                "coalesce.go:138: warning: skipping globals because destination global is not a table.",
            ),
            (
                map(&[("global", scalar("m"))]),
                map(&[("global", table("m"))]),
                "coalesce.go:161: Conflict: cannot merge map onto non-map for \"m\". Skipping.",
            ),
            (
                map(&[("global", table("s"))]),
                map(&[("global", scalar("s"))]),
                "coalesce.go:175: key s is table. Skipping",
            ),
        ];
        for (dest, src, want) in cases {
            assert_eq!(run(dest, src), vec![want.to_string()]);
        }
    }

    #[test]
    fn merge_maps_is_deep_and_replaces_lists() {
        let base = map(&[
            (
                "a",
                map(&[("x", Value::Float(1.0)), ("y", Value::Float(2.0))]),
            ),
            ("l", Value::list(vec![Value::Float(1.0)])),
        ]);
        let overlay = map(&[
            ("a", map(&[("y", Value::Float(3.0))])),
            ("l", Value::list(vec![])),
        ]);
        let merged = merge_maps(
            &base.as_map().unwrap().snapshot(),
            &overlay.as_map().unwrap().snapshot(),
        );
        assert_eq!(
            Value::map(merged).to_go_string(),
            "map[a:map[x:1 y:3] l:[]]"
        );
    }
}
