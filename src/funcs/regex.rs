//! Sprig's regexp functions on Go RE2 syntax, run by the `regex` crate.
//!
//! Both engines are RE2-style (leftmost-first, no backreferences), but the
//! syntax differs in details, so [`translate`] scans the Go pattern, reports
//! the errors Go's `regexp/syntax` reports with Go's texts, and writes an
//! equivalent Rust pattern: `\d \s \w \b` become their ASCII forms, `\Q…\E`
//! is expanded, `{n,m}` above 1000 is refused, a `{` that is no repeat is a
//! literal, flags are normalised, and capture names are kept on our side
//! (Go allows names such as `1a` and duplicates; Rust does not).
//!
//! Match iteration, replacement and splitting follow Go's loops
//! (`allMatches`, `replaceAll`, `Split`, `expand` in `regexp.go`), so empty
//! matches and `$name` templates behave as in Go.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, LazyLock, Mutex};

use regex::Regex;

use crate::funcs::strings::{go_quote, int_arg, str_arg};
use crate::template::func::{FuncError, Function, Param};
use crate::value::Value;

/// A compiled Go regexp: the Rust regex and the Go names of its groups
/// (index 0 is the whole match).
#[derive(Debug)]
pub(crate) struct GoRegex {
    re: Regex,
    names: Vec<Option<String>>,
}

/// A compile result as cached: the regex or Go's error text.
type Compiled = Result<Arc<GoRegex>, String>;

/// Compiled patterns, so a template that calls `regexMatch` in a loop
/// compiles once. Cleared when full rather than tracked as an LRU: charts
/// use a handful of patterns.
static CACHE: LazyLock<Mutex<HashMap<String, Compiled>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));
// Small, because one compiled `\pL{1000}` alone takes megabytes.
const CACHE_CAP: usize = 64;

/// Go `regexp.Compile`: the regex, or Go's `err.Error()` text.
pub(crate) fn compile(pattern: &str) -> Result<Arc<GoRegex>, String> {
    if let Ok(cache) = CACHE.lock() {
        if let Some(hit) = cache.get(pattern) {
            return hit.clone();
        }
    }
    let compiled = translate(pattern).and_then(|(rust, names)| {
        regex::RegexBuilder::new(&rust)
            // regex-automata compiles recursively; the default nest
            // limit (250) keeps that off the end of the stack. Deeper
            // patterns, which Go accepts up to 1000, get Go's error.
            .size_limit(128 << 20)
            .build()
            .map(|re| Arc::new(GoRegex { re, names }))
            .map_err(|e| match e {
                regex::Error::Syntax(msg) if msg.contains("maximum number of nested") => {
                    format!("error parsing regexp: expression nests too deeply: `{pattern}`")
                }
                regex::Error::CompiledTooBig(_) => {
                    format!("error parsing regexp: expression too large: `{pattern}`")
                }
                other => format!("error parsing regexp: {other}"),
            })
    });
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_CAP {
            cache.clear();
        }
        cache.insert(pattern.to_string(), compiled.clone());
    }
    compiled
}

/// Go `regexp.MustCompile`'s panic text, which text/template reports.
fn must_compile(pattern: &str) -> Result<Arc<GoRegex>, FuncError> {
    compile(pattern).map_err(|e| {
        FuncError::new(format!(
            "regexp: Compile({}): {e}",
            go_regexp_quote(pattern)
        ))
    })
}

/// `regexp.quote`: backquoted when possible, else `strconv.Quote`.
fn go_regexp_quote(s: &str) -> String {
    let can_backquote = s
        .chars()
        .all(|c| c != '`' && c != '\u{FEFF}' && (c == '\t' || !(c < ' ' || c == '\u{7f}')));
    if can_backquote {
        format!("`{s}`")
    } else {
        go_quote(s)
    }
}

/// The regexp functions.
pub(crate) fn functions() -> Vec<Function> {
    use Param::{Int, String as S};
    vec![
        Function::new("regexMatch", &[S, S], |a| {
            Ok(Value::Bool(
                compile(str_arg(a, 0)).is_ok_and(|re| re.re.is_match(str_arg(a, 1))),
            ))
        }),
        Function::new("mustRegexMatch", &[S, S], |a| {
            let re = compile(str_arg(a, 0)).map_err(FuncError::new)?;
            Ok(Value::Bool(re.re.is_match(str_arg(a, 1))))
        }),
        Function::new("regexFindAll", &[S, S, Int], |a| {
            let re = must_compile(str_arg(a, 0))?;
            Ok(find_all(&re, str_arg(a, 1), int_arg(a, 2)))
        }),
        Function::new("mustRegexFindAll", &[S, S, Int], |a| {
            let re = compile(str_arg(a, 0)).map_err(FuncError::new)?;
            Ok(find_all(&re, str_arg(a, 1), int_arg(a, 2)))
        }),
        Function::new("regexFind", &[S, S], |a| {
            let re = must_compile(str_arg(a, 0))?;
            Ok(find(&re, str_arg(a, 1)))
        }),
        Function::new("mustRegexFind", &[S, S], |a| {
            let re = compile(str_arg(a, 0)).map_err(FuncError::new)?;
            Ok(find(&re, str_arg(a, 1)))
        }),
        Function::new("regexReplaceAll", &[S, S, S], |a| {
            let re = must_compile(str_arg(a, 0))?;
            Ok(Value::from(replace_all(
                &re,
                str_arg(a, 1),
                str_arg(a, 2),
                false,
            )))
        }),
        Function::new("mustRegexReplaceAll", &[S, S, S], |a| {
            let re = compile(str_arg(a, 0)).map_err(FuncError::new)?;
            Ok(Value::from(replace_all(
                &re,
                str_arg(a, 1),
                str_arg(a, 2),
                false,
            )))
        }),
        Function::new("regexReplaceAllLiteral", &[S, S, S], |a| {
            let re = must_compile(str_arg(a, 0))?;
            Ok(Value::from(replace_all(
                &re,
                str_arg(a, 1),
                str_arg(a, 2),
                true,
            )))
        }),
        Function::new("mustRegexReplaceAllLiteral", &[S, S, S], |a| {
            let re = compile(str_arg(a, 0)).map_err(FuncError::new)?;
            Ok(Value::from(replace_all(
                &re,
                str_arg(a, 1),
                str_arg(a, 2),
                true,
            )))
        }),
        Function::new("regexSplit", &[S, S, Int], |a| {
            let re = must_compile(str_arg(a, 0))?;
            Ok(split(&re, str_arg(a, 0), str_arg(a, 1), int_arg(a, 2)))
        }),
        Function::new("mustRegexSplit", &[S, S, Int], |a| {
            let re = compile(str_arg(a, 0)).map_err(FuncError::new)?;
            Ok(split(&re, str_arg(a, 0), str_arg(a, 1), int_arg(a, 2)))
        }),
        Function::new("regexQuoteMeta", &[S], |a| {
            Ok(Value::from(quote_meta(str_arg(a, 0))))
        }),
    ]
}

