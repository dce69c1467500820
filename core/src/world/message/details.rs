//! What the message side shows an inspector about its simulated consumers (read-only): each
//! one's settings, state, channel, consume arguments and what it holds.

use alloc::vec::Vec;

use super::{ConsumerState, MessageSide, Settle};
use crate::Name;
use crate::message_broker::headers::Headers;
use crate::message_broker::{ChannelId, DeliveryTag, MessageId};

impl MessageSide {
    /// Everything about each simulated consumer, for an inspector (read-only).
    pub fn consumer_details(&self) -> impl Iterator<Item = ConsumerDetails<'_>> + '_ {
        self.consumers.iter().map(|c| {
            let down = c.state == ConsumerState::Down;
            ConsumerDetails {
                name: &c.name,
                queue: &c.queue,
                state: self.state_name(c),
                prefetch: c.prefetch,
                auto_ack: c.auto_ack,
                processing_ms: c.processing_ms,
                failure_per_mille: c.failure_per_mille,
                on_failure: c.on_failure,
                arguments: &c.arguments,
                channel: (!down).then_some(c.channel),
                unacked: if down { Vec::new() } else { self.broker.unacked(c.channel) },
                inbox: c.inbox.len(),
                busy: c.busy,
            }
        })
    }
}

/// One simulated consumer as `MessageSide::consumer_details` shows it.
#[derive(Clone, Debug)]
pub struct ConsumerDetails<'a> {
    pub name: &'a Name,
    pub queue: &'a Name,
    /// `running`, `paused`, `down`, or `cancelled` (up, with no subscription: see nodes.rs).
    pub state: &'static str,
    /// `basic.qos` prefetch count; 0 is unlimited.
    pub prefetch: u16,
    pub auto_ack: bool,
    pub processing_ms: u64,
    pub failure_per_mille: u32,
    pub on_failure: Settle,
    /// Its `basic.consume` arguments (a stream consumer's `x-stream-offset`, R21).
    pub arguments: &'a Headers,
    /// Its current channel; `None` while down.
    pub channel: Option<ChannelId>,
    /// Deliveries its channel holds unacked: tag, message, queue.
    pub unacked: Vec<(DeliveryTag, MessageId, Name)>,
    /// Deliveries that reached the client and wait to be processed.
    pub inbox: usize,
    /// Processing a message now.
    pub busy: bool,
}

