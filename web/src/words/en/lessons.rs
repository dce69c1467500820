//! The lessons in English: each lesson's title and its steps, in the order `lessons.rs` lists
//! them (the tests check that they line up).

use crate::words::{LessonId, LessonWords};

pub(super) fn of(id: LessonId) -> LessonWords {
    match id {
        LessonId::Pubsub => PUBSUB,
        LessonId::Keys => KEYS,
        LessonId::Rebalance => REBALANCE,
        LessonId::OffsetReset => OFFSET_RESET,
        LessonId::SlowConsumer => SLOW_CONSUMER,
        LessonId::Compaction => COMPACTION,
        LessonId::Durability => DURABILITY,
        LessonId::MinIsr => MIN_ISR,
        LessonId::Elr => ELR,
        LessonId::KafkaQueue => KAFKA_QUEUE,
        LessonId::ShareLocks => SHARE_LOCKS,
        LessonId::SharePoison => SHARE_POISON,
        LessonId::Prefetch => PREFETCH,
        LessonId::Poison => POISON,
        LessonId::Replay => REPLAY,
        LessonId::Replication => REPLICATION,
        LessonId::WorkQueue => WORK_QUEUE,
        LessonId::Routing => ROUTING,
        LessonId::Acks => ACKS,
        LessonId::Persistence => PERSISTENCE,
        LessonId::Replicated => REPLICATED,
        LessonId::StreamLog => STREAM_LOG,
        LessonId::Priorities => PRIORITIES,
        LessonId::Compare => COMPARE,
    }
}

const PUBSUB: LessonWords = lesson!("Many readers, one log";
    "The shop records every order in the topic orders. Three services read it: payment, inventory and notification.",
    "Each group has its own committed offset (its coloured caret). Reading moves a caret; it never removes a record.",
    "notification is slower, so its lag grows. The others do not wait for it: groups are independent.",
    "Now the notification service crashes." => "Crash notification"
        ? "When notification stops, do payment and inventory keep reading?"
        ! "Each group reads the log on its own: one group stopping changes nothing for the others. notification's lag grows while it is down.",
    "Revive notification. It has committed offsets from before the crash." => "Revive notification"
        ? "Where does notification start reading P0 again?"
        ! "A group that comes back resumes at its committed offset: nothing it missed is lost, and its lag falls back to zero as it catches up.",
);

const KEYS: LessonWords = lesson!("Keys and ordering";
    "Send a record with key alice. The producer hashes the key bytes with murmur2, masks the hash positive and takes it modulo the partition count." => "Send alice"
        ? "Which partition will alice land in?"
        ! "The partition comes from the key alone, so anyone can work it out ahead, as this page just did.",
    "Send alice again." => "Send alice again"
        ? "Which partition does the second alice go to?"
        ! "Same key, same partition, next offset. That is why records with one key stay in order.",
    "Now grow the topic to 4 partitions. Records already written stay where they are." => "Add a partition",
    "Send alice once more. The hash is the same; the partition count is not." => "Send alice"
        ? "With 4 partitions, where does alice land now?"
        ! "The hash is now taken modulo 4, so new alice records may land in another partition than the old ones: per-key order holds only while the partition count stays. Try other keys in the Key box.",
    "Now type any key you like in the Key box under the diagram: bob, an order id, your name." => "Send your key"
        ? "Which partition will your key land in?"
        ! "Whatever the key, its partition is murmur2 of its bytes modulo the partition count: anyone with the key and the count can work it out, as this page just did. Try another.",
);

