//! A rate table (whole, or a patch merged into the built-in one): a table or an error,
//! never a panic; a valid table prices any in-range income without overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let tables = [
        iuran::RateTable::from_toml(text),
        iuran::RateTable::builtin().merged(text),
    ];
    for table in tables.into_iter().flatten() {
        let most = Decimal::from(iuran::limits::MAX_DECLARED_INCOME);
        let basis = table.income.basis(Some(most));
        for rate in &table.rates {
            let amount = rate.exact_amount(basis);
            for a in &table.adjustments {
                let _ = amount * a.factor;
            }
        }
    }
});
