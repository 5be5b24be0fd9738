//! The `helm install` flags `helm template` inherits (pkg/cmd/install.go
//! `addInstallFlags`): most only matter against a cluster, so they are
//! checked as Helm parses them and otherwise change nothing; the release
//! name flags (`--name-template`, `--generate-name`) and `--dry-run`
//! are resolved here.

use std::sync::Arc;

use crate::render::Compat;
use crate::template::func::{Function, Param};
use crate::template::{Funcs, Options, Set};
use crate::value::Value;

/// The inherited flags as given on the command line, unparsed, so that the
/// errors can be Helm's for the chosen version.
#[derive(Debug, Clone, Default)]
pub struct InstallFlags {
    /// `--dry-run[=MODE]`; `Some("unset")` when given bare (Helm 4 spelling).
    pub dry_run: Option<String>,
    /// `--wait[=VALUE]`; `Some("")` when given bare.
    pub wait: Option<String>,
    /// `--timeout DURATION`.
    pub timeout: Option<String>,
    /// `-l/--labels K=V,…`, each occurrence.
    pub labels: Vec<String>,
    /// `--server-side[=BOOL]` (Helm 4 only); `Some("")` when given bare.
    pub server_side: Option<String>,
    /// `--verify`.
    pub verify: bool,
    /// `--repo URL`.
    pub repo: Option<String>,
    /// `--ca-file FILE`.
    pub ca_file: Option<String>,
    /// `--burst-limit N` (global).
    pub burst_limit: Option<String>,
    /// `--qps N` (global).
    pub qps: Option<String>,
    /// `--color MODE` / `--colour MODE` (global, Helm 4 only).
    pub color: Option<String>,
    /// Flags given that only Helm 4 defines (`--force-conflicts`, …), as typed.
    pub helm4_only: Vec<&'static str>,
    /// Flags given that Helm 4 deprecates (`--atomic`, `--force`), as typed.
    pub deprecated_in_helm4: Vec<&'static str>,
}

/// What the flags decide for the run.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    /// Lines to print on stderr before anything else (deprecations, warnings).
    pub(crate) stderr: String,
}

/// Helm 4's replacement hint for each deprecated flag.
fn helm4_replacement(flag: &str) -> &'static str {
    match flag {
        "--atomic" => "--rollback-on-failure",
        _ => "--force-replace",
    }
}

impl InstallFlags {
    /// Checks the flags as Helm's flag parsing and `RunE` do, in that order.
    /// The error is the text after `Error: `.
    pub(crate) fn check(&self, compat: Compat) -> Result<Checked, String> {
        let mut out = Checked::default();
        // Flag parsing (pflag): unknown flags, deprecations, bad values.
        if compat == Compat::Helm3 {
            if let Some(flag) = self.helm4_only.first() {
                return Err(format!("unknown flag: {flag}"));
            }
            if self.server_side.is_some() {
                return Err("unknown flag: --server-side".to_string());
            }
        } else {
            for flag in &self.deprecated_in_helm4 {
                out.stderr.push_str(&format!(
                    "Flag {flag} has been deprecated, use {} instead\n",
                    helm4_replacement(flag)
                ));
            }
        }
        for labels in &self.labels {
            if let Some(item) = bad_label(labels) {
                return Err(format!(
                    "invalid argument {} for \"-l, --labels\" flag: {item} must be formatted as key=value",
                    crate::render::go_quote(labels)
                ));
            }
        }
        if let Some(n) = &self.burst_limit
            && n.parse::<i64>().is_err()
        {
            return Err(format!(
                "invalid argument {q} for \"--burst-limit\" flag: strconv.ParseInt: parsing {q}: invalid syntax",
                q = crate::render::go_quote(n)
            ));
        }
        if let Some(n) = &self.qps
            && n.parse::<f32>().is_err()
        {
            return Err(format!(
                "invalid argument {q} for \"--qps\" flag: strconv.ParseFloat: parsing {q}: invalid syntax",
                q = crate::render::go_quote(n)
            ));
        }
        if let Some(timeout) = &self.timeout {
            go_duration(timeout).map_err(|e| {
                format!(
                    "invalid argument {} for \"--timeout\" flag: {e}",
                    crate::render::go_quote(timeout)
                )
            })?;
        }
        if let Some(wait) = &self.wait {
            check_wait(wait, compat)?;
        }
        if let Some(value) = &self.server_side
            && !value.is_empty()
            && parse_go_bool(value).is_none()
        {
            return Err(format!(
                "invalid argument {} for \"--server-side\" flag: strconv.ParseBool: parsing {}: invalid syntax",
                crate::render::go_quote(value),
                crate::render::go_quote(value)
            ));
        }
        // RunE: the registry client reads the CA file, then --dry-run.
        if let Some(ca) = &self.ca_file
            && let Err(e) = std::fs::read(ca)
        {
            return Err(match compat {
                Compat::Helm3 => format!(
                    "missing registry client: can't create TLS config for client: can't read CA file: {ca}"
                ),
                Compat::Helm4 => format!(
                    "missing registry client: can't create TLS config for client: can't read CA file: {}: open {ca}: {}",
                    crate::render::go_quote(ca),
                    if e.kind() == std::io::ErrorKind::NotFound {
                        "no such file or directory".to_string()
                    } else {
                        e.to_string()
                    }
                ),
            });
        }
        if let Some(mode) = &self.dry_run {
            out.stderr.push_str(&check_dry_run(mode, compat)?);
        }
        if self.repo.is_some() && compat == Compat::Helm4 {
            return Err(
                "--repo fetches the chart from a chart repository, and shipshape only renders local charts; \
                 run `helm pull --repo URL CHART --untar` first"
                    .to_string(),
            );
        }
        Ok(out)
    }

