//! `-o junit`: one test suite per source (a file, or a chart in one
//! environment), one test case per resource and check family; a case
//! fails with every failing finding of its family.

use std::fmt::Write;

use super::{Report, Status};
use crate::diag::Category;

pub(super) fn render(report: &Report) -> String {
    let mut suites: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, r) in report.resources.iter().enumerate() {
        let name = match (&r.chart, &r.env) {
            (Some(chart), Some(env)) => format!("{chart} [{env}]"),
            (Some(chart), None) => chart.clone(),
            _ => r.source.to_string(),
        };
        match suites.iter_mut().find(|(n, _)| *n == name) {
            Some((_, members)) => members.push(i),
            None => suites.push((name, vec![i])),
        }
    }
    let families: Vec<Category> = report
        .checks
        .iter()
        .copied()
        .filter(|c| *c != Category::Syntax)
        .collect();
    let mut body = String::new();
    let (mut total_tests, mut total_failures, mut total_skipped) = (0, 0, 0);
    for (name, members) in &suites {
        let mut cases = String::new();
        let (mut tests, mut failures, mut skipped) = (0, 0, 0);
        for &i in members {
            let r = &report.resources[i];
            for family in &families {
                tests += 1;
                let case_name = format!("{}/{} {}", or_none(&r.kind), or_none(&r.name), family);
                let classname = r.template.clone().unwrap_or_else(|| r.source.to_string());
                let _ = write!(
                    cases,
                    "    <testcase name=\"{}\" classname=\"{}\"",
                    escape(&case_name),
                    escape(&classname)
                );
                let failing: Vec<_> = report
                    .findings
                    .iter()
                    .filter(|f| {
                        f.resource == Some(i) && f.category == *family && f.exempted.is_none()
                    })
                    .filter(|f| f.severity >= crate::diag::Severity::Warning)
                    .collect();
                if r.status == Status::Skipped {
                    skipped += 1;
                    cases.push_str(">\n      <skipped/>\n    </testcase>\n");
                } else if failing.is_empty() {
                    cases.push_str("/>\n");
                } else {
                    failures += 1;
                    let text: Vec<String> = failing
                        .iter()
                        .map(|f| {
                            let at = f
                                .location
                                .as_ref()
                                .map(|l| format!(" ({}:{}:{})", l.file, l.line, l.column))
                                .unwrap_or_default();
                            format!("{} [{}] {}{at}", f.severity, f.rule, f.message)
                        })
                        .collect();
                    let _ = write!(
                        cases,
                        ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                        escape(&failing[0].message),
                        escape(&failing[0].rule),
                        escape(&text.join("\n"))
                    );
                }
            }
        }
        total_tests += tests;
        total_failures += failures;
        total_skipped += skipped;
        let _ = write!(
            body,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">\n{cases}  </testsuite>\n",
            escape(name)
        );
    }
    // Findings about no resource (unreadable input, failed renders, Helm's
    // chart checks): a test case each, in their chart's suite when they
    // have one; info findings are not test failures.
    let loose: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.resource.is_none() && f.exempted.is_none())
        .filter(|f| f.severity >= crate::diag::Severity::Warning)
        .collect();
    let mut loose_suites: Vec<(String, String)> = Vec::new();
    for f in &loose {
        let name = match (&f.chart, &f.env) {
            (Some(chart), Some(env)) => format!("{chart} [{env}]"),
            (Some(chart), None) => chart.clone(),
            _ => "input".to_string(),
        };
        let file = f.location.as_ref().map_or("input", |l| l.file.as_str());
        let case = format!(
            "    <testcase name=\"{}\" classname=\"{}\">\n      <failure message=\"{}\" type=\"{}\"/>\n    </testcase>\n",
            escape(&f.rule),
            escape(file),
            escape(&f.message),
            escape(&f.rule)
        );
        match loose_suites.iter_mut().find(|(n, _)| *n == name) {
            Some((_, cases)) => cases.push_str(&case),
            None => loose_suites.push((name, case)),
        }
    }
    for (name, cases) in &loose_suites {
        let count = cases.matches("<testcase ").count();
        total_tests += count;
        total_failures += count;
        let _ = write!(
            body,
            "  <testsuite name=\"{}\" tests=\"{count}\" failures=\"{count}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n",
            escape(name)
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"shipshape\" tests=\"{total_tests}\" failures=\"{total_failures}\" errors=\"0\" skipped=\"{total_skipped}\">\n{body}</testsuites>\n"
    )
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "<none>" } else { s }
}

/// XML attribute and text escaping; characters XML 1.0 forbids are dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
