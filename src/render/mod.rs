//! `helm template`: one template set per chart tree, Helm's own functions
//! (`include`, `tpl`, `required`, `fail`, `lookup`), the values each chart's
//! templates see, and the assembled manifest stream.

mod error;
mod glob;
pub mod objects;
pub mod output;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::chart::Chart;
use crate::template::func::{FuncError, Param};
use crate::template::{self, Context, Funcs, HostError, Set};
use crate::value::{Map, MapKind, Value};

pub use error::{Location, RenderError};
use objects::{Capabilities, Files, chart_value};

pub use crate::compat::Compat;

/// The release a render is for (`.Release`).
#[derive(Clone, Debug)]
pub struct Release {
    /// `.Release.Name`.
    pub name: String,
    /// `.Release.Namespace`.
    pub namespace: String,
    /// `.Release.IsUpgrade` (`--is-upgrade`); `IsInstall` is its negation.
    pub is_upgrade: bool,
    /// `.Release.Revision`.
    pub revision: i64,
}

impl Release {
    fn value(&self) -> Value {
        let mut m = BTreeMap::new();
        m.insert("Name".to_string(), Value::str(self.name.as_str()));
        m.insert("Namespace".to_string(), Value::str(self.namespace.as_str()));
        m.insert("IsUpgrade".to_string(), Value::Bool(self.is_upgrade));
        m.insert("IsInstall".to_string(), Value::Bool(!self.is_upgrade));
        m.insert("Revision".to_string(), Value::Int(self.revision));
        m.insert("Service".to_string(), Value::str("Helm"));
        Value::map(m)
    }
}

/// Everything a render needs besides the chart and its values.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// The release.
    pub release: Release,
    /// `.Capabilities`.
    pub capabilities: Arc<Capabilities>,
    /// Which Helm to imitate.
    pub compat: Compat,
    /// `missingkey=error` (what `helm lint --strict` uses).
    pub strict: bool,
}

/// One template to execute: its full name and the values it sees.
struct Renderable {
    name: String,
    source: Arc<str>,
    vals: Arc<Map>,
    base_path: String,
}

/// What [`render`] made.
pub struct Rendered {
    /// Template name -> rendered text, with Helm's `<no value>` removal
    /// applied, partials excluded.
    pub texts: BTreeMap<String, String>,
    /// The parsed templates. Freeing them takes a few milliseconds on a big
    /// chart, so they are handed back for the caller to free when nothing
    /// else is waiting (a one-shot command frees them as it exits).
    pub templates: Set,
}

/// Renders every template of `chart` (and its enabled subcharts) with the
/// coalesced `values`.
pub fn render(
    chart: &Chart,
    values: &Value,
    options: &RenderOptions,
) -> Result<Rendered, RenderError> {
    render_mode(chart, values, options, false)
}

/// [`render`] as `helm lint` runs the engine (`LintMode`): `required` and
/// `fail` log instead of failing, so every template gets checked.
pub fn render_lint(
    chart: &Chart,
    values: &Value,
    options: &RenderOptions,
) -> Result<BTreeMap<String, String>, RenderError> {
    render_mode(chart, values, options, true).map(|rendered| rendered.texts)
}

