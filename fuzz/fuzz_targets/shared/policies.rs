//! The example policies the evaluation targets decide rosters under.

/// The five example programmes' TOML.
pub const POLICIES: [&str; 5] = [
    include_str!("../../../examples/policies/tegal-2025.toml"),
    include_str!("../../../examples/policies/jember-2025.toml"),
    include_str!("../../../examples/policies/pemalang-2025.toml"),
    include_str!("../../../examples/policies/temanggung-2025.toml"),
    include_str!("../../../examples/policies/trenggalek-2025.toml"),
];
