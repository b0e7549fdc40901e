//! The built-in sector taxonomy, for pickers: groups and sectors with their names in
//! one language.

use iuran::Lang;
use serde::Serialize;
use tsify::Tsify;

/// The sector taxonomy, in file order.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Taxonomy {
    /// Sector groups (`tobacco`, `transport`, …).
    pub groups: Vec<Group>,
    /// Sectors (`tobacco_farmer`, `ojol`, …).
    pub sectors: Vec<Sector>,
}

/// A group of sectors.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Group {
    /// Stable code used in policies.
    pub code: String,
    /// Name in the language asked for.
    pub name: String,
}

/// An occupation sector.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Sector {
    /// Stable code used in policies; also accepted as the `sector` of a worker.
    pub code: String,
    /// The code of the sector's group.
    pub group: String,
    /// Name in the language asked for.
    pub name: String,
}

fn pick(lang: Lang, id: &str, en: &str) -> String {
    match lang {
        Lang::Id => id.to_owned(),
        Lang::En => en.to_owned(),
    }
}

impl Taxonomy {
    pub(crate) fn new(t: &iuran::Taxonomy, lang: Lang) -> Taxonomy {
        Taxonomy {
            groups: t
                .groups()
                .map(|(_, g)| Group {
                    code: g.code.clone(),
                    name: pick(lang, &g.name_id, &g.name_en),
                })
                .collect(),
            sectors: t
                .sectors()
                .map(|(_, s)| Sector {
                    code: s.code.clone(),
                    group: t.group(s.group).code.clone(),
                    name: pick(lang, &s.name_id, &s.name_en),
                })
                .collect(),
        }
    }
}
