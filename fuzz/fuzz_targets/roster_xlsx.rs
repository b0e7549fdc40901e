//! Any bytes as an .xlsx workbook: a roster or an error, never a panic, never an
//! allocation by a declared size.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = iuran::Roster::from_xlsx(data);
});