const REBALANCE: LessonWords = lesson!("Groups and rebalancing";
    "Two partitions, three members in each group: one member of each group owns nothing. Partitions cap a group's parallelism.",
    "Crash member 0 of the eager group (range assignor). After the session timeout the coordinator starts a rebalance." => "Crash eager m0"
        ? "In the eager rebalance, what do the members still running give up?"
        ! "Eager rebalancing stops the world: every member revokes everything it owns before the new assignment, even partitions that stay where they were.",
    "Now crash member 0 of the cooperative group (cooperative-sticky) and compare the logs." => "Crash cooperative m0"
        ? "In the cooperative rebalance, what do the members still running give up?"
        ! "Cooperative rebalancing revokes only partitions that move to another member (none, when the partitions of the one that left just get a new owner) and follows up with a second round if needed; the rest keep reading.",
    "The third group, consumer, uses Kafka 4's consumer rebalance protocol (group.protocol=consumer, KIP-848): no join and sync rounds. The broker computes the assignment and raises the group epoch; each member catches up through its own heartbeats.",
    "Member 0 of the consumer group leaves: it closes and says so in a heartbeat, so the broker knows at once." => "consumer m0 leaves"
        ? "Under the consumer protocol, what do the members still running give up?"
        ! "Nothing: the broker gives member 0's partition to another member, which takes it at its next heartbeat, and nobody stops reading. Had a partition moved between running members, its owner would revoke it first, and only then would the new owner get it: never owned twice.",
);

const REPLAY: LessonWords = lesson!("Retention and replay";
    "Records stay in the log after payment read them: the log keeps what happened, for as long as retention allows.",
    "Here a segment rolls every 3 s (segment.ms) and is deleted once its newest record is 8 s old (retention.ms). Watch the first offset move up: whole closed segments expire, read or not.",
    "Rewind payment to the beginning, for example to process everything again after fixing a bug." => "Seek to beginning"
        ? "From which offset does payment read again?"
        ! "Seeking to the beginning means the log start: the oldest record still kept, not offset 0, which retention deleted.",
    "A new group, audit, starts with auto.offset.reset=earliest. It has no committed offset." => "Start audit (earliest)"
        ? "Where does audit start reading?"
        ! "With no committed offset, earliest means the log start: a new reader gets all the history still kept.",
    "Another new group, alerts, uses auto.offset.reset=latest." => "Start alerts (latest)"
        ? "Where does alerts start reading?"
        ! "latest means the log end: alerts sees only records written from now on.",
    "A message queue cannot do this: once a message is acked it is gone. Open the Compare view to see both side by side.",
);

const REPLICATION: LessonWords = lesson!("Replication and failover";
    "Three brokers, every partition on all three. Under each strip: the leader and the in-sync replicas (ISR). The high watermark is what every ISR member has.",
    "Kill broker b0, the leader of orders P0." => "Kill b0"
        ? "Who leads orders P0 after b0 dies?"
        ! "The controller picks the new leader from the ISR, first in replica order; with acks=all no acknowledged record is lost.",
    "Kill b1 as well. shop writes orders with acks=all, and orders has min.insync.replicas=2." => "Kill b1"
        ? "Is shop's next record acknowledged?"
        ! "Once the ISR shrinks below min.insync.replicas, acks=all produces are refused with NOT_ENOUGH_REPLICAS: Kafka would rather refuse than acknowledge what one broker alone holds.",
    "Meanwhile tracker writes clicks with acks=1: the leader alone answers, so b2 keeps acknowledging clicks that no other broker holds.",
    "Kill b2, the last one." => "Kill b2"
        ? "Who leads orders P0 now?"
        ! "With no broker left the partitions are offline: nothing can be written or read.",
    "Revive b0. It is out of sync: it missed what b2 acknowledged alone. clicks allows unclean leader election; orders does not." => "Revive b0"
        ? "Who leads clicks P0 now?"
        ! "clicks allows unclean election: b0 leads at once, and the clicks only b2 had are lost, though the producer was told they were written. orders stays offline and waits for b2 rather than lose acknowledged records.",
    "Revive b2, the last in-sync replica of orders." => "Revive b2"
        ? "Who leads orders P0 now?"
        ! "orders comes back with its acknowledged records under b2, and b0 truncates to the leader's high watermark, catches up and rejoins the ISR.",
);

const WORK_QUEUE: LessonWords = lesson!("The work queue";
    "Flood the queue with 20 tasks. Two workers with prefetch=1: fast needs 0.5 s a task, slow 2.5 s." => "Flood 20"
        ? "Which worker processes more of the 20 tasks?"
        ! "Each task goes to exactly one worker, and with prefetch=1 a worker gets the next task only after acking the last: the fast worker ends up doing most of the work (fair dispatch).",
    "prefetch is the number of unacknowledged messages a consumer may hold. Without a limit, the broker would hand out tasks in turn whatever each worker's speed.",
    "Acked tasks are forgotten: the queue holds only what is waiting or in progress.",
);

