//! The function table ([`Funcs`]) and the template set ([`Set`]): templates
//! are parsed once into shared trees and executed many times.

use std::collections::HashMap;
use std::sync::Arc;

use super::ast::{Tree, is_empty_list};
use super::builtins::{self, Builtin};
use super::error::{Error, ErrorKind, HostError};
use super::exec::{Context, State};
use super::func::{Function, Param, PureFn};
use crate::value::{Map, Value};

/// A function that needs the engine (Helm's `include` and `tpl`): it gets a
/// [`Context`] to execute templates and the checked arguments.
pub type HostFn = Arc<dyn Fn(&mut Context<'_>, &[Value]) -> Result<Value, HostError> + Send + Sync>;

/// The type of one parameter as the engine checks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PT {
    /// A Go parameter type.
    Go(Param),
    /// A `reflect.Value` parameter of a text/template builtin: anything,
    /// `nil` included, passed without conversion.
    Reflect,
}

impl PT {
    pub(crate) fn go_name(self) -> &'static str {
        match self {
            PT::Go(p) => p.go_name(),
            PT::Reflect => "reflect.Value",
        }
    }
}

#[derive(Clone)]
pub(crate) enum Callee {
    Pure(PureFn),
    Host(HostFn),
    Builtin(Builtin),
}

/// One entry of the function table.
#[derive(Clone)]
pub(crate) struct Entry {
    pub(crate) name: Arc<str>,
    pub(crate) params: Vec<PT>,
    pub(crate) variadic: Option<PT>,
    pub(crate) callee: Callee,
}

/// The functions templates can call, by name: the text/template builtins,
/// then whatever is added (a later `add` of a name replaces it).
#[derive(Clone)]
pub struct Funcs {
    entries: Vec<Entry>,
    index: HashMap<Arc<str>, usize>,
}

impl Default for Funcs {
    fn default() -> Self {
        Funcs::new()
    }
}

impl Funcs {
    /// A table holding the text/template builtins (`and`, `or`, `not`,
    /// `len`, `index`, `slice`, `print*`, `html`, `js`, `urlquery`, `call`,
    /// `eq`, `ne`, `lt`, `le`, `gt`, `ge`).
    pub fn new() -> Self {
        let mut f = Funcs {
            entries: Vec::new(),
            index: HashMap::new(),
        };
        for (name, b, params, variadic) in builtins::table() {
            f.insert(Entry {
                name: Arc::from(name),
                params: params.to_vec(),
                variadic,
                callee: Callee::Builtin(b),
            });
        }
        f
    }

