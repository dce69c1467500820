//! The message side's events in English: the broker's own, and the clients' hops around it.
//! The world's trace carries these texts (`MessageEvent`'s serialized `text`).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::quoted;
use crate::lang::{count, number};
use crate::message_broker::event::{DropReason, EventKind, Removal};
use crate::world::message::{MessageEventKind, Settle};

pub(super) fn message_event(kind: &MessageEventKind) -> String {
    match kind {
        MessageEventKind::Broker(kind) => broker_event(kind),
        MessageEventKind::PublishSent { publisher, exchange, routing_key, .. } => {
            let to = if exchange.is_empty() { String::from("the default exchange") } else { format!("exchange {exchange}") };
            format!("{publisher} publishes to {to} with routing key {routing_key:?}")
        }
        MessageEventKind::PublishArrived { message, returned: true, .. } => {
            format!("{message} matched no queue and was mandatory, so it is returned to the publisher")
        }
        MessageEventKind::PublishArrived { message, queues, .. } if queues.is_empty() => {
            format!("{message} matched no binding: with no alternate exchange it is dropped")
        }
        MessageEventKind::PublishArrived { message, queues, .. } => {
            format!("{message} arrives and is routed to {}: one copy per queue", queues.join(", "))
        }
        MessageEventKind::DeliverySent { consumer, message, queue, redelivered, .. } => {
            let again = if *redelivered { " again (redelivered)" } else { "" };
            format!("{queue} hands {message}{again} to {consumer}, the next consumer with room in its prefetch window")
        }
        MessageEventKind::ProcessingStarted { consumer, message, .. } => format!("{consumer} starts working on {message}"),
        MessageEventKind::SettleSent { consumer, message, settle: Settle::Ack, stream: true, .. } => {
            format!("{consumer} acks {message}: on a stream an ack only makes room for the next delivery; the log keeps {message}")
        }
        MessageEventKind::SettleSent { consumer, message, settle: Settle::Ack, .. } => {
            format!("{consumer} acks {message}: the broker will forget it")
        }
        MessageEventKind::SettleSent { consumer, message, settle: Settle::NackRequeue, .. } => {
            format!("{consumer} failed on {message} and nacks it with requeue: it goes back to its place")
        }
        MessageEventKind::SettleSent { consumer, message, settle: Settle::Reject, .. } => {
            format!("{consumer} rejects {message} without requeue: dead-lettered if the queue has a DLX")
        }
        MessageEventKind::ConsumerCrashed { consumer, unacked } => format!(
            "{consumer} crashed: its channel closes and its {} {} back to the queue",
            count(*unacked as u64, "unacked message", "unacked messages"),
            number(*unacked as u64, "goes", "go")
        ),
        MessageEventKind::ConsumerRevived { consumer } => format!("{consumer} is back on a new channel"),
        MessageEventKind::ConsumerPaused { consumer } => {
            format!("{consumer} stops working: it keeps its unacked messages, so nothing more is delivered to it")
        }
        MessageEventKind::ConsumerResumed { consumer } => format!("{consumer} resumes work"),
        MessageEventKind::PublishRefused { publisher, reason, .. } => format!("the broker refuses {publisher}'s message: {}", super::errors::broker_error(reason)),
    }
}

