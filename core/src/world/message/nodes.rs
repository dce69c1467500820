//! The message side's node commands: stopping and starting a node of the broker's cluster
//! (`MessageCommand::StopNode`, `StartNode`) and restarting all of them (`RestartBroker`).
//! The broker decides what that does to its
//! queues (`message_broker/broker/nodes.rs`); the clients keep their connections.
//!
//! Not modelled: a client reacting to the broker cancelling its consumer (a classic queue's
//! node stopped): the simulated consumer stays subscribed in its own view, receives nothing
//! more from that queue, and is not subscribed again when the node starts.

use super::{ConsumerState, MessageCommandError, MessageSide};
use crate::message_broker::NodeId;

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
}
