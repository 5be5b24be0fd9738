//! Sprig's and Helm's pure functions as [`Function`] tables, one file per
//! family. Helm's functions that need the engine (`include`, `tpl`,
//! `required`, `fail`, `lookup`) are wired in `render`.

pub mod conv;
pub mod defaults;
pub mod dicts;
pub mod lists;
pub mod math;
pub mod reflect;

mod yaml;

use crate::template::func::Function;

/// Functions only Helm 4 registers (`pkg/engine/funcs.go` at v4.0.0).
const HELM4_ONLY: &[&str] = &["mustToYaml"];

/// Every Sprig and Helm pure function known to this module.
pub fn all() -> Vec<Function> {
    let mut out: Vec<Function> = Vec::new();
    for family in [
        lists::FUNCTIONS,
        dicts::FUNCTIONS,
        defaults::FUNCTIONS,
        conv::FUNCTIONS,
        reflect::FUNCTIONS,
        math::FUNCTIONS,
    ] {
        out.extend(family.iter().cloned());
    }
    out.extend(yaml::functions());
    out
}

/// The functions the given Helm version registers.
pub fn for_helm(helm4: bool) -> Vec<Function> {
    all()
        .into_iter()
        .filter(|f| helm4 || !HELM4_ONLY.contains(&f.name))
        .collect()
}
