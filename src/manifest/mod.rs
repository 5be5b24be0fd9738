//! Manifest streams as the API server reads them: YAML (1.1, as
//! sigs.k8s.io/yaml resolves it) or JSON documents separated by `---`, each
//! decoded into a JSON value. Source positions are not kept per node (that
//! would cost more than the validation itself on big streams); a finding's
//! position is found by parsing its document again ([`Document::locate`]).

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Map, Number, Value};

use crate::diag::{pointer_push, pointer_segments};
use crate::value::yaml::{self, ManifestValue, Raw, SpannedKind};

/// A 1-based position in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// A document that could not be read, with where the problem is.
#[derive(Clone, Debug, PartialEq)]
pub struct ManifestError {
    /// The file (or `-`).
    pub source: Arc<str>,
    /// Where the problem is in the file.
    pub position: Position,
    /// The parser's description.
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.source, self.position.line, self.position.column, self.message
        )
    }
}

impl std::error::Error for ManifestError {}

/// A mapping key written twice, with where the second one is.
#[derive(Clone, Debug, PartialEq)]
pub struct DuplicateKey {
    /// JSON pointer of the repeated key.
    pub pointer: String,
    /// Where the second occurrence is in the file.
    pub position: Position,
}

/// The text of a manifest file, shared by its documents. An `Arc<String>`
/// rather than an `Arc<str>`: the text is read into a `String`, and making
/// an `Arc<str>` of it would copy the whole stream once more.
pub type SourceText = Arc<String>;

/// One resource of a stream.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file it came from, as the user named it (`-` for stdin).
    pub source: Arc<str>,
    /// 0-based index among the non-empty documents of its file.
    pub index: usize,
    /// 1-based line of the document's first line in the file.
    pub line: usize,
    /// The decoded content (`null` once [released](Self::release_value)).
    /// Its head (apiVersion, kind, name, namespace) is read when the
    /// document is made: change those fields through a new document.
    pub value: Value,
    /// The template that produced it, from Helm's `# Source: ...` comment.
    pub template: Option<String>,
    /// Keys written twice in one mapping.
    pub duplicate_keys: Vec<DuplicateKey>,
    /// For an item of a `kind: List`, the pointer of the item in the list
    /// document (`/items/3`); empty otherwise.
    pub item_pointer: String,
    head: Head,
    text: SourceText,
    start: usize,
    end: usize,
}

/// What a report names a resource by; see [`Document::into_identity`].
#[derive(Clone, Debug)]
pub struct Identity {
    /// `apiVersion`, or "".
    pub api_version: String,
    /// `kind`, or "".
    pub kind: String,
    /// `metadata.name` (or `metadata.generateName`), or "".
    pub name: String,
    /// `metadata.namespace`, if set.
    pub namespace: Option<String>,
    /// The template that produced it.
    pub template: Option<String>,
}

/// What reports and stream-wide checks need of a resource, kept apart from
/// its value so that the value can be released once it is checked.
#[derive(Clone, Debug, Default)]
struct Head {
    api_version: String,
    kind: String,
    name: Option<String>,
    generate_name: Option<String>,
    namespace: Option<String>,
}

impl Head {
    fn of(value: &Value) -> Head {
        // Plain `get`s: `Value::pointer` unescapes every segment into a new
        // string, which shows in profiles of long streams.
        let top = |key: &str| value.get(key).and_then(Value::as_str);
        let metadata = value.get("metadata");
        let meta = |key: &str| {
            metadata
                .and_then(|m| m.get(key))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        Head {
            api_version: top("apiVersion").unwrap_or("").to_string(),
            kind: top("kind").unwrap_or("").to_string(),
            name: meta("name"),
            generate_name: meta("generateName"),
            namespace: meta("namespace"),
        }
    }
}

impl Document {
    /// A document made from a value, without source text (tests, CRDs
    /// given as objects).
    pub fn from_value(source: &str, index: usize, value: Value) -> Document {
        Document {
            source: Arc::from(source),
            index,
            line: 1,
            head: Head::of(&value),
            value,
            template: None,
            duplicate_keys: Vec::new(),
            item_pointer: String::new(),
            text: SourceText::default(),
            start: 0,
            end: 0,
        }
    }

    /// Drops the decoded content (the value becomes `null`), keeping what
    /// reports need: the head, the position and the source text. A long
    /// stream is checked a chunk at a time and keeps only this much of the
    /// resources it has checked.
    pub fn release_value(&mut self) {
        self.value = Value::Null;
        self.duplicate_keys = Vec::new();
    }

