//! The message side's node commands: stopping and starting a node of the broker's cluster
//! (`MessageCommand::StopNode`, `StartNode`) and restarting all of them (`RestartBroker`).
//! The broker decides what that does to its
//! queues (`message_broker/broker/nodes.rs`); the clients keep their connections.
//!
//! When a classic queue's (or a stream's) node stops, the broker cancels its consumers
//! (`basic.cancel`, consumer cancel notification; rabbitmq-website `consumer-cancel.md`). The
//! simulated application keeps its channel, shows `cancelled`, and consumes again once the
//! queue is available, as an application that handles the notification does; the broker
//! itself never resubscribes anyone.

use super::{ConsumerState, MessageCommandError, MessageEvent, MessageEventKind, MessageSide, SimConsumer};
use crate::message_broker::event::{Event as BrokerEvent, EventKind as BrokerEventKind};
use crate::message_broker::NodeId;
use crate::message_broker::broker::Consume;


impl MessageSide {
    /// Stops (`start = false`) or starts node `node`; a bad command changes nothing.
    pub(super) fn node_command(&mut self, node: u8, start: bool) -> Result<(), MessageCommandError> {
        let (now, node) = (self.now, NodeId(node));
        let result = if start { self.broker.start_node(now, node) } else { self.broker.stop_node(now, node) };
        result.map_err(MessageCommandError::Broker)?;
        self.drain_broker();
        Ok(())
    }

    /// Every node restarts: every channel closes, and the clients notice and reconnect at once.
    pub(super) fn restart_command(&mut self) -> Result<(), MessageCommandError> {
        self.broker.restart(self.now).map_err(MessageCommandError::Broker)?;
        for i in 0..self.consumers.len() {
            let c = &mut self.consumers[i];
            c.inbox.clear();
            c.busy = false;
            if c.state != ConsumerState::Down {
                let _ = self.start_consumer(i);
            }
        }
        for i in 0..self.publishers.len() {
            let channel = self.publishers[i].channel;
            let _ = self.broker.open_channel(self.now, channel);
        }
        self.drain_broker();
        Ok(())
    }

    /// A consumer's state as views name it: its own, or `cancelled` while it is up and the
    /// broker holds no subscription for it.
    pub(super) fn state_name(&self, c: &SimConsumer) -> &'static str {
        if c.state != ConsumerState::Down && self.broker.consumer(c.channel, &c.name).is_none() { "cancelled" } else { c.state.as_str() }
    }

    /// Passes a broker event on to the world's events; a queue available again (its node
    /// started) has its cancelled consumers subscribe again.
    pub(super) fn pass_on(&mut self, event: BrokerEvent) {
        let available = if let BrokerEventKind::QueueAvailable { queue, .. } = &event.kind { Some(queue.clone()) } else { None };
        self.events.push_back(MessageEvent { at: event.at, kind: MessageEventKind::Broker(event.kind) });
        if let Some(queue) = available {
            self.resubscribe(&queue);
        }
    }

    /// Consumers of `queue` that are up and that the broker cancelled consume again on the
    /// channel they kept (a consume the broker refuses leaves them cancelled).
    pub(super) fn resubscribe(&mut self, queue: &str) {
        for i in 0..self.consumers.len() {
            let c = &self.consumers[i];
            if *c.queue != *queue || c.state == ConsumerState::Down || self.broker.consumer(c.channel, &c.name).is_some() {
                continue;
            }
            let consume = Consume { queue: c.queue.clone(), consumer_tag: Some(c.name.clone()), no_ack: c.auto_ack, exclusive: false, arguments: c.arguments.clone() };
            let _ = self.broker.consume(self.now, c.channel, consume);
        }
    }
}
