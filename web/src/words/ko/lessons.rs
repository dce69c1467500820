//! The lessons in Korean: each lesson's title and its steps, in the order `lessons.rs` lists
//! them (the tests check that they line up).

use crate::words::{LessonId, LessonWords};

pub(super) fn of(id: LessonId) -> LessonWords {
    match id {
        LessonId::Pubsub => PUBSUB,
        LessonId::Keys => KEYS,
        LessonId::Rebalance => REBALANCE,
        LessonId::Replay => REPLAY,
        LessonId::Replication => REPLICATION,
        LessonId::WorkQueue => WORK_QUEUE,
        LessonId::Routing => ROUTING,
        LessonId::Acks => ACKS,
        LessonId::Persistence => PERSISTENCE,
        LessonId::Priorities => PRIORITIES,
        LessonId::Compare => COMPARE,
    }
}

const PUBSUB: LessonWords = lesson!("여러 독자, 하나의 로그";
    "쇼핑몰은 모든 주문을 orders 토픽에 기록합니다. 결제, 재고, 알림 세 서비스가 이를 읽습니다.",
    "그룹마다 자기 커밋 오프셋(색깔 화살표)이 있습니다. 읽으면 화살표가 움직일 뿐 레코드는 지워지지 않습니다.",
    "notification은 느려서 랙이 늘어납니다. 다른 그룹은 기다리지 않습니다: 그룹은 서로 독립입니다.",
    "이제 알림 서비스를 죽여 보세요. 결제와 재고는 계속 동작합니다. 되살리면 커밋된 오프셋부터 이어서 따라잡습니다." => "알림 서비스 죽이기",
    "되살리고 랙이 0으로 돌아오는 것을 보세요." => "알림 서비스 되살리기",
);

const KEYS: LessonWords = lesson!("키와 순서";
    "키가 alice인 레코드를 보내 보세요. 키 바이트의 murmur2를 양수로 만든 뒤 3으로 나눈 나머지가 파티션입니다." => "alice 보내기",
    "alice를 다시 보내세요: 같은 키는 같은 파티션, 다음 오프셋으로 갑니다. 그래서 키별 순서가 지켜집니다." => "alice 다시 보내기",
    "이제 토픽을 파티션 4개로 늘리세요. 이미 쓴 레코드는 그대로 있습니다." => "파티션 추가",
    "alice를 한 번 더 보내세요: 이제 4로 나누므로 새 alice 레코드는 다른 곳에 갈 수 있습니다. 키 입력란에 다른 키도 시험해 보세요." => "alice 보내기",
);

const REBALANCE: LessonWords = lesson!("그룹과 리밸런싱";
    "파티션 2개에 그룹마다 멤버 3명: 각 그룹에서 한 명은 아무것도 맡지 않습니다. 파티션 수가 그룹의 병렬성 상한입니다.",
    "두 그룹의 멤버 0을 죽이세요. 세션 타임아웃이 지나면 코디네이터가 리밸런스를 시작합니다." => "eager m0 죽이기",
    "cooperative 그룹의 멤버 0도 죽이고 기록을 비교하세요: eager는 먼저 전부 회수하고, cooperative는 옮겨질 것만 회수한 뒤 한 번 더 맞춥니다." => "cooperative m0 죽이기",
);

const REPLAY: LessonWords = lesson!("보관과 다시 읽기";
    "payment가 읽은 뒤에도 레코드는 로그에 남습니다: 로그는 보관 기간 동안 일어난 일을 간직합니다.",
    "여기서는 세그먼트가 3초마다 바뀌고(segment.ms) 가장 새 레코드가 8초 지나면 지워집니다(retention.ms). 첫 오프셋이 올라가는 것을 보세요: 읽었든 안 읽었든 닫힌 세그먼트가 통째로 만료됩니다.",
    "payment를 처음으로 되감으세요. 로그 시작점부터 아직 남은 모든 레코드를 다시 읽습니다: 예를 들어 버그를 고친 뒤의 재처리입니다." => "처음으로 되감기",
    "새 그룹 audit가 auto.offset.reset=earliest로 시작합니다. 커밋된 오프셋이 없으니 로그 시작점부터 남아 있는 기록을 모두 읽습니다." => "audit 시작 (earliest)",
    "또 다른 새 그룹 alerts는 latest를 씁니다: 로그 끝에서 시작해 지금부터 쓰이는 레코드만 봅니다." => "alerts 시작 (latest)",
    "메시지 큐는 이렇게 할 수 없습니다: ack된 메시지는 사라집니다. 비교 보기에서 나란히 보세요.",
);

const REPLICATION: LessonWords = lesson!("복제와 장애 조치";
    "브로커 3대, 모든 파티션이 세 곳에 있습니다. 각 줄 아래에 리더와 동기화된 복제본(ISR)이 보입니다. 하이 워터마크는 모든 ISR 멤버가 가진 지점입니다.",
    "P0의 리더인 브로커 b0을 중지하세요. ISR에서 새 리더가 뽑히고, acks=all이면 확인된 레코드는 잃지 않습니다." => "b0 중지",
    "b1도 중지하세요: ISR이 min.insync.replicas=2보다 작아져 acks=all 쓰기는 NotEnoughReplicas로 거부됩니다." => "b1 중지",
    "그동안 tracker는 acks=1로 clicks에 씁니다: 리더 혼자 응답하므로 b2는 다른 브로커에 없는 클릭도 계속 확인해 줍니다.",
    "마지막 b2도 중지하세요: 모든 파티션이 오프라인이 됩니다." => "b2 중지",
    "b0을 다시 켜세요. orders는 오프라인 그대로입니다: b0은 동기화되지 않았고 unclean 선출이 꺼져 있어, 확인된 레코드를 잃느니 b2를 기다립니다. clicks는 unclean 선출을 허용하므로 b0이 바로 리더가 되고, b2에만 있던 클릭은 프로듀서가 쓰였다고 들었는데도 사라집니다." => "b0 재시작",
    "b2를 다시 켜세요: orders가 확인된 레코드 그대로 돌아오고, b0은 리더의 하이 워터마크까지 잘라 낸 뒤 따라잡아 ISR에 다시 들어갑니다." => "b2 재시작",
);

