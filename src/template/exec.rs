//! The executor: Go's `text/template/exec.go` over the parse tree.
//!
//! Go distinguishes an invalid `reflect.Value` (no value at all: a missing
//! key under `missingkey=default`, a nil pipeline result) from a value of
//! static type `interface {}` (a map or slice element), whose nil is
//! reported as `nil pointer evaluating interface {}.x` and whose type shows
//! in errors as `interface {}`. [`Ev`] keeps that distinction.

use std::collections::HashMap;
use std::sync::Arc;

use super::ast::{Arg, At, AtKind, Branch, List, Node, Number, Pipe, TemplateCall, Tree, Variable};
use super::builtins::{self, Builtin};
use super::error::{Error, ErrorKind, HostError};
use super::lex::go_quote;
use super::set::{Callee, Dialect, MissingKey, PT, Set, associate};
use crate::template::func::Param;
use crate::value::{Map, MapKind, SliceKind, Value};

const RED_ZONE: usize = 128 * 1024;
const STACK_GROW: usize = 4 * 1024 * 1024;

/// A value during execution (see the module doc).
#[derive(Clone, Debug, Default)]
pub(crate) enum Ev {
    /// Go's invalid `reflect.Value`.
    #[default]
    Invalid,
    /// A value of its own concrete type.
    Concrete(Value),
    /// A value held in an `interface {}` (map or slice element); `Nil` is
    /// the nil interface.
    Iface(Value),
}

impl Ev {
    pub(crate) fn from_data(v: &Value) -> Ev {
        if v.is_nil() {
            Ev::Invalid
        } else {
            Ev::Concrete(v.clone())
        }
    }

    /// The value inside, with nil for invalid.
    pub(crate) fn value(&self) -> &Value {
        static NIL: Value = Value::Nil;
        match self {
            Ev::Invalid => &NIL,
            Ev::Concrete(v) | Ev::Iface(v) => v,
        }
    }

    pub(crate) fn into_value(self) -> Value {
        match self {
            Ev::Invalid => Value::Nil,
            Ev::Concrete(v) | Ev::Iface(v) => v,
        }
    }

    /// Go's `indirectInterface`: the nil interface becomes invalid.
    pub(crate) fn indirect(self) -> Ev {
        match self {
            Ev::Iface(Value::Nil) => Ev::Invalid,
            Ev::Iface(v) => Ev::Concrete(v),
            other => other,
        }
    }

    /// The static type name Go's errors print.
    fn static_type(&self) -> String {
        match self {
            Ev::Invalid => "<nil>".into(),
            Ev::Iface(_) | Ev::Concrete(Value::Nil) => "interface {}".into(),
            Ev::Concrete(v) => v.type_name().into_owned(),
        }
    }

    /// A map entry or slice element as Go would see it: `interface {}`
    /// unless the container has a concrete element type.
    fn element(v: &Value, concrete: bool) -> Ev {
        Ev::element_owned(v.clone(), concrete)
    }

    /// [`Ev::element`] for a value already owned.
    fn element_owned(v: Value, concrete: bool) -> Ev {
        if concrete {
            Ev::Concrete(v)
        } else {
            Ev::Iface(v)
        }
    }

    /// A function's result: a nil result is a nil `interface {}`.
    fn result(v: Value) -> Ev {
        if v.is_nil() {
            Ev::Iface(v)
        } else {
            Ev::Concrete(v)
        }
    }
}

/// A variable's name, held inline when short (as nearly all are) so that
/// declaring one neither allocates nor touches the parse tree's shared
/// reference counts.
#[derive(Clone)]
enum VarName {
    Inline { len: u8, bytes: [u8; 22] },
    Heap(Box<str>),
}

impl VarName {
    fn new(name: &str) -> VarName {
        let mut bytes = [0; 22];
        match bytes.get_mut(..name.len()) {
            Some(slot) => {
                slot.copy_from_slice(name.as_bytes());
                VarName::Inline {
                    len: name.len() as u8,
                    bytes,
                }
            }
            None => VarName::Heap(name.into()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // Whole `str`s are copied in, so the bytes are always UTF-8.
            VarName::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            VarName::Heap(name) => name,
        }
    }
}

/// A call's arguments: held on the stack up to [`INLINE_ARGS`] of them
/// (nearly every call), in a vector beyond.
enum ArgBuf<T> {
    Inline { items: [T; INLINE_ARGS], len: usize },
    Heap(Vec<T>),
}

const INLINE_ARGS: usize = 4;

impl<T: Default> ArgBuf<T> {
    fn with_capacity(n: usize) -> ArgBuf<T> {
        if n <= INLINE_ARGS {
            ArgBuf::Inline {
                items: Default::default(),
                len: 0,
            }
        } else {
            ArgBuf::Heap(Vec::with_capacity(n))
        }
    }

    fn push(&mut self, item: T) {
        match self {
            ArgBuf::Inline { items, len } if *len < INLINE_ARGS => {
                items[*len] = item;
                *len += 1;
            }
            ArgBuf::Inline { items, len } => {
                let mut spilled: Vec<T> = items.iter_mut().take(*len).map(std::mem::take).collect();
                spilled.push(item);
                *self = ArgBuf::Heap(spilled);
            }
            ArgBuf::Heap(v) => v.push(item),
        }
    }