const ROUTING: LessonWords = lesson!("Routing through exchanges";
    "The topic exchange compares the routing key, word by word, with each binding key: * stands for exactly one word, # for any number. Publish order.eu.placed." => "Publish order.eu.placed"
        ? "Which queues get order.eu.placed?"
        ! "It matches order.eu.* (one word after eu) and order.# (any words after order), so each of those queues gets its own copy.",
    "Publish order.us.paid.late." => "Publish order.us.paid.late"
        ? "Which queues get order.us.paid.late?"
        ! "* matches exactly one word, so order.eu.* cannot match; order.# takes any number of words.",
    "Publish invoice.sent." => "Publish invoice.sent"
        ? "Which queues get invoice.sent?"
        ! "No binding matches and the exchange has no alternate exchange, so the message is dropped (a publisher that sets mandatory would get it back).",
    "A direct exchange compares the whole key, nothing more. ops publishes error." => "Publish error (direct)"
        ? "Which queues get error?"
        ! "Exactly the queues bound with the key error. (A key like warning would match no binding.)",
    "A fanout exchange ignores the key and gives every bound queue its own copy: audit and mirror both get one." => "Publish to fanout",
    "A headers exchange ignores the key and reads headers. This refund has type=refund, region=eu. eu-refunds binds with x-match all (every header must match), eu-or-vip with x-match any (one is enough)." => "Publish EU refund"
        ? "Which queues get the EU refund?"
        ! "type and region both match for eu-refunds; region=eu alone is enough for eu-or-vip.",
    "Now type=refund, region=us, tier=vip." => "Publish US VIP refund"
        ? "Which queues get the US VIP refund?"
        ! "region differs, so x-match all fails for eu-refunds; tier=vip is enough for eu-or-vip.",
);

const ACKS: LessonWords = lesson!("Acks, requeues and dead letters";
    "Send 10 tasks. careful nacks failures with requeue: the task goes back to its place, marked redelivered." => "Send 10",
    "strict rejects failures without requeue: the queue dead-letters them to dlx, and dead-letters receives them with an x-death header (queue, reason rejected, count).",
    "tasks has x-max-length 5. Pause both workers, then flood it." => "Pause careful",
    "Pause strict too." => "Pause strict",
    "Now flood 10 tasks into a queue that holds at most 5, with nobody consuming." => "Flood 10"
        ? "tasks is full. What gives way as the 10 tasks arrive?"
        ! "When a queue is full, the default overflow drops from the head: the oldest messages go, and with a dead-letter exchange they are dead-lettered with reason maxlen.",
    "reminders has x-message-ttl 3000, a dead-letter exchange, and no consumer. Publish one." => "Publish a reminder"
        ? "What becomes of the reminder?"
        ! "A message older than the queue's TTL expires; with a dead-letter exchange it is dead-lettered with reason expired.",
);

const PERSISTENCE: LessonWords = lesson!("Persistence";
    "Publish a persistent message to the durable queue." => "Persistent → durable",
    "Publish a transient message to the same queue." => "Transient → durable",
    "And a persistent message to the transient queue." => "Persistent → transient",
    "Restart the broker." => "Restart broker"
        ? "How many messages does durable-q hold after the restart?"
        ! "A message survives a restart only if it is persistent and its queue is durable: both must hold. The transient queue is gone altogether.",
);

const REPLICATED: LessonWords = lesson!("Replicated queues";
    "orders is a quorum queue on three nodes: a leader (n1) and two followers each keep a copy. audit beside it is a classic queue: it lives on n1 alone. Publish three orders; each is confirmed once a majority, two of three, has it." => "Publish 3",
    "Stop n1, the leader's node." => "Stop n1"
        ? "How many orders does the queue still hold once n1 is gone?"
        ! "The followers had every confirmed message: n2 is elected leader and the queue keeps all three. A classic queue lives on one node: with that node down it is unavailable.",
    "Stop n2 as well: one member of three is left." => "Stop n2",
    "Without a majority there is no leader: the queue delivers nothing, and a publish now would wait for its confirm until a majority is back. The messages are still on disk. Start n1 again." => "Start n1",
    "Two of three run: a leader is elected again and the queue is available, with all three orders. Kafka's partitions replicate the same way, with an ISR instead of a Raft majority.",
);