    /// The document's identity as reports name it, moved out (for the
    /// last use of a document, so that a long stream's report does not
    /// copy every name): apiVersion, kind, name (or generateName) and
    /// namespace, and the template it came from.
    pub fn into_identity(self) -> Identity {
        let Head {
            api_version,
            kind,
            name,
            generate_name,
            namespace,
        } = self.head;
        Identity {
            api_version,
            kind,
            name: name.or(generate_name).unwrap_or_default(),
            namespace,
            template: self.template,
        }
    }

    /// `apiVersion`, or "" when absent or not a string.
    pub fn api_version(&self) -> &str {
        &self.head.api_version
    }

    /// `kind`, or "".
    pub fn kind(&self) -> &str {
        &self.head.kind
    }

    /// `metadata.name` (or `metadata.generateName`), or "".
    pub fn name(&self) -> &str {
        self.head
            .name
            .as_deref()
            .or(self.head.generate_name.as_deref())
            .unwrap_or("")
    }

    /// `metadata.name` alone (no `generateName`), if it is a string.
    pub fn metadata_name(&self) -> Option<&str> {
        self.head.name.as_deref()
    }

    /// `metadata.namespace`, if set.
    pub fn namespace(&self) -> Option<&str> {
        self.head.namespace.as_deref()
    }

    /// The API group of `apiVersion` ("" for the core group).
    pub fn group(&self) -> &str {
        match self.api_version().rsplit_once('/') {
            Some((group, _)) => group,
            None => "",
        }
    }

    /// The document's source text.
    pub fn text(&self) -> &str {
        self.text.get(self.start..self.end).unwrap_or("")
    }

    /// Size of the document's source text in bytes.
    pub fn size(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// `Kind/name` as reports name a resource.
    pub fn display_name(&self) -> String {
        let kind = if self.kind().is_empty() {
            "<no kind>"
        } else {
            self.kind()
        };
        let name = if self.name().is_empty() {
            "<no name>"
        } else {
            self.name()
        };
        format!("{kind}/{name}")
    }

    /// Where the field at JSON `pointer` is written in the file: the line of
    /// its key (or list item); for a field that does not exist, the nearest
    /// ancestor that does. Parses the document again, so call it only for
    /// findings.
    pub fn locate(&self, pointer: &str) -> Position {
        self.locate_all(&[pointer])[0]
    }

    /// [`locate`](Self::locate) for several fields, parsing the document
    /// once: a resource with many findings is not parsed again for each.
    pub fn locate_all(&self, pointers: &[&str]) -> Vec<Position> {
        let fallback = Position {
            line: self.line,
            column: 1,
        };
        let whole = |p: &str| p.is_empty() && self.item_pointer.is_empty();
        if pointers.iter().all(|p| whole(p)) {
            // The whole resource: its first line, without parsing it again.
            return vec![fallback; pointers.len()];
        }
        let Ok(Some(root)) = yaml::parse_spanned(self.text()) else {
            return vec![fallback; pointers.len()];
        };
        pointers
            .iter()
            .map(|pointer| {
                let mut segments = pointer_segments(&self.item_pointer);
                segments.extend(pointer_segments(pointer));
                let mut node = &root;
                let mut at = (root.line, root.column);
                for seg in &segments {
                    let next = match &node.kind {
                        SpannedKind::Mapping(pairs) => pairs
                            .iter()
                            .rev()
                            .find(|(k, _)| matches!(&k.kind, SpannedKind::Scalar(s) if s == seg))
                            .map(|(k, v)| ((k.line, k.column), v)),
                        SpannedKind::Sequence(items) => seg
                            .parse::<usize>()
                            .ok()
                            .and_then(|i| items.get(i))
                            .map(|v| ((v.line, v.column), v)),
                        SpannedKind::Scalar(_) | SpannedKind::Alias(_) => None,
                    };
                    match next {
                        Some((pos, child)) => {
                            at = pos;
                            node = child;
                        }
                        None => break,
                    }
                }
                Position {
                    line: self.line + at.0 as usize - 1,
                    column: at.1 as usize,
                }
            })
            .collect()
    }
}

/// What a stream holds: its resources and the documents that could not be
/// read.
#[derive(Debug, Default)]
pub struct Stream {
    /// The documents, in order, empty ones left out.
    pub documents: Vec<Document>,
    /// Documents that are not YAML or not objects.
    pub errors: Vec<ManifestError>,
    /// The whole text, shared with the documents (for snippets).
    pub text: SourceText,
}

/// Documents at most this deep are read; deeper ones are an error rather
/// than a stack overflow in the JSON conversion.
const MAX_DEPTH: usize = 512;

/// Splits `text` (the content of `source`) into documents and decodes each.
/// A document that fails does not stop the others.
pub fn read_stream(source: &str, text: &str) -> Stream {
    let split = SplitStream::new(source, Arc::new(text.to_string()));
    let mut stream = Stream {
        text: split.text().clone(),
        ..Stream::default()
    };
    let mut all = Chunk::default();
    let mut chunks = split.chunks(usize::MAX);
    while chunks.next_visited(&|_| (), &mut all).is_some() {}
    stream.documents = all.documents;
    stream.errors = all.errors;
    stream
}

/// The plain or quoted scalar of the first line `key: value` that starts
/// at column 0 of `body`, without a trailing comment; `None` when there is
/// no such line or the value is not on it.
fn top_level_scalar<'t>(body: &'t str, key: &str) -> Option<&'t str> {
    let line = body.lines().find(|line| {
        line.strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
    })?;
    let value = line[key.len() + 1..].trim();
    let value = match value.split_once(" #") {
        Some((value, _)) => value.trim_end(),
        None => value,
    };
    let unquoted = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value);
    (!unquoted.is_empty()).then_some(unquoted)
}

