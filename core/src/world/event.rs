//! What happened: every broker outcome is an `Event`, with what an animation needs (ids,
//! places, departure and arrival times) and a one-line explanation for a learner, in English
//! and Korean. The trace of a run is its events serialized one per line.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

use crate::Name;
use crate::event_broker::{Offset, PartitionIndex, RecordId};
use crate::time::SimTime;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    pub at: SimTime,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// How the producer chose the partition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "by")]
pub enum PartitionChoice {
    /// `toPositive(murmur2(key)) % partitions`; `hash` is murmur2's Java `int`.
    KeyHash { hash: i32 },
    /// Keyless record, built-in sticky partitioner (KIP-480/KIP-794).
    Sticky,
    /// `RoundRobinPartitioner`.
    RoundRobin,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum EventKind {
    /// A producer sent a record towards the partition leader.
    RecordSent {
        record: RecordId,
        producer: Name,
        topic: Name,
        partition: PartitionIndex,
        partitions: u32,
        key: Option<Name>,
        choice: PartitionChoice,
        departs: SimTime,
        arrives: SimTime,
    },
    /// The partition leader appended the record at `offset`.
    RecordAppended { record: RecordId, topic: Name, partition: PartitionIndex, offset: Offset, key: Option<Name> },
    /// A produce was refused because the partition holds as many records as the model allows.
    RecordRejected { record: RecordId, topic: Name, partition: PartitionIndex, reason: Name },
    /// A group member fetched records `[from, to)` of a partition.
    RecordsFetched {
        group: Name,
        member: u32,
        topic: Name,
        partition: PartitionIndex,
        from: Offset,
        to: Offset,
        records: Vec<RecordId>,
        departs: SimTime,
        arrives: SimTime,
    },
    /// A group member finished processing fetched records.
    RecordsProcessed { group: Name, member: u32, topic: Name, partition: PartitionIndex, from: Offset, to: Offset },
    /// The group coordinator stored a committed offset: the next offset the group will read.
    OffsetCommitted { group: Name, member: u32, topic: Name, partition: PartitionIndex, offset: Offset },
    /// The group leader assigned partitions to members.
    PartitionsAssigned { group: Name, member: u32, generation: u32, partitions: Vec<(Name, u32)> },
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Event {
    /// A short name of the event's kind, for filters and styling.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            EventKind::RecordSent { .. } => "record_sent",
            EventKind::RecordAppended { .. } => "record_appended",
            EventKind::RecordRejected { .. } => "record_rejected",
            EventKind::RecordsFetched { .. } => "records_fetched",
            EventKind::RecordsProcessed { .. } => "records_processed",
            EventKind::OffsetCommitted { .. } => "offset_committed",
            EventKind::PartitionsAssigned { .. } => "partitions_assigned",
        }
    }

    /// One line for a learner: what happened and why.
    pub fn explain(&self, lang: Lang) -> String {
        match (&self.kind, lang) {
            (EventKind::RecordSent { producer, key, partition, partitions, choice, topic, .. }, lang) => {
                let how = match (choice, key, lang) {
                    (PartitionChoice::KeyHash { .. }, Some(key), Lang::En) => {
                        format!("key {key} → murmur2 → partition {} of {partitions}", partition.0)
                    }
                    (PartitionChoice::KeyHash { .. }, Some(key), Lang::Ko) => {
                        format!("키 {key} → murmur2 → 파티션 {} ({partitions}개 중)", partition.0)
                    }
                    (PartitionChoice::RoundRobin, _, Lang::En) => {
                        format!("round-robin partitioner → partition {} of {partitions}", partition.0)
                    }
                    (PartitionChoice::RoundRobin, _, Lang::Ko) => {
                        format!("라운드 로빈 파티셔너 → 파티션 {} ({partitions}개 중)", partition.0)
                    }
                    (_, _, Lang::En) => {
                        format!("no key, so the sticky partitioner keeps filling partition {}", partition.0)
                    }
                    (_, _, Lang::Ko) => format!("키가 없어 스티키 파티셔너가 파티션 {}을(를) 계속 채웁니다", partition.0),
                };
                match lang {
                    Lang::En => format!("{producer} sends a record to {topic}: {how}"),
                    Lang::Ko => format!("{producer}이(가) {topic}에 레코드를 보냅니다: {how}"),
                }
            }
            (EventKind::RecordAppended { topic, partition, offset, .. }, Lang::En) => format!(
                "{topic}/{} appends the record at offset {offset}; offsets only grow and are never reused",
                partition.0
            ),
            (EventKind::RecordAppended { topic, partition, offset, .. }, Lang::Ko) => format!(
                "{topic}/{}이(가) 레코드를 오프셋 {offset}에 추가합니다. 오프셋은 늘어나기만 하고 재사용되지 않습니다",
                partition.0
            ),
            (EventKind::RecordRejected { topic, partition, reason, .. }, Lang::En) => {
                format!("{topic}/{} refuses the record: {reason}", partition.0)
            }
            (EventKind::RecordRejected { topic, partition, reason, .. }, Lang::Ko) => {
                format!("{topic}/{}이(가) 레코드를 거부합니다: {reason}", partition.0)
            }
            (EventKind::RecordsFetched { group, member, topic, partition, from, to, .. }, Lang::En) => format!(
                "{group} member {member} fetches {} of {topic}/{}; reading deletes nothing",
                offsets_en(*from, *to),
                partition.0
            ),
            (EventKind::RecordsFetched { group, member, topic, partition, from, to, .. }, Lang::Ko) => format!(
                "{group} 멤버 {member}이(가) {topic}/{}의 {}을(를) 가져옵니다. 읽어도 아무것도 지워지지 않습니다",
                partition.0,
                offsets_ko(*from, *to)
            ),
            (EventKind::RecordsProcessed { group, member, from, to, .. }, Lang::En) => {
                format!("{group} member {member} has processed {}", offsets_en(*from, *to))
            }
            (EventKind::RecordsProcessed { group, member, from, to, .. }, Lang::Ko) => {
                format!("{group} 멤버 {member}이(가) {} 처리를 마쳤습니다", offsets_ko(*from, *to))
            }
            (EventKind::OffsetCommitted { group, topic, partition, offset, .. }, Lang::En) => format!(
                "{group} commits offset {offset} on {topic}/{}: the next record it will read",
                partition.0
            ),
            (EventKind::OffsetCommitted { group, topic, partition, offset, .. }, Lang::Ko) => format!(
                "{group}이(가) {topic}/{}에 오프셋 {offset}을(를) 커밋합니다: 다음에 읽을 레코드입니다",
                partition.0
            ),
            (EventKind::PartitionsAssigned { group, member, generation, partitions }, lang) => {
                let list: Vec<String> = partitions.iter().map(|(t, p)| format!("{t}/{p}")).collect();
                let list = if list.is_empty() { String::from("-") } else { list.join(", ") };
                match lang {
                    Lang::En => format!("{group} generation {generation}: member {member} owns {list}"),
                    Lang::Ko => format!("{group} 세대 {generation}: 멤버 {member}의 파티션은 {list}"),
                }
            }
        }
    }
}

/// "offset 3" or "offsets 3–5" for the half-open range `[from, to)`.
fn offsets_en(from: Offset, to: Offset) -> String {
    let last = to.0.saturating_sub(1);
    if last <= from.0 { format!("offset {from}") } else { format!("offsets {from}–{last}") }
}

fn offsets_ko(from: Offset, to: Offset) -> String {
    let last = to.0.saturating_sub(1);
    if last <= from.0 { format!("오프셋 {from}") } else { format!("오프셋 {from}–{last}") }
}