    /// Helm 4's `--color` check, which fails the run with only a log line
    /// (no `Error:`); `None` when the value is fine or Helm 3 is followed.
    pub(crate) fn color_error(&self, compat: Compat) -> Option<String> {
        let mode = self.color.as_deref()?;
        if compat == Compat::Helm3 || matches!(mode, "never" | "auto" | "always") {
            return None;
        }
        Some(format!(
            "level=WARN msg=\"command failed\" error=\"invalid color mode \\\"{mode}\\\": must be one of: never, auto, always\"\n"
        ))
    }

    /// `--verify` is checked once the chart is located: an unpacked chart
    /// cannot be verified, and shipshape checks no signatures at all.
    pub(crate) fn check_verify(&self, chart_is_dir: bool) -> Result<(), String> {
        if !self.verify {
            return Ok(());
        }
        if chart_is_dir {
            return Err("unpacked charts cannot be verified".to_string());
        }
        Err("--verify checks a chart's provenance signature with a keyring, which shipshape does not do; \
             run `helm verify CHART.tgz` first"
            .to_string())
    }
}

/// pflag's `stringToString`: with no `=` the whole value is bad; with one,
/// the value is a single pair (`a=b,c` sets `a` to `b,c`); with more, the
/// comma-separated items must each hold a `=`. Returns the bad item.
fn bad_label(value: &str) -> Option<&str> {
    match value.matches('=').count() {
        0 => Some(value),
        1 => None,
        _ => value.split(',').find(|item| !item.contains('=')),
    }
}

/// Helm's `--dry-run` values: Helm 3 takes `false|true|none|client|server`,
/// all rendering the same for `template`; Helm 4 takes `client` and
/// `server` (with deprecation warnings for a bare flag and `true`).
/// Returns the warnings to print.
fn check_dry_run(mode: &str, compat: Compat) -> Result<String, String> {
    match compat {
        Compat::Helm3 => match mode {
            "false" | "true" | "none" | "client" | "server" | "unset" => Ok(String::new()),
            _ => Err(
                "Invalid dry-run flag. Flag must one of the following: false, true, none, client, server"
                    .to_string(),
            ),
        },
        Compat::Helm4 => match mode {
            "client" => Ok(String::new()),
            "unset" => Ok(
                "level=WARN msg=\"--dry-run is deprecated and should be replaced with '--dry-run=client'\"\n"
                    .to_string(),
            ),
            "true" => Ok(
                "level=WARN msg=\"boolean '--dry-run=true' flag is deprecated and must be replaced with '--dry-run=client'\"\n"
                    .to_string(),
            ),
            "server" => Err(
                "--dry-run=server validates the render against a live Kubernetes cluster, and shipshape never contacts one; \
                 use --dry-run=client, then `shipshape validate` on the output"
                    .to_string(),
            ),
            "none" | "false" => Err(format!(
                "invalid dry-run value ({}). Must be \"server\" or \"client\"",
                crate::render::go_quote(mode)
            )),
            _ => Err(format!(
                "invalid dry-run value ({}). Must be \"none\", \"server\", or \"client\"",
                crate::render::go_quote(mode)
            )),
        },
    }
}

