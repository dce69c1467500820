//! Where the message broker's parts are drawn: four columns (publishers, exchanges, queues,
//! consumers), one row per item, fixed by the topology so nothing moves while tokens fly.

use brokerlab_core::message_broker::Destination;
use brokerlab_core::world::message::MessageSide;

pub const WIDTH: f64 = 960.0;
pub const COLUMN_X: [f64; 4] = [30.0, 250.0, 520.0, 790.0];
pub const BOX_W: f64 = 140.0;
pub const BOX_H: f64 = 56.0;
pub const ROW_H: f64 = 92.0;
pub const TOP: f64 = 56.0;
/// The nodes' row under the columns, drawn when the cluster has more than one node.
pub const NODE_ROW_H: f64 = 44.0;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct MessageLayout {
    pub publishers: Vec<String>,
    pub exchanges: Vec<String>,
    pub queues: Vec<String>,
    pub consumers: Vec<String>,
    /// The cluster's size (R20): its nodes get a row of their own from two on.
    pub nodes: u8,
}

impl MessageLayout {
    pub fn new(side: &MessageSide) -> MessageLayout {
        let broker = side.broker();
        let mut exchanges: Vec<String> = side.publishers().map(|(_, x)| x.to_string()).collect();
        for exchange in broker.exchanges() {
            let name = exchange.name().to_string();
            // amq.* exchanges exist on every broker; draw them only if something uses them.
            let used = !exchange.bindings().is_empty() || exchanges.contains(&name);
            if !name.starts_with("amq.") && !name.is_empty() && used || exchanges.contains(&name) {
                exchanges.push(name);
            }
        }
        dedup(&mut exchanges);
        // Queues sit across from the exchanges that feed them, in binding order, so binding
        // edges cross as little as they can; queues no binding reaches (fed by the default
        // exchange) keep their declaration order, last.
        let fed_by = |queue: &str| {
            exchanges.iter().enumerate().find_map(|(row, x)| {
                let exchange = broker.exchanges().find(|e| &**e.name() == x.as_str())?;
                exchange.bindings().iter().position(|b| matches!(&b.destination, Destination::Queue(q) if &**q == queue)).map(|i| (row, i))
            })
        };
        let mut order: Vec<_> = broker.queues().enumerate().map(|(i, q)| (fed_by(q.name()), i)).collect();
        brokerlab_core::sort::sort_by_key(&mut order, |&(fed, i)| (fed.is_none(), fed, i));
        let declared: Vec<String> = broker.queues().map(|q| q.name().to_string()).collect();
        let queues: Vec<String> = order.into_iter().map(|(_, i)| declared[i].clone()).collect();
        MessageLayout {
            publishers: side.publishers().map(|(n, _)| n.to_string()).collect(),
            exchanges,
            queues,
            consumers: side.consumers().map(|(n, ..)| n.to_string()).collect(),
            nodes: broker.cluster().size(),
        }
    }

    pub fn rows(&self) -> usize {
        [self.publishers.len(), self.exchanges.len(), self.queues.len(), self.consumers.len()]
            .into_iter()
            .max()
            .unwrap_or(1)
            .max(1)
    }

    pub fn height(&self) -> f64 {
        self.node_row_y() + if self.nodes > 1 { NODE_ROW_H } else { 0.0 }
    }

    /// The top of the nodes' row (the bottom of the columns).
    pub fn node_row_y(&self) -> f64 {
        TOP + self.rows() as f64 * ROW_H + 10.0
    }

    /// Top-left of the box in `column` at `row`, centred vertically against the tallest column.
    pub fn box_at(&self, column: usize, row: usize, count: usize) -> (f64, f64) {
        let offset = (self.rows() - count.max(1)) as f64 * ROW_H / 2.0;
        (COLUMN_X[column], TOP + offset + row as f64 * ROW_H)
    }

    fn find(list: &[String], name: &str) -> Option<usize> {
        list.iter().position(|n| n == name)
    }

    /// The centre of a named part's box, if drawn.
    pub fn centre(&self, column: usize, name: &str) -> Option<(f64, f64)> {
        let list = match column {
            0 => &self.publishers,
            1 => &self.exchanges,
            2 => &self.queues,
            _ => &self.consumers,
        };
        let row = Self::find(list, name)?;
        let (x, y) = self.box_at(column, row, list.len());
        Some((x + BOX_W / 2.0, y + BOX_H / 2.0))
    }

    /// Right edge middle (where edges leave) and left edge middle (where they arrive).
    pub fn right(&self, column: usize, name: &str) -> Option<(f64, f64)> {
        self.centre(column, name).map(|(x, y)| (x + BOX_W / 2.0, y))
    }
    pub fn left(&self, column: usize, name: &str) -> Option<(f64, f64)> {
        self.centre(column, name).map(|(x, y)| (x - BOX_W / 2.0, y))
    }
}

fn dedup(list: &mut Vec<String>) {
    let mut seen = Vec::new();
    list.retain(|n| {
        if seen.contains(n) {
            false
        } else {
            seen.push(n.clone());
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use brokerlab_core::world::message::MessageBrokerSpec;

    /// Queues line up across from the exchanges that feed them, so binding edges run mostly
    /// straight: every queue's feeding exchange row is no lower than the one above it.
    #[test]
    fn queues_sit_across_from_the_exchanges_that_feed_them() {
        let lesson = crate::lessons::all().into_iter().find(|l| l.id == crate::lessons::LessonId::Routing).expect("routing lesson");
        let spec: MessageBrokerSpec = serde_json::from_str(lesson.scenario).expect("valid");
        let side = MessageSide::new(&spec, 400, 1).expect("builds");
        let layout = MessageLayout::new(&side);
        let feeding_row = |queue: &str| {
            layout.exchanges.iter().position(|x| {
                side.broker().exchanges().any(|e| &**e.name() == x.as_str()
                    && e.bindings().iter().any(|b| matches!(&b.destination, Destination::Queue(q) if &**q == queue)))
            })
        };
        let rows: Vec<usize> = layout.queues.iter().map(|q| feeding_row(q).expect("every routing queue is bound")).collect();
        assert_eq!(layout.queues.len(), 7);
        assert!(rows.windows(2).all(|w| w[0] <= w[1]), "{:?} → {rows:?}", layout.queues);
    }
}