const STREAM_LOG: LessonWords = lesson!("A log inside RabbitMQ";
    "events is a stream (x-queue-type stream): a queue that keeps a log. Three readers subscribed with x-stream-offset: replay with first, live with next, from-3 with the number 3. Publish five events." => "Publish 5"
        ? "Once the readers have acked them, how many messages does events still hold?"
        ! "All five: on a stream an ack only lets the next delivery come, it removes nothing. from-3 waited on the empty log for offset 3, so it read 3 and 4. Only retention (x-max-length-bytes, x-max-age) removes messages, whole old segments at a time.",
    "Stop replay's process. Over AMQP 0-9-1 RabbitMQ keeps no position for a reader that leaves." => "Stop replay",
    "Start replay again: it subscribes again with x-stream-offset first." => "Start replay"
        ? "Where does replay start reading?"
        ! "At the log start: first means the oldest message still kept, so replay reads the whole log again, as a Kafka group reading from the earliest offset. A classic queue has nothing left to replay once its messages are acked.",
    "Now stop live, which reads with next." => "Stop live",
    "Start live again, still with next." => "Start live"
        ? "Where does live start reading?"
        ! "At the log end: next means only what is appended from now on. live skips the five already in the log and waits for the next event.",
    "Publish one more event: all three readers get it, each at its own place in the same log." => "Publish 1",
    "A stream is RabbitMQ's answer to a Kafka partition: many readers, each at its own offset, and replay. A number, a timestamp or an interval such as 1h as x-stream-offset starts elsewhere. Open events in the inspector: its offsets, segments, retention and each reader's place.",
);

const PRIORITIES: LessonWords = lesson!("Priorities";
    "Queue five ordinary jobs (priority 1). worker takes one at a time." => "Flood 5 ordinary",
    "jobs has x-max-priority 9. Now send one VIP job (priority 9) while the ordinary ones wait." => "Send VIP"
        ? "Is the VIP job the next one delivered, ahead of those already waiting?"
        ! "A priority queue delivers higher priorities first, but the job already being worked on is not pre-empted.",
    "Priorities exist only in the message broker: a Kafka partition is read strictly in offset order.",
);

const COMPARE: LessonWords = lesson!("Side by side";
    "One shop event goes to both brokers: a record in Kafka's topic, a message in RabbitMQ's queue. Three groups read the topic; two workers share the queue." => "Send one order"
        ? "How many groups read the order, and how many workers process it?"
        ! "Every group reads every record, and the log keeps it; the queue gives each message to one worker and forgets it once acked.",
    "Click Order placed and Payment done a few times: the same events go to both brokers.",
    "Read the panel: it states each difference with the numbers you just produced.",
);

const OFFSET_RESET: LessonWords = lesson!("When auto.offset.reset applies";
    "billing reads orders with auto.offset.reset=latest. It began with no committed offset, so it started at the log end; since then it commits its position every second.",
    "billing's only member crashes. Records keep arriving while it is down." => "Crash billing",
    "Restart billing. Its setting is still latest." => "Restart billing"
        ? "Where does billing start reading?"
        ! "auto.offset.reset applies only when a group has no committed offset (or it points outside the log). billing has one, so it resumes there and reads what arrived while it was down: latest does not mean skip to now.",
    "A new group, fresh, also uses latest and has never committed." => "Start fresh (latest)"
        ? "Where does fresh start reading?"
        ! "With no committed offset, latest applies: fresh starts at the log end and never sees the older records. earliest would start at the log start.",
);

