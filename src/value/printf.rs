//! Go's `fmt.Sprintf`, `fmt.Sprint` and `fmt.Sprintln` over [`Value`]s, as
//! the template builtins `printf`, `print` and `println` and Sprig's
//! `printf`-based helpers use them, plus the `strconv` pieces they rest on
//! (`FormatFloat`, `Quote`, `QuoteRune`), and `log/slog`'s quoting of text
//! attributes, which Helm 4's log lines show.
//!
//! The structure follows Go's `src/fmt/print.go` (`doPrintf`, `printArg`,
//! `printValue`, `badVerb`) and `src/fmt/format.go` (`fmtInteger`,
//! `fmtFloat`, `pad`) so the two can be read side by side. Every error form
//! (`%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA int=1)`, `%!(NOVERB)`,
//! `%!v(BADINDEX)`, `%!(BADWIDTH)`, `%!(BADPREC)`) is Go's.

use super::Value;

/// Go's `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut p = Printer::default();
    p.do_printf(format, args);
    p.out
}

/// Go's `fmt.Sprint(args...)`: spaces between operands when neither side is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut p = Printer::default();
    let mut prev_string = false;
    for (i, arg) in args.iter().enumerate() {
        let is_string = matches!(arg, Value::String(_));
        if i > 0 && !is_string && !prev_string {
            p.out.push(' ');
        }
        p.f = Flags::default();
        p.print_arg(arg, 'v');
        prev_string = is_string;
    }
    p.out
}

/// Go's `fmt.Sprintln(args...)`: spaces between all operands, then a newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut p = Printer::default();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            p.out.push(' ');
        }
        p.f = Flags::default();
        p.print_arg(arg, 'v');
    }
    p.out.push('\n');
    p.out
}

/// Go's `strconv.Quote`: a double-quoted Go string literal, keeping
/// printable runes and escaping the rest (`\n`, `\x00`, `\u200b`).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    append_quoted(&mut out, &super::gostr::go_bytes(s), '"', false);
    out
}

/// A string attribute as Go's `log/slog` text handler writes it: as is, or
/// `strconv.Quote`d when it is empty or holds a space, `=`, `"`, an ASCII
/// control character (DEL excepted) or a non-printable or space rune
/// (`needsQuoting` in `log/slog/text_handler.go`).
pub fn slog_text_value(s: &str) -> String {
    let needs_quoting = s.is_empty()
        || s.chars().any(|c| {
            if c.is_ascii() {
                matches!(c, ' ' | '=' | '"') || (c.is_ascii_control() && c != '\x7f')
            } else {
                c.is_whitespace() || !is_print(c)
            }
        });
    if needs_quoting {
        quote(s)
    } else {
        s.to_string()
    }
}

/// Go's `strconv.QuoteToASCII`: like [`quote`] but escapes every non-ASCII rune.
pub fn quote_to_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    append_quoted(&mut out, &super::gostr::go_bytes(s), '"', true);
    out
}

/// Go's `strconv.FormatFloat(v, fmt, prec, 64)` for the formats `b`, `e`,
/// `E`, `f`, `g`, `G`, `x` and `X`; `prec < 0` asks for the shortest digits
/// that read back as `v`.
pub fn format_float(v: f64, fmt: char, prec: i32) -> String {
    let mut out = String::new();
    append_float(&mut out, v, fmt, prec);
    out
}

/// Largest width or precision Go accepts (`tooLarge` in print.go).
const MAX_NUM: usize = 1_000_000;

/// Go's `fmtFlags` plus width and precision.
#[derive(Clone, Copy, Default)]
struct Flags {
    wid: usize,
    prec: usize,
    wid_present: bool,
    prec_present: bool,
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    // %+v and %#v are flagless formats of their own (print.go).
    plus_v: bool,
    sharp_v: bool,
}

/// Go's `pp`: the output buffer and the current verb's flags.
#[derive(Default)]
struct Printer {
    out: String,
    f: Flags,
    reordered: bool,
    good_arg_num: bool,
    erroring: bool,
}

/// `parsenum` from print.go: the number at `s[start..]`, whether there was
/// one, and where it ends. A number past a million is refused and, as in
/// Go, the rest of the format is consumed (the verb then reads `NOVERB`).
fn parse_num(s: &[u8], start: usize) -> (usize, bool, usize) {
    let mut num = 0usize;
    let mut is_num = false;
    let mut i = start;
    while i < s.len() && s[i].is_ascii_digit() {
        if num > MAX_NUM {
            return (0, false, s.len());
        }
        num = num * 10 + usize::from(s[i] - b'0');
        is_num = true;
        i += 1;
    }
    (num, is_num, i)
}

/// `intFromArg` from print.go: a `*` width or precision taken from an
/// integer operand.
fn int_from_arg(args: &[Value], arg_num: usize) -> (i64, bool, usize) {
    match args.get(arg_num) {
        Some(Value::Int(n) | Value::Int64(n)) => {
            if n.unsigned_abs() > MAX_NUM as u64 {
                (0, false, arg_num + 1)
            } else {
                (*n, true, arg_num + 1)
            }
        }
        Some(_) => (0, false, arg_num + 1),
        None => (0, false, arg_num),
    }
}

/// `parseArgNumber`: the zero-based index inside `[n]`, the bytes consumed
/// and whether it parsed.
fn parse_arg_number(s: &[u8]) -> (i64, usize, bool) {
    if s.len() < 3 {
        return (0, 1, false);
    }
    for i in 1..s.len() {
        if s[i] == b']' {
            let (width, ok, newi) = parse_num(&s[..i], 1);
            if !ok || newi != i {
                return (0, i + 1, false);
            }
            return (width as i64 - 1, i + 1, true);
        }
    }
    (0, 1, false)
}

impl Printer {
    /// `argNumber` from print.go.
    fn arg_number(
        &mut self,
        arg_num: usize,
        format: &[u8],
        i: usize,
        num_args: usize,
    ) -> (usize, usize, bool) {
        if format.len() <= i || format[i] != b'[' {
            return (arg_num, i, false);
        }
        self.reordered = true;
        let (index, wid, ok) = parse_arg_number(&format[i..]);
        if ok && 0 <= index && (index as usize) < num_args {
            return (index as usize, i + wid, true);
        }
        self.good_arg_num = false;
        (arg_num, i + wid, ok)
    }

    /// `doPrintf` from print.go.
    fn do_printf(&mut self, format: &str, args: &[Value]) {
        let fb = format.as_bytes();
        let end = fb.len();
        let mut arg_num = 0usize;
        let mut after_index;
        self.reordered = false;
        let mut i = 0usize;
        'format_loop: while i < end {
            self.good_arg_num = true;
            let last = i;
            while i < end && fb[i] != b'%' {
                i += 1;
            }
            if i > last {
                self.out.push_str(&format[last..i]);
            }
            if i >= end {
                break;
            }
            i += 1; // skip '%'
            self.f = Flags::default();
            while i < end {
                let c = fb[i];
                match c {
                    b'#' => self.f.sharp = true,
                    b'0' => self.f.zero = true,
                    b'+' => self.f.plus = true,
                    b'-' => self.f.minus = true,
                    b' ' => self.f.space = true,
                    _ => {
                        // Fast path for a lower-case verb right after the flags.
                        if c.is_ascii_lowercase() && arg_num < args.len() {
                            if c == b'v' {
                                self.f.sharp_v = self.f.sharp;
                                self.f.sharp = false;
                                self.f.plus_v = self.f.plus;
                                self.f.plus = false;
                            }
                            self.print_arg(&args[arg_num], char::from(c));
                            arg_num += 1;
                            i += 1;
                            continue 'format_loop;
                        }
                        break;
                    }
                }
                i += 1;
            }

            (arg_num, i, after_index) = self.arg_number(arg_num, fb, i, args.len());

            // Width.
            if i < end && fb[i] == b'*' {
                i += 1;
                let (w, ok, n) = int_from_arg(args, arg_num);
                arg_num = n;
                self.f.wid_present = ok;
                if !ok {
                    self.out.push_str("%!(BADWIDTH)");
                }
                if w < 0 {
                    self.f.minus = true;
                    self.f.zero = false;
                }
                self.f.wid = w.unsigned_abs() as usize;
                after_index = false;
            } else {
                let (w, ok, n) = parse_num(fb, i);
                self.f.wid = w;
                self.f.wid_present = ok;
                i = n;
                if after_index && ok {
                    self.good_arg_num = false;
                }
            }

            // Precision.
            if i + 1 < end && fb[i] == b'.' {
                i += 1;
                if after_index {
                    self.good_arg_num = false;
                }
                (arg_num, i, after_index) = self.arg_number(arg_num, fb, i, args.len());
                if i < end && fb[i] == b'*' {
                    i += 1;
                    let (p, ok, n) = int_from_arg(args, arg_num);
                    arg_num = n;
                    self.f.prec_present = ok && p >= 0;
                    self.f.prec = if p < 0 { 0 } else { p as usize };
                    if !self.f.prec_present {
                        self.out.push_str("%!(BADPREC)");
                    }
                    after_index = false;
                } else {
                    let (p, ok, n) = parse_num(fb, i);
                    i = n;
                    self.f.prec = if ok { p } else { 0 };
                    self.f.prec_present = true;
                }
            }

            if !after_index {
                (arg_num, i, _) = self.arg_number(arg_num, fb, i, args.len());
            }

            if i >= end {
                self.out.push_str("%!(NOVERB)");
                break;
            }

            let verb = format[i..].chars().next().unwrap_or('\u{fffd}');
            i += verb.len_utf8();

            if verb == '%' {
                // Percent does not absorb operands and ignores width and precision.
                self.out.push('%');
            } else if !self.good_arg_num {
                self.out.push_str("%!");
                self.out.push(verb);
                self.out.push_str("(BADINDEX)");
            } else if arg_num >= args.len() {
                self.out.push_str("%!");
                self.out.push(verb);
                self.out.push_str("(MISSING)");
            } else {
                if verb == 'v' {
                    self.f.sharp_v = self.f.sharp;
                    self.f.sharp = false;
                    self.f.plus_v = self.f.plus;
                    self.f.plus = false;
                }
                self.print_arg(&args[arg_num], verb);
                arg_num += 1;
            }
        }

