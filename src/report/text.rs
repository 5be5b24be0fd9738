//! `-o text`: findings grouped by resource, each with its rule, the field,
//! and the offending source line with a caret under the field.

use std::collections::HashMap;
use std::fmt::Write;

use super::{Report, Sources, Status};
use crate::diag::{Finding, Severity};

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, s: Severity) -> String {
        match s {
            Severity::Error => self.wrap("1;31", "error"),
            Severity::Warning => self.wrap("1;33", "warning"),
            Severity::Info => self.wrap("1;36", "info"),
        }
    }
}

pub(super) fn render(report: &Report, sources: &dyn Sources, color: bool) -> String {
    let paint = Paint { on: color };
    let mut lines = LineIndex::default();
    let mut out = String::new();
    let mut current: Option<Option<usize>> = None;
    for f in &report.findings {
        if current != Some(f.resource) {
            current = Some(f.resource);
            if !out.is_empty() {
                out.push('\n');
            }
            match f.resource.and_then(|i| report.resources.get(i)) {
                Some(r) => {
                    let mut context = Vec::new();
                    if let Some(chart) = &r.chart {
                        context.push(format!("chart {chart}"));
                    }
                    if let Some(env) = &r.env {
                        context.push(format!("env {env}"));
                    }
                    let ns = r
                        .namespace
                        .as_deref()
                        .map(|n| format!(" in {n}"))
                        .unwrap_or_default();
                    let place = match &r.template {
                        Some(t) => t.clone(),
                        None => format!("{}:{}", r.source, r.line),
                    };
                    let context = if context.is_empty() {
                        String::new()
                    } else {
                        format!(" [{}]", context.join(", "))
                    };
                    let _ = writeln!(
                        out,
                        "{} {}{ns} ({place}){context}",
                        paint.wrap("1", &format!("{}/{}", or_none(&r.kind), or_none(&r.name))),
                        r.api_version,
                    );
                }
                None => {
                    let _ = writeln!(out, "{}", paint.wrap("1", "input"));
                }
            }
        }
        finding(&mut out, f, sources, &mut lines, &paint);
    }
    let s = report.summary();
    if !out.is_empty() {
        out.push('\n');
    }
    let verdict = if s.errors > 0 {
        paint.wrap("1;31", "FAIL")
    } else {
        paint.wrap("1;32", "PASS")
    };
    let _ = writeln!(
        out,
        "{verdict}: {} resource{}: {} valid, {} invalid, {} skipped; {} error{}, {} warning{}",
        s.resources,
        plural(s.resources),
        s.valid,
        s.invalid,
        s.skipped,
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
    );
    let skipped: Vec<String> = report
        .resources
        .iter()
        .filter(|r| r.status == Status::Skipped)
        .map(|r| format!("{}/{}", or_none(&r.kind), or_none(&r.name)))
        .collect();
    if !skipped.is_empty() {
        let _ = writeln!(out, "skipped: {}", skipped.join(", "));
    }
    out
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "<none>" } else { s }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Line starts of each source file, computed once per file: a big stream
/// with thousands of findings must not be scanned from the top for each.
#[derive(Default)]
struct LineIndex {
    starts: HashMap<String, Vec<usize>>,
}

impl LineIndex {
    fn line<'s>(&mut self, sources: &'s dyn Sources, file: &str, line: usize) -> Option<&'s str> {
        let text = sources.text(file)?;
        let starts = self.starts.entry(file.to_string()).or_insert_with(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                .collect()
        });
        let start = *starts.get(line.checked_sub(1)?)?;
        let rest = text.get(start..)?;
        Some(rest.split('\n').next().unwrap_or(rest))
    }
}

fn finding(
    out: &mut String,
    f: &Finding,
    sources: &dyn Sources,
    lines: &mut LineIndex,
    paint: &Paint,
) {
    let exempt = match &f.exempted {
        Some(reason) if reason.is_empty() => " (exempted)".to_string(),
        Some(reason) => format!(" (exempted: {reason})"),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "  {}[{}]: {}{exempt}",
        paint.severity(f.severity),
        f.rule,
        f.message
    );
    let Some(loc) = &f.location else {
        return;
    };
    let _ = writeln!(
        out,
        "    {} {}:{}:{}",
        paint.wrap("34", "-->"),
        loc.file,
        loc.line,
        loc.column
    );
    let Some(line) = lines.line(sources, &loc.file, loc.line) else {
        return;
    };
    let number = loc.line.to_string();
    let gutter = " ".repeat(number.len());
    let bar = paint.wrap("34", "|");
    let _ = writeln!(out, "    {gutter} {bar}");
    let _ = writeln!(
        out,
        "    {} {bar} {}",
        paint.wrap("34", &number),
        line.trim_end()
    );
    // The caret spans the key (or item) the finding is about.
    let start = loc.column.saturating_sub(1);
    let rest: String = line.chars().skip(start).collect();
    let rest = rest.strip_prefix("- ").unwrap_or(&rest);
    let width = rest
        .chars()
        .take_while(|c| *c != ':' && !c.is_whitespace())
        .count()
        .max(1);
    let pad: String = line
        .chars()
        .take(start)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let _ = writeln!(
        out,
        "    {gutter} {bar} {pad}{}",
        paint.wrap("1;31", &"^".repeat(width))
    );
}
