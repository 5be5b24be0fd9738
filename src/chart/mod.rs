//! Helm charts on disk: `Chart.yaml`, `values.yaml`, `templates/`, other
//! files and `charts/` subcharts, loaded the way Helm's `loader` package
//! loads a chart directory; plus values coalescing and `--set` parsing.

pub mod deps;
pub(crate) mod helmignore;
pub mod lint;
mod load;
pub mod metadata;
pub(crate) mod schema;
pub mod sources;
pub mod strvals;
pub mod values;

use std::sync::Arc;

use crate::value::Value;

pub use load::{LoadError, LoadOptions, load, load_archive, load_dir, read_values};
pub use metadata::Metadata;

/// A file inside a chart, named by its slash-separated path relative to the
/// chart root (`templates/deployment.yaml`, `files/config.ini`).
#[derive(Clone, Debug)]
pub struct ChartFile {
    /// Path relative to the chart root, with `/` separators.
    pub name: String,
    /// The raw bytes.
    pub data: Arc<[u8]>,
}

/// A loaded chart and its subcharts.
#[derive(Clone, Debug)]
pub struct Chart {
    /// `Chart.yaml`, typed.
    pub metadata: Metadata,
    /// `values.yaml`, as Helm reads it (numbers are float64). An empty map
    /// when the chart has none.
    pub values: Value,
    /// The raw text of `values.schema.json`, if present.
    pub schema: Option<Arc<str>>,
    /// Files under `templates/`, sorted by name.
    pub templates: Vec<ChartFile>,
    /// Every other file Helm exposes through `.Files` (not `Chart.yaml`,
    /// `values.yaml`, `templates/` or `charts/`), sorted by name.
    pub files: Vec<ChartFile>,
    /// Files under `crds/`, sorted by name (also present in `files`).
    pub crds: Vec<ChartFile>,
    /// Subcharts from `charts/`, in directory order.
    pub dependencies: Vec<Chart>,
    /// Warnings Helm logs while loading (a `requirements.yaml` in a v2 chart).
    pub warnings: Vec<values::Warning>,
}

impl Chart {
    /// The chart's name from `Chart.yaml` (or its alias, once applied).
    pub fn name(&self) -> &str {
        &self.metadata.name
    }
}
