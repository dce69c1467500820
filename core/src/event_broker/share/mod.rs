//! Kafka's share-partition (KIP-932, "queues for Kafka"): one share group's view of one
//! partition, which several members read at once, record by record.
//!
//! K20. Sources: apache/kafka `docs/design/design.md` ("The Share Consumer"), KIP-932,
//! `core/src/main/java/kafka/server/share/SharePartition.java` (read at e3e579e7) and its
//! `SharePartitionTest.java`, `ShareGroupConfig.java` ([`config`]). The rules, in short:
//!
//! - A fetch **acquires** records under a time-limited lock, for one member; the first
//!   acquisition sets a record's delivery count to 1 and each re-acquisition adds 1. A record
//!   is held by at most one member.
//! - The holder **acknowledges**: accept (ACKNOWLEDGED), release (AVAILABLE again, for
//!   anyone), reject or gap (ARCHIVED), or renews its lock (KIP-1222). Or its **lock expires**, or the member leaves
//!   ([`SharePartition::release_member`]): AVAILABLE again. When an acquisition ends that way
//!   and the delivery count has reached `delivery_count_limit`, the record is ARCHIVED instead.
//!   The delivery count rises only on acquisition.
//! - An acknowledge request is all or nothing: one refused batch refuses them all.
//! - **SPSO** (share-partition start offset, [`SharePartition::start_offset`]) is the first
//!   offset not yet done for the group: it moves past leading acknowledged and archived
//!   records. **SPEO** ([`SharePartition::end_offset`]) is the last offset fetched into the
//!   in-flight window, not the log's high watermark; SPEO = SPSO when nothing is in flight.
//! - New records are acquired only while the window SPEO − SPSO + 1 is below
//!   `max_inflight_records` (or to re-acquire records inside it); a fetch's `max_records` is
//!   soft: whole log batches are taken.
//! - When the log start moves up ([`SharePartition::update_log_start`]), available records
//!   below it are archived; acquired ones keep their holder and are archived (not made
//!   available) when released or expired; acknowledgements below SPSO are ignored.
//!
//! The model is synchronous: Kafka persists each change to `__share_group_state` before
//! completing it, and a failed write rolls the change back; here every change completes at
//! once, so no record is ever in an "ongoing transition". It knows nothing of members,
//! assignment, sessions or the log itself: the caller passes what a fetch returned and the
//! current [`SimTime`].

mod acknowledge;
mod acquire;
pub mod assignor;
pub mod config;
pub mod error;
mod offsets;
pub mod state;

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use serde::Serialize;

use crate::event_broker::Offset;
use crate::limits::{SHARE_FETCH_BATCHES_MAX, SHARE_FETCH_SPAN_MAX, SHARE_OFFSET_MAX};
use crate::time::SimTime;
pub use config::{ShareConfig, ShareConfigError, ShareSetting};
pub use error::{BatchProblem, RequestProblem, ShareError, StateProblem};
pub use state::{InFlight, RecordState};
use state::Batch;

/// One share group's state for one partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharePartition {
    config: ShareConfig,
    /// The in-flight batches by first offset (Kafka's `cachedState`).
    batches: BTreeMap<u64, Batch>,
    /// SPSO.
    start_offset: u64,
    /// SPEO.
    end_offset: u64,
}

/// The log batches one fetch returned, `first..=last` each, ascending and apart. A fetch
/// returns whole batches; offsets between two batches are gaps (compacted or transaction
/// markers) and are acquired with them, for the client to acknowledge as `gap`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedBatches(Vec<(u64, u64)>);

/// How a member acknowledges a record (`AcknowledgeType`: 0 gap, 1 accept, 2 release,
/// 3 reject, 4 renew).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AcknowledgeType {
    Accept,
    Release,
    Reject,
    Gap,
    /// KIP-1222 (Kafka 4.2): the holder keeps the record, and its lock starts again from now.
    Renew,
}

/// One acknowledgement batch: `first..=last` with one type for all, or one per offset
/// (`ShareAcknowledgementBatch`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcknowledgementBatch {
    pub first: u64,
    pub last: u64,
    pub types: Vec<AcknowledgeType>,
}

/// A range handed to a member by one acquisition, with its delivery count
/// (`ShareFetchResponseData.AcquiredRecords`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AcquiredRecords {
    pub first: u64,
    pub last: u64,
    pub delivery_count: u32,
}

/// One in-flight record, read from the share-partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordView<'a> {
    pub offset: u64,
    pub state: &'a InFlight,
}

