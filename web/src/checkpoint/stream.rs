//! The questions on RabbitMQ's streams and quorum queues (R20, R21): the step's command runs on
//! a copy of the message side and the answer is read off what follows, as for the other
//! message questions (`message.rs`): how much a stream still holds once its readers have
//! acked, where a reader that subscribes starts in the log, and how many times a quorum queue
//! delivers a poison message before its delivery limit dead-letters it.

use brokerlab_core::message_broker::EventKind as BrokerKind;
use brokerlab_core::message_broker::MessageId;
use brokerlab_core::world::message::{MessageCommand, MessageEventKind, MessageSide};

use super::{Because, Choice, Fate, Start, Truth, WITHIN_MS, Watch};
use crate::message_act::MessageSim;
use crate::stage::Foresight;

/// Once the action has played out, how many messages stream `queue` holds: the log keeps what
/// its readers acked (an ack there is credit, not removal). Decided by the last ack a reader
/// sends in the window (the broker's side of a stream ack has no event: nothing leaves).
pub(super) fn stream_holds(queue: &'static str, command: &MessageCommand, sim: &mut MessageSim) -> Option<Truth> {
    sim.side().broker().queue(queue)?.stream()?;
    let seen = sim.foresee(command.clone(), WITHIN_MS, |_| false).ok()?;
    let stream = seen.model.broker().queue(queue)?.stream()?;
    let held = stream.log.next_offset() - stream.log.first_offset();
    let readers: Vec<String> = seen.model.consumer_details().filter(|c| &**c.queue == queue).map(|c| c.name.to_string()).collect();
    let last_ack = seen.events.iter().rev().find(|e| {
        matches!(&e.kind, MessageEventKind::SettleSent { consumer, stream: true, .. } if readers.iter().any(|r| **r == **consumer))
    });
    Some(Truth { answer: Choice::Count(held), because: last_ack.cloned().map(Because::Message), element: Some(Watch::Queue(queue)) })
}

/// The answers for [`stream_holds`]: none (what a classic queue would keep) or everything the
/// log holds now plus what the action publishes.
pub(super) fn stream_holds_choices(queue: &str, command: &MessageCommand, side: &MessageSide) -> Vec<Choice> {
    let now = side.broker().queue(queue).and_then(|q| q.stream()).map_or(0, |s| s.log.next_offset() - s.log.first_offset());
    let sent = match command {
        MessageCommand::Flood { count, .. } => u64::from(*count),
        MessageCommand::Publish { .. } => 1,
        _ => 0,
    };
    vec![Choice::Count(0), Choice::Count(now + sent)]
}

/// Where `consumer` starts reading its stream once the action (it subscribes again) has
/// played out: the offset of its first delivery, or, if nothing comes in the window, the
/// offset it waits at (then its subscribing again decides). Named by where that is in the log
/// once what was on its way to the stream has landed: a learner who runs the lesson's steps
/// quickly may revive a reader while the publishes before are still in flight, and the log's
/// two ends as they are at that moment would both be offset 0.
pub(super) fn stream_starts_at(consumer: &'static str, command: &MessageCommand, sim: &mut MessageSim) -> Option<Truth> {
    let (queue, seen) = foresee_reader(consumer, command, sim)?;
    let (first, next) = log_bounds(&seen.model, &queue)?;
    let delivered = seen.events.iter().find(|e| matches!(&e.kind, MessageEventKind::DeliverySent { consumer: c, .. } if &**c == consumer));
    let offset = match delivered.map(|e| &e.kind) {
        Some(MessageEventKind::DeliverySent { message, .. }) => offset_of(&seen.model, &queue, *message)?,
        _ => reader_at(&seen.model, consumer)?,
    };
    let start = if offset <= first {
        Choice::Start(Start::LogStart, first)
    } else if offset >= next {
        Choice::Start(Start::LogEnd, next)
    } else {
        Choice::Start(Start::Other, offset)
    };
    let revived = || seen.events.iter().find(|e| matches!(&e.kind, MessageEventKind::ConsumerRevived { consumer: c } if &**c == consumer));
    let because = delivered.or_else(revived).cloned().map(Because::Message);
    Some(Truth { answer: start, because, element: Some(Watch::Consumer(consumer)) })
}

/// The answers for [`stream_starts_at`]: the log's start and its end, once what is on its way
/// to the stream has landed (the same window the answer is read in).
pub(super) fn stream_start_choices(consumer: &str, command: &MessageCommand, sim: &mut MessageSim) -> Vec<Choice> {
    let bounds = foresee_reader(consumer, command, sim).and_then(|(queue, seen)| log_bounds(&seen.model, &queue));
    let (first, next) = bounds.unwrap_or((0, 0));
    vec![Choice::Start(Start::LogStart, first), Choice::Start(Start::LogEnd, next)]
}

