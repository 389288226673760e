//! Reading a spreadsheet file into a header and rows of text cells, each row with the line it
//! starts on: CSV in whatever encoding and delimiter office software wrote it, or XLSX.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::ImportError;

/// The text encoding a file was read in.
/// Names are spelled out: serde's and specta's snake_case disagree on digits ("utf8_bom" vs
/// "utf_8_bom"), and the generated TypeScript type must say what the app really receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub enum SourceEncoding {
    #[serde(rename = "utf8")]
    Utf8,
    #[serde(rename = "utf8_bom")]
    Utf8Bom,
    #[serde(rename = "utf16_le")]
    Utf16Le,
    #[serde(rename = "utf16_be")]
    Utf16Be,
    #[serde(rename = "windows1252")]
    Windows1252,
    #[serde(rename = "xlsx")]
    /// An XLSX workbook: its text is always Unicode.
    Xlsx,
}

/// One row of the file: its cells and the physical line (CSV) or sheet row (XLSX) it starts on.
#[derive(Debug, Clone)]
pub(crate) struct SourceRow {
    pub line: u32,
    pub cells: Vec<String>,
}

/// A file read into rows; blank rows are left out.
#[derive(Debug, Clone)]
pub(crate) struct SourceTable {
    pub columns: Vec<String>,
    pub rows: Vec<SourceRow>,
    pub encoding: SourceEncoding,
    /// None for XLSX.
    pub delimiter: Option<char>,
}

pub(crate) fn read(bytes: &[u8], file_name: &str) -> Result<SourceTable, ImportError> {
    let is_xlsx = file_name.to_lowercase().ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04");
    if is_xlsx {
        read_xlsx(bytes, file_name)
    } else {
        let (text, encoding) = decode(bytes);
        read_csv(&text, encoding, file_name)
    }
}

/// Text of a CSV file: a byte-order mark decides; without one, UTF-8 when the bytes are
/// valid UTF-8, else Windows-1252 (what Excel on Windows writes as "CSV").
pub(crate) fn decode(bytes: &[u8]) -> (String, SourceEncoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest).into_owned(), SourceEncoding::Utf8Bom);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        return (text.into_owned(), SourceEncoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (text, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        return (text.into_owned(), SourceEncoding::Utf16Be);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), SourceEncoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), SourceEncoding::Windows1252)
        }
    }
}

/// The delimiter of the header line: whichever of `;`, tab and `,` occurs most outside quotes
/// (French and German Excel write `;` because `,` is their decimal mark).
pub(crate) fn detect_delimiter(text: &str) -> char {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let mut counts = [(';', 0usize), ('\t', 0), (',', 0)];
    let mut quoted = false;
    for c in header.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(entry) = counts.iter_mut().find(|(d, _)| *d == c) {
                entry.1 += 1;
            }
        }
    }
    // Ties (including none at all: a one-column file) go to `,`, the standard.
    counts.iter().rev().max_by_key(|(_, n)| *n).map_or(',', |(d, _)| *d)
}

fn read_csv(text: &str, encoding: SourceEncoding, file_name: &str) -> Result<SourceTable, ImportError> {
    // Excel writes and honours a first line `sep=;` naming the delimiter: it wins over guessing.
    let hinted = text.strip_prefix("sep=").and_then(|rest| {
        let mut chars = rest.chars();
        let delimiter = chars.next().filter(|d| matches!(d, ',' | ';' | '\t' | '|'))?;
        let after = chars.as_str();
        let after = after.strip_prefix("\r\n").or_else(|| after.strip_prefix('\n'))?;
        Some((delimiter, after))
    });
    let (delimiter, text, first_line) = match hinted {
        Some((delimiter, rest)) => (delimiter, rest, 2),
        None => (detect_delimiter(text), text, 1),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter as u8)
        .from_reader(text.as_bytes());
    let mut columns: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Physical lines are counted from byte offsets: a quoted newline and a skipped blank
    // line both move the next row down, as the user sees it in a text editor.
    let (mut counted_to, mut line) = (0usize, first_line);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                return Err(ImportError::Unreadable { file: file_name.to_string(), reason: format!("line {line}: {error}") });
            }
        }
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        // Lines of nothing but delimiters are what spreadsheets save for empty rows.
        if cells.iter().all(String::is_empty) {
            continue;
        }
        // The reader's position is where it resumed, before the line ends and blank lines it
        // then skipped: the row itself starts after them.
        let mut start = record.position().map_or(counted_to, |p| p.byte() as usize).clamp(counted_to, text.len());
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        line += text.as_bytes()[counted_to..start].iter().filter(|b| **b == b'\n').count() as u32;
        counted_to = start;
        match columns {
            None => columns = Some(cells),
            Some(_) => rows.push(SourceRow { line, cells }),
        }
    }
    let columns = columns.ok_or_else(|| ImportError::Empty { file: file_name.to_string() })?;
    Ok(SourceTable { columns, rows, encoding, delimiter: Some(delimiter) })
}

fn read_xlsx(bytes: &[u8], file_name: &str) -> Result<SourceTable, ImportError> {
    let unreadable = |reason: String| ImportError::Unreadable { file: file_name.to_string(), reason };
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(format!("not an XLSX workbook: {e}")))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| ImportError::Empty { file: file_name.to_string() })?
        .map_err(|e| unreadable(format!("the first sheet cannot be read: {e}")))?;
    // Row numbers as Excel shows them, so errors point at the row the user sees.
    let first_row = range.start().map_or(0, |(row, _)| row) + 1;
    let mut columns: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (index, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let line = first_row + index as u32;
        match columns {
            None => columns = Some(cells),
            Some(_) => rows.push(SourceRow { line, cells }),
        }
    }
    let columns = columns.ok_or_else(|| ImportError::Empty { file: file_name.to_string() })?;
    Ok(SourceTable { columns, rows, encoding: SourceEncoding::Xlsx, delimiter: None })
}

/// A cell as the text a CSV would hold: whole numbers without ".0", dates as YYYY-MM-DD.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
        Data::DateTime(d) => excel_date(d.as_f64()),
    }
}

/// An Excel serial day number as a date (day 0 is 1899-12-30 in the 1900 date system).
fn excel_date(serial: f64) -> String {
    NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|epoch| epoch.checked_add_signed(Duration::days(serial.floor() as i64)))
        .map_or_else(|| serial.to_string(), |d| d.format("%Y-%m-%d").to_string())
}
