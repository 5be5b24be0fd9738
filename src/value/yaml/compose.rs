//! Builds a node tree from libyaml-safer's events, as go-yaml v2's
//! `parser` does in `decode.go`: anchors are registered when their node
//! starts (so `&a [*a]` refers to itself), an alias to an unknown anchor is
//! an error, and only the first document of a stream is read.

use std::borrow::Cow;

use libyaml_safer::{EventData, Parser, ScalarStyle};

use super::YamlError;

/// Index of a node in [`Doc::nodes`].
pub(crate) type NodeId = usize;

/// The deepest nesting accepted; deeper input gets an error instead of
/// overflowing the stack while decoding.
pub(crate) const MAX_DEPTH: usize = 1000;

/// Where a node starts: 0-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    pub(crate) line: u64,
    pub(crate) column: u64,
}

impl From<libyaml_safer::Mark> for Mark {
    fn from(m: libyaml_safer::Mark) -> Mark {
        Mark {
            line: m.line,
            column: m.column,
        }
    }
}

/// One node of a document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node<'t> {
    pub(crate) kind: NodeKind<'t>,
    /// The explicit tag, expanded (`tag:yaml.org,2002:int`), or "".
    pub(crate) tag: String,
    /// Where the node starts.
    pub(crate) mark: Mark,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NodeKind<'t> {
    Scalar {
        /// Borrowed from the text where the fast reader could.
        value: Cow<'t, str>,
        /// Plain scalars without a tag are resolved implicitly.
        implicit: bool,
    },
    Sequence(Vec<NodeId>),
    /// Key and value node pairs in document order.
    Mapping(Vec<(NodeId, NodeId)>),
    /// An alias and the node its anchor names.
    Alias {
        name: String,
        target: NodeId,
    },
}

/// The first document of a stream.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Doc<'t> {
    pub(crate) nodes: Vec<Node<'t>>,
    /// The root node, `None` for an empty stream.
    pub(crate) root: Option<NodeId>,
}

/// Converts a libyaml-safer error to go-yaml's `yaml: line N: problem`.
fn parse_error(err: &libyaml_safer::Error) -> YamlError {
    use libyaml_safer::ErrorKind;
    let problem = err.problem();
    let message = if problem.is_empty() {
        "unknown problem parsing YAML content"
    } else {
        problem
    };
    // go-yaml's parser.fail(): the 0-based problem line, plus one for
    // scanner errors only, else the context line; line 0 is not printed.
    let mark = err.problem_mark().filter(|m| m.line != 0);
    let (line, column) = match (mark, err.context_mark()) {
        (Some(m), _) => {
            let line = if err.kind() == ErrorKind::Scanner {
                m.line + 1
            } else {
                m.line
            };
            (line, m.column + 1)
        }
        (None, Some(c)) if c.line != 0 => (c.line, c.column + 1),
        _ => (0, 0),
    };
    let text = if line != 0 {
        format!("yaml: line {line}: {message}")
    } else {
        format!("yaml: {message}")
    };
    let real = err.problem_mark().or(err.context_mark());
    YamlError::convert(
        text,
        real.map(|m| (m.line + 1, m.column + 1)).or(
            // Keep go-yaml's own numbers when libyaml gave no mark.
            (line != 0).then_some((line, column)),
        ),
    )
}

struct Open {
    id: NodeId,
    /// A key waiting for its value (mappings only).
    pending_key: Option<NodeId>,
}

thread_local! {
    /// Set while a parse runs under [`catch_parser_panic`].
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic inside libyaml-safer into `None` without
/// printing it. libyaml-safer 0.3.0 panics ("unexpected end of input") where
/// libyaml's `READ_LINE` is a no-op at the end of input, e.g. for a block
/// scalar whose last line has no line break (`a: |\n  x`).
fn catch_parser_panic<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let out = std::panic::catch_unwind(f).ok();
    QUIET.with(|q| q.set(false));
    out
}

/// Parses the first document of `text`: with the fast reader when the
/// text is in its subset, else with libyaml-safer.
pub(crate) fn compose(bytes: &[u8]) -> Result<Doc<'_>, YamlError> {
    match super::reader::decode(bytes)? {
        Cow::Borrowed(text) => match super::fast::compose(text) {
            Some(doc) => Ok(doc),
            None => compose_full(text.as_bytes()),
        },
        Cow::Owned(text) => compose_full(text.as_bytes()),
    }
}

