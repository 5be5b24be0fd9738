//! Sprig's and Helm's pure functions as [`Function`] tables, one file per
//! family. Helm's functions that need the engine (`include`, `tpl`,
//! `required`'s position) are wired in `render`.

pub(crate) mod case;
pub(crate) mod encoding;
pub(crate) mod paths;
pub(crate) mod regex;
pub(crate) mod strings;
pub(crate) mod url;

use crate::template::func::Function;

/// Every Sprig and Helm pure function known to this module.
pub fn all() -> Vec<Function> {
    let families: &[&[Function]] = &[
        &strings::functions(),
        &regex::functions(),
        &paths::functions(),
        &encoding::functions(),
        &url::functions(),
    ];
    families.iter().flat_map(|f| f.iter().cloned()).collect()
}
