//! The broker's nodes stopping and starting, and what that does to the queues on them (R14,
//! R20): placing a new queue, elections, quorum queues that lose and regain their majority,
//! classic queues whose node stops, publisher confirms that wait for a majority. The restart
//! of the whole cluster is `broker/restart.rs`; the pure choices (placement, election) are
//! `cluster.rs`.
//!
//! What the model does, and where it simplifies (sources in `cluster.rs` and `quorum.rs`):
//! - Quorum queue, a member's node stops: if it was the leader and a majority of members still
//!   runs, a new leader is elected at once (`LeaderElected`); consumers, ready and unacked
//!   messages stay, since every message committed was on a majority. With fewer than a majority
//!   running the queue is unavailable (`QueueUnavailable`): nothing is delivered, `basic.get`
//!   and `basic.consume` are refused ([`Error::QueueUnavailable`]), a redeclare answers 0
//!   messages and 0 consumers (`rabbit_quorum_queue:stat` when no leader answers), and
//!   publishes routed to
//!   it wait ([`Queue::waiting_count`]); their publisher confirms come once a majority is back
//!   (`QueueAvailable`), when the queue takes them in publish order (a full `reject-publish`
//!   queue then nacks). RabbitMQ's channel resends such commands to the members until a leader
//!   answers (`rabbit_fifo_client`), so the outcome is the same; the model never times out.
//!   Simplification: acks, nacks and rejects of an unavailable queue's deliveries are applied
//!   at once rather than when a majority is back, and a restarted follower catches up at once.
//! - Classic queue, its node stops: a transient (non-durable) queue is deleted
//!   (`rabbit_amqqueue:on_node_down`); a durable one is down until the node starts: its
//!   consumers are cancelled by the broker (`basic.cancel` to clients that asked for it), its
//!   transient messages are lost, persistent ones (unacked ones too, redelivered) are kept as
//!   a node restart would (R14); a publish routed to it is dropped, and nacked in confirm mode
//!   (the channel sees the queue process down); `basic.get`, `basic.consume` and a redeclare
//!   answer 404 "home node … is down or inaccessible". Deleting it is allowed (not checked
//!   against RabbitMQ).
//! - Stream (R21): the model does not replicate streams (RabbitMQ does, with a writer and
//!   replicas). A stream lives on the node that declared it and, while that node is stopped,
//!   is down as a durable classic queue is: its consumers are cancelled, it keeps its whole
//!   log, publishes routed to it are dropped (nacked in confirm mode). Not checked against
//!   RabbitMQ.
//! - Connections are not placed on nodes: the model's clients stay connected whatever node
//!   stops (as if reaching the cluster through a running node). The node a connection's
//!   declares reach is `Cluster::node_of`.

use alloc::collections::BTreeSet;
use alloc::vec::Vec;

use super::{MessageBroker, Queue, QueueType, Queued, Removal};
use crate::Name;
use crate::message_broker::cluster::{Cluster, NodeId, Placement};
use crate::message_broker::error::Error;
use crate::message_broker::event::{DropReason, EventKind};
use crate::message_broker::message::Message;
use crate::message_broker::{ChannelId, MessageId, NODES_MAX, PublishSequence};
use crate::time::SimTime;

/// The cluster, and the publisher confirms waiting for quorum queues.
#[derive(Clone, Debug, Default)]
pub(super) struct Nodes {
    pub(super) cluster: Cluster,
    /// In publish order (a restart, `broker/restart.rs`, drops them all).
    pub(super) confirms: Vec<WaitingConfirm>,
    /// The channel whose publish is being routed (`None` for a dead-lettering).
    publishing: Option<ChannelId>,
}

/// A publisher confirm that waits for quorum queues to take the message.
#[derive(Clone, Debug)]
pub(super) struct WaitingConfirm {
    channel: ChannelId,
    sequence: PublishSequence,
    message: MessageId,
    /// The queues still to take it.
    queues: BTreeSet<Name>,
    /// False once a queue refused it.
    ack: bool,
}

impl MessageBroker {
    /// The nodes and which of them run.
    pub fn cluster(&self) -> &Cluster {
        &self.nodes.cluster
    }

    /// Runs the broker as a cluster of `nodes` nodes, all running (a new broker has one). Set it
    /// before the first publish: the queues declared so far are placed again.
    pub fn follow_cluster_size(&mut self, nodes: u8) -> Result<(), Error> {
        if nodes == 0 || usize::from(nodes) > NODES_MAX || self.messages_held > 0 {
            return Err(Error::ClusterSize { nodes, max: NODES_MAX });
        }
        self.nodes.cluster = Cluster::new(nodes);
        let names: Vec<Name> = self.queues.keys().cloned().collect();
        for name in &names {
            self.place_queue(name, None);
        }
        Ok(())
    }

