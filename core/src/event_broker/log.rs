//! One partition's log: dense offsets from 0, split into segments.
//!
//! ```text
//!  log start            high watermark   log end
//!      v                      v             v
//!  | seg 0 (closed) | seg 1 (closed) | seg 2 (active) |
//! ```
//!
//! Offsets are never reused: they only grow, and the log start only moves forward (retention
//! removes whole closed segments). This module knows nothing of producers, groups or time
//! beyond the timestamps it stores.

use alloc::vec::Vec;
use serde::Serialize;

use crate::event_broker::Record;

/// A position in one partition's log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Offset(pub u64);

impl Offset {
    pub fn next(self) -> Offset {
        Offset(self.0 + 1)
    }
}

impl core::fmt::Display for Offset {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Segment {
    base_offset: Offset,
    records: Vec<Record>,
}

impl Segment {
    pub fn base_offset(&self) -> Offset {
        self.base_offset
    }
    pub fn records(&self) -> &[Record] {
        &self.records
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct PartitionLog {
    segments: Vec<Segment>,
    log_start: Offset,
    log_end: Offset,
    high_watermark: Offset,
}

impl Default for PartitionLog {
    fn default() -> Self {
        PartitionLog::new()
    }
}

impl PartitionLog {
    pub fn new() -> PartitionLog {
        PartitionLog {
            segments: alloc::vec![Segment { base_offset: Offset(0), records: Vec::new() }],
            log_start: Offset(0),
            log_end: Offset(0),
            high_watermark: Offset(0),
        }
    }

    pub fn log_start(&self) -> Offset {
        self.log_start
    }
    /// The offset the next appended record gets.
    pub fn log_end(&self) -> Offset {
        self.log_end
    }
    /// Consumers read below this offset only. With one replica it equals the log end.
    pub fn high_watermark(&self) -> Offset {
        self.high_watermark
    }
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }
    pub fn len(&self) -> usize {
        self.segments.iter().map(|s| s.records.len()).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.log_start == self.log_end
    }

    /// Appends at the log end and returns the record's offset. The caller sets `record.offset`
    /// to nothing in particular: the log assigns it.
    pub fn append(&mut self, mut record: Record) -> Offset {
        let offset = self.log_end;
        record.offset = offset;
        self.segments.last_mut().expect("a log always has an active segment").records.push(record);
        self.log_end = offset.next();
        offset
    }

    /// Moves the high watermark; it never passes the log end and never goes back.
    pub fn set_high_watermark(&mut self, offset: Offset) {
        assert!(offset <= self.log_end, "high watermark beyond the log end");
        if offset > self.high_watermark {
            self.high_watermark = offset;
        }
    }

    /// Records from `from` (inclusive) below the high watermark, at most `max`.
    /// Offsets are sorted within and across segments (compaction leaves gaps, never
    /// disorder), so both lookups are binary searches.
    pub fn read(&self, from: Offset, max: usize) -> Vec<&Record> {
        let mut out = Vec::new();
        if from < self.log_start {
            return out;
        }
        let first_segment = self.segments.partition_point(|s| s.base_offset <= from).saturating_sub(1);
        for segment in &self.segments[first_segment..] {
            let start = segment.records.partition_point(|r| r.offset < from);
            for record in &segment.records[start..] {
                if out.len() >= max || record.offset >= self.high_watermark {
                    return out;
                }
                out.push(record);
            }
        }
        out
    }

    pub fn record(&self, offset: Offset) -> Option<&Record> {
        self.read(offset, 1).into_iter().next().filter(|r| r.offset == offset)
    }
}
