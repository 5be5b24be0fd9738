//! A fast reader for the YAML that machines write: block mappings and
//! sequences, single-line plain and quoted scalars, literal and folded block
//! scalars, and single-line flow collections. Rendered manifests and values
//! files are nearly always in this subset, and reading them here is several
//! times faster than libyaml-safer's scanner, which spends most of its time
//! in per-character buffering.
//!
//! The reader builds the same [`Doc`] the event composer builds (same nodes
//! in the same order, same marks), so decoding, duplicate keys and source
//! positions are unchanged. For validation it can also build the JSON value
//! of a manifest directly ([`json`]), which saves the tree and a walk over
//! it; that gives up, for the tree to settle, wherever keys could repeat
//! or the tree's conversion would need go-yaml's decoder.
//!
//! The reader is deliberately partial: anything outside the subset —
//! anchors, aliases, tags, multi-line plain or quoted scalars, multi-line
//! flow collections, tabs in indentation, document markers, unusual
//! characters — and every error makes it refuse the text
//! ([`Stop::Unsupported`]), and the caller reads the text with libyaml-safer
//! instead. So errors and their texts always come from the full parser. A
//! fuzz target and a test over every YAML file in the repository check that
//! whatever this reader accepts, it reads exactly as the full parser does.

use std::borrow::Cow;
use std::vec::Drain;

use memchr::memchr;
use serde_json::{Map, Value};

use super::compose::{Doc, Mark, Node, NodeId, NodeKind, compose_full};
use super::json;

/// Why the reader stopped without a result.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Input outside the subset (or invalid): read it with the full parser.
    Unsupported,
    /// The JSON sink met what only the node tree settles: a repeated key
    /// (reported with its path and position from the tree), a key that
    /// JSON spells differently, a merge key, a value JSON cannot hold.
    /// The text may well be in the subset: read its tree.
    GaveUp,
}

use Stop::{GaveUp, Unsupported};

type Res<T> = Result<T, Stop>;

/// Nesting deeper than this is left to the full parser (and its limits).
pub(crate) const MAX_DEPTH: usize = 200;

/// libyaml refuses simple keys longer than 1024 characters.
const MAX_KEY: usize = 1000;

/// The first document of `text`, when it is in the subset.
pub(crate) fn compose(text: &str) -> Option<Doc<'_>> {
    let tree = Tree {
        nodes: Vec::with_capacity(text.len() / 12),
    };
    let mut reader = Reader::new(text, tree).ok()?;
    let root = reader.document().ok()?;
    Some(Doc {
        nodes: reader.sink.nodes,
        root,
    })
}

/// The first document of `text` as [`json::convert`] makes it of the
/// tree [`compose`] reads, built without the tree; `Value::Null` for an
/// empty document. No mapping in it repeats a key.
pub(crate) fn json(text: &str) -> Result<Value, Stop> {
    let mut reader = Reader::new(text, Json)?;
    Ok(reader.document()?.unwrap_or(Value::Null))
}

/// The first document of `text` as [`from_slice`](super::from_slice)
/// decodes it, built straight from the text; `Value::Nil` for an empty
/// document.
pub(crate) fn value(text: &str) -> Result<crate::value::Value, Stop> {
    let mut reader = Reader::new(text, Values)?;
    Ok(reader.document()?.unwrap_or(crate::value::Value::Nil))
}

/// The first document of `text` as [`from_slice_keys`](super::from_slice_keys)
/// reads it: of a mapping, the entries under `keys`; `Value::Nil` for an
/// empty document.
pub(crate) fn head(text: &str, keys: &[&str]) -> Result<crate::value::Value, Stop> {
    let sink = Head {
        keys,
        depth: 0,
        keep: false,
    };
    let mut reader = Reader::new(text, sink)?;
    match reader.document()? {
        None => Ok(crate::value::Value::Nil),
        Some(Some(value)) => Ok(value),
        // A scalar document: converted whole by the caller's other route.
        Some(None) => Err(GaveUp),
    }
}

/// Whether every character is one libyaml reads as printable content
/// (line breaks other than `\n`, the BOM and control characters are left
/// to the full parser).
fn printable(text: &str, ascii: bool) -> bool {
    if ascii {
        // A chunk at a time, each byte without a branch, so that the
        // compiler vectorises it: byte by byte this took a tenth of the
        // time of reading a manifest.
        return text.as_bytes().chunks(64).all(|chunk| {
            chunk.iter().fold(true, |ok, &b| {
                ok & (matches!(b, b' '..=b'~') | (b == b'\n') | (b == b'\t'))
            })
        });
    }
    text.chars().all(|c| match c {
        '\n' | '\t' | ' '..='~' => true,
        '\u{A0}'..='\u{D7FF}' => !matches!(c, '\u{2028}' | '\u{2029}'),
        '\u{E000}'..='\u{FFFD}' => c != '\u{FEFF}',
        '\u{10000}'..='\u{10FFFF}' => true,
        _ => false,
    })
}

/// A scalar read, to be placed as a key or a value.
struct Scalar<'t> {
    value: Cow<'t, str>,
    /// Plain, so typed by its text (quoted and block scalars are strings).
    implicit: bool,
    mark: Mark,
}