/// How many documents a chunk of a long stream holds for a caller that
/// releases each value as it visits it ([`Chunks::next_visited`]): only
/// the chunk's heads and findings stay, so chunks can be big, and each
/// chunk ends with a pause in which one thread puts the documents in order
/// while the others wait.
pub const CHUNK_DOCUMENTS: usize = 4096;

/// A stream split into its documents but not decoded yet: decoded a chunk
/// at a time by [`chunks`](Self::chunks), so that a caller that is done with
/// a chunk's values before the next can check any length of stream in
/// bounded memory. The split is done once; the chunks can be read again.
#[derive(Debug)]
pub struct SplitStream {
    source: Arc<str>,
    text: SourceText,
    /// The spans of the non-blank documents, in order.
    bodies: Vec<yaml::DocumentSpan>,
    /// A bad `---` line: the stream is not read at all (as today's
    /// `yaml.NewYAMLReader` would fail it).
    split_error: Option<ManifestError>,
}

/// One chunk of a stream: its documents (numbered as in the whole stream)
/// and the documents that could not be read.
#[derive(Debug, Default)]
pub struct Chunk {
    /// The documents, in order, empty ones left out, lists expanded.
    pub documents: Vec<Document>,
    /// Documents that are not YAML or not objects.
    pub errors: Vec<ManifestError>,
}

impl SplitStream {
    /// Splits `text`, the content of `source`, into documents.
    pub fn new(source: &str, text: SourceText) -> SplitStream {
        let source: Arc<str> = Arc::from(source);
        let (bodies, split_error) = match yaml::document_spans(&text) {
            Ok(spans) => (
                spans
                    .into_iter()
                    .filter(|s| !is_blank(text.get(s.start..s.end).unwrap_or("")))
                    .collect(),
                None,
            ),
            Err(bad) => (
                Vec::new(),
                Some(ManifestError {
                    source: source.clone(),
                    position: Position {
                        line: bad.line,
                        column: 1,
                    },
                    message: format!("invalid YAML document separator: {}", bad.rest),
                }),
            ),
        };
        SplitStream {
            source,
            text,
            bodies,
            split_error,
        }
    }

    /// How many documents the stream holds, blank ones left out (a
    /// `kind: List` counts once).
    pub fn len(&self) -> usize {
        self.bodies.len()
    }

