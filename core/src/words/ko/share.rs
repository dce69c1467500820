//! 한국어: 공유 파티션(Kafka 공유 그룹, KIP-932)이 거절하는 이유.

use alloc::format;
use alloc::string::String;

use crate::event_broker::share::{BatchProblem, RequestProblem, ShareConfigError, ShareError, StateProblem};
use crate::limits::{SHARE_ACKNOWLEDGE_BATCHES_MAX, SHARE_FETCH_BATCHES_MAX, SHARE_FETCH_SPAN_MAX, SHARE_OFFSET_MAX};

pub(super) fn share_error(error: &ShareError) -> String {
    match error {
        ShareError::InvalidRecordState { first, last, problem } => {
            let why = match problem {
                StateProblem::NotInFlight => "첫 오프셋이 공유 파티션의 처리 중 레코드에 없습니다",
                StateProblem::NotAcquired => "획득되지 않은 레코드(가용, 확인 완료 또는 보관됨)가 있습니다",
                StateProblem::NotOwner => "다른 멤버가 잡고 있는 레코드가 있습니다",
            };
            format!("INVALID_RECORD_STATE: {first}–{last} 확인 요청이 거절되어 아무것도 바뀌지 않았습니다: {why}")
        }
        ShareError::InvalidRequest { first, last, problem } => {
            let why = match problem {
                RequestProblem::FirstAfterLast => String::from("첫 오프셋이 마지막 오프셋보다 뒤입니다"),
                RequestProblem::TypeCount { types } => {
                    format!("확인 유형이 {types}개입니다: 범위 전체에 하나, 또는 오프셋마다 하나를 주세요")
                }
                RequestProblem::PastInFlight => String::from("처리 중인 마지막 레코드를 넘어갑니다"),
            };
            format!("INVALID_REQUEST: {first}–{last} 확인 요청이 거절되어 아무것도 바뀌지 않았습니다: {why}")
        }
        ShareError::FetchedBatches(problem) => match problem {
            BatchProblem::FirstAfterLast { first, last } => {
                format!("가져온 배치가 마지막 오프셋 {last}보다 뒤인 {first}에서 시작할 수 없습니다")
            }
            BatchProblem::NotAscending { first, previous_last } => {
                format!("가져온 배치는 겹치지 않고 오름차순이어야 합니다: {first}에서 시작하는 배치가 {previous_last} 뒤가 아닙니다")
            }
            BatchProblem::SpanTooLong { first, last } => {
                format!("{first}–{last}에 걸친 가져오기는 오프셋 {SHARE_FETCH_SPAN_MAX}개보다 깁니다")
            }
            BatchProblem::TooMany { batches } => {
                format!("가져온 배치 {batches}개는 최대 {SHARE_FETCH_BATCHES_MAX}개보다 많습니다")
            }
        },
        ShareError::TooManyAcknowledgementBatches { batches } => {
            format!("확인 배치 {batches}개는 최대 {SHARE_ACKNOWLEDGE_BATCHES_MAX}개보다 많습니다")
        }
        ShareError::OffsetTooLarge { offset } => {
            format!("오프셋 {offset}은 공유 파티션이 받는 가장 큰 Kafka 오프셋({SHARE_OFFSET_MAX})을 넘습니다")
        }
    }
}

pub(super) fn share_config_error(error: &ShareConfigError) -> String {
    let range = error.setting.range();
    format!(
        "{} = {}은 Kafka의 허용 범위 {}–{} 밖이라 아무것도 설정되지 않았습니다",
        error.setting.kafka_name(),
        error.value,
        range.start(),
        range.end()
    )
}