/// What the reader makes of the nodes it reads: the node tree ([`Tree`])
/// or the JSON value ([`Json`]). A collection begins before its entries
/// are read and ends after them.
trait Build<'t> {
    /// A node read.
    type Node;
    /// A mapping key read.
    type Key;
    /// A collection begun and not yet ended.
    type Open;

    fn scalar(&mut self, s: Scalar<'t>) -> Res<Self::Node>;
    fn key(&mut self, s: Scalar<'t>) -> Res<Self::Key>;
    fn begin_mapping(&mut self, mark: Mark) -> Self::Open;
    fn begin_sequence(&mut self, mark: Mark) -> Self::Open;
    /// Ends a mapping with its pairs, in document order.
    fn end_mapping(
        &mut self,
        open: Self::Open,
        pairs: Drain<'_, (Self::Key, Self::Node)>,
    ) -> Res<Self::Node>;
    /// Ends a sequence with its items.
    fn end_sequence(&mut self, open: Self::Open, items: Drain<'_, Self::Node>) -> Res<Self::Node>;
}

/// Builds the [`Doc`] the event composer builds: nodes in the order their
/// events come, a collection before its entries.
struct Tree<'t> {
    nodes: Vec<Node<'t>>,
}

impl<'t> Tree<'t> {
    fn push(&mut self, kind: NodeKind<'t>, mark: Mark) -> NodeId {
        self.nodes.push(Node {
            kind,
            tag: String::new(),
            mark,
        });
        self.nodes.len() - 1
    }
}

impl<'t> Build<'t> for Tree<'t> {
    type Node = NodeId;
    type Key = NodeId;
    type Open = NodeId;

    fn scalar(&mut self, s: Scalar<'t>) -> Res<NodeId> {
        let kind = NodeKind::Scalar {
            value: s.value,
            implicit: s.implicit,
        };
        Ok(self.push(kind, s.mark))
    }

    fn key(&mut self, s: Scalar<'t>) -> Res<NodeId> {
        self.scalar(s)
    }

    fn begin_mapping(&mut self, mark: Mark) -> NodeId {
        self.push(NodeKind::Mapping(Vec::new()), mark)
    }

    fn begin_sequence(&mut self, mark: Mark) -> NodeId {
        self.push(NodeKind::Sequence(Vec::new()), mark)
    }

    fn end_mapping(&mut self, id: NodeId, pairs: Drain<'_, (NodeId, NodeId)>) -> Res<NodeId> {
        self.nodes[id].kind = NodeKind::Mapping(pairs.collect());
        Ok(id)
    }

    fn end_sequence(&mut self, id: NodeId, items: Drain<'_, NodeId>) -> Res<NodeId> {
        self.nodes[id].kind = NodeKind::Sequence(items.collect());
        Ok(id)
    }
}

/// Builds the JSON value directly, and gives up ([`Stop::GaveUp`])
/// wherever [`json::convert`] would give up on the tree or find that
/// some mapping may repeat a key.
struct Json;

impl<'t> Build<'t> for Json {
    type Node = Value;
    type Key = String;
    type Open = ();

    fn scalar(&mut self, s: Scalar<'t>) -> Res<Value> {
        json::scalar(s.value, s.implicit).ok_or(GaveUp)
    }

    fn key(&mut self, s: Scalar<'t>) -> Res<String> {
        match json::key(&s.value, s.implicit) {
            Some(key) if !key.respelled => Ok(key.text),
            _ => Err(GaveUp),
        }
    }

    fn begin_mapping(&mut self, _: Mark) {}

    fn begin_sequence(&mut self, _: Mark) {}

    fn end_mapping(&mut self, _: (), pairs: Drain<'_, (String, Value)>) -> Res<Value> {
        let mut map = Map::with_capacity(pairs.len());
        for (key, value) in pairs {
            if map.insert(key, value).is_some() {
                return Err(GaveUp);
            }
        }
        Ok(Value::Object(map))
    }

    fn end_sequence(&mut self, _: (), items: Drain<'_, Value>) -> Res<Value> {
        Ok(Value::Array(items.collect()))
    }
}

/// Builds the value [`from_slice`](super::from_slice) makes (go-yaml's
/// decoding, then sigs.k8s.io/yaml's round trip through JSON: every number
/// a float64, maps sorted), and gives up wherever that conversion could
/// fail or differ: a key that is not a plain string (go-yaml's key types
/// each convert their own way, some to errors), a repeated key, a merge
/// key, a value JSON cannot hold.
struct Values;

impl<'t> Build<'t> for Values {
    type Node = crate::value::Value;
    type Key = String;
    type Open = ();

    fn scalar(&mut self, s: Scalar<'t>) -> Res<crate::value::Value> {
        use crate::value::Value as V;
        if !s.implicit {
            // A string as written: copied once, from the text where it can.
            return Ok(V::str(&*s.value));
        }
        // What `json::scalar` makes of it, then read back from JSON.
        use super::resolve::Scalar as S;
        Ok(
            match super::resolve::resolve("", &s.value, super::resolve::Schema::V2) {
                Err(_) => return Err(GaveUp),
                Ok((_, S::Null)) => V::Nil,
                Ok((_, S::Bool(b))) => V::Bool(b),
                Ok((_, S::Int(i))) => V::Float(i as f64),
                Ok((_, S::Uint(u))) => V::Float(u as f64),
                Ok((_, S::Float(f))) if f.is_finite() => V::Float(f),
                Ok((_, S::Float(_))) => return Err(GaveUp),
                Ok((_, S::Str | S::Timestamp)) => V::str(&*s.value),
                Ok((_, S::Merge)) => V::str("<<"),
            },
        )
    }

    fn key(&mut self, s: Scalar<'t>) -> Res<String> {
        plain_string_key(s).map(Cow::into_owned)
    }

    fn begin_mapping(&mut self, _: Mark) {}

    fn begin_sequence(&mut self, _: Mark) {}

    fn end_mapping(
        &mut self,
        _: (),
        pairs: Drain<'_, (String, crate::value::Value)>,
    ) -> Res<crate::value::Value> {
        let mut map = std::collections::BTreeMap::new();
        for (key, value) in pairs {
            if map.insert(key, value).is_some() {
                return Err(GaveUp);
            }
        }
        Ok(crate::value::Value::map(map))
    }

    fn end_sequence(
        &mut self,
        _: (),
        items: Drain<'_, crate::value::Value>,
    ) -> Res<crate::value::Value> {
        Ok(crate::value::Value::list(items.collect()))
    }
}

/// Builds what [`from_slice_keys`](super::from_slice_keys) makes: of a
/// mapping document, only the entries under `keys`, converted as
/// [`Values`] converts them; the rest is read and checked but not built.
/// Gives up wherever [`Values`] would, anywhere in the document, and on a
/// document that is not a mapping.
struct Head<'k> {
    keys: &'k [&'k str],
    /// Collections open around the node being read.
    depth: usize,
    /// Inside the value of one of `keys`.
    keep: bool,
}