/// Go `QuoteMeta`.
pub(crate) fn quote_meta(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Go `allMatches`: successive non-overlapping matches, an empty match
/// right after a previous match skipped, at most `n` (all when `n < 0`).
fn match_ranges(re: &GoRegex, s: &str, n: i64) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let limit = if n < 0 { usize::MAX } else { n as usize };
    let mut pos = 0;
    let mut prev_end: Option<usize> = None;
    while out.len() < limit && pos <= s.len() {
        let Some(m) = re.re.find_at(s, pos) else {
            break;
        };
        let mut accept = true;
        if m.end() == m.start() {
            if Some(m.start()) == prev_end {
                accept = false;
            }
            pos += s[pos..].chars().next().map_or(1, char::len_utf8);
        } else {
            pos = m.end();
        }
        prev_end = Some(m.end());
        if accept {
            out.push((m.start(), m.end()));
        }
    }
    out
}

/// `FindAllString`: a `[]string` of the matches (nil, printed `[]`, for none).
fn find_all(re: &GoRegex, s: &str, n: i64) -> Value {
    let ranges = match_ranges(re, s, n);
    // Go returns a nil slice when nothing matches.
    if ranges.is_empty() {
        return Value::nil_string_list();
    }
    Value::string_list(ranges.into_iter().map(|(a, b)| &s[a..b]))
}

/// `FindString`: the first match or "".
fn find(re: &GoRegex, s: &str) -> Value {
    Value::from(re.re.find(s).map_or("", |m| m.as_str()))
}

/// Go `replaceAll` with `expand` (or the literal replacement).
fn replace_all(re: &GoRegex, src: &str, repl: &str, literal: bool) -> String {
    let mut out = String::with_capacity(src.len());
    let mut last_end = 0;
    let mut search = 0;
    let mut locs = re.re.capture_locations();
    while search <= src.len() {
        let Some(m) = re.re.captures_read_at(&mut locs, src, search) else {
            break;
        };
        let (start, end) = (m.start(), m.end());
        out.push_str(&src[last_end..start]);
        // No replacement for an empty match right after another match.
        if end > last_end || start == 0 {
            if literal {
                out.push_str(repl);
            } else {
                expand(&mut out, repl, src, &locs, &re.names);
            }
        }
        last_end = end;
        let width = src[search..].chars().next().map_or(0, char::len_utf8);
        if search + width > end {
            search += width;
        } else if search + 1 > end {
            search += 1;
        } else {
            search = end;
        }
    }
    out.push_str(&src[last_end..]);
    out
}

/// Go `Regexp.expand`: `$1`, `$name`, `${name}`, `$$`; a name is the
/// longest run of letters, digits and `_`, so `$1W` is the group "1W".
fn expand(
    out: &mut String,
    template: &str,
    src: &str,
    locs: &regex::CaptureLocations,
    names: &[Option<String>],
) {
    let mut t = template;
    while let Some(i) = t.find('$') {
        out.push_str(&t[..i]);
        t = &t[i + 1..];
        if let Some(rest) = t.strip_prefix('$') {
            out.push('$');
            t = rest;
            continue;
        }
        let Some((name, num, rest)) = extract(t) else {
            out.push('$');
            continue;
        };
        t = rest;
        let group = |i: usize| locs.get(i).map(|(a, b)| &src[a..b]);
        match num {
            Some(n) => {
                if let Some(text) = group(n) {
                    out.push_str(text);
                }
            }
            None => {
                for (i, gname) in names.iter().enumerate() {
                    if gname.as_deref() == Some(name) {
                        if let Some(text) = group(i) {
                            out.push_str(text);
                            break;
                        }
                    }
                }
            }
        }
    }
    out.push_str(t);
}

/// Go `extract`: the name after a `$`, its number if it is one, the rest.
fn extract(s: &str) -> Option<(&str, Option<usize>, &str)> {
    let (brace, body) = match s.strip_prefix('{') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let len = body
        .char_indices()
        .find(|&(_, c)| !(super::case::is_letter(c) || super::case::is_digit(c) || c == '_'))
        .map_or(body.len(), |(i, _)| i);
    if len == 0 {
        return None;
    }
    let name = &body[..len];
    let rest = if brace {
        body[len..].strip_prefix('}')?
    } else {
        &body[len..]
    };
    let mut num: Option<usize> = Some(0);
    for b in name.bytes() {
        num = match num {
            Some(n) if b.is_ascii_digit() && n < 100_000_000 => {
                Some(n * 10 + usize::from(b - b'0'))
            }
            _ => None,
        };
    }
    if name.len() > 1 && name.starts_with('0') {
        num = None;
    }
    Some((name, num, rest))
}

