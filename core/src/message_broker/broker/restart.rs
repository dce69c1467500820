//! A broker restart (R14): what survives it. A stream is always durable (R21), so it keeps its
//! whole log, segments and offsets included; its consumers, like every consumer, are gone and
//! read again from the offset they ask for when they come back.

use alloc::vec::Vec;

use super::{EventKind, MessageBroker, QueueType, Queued, Removal};
use crate::Name;
use crate::time::SimTime;
use super::Error;

impl MessageBroker {
    /// A broker restart (R14): connections drop; durable queues and exchanges survive with the
    /// bindings between them; a durable queue keeps its persistent messages (a quorum queue
    /// keeps all), unacked ones come back ready, marked redelivered; everything else is lost.
    pub fn restart(&mut self, now: SimTime) -> Result<(), Error> {
        self.advance_to(now)?;
        self.channels.clear();
        self.consumers.clear();
        self.dead_letters.clear();
        self.dirty.clear();
        let mut messages_lost = 0u64;
        let doomed: Vec<Name> =
            self.queues.values().filter(|q| !q.durable || q.exclusive_owner.is_some()).map(|q| q.name.clone()).collect();
        for name in doomed {
            if let Some(q) = self.queues.get(&name) {
                messages_lost += q.messages_held() as u64;
            }
            self.remove_queue(&name, Removal::Restart);
        }
        let now = self.now;
        let mut messages_kept = 0u64;
        for queue in self.queues.values_mut() {
            let mut all: Vec<Queued> = core::mem::take(&mut queue.ready).into_values().collect();
            all.extend(core::mem::take(&mut queue.unacked).into_values().map(|mut q| {
                q.redelivered = true;
                q
            }));
            queue.ready_bytes = 0;
            for queued in all {
                if queue.keeps_over_restart(&queued.message) {
                    let returned = queued.key.0 == 0 && queue.arguments.queue_type == QueueType::Quorum;
                    queue.push_ready(queued, returned);
                    messages_kept += 1;
                } else {
                    messages_lost += 1;
                }
            }
            if let Some(stream) = &mut queue.stream {
                stream.readers.clear();
                messages_kept += stream.log.len() as u64;
            }
            queue.consumers.clear();
            queue.active.clear();
            queue.blocked.clear();
            queue.last_used = now;
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
