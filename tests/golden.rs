//! Golden conformance suite: `shipshape template` against recorded real Helm output.
//!
//! # Case format
//!
//! A case is any directory under `tests/golden/` that holds a `chart/` directory
//! (cases are usually `SUITE/NAME`, deeper nesting is fine). Beside `chart/`:
//!
//! - `args` (optional): extra command-line arguments, one per line, given after
//!   `template rel chart` (an empty line is an empty argument).
//! - `positional` (optional): the arguments that replace `rel chart`, one per
//!   line (`chart` alone to test `--name-template` or `--generate-name`).
//! - `helm3.stdout`, `helm3.stderr`, `helm3.code`: what Helm v3.17.3 printed and
//!   its exit code; the same with `helm4.*` for Helm v4.1.4. A version is checked
//!   when its `.code` file exists (a missing `.stdout`/`.stderr` means empty).
//!
//! For each case and version the runner starts our binary in the case directory as
//! `shipshape template rel chart ARGS... [--helm-compat 3]` (the flag only for
//! Helm 3) with `TZ=UTC`, no stdin, and compares stdout, stderr and the exit code
//! byte for byte. Record or refresh expectations with `tests/golden/new-case.sh`
//! and `tests/golden/regen.sh` (they run the real Helm binaries).
//!
//! # Known failures
//!
//! `tests/golden/known-failures.txt` lists results expected to fail for now, one
//! `SUITE/NAME helm4  # reason` per line (`helm3`, `helm4`, or `helm*` for both;
//! `#` starts a comment). The run fails when a result outside the list fails, and
//! also when a listed result now passes or names a case that does not exist
//! (delete those lines).
//!
//! # Environment
//!
//! - `GOLDEN_FILTER=substring`: run only cases whose name contains it (a
//!   positional test filter, `cargo test --test golden lang-vars`, does the same).
//! - `GOLDEN_UPDATE_KNOWN=1`: rewrite `known-failures.txt` with the current
//!   failures (keeping existing reasons) instead of failing.
//! - `GOLDEN_VERBOSE=1`: also print diffs of known failures.
//! - `GOLDEN_JOBS=N`: worker threads (default: available parallelism, at most 8).
//! - `GOLDEN_BIN=path`: run this binary instead of the freshly built `shipshape`
//!   (`tests/golden/replay-helm.sh` replays the recordings, to test the runner).
//!
//! The closing line is `golden: N passed, N failed, N skipped` (CI parses it): results listed in
//! known-failures.txt count as skipped, every other mismatch (or stale listing) as failed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Helm major versions with recorded expectations.
const VERSIONS: [u8; 2] = [3, 4];
/// A run taking longer than this is killed and reported as a failure.
const TIMEOUT: Duration = Duration::from_secs(300);
/// Diff lines printed per failure; the rest is elided.
const MAX_DIFF_LINES: usize = 40;
/// Unexpected failures printed with a diff; the rest are only named.
const MAX_DIFFS: usize = 60;

