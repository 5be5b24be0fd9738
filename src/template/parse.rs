//! The parser: Go's `text/template/parse/parse.go` over the token vector,
//! with Go's checks (undefined functions and variables, `break` outside
//! `range`, multiple definitions) and Go's error texts.

use std::sync::Arc;

use super::ast::{Arg, Branch, Command, List, Node, Number, Pipe, TemplateCall, Tree, Variable};
use super::error::Error;
use super::lex::{Kind, Token, lex};
use super::set::Funcs;

/// Go's `maxStackDepth`: how deeply parenthesised pipelines may nest.
const MAX_STACK_DEPTH: usize = 10000;

/// Stack the parser keeps free before recursing; more is allocated on the heap.
const RED_ZONE: usize = 128 * 1024;
const STACK_GROW: usize = 2 * 1024 * 1024;

/// Parses one text (a file, or `tpl` text) named `name`. Returns the trees it
/// defines, `define`s and `block`s first and the text's own tree last, as
/// Go's treeSet would hold them after one `Parse` call.
pub(crate) fn parse(name: &str, text: &str, funcs: &Funcs) -> Result<Vec<Arc<Tree>>, Error> {
    let source: Arc<str> = Arc::from(text);
    let tokens = lex(text);
    let mut p = Parser {
        tokens,
        i: 0,
        furthest: 0,
        name: Arc::from(name),
        source: source.clone(),
        funcs,
        vars: vec!["$".into()],
        range_depth: 0,
        stack_depth: 0,
        action_pos: None,
        trees: Vec::new(),
    };
    let root = p.parse_top()?;
    let tree = Tree {
        name: p.name.clone(),
        parse_name: p.name.clone(),
        source,
        root,
    };
    p.add(tree)?;
    Ok(p.trees.into_iter().map(Arc::new).collect())
}

struct Parser<'a, 'f> {
    tokens: Vec<Token<'a>>,
    i: usize,
    furthest: usize,
    name: Arc<str>,
    source: Arc<str>,
    funcs: &'f Funcs,
    vars: Vec<Arc<str>>,
    range_depth: usize,
    stack_depth: usize,
    /// Where the action being parsed started (Go's `actionLine`).
    action_pos: Option<usize>,
    trees: Vec<Tree>,
}

/// What `textOrAction` produced.
enum Item {
    Node(Node),
    /// `{{end}}` at this position.
    End,
    /// `{{else}}`.
    Else,
}

impl std::fmt::Display for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Item::Node(_) => f.write_str("node"),
            Item::End => f.write_str("{{end}}"),
            Item::Else => f.write_str("{{else}}"),
        }
    }
}

type R<T> = Result<T, Error>;

