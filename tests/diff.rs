//! `shipshape diff` end to end through `app::diff::run` (and its argument
//! parser), on the charts in `charts/`: two charts, two values sets, a
//! saved manifest, two git revisions, every output format, and the edge
//! cases (empty renders, duplicate identities, multi-document files, lists,
//! large manifests).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Parser;
use serde_json::Value;
use shipshape::app::Outcome;
use shipshape::app::diff::{DiffOptions, Inputs, run};
use shipshape::app::template::{self, TemplateOptions};
use shipshape::chart::sources::ValueSources;
use shipshape::cli::diff::DiffArgs;
use shipshape::diff::Format;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn chart(name: &str) -> PathBuf {
    root().join("charts").join(name)
}

/// A fresh directory under the target's temp area, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "shipshape-diff-test-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Parses a `shipshape diff` command line (without `shipshape diff`).
fn options(args: &[&str]) -> DiffOptions {
    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: DiffArgs,
    }
    let mut argv = vec!["diff".to_string()];
    argv.extend(args.iter().map(|a| a.to_string()));
    let mut options = Cli::try_parse_from(argv).unwrap().args.into_options();
    options.color = false;
    options
}

fn diff(args: &[&str]) -> Outcome {
    run(&options(args))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn render(chart: &Path, values: &[&str]) -> String {
    let out = template::run(&TemplateOptions {
        release_name: Some("web".into()),
        chart: chart.to_path_buf(),
        values: ValueSources {
            files: values.iter().map(|v| v.to_string()).collect(),
            ..ValueSources::default()
        },
        ..TemplateOptions::default()
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

fn json(out: &Outcome) -> Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or("")
}

#[test]
fn two_values_sets_of_webapp() {
    let c = chart("webapp");
    let staging = c.join("values-staging.yaml");
    let prod = c.join("values-prod.yaml");
    let out = diff(&[
        "web",
        s(&c),
        "--from-values",
        s(&staging),
        "--to-values",
        s(&prod),
        "--detailed-exitcode",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("default, web-webapp, Deployment (apps) has changed:\n"),
        "{}",
        out.stdout
    );
    // prod turns autoscaling on: the HPA is new and owns the replica count.
    for part in [
        " spec:\n-  replicas: 2\n   revisionHistoryLimit: 5\n",
        "-        image: ghcr.io/example/registry-api:2.8.1\n+        image: ghcr.io/example/registry-api@sha256:",
        "HorizontalPodAutoscaler (autoscaling) has been added:",
    ] {
        assert!(out.stdout.contains(part), "{part} not in {}", out.stdout);
    }
    let summary = last_line(&out.stdout);
    assert!(summary.ends_with(" removed"), "{summary}");
    // Same comparison as JSON: the summary agrees and each changed field is listed.
    let mut o = options(&[
        "web",
        s(&c),
        "--from-values",
        s(&staging),
        "--to-values",
        s(&prod),
        "-o",
        "json",
    ]);
    o.format = Format::Json;
    let v = json(&run(&o));
    let sum = &v["summary"];
    assert_eq!(
        summary,
        format!(
            "{} changed, {} added, {} removed",
            sum["changed"], sum["added"], sum["removed"]
        )
    );
    let deploy = v["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["identity"]["kind"] == "Deployment")
        .unwrap();
    assert_eq!(deploy["change"], "changed");
    assert_eq!(
        deploy["template"]["new"],
        "webapp/templates/deployment.yaml"
    );
    let replicas = deploy["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == "/spec/replicas")
        .unwrap();
    assert_eq!(replicas["old"], 2);
    assert!(replicas.get("new").is_none(), "{replicas}");
    assert_eq!(replicas["field"], "spec.replicas");
}

#[test]
fn set_flags_per_side_and_no_change() {
    let c = chart("webapp");
    let out = diff(&[
        "web",
        s(&c),
        "--to-set",
        "replicaCount=2",
        "--detailed-exitcode",
    ]);
    // replicaCount is already 2: nothing changes.
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "0 changed, 0 added, 0 removed\n");
    let out = diff(&[
        "web",
        s(&c),
        "--from-set",
        "replicaCount=1",
        "--to-set-string",
        "image.tag=9.9",
        "-o",
        "simple",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        // One replica on the old side: no PodDisruptionBudget there.
        "~ Deployment/web-webapp (namespace default)\n+ PodDisruptionBudget/web-webapp (namespace default)\n1 changed, 1 added, 0 removed\n"
    );
    // Identical sides are refused rather than reported as "no changes".
    let out = diff(&["web", s(&c)]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("nothing to compare"), "{}", out.stderr);
}

#[test]
fn two_charts_and_ignore_rules() {
    let tmp = TempDir::new("charts");
    let old = tmp.0.join("old");
    let new = tmp.0.join("new");
    copy_dir(&chart("webapp"), &old);
    copy_dir(&chart("webapp"), &new);
    let chart_yaml = std::fs::read_to_string(new.join("Chart.yaml")).unwrap();
    let bumped = chart_yaml.replacen("version: ", "version: 9", 1);
    assert_ne!(chart_yaml, bumped);
    std::fs::write(new.join("Chart.yaml"), bumped).unwrap();
    std::fs::write(
        new.join("templates/extra.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: b\n",
    )
    .unwrap();
    // The service template moves to another file: not a change.
    std::fs::rename(
        new.join("templates/service.yaml"),
        new.join("templates/svc.yaml"),
    )
    .unwrap();
    let out = diff(&["web", s(&old), s(&new), "-o", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = json(&out);
    assert_eq!(v["summary"]["added"], 1);
    assert!(v["summary"]["changed"].as_u64().unwrap() > 3, "{v}");
    // The chart label (and the checksums of files that carry it) is the
    // only other change; ignoring both leaves the ConfigMap.
    let out = diff(&[
        "web",
        s(&old),
        s(&new),
        "--ignore",
        "label:helm.sh/chart",
        "-o",
        "simple",
    ]);
    assert_eq!(
        out.stdout,
        "+ ConfigMap/extra (namespace default)\n~ Deployment/web-webapp (namespace default)\n1 changed, 1 added, 0 removed\n"
    );
    let out = diff(&[
        "web",
        s(&old),
        s(&new),
        "--ignore",
        "label:helm.sh/chart",
        "--ignore",
        "annotation:checksum/*",
        "-o",
        "simple",
    ]);
    assert_eq!(
        out.stdout, "+ ConfigMap/extra (namespace default)\n0 changed, 1 added, 0 removed\n",
        "{}",
        out.stderr
    );
    let out = diff(&[
        "web",
        s(&old),
        s(&new),
        "--ignore",
        "label:helm.sh/chart",
        "-o",
        "json",
    ]);
    let v = json(&out);
    let svc = v["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["identity"]["kind"] == "Service" && r["identity"]["name"] == "web-webapp")
        .unwrap();
    assert_eq!(svc["change"], "unchanged");
    assert_eq!(
        svc["template"],
        serde_json::json!({"old": "webapp/templates/service.yaml", "new": "webapp/templates/svc.yaml"})
    );
    // A bad rule is an error.
    let out = diff(&["web", s(&old), s(&new), "--ignore", "spec[x]"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("invalid --ignore rule"),
        "{}",
        out.stderr
    );
}

#[test]
fn saved_manifest_against_a_render() {
    let tmp = TempDir::new("manifest");
    let c = chart("webapp");
    let saved = tmp.0.join("saved.yaml");
    std::fs::write(&saved, render(&c, &[])).unwrap();
    let out = diff(&[
        "web",
        s(&c),
        "--from-manifest",
        s(&saved),
        "--detailed-exitcode",
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    // The same resources written differently (JSON, a List, keys reordered,
    // namespace spelled out or not) are still the same.
    let stream = shipshape::manifest::read_stream("saved", &render(&c, &[]));
    let items: Vec<Value> = stream.documents.iter().map(|d| d.value.clone()).collect();
    let list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": items});
    let as_json = tmp.0.join("saved.json");
    std::fs::write(&as_json, serde_json::to_string(&list).unwrap()).unwrap();
    let out = diff(&[
        "web",
        s(&c),
        "--from-manifest",
        s(&as_json),
        "--detailed-exitcode",
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    // Against prod values: changes, and exit 2.
    let prod = c.join("values-prod.yaml");
    let out = diff(&[
        "web",
        s(&c),
        "-f",
        s(&prod),
        "--from-manifest",
        s(&saved),
        "--detailed-exitcode",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    // A manifest that is not YAML names the file and line.
    let bad = tmp.0.join("bad.yaml");
    std::fs::write(&bad, "kind: ConfigMap\n---\na: [\n").unwrap();
    let out = diff(&["web", s(&c), "--from-manifest", s(&bad)]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(&format!("{}:", bad.display())),
        "{}",
        out.stderr
    );
}

#[test]
fn secrets_are_masked_unless_asked() {
    let c = chart("webapp");
    let args = [
        "web",
        s(&c),
        "--to-set",
        "secrets.s3SecretKey=topsecret-value,postgresql.auth.password=hunter22",
    ];
    let out = diff(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // base64 of "changeme" and of the new key, and the new password, never show.
    for hidden in ["Y2hhbmdlbWU=", "dG9wc2VjcmV0LXZhbHVl", "hunter22"] {
        assert!(!out.stdout.contains(hidden), "{hidden} in {}", out.stdout);
    }
    for part in [
        "-  s3-secret-key: \"--- old value (8 bytes)\"\n+  s3-secret-key: +++ changed value (15 bytes)\n",
        "-  password: \"--- old value (24 bytes)\"\n+  password: +++ changed value (8 bytes)\n",
        "   s3-access-key: \"*** (8 bytes)\"\n",
    ] {
        assert!(out.stdout.contains(part), "{part} not in {}", out.stdout);
    }
    // Both secrets, and the Deployment through its checksum/secret annotation.
    assert_eq!(last_line(&out.stdout), "3 changed, 0 added, 0 removed");
    let mut shown: Vec<&str> = args.to_vec();
    shown.push("--show-secrets");
    let out = diff(&shown);
    assert!(
        out.stdout
            .contains("+  s3-secret-key: dG9wc2VjcmV0LXZhbHVl\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("+  password: hunter22\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn platform_environments_in_markdown() {
    let c = chart("platform");
    let out = diff(&[
        "plat",
        s(&c),
        "--from-values",
        s(&c.join("values-dev.yaml")),
        "--to-values",
        s(&c.join("values-prod.yaml")),
        "-o",
        "markdown",
        "--detailed-exitcode",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("### shipshape diff: "),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("| Change | Kind | Name | Namespace | API group |")
    );
    assert!(
        out.stdout.contains("<details><summary><code>"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("```diff\n"), "{}", out.stdout);
    // Every fence is closed.
    assert_eq!(out.stdout.matches("```").count() % 2, 0);
}

#[test]
fn context_lines() {
    let c = chart("webapp");
    let count_context = |n: &str| {
        let out = diff(&["web", s(&c), "--to-set", "replicaCount=5", "-C", n]);
        out.stdout.lines().filter(|l| l.starts_with(' ')).count()
    };
    assert_eq!(count_context("0"), 0);
    assert_eq!(count_context("1"), 2);
    assert_eq!(count_context("3"), 6);
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn two_git_revisions() {
    if Command::new("git").arg("--version").output().is_err() {
        println!("note: git is not installed; skipping the git revision test");
        return;
    }
    let tmp = TempDir::new("git");
    let repo = tmp.0.join("repo");
    let c = repo.join("deploy/webapp");
    copy_dir(&chart("webapp"), &c);
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "v1"]);
    git(&repo, &["tag", "v1"]);
    // Commit 2: prod autoscales from more replicas and the chart gains a ConfigMap.
    let prod = c.join("values-prod.yaml");
    let text = std::fs::read_to_string(&prod).unwrap();
    std::fs::write(&prod, text.replace("minReplicas: 4", "minReplicas: 6")).unwrap();
    std::fs::write(
        c.join("templates/extra.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n",
    )
    .unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "v2"]);
    // Uncommitted work on top.
    std::fs::write(&prod, text.replace("minReplicas: 4", "minReplicas: 8")).unwrap();
    let status_before = git(&repo, &["status", "--porcelain"]);

    let ps = s(&prod);
    let out = diff(&[
        "web",
        s(&c),
        "-f",
        ps,
        "--from-rev",
        "v1",
        "--to-rev",
        "HEAD",
        "-o",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = json(&out);
    let replicas = v["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["identity"]["kind"] == "HorizontalPodAutoscaler")
        .unwrap()["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == "/spec/minReplicas")
        .cloned()
        .unwrap();
    assert_eq!(
        (replicas["old"].as_i64(), replicas["new"].as_i64()),
        (Some(4), Some(6))
    );
    assert_eq!(v["summary"]["added"], 1);
    // Against the working tree (the default new side).
    let out = diff(&["web", s(&c), "-f", ps, "--from-rev", "HEAD", "-o", "simple"]);
    assert_eq!(
        out.stdout,
        "~ HorizontalPodAutoscaler/web-webapp (namespace default)\n1 changed, 0 added, 0 removed\n",
        "{}",
        out.stderr
    );
    // The options as an environment resolver fills them in (no values files).
    let out = run(&DiffOptions {
        chart: c.clone(),
        from: Inputs::default(),
        to: Inputs::default(),
        from_rev: Some("v1".into()),
        release_name: "web".into(),
        format: Format::Simple,
        context: 3,
        ..DiffOptions::default()
    });
    assert!(
        out.stdout.starts_with("+ ConfigMap/extra"),
        "{}{}",
        out.stdout,
        out.stderr
    );
    // Nothing in the working tree moved.
    assert_eq!(git(&repo, &["status", "--porcelain"]), status_before);
    // Unknown revisions are named.
    let out = diff(&["web", s(&c), "--from-rev", "no-such-tag"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("unknown git revision \"no-such-tag\""),
        "{}",
        out.stderr
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A tiny chart whose single template is `template`.
fn tiny_chart(dir: &Path, template: &str) -> PathBuf {
    let c = dir.join("tiny");
    std::fs::create_dir_all(c.join("templates")).unwrap();
    write(
        &c,
        "Chart.yaml",
        "apiVersion: v2\nname: tiny\nversion: 0.1.0\n",
    );
    write(&c, "values.yaml", "enabled: false\n");
    write(&c.join("templates"), "all.yaml", template);
    c
}

#[test]
fn empty_renders() {
    let tmp = TempDir::new("empty");
    let c = tiny_chart(
        &tmp.0,
        "{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n{{- end }}\n",
    );
    let out = diff(&["r", s(&c), "--from-set", "x=1", "--detailed-exitcode"]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "0 changed, 0 added, 0 removed\n"),
        "{}",
        out.stderr
    );
    let out = diff(&[
        "r",
        s(&c),
        "--to-set",
        "enabled=true",
        "--detailed-exitcode",
    ]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.starts_with("default, a, ConfigMap (v1) has been added:\n# Source: tiny/templates/all.yaml\n+apiVersion: v1\n"), "{}", out.stdout);
    let empty = write(&tmp.0, "empty.yaml", "");
    let out = diff(&[
        "r",
        s(&c),
        "--from-manifest",
        s(&empty),
        "--to-set",
        "enabled=true",
        "-o",
        "simple",
    ]);
    assert_eq!(
        out.stdout,
        "+ ConfigMap/a (namespace default)\n0 changed, 1 added, 0 removed\n"
    );
}

#[test]
fn duplicate_identities_name_both_templates() {
    let tmp = TempDir::new("dup");
    let c = tiny_chart(
        &tmp.0,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
    );
    write(
        &c.join("templates"),
        "again.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n",
    );
    let out = diff(&["r", s(&c), "--from-set", "x=1"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        "Error: the old side has two resources default, a, ConfigMap (v1): from tiny/templates/again.yaml and from tiny/templates/all.yaml\n"
    );
    // In a saved manifest the documents are named by file and line.
    let saved = write(
        &tmp.0,
        "m.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
    );
    let out = diff(&["r", s(&c), "--from-manifest", s(&saved)]);
    assert!(
        out.stderr
            .contains(&format!("from {0}:1 and from {0}:5", saved.display())),
        "{}",
        out.stderr
    );
}

#[test]
fn multi_document_files_lists_and_replacements() {
    let tmp = TempDir::new("multi");
    // One template file with several documents, one of them a list-valued change.
    let c = tiny_chart(
        &tmp.0,
        "apiVersion: apps/v1\nkind: {{ .Values.kind | default \"Deployment\" }}\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      containers:\n      - name: pg\n        args: {{ toJson .Values.args }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.cm | default \"settings\" }}\ndata:\n  a: \"1\"\n  b: \"2\"\n",
    );
    write(&c, "values.yaml", "args: [--a, --b]\n");
    let out = diff(&["r", s(&c), "--to-set", "args={--a,--b,--c}", "-o", "json"]);
    let v = json(&out);
    assert_eq!(v["summary"]["changed"], 1, "{v}");
    let db = &v["resources"][0];
    assert_eq!(db["identity"]["name"], "db");
    assert_eq!(
        db["changes"],
        serde_json::json!([{"path": "/spec/template/spec/containers/0/args", "field": "spec.template.spec.containers[0].args",
            "old": ["--a", "--b"], "new": ["--a", "--b", "--c"]}])
    );
    let out = diff(&["r", s(&c), "--to-set", "args={--a,--c}"]);
    assert!(
        out.stdout
            .contains("         - --a\n-        - --b\n+        - --c\n"),
        "{}",
        out.stdout
    );
    // Kind change and rename are warned about.
    let out = diff(&["r", s(&c), "--to-set", "kind=StatefulSet,cm=settings-v2"]);
    assert!(
        out.stdout.contains("warning: Deployment/db (namespace default) becomes StatefulSet/db (namespace default): an upgrade deletes the Deployment and creates a StatefulSet\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "warning: ConfigMap/settings (namespace default) is renamed to ConfigMap/settings-v2"
        ),
        "{}",
        out.stdout
    );
    let out = diff(&["r", s(&c), "--to-set", "kind=StatefulSet", "-o", "json"]);
    assert_eq!(json(&out)["warnings"][0]["code"], "kind-change");
}

#[test]
fn large_manifests() {
    let tmp = TempDir::new("large");
    let make = |n: usize, changed_every: usize| {
        let mut text = String::new();
        for i in 0..n {
            let replicas = if changed_every > 0 && i % changed_every == 0 {
                3
            } else {
                2
            };
            text.push_str(&format!(
                "---\n# Source: big/templates/d{i}.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d{i}\n  labels: {{app: d{i}}}\nspec:\n  replicas: {replicas}\n  template:\n    spec:\n      containers:\n      - name: c\n        image: img:{i}\n        env: [{{name: A, value: \"1\"}}, {{name: B, value: \"2\"}}]\n"
            ));
        }
        text
    };
    let old = write(&tmp.0, "old.yaml", &make(3000, 0));
    let c = tiny_chart(&tmp.0, "{{ .Files.Get \"big.yaml\" }}");
    write(&c, "big.yaml", &make(3000, 100));
    let start = std::time::Instant::now();
    let out = diff(&["big", s(&c), "--from-manifest", s(&old), "-o", "simple"]);
    let took = start.elapsed();
    assert_eq!(
        last_line(&out.stdout),
        "30 changed, 0 added, 0 removed",
        "{}",
        out.stderr
    );
    // Generous even for a debug build on a loaded machine.
    assert!(took.as_secs() < 60, "{took:?}");
}

#[test]
fn packaged_chart_and_chart_at_repository_root() {
    let tgz = chart("platform").join("charts/worker-0.3.0.tgz");
    // Rendering errors name the side and keep Helm's message.
    let out = diff(&["r", s(&tgz), s(&tgz)]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.starts_with(&format!(
            "Error: rendering the old side ({}) failed: ",
            tgz.display()
        )) && out
            .stderr
            .contains("nil pointer evaluating interface {}.environment"),
        "{}",
        out.stderr
    );
    let out = diff(&[
        "r",
        s(&tgz),
        s(&tgz),
        "--set-json",
        "global={\"environment\":\"dev\"}",
        "--to-set",
        "global.environment=prod",
        "--detailed-exitcode",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stdout.ends_with(" changed, 0 added, 0 removed\n"),
        "{}",
        out.stdout
    );
    if Command::new("git").arg("--version").output().is_err() {
        println!("note: git is not installed; skipping the repository-root case");
        return;
    }
    let tmp = TempDir::new("root");
    let c = tiny_chart(
        &tmp.0,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  v: {{ .Values.v | quote }}\n",
    );
    write(&c, "values.yaml", "v: one\n");
    git(&c, &["init", "-q"]);
    git(&c, &["add", "-A"]);
    git(&c, &["commit", "-qm", "one"]);
    write(&c, "values.yaml", "v: two\n");
    let out = diff(&["r", s(&c), "--from-rev", "HEAD", "-o", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        json(&out)["resources"][0]["changes"],
        serde_json::json!([{"path": "/data/v", "field": "data.v", "old": "one", "new": "two"}])
    );
    // A chart outside any repository cannot be read at a revision.
    let outside = std::env::temp_dir();
    let out = diff(&["r", s(&outside), "--from-rev", "HEAD"]);
    assert_eq!(out.code, 1);
}

/// `--env staging --to-env prod` through the binary: environments come from
/// charts/shipshape.yaml, and resources in each side's release namespace
/// are matched across namespaces.
#[test]
fn two_environments_of_one_chart_from_the_command_line() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "diff",
            "web",
            "charts/webapp",
            "--env",
            "staging",
            "--to-env",
            "prod",
            "-o",
            "simple",
            "--detailed-exitcode",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains("~ Deployment/web-webapp (namespace prod)"),
        "{text}"
    );
    assert!(
        text.contains("+ HorizontalPodAutoscaler/web-webapp"),
        "{text}"
    );
    assert!(text.ends_with("16 changed, 1 added, 0 removed\n"), "{text}");
    let same = std::process::Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "diff",
            "web",
            "charts/webapp",
            "--env",
            "qa",
            "--to-env",
            "prod",
        ])
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&same.stderr).contains("no environment \"qa\""));
}