/// A key as [`Values`] takes it, borrowed from the text where it can be:
/// a quoted key, or a plain one that reads as a string (not `<<`).
fn plain_string_key(s: Scalar<'_>) -> Res<Cow<'_, str>> {
    if !s.implicit {
        return Ok(s.value);
    }
    match super::resolve::resolve("", &s.value, super::resolve::Schema::V2) {
        Ok((_, super::resolve::Scalar::Str)) if s.value != "<<" => Ok(s.value),
        _ => Err(GaveUp),
    }
}

impl<'t> Build<'t> for Head<'_> {
    type Node = Option<crate::value::Value>;
    // Borrowed: most keys are only read past, never kept.
    type Key = Cow<'t, str>;
    type Open = ();

    fn scalar(&mut self, s: Scalar<'t>) -> Res<Self::Node> {
        if self.keep {
            return Values.scalar(s).map(Some);
        }
        // Read, not built: only what would fail to convert matters, and a
        // quoted or block scalar is always a string.
        if s.implicit && !json::plain_scalar_fits(&s.value) {
            return Err(GaveUp);
        }
        Ok(None)
    }

    fn key(&mut self, s: Scalar<'t>) -> Res<Cow<'t, str>> {
        let key = plain_string_key(s)?;
        if self.depth == 1 {
            self.keep = self.keys.contains(&&*key);
        }
        Ok(key)
    }

    fn begin_mapping(&mut self, _: Mark) {
        self.depth += 1;
    }

    fn begin_sequence(&mut self, _: Mark) {
        if self.depth == 0 {
            // A document that is a list is converted whole.
            self.keep = true;
        }
        self.depth += 1;
    }

    fn end_mapping(
        &mut self,
        _: (),
        pairs: Drain<'_, (Cow<'t, str>, Self::Node)>,
    ) -> Res<Self::Node> {
        self.depth -= 1;
        if !self.keep && self.depth > 0 {
            return Ok(None);
        }
        let mut map = std::collections::BTreeMap::new();
        for (key, value) in pairs {
            if let Some(value) = value
                && map.insert(key.into_owned(), value).is_some()
            {
                return Err(GaveUp);
            }
        }
        Ok(Some(crate::value::Value::map(map)))
    }

    fn end_sequence(&mut self, _: (), items: Drain<'_, Self::Node>) -> Res<Self::Node> {
        self.depth -= 1;
        if !self.keep {
            return Ok(None);
        }
        Ok(Some(crate::value::Value::list(
            items.map(|item| item.ok_or(GaveUp)).collect::<Res<_>>()?,
        )))
    }
}

struct Reader<'t, B: Build<'t>> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    /// 0-based line of `pos`.
    line: u64,
    /// Byte offset where the line of `pos` starts.
    line_start: usize,
    ascii: bool,
    sink: B,
    /// Pairs and items of the collections being read, innermost last;
    /// each collection takes its own off the end when it ends, so its
    /// entries are allocated once at their final size.
    pairs: Vec<(B::Key, B::Node)>,
    items: Vec<B::Node>,
    depth: usize,
}

fn is_blankz(b: Option<&u8>) -> bool {
    matches!(b, None | Some(b' ' | b'\t' | b'\n'))
}

fn is_flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

