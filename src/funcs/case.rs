//! Go's `unicode` predicates and simple case mappings, and the case
//! conversions Sprig takes from huandu/xstrings 1.5 (`snakecase`,
//! `camelcase`, `kebabcase`, `shuffle`) and Masterminds/goutils (`swapcase`,
//! `untitle`, `initials`, `nospace`).
//!
//! Go's predicates use general categories (`IsUpper` is `Lu`, `IsLetter` is
//! `L`), not Rust's derived properties (`char::is_uppercase` also accepts
//! `Ⓐ`), and Go maps case rune by rune with the simple mappings of
//! UnicodeData (`ToUpper('ß')` is `ß`, `ToLower('Σ')` is always `σ`), so the
//! category tables come from `regex-syntax` and the mappings are Rust's
//! full mappings corrected where those expand to several runes.

use std::sync::LazyLock;

use regex_syntax::hir::{Class, HirKind};

/// Sorted code point ranges of one Unicode class.
struct Table(Vec<(char, char)>);

impl Table {
    /// Builds the table of a `\p{..}` class as `regex-syntax` knows it.
    fn of(class: &str) -> Table {
        let ranges = match regex_syntax::Parser::new().parse(class) {
            Ok(hir) => match hir.kind() {
                HirKind::Class(Class::Unicode(set)) => {
                    set.ranges().iter().map(|r| (r.start(), r.end())).collect()
                }
                _ => Vec::new(),
            },
            Err(_) => Vec::new(),
        };
        Table(ranges)
    }

    fn contains(&self, c: char) -> bool {
        self.0
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

static UPPER: LazyLock<Table> = LazyLock::new(|| Table::of(r"\p{Lu}"));
static LOWER: LazyLock<Table> = LazyLock::new(|| Table::of(r"\p{Ll}"));
static TITLE: LazyLock<Table> = LazyLock::new(|| Table::of(r"\p{Lt}"));
static LETTER: LazyLock<Table> = LazyLock::new(|| Table::of(r"\p{L}"));
static PUNCT: LazyLock<Table> = LazyLock::new(|| Table::of(r"\p{P}"));
static DIGIT: LazyLock<Table> = LazyLock::new(|| Table::of(r"\p{Nd}"));

/// Go `unicode.IsUpper` (category Lu).
pub(crate) fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    UPPER.contains(c)
}

/// Go `unicode.IsLower` (category Ll).
pub(crate) fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    LOWER.contains(c)
}

/// Go `unicode.IsTitle` (category Lt).
pub(crate) fn is_title(c: char) -> bool {
    !c.is_ascii() && TITLE.contains(c)
}

/// Go `unicode.IsLetter` (category L).
pub(crate) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    LETTER.contains(c)
}

/// Go `unicode.IsDigit` (category Nd).
pub(crate) fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    DIGIT.contains(c)
}

/// Go `unicode.IsNumber` (category N, which is what Rust's `is_numeric` tests).
pub(crate) fn is_number(c: char) -> bool {
    c.is_numeric()
}

/// Go `unicode.IsPunct` (category P).
pub(crate) fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation()
            && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~');
    }
    PUNCT.contains(c)
}

/// Go `unicode.IsSpace`: the White_Space property, which is also Rust's.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Go `unicode.ToUpper`: the simple uppercase mapping.
pub(crate) fn to_upper(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    let mut full = c.to_uppercase();
    match (full.next(), full.next()) {
        (Some(u), None) => u,
        // A multi-rune full mapping: UnicodeData's simple mapping is the
        // rune itself except for the Greek letters with ypogegrammeni.
        _ => match c as u32 {
            0x1F80..=0x1FAF if (c as u32) & 0xF < 8 => char::from_u32(c as u32 + 8).unwrap_or(c),
            0x1FB3 => '\u{1FBC}',
            0x1FC3 => '\u{1FCC}',
            0x1FF3 => '\u{1FFC}',
            _ => c,
        },
    }
}

/// Go `unicode.ToLower`: the simple lowercase mapping.
pub(crate) fn to_lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut full = c.to_lowercase();
    match (full.next(), full.next()) {
        (Some(l), None) => l,
        // Only U+0130 lowercases to several runes; its simple mapping is `i`.
        _ if c == '\u{130}' => 'i',
        _ => c,
    }
}

