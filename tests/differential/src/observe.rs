//! What a client observes, in one shape for the model and the server, so the two compare with
//! `==` and print side by side.

use std::collections::BTreeMap;
use std::fmt;

/// One `x-death` entry, without its `time`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Death {
    pub queue: String,
    pub reason: String,
    pub count: i64,
    pub exchange: String,
    pub routing_keys: Vec<String>,
}

/// A message as a consumer or `basic.get` receives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub body: String,
    pub tag: u64,
    pub redelivered: bool,
    pub exchange: String,
    pub routing_key: String,
    pub priority: Option<u8>,
    pub persistent: bool,
    /// Newest first.
    pub deaths: Vec<Death>,
    /// `x-first-death-reason`, `-queue`, `-exchange`.
    pub first_death: Option<(String, String, String)>,
    /// Quorum queues: the `x-delivery-count` header, if any.
    pub delivery_count: Option<i64>,
    /// A stream delivery's `x-stream-offset` header.
    pub stream_offset: Option<i64>,
}

impl fmt::Display for Seen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} tag={} redelivered={} exchange={:?} key={:?} priority={:?} persistent={}",
            self.body, self.tag, self.redelivered, self.exchange, self.routing_key, self.priority, self.persistent
        )?;
        for d in &self.deaths {
            write!(f, " x-death[{} {} count={} exchange={:?} keys={:?}]", d.queue, d.reason, d.count, d.exchange, d.routing_keys)?;
        }
        if let Some((reason, queue, exchange)) = &self.first_death {
            write!(f, " x-first-death[{reason} {queue} {exchange:?}]")?;
        }
        if let Some(count) = self.delivery_count {
            write!(f, " x-delivery-count={count}")?;
        }
        if let Some(offset) = self.stream_offset {
            write!(f, " x-stream-offset={offset}")?;
        }
        Ok(())
    }
}

/// A `basic.return`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Returned {
    pub ch: usize,
    pub body: String,
    pub reply_code: u16,
    pub exchange: String,
    pub routing_key: String,
}

/// The direct answer to an operation.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Outcome {
    #[default]
    Done,
    /// Publisher confirm: `Some(true)` ack, `Some(false)` nack, `None` not in confirm mode.
    Published { confirm: Option<bool> },
    /// `basic.get`: the message and the ready count left, or empty.
    Got(Option<(Seen, u32)>),
}

/// Everything observable after one operation and the barrier.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Observed {
    pub outcome: Outcome,
    /// Per consumer tag, the deliveries since the last operation.
    pub deliveries: BTreeMap<String, Vec<Seen>>,
    pub returns: Vec<Returned>,
    /// Per queue: ready messages and consumers (a stream's message count is not compared:
    /// RabbitMQ reads it from metrics that lag by seconds; see README).
    pub depths: BTreeMap<String, (u32, u32)>,
}

impl fmt::Display for Observed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            Outcome::Done => writeln!(f, "    outcome: ok")?,
            Outcome::Published { confirm } => writeln!(f, "    outcome: published, confirm {confirm:?}")?,
            Outcome::Got(None) => writeln!(f, "    outcome: get-empty")?,
            Outcome::Got(Some((seen, count))) => writeln!(f, "    outcome: get-ok {seen} message_count={count}")?,
        }
        for (tag, seen) in &self.deliveries {
            for s in seen {
                writeln!(f, "    deliver {tag}: {s}")?;
            }
        }
        for r in &self.returns {
            writeln!(f, "    return ch{} {} {} exchange={:?} key={:?}", r.ch, r.body, r.reply_code, r.exchange, r.routing_key)?;
        }
        for (queue, (ready, consumers)) in &self.depths {
            writeln!(f, "    depth {queue}: ready={ready} consumers={consumers}")?;
        }
        Ok(())
    }
}
