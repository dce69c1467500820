//! The message side's events in Korean: the broker's own, and the clients' hops around it.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::quoted;
use crate::message_broker::event::{DropReason, EventKind, Removal};
use crate::world::message::{MessageEventKind, Settle};

pub(super) fn message_event(kind: &MessageEventKind) -> String {
    match kind {
        MessageEventKind::Broker(kind) => broker_event(kind),
        MessageEventKind::PublishSent { publisher, exchange, routing_key, .. } => {
            let to = if exchange.is_empty() { String::from("기본 익스체인지") } else { format!("익스체인지 {exchange}") };
            format!("{publisher}이(가) 라우팅 키 {routing_key:?}로 {to}에 발행합니다")
        }
        MessageEventKind::PublishArrived { message, returned: true, .. } => {
            format!("{message}은(는) 맞는 큐가 없고 mandatory라서 발행자에게 반환됩니다")
        }
        MessageEventKind::PublishArrived { message, queues, .. } if queues.is_empty() => {
            format!("{message}은(는) 맞는 바인딩이 없어 (대체 익스체인지가 없으므로) 버려집니다")
        }
        MessageEventKind::PublishArrived { message, queues, .. } => {
            format!("{message}이(가) 도착해 {}(으)로 라우팅됩니다: 큐마다 한 부씩", queues.join(", "))
        }
        MessageEventKind::DeliverySent { consumer, message, queue, redelivered, .. } => {
            let again = if *redelivered { " 다시 (재전달)" } else { "" };
            format!("{queue}이(가) {message}을(를){again} 프리페치 여유가 있는 다음 컨슈머 {consumer}에게 넘깁니다")
        }
        MessageEventKind::ProcessingStarted { consumer, message, .. } => format!("{consumer}이(가) {message} 작업을 시작합니다"),
        MessageEventKind::SettleSent { consumer, message, settle: Settle::Ack, stream: true, .. } => {
            format!("{consumer}이(가) {message}을(를) ack합니다: 스트림에서 ack는 다음 전달을 받을 자리만 만들 뿐, 로그에는 {message}이(가) 남습니다")
        }
        MessageEventKind::SettleSent { consumer, message, settle: Settle::Ack, .. } => {
            format!("{consumer}이(가) {message}을(를) ack합니다: 브로커는 이 메시지를 잊습니다")
        }
        MessageEventKind::SettleSent { consumer, message, settle: Settle::NackRequeue, .. } => {
            format!("{consumer}이(가) {message} 처리에 실패해 requeue로 nack합니다: 원래 자리로 돌아갑니다")
        }
        MessageEventKind::SettleSent { consumer, message, settle: Settle::Reject, .. } => {
            format!("{consumer}이(가) {message}을(를) requeue 없이 거부합니다: 큐에 DLX가 있으면 데드레터로 갑니다")
        }
        MessageEventKind::ConsumerCrashed { consumer, unacked } => {
            format!("{consumer}이(가) 죽었습니다: 채널이 닫히고 확인되지 않은 메시지 {unacked}개가 큐로 돌아갑니다")
        }
        MessageEventKind::ConsumerRevived { consumer } => format!("{consumer}이(가) 새 채널로 돌아왔습니다"),
        MessageEventKind::ConsumerPaused { consumer } => {
            format!("{consumer}이(가) 멈췄습니다: 확인되지 않은 메시지를 쥐고 있어 더는 전달되지 않습니다")
        }
        MessageEventKind::ConsumerResumed { consumer } => format!("{consumer}이(가) 다시 일합니다"),
        MessageEventKind::PublishRefused { publisher, reason, .. } => format!("브로커가 {publisher}의 메시지를 거부합니다: {}", super::errors::broker_error(reason)),
    }
}