pub(super) fn broker_event(kind: &EventKind) -> String {
    match kind {
        EventKind::ChannelOpened { channel } => format!("{channel} opened"),
        EventKind::ChannelClosed { channel } => format!("{channel} closed: its unacked messages go back to their queues"),
        EventKind::ExchangeDeclared { exchange, kind } => format!("{} exchange {} declared", kind.as_str(), quoted(exchange)),
        EventKind::ExchangeDeleted { exchange, why } => format!("exchange {} deleted ({})", quoted(exchange), removal(*why)),
        EventKind::QueueDeclared { queue, durable } => {
            format!("{} queue {queue} declared", if *durable { "durable" } else { "transient" })
        }
        EventKind::QueueDeleted { queue, why, messages } => format!(
            "queue {queue} deleted ({}); {} in it {} gone",
            removal(*why),
            count(*messages, "message", "messages"),
            number(*messages, "is", "are")
        ),
        EventKind::Bound { source, destination, to_exchange, routing_key } => format!(
            "{} {destination} bound to {} with key {}",
            if *to_exchange { "exchange" } else { "queue" },
            quoted(source),
            quoted(routing_key)
        ),
        EventKind::Unbound { source, destination, routing_key, .. } => {
            format!("binding {} → {destination} with key {} removed", quoted(source), quoted(routing_key))
        }
        EventKind::ConsumerStarted { consumer, queue, .. } => format!("consumer {consumer} subscribes to {queue}"),
        EventKind::ConsumerCancelled { consumer, queue, by_broker: true, .. } => {
            format!("consumer {consumer} cancelled by the broker: {queue} is gone")
        }
        EventKind::ConsumerCancelled { consumer, queue, by_broker: false, .. } => format!("consumer {consumer} stops consuming {queue}"),
        EventKind::SingleActiveConsumer { queue, consumer, .. } => format!("{consumer} is now the single active consumer of {queue}"),
        EventKind::MessagePublished { message, exchange, routing_key, .. } => {
            format!("{message} published to {} with routing key {}", quoted(exchange), quoted(routing_key))
        }
        EventKind::AlternateExchangeUsed { message, exchange, alternate } => format!(
            "no binding of {} matches {message}: it goes to the alternate exchange {}",
            quoted(exchange),
            quoted(alternate)
        ),
        EventKind::MessageRouted { message, exchange, queues } => format!(
            "{} routes {message} to {}, once each: {}",
            quoted(exchange),
            count(queues.len() as u64, "queue", "queues"),
            queues.iter().map(|q| &**q).collect::<Vec<_>>().join(", ")
        ),
        EventKind::MessageEnqueued { message, queue, ready } => format!("{message} waits in {queue} ({ready} ready)"),
        EventKind::StreamAppended { message, queue, offset, rolled } => {
            let roll = if *rolled { "; the segment is full, a new one opens and retention runs" } else { "" };
            format!("stream {queue} appends {message} at offset {offset}: every consumer can read it, and reading removes nothing{roll}")
        }
        EventKind::StreamSegmentRemoved { queue, first_offset, next_offset } => format!(
            "retention removes a whole segment of stream {queue}: offsets {first_offset} to {} are gone, the stream now starts at {next_offset}",
            next_offset.saturating_sub(1)
        ),
        EventKind::MessageUnroutable { message, exchange, routing_key } => format!(
            "{message}: no queue is bound to {} for key {}, so it is dropped",
            quoted(exchange),
            quoted(routing_key)
        ),
        EventKind::MessageReturned { message, exchange, routing_key, .. } => format!(
            "{message} is mandatory and no queue matched {} on {}: returned (312 NO_ROUTE)",
            quoted(routing_key),
            quoted(exchange)
        ),
        EventKind::PublishRejected { message, queue } => format!("{queue} is full (reject-publish): {message} refused"),
        EventKind::PublishConfirmed { sequence, message, ack: true, .. } => {
            format!("publisher confirm: ack for {message} (#{})", sequence.0)
        }
        EventKind::PublishConfirmed { sequence, message, ack: false, .. } => {
            format!("publisher confirm: nack for {message} (#{}): a queue refused it", sequence.0)
        }
        EventKind::MessageDelivered { delivery } => {
            let (m, q, tag) = (delivery.message.id, &delivery.queue, delivery.delivery_tag);
            let again = if delivery.redelivered { " again (redelivered)" } else { "" };
            // A quorum queue's count of earlier returns, as the client sees it.
            let count = delivery.delivery_count.map(|n| format!(", x-delivery-count {n}")).unwrap_or_default();
            match (&delivery.consumer, delivery.stream_offset) {
                (Some(consumer), Some(offset)) => {
                    format!("stream {q} sends {consumer} {m} from offset {offset} (x-stream-offset), delivery tag {tag}; its ack only lets the next one come")
                }
                (Some(consumer), None) => format!("{q} delivers {m} to {consumer}{again}, delivery tag {tag}{count}"),
                (None, _) => format!("basic.get takes {m} from {q}{again}, delivery tag {tag}{count}"),
            }
        }
        EventKind::MessageAcked { message, queue, .. } => format!("{message} acknowledged: {queue} forgets it"),
        EventKind::MessageRequeued { message, queue, .. } => format!("{message} goes back to its place in {queue}, marked redelivered"),
        EventKind::MessageDeadLettered { message, queue, reason, dead_letter_exchange, .. } => format!(
            "{message} dead-lettered from {queue} ({}) to exchange {}",
            reason.as_str(),
            quoted(dead_letter_exchange)
        ),
        EventKind::MessageDropped { message, queue, why } => format!("{message} dropped from {queue}: {}", drop_reason(*why)),
        EventKind::AcknowledgementTimedOut { channel, queue, consumer, delivery_tag, message, timeout_ms } => {
            let holder = consumer.as_ref().map_or_else(|| "basic.get".into(), |c| format!("consumer {c}"));
            format!(
                "{message} from {queue} (delivery tag {delivery_tag}, {holder}) stayed unacknowledged longer than the consumer timeout of {timeout_ms} ms: the broker closes {channel} with 406 PRECONDITION_FAILED"
            )
        }
        EventKind::BrokerRestarted { queues_kept, messages_kept, messages_lost } => format!(
            "broker restarted: {} and {} survive, {} lost",
            count(*queues_kept as u64, "durable queue", "durable queues"),
            count(*messages_kept, "persistent message", "persistent messages"),
            count(*messages_lost, "message", "messages")
        ),
        EventKind::NodeStopped { node } => format!("node {node} stops: its classic queues go down with it, its quorum queue members fall behind"),
        EventKind::NodeStarted { node } => format!("node {node} starts again: its quorum queue members catch up from their leaders"),
        EventKind::LeaderElected { queue, leader, previous: Some(previous), term } => format!(
            "{queue} lost its leader on {previous}: the running members elect {leader} (term {term}), which has every message a majority confirmed"
        ),
        EventKind::LeaderElected { queue, leader, previous: None, term } => {
            format!("{queue} has a majority of members running again and elects {leader} as its leader (term {term})")
        }
        EventKind::QueueUnavailable { queue, members: 1, .. } => {
            format!("{queue} is unavailable: the one node that holds this classic queue is down")
        }
        EventKind::QueueUnavailable { queue, running, members } => format!(
            "{queue} is unavailable: only {running} of its {members} members run, fewer than a majority, so no leader can be elected; nothing is delivered and publishes wait"
        ),
        EventKind::QueueAvailable { queue, waiting } => format!(
            "{queue} is available again; it takes the {} that waited, and their publishers get their confirms",
            count(*waiting as u64, "publish", "publishes")
        ),
        EventKind::MessageWaiting { message, queue, waiting } => format!(
            "{message} waits for {queue} to regain a majority of members ({waiting} waiting): its publisher confirm waits too"
        ),
    }
}

