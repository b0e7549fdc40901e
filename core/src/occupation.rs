//! Occupations a policy adds to the sector taxonomy: `[[occupation]]` entries that
//! define a new sector (with its group and aliases) or add aliases to an existing one,
//! so that the occupation texts a regency's lists use stop being `unknown_sector`.
//!
//! ```toml
//! [[occupation]]                  # a new sector
//! code = "parking_attendant"
//! group = "labour"
//! name_id = "Juru parkir"
//! name_en = "Parking attendant"
//! aliases = ["tukang parkir", "jukir"]
//!
//! [[occupation]]                  # more texts for a built-in sector
//! code = "village_official"
//! aliases = ["tenaga kontrak non ASN desa"]
//! ```
//!
//! The entries apply in order on top of the taxonomy the policy is compiled with (the
//! built-in one, or the one given with `--taxonomy`); every check of a taxonomy file
//! applies, and an error names the policy field (`occupation[1].aliases[0]`).

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::sector::Taxonomy;

/// One `[[occupation]]` entry of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Occupation {
    /// The sector's `snake_case` code: a new sector, or an existing one to add
    /// aliases to.
    pub code: String,
    /// The group of a new sector (a group code of the taxonomy); not given for an
    /// existing sector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Indonesian name of a new sector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_id: Option<String>,
    /// English name of a new sector (the Indonesian one when not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Occupation texts that name the sector (compared as the taxonomy compares
    /// them: case, spaces and punctuation ignored).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// `taxonomy` with the policy's occupations added; the same taxonomy when there are
/// none.
pub(crate) fn extend(taxonomy: &Taxonomy, occupations: &[Occupation]) -> Result<Taxonomy, Error> {
    let mut out = taxonomy.clone();
    for (i, o) in occupations.iter().enumerate() {
        let at = |field: &str| format!("occupation[{i}].{field}");
        let named = |e: Error| match e {
            Error::Data { field, message, .. } => {
                Error::policy_field(at(&entry_field(&field)), message)
            }
            other => other,
        };
        if out.sector_by_code(&o.code).is_some() {
            for (field, given) in [
                ("group", o.group.is_some()),
                ("name_id", o.name_id.is_some()),
                ("name_en", o.name_en.is_some()),
            ] {
                if given {
                    return Err(Error::policy_field(
                        at(field),
                        format!(
                            "`{}` is already a sector: give only `aliases` to add texts to it",
                            o.code
                        ),
                    ));
                }
            }
            if o.aliases.is_empty() {
                return Err(Error::policy_field(
                    at("aliases"),
                    format!(
                        "must list at least one text for the existing sector `{}`",
                        o.code
                    ),
                ));
            }
            out.add_aliases(&o.code, &o.aliases).map_err(named)?;
        } else {
            let new = |field: &str| {
                Error::policy_field(
                    at(field),
                    format!(
                        "is required for a new sector (`{}` is not a sector code of the taxonomy)",
                        o.code
                    ),
                )
            };
            let group = o.group.as_deref().ok_or_else(|| new("group"))?;
            let name_id = o.name_id.as_deref().ok_or_else(|| new("name_id"))?;
            let name_en = o.name_en.as_deref().unwrap_or(name_id);
            out.add_sector(&o.code, group, name_id, name_en, &o.aliases)
                .map_err(named)?;
        }
    }
    Ok(out)
}

/// The entry's field an error of the taxonomy names: `sector[0].aliases[2]` and
/// `alias[0].texts[2]` are `aliases[2]`, `alias[0].sector` is `code`.
fn entry_field(field: &str) -> String {
    let rest = field.split_once('.').map_or(field, |(_, rest)| rest);
    if let Some(index) = rest.strip_prefix("texts") {
        format!("aliases{index}")
    } else if rest == "sector" {
        String::from("code")
    } else {
        rest.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occupation(code: &str) -> Occupation {
        Occupation {
            code: code.into(),
            group: None,
            name_id: None,
            name_en: None,
            aliases: Vec::new(),
        }
    }

    #[test]
    fn new_sectors_and_aliases_are_found() {
        let t = extend(
            Taxonomy::builtin(),
            &[
                Occupation {
                    group: Some("labour".into()),
                    name_id: Some("Juru parkir".into()),
                    aliases: vec!["tukang parkir".into()],
                    ..occupation("parking_attendant")
                },
                Occupation {
                    aliases: vec!["tenaga kontrak desa".into()],
                    ..occupation("village_official")
                },
            ],
        )
        .unwrap();
        let code = |text: &str| t.lookup(text).map(|id| t.sector(id).code.as_str());
        assert_eq!(code("JURU PARKIR"), Some("parking_attendant"));
        assert_eq!(code("tukang  parkir"), Some("parking_attendant"));
        assert_eq!(code("Tenaga Kontrak Desa"), Some("village_official"));
        let labour = t.group_by_code("labour").unwrap();
        assert!(
            t.sectors_in(labour)
                .contains(t.sector_by_code("parking_attendant").unwrap())
        );
        // Ids of the taxonomy extended stay valid.
        let fisher = Taxonomy::builtin().sector_by_code("fisher").unwrap();
        assert_eq!(t.sector(fisher).code, "fisher");
    }

    #[test]
    fn errors_name_the_entry_field() {
        let field = |e: Error| match e {
            Error::PolicyField { field, message } => format!("{field}: {message}"),
            other => panic!("{other}"),
        };
        // The first entry is a new sector without a group.
        let e = extend(Taxonomy::builtin(), &[occupation("x_ok")]).unwrap_err();
        assert!(field(e).starts_with("occupation[0].group: is required"));
        let ok = Occupation {
            group: Some("labour".into()),
            name_id: Some("X".into()),
            ..occupation("x_ok")
        };
        let two = |o: Occupation| extend(Taxonomy::builtin(), &[ok.clone(), o]).unwrap_err();
        assert_eq!(
            field(two(Occupation {
                aliases: vec!["nelayan".into()],
                ..occupation("village_official")
            })),
            "occupation[1].aliases[0]: `nelayan` already names sector `fisher`"
        );
        assert_eq!(
            field(two(Occupation {
                group: Some("labour".into()),
                ..occupation("fisher")
            })),
            "occupation[1].group: `fisher` is already a sector: give only `aliases` to add texts to it"
        );
        assert!(field(two(occupation("fisher"))).starts_with("occupation[1].aliases: must list"));
        assert_eq!(
            field(two(Occupation {
                group: Some("nowhere".into()),
                name_id: Some("Y".into()),
                ..occupation("y_new")
            })),
            "occupation[1].group: unknown group `nowhere`"
        );
        assert!(
            field(two(Occupation {
                group: Some("labour".into()),
                name_id: Some("Z".into()),
                ..occupation("Not Snake")
            }))
            .starts_with("occupation[1].code: ")
        );
    }
}
