//! What a covered worker's family would receive, in one language
//! ([`iuran::benefits`]): the outreach illustration.

use iuran::Lang;
use rust_decimal::Decimal;
use serde::Serialize;
use tsify::Tsify;

fn pick(lang: Lang, id: &str, en: &str) -> String {
    match lang {
        Lang::Id => id.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// What the family would receive for a death in one month of coverage.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Illustration {
    /// Whether the month is covered at all (and the programme buys the benefit).
    pub covered: bool,
    /// The amounts, in the core's order.
    pub items: Vec<BenefitItem>,
    /// Their sum, the scholarship counted for the first year only (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub total: Decimal,
    /// Why an amount is absent or limited, in the language asked for.
    pub notes: Vec<String>,
}

/// One amount the family would receive.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct BenefitItem {
    /// Stable code (`jkm_lump_sum`, `jkk_lump_sum`, `periodic`, `funeral`,
    /// `scholarship_year`).
    pub code: String,
    /// Label in the language asked for.
    pub name: String,
    /// Amount (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub amount: Decimal,
    /// Legal reference.
    pub reference: String,
}

/// A school level a child's scholarship is paid for.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct SchoolLevel {
    /// Code accepted in `children` (`tk`, `sd`, `smp`, `sma`, `university`).
    pub code: String,
    /// Name in the language asked for.
    pub name: String,
}

impl Illustration {
    pub(crate) fn new(i: &iuran::benefits::Illustration, lang: Lang) -> Illustration {
        Illustration {
            covered: i.covered,
            items: i
                .items
                .iter()
                .map(|x| BenefitItem {
                    code: x.code.clone(),
                    name: pick(lang, &x.name_id, &x.name_en),
                    amount: x.amount,
                    reference: x.reference.clone(),
                })
                .collect(),
            total: i.total,
            notes: i.notes.iter().map(|(id, en)| pick(lang, id, en)).collect(),
        }
    }
}

/// The school levels of the built-in benefit table, in table order.
pub(crate) fn school_levels(lang: Lang) -> Vec<SchoolLevel> {
    iuran::benefits::BenefitTable::builtin()
        .scholarship
        .levels
        .iter()
        .map(|l| SchoolLevel {
            code: l.level.clone(),
            name: pick(lang, &l.name_id, &l.name_en),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::policy;

    #[test]
    fn every_item_crosses_with_its_label_in_the_language_asked_for() {
        let q = iuran::benefits::BenefitQuery {
            work_accident: false,
            month: 2,
            children: vec!["sd".into()],
        };
        let core = policy("pemalang-2025").benefits(&q).unwrap();
        for (lang, name, note) in [
            (Lang::Id, &core.items[0].name_id, &core.notes[0].0),
            (Lang::En, &core.items[0].name_en, &core.notes[0].1),
        ] {
            let i = Illustration::new(&core, lang);
            assert_eq!((i.covered, i.total), (core.covered, core.total));
            assert_eq!(i.items.len(), core.items.len());
            assert_eq!(
                (
                    &i.items[0].code,
                    &i.items[0].name,
                    i.items[0].amount,
                    &i.items[0].reference
                ),
                (
                    &core.items[0].code,
                    name,
                    core.items[0].amount,
                    &core.items[0].reference
                )
            );
            assert_eq!((i.notes.len(), &i.notes[0]), (core.notes.len(), note));
        }
        let levels = school_levels(Lang::En);
        assert_eq!(levels.len(), 5);
        assert_eq!(
            (levels[1].code.as_str(), levels[1].name.as_str()),
            ("sd", "primary school")
        );
    }
}