/// Go `Regexp.Split`.
fn split(re: &GoRegex, pattern: &str, s: &str, n: i64) -> Value {
    if n == 0 {
        return Value::nil_string_list();
    }
    if !pattern.is_empty() && s.is_empty() {
        return Value::string_list([""]);
    }
    let mut parts: Vec<&str> = Vec::new();
    let (mut beg, mut end) = (0, 0);
    for (a, b) in match_ranges(re, s, n) {
        if n > 0 && parts.len() as i64 == n - 1 {
            break;
        }
        end = a;
        if b != 0 {
            parts.push(&s[beg..end]);
        }
        beg = b;
    }
    if end != s.len() {
        parts.push(&s[beg..]);
    }
    Value::string_list(parts)
}

/// A Go syntax error: `error parsing regexp: CODE: `EXPR``.
fn syntax_error(code: &str, expr: &str) -> String {
    format!("error parsing regexp: {code}: `{expr}`")
}

/// What the last parsed item was, for Go's repetition checks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    /// Nothing to repeat: start, `(` or `|`.
    Nothing,
    /// An operand.
    Operand,
    /// A repetition that began at this byte offset of the pattern.
    Repeat(usize),
}

/// Rust's spelling of a literal rune.
fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() {
        out.push(c);
    } else {
        let _ = write!(out, "\\x{{{:X}}}", c as u32);
    }
}

/// Rust class items for Go's ASCII Perl classes.
fn perl_class(c: char) -> Option<(&'static str, bool)> {
    match c {
        'd' => Some(("0-9", false)),
        'D' => Some(("0-9", true)),
        's' => Some(("\\t\\n\\x0C\\r ", false)),
        'S' => Some(("\\t\\n\\x0C\\r ", true)),
        'w' => Some(("0-9A-Za-z_", false)),
        'W' => Some(("0-9A-Za-z_", true)),
        _ => None,
    }
}

const POSIX_CLASSES: &[&str] = &[
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
    "space", "upper", "word", "xdigit",
];

/// The Go pattern as a Rust pattern plus the Go group names, or Go's error.
pub(crate) fn translate(pat: &str) -> Result<(String, Vec<Option<String>>), String> {
    let mut out = String::with_capacity(pat.len() + 8);
    let mut names: Vec<Option<String>> = vec![None];
    let mut depth = 0usize;
    let mut last = Last::Nothing;
    let mut factors = Factors::default();
    // Where trailing flag-only groups such as `(?i)` start in `out`: Go
    // applies a following repetition to the operand before them, Rust
    // refuses it, so the repetition is moved in front of them.
    let mut flags_tail: Option<usize> = None;
    let mut i = 0;
    while i < pat.len() {
        let tail = flags_tail.take();
        let rest = &pat[i..];
        let Some(c) = rest.chars().next() else { break };
        match c {
            '(' => {
                // Go caps the parse tree's height at 1000 (maxHeight).
                if depth >= 1000 {
                    return Err(syntax_error("expression nests too deeply", pat));
                }
                if rest.starts_with("(?") {
                    let starts_p =
                        rest.len() > 4 && rest.as_bytes()[2] == b'P' && rest.as_bytes()[3] == b'<';
                    let starts_name = rest.len() > 3 && rest.as_bytes()[2] == b'<';
                    if starts_p || starts_name {
                        let name_start = if starts_p { 4 } else { 3 };
                        let Some(end) = rest.find('>') else {
                            return Err(syntax_error("invalid named capture", rest));
                        };
                        let name = &rest[name_start..end];
                        if name.is_empty()
                            || !name.bytes().all(|b| b == b'_' || b.is_ascii_alphanumeric())
                        {
                            return Err(syntax_error("invalid named capture", &rest[..=end]));
                        }
                        names.push(Some(name.to_string()));
                        out.push('(');
                        depth += 1;
                        factors.open();
                        last = Last::Nothing;
                        i += end + 1;
                        continue;
                    }
                    let (flags, consumed, opens) = perl_flags(rest)?;
                    if !opens {
                        flags_tail = Some(tail.unwrap_or(out.len()));
                    }
                    out.push_str(&flags);
                    if opens {
                        depth += 1;
                        factors.open();
                        last = Last::Nothing;
                    }
                    i += consumed;
                    continue;
                }
                names.push(None);
                out.push('(');
                depth += 1;
                factors.open();
                last = Last::Nothing;
                i += 1;
            }
            ')' => {
                if depth == 0 {
                    return Err(syntax_error("unexpected )", pat));
                }
                depth -= 1;
                factors.close();
                out.push(')');
                last = Last::Operand;
                i += 1;
            }
            '|' => {
                out.push('|');
                last = Last::Nothing;
                i += 1;
            }
            '^' | '$' | '.' => {
                factors.operand();
                out.push(c);
                last = Last::Operand;
                i += 1;
            }
            '[' => {
                let consumed = class(pat, i, &mut out)?;
                factors.operand();
                last = Last::Operand;
                i += consumed;
            }
            '*' | '+' | '?' => {
                let mut len = 1;
                if rest[1..].starts_with('?') {
                    len = 2;
                }
                repetition_check(pat, i, len, last)?;
                push_repetition(&mut out, &rest[..len], tail);
                last = Last::Repeat(i);
                i += len;
            }
            '{' => match parse_repeat(rest) {
                None => {
                    factors.operand();
                    out.push_str("\\{");
                    last = Last::Operand;
                    i += 1;
                }
                Some((min, max, len)) => {
                    if !(0..=1000).contains(&min) || max > 1000 || max >= 0 && min > max {
                        return Err(syntax_error("invalid repeat count", &rest[..len]));
                    }
                    let total = if rest[len..].starts_with('?') {
                        len + 1
                    } else {
                        len
                    };
                    repetition_check(pat, i, total, last)?;
                    // Go also bounds nested counts: (a{500}){3} is refused.
                    if !factors.repeat(min, max) {
                        return Err(syntax_error("invalid repeat count", &rest[..total]));
                    }
                    push_repetition(&mut out, &rest[..total], tail);
                    last = Last::Repeat(i);
                    i += total;
                }
            },
            '\\' => {
                let (consumed, operand) = escape(pat, i, &mut out)?;
                if operand {
                    factors.operand();
                    last = Last::Operand;
                }
                i += consumed;
            }
            _ => {
                factors.operand();
                push_literal(&mut out, c);
                last = Last::Operand;
                i += c.len_utf8();
            }
        }
    }
    if depth > 0 {
        return Err(syntax_error("missing closing )", pat));
    }
    Ok((out, names))
}

