//! Loading a chart directory as Helm's `loader.LoadDir` does: walk the tree
//! (symlinks followed, lexical order), drop what `.helmignore` ignores, then
//! sort each file into metadata, values, templates, subcharts or `.Files`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::helmignore::Rules;
use super::metadata::Metadata;
use super::{Chart, ChartFile};
use crate::compat::Compat;
use crate::value::printf::slog_text_value;
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

/// How to load a chart.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// Which Helm's rules to follow for values files.
    pub compat: Compat,
    /// Follow symlinks that leave the chart directory. Helm does so
    /// silently; shipshape refuses unless asked (`--allow-external-symlinks`),
    /// since a chart in a pull request could otherwise read and print any
    /// file the CI runner can read.
    pub allow_external_symlinks: bool,
}

/// Loads the chart in directory `dir` with its subcharts.
pub fn load_dir(dir: &Path, options: &LoadOptions) -> Result<Chart, LoadError> {
    if options.compat == Compat::Helm4 && !dir.join("Chart.yaml").exists() {
        // Helm 4 looks for Chart.yaml before loading anything.
        let path =
            std::path::absolute(dir.join("Chart.yaml")).unwrap_or_else(|_| dir.join("Chart.yaml"));
        return Err(LoadError::new(format!(
            "unable to detect chart at {0}: open {0}: no such file or directory",
            path.display()
        )));
    }
    let mut warnings = Vec::new();
    let (files, values) = read_tree(dir, options, &mut warnings)?;
    let mut chart = load_files_with(files, options.compat, values)?;
    warnings.append(&mut chart.warnings);
    chart.warnings = warnings;
    Ok(chart)
}

/// Loads a chart from a path: a directory or a packaged `.tgz`.
pub fn load(path: &Path, options: &LoadOptions) -> Result<Chart, LoadError> {
    let compat = options.compat;
    if path.is_dir() {
        return load_dir(path, options);
    }
    let data = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            LoadError::new(format!("path {:?} not found", path.display().to_string()))
        }
        _ => LoadError::new(format!("open {}: {e}", path.display())),
    })?;
    if data.len() < 2 || data[0] != 0x1f || data[1] != 0x8b {
        // Helm's ensureArchive names the absolute path.
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        return Err(LoadError::new(format!(
            "file '{}' does not appear to be a gzipped archive; got 'application/octet-stream'",
            path.display()
        )));
    }
    load_archive(&data, compat)
}