    fn insert(&mut self, entry: Entry) {
        match self.index.get(&entry.name) {
            Some(&i) => self.entries[i] = entry,
            None => {
                self.index.insert(entry.name.clone(), self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    /// Adds (or replaces) a pure function.
    pub fn add(&mut self, f: Function) {
        self.insert(Entry {
            name: Arc::from(f.name),
            params: f.params.iter().map(|&p| PT::Go(p)).collect(),
            variadic: f.variadic.map(PT::Go),
            callee: Callee::Pure(f.call),
        });
    }

    /// Adds (or replaces) a function that needs the engine.
    pub fn add_host(
        &mut self,
        name: &'static str,
        params: &'static [Param],
        variadic: Option<Param>,
        f: HostFn,
    ) {
        self.insert(Entry {
            name: Arc::from(name),
            params: params.iter().map(|&p| PT::Go(p)).collect(),
            variadic: variadic.map(PT::Go),
            callee: Callee::Host(f),
        });
    }

    /// The names of every function, in registration order.
    pub fn names(&self) -> Vec<&str> {
        self.entries.iter().map(|e| &*e.name).collect()
    }

    /// True if a function of that name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    pub(crate) fn index_of(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    pub(crate) fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }
}

/// Which Go version's text/template to imitate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Dialect {
    /// Go 1.23 (Helm 3.17): no `range` over integers; comparison errors
    /// without types.
    Go123,
    /// Go 1.25 (Helm 4.1): `range` over integers; `incompatible types for
    /// comparison: int and float64`.
    #[default]
    Go125,
}

/// What a missing map key gives (Go's `missingkey` option).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MissingKey {
    /// `missingkey=default`: an invalid value (prints `<no value>`, and a
    /// field of it is `<no value>` too).
    Default,
    /// `missingkey=zero`: the map's zero value; for `interface {}` maps that
    /// is a nil interface, whose fields are `nil pointer evaluating` errors.
    /// What Helm uses.
    #[default]
    Zero,
    /// `missingkey=error`: `map has no entry for key "x"` (`helm lint --strict`).
    Error,
}

/// Execution options and resource limits.
#[derive(Clone, Debug)]
pub struct Options {
    /// Go version to imitate.
    pub dialect: Dialect,
    /// Missing map key behaviour.
    pub missing_key: MissingKey,
    /// Go's `maxExecDepth` for nested `{{template}}` calls.
    pub max_depth: usize,
    /// Largest output of one execution, in bytes.
    pub max_output: usize,
    /// Most nodes and loop iterations one execution may run, so runaway
    /// templates stop with an error instead of hanging.
    pub max_ops: u64,
    /// Methods of named map types (Helm's `Values.Table`, `.YAML`…), which
    /// Go looks up before map keys.
    pub map_methods: Option<Arc<dyn MapMethods>>,
}

/// Methods on named map types (`MapKind::Named`), supplied by the host:
/// text/template finds a method before it looks a key up.
pub trait MapMethods: Send + Sync + std::fmt::Debug {
    /// The parameter types of `method` on the named type, if it has one.
    fn params(&self, type_name: &str, method: &str) -> Option<&'static [Param]>;

    /// Calls the method; `Err` is its Go error text.
    fn call(
        &self,
        type_name: &str,
        map: &Arc<Map>,
        method: &str,
        args: &[Value],
    ) -> Result<Value, String>;
}

impl Default for Options {
    fn default() -> Self {
        Options {
            dialect: Dialect::Go125,
            missing_key: MissingKey::Zero,
            max_depth: 100_000,
            max_output: 256 << 20,
            max_ops: 200_000_000,
            map_methods: None,
        }
    }
}

/// Templates parsed against one function table. `Send + Sync`: execute
/// from several threads at once; cloning is cheap (trees are shared).
#[derive(Clone)]
pub struct Set {
    pub(crate) funcs: Arc<Funcs>,
    pub(crate) options: Options,
    pub(crate) templates: HashMap<Arc<str>, Arc<Tree>>,
}

impl Set {
    /// An empty set.
    pub fn new(funcs: Arc<Funcs>, options: Options) -> Self {
        Set {
            funcs,
            options,
            templates: HashMap::new(),
        }
    }

    /// The options this set executes with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Parses `text` as the template `name` and adds it and every
    /// `define`/`block` in it. A definition from an earlier call is replaced
    /// (Helm's rule), except by an empty body (Go's `associate`).
    pub fn parse(&mut self, name: &str, text: &str) -> Result<(), Error> {
        let trees = super::parse::parse(name, text, &self.funcs)?;
        for tree in trees {
            associate(&mut self.templates, tree, |_| None);
        }
        Ok(())
    }

    /// [`parse`](Self::parse) for many files at once: they are parsed in
    /// parallel and added in order, so the result, and the first error
    /// (with the index of its file), are those of parsing them one by one.
    pub fn parse_all(&mut self, files: &[(&str, &str)]) -> Result<(), (usize, Error)> {
        use rayon::prelude::*;
        let funcs = &self.funcs;
        let parsed: Vec<Result<Vec<Arc<Tree>>, Error>> = files
            .par_iter()
            .map(|(name, text)| super::parse::parse(name, text, funcs))
            .collect();
        for (i, trees) in parsed.into_iter().enumerate() {
            for tree in trees.map_err(|e| (i, e))? {
                associate(&mut self.templates, tree, |_| None);
            }
        }
        Ok(())
    }

    /// Executes the template `name` with `data` as `.` and `$`.
    pub fn execute(&self, name: &str, data: &Value) -> Result<String, Error> {
        let Some(tree) = self.templates.get(name) else {
            return Err(Error::plain(
                ErrorKind::NoTemplate,
                name,
                format!(
                    "template: no template {} associated with template {}",
                    super::lex::go_quote(name),
                    super::lex::go_quote(ROOT_NAME)
                ),
            ));
        };
        self.run_tree(tree.clone(), data)
    }

    /// Parses `text` as a file called `name` and executes it with every
    /// template of the set in view, without adding it to the set: what
    /// [`parse`](Self::parse) then [`execute`](Self::execute) do for a text
    /// that defines no templates, when no template of the set has its name.
    /// A text that defines templates (`define`, `block`) is refused, since
    /// they would have to join the set.
    pub fn execute_detached(&self, name: &str, text: &str, data: &Value) -> Result<String, Error> {
        let mut trees = super::parse::parse(name, text, &self.funcs)?;
        let (Some(tree), true) = (trees.pop(), trees.is_empty()) else {
            return Err(Error::plain(
                ErrorKind::NoTemplate,
                name,
                format!("template: {name} defines templates and cannot run detached"),
            ));
        };
        self.run_tree(tree, data)
    }

    /// Executes `tree` with `data` as `.` and `$`, and returns its output.
    fn run_tree(&self, tree: Arc<Tree>, data: &Value) -> Result<String, Error> {
        let mut state = State::new(self, tree.clone());
        // A template's output is usually about as long as its text.
        state.reserve_output(tree.source.len());
        state.run(tree, data)?;
        Ok(state.into_output())
    }

    /// True if a template of that name is defined.
    pub fn contains(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    /// The names of all templates, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.templates.keys().map(|k| &**k).collect();
        v.sort_unstable();
        v
    }
}

/// The name of Helm's root template, which Go's "no template" error names.
pub(crate) const ROOT_NAME: &str = "gotpl";

/// Go's `Template.associate`: a new tree replaces an old one of the same
/// name unless the new one is empty. `outer` finds a definition in an
/// enclosing scope (for `tpl` overlays).
pub(crate) fn associate<'a>(
    map: &mut HashMap<Arc<str>, Arc<Tree>>,
    tree: Arc<Tree>,
    outer: impl Fn(&str) -> Option<&'a Arc<Tree>>,
) {
    let exists = map.contains_key(&tree.name) || outer(&tree.name).is_some();
    if exists && is_empty_list(&tree.root, &tree.source) {
        return;
    }
    map.insert(tree.name.clone(), tree);
}