const SLOW_CONSUMER: LessonWords = lesson!("Slow consumers and max.poll.interval.ms";
    "Two timeouts guard a group member. session.timeout.ms (10 s here): heartbeats, sent by a background thread, must keep arriving. max.poll.interval.ms (5 s): the application must call poll() again within it, so processing what one poll returned must not take longer.",
    "Rendering one report takes 8 s. Send one." => "Send a report"
        ? "Heartbeats keep flowing. Is the member rendering it removed from the group?"
        ! "Processing outlasted max.poll.interval.ms, so the member leaves the group although its heartbeats never stopped, and the group rebalances. The partition's next owner reads the report again, takes as long, and is removed too: the group rebalances again and again.",
    "A longer session.timeout.ms does not help: raise max.poll.interval.ms above the longest time a poll's records can take, or lower max.poll.records.",
);

const COMPACTION: LessonWords = lesson!("Compaction and tombstones";
    "prices is compacted (cleanup.policy=compact): the log cleaner keeps at least the latest record of every key. shop keeps writing prices for pear and plum.",
    "Send the price of apple." => "Send apple 1.00",
    "Now a new price for apple." => "Send apple 1.20"
        ? "Once the cleaner has run, how many apple records does the log keep?"
        ! "The cleaner keeps the latest record per key and removes older ones with the same key, in closed segments only (the active segment is never cleaned). Offsets do not change: the log gets holes.",
    "Send apple with no value: a tombstone, which means delete apple." => "Send a tombstone"
        ? "Once the cleaner has run and delete.retention.ms (3 s) has passed, how many apple records are left?"
        ! "A tombstone first removes the older values, then is removed itself after delete.retention.ms: a reader away for longer never learns apple existed.",
    "A compacted topic is a table of latest values, not a history: what it no longer holds cannot be replayed.",
);

const DURABILITY: LessonWords = lesson!("acks=all is not enough";
    "payments has three replicas and bank writes with acks=all. min.insync.replicas is left at its default: 1.",
    "Kill b1." => "Kill b1",
    "Kill b2 as well: only the leader, b0, is left." => "Kill b2"
        ? "Is bank's next record acknowledged?"
        ! "acks=all waits for the in-sync replicas, and once the dead brokers drop out of the ISR that is b0 alone: with min.insync.replicas=1, acks=all is no safer than acks=1.",
    "If b0's disk failed now, payments that bank was told were written would be gone. With replication factor 3, set min.insync.replicas=2 (as the replication lesson does): then such writes are refused instead.",
);

const MIN_ISR: LessonWords = lesson!("Kafka 4 keeps min.insync.replicas";
    "This is Kafka 3.9 (under the brokers). clicks has three replicas and min.insync.replicas=2, and web sends with acks=1: only the leader, b0, must have a record before it is acknowledged.",
    "Kill b1." => "Kill b1",
    "Kill b2 as well. Once they fall out of the ISR (replica.lag.time.max.ms, 3 s), b0 is the only in-sync replica: below min.insync.replicas." => "Kill b2",
    "Send a click." => "Send a click"
        ? "Will stats read it while b0 is the only in-sync replica?"
        ! "Under 3.9 the high watermark follows the ISR, however small: the record is acknowledged and stats reads it, though one disk holds it. acks=all would have been refused (NOT_ENOUGH_REPLICAS); acks=1 was not.",
    "Now the same under Kafka 4.2: the simulation starts again from time 0." => "Switch to Kafka 4.2",
    "Kill b1 again." => "Kill b1",
    "And b2: b0 alone is in sync once more." => "Kill b2",
    "Send a click." => "Send a click"
        ? "Will stats read it this time?"
        ! "No: from Kafka 4.0 the leader does not advance the high watermark while the ISR is smaller than min.insync.replicas, whatever acks the producer used. The click is acknowledged (acks=1) but stays invisible: no consumer can read what one failure could still take away.",
    "Bring b1 back: it catches up, rejoins the ISR, the high watermark moves on and stats reads the click. What this rule makes possible, eligible leader replicas, is the next lesson." => "Revive b1",
);

