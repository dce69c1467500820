//! The broker versions a scenario names (`event_broker.kafka_version`,
//! `message_broker.rabbitmq_version`), and every behaviour the model changes between them: each
//! difference is one method here, with its source, and the models ask these methods rather than
//! comparing versions themselves. A leaf: it knows nothing of the models.
//!
//! A scenario without a version gets the behaviour the model had before versions existed.
//! For RabbitMQ that is already 4.2 (the newest): quorum queues had the 4.0 delivery limit and
//! a client's `x-death` was never read. For Kafka it is 3.9: the high watermark followed the
//! ISR whatever its size. So a missing `kafka_version` means 3.9 ([`KafkaVersion::UNNAMED`]),
//! which keeps every saved scenario, share link and golden trace as it was; a scenario the
//! page makes names 4.2 ([`KafkaVersion::NEWEST`]).
//!
//! RabbitMQ 3.10 is there because it is the real broker the differential suite compares the
//! model with (Debian's 3.10.8, V1).
//!
//! Not modelled, because the model has nothing they act on: Kafka 4.0's `linger.ms` default of
//! 5 (K23; the model's producers send each record at once, without linger); RabbitMQ streams'
//! filtering (3.13+, `x-stream-filter-value`; the model has no filtering at all), RabbitMQ 4.0's 16 MiB
//! message size (the model's bound is 64 KiB either way), classic queue mirroring, Khepri.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Which broker a version belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Product {
    Kafka,
    RabbitMq,
}

impl Product {
    /// The scenario key that names this broker's version.
    pub fn key(self) -> &'static str {
        match self {
            Product::Kafka => "event_broker.kafka_version",
            Product::RabbitMq => "message_broker.rabbitmq_version",
        }
    }

    /// The versions a scenario may name, oldest first.
    pub fn supported(self) -> &'static [&'static str] {
        match self {
            Product::Kafka => &["3.9", "4.2"],
            Product::RabbitMq => &["3.10", "3.13", "4.2"],
        }
    }
}

/// An Apache Kafka version the model follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum KafkaVersion {
    V3_9,
    V4_2,
}

impl KafkaVersion {
    pub const ALL: [KafkaVersion; 2] = [KafkaVersion::V3_9, KafkaVersion::V4_2];
    pub const NEWEST: KafkaVersion = KafkaVersion::V4_2;
    /// What a scenario without `kafka_version` gets: the behaviour the model had before
    /// versions existed (see the module's comment).
    pub const UNNAMED: KafkaVersion = KafkaVersion::V3_9;

    pub fn name(self) -> &'static str {
        match self {
            KafkaVersion::V3_9 => "3.9",
            KafkaVersion::V4_2 => "4.2",
        }
    }

    pub fn parse(name: &str) -> Option<KafkaVersion> {
        KafkaVersion::ALL.into_iter().find(|v| v.name() == name)
    }

    pub fn is_unnamed(&self) -> bool {
        *self == KafkaVersion::UNNAMED
    }

    /// Strict min-ISR (K22): from 4.0 the leader does not advance the high watermark while
    /// the ISR is smaller than `min.insync.replicas`, whatever `acks` the producer asked for,
    /// so records appended with `acks=0` or `acks=1` stay invisible to consumers until the ISR
    /// grows back. Before 4.0 the high watermark followed the ISR, however small.
    /// Sources: apache/kafka `docs/design/design.md`, "Replication" (4.x); KIP-966 (K22 in
    /// SEMANTICS-NEXT.md).
    pub fn high_watermark_waits_for_min_isr(self) -> bool {
        self >= KafkaVersion::V4_2
    }

    /// Eligible leader replicas (K22, KIP-966 part 1): the controller keeps, beside the ISR,
    /// the replicas that left it while it was below `min.insync.replicas` (strict min-ISR kept
    /// the high watermark from passing what they hold, so electing one loses nothing
    /// committed), lets the ISR become empty, and elects in this order: a live ISR member, a
    /// live ELR member, the last known leader. A broker that comes back from an unclean
    /// shutdown (no clean-shutdown file: the model's kill) leaves every ELR. In 4.0 it is
    /// off unless `eligible.leader.replicas.version=1`; new clusters get it from 4.1; 3.9
    /// has no ELR (its metadata version is below `IBP_4_0_IV0`, `isElrSupported`), and its
    /// ISR keeps its last member. Sources: apache/kafka `docs/operations/eligible-leader-replicas.md`
    /// (4.1, 4.2); `metadata/.../controller/PartitionChangeBuilder.java` (`maybePopulateTargetElr`,
    /// `electAnyLeader`, `canElectLastKnownLeader`, `maybeUpdateLastKnownLeader`);
    /// `ReplicationControlManager.java` (`handleBrokerShutdown`, KAFKA-15586);
    /// `server-common/.../MetadataVersion.java` 3.9 (`isElrSupported`).
    pub fn eligible_leader_replicas(self) -> bool {
        self >= KafkaVersion::V4_2
    }

    /// The consumer rebalance protocol (K21, KIP-848, `group.protocol=consumer`): early
    /// access in 3.7, preview in 3.8 and 3.9 (off unless the operator sets
    /// `group.coordinator.rebalance.protocols=classic,consumer`), generally available and on by
    /// default from 4.0. The model follows a broker with default settings, so a 3.9 scenario
    /// asking for it is refused. Sources: apache/kafka
    /// `docs/operations/consumer-rebalance-protocol.md` (4.0–4.3: "Starting from Apache Kafka
    /// 4.0 ... Generally Available", "automatically enabled on the server since 4.0"); the
    /// KIP-848 early-access release notes; `GroupCoordinatorConfig` 3.x
    /// (`GROUP_COORDINATOR_REBALANCE_PROTOCOLS_DEFAULT` = classic only).
    pub fn offers_consumer_protocol(self) -> bool {
        self >= KafkaVersion::V4_2
    }

    /// Share groups (K20, KIP-932, "queues for Kafka"): absent in 3.x, early access in 4.0 and
    /// a preview in 4.1 (both off unless the operator turns them on), production-ready in 4.2.
    /// The model follows a broker with default settings, so a 3.9 scenario with a share group
    /// is refused. Sources: KIP-932's release plan; apache/kafka `docs/design/design.md` ("The
    /// Share Consumer", 4.2).
    pub fn offers_share_groups(self) -> bool {
        self >= KafkaVersion::V4_2
    }
}

