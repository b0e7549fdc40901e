//! The hand-written schema pages document exactly the fields the core's types accept,
//! in both languages, and every guide page with a Rust block is run as a doc test.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use iuran_docs::schema::{Kind, documented, fields_of};
use iuran_docs::{Lang, RUST_PAGES};

fn site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../site")
}

#[test]
fn schema_pages_document_every_field_and_no_other() {
    for lang in Lang::ALL {
        let path = site().join(lang.code()).join("src/reference/schema.md");
        let page = std::fs::read_to_string(&path).unwrap();
        for kind in Kind::ALL {
            let want = kind.fields();
            let have = documented(&page, kind);
            let missing: Vec<_> = want.difference(&have).collect();
            let unknown: Vec<_> = have.difference(&want).collect();
            assert!(
                missing.is_empty() && unknown.is_empty(),
                "{} ({}): fields the core has but the page does not document: {missing:?}; \
                 fields the page documents but the core does not have: {unknown:?}",
                path.display(),
                kind.marker()
            );
        }
    }
}

#[test]
fn field_lists_come_from_the_types() {
    // Hand-checked against core/src/policy.rs: a change there must fail here or in the
    // page check above, never pass silently.
    assert_eq!(
        fields_of::<iuran::policy::AgeBand>(),
        ["min", "max", "rule", "date"]
    );
    let policy = Kind::Policy.fields();
    for path in [
        "id",
        "coverage.start",
        "eligibility.age.min",
        "funding[].budget",
        "allocation.tie_break",
    ] {
        assert!(policy.contains(path), "{path} missing from {policy:?}");
    }
    assert!(!policy.contains("coverage"), "tables are not leaves");
    let rates = Kind::Rates.fields();
    assert!(rates.contains("income.bracket[].basis"), "{rates:?}");
    assert!(rates.contains("rate[].percent"), "{rates:?}");
}

#[test]
fn every_page_with_a_rust_block_is_a_doc_test() {
    let mut with_rust = BTreeSet::new();
    for lang in Lang::ALL {
        let src = site().join(lang.code()).join("src");
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    if text.lines().any(|l| l.trim_start().starts_with("```rust")) {
                        let rel = path
                            .strip_prefix(site())
                            .unwrap()
                            .to_string_lossy()
                            .replace('\\', "/");
                        with_rust.insert(rel);
                    }
                }
            }
        }
    }
    let listed: BTreeSet<String> = RUST_PAGES.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(
        with_rust, listed,
        "list the pages in docs/gen/src/lib.rs (guide_doctests!)"
    );
}
