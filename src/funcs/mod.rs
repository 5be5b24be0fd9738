//! Sprig's and Helm's pure functions as [`Function`] tables, one file per
//! family. Helm's functions that need the engine (`include`, `tpl`,
//! `required`'s position) are wired in `render`.

pub mod conv;
pub mod defaults;
pub mod dicts;
pub mod lists;
pub mod math;
pub mod reflect;

use crate::template::func::Function;

/// Every Sprig and Helm pure function known to this module.
pub fn all() -> Vec<Function> {
    let families: &[&[Function]] = &[
        lists::FUNCTIONS,
        dicts::FUNCTIONS,
        defaults::FUNCTIONS,
        conv::FUNCTIONS,
        reflect::FUNCTIONS,
        math::FUNCTIONS,
    ];
    families.iter().flat_map(|f| f.iter().cloned()).collect()
}
