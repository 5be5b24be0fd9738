//! Finding charts in a directory tree: every directory with a `Chart.yaml`
//! (its subcharts belong to it), skipping hidden directories,
//! `node_modules`, and what the tree's `.gitignore` and `.helmignore` files
//! exclude.
//!
//! The ignore files are read as a small, documented subset of gitignore: one
//! Go `filepath.Match` pattern per line; `#` comments; a pattern without `/`
//! matches a name at any depth below the file's directory, one with `/` is
//! relative to that directory; a trailing `/` matches directories only; a
//! leading `**/` is the same as no slash. Negations (`!`) are not supported
//! and are skipped, so they can only make the walk visit less.

use std::path::{Path, PathBuf};

use crate::chart::helmignore::match_pattern;

/// One ignore pattern and the directory whose ignore file holds it.
struct Pattern {
    base: PathBuf,
    glob: String,
    dir_only: bool,
    anchored: bool,
}

impl Pattern {
    fn matches(&self, path: &Path, is_dir: bool) -> bool {
        if self.dir_only && !is_dir {
            return false;
        }
        let Ok(rel) = path.strip_prefix(&self.base) else {
            return false;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if self.anchored {
            return match_pattern(&self.glob, &rel).unwrap_or(false);
        }
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        match_pattern(&self.glob, name).unwrap_or(false)
    }
}

fn read_patterns(dir: &Path, out: &mut Vec<Pattern>) {
    for file in [".gitignore", ".helmignore"] {
        let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
            continue;
        };
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
                continue;
            }
            let line = line.strip_prefix("**/").unwrap_or(line);
            let dir_only = line.ends_with('/');
            let line = line.trim_end_matches('/');
            let anchored = line.contains('/');
            let glob = line.trim_start_matches('/').to_string();
            if glob.is_empty() || match_pattern(&glob, "x").is_err() {
                continue;
            }
            out.push(Pattern {
                base: dir.to_path_buf(),
                glob,
                dir_only,
                anchored,
            });
        }
    }
}

/// The charts in `dir`: `dir` itself when it is a chart, else every chart
/// below it, in path order.
pub(crate) fn find_charts(dir: &Path) -> Vec<PathBuf> {
    if dir.join("Chart.yaml").is_file() {
        return vec![dir.to_path_buf()];
    }
    let mut charts = Vec::new();
    let mut patterns: Vec<Pattern> = Vec::new();
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let Ok(entry) = entry else {
            continue;
        };
        if !entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        let excluded = entry.depth() > 0
            && (name.starts_with('.')
                || name == "node_modules"
                || patterns.iter().any(|p| p.matches(path, true)));
        if excluded {
            walker.skip_current_dir();
            continue;
        }
        if path.join("Chart.yaml").is_file() {
            charts.push(path.to_path_buf());
            // Its subcharts are linted as part of it.
            walker.skip_current_dir();
            continue;
        }
        read_patterns(path, &mut patterns);
    }
    charts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_found_and_ignore_files_respected() {
        let root = std::env::temp_dir().join(format!("shipshape-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let chart = |p: &str| {
            let dir = root.join(p);
            std::fs::create_dir_all(dir.join("charts/sub")).unwrap();
            std::fs::write(dir.join("Chart.yaml"), "name: x\n").unwrap();
            std::fs::write(dir.join("charts/sub/Chart.yaml"), "name: sub\n").unwrap();
        };
        chart("apps/web");
        chart("apps/api");
        chart("vendor/upstream");
        chart("build/out/copy");
        chart(".cache/hidden");
        chart("deep/legacy/old");
        std::fs::write(
            root.join(".gitignore"),
            "# generated\n/build/\nvendor\n!keep\n",
        )
        .unwrap();
        std::fs::write(root.join("deep/.helmignore"), "legacy/\n").unwrap();
        let found: Vec<String> = find_charts(&root)
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(found, ["apps/api", "apps/web"]);
        assert_eq!(find_charts(&root.join("apps/web")), [root.join("apps/web")]);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