fn main() -> ExitCode {
    self_check();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    // A libtest-style positional filter (`cargo test NAME`) narrows the run too,
    // so unrelated `cargo test value::` runs do not start every golden case.
    let filter = std::env::var("GOLDEN_FILTER")
        .ok()
        .or_else(|| std::env::args().skip(1).find(|a| !a.starts_with('-')))
        .unwrap_or_default();
    let update = std::env::var_os("GOLDEN_UPDATE_KNOWN").is_some_and(|v| v != "0" && !v.is_empty());
    let verbose = std::env::var_os("GOLDEN_VERBOSE").is_some_and(|v| v != "0" && !v.is_empty());
    let bin = std::env::var_os("GOLDEN_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_shipshape")));

    let all_cases = discover(&root);
    let known_path = root.join("known-failures.txt");
    let known_text = std::fs::read_to_string(&known_path).unwrap_or_default();
    let known = match parse_known(&known_text) {
        Ok(k) => k,
        Err(e) => {
            println!("known-failures.txt: {e}");
            return ExitCode::FAILURE;
        }
    };

    let jobs: Vec<Job> = all_cases
        .iter()
        .filter(|c| c.contains(filter.as_str()))
        .flat_map(|c| {
            let dir = root.join(c);
            VERSIONS
                .into_iter()
                .filter(move |v| dir.join(format!("helm{v}.code")).is_file())
                .map(move |v| Job {
                    case: c.clone(),
                    version: v,
                })
        })
        .collect();

    let results = run_all(&bin, &root, &jobs);
    let failures: BTreeMap<Key, Failure> = results
        .into_iter()
        .filter_map(|(job, r)| r.err().map(|f| ((job.case, job.version), f)))
        .collect();
    let ran: BTreeSet<Key> = jobs.iter().map(|j| (j.case.clone(), j.version)).collect();
    let verdict = judge(&known, &ran, &failures, filter.is_empty());

    let mut shown = 0;
    for key in &verdict.unexpected {
        if shown < MAX_DIFFS {
            print!("{}", failures[key].render(&key.0, key.1));
            shown += 1;
        } else {
            println!("FAIL {} helm{} (diff not shown)", key.0, key.1);
        }
    }
    if verbose {
        for key in failures.keys().filter(|k| known.contains_key(*k)) {
            print!("{}", failures[key].render(&key.0, key.1));
        }
    }
    for (case, version) in &verdict.stale {
        println!("STALE known failure, delete from known-failures.txt: {case} helm{version}");
    }

    let failed = failures.len();
    let expected = failed - verdict.unexpected.len();
    println!();
    println!(
        "golden: {} of {} results match Helm byte for byte; {} differ, {} of them listed in known-failures.txt",
        jobs.len() - failed,
        jobs.len(),
        failed,
        expected
    );
    if !verdict.stale.is_empty() {
        println!(
            "golden: {} listed results pass or no longer exist (see STALE above)",
            verdict.stale.len()
        );
    }
    // The closing line CI reads: a listed (known, documented) mismatch is
    // an expected failure, reported as skipped; any other mismatch fails.
    println!(
        "golden: {} passed, {} failed, {} skipped",
        jobs.len() - failed,
        verdict.unexpected.len() + verdict.stale.len(),
        expected
    );

    if update {
        let text = render_known(&known, &ran, &failures);
        if let Err(e) = std::fs::write(&known_path, text) {
            println!("cannot write {}: {e}", known_path.display());
            return ExitCode::FAILURE;
        }
        println!("rewrote {}", known_path.display());
        return ExitCode::SUCCESS;
    }
    if verdict.unexpected.is_empty() && verdict.stale.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A result's identity: case name (`SUITE/NAME`) and Helm major version.
type Key = (String, u8);

/// One run to make: a case against one Helm version's expectations.
#[derive(Clone)]
struct Job {
    case: String,
    version: u8,
}