/// Go's `repeatIsValid` bookkeeping: along any chain of nested `{n,m}`
/// repeats the counts may multiply to at most 1000. Each open group keeps
/// the largest product inside it and that of its latest item.
struct Factors(Vec<(u64, u64)>);

impl Default for Factors {
    fn default() -> Factors {
        Factors(vec![(1, 1)])
    }
}

impl Factors {
    fn open(&mut self) {
        self.0.push((1, 1));
    }

    fn close(&mut self) {
        if self.0.len() > 1 {
            let (max, _) = self.0.pop().unwrap_or((1, 1));
            self.set_last(max);
        }
    }

    fn operand(&mut self) {
        self.set_last(1);
    }

    fn set_last(&mut self, factor: u64) {
        if let Some(frame) = self.0.last_mut() {
            frame.1 = factor;
            frame.0 = frame.0.max(factor);
        }
    }

    /// Applies `{min,max}` to the latest item; false if Go refuses the count.
    fn repeat(&mut self, min: i64, max: i64) -> bool {
        let inner = self.0.last().map_or(1, |f| f.1);
        let m = u64::try_from(if max < 0 { min } else { max }).unwrap_or(0);
        if m == 0 {
            // Go stops walking at a {0} repeat: nothing under it counts.
            self.set_last(1);
            return true;
        }
        let product = m.saturating_mul(inner);
        if (min >= 2 || max >= 2) && product > 1000 {
            return false;
        }
        self.set_last(product);
        true
    }
}

/// Writes a repetition operator, in front of trailing flag-only groups.
fn push_repetition(out: &mut String, op: &str, flags_tail: Option<usize>) {
    match flags_tail {
        Some(start) if start <= out.len() => {
            let flags = out.split_off(start);
            out.push_str(op);
            out.push_str(&flags);
        }
        _ => out.push_str(op),
    }
}

/// Go's checks before applying a repetition operator of `len` bytes at `at`.
fn repetition_check(pat: &str, at: usize, len: usize, last: Last) -> Result<(), String> {
    match last {
        Last::Repeat(prev) => Err(syntax_error(
            "invalid nested repetition operator",
            &pat[prev..at + len],
        )),
        Last::Nothing => Err(syntax_error(
            "missing argument to repetition operator",
            &pat[at..at + len],
        )),
        Last::Operand => Ok(()),
    }
}

/// Go `parseRepeat`: `{n}`, `{n,}`, `{n,m}` as (min, max, length) with
/// Go's conventions: `max` is -1 for `{n,}`, a number too big to hold is
/// -1, and a too-big `max` makes `min` -1 so that the count is refused.
fn parse_repeat(s: &str) -> Option<(i64, i64, usize)> {
    let b = s.as_bytes();
    let int = |i: &mut usize| -> Option<i64> {
        if *i >= b.len() || !b[*i].is_ascii_digit() {
            return None;
        }
        // Leading zeros make the brace a literal.
        if b.len() > *i + 1 && b[*i] == b'0' && b[*i + 1].is_ascii_digit() {
            return None;
        }
        let mut n: i64 = 0;
        while *i < b.len() && b[*i].is_ascii_digit() {
            if n >= 0 {
                n = if n >= 100_000_000 {
                    -1
                } else {
                    n * 10 + i64::from(b[*i] - b'0')
                };
            }
            *i += 1;
        }
        Some(n)
    };
    let mut i = 1;
    let mut min = int(&mut i)?;
    let max;
    if *b.get(i)? == b',' {
        i += 1;
        if *b.get(i)? == b'}' {
            max = -1;
        } else {
            max = int(&mut i)?;
            if max < 0 {
                min = -1;
            }
        }
    } else {
        max = min;
    }
    (*b.get(i)? == b'}').then_some((min, max, i + 1))
}

