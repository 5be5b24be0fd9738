//! # image-digest (warning, off by default)
//!
//! ## What it does
//! Flags a container image not pinned by digest (`name@sha256:...`).
//! Enable it in `shipshape.yaml` where supply-chain pinning is required.
//!
//! ## Why is this bad?
//! Even version tags can be re-pushed; only a digest names exactly one
//! image.
//!
//! ## How to fix
//! Append the digest: `nginx:1.27.3@sha256:...`.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "image-digest",
    severity: Severity::Warning,
    summary: "Images must be pinned by digest (off by default)",
    source: include_str!("image_digest.rs"),
    compliant: COMPLIANT,
    failing: BARE_POD,
    pss: None,
    enabled: false,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    pod.containers
        .iter()
        .filter_map(|c| {
            let image = c.get(&["image"])?.as_str()?;
            (!super::image_tag::has_digest(image)).then(|| {
                hit(
                    c.ptr(&["image"]),
                    format!(
                        "container {} uses image {} without a digest",
                        quote(c.name),
                        quote(image)
                    ),
                )
            })
        })
        .collect()
}
