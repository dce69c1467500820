//! A share-partition's settings, with Kafka's names, defaults and ranges. A value outside
//! Kafka's range is refused with [`ShareConfigError`] and no config is made.
//!
//! Source: `ShareGroupConfig.java` (apache/kafka trunk, the version with
//! `group.share.partition.max.record.locks` defaulting to 2000; the October 2024 source had
//! 200 and a lock-duration range of 1000–60000). Kafka 4.2 is modelled as that source says:
//!
//! | setting | broker config | default | range |
//! |---|---|---|---|
//! | `delivery_count_limit` | `group.share.delivery.count.limit` | 5 | 2–10 |
//! | `record_lock_duration_ms` | `group.share.record.lock.duration.ms` | 30000 | 1000–3600000 |
//! | `max_inflight_records` | `group.share.partition.max.record.locks` | 2000 | 100–10000 |
//!
//! A group may override the lock duration (`share.record.lock.duration.ms`, bounded by
//! `group.share.min/max.record.lock.duration.ms`, 15000–60000 by default) and, from 4.3, the
//! delivery limit; a share-partition only sees the value in force, which is what this holds.

use core::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

/// The settings one share-partition runs with. Made only through [`ShareConfig::new`] (or
/// `default`), so every value is within Kafka's range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ShareConfig {
    delivery_count_limit: u32,
    record_lock_duration_ms: u64,
    max_inflight_records: u32,
}

/// Which setting a [`ShareConfigError`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareSetting {
    DeliveryCountLimit,
    RecordLockDurationMs,
    MaxInflightRecords,
}

/// A setting outside Kafka's range: nothing was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareConfigError {
    pub setting: ShareSetting,
    pub value: u64,
}

impl core::error::Error for ShareConfigError {}

/// `group.share.delivery.count.limit`: `between(2, 10)`.
pub const DELIVERY_COUNT_LIMIT_RANGE: RangeInclusive<u64> = 2..=10;
/// `group.share.record.lock.duration.ms`: `between(1000, 3600000)`.
pub const RECORD_LOCK_DURATION_MS_RANGE: RangeInclusive<u64> = 1_000..=3_600_000;
/// `group.share.partition.max.record.locks`: `between(100, 10000)`.
pub const MAX_INFLIGHT_RECORDS_RANGE: RangeInclusive<u64> = 100..=10_000;

impl ShareSetting {
    /// Kafka's broker config name.
    pub fn kafka_name(self) -> &'static str {
        match self {
            ShareSetting::DeliveryCountLimit => "group.share.delivery.count.limit",
            ShareSetting::RecordLockDurationMs => "group.share.record.lock.duration.ms",
            ShareSetting::MaxInflightRecords => "group.share.partition.max.record.locks",
        }
    }

    /// The values Kafka accepts.
    pub fn range(self) -> RangeInclusive<u64> {
        match self {
            ShareSetting::DeliveryCountLimit => DELIVERY_COUNT_LIMIT_RANGE,
            ShareSetting::RecordLockDurationMs => RECORD_LOCK_DURATION_MS_RANGE,
            ShareSetting::MaxInflightRecords => MAX_INFLIGHT_RECORDS_RANGE,
        }
    }

    fn check(self, value: u64) -> Result<u64, ShareConfigError> {
        if self.range().contains(&value) { Ok(value) } else { Err(ShareConfigError { setting: self, value }) }
    }
}

impl ShareConfig {
    /// Checks each value against Kafka's range, in the order of the arguments.
    pub fn new(
        delivery_count_limit: u64,
        record_lock_duration_ms: u64,
        max_inflight_records: u64,
    ) -> Result<ShareConfig, ShareConfigError> {
        let limit = ShareSetting::DeliveryCountLimit.check(delivery_count_limit)?;
        let lock_ms = ShareSetting::RecordLockDurationMs.check(record_lock_duration_ms)?;
        let locks = ShareSetting::MaxInflightRecords.check(max_inflight_records)?;
        // The ranges' upper ends fit in u32, so the narrowing cannot fail.
        Ok(ShareConfig {
            delivery_count_limit: u32::try_from(limit).expect("the delivery limit range fits in u32"),
            record_lock_duration_ms: lock_ms,
            max_inflight_records: u32::try_from(locks).expect("the record lock range fits in u32"),
        })
    }

    /// This config with one setting changed, checked against Kafka's range like `new`.
    pub fn with(self, setting: ShareSetting, value: u64) -> Result<ShareConfig, ShareConfigError> {
        let value = setting.check(value)?;
        let mut config = self;
        match setting {
            ShareSetting::DeliveryCountLimit => config.delivery_count_limit = u32::try_from(value).expect("the delivery limit range fits in u32"),
            ShareSetting::RecordLockDurationMs => config.record_lock_duration_ms = value,
            ShareSetting::MaxInflightRecords => config.max_inflight_records = u32::try_from(value).expect("the record lock range fits in u32"),
        }
        Ok(config)
    }

    /// The value of one setting.
    pub fn value(&self, setting: ShareSetting) -> u64 {
        match setting {
            ShareSetting::DeliveryCountLimit => u64::from(self.delivery_count_limit),
            ShareSetting::RecordLockDurationMs => self.record_lock_duration_ms,
            ShareSetting::MaxInflightRecords => u64::from(self.max_inflight_records),
        }
    }

    /// How many acquisitions a record may have before it is archived.
    pub fn delivery_count_limit(&self) -> u32 {
        self.delivery_count_limit
    }

    /// How long an acquisition lock lasts.
    pub fn record_lock_duration_ms(&self) -> u64 {
        self.record_lock_duration_ms
    }

    /// The in-flight window (SPEO − SPSO + 1) at which fetches stop acquiring new records.
    pub fn max_inflight_records(&self) -> u32 {
        self.max_inflight_records
    }
}

impl Default for ShareConfig {
    /// Kafka's defaults: 5 deliveries, 30 s locks, 2000 record locks.
    fn default() -> ShareConfig {
        ShareConfig { delivery_count_limit: 5, record_lock_duration_ms: 30_000, max_inflight_records: 2_000 }
    }
}