        // Extra operands are reported unless the format used explicit indexes.
        if !self.reordered && arg_num < args.len() {
            self.f = Flags::default();
            self.out.push_str("%!(EXTRA ");
            for (k, arg) in args[arg_num..].iter().enumerate() {
                if k > 0 {
                    self.out.push_str(", ");
                }
                if arg.is_nil() {
                    self.out.push_str("<nil>");
                } else {
                    self.out.push_str(&arg.type_name());
                    self.out.push('=');
                    self.print_arg(arg, 'v');
                }
            }
            self.out.push(')');
        }
    }

    /// `printArg` from print.go: one operand at the top level.
    fn print_arg(&mut self, arg: &Value, verb: char) {
        if arg.is_nil() {
            match verb {
                'T' | 'v' => self.pad_string("<nil>"),
                _ => self.bad_verb(verb, None),
            }
            return;
        }
        match verb {
            'T' => {
                let name = arg.type_name();
                self.fmt_s(&name);
                return;
            }
            'p' => {
                self.fmt_pointer(arg, verb);
                return;
            }
            _ => {}
        }
        match arg {
            Value::Bytes(b) => self.fmt_bytes(b, verb, "[]byte"),
            _ => self.print_value(arg, verb, 0),
        }
    }

    /// `printValue` from print.go: a value reached through reflection
    /// (`depth > 0` inside slices and maps).
    fn print_value(&mut self, value: &Value, verb: char, depth: usize) {
        // Go's stacks grow; ours do not. Values nested this deep only come
        // from decoding hostile input, so they print a marker instead.
        if depth > super::json::MAX_ENCODE_DEPTH {
            self.out.push_str("%!");
            self.out.push(verb);
            self.out.push_str("(DEPTH)");
            return;
        }
        match value {
            Value::Nil => {
                // A nil interface element of a slice or map.
                if self.f.sharp_v {
                    self.out.push_str("interface {}(nil)");
                } else {
                    self.out.push_str("<nil>");
                }
            }
            Value::Bool(b) => self.fmt_bool(*b, verb, value),
            Value::Int(i) | Value::Int64(i) => self.fmt_integer(*i as u64, true, verb, value),
            Value::Float(x) => self.fmt_float_verb(*x, verb, value),
            Value::String(s) => self.fmt_string(s, verb, value),
            Value::Bytes(b) => {
                if depth == 0 || matches!(verb, 's' | 'q' | 'x' | 'X') {
                    self.fmt_bytes(b, verb, "[]uint8");
                } else {
                    self.print_byte_slice(b, verb, "[]uint8");
                }
            }
            Value::List(list) => {
                if self.f.sharp_v {
                    self.out.push_str(&value.type_name());
                    self.out.push('{');
                    for (k, item) in list.items.iter().enumerate() {
                        if k > 0 {
                            self.out.push_str(", ");
                        }
                        self.print_value(item, verb, depth + 1);
                    }
                    self.out.push('}');
                } else {
                    self.out.push('[');
                    for (k, item) in list.items.iter().enumerate() {
                        if k > 0 {
                            self.out.push(' ');
                        }
                        self.print_value(item, verb, depth + 1);
                    }
                    self.out.push(']');
                }
            }
            Value::Map(map) => {
                if self.f.sharp_v {
                    self.out.push_str(&value.type_name());
                    self.out.push('{');
                } else {
                    self.out.push_str("map[");
                }
                for (k, (key, item)) in map.entries().iter().enumerate() {
                    if k > 0 {
                        if self.f.sharp_v {
                            self.out.push_str(", ");
                        } else {
                            self.out.push(' ');
                        }
                    }
                    self.fmt_string(key, verb, &Value::str(key.as_str()));
                    self.out.push(':');
                    self.print_value(item, verb, depth + 1);
                }
                self.out.push(if self.f.sharp_v { '}' } else { ']' });
            }
            Value::Object(object) => {
                // Host objects print through their String method (handleMethods),
                // which Go skips while it is already reporting a bad verb.
                let mut text = String::new();
                object.fmt_v(&mut text);
                if self.f.sharp_v || self.erroring {
                    self.out.push_str(&text);
                } else if matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') {
                    self.fmt_string(&text, verb, value);
                } else {
                    self.bad_verb(verb, Some(value));
                }
            }
        }
    }

    /// A `[]uint8` printed element by element (`[1 2]`, `[]uint8{0x1, 0x2}`).
    fn print_byte_slice(&mut self, bytes: &[u8], verb: char, type_name: &str) {
        if self.f.sharp_v {
            self.out.push_str(type_name);
            self.out.push('{');
            for (k, b) in bytes.iter().enumerate() {
                if k > 0 {
                    self.out.push_str(", ");
                }
                self.fmt_0x64(u64::from(*b));
            }
            self.out.push('}');
        } else {
            self.out.push('[');
            for (k, b) in bytes.iter().enumerate() {
                if k > 0 {
                    self.out.push(' ');
                }
                self.fmt_uint8(*b, verb);
            }
            self.out.push(']');
        }
    }

    /// A byte element: `fmtInteger` with Go type `uint8` for bad verbs.
    fn fmt_uint8(&mut self, b: u8, verb: char) {
        match verb {
            'v' | 'd' | 'b' | 'o' | 'O' | 'x' | 'X' | 'c' | 'q' | 'U' => {
                self.fmt_integer(u64::from(b), false, verb, &Value::Nil);
            }
            _ => {
                self.erroring = true;
                self.out.push_str("%!");
                self.out.push(verb);
                self.out.push_str("(uint8=");
                self.fmt_integer(u64::from(b), false, 'v', &Value::Nil);
                self.out.push(')');
                self.erroring = false;
            }
        }
    }

    /// `badVerb` from print.go: `%!d(string=x)` or `%!d(<nil>)`.
    fn bad_verb(&mut self, verb: char, value: Option<&Value>) {
        self.erroring = true;
        self.out.push_str("%!");
        self.out.push(verb);
        self.out.push('(');
        match value {
            Some(v) if !v.is_nil() => {
                self.out.push_str(&v.type_name());
                self.out.push('=');
                self.print_arg(v, 'v');
            }
            _ => self.out.push_str("<nil>"),
        }
        self.out.push(')');
        self.erroring = false;
    }

    /// `fmtPointer`: Go prints a heap address, which no template can rely
    /// on; maps, slices and objects print a fixed fake address.
    fn fmt_pointer(&mut self, value: &Value, verb: char) {
        match value {
            Value::Map(_) | Value::List(_) | Value::Bytes(_) | Value::Object(_) => {
                let saved = self.f;
                self.f.sharp = !self.f.sharp;
                self.fmt_integer_base(0xc000_010000, 16, false, 'v', false);
                self.f = saved;
            }
            _ => self.bad_verb(verb, Some(value)),
        }
    }

    fn fmt_bool(&mut self, b: bool, verb: char, value: &Value) {
        match verb {
            't' | 'v' => self.pad_string(if b { "true" } else { "false" }),
            _ => self.bad_verb(verb, Some(value)),
        }
    }

    /// `fmt0x64`: hexadecimal with a forced `0x`.
    fn fmt_0x64(&mut self, v: u64) {
        let sharp = self.f.sharp;
        self.f.sharp = true;
        self.fmt_integer_base(v, 16, false, 'v', false);
        self.f.sharp = sharp;
    }

    /// `(*pp).fmtInteger`: the verbs an integer accepts.
    fn fmt_integer(&mut self, v: u64, signed: bool, verb: char, value: &Value) {
        match verb {
            'v' => {
                if self.f.sharp_v && !signed {
                    self.fmt_0x64(v);
                } else {
                    self.fmt_integer_base(v, 10, signed, verb, false);
                }
            }
            'd' => self.fmt_integer_base(v, 10, signed, verb, false),
            'b' => self.fmt_integer_base(v, 2, signed, verb, false),
            'o' | 'O' => self.fmt_integer_base(v, 8, signed, verb, false),
            'x' => self.fmt_integer_base(v, 16, signed, verb, false),
            'X' => self.fmt_integer_base(v, 16, signed, verb, true),
            'c' => {
                let c = rune_of(v, signed);
                let mut buf = [0u8; 4];
                let s = c.encode_utf8(&mut buf).to_string();
                self.pad(&s);
            }
            'q' => {
                let c = rune_of(v, signed);
                let mut s = String::new();
                append_quoted_rune(&mut s, c, self.f.plus);
                self.pad(&s);
            }
            'U' => self.fmt_unicode(v),
            _ => self.bad_verb(verb, Some(value)),
        }
    }

    /// `(*fmt).fmtInteger` from format.go.
    fn fmt_integer_base(&mut self, u: u64, base: u64, signed: bool, verb: char, upper: bool) {
        let digits: &[u8; 17] = if upper {
            b"0123456789ABCDEFX"
        } else {
            b"0123456789abcdefx"
        };
        let negative = signed && (u as i64) < 0;
        let mut u = if negative {
            (u as i64).unsigned_abs()
        } else {
            u
        };

        let mut prec = 0usize;
        if self.f.prec_present {
            prec = self.f.prec;
            // Precision 0 and value 0 print nothing but the padding.
            if prec == 0 && u == 0 {
                let zero = self.f.zero;
                self.f.zero = false;
                self.write_padding(self.f.wid);
                self.f.zero = zero;
                return;
            }
        } else if self.f.zero && !self.f.minus && self.f.wid_present {
            prec = self.f.wid;
            if negative || self.f.plus || self.f.space {
                prec = prec.saturating_sub(1); // leave room for the sign
            }
        }

        // Digits right to left, then reversed.
        let mut buf: Vec<u8> = Vec::with_capacity(prec.max(24));
        loop {
            buf.push(digits[(u % base) as usize]);
            u /= base;
            if u == 0 {
                break;
            }
        }
        while buf.len() < prec {
            buf.push(b'0');
        }
        if self.f.sharp {
            match base {
                2 => buf.extend_from_slice(b"b0"),
                8 if buf.last() != Some(&b'0') => buf.push(b'0'),
                16 => {
                    buf.push(digits[16]);
                    buf.push(b'0');
                }
                _ => {}
            }
        }
        if verb == 'O' {
            buf.extend_from_slice(b"o0");
        }
        if negative {
            buf.push(b'-');
        } else if self.f.plus {
            buf.push(b'+');
        } else if self.f.space {
            buf.push(b' ');
        }
        buf.reverse();
        let s = String::from_utf8_lossy(&buf).into_owned();
        // Zero padding was done above as precision (or is refused by it).
        let zero = self.f.zero;
        self.f.zero = false;
        self.pad(&s);
        self.f.zero = zero;
    }

    /// `fmtUnicode`: `U+0078`, or `U+0078 'x'` with `#`.
    fn fmt_unicode(&mut self, u: u64) {
        let prec = if self.f.prec_present && self.f.prec > 4 {
            self.f.prec
        } else {
            4
        };
        let mut s = format!("U+{u:0prec$X}");
        if self.f.sharp
            && let Some(c) = u32::try_from(u).ok().and_then(char::from_u32)
            && is_print(c)
        {
            s.push_str(" '");
            s.push(c);
            s.push('\'');
        }
        let zero = self.f.zero;
        self.f.zero = false;
        self.pad(&s);
        self.f.zero = zero;
    }

    /// `(*pp).fmtFloat`: the verbs a float64 accepts.
    fn fmt_float_verb(&mut self, v: f64, verb: char, value: &Value) {
        match verb {
            'v' => self.fmt_float(v, 'g', -1),
            'b' | 'g' | 'G' | 'x' | 'X' => self.fmt_float(v, verb, -1),
            'f' | 'e' | 'E' => self.fmt_float(v, verb, 6),
            'F' => self.fmt_float(v, 'f', 6),
            _ => self.bad_verb(verb, Some(value)),
        }
    }

    /// `(*fmt).fmtFloat` from format.go.
    fn fmt_float(&mut self, v: f64, verb: char, prec: i32) {
        let prec = if self.f.prec_present {
            i32::try_from(self.f.prec).unwrap_or(i32::MAX)
        } else {
            prec
        };
        let formatted = format_float(v, verb, prec);
        // num[0] is the sign, as in Go's buffer.
        let mut num: Vec<u8> = Vec::with_capacity(formatted.len() + 8);
        if formatted.starts_with('-') || formatted.starts_with('+') {
            num.extend_from_slice(formatted.as_bytes());
        } else {
            num.push(b'+');
            num.extend_from_slice(formatted.as_bytes());
        }
        if self.f.space && num[0] == b'+' && !self.f.plus {
            num[0] = b' ';
        }
        // Infinities and NaN are not padded with zeros.
        if num.get(1) == Some(&b'I') || num.get(1) == Some(&b'N') {
            let zero = self.f.zero;
            self.f.zero = false;
            let start = usize::from(num[1] == b'N' && !self.f.space && !self.f.plus);
            let s = String::from_utf8_lossy(&num[start..]).into_owned();
            self.pad(&s);
            self.f.zero = zero;
            return;
        }
        // '#' forces a decimal point and keeps trailing zeros for %g.
        if self.f.sharp && verb != 'b' {
            let mut digits: i64 = 0;
            if matches!(verb, 'v' | 'g' | 'G' | 'x') {
                digits = if prec == -1 { 6 } else { i64::from(prec) };
            }
            let mut tail: Vec<u8> = Vec::new();
            let mut has_point = false;
            let mut saw_nonzero = false;
            let mut k = 1;
            while k < num.len() {
                match num[k] {
                    b'.' => has_point = true,
                    b'p' | b'P' => {
                        tail.extend_from_slice(&num[k..]);
                        num.truncate(k);
                        break;
                    }
                    b'e' | b'E' if verb != 'x' && verb != 'X' => {
                        tail.extend_from_slice(&num[k..]);
                        num.truncate(k);
                        break;
                    }
                    c => {
                        if c != b'0' {
                            saw_nonzero = true;
                        }
                        if saw_nonzero {
                            digits -= 1;
                        }
                    }
                }
                k += 1;
            }
            if !has_point {
                if num.len() == 2 && num[1] == b'0' {
                    digits -= 1;
                }
                num.push(b'.');
            }
            while digits > 0 {
                num.push(b'0');
                digits -= 1;
            }
            num.extend_from_slice(&tail);
        }
        if self.f.plus || num[0] != b'+' {
            // Zero padding goes between the sign and the digits.
            if self.f.zero && !self.f.minus && self.f.wid_present && self.f.wid > num.len() {
                self.out.push(char::from(num[0]));
                self.write_padding(self.f.wid - num.len());
                self.out.push_str(&String::from_utf8_lossy(&num[1..]));
                return;
            }
            let s = String::from_utf8_lossy(&num).into_owned();
            self.pad(&s);
            return;
        }
        let s = String::from_utf8_lossy(&num[1..]).into_owned();
        self.pad(&s);
    }

    /// `(*pp).fmtString`: the verbs a string accepts.
    fn fmt_string(&mut self, s: &str, verb: char, value: &Value) {
        match verb {
            'v' => {
                if self.f.sharp_v {
                    self.fmt_q(s);
                } else {
                    self.fmt_s(s);
                }
            }
            's' => self.fmt_s(s),
            'x' => self.fmt_sbx(&super::gostr::go_bytes(s), false),
            'X' => self.fmt_sbx(&super::gostr::go_bytes(s), true),
            'q' => self.fmt_q(s),
            _ => self.bad_verb(verb, Some(value)),
        }
    }

    /// `(*pp).fmtBytes` for a top-level `[]byte`.
    fn fmt_bytes(&mut self, b: &[u8], verb: char, type_name: &str) {
        match verb {
            'v' | 'd' => self.print_byte_slice(b, verb, type_name),
            's' => self.fmt_s(&String::from_utf8_lossy(b)),
            'x' => self.fmt_sbx(b, false),
            'X' => self.fmt_sbx(b, true),
            'q' => match std::str::from_utf8(b) {
                Ok(text) => self.fmt_q(text),
                Err(_) => {
                    // Invalid bytes keep Go's `\xNN` escapes.
                    let mut q = String::new();
                    append_quoted(&mut q, b, '"', self.f.plus);
                    self.pad(&q);
                }
            },
            _ => self.print_byte_slice(b, verb, "[]uint8"),
        }
    }

    /// `fmtS`: a string truncated to the precision, then padded.
    fn fmt_s(&mut self, s: &str) {
        let s = self.truncate(s);
        self.pad_string(s);
    }

    fn truncate<'s>(&self, s: &'s str) -> &'s str {
        if self.f.prec_present {
            if let Some((i, _)) = s.char_indices().nth(self.f.prec) {
                return &s[..i];
            }
        }
        s
    }

    /// `fmtSbx`: hexadecimal bytes, with `0x` (`#`) and spaces (` `).
    fn fmt_sbx(&mut self, b: &[u8], upper: bool) {
        let digits: &[u8; 17] = if upper {
            b"0123456789ABCDEFX"
        } else {
            b"0123456789abcdefx"
        };
        let mut length = b.len();
        if self.f.prec_present && self.f.prec < length {
            length = self.f.prec;
        }
        let mut width = 2 * length;
        if width > 0 {
            if self.f.space {
                if self.f.sharp {
                    width *= 2;
                }
                width += length - 1;
            } else if self.f.sharp {
                width += 2;
            }
        } else {
            if self.f.wid_present {
                self.write_padding(self.f.wid);
            }
            return;
        }
        if self.f.wid_present && self.f.wid > width && !self.f.minus {
            self.write_padding(self.f.wid - width);
        }
        if self.f.sharp {
            self.out.push('0');
            self.out.push(char::from(digits[16]));
        }
        for (i, c) in b.iter().take(length).enumerate() {
            if self.f.space && i > 0 {
                self.out.push(' ');
                if self.f.sharp {
                    self.out.push('0');
                    self.out.push(char::from(digits[16]));
                }
            }
            self.out.push(char::from(digits[usize::from(c >> 4)]));
            self.out.push(char::from(digits[usize::from(c & 0xf)]));
        }
        if self.f.wid_present && self.f.wid > width && self.f.minus {
            self.write_padding(self.f.wid - width);
        }
    }

    /// `fmtQ`: a Go string literal, backquoted with `#` when possible.
    fn fmt_q(&mut self, s: &str) {
        let s = self.truncate(s);
        if self.f.sharp && can_backquote(s) {
            let q = format!("`{s}`");
            self.pad_string(&q);
            return;
        }
        let mut q = String::with_capacity(s.len() + 2);
        append_quoted(&mut q, &super::gostr::go_bytes(s), '"', self.f.plus);
        self.pad(&q);
    }

    fn write_padding(&mut self, n: usize) {
        // Zero padding is allowed only to the left.
        let pad = if self.f.zero && !self.f.minus {
            '0'
        } else {
            ' '
        };
        self.out.extend(std::iter::repeat_n(pad, n));
    }

    /// `pad`/`padString`: width counts runes.
    fn pad(&mut self, s: &str) {
        self.pad_string(s);
    }

    fn pad_string(&mut self, s: &str) {
        if !self.f.wid_present || self.f.wid == 0 {
            self.out.push_str(s);
            return;
        }
        let width = self.f.wid.saturating_sub(s.chars().count());
        if self.f.minus {
            self.out.push_str(s);
            self.write_padding(width);
        } else {
            self.write_padding(width);
            self.out.push_str(s);
        }
    }
}