pub(super) fn broker_event(kind: &EventKind) -> String {
    match kind {
        EventKind::ChannelOpened { channel } => format!("{channel} 열림"),
        EventKind::ChannelClosed { channel } => format!("{channel} 닫힘: 확인되지 않은 메시지는 큐로 돌아갑니다"),
        EventKind::ExchangeDeclared { exchange, kind } => format!("{} 익스체인지 {} 선언", kind.as_str(), quoted(exchange)),
        EventKind::ExchangeDeleted { exchange, why } => format!("익스체인지 {} 삭제 ({})", quoted(exchange), removal(*why)),
        EventKind::QueueDeclared { queue, durable } => format!("{} 큐 {queue} 선언", if *durable { "내구성" } else { "임시" }),
        EventKind::QueueDeleted { queue, why, messages } => {
            format!("큐 {queue} 삭제 ({}); 남은 메시지 {messages}개는 사라집니다", removal(*why))
        }
        EventKind::Bound { source, destination, routing_key, .. } => {
            format!("{destination}을(를) 키 {}로 {}에 바인딩", quoted(routing_key), quoted(source))
        }
        EventKind::Unbound { source, destination, routing_key, .. } => {
            format!("바인딩 {} → {destination} (키 {}) 제거", quoted(source), quoted(routing_key))
        }
        EventKind::ConsumerStarted { consumer, queue, .. } => format!("컨슈머 {consumer}이(가) {queue}를 구독합니다"),
        EventKind::ConsumerCancelled { consumer, queue, by_broker: true, .. } => {
            format!("{queue}가 사라져 브로커가 컨슈머 {consumer}을(를) 취소했습니다")
        }
        EventKind::ConsumerCancelled { consumer, queue, by_broker: false, .. } => {
            format!("컨슈머 {consumer}이(가) {queue} 구독을 취소합니다")
        }
        EventKind::SingleActiveConsumer { queue, consumer, .. } => format!("{consumer}이(가) 이제 {queue}의 단일 활성 컨슈머입니다"),
        EventKind::MessagePublished { message, exchange, routing_key, .. } => {
            format!("{message}이(가) 라우팅 키 {}로 {}에 발행됨", quoted(routing_key), quoted(exchange))
        }
        EventKind::AlternateExchangeUsed { message, exchange, alternate } => {
            format!("{}의 바인딩이 {message}와 맞지 않아 대체 익스체인지 {}로 갑니다", quoted(exchange), quoted(alternate))
        }
        EventKind::MessageRouted { message, exchange, queues } => format!(
            "{}가 {message}를 큐 {}개에 한 번씩 라우팅: {}",
            quoted(exchange),
            queues.len(),
            queues.iter().map(|q| &**q).collect::<Vec<_>>().join(", ")
        ),
        EventKind::MessageEnqueued { message, queue, ready } => format!("{message}이(가) {queue}에서 대기 (준비 {ready}개)"),
        EventKind::StreamAppended { message, queue, offset, rolled } => {
            let roll = if *rolled { "; 세그먼트가 가득 차 새 세그먼트가 열리고 보존 정책이 실행됩니다" } else { "" };
            format!("스트림 {queue}가 {message}를 오프셋 {offset}에 덧붙입니다: 모든 소비자가 읽을 수 있고 읽어도 지워지지 않습니다{roll}")
        }
        EventKind::StreamSegmentRemoved { queue, first_offset, next_offset } => format!(
            "보존 정책이 스트림 {queue}의 세그먼트 하나를 통째로 지웁니다: 오프셋 {first_offset}~{}이(가) 사라지고 스트림은 이제 {next_offset}에서 시작합니다",
            next_offset.saturating_sub(1)
        ),
        EventKind::MessageUnroutable { message, exchange, routing_key } => {
            format!("{message}: 키 {}에 맞는 큐가 {}에 없어 버려집니다", quoted(routing_key), quoted(exchange))
        }
        EventKind::MessageReturned { message, exchange, routing_key, .. } => format!(
            "{message}은(는) mandatory인데 {}의 {}에 맞는 큐가 없어 반송됩니다 (312 NO_ROUTE)",
            quoted(exchange),
            quoted(routing_key)
        ),
        EventKind::PublishRejected { message, queue } => format!("{queue}가 가득 차서(reject-publish) {message}를 거부합니다"),
        EventKind::PublishConfirmed { sequence, message, ack: true, .. } => format!("발행 확인: {message} (#{}) ack", sequence.0),
        EventKind::PublishConfirmed { sequence, message, ack: false, .. } => {
            format!("발행 확인: {message} (#{}) nack, 큐가 거부했습니다", sequence.0)
        }
        EventKind::MessageDelivered { delivery } => {
            let (m, q, tag) = (delivery.message.id, &delivery.queue, delivery.delivery_tag);
            let again = if delivery.redelivered { " 재전달" } else { "" };
            let count = delivery.delivery_count.map(|n| format!(", x-delivery-count {n}")).unwrap_or_default();
            match (&delivery.consumer, delivery.stream_offset) {
                (Some(consumer), Some(offset)) => {
                    format!("스트림 {q}가 오프셋 {offset}의 {m}를 {consumer}에게 보냅니다 (x-stream-offset), 전달 태그 {tag}; ack는 다음 메시지를 받게 할 뿐입니다")
                }
                (Some(consumer), None) => format!("{q}가 {m}를 {consumer}에게{again} 전달, 전달 태그 {tag}{count}"),
                (None, _) => format!("basic.get이 {q}에서 {m}를{again} 가져감, 전달 태그 {tag}{count}"),
            }
        }
        EventKind::MessageAcked { message, queue, .. } => format!("{message} 확인(ack): {queue}가 메시지를 지웁니다"),
        EventKind::MessageRequeued { message, queue, .. } => format!("{message}이(가) {queue}의 원래 자리로 돌아갑니다 (재전달 표시)"),
        EventKind::MessageDeadLettered { message, queue, reason, dead_letter_exchange, .. } => format!(
            "{message}이(가) {queue}에서 데드레터 처리됨 ({}) → 익스체인지 {}",
            reason.as_str(),
            quoted(dead_letter_exchange)
        ),
        EventKind::MessageDropped { message, queue, why } => format!("{message}이(가) {queue}에서 버려짐: {}", drop_reason(*why)),
        EventKind::AcknowledgementTimedOut { channel, queue, consumer, delivery_tag, message, timeout_ms } => {
            let holder = consumer.as_ref().map_or_else(|| "basic.get".into(), |c| format!("컨슈머 {c}"));
            format!(
                "{queue}의 {message}(전달 태그 {delivery_tag}, {holder})가 컨슈머 타임아웃 {timeout_ms} ms 안에 확인(ack)되지 않아 브로커가 {channel}을(를) 406 PRECONDITION_FAILED로 닫습니다"
            )
        }
        EventKind::BrokerRestarted { queues_kept, messages_kept, messages_lost } => {
            format!("브로커 재시작: 내구성 큐 {queues_kept}개와 영속 메시지 {messages_kept}개 유지, {messages_lost}개 유실")
        }
        EventKind::NodeStopped { node } => format!("노드 {node}이(가) 멈춥니다: 그 노드의 클래식 큐는 함께 내려가고, 쿼럼 큐 멤버는 뒤처집니다"),
        EventKind::NodeStarted { node } => format!("노드 {node}이(가) 다시 시작합니다: 쿼럼 큐 멤버가 리더에게서 따라잡습니다"),
        EventKind::LeaderElected { queue, leader, previous: Some(previous), term } => format!(
            "{queue}이(가) {previous}의 리더를 잃었습니다: 실행 중인 멤버들이 {leader}을(를) 리더로 뽑습니다 (임기 {term}). 과반이 확인한 메시지는 모두 그 리더에 있습니다"
        ),
        EventKind::LeaderElected { queue, leader, previous: None, term } => {
            format!("{queue}의 멤버 과반이 다시 실행 중이라 {leader}을(를) 리더로 뽑습니다 (임기 {term})")
        }
        EventKind::QueueUnavailable { queue, members: 1, .. } => {
            format!("{queue}을(를) 쓸 수 없습니다: 이 클래식 큐를 가진 단 하나의 노드가 멈췄습니다")
        }
        EventKind::QueueUnavailable { queue, running, members } => format!(
            "{queue}을(를) 쓸 수 없습니다: 멤버 {members}개 중 {running}개만 실행 중이라 과반이 안 되어 리더를 뽑을 수 없습니다. 전달은 멈추고 발행은 기다립니다"
        ),
        EventKind::QueueAvailable { queue, waiting } => {
            format!("{queue}을(를) 다시 쓸 수 있습니다. 기다리던 발행 {waiting}개를 받고, 발행자는 확인(confirm)을 받습니다")
        }
        EventKind::MessageWaiting { message, queue, waiting } => {
            format!("{message}은(는) {queue}의 멤버 과반이 돌아오기를 기다립니다 (대기 {waiting}개). 발행자 확인도 함께 기다립니다")
        }
    }
}

