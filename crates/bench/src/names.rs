//! The word lists the `network` dataset is drawn from: European cities from the shared
//! reference data (real names and populations), and invented people, functions and
//! organisation names with the accents real contacts have, so search folding is exercised.

use rencontres_core::model::{OrganisationKind, PersonRole};

const CITIES_CSV: &str = include_str!("../../../assets/reference/european_cities.csv");

pub struct City {
    pub name: String,
    pub country: String,
    pub population: i64,
}

/// The reference cities whose country the store accepts.
pub fn cities() -> anyhow::Result<Vec<City>> {
    let mut reader = csv::Reader::from_reader(CITIES_CSV.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record?;
        let (Some(name), Some(country), Some(population)) = (record.get(0), record.get(1), record.get(2)) else { continue };
        if rencontres_core::countries::by_code(country).is_none() {
            continue;
        }
        out.push(City { name: name.to_string(), country: country.to_string(), population: population.parse().unwrap_or(0) });
    }
    anyhow::ensure!(!out.is_empty(), "no reference city has a country the store knows");
    Ok(out)
}

/// The language and dialling code of a country; English and a neutral code elsewhere.
pub fn country_language(country: &str) -> (&'static str, &'static str) {
    match country {
        "FR" => ("fr", "+33"),
        "BE" => ("fr", "+32"),
        "LU" => ("fr", "+352"),
        "ES" => ("es", "+34"),
        "PT" => ("pt", "+351"),
        "IT" => ("it", "+39"),
        "DE" => ("de", "+49"),
        "AT" => ("de", "+43"),
        "CH" => ("de", "+41"),
        "NL" => ("nl", "+31"),
        "PL" => ("pl", "+48"),
        "CZ" => ("cs", "+420"),
        "SK" => ("sk", "+421"),
        "HU" => ("hu", "+36"),
        "RO" => ("ro", "+40"),
        "BG" => ("bg", "+359"),
        "GR" | "CY" => ("el", "+30"),
        "SE" => ("sv", "+46"),
        "FI" => ("fi", "+358"),
        "DK" => ("da", "+45"),
        "NO" => ("no", "+47"),
        "HR" => ("hr", "+385"),
        "SI" => ("sl", "+386"),
        _ => ("en", "+44"),
    }
}

pub const FIRST_NAMES: &[&str] = &[
    "Claire", "Julien", "Sophie", "Thomas", "Camille", "Hélène", "Lucía", "Javier", "Inês", "João", "Giulia", "Marco",
    "Anna", "Jonas", "Katharina", "Jürgen", "Sanne", "Daan", "Aoife", "Seán", "Elin", "Åsa", "Aino", "Mikko",
    "Freja", "Søren", "Agnieszka", "Paweł", "Małgorzata", "Tereza", "Tomáš", "Zuzana", "Eszter", "Gábor", "Ioana",
    "Andrei", "Ștefan", "Desislava", "Eleni", "Giorgos", "Ingrid", "Björn", "Léa", "Nora", "François", "Maria",
    "Ana", "Ivan", "Lucija", "Matej", "Zoë", "Noël", "Chloé", "Éric", "Ólafur", "Dóra", "Pierre", "Marie",
];

pub const LAST_NAMES: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "García", "Martínez", "López", "Muñoz", "Silva", "Gonçalves",
    "Rossi", "Ferrari", "Esposito", "Müller", "Schmidt", "Schröder", "Weiß", "de Jong", "van Dijk", "Murphy",
    "O'Sullivan", "Andersson", "Lindqvist", "Korhonen", "Mäkinen", "Hämäläinen", "Sørensen", "Nowak", "Wiśniewski",
    "Łukasik", "Novák", "Dvořák", "Černý", "Kučera", "Horváth", "Kovács", "Szabó", "Popescu", "Țurcanu", "Ivanova",
    "Papadopoulou", "Karagiannis", "Hansen", "Berg", "Meier", "Favre", "Peeters", "Janssens", "Horvat", "Zupančič",
    "Babić", "Kovačević", "Østergaard", "Æbelø", "Stępień", "Żak", "Nuñez", "Ibáñez", "Coelho", "Brandão",
];

pub const FUNCTIONS: &[(&str, PersonRole)] = &[
    ("Deputy mayor in charge of culture", PersonRole::Elected),
    ("Director of cultural affairs", PersonRole::Officer),
    ("Head of European and international relations", PersonRole::Officer),
    ("Mayor", PersonRole::Elected),
    ("Cultural policy officer", PersonRole::Officer),
    ("Councillor for heritage and museums", PersonRole::Elected),
    ("Vice-president in charge of culture", PersonRole::Elected),
    ("European projects officer", PersonRole::Officer),
    ("Programme manager", PersonRole::Officer),
    ("Director", PersonRole::Officer),
    ("Chair of the board", PersonRole::Elected),
    ("Communication officer", PersonRole::Officer),
    ("Librarian", PersonRole::Other),
    ("Festival coordinator", PersonRole::Other),
];

/// The kind of an organisation and the name it gets from its city, by weight out of 100.
pub fn organisation_kind(roll: usize) -> OrganisationKind {
    match roll {
        0..=44 => OrganisationKind::City,
        45..=49 => OrganisationKind::Region,
        50..=52 => OrganisationKind::County,
        53..=55 => OrganisationKind::Province,
        56..=59 => OrganisationKind::MunicipalityGroup,
        60..=89 => OrganisationKind::CulturalOrganisation,
        90..=93 => OrganisationKind::PartnerNetwork,
        94..=96 => OrganisationKind::Funder,
        97 => OrganisationKind::NationalAssociation,
        _ => OrganisationKind::Other,
    }
}

const CULTURAL: &[&str] = &[
    "Théâtre municipal de {}", "{} Philharmonic Orchestra", "Kunsthalle {}", "Museo civico di {}", "{} Dance Centre",
    "Festival international de {}", "Biblioteca pública de {}", "{} Photography Biennale", "Opéra de {}",
    "Cinémathèque de {}", "Muzeum Sztuki w {}", "{} Literature House",
];

pub fn organisation_name(kind: OrganisationKind, city: &str, variant: usize) -> String {
    let template = match kind {
        OrganisationKind::City => "{}",
        OrganisationKind::Region => "Region of {}",
        OrganisationKind::County => "{} County",
        OrganisationKind::Province => "Province of {}",
        OrganisationKind::MunicipalityGroup => "Greater {} Municipal Association",
        OrganisationKind::CulturalOrganisation => CULTURAL[variant % CULTURAL.len()],
        OrganisationKind::PartnerNetwork => "{} Culture Network",
        OrganisationKind::Funder => "{} Cultural Foundation",
        OrganisationKind::NationalAssociation => "Association of Elected Members for Culture ({})",
        OrganisationKind::Other => "{} Tourist Office",
    };
    template.replace("{}", city)
}
