//! QR codes as a grid of modules (the `qrcode` crate does the encoding); the canvas turns each
//! horizontal run of dark modules into one filled rectangle.

use qrcode::{Color, EcLevel, QrCode};

use super::PdfError;

/// Light modules around the code that readers need to find it (the standard asks for four).
pub const QUIET_ZONE: usize = 4;

pub struct Modules {
    side: usize,
    dark: Vec<bool>,
}

impl Modules {
    pub fn encode(data: &str) -> Result<Self, PdfError> {
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
            .map_err(|error| PdfError::Qr(error.to_string()))?;
        let side = code.width();
        let dark = code.to_colors().into_iter().map(|color| color == Color::Dark).collect();
        Ok(Modules { side, dark })
    }

    pub fn side_with_quiet_zone(&self) -> usize {
        self.side + 2 * QUIET_ZONE
    }

    /// `(row, first column, length)` of every horizontal run of dark modules.
    pub fn dark_runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for row in 0..self.side {
            let cells = &self.dark[row * self.side..(row + 1) * self.side];
            let mut column = 0;
            while column < self.side {
                if cells[column] {
                    let start = column;
                    while column < self.side && cells[column] {
                        column += 1;
                    }
                    runs.push((row, start, column - start));
                } else {
                    column += 1;
                }
            }
        }
        runs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let modules = Modules::encode("RC-7F3K-9QZ2-XW4M").expect("encodes");
        let dark_in_runs: usize = modules.dark_runs().iter().map(|(_, _, length)| length).sum();
        assert_eq!(dark_in_runs, modules.dark.iter().filter(|d| **d).count());
        // The finder pattern's top row is a run of seven dark modules at the top-left.
        assert_eq!(modules.dark_runs()[0], (0, 0, 7));
    }

    #[test]
    fn data_too_long_for_any_qr_version_is_an_error() {
        let long = "x".repeat(4000);
        assert!(matches!(Modules::encode(&long), Err(PdfError::Qr(_))));
    }
}
