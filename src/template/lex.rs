//! The lexer: Go's `text/template/parse/lex.go` state machine, run to
//! completion into a token vector. Tokens borrow the source.
//!
//! Only the default delimiters `{{` `}}` are supported (Helm never changes
//! them); `break` and `continue` are always keywords (Go 1.18+).

/// The kind of a token (Go's `itemType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A lexing error; the token text is the message.
    Error,
    Bool,
    Char,
    CharConstant,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords (Go's `item > itemKeyword`).
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl Kind {
    fn is_keyword(self) -> bool {
        matches!(
            self,
            Kind::Block
                | Kind::Break
                | Kind::Continue
                | Kind::Dot
                | Kind::Define
                | Kind::Else
                | Kind::End
                | Kind::If
                | Kind::Nil
                | Kind::Range
                | Kind::Template
                | Kind::With
        )
    }
}

/// One token. `text` borrows the source except for error messages.
#[derive(Clone, Debug)]
pub(crate) struct Token<'a> {
    pub(crate) kind: Kind,
    /// Byte offset of the token start in the source.
    pub(crate) pos: usize,
    pub(crate) text: std::borrow::Cow<'a, str>,
}

impl std::fmt::Display for Token<'_> {
    /// Go's `item.String()`, used in parse error messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            Kind::Eof => f.write_str("EOF"),
            Kind::Error => f.write_str(&self.text),
            k if k.is_keyword() => write!(f, "<{}>", self.text),
            _ => {
                if self.text.chars().count() > 10 {
                    let short: String = self.text.chars().take(10).collect();
                    write!(f, "{}...", go_quote(&short))
                } else {
                    f.write_str(&go_quote(&self.text))
                }
            }
        }
    }
}

/// Go's `%q` of a string (strconv.Quote).
pub(crate) fn go_quote(s: &str) -> String {
    crate::value::printf::quote(s)
}

/// An approximation of Go's `unicode.IsPrint`: graphic characters and the
/// ASCII space, but no other spaces, controls or format characters.
pub(crate) fn is_go_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c as u32, 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x180e | 0x200b..=0x200f
        | 0x202a..=0x202e | 0x2060..=0x206f | 0xfeff | 0xfff9..=0xfffb | 0xe000..=0xf8ff
        | 0xd800..=0xdfff | 0xfffe | 0xffff)
}

const LEFT: &str = "{{";
const RIGHT: &str = "}}";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

fn has_left_trim(s: &[u8]) -> bool {
    s.len() >= 2 && s[0] == b'-' && is_space(s[1])
}

fn has_right_trim(s: &[u8]) -> bool {
    s.len() >= 2 && is_space(s[0]) && s[1] == b'-'
}

/// Lexes the whole input. The last token is `Eof` or `Error`.
pub(crate) fn lex(input: &str) -> Vec<Token<'_>> {
    let mut l = Lexer {
        input,
        bytes: input.as_bytes(),
        pos: 0,
        start: 0,
        paren_depth: 0,
        // One allocation instead of a chain of doublings: an action lexes
        // to about a dozen tokens, and text between actions to one.
        tokens: Vec::with_capacity(
            memchr::memmem::find_iter(input.as_bytes(), b"{{").count() * 14 + 2,
        ),
    };
    l.run();
    l.tokens
}

struct Lexer<'a> {
    input: &'a str,
    bytes: &'a [u8],
    pos: usize,
    start: usize,
    paren_depth: i32,
    tokens: Vec<Token<'a>>,
}

#[derive(Clone, Copy)]
enum State {
    Text,
    LeftDelim,
    Comment,
    InsideAction,
    RightDelim,
    Done,
}

impl<'a> Lexer<'a> {
    fn run(&mut self) {
        let mut state = State::Text;
        loop {
            state = match state {
                State::Text => self.lex_text(),
                State::LeftDelim => self.lex_left_delim(),
                State::Comment => self.lex_comment(),
                State::InsideAction => self.lex_inside_action(),
                State::RightDelim => self.lex_right_delim(),
                State::Done => return,
            };
        }
    }

