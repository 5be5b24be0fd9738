//! Loading a chart directory as Helm's `loader.LoadDir` does: walk the tree
//! (symlinks followed, lexical order), drop what `.helmignore` ignores, then
//! sort each file into metadata, values, templates, subcharts or `.Files`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::helmignore::Rules;
use super::metadata::Metadata;
use super::{Chart, ChartFile};
use crate::value::{Value, yaml};

/// Why a chart could not be loaded; Display gives Helm's wording.
#[derive(Debug)]
pub struct LoadError {
    message: String,
}

impl LoadError {
    fn new(message: impl Into<String>) -> LoadError {
        LoadError {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LoadError {}

/// Loads the chart in directory `dir` with its subcharts.
pub fn load_dir(dir: &Path) -> Result<Chart, LoadError> {
    let files = read_tree(dir)?;
    load_files(files)
}

/// Reads every file below `dir` that `.helmignore` keeps, with paths relative
/// to `dir` and `/` separators, in lexical order.
fn read_tree(dir: &Path) -> Result<Vec<ChartFile>, LoadError> {
    let rules = match std::fs::read_to_string(dir.join(".helmignore")) {
        Ok(text) => Rules::parse(&text).map_err(LoadError::new)?,
        Err(_) => Rules::parse("").map_err(LoadError::new)?,
    };
    let mut files = Vec::new();
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = entry.map_err(|e| LoadError::new(e.to_string()))?;
        let rel = relative_name(dir, entry.path());
        if rel.is_empty() {
            continue;
        }
        let is_dir = entry.file_type().is_dir();
        if rules.ignored(&rel, is_dir) {
            if is_dir {
                walker.skip_current_dir();
            }
            continue;
        }
        if is_dir {
            continue;
        }
        let data = std::fs::read(entry.path())
            .map_err(|e| LoadError::new(format!("error reading {}: {e}", rel)))?;
        files.push(ChartFile {
            name: rel,
            data: data.into(),
        });
    }
    Ok(files)
}

fn relative_name(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn text(file: &ChartFile) -> String {
    String::from_utf8_lossy(&file.data).into_owned()
}

/// Sorts loaded files into a chart, as Helm's `loader.LoadFiles`.
fn load_files(files: Vec<ChartFile>) -> Result<Chart, LoadError> {
    let mut metadata = None;
    let mut values = None;
    let mut schema = None;
    let mut templates = Vec::new();
    let mut other = Vec::new();
    let mut subchart_files: BTreeMap<String, Vec<ChartFile>> = BTreeMap::new();
    for file in files {
        match file.name.as_str() {
            "Chart.yaml" => {
                let doc = yaml::from_str(&text(&file)).map_err(|e| {
                    LoadError::new(format!("cannot load Chart.yaml: error converting YAML to JSON: {e}"))
                })?;
                metadata = Some(Metadata::from_value(&doc).map_err(|e| LoadError::new(e.0))?);
            }
            "values.yaml" => {
                let doc = yaml::from_str(&text(&file)).map_err(|e| {
                    LoadError::new(format!("cannot load values.yaml: {e}"))
                })?;
                values = Some(doc);
            }
            "values.schema.json" => schema = Some(Arc::from(text(&file))),
            "Chart.lock" | "requirements.yaml" | "requirements.lock" => {}
            name if name.starts_with("templates/") => templates.push(file),
            name if name.starts_with("charts/") => {
                let rest = &name["charts/".len()..];
                if rest.ends_with(".prov") {
                    continue;
                }
                let chart_name = rest.split('/').next().unwrap_or(rest).to_string();
                subchart_files.entry(chart_name).or_default().push(file);
            }
            _ => other.push(file),
        }
    }
    let Some(metadata) = metadata else {
        return Err(LoadError::new("Chart.yaml file is missing"));
    };
    let mut dependencies = Vec::new();
    for (chart_name, files) in subchart_files {
        let prefix = format!("charts/{chart_name}/");
        let inner: Vec<ChartFile> = files
            .into_iter()
            .filter_map(|f| {
                f.name.strip_prefix(&prefix).map(|rest| ChartFile {
                    name: rest.to_string(),
                    data: f.data.clone(),
                })
            })
            .collect();
        if inner.is_empty() {
            return Err(LoadError::new(format!(
                "error unpacking subchart {chart_name} in {}: Chart.yaml file is missing",
                metadata.name
            )));
        }
        let sub = load_files(inner).map_err(|e| {
            LoadError::new(format!(
                "error unpacking subchart {chart_name} in {}: {e}",
                metadata.name
            ))
        })?;
        dependencies.push(sub);
    }
    let values = match values {
        Some(Value::Nil) | None => Value::empty_map(),
        Some(v) => v,
    };
    let crds = other
        .iter()
        .filter(|f| f.name.starts_with("crds/"))
        .cloned()
        .collect();
    Ok(Chart {
        metadata,
        values,
        schema,
        templates,
        files: other,
        crds,
        dependencies,
    })
}
