//! Sprig's and Helm's pure functions as [`Function`] tables, one file per
//! family. Helm's functions that need the engine (`include`, `tpl`,
//! `required`'s position) are wired in `render`.

use crate::template::func::Function;

pub(crate) mod dates;
pub(crate) mod golayout;
pub(crate) mod semver;
pub(crate) mod time;

/// Every Sprig and Helm pure function known to this module.
pub fn all() -> Vec<Function> {
    let families: &[&[Function]] = &[&dates::functions(), &semver::functions()];
    families.iter().flat_map(|f| f.iter().cloned()).collect()
}
