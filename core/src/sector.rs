//! Occupation sectors and sector groups.
//!
//! Roster rows carry free occupation text ("Buruh Tani Tembakau", "ojek online",
//! "PETANI/PEKEBUN"). A [`Taxonomy`] maps that text to a [`Sector`] and every sector to
//! a [`Group`]. Policies restrict eligibility and funding sources by sector or group
//! codes: the PP 50/2025 contribution discount periods depend on the `transport` group,
//! DBHCHT priority on the `tobacco` group.
//!
//! The taxonomy is data, not code: the built-in one ([`Taxonomy::builtin`]) is
//! `data/sectors.toml` embedded in the library, and users can load their own
//! ([`Taxonomy::from_toml`]) or add groups, sectors and aliases to an existing one
//! ([`Taxonomy::extended`]).
//!
//! # File format
//!
//! ```toml
//! [[group]]
//! code = "tobacco"
//! name_id = "Ekosistem tembakau"
//! name_en = "Tobacco ecosystem"
//!
//! [[sector]]
//! code = "tobacco_farmer"
//! group = "tobacco"
//! name_id = "Petani tembakau"
//! name_en = "Tobacco farmer"
//! aliases = ["tani tembakau", "petani mbako"]
//!
//! [[alias]]              # more aliases for a sector defined earlier or in this file
//! sector = "tobacco_farmer"
//! texts = ["pekebun tembakau"]
//! ```
//!
//! Codes are `snake_case` (lower-case ASCII letters, digits and single underscores,
//! starting with a letter). Unknown keys are rejected.
//!
//! # Matching
//!
//! [`Taxonomy::lookup`] normalises the text with [`Taxonomy::normalize`] and compares it
//! exactly with the normalised aliases, code and names of every sector. After
//! normalisation every alias belongs to exactly one sector: a text claimed by two
//! sectors is a data error. There is no fuzzy matching: unmatched text is `None`, for a
//! person to classify.
//!
//! ```
//! use iuran::sector::Taxonomy;
//!
//! let t = Taxonomy::builtin();
//! let id = t.lookup("  Buruh Tani TEMBAKAU ").unwrap();
//! assert_eq!(t.sector(id).code, "tobacco_farm_labourer");
//! let tobacco = t.group_by_code("tobacco").unwrap();
//! assert!(t.sectors_in(tobacco).contains(id));
//! ```

use std::collections::HashMap;
#[cfg(feature = "toml")]
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::Error;

const TABLE: &str = "sector taxonomy";

/// A sector, as a dense index into its [`Taxonomy`] (0 to 127), so that sets of sectors
/// fit in a [`SectorSet`].
///
/// Ids are only meaningful for the taxonomy that produced them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SectorId(u16);

impl SectorId {
    /// The dense index, `0..taxonomy.sectors().count()`, in file order.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// A sector group, as a dense index into its [`Taxonomy`] (0 to 63).
///
/// Ids are only meaningful for the taxonomy that produced them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId(u8);

impl GroupId {
    /// The dense index, `0..taxonomy.groups().count()`, in file order.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// A group of sectors, such as `tobacco` or `transport`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Stable `snake_case` code used in policies, e.g. `transport`.
    pub code: String,
    /// Indonesian name.
    pub name_id: String,
    /// English name.
    pub name_en: String,
}

/// An occupation sector, such as `tobacco_farm_labourer` or `ojol`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sector {
    /// Stable `snake_case` code used in policies, e.g. `ojol`.
    pub code: String,
    /// The group the sector belongs to.
    pub group: GroupId,
    /// Indonesian name.
    pub name_id: String,
    /// English name.
    pub name_en: String,
    /// Occupation texts that map to this sector, as written in the data (the code and
    /// both names match as well without being listed here).
    pub aliases: Vec<String>,
}

/// A validated set of groups and sectors with an alias index for occupation text.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    groups: Vec<Group>,
    sectors: Vec<Sector>,
    /// Normalised alias, code or name to sector.
    keys: HashMap<String, SectorId>,
    /// Exact sector code to sector.
    codes: HashMap<String, SectorId>,
    /// The sectors of each group, indexed by [`GroupId`].
    members: Vec<SectorSet>,
}

