//! Subchart dependencies as `helm template` processes them before
//! rendering: the check that every listed dependency is vendored, aliases,
//! `tags` and `condition` (Helm's `processDependencyEnabled`), and
//! `import-values` (Helm's `processDependencyImportValues`).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Chart;
use super::values::{CoalesceError, Warnings, coalesce_values, deep_copy};
use crate::value::printf::slog_text_value;
use crate::value::{Map, MapKind, Value};

/// Helm's `CheckDependencies`: every dependency in `Chart.yaml` must be
/// present in `charts/`.
pub fn check_dependencies(chart: &Chart) -> Result<(), String> {
    let missing: Vec<&str> = chart
        .metadata
        .dependencies
        .iter()
        .filter(|dep| !chart.dependencies.iter().any(|c| c.name() == dep.name))
        .map(|dep| dep.name.as_str())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "found in Chart.yaml, but missing in charts/ directory: {}",
            missing.join(", ")
        ))
    }
}

/// Resolves aliases and drops disabled subcharts, recursively, with the
/// user's values deciding `tags` and `condition`; then imports values.
pub fn process_dependencies(
    chart: &mut Chart,
    user: &Value,
    values_type: &'static str,
    warnings: &mut Warnings,
) -> Result<(), CoalesceError> {
    process_enabled(chart, user, "", values_type, warnings)?;
    process_import_values(chart, values_type, warnings)
}

/// A values path lookup (`Values.PathValue`): `Some` only when every table
/// on the way exists and the last key is present.
fn path_value(values: &Value, path: &str) -> Option<Value> {
    let mut current = values.clone();
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let map = current.as_map()?.clone();
        let next = map.get(part)?;
        if parts.peek().is_none() {
            return Some(next);
        }
        current = next;
    }
    None
}

fn process_enabled(
    chart: &mut Chart,
    user: &Value,
    path: &str,
    values_type: &'static str,
    warnings: &mut Warnings,
) -> Result<(), CoalesceError> {
    if chart.metadata.dependencies.is_empty() {
        return Ok(());
    }
    // Vendored charts not listed in Chart.yaml are kept as they are;
    // listed ones take their alias (a chart may be listed twice).
    let vendored = std::mem::take(&mut chart.dependencies);
    let mut resolved: Vec<Chart> = vendored
        .iter()
        .filter(|c| {
            !chart
                .metadata
                .dependencies
                .iter()
                .any(|d| d.name == c.name())
        })
        .cloned()
        .collect();
    for dep in &mut chart.metadata.dependencies {
        if let Some(found) = vendored.iter().find(|c| c.name() == dep.name) {
            let mut sub = found.clone();
            if !dep.alias.is_empty() {
                sub.metadata.name = dep.alias.clone();
            }
            resolved.push(sub);
        }
        if !dep.alias.is_empty() {
            dep.name = dep.alias.clone();
        }
        dep.enabled = true;
    }
    chart.dependencies = resolved;

    let cvals = coalesce_values(chart, user, values_type, warnings)?;
    // Tags first, then conditions, which win.
    if let Some(Value::Map(tags)) = path_value(&cvals, "tags").filter(|v| v.as_map().is_some()) {
        for dep in &mut chart.metadata.dependencies {
            let (mut has_true, mut has_false) = (false, false);
            for tag in &dep.tags {
                match tags.get(tag) {
                    Some(Value::Bool(true)) => has_true = true,
                    Some(Value::Bool(false)) => has_false = true,
                    Some(_) => warnings.push(
                        format!(
                            "dependencies.go:94: Warning: Tag '{tag}' for chart {} returned non-bool value",
                            dep.name
                        ),
                        format!(
                            "level=WARN msg=\"returned non-bool value\" tag={} chart={}",
                            slog_text_value(tag),
                            slog_text_value(&dep.name)
                        ),
                    ),
                    None => {}
                }
            }
            dep.enabled = has_true || !has_false;
        }
    }
    for dep in &mut chart.metadata.dependencies {
        for condition in dep.condition.trim().split(',') {
            if condition.is_empty() {
                continue;
            }
            match path_value(&cvals, &format!("{path}{condition}")) {
                Some(Value::Bool(b)) => {
                    dep.enabled = b;
                    break;
                }
                Some(_) => warnings.push(
                    format!(
                        "dependencies.go:63: Warning: Condition path '{condition}' for chart {} returned non-bool value",
                        dep.name
                    ),
                    format!(
                        "level=WARN msg=\"returned non-bool value\" path={} chart={}",
                        slog_text_value(condition),
                        slog_text_value(&dep.name)
                    ),
                ),
                None => {}
            }
        }
    }
    let disabled: Vec<String> = chart
        .metadata
        .dependencies
        .iter()
        .filter(|d| !d.enabled)
        .map(|d| d.name.clone())
        .collect();
    chart
        .dependencies
        .retain(|c| !disabled.iter().any(|n| n == c.name()));
    chart.metadata.dependencies.retain(|d| d.enabled);
    for sub in &mut chart.dependencies {
        let sub_path = format!("{path}{}.", sub.name());
        process_enabled(sub, &cvals, &sub_path, values_type, warnings)?;
    }
    Ok(())
}

/// Helm's `Values.Table`: the map at `a.b.c`, or the first key that is
/// missing or not a map (Helm's `"key" is not a table`).
fn table_lookup(values: &Value, path: &str) -> Result<Arc<Map>, String> {
    let Value::Map(mut table) = values.clone() else {
        return Err(path.split('.').next().unwrap_or(path).to_string());
    };
    for key in path.split('.') {
        match table.get(key) {
            Some(Value::Map(next)) => table = next,
            _ => return Err(key.to_string()),
        }
    }
    Ok(table)
}