/// The rune `%c`/`%q` print for an integer; out of range is U+FFFD.
fn rune_of(v: u64, signed: bool) -> char {
    if signed && (v as i64) < 0 {
        return '\u{fffd}';
    }
    u32::try_from(v)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or('\u{fffd}')
}

/// `strconv.CanBackquote`: no control characters other than tab, no
/// backquote, no U+FEFF, valid UTF-8.
fn can_backquote(s: &str) -> bool {
    s.chars()
        .all(|c| c != '`' && c != '\u{feff}' && (c == '\t' || !(c < ' ' || c == '\u{7f}')))
}

/// `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and
/// the ASCII space. (The category tables are Unicode 18; Go 1.23 and 1.25
/// use Unicode 15, so runes assigned since then print raw here but escaped
/// by Helm.)
pub(crate) fn is_print(c: char) -> bool {
    use unicode_properties::{GeneralCategoryGroup as G, UnicodeGeneralCategory};
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    matches!(
        c.general_category_group(),
        G::Letter | G::Mark | G::Number | G::Punctuation | G::Symbol
    )
}

/// `appendQuotedWith` from strconv/quote.go over raw bytes (invalid UTF-8
/// bytes become `\xNN`).
fn append_quoted(out: &mut String, s: &[u8], quote: char, ascii_only: bool) {
    out.push(quote);
    for chunk in s.utf8_chunks() {
        for c in chunk.valid().chars() {
            append_escaped_rune(out, c, quote, ascii_only);
        }
        // Go decodes an invalid sequence one byte at a time.
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out.push(quote);
}

/// `appendQuotedRuneWith`: a Go rune literal such as `'a'` or `'\n'`.
fn append_quoted_rune(out: &mut String, c: char, ascii_only: bool) {
    // Surrogates cannot be a Rust char; invalid runes arrive as U+FFFD.
    out.push('\'');
    append_escaped_rune(out, c, '\'', ascii_only);
    out.push('\'');
}

/// `appendEscapedRune` from strconv/quote.go.
fn append_escaped_rune(out: &mut String, c: char, quote: char, ascii_only: bool) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if ascii_only {
        if c.is_ascii() && is_print(c) {
            out.push(c);
            return;
        }
    } else if is_print(c) {
        out.push(c);
        return;
    }
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        _ => {
            let u = c as u32;
            if u < 0x20 || u == 0x7f {
                out.push_str(&format!("\\x{u:02x}"));
            } else if u < 0x10000 {
                out.push_str(&format!("\\u{u:04x}"));
            } else {
                out.push_str(&format!("\\U{u:08x}"));
            }
        }
    }
}