/// The stream `consumer` reads, and what follows `command` in the questions' window (on a
/// copy): where it starts and the two ends it is told apart from are read off the same future.
fn foresee_reader(consumer: &str, command: &MessageCommand, sim: &mut MessageSim) -> Option<(String, Foresight<MessageSide>)> {
    let queue = sim.side().consumer_details().find(|c| &**c.name == consumer)?.queue.to_string();
    let seen = sim.foresee(command.clone(), WITHIN_MS, |_| false).ok()?;
    Some((queue, seen))
}

/// After the action (a publish), how many times quorum queue `queue` delivers the message
/// before dead-lettering (or dropping) it at its delivery limit; a message acked is
/// processed; one requeued without end in the window loops (a classic queue has no limit).
pub(super) fn deliveries_until_dead_lettered(queue: &'static str, command: &MessageCommand, sim: &mut MessageSim) -> Option<Truth> {
    let (MessageCommand::Publish { publisher, .. } | MessageCommand::Flood { publisher, .. }) = command else { return None };
    let publisher = publisher.clone();
    let seen = sim.foresee(command.clone(), WITHIN_MS, |_| false).ok()?;
    let (message, _) = super::message::first_message(&seen.events, &publisher)?;
    let mut deliveries = 0;
    for e in &seen.events {
        let end = match &e.kind {
            MessageEventKind::DeliverySent { message: m, .. } if *m == message => {
                deliveries += 1;
                None
            }
            MessageEventKind::Broker(BrokerKind::MessageDeadLettered { message: m, queue: q, .. } | BrokerKind::MessageDropped { message: m, queue: q, .. })
                if *m == message && &**q == queue => Some(Choice::Times(deliveries)),
            MessageEventKind::Broker(BrokerKind::MessageAcked { message: m, .. }) if *m == message => Some(Choice::Fate(Fate::Processed)),
            _ => None,
        };
        if let Some(answer) = end {
            return Some(Truth { answer, because: Some(Because::Message(e.clone())), element: Some(Watch::Queue(queue)) });
        }
    }
    Some(Truth { answer: Choice::Fate(Fate::Loops), because: None, element: Some(Watch::Queue(queue)) })
}

/// The answers for [`deliveries_until_dead_lettered`]: once, as many times as the limit, one
/// more than the limit, or without end.
pub(super) fn dead_letter_choices(queue: &str, side: &MessageSide) -> Vec<Choice> {
    let broker = side.broker();
    let limit = broker.queue(queue).and_then(|q| q.arguments().effective_delivery_limit(broker.version())).map_or(20, u64::from);
    vec![Choice::Times(1), Choice::Times(limit), Choice::Times(limit + 1), Choice::Fate(Fate::Loops)]
}

/// The offsets stream `queue` keeps, as (first, next).
fn log_bounds(side: &MessageSide, queue: &str) -> Option<(u64, u64)> {
    let stream = side.broker().queue(queue)?.stream()?;
    Some((stream.log.first_offset(), stream.log.next_offset()))
}

/// The offset of `message` in stream `queue`.
fn offset_of(side: &MessageSide, queue: &str, message: MessageId) -> Option<u64> {
    side.broker().queue(queue)?.stream()?.log.entries().find(|e| e.message.id == message).map(|e| e.offset)
}

