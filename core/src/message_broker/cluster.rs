//! The message broker's nodes, and where each queue lives on them (R20): a classic queue on one
//! node, a quorum queue as a Raft group of members on several nodes, one of them the leader.
//! Pure data and pure choices (placement, election, majority); `broker/nodes.rs` applies them
//! when a queue is declared and when a node stops or starts. It knows nothing of messages.
//!
//! A quorum queue's life on the cluster:
//!
//! ```text
//!                      member node stops, majority left
//!            ┌──────────────────────────────────────────────┐
//!            │   (the leader's node: a new leader is elected)│
//!            ▼                                              │
//!   declare ─▶ AVAILABLE ──member node stops, no majority──▶ UNAVAILABLE
//!                  ▲                                          │
//!                  └──── member node starts, majority back ───┘
//!                        (a leader is elected among the live)
//! ```
//!
//! Sources (rabbitmq-server, tags v3.10.8 and v4.2.0):
//! - `rabbit_queue_location:select_leader_and_followers` (3.10; `select_members` in 4.x):
//!   the members are the declaring node and, while the cluster has more nodes than the group
//!   size, the others sorted running first, then by how many queue members they already
//!   host (fewest first); the leader is the declaring node (`client-local`, the default of
//!   `x-queue-leader-locator`) or, with `balanced`, the running member hosting the fewest
//!   leaders. Where RabbitMQ's order is left to its sort (equal counts), the model takes the
//!   lowest node number, and it never uses the random choice RabbitMQ makes past 1,000 queues.
//! - `rabbit_quorum_queue:declare` and `rabbitmq-website` `quorum-queues/index.md`
//!   ("Quorum Queue Replication and Data Safety", "Leader election and failure handling"): a
//!   command is committed once a majority of members has it; a leader is elected by a majority;
//!   with fewer than a majority of members online the queue is unavailable.
//! - Raft (the `ra` library) picks whichever candidate's election timer fires first, which
//!   real time decides. The model is deterministic: among the live members whose log is up to
//!   date (Raft's election restriction: a voter refuses a candidate whose log is behind its
//!   own), the lowest node number wins. A member that was down is behind until a leader
//!   catches it up; the model catches it up the moment it is back and a leader exists.

use alloc::collections::BTreeSet;
use alloc::vec::Vec;
use core::fmt;

use super::NODES_MAX;

/// A node of the message broker's cluster, numbered from 1 (`rabbit@node1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u8);

impl NodeId {
    /// Its place in per-node tables (node 1 at 0); `None` for node 0, which no cluster has.
    pub fn index(self) -> Option<usize> {
        usize::from(self.0).checked_sub(1)
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rabbit@node{}", self.0)
    }
}

/// `x-queue-leader-locator`: where a new quorum queue's leader goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum LeaderLocator {
    /// The node of the connection that declared it (RabbitMQ's default).
    #[default]
    ClientLocal,
    /// The running member hosting the fewest leaders. RabbitMQ reads the deprecated `random`
    /// and `least-leaders` as `balanced`.
    Balanced,
}

impl LeaderLocator {
    /// The argument's value, as `rabbit_queue_location:queue_leader_locators` (3.10) accepts it.
    pub fn parse(value: &str) -> Option<LeaderLocator> {
        match value {
            "client-local" => Some(LeaderLocator::ClientLocal),
            "balanced" | "random" | "least-leaders" => Some(LeaderLocator::Balanced),
            _ => None,
        }
    }
}

/// Which nodes run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    running: Vec<bool>,
}

impl Default for Cluster {
    fn default() -> Self {
        Cluster::new(1)
    }
}

impl Cluster {
    /// `nodes` nodes, all running; `nodes` is in 1..=`NODES_MAX` (checked by the caller).
    pub fn new(nodes: u8) -> Cluster {
        assert!((1..=NODES_MAX).contains(&usize::from(nodes)), "a cluster has 1 to NODES_MAX nodes");
        Cluster { running: alloc::vec![true; usize::from(nodes)] }
    }

    pub fn size(&self) -> u8 {
        self.running.len() as u8
    }

