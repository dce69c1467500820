//! The message broker's questions (and the compare view's): the step's RabbitMQ command runs
//! on a copy of the message side and the answer is read off what follows.

use brokerlab_core::message_broker::EventKind as BrokerKind;
use brokerlab_core::message_broker::event::DropReason;
use brokerlab_core::message_broker::exchange::Destination;
use brokerlab_core::message_broker::message::DeathReason;
use brokerlab_core::world::message::{MessageCommand, MessageEvent, MessageEventKind, MessageSide};
use brokerlab_core::{Command, EventKind};

use super::{Ask, Because, Choice, Fate, GivesWay, OFFERED, Sims, Truth, WITHIN_MS, Watch};
use crate::lesson_action::Action;
use crate::message_act::MessageSim;

pub(super) fn judge_message(ask: Ask, command: &MessageCommand, sim: &mut MessageSim) -> Option<Truth> {
    let publisher = match command {
        MessageCommand::Publish { publisher, .. } | MessageCommand::Flood { publisher, .. } => Some(publisher.clone()),
        _ => None,
    };
    let seen = sim.foresee(command.clone(), WITHIN_MS, |_| false).ok()?;
    let (events, after) = (seen.events, seen.model);
    let published = publisher.as_deref().and_then(|p| first_message(&events, p));
    match ask {
        Ask::Queues => {
            let (arrived, queues) = events.iter().find_map(|e| match &e.kind {
                MessageEventKind::PublishArrived { message, queues, .. } if Some(*message) == published.map(|(m, _)| m) => Some((e, queues.clone())),
                _ => None,
            })?;
            let mut names: Vec<String> = queues.iter().map(|q| q.to_string()).collect();
            brokerlab_core::sort::sort(&mut names);
            Some(Truth { answer: Choice::Queues(names), because: Some(Because::Message(arrived.clone())), element: None })
        }
        Ask::MostDeliveries => {
            let mut counts: Vec<(String, u64)> = after.consumers().map(|(n, ..)| (n.to_string(), 0)).collect();
            for e in &events {
                if let MessageEventKind::DeliverySent { consumer, .. } = &e.kind
                    && let Some(c) = counts.iter_mut().find(|(n, _)| **n == **consumer)
                {
                    c.1 += 1;
                }
            }
            let best = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
            let leaders: Vec<&(String, u64)> = counts.iter().filter(|(_, n)| *n == best).collect();
            let answer = if leaders.len() == 1 { Choice::Consumer(leaders[0].0.clone()) } else { Choice::Even };
            Some(Truth { answer, because: None, element: None })
        }
        Ask::Fate(_) => {
            let (message, _) = published?;
            Some(fate(&events, message))
        }
        Ask::Redelivery => {
            let again = events.iter().find(|e| matches!(&e.kind, MessageEventKind::DeliverySent { redelivered: true, .. }));
            let answer = match again.map(|e| &e.kind) {
                Some(MessageEventKind::DeliverySent { consumer, .. }) => Choice::Consumer(consumer.to_string()),
                _ => Choice::Lost,
            };
            Some(Truth { answer, because: again.cloned().map(Because::Message), element: None })
        }
        Ask::Depth { queue } => {
            // What explains the count: a restart, or a quorum queue's new leader (R20).
            let restarted = events.iter().find(|e| {
                matches!(&e.kind, MessageEventKind::Broker(BrokerKind::BrokerRestarted { .. } | BrokerKind::LeaderElected { .. }))
            });
            Some(Truth { answer: Choice::Count(ready(&after, queue) as u64), because: restarted.cloned().map(Because::Message), element: Some(Watch::Queue(queue)) })
        }
        Ask::Overflow { queue } => {
            let gave = events.iter().find_map(|e| match &e.kind {
                MessageEventKind::Broker(BrokerKind::MessageDeadLettered { queue: q, reason: DeathReason::Maxlen, .. })
                | MessageEventKind::Broker(BrokerKind::MessageDropped { queue: q, why: DropReason::Died(DeathReason::Maxlen), .. })
                    if &**q == queue => Some((e, GivesWay::Oldest)),
                MessageEventKind::Broker(BrokerKind::PublishRejected { queue: q, .. }) if &**q == queue => Some((e, GivesWay::Newest)),
                _ => None,
            });
            let answer = gave.map_or(GivesWay::Nothing, |(_, g)| g);
            Some(Truth { answer: Choice::GivesWay(answer), because: gave.map(|(e, _)| Because::Message(e.clone())), element: Some(Watch::Queue(queue)) })
        }
        Ask::Overtakes => {
            let (message, _) = published?;
            let arrived_at = events.iter().position(|e| matches!(&e.kind, MessageEventKind::PublishArrived { message: m, .. } if *m == message))?;
            let next = events[arrived_at..].iter().find(|e| matches!(&e.kind, MessageEventKind::DeliverySent { .. }));
            let answer = match next.map(|e| &e.kind) {
                Some(MessageEventKind::DeliverySent { message: m, .. }) if *m == message => Choice::Yes,
                _ => Choice::No,
            };
            Some(Truth { answer, because: next.cloned().map(Because::Message), element: None })
        }
        _ => None,
    }
}

