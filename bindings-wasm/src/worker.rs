//! The worker record JavaScript passes in: the core's [`iuran::Record`] (every field
//! optional text, nothing interpreted) with camelCase names.

use std::collections::BTreeMap;

use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::JsValue;

use crate::error::Error;

/// One worker as text, the way a form or a roster row gives it. Every value is a
/// string; the core reads and checks it (a value it cannot read becomes an
/// `invalid_value` reason, not an error).
#[derive(Debug, Clone, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct WorkerRecord {
    /// NIK, 16 digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub nik: Option<String>,
    /// Name (never used in a decision).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub name: Option<String>,
    /// Birth date: `YYYY-MM-DD`, `DD-MM-YYYY` or `DD/MM/YYYY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub birth_date: Option<String>,
    /// `L`/`P` (also `laki-laki`/`perempuan`, `M`/`F`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sex: Option<String>,
    /// Regency of domicile, 4-digit code such as `3328`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub regency: Option<String>,
    /// District of domicile: code (`332801`) or name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub district: Option<String>,
    /// Occupation text or sector code (`Petani Tembakau`, `tobacco_farmer`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sector: Option<String>,
    /// Monthly income in rupiah, as text (`1500000`, `Rp 1.500.000`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub declared_income: Option<String>,
    /// Already an active BPJS Ketenagakerjaan member: `ya`/`tidak`, `true`/`false`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub active_member: Option<String>,
    /// DTSEN welfare decile, `1` to `10`, as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub welfare_decile: Option<String>,
    /// Registered in DTSEN: `ya`/`tidak`, `true`/`false`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub dtsen: Option<String>,
    /// The worker's own first covered month, `YYYY-MM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cover_from: Option<String>,
    /// The worker's own last covered month, `YYYY-MM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cover_to: Option<String>,
}

impl WorkerRecord {
    /// Read a JavaScript object; a wrong shape is an `invalid_argument` error naming the
    /// field. `null` and `undefined` values count as absent.
    pub(crate) fn from_js(value: JsValue) -> Result<WorkerRecord, Error> {
        if !value.is_object() {
            return Err(Error::argument(
                Some("worker"),
                "must be an object such as { nik, birthDate, regency, sector }",
            ));
        }
        // Read every key (serde-wasm-bindgen reads only a struct's own field names, so
        // an unknown key would pass unnoticed), then the record from those entries.
        let de = serde_wasm_bindgen::Deserializer::from(value);
        let entries: BTreeMap<String, Option<String>> = serde_path_to_error::deserialize(de)
            .map_err(|e| {
                // serde's "invalid type" messages echo the value, which may be a NIK:
                // never pass them on.
                match e.path().to_string().as_str() {
                    "." => Error::argument(Some("worker"), "must be a plain object"),
                    field => Error::argument(Some(field), "must be text (a string) or left out"),
                }
            })?;
        let mut record = WorkerRecord::default();
        for (key, value) in entries {
            let Some(slot) = record.slot(&key) else {
                return Err(Error::argument(
                    Some(&key),
                    "unknown field; expected one of nik, name, birthDate, sex, regency, \
                     district, sector, declaredIncome, activeMember, welfareDecile, dtsen, \
                     coverFrom, coverTo",
                ));
            };
            *slot = value;
        }
        Ok(record)
    }

    /// The field with this JavaScript name.
    fn slot(&mut self, key: &str) -> Option<&mut Option<String>> {
        Some(match key {
            "nik" => &mut self.nik,
            "name" => &mut self.name,
            "birthDate" => &mut self.birth_date,
            "sex" => &mut self.sex,
            "regency" => &mut self.regency,
            "district" => &mut self.district,
            "sector" => &mut self.sector,
            "declaredIncome" => &mut self.declared_income,
            "activeMember" => &mut self.active_member,
            "welfareDecile" => &mut self.welfare_decile,
            "dtsen" => &mut self.dtsen,
            "coverFrom" => &mut self.cover_from,
            "coverTo" => &mut self.cover_to,
            _ => return None,
        })
    }
}

impl From<iuran::Record> for WorkerRecord {
    fn from(r: iuran::Record) -> Self {
        WorkerRecord {
            nik: r.nik,
            name: r.name,
            birth_date: r.birth_date,
            sex: r.sex,
            regency: r.regency,
            district: r.district,
            sector: r.sector,
            declared_income: r.declared_income,
            active_member: r.active_member,
            welfare_decile: r.welfare_decile,
            dtsen: r.dtsen,
            cover_from: r.cover_from,
            cover_to: r.cover_to,
        }
    }
}

impl From<WorkerRecord> for iuran::Record {
    fn from(w: WorkerRecord) -> Self {
        iuran::Record {
            nik: w.nik,
            name: w.name,
            birth_date: w.birth_date,
            sex: w.sex,
            regency: w.regency,
            district: w.district,
            sector: w.sector,
            declared_income: w.declared_income,
            active_member: w.active_member,
            welfare_decile: w.welfare_decile,
            dtsen: w.dtsen,
            cover_from: w.cover_from,
            cover_to: w.cover_to,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_read_under_its_typescript_name() {
        let mut full = WorkerRecord::default();
        let json = serde_json::to_value(WorkerRecord {
            nik: Some(String::new()),
            name: Some(String::new()),
            birth_date: Some(String::new()),
            sex: Some(String::new()),
            regency: Some(String::new()),
            district: Some(String::new()),
            sector: Some(String::new()),
            declared_income: Some(String::new()),
            active_member: Some(String::new()),
            welfare_decile: Some(String::new()),
            dtsen: Some(String::new()),
            cover_from: Some(String::new()),
            cover_to: Some(String::new()),
        })
        .unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), iuran::worker::Field::ALL.len());
        for key in keys {
            *full
                .slot(key)
                .unwrap_or_else(|| panic!("{key} is not read")) = Some(key.clone());
        }
        let record = iuran::Record::from(full);
        assert_eq!(record.birth_date.as_deref(), Some("birthDate"));
        assert_eq!(record.welfare_decile.as_deref(), Some("welfareDecile"));
        assert!(
            iuran::worker::Field::ALL
                .iter()
                .all(|f| record.get(*f).is_some())
        );
    }
}