/// One taxonomy file, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    group: Vec<RawGroup>,
    #[serde(default)]
    sector: Vec<RawSector>,
    #[serde(default)]
    alias: Vec<RawAlias>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    code: String,
    name_id: String,
    name_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSector {
    code: String,
    group: String,
    name_id: String,
    name_en: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlias {
    sector: String,
    texts: Vec<String>,
}

fn data_error(field: impl Into<String>, message: impl Into<String>) -> Error {
    Error::Data {
        table: TABLE,
        field: field.into(),
        message: message.into(),
    }
}

/// A TOML error as an [`Error::Data`]: one line, lower-case first letter, with the line
/// and column where the parser stopped.
#[cfg(feature = "toml")]
fn toml_error(text: &str, field: String, e: &toml::de::Error) -> Error {
    let mut message = e.message().trim().replace('\n', " ");
    if let Some(first) = message.chars().next() {
        let lower: String = first.to_lowercase().collect();
        message.replace_range(..first.len_utf8(), &lower);
    }
    while message.ends_with('.') {
        message.pop();
    }
    if let Some(span) = e.span() {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let _ = write!(message, " (line {line}, column {column})");
    }
    data_error(field, message)
}

#[cfg(feature = "toml")]
fn parse(text: &str) -> Result<RawFile, Error> {
    let de = toml::Deserializer::parse(text).map_err(|e| toml_error(text, String::new(), &e))?;
    serde_path_to_error::deserialize(de)
        .map_err(|e| toml_error(text, e.path().to_string(), e.inner()))
}

/// Why `code` is not a valid `snake_case` code, if it is not.
fn check_code(code: &str) -> Result<(), String> {
    let valid = code.len() <= 64
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !code.ends_with('_')
        && !code.contains("__");
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{code}` is not a snake_case code (at most 64 lower-case ascii letters, digits \
             and single underscores, starting with a letter)"
        ))
    }
}

fn check_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        Err("must not be empty".to_owned())
    } else {
        Ok(())
    }
}

/// True when `text` is ASCII and already in [`Taxonomy::normalize`] form, so it can be
/// looked up without allocating.
fn is_normalized_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes[0] != b' '
        && bytes[bytes.len() - 1] != b' '
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ')
        && !bytes.windows(2).any(|w| w == b"  ")
}

impl Taxonomy {
    /// The most sectors a taxonomy may hold (the width of a [`SectorSet`]).
    pub const MAX_SECTORS: usize = 128;

    /// The most groups a taxonomy may hold.
    pub const MAX_GROUPS: usize = 64;

    /// The TOML source of the built-in taxonomy (`data/sectors.toml`), for users who
    /// want to inspect or copy it.
    pub const BUILTIN_TOML: &'static str = include_str!("../data/sectors.toml");

    /// The built-in taxonomy, parsed and validated once.
    ///
    /// # Panics
    ///
    /// Never in practice: the embedded file is checked by this module's tests.
    pub fn builtin() -> &'static Taxonomy {
        static BUILTIN: OnceLock<Taxonomy> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // `data/sectors.toml` as its JSON twin: no TOML parser needed.
            let raw: RawFile = serde_json::from_str(include_str!("../data/sectors.json"))
                .expect("the built-in sector taxonomy is valid (tested)");
            Taxonomy::from_raw(raw).expect("the built-in sector taxonomy is valid (tested)")
        })
    }

    /// A whole taxonomy from TOML (see the [module documentation](self) for the
    /// schema), validated.
    ///
    /// Rejected, as [`Error::Data`] naming the field (e.g. `sector[3].group`, indexes
    /// from 0 in file order): invalid TOML, unknown keys, codes that are not
    /// `snake_case`, duplicate group or sector codes, a sector in an unknown group, an
    /// empty name, an alias that normalises to nothing or to a text already claimed by
    /// another sector, an `[[alias]]` entry for an unknown sector, more than
    /// [`MAX_SECTORS`](Self::MAX_SECTORS) sectors or [`MAX_GROUPS`](Self::MAX_GROUPS)
    /// groups.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Taxonomy, Error> {
        Taxonomy::from_raw(parse(text)?)
    }

    fn from_raw(raw: RawFile) -> Result<Taxonomy, Error> {
        let mut taxonomy = Taxonomy {
            groups: Vec::new(),
            sectors: Vec::new(),
            keys: HashMap::new(),
            codes: HashMap::new(),
            members: Vec::new(),
        };
        taxonomy.apply(raw)?;
        Ok(taxonomy)
    }

    /// This taxonomy plus a user file of the same schema: new `[[group]]` and
    /// `[[sector]]` entries are added after the existing ones, and `[[alias]]` entries
    /// add aliases to existing or new sectors.
    ///
    /// Existing groups and sectors cannot be redefined (use `[[alias]]` to add
    /// aliases), and existing ids stay valid in the result. Errors name fields of
    /// `extra_toml`, with the same checks as [`from_toml`](Self::from_toml).
    #[cfg(feature = "toml")]
    pub fn extended(&self, extra_toml: &str) -> Result<Taxonomy, Error> {
        let raw = parse(extra_toml)?;
        let mut taxonomy = self.clone();
        taxonomy.apply(raw)?;
        Ok(taxonomy)
    }

    /// Adds one sector, as a file's first `[[sector]]` entry would (errors name
    /// `sector[0].…`).
    pub(crate) fn add_sector(
        &mut self,
        code: &str,
        group: &str,
        name_id: &str,
        name_en: &str,
        aliases: &[String],
    ) -> Result<(), Error> {
        self.apply(RawFile {
            group: Vec::new(),
            sector: vec![RawSector {
                code: code.to_owned(),
                group: group.to_owned(),
                name_id: name_id.to_owned(),
                name_en: name_en.to_owned(),
                aliases: aliases.to_vec(),
            }],
            alias: Vec::new(),
        })
    }

    /// Adds aliases to a sector, as a file's first `[[alias]]` entry would (errors
    /// name `alias[0].…`).
    pub(crate) fn add_aliases(&mut self, sector: &str, texts: &[String]) -> Result<(), Error> {
        self.apply(RawFile {
            group: Vec::new(),
            sector: Vec::new(),
            alias: vec![RawAlias {
                sector: sector.to_owned(),
                texts: texts.to_vec(),
            }],
        })
    }

    /// Adds the entries of one file; field paths in errors are relative to that file.
    fn apply(&mut self, raw: RawFile) -> Result<(), Error> {
        for (i, g) in raw.group.into_iter().enumerate() {
            let at = |field: &str| format!("group[{i}].{field}");
            check_code(&g.code).map_err(|m| data_error(at("code"), m))?;
            if self.group_by_code(&g.code).is_some() {
                return Err(data_error(
                    at("code"),
                    format!("duplicate group code `{}`", g.code),
                ));
            }
            check_name(&g.name_id).map_err(|m| data_error(at("name_id"), m))?;
            check_name(&g.name_en).map_err(|m| data_error(at("name_en"), m))?;
            if self.groups.len() >= Self::MAX_GROUPS {
                return Err(data_error(
                    format!("group[{i}]"),
                    format!("at most {} groups are supported", Self::MAX_GROUPS),
                ));
            }
            self.groups.push(Group {
                code: g.code,
                name_id: g.name_id,
                name_en: g.name_en,
            });
            self.members.push(SectorSet::EMPTY);
        }

        for (i, s) in raw.sector.into_iter().enumerate() {
            let at = |field: &str| format!("sector[{i}].{field}");
            check_code(&s.code).map_err(|m| data_error(at("code"), m))?;
            if self.codes.contains_key(&s.code) {
                return Err(data_error(
                    at("code"),
                    format!(
                        "duplicate sector code `{}` (add aliases to an existing sector with \
                         [[alias]])",
                        s.code
                    ),
                ));
            }
            let group = self
                .group_by_code(&s.group)
                .ok_or_else(|| data_error(at("group"), format!("unknown group `{}`", s.group)))?;
            check_name(&s.name_id).map_err(|m| data_error(at("name_id"), m))?;
            check_name(&s.name_en).map_err(|m| data_error(at("name_en"), m))?;
            if self.sectors.len() >= Self::MAX_SECTORS {
                return Err(data_error(
                    format!("sector[{i}]"),
                    format!("at most {} sectors are supported", Self::MAX_SECTORS),
                ));
            }
            let id = SectorId(self.sectors.len() as u16);
            self.add_key(&s.code, id)
                .map_err(|m| data_error(at("code"), m))?;
            self.add_key(&s.name_id, id)
                .map_err(|m| data_error(at("name_id"), m))?;
            self.add_key(&s.name_en, id)
                .map_err(|m| data_error(at("name_en"), m))?;
            for (j, alias) in s.aliases.iter().enumerate() {
                self.add_key(alias, id)
                    .map_err(|m| data_error(format!("sector[{i}].aliases[{j}]"), m))?;
            }
            self.codes.insert(s.code.clone(), id);
            self.members[group.index()].insert(id);
            self.sectors.push(Sector {
                code: s.code,
                group,
                name_id: s.name_id,
                name_en: s.name_en,
                aliases: s.aliases,
            });
        }

        for (k, a) in raw.alias.into_iter().enumerate() {
            let id = self.sector_by_code(&a.sector).ok_or_else(|| {
                data_error(
                    format!("alias[{k}].sector"),
                    format!("unknown sector `{}`", a.sector),
                )
            })?;
            if a.texts.is_empty() {
                return Err(data_error(
                    format!("alias[{k}].texts"),
                    "must list at least one text",
                ));
            }
            for (j, text) in a.texts.iter().enumerate() {
                self.add_key(text, id)
                    .map_err(|m| data_error(format!("alias[{k}].texts[{j}]"), m))?;
            }
            self.sectors[id.index()].aliases.extend(a.texts);
        }
        Ok(())
    }

    /// Indexes `text` (normalised) as a key for sector `id`.
    fn add_key(&mut self, text: &str, id: SectorId) -> Result<(), String> {
        let key = Self::normalize(text);
        if key.is_empty() {
            return Err(format!("`{text}` has no letters or digits"));
        }
        match self.keys.get(&key) {
            Some(&other) if other != id => Err(format!(
                "`{key}` already names sector `{}`",
                self.sectors[other.index()].code
            )),
            Some(_) => Ok(()),
            None => {
                self.keys.insert(key, id);
                Ok(())
            }
        }
    }

    /// The sector whose alias, code, Indonesian or English name equals `text` after
    /// [`normalize`](Self::normalize), or `None`.
    ///
    /// Does not allocate when `text` is already normalised ASCII.
    pub fn lookup(&self, text: &str) -> Option<SectorId> {
        if is_normalized_ascii(text) {
            self.keys.get(text).copied()
        } else {
            self.keys.get(Self::normalize(text).as_str()).copied()
        }
    }

    /// The matching form of an occupation text: Unicode lower case; every character
    /// that is not a letter or digit (punctuation such as `/ - . , ( ) ' _ &`, symbols,
    /// whitespace) becomes a separator; separators collapse to one space; no leading or
    /// trailing space.
    ///
    /// `normalize("  PEDAGANG   kaki-lima ")` is `"pedagang kaki lima"`, and
    /// `normalize("PETANI/PEKEBUN")` is `"petani pekebun"`. Normalising twice gives
    /// the same result as normalising once.
    pub fn normalize(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut separator = false;
        for c in text.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                if separator && !out.is_empty() {
                    out.push(' ');
                }
                separator = false;
                out.push(c);
            } else {
                separator = true;
            }
        }
        out
    }

    /// The sector `id`.
    ///
    /// # Panics
    ///
    /// If `id` comes from a taxonomy with more sectors than this one.
    pub fn sector(&self, id: SectorId) -> &Sector {
        &self.sectors[id.index()]
    }

    /// The group `id`.
    ///
    /// # Panics
    ///
    /// If `id` comes from a taxonomy with more groups than this one.
    pub fn group(&self, id: GroupId) -> &Group {
        &self.groups[id.index()]
    }

    /// The sector with exactly this code (no normalisation), or `None`.
    pub fn sector_by_code(&self, code: &str) -> Option<SectorId> {
        self.codes.get(code).copied()
    }

    /// The group with exactly this code (no normalisation), or `None`.
    pub fn group_by_code(&self, code: &str) -> Option<GroupId> {
        self.groups
            .iter()
            .position(|g| g.code == code)
            .map(|i| GroupId(i as u8))
    }

    /// Every sector with its id, in file order.
    pub fn sectors(&self) -> impl Iterator<Item = (SectorId, &Sector)> {
        self.sectors
            .iter()
            .enumerate()
            .map(|(i, s)| (SectorId(i as u16), s))
    }

    /// Every group with its id, in file order.
    pub fn groups(&self) -> impl Iterator<Item = (GroupId, &Group)> {
        self.groups
            .iter()
            .enumerate()
            .map(|(i, g)| (GroupId(i as u8), g))
    }

    /// The sectors of group `group` (empty for an id this taxonomy does not have).
    pub fn sectors_in(&self, group: GroupId) -> SectorSet {
        self.members
            .get(group.index())
            .copied()
            .unwrap_or(SectorSet::EMPTY)
    }
}