impl FetchedBatches {
    /// Checks the batches are what a log could return: each `first <= last`, ascending and
    /// apart, within `SHARE_OFFSET_MAX`, at most `SHARE_FETCH_BATCHES_MAX` of them and
    /// spanning at most `SHARE_FETCH_SPAN_MAX` offsets. None at all is an empty fetch.
    pub fn new(batches: Vec<(u64, u64)>) -> Result<FetchedBatches, ShareError> {
        if batches.len() > SHARE_FETCH_BATCHES_MAX {
            return Err(ShareError::FetchedBatches(BatchProblem::TooMany { batches: batches.len() }));
        }
        let mut previous_last: Option<u64> = None;
        for &(first, last) in &batches {
            if first > last {
                return Err(ShareError::FetchedBatches(BatchProblem::FirstAfterLast { first, last }));
            }
            if last > SHARE_OFFSET_MAX {
                return Err(ShareError::OffsetTooLarge { offset: last });
            }
            if let Some(previous_last) = previous_last.filter(|&previous| first <= previous) {
                return Err(ShareError::FetchedBatches(BatchProblem::NotAscending { first, previous_last }));
            }
            previous_last = Some(last);
        }
        if let (Some(&(first, _)), Some(&(_, last))) = (batches.first(), batches.last())
            && last - first >= SHARE_FETCH_SPAN_MAX
        {
            return Err(ShareError::FetchedBatches(BatchProblem::SpanTooLong { first, last }));
        }
        Ok(FetchedBatches(batches))
    }

    pub fn batches(&self) -> &[(u64, u64)] {
        &self.0
    }
}

impl SharePartition {
    /// A share-partition starting at `start_offset` with nothing in flight (where
    /// `share.auto.offset.reset` put it: the log start for `earliest`, the end for `latest`).
    pub fn new(config: ShareConfig, start_offset: Offset) -> Result<SharePartition, ShareError> {
        check_offset(start_offset.0)?;
        Ok(SharePartition { config, batches: BTreeMap::new(), start_offset: start_offset.0, end_offset: start_offset.0 })
    }

    pub fn config(&self) -> &ShareConfig {
        &self.config
    }

    /// The group's config changed (a dynamic group config): acquisitions from now on lock for
    /// the new duration and every later decision uses the new delivery limit and window, as
    /// Kafka reads the group's config when it acquires or ends an acquisition. Locks already
    /// given keep their expiry and delivery counts stay as they are.
    pub fn reconfigure(&mut self, config: ShareConfig) {
        self.config = config;
    }

    /// SPSO: every offset below it is done for this group.
    pub fn start_offset(&self) -> Offset {
        Offset(self.start_offset)
    }

    /// SPEO: the last offset in the in-flight window, or SPSO when the window is empty.
    pub fn end_offset(&self) -> Offset {
        Offset(self.end_offset)
    }

    /// Where the next fetch reads from: the first available in-flight record, else the offset
    /// after SPEO (SPEO itself when nothing is in flight or SPSO has passed the window), as
    /// `nextFetchOffset`.
    pub fn next_fetch_offset(&self) -> Offset {
        let Some(last_cached) = self.batches.values().next_back().map(|batch| batch.last) else {
            return Offset(self.end_offset);
        };
        if self.start_offset > last_cached {
            return Offset(self.end_offset);
        }
        Offset(self.first_available().unwrap_or(self.end_offset + 1))
    }

    /// Whether a fetch may acquire anything (`canAcquireRecords`): an available record inside
    /// the window, or a window smaller than `max_inflight_records`.
    pub fn can_acquire_records(&self) -> bool {
        if self.next_fetch_offset().0 != self.end_offset + 1 {
            return true;
        }
        let in_window = if self.batches.is_empty() { 0 } else { self.end_offset - self.start_offset + 1 };
        in_window < u64::from(self.config.max_inflight_records())
    }

    /// Every in-flight record, by offset.
    pub fn records(&self) -> impl Iterator<Item = RecordView<'_>> {
        self.batches.values().flat_map(|batch| {
            (batch.first..=batch.last).map(move |offset| RecordView { offset, state: batch.state_of(offset) })
        })
    }

    /// One in-flight record's state, if `offset` is in flight.
    pub fn record(&self, offset: u64) -> Option<&InFlight> {
        let (_, batch) = self.batches.range(..=offset).next_back()?;
        (offset <= batch.last).then(|| batch.state_of(offset))
    }

    /// The in-flight batches as `(first, last, per_offset)`: whether Kafka keeps one state for
    /// the batch or one per offset decides how re-acquired records are handed out.
    pub fn batches(&self) -> impl Iterator<Item = (u64, u64, bool)> + '_ {
        self.batches.values().map(|batch| (batch.first, batch.last, batch.is_per_offset()))
    }

    /// When the earliest outstanding acquisition lock expires.
    pub fn next_lock_expiry(&self) -> Option<SimTime> {
        self.records().filter_map(|record| record.state.lock_expires_at).min()
    }

    /// The first available offset at or after SPSO.
    fn first_available(&self) -> Option<u64> {
        self.records().find(|record| record.state.state == RecordState::Available).map(|record| record.offset)
    }
}

fn check_offset(offset: u64) -> Result<u64, ShareError> {
    if offset > SHARE_OFFSET_MAX { Err(ShareError::OffsetTooLarge { offset }) } else { Ok(offset) }
}
