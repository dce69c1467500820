//! Ending acquisitions: a member's acknowledgement (`SharePartition.acknowledge`), a member
//! leaving (`releaseAcquiredRecords`) and locks expiring (`releaseAcquisitionLockOnTimeout`).

use alloc::vec::Vec;

use super::error::{RequestProblem, ShareError, StateProblem};
use super::state::{Batch, RecordState, States};
use super::{AcknowledgeType, AcknowledgementBatch, SharePartition};
use crate::Name;
use crate::limits::SHARE_ACKNOWLEDGE_BATCHES_MAX;
use crate::time::SimTime;

impl AcknowledgeType {
    /// The state an acknowledgement moves an acquired record to (`fetchRecordState`); `None`
    /// for renew, which leaves it acquired.
    pub fn record_state(self) -> Option<RecordState> {
        match self {
            AcknowledgeType::Accept => Some(RecordState::Acknowledged),
            AcknowledgeType::Release => Some(RecordState::Available),
            AcknowledgeType::Reject | AcknowledgeType::Gap => Some(RecordState::Archived),
            AcknowledgeType::Renew => None,
        }
    }
}

impl SharePartition {
    /// Acknowledges `member`'s acquired records at `now`, batch by batch, all or nothing. A
    /// renewed record stays acquired, its lock expiring the lock duration after `now`.
    ///
    /// Batches wholly below SPSO are ignored, and so are records below SPSO. A refusal:
    /// `INVALID_REQUEST` when a batch's first offset is after its last, its types are neither
    /// one nor one per offset, or it reaches past the last in-flight record;
    /// `INVALID_RECORD_STATE` when its first offset is not in flight, or a record in it is not
    /// acquired or held by another member. Then no record changes; but a batch Kafka began to
    /// track per offset before the refusal stays so, as in Kafka (no record's state shows it,
    /// but its records are handed out one range each when next acquired).
    pub fn acknowledge(&mut self, member: &Name, batches: &[AcknowledgementBatch], now: SimTime) -> Result<(), ShareError> {
        if batches.len() > SHARE_ACKNOWLEDGE_BATCHES_MAX {
            return Err(ShareError::TooManyAcknowledgementBatches { batches: batches.len() });
        }
        // Kafka validates the request's batches before the share-partition sees any of them.
        batches.iter().try_for_each(validate)?;
        let mut work = self.clone();
        let outcome = batches.iter().try_for_each(|batch| work.acknowledge_batch(member, batch, now));
        match outcome {
            Ok(()) => {
                *self = work;
                self.move_start_offset();
                Ok(())
            }
            Err(error) => {
                for (key, batch) in &mut self.batches {
                    if work.batches.get(key).is_some_and(Batch::is_per_offset) {
                        batch.explode();
                    }
                }
                Err(error)
            }
        }
    }

    /// Makes every record `member` holds available again, or archived at the delivery limit
    /// or below SPSO; the delivery counts stay as they are. Kafka does this when the member's
    /// share session closes or the member leaves the group.
    ///
    /// As Kafka's `releaseAcquiredRecordsForPerOffsetBatch`, a batch tracked per offset is
    /// left at its first record held by another member: later records of that batch stay
    /// acquired until their locks expire.
    pub fn release_member(&mut self, member: &Name) {
        let start = self.start_offset;
        let limit = self.config.delivery_count_limit();
        for batch in self.batches.values_mut() {
            let held_whole = batch.whole().is_some_and(|state| {
                state.state == RecordState::Acquired && state.member.as_ref() == Some(member)
            });
            if held_whole && batch.first < start && batch.last >= start {
                batch.explode();
            }
            match &mut batch.states {
                States::PerOffset(offsets) => {
                    for (&offset, state) in offsets.iter_mut() {
                        if state.member.as_ref().is_some_and(|holder| holder != member) {
                            break;
                        }
                        if state.state == RecordState::Acquired {
                            state.finish(end_state(offset, start), limit);
                        }
                    }
                }
                States::Whole(state) => {
                    if state.member.as_ref() == Some(member) && state.state == RecordState::Acquired {
                        state.finish(end_state(batch.last, start), limit);
                    }
                }
            }
        }
        self.move_start_offset();
    }

    /// Ends every acquisition whose lock expired at or before `now`: the records become
    /// available, or archived at the delivery limit or below SPSO. Locks that expired at the
    /// same moment are ended together, earlier moments first.
    pub fn expire_locks(&mut self, now: SimTime) {
        while let Some(at) = self.next_lock_expiry().filter(|&at| at <= now) {
            let start = self.start_offset;
            let limit = self.config.delivery_count_limit();
            for batch in self.batches.values_mut() {
                let expired_whole = batch.whole().is_some_and(|state| state.lock_expires_at == Some(at));
                if expired_whole && batch.first < start && batch.last >= start {
                    batch.explode();
                }
                let last = batch.last;
                match &mut batch.states {
                    States::Whole(state) if state.lock_expires_at == Some(at) => {
                        state.finish(end_state(last, start), limit);
                    }
                    States::Whole(_) => {}
                    States::PerOffset(offsets) => {
                        for (&offset, state) in offsets.iter_mut().filter(|(_, s)| s.lock_expires_at == Some(at)) {
                            state.finish(end_state(offset, start), limit);
                        }
                    }
                }
            }
            self.move_start_offset();
        }
    }