fn removal(why: Removal) -> &'static str {
    match why {
        Removal::Deleted => "deleted by a client",
        Removal::AutoDelete => "auto-delete",
        Removal::Expired => "unused past x-expires",
        Removal::OwnerClosed => "its exclusive connection closed",
        Removal::Restart => "not durable, lost in a restart",
        Removal::NodeDown => "not durable, lost when its node stopped",
    }
}

fn drop_reason(why: DropReason) -> String {
    match why {
        DropReason::Died(reason) => format!("{} and no dead letter exchange", reason.as_str()),
        DropReason::DeadLetterExchangeMissing(reason) => format!("{}, but the dead letter exchange does not exist", reason.as_str()),
        DropReason::DeadLetterCycle => String::from("a dead-letter cycle with no rejection"),
        DropReason::DeadLetterUnroutable => String::from("the dead letter exchange routes it nowhere"),
        DropReason::QueueFull => String::from("the queue is full"),
        DropReason::Restart => String::from("lost in the restart (transient)"),
        DropReason::ModelLimit => String::from("the model holds as many messages as it can"),
        DropReason::NoQuorum => String::from("the quorum queue has no majority of members running to register this channel as a publisher; a publisher in confirm mode gets a nack"),
        DropReason::QueueDown => String::from("the queue's node is down; a publisher in confirm mode gets a nack"),
        DropReason::NodeDown(node) => format!("transient, lost when node {node} stopped"),
    }
}