    fn as_slice(&self) -> &[T] {
        match self {
            ArgBuf::Inline { items, len } => &items[..*len],
            ArgBuf::Heap(v) => v,
        }
    }

    fn map<U: Default>(self, f: impl Fn(T) -> U) -> ArgBuf<U> {
        match self {
            ArgBuf::Inline { items, len } => {
                let mut out = ArgBuf::with_capacity(len);
                for item in items.into_iter().take(len) {
                    out.push(f(item));
                }
                out
            }
            ArgBuf::Heap(v) => ArgBuf::Heap(v.into_iter().map(f).collect()),
        }
    }
}

enum Flow {
    Normal,
    Break,
    Continue,
}

type R<T> = Result<T, Error>;

/// One execution: Go's `state`.
pub(crate) struct State<'s> {
    set: &'s Set,
    /// Templates defined by `tpl` texts being executed, innermost last.
    overlays: Vec<HashMap<Arc<str>, Arc<Tree>>>,
    /// The template being executed (Go's `state.tmpl`).
    tmpl: Arc<Tree>,
    /// Variables in scope, innermost last; those of the template being
    /// executed start at `vars_base` (a template sees only its own `$`).
    vars: Vec<(VarName, Ev)>,
    vars_base: usize,
    depth: usize,
    at: At,
    out: String,
    ops: u64,
}

impl<'s> State<'s> {
    pub(crate) fn new(set: &'s Set, tmpl: Arc<Tree>) -> Self {
        State {
            set,
            overlays: Vec::new(),
            tmpl,
            vars: Vec::new(),
            vars_base: 0,
            depth: 0,
            at: At {
                pos: 0,
                kind: AtKind::Node,
            },
            out: String::new(),
            ops: 0,
        }
    }

    pub(crate) fn reserve_output(&mut self, additional: usize) {
        self.out.reserve(additional);
    }

    pub(crate) fn into_output(self) -> String {
        self.out
    }

    /// Executes `tree` with `data` as a fresh Go state would (`Execute`).
    pub(crate) fn run(&mut self, tree: Arc<Tree>, data: &Value) -> R<()> {
        let dot = Ev::from_data(data);
        let saved_tmpl = std::mem::replace(&mut self.tmpl, tree.clone());
        let saved_vars = self.enter_vars(dot.clone());
        let saved_depth = std::mem::replace(&mut self.depth, 0);
        let r = self.walk_list(&tree, &dot, &tree.root);
        self.tmpl = saved_tmpl;
        self.leave_vars(saved_vars);
        self.depth = saved_depth;
        r.map(|_| ())
    }

    /// Starts a template's variable scope, holding only `$` = `dot`; returns
    /// what [`State::leave_vars`] restores.
    fn enter_vars(&mut self, dot: Ev) -> (usize, usize) {
        let mark = self.vars.len();
        let base = std::mem::replace(&mut self.vars_base, mark);
        self.vars.push((VarName::new("$"), dot));
        (mark, base)
    }

    fn leave_vars(&mut self, (mark, base): (usize, usize)) {
        self.vars.truncate(mark);
        self.vars_base = base;
    }

    fn lookup(&self, name: &str) -> Option<Arc<Tree>> {
        for o in self.overlays.iter().rev() {
            if let Some(t) = o.get(name) {
                return Some(t.clone());
            }
        }
        self.set.templates.get(name).cloned()
    }

    fn at(&mut self, kind: AtKind, pos: usize) {
        self.at = At { pos, kind };
    }

    fn error_kind(&self, kind: ErrorKind, msg: String) -> Error {
        let t = &self.tmpl;
        Error::exec(
            kind,
            &t.parse_name,
            &t.name,
            &t.source,
            self.at.pos,
            t.context_of(self.at),
            msg,
        )
    }

    fn errorf<T>(&self, msg: String) -> R<T> {
        Err(self.error_kind(ErrorKind::Exec, msg))
    }

    fn tick(&mut self) -> R<()> {
        self.ops += 1;
        if self.ops > self.set.options.max_ops {
            return Err(self.error_kind(
                ErrorKind::Limit,
                format!(
                    "operation budget exceeded ({} steps)",
                    self.set.options.max_ops
                ),
            ));
        }
        Ok(())
    }

    fn write(&mut self, s: &str) -> R<()> {
        if self.out.len() + s.len() > self.set.options.max_output {
            return Err(self.error_kind(
                ErrorKind::Limit,
                format!(
                    "output exceeds the limit of {} bytes",
                    self.set.options.max_output
                ),
            ));
        }
        self.out.push_str(s);
        Ok(())
    }