/// `a.b.c` + table -> `{a: {b: {c: table}}}`; `.` alone is the table itself.
fn path_to_map(path: &str, table: Value) -> Value {
    if path == "." || path.is_empty() {
        return table;
    }
    let mut value = table;
    for part in path.split('.').rev() {
        let mut m = BTreeMap::new();
        m.insert(part.to_string(), value);
        value = Value::map(m);
    }
    value
}

/// Helm's `MergeTables`/`CoalesceTables` for imports: `dst` wins, maps merge.
fn merge_tables(dst: &Arc<Map>, src: &Arc<Map>) {
    for (key, value) in src.snapshot() {
        match dst.get(&key) {
            None => {
                dst.insert(key, value);
            }
            Some(Value::Map(d)) => {
                if let Value::Map(s) = &value {
                    merge_tables(&d, s);
                }
            }
            Some(_) => {}
        }
    }
}

fn process_import_values(
    chart: &mut Chart,
    values_type: &'static str,
    warnings: &mut Warnings,
) -> Result<(), CoalesceError> {
    for sub in &mut chart.dependencies {
        process_import_values(sub, values_type, warnings)?;
    }
    // Every chart with dependencies gets its subcharts' defaults merged into
    // its own values here, imports or not (Helm's processImportValues), so a
    // user's `sub.key: null` later meets the subchart's table and warns.
    if chart.metadata.dependencies.is_empty() {
        return Ok(());
    }
    let cvals = coalesce_values(chart, &Value::empty_map(), values_type, warnings)?;
    let imported = Arc::new(Map::new(BTreeMap::new(), MapKind::Interface));
    for dep in &chart.metadata.dependencies {
        for import in &dep.import_values {
            let (child, parent) = match import {
                Value::Map(m) => (
                    m.get("child")
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    m.get("parent")
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                ),
                Value::String(s) => (format!("exports.{s}"), ".".to_string()),
                _ => continue,
            };
            match table_lookup(&cvals, &format!("{}.{child}", dep.name)) {
                Ok(table) => {
                    if let Value::Map(src) = path_to_map(&parent, deep_copy(&Value::Map(table))) {
                        merge_tables(&imported, &src);
                    }
                }
                Err(key) => {
                    let error = format!("{} is not a table", super::values::go_quote(&key));
                    if matches!(import, Value::String(_)) {
                        warnings.push(
                            format!(
                                "dependencies.go:286: Warning: ImportValues missing table: {error}"
                            ),
                            format!(
                                "level=WARN msg=\"ImportValues missing table\" error={}",
                                super::values::go_quote(&error)
                            ),
                        );
                    } else {
                        warnings.push(
                            format!(
                                "dependencies.go:269: Warning: ImportValues missing table from chart {}: {error}",
                                dep.name
                            ),
                            format!(
                                "level=WARN msg=\"ImportValues missing table from chart\" chart={} error={}",
                                slog_text_value(&dep.name),
                                super::values::go_quote(&error)
                            ),
                        );
                    }
                }
            }
        }
    }
    // Imported values rank below the parent's own values.
    let merged = deep_copy(&cvals);
    if let Value::Map(m) = &merged {
        merge_tables(m, &imported);
        chart.values = Value::map(m.snapshot());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A parent chart over one subchart, loaded from a temporary directory.
    fn parent_with_sub(tag: &str) -> Chart {
        let root =
            std::env::temp_dir().join(format!("shipshape-deps-{tag}-{}", std::process::id()));
        let sub = root.join("charts/sub");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            root.join("Chart.yaml"),
            "apiVersion: v2\nname: p\nversion: 0.1.0\ndependencies:\n- name: sub\n  version: 0.1.0\n",
        )
        .unwrap();
        std::fs::write(root.join("values.yaml"), "sub:\n  own: 1\n").unwrap();
        std::fs::write(
            sub.join("Chart.yaml"),
            "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
        )
        .unwrap();
        std::fs::write(sub.join("values.yaml"), "t:\n  a: 1\n").unwrap();
        let chart = super::super::load::load_dir(&root, &Default::default()).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
        chart
    }

    #[test]
    fn subchart_defaults_join_parent_values_without_imports() {
        let mut chart = parent_with_sub("merge");
        let mut warnings = Warnings::default();
        process_dependencies(&mut chart, &Value::empty_map(), "Values", &mut warnings).unwrap();
        assert_eq!(
            chart
                .values
                .as_map()
                .unwrap()
                .get("sub")
                .unwrap()
                .to_go_string(),
            "map[global:map[] own:1 t:map[a:1]]"
        );
    }

    #[test]
    fn user_null_over_subchart_table_warns_in_helm3_only() {
        let mut chart = parent_with_sub("null");
        let user = Value::map_from_pairs(&[("sub", Value::map_from_pairs(&[("t", Value::Nil)]))]);
        let mut warnings = Warnings::default();
        process_dependencies(&mut chart, &user, "Values", &mut warnings).unwrap();
        super::super::values::coalesce_values(&chart, &user, "Values", &mut warnings).unwrap();
        let [warning] = warnings.entries.as_slice() else {
            panic!("one warning expected: {:?}", warnings.entries);
        };
        assert_eq!(
            warning.helm3,
            "coalesce.go:298: warning: cannot overwrite table with non table for p.sub.t (map[a:1])"
        );
        assert_eq!(warning.helm4, None);
    }

    #[test]
    fn path_value_needs_every_table() {
        let v = path_to_map("a.b", Value::Bool(true));
        assert_eq!(path_value(&v, "a.b"), Some(Value::Bool(true)));
        assert_eq!(path_value(&v, "a.c"), None);
        assert_eq!(path_value(&v, "a.b.c"), None);
    }
}
