//! The bytes a roster held in partitions crosses between processes in: a partition's
//! context, a list of candidates, the placements. Any bytes are read or refused, never
//! a panic; what is read writes back to the same bytes' meaning; a context read is
//! used to decide a partition (a placement naming a source that may not pay for the
//! row is refused), candidates read are allocated and their placements split into
//! contexts.
#![no_main]

use std::sync::OnceLock;

use iuran::Policy;
use iuran::batch::{Columns, Dates, Strings};
use iuran::partition::{Candidates, Layout, PartitionContext, Placements};
use libfuzzer_sys::fuzz_target;

#[path = "shared/policies.rs"]
mod policies;
use policies::POLICIES;

/// Tegal 2025 with budgets for three farmers and two fishers and both tie-breaks (so
/// candidates carry birth dates and deciles); the same on a declared income basis.
fn policies() -> &'static [Policy; 2] {
    static POLICIES_: OnceLock<[Policy; 2]> = OnceLock::new();
    POLICIES_.get_or_init(|| {
        let text = POLICIES[0]
            .replace("budget = \"480211200\"", "budget = \"201600\"")
            .replace("budget = \"67200000\"", "budget = \"134400\"")
            + "\n[allocation]\ntie_break = [\"lower_decile_first\", \"older_first\"]\n";
        let declared = text.replace("months = 4", "months = 4\nincome = \"declared\"");
        [
            Policy::from_toml(&text).expect("a valid policy"),
            Policy::from_toml(&declared).expect("a valid policy"),
        ]
    })
}

const NIK: [Option<&str>; 8] = [
    Some("3328011203700001"),
    Some("3328015003800002"),
    Some("3328011203700001"),
    Some("3328016504650003"),
    None,
    Some("3328011203700009"),
    Some("3328011203700010"),
    Some("3328011203700011"),
];
const BIRTH: [Option<&str>; 8] = [Some("1970-03-12"); 8];
const REGENCY: [Option<&str>; 8] = [Some("3328"); 8];
const SECTOR: [Option<&str>; 8] = [
    Some("nelayan"),
    Some("Petani Tembakau"),
    Some("nelayan"),
    Some("pedagang"),
    Some("nelayan"),
    Some("petani cengkeh"),
    Some("nelayan"),
    Some("Petani Tembakau"),
];
const INCOME: [Option<&str>; 8] = [Some("2500000"); 8];

fn columns(len: usize) -> Columns<'static> {
    Columns {
        len,
        nik: Some(Strings::Slice(&NIK[..len])),
        birth_date: Some(Dates::Text(Strings::Slice(&BIRTH[..len]))),
        regency: Some(Strings::Slice(&REGENCY[..len])),
        sector: Some(Strings::Slice(&SECTOR[..len])),
        declared_income: Some(iuran::batch::Amounts::Text(Strings::Slice(&INCOME[..len]))),
        ..Columns::default()
    }
}

fuzz_target!(|data: &[u8]| {
    let [kind, which, rest @ ..] = data else {
        return;
    };
    let policy = &policies()[usize::from(which & 1)];
    match kind % 3 {
        0 => {
            let bytes = [b"iuranPC3".as_slice(), rest].concat();
            let Ok(context) = PartitionContext::from_bytes(&bytes) else {
                return;
            };
            assert_eq!(
                PartitionContext::from_bytes(&context.to_bytes()).as_ref(),
                Ok(&context)
            );
            // A partition of the rows the context claims, when it is small.
            let Some(len) = usize::try_from(context.rows)
                .ok()
                .filter(|&n| n <= NIK.len())
            else {
                return;
            };
            let part = columns(len);
            if let Ok(out) = policy.evaluate_partition(&part, &context) {
                assert_eq!(out.eligible.len(), len);
                for i in 0..len {
                    // Every funded row's source may pay for it: its explanation lists
                    // charges that add up to its cost.
                    let decision = policy.explain_row(&part, &out, i);
                    assert_eq!(decision.eligible, out.eligible[i]);
                }
            }
            let half = context.rows / 2;
            if let Ok(slice) = context.slice(half, context.rows - half) {
                assert_eq!(slice.rows, context.rows - half);
            }
        }
        1 => {
            let bytes = [b"iuranCA3".as_slice(), rest].concat();
            let Ok(candidates) = Candidates::from_bytes(policy, &bytes) else {
                return;
            };
            assert_eq!(
                Candidates::from_bytes(policy, &candidates.to_bytes()).as_ref(),
                Ok(&candidates)
            );
            let Ok(placements) = policy.allocate_partitions([candidates]) else {
                return;
            };
            assert_eq!(
                Placements::from_bytes(&placements.to_bytes()).as_ref(),
                Ok(&placements)
            );
            // A layout's rows are counted in 64 bits: a row on the last number has none.
            let Some(rows) = placements
                .rows
                .last()
                .map_or(Some(0), |p| p.0.checked_add(1))
            else {
                return;
            };
            let layout = Layout::new(vec![rows / 2, rows - rows / 2]);
            let contexts = layout
                .contexts(&[], Some(&placements))
                .expect("every row placed is in the layout");
            assert_eq!(
                contexts
                    .iter()
                    .map(|c| c.placements.as_ref().map_or(0, Vec::len))
                    .sum::<usize>(),
                placements.rows.len()
            );
        }
        _ => {
            let bytes = [b"iuranPL3".as_slice(), rest].concat();
            let Ok(placements) = Placements::from_bytes(&bytes) else {
                return;
            };
            assert_eq!(
                Placements::from_bytes(&placements.to_bytes()).as_ref(),
                Ok(&placements)
            );
            let lengths = vec![u64::from(*which), 3, u64::from(*kind)];
            let _ = Layout::new(lengths).context_bytes(&[], Some(&placements));
        }
    }
});