/// Decimal digits of a finite, non-negative float: `digits` without
/// trailing zeros (empty for zero) and the decimal point position `dp`,
/// so the value is `0.digits × 10^dp` (Go's `decimalSlice`).
struct Digits {
    d: Vec<u8>,
    dp: i32,
}

impl Digits {
    /// Parses Rust's `{:e}` output (`1.2345e6`) of a non-negative number.
    fn from_sci(sci: &str) -> Digits {
        let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let mut d: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
        while d.last() == Some(&b'0') {
            d.pop();
        }
        if d.is_empty() {
            return Digits { d, dp: 0 };
        }
        Digits { d, dp: exp + 1 }
    }

    /// The shortest digits that read back as `v`.
    fn shortest(v: f64) -> Digits {
        Digits::from_sci(&format!("{v:e}"))
    }

    /// `v` rounded (half to even on exact ties, as Go) to `n >= 1` significant digits.
    fn significant(v: f64, n: usize) -> Digits {
        Digits::from_sci(&format!("{:.*e}", n.saturating_sub(1), v))
    }
}

/// `strconv.AppendFloat(dst, v, fmt, prec, 64)`.
fn append_float(out: &mut String, v: f64, fmt: char, prec: i32) {
    if v.is_nan() {
        out.push_str("NaN");
        return;
    }
    if v.is_infinite() {
        out.push_str(if v > 0.0 { "+Inf" } else { "-Inf" });
        return;
    }
    let neg = v.is_sign_negative();
    let a = v.abs();
    match fmt {
        'b' => {
            let bits = v.to_bits();
            let exp = ((bits >> 52) & 0x7ff) as i32;
            let mut mant = bits & ((1u64 << 52) - 1);
            let mut e = exp;
            if exp == 0 {
                e += 1;
            } else {
                mant |= 1u64 << 52;
            }
            e += -1023 - 52;
            if neg {
                out.push('-');
            }
            out.push_str(&mant.to_string());
            out.push('p');
            if e >= 0 {
                out.push('+');
            }
            out.push_str(&e.to_string());
        }
        'x' | 'X' => append_hex_float(out, v, fmt, prec),
        'e' | 'E' | 'f' | 'g' | 'G' => {
            if neg {
                out.push('-');
            }
            let shortest = prec < 0;
            if fmt == 'f' && !shortest {
                // Rust's fixed formatting rounds exactly, half to even.
                out.push_str(&format!("{:.*}", prec as usize, a));
                return;
            }
            let mut prec = prec;
            let digs = if shortest {
                let digs = Digits::shortest(a);
                let nd = digs.d.len() as i32;
                prec = match fmt {
                    'e' | 'E' => (nd - 1).max(0),
                    'f' => (nd - digs.dp).max(0),
                    _ => nd,
                };
                digs
            } else if fmt == 'e' || fmt == 'E' {
                Digits::significant(a, prec as usize + 1)
            } else {
                if prec == 0 {
                    prec = 1;
                }
                Digits::significant(a, prec as usize)
            };
            format_digits(out, &digs, prec, fmt, shortest);
        }
        _ => {
            out.push('%');
            out.push(fmt);
        }
    }
}