fn render_mode(
    chart: &Chart,
    values: &Value,
    options: &RenderOptions,
    lint_mode: bool,
) -> Result<Rendered, RenderError> {
    let mut renderables = Vec::new();
    let top = top_values(options);
    collect(chart, &top, values, "", true, options, &mut renderables);

    // Helm parses the deepest paths first, in reverse order, so that the
    // shallowest (and then lexically smallest) definition of a name wins.
    renderables.sort_by(|a, b| {
        let (da, db) = (a.name.matches('/').count(), b.name.matches('/').count());
        db.cmp(&da).then_with(|| b.name.cmp(&a.name))
    });

    let funcs = Arc::new(helm_funcs(options.compat, lint_mode));
    let new_set = || {
        Set::new(
            funcs.clone(),
            template::Options {
                dialect: match options.compat {
                    Compat::Helm3 => template::Dialect::Go123,
                    Compat::Helm4 => template::Dialect::Go125,
                },
                map_methods: Some(Arc::new(objects::ValuesMethods)),
                missing_key: if options.strict {
                    template::MissingKey::Error
                } else {
                    template::MissingKey::Zero
                },
                ..template::Options::default()
            },
        )
    };
    let parallel = !may_mutate(&renderables, chart);
    if parallel && let Some(rendered) = render_fused(new_set(), &renderables, options) {
        return Ok(rendered);
    }

    let mut set = new_set();
    let files: Vec<(&str, &str)> = renderables
        .iter()
        .map(|r| (r.name.as_str(), &*r.source))
        .collect();
    set.parse_all(&files)
        .map_err(|(i, e)| RenderError::template(renderables[i].name.clone(), e))?;
    if parallel {
        let texts = execute_parallel(&renderables, options, |r, top| set.execute(&r.name, top))?;
        return Ok(Rendered {
            texts,
            templates: set,
        });
    }
    let mut rendered = BTreeMap::new();
    // Helm executes in the same (deepest-first) order; the first failure wins.
    for r in &renderables {
        if is_partial(&r.name) {
            continue;
        }
        r.vals.insert("Template", template_value(r, options));
        let text = set
            .execute(&r.name, &Value::Map(r.vals.clone()))
            .map_err(|e| RenderError::template(r.name.clone(), e))?;
        // Helm strips "<no value>" from the final text (pkg/engine/engine.go).
        rendered.insert(r.name.clone(), without_no_value(text));
    }
    Ok(Rendered {
        texts: rendered,
        templates: set,
    })
}

/// Renders as parsing every template and then [`execute_parallel`] do,
/// but parses only the templates that define others (and the partials) up
/// front; each other template is parsed right before it runs, on the same
/// thread, and its parse tree freed right after. A big chart's trees then
/// never all sit in memory at once, and each is still in the processor's
/// cache when it runs. `None` when anything fails (or a template's name is
/// also a defined name): the caller then renders the usual way, which meets
/// the failure Helm reports first.
fn render_fused(
    mut set: Set,
    renderables: &[Renderable],
    options: &RenderOptions,
) -> Option<Rendered> {
    // Only `define` and `block` add templates to the set; a text without
    // either word defines none (the check is on the raw text, so it errs
    // towards parsing up front).
    let (up_front, deferred): (Vec<&Renderable>, Vec<&Renderable>) =
        renderables.iter().partition(|r| {
            is_partial(&r.name) || r.source.contains("define") || r.source.contains("block")
        });
    let files: Vec<(&str, &str)> = up_front
        .iter()
        .map(|r| (r.name.as_str(), &*r.source))
        .collect();
    set.parse_all(&files).ok()?;
    // Every text parsed up front is in the set under its own name; after
    // this check, no other is.
    if deferred.iter().any(|r| set.contains(&r.name)) {
        return None;
    }
    let texts = execute_parallel(renderables, options, |r, top| {
        if set.contains(&r.name) {
            set.execute(&r.name, top)
        } else {
            set.execute_detached(&r.name, &r.source, top)
        }
    })
    .ok()?;
    Some(Rendered {
        texts,
        templates: set,
    })
}

/// Executes the templates (not the partials) in parallel with `run`, each
/// with its own top-level map holding its `.Template`. Only for templates
/// that cannot change what others see (see [`may_mutate`]); the result, and
/// the first failure in Helm's order, are those of running them one by one.
fn execute_parallel(
    renderables: &[Renderable],
    options: &RenderOptions,
    run: impl Fn(&Renderable, &Value) -> Result<String, template::Error> + Sync,
) -> Result<BTreeMap<String, String>, RenderError> {
    use rayon::prelude::*;
    let jobs: Vec<&Renderable> = renderables
        .iter()
        .filter(|r| !is_partial(&r.name))
        .collect();
    // Helm sets `.Template` in the map all templates of a chart share, so a
    // parent's `.Subcharts.NAME.Template` shows the subchart's last template
    // (subcharts run first): leave each shared map as running them would,
    // which is holding its last template's.
    let mut set_last = std::collections::HashSet::new();
    for r in jobs.iter().rev() {
        if set_last.insert(Arc::as_ptr(&r.vals)) {
            r.vals.insert("Template", template_value(r, options));
        }
    }
    let outputs: Vec<Result<String, template::Error>> = jobs
        .par_iter()
        .map(|r| {
            let mut top = r.vals.snapshot();
            top.insert("Template".to_string(), template_value(r, options));
            let top = Map::new(top, MapKind::Named(options.compat.values_type()));
            run(r, &Value::Map(Arc::new(top)))
        })
        .collect();
    let mut rendered = BTreeMap::new();
    for (r, output) in jobs.into_iter().zip(outputs) {
        let text = output.map_err(|e| RenderError::template(r.name.clone(), e))?;
        // Helm strips "<no value>" from the final text (pkg/engine/engine.go).
        rendered.insert(r.name.clone(), without_no_value(text));
    }
    Ok(rendered)
}

