//! `--post-renderer`: Helm 3 pipes the rendered manifests through an
//! executable (`pkg/postrender/exec.go`); Helm 4 only runs post-renderer
//! plugins, which shipshape does not load.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::render::Compat;

/// A resolved Helm 3 post-renderer: the executable's absolute path and its
/// arguments.
#[derive(Debug, Clone)]
pub(crate) struct PostRenderer {
    path: PathBuf,
    args: Vec<String>,
}

/// Resolves `--post-renderer NAME` as Helm resolves it while parsing the
/// flag; the error is the text after `Error: `. An empty name means none.
pub(crate) fn resolve(
    name: &str,
    args: &[String],
    compat: Compat,
) -> Result<Option<PostRenderer>, String> {
    if name.is_empty() {
        return Ok(None);
    }
    let invalid = |detail: String| {
        format!(
            "invalid argument {} for \"--post-renderer\" flag: {detail}",
            crate::render::go_quote(name)
        )
    };
    match compat {
        Compat::Helm4 => {
            // Helm 4 looks the name up among installed `postrenderer/v1`
            // plugins (pkg/cmd/flags.go); executables are no longer run.
            if let Some(dir) = installed_plugin(name) {
                return Err(format!(
                    "post-renderer plugin {name} is installed at {}, but shipshape does not run Helm 4 plugins; \
                     run it yourself on shipshape's output, or use --helm-compat 3 with an executable",
                    dir.display()
                ));
            }
            Err(invalid(format!(
                "plugin: {{Name:{name} Type:postrenderer/v1}} not found"
            )))
        }
        Compat::Helm3 => {
            let found = look_path(name).map_err(|e| {
                invalid(format!(
                    "unable to find binary at {name}: exec: {}: {e}",
                    crate::render::go_quote(name)
                ))
            })?;
            let path = go_abs(&found);
            Ok(Some(PostRenderer {
                path,
                args: args.to_vec(),
            }))
        }
    }
}

/// Go's `filepath.Abs`: joined to the working directory, then cleaned
/// lexically (`.` dropped, `..` applied) without resolving symlinks.
fn go_abs(path: &Path) -> PathBuf {
    use std::path::Component;
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The directory of an installed Helm 4 plugin called `name`, looked up in
/// `$HELM_PLUGINS` (a `:` list) or `$HELM_DATA_HOME/plugins`.
fn installed_plugin(name: &str) -> Option<PathBuf> {
    let dirs: Vec<PathBuf> = match std::env::var_os("HELM_PLUGINS") {
        Some(list) => std::env::split_paths(&list).collect(),
        None => {
            let data = std::env::var_os("HELM_DATA_HOME")
                .map(PathBuf::from)
                .or_else(|| {
                    std::env::var_os("XDG_DATA_HOME")
                        .map(|d| PathBuf::from(d).join("helm"))
                        .or_else(|| {
                            std::env::var_os("HOME")
                                .map(|h| PathBuf::from(h).join(".local/share/helm"))
                        })
                })?;
            vec![data.join("plugins")]
        }
    };
    dirs.into_iter().find_map(|dir| {
        let entries = std::fs::read_dir(&dir).ok()?;
        entries.filter_map(Result::ok).find_map(|entry| {
            let text = std::fs::read_to_string(entry.path().join("plugin.yaml")).ok()?;
            text.lines()
                .any(|l| {
                    l.trim() == format!("name: {name}") || l.trim() == format!("name: \"{name}\"")
                })
                .then(|| entry.path())
        })
    })
}

/// Go's `exec.LookPath`: a name with a `/` is checked as given, any other is
/// searched in `$PATH`. The error is Go's text after `exec: "NAME": `.
fn look_path(name: &str) -> Result<PathBuf, String> {
    if name.contains('/') {
        return find_executable(Path::new(name)).map(|()| PathBuf::from(name));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        let candidate = dir.join(name);
        if find_executable(&candidate).is_ok() {
            return Ok(candidate);
        }
    }
    Err("executable file not found in $PATH".to_string())
}

/// Go's `findExecutable`: exists, is not a directory, has an execute bit.
fn find_executable(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("stat {}: {}", path.display(), errno_text(&e)))?;
    if meta.is_dir() {
        return Err("is a directory".to_string());
    }
    if meta.permissions().mode() & 0o111 == 0 {
        return Err("permission denied".to_string());
    }
    Ok(())
}

/// An OS error as Go's `syscall.Errno` prints it.
fn errno_text(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(2) => "no such file or directory".to_string(),
        Some(13) => "permission denied".to_string(),
        Some(20) => "not a directory".to_string(),
        Some(8) => "exec format error".to_string(),
        Some(36) => "file name too long".to_string(),
        Some(40) => "too many levels of symbolic links".to_string(),
        _ => {
            let text = e.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }
}

/// Go's `os.ProcessState.String()` for a failed run: `exit status N` or
/// `signal: NAME`.
fn exit_text(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    let Some(signal) = status.signal() else {
        return "exit status -1".to_string();
    };
    let name = match signal {
        1 => "hangup".to_string(),
        2 => "interrupt".to_string(),
        3 => "quit".to_string(),
        4 => "illegal instruction".to_string(),
        6 => "aborted".to_string(),
        7 => "bus error".to_string(),
        8 => "floating point exception".to_string(),
        9 => "killed".to_string(),
        10 => "user defined signal 1".to_string(),
        11 => "segmentation fault".to_string(),
        12 => "user defined signal 2".to_string(),
        13 => "broken pipe".to_string(),
        14 => "alarm clock".to_string(),
        15 => "terminated".to_string(),
        n => format!("signal {n}"),
    };
    let core = if status.core_dumped() {
        " (core dumped)"
    } else {
        ""
    };
    format!("signal: {name}{core}")
}