    fn emit(&mut self, kind: Kind) {
        self.tokens.push(Token {
            kind,
            pos: self.start,
            text: std::borrow::Cow::Borrowed(&self.input[self.start..self.pos]),
        });
        self.start = self.pos;
    }

    fn error(&mut self, msg: String) -> State {
        self.tokens.push(Token {
            kind: Kind::Error,
            pos: self.start,
            text: std::borrow::Cow::Owned(msg),
        });
        State::Done
    }

    fn peek_char(&self) -> Option<char> {
        self.input[self.pos..].chars().next()
    }

    fn next_char(&mut self) -> Option<char> {
        let c = self.peek_char()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn rest(&self) -> &'a [u8] {
        &self.bytes[self.pos..]
    }

    fn accept(&mut self, valid: &str) -> bool {
        if let Some(&b) = self.bytes.get(self.pos)
            && valid.as_bytes().contains(&b)
        {
            self.pos += 1;
            return true;
        }
        false
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    fn lex_text(&mut self) -> State {
        if let Some(x) = memchr::memmem::find(&self.bytes[self.pos..], LEFT.as_bytes()) {
            if x > 0 {
                self.pos += x;
                let delim_end = self.pos + LEFT.len();
                let mut trim = 0;
                if has_left_trim(&self.bytes[delim_end..]) {
                    let text = &self.input[self.start..self.pos];
                    trim = text.len() - text.trim_end_matches([' ', '\t', '\r', '\n']).len();
                }
                self.pos -= trim;
                if self.pos > self.start {
                    self.emit(Kind::Text);
                }
                self.pos += trim;
                self.start = self.pos;
            }
            return State::LeftDelim;
        }
        self.pos = self.input.len();
        if self.pos > self.start {
            self.emit(Kind::Text);
        }
        self.emit(Kind::Eof);
        State::Done
    }

    fn lex_left_delim(&mut self) -> State {
        self.pos += LEFT.len();
        let trim = has_left_trim(self.rest());
        let after = if trim { 2 } else { 0 };
        if self.bytes[self.pos + after..].starts_with(LEFT_COMMENT.as_bytes()) {
            self.pos += after;
            self.start = self.pos;
            return State::Comment;
        }
        self.emit(Kind::LeftDelim);
        self.pos += after;
        self.start = self.pos;
        self.paren_depth = 0;
        State::InsideAction
    }

    fn lex_comment(&mut self) -> State {
        self.pos += LEFT_COMMENT.len();
        let Some(i) = self.input[self.pos..].find(RIGHT_COMMENT) else {
            return self.error("unclosed comment".into());
        };
        self.pos += i + RIGHT_COMMENT.len();
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return self.error("comment ends before closing delimiter".into());
        }
        // Comments are not emitted (Helm does not ask for ParseComments).
        if trim {
            self.pos += 2;
        }
        self.pos += RIGHT.len();
        if trim {
            self.skip_left_trim();
        }
        self.start = self.pos;
        State::Text
    }

    fn skip_left_trim(&mut self) {
        let rest = &self.input[self.pos..];
        self.pos += rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
    }

    fn at_right_delim(&self) -> (bool, bool) {
        let rest = self.rest();
        if has_right_trim(rest) && rest[2..].starts_with(RIGHT.as_bytes()) {
            return (true, true);
        }
        (rest.starts_with(RIGHT.as_bytes()), false)
    }

    fn lex_right_delim(&mut self) -> State {
        let (_, trim) = self.at_right_delim();
        if trim {
            self.pos += 2;
            self.start = self.pos;
        }
        self.pos += RIGHT.len();
        self.emit(Kind::RightDelim);
        if trim {
            self.skip_left_trim();
            self.start = self.pos;
        }
        State::Text
    }

    fn at_terminator(&self) -> bool {
        match self.rest().first() {
            None => true,
            Some(&b) if is_space(b) => true,
            Some(b'.' | b',' | b'|' | b':' | b')' | b'(') => true,
            _ => self.rest().starts_with(RIGHT.as_bytes()),
        }
    }