    fn acknowledge_batch(&mut self, member: &Name, batch: &AcknowledgementBatch, now: SimTime) -> Result<(), ShareError> {
        let (first, last) = (batch.first, batch.last);
        let record_state = |problem| ShareError::InvalidRecordState { first, last, problem };
        let per_offset_types = batch.types.len() > 1;
        if last < self.start_offset {
            return Ok(());
        }
        let keys = self.keys_to_acknowledge(batch)?;
        let start = self.start_offset;
        let limit = self.config.delivery_count_limit();
        let renewed_until = now.plus_ms(self.config.record_lock_duration_ms());
        for key in keys {
            let in_flight = self.batches.get_mut(&key).expect("the key was just read from the map");
            if in_flight.last < start {
                continue;
            }
            if let Some(state) = in_flight.whole() {
                match &state.member {
                    None => return Err(record_state(StateProblem::NotAcquired)),
                    Some(holder) if holder != member => return Err(record_state(StateProblem::NotOwner)),
                    Some(_) => {}
                }
            }
            let full_match = in_flight.first >= first && in_flight.last <= last;
            let start_inside = in_flight.first < start && in_flight.last >= start;
            if !full_match || in_flight.is_per_offset() || per_offset_types || start_inside {
                if in_flight.whole().is_some_and(|state| state.state != RecordState::Acquired) {
                    return Err(record_state(StateProblem::NotAcquired));
                }
                in_flight.explode();
                let States::PerOffset(offsets) = &mut in_flight.states else { unreachable!("just exploded") };
                for (&offset, state) in offsets.range_mut(first.max(start)..=last) {
                    if state.state != RecordState::Acquired {
                        return Err(record_state(StateProblem::NotAcquired));
                    }
                    if state.member.as_ref() != Some(member) {
                        return Err(record_state(StateProblem::NotOwner));
                    }
                    let index = if per_offset_types { offset - first } else { 0 };
                    let index = usize::try_from(index).expect("one type per offset, so the index fits");
                    match batch.types[index].record_state() {
                        Some(to) => state.finish(to, limit),
                        None => state.lock_expires_at = Some(renewed_until),
                    }
                }
            } else {
                let States::Whole(state) = &mut in_flight.states else { unreachable!("a whole batch") };
                if state.state != RecordState::Acquired {
                    return Err(record_state(StateProblem::NotAcquired));
                }
                match batch.types[0].record_state() {
                    Some(to) => state.finish(to, limit),
                    None => state.lock_expires_at = Some(renewed_until),
                }
            }
        }
        Ok(())
    }

    /// The in-flight batches an acknowledgement batch covers (`fetchSubMapForAcknowledgementBatch`).
    fn keys_to_acknowledge(&self, batch: &AcknowledgementBatch) -> Result<Vec<u64>, ShareError> {
        let (first, last) = (batch.first, batch.last);
        let floor = |offset: u64| self.batches.range(..=offset).next_back().map(|(&key, _)| key);
        let start_inside = first < self.start_offset && last >= self.start_offset;
        let floor_key = match floor(first) {
            Some(key) => key,
            // SPSO moved into the request: acknowledge from the batch holding SPSO.
            None if start_inside => floor(self.start_offset).ok_or(not_in_flight(batch))?,
            None => return Err(not_in_flight(batch)),
        };
        let keys: Vec<u64> = self.batches.range(floor_key..=last).map(|(&key, _)| key).collect();
        let last_cached = self.batches[keys.last().expect("the floor key is in the range")].last;
        if last_cached < first || last > last_cached {
            return Err(ShareError::InvalidRequest { first, last, problem: RequestProblem::PastInFlight });
        }
        Ok(keys)
    }
}

/// The checks of Kafka's `ShareAcknowledge` request handling: first offset not after the
/// last, and one acknowledge type or one per offset.
fn validate(batch: &AcknowledgementBatch) -> Result<(), ShareError> {
    let (first, last) = (batch.first, batch.last);
    let request = |problem| ShareError::InvalidRequest { first, last, problem };
    if first > last {
        return Err(request(RequestProblem::FirstAfterLast));
    }
    let types = batch.types.len();
    if types == 0 || (types > 1 && u64::try_from(types).ok() != Some(last - first + 1)) {
        return Err(request(RequestProblem::TypeCount { types }));
    }
    Ok(())
}

fn not_in_flight(batch: &AcknowledgementBatch) -> ShareError {
    ShareError::InvalidRecordState { first: batch.first, last: batch.last, problem: StateProblem::NotInFlight }
}

/// Where a released or expired record goes: available, or archived below SPSO.
fn end_state(offset: u64, start: u64) -> RecordState {
    if offset < start { RecordState::Archived } else { RecordState::Available }
}
