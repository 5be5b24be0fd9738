//! The parse tree (Go's `text/template/parse/node.go`). Every node keeps the
//! byte offset of its first token; `Display` prints a node as Go's
//! `Node.String()` does, which is what exec error contexts show.

use std::fmt::{self, Display, Write};
use std::sync::Arc;

/// One parsed template: a file or a `define`/`block` body.
#[derive(Debug)]
pub(crate) struct Tree {
    /// The template name (`define "x"` gives `x`).
    pub(crate) name: Arc<str>,
    /// The name of the parse call that produced it, i.e. the file name, which
    /// error locations print (Go's `Tree.ParseName`).
    pub(crate) parse_name: Arc<str>,
    /// The whole source text of that parse call, for line:col and text nodes.
    pub(crate) source: Arc<str>,
    /// The body.
    pub(crate) root: List,
}

/// A sequence of nodes.
#[derive(Debug, Default)]
pub(crate) struct List {
    pub(crate) nodes: Vec<Node>,
}

/// A statement-level node.
#[derive(Debug)]
pub(crate) enum Node {
    /// Plain text, as a byte range of the tree's source.
    Text { start: usize, end: usize },
    /// `{{pipeline}}`.
    Action(Box<Pipe>),
    /// `{{if}}`.
    If(Box<Branch>),
    /// `{{range}}`.
    Range(Box<Branch>),
    /// `{{with}}`.
    With(Box<Branch>),
    /// `{{template "name" pipeline}}` (also what `block` leaves behind).
    Template(Box<TemplateCall>),
    /// `{{break}}`.
    Break { pos: usize },
    /// `{{continue}}`.
    Continue { pos: usize },
}

/// The shared shape of if, range and with.
#[derive(Debug)]
pub(crate) struct Branch {
    pub(crate) pipe: Pipe,
    pub(crate) list: List,
    pub(crate) else_list: Option<List>,
}

/// `{{template "name" pipe}}`.
#[derive(Debug)]
pub(crate) struct TemplateCall {
    pub(crate) pos: usize,
    pub(crate) name: Arc<str>,
    pub(crate) pipe: Option<Pipe>,
}

/// A pipeline with optional variable declarations.
#[derive(Debug)]
pub(crate) struct Pipe {
    pub(crate) pos: usize,
    pub(crate) is_assign: bool,
    pub(crate) decl: Vec<Variable>,
    pub(crate) cmds: Vec<Command>,
}

/// A variable reference or declaration: `$x`, `$x.a.b`.
#[derive(Debug)]
pub(crate) struct Variable {
    pub(crate) pos: usize,
    /// `$x` then the field names.
    pub(crate) ident: Vec<Arc<str>>,
}

/// One command of a pipeline: its operands.
#[derive(Debug)]
pub(crate) struct Command {
    pub(crate) pos: usize,
    pub(crate) args: Vec<Arg>,
}

/// An operand.
#[derive(Debug)]
pub(crate) enum Arg {
    /// `.a.b`.
    Field { pos: usize, ident: Vec<Arc<str>> },
    /// `(pipe).a.b` or `fn.a`.
    Chain {
        pos: usize,
        node: Box<Arg>,
        field: Vec<Arc<str>>,
    },
    /// `$x.a`.
    Variable(Variable),
    /// A function name, resolved to its index in the function table.
    Identifier {
        pos: usize,
        name: Arc<str>,
        func: usize,
    },
    /// `.`.
    Dot { pos: usize },
    /// `nil`.
    Nil { pos: usize },
    /// `true`/`false`.
    Bool { pos: usize, value: bool },
    /// A numeric constant.
    Number(Box<Number>),
    /// A string constant: the quoted source text and its value.
    String {
        pos: usize,
        quoted: Arc<str>,
        text: Arc<str>,
    },
    /// A parenthesised pipeline.
    Pipe(Box<Pipe>),
}

/// A numeric constant with all its Go interpretations (Go's `NumberNode`).
#[derive(Debug)]
pub(crate) struct Number {
    pub(crate) pos: usize,
    pub(crate) text: Arc<str>,
    pub(crate) is_int: bool,
    pub(crate) is_uint: bool,
    pub(crate) is_float: bool,
    pub(crate) is_complex: bool,
    pub(crate) int: i64,
    pub(crate) float: f64,
    /// The imaginary part of a complex constant (`float` is the real part).
    pub(crate) imag: f64,
}