/// `formatDigits` from strconv/ftoa.go.
fn format_digits(out: &mut String, digs: &Digits, prec: i32, fmt: char, shortest: bool) {
    let nd = digs.d.len() as i32;
    match fmt {
        'e' | 'E' => fmt_e(out, digs, prec, fmt),
        'f' => fmt_f(out, digs, prec),
        _ => {
            let mut eprec = prec;
            if eprec > nd && nd >= digs.dp {
                eprec = nd;
            }
            // %e is used if the exponent is < -4 or >= the precision; the
            // shortest form decides with precision 6.
            if shortest {
                eprec = 6;
            }
            let exp = digs.dp - 1;
            let e = if fmt == 'G' { 'E' } else { 'e' };
            if exp < -4 || exp >= eprec {
                let p = if prec > nd { nd } else { prec };
                fmt_e(out, digs, p - 1, e);
                return;
            }
            let p = if prec > digs.dp { nd } else { prec };
            fmt_f(out, digs, (p - digs.dp).max(0));
        }
    }
}

/// `fmtE`: `d.ddde±dd`.
fn fmt_e(out: &mut String, digs: &Digits, prec: i32, fmt: char) {
    let nd = digs.d.len() as i32;
    out.push(if nd == 0 { '0' } else { char::from(digs.d[0]) });
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            out.push(if i < nd {
                char::from(digs.d[i as usize])
            } else {
                '0'
            });
        }
    }
    out.push(fmt);
    let mut exp = if nd == 0 { 0 } else { digs.dp - 1 };
    if exp < 0 {
        out.push('-');
        exp = -exp;
    } else {
        out.push('+');
    }
    if exp < 10 {
        out.push('0');
    }
    out.push_str(&exp.to_string());
}

/// `fmtF`: `ddd.ddd`.
fn fmt_f(out: &mut String, digs: &Digits, prec: i32) {
    let nd = digs.d.len() as i32;
    if digs.dp > 0 {
        let m = digs.dp.min(nd);
        for &c in &digs.d[..m as usize] {
            out.push(char::from(c));
        }
        for _ in m..digs.dp {
            out.push('0');
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            let j = digs.dp + i - 1;
            out.push(if 0 <= j && j < nd {
                char::from(digs.d[j as usize])
            } else {
                '0'
            });
        }
    }
}