/// Helm's limits on archives (`loader.MaxDecompressedChartSize`,
/// `MaxDecompressedFileSize`): a zip bomb stops with an error.
const MAX_CHART_SIZE: u64 = 100 * 1024 * 1024;
const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// Loads a gzipped tar chart held in memory, as Helm's `LoadArchive`:
/// the top directory is stripped, entries outside it are refused.
pub fn load_archive(data: &[u8], compat: Compat) -> Result<Chart, LoadError> {
    if data.len() < 2 || data[0] != 0x1f || data[1] != 0x8b {
        // Go's gzip.NewReader on a subchart archive.
        return Err(LoadError::new("gzip: invalid header"));
    }
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(data));
    let entries = archive
        .entries()
        .map_err(|e| LoadError::new(format!("error reading archive: {e}")))?;
    let mut files = Vec::new();
    let mut total: u64 = 0;
    for entry in entries {
        let mut entry = entry.map_err(|e| LoadError::new(format!("error reading archive: {e}")))?;
        let kind = entry.header().entry_type();
        if kind.is_dir() || kind.is_pax_global_extensions() || kind.is_pax_local_extensions() {
            continue;
        }
        let raw = entry
            .path()
            .map_err(|e| LoadError::new(format!("error reading archive: {e}")))?
            .to_string_lossy()
            .replace('\\', "/");
        if raw == "pax_global_header" {
            continue;
        }
        let mut parts = raw.splitn(2, '/');
        let top = parts.next().unwrap_or_default();
        let name = parts.next().unwrap_or_default().to_string();
        if top == "Chart.yaml" {
            return Err(LoadError::new("chart yaml not in base directory"));
        }
        if name.is_empty() {
            continue;
        }
        if name.starts_with("..") || name.split('/').any(|p| p == "..") {
            return Err(LoadError::new(
                "chart illegally contains content outside the base directory",
            ));
        }
        if name.starts_with('/') {
            return Err(LoadError::new("chart illegally contains absolute paths"));
        }
        let size = entry.header().size().unwrap_or(0);
        if size > MAX_FILE_SIZE {
            return Err(LoadError::new(format!(
                "decompressed chart file {name:?} is larger than the maximum file size {MAX_FILE_SIZE}"
            )));
        }
        total = total.saturating_add(size);
        if total > MAX_CHART_SIZE {
            return Err(LoadError::new(
                "decompressed chart is larger than the maximum size",
            ));
        }
        let mut buf = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        (&mut entry)
            .take(MAX_FILE_SIZE + 1)
            .read_to_end(&mut buf)
            .map_err(|e| LoadError::new(format!("error reading archive: {e}")))?;
        files.push(ChartFile {
            name,
            data: buf.into(),
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    load_files(files, compat)
}

/// `values.yaml` of a chart as [`read_values`] reads it, or why not.
type ParsedValues = Result<Value, String>;

/// Reads every file below `dir` that `.helmignore` keeps, with paths relative
/// to `dir` and `/` separators, in lexical order; and the chart's own
/// `values.yaml` read as values, when there is one.
fn read_tree(
    dir: &Path,
    options: &LoadOptions,
    warnings: &mut Vec<super::values::Warning>,
) -> Result<(Vec<ChartFile>, Option<ParsedValues>), LoadError> {
    let allow_external_symlinks = options.allow_external_symlinks;
    let root = std::fs::canonicalize(dir)
        .map_err(|e| LoadError::new(format!("{}: {e}", dir.display())))?;
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let rules = match std::fs::read_to_string(dir.join(".helmignore")) {
        Ok(text) => Rules::parse(&text).map_err(LoadError::new)?,
        Err(_) => Rules::parse("").map_err(LoadError::new)?,
    };
    let mut paths = Vec::new();
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by(|a, b| file_name(a.path()).cmp(file_name(b.path())))
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = entry.map_err(|e| match e.loop_ancestor() {
            Some(ancestor) => LoadError::new(format!(
                "chart symlink {} loops back to {}",
                e.path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                ancestor.display()
            )),
            None => match (e.path(), e.io_error()) {
                (Some(path), Some(io)) if path.is_symlink() => LoadError::new(format!(
                    "chart symlink {} is dangling ({}): {io}",
                    path.display(),
                    std::fs::read_link(path)
                        .map(|t| t.display().to_string())
                        .unwrap_or_default()
                )),
                _ => LoadError::new(e.to_string()),
            },
        })?;
        let rel = relative_name(dir, entry.path());
        if rel.is_empty() {
            continue;
        }
        if entry.path_is_symlink() {
            let target = std::fs::canonicalize(entry.path()).map_err(|e| {
                LoadError::new(format!(
                    "chart symlink {} cannot be resolved: {e}",
                    entry.path().display()
                ))
            })?;
            // Helm's sympath.Walk logs every link it follows.
            let link = absolute.join(&rel);
            warnings.push(super::values::Warning {
                helm3: format!(
                    "walk.go:75: found symbolic link in path: {} resolves to {}. Contents of linked file included and used",
                    link.display(),
                    target.display()
                ),
                helm4: Some(format!(
                    "level=INFO msg=\"found symbolic link in path. Contents of linked file included and used\" path={} resolved={}",
                    slog_text_value(&link.display().to_string()),
                    slog_text_value(&target.display().to_string())
                )),
            });
            if !allow_external_symlinks && !target.starts_with(&root) {
                return Err(LoadError::new(format!(
                    "chart symlink {} points outside the chart to {}; \
                     refusing to read it (pass --allow-external-symlinks to follow it as Helm does)",
                    entry.path().display(),
                    target.display()
                )));
            }
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
        paths.push((rel, entry.into_path()));
    }
    // Reading many small files is system-call bound; read them in parallel
    // and keep the walk's order.
    use rayon::prelude::*;
    let read = |(rel, path): (String, std::path::PathBuf)| {
        std::fs::read(&path)
            .map(|data| ChartFile {
                name: rel.clone(),
                data: data.into(),
            })
            .map_err(|e| LoadError::new(format!("error reading {rel}: {e}")))
    };
    // A thread pool costs more than it saves on a small chart.
    if paths.len() <= 64 {
        let files = paths.into_iter().map(read).collect::<Result<_, _>>()?;
        return Ok((files, None));
    }
    // Reading values.yaml as values is the longest step of loading a big
    // chart: it runs beside the reading of the other files, not after it.
    let values_at = paths.iter().position(|(rel, _)| rel == "values.yaml");
    let values_path = values_at.map(|i| paths.remove(i));
    let (files, values) = rayon::join(
        || {
            paths
                .into_par_iter()
                .map(read)
                .collect::<Result<Vec<_>, _>>()
        },
        || {
            values_path.map(|path| {
                let file = read(path)?;
                let parsed = read_values(&file.data, options.compat);
                Ok::<_, LoadError>((file, parsed))
            })
        },
    );
    let mut files = files?;
    match (values_at, values.transpose()?) {
        (Some(i), Some((file, parsed))) => {
            files.insert(i, file);
            Ok((files, Some(parsed)))
        }
        _ => Ok((files, None)),
    }
}

/// The last component of a path the walk made (the directory joined with
/// a name), as `Path::file_name` gives it but without parsing every
/// component: sorting a big directory compared names thousands of times.
#[cfg(unix)]
fn file_name(path: &Path) -> &[u8] {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    match memchr::memrchr(b'/', bytes) {
        Some(slash) if slash + 1 < bytes.len() => &bytes[slash + 1..],
        _ => path.file_name().map_or(bytes, |name| name.as_bytes()),
    }
}

#[cfg(not(unix))]
fn file_name(path: &Path) -> &std::ffi::OsStr {
    path.file_name().unwrap_or(path.as_os_str())
}

fn relative_name(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A values file as each Helm reads it: Helm 3 keeps the first YAML
/// document; Helm 4 reads every document and deep-merges them in order.
pub fn read_values(data: &[u8], compat: Compat) -> Result<Value, String> {
    match compat {
        Compat::Helm3 => yaml::from_slice_map(data).map_err(|e| e.to_string()),
        Compat::Helm4 => {
            let docs = match std::str::from_utf8(data) {
                Ok(text) => yaml::documents(text).map_err(|e| e.to_string())?,
                // Not UTF-8: split the bytes the same way and let the YAML
                // reader name the bad octet, as Helm 4's reader does.
                Err(_) => split_byte_documents(data)
                    .into_iter()
                    .map(|doc| {
                        yaml::from_slice_map(doc)
                            .map_err(|e| format!("cannot unmarshal yaml document: {e}"))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            };
            let mut merged = BTreeMap::new();
            for doc in docs {
                if let Some(map) = doc.as_map() {
                    merged = super::values::merge_maps(&merged, &map.snapshot());
                }
            }
            Ok(Value::map(merged))
        }
    }
}

/// `yaml::split_documents` over bytes: a line starting with `---` ends a
/// document.
fn split_byte_documents(data: &[u8]) -> Vec<&[u8]> {
    let mut docs = Vec::new();
    let (mut start, mut pos) = (0, 0);
    for line in data.split_inclusive(|b| *b == b'\n') {
        if line.starts_with(b"---") {
            if pos > start {
                docs.push(&data[start..pos]);
            }
            start = pos + line.len();
        }
        pos += line.len();
    }
    if data.len() > start {
        docs.push(&data[start..]);
    }
    docs
}

/// The JSON kind Go's decoder names in a type error.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Map(_) => "object",
        Value::List(_) => "array",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Int64(_) | Value::Float(_) => "number",
        _ => "string",
    }
}

/// Helm reads Chart.lock into its `Lock` struct while loading and fails on
/// what does not fit; `template` uses nothing from it (no digest check).
/// sigs.k8s.io/yaml turns scalars into strings for string fields, so only
/// the shapes below can fail.
fn check_lock(text: &str, compat: Compat) -> Result<(), String> {
    let doc = yaml::from_str(text).map_err(|e| e.to_string())?;
    let package = match compat {
        Compat::Helm3 => "chart",
        Compat::Helm4 => "v2",
    };
    let decode = |detail: String| format!("error unmarshaling JSON: while decoding JSON: {detail}");
    let map = match &doc {
        Value::Nil => return Ok(()),
        Value::Map(map) => map.snapshot(),
        other => {
            return Err(decode(format!(
                "json: cannot unmarshal {} into Go value of type {package}.Lock",
                json_kind(other)
            )));
        }
    };
    match map.get("dependencies") {
        None | Some(Value::Nil) => {}
        Some(Value::List(list)) => {
            if let Some(bad) = list
                .items
                .iter()
                .find(|d| !matches!(d, Value::Nil | Value::Map(_)))
            {
                return Err(decode(format!(
                    "json: cannot unmarshal {} into Go struct field Lock.dependencies of type {package}.Dependency",
                    json_kind(bad)
                )));
            }
        }
        Some(other) => {
            return Err(decode(format!(
                "json: cannot unmarshal {} into Go struct field Lock.dependencies of type []*{package}.Dependency",
                json_kind(other)
            )));
        }
    }
    match map.get("generated") {
        None | Some(Value::Nil) | Some(Value::String(_)) => Ok(()),
        Some(_) => Err(decode(
            "Time.UnmarshalJSON: input is not a JSON string".to_string(),
        )),
    }
}

fn text(file: &ChartFile) -> String {
    String::from_utf8_lossy(&file.data).into_owned()
}

/// Sorts loaded files into a chart, as Helm's `loader.LoadFiles`.
fn load_files(files: Vec<ChartFile>, compat: Compat) -> Result<Chart, LoadError> {
    load_files_with(files, compat, None)
}

/// [`load_files`] with the chart's `values.yaml` already read as values.
fn load_files_with(
    files: Vec<ChartFile>,
    compat: Compat,
    mut parsed_values: Option<ParsedValues>,
) -> Result<Chart, LoadError> {
    let mut metadata = None;
    let mut values = None;
    let mut schema = None;
    let mut templates = Vec::new();
    let mut other = Vec::new();
    let mut subchart_files: BTreeMap<String, Vec<ChartFile>> = BTreeMap::new();
    let mut requirements = None;
    let mut warnings = Vec::new();
    for file in files {
        match file.name.as_str() {
            "Chart.yaml" => {
                let doc = yaml::from_str(&text(&file))
                    .map_err(|e| LoadError::new(format!("cannot load Chart.yaml: {e}")))?;
                metadata = Some(Metadata::from_value(&doc).map_err(|e| LoadError::new(e.0))?);
            }
            "values.yaml" => {
                let doc = parsed_values
                    .take()
                    .unwrap_or_else(|| read_values(&file.data, compat))
                    .map_err(|e| LoadError::new(format!("cannot load values.yaml: {e}")))?;
                values = Some(doc);
            }
            "values.schema.json" => schema = Some(Arc::from(text(&file))),
            "requirements.yaml" => requirements = Some(file),
            "Chart.lock" => check_lock(&text(&file), compat)
                .map_err(|e| LoadError::new(format!("cannot load Chart.lock: {e}")))?,
            "requirements.lock" => {}
            name if name.starts_with("templates/") => templates.push(file),
            name if name.starts_with("charts/") => {
                let rest = &name["charts/".len()..];
                if rest.ends_with(".prov") {
                    other.push(file);
                    continue;
                }
                let chart_name = rest.split('/').next().unwrap_or(rest).to_string();
                subchart_files.entry(chart_name).or_default().push(file);
            }
            _ => other.push(file),
        }
    }
    let Some(mut metadata) = metadata else {
        return Err(LoadError::new("Chart.yaml file is missing"));
    };
    // Helm validates every chart as it loads it (subcharts included).
    metadata.validate().map_err(|e| LoadError::new(e.0))?;
    if compat == Compat::Helm4 && metadata.api_version != "v1" && metadata.api_version != "v2" {
        return Err(LoadError::new("invalid chart apiVersion"));
    }
    if metadata.deprecated {
        warnings.push(super::values::Warning {
            helm3: "WARNING: This chart is deprecated".to_string(),
            helm4: Some("level=WARN msg=\"this chart is deprecated\"".to_string()),
        });
    }
    if let Some(file) = requirements {
        // Helm reads requirements.yaml over the metadata, and warns when the
        // chart is not apiVersion v1 (where it belongs).
        if metadata.api_version != "v1" || metadata.api_version_defaulted {
            let message = "Warning: Dependencies are handled in Chart.yaml since apiVersion \"v2\". We recommend migrating dependencies to Chart.yaml.";
            warnings.push(super::values::Warning {
                helm3: format!("load.go:120: {message}"),
                helm4: Some(format!(
                    "level=INFO msg={}",
                    super::values::go_quote(message)
                )),
            });
        }
        let doc = yaml::from_slice_map(&file.data)
            .map_err(|e| LoadError::new(format!("cannot load requirements.yaml: {e}")))?;
        let overlay = Metadata::from_value(&doc).map_err(|e| LoadError::new(e.0))?;
        if !overlay.dependencies.is_empty() {
            metadata.dependencies = overlay.dependencies;
        }
    }
    let mut dependencies = Vec::new();
    for (chart_name, files) in subchart_files {
        // Helm skips names starting with `_` or `.` under charts/.
        if chart_name.starts_with(['_', '.']) {
            continue;
        }
        let sub = if chart_name.ends_with(".tgz") {
            let file = &files[0];
            let full = format!("charts/{chart_name}");
            if file.name != full {
                return Err(LoadError::new(format!(
                    "error unpacking tar in {}: expected {chart_name}, got {}",
                    metadata.name,
                    file.name.trim_start_matches("charts/")
                )));
            }
            load_archive(&file.data, compat)
        } else {
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
            load_files(inner, compat)
        };
        let sub = sub.map_err(|e| {
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
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_lock_decodes_as_helms_lock() {
        let json = "error unmarshaling JSON: while decoding JSON: ";
        let cases: &[(&str, Compat, Result<(), String>)] = &[
            ("", Compat::Helm4, Ok(())),
            (
                "digest: 5\ndependencies: [{name: 5}, null]\n",
                Compat::Helm3,
                Ok(()),
            ),
            (
                "- a\n",
                Compat::Helm3,
                Err(format!(
                    "{json}json: cannot unmarshal array into Go value of type chart.Lock"
                )),
            ),
            (
                "- a\n",
                Compat::Helm4,
                Err(format!(
                    "{json}json: cannot unmarshal array into Go value of type v2.Lock"
                )),
            ),
            (
                "dependencies: {a: 1}\n",
                Compat::Helm4,
                Err(format!(
                    "{json}json: cannot unmarshal object into Go struct field Lock.dependencies of type []*v2.Dependency"
                )),
            ),
            (
                "dependencies: [x]\n",
                Compat::Helm3,
                Err(format!(
                    "{json}json: cannot unmarshal string into Go struct field Lock.dependencies of type chart.Dependency"
                )),
            ),
            (
                "generated: 5\n",
                Compat::Helm3,
                Err(format!(
                    "{json}Time.UnmarshalJSON: input is not a JSON string"
                )),
            ),
        ];
        for (text, compat, want) in cases {
            assert_eq!(&check_lock(text, *compat), want, "{text}");
        }
    }

    #[test]
    fn helm4_merges_every_values_document() {
        let v = read_values(b"a: 1\n---\nb: 2\n", Compat::Helm4).unwrap();
        assert_eq!(v.to_go_string(), "map[a:1 b:2]");
        let v = read_values(b"a: 1\n---\nb: 2\n", Compat::Helm3).unwrap();
        assert_eq!(v.to_go_string(), "map[a:1]");
    }
}