impl Arg {
    /// Byte offset of the operand.
    pub(crate) fn pos(&self) -> usize {
        match self {
            Arg::Field { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Identifier { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Bool { pos, .. }
            | Arg::String { pos, .. } => *pos,
            Arg::Variable(v) => v.pos,
            Arg::Number(n) => n.pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

fn write_idents(f: &mut fmt::Formatter<'_>, ident: &[Arc<str>], lead_dot: bool) -> fmt::Result {
    for (i, id) in ident.iter().enumerate() {
        if i > 0 || lead_dot {
            f.write_char('.')?;
        }
        f.write_str(id)?;
    }
    Ok(())
}

impl Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Field { ident, .. } => write_idents(f, ident, true),
            Arg::Chain { node, field, .. } => {
                if let Arg::Pipe(p) = &**node {
                    write!(f, "({p})")?;
                } else {
                    write!(f, "{node}")?;
                }
                write_idents(f, field, true)
            }
            Arg::Variable(v) => write!(f, "{v}"),
            Arg::Identifier { name, .. } => f.write_str(name),
            Arg::Dot { .. } => f.write_char('.'),
            Arg::Nil { .. } => f.write_str("nil"),
            Arg::Bool { value, .. } => write!(f, "{value}"),
            Arg::Number(n) => f.write_str(&n.text),
            Arg::String { quoted, .. } => f.write_str(quoted),
            Arg::Pipe(p) => write!(f, "{p}"),
        }
    }
}

impl Display for Variable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_idents(f, &self.ident, false)
    }
}

impl Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            if let Arg::Pipe(p) = arg {
                write!(f, "({p})")?;
            } else {
                write!(f, "{arg}")?;
            }
        }
        Ok(())
    }
}

impl Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.fmt_inner(f))
    }
}

impl Pipe {
    fn fmt_inner(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            for (i, v) in self.decl.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{v}")?;
            }
            f.write_str(if self.is_assign { " = " } else { " := " })?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// A node printed with the source it came from (text nodes need it).
pub(crate) struct NodeDisplay<'a> {
    pub(crate) node: &'a Node,
    pub(crate) source: &'a str,
}

/// A list printed with its source.
pub(crate) struct ListDisplay<'a> {
    pub(crate) list: &'a List,
    pub(crate) source: &'a str,
}

impl Display for ListDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for node in &self.list.nodes {
            write!(
                f,
                "{}",
                NodeDisplay {
                    node,
                    source: self.source
                }
            )?;
        }
        Ok(())
    }
}

impl Display for NodeDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let src = self.source;
        let branch = |f: &mut fmt::Formatter<'_>, name: &str, b: &Branch| -> fmt::Result {
            write!(
                f,
                "{{{{{name} {}}}}}{}",
                b.pipe,
                ListDisplay {
                    list: &b.list,
                    source: src
                }
            )?;
            if let Some(e) = &b.else_list {
                write!(
                    f,
                    "{{{{else}}}}{}",
                    ListDisplay {
                        list: e,
                        source: src
                    }
                )?;
            }
            f.write_str("{{end}}")
        };
        match self.node {
            Node::Text { start, end } => f.write_str(src.get(*start..*end).unwrap_or("")),
            Node::Action(p) => write!(f, "{{{{{p}}}}}"),
            Node::If(b) => branch(f, "if", b),
            Node::Range(b) => branch(f, "range", b),
            Node::With(b) => branch(f, "with", b),
            Node::Template(t) => {
                let name = super::lex::go_quote(&t.name);
                match &t.pipe {
                    Some(p) => write!(f, "{{{{template {name} {p}}}}}"),
                    None => write!(f, "{{{{template {name}}}}}"),
                }
            }
            Node::Break { .. } => f.write_str("{{break}}"),
            Node::Continue { .. } => f.write_str("{{continue}}"),
        }
    }
}

/// True if the tree has only whitespace text and comments, Go's
/// `parse.IsEmptyTree`: such a template never replaces an existing one.
pub(crate) fn is_empty_list(list: &List, source: &str) -> bool {
    list.nodes.iter().all(|n| match n {
        Node::Text { start, end } => source.get(*start..*end).is_none_or(|t| {
            t.trim_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c'])
                .is_empty()
        }),
        _ => false,
    })
}

/// The kind of node an error points at, to find it again by position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AtKind {
    /// A statement node (action, if, range, with, template, text...).
    Node,
    /// A pipeline.
    Pipe,
    /// A command.
    Command,
    /// An operand.
    Arg,
}

/// Where an exec error happened: the node's offset and kind (Go's `state.node`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct At {
    pub(crate) pos: usize,
    pub(crate) kind: AtKind,
}

impl Tree {
    /// Go's `Node.String()` of the node at `at`, found again in this tree.
    pub(crate) fn context_of(&self, at: At) -> String {
        let mut out = None;
        find_list(&self.root, at, &self.source, &mut out);
        out.unwrap_or_default()
    }
}