/// Go `unicode.ToTitle`: the simple titlecase mapping, which is the
/// uppercase one except for the Latin digraphs and Georgian Mkhedruli.
pub(crate) fn to_title(c: char) -> char {
    match c as u32 {
        0x1C4..=0x1C6 => '\u{1C5}',
        0x1C7..=0x1C9 => '\u{1C8}',
        0x1CA..=0x1CC => '\u{1CB}',
        0x1F1..=0x1F3 => '\u{1F2}',
        0x10D0..=0x10FA | 0x10FD..=0x10FF => c,
        0x1F88..=0x1F8F | 0x1F98..=0x1F9F | 0x1FA8..=0x1FAF | 0x1FBC | 0x1FCC | 0x1FFC => c,
        _ => to_upper(c),
    }
}

/// Go `strings.ToUpper`.
pub(crate) fn upper(s: &str) -> String {
    s.chars().map(to_upper).collect()
}

/// Go `strings.ToLower` (no final-sigma rule, unlike `str::to_lowercase`).
pub(crate) fn lower(s: &str) -> String {
    s.chars().map(to_lower).collect()
}

/// Go's deprecated `strings.Title`: titlecases the first letter of every
/// word, a word starting after any ASCII character other than letters,
/// digits and `_`, or after a Unicode space.
pub(crate) fn title(s: &str) -> String {
    let is_separator = |c: char| {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        if is_letter(c) || is_digit(c) {
            return false;
        }
        is_space(c)
    };
    let mut prev = ' ';
    s.chars()
        .map(|c| {
            let out = if is_separator(prev) { to_title(c) } else { c };
            prev = c;
            out
        })
        .collect()
}

/// goutils `Uncapitalize`: lowercases the first rune of every
/// whitespace-separated word.
pub(crate) fn untitle(s: &str) -> String {
    let mut next = true;
    s.chars()
        .map(|c| {
            if is_space(c) {
                next = true;
                c
            } else if next {
                next = false;
                to_lower(c)
            } else {
                c
            }
        })
        .collect()
}

/// goutils `SwapCase`: upper and title runes become lower; a lower rune
/// becomes title case at the start of a word and upper case elsewhere.
pub(crate) fn swapcase(s: &str) -> String {
    let mut whitespace = true;
    s.chars()
        .map(|c| {
            if is_upper(c) || is_title(c) {
                whitespace = false;
                to_lower(c)
            } else if is_lower(c) {
                if whitespace {
                    whitespace = false;
                    to_title(c)
                } else {
                    to_upper(c)
                }
            } else {
                whitespace = is_space(c);
                c
            }
        })
        .collect()
}

/// Go's `rune(str[i])`: goutils walks strings byte by byte and reads each
/// byte as a Latin-1 rune, which mangles multi-byte UTF-8 (`initials "élan"`
/// is `Ã`); reproduced on purpose.
fn latin1(b: u8) -> char {
    char::from(b)
}

/// goutils `Initials`: the first byte (as a Latin-1 rune) of every word.
pub(crate) fn initials(s: &str) -> String {
    let mut out = String::new();
    let mut gap = true;
    for &b in super::strings::go_bytes(s).iter() {
        let c = latin1(b);
        if is_space(c) {
            gap = true;
        } else if gap {
            out.push(c);
            gap = false;
        }
    }
    out
}

/// goutils `DeleteWhiteSpace`: drops every byte that is a space as a
/// Latin-1 rune (so also 0x85 and 0xA0 continuation bytes) and, if any was
/// dropped, re-encodes the remaining bytes as Latin-1 runes.
pub(crate) fn nospace(s: &str) -> String {
    let bytes = &*super::strings::go_bytes(s);
    if !bytes.iter().any(|&b| is_space(latin1(b))) {
        return s.to_string();
    }
    bytes
        .iter()
        .map(|&b| latin1(b))
        .filter(|&c| !is_space(c))
        .collect()
}

/// xstrings `isConnector`.
fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || is_space(c)
}

