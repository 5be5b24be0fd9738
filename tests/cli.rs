//! The `shipshape template` command end to end, for behaviours that golden
//! cases cannot pin down (absolute paths, files outside the chart).

use std::path::{Path, PathBuf};
use std::process::Command;

fn shipshape() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shipshape"))
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("shipshape-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn mini_chart(root: &Path, template: &str) -> PathBuf {
    let chart = root.join("chart");
    std::fs::create_dir_all(chart.join("templates")).unwrap();
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: mini\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(chart.join("templates/t.yaml"), template).unwrap();
    chart
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_chart_are_refused_unless_allowed() {
    let root = scratch("symlink-out");
    let chart = mini_chart(&root, "a: {{ .Files.Get \"secret\" | quote }}\n");
    std::fs::write(root.join("outside.txt"), "top secret\n").unwrap();
    std::os::unix::fs::symlink(root.join("outside.txt"), chart.join("secret")).unwrap();

    let refused = shipshape()
        .args(["template", "rel"])
        .arg(&chart)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("points outside the chart"), "{stderr}");
    assert!(stderr.contains("secret"), "{stderr}");
    assert!(refused.stdout.is_empty(), "no partial output");

    let allowed = shipshape()
        .args(["template", "rel"])
        .arg(&chart)
        .arg("--allow-external-symlinks")
        .output()
        .unwrap();
    assert_eq!(allowed.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&allowed.stdout).contains("a: \"top secret\\n\""));
    let _ = std::fs::remove_dir_all(&root);
}

#[cfg(unix)]
#[test]
fn dangling_symlinks_name_the_link() {
    let root = scratch("symlink-dangling");
    let chart = mini_chart(&root, "a: 1\n");
    std::os::unix::fs::symlink(root.join("missing"), chart.join("gone")).unwrap();
    let out = shipshape()
        .args(["template", "rel"])
        .arg(&chart)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("gone") && stderr.contains("dangling"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[cfg(unix)]
#[test]
fn symlinks_inside_the_chart_are_followed_and_logged_as_helm_does() {
    let root = scratch("symlink-in");
    let chart = mini_chart(&root, "a: {{ .Files.Get \"link\" | quote }}\n");
    std::fs::create_dir_all(chart.join("files")).unwrap();
    std::fs::write(chart.join("files/a.txt"), "hi\n").unwrap();
    std::os::unix::fs::symlink("files/a.txt", chart.join("link")).unwrap();
    let out = shipshape()
        .args(["template", "rel"])
        .arg(&chart)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("a: \"hi\\n\""));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("level=INFO msg=\"found symbolic link in path."),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn validate_needs_a_cluster_and_says_so() {
    let root = scratch("validate");
    let chart = mini_chart(&root, "a: 1\n");
    let out = shipshape()
        .args(["template", "rel"])
        .arg(&chart)
        .arg("--validate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cluster"));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn output_dir_writes_one_file_per_template() {
    let root = scratch("output-dir");
    let chart = mini_chart(&root, "a: 1\n---\nb: 2\n");
    let out_dir = root.join("out");
    let out = shipshape()
        .args(["template", "rel"])
        .arg(&chart)
        .arg("--output-dir")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(out_dir.join("mini/templates/t.yaml")).unwrap();
    assert_eq!(
        written,
        "---\n# Source: mini/templates/t.yaml\na: 1\n---\n# Source: mini/templates/t.yaml\nb: 2\n"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("wrote ").count(), 2, "{stdout}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn template_errors_carry_a_caret_snippet_for_terminals() {
    let root = scratch("snippet");
    let chart = mini_chart(&root, "a: 1\nb: {{ .Values.x.y }}\n");
    let outcome = shipshape::app::template::run(&shipshape::app::template::TemplateOptions {
        release_name: Some("rel".to_string()),
        chart,
        ..Default::default()
    });
    assert_eq!(outcome.code, 1);
    let snippet = outcome.snippet.expect("a snippet");
    assert!(snippet.contains("mini/templates/t.yaml:2:13"), "{snippet}");
    assert!(snippet.contains("b: {{ .Values.x.y }}"), "{snippet}");
    assert!(!outcome.stderr.contains("-->"), "piped stderr stays Helm's");
    let _ = std::fs::remove_dir_all(&root);
}
