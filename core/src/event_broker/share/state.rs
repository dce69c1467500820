//! The in-flight records of a share-partition: each record's state, holder, lock and delivery
//! count, kept per fetched batch until a batch's records differ, then per offset (as
//! `SharePartition.java`'s `InFlightBatch` and `InFlightState`).
//!
//! ```text
//!             acquire (delivery count + 1)
//!   AVAILABLE ───────────────────────────> ACQUIRED ──accept──> ACKNOWLEDGED
//!       ^                                    │  │
//!       └──── release, lock expiry ──────────┘  └──reject, gap──> ARCHIVED
//!             (ARCHIVED instead when the delivery count has reached the limit,
//!              or the record is below the start offset)
//! ```
//!
//! ACKNOWLEDGED and ARCHIVED are final: a record in them is never delivered again.

use alloc::collections::BTreeMap;

use serde::Serialize;

use crate::Name;
use crate::time::SimTime;

/// A record's state in a share-partition (`SharePartition.RecordState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RecordState {
    Available,
    Acquired,
    Acknowledged,
    Archived,
}

impl RecordState {
    /// Kafka's name for the state, as `RecordState.toString()` prints it.
    pub fn kafka_name(self) -> &'static str {
        match self {
            RecordState::Available => "AVAILABLE",
            RecordState::Acquired => "ACQUIRED",
            RecordState::Acknowledged => "ACKNOWLEDGED",
            RecordState::Archived => "ARCHIVED",
        }
    }

    /// Done for this group: acknowledged or archived (`isRecordStateAcknowledged`).
    pub fn is_final(self) -> bool {
        matches!(self, RecordState::Acknowledged | RecordState::Archived)
    }
}

/// One record's (or one whole batch's) state: the holder while acquired, the lock's expiry,
/// and how many times it has been acquired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlight {
    pub state: RecordState,
    pub delivery_count: u32,
    /// The member holding the record; `None` unless acquired (Kafka's `EMPTY_MEMBER_ID`),
    /// except a record acquired before the log start moved past it, which keeps its holder.
    pub member: Option<Name>,
    /// When the acquisition lock expires; `Some` exactly while acquired.
    pub lock_expires_at: Option<SimTime>,
}

impl InFlight {
    pub(super) fn acquired(member: &Name, delivery_count: u32, lock_expires_at: SimTime) -> InFlight {
        InFlight {
            state: RecordState::Acquired,
            delivery_count,
            member: Some(member.clone()),
            lock_expires_at: Some(lock_expires_at),
        }
    }

    /// AVAILABLE → ACQUIRED, counting the delivery (`tryUpdateState(ACQUIRED, true, ..)`).
    pub(super) fn acquire(&mut self, member: &Name, lock_expires_at: SimTime) {
        assert_eq!(self.state, RecordState::Available, "only an available record is acquired");
        self.state = RecordState::Acquired;
        self.delivery_count += 1;
        self.member = Some(member.clone());
        self.lock_expires_at = Some(lock_expires_at);
    }

    /// ACQUIRED → `to` (AVAILABLE, ACKNOWLEDGED or ARCHIVED). A record going back to AVAILABLE
    /// whose delivery count has reached the limit is archived instead (`tryUpdateState`). The
    /// delivery count does not change: it rises only on acquisition.
    pub(super) fn finish(&mut self, to: RecordState, delivery_count_limit: u32) {
        assert_eq!(self.state, RecordState::Acquired, "only an acquired record is released or acknowledged");
        assert_ne!(to, RecordState::Acquired, "an acquired record ends its acquisition");
        let to = if to == RecordState::Available && self.delivery_count >= delivery_count_limit {
            RecordState::Archived
        } else {
            to
        };
        self.state = to;
        self.member = None;
        self.lock_expires_at = None;
    }

    /// AVAILABLE → ARCHIVED when the log start moves past the record (`archive`).
    pub(super) fn archive(&mut self) {
        self.state = RecordState::Archived;
        self.member = None;
        self.lock_expires_at = None;
    }
}

/// The records of one fetched range, `first..=last`, with one state for all of them until
/// they differ (`Whole`), then one per offset (`PerOffset`, Kafka's offset-state map).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Batch {
    pub(super) first: u64,
    pub(super) last: u64,
    pub(super) states: States,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum States {
    Whole(InFlight),
    PerOffset(BTreeMap<u64, InFlight>),
}

impl Batch {
    pub(super) fn whole(&self) -> Option<&InFlight> {
        match &self.states {
            States::Whole(state) => Some(state),
            States::PerOffset(_) => None,
        }
    }

    /// Splits the batch's one state into one per offset, each with the batch's lock expiry
    /// (`maybeInitializeOffsetStateUpdate`). Nothing a record shows changes.
    pub(super) fn explode(&mut self) {
        if let States::Whole(state) = &self.states {
            let per_offset = (self.first..=self.last).map(|offset| (offset, state.clone())).collect();
            self.states = States::PerOffset(per_offset);
        }
    }

    pub(super) fn is_per_offset(&self) -> bool {
        matches!(self.states, States::PerOffset(_))
    }

    /// The state of `offset`, which must be in the batch.
    pub(super) fn state_of(&self, offset: u64) -> &InFlight {
        match &self.states {
            States::Whole(state) => state,
            States::PerOffset(map) => map.get(&offset).expect("a batch holds a state for each of its offsets"),
        }
    }

    pub(super) fn len(&self) -> u64 {
        self.last - self.first + 1
    }
}