/// A set of sectors as a bitset (`u128`), `Copy`, for allocation-free checks on bulk
/// paths. Bit `i` stands for the sector with [`SectorId::index`] `i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct SectorSet(u128);

impl SectorSet {
    /// The empty set.
    pub const EMPTY: SectorSet = SectorSet(0);

    /// Every sector of `t`.
    pub fn all(t: &Taxonomy) -> Self {
        let n = t.sectors.len();
        if n >= 128 {
            SectorSet(u128::MAX)
        } else {
            SectorSet((1u128 << n) - 1)
        }
    }

    /// Adds `id`.
    pub fn insert(&mut self, id: SectorId) {
        self.0 |= 1u128 << id.index();
    }

    /// Whether `id` is in the set.
    pub fn contains(self, id: SectorId) -> bool {
        self.0 & (1u128 << id.index()) != 0
    }

    /// The sectors in either set.
    #[must_use]
    pub fn union(self, o: Self) -> Self {
        SectorSet(self.0 | o.0)
    }

    /// The sectors in both sets.
    #[must_use]
    pub fn intersection(self, o: Self) -> Self {
        SectorSet(self.0 & o.0)
    }

    /// Whether the set has no sectors.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The number of sectors in the set.
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }

    /// The sectors in the set, in index order.
    pub fn iter(self) -> impl Iterator<Item = SectorId> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            if bits == 0 {
                None
            } else {
                let i = bits.trailing_zeros();
                bits &= bits - 1;
                Some(SectorId(i as u16))
            }
        })
    }
}

