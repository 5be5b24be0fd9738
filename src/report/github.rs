//! `-o github`: GitHub Actions workflow commands (`::error file=…,line=…::`),
//! so findings show as annotations on the pull request's files.

use std::fmt::Write;

use super::Report;
use crate::diag::Severity;

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in report.findings.iter().filter(|f| f.exempted.is_none()) {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(loc) = &f.location {
            props.push(format!("file={}", property(report.disk_path(&loc.file))));
            props.push(format!("line={}", loc.line));
            props.push(format!("col={}", loc.column));
        }
        props.push(format!("title={}", property(&f.rule)));
        let subject = match f.resource.and_then(|i| report.resources.get(i)) {
            Some(r) => {
                let env = r
                    .env
                    .as_deref()
                    .map(|e| format!(" [env {e}]"))
                    .unwrap_or_default();
                format!("{}/{}{env}: ", r.kind, r.name)
            }
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            data(&format!("{subject}{}", f.message))
        );
    }
    let s = report.summary();
    let _ = writeln!(
        out,
        "{} resources: {} valid, {} invalid, {} skipped; {} errors, {} warnings",
        s.resources, s.valid, s.invalid, s.skipped, s.errors, s.warnings
    );
    out
}

/// Escapes a command's message as the Actions runner expects.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}