/// xstrings 1.5 `ToCamelCase` as Sprig v3.3.0 ships it, which produces
/// UpperCamelCase (`some_words` is `SomeWords`), including its quirk of
/// repeating the last connector of a string made only of connectors.
pub(crate) fn camelcase(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let mut chars = s.chars();
    let mut r0 = '\0';
    let mut first_upper = false;
    let mut consumed_any = false;
    for c in chars.by_ref() {
        consumed_any = true;
        r0 = c;
        if !is_connector(c) {
            first_upper = is_upper(c);
            r0 = to_upper(c);
            break;
        }
        out.push(c);
    }
    let rest: Vec<char> = chars.collect();
    if rest.is_empty() {
        if consumed_any {
            out.push(r0);
        }
        return out;
    }
    for c in rest {
        let r1 = r0;
        r0 = c;
        if is_connector(r0) && is_connector(r1) {
            out.push(r1);
            continue;
        }
        if is_connector(r1) {
            first_upper = is_upper(r0);
            r0 = to_upper(r0);
        } else {
            if first_upper {
                if is_upper(r0) {
                    r0 = to_lower(r0);
                } else {
                    first_upper = false;
                }
            }
            out.push(r1);
        }
    }
    out.push(r0);
    out
}

/// xstrings word classes for snake and kebab case.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Word {
    Invalid,
    Number,
    Upper,
    Alphabet,
    Connector,
    Punct,
    Other,
}

/// xstrings `isAlphabet`: a letter that is not a CJK ideograph.
fn is_alphabet(c: char) -> bool {
    if !is_letter(c) {
        return false;
    }
    let u = c as u32;
    !matches!(u,
        0x4E00..=0x9FCC | 0x3400..=0x4D85 | 0xF900..=0xFAD9 | 0x20000..=0x2A6D6
        | 0x2A700..=0x2B734 | 0x2B740..=0x2B81D | 0x2F800..=0x2FA1D)
}

/// xstrings `nextWord`: splits off the next word and its class.
fn next_word(s: &str) -> (Word, &str, &str) {
    let mut chars = s.char_indices();
    let Some((_, first)) = chars.next() else {
        return (Word::Invalid, "", "");
    };
    let end_while = |pred: &dyn Fn(char) -> bool| -> usize {
        s.char_indices()
            .skip(1)
            .find(|&(_, c)| !pred(c))
            .map_or(s.len(), |(i, _)| i)
    };
    let (kind, end) = if is_connector(first) {
        (Word::Connector, end_while(&is_connector))
    } else if is_punct(first) {
        (Word::Punct, end_while(&is_punct))
    } else if is_upper(first) {
        let after = first.len_utf8();
        match s[after..].chars().next() {
            None => (Word::Upper, after),
            Some(c) if is_upper(c) => {
                // A run of capitals: "HTTPStatus" splits as "HTTP" + "Status".
                let mut end = after;
                let mut prev_size = 0;
                let mut next = None;
                for c in s[after..].chars() {
                    if !is_upper(c) {
                        next = Some(c);
                        break;
                    }
                    prev_size = c.len_utf8();
                    end += prev_size;
                }
                if let Some(c) = next {
                    if is_alphabet(c) {
                        end -= prev_size;
                    }
                }
                (Word::Upper, end)
            }
            Some(c) if is_alphabet(c) => {
                let end = s[after..]
                    .char_indices()
                    .find(|&(_, c)| !is_alphabet(c) || is_upper(c))
                    .map_or(s.len(), |(i, _)| after + i);
                (Word::Upper, end)
            }
            Some(_) => (Word::Upper, after),
        }
    } else if is_alphabet(first) {
        (
            Word::Alphabet,
            end_while(&|c| is_alphabet(c) && !is_upper(c)),
        )
    } else if is_number(first) {
        (Word::Number, end_while(&is_number))
    } else {
        (
            Word::Other,
            end_while(&|c| !(is_connector(c) || is_alphabet(c) || is_number(c) || is_punct(c))),
        )
    };
    (kind, &s[..end], &s[end..])
}

/// xstrings `toLower`: writes a word, lowering capitals and replacing
/// connectors of upper-case and connector words.
fn push_lower(out: &mut String, kind: Word, word: &str, connector: char) {
    if kind != Word::Upper && kind != Word::Connector {
        out.push_str(word);
        return;
    }
    for c in word.chars() {
        if is_connector(c) {
            out.push(connector);
        } else if is_upper(c) {
            out.push(to_lower(c));
        } else {
            out.push(c);
        }
    }
}