const ELR: LessonWords = lesson!("Eligible leader replicas";
    "Kafka 3.9 again: orders has three replicas, min.insync.replicas=2, and shop sends an order every 1.5 s with acks=1. Stop shuts a broker down cleanly; Kill crashes it.",
    "Stop b2: a controlled shutdown. Before it stops, the controller takes it out of the ISR, now [b0, b1]." => "Stop b2",
    "Stop b1 as well. b0 alone is in sync, below min.insync.replicas, yet 3.9 still lets the high watermark follow it." => "Stop b1",
    "Now b0, the leader, crashes. Nobody in the ISR is left: orders is offline." => "Kill b0",
    "b1 comes back. It shut down cleanly and held every record up to the moment it left the ISR." => "Start b1"
        ? "b0 is gone and b1 comes back: who leads orders?"
        ! "Nobody, under 3.9: b1 is not in the ISR, and unclean election is off. It is right to wait: b0 went on making orders visible after b1 left, so b1 may lack records consumers have read. orders stays offline until b0 returns.",
    "Now the same under Kafka 4.2: the simulation starts again from time 0." => "Switch to Kafka 4.2",
    "Stop b2." => "Stop b2",
    "Stop b1. The ISR is [b0], below min.insync.replicas, so b1 becomes an eligible leader replica: the partition line and the inspector show ELR b1. With the ISR this small the high watermark stays put, so nothing b1 lacks can become visible." => "Stop b1",
    "Crash b0. Under 4.2 the ISR may become empty; b0 joins the ELR too." => "Kill b0",
    "b1 comes back, cleanly shut down as before." => "Start b1"
        ? "b0 is gone and b1 comes back: who leads orders?"
        ! "b1, elected from the ELR: it holds every record that was ever visible, so electing it loses nothing committed. Only b0's orders that were never visible (acks=1, above the high watermark) are gone.",
    "Bring b0 back. It crashed, so it returns without a clean-shutdown mark and may lack what it acknowledged: the controller takes it out of the ELR until it is in sync again. Try Kill instead of Stop for b1 and see b1 leave the ELR when it returns." => "Revive b0",
);

const KAFKA_QUEUE: LessonWords = lesson!("Kafka as a queue";
    "One topic, two partitions, two ways to read it. audit is a consumer group of three members; workers is a share group (Kafka 4.2's queues) of four members, drawn with a dashed border.",
    "A consumer group gives each partition to one member, which reads it in order and commits an offset. Send 20 orders." => "Send 20 orders"
        ? "How many of audit's members get records?"
        ! "Each partition has one owner in a consumer group, so members beyond the partition count sit idle: partitions cap a group's parallelism.",
    "A share group has no partition owners: the broker's assignor gives each partition to several members (here 2 each: ⌈4 members ÷ 2 partitions⌉; the member lines say which) and locks each record it hands out to the member that acquired it (the amber bar). Send 20 more." => "Send 20 more"
        ? "How many of workers' members get records?"
        ! "Records are handed out one by one, so all members work at once, more than there are partitions. Each acknowledges what it processed (green) record by record; SPSO moves past the records that are done.",
    "Crash workers m0 while it holds records. Nothing tells the broker at once: its records stay locked until record.lock.duration.ms runs out, and only after share.session.timeout.ms (45 s) without a heartbeat does m0 leave the group and the others take its partition." => "Crash workers m0",
    "When the locks expire the records are available again (grey) and another member acquires them: the log shows delivery 2. audit read every record in order the whole time; nothing the share group did touched it. Try the fault buttons: revive m0, or crash more members.",
);

const SHARE_LOCKS: LessonWords = lesson!("Locks and redelivery";
    "jobs has one partition, read by workers, a share group of two members. Each fetch acquires up to 2 records under a lock of 6 s (record.lock.duration.ms) and counts a delivery: the first time, delivery 1 (the log says so). A member processes them, 2 s each, and accepts them with its next fetch.",
    "Send 3 jobs at once, so both members always hold some (the orange bars; a bar's tooltip names its holder)." => "Send 3 jobs",
    "Now crash workers m0 while it holds records. Nothing tells the broker: the records stay locked to m0 until their locks run out." => "Crash workers m0"
        ? "When another member gets the records m0 held, what delivery count will they show?"
        ! "Every acquisition adds one to the count, whether the attempt ends well or not: m0's crash used up delivery 1. The count is how Kafka notices a record that keeps failing.",
    "Watch m0's records: when their locks run out they turn grey (available) and m1 acquires them at its next fetch, with delivery 2 in the log. Until then nobody processes them: a shorter lock redelivers sooner, but a slow member loses records whose lock runs out, and its late answer is refused.",
    "Try the controls under the diagram: revive m0, pause a member instead (it stops fetching but its locks still run), or change the lock duration in Settings workers. Kafka accepts 1000 to 3600000 ms; anything else is refused.",
);

