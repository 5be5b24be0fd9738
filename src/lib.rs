//! shipshape: render Helm charts exactly as Helm does, then validate, police
//! and diff the result before it reaches a cluster.
//!
//! Layers, with dependencies pointing down only:
//! `cli -> app -> render -> {chart, funcs -> template} -> value`.

pub mod app;
pub mod chart;
pub mod cli;
pub mod compat;
pub mod diag;
pub mod diff;
pub mod funcs;
pub mod manifest;
pub mod policy;
pub mod render;
pub mod report;
pub mod template;
pub mod validate;
pub mod value;
