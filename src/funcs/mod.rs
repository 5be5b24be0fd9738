//! Sprig's and Helm's pure functions as [`Function`] tables, one file per
//! family. Helm's functions that need the engine (`include`, `tpl`,
//! `required`, `fail`, `lookup`, `getHostByName`) are wired in `render`.

pub mod conv;
mod crypto;
pub(crate) mod dates;
pub mod defaults;
pub mod dicts;
pub(crate) mod golayout;
mod hash;
mod json;
pub mod lists;
pub mod math;
mod random;
pub mod reflect;
pub(crate) mod semver;
pub(crate) mod time;
mod toml;
mod yaml;

pub(crate) mod case;
pub(crate) mod encoding;
pub(crate) mod paths;
pub(crate) mod regex;
pub(crate) mod strings;
pub(crate) mod url;

use crate::template::func::Function;

/// Functions only Helm 4 registers (`pkg/engine/funcs.go` at v4.0.0).
const HELM4_ONLY: &[&str] = &["mustToYaml"];

/// The families every Helm version shares.
fn common() -> Vec<Function> {
    let mut out: Vec<Function> = Vec::new();
    for family in [
        lists::FUNCTIONS,
        dicts::FUNCTIONS,
        defaults::FUNCTIONS,
        conv::FUNCTIONS,
        reflect::FUNCTIONS,
        math::FUNCTIONS,
        json::FUNCTIONS,
    ] {
        out.extend(family.iter().cloned());
    }
    out.extend(yaml::functions());
    out.extend(crypto::functions());
    out.extend(hash::functions());
    out.extend(random::functions());
    out.extend(dates::functions());
    out.extend(strings::functions());
    out.extend(regex::functions());
    out.extend(paths::functions());
    out.extend(encoding::functions());
    out.extend(url::functions());
    out
}

/// Every Sprig and Helm pure function known to this module, as Helm 4 has them.
pub fn all() -> Vec<Function> {
    for_helm(true)
}

/// The functions the given Helm version registers: Helm 4 adds `mustToYaml`,
/// encodes TOML with BurntSushi v1.5 (floats as `1e+06`) and reads semver
/// constraints with Masterminds/semver's newer rules.
pub fn for_helm(helm4: bool) -> Vec<Function> {
    let mut out: Vec<Function> = common()
        .into_iter()
        .filter(|f| helm4 || !HELM4_ONLY.contains(&f.name))
        .collect();
    out.extend(
        if helm4 {
            toml::FUNCTIONS_HELM4
        } else {
            toml::FUNCTIONS
        }
        .iter()
        .cloned(),
    );
    out.extend(semver::functions_for(if helm4 {
        semver::Dialect::Helm4
    } else {
        semver::Dialect::Helm3
    }));
    out
}
