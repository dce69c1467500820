//! What the learner changes in a running share group: a member pausing and resuming its poll
//! loop, how a member answers for what it processed, and the group's dynamic config. Every
//! command checks first and changes nothing when refused; every change is an event.
//!
//! Pause: `ShareConsumer` has no `pause()`; a paused member is an application that stops
//! calling `poll()`. Its acknowledgements travel with its next fetch (K20), so while paused it
//! neither acquires nor acknowledges, and the locks on what it holds keep running: records it
//! processed may expire and go to another member before its answer arrives, which the broker
//! then refuses (`INVALID_RECORD_STATE`).
//!
//! Config: a share group's `share.record.lock.duration.ms` is read by `SharePartition` each
//! time it acquires (`recordLockDurationMsOrDefault`), so new locks use the new value and the
//! locks already given keep their expiry; the delivery limit (`share.delivery.count.limit`,
//! Kafka 4.3) is modelled the same way, applying when an acquisition next ends.

use alloc::string::String;
use serde::{Deserialize, Serialize};

use super::{AcknowledgementMode, ShareAnswer, ShareTimer};
use crate::event_broker::share::ShareSetting;
use crate::world::{CommandError, EventKind, MemberState, Timer, World};

/// What a learner does to a share group (`Command::Share`); each is refused, changing nothing,
/// when it does not apply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ShareCommand {
    /// The member dies; what it holds stays locked until the locks expire.
    CrashShareMember { group: String, member: u32 },
    /// A crashed member starts again.
    ReviveShareMember { group: String, member: u32 },
    /// The member stops polling: it sends no fetch, so it acquires nothing and its answers for
    /// what it processed wait (its locks keep running).
    PauseShareMember { group: String, member: u32 },
    /// A paused member polls again, sending the answers that waited.
    ResumeShareMember { group: String, member: u32 },
    /// How the member answers for each record from now on (accept, release or reject:
    /// `ShareConsumer.acknowledge(record, type)`).
    SetShareMemberAnswer { group: String, member: u32, answer: ShareAnswer },
    /// A share group's dynamic config (`kafka-configs --entity-type groups`); a value outside
    /// Kafka's range is refused with `OutOfRange` naming Kafka's setting.
    SetShareGroupConfig { group: String, setting: ShareSetting, value: u64 },
    /// The members' `share.acknowledgement.mode`, from their next poll (in Kafka a client
    /// setting, so the consumers restart with it). Implicit: every member accepts.
    SetShareAcknowledgementMode { group: String, mode: AcknowledgementMode },
}

impl World {
    /// `Command::Share`.
    pub(crate) fn apply_share(&mut self, command: ShareCommand) -> Result<(), CommandError> {
        match command {
            ShareCommand::CrashShareMember { group, member } => self.crash_share_member(group, member),
            ShareCommand::ReviveShareMember { group, member } => self.revive_share_member(group, member),
            ShareCommand::PauseShareMember { group, member } => self.pause_share_member(group, member),
            ShareCommand::ResumeShareMember { group, member } => self.resume_share_member(group, member),
            ShareCommand::SetShareMemberAnswer { group, member, answer } => self.set_share_member_answer(group, member, answer),
            ShareCommand::SetShareGroupConfig { group, setting, value } => self.set_share_group_config(group, setting, value),
            ShareCommand::SetShareAcknowledgementMode { group, mode } => self.set_share_acknowledgement_mode(group, mode),
        }
    }

    /// `ShareCommand::SetShareAcknowledgementMode`: under `implicit` every member accepts what
    /// it processed from now on (the next poll accepts the last one's records).
    fn set_share_acknowledgement_mode(&mut self, group: String, mode: AcknowledgementMode) -> Result<(), CommandError> {
        let g = self.share_groups.iter().position(|s| *s.name == *group).ok_or(CommandError::UnknownGroup(group))?;
        let share = &mut self.share_groups[g];
        share.mode = mode;
        if mode == AcknowledgementMode::Implicit {
            for member in &mut share.members {
                member.answer = ShareAnswer::Accept;
            }
        }
        self.emit(EventKind::ShareAcknowledgementModeSet { group: self.share_groups[g].name.clone(), mode });
        Ok(())
    }

    /// `ShareCommand::PauseShareMember`: only a running member pauses.
    pub(crate) fn pause_share_member(&mut self, group: String, member: u32) -> Result<(), CommandError> {
        let (g, m) = self.share_member_index(&group, member)?;
        let state = self.share_groups[g].members[m].state();
        if state != MemberState::Running {
            return Err(CommandError::MemberState { group, member, state });
        }
        self.share_groups[g].members[m].paused = true;
        self.emit(EventKind::ShareMemberPaused { group: self.share_groups[g].name.clone(), member });
        Ok(())
    }

    /// `ShareCommand::ResumeShareMember`: only a paused member resumes. If its loop stopped at the
    /// pause, its next fetch leaves now, carrying the answers that waited.
    pub(crate) fn resume_share_member(&mut self, group: String, member: u32) -> Result<(), CommandError> {
        let (g, m) = self.share_member_index(&group, member)?;
        let state = self.share_groups[g].members[m].state();
        if state != MemberState::Paused {
            return Err(CommandError::MemberState { group, member, state });
        }
        let share_member = &mut self.share_groups[g].members[m];
        share_member.paused = false;
        let parked = share_member.parked.take();
        let incarnation = share_member.incarnation;
        self.emit(EventKind::ShareMemberResumed { group: self.share_groups[g].name.clone(), member });
        // Paused and resumed before its loop came round: the loop is still going.
        let Some(acknowledgements) = parked else { return Ok(()) };
        let arrives = self.now + self.link_ms;
        self.share_emit_sent(g, m, &acknowledgements, arrives);
        let answer = self.share_groups[g].members[m].answer;
        self.schedule(arrives, Timer::Share(ShareTimer::FetchArrives { group: g, member: m, incarnation, acknowledgements, answer }));
        Ok(())
    }

    /// `ShareCommand::SetShareMemberAnswer`: any member, running, paused or crashed (a crashed one
    /// answers that way once it starts again).
    pub(crate) fn set_share_member_answer(&mut self, group: String, member: u32, answer: ShareAnswer) -> Result<(), CommandError> {
        let (g, m) = self.share_member_index(&group, member)?;
        if self.share_groups[g].mode == AcknowledgementMode::Implicit && answer != ShareAnswer::Accept {
            return Err(CommandError::ImplicitAcknowledgement { group });
        }
        self.share_groups[g].members[m].answer = answer;
        self.emit(EventKind::ShareMemberAnswerSet { group: self.share_groups[g].name.clone(), member, answer });
        Ok(())
    }

    /// `ShareCommand::SetShareGroupConfig`: a value outside Kafka's range is `OutOfRange`, naming
    /// Kafka's setting, and changes nothing.
    pub(crate) fn set_share_group_config(&mut self, group: String, setting: ShareSetting, value: u64) -> Result<(), CommandError> {
        let g = self.share_groups.iter().position(|s| *s.name == *group).ok_or(CommandError::UnknownGroup(group))?;
        let config = self.share_groups[g].config.with(setting, value).map_err(|_| {
            let range = setting.range();
            let wide = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
            CommandError::OutOfRange { field: setting.kafka_name(), value: wide(value), min: wide(*range.start()), max: wide(*range.end()) }
        })?;
        let share = &mut self.share_groups[g];
        share.config = config;
        for sp in share.partitions.values_mut() {
            sp.reconfigure(config);
        }
        self.emit(EventKind::ShareGroupConfigSet { group: self.share_groups[g].name.clone(), setting, value });
        Ok(())
    }
}