    pub fn nodes(&self) -> impl Iterator<Item = NodeId> + '_ {
        (1..=self.running.len()).map(|n| NodeId(n as u8))
    }

    pub fn contains(&self, node: NodeId) -> bool {
        node.index().is_some_and(|i| i < self.running.len())
    }

    pub fn is_running(&self, node: NodeId) -> bool {
        node.index().and_then(|i| self.running.get(i)).copied().unwrap_or(false)
    }

    pub fn running_count(&self) -> usize {
        self.running.iter().filter(|r| **r).count()
    }

    pub(crate) fn set_running(&mut self, node: NodeId, running: bool) {
        let index = node.index().expect("a node of the cluster");
        self.running[index] = running;
    }

    /// The node a connection's commands reach: connections are spread over the nodes by
    /// number (as a load balancer in front of a cluster would), and a client whose node is
    /// down is taken to be on the next running one. A definitions import has no connection:
    /// node 1.
    pub fn node_of(&self, connection: Option<u32>) -> NodeId {
        let size = self.running.len() as u32;
        let first = connection.map_or(0, |c| c % size);
        let node = |step: u32| NodeId(((first + step) % size) as u8 + 1);
        (0..size).map(node).find(|&n| self.is_running(n)).unwrap_or(node(0))
    }

    /// A new quorum queue's members and leader (see the module's sources). `members_hosted`
    /// and `leaders_hosted` count, per node, the quorum queue members and leaders it has.
    pub fn place_quorum(
        &self,
        declaring: NodeId,
        group_size: u8,
        locator: LeaderLocator,
        members_hosted: &[usize],
        leaders_hosted: &[usize],
    ) -> Replicas {
        let size = usize::from(group_size.max(1)).min(self.running.len());
        let mut others: Vec<NodeId> = self.nodes().filter(|&n| n != declaring).collect();
        let hosted = |n: &NodeId| n.index().and_then(|i| members_hosted.get(i)).copied().unwrap_or(0);
        crate::sort::sort_by_key(&mut others, |n| (!self.is_running(*n), hosted(n), n.0));
        let mut members = alloc::vec![declaring];
        members.extend(others.into_iter().take(size - 1));
        crate::sort::sort_by_key(&mut members, |n| n.0);
        let leader = match locator {
            LeaderLocator::ClientLocal => declaring,
            LeaderLocator::Balanced => {
                let live: Vec<NodeId> = members.iter().copied().filter(|&n| self.is_running(n)).collect();
                let pool = if live.is_empty() { members.clone() } else { live };
                let led = |n: &NodeId| n.index().and_then(|i| leaders_hosted.get(i)).copied().unwrap_or(0);
                pool.into_iter().min_by_key(|n| (led(n), n.0)).expect("a group has a member")
            }
        };
        let mut replicas = Replicas { members, leader: Some(leader), behind: BTreeSet::new(), term: 1 };
        replicas.follow(self);
        replicas
    }
}

/// Where a queue lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// A classic queue: one node holds it.
    Node(NodeId),
    /// A quorum queue's Raft group.
    Replicated(Replicas),
}

impl Placement {
    /// Whether the queue can take, keep and deliver messages now.
    pub fn is_available(&self, cluster: &Cluster) -> bool {
        match self {
            Placement::Node(node) => cluster.is_running(*node),
            Placement::Replicated(replicas) => replicas.leader.is_some(),
        }
    }

    pub fn replicas(&self) -> Option<&Replicas> {
        match self {
            Placement::Replicated(replicas) => Some(replicas),
            Placement::Node(_) => None,
        }
    }

    /// The node holding a classic queue, or a quorum queue's leader (if it has one).
    pub fn home(&self) -> Option<NodeId> {
        match self {
            Placement::Node(node) => Some(*node),
            Placement::Replicated(replicas) => replicas.leader,
        }
    }
}

/// A quorum queue's members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replicas {
    /// By node number.
    members: Vec<NodeId>,
    /// `None` while fewer than a majority of members run.
    leader: Option<NodeId>,
    /// Members that missed committed entries while down and have not been caught up.
    behind: BTreeSet<NodeId>,
    /// Raft's term: one more at each election.
    term: u64,
}

impl Replicas {
    pub fn members(&self) -> &[NodeId] {
        &self.members
    }

    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }

    /// Members other than the leader, by node number.
    pub fn followers(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.members.iter().copied().filter(move |&m| Some(m) != self.leader)
    }

    pub fn term(&self) -> u64 {
        self.term
    }

    /// Whether `member` missed entries while down and still lacks them.
    pub fn is_behind(&self, member: NodeId) -> bool {
        self.behind.contains(&member)
    }

    /// How many members make a majority: more than half.
    pub fn quorum(&self) -> usize {
        self.members.len() / 2 + 1
    }

    pub fn has_majority(&self, cluster: &Cluster) -> bool {
        self.members.iter().filter(|&&m| cluster.is_running(m)).count() >= self.quorum()
    }

    /// The member that wins an election now: a live member with an up-to-date log, the
    /// lowest node number first; `None` without a majority.
    fn elect(&self, cluster: &Cluster) -> Option<NodeId> {
        if !self.has_majority(cluster) {
            return None;
        }
        self.members.iter().copied().find(|&m| cluster.is_running(m) && !self.behind.contains(&m))
    }

    /// Brings the group up to date with which nodes run: without a live leader, the member
    /// that wins an election leads (none without a majority; the term grows with each
    /// election); while there is a leader, live members are caught up and stopped ones fall
    /// behind (from now on they can miss committed entries). Returns the leader elected, if
    /// there was an election.
    pub(crate) fn follow(&mut self, cluster: &Cluster) -> Option<NodeId> {
        let mut elected = None;
        if self.leader.is_none_or(|l| !cluster.is_running(l)) || !self.has_majority(cluster) {
            self.leader = self.elect(cluster);
            if self.leader.is_some() {
                self.term += 1;
                elected = self.leader;
            }
        }
        if self.leader.is_some() {
            self.behind = self.members.iter().copied().filter(|&m| !cluster.is_running(m)).collect();
        }
        elected
    }
}
