//! Eligible leader replicas (KIP-966, Kafka 4.2; K22): the controller's arithmetic over one
//! partition's replicas, ISR and ELR, as plain functions. The world (`world::brokers`,
//! `world::replication`) decides when the ISR changes and emits the events; this module only
//! says what the ELR becomes and who may lead. It knows nothing of time, timers or events.
//!
//! Facts, from apache/kafka `metadata/.../controller/PartitionChangeBuilder.java`:
//! - `maybePopulateTargetElr`: when an ISR change leaves the ISR at or above
//!   `min.insync.replicas`, the ELR is cleared; below it, the ELR becomes the old ELR and the
//!   old ISR, less the new ISR and less a broker back from an unclean shutdown.
//! - `electAnyLeader` and `isValidNewLeader`: the first replica, in replica order, that is an
//!   acceptable (unfenced) member of the new ISR; or, when the new ISR is empty, an acceptable
//!   member of the ELR; then the last known leader (`canElectLastKnownLeader`: only when both
//!   the ISR and the ELR are empty); then, if the topic allows it, an unclean election.
//! - `tryElection`: a leader from the ELR makes the ISR itself alone and leaves the ELR; the
//!   last known leader is flagged unclean (the ISR becomes it alone, the ELR is cleared).

use alloc::vec::Vec;

use crate::event_broker::BrokerId;

/// The ELR after the ISR goes from `isr` to `target_isr` (`maybePopulateTargetElr`), in
/// replica order. `unclean_shutdown`: a broker back from an unclean shutdown, which may hold
/// less than it acknowledged (its unflushed tail died with it), so it is not eligible.
pub fn next_elr(
    replicas: &[BrokerId],
    isr: &[BrokerId],
    elr: &[BrokerId],
    target_isr: &[BrokerId],
    min_insync_replicas: u32,
    unclean_shutdown: Option<BrokerId>,
) -> Vec<BrokerId> {
    if target_isr.len() as u32 >= min_insync_replicas {
        return Vec::new();
    }
    replicas
        .iter()
        .copied()
        .filter(|b| (elr.contains(b) || isr.contains(b)) && !target_isr.contains(b) && Some(*b) != unclean_shutdown)
        .collect()
}

/// Who leads after an election, and from where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Election {
    /// A live member of the ISR (a clean election).
    Isr(BrokerId),
    /// The ISR is empty; a live eligible leader replica (clean: it holds every committed
    /// record).
    Elr(BrokerId),
    /// Neither the ISR nor the ELR has anyone; the leader the partition had when its ISR
    /// became empty.
    LastKnownLeader(BrokerId),
    /// An out-of-sync replica (`unclean.leader.election.enable`): what it lacks is lost.
    Unclean(BrokerId),
    /// Nobody may lead: the partition is offline.
    Nobody,
}

/// What an election looks at: the partition after the change that called it.
#[derive(Clone, Copy, Debug)]
pub struct Candidates<'a> {
    pub replicas: &'a [BrokerId],
    pub isr: &'a [BrokerId],
    pub elr: &'a [BrokerId],
    pub last_known_leader: Option<BrokerId>,
    pub eligible_leader_replicas: bool,
    pub unclean_allowed: bool,
}

/// `electAnyLeader`, for a partition whose leader is gone. `acceptable`: a running broker.
///
/// Kafka's `canElectLastKnownLeader` does not ask whether the last known leader is unfenced:
/// it names it leader even while it is down, and the partition is served once it comes back.
/// The model has no leader that is down, so it elects the last known leader when it runs,
/// which serves the partition at the same moment.
pub fn elect(c: Candidates<'_>, acceptable: impl Fn(BrokerId) -> bool) -> Election {
    let from_elr = c.eligible_leader_replicas && c.isr.is_empty();
    for &b in c.replicas {
        if !acceptable(b) {
            continue;
        }
        if c.isr.contains(&b) {
            return Election::Isr(b);
        }
        if from_elr && c.elr.contains(&b) {
            return Election::Elr(b);
        }
    }
    if c.eligible_leader_replicas
        && c.isr.is_empty()
        && c.elr.is_empty()
        && let Some(b) = c.last_known_leader.filter(|&b| acceptable(b))
    {
        return Election::LastKnownLeader(b);
    }
    if c.unclean_allowed
        && let Some(&b) = c.replicas.iter().find(|&&b| acceptable(b))
    {
        return Election::Unclean(b);
    }
    Election::Nobody
}