/// Go `parsePerlFlags` for `(?flags)` and `(?flags:`: the Rust text, the
/// bytes consumed, and whether a group was opened.
fn perl_flags(rest: &str) -> Result<(String, usize, bool), String> {
    // Per flag: Some(true) on, Some(false) off; the last setting wins.
    let mut state: [(char, Option<bool>); 4] = [('i', None), ('m', None), ('s', None), ('U', None)];
    let mut negated = false;
    let mut saw_flag = false;
    for (off, c) in rest[2..].char_indices() {
        let consumed = 2 + off + c.len_utf8();
        match c {
            'i' | 'm' | 's' | 'U' => {
                if let Some(slot) = state.iter_mut().find(|(f, _)| *f == c) {
                    slot.1 = Some(!negated);
                }
                saw_flag = true;
            }
            '-' if !negated => {
                negated = true;
                saw_flag = false;
            }
            ':' | ')' if !negated || saw_flag => {
                let on: String = state
                    .iter()
                    .filter(|(_, v)| *v == Some(true))
                    .map(|(f, _)| *f)
                    .collect();
                let off: String = state
                    .iter()
                    .filter(|(_, v)| *v == Some(false))
                    .map(|(f, _)| *f)
                    .collect();
                let mut text = String::from("(?");
                text.push_str(&on);
                if !off.is_empty() {
                    text.push('-');
                    text.push_str(&off);
                }
                let opens = c == ':';
                if opens {
                    text.push(':');
                } else if on.is_empty() && off.is_empty() {
                    // `(?)` is a valid no-op in Go but not in Rust.
                    text = String::new();
                } else {
                    text.push(')');
                }
                return Ok((text, consumed, opens));
            }
            _ => {
                return Err(syntax_error(
                    "invalid or unsupported Perl syntax",
                    &rest[..consumed],
                ));
            }
        }
    }
    Err(syntax_error("invalid or unsupported Perl syntax", rest))
}

/// A `\p{..}` or `\pX` class at `rest` (starting with the backslash): the
/// Rust text and the bytes consumed, `None` if `rest` is no such class.
fn unicode_class(rest: &str) -> Option<Result<(String, usize), String>> {
    let b = rest.as_bytes();
    if b.len() < 2 || b[0] != b'\\' || (b[1] != b'p' && b[1] != b'P') {
        return None;
    }
    let mut negate = b[1] == b'P';
    let (name, len) = if rest[2..].starts_with('{') {
        let Some(end) = rest.find('}') else {
            return Some(Err(syntax_error("invalid character class range", rest)));
        };
        (&rest[3..end], end + 1)
    } else {
        let Some(c) = rest[2..].chars().next() else {
            return Some(Err(syntax_error("invalid character class range", rest)));
        };
        (&rest[2..2 + c.len_utf8()], 2 + c.len_utf8())
    };
    let mut name = name;
    if let Some(n) = name.strip_prefix('^') {
        negate = !negate;
        name = n;
    }
    // Go's table names are case-sensitive and capitalised ("Greek", "Lu");
    // Rust matches names loosely, so screen what Go would refuse.
    let valid = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
        && regex_syntax::Parser::new()
            .parse(&format!("\\p{{{name}}}"))
            .is_ok();
    if !valid {
        return Some(Err(syntax_error(
            "invalid character class range",
            &rest[..len],
        )));
    }
    Some(Ok((
        format!("\\{}{{{name}}}", if negate { 'P' } else { 'p' }),
        len,
    )))
}

/// One escape at `pat[at..]` outside a class: writes the Rust form and
/// returns the bytes consumed and whether it produced an operand.
fn escape(pat: &str, at: usize, out: &mut String) -> Result<(usize, bool), String> {
    let rest = &pat[at..];
    let Some(c) = rest[1..].chars().next() else {
        return Err(syntax_error("trailing backslash at end of expression", ""));
    };
    match c {
        'Q' => {
            let body = &rest[2..];
            let (lit, consumed) = match body.find("\\E") {
                Some(e) => (&body[..e], 2 + e + 2),
                None => (body, rest.len()),
            };
            lit.chars().for_each(|c| push_literal(out, c));
            return Ok((consumed, !lit.is_empty()));
        }
        'A' => out.push_str("\\A"),
        'z' => out.push_str("\\z"),
        'b' => out.push_str("(?-u:\\b)"),
        'B' => out.push_str("(?-u:\\B)"),
        'p' | 'P' => {
            if let Some(class) = unicode_class(rest) {
                let (text, len) = class?;
                out.push_str(&text);
                return Ok((len, true));
            }
        }
        _ => {
            if let Some((items, negated)) = perl_class(c) {
                let _ = write!(out, "[{}{items}]", if negated { "^" } else { "" });
                return Ok((2, true));
            }
            let (r, len) = escaped_rune(rest)?;
            push_rune(out, r);
            return Ok((len, true));
        }
    }
    Ok((1 + c.len_utf8(), true))
}

/// A rune that may be a surrogate (Go accepts `\x{D800}`; it matches nothing).
fn push_rune(out: &mut String, r: u32) {
    match char::from_u32(r) {
        Some(c) => push_literal(out, c),
        None => out.push_str("[^\\x00-\\x{10FFFF}]"),
    }
}

