//! A scenario (TOML or JSON as the first byte says), applied to a real policy: a policy or
//! an error, never a panic; the policy it makes prices a worker.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn base() -> &'static iuran::Policy {
    static BASE: OnceLock<iuran::Policy> = OnceLock::new();
    BASE.get_or_init(|| {
        iuran::Policy::from_toml(include_str!("../../examples/policies/tegal-2025.toml"))
            .expect("the example policy is valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if let Ok(s) =
        iuran::Scenario::from_text(text, Some(if kind & 1 == 1 { "s.json" } else { "s.toml" }))
        && let Ok(p) = s.apply(base())
    {
        let _ = p.worker_cost(None, None);
    }
});
