//! The share-partition (Kafka share groups, KIP-932) checked against the cases in Kafka's
//! `SharePartitionTest.java` (apache/kafka `core/src/test/java/kafka/server/share/`). Each case
//! names the Kafka test it comes from; its transcript writes Kafka's assertions (acquired
//! ranges, `nextFetchOffset`, `startOffset`, `endOffset`, the cached batches and per-offset
//! states). Kafka's tests use a 100 ms lock; the cases use Kafka's default 30 s, or 1 s
//! where the test shortens it, and `> wait` for Kafka's `waitForCondition` on the timer.
//! Where a case differs from its Kafka test beyond that, the case says so.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod share_support;

use brokerlab_core::event_broker::Offset;
use brokerlab_core::event_broker::share::{
    AcknowledgeType, AcknowledgementBatch, BatchProblem, FetchedBatches, RequestProblem, ShareConfig, ShareConfigError,
    ShareError, SharePartition, ShareSetting,
};
use brokerlab_core::{Name, SimTime};
use share_support::check;

#[test]
fn acquire_single_record() {
    // SharePartitionTest.testAcquireSingleRecord
    check(
        "testAcquireSingleRecord",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 0
        = 0#1
        spso 0 speo 0 next 1 can
        [0] ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn acquire_multiple_records() {
    // SharePartitionTest.testAcquireMultipleRecords
    check(
        "testAcquireMultipleRecords",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 10-14
        = 10-14#1
        spso 10 speo 14 next 15 can
        [10-14] ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn max_records_is_soft_and_takes_whole_log_batches() {
    // SharePartitionTest.testAcquireWithMaxFetchRecords: fewer records than the maximum, then a
    // fetch from 0 of 25: the first five are in flight already, the rest is one new batch,
    // though only 10 were asked for.
    check(
        "testAcquireWithMaxFetchRecords",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 max=10 0-4
        = 0-4#1
        spso 0 speo 4 next 5 can
        [0-4] ACQUIRED m1 d1 @30000
        > acquire m1 max=10 0-24
        = 5-24#1
        spso 0 speo 24 next 25 can
        [0-4] ACQUIRED m1 d1 @30000
        [5-24] ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn max_records_cuts_after_the_log_batch_holding_the_last_wanted_record() {
    // SharePartitionTest.testAcquireWithMultipleBatchesAndMaxFetchRecords: log batches 10-14,
    // 15-29 and 30-44 with 10 records wanted: the first two batches are taken, the third not.
    check(
        "testAcquireWithMultipleBatchesAndMaxFetchRecords",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 max=10 10-14 15-29 30-44
        = 10-29#1
        spso 10 speo 29 next 30 can
        [10-29] ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn acquire_overlap_and_new_batch() {
    // SharePartitionTest.testAcquireMultipleRecordsWithOverlapAndNewBatch
    check(
        "testAcquireMultipleRecordsWithOverlapAndNewBatch",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 0-4
        = 0-4#1
        spso 0 speo 4 next 5 can
        [0-4] ACQUIRED m1 d1 @30000
        > acquire m1 0-9
        = 5-9#1
        spso 0 speo 9 next 10 can
        [0-4] ACQUIRED m1 d1 @30000
        [5-9] ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn acquire_same_batch_again_gets_nothing() {
    // SharePartitionTest.testAcquireSameBatchAgain
    check(
        "testAcquireSameBatchAgain",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 10-14
        = 10-14#1
        spso 10 speo 14 next 15 can
        [10-14] ACQUIRED m1 d1 @30000
        > acquire m1 10-14
        = none
        spso 10 speo 14 next 15 can
        [10-14] ACQUIRED m1 d1 @30000
        > acquire m1 10-11
        = none
        spso 10 speo 14 next 15 can
        [10-14] ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn the_record_lock_cap_stops_new_acquisitions() {
    // SharePartitionTest.testCanAcquireRecordsWithCachedDataAndLimitNotReached and
    // testCanAcquireRecordsWithCachedDataAndLimitReached. Kafka's tests use a cap of 1 and 200;
    // ShareGroupConfig's range starts at 100, so here the cap is 100. The last fetch gets
    // nothing: Kafka checks canAcquireRecords before it fetches (DelayedShareFetch).
    check(
        "testCanAcquireRecordsWithCachedDataAndLimitReached",
        "
        config cap=100
        spso 0 speo 0 next 0 can
        > acquire m1 0-98
        = 0-98#1
        spso 0 speo 98 next 99 can
        [0-98] ACQUIRED m1 d1 @30000
        > acquire m1 99
        = 99#1
        spso 0 speo 99 next 100 full
        [0-98] ACQUIRED m1 d1 @30000
        [99] ACQUIRED m1 d1 @30000
        > acquire m2 100-104
        = none
        spso 0 speo 99 next 100 full
        [0-98] ACQUIRED m1 d1 @30000
        [99] ACQUIRED m1 d1 @30000
        > ack m1 0-98:accept
        = ok
        spso 99 speo 99 next 100 can
        [99] ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn acknowledge_single_record_batch() {
    // SharePartitionTest.testAcknowledgeSingleRecordBatch
    check(
        "testAcknowledgeSingleRecordBatch",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 0
        = 0#1
        spso 0 speo 0 next 1 can
        [0] ACQUIRED m1 d1 @30000
        > acquire m1 1
        = 1#1
        spso 0 speo 1 next 2 can
        [0] ACQUIRED m1 d1 @30000
        [1] ACQUIRED m1 d1 @30000
        > ack m1 1:accept
        = ok
        spso 0 speo 1 next 2 can
        [0] ACQUIRED m1 d1 @30000
        [1] ACKNOWLEDGED d1
        ",
    );
}

#[test]
fn acknowledge_with_gap_offsets_per_offset() {
    // SharePartitionTest.testAcknowledgeMultipleRecordBatchWithGapOffsets: a log batch 10-14
    // with a record at 18 (15-17 are gaps), acknowledged per offset.
    check(
        "testAcknowledgeMultipleRecordBatchWithGapOffsets",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 5-6
        = 5-6#1
        spso 5 speo 6 next 7 can
        [5-6] ACQUIRED m1 d1 @30000
        > acquire m1 10-18
        = 10-18#1
        spso 5 speo 18 next 19 can
        [5-6] ACQUIRED m1 d1 @30000
        [10-18] ACQUIRED m1 d1 @30000
        > ack m1 5-6:release 10-18:release,release,release,release,release,gap,gap,gap,accept
        = ok
        spso 5 speo 18 next 5 can
        [5-6] AVAILABLE d1
        [10-18] 10-14 AVAILABLE d1 / 15-17 ARCHIVED d1 / 18 ACKNOWLEDGED d1
        ",
    );
}

#[test]
fn acknowledge_out_of_range() {
    // SharePartitionTest.testAcknowledgeOutOfRangeCachedData
    check(
        "testAcknowledgeOutOfRangeCachedData",
        "
        spso 0 speo 0 next 0 can
        > ack m1 0-15:reject
        = INVALID_RECORD_STATE
        spso 0 speo 0 next 0 can
        > acquire m1 5-9
        = 5-9#1
        spso 5 speo 9 next 10 can
        [5-9] ACQUIRED m1 d1 @30000
        > ack m1 20-25:reject
        = INVALID_REQUEST
        spso 5 speo 9 next 10 can
        [5-9] ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn acknowledge_by_another_member_is_refused() {
    // SharePartitionTest.testAcknowledgeWithAnotherMember
    check(
        "testAcknowledgeWithAnotherMember",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 5-9
        = 5-9#1
        spso 5 speo 9 next 10 can
        [5-9] ACQUIRED m1 d1 @30000
        > ack m2 5-9:reject
        = INVALID_RECORD_STATE
        spso 5 speo 9 next 10 can
        [5-9] ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn acknowledge_when_not_acquired_is_refused() {
    // SharePartitionTest.testAcknowledgeWhenOffsetNotAcquired
    check(
        "testAcknowledgeWhenOffsetNotAcquired",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 5-9
        = 5-9#1
        spso 5 speo 9 next 10 can
        [5-9] ACQUIRED m1 d1 @30000
        > ack m1 5-9:release
        = ok
        spso 5 speo 9 next 5 can
        [5-9] AVAILABLE d1
        > ack m1 5-9:accept
        = INVALID_RECORD_STATE
        spso 5 speo 9 next 5 can
        [5-9] AVAILABLE d1
        > acquire m1 5-9
        = 5-9#2
        spso 5 speo 9 next 10 can
        [5-9] ACQUIRED m1 d2 @30000
        > ack m1 6-8:reject
        = ok
        spso 5 speo 9 next 10 can
        [5-9] 5 ACQUIRED m1 d2 @30000 / 6-8 ARCHIVED d2 / 9 ACQUIRED m1 d2 @30000
        > ack m1 6-8:reject
        = INVALID_RECORD_STATE
        spso 5 speo 9 next 10 can
        [5-9] 5 ACQUIRED m1 d2 @30000 / 6-8 ARCHIVED d2 / 9 ACQUIRED m1 d2 @30000
        ",
    );
}

#[test]
fn an_acknowledge_request_is_all_or_nothing() {
    // SharePartitionTest.testAcknowledgeRollbackWithSubsetError: the fourth batch overlaps the
    // third, which the request has already acknowledged, so the whole request is refused.
    check(
        "testAcknowledgeRollbackWithSubsetError",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 5-9
        = 5-9#1
        spso 5 speo 9 next 10 can
        [5-9] ACQUIRED m1 d1 @30000
        > acquire m1 10-14
        = 10-14#1
        spso 5 speo 14 next 15 can
        [5-9] ACQUIRED m1 d1 @30000
        [10-14] ACQUIRED m1 d1 @30000
        > acquire m1 15-19
        = 15-19#1
        spso 5 speo 19 next 20 can
        [5-9] ACQUIRED m1 d1 @30000
        [10-14] ACQUIRED m1 d1 @30000
        [15-19] ACQUIRED m1 d1 @30000
        > ack m1 5-9:release 10-14:accept 15-19:accept 16-19:accept
        = INVALID_RECORD_STATE
        spso 5 speo 19 next 20 can
        [5-9] ACQUIRED m1 d1 @30000
        [10-14] ACQUIRED m1 d1 @30000
        [15-19] ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn a_released_record_is_acquired_again_offset_by_offset() {
    // SharePartitionTest.testAcquireReleasedRecord
    check(
        "testAcquireReleasedRecord",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 10-14
        = 10-14#1
        spso 10 speo 14 next 15 can
        [10-14] ACQUIRED m1 d1 @30000
        > ack m1 12-13:release
        = ok
        spso 10 speo 14 next 12 can
        [10-14] 10-11 ACQUIRED m1 d1 @30000 / 12-13 AVAILABLE d1 / 14 ACQUIRED m1 d1 @30000
        > acquire m1 10-14
        = 12#2 13#2
        spso 10 speo 14 next 15 can
        [10-14] 10-11 ACQUIRED m1 d1 @30000 / 12-13 ACQUIRED m1 d2 @30000 / 14 ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn lock_expiry_at_the_delivery_limit_archives() {
    // SharePartitionTest.testAcquisitionLockTimeoutCauseMaxDeliveryCountExceed (limit 2)
    check(
        "testAcquisitionLockTimeoutCauseMaxDeliveryCountExceed",
        "
        config limit=2 lock=1000
        spso 0 speo 0 next 0 can
        > acquire m1 0-9
        = 0-9#1
        spso 0 speo 9 next 10 can
        [0-9] ACQUIRED m1 d1 @1000
        > acquire m1 10-19
        = 10-19#1
        spso 0 speo 19 next 20 can
        [0-9] ACQUIRED m1 d1 @1000
        [10-19] ACQUIRED m1 d1 @1000
        > wait 1000
        spso 0 speo 19 next 0 can
        [0-9] AVAILABLE d1
        [10-19] AVAILABLE d1
        > acquire m1 10-19
        = 10-19#2
        spso 0 speo 19 next 0 can
        [0-9] AVAILABLE d1
        [10-19] ACQUIRED m1 d2 @2000
        > wait 1000
        spso 0 speo 19 next 0 can
        [0-9] AVAILABLE d1
        [10-19] ARCHIVED d2
        ",
    );
}

#[test]
fn lock_expiry_moves_the_start_offset_past_archived_records() {
    // SharePartitionTest.testAcquisitionLockTimeoutCauseSPSOMoveForward (limit 2)
    check(
        "testAcquisitionLockTimeoutCauseSPSOMoveForward",
        "
        config limit=2 lock=1000
        spso 0 speo 0 next 0 can
        > acquire m1 0-9
        = 0-9#1
        spso 0 speo 9 next 10 can
        [0-9] ACQUIRED m1 d1 @1000
        > wait 1000
        spso 0 speo 9 next 0 can
        [0-9] AVAILABLE d1
        > acquire m1 0-4
        = 0#2 1#2 2#2 3#2 4#2
        spso 0 speo 9 next 5 can
        [0-9] 0-4 ACQUIRED m1 d2 @2000 / 5-9 AVAILABLE d1
        > wait 1000
        spso 5 speo 9 next 5 can
        [0-9] 0-4 ARCHIVED d2 / 5-9 AVAILABLE d1
        ",
    );
}

#[test]
fn releasing_another_member_leaves_the_holder_alone() {
    // SharePartitionTest.testReleaseAcquiredRecordsSubsetWithAnotherMember
    check(
        "testReleaseAcquiredRecordsSubsetWithAnotherMember",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 5-11
        = 5-11#1
        spso 5 speo 11 next 12 can
        [5-11] ACQUIRED m1 d1 @30000
        > ack m1 5-7:accept
        = ok
        spso 8 speo 11 next 12 can
        [5-11] 5-7 ACKNOWLEDGED d1 / 8-11 ACQUIRED m1 d1 @30000
        > release m2
        spso 8 speo 11 next 12 can
        [5-11] 5-7 ACKNOWLEDGED d1 / 8-11 ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn releasing_a_member_at_the_delivery_limit_archives() {
    // SharePartitionTest.testMaxDeliveryCountLimitExceededForRecordsSubsetAfterReleaseAcquiredRecords
    check(
        "testMaxDeliveryCountLimitExceededForRecordsSubsetAfterReleaseAcquiredRecords",
        "
        config limit=2
        spso 0 speo 0 next 0 can
        > acquire m1 0-9
        = 0-9#1
        spso 0 speo 9 next 10 can
        [0-9] ACQUIRED m1 d1 @30000
        > acquire m1 10-14
        = 10-14#1
        spso 0 speo 14 next 15 can
        [0-9] ACQUIRED m1 d1 @30000
        [10-14] ACQUIRED m1 d1 @30000
        > ack m1 10-14:release
        = ok
        spso 0 speo 14 next 10 can
        [0-9] ACQUIRED m1 d1 @30000
        [10-14] AVAILABLE d1
        > acquire m1 10-14
        = 10-14#2
        spso 0 speo 14 next 15 can
        [0-9] ACQUIRED m1 d1 @30000
        [10-14] ACQUIRED m1 d2 @30000
        > release m1
        spso 0 speo 14 next 0 can
        [0-9] AVAILABLE d1
        [10-14] ARCHIVED d2
        ",
    );
}

#[test]
fn log_start_moving_archives_available_batches_only() {
    // SharePartitionTest.testLsoMovementForArchivingBatches: below the new log start, the
    // available batch is archived; acquired ones keep their holder.
    check(
        "testLsoMovementForArchivingBatches",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 2-6
        = 2-6#1
        spso 2 speo 6 next 7 can
        [2-6] ACQUIRED m1 d1 @30000
        > acquire m1 7-11
        = 7-11#1
        spso 2 speo 11 next 12 can
        [2-6] ACQUIRED m1 d1 @30000
        [7-11] ACQUIRED m1 d1 @30000
        > acquire m1 12-16
        = 12-16#1
        spso 2 speo 16 next 17 can
        [2-6] ACQUIRED m1 d1 @30000
        [7-11] ACQUIRED m1 d1 @30000
        [12-16] ACQUIRED m1 d1 @30000
        > acquire m1 17-21
        = 17-21#1
        spso 2 speo 21 next 22 can
        [2-6] ACQUIRED m1 d1 @30000
        [7-11] ACQUIRED m1 d1 @30000
        [12-16] ACQUIRED m1 d1 @30000
        [17-21] ACQUIRED m1 d1 @30000
        > acquire m1 22-26
        = 22-26#1
        spso 2 speo 26 next 27 can
        [2-6] ACQUIRED m1 d1 @30000
        [7-11] ACQUIRED m1 d1 @30000
        [12-16] ACQUIRED m1 d1 @30000
        [17-21] ACQUIRED m1 d1 @30000
        [22-26] ACQUIRED m1 d1 @30000
        > acquire m1 27-31
        = 27-31#1
        spso 2 speo 31 next 32 can
        [2-6] ACQUIRED m1 d1 @30000
        [7-11] ACQUIRED m1 d1 @30000
        [12-16] ACQUIRED m1 d1 @30000
        [17-21] ACQUIRED m1 d1 @30000
        [22-26] ACQUIRED m1 d1 @30000
        [27-31] ACQUIRED m1 d1 @30000
        > acquire m1 32-36
        = 32-36#1
        spso 2 speo 36 next 37 can
        [2-6] ACQUIRED m1 d1 @30000
        [7-11] ACQUIRED m1 d1 @30000
        [12-16] ACQUIRED m1 d1 @30000
        [17-21] ACQUIRED m1 d1 @30000
        [22-26] ACQUIRED m1 d1 @30000
        [27-31] ACQUIRED m1 d1 @30000
        [32-36] ACQUIRED m1 d1 @30000
        > ack m1 2-6:accept 12-16:release 22-26:release 27-31:reject
        = ok
        spso 7 speo 36 next 12 can
        [7-11] ACQUIRED m1 d1 @30000
        [12-16] AVAILABLE d1
        [17-21] ACQUIRED m1 d1 @30000
        [22-26] AVAILABLE d1
        [27-31] ARCHIVED d1
        [32-36] ACQUIRED m1 d1 @30000
        > lso 20
        spso 20 speo 36 next 22 can
        [7-11] ACQUIRED m1 d1 @30000
        [12-16] ARCHIVED d1
        [17-21] ACQUIRED m1 d1 @30000
        [22-26] AVAILABLE d1
        [27-31] ARCHIVED d1
        [32-36] ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn log_start_past_the_window_moves_both_offsets() {
    // SharePartitionTest.testLsoMovementAheadOfEndOffset; then (not in the Kafka test) the
    // member leaves and its records, below SPSO, are archived and the window empties.
    check(
        "testLsoMovementAheadOfEndOffset",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 2-6
        = 2-6#1
        spso 2 speo 6 next 7 can
        [2-6] ACQUIRED m1 d1 @30000
        > acquire m1 7-11
        = 7-11#1
        spso 2 speo 11 next 12 can
        [2-6] ACQUIRED m1 d1 @30000
        [7-11] ACQUIRED m1 d1 @30000
        > lso 14
        spso 14 speo 14 next 14 can
        [2-6] ACQUIRED m1 d1 @30000
        [7-11] ACQUIRED m1 d1 @30000
        > release m1
        spso 14 speo 14 next 14 can
        ",
    );
}

#[test]
fn release_after_the_log_start_moved_into_a_batch() {
    // SharePartitionTest.testReleaseAcquiredRecordsBatchesPostStartOffsetMovementToMiddleOfBatch
    check(
        "testReleaseAcquiredRecordsBatchesPostStartOffsetMovementToMiddleOfBatch",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 5-9
        = 5-9#1
        spso 5 speo 9 next 10 can
        [5-9] ACQUIRED m1 d1 @30000
        > acquire m1 10-14
        = 10-14#1
        spso 5 speo 14 next 15 can
        [5-9] ACQUIRED m1 d1 @30000
        [10-14] ACQUIRED m1 d1 @30000
        > lso 11
        spso 11 speo 14 next 15 can
        [5-9] ACQUIRED m1 d1 @30000
        [10-14] ACQUIRED m1 d1 @30000
        > release m1
        spso 11 speo 14 next 11 can
        [5-9] ARCHIVED d1
        [10-14] 10 ARCHIVED d1 / 11-14 AVAILABLE d1
        ",
    );
}

#[test]
fn acknowledgements_below_the_start_offset_are_ignored() {
    // SharePartitionTest.testAcknowledgeBatchPostLsoMovement
    check(
        "testAcknowledgeBatchPostLsoMovement",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 2-6
        = 2-6#1
        spso 2 speo 6 next 7 can
        [2-6] ACQUIRED m1 d1 @30000
        > acquire m1 10-14
        = 10-14#1
        spso 2 speo 14 next 15 can
        [2-6] ACQUIRED m1 d1 @30000
        [10-14] ACQUIRED m1 d1 @30000
        > acquire m1 20-24
        = 20-24#1
        spso 2 speo 24 next 25 can
        [2-6] ACQUIRED m1 d1 @30000
        [10-14] ACQUIRED m1 d1 @30000
        [20-24] ACQUIRED m1 d1 @30000
        > lso 14
        spso 14 speo 24 next 25 can
        [2-6] ACQUIRED m1 d1 @30000
        [10-14] ACQUIRED m1 d1 @30000
        [20-24] ACQUIRED m1 d1 @30000
        > ack m1 2-14:accept
        = ok
        spso 14 speo 24 next 25 can
        [2-6] ACQUIRED m1 d1 @30000
        [10-14] 10-13 ACQUIRED m1 d1 @30000 / 14 ACKNOWLEDGED d1
        [20-24] ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn releasing_a_member_leaves_other_members_records_alone() {
    // SharePartitionTest.testReleaseAcquiredRecordsWithAnotherMember: a log batch 10-20 with
    // records at 10, 11, 14, 16 and 20 (the rest are gaps), acknowledged per offset.
    check(
        "testReleaseAcquiredRecordsWithAnotherMember",
        "
        spso 0 speo 0 next 0 can
        > acquire member-2 5
        = 5#1
        spso 5 speo 5 next 6 can
        [5] ACQUIRED member-2 d1 @30000
        > acquire m1 10-20
        = 10-20#1
        spso 5 speo 20 next 21 can
        [5] ACQUIRED member-2 d1 @30000
        [10-20] ACQUIRED m1 d1 @30000
        > ack m1 10-18:accept,accept,gap,gap,accept,gap,accept,gap,accept
        = ok
        spso 5 speo 20 next 21 can
        [5] ACQUIRED member-2 d1 @30000
        [10-20] 10-11 ACKNOWLEDGED d1 / 12-13 ARCHIVED d1 / 14 ACKNOWLEDGED d1 / 15 ARCHIVED d1 / 16 ACKNOWLEDGED d1 / 17 ARCHIVED d1 / 18 ACKNOWLEDGED d1 / 19-20 ACQUIRED m1 d1 @30000
        > release m1
        spso 5 speo 20 next 19 can
        [5] ACQUIRED member-2 d1 @30000
        [10-20] 10-11 ACKNOWLEDGED d1 / 12-13 ARCHIVED d1 / 14 ACKNOWLEDGED d1 / 15 ARCHIVED d1 / 16 ACKNOWLEDGED d1 / 17 ARCHIVED d1 / 18 ACKNOWLEDGED d1 / 19-20 AVAILABLE d1
        > release member-2
        spso 5 speo 20 next 5 can
        [5] AVAILABLE d1
        [10-20] 10-11 ACKNOWLEDGED d1 / 12-13 ARCHIVED d1 / 14 ACKNOWLEDGED d1 / 15 ARCHIVED d1 / 16 ACKNOWLEDGED d1 / 17 ARCHIVED d1 / 18 ACKNOWLEDGED d1 / 19-20 AVAILABLE d1
        ",
    );
}

#[test]
fn per_offset_types_skip_offsets_not_in_flight() {
    // SharePartitionTest.testAcknowledgeMultipleSubsetRecordBatchWithGapOffsets: one
    // acknowledgement 6-18 over two fetched batches with 7-9 never fetched; a type per offset.
    check(
        "testAcknowledgeMultipleSubsetRecordBatchWithGapOffsets",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 5-6
        = 5-6#1
        spso 5 speo 6 next 7 can
        [5-6] ACQUIRED m1 d1 @30000
        > acquire m1 10-20
        = 10-20#1
        spso 5 speo 20 next 21 can
        [5-6] ACQUIRED m1 d1 @30000
        [10-20] ACQUIRED m1 d1 @30000
        > ack m1 6-18:accept,accept,accept,accept,accept,accept,gap,gap,accept,gap,accept,gap,accept
        = ok
        spso 5 speo 20 next 21 can
        [5-6] 5 ACQUIRED m1 d1 @30000 / 6 ACKNOWLEDGED d1
        [10-20] 10-11 ACKNOWLEDGED d1 / 12-13 ARCHIVED d1 / 14 ACKNOWLEDGED d1 / 15 ARCHIVED d1 / 16 ACKNOWLEDGED d1 / 17 ARCHIVED d1 / 18 ACKNOWLEDGED d1 / 19-20 ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn log_start_moving_to_the_end_offset() {
    // SharePartitionTest.testLsoMovementToEndOffset
    check(
        "testLsoMovementToEndOffset",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 2-6
        = 2-6#1
        spso 2 speo 6 next 7 can
        [2-6] ACQUIRED m1 d1 @30000
        > acquire m1 7-11
        = 7-11#1
        spso 2 speo 11 next 12 can
        [2-6] ACQUIRED m1 d1 @30000
        [7-11] ACQUIRED m1 d1 @30000
        > ack m1 7-8:release
        = ok
        spso 2 speo 11 next 7 can
        [2-6] ACQUIRED m1 d1 @30000
        [7-11] 7-8 AVAILABLE d1 / 9-11 ACQUIRED m1 d1 @30000
        > lso 11
        spso 11 speo 11 next 12 can
        [2-6] ACQUIRED m1 d1 @30000
        [7-11] 7-8 ARCHIVED d1 / 9-11 ACQUIRED m1 d1 @30000
        ",
    );
}

#[test]
fn a_released_batch_has_no_lock_left_to_expire() {
    // SharePartitionTest.testAcquisitionLockOnAcknowledgingMultipleRecordBatch
    check(
        "testAcquisitionLockOnAcknowledgingMultipleRecordBatch",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 5-14
        = 5-14#1
        spso 5 speo 14 next 15 can
        [5-14] ACQUIRED m1 d1 @30000
        > ack m1 5-14:release
        = ok
        spso 5 speo 14 next 5 can
        [5-14] AVAILABLE d1
        > wait 30000
        spso 5 speo 14 next 5 can
        [5-14] AVAILABLE d1
        ",
    );
}

#[test]
fn a_renewed_lock_starts_again() {
    // KIP-1222 (Kafka 4.2), SharePartition.acknowledgeCompleteBatch and
    // acknowledgePerOffsetBatchRecords: RENEW keeps the record acquired and schedules a new
    // lock from now; the delivery count does not change. Not from SharePartitionTest.
    check(
        "renew",
        "
        spso 0 speo 0 next 0 can
        > acquire m1 0-4
        = 0-4#1
        spso 0 speo 4 next 5 can
        [0-4] ACQUIRED m1 d1 @30000
        > wait 20000
        spso 0 speo 4 next 5 can
        [0-4] ACQUIRED m1 d1 @30000
        > ack m1 0-4:renew
        = ok
        spso 0 speo 4 next 5 can
        [0-4] ACQUIRED m1 d1 @50000
        > ack m1 3-4:renew,accept
        = ok
        spso 0 speo 4 next 5 can
        [0-4] 0-3 ACQUIRED m1 d1 @50000 / 4 ACKNOWLEDGED d1
        > wait 15000
        spso 0 speo 4 next 5 can
        [0-4] 0-3 ACQUIRED m1 d1 @50000 / 4 ACKNOWLEDGED d1
        > ack m2 0:renew
        = INVALID_RECORD_STATE
        spso 0 speo 4 next 5 can
        [0-4] 0-3 ACQUIRED m1 d1 @50000 / 4 ACKNOWLEDGED d1
        > wait 15000
        spso 0 speo 4 next 0 can
        [0-4] 0-3 AVAILABLE d1 / 4 ACKNOWLEDGED d1
        ",
    );
}

#[test]
fn defaults_are_kafkas() {
    // ShareGroupConfig: group.share.delivery.count.limit 5, group.share.record.lock.duration.ms
    // 30000, group.share.partition.max.record.locks 2000.
    let config = ShareConfig::default();
    let values = (config.delivery_count_limit(), config.record_lock_duration_ms(), config.max_inflight_records());
    assert_eq!(values, (5, 30_000, 2_000));
}

#[test]
fn settings_outside_kafkas_ranges_are_refused() {
    // ShareGroupConfig's ranges: between(2, 10), between(1000, 3600000), between(100, 10000).
    let out = |setting, value| Err(ShareConfigError { setting, value });
    assert_eq!(ShareConfig::new(1, 30_000, 2_000), out(ShareSetting::DeliveryCountLimit, 1));
    assert_eq!(ShareConfig::new(11, 30_000, 2_000), out(ShareSetting::DeliveryCountLimit, 11));
    assert_eq!(ShareConfig::new(5, 999, 2_000), out(ShareSetting::RecordLockDurationMs, 999));
    assert_eq!(ShareConfig::new(5, 3_600_001, 2_000), out(ShareSetting::RecordLockDurationMs, 3_600_001));
    assert_eq!(ShareConfig::new(5, 30_000, 99), out(ShareSetting::MaxInflightRecords, 99));
    assert_eq!(ShareConfig::new(5, 30_000, 10_001), out(ShareSetting::MaxInflightRecords, 10_001));
    for (limit, lock, cap) in [(2, 1_000, 100), (10, 3_600_000, 10_000)] {
        assert!(ShareConfig::new(limit, lock, cap).is_ok(), "{limit} {lock} {cap} are within range");
    }
}

#[test]
fn malformed_acknowledgements_are_invalid_requests_and_change_nothing() {
    // Kafka's ShareAcknowledge request validation (first offset after last, a type count that
    // is neither one nor one per offset) answers INVALID_REQUEST, before any batch is applied.
    let mut share = SharePartition::new(ShareConfig::default(), Offset(0)).expect("offset 0");
    let m1 = Name::from("m1");
    let fetched = FetchedBatches::new(vec![(0, 4)]).expect("one batch");
    share.acquire(&m1, None, &fetched, SimTime::ZERO);
    let before = share.clone();
    let batch = |first, last, types: Vec<AcknowledgeType>| AcknowledgementBatch { first, last, types };
    let accept = AcknowledgeType::Accept;
    assert_eq!(
        share.acknowledge(&m1, &[batch(3, 1, vec![accept])], SimTime::ZERO),
        Err(ShareError::InvalidRequest { first: 3, last: 1, problem: RequestProblem::FirstAfterLast })
    );
    assert_eq!(
        share.acknowledge(&m1, &[batch(0, 0, vec![accept]), batch(1, 4, vec![accept, accept])], SimTime::ZERO),
        Err(ShareError::InvalidRequest { first: 1, last: 4, problem: RequestProblem::TypeCount { types: 2 } })
    );
    assert_eq!(
        share.acknowledge(&m1, &[batch(0, 4, vec![])], SimTime::ZERO),
        Err(ShareError::InvalidRequest { first: 0, last: 4, problem: RequestProblem::TypeCount { types: 0 } })
    );
    assert_eq!(share, before, "a refused acknowledgement changes nothing");
}

#[test]
fn fetched_batches_a_log_cannot_return_are_refused() {
    let problem = |batches: Vec<(u64, u64)>| FetchedBatches::new(batches).err();
    let batch_problem = |problem| Some(ShareError::FetchedBatches(problem));
    assert_eq!(problem(vec![(5, 4)]), batch_problem(BatchProblem::FirstAfterLast { first: 5, last: 4 }));
    assert_eq!(problem(vec![(0, 4), (4, 6)]), batch_problem(BatchProblem::NotAscending { first: 4, previous_last: 4 }));
    assert_eq!(problem(vec![(0, 100_000)]), batch_problem(BatchProblem::SpanTooLong { first: 0, last: 100_000 }));
    assert_eq!(problem(vec![(0, u64::MAX)]), Some(ShareError::OffsetTooLarge { offset: u64::MAX }));
    assert_eq!(problem(vec![]), None, "an empty fetch is a fetch");
    assert!(ShareError::OffsetTooLarge { offset: 0 }.kafka_name().is_none(), "misuse has no Kafka name");
}
