//! `shipshape rules [ID]`: every rule with its family, default severity and
//! summary; one rule in full with a compliant and a failing example (for
//! policy rules) or its summary (for the others).

use std::fmt::Write;

use super::Outcome;
use crate::diag::RuleInfo;
use crate::{policy, validate};

/// Every rule shipshape can report, in family order.
pub fn catalogue() -> Vec<RuleInfo> {
    let mut all: Vec<RuleInfo> = Vec::new();
    all.extend(validate::api::rules().iter().cloned());
    all.extend(validate::server::rules().iter().cloned());
    all.extend(policy::rules().iter().map(policy::PolicyRule::info));
    all
}

/// Runs `shipshape rules [ID]`.
pub fn run(id: Option<&str>) -> Outcome {
    let Some(id) = id else {
        let rules = catalogue();
        let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
        let mut out = String::new();
        for r in &rules {
            let off = policy::rule(r.id).is_some_and(|p| !p.enabled_by_default);
            let _ = writeln!(
                out,
                "{:<width$}  {:<7} {:<7} {}{}",
                r.id,
                r.category.as_str(),
                r.severity.as_str(),
                r.summary,
                if off { " (off by default)" } else { "" },
            );
        }
        let _ = writeln!(
            out,
            "\n{} rules; `shipshape rules ID` explains one.",
            rules.len()
        );
        return Outcome {
            stdout: out,
            ..Outcome::default()
        };
    };
    if let Some(rule) = policy::rule(id) {
        let mut out = String::new();
        let _ = writeln!(out, "{} ({}, policy)\n", rule.id, rule.severity);
        let _ = writeln!(out, "{}\n", rule.summary);
        let _ = writeln!(out, "{}", rule.doc.trim_end());
        let _ = writeln!(out, "\nFails:\n\n{}", indent(rule.failing));
        let _ = writeln!(out, "Passes:\n\n{}", indent(rule.compliant));
        let _ = writeln!(
            out,
            "Exempt one object with the annotations `shipshape.io/ignore: \"{}\"` and `shipshape.io/ignore-reason: \"why\"`.",
            rule.id
        );
        return Outcome {
            stdout: out,
            ..Outcome::default()
        };
    }
    match catalogue().into_iter().find(|r| r.id == id) {
        Some(r) => Outcome {
            stdout: format!(
                "{} ({}, {})\n\n{}\n",
                r.id,
                r.severity,
                r.category.as_str(),
                r.summary
            ),
            ..Outcome::default()
        },
        None => Outcome {
            stderr: format!("Error: no rule {id:?}; `shipshape rules` lists them\n"),
            code: 2,
            ..Outcome::default()
        },
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}
