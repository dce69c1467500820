//! SPSO and SPEO: moving the start past done records (`maybeUpdateCachedStateAndOffsets`) and
//! following the log start (`updateCacheAndOffsets`).

use super::SharePartition;
use super::error::ShareError;
use super::state::{RecordState, States};
use crate::event_broker::Offset;

impl SharePartition {
    /// The log start moved to `log_start` (retention, deletion): available records below it
    /// are archived, SPSO moves to it, and SPEO with it if the window is behind. Acquired
    /// records below it keep their holder until released or expired, then are archived. A
    /// log start at or below SPSO changes nothing.
    pub fn update_log_start(&mut self, log_start: Offset) -> Result<(), ShareError> {
        let log_start = super::check_offset(log_start.0)?;
        if log_start <= self.start_offset {
            return Ok(());
        }
        if self.batches.is_empty() {
            self.start_offset = log_start;
            self.end_offset = log_start;
            return Ok(());
        }
        let start = self.start_offset;
        for batch in self.batches.values_mut() {
            if batch.first >= log_start {
                break;
            }
            let full_match = batch.first >= start && batch.last < log_start;
            if !full_match || batch.is_per_offset() {
                if batch.whole().is_some_and(|state| state.state != RecordState::Available) {
                    continue;
                }
                batch.explode();
                let States::PerOffset(offsets) = &mut batch.states else { unreachable!("just exploded") };
                for (_, state) in offsets.range_mut(start..log_start) {
                    if state.state == RecordState::Available {
                        state.archive();
                    }
                }
                continue;
            }
            if let States::Whole(state) = &mut batch.states
                && state.state == RecordState::Available
            {
                state.archive();
            }
        }
        self.start_offset = log_start;
        self.end_offset = self.end_offset.max(log_start);
        Ok(())
    }

    /// Moves SPSO past the leading acknowledged and archived records, and drops the batches
    /// wholly before it. A batch is dropped only when all its records are done; when every
    /// in-flight record is done the window empties and SPSO = SPEO = the offset after it.
    pub(super) fn move_start_offset(&mut self) {
        let Some(last_done) = self.last_done_offset() else { return };
        let last_cached = self.batches.values().next_back().map(|batch| batch.last).expect("a done record is in flight");
        if last_done == last_cached {
            // Never behind the log start: a window left behind by a moved log start empties
            // to where SPSO already is.
            self.start_offset = self.start_offset.max(last_cached + 1);
            self.end_offset = self.start_offset;
            self.batches.clear();
            return;
        }
        let (&floor_key, floor) = self.batches.range(..=last_done).next_back().expect("the done offset is in flight");
        let next_start = if last_done == floor.last {
            *self.batches.range(last_done + 1..).next().expect("a later batch exists").0
        } else {
            last_done + 1
        };
        self.start_offset = self.start_offset.max(next_start);
        let drop_before = if last_done == floor.last { floor.last + 1 } else { floor_key };
        self.batches.retain(|_, batch| batch.first >= drop_before);
    }

    /// The last offset of the leading run of done records, if SPSO's record is done
    /// (`canMoveStartOffset`, `findLastOffsetAcknowledged`).
    ///
    /// SPSO's record is read as Kafka reads it: from the batch at or before SPSO, whose one
    /// state stands for SPSO even when SPSO is past its end (after the log start moved).
    fn last_done_offset(&self) -> Option<u64> {
        let (_, floor) = self.batches.range(..=self.start_offset).next_back()?;
        let at_start = match &floor.states {
            States::Whole(state) => state,
            States::PerOffset(offsets) => offsets.get(&self.start_offset)?,
        };
        if !at_start.state.is_final() {
            return None;
        }
        self.records().take_while(|record| record.state.state.is_final()).last().map(|record| record.offset)
    }
}
