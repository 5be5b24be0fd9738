//! `--set`, `--set-string`, `--set-json`, `--set-file` and `--set-literal`
//! lines parsed as Helm's `pkg/strvals` parses them: `a.b=1,l[0]=x`, `\`
//! escapes, `{a,b}` lists, typed values (`int64`, `bool`, `null`), and the
//! same error texts. Values are parsed INTO the map built so far, so a
//! `--set a.b=1` over a scalar `a` fails as Helm's does.

use std::sync::Arc;

use crate::value::{Map, Value};

/// The largest list index `--set` accepts.
pub const MAX_INDEX: usize = 65536;
/// The deepest `a.b.c…` nesting `--set` accepts.
pub const MAX_NESTED_NAME_LEVEL: usize = 30;

/// How the value after `=` is turned into a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `--set`: `true`/`false`/`null`/decimal int64 are typed, the rest is a string.
    Typed,
    /// `--set-string`: always a string.
    String,
    /// `--set-json`: the value is JSON.
    Json,
    /// `--set-literal`: the whole rest of the line is one string, no escapes.
    Literal,
}

/// A `--set` parse error, with Helm's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrvalsError(pub String);

impl std::fmt::Display for StrvalsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StrvalsError {}

/// Reads the contents for `--set-file key=path`.
pub type FileReader<'a> = &'a dyn Fn(&str) -> Result<Value, StrvalsError>;

enum Stop {
    Eof,
    Char(char),
}

enum Failure {
    Eof,
    NotList,
    Error(StrvalsError),
}

impl From<StrvalsError> for Failure {
    fn from(e: StrvalsError) -> Failure {
        Failure::Error(e)
    }
}

fn err(message: impl Into<String>) -> Failure {
    Failure::Error(StrvalsError(message.into()))
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    mode: Mode,
    file_reader: Option<FileReader<'a>>,
}

/// Parses one `--set`-style line into `dest` (which must be a map).
pub fn parse_into(line: &str, dest: &Arc<Map>, mode: Mode) -> Result<(), StrvalsError> {
    if mode == Mode::Literal {
        return parse_literal(line, dest);
    }
    let mut parser = Parser {
        chars: line.chars().collect(),
        pos: 0,
        mode,
        file_reader: None,
    };
    parser.run(dest)
}

/// Parses one `--set-file` line into `dest`, reading each value with `reader`.
pub fn parse_file_into(
    line: &str,
    dest: &Arc<Map>,
    reader: FileReader<'_>,
) -> Result<(), StrvalsError> {
    let mut parser = Parser {
        chars: line.chars().collect(),
        pos: 0,
        mode: Mode::String,
        file_reader: Some(reader),
    };
    parser.run(dest)
}

/// `--set-literal key=value`: the key path is parsed as usual, but the value
/// is the rest of the line verbatim.
fn parse_literal(line: &str, dest: &Arc<Map>) -> Result<(), StrvalsError> {
    let Some((key, value)) = line.split_once('=') else {
        return Err(StrvalsError(format!("key {line:?} has no value")));
    };
    let mut target = Arc::clone(dest);
    let parts: Vec<&str> = key.split('.').collect();
    if parts.len() > MAX_NESTED_NAME_LEVEL + 1 {
        return Err(StrvalsError(format!(
            "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
        )));
    }
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            if !part.is_empty() {
                target.insert(*part, Value::str(value));
            }
            break;
        }
        let next = match target.get(part) {
            Some(Value::Map(m)) => m,
            _ => {
                let fresh = Arc::new(Map::default());
                target.insert(*part, Value::Map(Arc::clone(&fresh)));
                fresh
            }
        };
        target = next;
    }
    Ok(())
}

fn typed_value(text: &str, mode: Mode) -> Value {
    if mode != Mode::Typed {
        return Value::str(text);
    }
    if text.eq_ignore_ascii_case("true") {
        return Value::Bool(true);
    }
    if text.eq_ignore_ascii_case("false") {
        return Value::Bool(false);
    }
    if text.eq_ignore_ascii_case("null") {
        return Value::Nil;
    }
    if text == "0" {
        return Value::Int64(0);
    }
    if !text.is_empty()
        && !text.starts_with('0')
        && let Some(i) = parse_go_int(text)
    {
        return Value::Int64(i);
    }
    Value::str(text)
}