/// `fmtX` from strconv/ftoa.go: `-0x1.8p+01`.
fn append_hex_float(out: &mut String, v: f64, fmt: char, prec: i32) {
    let bits = v.to_bits();
    let neg = bits >> 63 != 0;
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let mut mant = bits & ((1u64 << 52) - 1);
    let mut exp = biased;
    if biased == 0 {
        exp += 1;
    } else {
        mant |= 1u64 << 52;
    }
    exp -= 1023;
    if mant == 0 {
        exp = 0;
    }
    // Leading 1 at bit 60.
    mant <<= 60 - 52;
    while mant != 0 && mant & (1u64 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    if (0..15).contains(&prec) {
        let shift = (prec * 4) as u32;
        let extra = (mant << shift) & ((1u64 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1u64 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1u64 << 61) != 0 {
            mant >>= 1;
            exp += 1;
        }
    }
    let hex: &[u8; 16] = if fmt == 'X' {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    if neg {
        out.push('-');
    }
    out.push('0');
    out.push(fmt);
    out.push(char::from(b'0' + ((mant >> 60) & 1) as u8));
    mant <<= 4;
    if prec < 0 && mant != 0 {
        out.push('.');
        while mant != 0 {
            out.push(char::from(hex[((mant >> 60) & 15) as usize]));
            mant <<= 4;
        }
    } else if prec > 0 {
        out.push('.');
        for _ in 0..prec {
            out.push(char::from(hex[((mant >> 60) & 15) as usize]));
            mant <<= 4;
        }
    }
    out.push(if fmt == 'X' { 'P' } else { 'p' });
    if exp < 0 {
        out.push('-');
        exp = -exp;
    } else {
        out.push('+');
    }
    if exp < 10 {
        out.push('0');
    }
    out.push_str(&exp.to_string());
}

#[cfg(test)]
// Go's test values such as 3.14159 are data here, not approximations of PI.
#[allow(clippy::approx_constant)]
mod tests {
    use super::*;

    use crate::value::SliceKind;

    #[test]
    fn slog_quotes_only_what_its_text_handler_quotes() {
        let cases = [
            ("crd-install", "crd-install"),
            ("", "\"\""),
            ("my tag", "\"my tag\""),
            ("x=y", "\"x=y\""),
            ("x\"y", "\"x\\\"y\""),
            ("back\\slash", "back\\slash"),
            ("é✓", "é✓"),
            ("nbsp\u{a0}x", "\"nbsp\\u00a0x\""),
            ("ctl\u{1}", "\"ctl\\x01\""),
            ("del\u{7f}", "del\u{7f}"),
        ];
        for (text, want) in cases {
            assert_eq!(slog_text_value(text), want, "{text:?}");
        }
    }

    fn map(pairs: &[(&str, Value)]) -> Value {
        Value::map_from_pairs(pairs)
    }

    #[test]
    fn integers_and_strings_match_helm() {
        // Expectations from tests/golden/fn-fmt-json/printf-pad-strings.
        let s = |x: &str| Value::str(x);
        let i = Value::Int;
        let cases: Vec<(&str, Value, &str)> = vec![
            ("%5s", s("ab"), "   ab"),
            ("%-5s", s("ab"), "ab   "),
            ("%05s", s("ab"), "000ab"),
            ("%-05s", s("ab"), "ab   "),
            ("%.1s", s("abc"), "a"),
            ("%5.1s", s("abc"), "    a"),
            ("%05d", i(42), "00042"),
            ("%-05d", i(42), "42   "),
            ("%05d", i(-42), "-0042"),
            ("%+d", i(42), "+42"),
            ("% d", i(42), " 42"),
            ("%+05d", i(42), "+0042"),
            ("%x", i(-255), "-ff"),
            ("%#x", i(255), "0xff"),
            ("%#o", i(8), "010"),
            ("%O", i(8), "0o10"),
            ("%#b", i(5), "0b101"),
            ("%b", i(5), "101"),
            ("%X", i(255), "FF"),
            ("%c", i(65), "A"),
            ("%q", i(65), "'A'"),
            ("%U", i(65), "U+0041"),
            ("%#U", i(65), "U+0041 'A'"),
            ("%.3d", i(7), "007"),
            ("%8.3d", i(7), "     007"),
            ("%.0d", i(0), ""),
            ("%5.0d", i(0), "     "),
            ("%06s", s("日本"), "0000日本"),
            ("%5t", Value::Bool(true), " true"),
            ("%05t", Value::Bool(true), "0true"),
            ("%05v", s("x"), "0000x"),
            ("%05q", s("x"), "00\"x\""),
            ("%05x", s("ab"), "06162"),
        ];
        for (format, arg, want) in cases {
            assert_eq!(sprintf(format, &[arg]), want, "{format}");
        }
    }

    #[test]
    fn floats_match_helm() {
        // Expectations from tests/golden/fn-fmt-json/printf-floats.
        let cases: Vec<(&str, f64, &str)> = vec![
            ("%f", 3.14159, "3.141590"),
            ("%.2f", 3.14159, "3.14"),
            ("%e", 123456.789, "1.234568e+05"),
            ("%E", 0.000123, "1.230000E-04"),
            ("%g", 123456789.0, "1.23456789e+08"),
            ("%G", 1e-7, "1E-07"),
            ("%.3g", 1234.5678, "1.23e+03"),
            ("%.3g", 1.0, "1"),
            ("%.10g", 100.0, "100"),
            ("%F", 2.5, "2.500000"),
            ("%x", 3.0, "0x1.8p+01"),
            ("%X", -0.1, "-0X1.999999999999AP-04"),
            ("%.2x", 1.0, "0x1.00p+00"),
            ("%b", 1.0, "4503599627370496p-52"),
            ("%#g", 1.0, "1.00000"),
            ("%#.3e", 1.0, "1.000e+00"),
            ("%#f", 2.0, "2.000000"),
            ("%+f", 2.0, "+2.000000"),
            ("% f", 2.0, " 2.000000"),
            ("%08.3f", -3.14159, "-003.142"),
            ("%-08.3f", -3.14159, "-3.142  "),
            ("%v", 1e21, "1e+21"),
            ("%v", 0.000001, "1e-06"),
            ("%.0f", 2.5, "2"),
            ("%.0f", 3.5, "4"),
            ("%.1f", 0.25, "0.2"),
            ("%d", 1.5, "%!d(float64=1.5)"),
            ("%s", 1.5, "%!s(float64=1.5)"),
            ("%q", 1.5, "%!q(float64=1.5)"),
            ("%t", 1.5, "%!t(float64=1.5)"),
            ("%5.1f%%", 99.44, " 99.4%"),
            ("%e", 0.0, "0.000000e+00"),
            ("%g", 0.0, "0"),
            ("%#v", 1.0, "1"),
            ("%#v", 1e6, "1e+06"),
            ("%v", -0.0, "-0"),
        ];
        for (format, arg, want) in cases {
            assert_eq!(
                sprintf(format, &[Value::Float(arg)]),
                want,
                "{format} {arg}"
            );
        }
        assert_eq!(
            sprintf("%8.3f|%-8.3f", &[Value::Float(3.14159), Value::Float(2.5)]),
            "   3.142|2.500   "
        );
        assert_eq!(sprintf("%d", &[Value::Nil]), "%!d(<nil>)");
        assert_eq!(sprintf("%v", &[Value::Nil]), "<nil>");
    }

    #[test]
    fn errors_and_collections() {
        let s = |x: &str| Value::str(x);
        let m = map(&[("a", Value::Float(1.0)), ("b", s("x"))]);
        let l = Value::list(vec![Value::Int(1), s("a"), Value::Nil]);
        let cases: Vec<(&str, Vec<Value>, &str)> = vec![
            ("%d", vec![s("x")], "%!d(string=x)"),
            ("%s", vec![], "%!s(MISSING)"),
            (
                "%d",
                vec![Value::Int(1), s("x"), Value::Int(2)],
                "1%!(EXTRA string=x, int=2)",
            ),
            ("%", vec![], "%!(NOVERB)"),
            ("%z", vec![Value::Int(1)], "%!z(int=1)"),
            ("%[2]d %[1]s", vec![s("a"), Value::Int(2)], "2 a"),
            ("%[3]d", vec![Value::Int(1)], "%!d(BADINDEX)"),
            ("%*d", vec![Value::Int(4), Value::Int(7)], "   7"),
            ("%-*d|", vec![Value::Int(4), Value::Int(7)], "7   |"),
            ("%.*f", vec![Value::Int(2), Value::Float(1.0)], "1.00"),
            ("%*d", vec![s("x"), Value::Int(7)], "%!(BADWIDTH)7"),
            ("%v", vec![m.clone()], "map[a:1 b:x]"),
            (
                "%d",
                vec![m.clone()],
                "map[%!d(string=a):%!d(float64=1) %!d(string=b):%!d(string=x)]",
            ),
            (
                "%#v",
                vec![m],
                "map[string]interface {}{\"a\":1, \"b\":\"x\"}",
            ),
            ("%v", vec![l.clone()], "[1 a <nil>]"),
            (
                "%#v",
                vec![l.clone()],
                "[]interface {}{1, \"a\", interface {}(nil)}",
            ),
            ("%q", vec![l], "['\\x01' \"a\" <nil>]"),
            ("%T", vec![Value::Float(1.0)], "float64"),
            ("%T", vec![Value::Nil], "<nil>"),
            ("%q", vec![s("a\"b\n\u{1}é")], "\"a\\\"b\\n\\x01é\""),
            ("%+q", vec![s("é")], "\"\\u00e9\""),
            ("%#q", vec![s("ab")], "`ab`"),
            ("%x", vec![s("hi")], "6869"),
            ("% x", vec![s("hi")], "68 69"),
            ("%# X", vec![s("hi")], "0X68 0X69"),
            ("%s", vec![Value::Bytes(b"hi".to_vec().into())], "hi"),
            ("%v", vec![Value::Bytes(b"hi".to_vec().into())], "[104 105]"),
            (
                "%#v",
                vec![Value::Bytes(vec![1, 2].into())],
                "[]byte{0x1, 0x2}",
            ),
            ("%p", vec![Value::Int(1)], "%!p(int=1)"),
            ("%!", vec![Value::Int(1)], "%!!(int=1)"),
            ("%t", vec![Value::Bool(false)], "false"),
            ("%s", vec![Value::Bool(true)], "%!s(bool=true)"),
            ("%5z", vec![Value::Int(1)], "%!z(int=    1)"),
        ];
        for (format, args, want) in cases {
            assert_eq!(sprintf(format, &args), want, "{format}");
        }
    }

    #[test]
    fn more_errors_match_helm() {
        // Expectations from tests/golden/fn-fmt-json/printf-errors.
        let s = |x: &str| Value::str(x);
        let i = Value::Int;
        let m = map(&[("a", Value::Float(1.0)), ("b", s("x"))]);
        let l = Value::list(vec![Value::Float(1.0), s("a"), Value::Nil]);
        let cases: Vec<(&str, Vec<Value>, &str)> = vec![
            ("%q", vec![l.clone()], "[%!q(float64=1) \"a\" <nil>]"),
            ("%s %s", vec![s("a")], "a %!s(MISSING)"),
            ("%!(NOVERB)", vec![], "%!!(MISSING)(NOVERB)"),
            ("%d %d", vec![i(1)], "1 %!d(MISSING)"),
            ("%[1]d %[1]x", vec![i(255)], "255 ff"),
            ("%[0]d", vec![i(1)], "%!d(BADINDEX)"),
            ("%[x]d", vec![i(1)], "%!d(BADINDEX)"),
            ("%.2[1]d", vec![i(1)], "01"),
            ("%.*d", vec![i(-1), i(5)], "%!(BADPREC)5"),
            ("%*d", vec![i(-5), i(7)], "7    "),
            (
                "%s",
                vec![s("str"), Value::Float(3.0)],
                "str%!(EXTRA float64=3)",
            ),
            ("%v %v", vec![Value::Nil, Value::Float(1.5)], "<nil> 1.5"),
            (
                "%-8v|%8v|",
                vec![l.clone(), m.clone()],
                "[1        a        <nil>]|map[       a:       1        b:       x]|",
            ),
            ("%6.2v", vec![l.clone()], "[     1      a <nil>]"),
            ("%x", vec![l], "[0x1p+00 61 <nil>]"),
            ("%+v", vec![m.clone()], "map[a:1 b:x]"),
            ("%s", vec![m], "map[a:%!s(float64=1) b:x]"),
            ("%w", vec![i(1)], "%!w(int=1)"),
            ("%d%%", vec![i(50)], "50%"),
            ("%ü", vec![i(1)], "%!ü(int=1)"),
            ("%c|%c", vec![i(1114112), i(-1)], "\u{fffd}|\u{fffd}"),
            ("%q", vec![i(1114112)], "'\u{fffd}'"),
            ("%U", vec![i(-1)], "U+FFFFFFFFFFFFFFFF"),
        ];
        for (format, args, want) in cases {
            assert_eq!(sprintf(format, &args), want, "{format}");
        }
    }

    #[test]
    fn kinds_match_helm() {
        // Expectations from tests/golden/fn-fmt-json/printf-kinds.
        let s = |x: &str| Value::str(x);
        let f = Value::Float;
        let strs = Value::string_list(["a", "b"]);
        let ints = Value::List(std::sync::Arc::new(crate::value::List {
            items: vec![Value::Int(0), Value::Int(1), Value::Int(2)],
            kind: SliceKind::Int,
            nil: false,
        }));
        let m = map(&[
            ("a", f(1.0)),
            ("b", Value::list(vec![s("x"), f(2.0)])),
            ("c", map(&[("d", Value::Nil)])),
        ]);
        let l = Value::list(vec![
            f(1.0),
            s("a"),
            Value::Nil,
            Value::list(vec![f(2.0)]),
            map(&[("k", s("v"))]),
        ]);
        let cases: Vec<(&str, Vec<Value>, &str)> = vec![
            ("%#v", vec![strs.clone()], "[]string{\"a\", \"b\"}"),
            ("%#v", vec![ints.clone()], "[]int{0, 1, 2}"),
            ("%T|%T", vec![strs.clone(), ints.clone()], "[]string|[]int"),
            ("%d", vec![ints], "[0 1 2]"),
            ("%q", vec![strs], "[\"a\" \"b\"]"),
            (
                "%#v",
                vec![m],
                "map[string]interface {}{\"a\":1, \"b\":[]interface {}{\"x\", 2}, \"c\":map[string]interface {}{\"d\":interface {}(nil)}}",
            ),
            (
                "%#v",
                vec![l.clone()],
                "[]interface {}{1, \"a\", interface {}(nil), []interface {}{2}, map[string]interface {}{\"k\":\"v\"}}",
            ),
            ("%+v", vec![l], "[1 a <nil> [2] map[k:v]]"),
            (
                "%v|%d|%s",
                vec![f(1e6), f(1e6), f(1e6)],
                "1e+06|%!d(float64=1e+06)|%!s(float64=1e+06)",
            ),
            (
                "%v|%f|%.1e",
                vec![f(1e-5), f(1e-5), f(1e-5)],
                "1e-05|0.000010|1.0e-05",
            ),
            (
                "%x|%X|%10s|%-10s|",
                vec![s("héllo"), s("héllo"), s("héllo"), s("héllo")],
                "68c3a96c6c6f|68C3A96C6C6F|     héllo|héllo     |",
            ),
            (
                "%v|%#v|%T",
                vec![Value::Int64(5), Value::Int64(5), Value::Int64(5)],
                "5|5|int64",
            ),
            (
                "%#v|%#v|%v|%v",
                vec![
                    Value::empty_map(),
                    Value::list(vec![]),
                    Value::empty_map(),
                    Value::list(vec![]),
                ],
                "map[string]interface {}{}|[]interface {}{}|map[]|[]",
            ),
            (
                "%.3s|%.10s|%.0s|",
                vec![s("abcdef"), s("ab"), s("ab")],
                "abc|ab||",
            ),
            (
                "%q",
                vec![s("tab\there\r\n\u{7}\u{8}\u{c}\u{b}\\ \0 \u{7f}")],
                "\"tab\\there\\r\\n\\a\\b\\f\\v\\\\ \\x00 \\x7f\"",
            ),
            (
                "%q",
                vec![s("\u{202e} \u{200b} é 日本 🎉")],
                "\"\\u202e \\u200b é 日本 🎉\"",
            ),
            (
                "%+q",
                vec![s("é 日本 🎉")],
                "\"\\u00e9 \\u65e5\\u672c \\U0001f389\"",
            ),
            (
                "%#q|%#q|%#q",
                vec![s("back`quote"), s("a\nb"), s("plain")],
                "\"back`quote\"|\"a\\nb\"|`plain`",
            ),
            ("%x|%5x|", vec![s(""), s("")], "|     |"),
            (
                "% x|%#x|%# x|%.2x",
                vec![s("abc"), s("abc"), s("abc"), s("abcdef")],
                "61 62 63|0x616263|0x61 0x62 0x63|6162",
            ),
            (
                "%08.3f|%+.2e",
                vec![f(3.14159), f(12345.678)],
                "0003.142|+1.23e+04",
            ),
            (
                "%10.4g|%-10.4g|",
                vec![f(3.14159), f(3.14159)],
                "     3.142|3.142     |",
            ),
            (
                "%g|%g|%g",
                vec![f(1e5), f(1e6), f(1e-5)],
                "100000|1e+06|1e-05",
            ),
            (
                "%.2g|%.1g|%G|%e",
                vec![f(1e5), f(0.15), f(1e100), f(1e-300)],
                "1e+05|0.1|1E+100|1.000000e-300",
            ),
            (
                "%v|%v",
                vec![f(5e-324), f(f64::MAX)],
                "5e-324|1.7976931348623157e+308",
            ),
        ];
        for (format, args, want) in cases {
            assert_eq!(sprintf(format, &args), want, "{format}");
        }
    }

    /// Every verb on every kind, against real Helm's output kept in
    /// tests/golden/fn-fmt-json/printf-matrix (lines `  [KIND VERB] OUT`).
    #[test]
    fn verb_kind_matrix_matches_helm() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/golden/fn-fmt-json/printf-matrix/helm3.stdout"
        );
        let Ok(golden) = std::fs::read_to_string(path) else {
            panic!("missing {path}");
        };
        let s = |x: &str| Value::str(x);
        let kinds: Vec<(&str, Value)> = vec![
            ("int", Value::Int(42)),
            ("negint", Value::Int(-7)),
            ("int64", Value::Int64(255)),
            ("float", Value::Float(1.5)),
            ("bigfloat", Value::Float(1e6)),
            ("negfloat", Value::Float(-2.25)),
            ("string", s("héllo")),
            ("empty", s("")),
            ("bool", Value::Bool(true)),
            ("nil", Value::Nil),
            (
                "list",
                Value::list(vec![
                    Value::Float(1.0),
                    s("a"),
                    Value::Nil,
                    Value::Bool(true),
                ]),
            ),
            ("map", map(&[("a", Value::Float(1.0)), ("b", s("x"))])),
            ("strlist", Value::string_list(["a", "b"])),
            (
                "intlist",
                Value::List(std::sync::Arc::new(crate::value::List {
                    items: vec![Value::Int(0), Value::Int(1), Value::Int(2)],
                    kind: SliceKind::Int,
                    nil: false,
                })),
            ),
            ("emptymap", Value::empty_map()),
        ];
        let mut checked = 0;
        for line in golden.lines() {
            let Some(rest) = line.strip_prefix("  [") else {
                continue;
            };
            let Some((label, out)) = rest.split_once("] ") else {
                continue;
            };
            let Some((kind, verb)) = label.split_once(' ') else {
                continue;
            };
            let Some((_, value)) = kinds.iter().find(|(k, _)| *k == kind) else {
                panic!("unknown kind {kind}");
            };
            let got = sprintf(&format!("{verb}|"), std::slice::from_ref(value));
            assert_eq!(got, out, "{kind} {verb}");
            checked += 1;
        }
        assert!(checked > 500, "only {checked} rows");
    }

    #[derive(Debug)]
    struct Version;

    impl crate::value::Object for Version {
        fn type_name(&self) -> std::borrow::Cow<'_, str> {
            "*semver.Version".into()
        }
        fn field(&self, _name: &str) -> Option<Value> {
            None
        }
        fn fmt_v(&self, out: &mut String) {
            out.push_str("1.2.3");
        }
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    }

    #[test]
    fn objects_print_through_their_string_method() {
        let v = Value::Object(std::sync::Arc::new(Version));
        let cases = [
            ("%v", "1.2.3"),
            ("%s", "1.2.3"),
            ("%q", "\"1.2.3\""),
            ("%7s|", "  1.2.3|"),
            ("%x", "312e322e33"),
            ("%T", "*semver.Version"),
            ("%d", "%!d(*semver.Version=1.2.3)"),
        ];
        for (format, want) in cases {
            assert_eq!(sprintf(format, std::slice::from_ref(&v)), want, "{format}");
        }
        assert_eq!(sprint(&[v.clone(), v]), "1.2.3 1.2.3");
    }

    #[test]
    fn quoting_unicode_matches_helm() {
        // Expectations from tests/golden/fn-fmt-json/printf-quote-unicode.
        let cases = [
            ("a\u{300}b", "\"a\u{300}b\""),
            (
                "\u{ad}|\u{61c}|\u{200d}|\u{2060}|\u{feff}",
                r#""\u00ad|\u061c|\u200d|\u2060|\ufeff""#,
            ),
            (
                "\u{e000}|\u{fffd}|\u{1F600}|\u{378}|\u{3000}",
                "\"\\ue000|\u{fffd}|\u{1F600}|\\u0378|\\u3000\"",
            ),
            (
                "\u{2028}|\u{85}|\u{a0}|\u{1680}|\u{fffe}",
                r#""\u2028|\u0085|\u00a0|\u1680|\ufffe""#,
            ),
            (
                "\u{10FFFF}|\u{E0001}|\u{1D173}|\u{4e00}|\u{e3f}",
                "\"\\U0010ffff|\\U000e0001|\\U0001d173|\u{4e00}|\u{e3f}\"",
            ),
            (
                "\u{600}|\u{8e2}|\u{180e}|\u{110BD}|\u{13430}|\u{1BCA0}",
                r#""\u0600|\u08e2|\u180e|\U000110bd|\U00013430|\U0001bca0""#,
            ),
            (
                "\u{2066}|\u{206f}|\u{fff9}|\u{fffb}|\u{F0000}|\u{100000}",
                r#""\u2066|\u206f|\ufff9|\ufffb|\U000f0000|\U00100000""#,
            ),
            (
                "\u{890}|\u{200b}|\u{202a}|\u{202e}|\u{2064}|\u{E007F}",
                r#""\u0890|\u200b|\u202a|\u202e|\u2064|\U000e007f""#,
            ),
            (
                "\u{5ff}|\u{557}|\u{c0d}|\u{1FFFF}|\u{2FFFF}|\u{E0100}",
                "\"\\u05ff|\\u0557|\\u0c0d|\\U0001ffff|\\U0002ffff|\u{E0100}\"",
            ),
        ];
        for (s, want) in cases {
            assert_eq!(sprintf("%q", &[Value::str(s)]), want, "{s:?}");
        }
        assert_eq!(
            sprintf("%+q", &[Value::str("a\u{300}b\u{4e00}")]),
            r#""a\u0300b\u4e00""#
        );
        assert_eq!(sprintf("%#q", &[Value::str("\u{a0}x")]), "`\u{a0}x`");
        assert_eq!(sprintf("%#q", &[Value::str("\u{fffd}\t")]), "`\u{fffd}\t`");
        assert_eq!(sprintf("%#q", &[Value::str("é\u{feff}")]), r#""é\ufeff""#);
        assert_eq!(
            sprintf(
                "%q %q %q",
                &[Value::Int(173), Value::Int(8203), Value::Int(128512)]
            ),
            "'\\u00ad' '\\u200b' '\u{1F600}'"
        );
        assert_eq!(
            sprintf(
                "%U %#U %#U",
                &[Value::Int(173), Value::Int(8203), Value::Int(128512)]
            ),
            "U+00AD U+200B U+1F600 '\u{1F600}'"
        );
    }

    #[test]
    fn star_and_index_match_helm() {
        // Expectations from tests/golden/fn-fmt-json/printf-star-index.
        let i = Value::Int;
        let f = Value::Float;
        let s = |x: &str| Value::str(x);
        let cases: Vec<(&str, Vec<Value>, &str)> = vec![
            ("%*d|", vec![i(5), i(1)], "    1|"),
            ("%*d|", vec![f(5.0), i(1)], "%!(BADWIDTH)1|"),
            ("%*d|", vec![Value::Int64(4), i(1)], "   1|"),
            ("%-*d|", vec![i(3), i(1)], "1  |"),
            ("%*d|", vec![i(-3), i(1)], "1  |"),
            ("%.*f|", vec![i(1), f(3.14159)], "3.1|"),
            ("%*.*f|", vec![i(8), i(2), f(3.14159)], "    3.14|"),
            ("%.*s|", vec![i(2), s("abcdef")], "ab|"),
            ("%*s|", vec![i(1000001), s("x")], "%!(BADWIDTH)x|"),
            ("%.*d|", vec![i(1000001), i(1)], "%!(BADPREC)1|"),
            ("%[2]*[1]d|", vec![i(1), i(4)], "   1|"),
            ("%[3]*.[2]*[1]f|", vec![f(12.0), i(2), i(6)], " 12.00|"),
            ("%[1]d %d %d|", vec![i(1), i(2), i(3)], "1 2 3|"),
            ("%[2]d %[1]d %d|", vec![i(1), i(2)], "2 1 2|"),
            ("%[5]d|", vec![i(1), i(2)], "%!d(BADINDEX)|"),
            ("%[1]d|", vec![i(1), i(2), i(3)], "1|"),
            ("%d %[1]d|", vec![i(1), i(2)], "1 1|"),
            ("%[1]*d|", vec![i(3)], "%!d(MISSING)|"),
            ("%[-1]d|", vec![i(1)], "%!d(BADINDEX)|"),
            ("%[1|", vec![i(1)], "%!|(BADINDEX)"),
            ("%[]d|", vec![i(1)], "%!d(BADINDEX)|"),
            ("%.[2]d|", vec![i(1), i(2)], "2|"),
            ("%3[1]d|", vec![i(7)], "  7|"),
            ("%-+ #0d|", vec![i(7)], "+7|"),
            ("%0-5d|", vec![i(7)], "7    |"),
            (
                "%+.3e|%+.3e",
                vec![f(1.0), f(-1.0)],
                "+1.000e+00|-1.000e+00",
            ),
            ("% .3f|% .3f", vec![f(1.0), f(-1.0)], " 1.000|-1.000"),
            ("%+ d|% +d", vec![i(5), i(5)], "+5|+5"),
            (
                "%#08x|%#-8x|%08X",
                vec![i(255), i(255), i(255)],
                "0x000000ff|0xff    |000000FF",
            ),
            ("%#.3x|%.0x", vec![i(1), i(0)], "0x001|"),
            (
                "%010.3f|%-010.3f|",
                vec![f(3.14159), f(3.14159)],
                "000003.142|3.142     |",
            ),
            (
                "%6.3v|%-8.2v|",
                vec![f(3.14159), s("abcdef")],
                "  3.14|ab      |",
            ),
            ("%#v|%#v", vec![s("a\tb"), s("a`b")], "\"a\\tb\"|\"a`b\""),
            (
                "%010s|%-010s|",
                vec![s("abc"), s("abc")],
                "0000000abc|abc       |",
            ),
            ("%05c|%-5c|", vec![i(65), i(65)], "0000A|A    |"),
            ("%#o|%#O|%O", vec![i(0), i(8), i(-8)], "0|0o010|-0o10"),
            ("%b|%#b|%o", vec![i(-5), i(-5), i(-8)], "-101|-0b101|-10"),
            (
                "%x|%X|%#x",
                vec![i(i64::MAX), i(i64::MIN), i(-1)],
                "7fffffffffffffff|-8000000000000000|-0x1",
            ),
        ];
        for (format, args, want) in cases {
            assert_eq!(sprintf(format, &args), want, "{format}");
        }
    }

    /// Pseudo-random format strings over Go's format alphabet must never
    /// panic (no slicing inside a rune, no overflow).
    #[test]
    fn random_formats_never_panic() {
        let pieces = [
            "%", "d", "s", "v", "x", "q", "*", ".", "[", "]", "1", "2", "0", "-", "+", "#", " ",
            "é", "99", "e", "g", "T", "c", "U", "%%", "[3]", "[0]", "b", "o", "O", "p",
        ];
        let args = [
            Value::Int(-3),
            Value::Float(f64::NAN),
            Value::str("日本"),
            Value::Nil,
            Value::list(vec![Value::Int(1), Value::Nil]),
            Value::Bytes(vec![0xff, b'a'].into()),
            Value::Int64(i64::MIN),
            Value::Float(-1e300),
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..10_000 {
            let n = (next() % 8) as usize;
            let format: String = (0..n)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            let k = (next() % (args.len() as u64 + 1)) as usize;
            let _ = sprintf(&format, &args[..k]);
        }
    }

    #[test]
    fn print_and_println_spacing() {
        let args = [
            Value::Int(1),
            Value::Int(2),
            Value::str("a"),
            Value::Int(3),
            Value::str("b"),
            Value::str("c"),
            Value::Nil,
            Value::Float(1.5),
        ];
        assert_eq!(sprint(&args), "1 2a3bc<nil> 1.5");
        assert_eq!(sprintln(&args), "1 2 a 3 b c <nil> 1.5\n");
        assert_eq!(sprint(&[]), "");
        assert_eq!(sprintln(&[]), "\n");
    }

    #[test]
    fn strconv_helpers() {
        assert_eq!(
            quote("\u{200b}\u{7f}\u{10ffff}"),
            "\"\\u200b\\x7f\\U0010ffff\""
        );
        assert_eq!(format_float(1e21, 'e', -1), "1e+21");
        assert_eq!(format_float(123.0, 'f', -1), "123");
        assert_eq!(format_float(1e-7, 'e', -1), "1e-07");
        assert_eq!(format_float(0.1, 'f', -1), "0.1");
        let mut q = String::new();
        append_quoted(&mut q, b"\xffa\xe6\x97", '"', false);
        assert_eq!(q, r#""\xffa\xe6\x97""#);
    }
}
