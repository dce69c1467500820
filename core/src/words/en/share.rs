//! English for the share-partition's refusals (Kafka's share groups, KIP-932).

use alloc::format;
use alloc::string::String;

use crate::event_broker::share::{BatchProblem, RequestProblem, ShareConfigError, ShareError, StateProblem};
use crate::limits::{SHARE_ACKNOWLEDGE_BATCHES_MAX, SHARE_FETCH_BATCHES_MAX, SHARE_FETCH_SPAN_MAX, SHARE_OFFSET_MAX};

pub(super) fn share_error(error: &ShareError) -> String {
    match error {
        ShareError::InvalidRecordState { first, last, problem } => {
            let why = match problem {
                StateProblem::NotInFlight => "its first offset is not in flight in the share-partition",
                StateProblem::NotAcquired => "a record in it is not acquired (it is available, acknowledged or archived)",
                StateProblem::NotOwner => "a record in it is held by another member",
            };
            format!("INVALID_RECORD_STATE: the acknowledgement of {first}–{last} was refused, nothing changed: {why}")
        }
        ShareError::InvalidRequest { first, last, problem } => {
            let why = match problem {
                RequestProblem::FirstAfterLast => String::from("its first offset is after its last"),
                RequestProblem::TypeCount { types } => {
                    format!("it gives {types} acknowledge types: give one for the whole range or one per offset")
                }
                RequestProblem::PastInFlight => String::from("it reaches past the last record in flight"),
            };
            format!("INVALID_REQUEST: the acknowledgement of {first}–{last} was refused, nothing changed: {why}")
        }
        ShareError::FetchedBatches(problem) => match problem {
            BatchProblem::FirstAfterLast { first, last } => {
                format!("a fetched batch cannot start at {first} after its last offset {last}")
            }
            BatchProblem::NotAscending { first, previous_last } => {
                format!("fetched batches must ascend apart: a batch starts at {first}, not after {previous_last}")
            }
            BatchProblem::SpanTooLong { first, last } => {
                format!("a fetch spanning {first}–{last} is longer than {SHARE_FETCH_SPAN_MAX} offsets")
            }
            BatchProblem::TooMany { batches } => {
                format!("{batches} fetched batches are more than {SHARE_FETCH_BATCHES_MAX}")
            }
        },
        ShareError::TooManyAcknowledgementBatches { batches } => {
            format!("{batches} acknowledgement batches are more than {SHARE_ACKNOWLEDGE_BATCHES_MAX}")
        }
        ShareError::OffsetTooLarge { offset } => {
            format!("offset {offset} is past the highest Kafka offset the share-partition takes ({SHARE_OFFSET_MAX})")
        }
    }
}

pub(super) fn share_config_error(error: &ShareConfigError) -> String {
    let range = error.setting.range();
    format!(
        "{} = {} is outside Kafka's range {}–{}; nothing was set",
        error.setting.kafka_name(),
        error.value,
        range.start(),
        range.end()
    )
}
