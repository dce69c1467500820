//! Where a member reads next: the application's `seek`, and the administrator's offset reset
//! (`kafka-consumer-groups --reset-offsets`), which Kafka allows only while a group has no
//! active members.

use super::{SeekTo, World};
use crate::event_broker::{Offset, PartitionIndex, TopicId};
use crate::time::SimTime;
use crate::world::EventKind;

impl World {
    pub(super) fn seek(&mut self, g: usize, m: usize, tp: (TopicId, PartitionIndex), to: SeekTo) {
        let offset = self.resolve(tp, to);
        self.groups[g].members[m].position.insert(tp, offset);
        let topic = self.event_broker.topic_by_id(tp.0).expect("checked").name().clone();
        self.emit(EventKind::MemberSeeked { group: self.groups[g].name.clone(), member: m as u32, topic, partition: tp.1, offset });
    }

    pub(super) fn reset_offsets(&mut self, g: usize, t: usize, to: SeekTo) {
        let topic = &self.event_broker.topics()[t];
        let (id, name, count) = (topic.id(), topic.name().clone(), topic.partition_count());
        for p in 0..count {
            let tp = (id, PartitionIndex(p));
            let log = &self.event_broker.topics()[t].partitions()[p as usize];
            // The tool clamps to what the partition holds.
            let offset = self.resolve(tp, to).clamp(log.log_start(), log.high_watermark());
            self.event_broker.commit(self.groups[g].name.clone(), name.clone(), tp.1, offset);
            self.emit(EventKind::OffsetsReset { group: self.groups[g].name.clone(), topic: name.clone(), partition: tp.1, offset });
        }
    }

    fn resolve(&self, tp: (TopicId, PartitionIndex), to: SeekTo) -> Offset {
        let log = &self.event_broker.topic_by_id(tp.0).expect("checked").partitions()[tp.1.0 as usize];
        match to {
            SeekTo::Offset(o) => Offset(o),
            SeekTo::Beginning => log.log_start(),
            SeekTo::End => log.high_watermark(),
            // ListOffsets by timestamp; no record that recent: the high watermark (the end).
            SeekTo::Timestamp(ms) => log.offset_for_timestamp(SimTime(ms)).unwrap_or(log.high_watermark()),
        }
    }
}
