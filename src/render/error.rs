//! Render errors and the exact text each Helm version prints for them:
//! `parse error at (…)` (Helm's `cleanupParseError`), `execution error at
//! (…)` for `required`/`fail` (found through Helm's `HELM_ERR_START`
//! markers), Go's raw text otherwise in Helm 3, and Helm 4's multi-line
//! trace when every link of the error chain is a template error.

use super::{Compat, WARN_END, WARN_START};
use crate::template::{self, ErrorKind};

/// A position in a template, for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The template name (`mini/templates/t.yaml`).
    pub template: String,
    /// 1-based line.
    pub line: usize,
    /// Column as Go prints it: the byte offset within the line.
    pub column: usize,
    /// The text of that line.
    pub source_line: String,
}

impl Location {
    /// A rustc-style snippet: the position, the line and a caret under the column.
    pub fn snippet(&self) -> String {
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        // Columns are byte offsets; place the caret under the same character.
        let prefix = self
            .source_line
            .get(..self.column)
            .unwrap_or(&self.source_line);
        let indent: String = prefix
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        format!(
            "{pad}--> {}:{}:{}\n{pad} |\n{number} | {}\n{pad} | {indent}^\n",
            self.template, self.line, self.column, self.source_line
        )
    }
}

/// Why a render failed.
#[derive(Debug)]
pub enum RenderError {
    /// A template failed to parse or execute.
    Template {
        /// The template file being parsed or executed.
        name: String,
        /// The engine's error.
        error: template::Error,
    },
    /// Any other failure, already in Helm's words.
    Other(String),
}

impl RenderError {
    pub(crate) fn template(name: String, error: template::Error) -> RenderError {
        RenderError::Template { name, error }
    }

    /// The message Helm prints after `Error: `.
    pub fn message(&self, compat: Compat) -> String {
        match self {
            RenderError::Other(message) => message.clone(),
            RenderError::Template { name, error } => match error.kind() {
                ErrorKind::Parse => cleanup_parse_error(name, &error.to_string()),
                _ => exec_error(error, compat),
            },
        }
    }

    /// Where the innermost error points, for a diagnostic with a caret:
    /// the template name, 1-based line, Go's column and the source line.
    pub fn location(&self) -> Option<Location> {
        match self {
            RenderError::Template { error, .. } => {
                let mut e = error;
                while let Some(inner) = e.cause() {
                    e = inner;
                }
                Some(Location {
                    template: e.name().to_string(),
                    line: e.line()?,
                    column: e.col().unwrap_or(0),
                    source_line: e.source_line()?.to_string(),
                })
            }
            RenderError::Other(_) => None,
        }
    }
}

/// Helm's `cleanupParseError`: `parse error at (LOCATION): LAST PART`.
fn cleanup_parse_error(name: &str, text: &str) -> String {
    let tokens: Vec<&str> = text.split(": ").collect();
    if tokens.len() == 1 {
        return format!("parse error in ({name}): {text}");
    }
    format!(
        "parse error at ({}): {}",
        tokens[1],
        tokens[tokens.len() - 1]
    )
}

/// Helm's `cleanupExecError` (and Helm 4's trace formatting).
fn exec_error(error: &template::Error, compat: Compat) -> String {
    let text = error.to_string();
    let tokens: Vec<&str> = text.splitn(3, ": ").collect();
    if tokens.len() == 3
        && let Some(message) = warn_message(tokens[2])
    {
        return format!("execution error at ({}): {message}", tokens[1]);
    }
    if compat == Compat::Helm4
        && let Some(trace) = helm4_trace(error)
    {
        return trace;
    }
    text
}

/// The text between Helm's markers, as the regex
/// `HELM_ERR_START((?s).*)HELM_ERR_END` finds it: from the first start
/// marker to the last end marker, newlines included.
fn warn_message(text: &str) -> Option<&str> {
    let begin = text.find(WARN_START)? + WARN_START.len();
    let end = text[begin..].rfind(WARN_END)?;
    Some(&text[begin..begin + end])
}

/// Helm 4 prints each template error of the chain as
/// `LOCATION\n  executing "NAME" at <CTX>:\n    MESSAGE`, and keeps Go's
/// one-line text when any link is not a template error (a function's own
/// error such as `index out of range`).
fn helm4_trace(error: &template::Error) -> Option<String> {
    let mut out = String::new();
    let mut current = error;
    loop {
        let (line, col, exec, ctx) = (
            current.line()?,
            current.col()?,
            current.exec_name()?,
            current.context()?,
        );
        out.push_str(&format!(
            "{}:{}:{}\n  executing {} at <{}>:\n    ",
            current.name(),
            line,
            col,
            super::go_quote(exec),
            ctx
        ));
        match current.kind() {
            ErrorKind::Func => {
                let func = current.func_name().unwrap_or_default();
                if let Some(inner) = current.cause() {
                    out.push_str(&format!("error calling {func}:\n"));
                    current = inner;
                    continue;
                }
                let own = current
                    .func_error()
                    .map(|e| e.0.as_str())
                    .unwrap_or_default();
                if own.starts_with("template: no template ") {
                    out.push_str(&format!("error calling {func}:\n{own}"));
                    return Some(out);
                }
                return None;
            }
            _ => {
                out.push_str(&current.message());
                return Some(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_keep_location_and_last_part() {
        assert_eq!(
            cleanup_parse_error(
                "mini/templates/t.yaml",
                "template: mini/templates/t.yaml:3: function \"env\" not defined"
            ),
            "parse error at (mini/templates/t.yaml:3): function \"env\" not defined"
        );
    }

    #[test]
    fn snippet_points_a_caret_at_the_column() {
        let location = Location {
            template: "mini/templates/t.yaml".to_string(),
            line: 3,
            column: 9,
            source_line: "  name: {{ .Values.a.b }}".to_string(),
        };
        assert_eq!(
            location.snippet(),
            " --> mini/templates/t.yaml:3:9\n  |\n3 |   name: {{ .Values.a.b }}\n  |          ^\n"
        );
    }

    #[test]
    fn warn_markers_are_found_on_one_line() {
        assert_eq!(
            warn_message("error calling fail: HELM_ERR_STARTboomHELM_ERR_END"),
            Some("boom")
        );
        assert_eq!(warn_message("HELM_ERR_STARTa\nbHELM_ERR_END"), Some("a\nb"));
        assert_eq!(warn_message("nothing"), None);
    }
}