const WORK_QUEUE: LessonWords = lesson!("작업 큐";
    "큐에 작업 20개를 쏟아 넣으세요. 작업마다 정확히 한 워커에게 갑니다." => "20개 보내기",
    "prefetch=1: 워커는 이전 작업을 ack한 뒤에야 다음 작업을 받으므로 빠른 워커가 대부분을 처리합니다(공정한 분배).",
    "ack된 작업은 잊힙니다: 큐에는 대기 중이거나 처리 중인 것만 남습니다.",
);

const ROUTING: LessonWords = lesson!("익스체인지 라우팅";
    "order.eu.placed를 토픽 익스체인지에 발행하세요: order.eu.*(한 단어)와 order.#(여러 단어)에 모두 맞아 두 큐가 한 부씩 받습니다." => "order.eu.placed 발행",
    "order.us.paid.late를 발행하세요: *는 정확히 한 단어만 맞으므로 order.#만 받습니다." => "order.us.paid.late 발행",
    "invoice.sent를 발행하세요: 맞는 바인딩도 대체 익스체인지도 없어 버려집니다." => "invoice.sent 발행",
    "다이렉트 익스체인지는 키 전체가 같은지만 봅니다: error는 error로 바인딩된 큐로 갑니다. (warning 같은 키는 어느 바인딩에도 맞지 않습니다.)" => "error 발행 (다이렉트)",
    "팬아웃 익스체인지는 키를 보지 않고 바인딩된 모든 큐에 한 부씩 줍니다: audit와 mirror가 모두 받습니다." => "팬아웃에 발행",
    "헤더 익스체인지는 키 대신 헤더를 봅니다. type=refund, region=eu: eu-refunds(x-match all: 모두 맞아야 함)와 eu-or-vip(x-match any: 하나면 충분)가 모두 받습니다." => "EU 환불 발행",
    "이번엔 type=refund, region=us, tier=vip: region이 달라 eu-refunds의 x-match all은 실패하고, eu-or-vip은 tier=vip 하나로 충분합니다." => "US VIP 환불 발행",
);

const ACKS: LessonWords = lesson!("ack, 재전달, 데드레터";
    "작업 10개를 보내세요. careful은 실패하면 requeue로 nack합니다: 작업은 원래 자리로 돌아가고 재전달 표시가 붙습니다." => "10개 보내기",
    "strict는 실패하면 requeue 없이 거부합니다: 큐가 dlx로 데드레터 처리하고 dead-letters가 x-death 헤더(큐, 이유 rejected, 횟수)와 함께 받습니다.",
    "tasks의 x-max-length는 5입니다. 두 워커를 멈추고 쏟아 넣으세요: 가장 오래된 메시지가 앞에서 밀려나 maxlen 이유로 데드레터가 됩니다." => "careful 멈추기",
    "strict도 멈춘 뒤 쏟아 넣으세요." => "strict 멈추기",
    "10개를 보내고 dead-letters가 차는 것을 보세요." => "10개 보내기",
    "reminders는 x-message-ttl이 3000이고 컨슈머가 없습니다. 하나 발행하세요: 3초 뒤 만료되어 expired 이유로 데드레터가 됩니다." => "알림 발행",
);

const PERSISTENCE: LessonWords = lesson!("영속성";
    "내구성 큐에 영속 메시지를 발행하세요." => "영속 → 내구성",
    "같은 큐에 임시 메시지를 발행하세요." => "임시 → 내구성",
    "그리고 임시 큐에 영속 메시지를 발행하세요." => "영속 → 임시",
    "브로커를 재시작하세요. 내구성 큐의 영속 메시지만 살아남습니다: 둘 다 만족해야 합니다." => "브로커 재시작",
);

const PRIORITIES: LessonWords = lesson!("우선순위";
    "보통 작업 다섯 개(우선순위 1)를 넣으세요." => "보통 5개",
    "이제 VIP 작업(우선순위 9) 하나: 큐에 x-max-priority가 있어 대기 중인 작업보다 앞서지만, 이미 처리 중인 작업을 빼앗지는 않습니다." => "VIP 보내기",
    "우선순위는 메시지 브로커에만 있습니다: Kafka 파티션은 오프셋 순서대로만 읽힙니다.",
);

const COMPARE: LessonWords = lesson!("나란히 비교";
    "주문 접수와 결제 완료를 몇 번 눌러 보세요: 같은 이벤트가 두 브로커로 갑니다.",
    "왼쪽은 모든 그룹이 모든 레코드를 읽고 로그가 보관합니다. 오른쪽은 메시지마다 한 워커에게 가고 ack되면 잊힙니다.",
    "아래 패널을 읽어 보세요: 방금 만든 숫자로 차이를 하나씩 설명합니다.",
);