    /// True when the stream holds no document.
    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }

    /// The whole text, shared with the documents (for snippets).
    pub fn text(&self) -> &SourceText {
        &self.text
    }

    /// The documents, decoded `size` non-blank documents at a time (a chunk
    /// may hold more resources when a `kind: List` expands). Documents are
    /// numbered as [`read_stream`] numbers them.
    pub fn chunks(&self, size: usize) -> Chunks<'_> {
        Chunks {
            split: self,
            size: size.max(1),
            next_body: 0,
            next_index: 0,
            started: false,
        }
    }

    /// The resources of the documents whose text contains one of `needles`,
    /// in stream order, decoded out of turn: what must be known of a stream
    /// before its chunks are checked (the CRDs that define kinds, the
    /// objects that select others). Unreadable documents are left out (the
    /// chunks report them). A document's `index` is its position among the
    /// non-blank documents, which is its real index only when no earlier
    /// document is `null` or a `kind: List`: only the chunks number
    /// documents for reports.
    pub fn decode_matching(&self, needles: &[&str]) -> Vec<Document> {
        if needles.is_empty() {
            return Vec::new();
        }
        let matching: Vec<(usize, &yaml::DocumentSpan)> = self
            .bodies
            .par_iter()
            .enumerate()
            .filter(|(_, span)| {
                let body = self.body(span);
                needles.iter().any(|n| body.contains(n))
            })
            .collect();
        let decoded: Vec<Vec<Document>> = matching
            .par_iter()
            .map(|&(ordinal, span)| match self.decode(span, ordinal) {
                Ok(Some(document)) => {
                    let mut out = Vec::new();
                    expand_list(document, &mut out);
                    out
                }
                Ok(None) | Err(_) => Vec::new(),
            })
            .collect();
        decoded.into_iter().flatten().collect()
    }

    /// The distinct `(apiVersion, kind)` pairs the documents spell on
    /// their top-level lines, in no set order: a cheap guess at what the
    /// stream holds, to prepare the schemas of different kinds side by side
    /// before the documents are checked. Only decoding says what a
    /// document is; a wrong guess costs one unused preparation.
    pub fn kinds_hint(&self) -> Vec<(&str, &str)> {
        type Kinds<'a> = foldhash::HashSet<(&'a str, &'a str)>;
        // Each worker gathers its own set, so that only a handful of
        // distinct pairs are merged at the end (collecting into one set
        // would insert every document's pair on one thread).
        self.bodies
            .par_iter()
            .fold(Kinds::default, |mut kinds, span| {
                let body = self.body(span);
                if let (Some(api_version), Some(kind)) = (
                    top_level_scalar(body, "apiVersion"),
                    top_level_scalar(body, "kind"),
                ) {
                    kinds.insert((api_version, kind));
                }
                kinds
            })
            .reduce(Kinds::default, |mut a, b| {
                a.extend(b);
                a
            })
            .into_iter()
            .collect()
    }

    fn body(&self, span: &yaml::DocumentSpan) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// Decodes one document as resource number `index`.
    fn decode(
        &self,
        span: &yaml::DocumentSpan,
        index: usize,
    ) -> Result<Option<Document>, ManifestError> {
        let body = self.body(span);
        let decoded =
            decode_body(body, span.line).map_err(|(position, message)| ManifestError {
                source: self.source.clone(),
                position,
                message,
            })?;
        Ok(decoded.map(|(value, duplicate_keys)| Document {
            source: self.source.clone(),
            index,
            line: span.line,
            head: Head::of(&value),
            value,
            template: source_comment(body),
            duplicate_keys,
            item_pointer: String::new(),
            text: self.text.clone(),
            start: span.start,
            end: span.end,
        }))
    }
}

/// The chunks of a [`SplitStream`], in order.
#[derive(Debug)]
pub struct Chunks<'s> {
    split: &'s SplitStream,
    size: usize,
    next_body: usize,
    /// The index of the next resource: every resource and unreadable
    /// document before it counts, `null` documents do not.
    next_index: usize,
    started: bool,
}

impl Chunks<'_> {
    /// Decodes the next chunk, appends its documents and errors to `into`
    /// (a caller that keeps every document saves copying each chunk), and
    /// returns what `visit` made of each of the new documents, in order;
    /// `None` after the last chunk. `visit` runs on the worker that decoded
    /// the document, before it is numbered (its `index` is 0 then): a check
    /// that also releases the value frees it on the thread that allocated
    /// it, which is what the allocator is fastest at.
    pub fn next_visited<T, F>(&mut self, visit: &F, into: &mut Chunk) -> Option<Vec<T>>
    where
        T: Send,
        F: Fn(&mut Document) -> T + Sync,
    {
        let split = self.split;
        if !self.started {
            self.started = true;
            if let Some(e) = &split.split_error {
                into.errors.push(e.clone());
                return Some(Vec::new());
            }
        }
        let end = self
            .next_body
            .saturating_add(self.size)
            .min(split.bodies.len());
        let spans = split.bodies.get(self.next_body..end)?;
        if spans.is_empty() {
            return None;
        }
        self.next_body = end;
        // Documents decode independently: in parallel on big chunks, then
        // numbered in order.
        let decode = |span: &yaml::DocumentSpan| -> Visited<T> {
            match split.decode(span, 0) {
                Ok(None) => Visited::Nothing,
                Ok(Some(mut document)) if !is_list(&document) => {
                    let visited = visit(&mut document);
                    Visited::One(document, visited)
                }
                Ok(Some(document)) => {
                    let mut documents = Vec::new();
                    expand_list(document, &mut documents);
                    let visited = documents.iter_mut().map(visit).collect();
                    Visited::List(documents, visited)
                }
                Err(e) => Visited::Failed(e),
            }
        };
        let decoded: Vec<Visited<T>> = if spans.len() > 64 {
            spans.par_iter().map(decode).collect()
        } else {
            spans.iter().map(decode).collect()
        };
        into.documents.reserve(decoded.len());
        let mut visited = Vec::with_capacity(decoded.len());
        for result in decoded {
            match result {
                Visited::Nothing => {}
                Visited::One(mut document, output) => {
                    document.index = self.next_index;
                    into.documents.push(document);
                    self.next_index += 1;
                    visited.push(output);
                }
                Visited::List(documents, outputs) => {
                    // The items of a list share the list's number; the
                    // numbers after them count every item.
                    let count = documents.len();
                    for mut document in documents {
                        document.index = self.next_index;
                        into.documents.push(document);
                    }
                    self.next_index += count;
                    visited.extend(outputs);
                }
                Visited::Failed(e) => {
                    into.errors.push(e);
                    self.next_index += 1;
                }
            }
        }
        Some(visited)
    }
}