impl FromIterator<SectorId> for SectorSet {
    fn from_iter<I: IntoIterator<Item = SectorId>>(iter: I) -> Self {
        let mut set = SectorSet::EMPTY;
        for id in iter {
            set.insert(id);
        }
        set
    }
}

impl Extend<SectorId> for SectorSet {
    fn extend<I: IntoIterator<Item = SectorId>>(&mut self, iter: I) {
        for id in iter {
            self.insert(id);
        }
    }
}

#[cfg(all(test, feature = "toml"))] // its cases are written in TOML
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t() -> &'static Taxonomy {
        Taxonomy::builtin()
    }

    fn code_of(text: &str) -> Option<&'static str> {
        t().lookup(text).map(|id| t().sector(id).code.as_str())
    }

    fn group_code_of(text: &str) -> &'static str {
        let id = t().lookup(text).expect(text);
        &t().group(t().sector(id).group).code
    }

    const GROUPS: [&str; 14] = [
        "tobacco",
        "agriculture",
        "fisheries",
        "transport",
        "trade",
        "construction",
        "social",
        "education",
        "creative",
        "tourism",
        "home_industry",
        "labour",
        "village",
        "other",
    ];

    const SECTORS: [(&str, &str); 24] = [
        ("tobacco_farmer", "tobacco"),
        ("clove_farmer", "tobacco"),
        ("tobacco_farm_labourer", "tobacco"),
        ("cigarette_factory_worker", "tobacco"),
        ("tobacco_craft_worker", "tobacco"),
        ("food_crop_farmer", "agriculture"),
        ("farm_labourer", "agriculture"),
        ("livestock_farmer", "agriculture"),
        ("fisher", "fisheries"),
        ("trader", "trade"),
        ("ojek", "transport"),
        ("ojol", "transport"),
        ("driver", "transport"),
        ("courier", "transport"),
        ("construction_worker", "construction"),
        ("religious_worker", "social"),
        ("social_worker", "social"),
        ("non_permanent_teacher", "education"),
        ("artist", "creative"),
        ("tourism_worker", "tourism"),
        ("home_industry_worker", "home_industry"),
        ("daily_labourer", "labour"),
        ("village_official", "village"),
        ("other", "other"),
    ];

    /// The `Error::Data` field, or a panic naming what came back instead.
    fn data_field(result: Result<Taxonomy, Error>) -> String {
        match result {
            Err(Error::Data {
                table,
                field,
                message,
            }) => {
                assert_eq!(table, "sector taxonomy");
                assert!(!message.is_empty());
                assert!(
                    !message.starts_with(|c: char| c.is_uppercase()),
                    "message starts upper case: {message}"
                );
                assert!(
                    !message.ends_with('.'),
                    "message ends with a period: {message}"
                );
                field
            }
            Err(other) => panic!("expected a data error, got {other:?}"),
            Ok(_) => panic!("expected a data error, got a taxonomy"),
        }
    }

    const SMALL: &str = r#"
        [[group]]
        code = "sea"
        name_id = "Laut"
        name_en = "Sea"

        [[sector]]
        code = "fisher"
        group = "sea"
        name_id = "Nelayan"
        name_en = "Fisher"
        aliases = ["nelayan tradisional"]

        [[sector]]
        code = "salt_farmer"
        group = "sea"
        name_id = "Petambak garam"
        name_en = "Salt farmer"
        aliases = ["petani garam"]
    "#;

    #[test]
    fn builtin_parses_and_has_every_listed_code() {
        let t = Taxonomy::from_toml(Taxonomy::BUILTIN_TOML).expect("builtin parses");
        for code in GROUPS {
            assert!(t.group_by_code(code).is_some(), "missing group {code}");
        }
        for (code, group) in SECTORS {
            let id = t
                .sector_by_code(code)
                .unwrap_or_else(|| panic!("missing sector {code}"));
            assert_eq!(t.group(t.sector(id).group).code, group, "group of {code}");
        }
        assert_eq!(t.groups().count(), GROUPS.len());
        assert!(t.sectors().count() <= Taxonomy::MAX_SECTORS);
        // The static instance is the same data.
        assert_eq!(Taxonomy::builtin().sectors().count(), t.sectors().count());
    }

    #[test]
    fn builtin_every_group_has_sectors_and_every_sector_is_named() {
        for (gid, g) in t().groups() {
            assert!(!t().sectors_in(gid).is_empty(), "group {} is empty", g.code);
            assert!(!g.name_id.is_empty() && !g.name_en.is_empty());
        }
        for (id, s) in t().sectors() {
            assert!(!s.name_id.is_empty() && !s.name_en.is_empty(), "{}", s.code);
            assert!(!s.aliases.is_empty(), "{} has no aliases", s.code);
            assert!(t().sectors_in(s.group).contains(id));
        }
    }

    #[test]
    fn builtin_transport_and_tobacco_groups() {
        let transport = t().group_by_code("transport").unwrap();
        let codes: Vec<&str> = t()
            .sectors_in(transport)
            .iter()
            .map(|id| t().sector(id).code.as_str())
            .collect();
        assert_eq!(codes, ["ojek", "ojol", "driver", "courier"]);
        let tobacco = t().group_by_code("tobacco").unwrap();
        assert_eq!(t().sectors_in(tobacco).len(), 5);
    }

    #[test]
    fn lookups_from_the_brief_and_the_seeds() {
        assert_eq!(
            code_of("Buruh Tani Tembakau"),
            Some("tobacco_farm_labourer")
        );
        assert_eq!(code_of("ojek online"), Some("ojol"));
        assert_eq!(code_of("OJOL"), Some("ojol"));
        assert_eq!(group_code_of("ojol"), "transport");
        assert_eq!(code_of("Petani Padi"), Some("food_crop_farmer"));
        assert_eq!(group_code_of("Petani Padi"), "agriculture");
        assert_eq!(code_of("nelayan"), Some("fisher"));
        assert_eq!(code_of("  PEDAGANG   kaki-lima "), Some("trader"));
        assert_eq!(code_of("PKL"), Some("trader"));
        assert_eq!(code_of("Pabrik Rokok"), Some("cigarette_factory_worker"));
        assert_eq!(
            code_of("buruh pabrik rokok"),
            Some("cigarette_factory_worker")
        );
        assert_eq!(code_of("PETANI TEMBAKAU"), Some("tobacco_farmer"));
        assert_eq!(code_of("petani cengkeh"), Some("clove_farmer"));
        assert_eq!(code_of("kuli gudang"), Some("tobacco_craft_worker"));
        assert_eq!(code_of("pembuat rigen"), Some("tobacco_craft_worker"));
        assert_eq!(code_of("buruh tani"), Some("farm_labourer"));
        assert_eq!(code_of("BURUH TANI/PERKEBUNAN"), Some("farm_labourer"));
        assert_eq!(code_of("PETANI/PEKEBUN"), Some("farmer"));
        assert_eq!(code_of("Ojek Pangkalan"), Some("ojek"));
        assert_eq!(code_of("Mitra Gojek"), Some("ojol"));
        assert_eq!(code_of("SOPIR"), Some("driver"));
        assert_eq!(code_of("Kurir Paket"), Some("courier"));
        assert_eq!(code_of("pekerja konstruksi"), Some("construction_worker"));
        assert_eq!(code_of("Guru Ngaji"), Some("religious_worker"));
        assert_eq!(code_of("penggali kubur"), Some("religious_worker"));
        assert_eq!(code_of("USTADZ/MUBALIGH"), Some("religious_worker"));
        assert_eq!(code_of("pekerja sosial"), Some("social_worker"));
        assert_eq!(code_of("Kader Posyandu"), Some("social_worker"));
        assert_eq!(code_of("guru tidak tetap"), Some("non_permanent_teacher"));
        assert_eq!(code_of("GTT"), Some("non_permanent_teacher"));
        assert_eq!(code_of("pekerja seni"), Some("artist"));
        assert_eq!(code_of("pelaku pariwisata"), Some("tourism_worker"));
        assert_eq!(
            code_of("pekerja home industri"),
            Some("home_industry_worker")
        );
        assert_eq!(code_of("BURUH HARIAN LEPAS"), Some("daily_labourer"));
        assert_eq!(code_of("perangkat desa"), Some("village_official"));
        assert_eq!(code_of("Ketua RT"), Some("village_official"));
        assert_eq!(code_of("lain-lain"), Some("other"));
        assert_eq!(code_of("Lainnya"), Some("other"));
    }

    #[test]
    fn codes_and_names_match_too() {
        assert_eq!(
            code_of("tobacco_farm_labourer"),
            Some("tobacco_farm_labourer")
        );
        assert_eq!(code_of("Tobacco farmer"), Some("tobacco_farmer"));
        assert_eq!(
            code_of("Cigarette factory worker"),
            Some("cigarette_factory_worker")
        );
        assert_eq!(code_of("Nelayan"), Some("fisher"));
    }

    #[test]
    fn unknown_text_is_none() {
        assert_eq!(code_of("astronot"), None);
        assert_eq!(code_of("petani tembakau dan pekerja rentan"), None);
        assert_eq!(code_of(""), None);
        assert_eq!(code_of("   "), None);
        assert_eq!(code_of("-/-"), None);
        assert_eq!(code_of("buruh tani tembakau x"), None);
    }

    #[test]
    fn every_builtin_alias_looks_up_to_its_sector() {
        for (id, s) in t().sectors() {
            for text in s.aliases.iter().chain([&s.code, &s.name_id, &s.name_en]) {
                assert_eq!(t().lookup(text), Some(id), "`{text}` of {}", s.code);
                assert_eq!(t().lookup(&text.to_uppercase()), Some(id), "`{text}`");
                let normalized = Taxonomy::normalize(text);
                assert_eq!(t().lookup(&normalized), Some(id), "`{normalized}`");
            }
        }
    }

    #[test]
    fn builtin_aliases_are_written_normalised() {
        // The data file lists aliases in their matching form, so readers see exactly
        // what matches (`kurir j&t` is the one deliberate exception).
        for (_, s) in t().sectors() {
            for alias in &s.aliases {
                if alias != "kurir j&t" {
                    assert_eq!(&Taxonomy::normalize(alias), alias, "{}", s.code);
                }
            }
        }
        assert_eq!(code_of("kurir J&T"), Some("courier"));
    }

    #[test]
    fn normalize_examples() {
        assert_eq!(
            Taxonomy::normalize("  PEDAGANG   kaki-lima "),
            "pedagang kaki lima"
        );
        assert_eq!(Taxonomy::normalize("PETANI/PEKEBUN"), "petani pekebun");
        assert_eq!(Taxonomy::normalize("tobacco_farmer"), "tobacco farmer");
        assert_eq!(
            Taxonomy::normalize("Kurir (J&T), Paket."),
            "kurir j t paket"
        );
        assert_eq!(Taxonomy::normalize("Ma'had\tGuru\n"), "ma had guru");
        assert_eq!(Taxonomy::normalize("ÇİFTÇİ"), "çi ftçi");
        assert_eq!(Taxonomy::normalize(""), "");
        assert_eq!(Taxonomy::normalize(" .,- "), "");
    }

    #[test]
    fn fast_path_agrees_with_normalising() {
        assert!(is_normalized_ascii("buruh tani tembakau"));
        assert!(!is_normalized_ascii("buruh  tani"));
        assert!(!is_normalized_ascii(" buruh"));
        assert!(!is_normalized_ascii("buruh "));
        assert!(!is_normalized_ascii("Buruh"));
        assert!(!is_normalized_ascii("buruh-tani"));
        assert!(!is_normalized_ascii(""));
        assert!(!is_normalized_ascii("pétani"));
    }

    #[test]
    fn small_file_parses() {
        let t = Taxonomy::from_toml(SMALL).unwrap();
        assert_eq!(t.groups().count(), 1);
        assert_eq!(t.sectors().count(), 2);
        let salt = t.lookup("Petani Garam").unwrap();
        assert_eq!(t.sector(salt).code, "salt_farmer");
        assert_eq!(t.sector_by_code("salt_farmer"), Some(salt));
        assert_eq!(t.sector_by_code("Salt_Farmer"), None);
        assert_eq!(SectorSet::all(&t).len(), 2);
        assert!(Taxonomy::from_toml("").unwrap().sectors().next().is_none());
    }

    #[test]
    fn duplicate_alias_across_sectors_is_an_error() {
        let text = SMALL.replace(
            r#"aliases = ["petani garam"]"#,
            r#"aliases = ["Nelayan-Tradisional"]"#,
        );
        assert_eq!(
            data_field(Taxonomy::from_toml(&text)),
            "sector[1].aliases[0]"
        );
        // A name is a key as well.
        let text = SMALL.replace(r#"aliases = ["petani garam"]"#, r#"aliases = ["fisher"]"#);
        assert_eq!(
            data_field(Taxonomy::from_toml(&text)),
            "sector[1].aliases[0]"
        );
        // Within one sector a repeat is harmless.
        let text = SMALL.replace(r#"["petani garam"]"#, r#"["petani garam", "PETANI GARAM"]"#);
        assert!(Taxonomy::from_toml(&text).is_ok());
    }

    #[test]
    fn unknown_group_is_an_error() {
        let text = SMALL.replace(r#"group = "sea""#, r#"group = "ocean""#);
        assert_eq!(data_field(Taxonomy::from_toml(&text)), "sector[0].group");
    }

    #[test]
    fn unknown_field_is_an_error() {
        let text = SMALL.replace(
            r#"name_en = "Salt farmer""#,
            "name_en = \"Salt farmer\"\ncolour = \"white\"",
        );
        assert_eq!(data_field(Taxonomy::from_toml(&text)), "sector[1].colour");
        assert_eq!(
            data_field(Taxonomy::from_toml("[[sectors]]\ncode = \"x\"\n")),
            "sectors"
        );
        let text = SMALL.replace(r#"code = "sea""#, "code = \"sea\"\ndescription = \"x\"");
        assert_eq!(
            data_field(Taxonomy::from_toml(&text)),
            "group[0].description"
        );
    }

    #[test]
    fn bad_codes_are_errors() {
        for bad in [
            "Salt",
            "salt farmer",
            "salt-farmer",
            "_salt",
            "salt_",
            "salt__farmer",
            "1salt",
            "",
        ] {
            let text = SMALL.replace(r#"code = "salt_farmer""#, &format!("code = \"{bad}\""));
            assert_eq!(
                data_field(Taxonomy::from_toml(&text)),
                "sector[1].code",
                "{bad}"
            );
        }
        let text = SMALL.replace(r#"code = "sea""#, r#"code = "Sea""#);
        assert_eq!(data_field(Taxonomy::from_toml(&text)), "group[0].code");
        let text = SMALL.replace(r#"code = "salt_farmer""#, r#"code = "fisher""#);
        assert_eq!(data_field(Taxonomy::from_toml(&text)), "sector[1].code");
        let text =
            format!("{SMALL}\n[[group]]\ncode = \"sea\"\nname_id = \"x\"\nname_en = \"x\"\n");
        assert_eq!(data_field(Taxonomy::from_toml(&text)), "group[1].code");
    }

    #[test]
    fn other_data_errors() {
        let text = SMALL.replace(r#"name_en = "Sea""#, r#"name_en = " ""#);
        assert_eq!(data_field(Taxonomy::from_toml(&text)), "group[0].name_en");
        let text = SMALL.replace(r#"["petani garam"]"#, r#"["petani garam", "--"]"#);
        assert_eq!(
            data_field(Taxonomy::from_toml(&text)),
            "sector[1].aliases[1]"
        );
        let text = SMALL.replace(r#"code = "salt_farmer""#, "code = 7");
        assert_eq!(data_field(Taxonomy::from_toml(&text)), "sector[1].code");
        let text = SMALL.replace(r#"name_id = "Petambak garam""#, "");
        assert_eq!(data_field(Taxonomy::from_toml(&text)), "sector[1]");
        // Invalid TOML: no field, the position is in the message.
        match Taxonomy::from_toml("[[sector]\n") {
            Err(Error::Data { field, message, .. }) => {
                assert_eq!(field, "");
                assert!(message.contains("line 1"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let text = format!("{SMALL}\n[[alias]]\nsector = \"whaler\"\ntexts = [\"x\"]\n");
        assert_eq!(data_field(Taxonomy::from_toml(&text)), "alias[0].sector");
        let text = format!("{SMALL}\n[[alias]]\nsector = \"fisher\"\ntexts = []\n");
        assert_eq!(data_field(Taxonomy::from_toml(&text)), "alias[0].texts");
    }

    #[test]
    fn size_limits() {
        let mut text = SMALL.to_owned();
        for i in 2..=Taxonomy::MAX_SECTORS {
            let _ = write!(
                text,
                "\n[[sector]]\ncode = \"s{i}\"\ngroup = \"sea\"\nname_id = \"S{i}\"\nname_en = \"Sector {i}\"\n"
            );
        }
        // 129 sectors: the last one is over the limit.
        assert_eq!(data_field(Taxonomy::from_toml(&text)), "sector[128]");
        let cut = text.rfind("[[sector]]").unwrap();
        let t = Taxonomy::from_toml(&text[..cut]).unwrap();
        assert_eq!(t.sectors().count(), 128);
        let all = SectorSet::all(&t);
        assert_eq!(all.len(), 128);
        assert!(all.contains(t.sector_by_code("s127").unwrap()));

        let mut text = String::new();
        for i in 0..=Taxonomy::MAX_GROUPS {
            let _ = write!(
                text,
                "[[group]]\ncode = \"g{i}\"\nname_id = \"G\"\nname_en = \"G\"\n"
            );
        }
        assert_eq!(data_field(Taxonomy::from_toml(&text)), "group[64]");
    }

    #[test]
    fn extended_adds_aliases_groups_and_sectors() {
        let base = Taxonomy::builtin();
        let extra = r#"
            [[alias]]
            sector = "fisher"
            texts = ["Pencari Kerang", "penyelam teripang"]

            [[group]]
            code = "mining"
            name_id = "Pertambangan rakyat"
            name_en = "Small-scale mining"

            [[sector]]
            code = "sand_miner"
            group = "mining"
            name_id = "Penambang pasir"
            name_en = "Sand miner"
            aliases = ["penambang pasir tradisional"]

            [[sector]]
            code = "parking_attendant"
            group = "other"
            name_id = "Juru parkir"
            name_en = "Parking attendant"
            aliases = ["jukir", "tukang parkir"]

            [[alias]]
            sector = "sand_miner"
            texts = ["penggali pasir"]
        "#;
        let t = base.extended(extra).unwrap();
        let fisher = t.sector_by_code("fisher").unwrap();
        assert_eq!(base.sector_by_code("fisher"), Some(fisher));
        assert_eq!(t.lookup("pencari kerang"), Some(fisher));
        assert_eq!(t.lookup("nelayan"), Some(fisher));
        assert!(
            t.sector(fisher)
                .aliases
                .iter()
                .any(|a| a == "Pencari Kerang")
        );
        assert_eq!(base.lookup("pencari kerang"), None, "the base is unchanged");

        let miner = t.lookup("Penggali Pasir").unwrap();
        assert_eq!(t.sector(miner).code, "sand_miner");
        assert_eq!(t.group(t.sector(miner).group).code, "mining");
        assert_eq!(t.groups().count(), base.groups().count() + 1);
        assert_eq!(t.sectors().count(), base.sectors().count() + 2);
        let jukir = t.lookup("JUKIR").unwrap();
        let other = t.group_by_code("other").unwrap();
        assert!(t.sectors_in(other).contains(jukir));
        assert!(!base.sectors_in(other).contains(jukir));
        assert_eq!(SectorSet::all(&t).len(), SectorSet::all(base).len() + 2);
    }

    #[test]
    fn extended_rejects_conflicts() {
        let base = Taxonomy::builtin();
        let clash = "[[alias]]\nsector = \"ojek\"\ntexts = [\"ojek online\"]\n";
        assert_eq!(data_field(base.extended(clash)), "alias[0].texts[0]");
        let redefine = "[[sector]]\ncode = \"fisher\"\ngroup = \"fisheries\"\nname_id = \"x\"\nname_en = \"y\"\n";
        assert_eq!(data_field(base.extended(redefine)), "sector[0].code");
        let regroup = "[[group]]\ncode = \"transport\"\nname_id = \"x\"\nname_en = \"y\"\n";
        assert_eq!(data_field(base.extended(regroup)), "group[0].code");
        assert_eq!(data_field(base.extended("[alias]\n")), "alias");
    }

    #[test]
    fn sector_set_operations() {
        let t = t();
        let id = |code: &str| t.sector_by_code(code).unwrap();
        let mut a = SectorSet::EMPTY;
        assert!(a.is_empty());
        assert_eq!(a.len(), 0);
        assert_eq!(a, SectorSet::default());
        a.insert(id("ojol"));
        a.insert(id("ojol"));
        a.insert(id("fisher"));
        assert_eq!(a.len(), 2);
        assert!(a.contains(id("ojol")) && a.contains(id("fisher")));
        assert!(!a.contains(id("ojek")));

        let transport = t.sectors_in(t.group_by_code("transport").unwrap());
        let both = a.intersection(transport);
        assert_eq!(both.iter().collect::<Vec<_>>(), [id("ojol")]);
        let either = a.union(transport);
        assert_eq!(either.len(), 5);
        assert!(either.contains(id("fisher")) && either.contains(id("courier")));

        let all = SectorSet::all(t);
        assert_eq!(all.len() as usize, t.sectors().count());
        assert_eq!(
            all.iter().map(SectorId::index).collect::<Vec<_>>(),
            (0..t.sectors().count()).collect::<Vec<_>>()
        );
        assert_eq!(all.intersection(a), a);
        assert_eq!(SectorSet::EMPTY.union(a), a);
        assert!(SectorSet::EMPTY.intersection(all).is_empty());

        let collected: SectorSet = [id("driver"), id("other")].into_iter().collect();
        assert_eq!(collected.len(), 2);
        let mut extended = collected;
        extended.extend(a.iter());
        assert_eq!(extended, collected.union(a));
    }

    proptest! {
        #[test]
        fn lookup_never_panics(text in any::<String>()) {
            let _ = t().lookup(&text);
        }

        #[test]
        fn normalize_is_idempotent(text in any::<String>()) {
            let once = Taxonomy::normalize(&text);
            prop_assert_eq!(Taxonomy::normalize(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
            prop_assert_eq!(t().lookup(&text), t().lookup(&once));
        }

        #[test]
        fn noisy_aliases_still_match(
            index in 0usize..1000,
            upper in any::<bool>(),
            pad in "[ ./_-]{0,3}",
        ) {
            let aliases: Vec<(SectorId, &String)> = t()
                .sectors()
                .flat_map(|(id, s)| s.aliases.iter().map(move |a| (id, a)))
                .collect();
            let (id, alias) = aliases[index % aliases.len()];
            let mut text = format!("{pad}{}{pad}", alias.replace(' ', &format!(" {pad}")));
            if upper {
                text = text.to_uppercase();
            }
            prop_assert_eq!(t().lookup(&text), Some(id), "{}", text);
        }
    }
}