impl<'t, B: Build<'t>> Reader<'t, B> {
    fn new(text: &'t str, sink: B) -> Res<Self> {
        let ascii = text.is_ascii();
        if !printable(text, ascii) {
            return Err(Unsupported);
        }
        Ok(Reader {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            line: 0,
            line_start: 0,
            ascii,
            sink,
            pairs: Vec::new(),
            items: Vec::new(),
            depth: 0,
        })
    }

    fn at(&self, i: usize) -> Option<&u8> {
        self.bytes.get(i)
    }

    /// The mark of byte offset `pos` on the current line (columns count
    /// characters, as libyaml's do).
    fn mark(&self, pos: usize) -> Mark {
        let column = if self.ascii {
            pos - self.line_start
        } else {
            self.text
                .get(self.line_start..pos)
                .map_or(0, |s| s.chars().count())
        };
        Mark {
            line: self.line,
            column: column as u64,
        }
    }

    fn enter(&mut self) -> Res<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Unsupported);
        }
        Ok(())
    }

    fn start_line(&mut self, at: usize) {
        self.pos = at;
        self.line += 1;
        self.line_start = at;
    }

    /// From the start of a line, skips blank and comment lines; the indent
    /// of the next content line (`pos` left at its start), `None` at the end.
    fn peek(&mut self) -> Res<Option<usize>> {
        loop {
            let start = self.pos;
            let mut i = start;
            while self.at(i) == Some(&b' ') {
                i += 1;
            }
            match self.at(i) {
                None => {
                    self.pos = i;
                    return Ok(None);
                }
                Some(b'\n') => self.start_line(i + 1),
                Some(b'#') => {
                    let end = memchr(b'\n', &self.bytes[i..]).map_or(self.bytes.len(), |n| i + n);
                    if end == self.bytes.len() {
                        self.pos = end;
                        return Ok(None);
                    }
                    self.start_line(end + 1);
                }
                Some(b'\t') => return Err(Unsupported),
                Some(_) => {
                    let rest = &self.bytes[i..];
                    // Document markers and directives end or start documents.
                    let marker = i == start
                        && (rest.starts_with(b"---") || rest.starts_with(b"..."))
                        && is_blankz(rest.get(3));
                    if marker {
                        return Err(Unsupported);
                    }
                    return Ok(Some(i - start));
                }
            }
        }
    }

    /// After a node that ends on its line: only spaces and a comment may
    /// follow; moves to the next line.
    fn finish_line(&mut self) -> Res<()> {
        let mut i = self.pos;
        while self.at(i) == Some(&b' ') {
            i += 1;
        }
        match self.at(i) {
            None => {
                self.pos = i;
                Ok(())
            }
            Some(b'\n') => {
                self.start_line(i + 1);
                Ok(())
            }
            Some(b'#') if i > self.pos => {
                match memchr(b'\n', &self.bytes[i..]) {
                    Some(n) => self.start_line(i + n + 1),
                    None => self.pos = self.bytes.len(),
                }
                Ok(())
            }
            _ => Err(Unsupported),
        }
    }

    fn skip_spaces(&mut self) -> Res<()> {
        while self.at(self.pos) == Some(&b' ') {
            self.pos += 1;
        }
        if self.at(self.pos) == Some(&b'\t') {
            return Err(Unsupported);
        }
        Ok(())
    }

    fn document(&mut self) -> Res<Option<B::Node>> {
        let root = match self.peek()? {
            None => None,
            Some(indent) => {
                self.pos += indent;
                let root = self.block_node(-1)?;
                if self.peek()?.is_some() {
                    return Err(Unsupported);
                }
                Some(root)
            }
        };
        Ok(root)
    }

    /// A node that starts at `pos`, the first content of a line or what
    /// follows a sequence entry's `- `, inside a block collection at column
    /// `parent` (-1 for the document). A scalar followed by `:` starts a
    /// block mapping at its column.
    fn block_node(&mut self, parent: i64) -> Res<B::Node> {
        self.enter()?;
        let b = self.bytes[self.pos];
        let column = self.mark(self.pos).column as usize;
        let node = if b == b'-' && is_blankz(self.at(self.pos + 1)) {
            self.block_sequence(column)?
        } else if matches!(b, b'[' | b'{' | b'|' | b'>') {
            self.inline_node(parent)?
        } else {
            let start = self.pos;
            let scalar = self.scalar_token(false)?;
            if self.key_indicator(start)? {
                self.block_mapping(column, scalar)?
            } else {
                let node = self.sink.scalar(scalar)?;
                self.finish_line()?;
                node
            }
        };
        self.depth -= 1;
        Ok(node)
    }

    /// After a scalar that starts at byte `start`: whether `:` and a
    /// blank follow (the scalar is a key); `pos` is left after the `:`.
    fn key_indicator(&mut self, start: usize) -> Res<bool> {
        let save = self.pos;
        self.skip_spaces()?;
        if self.at(self.pos) == Some(&b':') && is_blankz(self.at(self.pos + 1)) {
            if self.pos - start > MAX_KEY {
                return Err(Unsupported);
            }
            self.pos += 1;
            return Ok(true);
        }
        self.pos = save;
        Ok(false)
    }

    /// A block mapping at column `indent` whose first key has been read
    /// (`pos` is after its `:`).
    fn block_mapping(&mut self, indent: usize, first: Scalar<'t>) -> Res<B::Node> {
        let open = self.sink.begin_mapping(first.mark);
        let base = self.pairs.len();
        let mut scalar = first;
        loop {
            let key = self.sink.key(scalar)?;
            let value = self.mapping_value(indent)?;
            self.pairs.push((key, value));
            match self.peek()? {
                Some(next) if next == indent => {
                    self.pos += next;
                    // Only a scalar key may follow at the mapping's column.
                    if matches!(self.bytes[self.pos], b'[' | b'{' | b'|' | b'>') {
                        return Err(Unsupported);
                    }
                    let start = self.pos;
                    scalar = self.scalar_token(false)?;
                    if !self.key_indicator(start)? {
                        return Err(Unsupported);
                    }
                }
                Some(next) if next > indent => return Err(Unsupported),
                _ => break,
            }
        }
        self.sink.end_mapping(open, self.pairs.drain(base..))
    }

    /// The value after a mapping key's `:` (`pos` just after it), for a
    /// mapping at column `indent`.
    fn mapping_value(&mut self, indent: usize) -> Res<B::Node> {
        let after_colon = self.mark(self.pos);
        self.skip_spaces()?;
        if !matches!(self.at(self.pos), None | Some(b'\n' | b'#')) {
            return self.inline_node(indent as i64);
        }
        self.finish_line()?;
        match self.peek()? {
            Some(next) if next > indent => {
                self.pos += next;
                self.block_node(indent as i64)
            }
            Some(next) if next == indent && self.entry_at(self.pos + next) => {
                // An indentless sequence: `key:` then `- item` at the key's column.
                self.pos += next;
                self.enter()?;
                let node = self.block_sequence(indent)?;
                self.depth -= 1;
                Ok(node)
            }
            _ => self.empty(after_colon),
        }
    }

    /// Whether a block sequence entry (`-` and a blank) is at `i`.
    fn entry_at(&self, i: usize) -> bool {
        self.at(i) == Some(&b'-') && is_blankz(self.at(i + 1))
    }

    /// A node left empty (`key:` or `-` with nothing after it).
    fn empty(&mut self, mark: Mark) -> Res<B::Node> {
        self.sink.scalar(Scalar {
            value: Cow::Borrowed(""),
            implicit: true,
            mark,
        })
    }

    /// A block sequence whose first `-` is at `pos`, column `indent`.
    fn block_sequence(&mut self, indent: usize) -> Res<B::Node> {
        let open = self.sink.begin_sequence(self.mark(self.pos));
        let base = self.items.len();
        loop {
            // At a `-` followed by a blank.
            self.pos += 1;
            let after_dash = self.mark(self.pos);
            self.skip_spaces()?;
            let item = if matches!(self.at(self.pos), None | Some(b'\n' | b'#')) {
                self.finish_line()?;
                match self.peek()? {
                    Some(next) if next > indent => {
                        self.pos += next;
                        self.block_node(indent as i64)?
                    }
                    _ => self.empty(after_dash)?,
                }
            } else {
                self.block_node(indent as i64)?
            };
            self.items.push(item);
            match self.peek()? {
                Some(next) if next == indent && self.entry_at(self.pos + next) => {
                    self.pos += next;
                }
                Some(next) if next > indent => return Err(Unsupported),
                _ => break,
            }
        }
        self.sink.end_sequence(open, self.items.drain(base..))
    }

    /// A node that fills the rest of the line (a mapping value or a
    /// node that cannot be a key), in a block collection at column
    /// `parent`; ends at the start of the next line.
    fn inline_node(&mut self, parent: i64) -> Res<B::Node> {
        let node = match self.bytes[self.pos] {
            b'|' => return self.block_scalar(true, parent),
            b'>' => return self.block_scalar(false, parent),
            b'[' | b'{' => {
                self.enter()?;
                let node = self.flow_node()?;
                self.depth -= 1;
                node
            }
            _ => {
                let start = self.pos;
                let scalar = self.scalar_token(false)?;
                if self.key_indicator(start)? {
                    // `a: b: c` is an error.
                    return Err(Unsupported);
                }
                self.sink.scalar(scalar)?
            }
        };
        self.finish_line()?;
        Ok(node)
    }

    /// A plain or quoted scalar at `pos` on one line; `flow` inside a flow
    /// collection. `pos` is left just after it.
    fn scalar_token(&mut self, flow: bool) -> Res<Scalar<'t>> {
        let start = self.pos;
        let mark = self.mark(start);
        let b = self.bytes[self.pos];
        let (value, implicit) = match b {
            b'"' => (self.quoted(true)?, false),
            b'\'' => (self.quoted(false)?, false),
            _ => (self.plain(flow)?, true),
        };
        Ok(Scalar {
            value,
            implicit,
            mark,
        })
    }

    /// A plain scalar that ends on its line.
    fn plain(&mut self, flow: bool) -> Res<Cow<'t, str>> {
        let start = self.pos;
        let b = self.bytes[start];
        let next = self.at(start + 1);
        let starts_plain = match b {
            b'-' => {
                if flow {
                    next.is_some_and(u8::is_ascii_alphanumeric)
                } else {
                    !is_blankz(next)
                }
            }
            b'?' | b':' => !flow && !is_blankz(next),
            b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
            | b'"' | b'%' | b'@' | b'`' | b' ' | b'\t' | b'\n' => false,
            _ => true,
        };
        if !starts_plain {
            return Err(Unsupported);
        }
        let bytes = self.bytes;
        let mut i = start;
        let mut end;
        loop {
            // A run of non-blank characters.
            while let Some(&c) = bytes.get(i) {
                if matches!(c, b' ' | b'\t' | b'\n') {
                    break;
                }
                if c == b':' {
                    let after = bytes.get(i + 1);
                    if is_blankz(after) {
                        break;
                    }
                    if flow && after.is_some_and(|&a| a == b'?' || is_flow_indicator(a)) {
                        return Err(Unsupported);
                    }
                }
                if flow && is_flow_indicator(c) {
                    break;
                }
                i += 1;
            }
            end = i;
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            match bytes.get(i) {
                None | Some(b'\n') => break,
                Some(b'\t') => return Err(Unsupported),
                Some(b'#') if i > end => break,
                Some(b':') if is_blankz(bytes.get(i + 1)) => break,
                Some(&c) if flow && is_flow_indicator(c) => break,
                _ if i == end => break,
                _ => {}
            }
        }
        // A plain scalar may go on over more lines; the caller's check of
        // the next line's indentation leaves those to the full parser.
        self.pos = end;
        Ok(Cow::Borrowed(&self.text[start..end]))
    }

    /// A single- or double-quoted scalar that ends on its line, borrowed
    /// from the text when nothing in it is escaped.
    fn quoted(&mut self, double: bool) -> Res<Cow<'t, str>> {
        let bytes = self.bytes;
        let quote = if double { b'"' } else { b'\'' };
        let start = self.pos + 1;
        let mut i = start;
        let mut out = String::new();
        loop {
            let from = i;
            while let Some(&c) = bytes.get(i) {
                if c == quote || c == b'\n' || (double && c == b'\\') {
                    break;
                }
                i += 1;
            }
            out.push_str(&self.text[from..i]);
            match bytes.get(i) {
                // `''` is a quote in a single-quoted scalar.
                Some(&c) if c == quote && !double && bytes.get(i + 1) == Some(&quote) => {
                    out.push('\'');
                    i += 2;
                }
                Some(&c) if c == quote => {
                    self.pos = i + 1;
                    return Ok(if from == start {
                        Cow::Borrowed(&self.text[start..i])
                    } else {
                        Cow::Owned(out)
                    });
                }
                Some(b'\\') => i = self.escape(i, &mut out)?,
                _ => return Err(Unsupported),
            }
        }
    }

    /// The escape sequence at `i` (a backslash) in a double-quoted scalar,
    /// appended to `out`; the offset after it.
    fn escape(&self, i: usize, out: &mut String) -> Res<usize> {
        let bytes = self.bytes;
        let escaped = match bytes.get(i + 1) {
            Some(b'0') => '\0',
            Some(b'a') => '\x07',
            Some(b'b') => '\x08',
            Some(b't' | b'\t') => '\t',
            Some(b'n') => '\n',
            Some(b'v') => '\x0B',
            Some(b'f') => '\x0C',
            Some(b'r') => '\r',
            Some(b'e') => '\x1B',
            Some(b' ') => ' ',
            Some(b'"') => '"',
            Some(b'/') => '/',
            Some(b'\\') => '\\',
            Some(b'N') => '\u{85}',
            Some(b'_') => '\u{A0}',
            Some(b'L') => '\u{2028}',
            Some(b'P') => '\u{2029}',
            Some(&c @ (b'x' | b'u' | b'U')) => {
                let width = match c {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let digits = self.text.get(i + 2..i + 2 + width).ok_or(Unsupported)?;
                if !digits.bytes().all(|d| d.is_ascii_hexdigit()) {
                    return Err(Unsupported);
                }
                let code = u32::from_str_radix(digits, 16).map_err(|_| Unsupported)?;
                out.push(char::from_u32(code).ok_or(Unsupported)?);
                return Ok(i + 2 + width);
            }
            _ => return Err(Unsupported),
        };
        out.push(escaped);
        Ok(i + 2)
    }

    /// A flow collection that closes on its line.
    fn flow_node(&mut self) -> Res<B::Node> {
        let mapping = self.bytes[self.pos] == b'{';
        let close = if mapping { b'}' } else { b']' };
        let mark = self.mark(self.pos);
        let open = if mapping {
            self.sink.begin_mapping(mark)
        } else {
            self.sink.begin_sequence(mark)
        };
        self.pos += 1;
        let (pair_base, item_base) = (self.pairs.len(), self.items.len());
        loop {
            self.skip_spaces()?;
            match self.at(self.pos) {
                Some(&c) if c == close => {
                    self.pos += 1;
                    break;
                }
                None | Some(b'\n' | b'#' | b',') => return Err(Unsupported),
                _ => {}
            }
            if mapping {
                if matches!(self.bytes[self.pos], b'[' | b'{') {
                    return Err(Unsupported);
                }
                let quoted = matches!(self.bytes[self.pos], b'"' | b'\'');
                let key = self.scalar_token(true)?;
                self.skip_spaces()?;
                if self.at(self.pos) != Some(&b':') {
                    return Err(Unsupported);
                }
                // After a plain key the `:` is followed by a blank (the
                // scalar would have gone on otherwise); after a quoted one
                // it may be followed by anything, as in JSON.
                if !quoted && !is_blankz(self.at(self.pos + 1)) {
                    return Err(Unsupported);
                }
                self.pos += 1;
                self.skip_spaces()?;
                if matches!(self.at(self.pos), None | Some(b'\n' | b'#' | b',' | b'}')) {
                    return Err(Unsupported);
                }
                let key = self.sink.key(key)?;
                let value = self.flow_item()?;
                self.pairs.push((key, value));
            } else {
                let item = self.flow_item()?;
                self.items.push(item);
            }
            self.skip_spaces()?;
            match self.at(self.pos) {
                Some(b',') => self.pos += 1,
                Some(&c) if c == close => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(Unsupported),
            }
        }
        if mapping {
            self.sink.end_mapping(open, self.pairs.drain(pair_base..))
        } else {
            self.sink.end_sequence(open, self.items.drain(item_base..))
        }
    }

    /// A flow collection's entry: a nested collection or a scalar (a
    /// single-pair mapping `[a: b]` is left to the full parser).
    fn flow_item(&mut self) -> Res<B::Node> {
        let node = if matches!(self.bytes[self.pos], b'[' | b'{') {
            self.enter()?;
            let node = self.flow_node()?;
            self.depth -= 1;
            node
        } else {
            let scalar = self.scalar_token(true)?;
            self.sink.scalar(scalar)?
        };
        self.skip_spaces()?;
        if self.at(self.pos) == Some(&b':') {
            return Err(Unsupported);
        }
        Ok(node)
    }

    /// A literal (`|`) or folded (`>`) block scalar whose indicator is at
    /// `pos`, in a block collection at column `parent`; ends at the start
    /// of the line after it. Follows libyaml's `scan_block_scalar`.
    fn block_scalar(&mut self, literal: bool, parent: i64) -> Res<B::Node> {
        let mark = self.mark(self.pos);
        let bytes = self.bytes;
        let mut i = self.pos + 1;
        let chomping_at = |i: &mut usize| -> i8 {
            let c = match bytes.get(*i) {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return 0,
            };
            *i += 1;
            c
        };
        let mut chomping = chomping_at(&mut i);
        let mut increment = 0usize;
        if let Some(&d @ b'1'..=b'9') = bytes.get(i) {
            increment = usize::from(d - b'0');
            i += 1;
            if chomping == 0 {
                chomping = chomping_at(&mut i);
            }
        } else if bytes.get(i) == Some(&b'0') {
            return Err(Unsupported);
        }
        self.pos = i;
        // Only blanks and a comment may follow the header.
        self.finish_line()?;
        if self.line_start != self.pos {
            // The header was the last line of the input.
            return Err(Unsupported);
        }
        let mut indent: usize = if increment == 0 {
            0
        } else if parent >= 0 {
            parent as usize + increment
        } else {
            increment
        };
        let mut value = String::new();
        let mut leading_break = false;
        let mut leading_blank = false;
        let mut trailing_breaks = 0usize;
        self.block_breaks(&mut indent, parent, &mut trailing_breaks)?;
        loop {
            let column = self.pos - self.line_start;
            if column != indent || self.pos >= bytes.len() {
                break;
            }
            let trailing_blank = matches!(bytes[self.pos], b' ' | b'\t');
            if !literal && leading_break && !leading_blank && !trailing_blank {
                if trailing_breaks == 0 {
                    value.push(' ');
                }
            } else if leading_break {
                value.push('\n');
            }
            leading_break = false;
            for _ in 0..trailing_breaks {
                value.push('\n');
            }
            trailing_breaks = 0;
            leading_blank = trailing_blank;
            let end = memchr(b'\n', &bytes[self.pos..]).map_or(bytes.len(), |n| self.pos + n);
            value.push_str(&self.text[self.pos..end]);
            if end < bytes.len() {
                leading_break = true;
                self.start_line(end + 1);
            } else {
                self.pos = end;
            }
            self.block_breaks(&mut indent, parent, &mut trailing_breaks)?;
        }
        if chomping != -1 && leading_break {
            value.push('\n');
        }
        if chomping == 1 {
            for _ in 0..trailing_breaks {
                value.push('\n');
            }
        }
        // The scalar ends at a line less indented than its content; go
        // back to that line's start for the caller.
        if self.pos < bytes.len() {
            self.pos = self.line_start;
        }
        self.sink.scalar(Scalar {
            value: Cow::Owned(value),
            implicit: false,
            mark,
        })
    }

    /// libyaml's `scan_block_scalar_breaks`: skips indentation and empty
    /// lines, counting the line breaks, and settles the indentation of an
    /// auto-detected block scalar.
    fn block_breaks(&mut self, indent: &mut usize, parent: i64, breaks: &mut usize) -> Res<()> {
        let bytes = self.bytes;
        let mut max_indent = 0usize;
        loop {
            while (*indent == 0 || self.pos - self.line_start < *indent)
                && bytes.get(self.pos) == Some(&b' ')
            {
                self.pos += 1;
            }
            let column = self.pos - self.line_start;
            max_indent = max_indent.max(column);
            let here = bytes.get(self.pos);
            if (*indent == 0 || column < *indent) && here == Some(&b'\t') {
                return Err(Unsupported);
            }
            if here != Some(&b'\n') {
                break;
            }
            *breaks += 1;
            self.start_line(self.pos + 1);
        }
        if *indent == 0 {
            let least = usize::try_from(parent + 1).unwrap_or(0).max(1);
            *indent = max_indent.max(least);
        }
        Ok(())
    }
}