    fn walk_list(&mut self, t: &Tree, dot: &Ev, list: &List) -> R<Flow> {
        for node in &list.nodes {
            match self.walk(t, dot, node)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, t: &Tree, dot: &Ev, node: &Node) -> R<Flow> {
        stacker::maybe_grow(RED_ZONE, STACK_GROW, || {
            self.tick()?;
            match node {
                Node::Text { start, end } => {
                    self.write(t.source.get(*start..*end).unwrap_or(""))?;
                }
                Node::Action(pipe) => {
                    self.at(AtKind::Node, pipe.pos);
                    let v = self.eval_pipeline(dot, pipe)?;
                    if pipe.decl.is_empty() {
                        self.print_value(&v)?;
                    }
                }
                Node::If(b) => return self.walk_if_or_with(t, false, dot, b),
                Node::With(b) => return self.walk_if_or_with(t, true, dot, b),
                Node::Range(b) => return self.walk_range(t, dot, b),
                Node::Template(call) => self.walk_template(dot, call)?,
                Node::Break { .. } => return Ok(Flow::Break),
                Node::Continue { .. } => return Ok(Flow::Continue),
            }
            Ok(Flow::Normal)
        })
    }

    fn print_value(&mut self, v: &Ev) -> R<()> {
        match v {
            Ev::Invalid => self.write("<no value>"),
            Ev::Concrete(Value::String(s)) | Ev::Iface(Value::String(s)) => self.write(s),
            Ev::Concrete(v) | Ev::Iface(v) => {
                let mut s = String::new();
                crate::value::fmt::write_v(&mut s, v);
                self.write(&s)
            }
        }
    }

    fn walk_if_or_with(&mut self, t: &Tree, with: bool, dot: &Ev, b: &Branch) -> R<Flow> {
        self.at(AtKind::Node, b.pipe.pos);
        let mark = self.vars.len();
        let r = (|| {
            let val = self.eval_pipeline(dot, &b.pipe)?;
            if val.value().is_true() {
                if with {
                    self.walk_list(t, &val, &b.list)
                } else {
                    self.walk_list(t, dot, &b.list)
                }
            } else if let Some(e) = &b.else_list {
                self.walk_list(t, dot, e)
            } else {
                Ok(Flow::Normal)
            }
        })();
        self.vars.truncate(mark);
        r
    }

    fn walk_range(&mut self, t: &Tree, dot: &Ev, r: &Branch) -> R<Flow> {
        self.at(AtKind::Node, r.pipe.pos);
        let mark = self.vars.len();
        let res = self.walk_range_inner(t, dot, r);
        self.vars.truncate(mark);
        res
    }

    fn one_iteration(&mut self, t: &Tree, r: &Branch, index: Ev, elem: Ev) -> R<bool> {
        self.tick()?;
        let decl = &r.pipe.decl;
        let mark = self.vars.len();
        if !decl.is_empty() {
            if r.pipe.is_assign {
                if decl.len() > 1 {
                    self.set_var(&decl[0].ident[0], index.clone())?;
                } else {
                    self.set_var(&decl[0].ident[0], elem.clone())?;
                }
            } else if let Some(top) = self.vars.last_mut() {
                top.1 = elem.clone();
            }
        }
        if decl.len() > 1 {
            if r.pipe.is_assign {
                self.set_var(&decl[1].ident[0], elem.clone())?;
            } else {
                let n = self.vars.len();
                if n >= 2 {
                    self.vars[n - 2].1 = index;
                }
            }
        }
        let flow = self.walk_list(t, &elem, &r.list);
        self.vars.truncate(mark);
        Ok(!matches!(flow?, Flow::Break))
    }

    fn walk_range_inner(&mut self, t: &Tree, dot: &Ev, r: &Branch) -> R<Flow> {
        let mut val = self.eval_pipeline(dot, &r.pipe)?.indirect();
        // Host objects that are Go maps or slices (Helm's `.Files`) range
        // over their data.
        if let Value::Object(o) = val.value() {
            let data = o.to_data();
            if matches!(data, Value::Map(_) | Value::List(_)) {
                val = Ev::Concrete(data);
            }
        }
        match val.value() {
            Value::List(l) if !l.items.is_empty() => {
                let concrete = l.kind != SliceKind::Interface;
                let l = l.clone();
                for (i, item) in l.items.iter().enumerate() {
                    if !self.one_iteration(
                        t,
                        r,
                        Ev::Concrete(Value::Int(i as i64)),
                        Ev::element(item, concrete),
                    )? {
                        break;
                    }
                }
                return Ok(Flow::Normal);
            }
            Value::Bytes(b) if !b.is_empty() => {
                let b = b.clone();
                for (i, byte) in b.iter().enumerate() {
                    let e = Ev::Concrete(Value::Int(*byte as i64));
                    if !self.one_iteration(t, r, Ev::Concrete(Value::Int(i as i64)), e)? {
                        break;
                    }
                }
                return Ok(Flow::Normal);
            }
            Value::Map(m) if !m.is_empty() => {
                let concrete = m.kind == MapKind::String;
                // Go ranges over the sorted keys; a snapshot lets the body
                // change the map (`set`) without holding its lock.
                let entries = m.snapshot();
                for (k, v) in &entries {
                    let key = Ev::Concrete(Value::String(Arc::from(k.as_str())));
                    if !self.one_iteration(t, r, key, Ev::element(v, concrete))? {
                        break;
                    }
                }
                return Ok(Flow::Normal);
            }
            Value::Int(n) | Value::Int64(n) if self.set.options.dialect == Dialect::Go125 => {
                if r.pipe.decl.len() > 1 {
                    return self.errorf(format!(
                        "can't use {n} to iterate over more than one variable"
                    ));
                }
                let wide = matches!(val.value(), Value::Int64(_));
                let n = *n;
                if n > 0 {
                    for i in 0..n {
                        let v = if wide { Value::Int64(i) } else { Value::Int(i) };
                        if !self.one_iteration(t, r, Ev::Concrete(v.clone()), Ev::Concrete(v))? {
                            break;
                        }
                    }
                    return Ok(Flow::Normal);
                }
            }
            Value::List(_) | Value::Map(_) | Value::Bytes(_) | Value::Nil => {}
            other => {
                let text = other.to_go_string();
                return self.errorf(format!("range can't iterate over {text}"));
            }
        }
        if let Some(e) = &r.else_list {
            return self.walk_list(t, dot, e);
        }
        Ok(Flow::Normal)
    }

    fn walk_template(&mut self, dot: &Ev, call: &TemplateCall) -> R<()> {
        self.at(AtKind::Node, call.pos);
        let Some(tree) = self.lookup(&call.name) else {
            return self.errorf(format!("template {} not defined", go_quote(&call.name)));
        };
        if self.depth >= self.set.options.max_depth {
            return self.errorf(format!(
                "exceeded maximum template depth ({})",
                self.set.options.max_depth
            ));
        }
        let dot = match &call.pipe {
            Some(p) => self.eval_pipeline(dot, p)?,
            None => Ev::Invalid,
        };
        let saved_tmpl = std::mem::replace(&mut self.tmpl, tree.clone());
        let saved_vars = self.enter_vars(dot.clone());
        self.depth += 1;
        let r = self.walk_list(&tree, &dot, &tree.root);
        self.depth -= 1;
        self.leave_vars(saved_vars);
        self.tmpl = saved_tmpl;
        r.map(|_| ())
    }

    // ---- pipelines and commands ----

    fn eval_pipeline(&mut self, dot: &Ev, pipe: &Pipe) -> R<Ev> {
        self.at(AtKind::Pipe, pipe.pos);
        let mut value: Option<Ev> = None;
        for cmd in &pipe.cmds {
            let v = self.eval_command(dot, &cmd.args, cmd.pos, value.take())?;
            // An interface value is dug down to its content (Go's "lovely!").
            value = Some(v.indirect());
        }
        let value = value.unwrap_or(Ev::Invalid);
        for v in &pipe.decl {
            if pipe.is_assign {
                self.set_var(&v.ident[0], value.clone())?;
            } else {
                self.vars.push((VarName::new(&v.ident[0]), value.clone()));
            }
        }
        Ok(value)
    }

    fn eval_command(&mut self, dot: &Ev, args: &[Arg], cmd_pos: usize, fin: Option<Ev>) -> R<Ev> {
        let first = &args[0];
        match first {
            Arg::Field { pos, ident } => {
                self.at(AtKind::Arg, *pos);
                self.eval_field_chain(dot, dot.clone(), *pos, ident, args, fin)
            }
            Arg::Chain { .. } => self.eval_chain_node(dot, first, args, fin),
            Arg::Identifier { pos, name, func } => {
                self.at(AtKind::Arg, *pos);
                self.eval_call(dot, *func, name, cmd_pos, &args[1..], fin)
            }
            Arg::Pipe(p) => {
                self.not_a_function(args, &fin)?;
                stacker::maybe_grow(RED_ZONE, STACK_GROW, || self.eval_pipeline(dot, p))
            }
            Arg::Variable(v) => self.eval_variable_node(dot, v, args, fin),
            _ => {
                self.at(AtKind::Arg, first.pos());
                self.not_a_function(args, &fin)?;
                match first {
                    Arg::Bool { value, .. } => Ok(Ev::Concrete(Value::Bool(*value))),
                    Arg::Dot { .. } => Ok(dot.clone()),
                    Arg::Nil { .. } => self.errorf("nil is not a command".into()),
                    Arg::Number(n) => self.ideal_constant(n),
                    Arg::String { text, .. } => Ok(Ev::Concrete(Value::String(text.clone()))),
                    _ => self.errorf(format!(
                        "can't evaluate command {}",
                        go_quote(&first.to_string())
                    )),
                }
            }
        }
    }

    fn not_a_function(&self, args: &[Arg], fin: &Option<Ev>) -> R<()> {
        if args.len() > 1 || fin.is_some() {
            return self.errorf(format!("can't give argument to non-function {}", args[0]));
        }
        Ok(())
    }

    fn ideal_constant(&mut self, n: &Number) -> R<Ev> {
        self.at(AtKind::Arg, n.pos);
        let text = &*n.text;
        let is_hex_int = text.len() > 2
            && text.starts_with('0')
            && matches!(text.as_bytes()[1], b'x' | b'X')
            && !text.contains(['p', 'P']);
        let is_rune = text.starts_with('\'');
        if n.is_complex {
            // The value model has no complex128; Go prints it as `(1+2i)`,
            // which is all a template can do with one.
            let re = crate::value::fmt::format_float_g(n.float);
            let mut im = crate::value::fmt::format_float_g(n.imag);
            if !im.starts_with(['-', '+']) {
                im.insert(0, '+');
            }
            return Ok(Ev::Concrete(Value::str(format!("({re}{im}i)"))));
        }
        if n.is_float && !is_hex_int && !is_rune && text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Ok(Ev::Concrete(Value::Float(n.float)));
        }
        if n.is_int {
            return Ok(Ev::Concrete(Value::Int(n.int)));
        }
        if n.is_uint {
            return self.errorf(format!("{text} overflows int"));
        }
        Ok(Ev::Invalid)
    }

