//! How much to measure: iteration counts for a full run and for the smoke run, shared by the
//! benchmark modules so that `--smoke` changes them all in one place.

#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Unmeasured runs before each read operation (statement cache, page cache).
    pub warmup: usize,
    /// Measured runs of each read operation.
    pub reads: usize,
    /// Measured single edits.
    pub edits: usize,
    /// Measured opens of a store.
    pub opens: usize,
    /// Rounds of bulk creation, and people created per round.
    pub bulk_rounds: usize,
    pub bulk_rows: usize,
    /// Cold starts of the real app.
    pub starts: usize,
}

impl Plan {
    pub fn full(people: u32) -> Plan {
        Plan {
            warmup: 20,
            reads: 300,
            edits: 200,
            opens: 30,
            bulk_rounds: 10,
            // A round big enough to time well, small enough not to dwarf the store.
            bulk_rows: if people >= 50_000 { 1_000 } else { 200 },
            starts: 5,
        }
    }

    pub fn smoke() -> Plan {
        Plan { warmup: 1, reads: 5, edits: 5, opens: 3, bulk_rounds: 3, bulk_rows: 50, starts: 1 }
    }
}