impl Iterator for Chunks<'_> {
    type Item = Chunk;

    fn next(&mut self) -> Option<Chunk> {
        let mut chunk = Chunk::default();
        self.next_visited(&|_| (), &mut chunk).map(|_| chunk)
    }
}

/// A decoded document: its value and its repeated keys.
type Decoded = (Value, Vec<DuplicateKey>);

/// Decodes one document whose text starts on line `line`; `None` for a
/// document that is only `null`.
fn decode_body(body: &str, line: usize) -> Result<Option<Decoded>, (Position, String)> {
    let at_start = Position { line, column: 1 };
    let (decoded, duplicates) = yaml::decode_manifest(body, MAX_DEPTH).map_err(|e| {
        let (l, c) = e.position.unwrap_or((1, 1));
        let position = Position {
            line: line + l as usize - 1,
            column: c as usize,
        };
        (position, e.message().to_string())
    })?;
    let value = match manifest_json(decoded) {
        Ok(Value::Null) => return Ok(None),
        Ok(v @ Value::Object(_)) => v,
        Ok(other) => {
            return Err((
                at_start,
                format!(
                    "a manifest must be an object, this document is {}",
                    json_type(&other)
                ),
            ));
        }
        Err(message) => return Err((at_start, message)),
    };
    let duplicate_keys = duplicates
        .into_iter()
        .map(|d| {
            let mut pointer = String::new();
            for seg in d.path.iter().chain(std::iter::once(&d.key)) {
                pointer_push(&mut pointer, seg);
            }
            DuplicateKey {
                pointer,
                position: Position {
                    line: line + d.line as usize - 1,
                    column: d.column as usize,
                },
            }
        })
        .collect();
    Ok(Some((value, duplicate_keys)))
}

/// A `kind: List` (or `FooList`) with `items` stands for its items, as
/// kubectl and kubeconform read it.
/// What one document of a chunk decoded to, visited: nearly always one
/// resource, held without a vector of its own.
// The common variant is the big one: boxing it would bring back the
// allocation this enum exists to save.
#[allow(clippy::large_enum_variant)]
enum Visited<T> {
    /// A `null` document.
    Nothing,
    One(Document, T),
    /// A `kind: List`, expanded into its items.
    List(Vec<Document>, Vec<T>),
    Failed(ManifestError),
}

/// Whether `document` is a `kind: List` whose items are resources.
fn is_list(document: &Document) -> bool {
    document.kind().ends_with("List") && document.value.get("items").is_some_and(Value::is_array)
}

fn expand_list(mut document: Document, out: &mut Vec<Document>) {
    if !is_list(&document) {
        out.push(document);
        return;
    }
    let Some(Value::Array(items)) = document.value.get_mut("items").map(Value::take) else {
        return;
    };
    document.release_value();
    for (i, item) in items.into_iter().enumerate() {
        let mut item_pointer = String::new();
        pointer_push(&mut item_pointer, "items");
        pointer_push(&mut item_pointer, &i.to_string());
        out.push(Document {
            head: Head::of(&item),
            value: item,
            item_pointer,
            ..document.clone()
        });
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn is_blank(body: &str) -> bool {
    body.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    })
}

/// Helm's `# Source: chart/templates/x.yaml` line at the top of a document.
fn source_comment(body: &str) -> Option<String> {
    body.lines()
        .map(str::trim)
        .take_while(|l| l.is_empty() || l.starts_with('#'))
        .find_map(|l| l.strip_prefix("# Source: "))
        .map(|s| s.trim().to_string())
}