/// Go's `strconv.ParseInt(s, 10, 64)`: optional sign, ASCII digits only.
fn parse_go_int(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.strip_prefix('+').unwrap_or(text).parse().ok()
}

fn set(data: &Arc<Map>, key: &str, value: Value) {
    if !key.is_empty() {
        data.insert(key, value);
    }
}

impl Parser<'_> {
    fn run(&mut self, dest: &Arc<Map>) -> Result<(), StrvalsError> {
        loop {
            match self.key(dest, 0) {
                Ok(()) => continue,
                Err(Failure::Eof) => return Ok(()),
                Err(Failure::NotList) => return Err(StrvalsError("not a list".to_string())),
                Err(Failure::Error(e)) => return Err(e),
            }
        }
    }

    fn read(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn unread(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    /// Reads until one of `stop`, handling `\` escapes.
    fn runes_until(&mut self, stop: &[char]) -> (String, Stop) {
        let mut out = String::new();
        loop {
            match self.read() {
                None => return (out, Stop::Eof),
                Some(c) if stop.contains(&c) => return (out, Stop::Char(c)),
                Some('\\') => match self.read() {
                    None => return (out, Stop::Eof),
                    Some(next) => out.push(next),
                },
                Some(c) => out.push(c),
            }
        }
    }

    fn read_value(&mut self, text: &str) -> Result<Value, Failure> {
        match self.file_reader {
            Some(reader) => reader(text).map_err(Failure::Error),
            None => Ok(typed_value(text, self.mode)),
        }
    }

    fn key(&mut self, data: &Arc<Map>, level: usize) -> Result<(), Failure> {
        let (k, stop) = self.runes_until(&['=', '[', ',', '.']);
        match stop {
            Stop::Eof => {
                if k.is_empty() {
                    Err(Failure::Eof)
                } else {
                    Err(err(format!("key {k:?} has no value")))
                }
            }
            Stop::Char('[') => {
                let index = self
                    .key_index()
                    .map_err(|e| err(format!("error parsing index: {}", failure_text(e))))?;
                let list = match data.get(&k) {
                    None => Vec::new(),
                    Some(Value::List(l)) => l.items.clone(),
                    Some(other) => {
                        return Err(err(format!(
                            "unable to parse key: interface conversion: interface {{}} is {}, not []interface {{}}",
                            other.type_name()
                        )));
                    }
                };
                let (list, result) = self.list_item(list, index, level);
                set(data, &k, Value::list(list));
                result
            }
            Stop::Char('=') => {
                if self.mode == Mode::Json {
                    return self.json_value(|v| set(data, &k, v));
                }
                match self.val_list() {
                    Ok(list) => {
                        set(data, &k, Value::list(list));
                        Ok(())
                    }
                    Err(Failure::Eof) => {
                        set(data, &k, Value::str(""));
                        Err(Failure::Eof)
                    }
                    Err(Failure::NotList) => {
                        let (text, _) = self.runes_until(&[',']);
                        let value = self.read_value(&text)?;
                        set(data, &k, value);
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
            Stop::Char(',') => {
                set(data, &k, Value::str(""));
                Err(err(format!("key {k:?} has no value (cannot end with ,)")))
            }
            Stop::Char(_) => {
                // '.': a nested map.
                let level = level + 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return Err(err(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    )));
                }
                let inner = match data.get(&k) {
                    None => Arc::new(Map::default()),
                    Some(Value::Map(m)) => m,
                    Some(other) => {
                        return Err(err(format!(
                            "unable to parse key: interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                            other.type_name()
                        )));
                    }
                };
                let result = self.key(&inner, level);
                if result.is_ok() && inner.is_empty() {
                    return Err(err(format!("key map {k:?} has no value")));
                }
                if !inner.is_empty() {
                    set(data, &k, Value::Map(inner));
                }
                result
            }
        }
    }

    fn key_index(&mut self) -> Result<i64, Failure> {
        let (text, stop) = self.runes_until(&[']']);
        if matches!(stop, Stop::Eof) {
            return Err(Failure::Eof);
        }
        parse_go_int(&text).ok_or_else(|| {
            err(format!(
                "strconv.Atoi: parsing {text:?}: {}",
                if text.bytes().all(|b| b.is_ascii_digit()) && !text.is_empty() {
                    "value out of range"
                } else {
                    "invalid syntax"
                }
            ))
        })
    }

    fn list_item(
        &mut self,
        mut list: Vec<Value>,
        index: i64,
        level: usize,
    ) -> (Vec<Value>, Result<(), Failure>) {
        if index < 0 {
            return (
                list,
                Err(err(format!("negative {index} index not allowed"))),
            );
        }
        let (k, stop) = self.runes_until(&['[', '.', '=']);
        if !k.is_empty() {
            return (
                list,
                Err(err(format!("unexpected data at end of array index: {k:?}"))),
            );
        }
        match stop {
            Stop::Eof => (list, Err(Failure::Eof)),
            Stop::Char('=') => {
                if self.mode == Mode::Json {
                    let mut slot = None;
                    let result = self.json_value(|v| slot = Some(v));
                    if let Some(v) = slot {
                        if let Err(e) = set_index(&mut list, index, v) {
                            return (list, Err(e));
                        }
                    }
                    return (list, result);
                }
                let value = match self.val_list() {
                    Ok(items) => Value::list(items),
                    Err(Failure::Eof) => Value::str(""),
                    Err(Failure::NotList) => {
                        let (text, _) = self.runes_until(&[',']);
                        match self.read_value(&text) {
                            Ok(v) => v,
                            Err(e) => return (list, Err(e)),
                        }
                    }
                    Err(e) => return (list, Err(e)),
                };
                let result = set_index(&mut list, index, value);
                (list, result)
            }
            Stop::Char('[') => {
                let next = match self.key_index() {
                    Ok(i) => i,
                    Err(e) => {
                        return (
                            list,
                            Err(err(format!("error parsing index: {}", failure_text(e)))),
                        );
                    }
                };
                let current = match usize::try_from(index)
                    .ok()
                    .and_then(|i| list.get(i))
                    .cloned()
                {
                    Some(Value::List(l)) => l.items.clone(),
                    Some(Value::Nil) | None => Vec::new(),
                    Some(other) => {
                        let message = format!(
                            "unable to parse key: interface conversion: interface {{}} is {}, not []interface {{}}",
                            other.type_name()
                        );
                        return (list, Err(err(message)));
                    }
                };
                let (inner, result) = self.list_item(current, next, level);
                if let Err(e) = result {
                    return (list, Err(e));
                }
                let result = set_index(&mut list, index, Value::list(inner));
                (list, result)
            }
            Stop::Char(_) => {
                // '.': a map inside the list.
                let inner = match usize::try_from(index).ok().and_then(|i| list.get(i)) {
                    Some(Value::Map(m)) => Arc::clone(m),
                    _ => Arc::new(Map::default()),
                };
                if let Err(e) = self.key(&inner, level) {
                    return (list, Err(e));
                }
                let result = set_index(&mut list, index, Value::Map(inner));
                (list, result)
            }
        }
    }

    /// `{a,b,c}` after `=`; `NotList` when the value does not start with `{`.
    fn val_list(&mut self) -> Result<Vec<Value>, Failure> {
        match self.read() {
            None => return Err(Failure::Eof),
            Some('{') => {}
            Some(_) => {
                self.unread();
                return Err(Failure::NotList);
            }
        }
        let mut list = Vec::new();
        loop {
            let (text, stop) = self.runes_until(&[',', '}']);
            match stop {
                Stop::Eof => return Err(err("list must terminate with '}'")),
                Stop::Char('}') => {
                    if let Some(c) = self.read()
                        && c != ','
                    {
                        self.unread();
                    }
                    list.push(self.read_value(&text)?);
                    return Ok(list);
                }
                Stop::Char(_) => list.push(self.read_value(&text)?),
            }
        }
    }

    /// Skips blanks; true when the value is empty (`,` or end of line).
    fn empty_val(&mut self) -> bool {
        loop {
            match self.read() {
                None | Some(',') => return true,
                Some(c) if c.is_whitespace() => continue,
                Some(_) => {
                    self.unread();
                    return false;
                }
            }
        }
    }

    fn json_value(&mut self, mut store: impl FnMut(Value)) -> Result<(), Failure> {
        if self.empty_val() {
            store(Value::Nil);
            return Ok(());
        }
        let rest: String = self.chars[self.pos..].iter().collect();
        let (value, consumed) = crate::value::json::decode_prefix(&rest).map_err(err)?;
        store(value);
        self.pos += rest[..consumed].chars().count();
        self.empty_val();
        Ok(())
    }
}

fn failure_text(f: Failure) -> String {
    match f {
        Failure::Eof => "EOF".to_string(),
        Failure::NotList => "not a list".to_string(),
        Failure::Error(e) => e.0,
    }
}

fn set_index(list: &mut Vec<Value>, index: i64, value: Value) -> Result<(), Failure> {
    if index < 0 {
        return Err(err(format!("negative {index} index not allowed")));
    }
    let Ok(i) = usize::try_from(index) else {
        return Err(err(format!(
            "index of {index} is greater than maximum supported index of {MAX_INDEX}"
        )));
    };
    if i > MAX_INDEX {
        return Err(err(format!(
            "index of {index} is greater than maximum supported index of {MAX_INDEX}"
        )));
    }
    if list.len() <= i {
        list.resize(i + 1, Value::Nil);
    }
    list[i] = value;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str, mode: Mode) -> Result<String, String> {
        let dest = Arc::new(Map::default());
        parse_into(line, &dest, mode).map_err(|e| e.0)?;
        Ok(Value::Map(dest).to_go_string())
    }

    #[test]
    fn strvals_table() {
        let cases: &[(&str, Mode, Result<&str, &str>)] = &[
            ("a=1", Mode::Typed, Ok("map[a:1]")),
            (
                "a=1,b=true,c=null,d=x",
                Mode::Typed,
                Ok("map[a:1 b:true c:<nil> d:x]"),
            ),
            ("a.b.c=1", Mode::Typed, Ok("map[a:map[b:map[c:1]]]")),
            ("l[2]=x", Mode::Typed, Ok("map[l:[<nil> <nil> x]]")),
            ("l={a,b}", Mode::Typed, Ok("map[l:[a b]]")),
            ("l={}", Mode::Typed, Ok("map[l:[]]")),
            ("a\\.b=c", Mode::Typed, Ok("map[a.b:c]")),
            ("a=x\\,y", Mode::Typed, Ok("map[a:x,y]")),
            ("l[0][1]=x", Mode::Typed, Ok("map[l:[[<nil> x]]]")),
            ("l[0].a=x", Mode::Typed, Ok("map[l:[map[a:x]]]")),
            ("a=", Mode::Typed, Ok("map[a:]")),
            ("a=007", Mode::Typed, Ok("map[a:007]")),
            ("a=1", Mode::String, Ok("map[a:1]")),
            ("a", Mode::Typed, Err("key \"a\" has no value")),
            (
                "a,",
                Mode::Typed,
                Err("key \"a\" has no value (cannot end with ,)"),
            ),
            ("l[-1]=x", Mode::Typed, Err("negative -1 index not allowed")),
            (
                "l[70000]=x",
                Mode::Typed,
                Err("index of 70000 is greater than maximum supported index of 65536"),
            ),
        ];
        for (line, mode, want) in cases {
            let got = parse(line, *mode);
            assert_eq!(got.as_deref().map_err(|e| e.as_str()), *want, "{line}");
        }
    }

    #[test]
    fn typed_values_are_int64() {
        let dest = Arc::new(Map::default());
        parse_into("a=1000000,b=-5,c=+5,d=1.5", &dest, Mode::Typed).unwrap();
        assert_eq!(dest.get("a"), Some(Value::Int64(1_000_000)));
        assert_eq!(dest.get("b"), Some(Value::Int64(-5)));
        assert_eq!(dest.get("c"), Some(Value::Int64(5)));
        assert_eq!(dest.get("d"), Some(Value::str("1.5")));
    }
}
