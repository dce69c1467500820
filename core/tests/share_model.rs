//! Model-based test of the share-partition: random sequences of fetches, acknowledgements,
//! members leaving, time passing and the log start moving, run against the share-partition and
//! against a deliberately naive reference (one entry per offset: state, delivery count,
//! holder, lock expiry). After every step the two must agree on every in-flight record, and
//! the invariants of KIP-932 must hold:
//!
//! - a record is held by at most one member, and a record is acquired exactly when it has a
//!   holder and a lock;
//! - nothing below SPSO is available or handed out, and SPSO never moves back;
//! - the delivery count is between 1 and the limit;
//! - an acknowledged or archived record is never delivered again;
//! - a renewed lock expires the lock duration after the renewal;
//! - an acknowledgement is accepted exactly when every record it covers from SPSO on is in
//!   flight and held by the acknowledging member, and a refused one changes nothing.
//!
//! Fetches read from the next fetch offset, as Kafka's broker does.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use brokerlab_core::event_broker::Offset;
use brokerlab_core::event_broker::share::{
    AcknowledgeType, AcknowledgementBatch, FetchedBatches, RecordState, ShareConfig, SharePartition,
};
use brokerlab_core::{Name, SimTime};
use proptest::prelude::*;

const MEMBERS: [&str; 3] = ["m1", "m2", "m3"];
const LOCK_MS: u64 = 1_000;

#[derive(Clone, Debug)]
enum Step {
    /// A fetch from the next fetch offset: log batches of these lengths, back to back.
    Fetch {
        member: usize,
        max_records: Option<u32>,
        lengths: Vec<u64>,
    },
    /// An acknowledgement of `length` offsets from `from` offsets past SPSO (minus 2, so it
    /// may begin below SPSO), with one type or one per offset.
    Ack {
        member: usize,
        from: u64,
        length: u64,
        types: Vec<AcknowledgeType>,
    },
    Leave {
        member: usize,
    },
    Pass {
        ms: u64,
    },
    LogStart {
        ahead: u64,
    },
}

fn ack_type() -> impl Strategy<Value = AcknowledgeType> {
    prop_oneof![
        Just(AcknowledgeType::Accept),
        Just(AcknowledgeType::Release),
        Just(AcknowledgeType::Reject),
        Just(AcknowledgeType::Gap),
        Just(AcknowledgeType::Renew),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => (0..MEMBERS.len(), prop::option::of(1u32..8), prop::collection::vec(1u64..6, 1..4))
            .prop_map(|(member, max_records, lengths)| Step::Fetch { member, max_records, lengths }),
        5 => (0..MEMBERS.len(), 0u64..20, 1u64..6, prop::collection::vec(ack_type(), 1..3))
            .prop_map(|(member, from, length, types)| Step::Ack { member, from, length, types }),
        1 => (0..MEMBERS.len()).prop_map(|member| Step::Leave { member }),
        2 => (1u64..1_500).prop_map(|ms| Step::Pass { ms }),
        1 => (0u64..8).prop_map(|ahead| Step::LogStart { ahead }),
    ]
}

/// The naive reference: one entry per offset ever fetched.
#[derive(Clone, Debug, PartialEq)]
struct Naive {
    state: RecordState,
    delivery_count: u32,
    member: Option<String>,
    lock_expires_at: Option<u64>,
}

struct Run {
    share: SharePartition,
    naive: BTreeMap<u64, Naive>,
    limit: u32,
    now: u64,
    start: u64,
}

impl Run {
    fn apply(&mut self, step: &Step) {
        match step {
            Step::Fetch { member, max_records, lengths } => self.fetch(MEMBERS[*member], *max_records, lengths),
            Step::Ack { member, from, length, types } => {
                let first = (self.start + from).saturating_sub(2);
                let last = first + length - 1;
                let types = if types.len() == 1 {
                    types.clone()
                } else {
                    (first..=last).map(|o| types[(o % 2) as usize]).collect()
                };
                self.ack(MEMBERS[*member], AcknowledgementBatch { first, last, types });
            }
            Step::Leave { member } => self.leave(MEMBERS[*member]),
            Step::Pass { ms } => {
                self.now += ms;
                self.share.expire_locks(SimTime::from_ms(self.now));
                let (now, start, limit) = (self.now, self.start, self.limit);
                for (&offset, record) in self.naive.iter_mut() {
                    if record.state == RecordState::Acquired && record.lock_expires_at.is_some_and(|at| at <= now) {
                        end(record, offset, RecordState::Available, start, limit);
                    }
                }
            }
            Step::LogStart { ahead } => {
                let log_start = self.start + ahead;
                self.share.update_log_start(Offset(log_start)).expect("small offsets");
                for (_, record) in self.naive.range_mut(..log_start) {
                    if record.state == RecordState::Available {
                        record.state = RecordState::Archived;
                    }
                }
            }
        }
    }