/// Whether the template at `path` is a partial (`_helpers.tpl`): parsed
/// for its definitions, never rendered itself.
pub(crate) fn is_partial(path: &str) -> bool {
    path.rsplit('/').next().unwrap_or(path).starts_with('_')
}

/// `text` without Go's `<no value>` marks, as Helm strips them from every
/// rendered text; most texts have none and are kept as they are.
fn without_no_value(text: String) -> String {
    if text.contains("<no value>") {
        text.replace("<no value>", "")
    } else {
        text
    }
}

/// `.Template` of a template: its name and base path.
fn template_value(r: &Renderable, options: &RenderOptions) -> Value {
    let mut info = BTreeMap::new();
    info.insert("Name".to_string(), Value::str(r.name.as_str()));
    info.insert("BasePath".to_string(), Value::str(r.base_path.as_str()));
    Value::Map(Arc::new(Map::new(
        info,
        MapKind::Named(options.compat.values_type()),
    )))
}

/// The functions that change a map in place. A template that calls one can
/// change what the templates after it see, so then they run one by one in
/// Helm's order.
const MUTATORS: &[&str] = &[
    "set",
    "unset",
    "merge",
    "mustMerge",
    "mergeOverwrite",
    "mustMergeOverwrite",
];

/// The words of a text that decide how templates may run.
#[derive(Clone, Copy, Default)]
struct Names {
    /// One of [`MUTATORS`].
    mutator: bool,
    /// `tpl`, which runs values and files as templates.
    tpl: bool,
}

