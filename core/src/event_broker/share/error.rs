//! What a share-partition refuses. Every refusal changes nothing.
//!
//! The two Kafka errors carry Kafka's names ([`ShareError::kafka_name`]): an acknowledgement
//! that does not fit the records' states is `INVALID_RECORD_STATE`
//! (`InvalidRecordStateException` in `SharePartition.java`), one whose offsets or types make
//! no sense is `INVALID_REQUEST`. The rest is misuse of the model (fetched batches a log could
//! not return, offsets past Kafka's), which Kafka's broker never sees.

use serde::Serialize;

/// Why an acknowledgement was refused with `INVALID_RECORD_STATE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StateProblem {
    /// No in-flight batch holds the first offset ("Batch record not found").
    NotInFlight,
    /// The record is not acquired (available, acknowledged or archived).
    NotAcquired,
    /// Another member holds the record ("Member is not the owner").
    NotOwner,
}

/// Why an acknowledgement was refused with `INVALID_REQUEST`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestProblem {
    /// The first offset is after the last.
    FirstAfterLast,
    /// Neither one type for the range nor one per offset.
    TypeCount { types: usize },
    /// Offsets past the last in-flight record ("past acquired records").
    PastInFlight,
}

/// Why fetched batches cannot be what a log returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchProblem {
    FirstAfterLast { first: u64, last: u64 },
    /// A batch starts at or before the end of the one before it.
    NotAscending { first: u64, previous_last: u64 },
    /// From the first batch's first offset to the last batch's last, more offsets than
    /// `SHARE_FETCH_SPAN_MAX`.
    SpanTooLong { first: u64, last: u64 },
    TooMany { batches: usize },
}

/// A refused share-partition operation; the share-partition is exactly as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Kafka's `INVALID_RECORD_STATE`, for the acknowledgement batch `first..=last`.
    InvalidRecordState { first: u64, last: u64, problem: StateProblem },
    /// Kafka's `INVALID_REQUEST`, for the acknowledgement batch `first..=last`.
    InvalidRequest { first: u64, last: u64, problem: RequestProblem },
    /// Misuse: batches no log fetch returns.
    FetchedBatches(BatchProblem),
    /// Misuse: more acknowledgement batches than `SHARE_ACKNOWLEDGE_BATCHES_MAX`.
    TooManyAcknowledgementBatches { batches: usize },
    /// Misuse: an offset past `SHARE_OFFSET_MAX` (Kafka's offsets are signed 64-bit).
    OffsetTooLarge { offset: u64 },
}

impl core::error::Error for ShareError {}

impl ShareError {
    /// Kafka's error name, for the two errors Kafka's broker answers with; `None` for misuse.
    pub fn kafka_name(&self) -> Option<&'static str> {
        match self {
            ShareError::InvalidRecordState { .. } => Some("INVALID_RECORD_STATE"),
            ShareError::InvalidRequest { .. } => Some("INVALID_REQUEST"),
            ShareError::FetchedBatches(_)
            | ShareError::TooManyAcknowledgementBatches { .. }
            | ShareError::OffsetTooLarge { .. } => None,
        }
    }
}