/// Go `parseEscape` for escapes that denote one rune: octal, `\x`, the
/// C escapes and escaped punctuation. Returns the rune and bytes consumed.
fn escaped_rune(rest: &str) -> Result<(u32, usize), String> {
    let b = rest.as_bytes();
    let Some(c) = rest[1..].chars().next() else {
        return Err(syntax_error("trailing backslash at end of expression", ""));
    };
    let after = 1 + c.len_utf8();
    let invalid = |end: usize| {
        Err(syntax_error(
            "invalid escape sequence",
            &rest[..end.min(rest.len())],
        ))
    };
    let octal = |i: usize| i < b.len() && (b'0'..=b'7').contains(&b[i]);
    match c {
        '1'..='7' if !octal(2) => invalid(after),
        '0'..='7' => {
            let mut r = u32::from(b[1] - b'0');
            let mut i = 2;
            while i < 4 && octal(i) {
                r = r * 8 + u32::from(b[i] - b'0');
                i += 1;
            }
            Ok((r, i))
        }
        'x' => {
            let t = &rest[2..];
            if let Some(body) = t.strip_prefix('{') {
                let mut r: u32 = 0;
                for (nhex, (off, d)) in body.char_indices().enumerate() {
                    if d == '}' {
                        if nhex == 0 {
                            return invalid(3 + off + 1);
                        }
                        return Ok((r, 3 + off + 1));
                    }
                    let Some(v) = d.to_digit(16) else {
                        return invalid(3 + off + d.len_utf8());
                    };
                    r = r * 16 + v;
                    if r > 0x10FFFF {
                        return invalid(3 + off + d.len_utf8());
                    }
                }
                return invalid(rest.len());
            }
            let mut chars = t.chars();
            let (x, y) = (chars.next(), chars.next());
            let consumed = 2 + x.map_or(0, char::len_utf8) + y.map_or(0, char::len_utf8);
            match (
                x.and_then(|x| x.to_digit(16)),
                y.and_then(|y| y.to_digit(16)),
            ) {
                (Some(x), Some(y)) => Ok((x * 16 + y, 4)),
                _ => invalid(consumed),
            }
        }
        'a' => Ok((7, 2)),
        'f' => Ok((12, 2)),
        'n' => Ok((10, 2)),
        'r' => Ok((13, 2)),
        't' => Ok((9, 2)),
        'v' => Ok((11, 2)),
        _ if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok((c as u32, 2)),
        _ => invalid(after),
    }
}

/// Go `parseClass` for the class at `pat[at..]`: writes a Rust class and
/// returns the bytes consumed.
fn class(pat: &str, at: usize, out: &mut String) -> Result<usize, String> {
    let whole = &pat[at..];
    let missing = || Err(syntax_error("missing closing ]", whole));
    let mut t = &whole[1..];
    let mut rust = String::from("[");
    if let Some(rest) = t.strip_prefix('^') {
        rust.push('^');
        t = rest;
    }
    let mut items = 0;
    let mut first = true;
    loop {
        if t.is_empty() {
            return missing();
        }
        if t.starts_with(']') && !first {
            break;
        }
        first = false;
        items += 1;
        // POSIX [:alpha:] and [:^alpha:].
        if t.len() > 2 && t.starts_with("[:") {
            if let Some(end) = t[2..].find(":]") {
                let full = &t[..end + 4];
                let name = full[2..full.len() - 2].trim_start_matches('^');
                if !POSIX_CLASSES.contains(&name) || full[2..].starts_with("^^") {
                    return Err(syntax_error("invalid character class range", full));
                }
                rust.push_str(full);
                t = &t[full.len()..];
                continue;
            }
        }
        if let Some(class) = unicode_class(t) {
            let (text, len) = class?;
            rust.push_str(&text);
            t = &t[len..];
            continue;
        }
        if t.len() >= 2 && t.starts_with('\\') {
            if let Some((set, negated)) = t[1..].chars().next().and_then(perl_class) {
                if negated {
                    let _ = write!(rust, "[^{set}]");
                } else {
                    rust.push_str(set);
                }
                t = &t[2..];
                continue;
            }
        }
        let range_start = t;
        let (lo, len) = class_char(t, whole)?;
        t = &t[len..];
        let mut hi = lo;
        if t.len() >= 2 && t.starts_with('-') && !t[1..].starts_with(']') {
            let (h, len) = class_char(&t[1..], whole)?;
            t = &t[1 + len..];
            hi = h;
            if hi < lo {
                let text = &range_start[..range_start.len() - t.len()];
                return Err(syntax_error("invalid character class range", text));
            }
        }
        // Surrogates cannot occur in UTF-8 text; clip them away.
        let lo = if (0xD800..=0xDFFF).contains(&lo) {
            0xE000
        } else {
            lo
        };
        let hi = if (0xD800..=0xDFFF).contains(&hi) {
            0xD7FF
        } else {
            hi
        };
        if lo <= hi {
            let _ = write!(rust, "\\x{{{lo:X}}}-\\x{{{hi:X}}}");
        } else {
            items -= 1;
        }
    }
    t = &t[1..];
    if items == 0 {
        // Only surrogates: a class that matches nothing (or, negated, anything).
        rust.push_str("[^\\x00-\\x{10FFFF}]");
    }
    rust.push(']');
    out.push_str(&rust);
    Ok(whole.len() - t.len())
}