    fn eval_chain_node(&mut self, dot: &Ev, chain: &Arg, args: &[Arg], fin: Option<Ev>) -> R<Ev> {
        let Arg::Chain { pos, node, field } = chain else {
            return self.errorf("internal error: not a chain".into());
        };
        self.at(AtKind::Arg, *pos);
        if let Arg::Nil { .. } = **node {
            return self.errorf(format!("indirection through explicit nil in {chain}"));
        }
        let recv = self.eval_arg(dot, None, node)?;
        self.eval_field_chain(dot, recv, *pos, field, args, fin)
    }

    fn eval_variable_node(
        &mut self,
        dot: &Ev,
        v: &Variable,
        args: &[Arg],
        fin: Option<Ev>,
    ) -> R<Ev> {
        self.at(AtKind::Arg, v.pos);
        let value = self.var_value(&v.ident[0])?;
        if v.ident.len() == 1 {
            self.not_a_function(args, &fin)?;
            return Ok(value);
        }
        self.eval_field_chain(dot, value, v.pos, &v.ident[1..], args, fin)
    }

    fn eval_field_chain(
        &mut self,
        dot: &Ev,
        mut recv: Ev,
        node_pos: usize,
        ident: &[Arc<str>],
        args: &[Arg],
        fin: Option<Ev>,
    ) -> R<Ev> {
        let n = ident.len();
        for name in &ident[..n - 1] {
            recv = self.eval_field(dot, node_pos, name, &[], None, recv)?;
        }
        self.eval_field(dot, node_pos, &ident[n - 1], args, fin, recv)
    }