/// `--wait`: a boolean in Helm 3, a strategy (`watcher`, `hookOnly`,
/// `legacy`) in Helm 4; an empty value means the flag was given bare.
fn check_wait(value: &str, compat: Compat) -> Result<(), String> {
    let quoted = crate::render::go_quote(value);
    match compat {
        Compat::Helm3 if value.is_empty() || parse_go_bool(value).is_some() => Ok(()),
        Compat::Helm3 => Err(format!(
            "invalid argument {quoted} for \"--wait\" flag: strconv.ParseBool: parsing {quoted}: invalid syntax"
        )),
        Compat::Helm4 if matches!(value, "" | "watcher" | "hookOnly" | "legacy") => Ok(()),
        Compat::Helm4 => Err(format!(
            "invalid argument {quoted} for \"--wait\" flag: invalid wait input {quoted}. Valid inputs are watcher, hookOnly, and legacy"
        )),
    }
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Go's `time.ParseDuration`, for its errors only (the value is unused).
fn go_duration(s: &str) -> Result<(), String> {
    let quoted = crate::render::go_quote(s);
    let invalid = || format!("time: invalid duration {quoted}");
    let rest = s.strip_prefix(['-', '+']).unwrap_or(s);
    if rest == "0" {
        return Ok(());
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut chars = rest.char_indices().peekable();
    while chars.peek().is_some() {
        let mut digits = 0;
        while let Some((_, c)) = chars.peek() {
            if c.is_ascii_digit() {
                digits += 1;
                chars.next();
            } else {
                break;
            }
        }
        if let Some((_, '.')) = chars.peek() {
            chars.next();
            while let Some((_, c)) = chars.peek() {
                if c.is_ascii_digit() {
                    digits += 1;
                    chars.next();
                } else {
                    break;
                }
            }
        }
        if digits == 0 {
            return Err(invalid());
        }
        let start = chars.peek().map_or(rest.len(), |(i, _)| *i);
        while let Some((_, c)) = chars.peek() {
            if *c == '.' || c.is_ascii_digit() {
                break;
            }
            chars.next();
        }
        let end = chars.peek().map_or(rest.len(), |(i, _)| *i);
        let unit = rest.get(start..end).unwrap_or("");
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration {quoted}"));
        }
        if !matches!(unit, "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h") {
            return Err(format!(
                "time: unknown unit {} in duration {quoted}",
                crate::render::go_quote(unit)
            ));
        }
    }
    Ok(())
}

/// Helm's `action.TemplateName`: `--name-template` runs through Go's
/// text/template with Sprig's functions only (no Helm ones, but `env` and
/// `expandenv`) and no data, under the name `name-template`.
pub(crate) fn render_name_template(text: &str, compat: Compat) -> Result<String, String> {
    let mut funcs = Funcs::new();
    for f in crate::funcs::for_helm(compat == Compat::Helm4) {
        if !HELM_ONLY_FUNCS.contains(&f.name) {
            funcs.add(f);
        }
    }
    funcs.add(Function::new("env", &[Param::String], |args| {
        let name = args.first().map(|v| v.to_string()).unwrap_or_default();
        Ok(Value::from(std::env::var(&name).unwrap_or_default()))
    }));
    funcs.add(Function::new("expandenv", &[Param::String], |args| {
        let text = args.first().map(|v| v.to_string()).unwrap_or_default();
        Ok(Value::from(expand_env(&text)))
    }));
    let mut set = Set::new(Arc::new(funcs), Options::default());
    set.parse("name-template", text)
        .map_err(|e| e.to_string())?;
    set.execute("name-template", &Value::Nil)
        .map_err(|e| e.to_string())
}

/// Functions Helm adds to Sprig's (pkg/engine/funcs.go), which the name
/// template does not have.
const HELM_ONLY_FUNCS: &[&str] = &[
    "toToml",
    "fromToml",
    "toYaml",
    "toYamlPretty",
    "mustToYaml",
    "fromYaml",
    "fromYamlArray",
    "fromJson",
    "fromJsonArray",
];

/// Go's `os.ExpandEnv`: `$NAME` and `${NAME}` replaced by the variable.
fn expand_env(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(braced) = after.strip_prefix('{') {
            if let Some(end) = braced.find('}') {
                out.push_str(&std::env::var(&braced[..end]).unwrap_or_default());
                rest = &braced[end + 1..];
                continue;
            }
            // Go drops a lone `${` with no closing brace.
            rest = "";
            continue;
        }
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if len == 0 {
            // A `$` not followed by a name: Go keeps it only at the end.
            if after.is_empty() {
                out.push('$');
            }
            rest = after;
            continue;
        }
        out.push_str(&std::env::var(&after[..len]).unwrap_or_default());
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_fail_as_go() {
        let cases: &[(&str, Result<(), &str>)] = &[
            ("5m0s", Ok(())),
            ("0", Ok(())),
            ("-1.5h", Ok(())),
            ("300ms", Ok(())),
            ("1", Err("time: missing unit in duration \"1\"")),
            ("1x", Err("time: unknown unit \"x\" in duration \"1x\"")),
            ("bogus", Err("time: invalid duration \"bogus\"")),
            ("", Err("time: invalid duration \"\"")),
            (".s", Err("time: invalid duration \".s\"")),
        ];
        for (input, want) in cases {
            assert_eq!(
                go_duration(input).as_ref().map_err(String::as_str),
                want.as_ref().map_err(|e| *e),
                "{input}"
            );
        }
    }

    #[test]
    fn name_templates_use_sprig_only() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("abc", Ok("abc")),
            ("my-{{ printf \"%s\" \"rel\" }}", Ok("my-rel")),
            ("{{ \"x\" | upper }}", Ok("X")),
            ("{{ .Foo }}", Ok("<no value>")),
            (
                "{{ bad",
                Err("template: name-template:1: function \"bad\" not defined"),
            ),
            (
                "{{ toYaml 1 }}",
                Err("template: name-template:1: function \"toYaml\" not defined"),
            ),
            (
                "{{ include \"x\" . }}",
                Err("template: name-template:1: function \"include\" not defined"),
            ),
        ];
        for (input, want) in cases {
            let got = render_name_template(input, Compat::Helm4);
            assert_eq!(got.as_deref().map_err(String::as_str), *want, "{input}");
        }
    }

    #[test]
    fn labels_parse_as_pflag() {
        let cases = [
            ("a=b", None),
            ("bad", Some("bad")),
            ("", Some("")),
            ("bad,a=b", None),
            ("a=b,c", None),
            ("a=b,c,d=e", Some("c")),
            ("a=b,d=e", None),
        ];
        for (input, want) in cases {
            assert_eq!(bad_label(input), want, "{input}");
        }
    }

    #[test]
    fn dry_run_values_per_version() {
        assert!(check_dry_run("server", Compat::Helm3).is_ok());
        assert!(check_dry_run("none", Compat::Helm4).is_err());
        assert_eq!(
            check_dry_run("bogus", Compat::Helm3).unwrap_err(),
            "Invalid dry-run flag. Flag must one of the following: false, true, none, client, server"
        );
        assert!(
            check_dry_run("unset", Compat::Helm4)
                .unwrap()
                .contains("deprecated")
        );
    }
}
