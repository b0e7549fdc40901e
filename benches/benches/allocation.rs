//! Budget allocation at scale: 10^6 eligible workers with distinct declared incomes
//! under two ceilings that bind ([`iuran::Policy::allocate`]). The target is one second.
//!
//! Each iteration checks the answer with [`Roster::check`]: for the paired roster the
//! answer worked out by hand (the first 800,000 workers funded, each budget spent to
//! the rupiah, the last 200,000 waiting in roster order); for the shuffled one every
//! ceiling and allowed source, with costs computed apart from the library.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iuran_benches::allocation::Roster;

const N: usize = 1_000_000;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("allocation");
    group.sample_size(10);
    group.throughput(Throughput::Elements(N as u64));
    for (name, roster) in [
        ("paired_1e6", Roster::paired(N)),
        ("shuffled_1e6", Roster::shuffled(N, 11)),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let placements = roster.policy.allocate(black_box(&roster.candidates));
                black_box(roster.check(&placements));
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
