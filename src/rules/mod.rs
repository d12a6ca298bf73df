//! Built-in rules, one file each, grouped by category. `data` holds the engine for rules that
//! users declare in TOML files (`line` and `phrase` kinds).

pub mod data;
pub mod debris;
pub mod joins;
pub mod repetition;
pub mod unicode;

#[cfg(test)]
pub(crate) mod testing;