impl Names {
    /// The words `text` names, in one pass. Runs of ASCII letters, digits
    /// and `_` are words; every other byte ends one. A letter outside ASCII
    /// thus splits `éset` into `set`: a false alarm, which only costs
    /// parallelism, where missing a word would cost correctness.
    fn of(text: &str) -> Names {
        let mut names = Names::default();
        // Most texts hold none of the words, not even inside another word:
        // three vectorised searches settle those. Every mutator contains
        // `set` or `erge`.
        let bytes = text.as_bytes();
        if ["set", "erge", "tpl"]
            .iter()
            .all(|part| memchr::memmem::find(bytes, part.as_bytes()).is_none())
        {
            return names;
        }
        let words = bytes.split(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        for word in words {
            names.mutator |= MUTATORS.iter().any(|m| m.as_bytes() == word);
            names.tpl |= word == b"tpl";
        }
        names
    }

    fn or(self, other: Names) -> Names {
        Names {
            mutator: self.mutator || other.mutator,
            tpl: self.tpl || other.tpl,
        }
    }
}

/// Whether executing the templates may change shared values: a template
/// names a mutating function (a word in its text is enough, so a false
/// alarm only costs parallelism), or uses `tpl` while a value or file that
/// `tpl` could run holds an action naming one.
fn may_mutate(renderables: &[Renderable], chart: &Chart) -> bool {
    use rayon::prelude::*;
    let named = renderables
        .par_iter()
        .map(|r| Names::of(&r.source))
        .reduce(Names::default, Names::or);
    if named.mutator {
        return true;
    }
    if !named.tpl {
        return false;
    }
    let runnable = |text: &str| text.contains("{{") && Names::of(text).mutator;
    fn any_string(v: &Value, f: &dyn Fn(&str) -> bool) -> bool {
        match v {
            Value::String(s) => f(s),
            Value::Bytes(b) => f(&String::from_utf8_lossy(b)),
            Value::List(l) => l.items.iter().any(|i| any_string(i, f)),
            Value::Map(m) => m.entries().values().any(|i| any_string(i, f)),
            _ => false,
        }
    }
    fn any_file(chart: &Chart, f: &(dyn Fn(&str) -> bool + Sync)) -> bool {
        chart
            .files
            .par_iter()
            .any(|file| f(&String::from_utf8_lossy(&file.data)))
            || chart.dependencies.iter().any(|d| any_file(d, f))
    }
    let mut seen = std::collections::HashSet::new();
    renderables
        .iter()
        .filter(|r| seen.insert(Arc::as_ptr(&r.vals)))
        .any(|r| any_string(&Value::Map(r.vals.clone()), &runnable))
        || any_file(chart, &runnable)
}

/// `.Release` and `.Capabilities`, shared by every chart of the tree.
fn top_values(options: &RenderOptions) -> (Value, Value) {
    (
        options.release.value(),
        Value::Object(options.capabilities.clone()),
    )
}

/// Helm's `recAllTpls`: the values each chart's templates see, and its
/// templates named `parent/charts/name/templates/x.yaml`. Returns the chart's
/// top-level map, which the parent exposes as `.Subcharts.NAME`.
fn collect(
    chart: &Chart,
    top: &(Value, Value),
    values: &Value,
    parent_path: &str,
    is_root: bool,
    options: &RenderOptions,
    out: &mut Vec<Renderable>,
) -> Arc<Map> {
    let full_path = if parent_path.is_empty() {
        chart.name().to_string()
    } else {
        format!("{parent_path}/charts/{}", chart.name())
    };
    let vals = Arc::new(Map::new(
        BTreeMap::new(),
        MapKind::Named(options.compat.values_type()),
    ));
    vals.insert(
        "Chart",
        chart_value(&chart.metadata, is_root, options.compat),
    );
    vals.insert("Files", Value::Object(Arc::new(Files::new(&chart.files))));
    vals.insert("Release", top.0.clone());
    vals.insert("Capabilities", top.1.clone());
    vals.insert("Values", values.clone());
    let subcharts = Arc::new(Map::default());
    for dep in &chart.dependencies {
        // The subchart's `.Values` is the parent's `.Values.NAME` map itself,
        // typed `chartutil.Values`: a `set` on one is seen through the other.
        let dep_values = match values.as_map().and_then(|m| m.get(dep.name())) {
            Some(Value::Map(m)) => Value::Map(Arc::new(
                m.retyped(MapKind::Named(options.compat.values_type())),
            )),
            _ => Value::Map(Arc::new(Map::new(
                BTreeMap::new(),
                MapKind::Named(options.compat.values_type()),
            ))),
        };
        let dep_vals = collect(dep, top, &dep_values, &full_path, false, options, out);
        subcharts.insert(dep.name(), Value::Map(dep_vals));
    }
    vals.insert("Subcharts", Value::Map(subcharts));
    for file in &chart.templates {
        if chart.metadata.is_library() && !is_partial(&file.name) {
            continue;
        }
        out.push(Renderable {
            name: format!("{full_path}/{}", file.name),
            source: Arc::from(String::from_utf8_lossy(&file.data).as_ref()),
            vals: vals.clone(),
            base_path: format!("{full_path}/templates"),
        });
    }
    vals
}

/// The names of every function templates can call under `compat`:
/// text/template builtins, Sprig, and Helm's own.
pub fn function_names(compat: Compat) -> Vec<String> {
    let mut names: Vec<String> = helm_funcs(compat, false)
        .names()
        .into_iter()
        .map(str::to_string)
        .collect();
    names.sort();
    names
}

/// Helm's recursion guard for `include` (`recursionMaxNums`).
const INCLUDE_RECURSION_MAX: usize = 1000;

/// The marker Helm puts around `required` and `fail` messages so it can
/// find them again in the error chain (`warnWrap`).
pub(crate) const WARN_START: &str = "HELM_ERR_START";
pub(crate) const WARN_END: &str = "HELM_ERR_END";

fn warn_wrap(message: &str) -> String {
    format!("{WARN_START}{message}{WARN_END}")
}

/// The function map of one render: builtins, Sprig, Helm's pure functions
/// for this Helm version, and the engine-bound `include`, `tpl`, `required`,
/// `fail` and `lookup`.
fn helm_funcs(compat: Compat, lint_mode: bool) -> Funcs {
    let mut funcs = Funcs::new();
    for f in crate::funcs::for_helm(compat == Compat::Helm4) {
        funcs.add(f);
    }
    let included: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
    let include_counts = included.clone();
    funcs.add_host(
        "include",
        &[Param::String, Param::Any],
        None,
        Arc::new(move |ctx: &mut Context<'_>, args: &[Value]| {
            let name = args.first().and_then(Value::as_str).unwrap_or_default().to_string();
            let data = args.get(1).cloned().unwrap_or_default();
            {
                let mut counts = include_counts.lock().unwrap_or_else(|e| e.into_inner());
                let count = counts.entry(name.clone()).or_insert(0);
                if *count > INCLUDE_RECURSION_MAX {
                    return Err(HostError::Func(FuncError::new(format!(
                        "rendering template has a nested reference name: {name}: unable to execute template"
                    ))));
                }
                *count += 1;
            }
            let result = ctx.execute_template(&name, &data).map_err(|e| {
                if e.kind() == template::ErrorKind::NoTemplate {
                    // Go's plain error, not an ExecError: Helm 4 prints it bare.
                    HostError::Func(FuncError::new(e.to_string()))
                } else {
                    HostError::Engine(e)
                }
            });
            let mut counts = include_counts.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(count) = counts.get_mut(&name) {
                *count = count.saturating_sub(1);
            }
            result.map(Value::from)
        }),
    );
    funcs.add_host(
        "tpl",
        &[Param::String, Param::Any],
        None,
        Arc::new(|ctx: &mut Context<'_>, args: &[Value]| {
            let text = args
                .first()
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let data = args.get(1).cloned().unwrap_or_default();
            // Helm names the tpl text after its root template, "gotpl".
            match ctx.execute_text("gotpl", &text, &data) {
                Ok(out) => Ok(Value::from(without_no_value(out))),
                Err(e) if e.kind() == template::ErrorKind::Parse => Err(HostError::Func(
                    FuncError::new(format!("cannot parse template {}: {e}", go_quote(&text))),
                )),
                Err(e) => Err(HostError::Func(FuncError::new(format!(
                    "error during tpl function execution for {}: {e}",
                    go_quote(&text)
                )))),
            }
        }),
    );
    funcs.add_host(
        "required",
        &[Param::String, Param::Any],
        None,
        Arc::new(move |_ctx: &mut Context<'_>, args: &[Value]| {
            let warn = args.first().and_then(Value::as_str).unwrap_or_default();
            let value = args.get(1).cloned().unwrap_or_default();
            let missing = match &value {
                Value::Nil => true,
                Value::String(s) => s.is_empty(),
                _ => false,
            };
            match (missing, lint_mode) {
                // Helm's LintMode logs the missing value and goes on with "".
                (true, true) => Ok(Value::str("")),
                (true, false) => Err(HostError::Func(FuncError::new(warn_wrap(warn)))),
                (false, _) => Ok(value),
            }
        }),
    );
    funcs.add_host(
        "fail",
        &[Param::String],
        None,
        Arc::new(move |_ctx: &mut Context<'_>, args: &[Value]| {
            let message = args.first().and_then(Value::as_str).unwrap_or_default();
            if lint_mode {
                // Helm's LintMode logs the failure and renders "".
                return Ok(Value::str(""));
            }
            Err(HostError::Func(FuncError::new(warn_wrap(message))))
        }),
    );
    funcs.add_host(
        "lookup",
        &[Param::String, Param::String, Param::String, Param::String],
        None,
        // `helm template` has no cluster: lookup returns an empty map.
        Arc::new(|_ctx: &mut Context<'_>, _args: &[Value]| Ok(Value::empty_map())),
    );
    funcs
}