/// Go `parseClassChar`: one rune, escaped or not, inside a class.
fn class_char(t: &str, whole: &str) -> Result<(u32, usize), String> {
    let Some(c) = t.chars().next() else {
        return Err(syntax_error("missing closing ]", whole));
    };
    if c == '\\' {
        return escaped_rune(t);
    }
    Ok((c as u32, c.len_utf8()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: &[Value]) -> Result<Value, FuncError> {
        let f = functions()
            .into_iter()
            .find(|f| f.name == name)
            .expect(name);
        (f.call)(args)
    }

    fn st(v: &str) -> Value {
        Value::str(v)
    }

    #[test]
    fn results_match_helm() {
        let cases: Vec<(&str, Vec<Value>, &str)> = vec![
            (
                "regexReplaceAll",
                vec![st("a(x*)b"), st("-ab-axxb-"), st("$1W")],
                "---",
            ),
            (
                "regexReplaceAll",
                vec![st("a(x*)b"), st("-ab-axxb-"), st("${1}W")],
                "-W-xxW-",
            ),
            (
                "regexReplaceAll",
                vec![st("a(x*)b"), st("-ab-axxb-"), st("$$1")],
                "-$1-$1-",
            ),
            (
                "regexReplaceAllLiteral",
                vec![st("a(x*)b"), st("-ab-axxb-"), st("${1}")],
                "-${1}-${1}-",
            ),
            (
                "regexReplaceAll",
                vec![st("a*"), st("baaac"), st("X")],
                "XbXcX",
            ),
            (
                "regexFindAll",
                vec![st("a*"), st("baaac"), Value::Int(-1)],
                "[ aaa ]",
            ),
            (
                "regexFindAll",
                vec![st("\\d+"), st("a1b22c333"), Value::Int(2)],
                "[1 22]",
            ),
            (
                "regexFindAll",
                vec![st("\\d+"), st("a1b22c333"), Value::Int(0)],
                "[]",
            ),
            ("regexFind", vec![st("\\w+"), st("héllo")], "h"),
            ("regexMatch", vec![st("^\\d$"), st("٣")], "false"),
            ("regexMatch", vec![st("("), st("x")], "false"),
            (
                "regexSplit",
                vec![st("z+"), st("pizza"), Value::Int(-1)],
                "[pi a]",
            ),
            (
                "regexSplit",
                vec![st("z+"), st("pizza"), Value::Int(1)],
                "[pizza]",
            ),
            (
                "regexSplit",
                vec![st(""), st("abc"), Value::Int(-1)],
                "[a b c]",
            ),
            ("regexSplit", vec![st("x"), st(""), Value::Int(-1)], "[]"),
            (
                "regexSplit",
                vec![st("z+"), st("pizza"), Value::Int(2)],
                "[pi a]",
            ),
            (
                "regexSplit",
                vec![st("a*"), st("baaac"), Value::Int(-1)],
                "[b c]",
            ),
            ("regexSplit", vec![st(""), st(""), Value::Int(-1)], "[]"),
            (
                "regexSplit",
                vec![st("^"), st("ab"), Value::Int(-1)],
                "[ab]",
            ),
            (
                "regexFindAll",
                vec![st(""), st("ab"), Value::Int(-1)],
                "[  ]",
            ),
            (
                "regexFindAll",
                vec![st("(?i)AB"), st("xabAB"), Value::Int(5)],
                "[ab AB]",
            ),
            (
                "regexFindAll",
                vec![st("."), st("héé"), Value::Int(-1)],
                "[h é é]",
            ),
            (
                "regexReplaceAll",
                vec![st(""), st("abc"), st("-")],
                "-a-b-c-",
            ),
            ("regexReplaceAll", vec![st("é"), st("éaé"), st("$")], "$a$"),
            (
                "regexReplaceAll",
                vec![st("(a)"), st("a"), st("$2|$0|$10|${1")],
                "|a||${1",
            ),
            (
                "regexReplaceAll",
                vec![
                    st("(?P<first>\\w+) (?P<last>\\w+)"),
                    st("John Smith"),
                    st("${last}, ${first}"),
                ],
                "Smith, John",
            ),
            (
                "mustRegexReplaceAllLiteral",
                vec![st("\\s+"), st("a  b\tc"), st("$0")],
                "a$0b$0c",
            ),
            ("regexMatch", vec![st("^\\w+$"), st("héllo")], "false"),
            ("regexMatch", vec![st("\\bfoo\\b"), st("éfooé")], "true"),
            ("regexMatch", vec![st("^\\s$"), st("\u{a0}")], "false"),
            ("regexMatch", vec![st("^[\\d\\-]+$"), st("12-3")], "true"),
            ("regexMatch", vec![st("^\\p{Greek}+$"), st("αβ")], "true"),
            ("regexMatch", vec![st("(?s)a.b"), st("a\nb")], "true"),
            ("regexMatch", vec![st("(?m)^b$"), st("a\nb\nc")], "true"),
            ("regexMatch", vec![st("x{1001}"), st("x")], "false"),
            (
                "regexMatch",
                vec![st("\\x41\\x{42}\\101"), st("ABA")],
                "true",
            ),
            ("regexMatch", vec![st("[^a]"), st("\n")], "true"),
            ("regexMatch", vec![st("\\z"), st("")], "true"),
            (
                "regexFindAll",
                vec![st("a(?i)+b"), st("aaB AAB"), Value::Int(-1)],
                "[aaB]",
            ),
            (
                "regexFindAll",
                vec![st("x(?i)(?-i){2}y"), st("xxy xxY"), Value::Int(-1)],
                "[xxy]",
            ),
            (
                "regexQuoteMeta",
                vec![st("1.5-2.0?[a]{b}")],
                "1\\.5-2\\.0\\?\\[a\\]\\{b\\}",
            ),
            ("regexMatch", vec![st("\\Qa.b\\E+"), st("a.bb")], "true"),
            ("regexMatch", vec![st("a{,2}"), st("a{,2}")], "true"),
            (
                "regexMatch",
                vec![st("(?P<1a>x)(?P<1a>y)"), st("xy")],
                "true",
            ),
            (
                "regexReplaceAll",
                vec![st("(?P<n>x)|(?P<n>y)"), st("xy"), st("<$n>")],
                "<x><y>",
            ),
            ("regexMatch", vec![st("(?i)ABC"), st("xabc")], "true"),
            ("regexMatch", vec![st("[[:alpha:]]+\\b"), st("ab")], "true"),
        ];
        for (name, args, want) in cases {
            let got = call(name, &args).unwrap_or_else(|e| panic!("{name} {args:?}: {e}"));
            assert_eq!(got.to_go_string(), want, "{name} {args:?}");
        }
    }

    #[test]
    fn nested_repeat_limits_match_helm() {
        let valid = [
            "((a{10}b){10}){10}",
            "(a{0}){1000}(b{1000}){1}",
            "((a{500})*){2}",
            "(a{1}){1000}",
            "a{1000}b{1000}",
        ];
        for p in valid {
            assert!(compile(p).is_ok(), "{p}: {:?}", compile(p).err());
        }
        let invalid = [
            ("(a{10}|b{200}){6}", "invalid repeat count: `{6}`"),
            ("(a{500})*{2}", "invalid nested repetition operator: `*{2}`"),
            ("(a{2}){501}", "invalid repeat count: `{501}`"),
            ("(a{2,}){501}", "invalid repeat count: `{501}`"),
            ("(?:a{30}){40}", "invalid repeat count: `{40}`"),
        ];
        for (p, want) in invalid {
            assert_eq!(
                compile(p).map(|_| ()),
                Err(format!("error parsing regexp: {want}")),
                "{p}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}a{}", "(".repeat(100), ")*".repeat(100));
        assert!(compile(&deep).is_ok());
        let deeper = format!("{}a{}", "(".repeat(900), ")*".repeat(900));
        assert_eq!(
            compile(&deeper).map(|_| ()),
            Err(format!(
                "error parsing regexp: expression nests too deeply: `{deeper}`"
            ))
        );
        let too_deep = format!("{}a{}", "(".repeat(1000), ")".repeat(1000));
        assert_eq!(
            compile(&too_deep).map(|_| ()),
            Err(format!(
                "error parsing regexp: expression nests too deeply: `{too_deep}`"
            ))
        );
    }

    #[test]
    fn no_panics_on_prefixes() {
        let patterns = [
            r"(?P<n>a|[^\\]\d-\x{41}][[:alpha:]\pL\p{Greek}]{2,3}?)(?i:x)\Q*.\E+\b$",
            r"[a-\x{10FFFF}\0\07\377\x4\x{}\x{D800}]{0,}(?-m:.)*?|\p{^L}\PN\z\A",
            r"(?<x>é)|ü{1}\\\Q",
        ];
        for p in patterns {
            for (i, _) in p.char_indices() {
                let _ = compile(&p[..i]);
            }
            let _ = compile(p);
        }
    }

    #[test]
    fn errors_match_go() {
        let cases = [
            ("(", "error parsing regexp: missing closing ): `(`"),
            ("a)", "error parsing regexp: unexpected ): `a)`"),
            ("[a", "error parsing regexp: missing closing ]: `[a`"),
            (
                "x[z-a]",
                "error parsing regexp: invalid character class range: `z-a`",
            ),
            (
                "\\8",
                "error parsing regexp: invalid escape sequence: `\\8`",
            ),
            (
                "a**",
                "error parsing regexp: invalid nested repetition operator: `**`",
            ),
            (
                "*",
                "error parsing regexp: missing argument to repetition operator: `*`",
            ),
            (
                "a{1001}",
                "error parsing regexp: invalid repeat count: `{1001}`",
            ),
            (
                "a{2,1}",
                "error parsing regexp: invalid repeat count: `{2,1}`",
            ),
            (
                "a\\",
                "error parsing regexp: trailing backslash at end of expression: ``",
            ),
            (
                "(?=a)",
                "error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
            ),
            (
                "(?P<a-b>x)",
                "error parsing regexp: invalid named capture: `(?P<a-b>`",
            ),
            (
                "[[:foo:]]",
                "error parsing regexp: invalid character class range: `[:foo:]`",
            ),
            (
                "\\pX",
                "error parsing regexp: invalid character class range: `\\pX`",
            ),
            (
                "\\p",
                "error parsing regexp: invalid character class range: `\\p`",
            ),
            (
                "(?<=a)b",
                "error parsing regexp: invalid named capture: `(?<=a)b`",
            ),
            (
                "\\x{110000}",
                "error parsing regexp: invalid escape sequence: `\\x{110000`",
            ),
            (
                "(a)\\1",
                "error parsing regexp: invalid escape sequence: `\\1`",
            ),
            (
                "a\\Z",
                "error parsing regexp: invalid escape sequence: `\\Z`",
            ),
            (
                "(?x)a",
                "error parsing regexp: invalid or unsupported Perl syntax: `(?x`",
            ),
            (
                "a+?*",
                "error parsing regexp: invalid nested repetition operator: `+?*`",
            ),
            (
                "a{2}{3}",
                "error parsing regexp: invalid nested repetition operator: `{2}{3}`",
            ),
            (
                "(+)",
                "error parsing regexp: missing argument to repetition operator: `+`",
            ),
            (
                "(a{500}){3}",
                "error parsing regexp: invalid repeat count: `{3}`",
            ),
            (
                "((a{10}b){10}){11}?",
                "error parsing regexp: invalid repeat count: `{11}?`",
            ),
            (
                "(a{10}|b{200}){6}",
                "error parsing regexp: invalid repeat count: `{6}`",
            ),
        ];
        for (pattern, want) in cases {
            assert_eq!(
                compile(pattern).map(|_| ()),
                Err(want.to_string()),
                "{pattern}"
            );
        }
        assert_eq!(
            call("regexReplaceAll", &[st("`("), st("x"), st("y")]),
            Err(FuncError::new(
                "regexp: Compile(\"`(\"): error parsing regexp: missing closing ): ``(`"
            ))
        );
        assert_eq!(
            call("regexFind", &[st("("), st("x")]),
            Err(FuncError::new(
                "regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"
            ))
        );
    }
}