/// The JSON value of a decoded manifest, converting go-yaml's value where
/// the reader could not go straight to JSON.
fn manifest_json(decoded: ManifestValue) -> Result<Value, String> {
    match decoded {
        ManifestValue::Json(value) => Ok(value),
        ManifestValue::Raw(raw) => to_json(raw, 0),
    }
}

/// sigs.k8s.io/yaml's YAML-to-JSON conversion, keeping integers exact.
fn to_json(raw: Raw, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err(format!("document nested deeper than {MAX_DEPTH} levels"));
    }
    Ok(match raw {
        Raw::Nil => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Int(i) => Value::Number(i.into()),
        Raw::Uint(u) => Value::Number(u.into()),
        Raw::Float(f) => match Number::from_f64(f) {
            Some(n) => Value::Number(n),
            None => return Err(format!("json: unsupported value: {f}")),
        },
        Raw::Str(s) => Value::String(s),
        Raw::Seq(items) => Value::Array(
            items
                .into_iter()
                .map(|i| to_json(i, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Raw::Map(pairs) => {
            let mut map = Map::with_capacity(pairs.len());
            for (k, v) in pairs {
                let key = match k {
                    Raw::Str(s) => s,
                    Raw::Int(i) => i.to_string(),
                    Raw::Uint(u) => u.to_string(),
                    Raw::Float(f) => crate::value::fmt::format_float_g(f),
                    Raw::Bool(b) => b.to_string(),
                    Raw::Nil => "null".to_string(),
                    Raw::Seq(_) | Raw::Map(_) => {
                        return Err(format!(
                            "unsupported map key: {}",
                            yaml::go_sharp_v(&k, true)
                        ));
                    }
                };
                map.insert(key, to_json(v, depth + 1)?);
            }
            Value::Object(map)
        }
    })
}

/// Where manifests are read from.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// Standard input.
    Stdin,
    /// One file.
    File(PathBuf),
}

/// An I/O problem with a target.
#[derive(Debug)]
pub struct ReadError {
    /// The path (or `-`).
    pub path: String,
    /// What went wrong.
    pub error: std::io::Error,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.error)
    }
}

impl std::error::Error for ReadError {}

/// Expands command-line targets: `-` is stdin, a directory stands for its
/// `.yaml`, `.yml` and `.json` files (recursively, sorted, hidden entries
/// skipped), anything else is a file.
pub fn expand_targets(args: &[String]) -> Result<Vec<Target>, ReadError> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            out.push(Target::Stdin);
            continue;
        }
        let path = Path::new(arg);
        let meta = std::fs::metadata(path).map_err(|error| ReadError {
            path: arg.clone(),
            error,
        })?;
        if !meta.is_dir() {
            out.push(Target::File(path.to_path_buf()));
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = entry.map_err(|e| ReadError {
                path: arg.clone(),
                error: e.into(),
            })?;
            let name = entry.file_name().to_string_lossy();
            let manifest = [".yaml", ".yml", ".json"]
                .iter()
                .any(|ext| name.ends_with(ext));
            if entry.file_type().is_file() && manifest {
                out.push(Target::File(entry.into_path()));
            }
        }
    }
    Ok(out)
}

