//! # env-secret (warning)
//!
//! ## What it does
//! Flags an environment variable whose name looks like a credential
//! (contains `PASSWORD`, `PASSWD`, `SECRET`, `TOKEN`, `CREDENTIAL`,
//! `APIKEY`, or has a `KEY`/`PWD` word such as `API_KEY`) and whose value is
//! written literally in `value` (kube-linter `env-var-secret`). Names ending
//! in `_FILE`, `_PATH`, `_NAME`, `_ID`, `_URL`, `_USER` or similar name the
//! secret, not the secret itself, and are not flagged.
//!
//! ## Why is this bad?
//! Literal values end up in the chart's values, in `helm get manifest`, in
//! every diff and every log of the rendered manifests.
//!
//! ## How to fix
//! Put the value in a Secret and use `valueFrom.secretKeyRef`.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "env-secret",
    severity: Severity::Warning,
    summary: "Secrets must not be written as literal environment values",
    source: include_str!("env_secret.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  containers:\n    - name: app\n      image: nginx:1.27\n      env:\n        - name: DB_PASSWORD\n          value: hunter2\n"
    ),
    pss: None,
    enabled: true,
    check,
};

/// Whether an environment variable name looks like it holds a credential.
pub(crate) fn secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let Some(last) = words.last() else {
        return false;
    };
    const REFERENCES: &[&str] = &[
        "FILE",
        "PATH",
        "NAME",
        "ID",
        "URL",
        "URI",
        "USER",
        "USERNAME",
        "HOST",
        "PORT",
        "REF",
        "DIR",
        "ENABLED",
        "LENGTH",
        "TTL",
        "TIMEOUT",
        "ALGORITHM",
        "TYPE",
    ];
    if REFERENCES.contains(last) {
        return false;
    }
    const FRAGMENTS: &[&str] = &[
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "CREDENTIAL",
        "APIKEY",
        "PRIVATEKEY",
    ];
    FRAGMENTS.iter().any(|f| upper.contains(f))
        || words.iter().any(|w| matches!(*w, "KEY" | "PWD" | "PASS"))
}

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for c in &pod.containers {
        let Some(env) = c.get(&["env"]).and_then(Value::as_array) else {
            continue;
        };
        for (i, var) in env.iter().enumerate() {
            let name = var.get("name").and_then(Value::as_str).unwrap_or("");
            if non_empty_str(var.get("value")).is_some() && secret_name(name) {
                hits.push(hit(
                    c.ptr(&["env", &i.to_string(), "value"]),
                    format!(
                        "container {} sets {} as a literal value: use valueFrom.secretKeyRef",
                        quote(c.name),
                        quote(name)
                    ),
                ));
            }
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_names() {
        let cases = [
            ("DB_PASSWORD", true),
            ("api_key", true),
            ("GITHUB_TOKEN", true),
            ("client-secret", true),
            ("AWS_SECRET_ACCESS_KEY", true),
            ("AWS_ACCESS_KEY_ID", false),
            ("PASSWORD_FILE", false),
            ("SECRET_NAME", false),
            ("KEYCLOAK_URL", false),
            ("CACHE_KEY", true),
            ("LOG_LEVEL", false),
            ("", false),
        ];
        for (name, want) in cases {
            assert_eq!(secret_name(name), want, "{name}");
        }
    }
}
