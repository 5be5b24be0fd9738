//! Sprig's and Helm's pure functions as [`Function`] tables, one file per
//! family. Helm's functions that need the engine (`include`, `tpl`,
//! `required`'s position) are wired in `render`.

pub(crate) mod crypto;
pub(crate) mod hash;
pub(crate) mod random;

use crate::template::func::Function;

/// Every Sprig and Helm pure function known to this module.
pub fn all() -> Vec<Function> {
    let families: &[&[Function]] = &[
        &crypto::functions(),
        &hash::functions(),
        &random::functions(),
    ];
    families.iter().flat_map(|f| f.iter().cloned()).collect()
}