    /// A node stops (its process dies or is shut down). Refused, changing nothing, for a
    /// node that does not exist, is stopped already, or is the last one running.
    pub fn stop_node(&mut self, now: SimTime, node: NodeId) -> Result<(), Error> {
        self.advance_to(now)?;
        self.check_node(node, true)?;
        if self.nodes.cluster.running_count() == 1 {
            return Err(Error::LastRunningNode(node));
        }
        self.nodes.cluster.set_running(node, false);
        self.emit(EventKind::NodeStopped { node });
        let names: Vec<Name> = self.queues.keys().cloned().collect();
        for name in &names {
            match self.queues[name].placement {
                Placement::Node(home) if home == node => self.classic_queue_down(name, node),
                Placement::Node(_) => {}
                Placement::Replicated(_) => self.follow_nodes(name),
            }
        }
        self.settle();
        Ok(())
    }

    /// A stopped node starts again: its classic queues come back with what they kept, its
    /// quorum queue members catch up, and queues that regain a majority elect a leader and
    /// take the publishes that waited.
    pub fn start_node(&mut self, now: SimTime, node: NodeId) -> Result<(), Error> {
        self.advance_to(now)?;
        self.check_node(node, false)?;
        self.nodes.cluster.set_running(node, true);
        self.emit(EventKind::NodeStarted { node });
        let names: Vec<Name> = self.queues.keys().cloned().collect();
        for name in &names {
            match self.queues[name].placement {
                Placement::Node(home) if home == node => {
                    self.emit(EventKind::QueueAvailable { queue: name.clone(), waiting: 0 });
                    self.dirty.insert(name.clone());
                }
                Placement::Node(_) => {}
                Placement::Replicated(_) => self.follow_nodes(name),
            }
        }
        self.settle();
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // For the rest of the broker

    /// Places a queue just declared by `owner`'s connection (`None`: a definitions import).
    pub(super) fn place_queue(&mut self, name: &Name, owner: Option<u32>) {
        let cluster = &self.nodes.cluster;
        let declaring = cluster.node_of(owner);
        let mut members_hosted = [0usize; NODES_MAX];
        let mut leaders_hosted = [0usize; NODES_MAX];
        for replicas in self.queues.values().filter(|q| q.name != *name).filter_map(|q| q.placement.replicas()) {
            replicas.members().iter().filter_map(|m| m.index()).for_each(|i| members_hosted[i] += 1);
            replicas.leader().and_then(NodeId::index).into_iter().for_each(|i| leaders_hosted[i] += 1);
        }
        let priority_levels = self.version.quorum_priority_levels();
        let Some(queue) = self.queues.get_mut(name) else { return };
        queue.placement = match queue.arguments.queue_type {
            // The model does not replicate streams: one lives on its declaring node, and is
            // down while that node is, as a durable classic queue is.
            QueueType::Classic | QueueType::Stream => Placement::Node(declaring),
            QueueType::Quorum => {
                queue.priority_levels = priority_levels;
                let arguments = &queue.arguments;
                let size = arguments.group_size();
                Placement::Replicated(cluster.place_quorum(declaring, size, arguments.leader_locator, &members_hosted, &leaders_hosted))
            }
        };
    }

    /// After `follow_version`: quorum queues follow the version's priority levels.
    pub(in crate::message_broker) fn follow_version_in_queues(&mut self) {
        let levels = self.version.quorum_priority_levels();
        for queue in self.queues.values_mut().filter(|q| q.arguments.queue_type == QueueType::Quorum) {
            queue.priority_levels = levels;
        }
    }

    /// Whether `name` can take, keep and deliver messages now (a missing queue: no).
    pub(super) fn is_available(&self, name: &Name) -> bool {
        self.queues.get(name).is_some_and(|q| q.placement.is_available(&self.nodes.cluster))
    }

    /// `basic.get` and `basic.consume` of a queue that is not available.
    pub(super) fn check_available(&self, queue: &Queue) -> Result<(), Error> {
        self.check_home(queue)?;
        match &queue.placement {
            Placement::Replicated(replicas) if replicas.leader().is_none() => Err(Error::QueueUnavailable(queue.name.clone())),
            _ => Ok(()),
        }
    }

    /// Any use of a classic queue whose node is stopped (a redeclare too).
    pub(super) fn check_home(&self, queue: &Queue) -> Result<(), Error> {
        match &queue.placement {
            Placement::Node(node) if !self.nodes.cluster.is_running(*node) => {
                Err(Error::QueueDown { queue: queue.name.clone(), node: *node })
            }
            _ => Ok(()),
        }
    }

    /// `channel` starts routing a publish (see `hold_if_unavailable`).
    pub(super) fn begin_publish(&mut self, channel: ChannelId) {
        self.nodes.publishing = Some(channel);
    }

    /// A message routed to `name` while it is unavailable. A quorum queue keeps it waiting for
    /// a majority (`Err(true)`) if the publishing channel has an enqueuer session with it (or
    /// it is being dead-lettered): `rabbit_fifo_client` resends pending commands until a
    /// leader answers. A channel's first publish to the queue must register a session, which
    /// cannot happen without a majority: RabbitMQ 3.10 then rejects the publish
    /// (`rabbit_fifo_client:enqueue`, `quorum_queue_SUITE:publishing_to_unavailable_queue`,
    /// after the registration times out; the model at once). That, and a classic queue whose
    /// node is down, drops it (`Err(false)`, a nack). `Ok` gives it back for the usual enqueue.
    pub(super) fn hold_if_unavailable(&mut self, name: &Name, message: Message) -> Result<Message, bool> {
        let Some(queue) = self.queues.get_mut(name) else { return Ok(message) };
        let publishing = self.nodes.publishing;
        let replicated = matches!(queue.placement, Placement::Replicated(_));
        if queue.placement.is_available(&self.nodes.cluster) {
            if let Some(channel) = publishing.filter(|_| replicated) {
                queue.register_enqueuer(channel);
            }
            return Ok(message);
        }
        if replicated && publishing.is_none_or(|c| queue.enqueuers.contains_key(&c)) {
            self.messages_held += 1;
            let (id, waiting) = (message.id, queue.waiting.len() + 1);
            queue.waiting.push_back(message);
            self.emit(EventKind::MessageWaiting { message: id, queue: name.clone(), waiting });
            return Err(true);
        }
        let why = if replicated { DropReason::NoQuorum } else { DropReason::QueueDown };
        self.emit(EventKind::MessageDropped { message: message.id, queue: name.clone(), why });
        Err(false)
    }

    /// Settles after a publish and gives its confirm: now, or once every quorum queue it waits
    /// for has taken it (`sequence` then carries no answer yet).
    pub(super) fn confirm_publish(
        &mut self,
        channel: ChannelId,
        message: MessageId,
        queues: &[Name],
        accepted: bool,
    ) -> Option<(PublishSequence, Option<bool>)> {
        self.nodes.publishing = None;
        let sequence = self.channels.get_mut(&channel).and_then(|c| {
            let sequence = c.confirm_next?;
            c.confirm_next = Some(sequence + 1);
            Some(PublishSequence(sequence))
        });
        self.settle();
        let sequence = sequence?;
        let waiting: BTreeSet<Name> = queues
            .iter()
            .filter(|q| self.queues.get(*q).is_some_and(|q| q.waiting.iter().any(|m| m.id == message)))
            .cloned()
            .collect();
        if waiting.is_empty() {
            self.emit(EventKind::PublishConfirmed { channel, sequence, message, ack: accepted });
            return Some((sequence, Some(accepted)));
        }
        self.nodes.confirms.push(WaitingConfirm { channel, sequence, message, queues: waiting, ack: accepted });
        Some((sequence, None))
    }

    /// A closed channel's waiting confirms and enqueuer sessions go with it.
    pub(super) fn forget_confirms(&mut self, channel: ChannelId) {
        self.nodes.confirms.retain(|c| c.channel != channel);
        for queue in self.queues.values_mut() {
            queue.enqueuers.remove(&channel);
        }
    }

    /// Whether `queue` refuses a message of `size` bytes (`reject-publish`): a classic queue
    /// when it would go past a limit; a quorum queue when the publishing channel's enqueuer
    /// is blocked (`Queue::quorum_refuses`, in `quorum.rs`).
    pub(super) fn refuses(&self, queue: &Queue, size: u64) -> bool {
        match queue.arguments.queue_type {
            QueueType::Classic | QueueType::Stream => queue.would_overflow(size),
            QueueType::Quorum => queue.quorum_refuses(self.nodes.publishing),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Private helpers

    fn check_node(&self, node: NodeId, running: bool) -> Result<(), Error> {
        if !self.nodes.cluster.contains(node) {
            return Err(Error::NodeNotFound(node));
        }
        if self.nodes.cluster.is_running(node) != running {
            return Err(Error::NodeState { node, running: !running });
        }
        Ok(())
    }

    /// A quorum queue follows the nodes that run now: elections, losing or regaining its
    /// majority, then the publishes that waited for it.
    fn follow_nodes(&mut self, name: &Name) {
        let cluster = &self.nodes.cluster;
        let Some(queue) = self.queues.get_mut(name) else { return };
        let Placement::Replicated(replicas) = &mut queue.placement else { return };
        let (before, previous) = (replicas.leader().is_some(), replicas.leader());
        let elected = replicas.follow(cluster);
        let (after, term) = (replicas.leader().is_some(), replicas.term());
        let running = replicas.members().iter().filter(|&&m| cluster.is_running(m)).count();
        let members = replicas.members().len();
        if let Some(leader) = elected {
            self.emit(EventKind::LeaderElected { queue: name.clone(), leader, previous, term });
        }
        if before && !after {
            self.emit(EventKind::QueueUnavailable { queue: name.clone(), running, members });
        }
        if !before && after {
            self.release_waiting(name);
        }
    }

    /// A quorum queue regained its majority: it takes the publishes that waited, in order,
    /// and the confirms waiting for them are answered.
    fn release_waiting(&mut self, name: &Name) {
        let waiting = self.queues.get_mut(name).map(|q| core::mem::take(&mut q.waiting)).unwrap_or_default();
        self.emit(EventKind::QueueAvailable { queue: name.clone(), waiting: waiting.len() });
        self.dirty.insert(name.clone());
        for message in waiting {
            self.messages_held -= 1;
            let id = message.id;
            let accepted = self.enqueue(name, message, true);
            self.answer_confirms(name, id, accepted);
        }
    }

    fn answer_confirms(&mut self, queue: &Name, message: MessageId, accepted: bool) {
        let mut answered = Vec::new();
        for confirm in self.nodes.confirms.iter_mut().filter(|c| c.message == message) {
            if confirm.queues.remove(queue) {
                confirm.ack &= accepted;
            }
            if confirm.queues.is_empty() {
                answered.push((confirm.channel, confirm.sequence, confirm.ack));
            }
        }
        self.nodes.confirms.retain(|c| !c.queues.is_empty());
        for (channel, sequence, ack) in answered {
            if self.channels.contains_key(&channel) {
                self.emit(EventKind::PublishConfirmed { channel, sequence, message, ack });
            }
        }
    }

    /// A classic queue's node stopped (see the module's comment).
    fn classic_queue_down(&mut self, name: &Name, node: NodeId) {
        let Some(queue) = self.queues.get(name) else { return };
        if !queue.durable || queue.exclusive_owner.is_some() {
            self.remove_queue(name, Removal::NodeDown);
            return;
        }
        let consumers = queue.consumers.clone();
        for key in &consumers {
            self.remove_consumer(key, true);
        }
        self.next_incarnation += 1;
        let incarnation = self.next_incarnation;
        let Some(queue) = self.queues.get_mut(name) else { return };
        // Deliveries still on channels belong to the queue as it was: acks of them do nothing.
        queue.incarnation = incarnation;
        let (_, lost) = recover(queue);
        self.messages_held -= lost.len();
        self.emit(EventKind::QueueUnavailable { queue: name.clone(), running: 0, members: 1 });
        for message in lost {
            self.emit(EventKind::MessageDropped { message, queue: name.clone(), why: DropReason::NodeDown(node) });
        }
    }
}

/// What a queue keeps when its node restarts (R14): ready and unacked messages it keeps come
/// back ready (the unacked ones marked redelivered, returned messages of a quorum queue still
/// first); returns the ids kept and lost.
pub(super) fn recover(queue: &mut Queue) -> (Vec<MessageId>, Vec<MessageId>) {
    let mut all: Vec<Queued> = core::mem::take(&mut queue.ready).into_values().collect();
    all.extend(core::mem::take(&mut queue.unacked).into_values().map(|mut q| {
        q.redelivered = true;
        q
    }));
    queue.ready_bytes = 0;
    let (mut kept, mut lost) = (Vec::new(), Vec::new());
    for queued in all {
        if queue.keeps_over_restart(&queued.message) {
            let returned = queued.key.0 == 0 && queue.arguments.queue_type == QueueType::Quorum;
            kept.push(queued.message.id);
            queue.push_ready(queued, returned);
        } else {
            lost.push(queued.message.id);
        }
    }
    (kept, lost)
}