    fn eval_field(
        &mut self,
        dot: &Ev,
        node_pos: usize,
        name: &str,
        args: &[Arg],
        fin: Option<Ev>,
        recv: Ev,
    ) -> R<Ev> {
        // The set outlives this state: borrowing it through a copy of the
        // reference leaves `self` free for the calls below.
        let set: &'s Set = self.set;
        let missing = set.options.missing_key;
        let has_args = args.len() > 1 || fin.is_some();
        // The receiver's static type, only computed for error messages.
        let iface = matches!(recv, Ev::Iface(_));
        let v = match recv {
            Ev::Invalid => {
                if missing == MissingKey::Error {
                    return self.errorf(format!("nil data; no entry for key {}", go_quote(name)));
                }
                return Ok(Ev::Invalid);
            }
            Ev::Iface(Value::Nil) | Ev::Concrete(Value::Nil) => {
                let typ = recv.static_type();
                return self.errorf(format!("nil pointer evaluating {typ}.{name}"));
            }
            Ev::Iface(v) | Ev::Concrete(v) => v,
        };
        match &v {
            Value::Map(m) => {
                // Go finds a method of a named map type before a key.
                if let MapKind::Named(type_name) = m.kind
                    && let Some(hook) = set.options.map_methods.as_deref()
                    && let Some(params) = hook.params(type_name, name)
                {
                    let vals = self.method_args(dot, node_pos, name, params, args, fin)?;
                    let result = hook.call(type_name, m, name, &vals);
                    return self.method_result(node_pos, name, result);
                }
                if has_args {
                    return self.errorf(format!("{name} is not a method but has arguments"));
                }
                let concrete = m.kind == MapKind::String;
                match m.get(name) {
                    Some(x) => Ok(Ev::element_owned(x, concrete)),
                    None => match missing {
                        MissingKey::Default => Ok(Ev::Invalid),
                        MissingKey::Zero if concrete => Ok(Ev::Concrete(Value::str(""))),
                        MissingKey::Zero => Ok(Ev::Iface(Value::Nil)),
                        MissingKey::Error => {
                            self.errorf(format!("map has no entry for key {}", go_quote(name)))
                        }
                    },
                }
            }
            Value::Object(o) => {
                if let Some(params) = o.method_params(name) {
                    let vals = self.method_args(dot, node_pos, name, params, args, fin)?;
                    let result = o
                        .call_method(name, &vals)
                        .unwrap_or_else(|| Err(format!("method {name} is not callable")));
                    return self.method_result(node_pos, name, result);
                }
                if has_args {
                    let mut vals = Vec::with_capacity(args.len());
                    for a in &args[1..] {
                        vals.push(
                            self.eval_arg(dot, Some(PT::Go(Param::Any)), a)?
                                .into_value(),
                        );
                    }
                    if let Some(f) = fin {
                        vals.push(f.into_value());
                    }
                    self.at(AtKind::Arg, node_pos);
                    match o.call_method(name, &vals) {
                        Some(Ok(v)) => Ok(Ev::result(v)),
                        Some(Err(msg)) => {
                            self.at(AtKind::Arg, node_pos);
                            let e = self.error_kind(ErrorKind::Exec, String::new());
                            Err(e.with_func(
                                &Arc::from(name),
                                HostError::Func(super::func::FuncError(msg)),
                            ))
                        }
                        None if o.field(name).is_some() => self.errorf(format!(
                            "{name} has arguments but cannot be invoked as function"
                        )),
                        None => self.errorf(format!(
                            "can't evaluate field {name} in type {}",
                            static_type(iface, &v)
                        )),
                    }
                } else if let Some(v) = o.field(name) {
                    Ok(Ev::result(v))
                } else {
                    match o.call_method(name, &[]) {
                        Some(Ok(v)) => Ok(Ev::result(v)),
                        Some(Err(msg)) => {
                            self.at(AtKind::Arg, node_pos);
                            let e = self.error_kind(ErrorKind::Exec, String::new());
                            Err(e.with_func(
                                &Arc::from(name),
                                HostError::Func(super::func::FuncError(msg)),
                            ))
                        }
                        None => self.errorf(format!(
                            "can't evaluate field {name} in type {}",
                            static_type(iface, &v)
                        )),
                    }
                }
            }
            _ => self.errorf(format!(
                "can't evaluate field {name} in type {}",
                static_type(iface, &v)
            )),
        }
    }

