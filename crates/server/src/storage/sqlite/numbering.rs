//! Final invoice numbers, given by the server: one sequence per year, gapless, in the order
//! invoices reach the server. A laptop under server numbering sends its invoices without a
//! final number (only a provisional one, which may repeat across laptops); the server sets
//! it in the same transaction as the create, and the laptops learn it on their next pull.

use rusqlite::{params, Transaction};
use serde_json::{Map, Value};

use crate::storage::StorageError;

/// Sets `number` on a new invoice that has none. Other entities, and invoices numbered by a
/// laptop (local numbering), are left as they are.
pub(super) fn assign_invoice_number(tx: &Transaction, entity: &str, fields: &mut Map<String, Value>) -> Result<(), StorageError> {
    if entity != "invoice" || !fields.get("number").is_none_or(Value::is_null) {
        return Ok(());
    }
    let Some(year) = fields.get("year").and_then(Value::as_i64) else { return Ok(()) };
    let prefix = format!("{year}-");
    let start = i64::try_from(prefix.len()).unwrap_or(0) + 1;
    // Invoices are never deleted (a tombstone keeps its number), so max + 1 stays gapless.
    let highest: i64 = tx.query_row(
        "SELECT coalesce(max(CAST(substr(json_extract(fields, '$.number'), ?2) AS INTEGER)), 0) FROM records
         WHERE entity = 'invoice' AND json_extract(fields, '$.year') = ?1 AND json_extract(fields, '$.number') LIKE ?3",
        params![year, start, format!("{prefix}%")],
        |r| r.get(0),
    )?;
    fields.insert("number".into(), Value::String(format!("{prefix}{:04}", highest + 1)));
    Ok(())
}
