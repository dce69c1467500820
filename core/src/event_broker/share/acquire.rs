//! Acquisition: what one fetch hands a member (`SharePartition.acquire`,
//! `acquireNewBatchRecords`, `acquireSubsetBatchRecords`).

use alloc::vec::Vec;

use super::state::{Batch, InFlight, RecordState, States};
use super::{AcquiredRecords, FetchedBatches, SharePartition};
use crate::Name;
use crate::time::SimTime;

impl SharePartition {
    /// Acquires for `member` what it may have of the fetched batches, locking each record until
    /// `now` + the lock duration, and returns the ranges with their delivery counts.
    ///
    /// Nothing is acquired when the share-partition cannot acquire (Kafka checks
    /// `canAcquireRecords` before it fetches), when `max_records` is 0, or when the fetch is
    /// empty. Records already in flight are re-acquired only if available: a whole available
    /// batch as one range, records of a batch kept per offset one range each. Records past
    /// the window are acquired as one new batch, cut after the log batch holding the
    /// `max_records`-th record (the limit is soft). `None` is no limit.
    pub fn acquire(
        &mut self,
        member: &Name,
        max_records: Option<u32>,
        fetched: &FetchedBatches,
        now: SimTime,
    ) -> Vec<AcquiredRecords> {
        let max = u64::from(max_records.unwrap_or(u32::MAX));
        let (Some(&(request_first, _)), Some(&(_, request_last))) = (fetched.0.first(), fetched.0.last()) else {
            return Vec::new();
        };
        if max == 0 || !self.can_acquire_records() {
            return Vec::new();
        }
        let lock_expires_at = now.plus_ms(self.config.record_lock_duration_ms());
        // A cached batch may begin before the request (cached 10-14, request 12-13).
        let mut base = request_first;
        if let Some((&key, batch)) = self.batches.range(..=request_first).next_back()
            && batch.last >= request_first
        {
            base = key;
        }
        let overlapping: Vec<u64> = self.batches.range(base..=request_last).map(|(&key, _)| key).collect();
        let Some(&last_key) = overlapping.last() else {
            return self.acquire_new(member, fetched, request_first, request_last, max, lock_expires_at).into_iter().collect();
        };
        let mut result = Vec::new();
        let mut count: u64 = 0;
        for key in overlapping {
            if count >= max {
                break;
            }
            let batch = self.batches.get_mut(&key).expect("the key was just read from the map");
            let full_match = batch.first >= request_first && batch.last <= request_last;
            if !full_match || batch.is_per_offset() {
                if batch.whole().is_some_and(|state| state.state != RecordState::Available) {
                    continue;
                }
                batch.explode();
                // Not limited by max_records: the whole log batch goes out in the response anyway.
                count += acquire_subset(batch, member, request_first, request_last, lock_expires_at, &mut result);
                continue;
            }
            let States::Whole(state) = &mut batch.states else { unreachable!("a full match not kept per offset") };
            if state.state != RecordState::Available {
                continue;
            }
            state.acquire(member, lock_expires_at);
            result.push(AcquiredRecords { first: batch.first, last: batch.last, delivery_count: state.delivery_count });
            count += batch.len();
        }
        let cached_last = self.batches[&last_key].last;
        if count < max && cached_last < request_last {
            let new = self.acquire_new(member, fetched, cached_last + 1, request_last, max - count, lock_expires_at);
            result.extend(new);
        }
        result
    }

    /// Adds `first..=last` (cut by `max`) as a new acquired batch with delivery count 1.
    fn acquire_new(
        &mut self,
        member: &Name,
        fetched: &FetchedBatches,
        first: u64,
        last: u64,
        max: u64,
        lock_expires_at: SimTime,
    ) -> Option<AcquiredRecords> {
        // When the window is empty, the fetch may begin below SPEO (the same batch fetched
        // again after its records were done): acquire from SPEO on.
        let first = if self.batches.is_empty() && self.end_offset > first { self.end_offset } else { first };
        if first > last {
            return None;
        }
        let last = if max < last - first + 1 { last_of_batch_holding(fetched, first + max - 1) } else { last };
        let state = InFlight::acquired(member, 1, lock_expires_at);
        self.batches.insert(first, Batch { first, last, states: States::Whole(state) });
        if self.batches.keys().next() == Some(&first) {
            self.start_offset = first;
        }
        self.end_offset = last;
        Some(AcquiredRecords { first, last, delivery_count: 1 })
    }
}

/// Acquires each available offset of a per-offset batch within the request, one range each.
fn acquire_subset(
    batch: &mut Batch,
    member: &Name,
    request_first: u64,
    request_last: u64,
    lock_expires_at: SimTime,
    result: &mut Vec<AcquiredRecords>,
) -> u64 {
    let States::PerOffset(offsets) = &mut batch.states else { unreachable!("the batch was kept per offset") };
    let mut count = 0;
    for (&offset, state) in offsets.range_mut(request_first..=request_last) {
        if state.state != RecordState::Available {
            continue;
        }
        state.acquire(member, lock_expires_at);
        result.push(AcquiredRecords { first: offset, last: offset, delivery_count: state.delivery_count });
        count += 1;
    }
    count
}

/// The last offset of the fetched batch holding `offset`, or `offset` itself when none does
/// (`lastOffsetFromBatchWithRequestOffset`).
fn last_of_batch_holding(fetched: &FetchedBatches, offset: u64) -> u64 {
    let holding = fetched.0.iter().take_while(|&&(first, _)| offset >= first).last();
    match holding {
        Some(&(_, last)) if offset <= last => last,
        _ => offset,
    }
}
