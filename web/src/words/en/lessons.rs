//! The lessons in English: each lesson's title and its steps, in the order `lessons.rs` lists
//! them (the tests check that they line up).

use crate::words::{LessonId, LessonWords};

pub(super) fn of(id: LessonId) -> LessonWords {
    match id {
        LessonId::Pubsub => PUBSUB,
        LessonId::Keys => KEYS,
        LessonId::Rebalance => REBALANCE,
        LessonId::Replay => REPLAY,
        LessonId::Replication => REPLICATION,
        LessonId::WorkQueue => WORK_QUEUE,
        LessonId::Routing => ROUTING,
        LessonId::Acks => ACKS,
        LessonId::Persistence => PERSISTENCE,
        LessonId::Priorities => PRIORITIES,
        LessonId::Compare => COMPARE,
    }
}

const PUBSUB: LessonWords = lesson!("Many readers, one log";
    "The shop records every order in the topic orders. Three services read it: payment, inventory and notification.",
    "Each group has its own committed offset (its coloured caret). Reading moves a caret; it never removes a record.",
    "notification is slower, so its lag grows. The others do not wait for it: groups are independent.",
    "Now kill the notification service and watch: payment and inventory carry on. Then revive it: it resumes from its committed offset and catches up." => "Crash notification",
    "Revive it and watch its lag fall back to zero." => "Revive notification",
);

const KEYS: LessonWords = lesson!("Keys and ordering";
    "Send a record with key alice. murmur2 of the key bytes, masked positive, modulo 3 picks its partition." => "Send alice",
    "Send alice again: same key, same partition, next offset. That is why per-key order holds." => "Send alice again",
    "Now grow the topic to 4 partitions. Records already written stay where they are." => "Add a partition",
    "Send alice once more: the hash is now taken modulo 4, so new alice records may land elsewhere. Try other keys in the Key box." => "Send alice",
);

const REBALANCE: LessonWords = lesson!("Groups and rebalancing";
    "Two partitions, three members in each group: one member of each group owns nothing. Partitions cap a group's parallelism.",
    "Crash member 0 of both groups. After the session timeout the coordinator starts a rebalance." => "Crash eager m0",
    "Crash the cooperative group's member 0 too and compare the logs: eager revokes everything first; cooperative revokes only what moves and follows up." => "Crash cooperative m0",
);

const REPLAY: LessonWords = lesson!("Retention and replay";
    "Records stay in the log after payment read them: the log keeps what happened, for as long as retention allows.",
    "Here a segment rolls every 3 s (segment.ms) and is deleted once its newest record is 8 s old (retention.ms). Watch the first offset move up: whole closed segments expire, read or not.",
    "Rewind payment to the beginning. It reads every record still kept again, from the log start: a replay, for example after fixing a bug." => "Seek to beginning",
    "A new group, audit, starts with auto.offset.reset=earliest. It has no committed offset, so it begins at the log start and reads all the history still kept." => "Start audit (earliest)",
    "Another new group, alerts, uses latest: it begins at the log end and sees only records written from now on." => "Start alerts (latest)",
    "A message queue cannot do this: once a message is acked it is gone. Open the Compare view to see both side by side.",
);

const REPLICATION: LessonWords = lesson!("Replication and failover";
    "Three brokers, every partition on all three. Under each strip: the leader and the in-sync replicas (ISR). The high watermark is what every ISR member has.",
    "Kill broker b0, the leader of P0. A new leader is chosen from the ISR; with acks=all no acknowledged record is lost." => "Kill b0",
    "Kill b1 as well: the ISR shrinks below min.insync.replicas=2, so acks=all produces are refused with NotEnoughReplicas." => "Kill b1",
    "Meanwhile tracker writes clicks with acks=1: the leader alone answers, so b2 keeps acknowledging clicks that no other broker holds.",
    "Kill b2, the last one: every partition goes offline." => "Kill b2",
    "Revive b0. orders stays offline: b0 is out of sync and unclean election is off, so it waits for b2 rather than lose acknowledged records. clicks allows unclean election: b0 leads at once, and the clicks only b2 had are lost, though the producer was told they were written." => "Revive b0",
    "Revive b2: orders comes back with its acknowledged records, and b0 truncates to the leader's high watermark, catches up and rejoins the ISR." => "Revive b2",
);

const WORK_QUEUE: LessonWords = lesson!("The work queue";
    "Flood the queue with 20 tasks. Each task goes to exactly one worker." => "Flood 20",
    "prefetch=1: a worker gets the next task only after acking the last, so the fast worker ends up doing most of the work (fair dispatch).",
    "Acked tasks are forgotten: the queue holds only what is waiting or in progress.",
);

const ROUTING: LessonWords = lesson!("Routing through exchanges";
    "Publish order.eu.placed to the topic exchange: it matches order.eu.* (one word) and order.# (any words), so both queues get one copy." => "Publish order.eu.placed",
    "Publish order.us.paid.late: * matches exactly one word, so only order.# takes it." => "Publish order.us.paid.late",
    "Publish invoice.sent: no binding matches and there is no alternate exchange, so it is dropped." => "Publish invoice.sent",
    "A direct exchange compares the whole key, nothing more: error goes to the queue bound with error. (A key like warning would match no binding.)" => "Publish error (direct)",
    "A fanout exchange ignores the key and gives every bound queue its own copy: audit and mirror both get one." => "Publish to fanout",
    "A headers exchange ignores the key and reads headers. type=refund, region=eu: eu-refunds (x-match all: both must match) and eu-or-vip (x-match any: one is enough) both take it." => "Publish EU refund",
    "Now type=refund, region=us, tier=vip: region differs, so x-match all fails for eu-refunds; tier=vip is enough for eu-or-vip." => "Publish US VIP refund",
);

const ACKS: LessonWords = lesson!("Acks, requeues and dead letters";
    "Send 10 tasks. careful nacks failures with requeue: the task goes back to its place, marked redelivered." => "Send 10",
    "strict rejects failures without requeue: the queue dead-letters them to dlx, and dead-letters receives them with an x-death header (queue, reason rejected, count).",
    "tasks has x-max-length 5. Pause both workers and flood it: the oldest messages are dropped from the head and dead-lettered with reason maxlen." => "Pause careful",
    "Pause strict too, then flood." => "Pause strict",
    "Flood 10 and watch dead-letters fill up." => "Flood 10",
    "reminders has x-message-ttl 3000 and no consumer. Publish one: after 3 s it expires and is dead-lettered with reason expired." => "Publish a reminder",
);

const PERSISTENCE: LessonWords = lesson!("Persistence";
    "Publish a persistent message to the durable queue." => "Persistent → durable",
    "Publish a transient message to the same queue." => "Transient → durable",
    "And a persistent message to the transient queue." => "Persistent → transient",
    "Restart the broker. Only the persistent message in the durable queue survives: both must hold." => "Restart broker",
);

const PRIORITIES: LessonWords = lesson!("Priorities";
    "Queue five ordinary jobs (priority 1)." => "Flood 5 ordinary",
    "Now one VIP job (priority 9): the queue has x-max-priority, so it jumps ahead of the waiting ones, but the job already being worked on is not pre-empted." => "Send VIP",
    "Priorities exist only in the message broker: a Kafka partition is read strictly in offset order.",
);

const COMPARE: LessonWords = lesson!("Side by side";
    "Click Order placed and Payment done a few times: the same events go to both brokers.",
    "Left, every group reads every record and the log keeps them. Right, each message goes to one worker and is forgotten once acked.",
    "Read the panel below: it states each difference with the numbers you just produced.",
);