/// The next offset `consumer`'s reader waits at.
fn reader_at(side: &MessageSide, consumer: &str) -> Option<u64> {
    let c = side.consumer_details().find(|c| &**c.name == consumer)?;
    let channel = c.channel?;
    let stream = side.broker().queue(c.queue)?.stream()?;
    stream.readers.iter().find(|((ch, _), _)| *ch == channel).map(|(_, next)| *next)
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use brokerlab_core::lessons::{POISON, STREAM_LOG};
    use brokerlab_core::world::message::{MessageBrokerSpec, MessageCommand};

    use super::super::{Ask, Choice, Fate, Sims, Start, choices, judge};
    use crate::compare::CompareSims;
    use crate::event_act::EventSim;
    use crate::lesson_action::Action;
    use crate::message_act::MessageSim;

    /// Plays `sim` from `from_ms` to `to_ms` of page time in frames of 250 ms, as a page does.
    fn play(sim: &RefCell<MessageSim>, from_ms: f64, to_ms: f64) -> f64 {
        let mut t = from_ms;
        while t < to_ms {
            t += 250.0;
            let _ = sim.borrow_mut().frame(t);
        }
        t
    }

    fn sims(spec: &str) -> (RefCell<EventSim>, RefCell<MessageSim>, RefCell<CompareSims>) {
        let spec: MessageBrokerSpec = serde_json::from_str(spec).unwrap();
        let event = RefCell::new(EventSim::new(&EventSim::default_scenario()).unwrap());
        (event, RefCell::new(MessageSim::new(&spec, 400, 1).unwrap()), RefCell::new(CompareSims::new()))
    }

    fn rabbit(command: MessageCommand) -> Action {
        Action::Message(command)
    }

    /// The stream lesson's three questions, answered by the model at the moments a learner
    /// asks them: the log keeps all five acked messages; `first` starts a reader that comes
    /// back at the log start, `next` at the log end.
    #[test]
    fn a_stream_keeps_what_its_readers_acked_and_first_and_next_start_at_its_two_ends() {
        let (event, message, compare) = sims(STREAM_LOG);
        let page = Sims { event: &event, message: &message, compare: &compare };
        let flood = rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 5 });
        let holds = Ask::StreamHolds { queue: "events" };
        assert_eq!(choices(holds, &flood, &page), [Choice::Count(0), Choice::Count(5)]);
        assert_eq!(judge(holds, &flood, &page).map(|t| t.answer), Some(Choice::Count(5)));
        let Action::Message(command) = flood else { unreachable!() };
        message.borrow_mut().apply(command).unwrap();
        let mut t = play(&message, 0.0, 10_000.0);
        for reader in ["replay", "live"] {
            message.borrow_mut().apply(MessageCommand::CrashConsumer { consumer: reader.into() }).unwrap();
            t = play(&message, t, t + 3_000.0);
            let ask = Ask::StreamStartsAt { consumer: if reader == "replay" { "replay" } else { "live" } };
            let revive = rabbit(MessageCommand::ReviveConsumer { consumer: reader.into() });
            assert_eq!(choices(ask, &revive, &page), [Choice::Start(Start::LogStart, 0), Choice::Start(Start::LogEnd, 5)]);
            let truth = judge(ask, &revive, &page).expect("the model answers");
            let expected = if reader == "replay" { Choice::Start(Start::LogStart, 0) } else { Choice::Start(Start::LogEnd, 5) };
            assert_eq!(truth.answer, expected, "{reader}");
            let decided = format!("{:?}", truth.because);
            let by = if reader == "replay" { "DeliverySent" } else { "ConsumerRevived" };
            assert!(decided.contains(by), "replay's first delivery decides; live gets nothing until a publish, so its subscribing does: {decided}");
            message.borrow_mut().apply(MessageCommand::ReviveConsumer { consumer: reader.into() }).unwrap();
            t = play(&message, t, t + 10_000.0);
        }
        let sim = message.borrow();
        let stream = sim.side().broker().queue("events").and_then(|q| q.stream()).expect("a stream");
        assert_eq!((stream.log.first_offset(), stream.log.next_offset()), (0, 5), "acks and replays removed nothing");
        assert!(stream.readers.values().all(|next| *next == 5), "every reader is at the end: {:?}", stream.readers);
    }

    /// A learner who clicks through the lesson quickly revives `replay` while the five
    /// publishes are still on their way to the stream: the answers name the log's two ends as
    /// they are once those land (0 and 5), not the empty log's (0 and 0), and the model's
    /// answer is the start.
    #[test]
    fn a_reader_revived_before_the_publishes_land_is_asked_about_the_log_they_make() {
        let (event, message, compare) = sims(STREAM_LOG);
        let page = Sims { event: &event, message: &message, compare: &compare };
        message.borrow_mut().apply(MessageCommand::Flood { publisher: "shop".into(), count: 5 }).unwrap();
        message.borrow_mut().apply(MessageCommand::CrashConsumer { consumer: "replay".into() }).unwrap();
        let landed = message.borrow().side().broker().queue("events").and_then(|q| q.stream()).map(|s| s.log.next_offset());
        assert_eq!(landed, Some(0), "the publishes are still in flight");
        let ask = Ask::StreamStartsAt { consumer: "replay" };
        let revive = rabbit(MessageCommand::ReviveConsumer { consumer: "replay".into() });
        assert_eq!(choices(ask, &revive, &page), [Choice::Start(Start::LogStart, 0), Choice::Start(Start::LogEnd, 5)]);
        assert_eq!(judge(ask, &revive, &page).map(|t| t.answer), Some(Choice::Start(Start::LogStart, 0)));
    }

    /// The poison lesson's quorum half (R20): a quorum queue with x-delivery-limit 3 delivers
    /// the refund four times and dead-letters it; the classic queue's order loops.
    #[test]
    fn a_quorum_queue_gives_up_on_a_poison_message_one_delivery_past_its_limit() {
        let (event, message, compare) = sims(POISON);
        let page = Sims { event: &event, message: &message, compare: &compare };
        let refund = rabbit(MessageCommand::Publish { publisher: "desk".into(), routing_key: None });
        let ask = Ask::DeliveriesUntilDeadLettered { queue: "refunds" };
        assert_eq!(choices(ask, &refund, &page), [Choice::Fate(Fate::Loops), Choice::Times(1), Choice::Times(3), Choice::Times(4)]);
        let truth = judge(ask, &refund, &page).expect("the model answers");
        assert_eq!(truth.answer, Choice::Times(4));
        assert!(matches!(truth.because, Some(super::Because::Message(ref e)) if format!("{e:?}").contains("DeliveryLimit")), "{:?}", truth.because);
        let order = rabbit(MessageCommand::Publish { publisher: "shop".into(), routing_key: None });
        let classic = Ask::DeliveriesUntilDeadLettered { queue: "orders" };
        assert_eq!(judge(classic, &order, &page).map(|t| t.answer), Some(Choice::Fate(Fate::Loops)), "a classic queue has no limit");
    }
}