/// Finds every case directory below `root`, as `/`-separated relative names, sorted.
fn discover(root: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut subdirs: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        subdirs.sort();
        for sub in subdirs {
            if sub.join("chart").is_dir() {
                if let Ok(rel) = sub.strip_prefix(root) {
                    let parts: Vec<String> = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    out.push(parts.join("/"));
                }
            } else {
                walk(root, &sub, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

/// Splits an `args` file into arguments: one per line, the final newline optional.
fn parse_args(text: &str) -> Vec<String> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    if text.is_empty() {
        return Vec::new();
    }
    body.split('\n').map(str::to_owned).collect()
}

/// Parses known-failures.txt into `(case, version) -> reason`.
fn parse_known(text: &str) -> Result<BTreeMap<Key, String>, String> {
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let (body, reason) = match line.split_once('#') {
            Some((b, r)) => (b, r.trim()),
            None => (line, ""),
        };
        let words: Vec<&str> = body.split_whitespace().collect();
        let versions: &[u8] = match words.as_slice() {
            [] => continue,
            [_, "helm3"] => &[3],
            [_, "helm4"] => &[4],
            [_, "helm*"] => &[3, 4],
            _ => {
                return Err(format!(
                    "line {}: expected `SUITE/NAME helm3|helm4|helm*  # reason`",
                    n + 1
                ));
            }
        };
        for &v in versions {
            out.insert((words[0].to_owned(), v), reason.to_owned());
        }
    }
    Ok(out)
}

/// Writes known-failures.txt: entries for cases not run this time are kept as they
/// were, the rest become exactly the current failures (old reasons kept).
fn render_known(
    known: &BTreeMap<Key, String>,
    ran: &BTreeSet<Key>,
    failures: &BTreeMap<Key, Failure>,
) -> String {
    let mut entries: BTreeMap<Key, String> = known
        .iter()
        .filter(|(k, _)| !ran.contains(*k))
        .map(|(k, r)| (k.clone(), r.clone()))
        .collect();
    for key in failures.keys() {
        let reason = known.get(key).cloned().unwrap_or_default();
        entries.insert(key.clone(), reason);
    }
    let mut text = String::from(
        "# Golden results expected to fail for now: `SUITE/NAME helm3|helm4|helm*  # reason`.\n\
         # The golden test fails when a result outside this list fails or a listed one passes.\n\
         # Regenerate with GOLDEN_UPDATE_KNOWN=1 cargo test --test golden.\n",
    );
    // One `helm*` line when both versions fail for the same reason.
    let mut lines: Vec<(String, String, String)> = Vec::new();
    for ((case, version), reason) in entries {
        match lines.last_mut() {
            Some((c, v, r)) if *c == case && *r == reason && v == "helm3" && version == 4 => {
                *v = "helm*".into()
            }
            _ => lines.push((case, format!("helm{version}"), reason)),
        }
    }
    for (case, version, reason) in lines {
        if reason.is_empty() {
            let _ = writeln!(text, "{case} {version}");
        } else {
            let _ = writeln!(text, "{case} {version}  # {reason}");
        }
    }
    text
}

/// What the run means against the known-failures list.
#[derive(Debug, PartialEq)]
struct Verdict {
    /// Failures not listed as known.
    unexpected: Vec<Key>,
    /// Listed results that passed, or (when every case ran) name no existing case.
    stale: Vec<Key>,
}

/// Sorts failures into unexpected ones and stale known-failure entries.
fn judge(
    known: &BTreeMap<Key, String>,
    ran: &BTreeSet<Key>,
    failures: &BTreeMap<Key, Failure>,
    complete_run: bool,
) -> Verdict {
    let unexpected = failures
        .keys()
        .filter(|k| !known.contains_key(*k))
        .cloned()
        .collect();
    // Unrun entries are stale only when every case ran: the case or its
    // recording is gone. A filtered run says nothing about them.
    let stale = known
        .keys()
        .filter(|k| {
            if ran.contains(*k) {
                !failures.contains_key(*k)
            } else {
                complete_run
            }
        })
        .cloned()
        .collect();
    Verdict { unexpected, stale }
}

/// What one run produced.
struct Output {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    /// Exit code; `None` when killed by a signal or the timeout.
    code: Option<i32>,
    note: String,
}

/// A mismatch between Helm's recording and our output.
#[derive(Debug)]
struct Failure {
    /// Which streams differ, in check order (`stdout`, `stderr`, `code`).
    parts: Vec<&'static str>,
    /// Unified diff (or one-line description) of the first mismatch.
    detail: String,
}

impl Failure {
    fn render(&self, case: &str, version: u8) -> String {
        let verb = if self.parts.len() == 1 {
            "differs"
        } else {
            "differ"
        };
        let mut s = format!(
            "FAIL {case} helm{version}: {} {verb}\n",
            self.parts.join(", ")
        );
        for line in self.detail.lines() {
            let _ = writeln!(s, "  {line}");
        }
        s
    }
}

/// Compares one recording with one run; `Err` describes the first mismatch.
fn compare(
    version: u8,
    exp_stdout: &[u8],
    exp_stderr: &[u8],
    exp_code: &str,
    got: &Output,
) -> Result<(), Failure> {
    let exp_code = exp_code.trim();
    let got_code = got
        .code
        .map_or_else(|| "none".to_owned(), |c| c.to_string());
    let mut parts = Vec::new();
    let mut detail = String::new();
    if exp_stdout != got.stdout.as_slice() {
        parts.push("stdout");
        detail = diff(&format!("helm{version}.stdout"), exp_stdout, &got.stdout);
    }
    if exp_stderr != got.stderr.as_slice() {
        parts.push("stderr");
        if detail.is_empty() {
            detail = diff(&format!("helm{version}.stderr"), exp_stderr, &got.stderr);
        }
    }
    if exp_code != got_code {
        parts.push("code");
        if detail.is_empty() {
            detail = format!("exit code: expected {exp_code}, got {got_code}\n");
        }
    }
    if parts.is_empty() {
        return Ok(());
    }
    if !got.note.is_empty() {
        detail = format!("{}\n{detail}", got.note);
    }
    Err(Failure { parts, detail })
}

/// A short unified diff, expected (Helm) against actual (shipshape).
fn diff(name: &str, expected: &[u8], actual: &[u8]) -> String {
    let e = String::from_utf8_lossy(expected);
    let a = String::from_utf8_lossy(actual);
    let text = similar::TextDiff::from_lines(e.as_ref(), a.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (helm)"), "shipshape")
        .missing_newline_hint(true)
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = lines
        .iter()
        .take(MAX_DIFF_LINES)
        .fold(String::new(), |mut s, l| {
            let _ = writeln!(s, "{l}");
            s
        });
    if lines.len() > MAX_DIFF_LINES {
        let _ = writeln!(
            out,
            "... ({} more diff lines)",
            lines.len() - MAX_DIFF_LINES
        );
    }
    out
}

/// Runs every job on a few worker threads; results come back in job order.
fn run_all(bin: &Path, root: &Path, jobs: &[Job]) -> Vec<(Job, Result<(), Failure>)> {
    let workers = std::env::var("GOLDEN_JOBS")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get().min(8)))
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<(), Failure>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let r = run_one(bin, &root.join(&job.case), job.version);
                    if let Ok(mut all) = results.lock() {
                        all[i] = Some(r);
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    jobs.iter()
        .cloned()
        .zip(results)
        .map(|(job, r)| {
            let r = r.unwrap_or_else(|| {
                Err(Failure {
                    parts: vec!["run"],
                    detail: "worker lost".into(),
                })
            });
            (job, r)
        })
        .collect()
}

fn read_or_empty(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

/// Runs one case for one Helm version and compares with the recording.
fn run_one(bin: &Path, dir: &Path, version: u8) -> Result<(), Failure> {
    let mut args: Vec<String> = vec!["template".into()];
    match std::fs::read(dir.join("positional")) {
        Ok(text) => args.extend(parse_args(&String::from_utf8_lossy(&text))),
        Err(_) => args.extend(["rel".to_owned(), "chart".to_owned()]),
    }
    args.extend(parse_args(&String::from_utf8_lossy(&read_or_empty(
        &dir.join("args"),
    ))));
    if version == 3 {
        args.extend(["--helm-compat".to_owned(), "3".to_owned()]);
    }
    let got = execute(bin, dir, &args);
    let exp_code =
        String::from_utf8_lossy(&read_or_empty(&dir.join(format!("helm{version}.code"))))
            .into_owned();
    compare(
        version,
        &read_or_empty(&dir.join(format!("helm{version}.stdout"))),
        &read_or_empty(&dir.join(format!("helm{version}.stderr"))),
        &exp_code,
        &got,
    )
}

/// Starts `bin` in `dir`, collects its output, kills it after [`TIMEOUT`].
fn execute(bin: &Path, dir: &Path, args: &[String]) -> Output {
    let child = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env("TZ", "UTC")
        .env("HOME", "/nonexistent-shipshape-home")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            return Output {
                stdout: Vec::new(),
                stderr: Vec::new(),
                code: None,
                note: format!("cannot start {}: {e}", bin.display()),
            };
        }
    };
    // Drain both pipes on their own threads so a chatty child cannot block.
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    }
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let start = Instant::now();
    let mut note = String::new();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                note = format!("killed after {}s", TIMEOUT.as_secs());
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => {
                note = format!("wait failed: {e}");
                break None;
            }
        }
    };
    Output {
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        code: status.and_then(|s| s.code()),
        note,
    }
}

