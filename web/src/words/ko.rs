//! The page's words in Korean: the sentences; the labels are in `ko/labels.rs`, the lessons
//! in `ko/lessons.rs`. Where a text is not yet translated the Korean page says it in English,
//! and says so here by asking `English`.

use super::en::English;
use crate::checkpoint::{Choice, Fate, GivesWay, Produced, Revoked, Start};
use super::{Catalogue, Entity, LessonId, LessonWords, Ui};
use crate::setup::SetupError;
use brokerlab_core::Lang;
use crate::limits::{LOG_LINES_MAX, LOG_LIVE_MAX, LOG_SHOWN_MAX};

mod labels;
mod lessons;

/// Korean (한국어). Counts need no plural: "레코드 3개".
pub struct Korean;

impl Catalogue for Korean {
    fn code(&self) -> &'static str {
        "ko"
    }

    fn name(&self) -> &'static str {
        "한국어"
    }

    #[inline(always)]
    fn ui(&self, key: Ui) -> &'static str {
        labels::ui(key)
    }

    fn lesson(&self, id: LessonId) -> LessonWords {
        lessons::of(id)
    }

    fn choice(&self, choice: &Choice) -> String {
        match choice {
            Choice::Partition(p) => format!("P{p}"),
            Choice::Produced(Produced::Acked) => "확인(ack)을 받는다".into(),
            Choice::Produced(Produced::Refused) => "거부된다".into(),
            Choice::Produced(Produced::NoAnswer) => "응답 없이 기다린다".into(),
            Choice::Start(Start::LogStart, o) => format!("로그의 시작 (오프셋 {o})"),
            Choice::Start(Start::LogEnd, o) => format!("로그의 끝 (오프셋 {o})"),
            Choice::Start(Start::Committed, o) => format!("커밋된 오프셋 ({o})"),
            Choice::Start(Start::Zero, _) => "오프셋 0".into(),
            Choice::Start(Start::Other, o) => format!("오프셋 {o}"),
            Choice::Broker(b) => format!("b{b}"),
            Choice::Offline => "없음: 오프라인".into(),
            Choice::Yes => "예".into(),
            Choice::No => "아니요".into(),
            Choice::Revoked(Revoked::Everything) => "가진 것 전부".into(),
            Choice::Revoked(Revoked::OnlyWhatMoves) => "옮겨 갈 것만".into(),
            Choice::Revoked(Revoked::Nothing) => "아무것도 내놓지 않는다".into(),
            Choice::Queues(q) if q.is_empty() => "어느 큐에도: 버려진다".into(),
            Choice::Queues(q) => q.join(", "),
            Choice::Consumer(c) => c.clone(),
            Choice::Even => "서로 비슷하게".into(),
            Choice::Fate(Fate::Processed) => "컨슈머가 처리한다".into(),
            Choice::Fate(Fate::Loops) => "계속 다시 전달된다".into(),
            Choice::Fate(Fate::DeadLettered) => "데드레터로 간다".into(),
            Choice::Fate(Fate::Dropped) => "버려진다".into(),
            Choice::Fate(Fate::Waits) => "큐에서 기다린다".into(),
            Choice::Lost => "아무도: 사라진다".into(),
            Choice::GivesWay(GivesWay::Oldest) => "가장 오래 기다린 작업이 큐에서 나간다".into(),
            Choice::GivesWay(GivesWay::Newest) => "새 작업이 거부된다".into(),
            Choice::GivesWay(GivesWay::Nothing) => "아무것도: 큐가 늘어난다".into(),
            Choice::Count(n) => format!("{n}개"),
            Choice::Members(n) => format!("{n}명"),
            Choice::Times(n) => format!("{n}번"),
            Choice::Copies(g, w) => format!("그룹 {g}개가 읽음 · 작업자 {w}명"),
        }
    }

    fn step_of(&self, step: usize, steps: usize) -> String {
        format!("{steps}단계 중 {step}단계")
    }

    fn event_kind(&self, kind: &str) -> String {
        String::from(match kind {
            "record_sent" => "레코드 전송",
            "record_appended" => "레코드 추가",
            "record_rejected" => "레코드 거부",
            "not_enough_replicas" => "복제본 부족",
            "produce_acked" => "전송 확인",
            "replica_fetched" => "복제본 가져옴",
            "high_watermark_advanced" => "하이 워터마크 전진",
            "isr_shrunk" => "ISR 축소",
            "isr_expanded" => "ISR 확장",
            "broker_stopped" => "브로커 중지",
            "broker_started" => "브로커 시작",
            "leader_elected" => "리더 선출",
            "partition_offline" => "파티션 오프라인",
            "controlled_shutdown" => "정상 종료",
            "isr_shrunk_by_controller" => "컨트롤러가 ISR 축소",
            "elr_changed" => "ELR 변경",
            "elr_leader_elected" => "ELR에서 리더 선출",
            "last_known_leader_elected" => "마지막 리더 선출",
            "records_lost" => "레코드 유실",
            "replica_truncated" => "복제본 잘라냄",
            "topic_created" => "토픽 생성",
            "topic_deleted" => "토픽 삭제",
            "partitions_added" => "파티션 추가",
            "segments_deleted" => "세그먼트 삭제",
            "records_compacted" => "레코드 압축",
            "records_fetched" => "레코드 가져옴",
            "records_processed" => "레코드 처리",
            "offset_committed" => "오프셋 커밋",
            "commit_failed" => "커밋 실패",
            "rebalance_started" => "리밸런스 시작",
            "partitions_revoked" => "파티션 회수",
            "partitions_assigned" => "파티션 할당",
            "member_joined" => "멤버 참여",
            "member_left" => "멤버 떠남",
            "member_crashed" => "멤버 죽음",
            "member_paused" => "멤버 멈춤",
            "member_resumed" => "멤버 재개",
            "member_seeked" => "멤버 위치 이동",
            "static_member_returned" => "정적 멤버 복귀",
            "group_epoch_bumped" => "그룹 에포크 증가",
            "target_assignment_computed" => "목표 할당 계산",
            "member_reconciled" => "멤버 조정",
            "member_fenced" => "멤버 펜싱",
            "offset_reset" => "오프셋 초기화",
            "offsets_reset" => "오프셋 일괄 초기화",
            "no_offset_for_partition" => "오프셋 없음",
            "script_step_skipped" => "스크립트 단계 건너뜀",
            "share_records_acquired" => "공유: 레코드 획득",
            "share_acknowledgement_sent" => "공유: 응답 보냄",
            "share_records_acknowledged" => "공유: 레코드 응답",
            "share_acknowledgement_refused" => "공유: 응답 거절",
            "share_locks_expired" => "공유: 잠금 만료",
            "share_records_archived" => "공유: 레코드 보관",
            "share_member_crashed" => "공유: 멤버 죽음",
            "share_member_revived" => "공유: 멤버 다시 시작",
            "share_member_paused" => "공유: 멤버 멈춤",
            "share_member_resumed" => "공유: 멤버 재개",
            "share_member_answer_set" => "공유: 응답 방식 바뀜",
            "share_group_config_set" => "공유: 그룹 설정 바뀜",
            "publish_sent" => "발행 전송",
            "publish_arrived" => "발행 도착",
            "publish_refused" => "발행 거부",
            "delivery_sent" => "전달 전송",
            "processing_started" => "처리 시작",
            "settle_sent" => "ack/nack 전송",
            "consumer_crashed" => "컨슈머 죽음",
            "consumer_revived" => "컨슈머 되살아남",
            "consumer_paused" => "컨슈머 멈춤",
            "consumer_resumed" => "컨슈머 재개",
            "channel_opened" => "채널 열림",
            "channel_closed" => "채널 닫힘",
            "exchange_declared" => "익스체인지 선언",
            "exchange_deleted" => "익스체인지 삭제",
            "queue_declared" => "큐 선언",
            "queue_deleted" => "큐 삭제",
            "bound" => "바인딩 추가",
            "unbound" => "바인딩 제거",
            "consumer_started" => "컨슈머 구독",
            "consumer_cancelled" => "컨슈머 취소",
            "single_active_consumer" => "단일 활성 컨슈머",
            "message_published" => "메시지 발행",
            "alternate_exchange_used" => "대체 익스체인지 사용",
            "message_routed" => "메시지 라우팅",
            "message_enqueued" => "메시지 대기열 추가",
            "message_unroutable" => "라우팅 불가",
            "message_returned" => "메시지 반환",
            "publish_rejected" => "발행 거부됨",
            "publish_confirmed" => "발행 확인",
            "message_delivered" => "메시지 전달",
            "message_acked" => "메시지 ack",
            "message_requeued" => "메시지 재대기",
            "message_dead_lettered" => "데드레터 처리",
            "message_dropped" => "메시지 폐기",
            "acknowledgement_timed_out" => "ack 시간 초과",
            "broker_restarted" => "브로커 재시작",
            other => other,
        })
    }

    fn consumer_state<'a>(&self, state: &'a str) -> &'a str {
        match state {
            "running" => "실행 중",
            "paused" => "멈춤",
            "down" => "죽음",
            "cancelled" => "구독 취소됨",
            other => other,
        }
    }

    fn topic_heading(&self, topic: &str, partitions: u32) -> String {
        format!("토픽 {topic} · {partitions} 파티션")
    }

    /// Not yet translated.
    fn replicas_line(&self, leader: u32, isr: &str) -> String {
        English.replicas_line(leader, isr)
    }

    /// Not yet translated.
    fn group_heading(&self, group: &str, generation: u32, rebalancing: bool) -> String {
        English.group_heading(group, generation, rebalancing)
    }

    fn epoch_heading(&self, group: &str, epoch: u32, converging: bool) -> String {
        format!("{group} · 에포크 {epoch}{}", if converging { " ⟳" } else { "" })
    }

    /// Not yet translated.
    fn record_title(&self, offset: u64, key: Option<&str>) -> String {
        English.record_title(offset, key)
    }

    fn share_heading(&self, group: &str) -> String {
        format!("공유 그룹 {group}")
    }

    fn share_member_line(&self, member: u32, parts: &str, held: usize, state: &str) -> String {
        format!("m{member} {parts} · {held}개 보유 · {state}")
    }

    fn share_record_title(&self, group: &str, state: &str, holder: Option<&str>, delivery_count: u32, lock_until: Option<brokerlab_core::SimTime>) -> String {
        let held = match (holder, lock_until) {
            (Some(holder), Some(until)) => format!(" (보유: {holder}, {until}까지 잠김)"),
            _ => String::new(),
        };
        format!("{group}: {state}{held} · {delivery_count}번째 전달")
    }

    /// Not yet translated.
    fn exchange_kind(&self, kind: &str) -> String {
        English.exchange_kind(kind)
    }

    fn queue_counts(&self, ready: usize, unacked: usize) -> String {
        format!("대기 {ready} · 미확인 {unacked}")
    }

    fn consumer_counts(&self, state: &str, unacked: usize) -> String {
        format!("{state} · 미확인 {unacked}")
    }

    fn records_in_flight(&self, n: usize) -> String {
        format!("이동 중인 레코드 {n}개")
    }

    fn messages_in_flight(&self, n: usize) -> String {
        format!("이동 중인 메시지 {n}개")
    }

    fn log_count(&self, shown: usize, total: usize, live: bool) -> String {
        if live {
            format!("{total}개 중 {shown}개 표시 · 재생 중에는 최근 {LOG_LIVE_MAX}개, 일시정지하면 최대 {LOG_SHOWN_MAX}개")
        } else {
            format!("{total}개 중 {shown}개 표시 · 최근 {LOG_LINES_MAX}개 보관, 최대 {LOG_SHOWN_MAX}개 표시")
        }
    }

    fn diff_retention(&self, stored: u64, acked: u64, ready: usize, unacked: usize) -> String {
        format!("Kafka는 레코드 {stored}개를 그대로 보관합니다 (읽어도 지워지지 않음). RabbitMQ는 {acked}개를 ack 받자마자 잊었고, 대기 {ready} · 미확인 {unacked}개만 남아 있습니다.")
    }

    fn diff_readers(&self, groups: &str, workers: &str) -> String {
        format!("각 그룹이 모든 레코드를 독립적으로 읽습니다: {groups}. 큐는 메시지마다 워커 한 명에게만 줍니다: {workers}.")
    }

    fn diff_ordering(&self, redelivered: u64) -> String {
        format!("같은 키(order-N)는 같은 파티션으로 가서 순서가 지켜집니다. worker-2는 가끔 실패해 nack하고, 재전달된 메시지 {redelivered}개는 뒤에 온 메시지보다 늦게 처리될 수 있습니다.")
    }

    fn stream_counts(&self, first: u64, next: u64) -> String {
        if next > first { format!("로그 {first}–{} · 다음 {next}", next - 1) } else { format!("빈 로그 · 다음 {next}") }
    }

    fn stream_reader(&self, state: &str, next: u64) -> String {
        format!("{state} · 오프셋 {next}")
    }

    fn home_line(&self, node: &str, running: bool) -> String {
        if running { format!("{node}에만 있음") } else { format!("{node}에만 있음: 중지됨") }
    }

    fn quorum_line(&self, leader: Option<&str>, others: &str, up: usize, total: usize) -> String {
        match leader {
            Some(leader) if others.is_empty() => format!("쿼럼 · 리더 {leader}"),
            Some(leader) => format!("쿼럼 · 리더 {leader} · {others}"),
            None => format!("쿼럼 · 리더 없음: {total}개 중 {up}개 실행 중"),
        }
    }

    fn diff_share_kept(&self, stored: u64, accepted: u64, acked: u64, ready: usize, unacked: usize) -> String {
        format!("Kafka는 레코드 {stored}개를 로그에 그대로 보관합니다. 공유 그룹이 수락한 {accepted}개는 다시 전달되지 않지만 로그에 남아 있습니다. RabbitMQ는 ack된 {acked}개를 잊었고, 대기 {ready} · 미확인 {unacked}개만 남아 있습니다.")
    }

    fn diff_share_spread(&self, partitions: u32, members: &str, workers: &str) -> String {
        format!("멤버 둘이 파티션 {partitions}개를 레코드 단위로 나눠 읽습니다. 파티션보다 독자가 많습니다 (컨슈머 그룹은 파티션 하나를 멤버 하나에게 줍니다): {members}. 큐도 워커들에게 똑같이 나눕니다: {workers}.")
    }

    fn diff_share_redelivery(&self, redelivered: u64, lock_ms: u64, limit: u32, rabbit_redelivered: u64) -> String {
        format!("Kafka: 잠금이 만료된 뒤 레코드 {redelivered}개가 다시 전달되었습니다 (잠금 {lock_ms} ms: 죽은 멤버의 레코드는 그만큼 기다립니다). {limit}번 전달되면 보관 처리됩니다. RabbitMQ: 워커의 채널이 닫히자마자 메시지 {rabbit_redelivered}개가 다시 전달되었고, 클래식 큐에는 한도가 없습니다.")
    }

    fn diff_stream_partitions(&self, partitions: u32, spread: &str, first: u64, next: u64) -> String {
        let log = if next > first { format!("오프셋 {first}–{}", next - 1) } else { String::from("아직 비어 있음") };
        format!(
            "Kafka는 레코드를 키에 따라 파티션 {partitions}개에 나눕니다 ({spread}): order-N은 언제나 같은 파티션으로 가고, 순서는 파티션 안에서만 지켜집니다. 스트림은 순서가 하나인 로그 하나입니다 ({log}): 키가 없고 모두가 한 순서입니다. RabbitMQ에서 파티션에 해당하는 것은 슈퍼 스트림(익스체인지 하나 뒤의 여러 스트림)이며, 여기서는 모델링하지 않습니다."
        )
    }

    fn diff_stream_readers(&self, groups: &str, readers: &str, messages: u64) -> String {
        format!(
            "컨슈머 그룹에서는 멤버들이 파티션을 나눠 가지고, 파티션 하나는 멤버 하나에게 갑니다 ({groups}). 그룹마다 모든 레코드를 읽습니다. 스트림 컨슈머는 각자 메시지 {messages}개를 모두 읽습니다 (전달: {readers}). 스트림 하나를 나눠 읽는 유일한 방법은 단일 활성 컨슈머(하나만 읽고 나머지는 대기)이며, 스트림에 대해서는 모델링하지 않습니다."
        )
    }

    fn diff_stream_offsets(&self, committed: &str, positions: &str) -> String {
        format!(
            "그룹은 오프셋을 브로커에 커밋합니다 ({committed}): 파티션을 넘겨받은 멤버나 돌아온 멤버는 거기서부터 이어 읽습니다. 스트림은 채널이 열려 있는 동안만 각 컨슈머의 다음 오프셋을 압니다 ({positions}). 컨슈머를 죽였다가 되살리면 x-stream-offset부터 다시 시작합니다: reader-first는 전부 다시 읽고, reader-next는 그사이 온 것을 건너뜁니다. 모델은 사라진 컨슈머의 오프셋을 보관하지 않습니다 (RabbitMQ의 스트림 프로토콜은 브로커에 저장할 수 있지만 모델링하지 않습니다)."
        )
    }

    fn diff_stream_kept(&self, stored: u64, messages: u64) -> String {
        format!(
            "둘 다 읽은 뒤에도 로그를 보관합니다: Kafka는 레코드 {stored}개, 스트림은 메시지 {messages}개 (스트림 컨슈머의 ack는 다음 전달을 위한 자리만 만듭니다). 둘 다 오래된 데이터는 보존 정책으로만, 세그먼트 단위로 지웁니다 (Kafka의 retention.ms와 retention.bytes, 스트림의 x-max-age와 x-max-length-bytes)."
        )
    }

    fn entity(&self, what: Entity) -> &'static str {
        match what {
            Entity::Topic => "토픽",
            Entity::Producer => "프로듀서",
            Entity::Group => "그룹",
            Entity::Exchange => "익스체인지",
            Entity::Queue => "큐",
            Entity::Binding => "바인딩",
            Entity::Publisher => "발행자",
            Entity::Consumer => "컨슈머",
        }
    }

    /// Names, fields and serde's detail stay as they are (they are what the user typed, or
    /// JSON keys).
    fn setup_error(&self, error: &SetupError) -> String {
        match error {
            SetupError::Scenario(e) => e.explain(Lang::Ko),
            SetupError::Message(e) => e.explain(Lang::Ko),
            SetupError::DefinitionsJson(m) => format!("definitions 파일이 올바른 JSON이 아닙니다: {m}"),
            SetupError::Definitions(e) => format!("definitions를 받아들이지 않았습니다: {}", e.explain(Lang::Ko)),
            SetupError::Duplicate { what, name } => format!("{} {name:?}이(가) 이미 선언되어 있습니다", self.entity(*what)),
            SetupError::Missing { what, name } => format!("{} {name:?}이(가) 없습니다", self.entity(*what)),
            SetupError::TooLarge { bytes, max } => format!("파일이 {bytes}바이트입니다. 최대 {max}바이트까지 받습니다"),
            SetupError::Field { field, problem } => format!("{field}: {problem}"),
        }
    }

    fn remove(&self, what: Entity, name: &str) -> String {
        format!("{} {name} 삭제", self.entity(what))
    }

    fn link_unusable(&self, reason: &str) -> String {
        format!("링크를 쓸 수 없습니다: {reason}")
    }

    fn link_lesson_missing(&self, lesson: &str) -> String {
        format!("링크가 가리키는 레슨 {lesson:?}이(가) 없습니다.")
    }

    fn link_step_missing(&self, lesson: &str, step: u64, steps: usize) -> String {
        format!("링크의 레슨 단계 {step}은(는) 없습니다. 레슨 {lesson:?}은(는) {steps}단계입니다.")
    }

    fn shared_scenario_unusable(&self, reason: &str) -> String {
        format!("공유된 시나리오를 불러올 수 없습니다: {reason}")
    }

    fn lesson_could_not_start(&self, reason: &str) -> String {
        format!("레슨을 시작할 수 없습니다: {reason}")
    }

    fn no_such_lesson(&self, lesson: &str) -> String {
        format!("{lesson:?}라는 레슨은 없습니다.")
    }

    fn scenario_unusable(&self, reason: &str) -> String {
        format!("시나리오를 불러올 수 없습니다: {reason}")
    }

    fn json_invalid(&self, message: &str) -> String {
        format!("JSON이 올바르지 않습니다: {message}")
    }

    fn definitions_imported(&self, exchanges: usize, queues: usize, bindings: usize) -> String {
        format!("익스체인지 {exchanges}개, 큐 {queues}개, 바인딩 {bindings}개를 가져왔습니다.")
    }

    fn clients_removed(&self, clients: &str) -> String {
        format!(" 익스체인지나 큐가 없어진 클라이언트는 뺐습니다: {clients}.")
    }

    fn not_modelled(&self, items: &str) -> String {
        format!(" 모델에 없는 항목은 무시했습니다: {items}.")
    }
}