/// Go's `strconv.Quote`, which `%q` and Helm's messages use.
pub(crate) fn go_quote(text: &str) -> String {
    crate::value::printf::quote(text)
}

#[cfg(test)]
mod tests {
    use super::Names;

    #[test]
    fn names_are_whole_words() {
        let mutator = |text: &str| Names::of(text).mutator;
        assert!(mutator(r#"{{ $_ := set .Values "a" 1 }}"#));
        assert!(mutator("{{ mergeOverwrite $a $b }}"));
        assert!(mutator("{{- unset $m \"k\" -}}"));
        assert!(!mutator(
            "charset: utf-8\noffset: 1\nreset_all: x\nmerged: y"
        ));
        assert!(!mutator("{{ .Values.settings }}"));
        // A letter outside ASCII ends a word: a false alarm, never a miss.
        assert!(mutator("éset"));
        assert!(mutator("…set("));
        assert!(Names::of("{{ tpl .Values.x . }}").tpl);
        assert!(!Names::of("{{ .Values.tplName }}").tpl);
    }

    #[test]
    fn every_mutator_passes_the_quick_search() {
        for word in super::MUTATORS {
            assert!(word.contains("set") || word.contains("erge"), "{word}");
            assert!(
                Names::of(&format!("{{{{ {word} $a $b }}}}")).mutator,
                "{word}"
            );
        }
    }
}