    /// Go's argument checks for a method call: the count, then each
    /// operand against its parameter type (`expected string; found 1`).
    fn method_args(
        &mut self,
        dot: &Ev,
        node_pos: usize,
        name: &str,
        params: &'static [Param],
        args: &[Arg],
        fin: Option<Ev>,
    ) -> R<Vec<Value>> {
        let given = args.len().saturating_sub(1) + usize::from(fin.is_some());
        if given != params.len() {
            self.at(AtKind::Arg, node_pos);
            return self.errorf(format!(
                "wrong number of args for {name}: want {} got {given}",
                params.len()
            ));
        }
        let mut vals = Vec::with_capacity(given);
        for (i, a) in args.iter().skip(1).enumerate() {
            vals.push(self.eval_arg(dot, Some(PT::Go(params[i])), a)?.into_value());
        }
        if let Some(f) = fin {
            let last = params[params.len() - 1];
            vals.push(self.validate_type(f, Some(PT::Go(last)))?.into_value());
        }
        Ok(vals)
    }

    /// A method's result, its error wrapped as Go's `error calling NAME: …`.
    fn method_result(
        &mut self,
        node_pos: usize,
        name: &str,
        result: Result<Value, String>,
    ) -> R<Ev> {
        match result {
            Ok(v) => Ok(Ev::result(v)),
            Err(msg) => {
                self.at(AtKind::Arg, node_pos);
                let e = self.error_kind(ErrorKind::Exec, String::new());
                Err(e.with_func(
                    &Arc::from(name),
                    HostError::Func(super::func::FuncError(msg)),
                ))
            }
        }
    }

    fn var_value(&self, name: &str) -> R<Ev> {
        for (n, v) in self.vars[self.vars_base..].iter().rev() {
            if n.as_str() == name {
                return Ok(v.clone());
            }
        }
        self.errorf(format!("undefined variable: {name}"))
    }

    fn set_var(&mut self, name: &str, value: Ev) -> R<()> {
        let base = self.vars_base;
        for (n, v) in self.vars[base..].iter_mut().rev() {
            if n.as_str() == name {
                *v = value;
                return Ok(());
            }
        }
        self.errorf(format!("undefined variable: {name}"))
    }

    // ---- function calls ----

    fn eval_call(
        &mut self,
        dot: &Ev,
        func: usize,
        name: &Arc<str>,
        cmd_pos: usize,
        args: &[Arg],
        fin: Option<Ev>,
    ) -> R<Ev> {
        let set: &'s Set = self.set;
        let entry = set.funcs.entry(func);
        let num_in = args.len() + usize::from(fin.is_some());
        let num_fixed = entry.params.len();
        if entry.variadic.is_some() {
            if num_in < num_fixed {
                return self.errorf(format!(
                    "wrong number of args for {name}: want at least {num_fixed} got {}",
                    args.len()
                ));
            }
        } else if num_in != num_fixed {
            return self.errorf(format!(
                "wrong number of args for {name}: want {num_fixed} got {num_in}"
            ));
        }
        let param = |i: usize| -> PT {
            if i < num_fixed {
                entry.params[i]
            } else {
                entry.variadic.unwrap_or(PT::Reflect)
            }
        };

        // `and` and `or` short-circuit and return the deciding operand.
        if let Callee::Builtin(b @ (Builtin::And | Builtin::Or)) = entry.callee {
            let is_or = b == Builtin::Or;
            let mut v = Ev::Invalid;
            for a in args {
                v = self.eval_arg(dot, Some(PT::Reflect), a)?;
                if v.clone().indirect().value().is_true() == is_or {
                    return Ok(v);
                }
            }
            if let Some(f) = fin {
                v = f;
            }
            return Ok(v);
        }

        let mut argv: ArgBuf<Ev> = ArgBuf::with_capacity(num_in);
        for (i, a) in args.iter().enumerate() {
            argv.push(self.eval_arg(dot, Some(param(i)), a)?);
        }
        if let Some(f) = fin {
            let t = if entry.variadic.is_some() {
                param(num_in - 1)
            } else {
                entry.params[num_fixed - 1]
            };
            argv.push(self.validate_type(f, Some(t))?);
        }

        let result = match &entry.callee {
            Callee::Pure(f) => {
                let vals = argv.map(Ev::into_value);
                f(vals.as_slice()).map(Ev::result).map_err(HostError::Func)
            }
            Callee::Host(f) => {
                let vals = argv.map(Ev::into_value);
                let mut ctx = Context { host: self };
                f(&mut ctx, vals.as_slice()).map(Ev::result)
            }
            Callee::Builtin(b) => {
                let callee = if *b == Builtin::Call {
                    match args.first() {
                        Some(a) => a.to_string(),
                        None => argv
                            .as_slice()
                            .first()
                            .map(|v| v.value().to_go_string())
                            .unwrap_or_default(),
                    }
                } else {
                    String::new()
                };
                builtins::call(*b, self.set.options.dialect, argv.as_slice(), &callee)
                    .map_err(HostError::Func)
            }
        };
        match result {
            Ok(v) => Ok(v),
            Err(e) => {
                self.at(AtKind::Command, cmd_pos);
                let base = self.error_kind(ErrorKind::Exec, String::new());
                Err(base.with_func(name, e))
            }
        }
    }

