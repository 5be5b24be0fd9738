//! placeholder
use crate::template::func::Function;
pub(crate) fn functions() -> Vec<Function> {
    vec![]
}