/// A RabbitMQ version the model follows. 3.10 is the generation of the real broker the
/// differential suite runs against (Debian's 3.10.8, V1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RabbitMqVersion {
    V3_10,
    V3_13,
    V4_2,
}

impl RabbitMqVersion {
    pub const ALL: [RabbitMqVersion; 3] = [RabbitMqVersion::V3_10, RabbitMqVersion::V3_13, RabbitMqVersion::V4_2];
    pub const NEWEST: RabbitMqVersion = RabbitMqVersion::V4_2;
    /// What a scenario without `rabbitmq_version` gets: the newest, which is also the
    /// behaviour the model had before versions existed.
    pub const UNNAMED: RabbitMqVersion = RabbitMqVersion::V4_2;

    pub fn name(self) -> &'static str {
        match self {
            RabbitMqVersion::V3_10 => "3.10",
            RabbitMqVersion::V3_13 => "3.13",
            RabbitMqVersion::V4_2 => "4.2",
        }
    }

    pub fn parse(name: &str) -> Option<RabbitMqVersion> {
        RabbitMqVersion::ALL.into_iter().find(|v| v.name() == name)
    }

    pub fn is_unnamed(&self) -> bool {
        *self == RabbitMqVersion::UNNAMED
    }

    /// A quorum queue's `x-delivery-limit` when it sets none (R16, R22): 20 from 4.0; before
    /// 4.0 there is no limit, so a message requeued forever is delivered forever.
    /// Source: rabbitmq-server `release-notes/4.0.1.md`, "Quorum Queues Now Have a Default
    /// Redelivery Limit"; rabbitmq-website `quorum-queues/index.md`, poison message handling.
    pub fn quorum_delivery_limit_default(self) -> Option<u32> {
        match self {
            RabbitMqVersion::V3_10 | RabbitMqVersion::V3_13 => None,
            RabbitMqVersion::V4_2 => Some(20),
        }
    }

    /// Whether quorum queues know message priorities, as two levels: from 4.0 a message with
    /// `priority` above 4 is *high*, any other (none included) *normal*, and the queue hands
    /// out two high for each normal one, a normal one going earlier only when it arrived
    /// first (`rabbit_fifo_q`, `rabbit_fifo:priority_tag`, v4.0.1–v4.2.0). Before 4.0 a quorum
    /// queue ignores `priority` (first in, first out). 4.3's 32 strict levels are not modelled
    /// (no 4.3 profile). In every version `x-max-priority` is refused on a quorum queue.
    /// Sources: rabbitmq-server `deps/rabbit/src/rabbit_fifo_q.erl` (v4.2.0), release notes
    /// 4.0.1 ("Quorum queues now support message priorities"); rabbitmq-website
    /// `quorum-queues/index.md`, "Priorities".
    pub fn quorum_priority_levels(self) -> bool {
        match self {
            RabbitMqVersion::V3_10 | RabbitMqVersion::V3_13 => false,
            RabbitMqVersion::V4_2 => true,
        }
    }

    /// A quorum queue's `basic.get` always carries `x-delivery-count`, 0 for a first delivery,
    /// in 3.10 (`rabbit_fifo_client:dequeue` adds the header whatever the count; a consumer's
    /// delivery gets it only once the message was returned, `transform_msgs`); in 3.13 and 4.x
    /// the header is set only above 0 (`add_delivery_count_header`), for both. (Versions
    /// between 3.10 and 3.13 were not checked.)
    /// Sources: rabbitmq-server `deps/rabbit/src/rabbit_fifo_client.erl` at v3.10.8 and
    /// v3.13.0; V1 in SEMANTICS-NEXT.md (3.10.8: counts 0, 1, 2 seen).
    pub fn quorum_get_shows_zero_delivery_count(self) -> bool {
        match self {
            RabbitMqVersion::V3_10 => true,
            RabbitMqVersion::V3_13 | RabbitMqVersion::V4_2 => false,
        }
    }

    /// In 3.10 a quorum queue gives a consumer one delivery more than its prefetch, for good,
    /// for each message it returns (nack or reject with requeue) that goes past
    /// `x-delivery-limit`: `rabbit_fifo:return` credits every returned message and
    /// `return_one` credits the discarded one again through `complete`. 3.13 (machine version
    /// 3) credits it once. Sources: rabbitmq-server `deps/rabbit/src/rabbit_fifo.erl` at
    /// v3.10.8 and v3.13.0 (`return/5`); found by the differential suite against 3.10.8.
    pub fn quorum_return_past_limit_adds_credit(self) -> bool {
        match self {
            RabbitMqVersion::V3_10 => true,
            RabbitMqVersion::V3_13 | RabbitMqVersion::V4_2 => false,
        }
    }

    /// Up to 3.13 the broker reads the `x-death` header a client publishes (typically a
    /// message it consumed from a dead letter queue and publishes again) as the message's
    /// dead-lettering history: a later death in the same queue for the same reason counts on
    /// from the client's `count`, and the cycle check sees those deaths. From 4.0 a client's
    /// `x-death` is an ordinary header the broker replaces when it dead-letters the message.
    /// Source: rabbitmq-server `release-notes/4.0.1.md`, "AMQP 0.9.1 x-death header" (R22).
    pub fn reads_client_x_death(self) -> bool {
        self <= RabbitMqVersion::V3_13
    }

    /// Up to 3.12 `x-death` is a header the broker rewrites at each death
    /// (`rabbit_dead_letter:update_x_death_header`): it first regroups the entries already
    /// there by (queue, reason), and that fold builds the list back to front, so once there
    /// are two or more the older entries come out reversed; then the (queue, reason) of this
    /// death goes in front, counted up. A message that died in q1, q2, q3 in turn shows q3,
    /// q1, q2. The dead-letter cycle check reads the header in that order. From 3.13 the
    /// deaths are message annotations (`mc:record_death`), written out most recent first
    /// (`mc_amqpl`, sorted by each entry's last time), and 4.x keeps them as a list most
    /// recent first. 3.13 differs from both in its cycle check, which reads the annotations
    /// in key order (`mc:is_death_cycle`, `maps:keys`); the model's 3.13 checks them most
    /// recent first, as 4.x does (not modelled). Sources: rabbitmq-server
    /// `deps/rabbit/src/rabbit_dead_letter.erl` (3.10, 3.12: `group_by_queue_and_reason`,
    /// `is_cycle`), `deps/rabbit/src/mc.erl` and `mc_amqpl.erl` (3.13, 4.x).
    pub fn x_death_reverses_older_entries(self) -> bool {
        self == RabbitMqVersion::V3_10
    }

    /// `x-consumer-timeout`, a queue's own delivery acknowledgement timeout, exists from
    /// 3.12; before, only the broker's `consumer_timeout` applies and the argument is an
    /// unknown one, ignored. Source: rabbitmq-website `consumers.md`, "Delivery
    /// Acknowledgement Timeout" (per-queue since 3.12); rabbitmq-server
    /// `deps/rabbit/src/rabbit_channel.erl`, `get_queue_consumer_timeout`.
    pub fn reads_queue_consumer_timeout(self) -> bool {
        self >= RabbitMqVersion::V3_13
    }
}

impl Default for KafkaVersion {
    fn default() -> Self {
        KafkaVersion::UNNAMED
    }
}

impl Default for RabbitMqVersion {
    fn default() -> Self {
        RabbitMqVersion::UNNAMED
    }
}

impl fmt::Display for KafkaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for RabbitMqVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

// In JSON a version is its name, a string ("3.9"). `Scenario::from_json` refuses an unknown
// one with `ScenarioError::UnknownVersion` before serde sees it; these impls only meet it when
// a caller hands serde a document directly.

impl Serialize for KafkaVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl Serialize for RabbitMqVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for KafkaVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <alloc::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        KafkaVersion::parse(&name).ok_or_else(|| serde::de::Error::unknown_variant(&name, Product::Kafka.supported()))
    }
}

impl<'de> Deserialize<'de> for RabbitMqVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <alloc::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        RabbitMqVersion::parse(&name).ok_or_else(|| serde::de::Error::unknown_variant(&name, Product::RabbitMq.supported()))
    }
}
