//! The glob dialect of `.Files.Glob`: gobwas/glob with `/` as separator.
//! `*` stays within a path segment, `**` crosses segments, `?` is one
//! non-separator character, `[a-z]`/`[!a-z]` are classes, `{a,b}` are
//! alternatives, and `\` escapes.

/// A compiled pattern.
#[derive(Debug, Clone)]
pub(crate) struct Glob {
    tokens: Vec<Token>,
}

#[derive(Debug, Clone)]
enum Token {
    Literal(char),
    Any,
    Star,
    SuperStar,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
    Alternatives(Vec<Vec<Token>>),
}

const SEPARATOR: char = '/';

impl Glob {
    /// Compiles `pattern`; `Err` for an unterminated class or group.
    pub(crate) fn new(pattern: &str) -> Result<Glob, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut pos = 0;
        let tokens = parse_sequence(&chars, &mut pos, false)?;
        if pos != chars.len() {
            return Err(format!("unexpected {:?}", chars[pos]));
        }
        Ok(Glob { tokens })
    }

    /// A pattern that matches everything (`**`).
    pub(crate) fn match_all() -> Glob {
        Glob {
            tokens: vec![Token::SuperStar],
        }
    }

    /// Whether `name` matches the whole pattern.
    pub(crate) fn is_match(&self, name: &str) -> bool {
        let chars: Vec<char> = name.chars().collect();
        matches(&self.tokens, &chars)
    }
}

fn parse_sequence(chars: &[char], pos: &mut usize, in_group: bool) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    while *pos < chars.len() {
        let c = chars[*pos];
        match c {
            ',' | '}' if in_group => return Ok(tokens),
            '*' => {
                if chars.get(*pos + 1) == Some(&'*') {
                    *pos += 2;
                    tokens.push(Token::SuperStar);
                } else {
                    *pos += 1;
                    tokens.push(Token::Star);
                }
            }
            '?' => {
                *pos += 1;
                tokens.push(Token::Any);
            }
            '[' => {
                *pos += 1;
                let negated = chars.get(*pos) == Some(&'!');
                if negated {
                    *pos += 1;
                }
                let mut ranges = Vec::new();
                loop {
                    let Some(&lo) = chars.get(*pos) else {
                        return Err("unexpected end of input".to_string());
                    };
                    if lo == ']' {
                        *pos += 1;
                        break;
                    }
                    *pos += 1;
                    if chars.get(*pos) == Some(&'-')
                        && chars.get(*pos + 1).is_some_and(|c| *c != ']')
                    {
                        let hi = chars[*pos + 1];
                        *pos += 2;
                        ranges.push((lo, hi));
                    } else {
                        ranges.push((lo, lo));
                    }
                }
                tokens.push(Token::Class { negated, ranges });
            }
            '{' => {
                *pos += 1;
                let mut alternatives = Vec::new();
                loop {
                    alternatives.push(parse_sequence(chars, pos, true)?);
                    match chars.get(*pos) {
                        Some(',') => *pos += 1,
                        Some('}') => {
                            *pos += 1;
                            break;
                        }
                        _ => return Err("unexpected end of input".to_string()),
                    }
                }
                tokens.push(Token::Alternatives(alternatives));
            }
            '\\' => {
                *pos += 1;
                let Some(&next) = chars.get(*pos) else {
                    return Err("unexpected end of input".to_string());
                };
                *pos += 1;
                tokens.push(Token::Literal(next));
            }
            _ => {
                *pos += 1;
                tokens.push(Token::Literal(c));
            }
        }
    }
    if in_group {
        return Err("unexpected end of input".to_string());
    }
    Ok(tokens)
}

fn matches(tokens: &[Token], name: &[char]) -> bool {
    let Some((first, rest)) = tokens.split_first() else {
        return name.is_empty();
    };
    match first {
        Token::Literal(c) => name.first() == Some(c) && matches(rest, &name[1..]),
        Token::Any => name.first().is_some_and(|c| *c != SEPARATOR) && matches(rest, &name[1..]),
        Token::Class { negated, ranges } => match name.first() {
            Some(&c) if c != SEPARATOR => {
                let inside = ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi);
                inside != *negated && matches(rest, &name[1..])
            }
            _ => false,
        },
        Token::Star => {
            for i in 0..=name.len() {
                if matches(rest, &name[i..]) {
                    return true;
                }
                if i < name.len() && name[i] == SEPARATOR {
                    return false;
                }
            }
            false
        }
        Token::SuperStar => (0..=name.len()).any(|i| matches(rest, &name[i..])),
        Token::Alternatives(alternatives) => alternatives.iter().any(|alt| {
            let mut combined = alt.clone();
            combined.extend_from_slice(rest);
            matches(&combined, name)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gobwas_glob_table() {
        let cases = [
            ("*.txt", "a.txt", true),
            ("*.txt", "dir/a.txt", false),
            ("**.txt", "dir/a.txt", true),
            ("files/*", "files/a", true),
            ("files/*", "files/a/b", false),
            ("files/**", "files/a/b", true),
            ("{a,c}.yaml", "c.yaml", true),
            ("{a,c}.yaml", "b.yaml", false),
            ("[ab].txt", "b.txt", true),
            ("[!ab].txt", "b.txt", false),
            ("?.txt", "x.txt", true),
            ("?.txt", "/.txt", false),
            ("a\\*", "a*", true),
        ];
        for (pattern, name, want) in cases {
            assert_eq!(
                Glob::new(pattern).unwrap().is_match(name),
                want,
                "{pattern} {name}"
            );
        }
        assert!(Glob::new("[ab").is_err());
        assert!(Glob::new("{a,b").is_err());
    }
}
