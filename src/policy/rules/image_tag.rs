//! # image-tag (warning)
//!
//! ## What it does
//! Flags a container image without a tag or with the tag `latest`, unless
//! it is pinned by digest (`name@sha256:...`) (kube-linter
//! `latest-tag`, Polaris `tagNotSpecified`).
//!
//! ## Why is this bad?
//! A mutable tag makes every node pull whatever the tag points to when the
//! pod starts: replicas run different code and rollbacks do not roll back.
//!
//! ## How to fix
//! Use a version tag (`nginx:1.27.3`) or a digest.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "image-tag",
    severity: Severity::Warning,
    summary: "Images must be pinned to a tag other than latest",
    source: include_str!("image_tag.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!("  containers:\n    - name: app\n      image: nginx:latest\n"),
    pss: None,
    enabled: true,
    check,
};

/// The tag of an image reference, `None` when it has none; digests are
/// reported as `Some("@")`-free: callers test [`has_digest`] first.
pub(crate) fn tag(image: &str) -> Option<&str> {
    let name = image.split('@').next().unwrap_or(image);
    let last = name.rsplit('/').next().unwrap_or(name);
    last.split_once(':').map(|(_, tag)| tag)
}

/// Whether the reference pins a digest.
pub(crate) fn has_digest(image: &str) -> bool {
    image.contains('@')
}

/// A tag that can move: none, or `latest`.
pub(crate) fn mutable(image: &str) -> bool {
    !has_digest(image) && tag(image).is_none_or(|t| t.is_empty() || t == "latest")
}

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    pod.containers
        .iter()
        .filter_map(|c| {
            let image = c.get(&["image"])?.as_str()?;
            if !mutable(image) {
                return None;
            }
            let message = match tag(image) {
                Some(t) if !t.is_empty() => format!(
                    "container {} uses image {} with the mutable tag {}",
                    quote(c.name),
                    quote(image),
                    quote(t)
                ),
                _ => format!(
                    "container {} uses image {} without a tag",
                    quote(c.name),
                    quote(image)
                ),
            };
            Some(hit(c.ptr(&["image"]), message))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_like_docker_references() {
        let cases = [
            ("nginx", true),
            ("nginx:latest", true),
            ("nginx:1.27", false),
            ("registry:5000/team/app", true),
            ("registry:5000/team/app:2.0", false),
            ("app@sha256:abc", false),
            ("app:latest@sha256:abc", false),
            ("app:", true),
        ];
        for (image, want) in cases {
            assert_eq!(mutable(image), want, "{image}");
        }
    }
}