/// xstrings `camelCaseToLowerCase`, behind `snakecase` and `kebabcase`.
fn camel_to_lower(s: &str, connector: char) -> String {
    let mut out = String::new();
    if s.is_empty() {
        return out;
    }
    let (mut wt, mut word, mut remaining) = next_word(s);
    while !remaining.is_empty() {
        if wt != Word::Connector {
            push_lower(&mut out, wt, word, connector);
        }
        let prev = wt;
        let last = word;
        (wt, word, remaining) = next_word(remaining);
        match prev {
            Word::Number => {
                while wt == Word::Alphabet || wt == Word::Number {
                    push_lower(&mut out, wt, word, connector);
                    (wt, word, remaining) = next_word(remaining);
                }
                if !matches!(wt, Word::Invalid | Word::Punct | Word::Connector) {
                    out.push(connector);
                }
            }
            Word::Connector => push_lower(&mut out, prev, last, connector),
            Word::Punct => {}
            _ => {
                if wt != Word::Number {
                    if wt != Word::Connector && wt != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                if remaining.is_empty() {
                    continue;
                }
                let last = word;
                (wt, word, remaining) = next_word(remaining);
                // A number ends the previous word ("Bld4Floor" is "bld4_floor")
                // unless lower-case letters follow it ("HTTP2xx" is "http_2xx").
                if wt != Word::Alphabet {
                    push_lower(&mut out, Word::Number, last, connector);
                    if wt != Word::Connector && wt != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                out.push(connector);
                push_lower(&mut out, Word::Number, last, connector);
                while wt == Word::Alphabet || wt == Word::Number {
                    push_lower(&mut out, wt, word, connector);
                    (wt, word, remaining) = next_word(remaining);
                }
                if !matches!(wt, Word::Invalid | Word::Connector | Word::Punct) {
                    out.push(connector);
                }
            }
        }
    }
    push_lower(&mut out, wt, word, connector);
    out
}

/// xstrings `ToSnakeCase`.
pub(crate) fn snakecase(s: &str) -> String {
    camel_to_lower(s, '_')
}

/// xstrings `ToKebabCase`.
pub(crate) fn kebabcase(s: &str) -> String {
    camel_to_lower(s, '-')
}

/// xstrings `Shuffle`: the runes in random order (Fisher–Yates).
pub(crate) fn shuffle(s: &str) -> String {
    let mut runes: Vec<char> = s.chars().collect();
    let mut state = seed();
    for i in (1..runes.len()).rev() {
        // xorshift64*: plenty for a shuffle nobody can reproduce anyway
        // (Go's math/rand is seeded randomly as well).
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let r = state.wrapping_mul(0x2545_F491_4F6C_DD1D);
        let j = (r % (i as u64 + 1)) as usize;
        runes.swap(i, j);
    }
    runes.into_iter().collect()
}

/// A per-call random seed from the std hasher's random keys and the clock.
fn seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    if let Ok(d) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(d.as_nanos());
    }
    h.finish() | 1
}

#[cfg(test)]
mod tests {
    use super::*;

    type StrFn = fn(&str) -> String;

