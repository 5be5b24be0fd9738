//! The `server` rules over `tests/data/server/`: each manifest states the
//! rule ids it must produce, no more and no fewer, in its first line
//! (`# expect: server/port-name, server/enum` or `# expect: none`); a JSON
//! manifest, which cannot hold comments, keeps that line in a sibling
//! `NAME.expect` file. `<<repeat C N>>` stands for the character C written
//! N times, so the size-limit cases stay small on disk.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use shipshape::manifest::read_stream;
use shipshape::validate::server;

fn expand_repeats(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<<repeat ") {
        out.push_str(&rest[..start]);
        let after = &rest[start + "<<repeat ".len()..];
        let end = after.find(">>").expect("unterminated <<repeat");
        let mut parts = after[..end].split(' ');
        let ch = parts.next().expect("repeat char");
        let n: usize = parts
            .next()
            .and_then(|n| n.parse().ok())
            .expect("repeat count");
        out.push_str(&ch.repeat(n));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

fn expected(line: &str, file: &Path) -> BTreeSet<String> {
    let list = line
        .trim()
        .strip_prefix("# expect:")
        .unwrap_or_else(|| panic!("{}: first line must be `# expect: ...`", file.display()))
        .trim();
    if list == "none" {
        return BTreeSet::new();
    }
    list.split(',').map(|s| s.trim().to_string()).collect()
}

#[test]
fn server_rules_match_expectations() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/server");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("tests/data/server")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    files.sort();
    assert!(files.len() >= 60, "only {} manifests", files.len());
    let mut failures = Vec::new();
    let mut seen_rules = BTreeSet::new();
    for file in &files {
        let text = expand_repeats(&fs::read_to_string(file).expect("read manifest"));
        let header = if file.extension().is_some_and(|e| e == "json") {
            fs::read_to_string(file.with_extension("expect"))
                .expect("NAME.expect beside a JSON case")
        } else {
            text.lines().next().unwrap_or("").to_string()
        };
        let want = expected(&header, file);
        let stream = read_stream(&file.display().to_string(), &text);
        assert!(
            stream.errors.is_empty(),
            "{}: {:?}",
            file.display(),
            stream.errors
        );
        let mut findings: Vec<_> = stream
            .documents
            .iter()
            .enumerate()
            .flat_map(|(i, d)| server::check(d, i))
            .collect();
        findings.extend(server::check_stream(&stream.documents));
        let got: BTreeSet<String> = findings.iter().map(|f| f.rule.clone()).collect();
        for f in &findings {
            assert!(
                server::rules().iter().any(|r| r.id == f.rule),
                "{}: unlisted rule {}",
                file.display(),
                f.rule
            );
        }
        // SERVER_RULES_PRINT=1 shows every finding, to review the messages.
        if std::env::var_os("SERVER_RULES_PRINT").is_some() {
            for f in &findings {
                let name = file.file_name().unwrap_or_default().to_string_lossy();
                eprintln!("{name}: {} {}: {}", f.rule, f.path, f.message);
            }
        }
        seen_rules.extend(got.iter().cloned());
        if got != want {
            let messages: Vec<String> = findings
                .iter()
                .map(|f| format!("  {} {} {}", f.rule, f.path, f.message))
                .collect();
            failures.push(format!(
                "{}: expected {want:?}, got {got:?}\n{}",
                file.file_name().unwrap_or_default().to_string_lossy(),
                messages.join("\n")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    // Every rule is exercised by at least one failing case.
    for rule in server::rules() {
        assert!(seen_rules.contains(rule.id), "no case triggers {}", rule.id);
    }
}