impl<'a> Parser<'a, '_> {
    fn tok(&self, i: usize) -> &Token<'a> {
        let last = self.tokens.len() - 1;
        &self.tokens[i.min(last)]
    }

    fn next(&mut self) -> Token<'a> {
        let t = self.tok(self.i).clone();
        self.furthest = self.furthest.max(self.i);
        self.i += 1;
        t
    }

    fn backup(&mut self) {
        self.i -= 1;
    }

    fn peek(&mut self) -> Token<'a> {
        self.furthest = self.furthest.max(self.i);
        self.tok(self.i).clone()
    }

    fn next_non_space(&mut self) -> Token<'a> {
        loop {
            let t = self.next();
            if t.kind != Kind::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Token<'a> {
        let t = self.next_non_space();
        self.backup();
        t
    }

    fn line_of(&self, pos: usize) -> usize {
        let pos = pos.min(self.source.len());
        1 + self.source.as_bytes()[..pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    }

    fn errorf<T>(&self, msg: String) -> R<T> {
        let pos = self.tok(self.furthest).pos;
        Err(Error::parse(&self.name, &self.source, pos, msg))
    }

    fn unexpected<T>(&self, token: &Token<'_>, context: &str) -> R<T> {
        if token.kind == Kind::Error {
            let mut extra = String::new();
            let line = self.line_of(token.pos);
            let action_line = self.action_pos.map(|p| self.line_of(p));
            if let Some(action_line) = action_line
                && action_line != line
            {
                extra = format!(" in action started at {}:{}", self.name, action_line);
                if token.text.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.errorf(format!("{token}{extra}"));
        }
        self.errorf(format!("unexpected {token} in {context}"))
    }

    fn expect(&mut self, kind: Kind, context: &str) -> R<Token<'a>> {
        let t = self.next_non_space();
        if t.kind != kind {
            return self.unexpected(&t, context);
        }
        Ok(t)
    }

    /// Go's `Tree.add` into the parse call's tree set.
    fn add(&mut self, tree: Tree) -> R<()> {
        if let Some(i) = self.trees.iter().position(|t| t.name == tree.name) {
            let old = &self.trees[i];
            if super::ast::is_empty_list(&old.root, &old.source) {
                self.trees[i] = tree;
                return Ok(());
            }
            if !super::ast::is_empty_list(&tree.root, &tree.source) {
                return self.errorf(format!(
                    "template: multiple definition of template {}",
                    super::lex::go_quote(&tree.name)
                ));
            }
            return Ok(());
        }
        self.trees.push(tree);
        Ok(())
    }

    fn parse_top(&mut self) -> R<List> {
        let mut root = List::default();
        while self.peek().kind != Kind::Eof {
            if self.peek().kind == Kind::LeftDelim {
                let mark = self.i;
                self.next();
                if self.next_non_space().kind == Kind::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.i = mark;
            }
            match self.text_or_action()? {
                Item::Node(n) => root.nodes.push(n),
                other => return self.errorf(format!("unexpected {other}")),
            }
        }
        Ok(root)
    }

    /// Runs `f` with a fresh variable scope and range depth, as a new Go
    /// `Tree` for a define or block body would have.
    fn in_new_tree<T>(&mut self, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        let vars = std::mem::replace(&mut self.vars, vec!["$".into()]);
        let depth = std::mem::replace(&mut self.range_depth, 0);
        let r = f(self);
        self.vars = vars;
        self.range_depth = depth;
        r
    }

    fn parse_definition(&mut self) -> R<()> {
        const CONTEXT: &str = "define clause";
        let t = self.next_non_space();
        if t.kind != Kind::String && t.kind != Kind::RawString {
            return self.unexpected(&t, CONTEXT);
        }
        let name = match unquote(&t.text) {
            Some(s) => s,
            None => return self.errorf("invalid syntax".into()),
        };
        self.expect(Kind::RightDelim, CONTEXT)?;
        let root = self.in_new_tree(|p| {
            let (list, end) = p.item_list()?;
            if !matches!(end, Item::End) {
                return p.errorf(format!("unexpected {end} in {CONTEXT}"));
            }
            Ok(list)
        })?;
        let tree = Tree {
            name: Arc::from(name),
            parse_name: self.name.clone(),
            source: self.source.clone(),
            root,
        };
        self.add(tree)
    }

    fn item_list(&mut self) -> R<(List, Item)> {
        let mut list = List::default();
        while self.peek_non_space().kind != Kind::Eof {
            match self.text_or_action()? {
                Item::Node(n) => list.nodes.push(n),
                other => return Ok((list, other)),
            }
        }
        self.errorf("unexpected EOF".into())
    }

    fn text_or_action(&mut self) -> R<Item> {
        stacker::maybe_grow(RED_ZONE, STACK_GROW, || {
            let token = self.next_non_space();
            match token.kind {
                Kind::Text => Ok(Item::Node(Node::Text {
                    start: token.pos,
                    end: token.pos + token.text.len(),
                })),
                Kind::LeftDelim => {
                    // The position, not the line: counting lines for every
                    // action would make parsing quadratic.
                    self.action_pos = Some(token.pos);
                    let r = self.action();
                    self.action_pos = None;
                    r
                }
                _ => self.unexpected(&token, "input"),
            }
        })
    }

    fn action(&mut self) -> R<Item> {
        let token = self.next_non_space();
        match token.kind {
            Kind::Block => return self.block_control().map(Item::Node),
            Kind::Break | Kind::Continue => {
                let t = self.next_non_space();
                let (word, node) = if token.kind == Kind::Break {
                    ("break", Node::Break { pos: token.pos })
                } else {
                    ("continue", Node::Continue { pos: token.pos })
                };
                if t.kind != Kind::RightDelim {
                    return self.unexpected(&t, &format!("{{{{{word}}}}}"));
                }
                if self.range_depth == 0 {
                    return self.errorf(format!("{{{{{word}}}}} outside {{{{range}}}}"));
                }
                return Ok(Item::Node(node));
            }
            Kind::Else => {
                let peek = self.peek_non_space();
                if peek.kind != Kind::If && peek.kind != Kind::With {
                    self.expect(Kind::RightDelim, "else")?;
                }
                return Ok(Item::Else);
            }
            Kind::End => {
                self.expect(Kind::RightDelim, "end")?;
                return Ok(Item::End);
            }
            Kind::If => return self.control(Kind::If).map(Item::Node),
            Kind::Range => return self.control(Kind::Range).map(Item::Node),
            Kind::With => return self.control(Kind::With).map(Item::Node),
            Kind::Template => return self.template_control().map(Item::Node),
            _ => {}
        }
        self.backup();
        let pipe = self.pipeline("command", Kind::RightDelim)?;
        Ok(Item::Node(Node::Action(Box::new(pipe))))
    }

    fn control(&mut self, kind: Kind) -> R<Node> {
        let context = match kind {
            Kind::If => "if",
            Kind::Range => "range",
            _ => "with",
        };
        let mark = self.vars.len();
        let r = self.control_inner(kind, context);
        self.vars.truncate(mark);
        let branch = Box::new(r?);
        Ok(match kind {
            Kind::If => Node::If(branch),
            Kind::Range => Node::Range(branch),
            _ => Node::With(branch),
        })
    }

    fn control_inner(&mut self, kind: Kind, context: &str) -> R<Branch> {
        let pipe = self.pipeline(context, Kind::RightDelim)?;
        if kind == Kind::Range {
            self.range_depth += 1;
        }
        let r = self.item_list();
        if kind == Kind::Range {
            self.range_depth -= 1;
        }
        let (list, next) = r?;
        let mut else_list = None;
        if let Item::Else = next {
            let peek = self.peek();
            if (kind == Kind::If && peek.kind == Kind::If)
                || (kind == Kind::With && peek.kind == Kind::With)
            {
                // `{{else if}}` is `{{else}}{{if}}...{{end}}{{end}}` with the
                // second end implied.
                self.next();
                let inner = self.control(kind)?;
                else_list = Some(List { nodes: vec![inner] });
            } else {
                let (l, next) = self.item_list()?;
                if !matches!(next, Item::End) {
                    return self.errorf(format!("expected end; found {next}"));
                }
                else_list = Some(l);
            }
        }
        Ok(Branch {
            pipe,
            list,
            else_list,
        })
    }

    fn template_name(&mut self, token: &Token<'_>, context: &str) -> R<Arc<str>> {
        match token.kind {
            Kind::String | Kind::RawString => match unquote(&token.text) {
                Some(s) => Ok(Arc::from(s)),
                None => self.errorf("invalid syntax".into()),
            },
            _ => self.unexpected(token, context),
        }
    }

    fn block_control(&mut self) -> R<Node> {
        const CONTEXT: &str = "block clause";
        let token = self.next_non_space();
        let name = self.template_name(&token, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, Kind::RightDelim)?;
        let root = self.in_new_tree(|p| {
            let (list, end) = p.item_list()?;
            if !matches!(end, Item::End) {
                return p.errorf(format!("unexpected {end} in {CONTEXT}"));
            }
            Ok(list)
        })?;
        self.add(Tree {
            name: name.clone(),
            parse_name: self.name.clone(),
            source: self.source.clone(),
            root,
        })?;
        Ok(Node::Template(Box::new(TemplateCall {
            pos: token.pos,
            name,
            pipe: Some(pipe),
        })))
    }

    fn template_control(&mut self) -> R<Node> {
        const CONTEXT: &str = "template clause";
        let token = self.next_non_space();
        let name = self.template_name(&token, CONTEXT)?;
        let mut pipe = None;
        if self.next_non_space().kind != Kind::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(CONTEXT, Kind::RightDelim)?);
        }
        Ok(Node::Template(Box::new(TemplateCall {
            pos: token.pos,
            name,
            pipe,
        })))
    }

    fn pipeline(&mut self, context: &str, end: Kind) -> R<Pipe> {
        let token = self.peek_non_space();
        let mut pipe = Pipe {
            pos: token.pos,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        // Declarations or assignments: `$x :=`, `$x =`, `$i, $e :=`.
        loop {
            let v = self.peek_non_space();
            if v.kind != Kind::Variable {
                break;
            }
            let mark = self.i;
            self.next_non_space();
            let after = self.peek();
            let next = self.peek_non_space();
            match next.kind {
                Kind::Assign | Kind::Declare => {
                    pipe.is_assign = next.kind == Kind::Assign;
                    self.next_non_space();
                    pipe.decl.push(Variable {
                        pos: v.pos,
                        ident: vec![Arc::from(&*v.text)],
                    });
                    self.vars.push(Arc::from(&*v.text));
                    break;
                }
                Kind::Char if next.text == "," => {
                    self.next_non_space();
                    pipe.decl.push(Variable {
                        pos: v.pos,
                        ident: vec![Arc::from(&*v.text)],
                    });
                    self.vars.push(Arc::from(&*v.text));
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space().kind {
                            Kind::Variable | Kind::RightDelim | Kind::RightParen => continue,
                            _ => return self.errorf("range can only initialize variables".into()),
                        }
                    }
                    return self.errorf(format!("too many declarations in {context}"));
                }
                _ => {
                    let _ = after;
                    self.i = mark;
                    break;
                }
            }
        }
        loop {
            let token = self.next_non_space();
            match token.kind {
                k if k == end => {
                    self.check_pipeline(&pipe, context)?;
                    return Ok(pipe);
                }
                Kind::Bool
                | Kind::CharConstant
                | Kind::Complex
                | Kind::Dot
                | Kind::Field
                | Kind::Identifier
                | Kind::Number
                | Kind::Nil
                | Kind::RawString
                | Kind::String
                | Kind::Variable
                | Kind::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return self.unexpected(&token, context),
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str) -> R<()> {
        if pipe.cmds.is_empty() {
            return self.errorf(format!("missing value for {context}"));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args.first(),
                Some(
                    Arg::Bool { .. }
                        | Arg::Dot { .. }
                        | Arg::Nil { .. }
                        | Arg::Number(_)
                        | Arg::String { .. }
                )
            ) {
                return self.errorf(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                ));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> R<Command> {
        let pos = self.peek_non_space().pos;
        let mut cmd = Command {
            pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.args.push(op);
            }
            let token = self.next();
            match token.kind {
                Kind::Space => continue,
                Kind::RightDelim | Kind::RightParen => self.backup(),
                Kind::Pipe => {}
                _ => return self.unexpected(&token, "operand"),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.errorf("empty command".into());
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> R<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().kind != Kind::Field {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        let mut fields: Vec<Arc<str>> = Vec::new();
        while self.peek().kind == Kind::Field {
            let t = self.next();
            fields.push(Arc::from(&t.text[1..]));
        }
        Ok(Some(match node {
            Arg::Field { mut ident, .. } => {
                ident.extend(fields);
                Arg::Field {
                    pos: chain_pos,
                    ident,
                }
            }
            Arg::Variable(mut v) => {
                v.ident.extend(fields);
                v.pos = chain_pos;
                Arg::Variable(v)
            }
            Arg::Bool { .. }
            | Arg::String { .. }
            | Arg::Number(_)
            | Arg::Nil { .. }
            | Arg::Dot { .. } => {
                let text = super::lex::go_quote(&node.to_string());
                return self.errorf(format!("unexpected . after term {text}"));
            }
            other => Arg::Chain {
                pos: chain_pos,
                node: Box::new(other),
                field: fields,
            },
        }))
    }

    fn term(&mut self) -> R<Option<Arg>> {
        let token = self.next_non_space();
        Ok(Some(match token.kind {
            Kind::Identifier => {
                let Some(func) = self.funcs.index_of(&token.text) else {
                    let q = super::lex::go_quote(&token.text);
                    return self.errorf(format!("function {q} not defined"));
                };
                Arg::Identifier {
                    pos: token.pos,
                    name: Arc::from(&*token.text),
                    func,
                }
            }
            Kind::Dot => Arg::Dot { pos: token.pos },
            Kind::Nil => Arg::Nil { pos: token.pos },
            Kind::Variable => {
                if !self.vars.iter().any(|v| **v == *token.text) {
                    let q = super::lex::go_quote(&token.text);
                    return self.errorf(format!("undefined variable {q}"));
                }
                Arg::Variable(Variable {
                    pos: token.pos,
                    ident: vec![Arc::from(&*token.text)],
                })
            }
            Kind::Field => Arg::Field {
                pos: token.pos,
                ident: vec![Arc::from(&token.text[1..])],
            },
            Kind::Bool => Arg::Bool {
                pos: token.pos,
                value: token.text == "true",
            },
            Kind::CharConstant | Kind::Complex | Kind::Number => {
                match new_number(token.pos, &token.text, token.kind) {
                    Ok(n) => Arg::Number(Box::new(n)),
                    Err(msg) => return self.errorf(msg),
                }
            }
            Kind::LeftParen => {
                if self.stack_depth >= MAX_STACK_DEPTH {
                    return self.errorf("max expression depth exceeded".into());
                }
                self.stack_depth += 1;
                let r = stacker::maybe_grow(RED_ZONE, STACK_GROW, || {
                    self.pipeline("parenthesized pipeline", Kind::RightParen)
                });
                self.stack_depth -= 1;
                Arg::Pipe(Box::new(r?))
            }
            Kind::String | Kind::RawString => match unquote(&token.text) {
                Some(s) => Arg::String {
                    pos: token.pos,
                    quoted: Arc::from(&*token.text),
                    text: Arc::from(s),
                },
                None => return self.errorf("invalid syntax".into()),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

/// Go's `strconv.Unquote` for `"..."` and `` `...` `` literals; `None` is
/// `invalid syntax`.
pub(crate) fn unquote(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 2 {
        return None;
    }
    if b[0] == b'`' {
        if b[b.len() - 1] != b'`' {
            return None;
        }
        return Some(s[1..s.len() - 1].replace('\r', ""));
    }
    if b[0] != b'"' || b[b.len() - 1] != b'"' {
        return None;
    }
    let inner = &s[1..s.len() - 1];
    if !inner.bytes().any(|c| matches!(c, b'\\' | b'"' | b'\n')) {
        // Nothing to unescape (nearly every literal).
        return Some(inner.to_string());
    }
    let mut out: Vec<u8> = Vec::with_capacity(inner.len());
    let mut rest = inner;
    while !rest.is_empty() {
        if rest.starts_with('"') || rest.starts_with('\n') {
            return None;
        }
        let (bytes, tail) = unquote_char(rest, b'"')?;
        out.extend_from_slice(&bytes);
        rest = tail;
    }
    // `"\xff"` is one byte in Go; keep it as one carried byte.
    Some(crate::value::gostr::go_string(&out))
}

/// Go's `strconv.UnquoteChar`: the bytes of the first (possibly escaped)
/// character of `s` and the rest.
fn unquote_char(s: &str, quote: u8) -> Option<(Vec<u8>, &str)> {
    let mut chars = s.chars();
    let c = chars.next()?;
    if c != '\\' {
        if c as u32 == quote as u32 && (quote == b'\'' || quote == b'"') {
            return None;
        }
        let mut buf = [0u8; 4];
        return Some((c.encode_utf8(&mut buf).as_bytes().to_vec(), chars.as_str()));
    }
    let rest = chars.as_str();
    let e = rest.chars().next()?;
    let after = &rest[e.len_utf8()..];
    let simple = |ch: char| {
        let mut buf = [0u8; 4];
        ch.encode_utf8(&mut buf).as_bytes().to_vec()
    };
    Some(match e {
        'a' => (vec![7], after),
        'b' => (vec![8], after),
        'f' => (vec![12], after),
        'n' => (vec![b'\n'], after),
        'r' => (vec![b'\r'], after),
        't' => (vec![b'\t'], after),
        'v' => (vec![11], after),
        '\\' => (vec![b'\\'], after),
        '\'' | '"' => {
            if e as u32 != quote as u32 {
                return None;
            }
            (vec![e as u8], after)
        }
        'x' | 'u' | 'U' => {
            let n = match e {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let hex = after.get(..n)?;
            let v = u32::from_str_radix(hex, 16).ok()?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let tail = &after[n..];
            if e == 'x' {
                (vec![v as u8], tail)
            } else {
                (simple(char::from_u32(v)?), tail)
            }
        }
        '0'..='7' => {
            let oct = rest.get(..3)?;
            if !oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
                return None;
            }
            let v = u32::from_str_radix(oct, 8).ok()?;
            if v > 255 {
                return None;
            }
            (vec![v as u8], &rest[3..])
        }
        _ => return None,
    })
}

/// Go's `strconv` `underscoreOK`.
fn underscore_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if let Some(&(b'+' | b'-')) = b.first() {
        b = &b[1..];
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1] | 0x20, b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1] | 0x20 == b'x';
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && (b'a'..=b'f').contains(&(c | 0x20))) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// Go's `strconv.ParseUint(s, 0, 64)`.
fn parse_uint0(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let b = s.as_bytes();
    let (base, digits) =
        if b[0] == b'0' && b.len() >= 3 && matches!(b[1] | 0x20, b'b' | b'o' | b'x') {
            let base = match b[1] | 0x20 {
                b'b' => 2,
                b'o' => 8,
                _ => 16,
            };
            (base, &s[2..])
        } else if b[0] == b'0' {
            (8, &s[1..])
        } else {
            (10, s)
        };
    let mut underscores = false;
    let mut n: u64 = 0;
    for c in digits.bytes() {
        if c == b'_' {
            underscores = true;
            continue;
        }
        let d = (c as char).to_digit(16)? as u64;
        if d >= base {
            return None;
        }
        n = n.checked_mul(base)?.checked_add(d)?;
    }
    if underscores && !underscore_ok(s) {
        return None;
    }
    Some(n)
}

/// Go's `strconv.ParseInt(s, 0, 64)`.
fn parse_int0(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let u = parse_uint0(body)?;
    if neg {
        if u > 1u64 << 63 {
            return None;
        }
        Some((u as i64).wrapping_neg())
    } else {
        i64::try_from(u).ok()
    }
}

/// Go's `strconv.ParseFloat(s, 64)` for the spellings the lexer produces.
fn parse_float(s: &str) -> Option<f64> {
    if s.contains('_') && !underscore_ok(s) {
        return None;
    }
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    let (neg, body) = match clean.as_bytes().first() {
        Some(b'+') => (false, &clean[1..]),
        Some(b'-') => (true, &clean[1..]),
        _ => (false, &clean[..]),
    };
    let v = if body.len() > 2 && body.as_bytes()[0] == b'0' && body.as_bytes()[1] | 0x20 == b'x' {
        parse_hex_float(&body[2..])?
    } else {
        if body.is_empty()
            || !body
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        {
            return None;
        }
        body.parse::<f64>().ok()?
    };
    if v.is_infinite() {
        return None;
    }
    Some(if neg { -v } else { v })
}

fn parse_hex_float(s: &str) -> Option<f64> {
    let (mant, exp) = match s.find(['p', 'P']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i32>().ok()?),
        None => return None, // Go requires the p exponent for hex floats.
    };
    let (int, frac) = match mant.find('.') {
        Some(i) => (&mant[..i], &mant[i + 1..]),
        None => (mant, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut v = 0f64;
    for c in int.chars() {
        v = v * 16.0 + c.to_digit(16)? as f64;
    }
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        v += c.to_digit(16)? as f64 * scale;
        scale /= 16.0;
    }
    Some(v * 2f64.powi(exp))
}

/// Go's `Tree.newNumber`.
fn new_number(pos: usize, text: &str, kind: Kind) -> Result<Number, String> {
    let mut n = Number {
        pos,
        text: Arc::from(text),
        is_int: false,
        is_uint: false,
        is_float: false,
        is_complex: false,
        int: 0,
        float: 0.0,
        imag: 0.0,
    };
    if kind == Kind::CharConstant {
        let inner = &text[1..];
        let Some((bytes, tail)) = unquote_char(inner, b'\'') else {
            return Err("invalid syntax".into());
        };
        if tail != "'" {
            return Err(format!("malformed character constant: {text}"));
        }
        let r = match std::str::from_utf8(&bytes) {
            Ok(s) if bytes.len() > 1 => s.chars().next().map_or(0, |c| c as i64),
            _ => bytes.first().copied().unwrap_or(0) as i64,
        };
        n.int = r;
        n.float = r as f64;
        n.is_int = true;
        n.is_uint = true;
        n.is_float = true;
        return Ok(n);
    }
    if kind == Kind::Complex {
        // `1+2i`: split at the sign that starts the imaginary part.
        let b = text.as_bytes();
        let split = (1..b.len()).rev().find(|&i| {
            matches!(b[i], b'+' | b'-') && !matches!(b[i - 1], b'e' | b'E' | b'p' | b'P')
        });
        let parsed = split.and_then(|i| {
            Some((
                parse_float(&text[..i])?,
                parse_float(&text[i..text.len() - 1])?,
            ))
        });
        let Some((re, im)) = parsed else {
            return Err("expected integer".into());
        };
        n.is_complex = true;
        n.float = re;
        n.imag = im;
        return Ok(n);
    }
    if let Some(body) = text.strip_suffix('i')
        && let Some(im) = parse_float(body)
    {
        n.is_complex = true;
        n.imag = im;
        return Ok(n);
    }
    let u = parse_uint0(text);
    if u.is_some() {
        n.is_uint = true;
    }
    if let Some(i) = parse_int0(text) {
        n.is_int = true;
        n.int = i;
        if i == 0 {
            n.is_uint = true;
        }
    }
    if n.is_int {
        n.is_float = true;
        n.float = n.int as f64;
    } else if let Some(u) = u {
        n.is_float = true;
        n.float = u as f64;
    } else if let Some(f) = parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", super::lex::go_quote(text)));
        }
        n.is_float = true;
        n.float = f;
        if f.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
            n.is_int = true;
            n.int = f as i64;
        }
        if f.fract() == 0.0 && (0.0..1.844_674_407_370_955_2e19).contains(&f) {
            n.is_uint = true;
        }
    }
    if !n.is_int && !n.is_uint && !n.is_float {
        return Err(format!(
            "illegal number syntax: {}",
            super::lex::go_quote(text)
        ));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_go() {
        type Row = (&'static str, Option<(bool, i64, f64)>);
        let rows: &[Row] = &[
            ("1_000", Some((true, 1000, 1000.0))),
            ("0x1F", Some((true, 31, 31.0))),
            ("0o17", Some((true, 15, 15.0))),
            ("017", Some((true, 15, 15.0))),
            ("0b101", Some((true, 5, 5.0))),
            ("1e3", Some((true, 1000, 1000.0))),
            ("1.5", Some((false, 0, 1.5))),
            ("-7", Some((true, -7, -7.0))),
            ("0x1p4", Some((true, 16, 16.0))),
            ("1__0", None),
        ];
        for (text, want) in rows {
            let got = new_number(0, text, Kind::Number).ok();
            match (got, want) {
                (Some(n), Some((is_int, i, f))) => {
                    assert_eq!((n.is_int, n.float), (*is_int, *f), "{text}");
                    if *is_int {
                        assert_eq!(n.int, *i, "{text}");
                    }
                }
                (None, None) => {}
                (got, want) => panic!("{text}: got {got:?} want {want:?}"),
            }
        }
        assert_eq!(
            new_number(0, "9223372036854775808", Kind::Number).map(|n| (n.is_int, n.is_uint)),
            Ok((false, true))
        );
        assert_eq!(
            new_number(0, "'a'", Kind::CharConstant).map(|n| n.int),
            Ok(97)
        );
    }

    #[test]
    fn unquote_follows_go() {
        assert_eq!(unquote(r#""a\tb\x41\u00e9""#).as_deref(), Some("a\tbAé"));
        assert_eq!(unquote(r#""\q""#), None);
        assert_eq!(unquote("`a\\n`").as_deref(), Some("a\\n"));
    }
}
