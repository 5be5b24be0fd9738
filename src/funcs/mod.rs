//! Sprig's and Helm's pure functions as [`Function`] tables, one file per
//! family. Helm's functions that need the engine (`include`, `tpl`,
//! `required`'s position) are wired in `render`.

mod yaml;

use crate::template::func::Function;

/// Every Sprig and Helm pure function known to this module.
pub fn all() -> Vec<Function> {
    let families: Vec<Vec<Function>> = vec![yaml::functions()];
    families.into_iter().flatten().collect()
}