    fn lex_inside_action(&mut self) -> State {
        loop {
            let (delim, _) = self.at_right_delim();
            if delim {
                if self.paren_depth == 0 {
                    return State::RightDelim;
                }
                return self.error("unclosed left paren".into());
            }
            let Some(r) = self.next_char() else {
                return self.error("unclosed action".into());
            };
            match r {
                ' ' | '\t' | '\r' | '\n' => {
                    self.pos -= 1;
                    self.lex_space();
                }
                '=' => self.emit(Kind::Assign),
                ':' => {
                    if self.next_char() != Some('=') {
                        return self.error("expected :=".into());
                    }
                    self.emit(Kind::Declare);
                }
                '|' => self.emit(Kind::Pipe),
                '"' => {
                    if let Some(s) = self.lex_quote() {
                        return s;
                    }
                }
                '`' => {
                    if let Some(s) = self.lex_raw_quote() {
                        return s;
                    }
                }
                '$' => {
                    if let Some(s) = self.lex_field_or_variable(Kind::Variable) {
                        return s;
                    }
                }
                '\'' => {
                    if let Some(s) = self.lex_char() {
                        return s;
                    }
                }
                '.' if !matches!(self.rest().first(), Some(b'0'..=b'9')) => {
                    if let Some(s) = self.lex_field_or_variable(Kind::Field) {
                        return s;
                    }
                }
                '.' | '+' | '-' | '0'..='9' => {
                    self.pos -= 1;
                    if let Some(s) = self.lex_number() {
                        return s;
                    }
                }
                c if is_alnum(c) => {
                    self.pos -= c.len_utf8();
                    if let Some(s) = self.lex_identifier() {
                        return s;
                    }
                }
                '(' => {
                    self.paren_depth += 1;
                    self.emit(Kind::LeftParen);
                }
                ')' => {
                    self.paren_depth -= 1;
                    if self.paren_depth < 0 {
                        return self.error("unexpected right paren".into());
                    }
                    self.emit(Kind::RightParen);
                }
                c if c.is_ascii() && !c.is_ascii_control() => self.emit(Kind::Char),
                c => {
                    return self.error(format!(
                        "unrecognized character in action: {}",
                        go_unicode_u(c)
                    ));
                }
            }
        }
    }

    fn lex_space(&mut self) {
        let mut n = 0;
        while let Some(&b) = self.bytes.get(self.pos) {
            if !is_space(b) {
                break;
            }
            self.pos += 1;
            n += 1;
        }
        // A trim-marked closing delimiter starts with a space: leave it.
        let back = &self.bytes[self.pos - 1..];
        if has_right_trim(back) && back[2..].starts_with(RIGHT.as_bytes()) {
            self.pos -= 1;
            if n == 1 {
                return;
            }
        }
        self.emit(Kind::Space);
    }