/// Checks the pure logic (args, known-failures, comparison) on fixed inputs at
/// every run, since this target has no libtest harness for unit tests.
fn self_check() {
    assert_eq!(parse_args(""), Vec::<String>::new());
    assert_eq!(parse_args("--set\na=1\n"), vec!["--set", "a=1"]);
    assert_eq!(parse_args("--set\n\nx"), vec!["--set", "", "x"]);

    let known = parse_known("# header\n\na/b helm4  # reason here\nc/d helm*\n").expect("valid");
    assert_eq!(
        known.get(&("a/b".to_owned(), 4)).map(String::as_str),
        Some("reason here")
    );
    assert!(
        known.contains_key(&("c/d".to_owned(), 3)) && known.contains_key(&("c/d".to_owned(), 4))
    );
    assert_eq!(known.len(), 3);
    assert!(parse_known("a/b helm5\n").is_err());
    assert!(parse_known("a/b\n").is_err());

    let out = |s: &str, e: &str, c: i32| Output {
        stdout: s.as_bytes().to_vec(),
        stderr: e.as_bytes().to_vec(),
        code: Some(c),
        note: String::new(),
    };
    assert!(compare(4, b"a\n", b"", "0\n", &out("a\n", "", 0)).is_ok());
    let f = compare(4, b"a\nb\n", b"", "0\n", &out("a\nc\n", "x", 1)).expect_err("differs");
    assert_eq!(f.parts, ["stdout", "stderr", "code"]);
    assert!(
        f.detail.contains("-b") && f.detail.contains("+c"),
        "{}",
        f.detail
    );
    let f = compare(3, b"", b"", "1", &out("", "", 0)).expect_err("code differs");
    assert_eq!(f.parts, ["code"]);
    assert!(f.detail.contains("expected 1, got 0"));

    let k = |c: &str, v: u8| (c.to_owned(), v);
    let fail = || Failure {
        parts: vec!["stdout"],
        detail: String::new(),
    };
    let ran: BTreeSet<Key> = [k("a/b", 3), k("a/b", 4), k("c/d", 4)].into();
    let failures: BTreeMap<Key, Failure> = [(k("a/b", 4), fail()), (k("c/d", 4), fail())]
        .into_iter()
        .collect();
    let known = parse_known("a/b helm*\nx/gone helm4\n").expect("valid");
    let v = judge(&known, &ran, &failures, true);
    assert_eq!(v.unexpected, vec![k("c/d", 4)]);
    assert_eq!(v.stale, vec![k("a/b", 3), k("x/gone", 4)]);
    // A filtered run says nothing about cases it did not run.
    let v = judge(&known, &ran, &failures, false);
    assert_eq!(v.stale, vec![k("a/b", 3)]);

    let text = render_known(&known, &ran, &failures);
    let again = parse_known(&text).expect("rendered file parses");
    assert_eq!(
        again.keys().cloned().collect::<Vec<_>>(),
        vec![k("a/b", 4), k("c/d", 4), k("x/gone", 4)]
    );
    let both: BTreeMap<Key, Failure> = [(k("a/b", 3), fail()), (k("a/b", 4), fail())]
        .into_iter()
        .collect();
    let text = render_known(&BTreeMap::new(), &ran, &both);
    assert!(text.ends_with("\na/b helm*\n"), "{text}");
}
