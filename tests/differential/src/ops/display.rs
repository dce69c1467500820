//! How an operation reads in a trace and in a failure report.

use std::fmt;

use super::Op;

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::OpenChannel { ch, confirm } => write!(f, "open_channel ch{ch}{}", if *confirm { " +confirm" } else { "" }),
            Op::CloseChannel { ch } => write!(f, "close_channel ch{ch}"),
            Op::DeclareExchange { name, kind, durable } => {
                write!(f, "exchange.declare {name} {} durable={durable}", kind.as_str())
            }
            Op::DeclareQueue { name, durable, args } => write!(f, "queue.declare {name} durable={durable} {args:?}"),
            Op::Bind { queue, exchange, key, headers } => write!(f, "queue.bind {queue} <- {exchange} key={key:?} {headers:?}"),
            Op::Unbind { queue, exchange, key, headers } => {
                write!(f, "queue.unbind {queue} <- {exchange} key={key:?} {headers:?}")
            }
            Op::Publish { ch, exchange, key, headers, priority, mandatory, persistent, body } => write!(
                f,
                "basic.publish ch{ch} {body} -> {exchange:?} key={key:?} headers={headers:?} priority={priority:?} mandatory={mandatory} persistent={persistent}"
            ),
            Op::Consume { ch, queue, tag, prefetch, no_ack, offset } => {
                write!(f, "basic.qos ch{ch} {prefetch}; basic.consume ch{ch} {queue} tag={tag} no_ack={no_ack}")?;
                match offset {
                    Some(offset) => write!(f, " x-stream-offset={offset:?}"),
                    None => Ok(()),
                }
            }
            Op::Cancel { ch, tag } => write!(f, "basic.cancel ch{ch} {tag}"),
            Op::Get { ch, queue, no_ack } => write!(f, "basic.get ch{ch} {queue} no_ack={no_ack}"),
            Op::Ack { ch, tag, multiple } => write!(f, "basic.ack ch{ch} tag={tag} multiple={multiple}"),
            Op::Nack { ch, tag, multiple, requeue } => {
                write!(f, "basic.nack ch{ch} tag={tag} multiple={multiple} requeue={requeue}")
            }
            Op::Reject { ch, tag, requeue } => write!(f, "basic.reject ch{ch} tag={tag} requeue={requeue}"),
        }
    }
}
