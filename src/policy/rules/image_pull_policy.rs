//! # image-pull-policy (warning)
//!
//! ## What it does
//! Flags `imagePullPolicy: Never`, and `imagePullPolicy: IfNotPresent` on an
//! image with a mutable tag (none or `latest`). Kubernetes defaults the
//! policy to `Always` for such images and `IfNotPresent` otherwise, which is
//! right: only explicit settings that defeat it are flagged (Kyverno's
//! `imagepullpolicy-always` asks the same of `latest` images).
//!
//! ## Why is this bad?
//! `Never` runs whatever happens to be cached on the node (or fails to
//! start); `IfNotPresent` with a moving tag runs a different image on each
//! node, depending on when it first pulled.
//!
//! ## How to fix
//! Pin the image to a version tag or digest, and remove `imagePullPolicy`
//! or set `IfNotPresent`.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "image-pull-policy",
    severity: Severity::Warning,
    summary: "imagePullPolicy must not be Never, nor IfNotPresent with a mutable tag",
    source: include_str!("image_pull_policy.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  containers:\n    - name: app\n      image: nginx:1.27\n      imagePullPolicy: Never\n"
    ),
    pss: None,
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    pod.containers
        .iter()
        .filter_map(|c| {
            let policy = c.get(&["imagePullPolicy"])?.as_str()?;
            let image = c.get(&["image"]).and_then(Value::as_str).unwrap_or("");
            let message = match policy {
                "Never" => format!("container {} sets imagePullPolicy Never: the image must already be on the node", quote(c.name)),
                "IfNotPresent" if super::image_tag::mutable(image) => format!(
                    "container {} sets imagePullPolicy IfNotPresent on the mutable image {}: nodes may run different images",
                    quote(c.name),
                    quote(image)
                ),
                _ => return None,
            };
            Some(hit(c.ptr(&["imagePullPolicy"]), message))
        })
        .collect()
}