fn find_list(list: &List, at: At, src: &str, out: &mut Option<String>) {
    for node in &list.nodes {
        if out.is_some() {
            return;
        }
        find_node(node, at, src, out);
    }
}

fn node_pos(node: &Node) -> usize {
    match node {
        Node::Text { start, .. } => *start,
        Node::Action(p) => p.pos,
        Node::If(b) | Node::Range(b) | Node::With(b) => b.pipe.pos,
        Node::Template(t) => t.pos,
        Node::Break { pos } | Node::Continue { pos } => *pos,
    }
}

fn find_node(node: &Node, at: At, src: &str, out: &mut Option<String>) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
        find_node_inner(node, at, src, out)
    });
}

fn find_node_inner(node: &Node, at: At, src: &str, out: &mut Option<String>) {
    if at.kind == AtKind::Node && node_pos(node) == at.pos {
        *out = Some(NodeDisplay { node, source: src }.to_string());
        return;
    }
    match node {
        Node::Action(p) => find_pipe(p, at, out),
        Node::If(b) | Node::Range(b) | Node::With(b) => {
            find_pipe(&b.pipe, at, out);
            if out.is_none() {
                find_list(&b.list, at, src, out);
            }
            if out.is_none()
                && let Some(e) = &b.else_list
            {
                find_list(e, at, src, out);
            }
        }
        Node::Template(t) => {
            if let Some(p) = &t.pipe {
                find_pipe(p, at, out);
            }
        }
        _ => {}
    }
}

fn find_pipe(pipe: &Pipe, at: At, out: &mut Option<String>) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || find_pipe_inner(pipe, at, out));
}

fn find_pipe_inner(pipe: &Pipe, at: At, out: &mut Option<String>) {
    if at.kind == AtKind::Pipe && pipe.pos == at.pos {
        *out = Some(pipe.to_string());
        return;
    }
    for v in &pipe.decl {
        if at.kind == AtKind::Arg && v.pos == at.pos {
            *out = Some(v.to_string());
            return;
        }
    }
    for cmd in &pipe.cmds {
        if at.kind == AtKind::Command && cmd.pos == at.pos {
            *out = Some(cmd.to_string());
            return;
        }
        for arg in &cmd.args {
            find_arg(arg, at, out);
            if out.is_some() {
                return;
            }
        }
    }
}

fn find_arg(arg: &Arg, at: At, out: &mut Option<String>) {
    if at.kind == AtKind::Arg && arg.pos() == at.pos && !matches!(arg, Arg::Pipe(_)) {
        *out = Some(arg.to_string());
        return;
    }
    match arg {
        Arg::Pipe(p) => find_pipe(p, at, out),
        Arg::Chain { node, .. } => find_arg(node, at, out),
        _ => {}
    }
}

// Deeply nested trees (10000 parentheses, thousands of nested ifs) would
// overflow the stack in the compiler's recursive drop glue; these drops
// flatten the nesting onto a heap stack first.

fn take_arg_pipes(arg: &mut Arg, pipes: &mut Vec<Pipe>) {
    match arg {
        Arg::Pipe(_) => {
            if let Arg::Pipe(p) = std::mem::replace(arg, Arg::Nil { pos: 0 }) {
                pipes.push(*p);
            }
        }
        Arg::Chain { node, .. } => take_arg_pipes(node, pipes),
        _ => {}
    }
}

impl Drop for Pipe {
    fn drop(&mut self) {
        let mut pipes: Vec<Pipe> = Vec::new();
        for cmd in &mut self.cmds {
            for arg in &mut cmd.args {
                take_arg_pipes(arg, &mut pipes);
            }
        }
        while let Some(mut p) = pipes.pop() {
            for cmd in &mut p.cmds {
                for arg in &mut cmd.args {
                    take_arg_pipes(arg, &mut pipes);
                }
            }
        }
    }
}

impl Drop for List {
    fn drop(&mut self) {
        let mut lists: Vec<List> = Vec::new();
        let take = |nodes: &mut Vec<Node>, lists: &mut Vec<List>| {
            for node in nodes.iter_mut() {
                if let Node::If(b) | Node::Range(b) | Node::With(b) = node {
                    lists.push(std::mem::take(&mut b.list));
                    if let Some(e) = b.else_list.take() {
                        lists.push(e);
                    }
                }
            }
        };
        take(&mut self.nodes, &mut lists);
        while let Some(mut l) = lists.pop() {
            take(&mut l.nodes, &mut lists);
        }
    }
}