    /// Go's `evalArg`: evaluates an operand for a parameter of type `typ`
    /// (`None` for a chain receiver, which takes anything).
    fn eval_arg(&mut self, dot: &Ev, typ: Option<PT>, n: &Arg) -> R<Ev> {
        self.at(AtKind::Arg, n.pos());
        match n {
            Arg::Dot { .. } => return self.validate_type(dot.clone(), typ),
            Arg::Nil { .. } => {
                return match typ {
                    None | Some(PT::Reflect) => Ok(Ev::Invalid),
                    Some(PT::Go(p)) if can_be_nil(p) => Ok(zero(p)),
                    Some(t) => self.errorf(format!("cannot assign nil to {}", t.go_name())),
                };
            }
            Arg::Field { ident, .. } => {
                let v = self.eval_field_chain(dot, dot.clone(), n.pos(), ident, &[], None)?;
                return self.validate_type(v, typ);
            }
            Arg::Variable(v) => {
                let v = self.eval_variable_node(dot, v, &[], None)?;
                return self.validate_type(v, typ);
            }
            Arg::Pipe(p) => {
                let v = stacker::maybe_grow(RED_ZONE, STACK_GROW, || self.eval_pipeline(dot, p))?;
                return self.validate_type(v, typ);
            }
            Arg::Identifier { pos, name, func } => {
                self.at(AtKind::Arg, *pos);
                let v = self.eval_call(dot, *func, name, *pos, &[], None)?;
                return self.validate_type(v, typ);
            }
            Arg::Chain { .. } => {
                let v = self.eval_chain_node(dot, n, &[], None)?;
                return self.validate_type(v, typ);
            }
            _ => {}
        }
        match typ {
            Some(PT::Go(Param::Bool)) => match n {
                Arg::Bool { value, .. } => Ok(Ev::Concrete(Value::Bool(*value))),
                _ => self.errorf(format!("expected bool; found {n}")),
            },
            Some(PT::Go(Param::Float64)) => match n {
                Arg::Number(num) if num.is_float => Ok(Ev::Concrete(Value::Float(num.float))),
                _ => self.errorf(format!("expected float; found {n}")),
            },
            Some(PT::Go(p @ (Param::Int | Param::Int64))) => match n {
                Arg::Number(num) if num.is_int => Ok(Ev::Concrete(if p == Param::Int {
                    Value::Int(num.int)
                } else {
                    Value::Int64(num.int)
                })),
                _ => self.errorf(format!("expected integer; found {n}")),
            },
            Some(PT::Go(Param::Uint32)) => match n {
                Arg::Number(num) if num.is_uint => {
                    // Constants past i64 are only held as floats here.
                    let wide = if num.is_int {
                        num.int as u64
                    } else {
                        num.float as u64
                    };
                    Ok(Ev::Concrete(Value::Int(i64::from(wide as u32))))
                }
                _ => self.errorf(format!("expected unsigned integer; found {n}")),
            },
            Some(PT::Go(Param::String)) => match n {
                Arg::String { text, .. } => Ok(Ev::Concrete(Value::String(text.clone()))),
                _ => self.errorf(format!("expected string; found {n}")),
            },
            Some(PT::Go(Param::Any)) | Some(PT::Reflect) => match n {
                Arg::Bool { value, .. } => Ok(Ev::Concrete(Value::Bool(*value))),
                Arg::Number(num) => self.ideal_constant(num),
                Arg::String { text, .. } => Ok(Ev::Concrete(Value::String(text.clone()))),
                _ => self.errorf(format!(
                    "can't handle assignment of {n} to empty interface argument"
                )),
            },
            Some(t) => self.errorf(format!("can't handle {n} for arg of type {}", t.go_name())),
            None => self.errorf(format!("can't handle {n} for arg of type <nil>")),
        }
    }

    /// Go's `validateType`.
    fn validate_type(&self, value: Ev, typ: Option<PT>) -> R<Ev> {
        let p = match typ {
            None | Some(PT::Reflect) | Some(PT::Go(Param::Any)) => return Ok(value),
            Some(PT::Go(p)) => p,
        };
        match &value {
            Ev::Invalid => {
                if can_be_nil(p) {
                    return Ok(zero(p));
                }
                self.errorf(format!("invalid value; expected {}", p.go_name()))
            }
            Ev::Iface(Value::Nil) | Ev::Concrete(Value::Nil) => self.errorf(format!(
                "wrong type for value; expected {}; got interface {{}}",
                p.go_name()
            )),
            Ev::Iface(v) | Ev::Concrete(v) => {
                if assignable(v, p) {
                    Ok(value)
                } else {
                    self.errorf(format!(
                        "wrong type for value; expected {}; got {}",
                        p.go_name(),
                        v.type_name()
                    ))
                }
            }
        }
    }
}