impl PostRenderer {
    /// Runs the executable with `input` on stdin and returns its stdout; the
    /// error is Helm's message (`error while running post render on files: …`).
    pub(crate) fn run(&self, input: &str) -> Result<String, String> {
        let fail = |detail: String| {
            format!(
                "error while running post render on files: error while running command {}. error output:\n{detail}",
                self.path.display()
            )
        };
        let mut child = Command::new(&self.path)
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                fail(format!(
                    ": fork/exec {}: {}",
                    self.path.display(),
                    errno_text(&e)
                ))
            })?;
        // Feed stdin from a thread so a command that writes before it has
        // read everything cannot deadlock against us; like Helm, a command
        // that stops reading early is not an error.
        let writer = child.stdin.take().map(|mut stdin| {
            let input = input.as_bytes().to_vec();
            std::thread::spawn(move || {
                let _ = stdin.write_all(&input);
            })
        });
        let output = child
            .wait_with_output()
            .map_err(|e| fail(format!(": {}", errno_text(&e))))?;
        if let Some(writer) = writer {
            let _ = writer.join();
        }
        if !output.status.success() {
            return Err(fail(format!(
                "{}: {}",
                String::from_utf8_lossy(&output.stderr),
                exit_text(output.status)
            )));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(dir: &Path, name: &str, body: &str, mode: u32) -> String {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join(name);
        std::fs::write(&path, body).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path.display().to_string()
    }

    #[test]
    fn helm3_resolves_and_runs_like_exec_go() {
        let dir =
            std::env::temp_dir().join(format!("shipshape-post-render-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let upper = script(
            &dir,
            "upper.sh",
            "#!/bin/sh\necho \"$1\"\nsed s/a/A/\n",
            0o755,
        );
        let failing = script(&dir, "fail.sh", "#!/bin/sh\necho bad >&2\nexit 3\n", 0o755);
        let plain = script(&dir, "plain.sh", "cat\n", 0o644);
        let dir_name = dir.display().to_string();
        let missing = format!("{dir_name}/missing");
        let cases: &[(&str, &str, Result<&str, String>)] = &[
            (&upper, "a: 1\n", Ok("x\nA: 1\n")),
            (&failing, "", Err(format!(
                "error while running post render on files: error while running command {failing}. error output:\nbad\n: exit status 3"
            ))),
            (&plain, "", Err(format!(
                "invalid argument \"{plain}\" for \"--post-renderer\" flag: unable to find binary at {plain}: exec: \"{plain}\": permission denied"
            ))),
            (&dir_name, "", Err(format!(
                "invalid argument \"{dir_name}\" for \"--post-renderer\" flag: unable to find binary at {dir_name}: exec: \"{dir_name}\": is a directory"
            ))),
            (&missing, "", Err(format!(
                "invalid argument \"{missing}\" for \"--post-renderer\" flag: unable to find binary at {missing}: exec: \"{missing}\": stat {missing}: no such file or directory"
            ))),
            ("no-such-command-shipshape", "", Err(
                "invalid argument \"no-such-command-shipshape\" for \"--post-renderer\" flag: unable to find binary at no-such-command-shipshape: exec: \"no-such-command-shipshape\": executable file not found in $PATH".to_string()
            )),
        ];
        for (name, input, want) in cases {
            let got = resolve(name, &["x".to_string()], Compat::Helm3)
                .and_then(|p| p.map_or(Ok(String::new()), |p| p.run(input)));
            assert_eq!(
                got.as_deref().map_err(String::as_str),
                want.as_deref().map_err(String::as_str),
                "{name}"
            );
        }
        assert!(resolve("", &[], Compat::Helm3).unwrap().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn helm4_only_knows_plugins() {
        assert_eq!(
            resolve("cat", &[], Compat::Helm4).unwrap_err(),
            "invalid argument \"cat\" for \"--post-renderer\" flag: plugin: {Name:cat Type:postrenderer/v1} not found"
        );
        assert!(resolve("", &[], Compat::Helm4).unwrap().is_none());
    }

    #[test]
    fn abs_cleans_like_go() {
        let cases = [
            ("/a/./b/../c.sh", "/a/c.sh"),
            ("/a/b/../../c", "/c"),
            ("/../x", "/x"),
            ("/a//b", "/a/b"),
        ];
        for (input, want) in cases {
            assert_eq!(go_abs(Path::new(input)), PathBuf::from(want), "{input}");
        }
    }

    #[test]
    fn signals_print_as_go() {
        use std::os::unix::process::ExitStatusExt;
        let cases = [
            (std::process::ExitStatus::from_raw(3 << 8), "exit status 3"),
            (std::process::ExitStatus::from_raw(9), "signal: killed"),
            (std::process::ExitStatus::from_raw(15), "signal: terminated"),
        ];
        for (status, want) in cases {
            assert_eq!(exit_text(status), want);
        }
    }
}