/// The id of the first message `publisher` published among `events`, with its index.
pub(super) fn first_message(events: &[MessageEvent], publisher: &str) -> Option<(brokerlab_core::message_broker::MessageId, usize)> {
    let publish = events.iter().find_map(|e| match &e.kind {
        MessageEventKind::PublishSent { publish, publisher: p, .. } if &**p == publisher => Some(*publish),
        _ => None,
    })?;
    events.iter().enumerate().find_map(|(i, e)| match &e.kind {
        MessageEventKind::PublishArrived { publish: p, message, .. } if *p == publish => Some((*message, i)),
        _ => None,
    })
}

/// What became of `message` in `events`.
fn fate(events: &[MessageEvent], message: brokerlab_core::message_broker::MessageId) -> Truth {
    let mut requeued = 0;
    for e in events {
        let Some(kind) = (match &e.kind {
            MessageEventKind::Broker(kind) => Some(kind),
            _ => None,
        }) else {
            continue;
        };
        let found = match kind {
            BrokerKind::MessageAcked { message: m, .. } if *m == message => Some(Fate::Processed),
            BrokerKind::MessageDeadLettered { message: m, .. } if *m == message => Some(Fate::DeadLettered),
            BrokerKind::MessageDropped { message: m, .. } if *m == message => Some(Fate::Dropped),
            BrokerKind::MessageRequeued { message: m, .. } if *m == message => {
                requeued += 1;
                (requeued >= 3).then_some(Fate::Loops)
            }
            _ => None,
        };
        if let Some(found) = found {
            return Truth { answer: Choice::Fate(found), because: Some(Because::Message(e.clone())), element: None };
        }
    }
    Truth { answer: Choice::Fate(Fate::Waits), because: None, element: None }
}

pub(super) fn ready(side: &MessageSide, queue: &str) -> usize {
    side.broker().queue(queue).map_or(0, |q| q.ready_count())
}

/// Which queues a message may reach, to offer: the truth, every queue bound to the
/// publisher's exchange, none, and one bound queue alone, at most four in all.
pub(super) fn queue_sets(page: &Sims, action: &Action, truth: Option<&Choice>) -> Vec<Choice> {
    let sim = page.message.borrow();
    let side = sim.side();
    let publisher = match action {
        Action::Message(MessageCommand::Publish { publisher, .. } | MessageCommand::Flood { publisher, .. }) => publisher.as_str(),
        _ => "",
    };
    let exchange = side.publishers().find(|(name, _)| &***name == publisher).map(|(_, x)| x.clone());
    let mut bound: Vec<String> = exchange.and_then(|x| side.broker().exchange(&x).map(|x| x.bindings().iter().filter_map(|b| match &b.destination {
        Destination::Queue(q) => Some(q.to_string()),
        Destination::Exchange(_) => None,
    }).collect())).unwrap_or_default();
    brokerlab_core::sort::sort(&mut bound);
    bound.dedup();
    let truth_set = match truth {
        Some(Choice::Queues(q)) => Some(q.clone()),
        _ => None,
    };
    let lone = bound.iter().find(|q| truth_set.as_ref().is_none_or(|t| !t.contains(q) || t.len() > 1)).cloned();
    let candidates = [truth_set, Some(bound), Some(Vec::new()), lone.map(|q| vec![q])];
    let mut offered: Vec<Choice> = Vec::new();
    for set in candidates.into_iter().flatten() {
        let choice = Choice::Queues(set);
        if !offered.contains(&choice) && offered.len() < OFFERED {
            offered.push(choice);
        }
    }
    offered
}

/// The compare view: how many groups read one shop event and how many workers process it.
pub(super) fn copies(page: &Sims) -> Option<Truth> {
    let compare = page.compare.borrow();
    let produce = Command::Produce { producer: "shop".into(), key: Some("order-1".into()), value: Some("order placed".into()) };
    let events = compare.event.borrow_mut().foresee(produce, WITHIN_MS, |_| false).ok()?.events;
    let mut groups: Vec<String> = Vec::new();
    for e in &events {
        if let EventKind::RecordsProcessed { group, .. } = &e.kind
            && !groups.iter().any(|g| **g == **group)
        {
            groups.push(group.to_string());
        }
    }
    let publish = MessageCommand::Publish { publisher: "shop".into(), routing_key: None };
    let events = compare.message.borrow_mut().foresee(publish, WITHIN_MS, |_| false).ok()?.events;
    let message = first_message(&events, "shop").map(|(m, _)| m);
    let mut workers: Vec<String> = Vec::new();
    for e in &events {
        if let MessageEventKind::ProcessingStarted { consumer, message: m, .. } = &e.kind
            && Some(*m) == message
            && !workers.iter().any(|w| **w == **consumer)
        {
            workers.push(consumer.to_string());
        }
    }
    Some(Truth { answer: Choice::Copies(groups.len() as u32, workers.len() as u32), because: None, element: None })
}
