//! A broker restart (R14): every node restarts, and what survives it. A quorum queue keeps
//! all its messages and its members elect a leader again (`broker/nodes.rs` has the nodes
//! stopping and starting one at a time). A stream is always durable (R21), so it keeps its
//! whole log, segments and offsets included; its consumers, like every consumer, are gone and
//! read again from the offset they ask for when they come back.

use alloc::vec::Vec;

use super::nodes::recover;
use super::{EventKind, MessageBroker, Removal};
use crate::Name;
use crate::message_broker::cluster::{Cluster, Placement};
use crate::message_broker::error::Error;
use crate::time::SimTime;

impl MessageBroker {
    /// A broker restart (R14): every node restarts; connections drop; durable queues and
    /// exchanges survive with the bindings between them; a durable queue keeps its persistent
    /// messages (a quorum queue keeps all, a stream its log), unacked ones come back ready,
    /// marked redelivered; everything else is lost, publishes waiting for a quorum queue's
    /// majority included (the channels that would resend them are gone).
    pub fn restart(&mut self, now: SimTime) -> Result<(), Error> {
        self.advance_to(now)?;
        self.channels.clear();
        self.consumers.clear();
        self.dead_letters.clear();
        self.dirty.clear();
        self.nodes.confirms.clear();
        let mut messages_lost = 0u64;
        let doomed: Vec<Name> =
            self.queues.values().filter(|q| !q.durable || q.exclusive_owner.is_some()).map(|q| q.name.clone()).collect();
        for name in doomed {
            if let Some(q) = self.queues.get(&name) {
                messages_lost += q.messages_held() as u64;
            }
            self.remove_queue(&name, Removal::Restart);
        }
        self.nodes.cluster = Cluster::new(self.nodes.cluster.size());
        let now = self.now;
        let mut messages_kept = 0u64;
        for queue in self.queues.values_mut() {
            queue.enqueuers.clear();
            let (kept, lost) = recover(queue);
            messages_kept += kept.len() as u64;
            messages_lost += lost.len() as u64 + queue.waiting.len() as u64;
            queue.waiting.clear();
            if let Some(stream) = &mut queue.stream {
                stream.readers.clear();
                messages_kept += stream.log.len() as u64;
            }
            queue.consumers.clear();
            queue.active.clear();
            queue.blocked.clear();
            queue.last_used = now;
            if let Placement::Replicated(replicas) = &mut queue.placement {
                replicas.follow(&self.nodes.cluster);
            }
        }
        let transient: Vec<Name> = self.exchanges.values().filter(|x| !x.durable).map(|x| x.name.clone()).collect();
        for name in transient {
            self.remove_exchange(&name, Removal::Restart);
        }
        self.messages_held = messages_kept as usize;
        self.emit(EventKind::BrokerRestarted { queues_kept: self.queues.len(), messages_kept, messages_lost });
        Ok(())
    }
}
