//! Countries of the reference data (ISO 3166-1 alpha-2 and English name), from
//! `assets/reference/countries.csv` (GeoNames, CC BY 4.0), read once and kept.

use std::sync::OnceLock;

use crate::model::Country;

const COUNTRIES_CSV: &str = include_str!("../../../assets/reference/countries.csv");

/// Every country, sorted by name.
pub fn all() -> &'static [Country] {
    static COUNTRIES: OnceLock<Vec<Country>> = OnceLock::new();
    COUNTRIES.get_or_init(|| {
        let mut reader = csv::Reader::from_reader(COUNTRIES_CSV.as_bytes());
        let mut countries: Vec<Country> = reader
            .records()
            .filter_map(|record| record.ok())
            .filter_map(|r| Some(Country { code: r.get(0)?.to_string(), name: r.get(1)?.to_string() }))
            .collect();
        countries.sort_by_key(|c| crate::fold::fold(&c.name));
        countries
    })
}

pub fn by_code(code: &str) -> Option<&'static Country> {
    all().iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_list_has_every_european_country_we_work_with() {
        assert!(all().len() > 240);
        assert_eq!(by_code("RO").map(|c| c.name.as_str()), Some("Romania"));
        assert_eq!(by_code("SE").map(|c| c.name.as_str()), Some("Sweden"));
        assert!(by_code("XX").is_none());
    }
}
