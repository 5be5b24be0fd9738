//! Sprig's and Helm's pure functions as [`Function`] tables, one file per
//! family. Helm's functions that need the engine (`include`, `tpl`,
//! `required`'s position) are wired in `render`.

use crate::template::func::Function;

mod json;
mod toml;

/// Every Sprig and Helm pure function known to this module.
pub fn all() -> Vec<Function> {
    let families: &[&[Function]] = &[json::FUNCTIONS, toml::FUNCTIONS];
    families.iter().flat_map(|f| f.iter().cloned()).collect()
}