/// Reads `text` with the fast reader, as a tree and as JSON, and with
/// libyaml-safer, for the tests and the fuzz target; the first difference
/// found, described. A tree the fast reader reads must be the full
/// parser's; JSON it builds must be what [`json::convert`] makes of that
/// tree, with no key that may repeat (so no caller looks for any); and
/// a text it refuses as JSON it must refuse as a tree (so the caller goes
/// straight to the full parser).
pub(crate) fn check(text: &str) -> Result<(), String> {
    let tree = compose(text);
    let full = compose_full(text.as_bytes());
    if let Some(tree) = &tree
        && full.as_ref().ok() != Some(tree)
    {
        return Err(format!(
            "the fast reader reads {tree:?}, the full parser {full:?}"
        ));
    }
    match json(text) {
        Ok(value) => {
            let Some(mut full) = tree.and(full.ok()) else {
                return Err(format!(
                    "the fast reader builds {value} of a text it refuses as a tree"
                ));
            };
            // The tree's route makes `null` of an empty document too.
            let converted = match full.root {
                None => Some((Value::Null, false)),
                Some(_) => {
                    json::convert(&mut full, MAX_DEPTH).map(|d| (d.value, d.may_repeat_keys))
                }
            };
            match converted {
                Some((converted, false)) if converted == value => {}
                other => {
                    return Err(format!(
                        "the fast reader builds {value}, the tree converts to {other:?}"
                    ));
                }
            }
        }
        Err(Unsupported) if tree.is_some() => {
            return Err("the fast reader refuses as JSON a text it reads as a tree".into());
        }
        Err(_) => {}
    }
    // The values it builds must be go-yaml's decoding of the full parser's
    // tree, converted as `from_slice` converts it.
    if let Ok(built) = value(text) {
        let decoded = compose_full(text.as_bytes())
            .map_err(|e| e.to_string())
            .and_then(|full| super::decode::decode_doc(&full).map_err(|e| e.to_string()))
            .and_then(|raw| super::decode::to_json_value(&raw).map_err(|e| e.to_string()));
        if decoded.as_ref() != Ok(&built) {
            return Err(format!(
                "the fast reader builds the values {built:?}, go-yaml's route {decoded:?}"
            ));
        }
    }
    // So must the head of a document it reads for Helm's sort.
    const KEYS: &[&str] = &["apiVersion", "kind", "metadata"];
    if let Ok(built) = head(text, KEYS) {
        let decoded =
            super::from_slice_keys_decoded(text.as_bytes(), KEYS).map_err(|e| e.to_string());
        if decoded.as_ref() != Ok(&built) {
            return Err(format!(
                "the fast reader reads the head {built:?}, go-yaml's route {decoded:?}"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `text` with both readers: the fast one must accept it and
    /// agree with libyaml-safer.
    fn agrees(text: &str) {
        check(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert!(compose(text).is_some(), "fast reader refused {text:?}");
    }

    #[test]
    fn reads_the_subset_as_libyaml_does() {
        let cases = [
            "",
            "# only a comment\n\n",
            "a: 1\n",
            "a: 1",
            "a:\n  b: c\n  d:\n    - e\n    - f: g\n      h: i\n",
            "a:\n- x\n- y\nb: z\n",
            "- a\n-\n- - b\n  - c\n- d: e\n  f:\n",
            "a:\n\n  # note\n  b: c  # trailing\n",
            "k: 'it''s'\nq: \"tab\\there \\u00e9 \\x41 \\\"x\\\" \\\\ \\/\"\n",
            "url: http://x:80/a#b\nimage: nginx:1.25\nneg: -1\ncolon: a:b\n",
            "a: b # c\nd: e#f\n",
            "empty: ''\nnull: ~\nflag: yes\n",
            "f: []\ng: {}\nh: [a, \"b\", 'c', 1, [x], {y: z}]\ni: {\"a\":1, b: [2, 3],}\n",
            "s: |\n  line 1\n    more\n\n  line 3\nt: |-\n  x\n\n\nu: |+\n  y\n\nv: >\n  folded\n  text\n\n  para\n   kept\nw: >-\n  z\n",
            "x: |2\n    indented\n",
            "- |\n  in a list\n- >\n  folded\n",
            "top: |\n  no final break",
            "\u{FFFD}\u{FFDE}c: >1+\n c\n kc",
            "~: |\n \"日:\"héllo\"\nb:~: |\n \"日: 1日:\"héllo#\nb:~: |\n \"\n \"日: 1日:\"héllo\nb:~: |\n \"日:\"",
            "k: v\n  # indented comment\nl: w\n",
            "名前: 値\nkey: \"é\"\n\"q k\": 1\n",
            "a: b\n...x\n",
            "  a: 1\n  b: 2\n",
            "plain scalar\n",
            "key with spaces: value with spaces   \n",
            "a: - b\n",
            "- -1\n- -x\n- ?x\n- :x\n",
            "a :  b\n",
            "a: |\n\n  after a blank\n",
            "a: |\n  \n  spaces line\n",
        ];
        for text in cases {
            check(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            if compose(text).is_none() {
                eprintln!("refused {text:?}");
            }
        }
        for text in [
            "a:\n  b: c\n  d:\n    - e\n    - f: g\n      h: i\n",
            "s: |\n  line 1\n    more\n\n  line 3\n",
            "f: []\ng: {}\nh: [a, \"b\", 'c', 1, [x], {y: z}]\n",
            "名前: 値\n",
            "- - b\n  - c\n",
        ] {
            agrees(text);
        }
    }

    #[test]
    fn builds_json_as_the_tree_converts() {
        let cases = [
            ("", Value::Null),
            ("# only a comment\n", Value::Null),
            ("~\n", Value::Null),
            (
                "a:\n  b: c\n  d:\n    - e\n    - f: g\n      h:\n",
                serde_json::json!({"a": {"b": "c", "d": ["e", {"f": "g", "h": null}]}}),
            ),
            (
                "i: 1\nf: 1.5\nx: 0x1F\nb: yes\nt: 2001-12-14\nq: \"1\"\nm: <<\n",
                serde_json::json!({"i": 1, "f": 1.5, "x": 31, "b": true, "t": "2001-12-14",
                    "q": "1", "m": "<<"}),
            ),
            (
                "s: |\n  line 1\n    more\nl: [a, 'b', 2, [x], {k: z}]\n\"1\": {}\n",
                serde_json::json!({"s": "line 1\n  more\n", "l": ["a", "b", 2, ["x"], {"k": "z"}],
                    "1": {}}),
            ),
            ("- - b\n  - c\n-\n", serde_json::json!([["b", "c"], null])),
            ("名前: 値\n", serde_json::json!({"名前": "値"})),
        ];
        for (text, value) in cases {
            check(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(json(text), Ok(value), "{text:?}");
        }
    }

    #[test]
    fn leaves_the_rest_to_the_full_parser() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: b\n  c\n",
            "a: \"multi\n  line\"\n",
            "a: [1,\n  2]\n",
            "--- a\n",
            "a:\tb\n",
            "? a\n: b\n",
            "a: b: c\n",
            "a: 1\n b: 2\n",
            "a\r\n",
            "\u{FEFF}a: 1\n",
            "a: \"\\q\"\n",
            "[a: b]\n",
            "a: {q::?: 1}\n",
            "a: |0\n  x\n",
        ] {
            assert!(compose(text).is_none(), "{text:?}");
            assert_eq!(json(text), Err(Unsupported), "{text:?}");
        }
    }

    /// Where a key could be repeated or the value needs go-yaml's decoder,
    /// building JSON gives up on a text in the subset, and the caller's
    /// tree still finds the repeated keys.
    #[test]
    fn json_gives_up_where_the_tree_decides() {
        type Duplicate = (&'static [&'static str], &'static str, u64, u64);
        let cases: [(&str, &[Duplicate]); 11] = [
            ("a: 1\na: 2\n", &[(&[], "a", 2, 1)]),
            ("l:\n- {j: 1, j: 2}\n", &[(&["l", "0"], "j", 2, 10)]),
            ("1.0: x\n\"1.0\": y\n", &[(&[], "1.0", 2, 1)]),
            ("1.0: x\n1: y\n", &[]),
            ("~: 1\n'~': 2\n", &[(&[], "~", 2, 1)]),
            ("~: 1\n", &[]),
            ("yes: 1\n", &[]),
            ("<<: {a: 1}\nb: 2\n", &[]),
            ("a: .inf\n", &[]),
            ("a: [1, .nan]\n", &[]),
            ("a:\n  b: 1\n  c: {d: 2}\n  b: 3\n", &[(&["a"], "b", 4, 3)]),
        ];
        for (text, duplicates) in cases {
            assert_eq!(json(text), Err(GaveUp), "{text:?}");
            check(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert!(compose(text).is_some(), "{text:?}");
            let (_, found) = super::super::decode_manifest(text, MAX_DEPTH).expect("valid YAML");
            let found: Vec<_> = found
                .iter()
                .map(|d| (d.path.clone(), d.key.as_str(), d.line, d.column))
                .collect();
            let expected: Vec<_> = duplicates
                .iter()
                .map(|&(path, key, line, column)| {
                    let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
                    (path, key, line, column)
                })
                .collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    /// Every YAML document in the repository (charts, test data, and the
    /// manifests Helm rendered for the golden tests): where the fast reader
    /// accepts one, it reads it as libyaml-safer does and builds the JSON
    /// the tree converts to; and it does both for nearly all of Helm's
    /// rendered output.
    #[test]
    fn values_give_up_where_go_yaml_decides() {
        for text in [
            "a: 1\na: 2\n",
            "1: x\n",
            "true: x\n",
            "null: x\n",
            "1.5: x\n",
            "<<: {a: 1}\n",
            "a: .inf\n",
        ] {
            assert_eq!(value(text), Err(GaveUp), "{text:?}");
        }
        for text in ["a: 1\nb: [x, 2.5, true, ~]\n'1': q\nc:\n  d: \"e\"\n", ""] {
            check(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert!(value(text).is_ok(), "{text:?}");
        }
    }

    #[test]
    fn heads_build_only_the_keys_asked_for() {
        let keys = &["kind", "metadata"];
        let text = "kind: Pod\nmetadata:\n  name: a\n  labels: {x: y}\nspec:\n  c: [1, 2]\n";
        check(text).unwrap();
        let head = head(text, keys).unwrap();
        assert_eq!(
            head,
            super::super::from_slice_keys_decoded(text.as_bytes(), keys).unwrap()
        );
        assert!(head.as_map().unwrap().get("spec").is_none());
        // What would fail to convert anywhere is left to go-yaml's route.
        for text in [
            "kind: Pod\nspec:\n  r: .inf\n",
            "kind: Pod\nspec:\n  1: x\n",
            "- a\n- 1.5: b\n",
            "just text\n",
        ] {
            assert_eq!(super::head(text, keys), Err(GaveUp), "{text:?}");
        }
    }

    #[test]
    fn agrees_with_libyaml_on_every_document_in_the_repository() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut rendered, mut rendered_fast, mut rendered_json, mut docs) = (0, 0, 0, 0);
        let (mut values_docs, mut values_fast, mut rendered_head) = (0, 0, 0);
        for dir in ["tests", "charts", "examples"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let is_render = name.ends_with(".stdout");
                if !(is_render || name.ends_with(".yaml") || name.ends_with(".yml")) {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let Ok(spans) = super::super::document_spans(&text) else {
                    continue;
                };
                for span in spans {
                    let doc = &text[span.start..span.end];
                    docs += 1;
                    check(doc).unwrap_or_else(|e| {
                        panic!(
                            "{}: document at line {}: {e}",
                            entry.path().display(),
                            span.line
                        )
                    });
                    if is_render && !doc.starts_with("Error") {
                        rendered += 1;
                        rendered_fast += usize::from(compose(doc).is_some());
                        rendered_json += usize::from(json(doc).is_ok());
                        rendered_head +=
                            usize::from(head(doc, &["apiVersion", "kind", "metadata"]).is_ok());
                    }
                    if name.starts_with("values") && !is_render {
                        values_docs += 1;
                        values_fast += usize::from(value(doc).is_ok());
                    }
                }
            }
        }
        eprintln!(
            "{docs} documents, of {rendered} rendered {rendered_fast} read fast, \
             {rendered_json} straight to JSON; of {values_docs} in values files \
             {values_fast} straight to values; {rendered_head} rendered heads read directly"
        );
        // Many values files here exist to exercise anchors, tags and odd
        // keys, which go-yaml's decoder settles.
        assert!(
            values_fast * 100 >= values_docs * 80,
            "the fast reader built {values_fast} of {values_docs} values documents"
        );
        assert!(docs > 10_000, "{docs} documents");
        assert!(
            rendered_fast * 100 >= rendered * 95,
            "the fast reader took {rendered_fast} of {rendered} rendered documents"
        );
        assert!(
            rendered_head * 100 >= rendered * 95,
            "the fast reader read the head of {rendered_head} of {rendered} rendered documents"
        );
        assert!(
            rendered_json * 100 >= rendered * 95,
            "the fast reader built JSON of {rendered_json} of {rendered} rendered documents"
        );
    }
}