/// Parses the first document of UTF-8 `text` with libyaml-safer.
pub(crate) fn compose_full(text: &[u8]) -> Result<Doc<'static>, YamlError> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let with_bom;
    let text = if text.first() == Some(&0xEF) && !text.starts_with(BOM) {
        // libyaml-safer takes any leading 0xEF byte for the start of a
        // byte order mark and fails ("invalid byte order marker") on text
        // that starts with a character in U+F000..U+FFFF; go-yaml checks
        // for the whole mark. An explicit mark makes it read on.
        with_bom = [BOM, text].concat();
        &with_bom[..]
    } else {
        text
    };
    if let Some(result) = catch_parser_panic(|| compose_events(text, None)) {
        return result;
    }
    // Work around the libyaml-safer panic: parse with a final line break,
    // then take back the break it added to the block scalar at the end.
    let mut padded = text.to_vec();
    padded.push(b'\n');
    // Mark indices count bytes after the byte order mark.
    let body_len = text.strip_prefix(BOM).unwrap_or(text).len() as u64;
    catch_parser_panic(|| compose_events(&padded, Some(body_len))).unwrap_or_else(|| {
        Err(YamlError::convert(
            "yaml: found unexpected end of stream".into(),
            None,
        ))
    })
}

fn compose_events(text: &[u8], padded_from: Option<u64>) -> Result<Doc<'static>, YamlError> {
    let mut input = text;
    let mut parser = Parser::new();
    parser.set_input_string(&mut input);
    let mut doc = Doc::default();
    let mut anchors: std::collections::HashMap<String, NodeId> = std::collections::HashMap::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut in_document = false;
    loop {
        let event = parser.parse().map_err(|e| parse_error(&e))?;
        let mark = Mark::from(event.start_mark);
        let (new_node, anchor, opens) = match event.data {
            EventData::StreamStart { .. } => continue,
            EventData::StreamEnd => return Ok(doc),
            EventData::DocumentStart { .. } => {
                in_document = true;
                continue;
            }
            EventData::DocumentEnd { .. } => {
                if in_document {
                    return Ok(doc);
                }
                continue;
            }
            EventData::Alias { anchor } => {
                let Some(&target) = anchors.get(&anchor) else {
                    return Err(YamlError::convert(
                        format!("yaml: unknown anchor '{anchor}' referenced"),
                        Some((mark.line + 1, mark.column + 1)),
                    ));
                };
                let node = Node {
                    kind: NodeKind::Alias {
                        name: anchor,
                        target,
                    },
                    tag: String::new(),
                    mark,
                };
                (node, None, false)
            }
            EventData::Scalar {
                anchor,
                tag,
                mut value,
                plain_implicit,
                style,
                ..
            } => {
                let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                if block
                    && padded_from.is_some_and(|len| event.end_mark.index >= len)
                    && value.ends_with('\n')
                {
                    value.pop();
                }
                let node = Node {
                    kind: NodeKind::Scalar {
                        value: Cow::Owned(value),
                        implicit: plain_implicit,
                    },
                    tag: tag.unwrap_or_default(),
                    mark,
                };
                (node, anchor, false)
            }
            EventData::SequenceStart { anchor, tag, .. } => {
                let node = Node {
                    kind: NodeKind::Sequence(Vec::new()),
                    tag: tag.unwrap_or_default(),
                    mark,
                };
                (node, anchor, true)
            }
            EventData::MappingStart { anchor, tag, .. } => {
                let node = Node {
                    kind: NodeKind::Mapping(Vec::new()),
                    tag: tag.unwrap_or_default(),
                    mark,
                };
                (node, anchor, true)
            }
            EventData::SequenceEnd | EventData::MappingEnd => {
                stack.pop();
                continue;
            }
        };
        let id = doc.nodes.len();
        doc.nodes.push(new_node);
        if let Some(name) = anchor {
            anchors.insert(name, id);
        }
        match stack.last_mut() {
            None => doc.root = Some(id),
            Some(parent) => match &mut doc.nodes[parent.id].kind {
                NodeKind::Sequence(items) => items.push(id),
                NodeKind::Mapping(pairs) => match parent.pending_key.take() {
                    Some(key) => pairs.push((key, id)),
                    None => parent.pending_key = Some(id),
                },
                _ => {}
            },
        }
        if opens {
            if stack.len() >= MAX_DEPTH {
                return Err(YamlError::convert(
                    format!("yaml: exceeded max depth of {MAX_DEPTH}"),
                    Some((mark.line + 1, mark.column + 1)),
                ));
            }
            stack.push(Open {
                id,
                pending_key: None,
            });
        }
    }
}