fn can_be_nil(p: Param) -> bool {
    match p {
        Param::Any | Param::List | Param::StringList | Param::Map | Param::Bytes => true,
        Param::Object(name) => name.starts_with('*'),
        _ => false,
    }
}

/// The zero value of a nillable parameter type, as the function receives it.
fn zero(p: Param) -> Ev {
    Ev::Concrete(match p {
        Param::List => Value::list(Vec::new()),
        Param::StringList => Value::string_list(Vec::<String>::new()),
        // A nil map: reads see it empty, `set` fails on it as in Go.
        Param::Map => Value::Map(Arc::new(Map::nil(MapKind::Interface))),
        Param::Bytes => Value::Bytes(Arc::from(Vec::new())),
        _ => Value::Nil,
    })
}

/// Go assignability of a value's dynamic type to a parameter type.
fn assignable(v: &Value, p: Param) -> bool {
    match (p, v) {
        (Param::Any, _) => true,
        (Param::String, Value::String(_))
        | (Param::Int, Value::Int(_))
        | (Param::Int64, Value::Int64(_))
        | (Param::Float64, Value::Float(_))
        | (Param::Bool, Value::Bool(_))
        | (Param::Bytes, Value::Bytes(_)) => true,
        (Param::List, Value::List(l)) => l.kind == SliceKind::Interface,
        (Param::StringList, Value::List(l)) => l.kind == SliceKind::String,
        // A named map type (chartutil.Values) is assignable to its unnamed
        // underlying type.
        (Param::Map, Value::Map(m)) => matches!(m.kind, MapKind::Interface | MapKind::Named(_)),
        (Param::Object(name), Value::Object(o)) => o.type_name() == name,
        _ => false,
    }
}

/// The static type Go prints for a receiver: `interface {}` for map and
/// slice elements, else the value's own type.
fn static_type(iface: bool, v: &Value) -> String {
    if iface {
        "interface {}".into()
    } else {
        v.type_name().into_owned()
    }
}

/// What host functions can ask of the engine.
pub(crate) trait Host {
    fn execute_template(&mut self, name: &str, data: &Value) -> R<String>;
    fn execute_text(&mut self, name: &str, text: &str, data: &Value) -> R<String>;
    fn current_template_name(&self) -> &str;
}

impl Host for State<'_> {
    fn execute_template(&mut self, name: &str, data: &Value) -> R<String> {
        let Some(tree) = self.lookup(name) else {
            return Err(Error::plain(
                ErrorKind::NoTemplate,
                name,
                format!(
                    "template: no template {} associated with template {}",
                    go_quote(name),
                    go_quote(super::set::ROOT_NAME)
                ),
            ));
        };
        // Most included templates print a few lines: room for them up
        // front saves growing the buffer several times.
        let saved_out = std::mem::replace(&mut self.out, String::with_capacity(256));
        let r = self.run(tree, data);
        let out = std::mem::replace(&mut self.out, saved_out);
        r.map(|_| out)
    }

    fn execute_text(&mut self, name: &str, text: &str, data: &Value) -> R<String> {
        let trees = super::parse::parse(name, text, &self.set.funcs)?;
        let mut overlay: HashMap<Arc<str>, Arc<Tree>> = HashMap::new();
        let mut main = None;
        for tree in trees {
            if *tree.name == *name {
                main = Some(tree.clone());
            }
            // An empty body does not replace an existing definition (Go's
            // associate); the text itself is still what gets executed.
            let outer = self.lookup(&tree.name).is_some();
            if !(outer && super::ast::is_empty_list(&tree.root, &tree.source)) {
                associate(&mut overlay, tree, |_| None);
            }
        }
        let Some(main) = main else {
            return Ok(String::new());
        };
        overlay.insert(main.name.clone(), main.clone());
        self.overlays.push(overlay);
        let saved_out = std::mem::take(&mut self.out);
        let r = self.run(main, data);
        let out = std::mem::replace(&mut self.out, saved_out);
        self.overlays.pop();
        r.map(|_| out)
    }

    fn current_template_name(&self) -> &str {
        &self.tmpl.parse_name
    }
}

/// The engine as a host function sees it: lets Helm's `include` and `tpl`
/// execute templates in the same set, with the same limits.
pub struct Context<'c> {
    host: &'c mut (dyn Host + 'c),
}

impl Context<'_> {
    /// Executes the defined template `name` with `data` and returns its
    /// output (Go's `ExecuteTemplate` into a buffer). An undefined name is
    /// Go's `template: no template "x" associated with template "gotpl"`.
    pub fn execute_template(&mut self, name: &str, data: &Value) -> Result<String, Error> {
        self.host.execute_template(name, data)
    }

    /// Parses `text` as a new template called `name` that sees every
    /// template defined so far, and executes it with `data` (Helm's `tpl`).
    /// Templates it defines are visible only during this call.
    pub fn execute_text(&mut self, name: &str, text: &str, data: &Value) -> Result<String, Error> {
        self.host.execute_text(name, text, data)
    }

    /// The file name of the template being executed.
    pub fn current_template_name(&self) -> &str {
        self.host.current_template_name()
    }
}
