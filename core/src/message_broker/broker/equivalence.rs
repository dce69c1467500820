//! Whether a redeclare agrees with the queue it names: the flags, then the arguments RabbitMQ
//! compares (`rabbit_amqqueue:check_queue_args`, and the stream type's own).

use crate::message_broker::methods::QueueDeclare;
use crate::message_broker::queue::{Queue, QueueArguments};

/// The first property a redeclare disagrees on (406 PRECONDITION_FAILED). As in RabbitMQ 4.x,
/// leaving out `x-queue-type` on a redeclare is not a disagreement.
pub(super) fn inequivalent_field(existing: &Queue, declare: &QueueDeclare, new: &QueueArguments) -> Option<&'static str> {
    let old = &existing.arguments;
    if existing.durable != declare.durable {
        return Some("durable");
    }
    if existing.exclusive_owner.is_some() != declare.exclusive {
        return Some("exclusive");
    }
    if existing.auto_delete != declare.auto_delete {
        return Some("auto_delete");
    }
    let checks: [(&'static str, bool); 13] = [
        ("x-queue-type", declare.arguments.contains_key("x-queue-type") && old.queue_type != new.queue_type),
        ("x-message-ttl", old.message_ttl_ms != new.message_ttl_ms),
        ("x-expires", old.expires_ms != new.expires_ms),
        ("x-max-length", old.max_length != new.max_length),
        ("x-max-length-bytes", old.max_length_bytes != new.max_length_bytes),
        ("x-overflow", old.overflow != new.overflow),
        ("x-max-priority", old.max_priority != new.max_priority),
        ("x-single-active-consumer", old.single_active_consumer != new.single_active_consumer),
        ("x-dead-letter-exchange", old.dead_letter_exchange != new.dead_letter_exchange),
        ("x-dead-letter-routing-key", old.dead_letter_routing_key != new.dead_letter_routing_key),
        ("x-delivery-limit", old.delivery_limit != new.delivery_limit),
        ("x-max-age", old.stream.map(|s| s.max_age_ms) != new.stream.map(|s| s.max_age_ms)),
        ("x-stream-max-segment-size-bytes", old.stream.map(|s| s.max_segment_size_bytes) != new.stream.map(|s| s.max_segment_size_bytes)),
    ];
    checks.into_iter().find(|(_, differs)| *differs).map(|(field, _)| field)
}