fn removal(why: Removal) -> &'static str {
    match why {
        Removal::Deleted => "클라이언트가 삭제",
        Removal::AutoDelete => "자동 삭제",
        Removal::Expired => "x-expires 동안 미사용",
        Removal::OwnerClosed => "독점 연결이 닫힘",
        Removal::Restart => "비내구성, 재시작으로 유실",
        Removal::NodeDown => "비내구성, 노드가 멈춰 유실",
    }
}

fn drop_reason(why: DropReason) -> String {
    match why {
        DropReason::Died(reason) => format!("{}, 데드레터 익스체인지 없음", reason.as_str()),
        DropReason::DeadLetterExchangeMissing(reason) => format!("{}, 데드레터 익스체인지가 존재하지 않음", reason.as_str()),
        DropReason::DeadLetterCycle => String::from("거부 없는 데드레터 순환"),
        DropReason::DeadLetterUnroutable => String::from("데드레터 익스체인지가 라우팅하지 못함"),
        DropReason::QueueFull => String::from("큐가 가득 참"),
        DropReason::Restart => String::from("재시작으로 유실 (비영속)"),
        DropReason::ModelLimit => String::from("모델의 메시지 한도 도달"),
        DropReason::NoQuorum => String::from("쿼럼 큐의 멤버 과반이 실행 중이 아니라 이 채널을 발행자로 등록할 수 없음. 확인 모드의 발행자는 nack을 받습니다"),
        DropReason::QueueDown => String::from("큐의 노드가 멈춤. 확인 모드의 발행자는 nack을 받습니다"),
        DropReason::NodeDown(node) => format!("비영속 메시지라 노드 {node}이(가) 멈출 때 유실"),
    }
}