const SHARE_POISON: LessonWords = lesson!("Poison records";
    "workers, a share group of two members, reads payments. Right now their code fails on every payment (a bug, a service down), so each member releases what it gets: the record is available again, for any member. Send a payment." => "Send a payment"
        ? "How many times is it delivered before Kafka stops delivering it?"
        ! "Each release ends a delivery. When the delivery that ends is number delivery.count.limit (5 by default), Kafka archives the record (red): never delivered again. The bank's own payments, one every 15 s, end the same way.",
    "RabbitMQ redelivers too, but a classic queue counts nothing: a message nacked with requeue comes back forever (see the RabbitMQ lesson Poison messages). A quorum queue counts: at x-delivery-limit (20 by default since 4.0) it drops or dead-letters the message. A share group always has a limit.",
    "Lower the limit to 2, Kafka's smallest (group.share.delivery.count.limit allows 2 to 10)." => "Set the limit to 2",
    "Send another payment." => "Send a payment"
        ? "Now how many times is it delivered before it is archived?"
        ! "Two: the new limit holds from the change on. A low limit gives up on a poison record quickly; a high one gives a flaky service more chances.",
    "Try it in Settings workers: set m1 to accept and send payments, so a payment m0 fails goes back and m1 may process it; or set a member to reject, which archives a record at once, without another try. A limit of 11 is refused: Kafka's range is 2 to 10.",
);

const PREFETCH: LessonWords = lesson!("Prefetch and auto-ack";
    "Both workers take jobs with no prefetch limit (prefetch 0). fast needs 0.3 s a job, slow 3 s. Flood 20 jobs." => "Flood 20"
        ? "How are the 20 jobs split between the workers?"
        ! "Without a limit the broker pushes jobs to the consumers in turn as soon as they arrive: slow hoards its share while fast soon sits idle. A small prefetch, as in the work queue lesson, hands out work as workers free up.",
    "slow uses auto-ack: the broker counts a job as done the moment it sends it. slow crashes now, holding jobs it has not processed." => "Crash slow"
        ? "Who gets slow's unprocessed jobs again?"
        ! "With auto-ack the broker forgot each job when it sent it, so what slow held is lost. With manual acks, unacked messages go back to the queue when the channel closes and are delivered again.",
    "Manual acks and a bounded prefetch: every job is done once a worker says so, and no worker holds more than it can work on.",
);

const POISON: LessonWords = lesson!("Poison messages";
    "picky fails on every message it is given (a poison message: bad data, say) and nacks it with requeue. Publish an order." => "Publish an order"
        ? "What becomes of the order?"
        ! "It goes back to the queue, is delivered again, fails again, and so on forever: a poison message loops, keeping the consumer busy. Classic queues have no limit on redeliveries.",
    "careful also fails every time, but rejects without requeue, and payments has a dead-letter exchange." => "Publish a payment"
        ? "What becomes of the payment?"
        ! "Rejected without requeue, it is dead-lettered through dlx and parked, where someone can look at it later.",
    "refunds is a quorum queue with x-delivery-limit 3 and the same dead-letter exchange. stubborn fails like picky and nacks with requeue. Publish a refund." => "Publish a refund"
        ? "How many times is the refund delivered before the queue gives up on it?"
        ! "A quorum queue counts each return in x-delivery-count: 1, 2, 3. The fourth return is past the limit, so it is dead-lettered with reason delivery_limit and parked. Since RabbitMQ 4.0 a quorum queue has a limit of 20 even when none is set.",
    "orders still loops; refunds gave up. Requeue only what may succeed on a retry, cap redeliveries with a quorum queue's delivery limit, and send the rest to a dead-letter queue. (This is RabbitMQ 4.2. From 4.3 a nack no longer counts toward the limit: only a reject with requeue or a crash does.)",
);
