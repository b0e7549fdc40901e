//! A TOML policy: parsed and compiled, or refused with an error; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(policy) = iuran::Policy::from_toml(text)
    {
        // A compiled policy prices a worker without panicking.
        let _ = policy.worker_cost(None, None);
        let _ = policy.lint();
    }
});
