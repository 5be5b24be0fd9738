//! `.helmignore`, which is not `.gitignore`: Helm's `pkg/ignore` rules are
//! Go `filepath.Match` patterns, first match wins, no `**`, a pattern without
//! `/` matches the base name only, and a negated rule `!p` ignores every path
//! that does NOT match `p`. The rule `templates/.?*` is always added.

/// One parsed rule.
#[derive(Debug, Clone)]
struct Rule {
    pattern: String,
    negate: bool,
    must_dir: bool,
    anchored: bool,
    has_slash: bool,
}

/// The rules of one `.helmignore` plus Helm's default rule.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rules {
    rules: Vec<Rule>,
}

impl Rules {
    /// Parses `.helmignore` text. Errors carry Helm's wording.
    pub(crate) fn parse(text: &str) -> Result<Rules, String> {
        let mut rules = Rules::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for line in text.lines() {
            rules.add(line)?;
        }
        rules.add("templates/.?*")?;
        Ok(rules)
    }

    fn add(&mut self, line: &str) -> Result<(), String> {
        let mut rule = line.trim();
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            return Err("double-star (**) syntax is not supported".to_string());
        }
        if match_pattern(rule, "abc").is_err() {
            return Err("syntax error in pattern".to_string());
        }
        let negate = rule.starts_with('!');
        if negate {
            rule = &rule[1..];
        }
        let must_dir = rule.ends_with('/');
        if must_dir {
            rule = &rule[..rule.len() - 1];
        }
        let anchored = rule.starts_with('/');
        let pattern = rule.trim_start_matches('/').to_string();
        self.rules.push(Rule {
            has_slash: rule.contains('/'),
            pattern,
            negate,
            must_dir,
            anchored,
        });
        Ok(())
    }

    /// Whether `path` (relative, `/`-separated) is ignored.
    pub(crate) fn ignored(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        for rule in &self.rules {
            let matched = rule.matches(path);
            if rule.negate {
                if rule.must_dir && !is_dir {
                    return true;
                }
                if !matched {
                    return true;
                }
                continue;
            }
            if rule.must_dir && !is_dir {
                continue;
            }
            if matched {
                return true;
            }
        }
        false
    }
}

impl Rule {
    fn matches(&self, path: &str) -> bool {
        let subject = if self.anchored || self.has_slash {
            path
        } else {
            path.rsplit('/').next().unwrap_or(path)
        };
        match_pattern(&self.pattern, subject).unwrap_or(false)
    }
}