    fn lex_identifier(&mut self) -> Option<State> {
        while let Some(c) = self.peek_char() {
            if !is_alnum(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        if !self.at_terminator() {
            let c = self.peek_char().unwrap_or('\0');
            return Some(self.error(format!("bad character {}", go_unicode_u(c))));
        }
        let word = &self.input[self.start..self.pos];
        let kind = match word {
            "block" => Kind::Block,
            "break" => Kind::Break,
            "continue" => Kind::Continue,
            "define" => Kind::Define,
            "else" => Kind::Else,
            "end" => Kind::End,
            "if" => Kind::If,
            "range" => Kind::Range,
            "nil" => Kind::Nil,
            "template" => Kind::Template,
            "with" => Kind::With,
            "true" | "false" => Kind::Bool,
            _ => Kind::Identifier,
        };
        self.emit(kind);
        None
    }

    fn lex_field_or_variable(&mut self, kind: Kind) -> Option<State> {
        if self.at_terminator() {
            self.emit(if kind == Kind::Variable {
                Kind::Variable
            } else {
                Kind::Dot
            });
            return None;
        }
        while let Some(c) = self.peek_char() {
            if !is_alnum(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        if !self.at_terminator() {
            let c = self.peek_char().unwrap_or('\0');
            return Some(self.error(format!("bad character {}", go_unicode_u(c))));
        }
        self.emit(kind);
        None
    }

    fn lex_char(&mut self) -> Option<State> {
        self.lex_escaped('\'', Kind::CharConstant, "unterminated character constant")
    }

    fn lex_quote(&mut self) -> Option<State> {
        self.lex_escaped('"', Kind::String, "unterminated quoted string")
    }

    /// A `'…'` or `"…"` literal: backslash escapes, no newline, ends at `close`.
    fn lex_escaped(&mut self, close: char, kind: Kind, unterminated: &str) -> Option<State> {
        loop {
            match self.next_char() {
                Some('\\') => {
                    if matches!(self.next_char(), None | Some('\n')) {
                        return Some(self.error(unterminated.into()));
                    }
                }
                None | Some('\n') => return Some(self.error(unterminated.into())),
                Some(c) if c == close => break,
                _ => {}
            }
        }
        self.emit(kind);
        None
    }

    fn lex_raw_quote(&mut self) -> Option<State> {
        loop {
            match self.next_char() {
                None => return Some(self.error("unterminated raw quoted string".into())),
                Some('`') => break,
                _ => {}
            }
        }
        self.emit(Kind::RawString);
        None
    }

    fn lex_number(&mut self) -> Option<State> {
        if !self.scan_number() {
            let bad = go_quote(&self.input[self.start..self.pos]);
            return Some(self.error(format!("bad number syntax: {bad}")));
        }
        if matches!(self.rest().first(), Some(b'+' | b'-')) {
            if !self.scan_number() || self.bytes[self.pos - 1] != b'i' {
                let bad = go_quote(&self.input[self.start..self.pos]);
                return Some(self.error(format!("bad number syntax: {bad}")));
            }
            self.emit(Kind::Complex);
            return None;
        }
        self.emit(Kind::Number);
        None
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if let Some(c) = self.peek_char()
            && is_alnum(c)
        {
            self.pos += c.len_utf8();
            return false;
        }
        true
    }
}

/// Go's `%#U`: `U+0023 '#'`.
fn go_unicode_u(c: char) -> String {
    if is_go_print(c) {
        format!("U+{:04X} '{}'", c as u32, c)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<(Kind, String)> {
        lex(input)
            .into_iter()
            .map(|t| (t.kind, t.text.into_owned()))
            .collect()
    }

    #[test]
    fn trim_markers_and_numbers() {
        use Kind::*;
        let rows: &[(&str, &[(Kind, &str)])] = &[
            (
                "a {{- 3 -}} b",
                &[
                    (Text, "a"),
                    (LeftDelim, "{{"),
                    (Number, "3"),
                    (RightDelim, "}}"),
                    (Text, "b"),
                    (Eof, ""),
                ],
            ),
            (
                "{{-3}}",
                &[
                    (LeftDelim, "{{"),
                    (Number, "-3"),
                    (RightDelim, "}}"),
                    (Eof, ""),
                ],
            ),
            (
                "x {{- /* c */ -}} y",
                &[(Text, "x"), (Text, "y"), (Eof, "")],
            ),
            (
                "{{.a.b $x}}",
                &[
                    (LeftDelim, "{{"),
                    (Field, ".a"),
                    (Field, ".b"),
                    (Space, " "),
                    (Variable, "$x"),
                    (RightDelim, "}}"),
                    (Eof, ""),
                ],
            ),
            (
                "{{0x1F 'a' 1e3}}",
                &[
                    (LeftDelim, "{{"),
                    (Number, "0x1F"),
                    (Space, " "),
                    (CharConstant, "'a'"),
                    (Space, " "),
                    (Number, "1e3"),
                    (RightDelim, "}}"),
                    (Eof, ""),
                ],
            ),
            (
                "{{\"x",
                &[(LeftDelim, "{{"), (Error, "unterminated quoted string")],
            ),
            (
                "{{3k}}",
                &[(LeftDelim, "{{"), (Error, "bad number syntax: \"3k\"")],
            ),
            (
                "{{ ( }}",
                &[
                    (LeftDelim, "{{"),
                    (Space, " "),
                    (LeftParen, "("),
                    (Space, " "),
                    (Error, "unclosed left paren"),
                ],
            ),
        ];
        for (input, want) in rows {
            let got = kinds(input);
            let want: Vec<(Kind, std::string::String)> =
                want.iter().map(|(k, s)| (*k, s.to_string())).collect();
            assert_eq!(got, want, "{input}");
        }
    }
}