    fn fetch(&mut self, member: &str, max_records: Option<u32>, lengths: &[u64]) {
        let mut first = self.share.next_fetch_offset().0;
        let mut batches = Vec::new();
        for length in lengths {
            batches.push((first, first + length - 1));
            first += length;
        }
        let fetched = FetchedBatches::new(batches).expect("ascending batches");
        let acquired = self.share.acquire(&Name::from(member), max_records, &fetched, SimTime::from_ms(self.now));
        for range in acquired {
            for offset in range.first..=range.last {
                assert!(offset >= self.start, "offset {offset} below SPSO {} handed out", self.start);
                let record = self.naive.entry(offset).or_insert(Naive {
                    state: RecordState::Available,
                    delivery_count: 0,
                    member: None,
                    lock_expires_at: None,
                });
                assert_eq!(record.state, RecordState::Available, "offset {offset} handed out while {:?}", record.state);
                record.state = RecordState::Acquired;
                record.delivery_count += 1;
                record.member = Some(member.to_string());
                record.lock_expires_at = Some(self.now + LOCK_MS);
                assert_eq!(range.delivery_count, record.delivery_count, "offset {offset}'s delivery count");
            }
        }
    }

    fn ack(&mut self, member: &str, batch: AcknowledgementBatch) {
        let from = batch.first.max(self.start);
        let valid = batch.last < self.start
            || (from..=batch.last).all(|offset| {
                self.naive
                    .get(&offset)
                    .is_some_and(|r| r.state == RecordState::Acquired && r.member.as_deref() == Some(member))
                    && self.share.record(offset).is_some()
            });
        let before = self.share.clone();
        let outcome = self.share.acknowledge(&Name::from(member), std::slice::from_ref(&batch), SimTime::from_ms(self.now));
        assert_eq!(outcome.is_ok(), valid, "acknowledgement {batch:?} by {member}: {outcome:?}");
        if outcome.is_err() {
            let records =
                |share: &SharePartition| -> Vec<_> { share.records().map(|r| (r.offset, r.state.clone())).collect() };
            assert_eq!(records(&self.share), records(&before), "a refused acknowledgement changed records");
            return;
        }
        if batch.last < self.start {
            return;
        }
        let (start, limit, renewed_until) = (self.start, self.limit, self.now + LOCK_MS);
        for offset in from..=batch.last {
            let index = if batch.types.len() == 1 { 0 } else { (offset - batch.first) as usize };
            let record = self.naive.get_mut(&offset).expect("checked above");
            match batch.types[index].record_state() {
                Some(to) => end(record, offset, to, start, limit),
                None => record.lock_expires_at = Some(renewed_until),
            }
        }
    }

    fn leave(&mut self, member: &str) {
        self.share.release_member(&Name::from(member));
        let (start, limit) = (self.start, self.limit);
        for (&offset, record) in self.naive.iter_mut() {
            if record.state != RecordState::Acquired || record.member.as_deref() != Some(member) {
                continue;
            }
            // Kafka leaves a per-offset batch at a record another member holds: what stays
            // held must still be held in the share-partition.
            if self.share.record(offset).is_some_and(|r| r.state == RecordState::Acquired) {
                continue;
            }
            end(record, offset, RecordState::Available, start, limit);
        }
    }

    /// Checks the invariants and that every in-flight record matches the naive model.
    fn check(&mut self) {
        let start = self.share.start_offset().0;
        assert!(start >= self.start, "SPSO moved back from {} to {start}", self.start);
        self.start = start;
        let end_offset = self.share.end_offset().0;
        assert!(end_offset >= start, "SPEO {end_offset} below SPSO {start}");
        for record in self.share.records() {
            let state = record.state;
            let naive = self.naive.get(&record.offset).expect("an in-flight record was fetched");
            let acquired = state.state == RecordState::Acquired;
            assert_eq!(acquired, state.member.is_some(), "offset {}: holder iff acquired", record.offset);
            assert_eq!(acquired, state.lock_expires_at.is_some(), "offset {}: lock iff acquired", record.offset);
            assert!(
                (1..=self.limit).contains(&state.delivery_count),
                "offset {}: delivery count {}",
                record.offset,
                state.delivery_count
            );
            if record.offset < start {
                assert_ne!(state.state, RecordState::Available, "offset {} below SPSO is available", record.offset);
            }
            let said = Naive {
                state: state.state,
                delivery_count: state.delivery_count,
                member: state.member.as_deref().map(str::to_string),
                lock_expires_at: state.lock_expires_at.map(SimTime::as_ms),
            };
            assert_eq!(&said, naive, "offset {}", record.offset);
        }
        // Every record the naive model still has to deliver, from SPSO on, is in flight.
        for (&offset, naive) in self.naive.range(start..) {
            if !naive.state.is_final() {
                assert!(self.share.record(offset).is_some(), "offset {offset} ({naive:?}) left the window undone");
            }
        }
    }
}

/// Ends an acquisition as Kafka does: to `to`, or archived below SPSO or at the limit.
fn end(record: &mut Naive, offset: u64, to: RecordState, start: u64, limit: u32) {
    let to = if to == RecordState::Available && (offset < start || record.delivery_count >= limit) {
        RecordState::Archived
    } else {
        to
    };
    record.state = to;
    record.member = None;
    record.lock_expires_at = None;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_share_partition_keeps_kip_932s_rules(limit in 2u64..5, steps in prop::collection::vec(step(), 1..60)) {
        let config = ShareConfig::new(limit, LOCK_MS, 100).expect("within range");
        let share = SharePartition::new(config, Offset(0)).expect("offset 0");
        let mut run = Run { share, naive: BTreeMap::new(), limit: limit as u32, now: 0, start: 0 };
        for step in &steps {
            run.apply(step);
            run.check();
        }
    }
}