/// Go's `path/filepath.Match` with `/` as the separator: `*` and `?` do not
/// cross `/`, `[...]` classes with `^` negation and ranges, `\` escapes.
/// `Err` for a malformed pattern (Go's `ErrBadPattern`).
pub(crate) fn match_pattern(pattern: &str, name: &str) -> Result<bool, ()> {
    if !pattern.contains(['*', '?', '[', '\\']) {
        // A literal (most rules, and `.helmignore` itself) matches itself.
        return Ok(pattern == name);
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Validate the whole pattern first, as Go reports bad patterns even when
    // an earlier part already fails to match.
    validate(&p)?;
    Ok(match_from(&p, &n))
}

fn validate(p: &[char]) -> Result<(), ()> {
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '\\' => {
                if i + 1 >= p.len() {
                    return Err(());
                }
                i += 2;
            }
            '[' => {
                i = class_end(p, i)?;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// Index just past the `]` closing the class that opens at `start`.
fn class_end(p: &[char], start: usize) -> Result<usize, ()> {
    let mut i = start + 1;
    if i < p.len() && p[i] == '^' {
        i += 1;
    }
    let mut first = true;
    loop {
        if i >= p.len() {
            return Err(());
        }
        if p[i] == ']' && !first {
            return Ok(i + 1);
        }
        first = false;
        // Read one char (possibly escaped), optionally a range.
        let lo = read_class_char(p, &mut i)?;
        if i < p.len() && p[i] == '-' {
            i += 1;
            let hi = read_class_char(p, &mut i)?;
            if hi < lo {
                return Err(());
            }
        }
    }
}

fn read_class_char(p: &[char], i: &mut usize) -> Result<char, ()> {
    if *i >= p.len() {
        return Err(());
    }
    let c = p[*i];
    if c == '-' || c == ']' {
        return Err(());
    }
    if c == '\\' {
        *i += 1;
        if *i >= p.len() {
            return Err(());
        }
    }
    let c = p[*i];
    *i += 1;
    Ok(c)
}

fn match_class(p: &[char], start: usize, c: char) -> (bool, usize) {
    let mut i = start + 1;
    let negated = i < p.len() && p[i] == '^';
    if negated {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    while i < p.len() {
        if p[i] == ']' && !first {
            return (matched != negated, i + 1);
        }
        first = false;
        let Ok(lo) = read_class_char(p, &mut i) else {
            return (false, p.len());
        };
        let mut hi = lo;
        if i < p.len() && p[i] == '-' {
            i += 1;
            match read_class_char(p, &mut i) {
                Ok(h) => hi = h,
                Err(()) => return (false, p.len()),
            }
        }
        if lo <= c && c <= hi {
            matched = true;
        }
    }
    (false, p.len())
}

fn match_from(p: &[char], n: &[char]) -> bool {
    let (mut pi, mut ni) = (0, 0);
    // Backtracking point for the last `*`: pattern index after it, name index.
    let mut star: Option<(usize, usize)> = None;
    loop {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi + 1, ni));
                    pi += 1;
                    continue;
                }
                '?' if ni < n.len() && n[ni] != '/' => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                '[' if ni < n.len() && n[ni] != '/' => {
                    let (ok, next) = match_class(p, pi, n[ni]);
                    if ok {
                        pi = next;
                        ni += 1;
                        continue;
                    }
                }
                '\\' if pi + 1 < p.len() && ni < n.len() && p[pi + 1] == n[ni] => {
                    pi += 2;
                    ni += 1;
                    continue;
                }
                c if c != '*'
                    && c != '?'
                    && c != '['
                    && c != '\\'
                    && ni < n.len()
                    && n[ni] == c =>
                {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                _ => {}
            }
        } else if ni == n.len() {
            return true;
        }
        // Mismatch: let the last star swallow one more non-separator char.
        match star {
            Some((sp, sn)) if sn < n.len() && n[sn] != '/' => {
                star = Some((sp, sn + 1));
                pi = sp;
                ni = sn + 1;
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_filepath_match_table() {
        let cases = [
            ("abc", "abc", true),
            ("*", "abc", true),
            ("*c", "abc", true),
            ("a*", "a", true),
            ("a*/b", "abc/b", true),
            ("a*/b", "a/c/b", false),
            ("a*b*c*d*e*/f", "axbxcxdxe/f", true),
            ("a*b?c*x", "abxbbxdbxebxczzx", true),
            ("a*b?c*x", "abxbbxdbxebxczzy", false),
            ("ab[c]", "abc", true),
            ("ab[b-d]", "abc", true),
            ("ab[e-g]", "abc", false),
            ("ab[^c]", "abc", false),
            ("ab[^e-g]", "abc", true),
            ("a\\*b", "a*b", true),
            ("a?b", "a/b", false),
            ("a*b", "a/b", false),
            ("*.yaml", "x.yaml", true),
        ];
        for (pattern, name, want) in cases {
            assert_eq!(match_pattern(pattern, name), Ok(want), "{pattern} {name}");
        }
        assert!(match_pattern("[", "a").is_err());
        assert!(match_pattern("a\\", "a").is_err());
        assert!(match_pattern("[a-", "a").is_err());
    }

    #[test]
    fn helm_rules_first_match_and_odd_negation() {
        let rules = Rules::parse("# comment\n*.bak\n/secret.txt\ndocs/\n").unwrap();
        assert!(rules.ignored("a.bak", false));
        assert!(rules.ignored("sub/a.bak", false));
        assert!(rules.ignored("secret.txt", false));
        assert!(!rules.ignored("sub/secret.txt", false));
        assert!(rules.ignored("docs", true));
        assert!(!rules.ignored("docs", false));
        assert!(rules.ignored("templates/.hidden", false));
        assert!(!rules.ignored("templates/a.yaml", false));
        // A negated rule ignores everything that does not match it.
        let rules = Rules::parse("!*.yaml\n").unwrap();
        assert!(rules.ignored("README.md", false));
        assert!(!rules.ignored("values.yaml", false));
        assert!(Rules::parse("a/**/b").is_err());
    }
}