/// Reads one target whole, as a display name and its text.
pub fn read_target(target: &Target) -> Result<(String, String), ReadError> {
    match target {
        Target::Stdin => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|error| ReadError {
                    path: "-".into(),
                    error,
                })?;
            Ok(("-".into(), text))
        }
        Target::File(path) => {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|error| ReadError {
                path: name.clone(),
                error,
            })?;
            Ok((name, text))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STREAM: &str = "---\n# Source: web/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n  k: w\n---\n\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b, namespace: ns}\nspec:\n  replicas: 3\n  ratio: 1.5\n  on: yes\n  containers:\n    - name: c\n      image: x\n";

    #[test]
    fn kinds_hint_reads_top_level_lines() {
        let text = "# Source: x\napiVersion: apps/v1\nkind: Deployment\nspec:\n  kind: Inner\n\
                    ---\nkind: 'Service' # c\napiVersion: \"v1\"\n---\nkind: NoVersion\n\
                    ---\napiVersion: v1\nkind: Service\n";
        let split = SplitStream::new("f.yaml", Arc::new(text.to_string()));
        let mut kinds = split.kinds_hint();
        kinds.sort();
        assert_eq!(kinds, [("apps/v1", "Deployment"), ("v1", "Service")]);
    }

    #[test]
    fn reads_documents_with_lines_and_duplicates() {
        let s = read_stream("f.yaml", STREAM);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert_eq!(s.documents.len(), 2);
        let a = &s.documents[0];
        assert_eq!(a.line, 2);
        assert_eq!(a.template.as_deref(), Some("web/templates/a.yaml"));
        assert_eq!(a.display_name(), "ConfigMap/a");
        assert_eq!(a.duplicate_keys.len(), 1);
        assert_eq!(a.duplicate_keys[0].pointer, "/data/k");
        assert_eq!(
            a.duplicate_keys[0].position,
            Position { line: 9, column: 3 }
        );
        assert_eq!(a.value["data"]["k"], "w");
        let b = &s.documents[1];
        assert_eq!(b.index, 1);
        assert_eq!(b.namespace(), Some("ns"));
        assert_eq!(b.group(), "apps");
        assert_eq!(b.value["spec"]["replicas"], 3);
        assert!(b.value["spec"]["replicas"].is_i64());
        assert_eq!(b.value["spec"]["ratio"], 1.5);
        // YAML 1.1: `on` and `yes` are booleans, so the key is "true".
        assert_eq!(b.value["spec"]["true"], true);
        assert_eq!(
            b.locate("/spec/containers/0/image"),
            Position {
                line: 22,
                column: 7
            }
        );
        assert_eq!(
            b.locate("/spec/containers/0"),
            Position {
                line: 21,
                column: 7
            }
        );
        // A missing field points at its nearest ancestor.
        assert_eq!(
            b.locate("/spec/selector"),
            Position {
                line: 16,
                column: 1
            }
        );
    }

    #[test]
    fn bad_documents_are_errors_that_do_not_stop_the_stream() {
        let s = read_stream("f.yaml", "a: [1\n---\n- 1\n---\nkind: X\n");
        assert_eq!(s.documents.len(), 1);
        assert_eq!(s.errors.len(), 2);
        assert_eq!(s.errors[0].position.line, 2);
        assert!(
            s.errors[1].message.contains("must be an object"),
            "{}",
            s.errors[1]
        );
        let s = read_stream("f.yaml", "--- x\n");
        assert_eq!(s.errors.len(), 1);
        assert_eq!(
            s.errors[0].to_string(),
            "f.yaml:1:1: invalid YAML document separator: x"
        );
    }

    #[test]
    fn lists_expand_to_items() {
        let s = read_stream(
            "l.yaml",
            "apiVersion: v1\nkind: List\nitems:\n- kind: A\n  metadata: {name: a}\n- kind: B\n  metadata:\n    name: b\n",
        );
        assert_eq!(s.documents.len(), 2);
        assert_eq!(s.documents[1].display_name(), "B/b");
        assert_eq!(
            s.documents[1].locate("/metadata/name"),
            Position { line: 8, column: 5 }
        );
    }

    #[test]
    fn chunks_number_documents_as_the_whole_stream_does() {
        let text = "a: [1\n---\nnull\n---\nkind: List\nitems:\n- {kind: A, metadata: {name: a}}\n- {kind: B, metadata: {generateName: b-}}\n---\n# nothing\n---\n- 1\n---\nkind: C\nmetadata: {name: c, namespace: n}\n---\nkind: D\n";
        let whole = read_stream("f.yaml", text);
        let heads = |docs: &[Document]| -> Vec<(usize, usize, String, String)> {
            docs.iter()
                .map(|d| (d.index, d.line, d.display_name(), d.item_pointer.clone()))
                .collect()
        };
        assert_eq!(
            heads(&whole.documents),
            [
                (1, 5, "A/a".to_string(), "/items/0".to_string()),
                (1, 5, "B/b-".to_string(), "/items/1".to_string()),
                (4, 14, "C/c".to_string(), String::new()),
                (5, 17, "D/<no name>".to_string(), String::new()),
            ]
        );
        let split = SplitStream::new("f.yaml", Arc::new(text.to_string()));
        for size in [1, 2, 3, 100] {
            let (mut documents, mut errors) = (Vec::new(), Vec::new());
            for chunk in split.chunks(size) {
                documents.extend(chunk.documents);
                errors.extend(chunk.errors);
            }
            assert_eq!(heads(&documents), heads(&whole.documents), "size {size}");
            assert_eq!(errors, whole.errors, "size {size}");
        }
        let found = split.decode_matching(&["kind: C", "kind: B"]);
        let names: Vec<String> = found.iter().map(Document::display_name).collect();
        assert_eq!(names, ["A/a", "B/b-", "C/c"]);
        assert!(split.decode_matching(&[]).is_empty());
        let bad = SplitStream::new("f.yaml", Arc::new("kind: A\n--- x\n".to_string()));
        let chunks: Vec<Chunk> = bad.chunks(1).collect();
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0].errors.len(), 1);
    }

    #[test]
    fn released_documents_keep_their_head() {
        let mut s = read_stream("f.yaml", STREAM);
        let b = &mut s.documents[1];
        b.release_value();
        assert!(b.value.is_null());
        assert_eq!(
            (b.api_version(), b.kind(), b.name(), b.namespace()),
            ("apps/v1", "Deployment", "b", Some("ns"))
        );
        assert_eq!(b.metadata_name(), Some("b"));
        assert_eq!(
            b.locate("/spec/replicas"),
            Position {
                line: 17,
                column: 3
            }
        );
    }

    #[test]
    fn json_documents_read() {
        let s = read_stream(
            "x.json",
            "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": {\"n\": 1}}",
        );
        assert_eq!(s.documents.len(), 1);
        assert_eq!(s.documents[0].value["spec"]["n"], 1);
        assert!(
            read_stream("e.yaml", "# only a comment\n")
                .documents
                .is_empty()
        );
    }

    /// The document both ways: straight to JSON where allowed, and through
    /// go-yaml's value then [`to_json`].
    fn both_routes(doc: &str) -> (Option<Route>, Option<Route>) {
        let texts = |d: Vec<yaml::DuplicateKey>| {
            d.into_iter()
                .map(|d| (d.path, d.key, d.line, d.column))
                .collect()
        };
        let direct = yaml::decode_manifest(doc, MAX_DEPTH)
            .ok()
            .map(|(v, d)| (manifest_json(v), texts(d)));
        let go = yaml::decode_document(doc)
            .ok()
            .map(|(raw, d)| (to_json(raw, 0), texts(d)));
        (direct, go)
    }

    type DuplicateKeyText = (Vec<String>, String, u64, u64);
    type Route = (Result<Value, String>, Vec<DuplicateKeyText>);

    #[test]
    fn direct_json_agrees_with_the_go_yaml_route() {
        // Unoptimised builds need a deep stack for the 600-level document.
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(both_routes_agree)
            .unwrap()
            .join()
            .unwrap();
    }

    fn both_routes_agree() {
        let deep = format!("{}x{}", "[".repeat(600), "]".repeat(600));
        let cases = [
            "a: 1\nb: 1.5\nc: yes\nd: ~\ne: \"q\"\nf: 2001-12-14\ng: 0x1F\nh: 18446744073709551615\n",
            "a: 1\na: 2\n",
            "1: x\n\"1\": y\n",
            "~: a\n\"~\": b\nnull: c\n",
            "1.0: a\n\"1.0\": b\n1: c\n",
            "yes: a\ntrue: b\n\"true\": c\n",
            "a: .inf\n",
            ".nan: a\n",
            "a: &x {b: 1}\nc: *x\n",
            "base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n",
            "\"<<\": 1\nv: <<\n",
            "<<: {a: 1}\nb: 2\n",
            "a: !!str 1\n",
            "a: !!binary aGVsbG8=\n",
            "[1, 2]: x\n",
            "l:\n- k: 1\n  k: 2\n- {j: 1, j: 2}\n",
            "a: |\n  text\n  more\nb: 'it''s'\nc: \"tab\\there\"\n",
            deep.as_str(),
            "",
            "- 1\n- x\n",
        ];
        for case in cases {
            let (direct, go) = both_routes(case);
            assert_eq!(direct, go, "{case:?}");
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut docs, mut objects, mut taken_direct) = (0, 0, 0);
        for dir in ["tests", "charts", "examples"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !(name.ends_with(".stdout") || name.ends_with(".yaml") || name.ends_with(".yml"))
                {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let Ok(spans) = yaml::document_spans(&text) else {
                    continue;
                };
                for span in spans {
                    let doc = &text[span.start..span.end];
                    let (direct, go) = both_routes(doc);
                    assert_eq!(direct, go, "{}: line {}", entry.path().display(), span.line);
                    docs += 1;
                    if matches!(go, Some((Ok(Value::Object(_)), _))) {
                        objects += 1;
                        let direct = matches!(
                            yaml::decode_manifest(doc, MAX_DEPTH),
                            Ok((ManifestValue::Json(_), _))
                        );
                        taken_direct += usize::from(direct);
                    }
                }
            }
        }
        assert!(docs > 10_000, "{docs} documents");
        assert!(
            taken_direct * 10 > objects * 9,
            "{taken_direct} of {objects} objects direct"
        );
    }
}