    #[test]
    fn case_conversions_match_helm() {
        // (function, input, what Helm 3.17.3 printed)
        let cases: &[(StrFn, &str, &str)] = &[
            (upper, "héllo ß ǆ ŉ ᾀ ﬀ", "HÉLLO ß Ǆ ŉ ᾈ ﬀ"),
            (lower, "HÉLLO İ Σ ǅ ẞ", "héllo i σ ǆ ß"),
            (
                title,
                "hello wORLD foo-bar foo_bar a.b 3rd ǆx élan o'neil",
                "Hello WORLD Foo-Bar Foo_bar A.B 3rd ǅx Élan O'Neil",
            ),
            (title, "  x  y\tz\nw", "  X  Y\tZ\nW"),
            (title, "ǆungla ᾀb", "ǅungla ᾈb"),
            (untitle, "Hello World ÉLAN", "hello world éLAN"),
            (swapcase, "Hello World ǅx élan", "hELLO wORLD ǆX ÉLAN"),
            (swapcase, "aBc 1 dEF\tgh", "AbC 1 Def\tGH"),
            (initials, "hello world", "hw"),
            (initials, "  élan  vital x", "Ãvx"),
            (initials, "a-b c_d", "ac"),
            (nospace, " a b\tc\nd ", "abcd"),
            (nospace, "héllo", "héllo"),
            (nospace, "à b", "Ãb"),
            (nospace, "x\u{a0}y", "xÂy"),
            (camelcase, "some_words", "SomeWords"),
            (camelcase, "_complex__case_", "_Complex_Case_"),
            (camelcase, "some words-here", "SomeWordsHere"),
            (camelcase, "GOLANG_IS_GREAT", "GolangIsGreat"),
            (camelcase, "x", "X"),
            (camelcase, "__", "___"),
            (camelcase, "éa_öb", "ÉaÖb"),
            (camelcase, "fooBar_Baz", "FooBarBaz"),
            (camelcase, "a1_2b", "A12b"),
            (snakecase, "FirstName", "first_name"),
            (snakecase, "HTTPServer", "http_server"),
            (snakecase, "NoHTTPS", "no_https"),
            (snakecase, "GO PATH", "go_path"),
            (snakecase, "http2xx", "http_2xx"),
            (snakecase, "HTTP20xOK", "http_20x_ok"),
            (snakecase, "Duration2m3s", "duration_2m3s"),
            (snakecase, "Bld4Floor3rd", "bld4_floor_3rd"),
            (snakecase, "a.b!c  d--e", "a.b!c__d__e"),
            (snakecase, "ÉcoleNormale", "école_normale"),
            (snakecase, "__a__", "__a__"),
            (snakecase, "x$y中文Z", "x_$_y_中文_z"),
            (snakecase, "ABC", "abc"),
            (snakecase, "A1", "a1"),
            (snakecase, "1A", "1_a"),
            (snakecase, "v1.2.3Beta", "v1.2.3_beta"),
            (kebabcase, "GO_PATH now", "go-path-now"),
            (kebabcase, "myApp.Name", "my-app.name"),
            (snakecase, "myApp-Server_v2 name", "my_app_server_v2_name"),
            (camelcase, "myApp-Server_v2 name", "MyAppServerV2Name"),
            (kebabcase, "myApp-Server_v2 name", "my-app-server-v2-name"),
            (swapcase, "myApp-Server_v2 name", "MYaPP-sERVER_V2 NAME"),
            (title, "myApp-Server_v2 name", "MyApp-Server_v2 Name"),
            (
                title,
                "hello\u{a0}world x\u{2003}y",
                "Hello\u{a0}World X\u{2003}Y",
            ),
            (title, "élan_vital-x.y/z", "Élan_vital-X.Y/Z"),
            (title, "ⅰx ⓐb 1st 𝒶b", "Ⅰx Ⓐb 1st 𝒶b"),
            (untitle, "É\u{a0}Ü x", "é\u{a0}ü x"),
            (upper, "ǅ ß ﬁ ΐ ǰ", "Ǆ ß ﬁ ΐ ǰ"),
            (lower, "ǅ Ⅷ Ⓐ ΣΑΣ", "ǆ ⅷ ⓐ σασ"),
            (swapcase, "ⓐⒶ ǆ ß", "ⓐⒶ ǅ ß"),
            (camelcase, "ǆa_ⓐb", "ǄaⒶb"),
            (snakecase, "ⒶBC Ⅻx", "Ⓐ_bc_Ⅻx"),
        ];
        for (i, (f, input, want)) in cases.iter().enumerate() {
            assert_eq!(f(input), *want, "case {i}: {input:?}");
        }
    }

    #[test]
    fn shuffle_keeps_runes() {
        let mut got: Vec<char> = shuffle("ééab").chars().collect();
        got.sort_unstable();
        assert_eq!(got, vec!['a', 'b', 'é', 'é']);
        assert_eq!(shuffle(""), "");
    }

    #[test]
    fn print_follows_go() {
        for (c, want) in [
            ('a', true),
            (' ', true),
            ('\u{a0}', false),
            ('\u{200b}', false),
            ('😀', true),
            ('\u{7f}', false),
        ] {
            // `quote` relies on the one IsPrint in value::printf.
            assert_eq!(crate::value::printf::is_print(c), want, "{c:?}");
        }
    }
}
