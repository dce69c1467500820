//! The lessons in Korean: each lesson's title and its steps, in the order `lessons.rs` lists
//! them (the tests check that they line up).

use crate::words::{LessonId, LessonWords};

pub(super) fn of(id: LessonId) -> LessonWords {
    match id {
        LessonId::Pubsub => PUBSUB,
        LessonId::Keys => KEYS,
        LessonId::Rebalance => REBALANCE,
        LessonId::OffsetReset => OFFSET_RESET,
        LessonId::SlowConsumer => SLOW_CONSUMER,
        LessonId::Compaction => COMPACTION,
        LessonId::Durability => DURABILITY,
        LessonId::KafkaQueue => KAFKA_QUEUE,
        LessonId::ShareLocks => SHARE_LOCKS,
        LessonId::SharePoison => SHARE_POISON,
        LessonId::Prefetch => PREFETCH,
        LessonId::Poison => POISON,
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
    "이제 알림 서비스가 죽습니다." => "알림 서비스 죽이기"
        ? "notification이 멈추면 payment와 inventory는 계속 읽을까요?"
        ! "그룹은 각자 로그를 읽습니다: 한 그룹이 멈춰도 다른 그룹에는 아무 변화가 없습니다. 멈춘 동안 notification의 랙만 늘어납니다.",
    "notification을 되살리세요. 죽기 전에 커밋한 오프셋이 있습니다." => "알림 서비스 되살리기"
        ? "notification은 P0의 어디부터 다시 읽을까요?"
        ! "돌아온 그룹은 커밋된 오프셋부터 이어 읽습니다: 놓친 것은 사라지지 않고, 따라잡으면서 랙이 0으로 돌아옵니다.",
);

const KEYS: LessonWords = lesson!("키와 순서";
    "키가 alice인 레코드를 보내 보세요. 프로듀서는 키 바이트의 murmur2 해시를 양수로 만든 뒤 파티션 수로 나눈 나머지를 씁니다." => "alice 보내기"
        ? "alice는 어느 파티션에 들어갈까요?"
        ! "파티션은 키만으로 정해지므로 누구나 미리 계산할 수 있습니다. 이 페이지가 방금 한 것처럼요.",
    "alice를 다시 보내세요." => "alice 다시 보내기"
        ? "두 번째 alice는 어느 파티션으로 갈까요?"
        ! "같은 키는 같은 파티션, 다음 오프셋으로 갑니다. 그래서 한 키의 레코드는 순서가 지켜집니다.",
    "이제 토픽을 파티션 4개로 늘리세요. 이미 쓴 레코드는 그대로 있습니다." => "파티션 추가",
    "alice를 한 번 더 보내세요. 해시는 같지만 파티션 수가 달라졌습니다." => "alice 보내기"
        ? "파티션이 4개일 때 alice는 이제 어디로 갈까요?"
        ! "이제 4로 나누므로 새 alice 레코드는 예전 것과 다른 파티션에 갈 수 있습니다: 키별 순서는 파티션 수가 그대로일 때만 지켜집니다. 키 입력란에 다른 키도 시험해 보세요.",
    "이제 다이어그램 아래 키 입력란에 원하는 키를 넣어 보세요: bob, 주문 번호, 내 이름." => "내 키 보내기"
        ? "내 키는 어느 파티션에 들어갈까요?"
        ! "키가 무엇이든 파티션은 키 바이트의 murmur2를 파티션 수로 나눈 나머지입니다: 키와 파티션 수만 알면 누구나 계산할 수 있고, 이 페이지도 방금 그렇게 했습니다. 다른 키도 넣어 보세요.",
);

const REBALANCE: LessonWords = lesson!("그룹과 리밸런싱";
    "파티션 2개에 그룹마다 멤버 3명: 각 그룹에서 한 명은 아무것도 맡지 않습니다. 파티션 수가 그룹의 병렬성 상한입니다.",
    "eager 그룹(range 할당자)의 멤버 0을 죽이세요. 세션 타임아웃이 지나면 코디네이터가 리밸런스를 시작합니다." => "eager m0 죽이기"
        ? "eager 리밸런스에서 아직 살아 있는 멤버들은 무엇을 내놓을까요?"
        ! "eager 리밸런싱은 모두를 멈춥니다: 새로 할당받기 전에 모든 멤버가 가진 것을 전부 회수합니다. 제자리에 남을 파티션까지도요.",
    "이제 cooperative 그룹(cooperative-sticky)의 멤버 0을 죽이고 기록을 비교하세요." => "cooperative m0 죽이기"
        ? "cooperative 리밸런스에서 아직 살아 있는 멤버들은 무엇을 내놓을까요?"
        ! "cooperative 리밸런싱은 다른 멤버에게 옮겨 갈 파티션만 회수하고(떠난 멤버의 파티션에 새 주인만 정하면 될 때는 아무것도 회수하지 않습니다) 필요하면 한 번 더 맞춥니다. 나머지는 계속 읽습니다.",
);

const REPLAY: LessonWords = lesson!("보관과 다시 읽기";
    "payment가 읽은 뒤에도 레코드는 로그에 남습니다: 로그는 보관 기간 동안 일어난 일을 간직합니다.",
    "여기서는 세그먼트가 3초마다 바뀌고(segment.ms) 가장 새 레코드가 8초 지나면 지워집니다(retention.ms). 첫 오프셋이 올라가는 것을 보세요: 읽었든 안 읽었든 닫힌 세그먼트가 통째로 만료됩니다.",
    "payment를 처음으로 되감으세요. 예를 들어 버그를 고친 뒤 모두 다시 처리하려는 경우입니다." => "처음으로 되감기"
        ? "payment는 어느 오프셋부터 다시 읽을까요?"
        ! "처음으로 되감기는 로그 시작점, 즉 아직 남은 가장 오래된 레코드를 뜻합니다. 보관 기간이 지나 지워진 오프셋 0이 아닙니다.",
    "새 그룹 audit가 auto.offset.reset=earliest로 시작합니다. 커밋된 오프셋이 없습니다." => "audit 시작 (earliest)"
        ? "audit는 어디부터 읽을까요?"
        ! "커밋된 오프셋이 없을 때 earliest는 로그 시작점입니다: 새 독자는 아직 남은 기록을 모두 받습니다.",
    "또 다른 새 그룹 alerts는 auto.offset.reset=latest를 씁니다." => "alerts 시작 (latest)"
        ? "alerts는 어디부터 읽을까요?"
        ! "latest는 로그 끝입니다: alerts는 지금부터 쓰이는 레코드만 봅니다.",
    "메시지 큐는 이렇게 할 수 없습니다: ack된 메시지는 사라집니다. 비교 보기에서 나란히 보세요.",
);

const REPLICATION: LessonWords = lesson!("복제와 장애 조치";
    "브로커 3대, 모든 파티션이 세 곳에 있습니다. 각 줄 아래에 리더와 동기화된 복제본(ISR)이 보입니다. 하이 워터마크는 모든 ISR 멤버가 가진 지점입니다.",
    "orders P0의 리더인 브로커 b0을 중지하세요." => "b0 중지"
        ? "b0이 죽은 뒤 orders P0의 리더는 누구일까요?"
        ! "컨트롤러는 ISR에서 복제본 순서상 첫 브로커를 새 리더로 고릅니다. acks=all이면 확인된 레코드는 잃지 않습니다.",
    "b1도 중지하세요. shop은 acks=all로 orders에 쓰고, orders의 min.insync.replicas는 2입니다." => "b1 중지"
        ? "shop의 다음 레코드는 확인(ack)을 받을까요?"
        ! "ISR이 min.insync.replicas보다 작아지면 acks=all 쓰기는 NOT_ENOUGH_REPLICAS로 거부됩니다: Kafka는 브로커 한 대만 가진 것을 확인해 주느니 거부합니다.",
    "그동안 tracker는 acks=1로 clicks에 씁니다: 리더 혼자 응답하므로 b2는 다른 브로커에 없는 클릭도 계속 확인해 줍니다.",
    "마지막 b2도 중지하세요." => "b2 중지"
        ? "이제 orders P0의 리더는 누구일까요?"
        ! "남은 브로커가 없으면 파티션은 오프라인이 됩니다: 쓰지도 읽지도 못합니다.",
    "b0을 다시 켜세요. b0은 동기화되지 않았습니다: b2 혼자 확인한 것을 놓쳤습니다. clicks는 unclean 리더 선출을 허용하고 orders는 허용하지 않습니다." => "b0 재시작"
        ? "이제 clicks P0의 리더는 누구일까요?"
        ! "clicks는 unclean 선출을 허용하므로 b0이 바로 리더가 되고, b2에만 있던 클릭은 프로듀서가 쓰였다고 들었는데도 사라집니다. orders는 확인된 레코드를 잃느니 오프라인으로 b2를 기다립니다.",
    "orders의 마지막 동기화 복제본인 b2를 다시 켜세요." => "b2 재시작"
        ? "이제 orders P0의 리더는 누구일까요?"
        ! "orders가 확인된 레코드 그대로 b2 아래에서 돌아오고, b0은 리더의 하이 워터마크까지 잘라 낸 뒤 따라잡아 ISR에 다시 들어갑니다.",
);

const WORK_QUEUE: LessonWords = lesson!("작업 큐";
    "큐에 작업 20개를 쏟아 넣으세요. 워커 둘은 prefetch=1이고, fast는 작업당 0.5초, slow는 2.5초가 걸립니다." => "20개 보내기"
        ? "20개 중 어느 워커가 더 많이 처리할까요?"
        ! "작업마다 정확히 한 워커에게 가고, prefetch=1이면 워커는 이전 작업을 ack한 뒤에야 다음 작업을 받습니다: 빠른 워커가 대부분을 처리합니다(공정한 분배).",
    "prefetch는 컨슈머가 ack하지 않은 채 가질 수 있는 메시지 수입니다. 제한이 없으면 브로커는 워커의 속도와 상관없이 번갈아 나눠 줍니다.",
    "ack된 작업은 잊힙니다: 큐에는 대기 중이거나 처리 중인 것만 남습니다.",
);

const ROUTING: LessonWords = lesson!("익스체인지 라우팅";
    "토픽 익스체인지는 라우팅 키를 바인딩 키와 단어 단위로 비교합니다: *는 정확히 한 단어, #는 몇 단어든 맞습니다. order.eu.placed를 발행하세요." => "order.eu.placed 발행"
        ? "order.eu.placed는 어느 큐들이 받을까요?"
        ! "order.eu.*(eu 뒤 한 단어)와 order.#(order 뒤 몇 단어든)에 모두 맞으므로 두 큐가 각자 한 부씩 받습니다.",
    "order.us.paid.late를 발행하세요." => "order.us.paid.late 발행"
        ? "order.us.paid.late는 어느 큐들이 받을까요?"
        ! "*는 정확히 한 단어만 맞으므로 order.eu.*는 맞지 않습니다. order.#는 몇 단어든 받습니다.",
    "invoice.sent를 발행하세요." => "invoice.sent 발행"
        ? "invoice.sent는 어느 큐들이 받을까요?"
        ! "맞는 바인딩도 대체 익스체인지도 없어 메시지는 버려집니다(mandatory를 켠 발행자라면 되돌려 받습니다).",
    "다이렉트 익스체인지는 키 전체가 같은지만 봅니다. ops가 error를 발행합니다." => "error 발행 (다이렉트)"
        ? "error는 어느 큐들이 받을까요?"
        ! "정확히 error 키로 바인딩된 큐만 받습니다. (warning 같은 키는 어느 바인딩에도 맞지 않습니다.)",
    "팬아웃 익스체인지는 키를 보지 않고 바인딩된 모든 큐에 한 부씩 줍니다: audit와 mirror가 모두 받습니다." => "팬아웃에 발행",
    "헤더 익스체인지는 키 대신 헤더를 봅니다. 이 환불은 type=refund, region=eu입니다. eu-refunds는 x-match all(모든 헤더가 맞아야 함), eu-or-vip는 x-match any(하나면 충분)로 바인딩되어 있습니다." => "EU 환불 발행"
        ? "EU 환불은 어느 큐들이 받을까요?"
        ! "eu-refunds는 type과 region이 모두 맞고, eu-or-vip는 region=eu 하나로 충분합니다.",
    "이번엔 type=refund, region=us, tier=vip입니다." => "US VIP 환불 발행"
        ? "US VIP 환불은 어느 큐들이 받을까요?"
        ! "region이 달라 eu-refunds의 x-match all은 실패하고, eu-or-vip는 tier=vip 하나로 충분합니다.",
);

const ACKS: LessonWords = lesson!("ack, 재전달, 데드레터";
    "작업 10개를 보내세요. careful은 실패하면 requeue로 nack합니다: 작업은 원래 자리로 돌아가고 재전달 표시가 붙습니다." => "10개 보내기",
    "strict는 실패하면 requeue 없이 거부합니다: 큐가 dlx로 데드레터 처리하고 dead-letters가 x-death 헤더(큐, 이유 rejected, 횟수)와 함께 받습니다.",
    "tasks의 x-max-length는 5입니다. 두 워커를 멈춘 뒤 쏟아 넣으세요." => "careful 멈추기",
    "strict도 멈추세요." => "strict 멈추기",
    "이제 최대 5개를 담는 큐에, 아무도 소비하지 않는 채로 작업 10개를 쏟아 넣습니다." => "10개 보내기"
        ? "tasks가 가득 찼습니다. 작업 10개가 더 들어오면 무엇이 밀려날까요?"
        ! "큐가 가득 차면 기본 overflow는 앞에서부터 버립니다: 가장 오래된 메시지가 밀려나고, 데드레터 익스체인지가 있으면 maxlen 이유로 데드레터가 됩니다.",
    "reminders는 x-message-ttl이 3000이고 데드레터 익스체인지가 있으며 컨슈머가 없습니다. 하나 발행하세요." => "알림 발행"
        ? "이 알림은 어떻게 될까요?"
        ! "큐의 TTL보다 오래된 메시지는 만료되고, 데드레터 익스체인지가 있으면 expired 이유로 데드레터가 됩니다.",
);

const PERSISTENCE: LessonWords = lesson!("영속성";
    "내구성 큐에 영속 메시지를 발행하세요." => "영속 → 내구성",
    "같은 큐에 임시 메시지를 발행하세요." => "임시 → 내구성",
    "그리고 임시 큐에 영속 메시지를 발행하세요." => "영속 → 임시",
    "브로커를 재시작하세요." => "브로커 재시작"
        ? "재시작 뒤 durable-q에는 메시지가 몇 개 있을까요?"
        ! "메시지가 재시작을 견디려면 메시지가 영속이고 큐가 내구성이어야 합니다: 둘 다 만족해야 합니다. 임시 큐는 통째로 사라집니다.",
);

const PRIORITIES: LessonWords = lesson!("우선순위";
    "보통 작업 다섯 개(우선순위 1)를 넣으세요. worker는 한 번에 하나씩 처리합니다." => "보통 5개",
    "jobs의 x-max-priority는 9입니다. 보통 작업이 기다리는 동안 VIP 작업(우선순위 9) 하나를 보내세요." => "VIP 보내기"
        ? "VIP 작업이 기다리던 작업보다 먼저, 다음으로 전달될까요?"
        ! "우선순위 큐는 높은 우선순위를 먼저 전달하지만, 이미 처리 중인 작업을 빼앗지는 않습니다.",
    "우선순위는 메시지 브로커에만 있습니다: Kafka 파티션은 오프셋 순서대로만 읽힙니다.",
);

const COMPARE: LessonWords = lesson!("나란히 비교";
    "쇼핑몰 이벤트 하나가 두 브로커로 갑니다: Kafka 토픽에는 레코드로, RabbitMQ 큐에는 메시지로. 토픽은 세 그룹이 읽고, 큐는 워커 둘이 나눠 받습니다." => "주문 하나 보내기"
        ? "이 주문을 몇 개의 그룹이 읽고, 몇 명의 워커가 처리할까요?"
        ! "모든 그룹이 모든 레코드를 읽고 로그가 보관합니다. 큐는 메시지마다 한 워커에게 주고 ack되면 잊습니다.",
    "주문 접수와 결제 완료를 몇 번 눌러 보세요: 같은 이벤트가 두 브로커로 갑니다.",
    "패널을 읽어 보세요: 방금 만든 숫자로 차이를 하나씩 설명합니다.",
);

const OFFSET_RESET: LessonWords = lesson!("auto.offset.reset가 적용되는 때";
    "billing은 auto.offset.reset=latest로 orders를 읽습니다. 처음엔 커밋된 오프셋이 없어 로그 끝에서 시작했고, 그 뒤로 1초마다 위치를 커밋합니다.",
    "billing의 유일한 멤버가 죽습니다. 죽어 있는 동안에도 레코드는 계속 들어옵니다." => "billing 죽이기",
    "billing을 다시 시작하세요. 설정은 여전히 latest입니다." => "billing 재시작"
        ? "billing은 어디부터 읽을까요?"
        ! "auto.offset.reset는 그룹에 커밋된 오프셋이 없을 때(또는 로그 범위를 벗어났을 때)만 적용됩니다. billing에는 커밋된 오프셋이 있으므로 거기서 이어 읽고, 죽어 있던 동안 들어온 것도 읽습니다: latest는 지금으로 건너뛰라는 뜻이 아닙니다.",
    "새 그룹 fresh도 latest를 쓰고 커밋한 적이 없습니다." => "fresh 시작 (latest)"
        ? "fresh는 어디부터 읽을까요?"
        ! "커밋된 오프셋이 없으니 latest가 적용됩니다: fresh는 로그 끝에서 시작해 이전 레코드를 보지 못합니다. earliest라면 로그 시작점에서 시작합니다.",
);

const SLOW_CONSUMER: LessonWords = lesson!("느린 컨슈머와 max.poll.interval.ms";
    "그룹 멤버를 지키는 타임아웃은 둘입니다. session.timeout.ms(여기서는 10초): 백그라운드 스레드가 보내는 하트비트가 계속 도착해야 합니다. max.poll.interval.ms(5초): 애플리케이션은 이 시간 안에 poll()을 다시 불러야 하므로, 한 번의 poll로 받은 것을 처리하는 데 그보다 오래 걸리면 안 됩니다.",
    "보고서 하나를 만드는 데 8초가 걸립니다. 하나 보내세요." => "보고서 보내기"
        ? "하트비트는 계속 갑니다. 이 보고서를 만드는 멤버는 그룹에서 빠질까요?"
        ! "처리가 max.poll.interval.ms보다 오래 걸려, 하트비트는 멈추지 않았는데도 멤버가 그룹을 떠나고 그룹이 리밸런스합니다. 파티션의 다음 주인도 보고서를 다시 읽고 똑같이 오래 걸려 역시 빠집니다: 그룹은 리밸런스를 되풀이합니다.",
    "session.timeout.ms를 늘려도 소용없습니다: max.poll.interval.ms를 한 번의 poll 처리 시간보다 길게 하거나 max.poll.records를 줄이세요.",
);

const COMPACTION: LessonWords = lesson!("컴팩션과 툼스톤";
    "prices는 컴팩션 토픽입니다(cleanup.policy=compact): 로그 클리너는 키마다 적어도 가장 최근 레코드를 남깁니다. shop은 pear와 plum의 가격을 계속 씁니다.",
    "apple의 가격을 보내세요." => "apple 1.00 보내기",
    "이제 apple의 새 가격입니다." => "apple 1.20 보내기"
        ? "클리너가 돈 뒤 로그에 apple 레코드는 몇 개 남을까요?"
        ! "클리너는 키마다 최신 레코드를 남기고 같은 키의 예전 레코드를 지웁니다. 닫힌 세그먼트에서만 그렇게 하며 활성 세그먼트는 건드리지 않습니다. 오프셋은 바뀌지 않아 로그에 빈칸이 생깁니다.",
    "값 없이 apple을 보내세요: apple을 지우라는 뜻의 툼스톤입니다." => "툼스톤 보내기"
        ? "클리너가 돌고 delete.retention.ms(3초)가 지나면 apple 레코드는 몇 개 남을까요?"
        ! "툼스톤은 먼저 예전 값을 지우고, delete.retention.ms가 지나면 자신도 지워집니다: 그보다 오래 자리를 비운 독자는 apple이 있었다는 것조차 모릅니다.",
    "컴팩션 토픽은 최신 값의 표이지 역사가 아닙니다: 더는 갖고 있지 않은 것은 다시 읽을 수 없습니다.",
);

const DURABILITY: LessonWords = lesson!("acks=all만으로는 부족하다";
    "payments는 복제본이 셋이고 bank는 acks=all로 씁니다. min.insync.replicas는 기본값 1 그대로입니다.",
    "b1을 중지하세요." => "b1 중지",
    "b2도 중지하세요: 리더 b0만 남습니다." => "b2 중지"
        ? "bank의 다음 레코드는 확인(ack)을 받을까요?"
        ! "acks=all은 동기화된 복제본을 기다리는데, 죽은 브로커가 ISR에서 빠지면 그건 b0 하나뿐입니다: min.insync.replicas=1이면 acks=all도 acks=1보다 안전하지 않습니다.",
    "지금 b0의 디스크가 망가지면 bank가 쓰였다고 들은 결제가 사라집니다. 복제 계수가 3이면 min.insync.replicas=2로 두세요(복제 레슨처럼): 그러면 그런 쓰기는 대신 거부됩니다.",
);

const KAFKA_QUEUE: LessonWords = lesson!("큐로 쓰는 Kafka";
    "토픽 하나, 파티션 2개, 읽는 방법 두 가지. audit는 멤버 3명의 컨슈머 그룹이고, workers는 멤버 4명의 공유 그룹(Kafka 4.2의 큐)으로 점선 테두리로 그려집니다.",
    "컨슈머 그룹은 파티션마다 멤버 한 명에게 맡기고, 그 멤버가 순서대로 읽고 오프셋을 커밋합니다. 주문 20개를 보내세요." => "주문 20개 보내기"
        ? "audit의 멤버 중 몇 명이 레코드를 받을까요?"
        ! "컨슈머 그룹에서 파티션마다 주인은 한 명이라, 파티션 수보다 많은 멤버는 놉니다: 파티션 수가 그룹의 병렬성 상한입니다.",
    "공유 그룹에는 파티션 주인이 없습니다: 멤버들이 파티션에서 가져가고, 브로커는 내준 레코드를 가져간 멤버에게 하나씩 잠급니다(주황 막대). 20개를 더 보내세요." => "20개 더 보내기"
        ? "workers의 멤버 중 몇 명이 레코드를 받을까요?"
        ! "레코드가 하나씩 나뉘므로 파티션 수보다 많은 멤버가 동시에 일합니다. 각 멤버는 처리한 레코드를 하나씩 확인하고(초록), SPSO는 끝난 레코드를 지나 앞으로 갑니다.",
    "workers m0이 레코드를 쥔 채 죽게 하세요. 공유 그룹은 이때 리밸런스하지 않습니다: 그 레코드는 record.lock.duration.ms가 끝날 때까지 잠겨 있습니다." => "workers m0 죽이기",
    "잠금이 만료되면 레코드는 다시 사용 가능(회색)해지고 다른 멤버가 가져갑니다: 기록에 두 번째 전달로 나옵니다. 그동안 audit는 모든 레코드를 순서대로 읽었고, 공유 그룹이 한 일은 audit에 아무 영향도 없었습니다. 장애 버튼을 눌러 보세요: m0을 살리거나 다른 멤버도 죽여 보세요.",
);

const SHARE_LOCKS: LessonWords = lesson!("잠금과 재전달";
    "jobs는 파티션이 하나이고, 멤버 2명인 공유 그룹 workers가 읽습니다. 가져오기마다 레코드를 최대 2개 6초 잠금(record.lock.duration.ms)으로 획득하고 전달 횟수를 셉니다: 처음이면 1번째 전달(기록에 나옵니다). 멤버는 레코드마다 2초 걸려 처리하고, 다음 가져오기에 수락(accept)을 실어 보냅니다.",
    "작업 3개를 한꺼번에 보내, 두 멤버가 늘 레코드를 쥐고 있게 하세요(주황 막대. 막대의 툴팁에 주인이 나옵니다)." => "작업 3개 보내기",
    "이제 workers m0이 레코드를 쥔 채 죽게 하세요. 브로커는 이를 모릅니다: 레코드는 잠금이 끝날 때까지 m0에게 잠겨 있습니다." => "workers m0 죽이기"
        ? "m0이 쥐고 있던 레코드를 다른 멤버가 받을 때, 전달 횟수는 몇으로 나올까요?"
        ! "획득할 때마다 성공 여부와 상관없이 횟수가 1씩 늘어납니다: m0이 죽으면서 1번째 전달을 써 버렸습니다. 이 횟수로 Kafka는 계속 실패하는 레코드를 알아챕니다.",
    "m0의 레코드를 지켜보세요: 잠금이 끝나면 회색(사용 가능)이 되고, m1이 다음 가져오기에 획득합니다. 기록에 2번째 전달로 나옵니다. 그때까지는 아무도 처리하지 않습니다: 잠금이 짧으면 더 빨리 재전달되지만, 느린 멤버는 잠금이 끝난 레코드를 잃고 늦은 응답은 거절됩니다.",
    "다이어그램 아래 컨트롤을 써 보세요: m0을 살리거나, 죽이는 대신 멤버를 멈추거나(가져오기는 멈춰도 잠금 시간은 흐릅니다), 설정 workers에서 잠금 시간을 바꿔 보세요. Kafka는 1000에서 3600000ms까지 받고, 그 밖의 값은 거부합니다.",
);

const SHARE_POISON: LessonWords = lesson!("독이 든 레코드";
    "payments는 멤버 2명인 공유 그룹 workers가 읽는데, 지금은 코드가 모든 결제에서 실패합니다(버그나 서비스 장애): 멤버는 받은 레코드를 수락하지 않고 돌려놓고(release), release된 레코드는 다시 어느 멤버든 가져갈 수 있게 됩니다. 결제를 하나 보내세요." => "결제 보내기"
        ? "Kafka가 전달을 멈추기 전까지 몇 번 전달될까요?"
        ! "release할 때마다 전달이 하나 끝납니다. 끝난 전달이 delivery.count.limit번째(기본 5)이면 Kafka는 레코드를 다시 내놓지 않고 보관 처리합니다(빨강): 다시 전달되지 않고, SPSO가 그 너머로 갑니다. 은행이 15초마다 보내는 결제도 같은 길을 갑니다.",
    "RabbitMQ도 재전달하지만, 클래식 큐는 횟수를 세지 않습니다: requeue로 nack한 메시지는 끝없이 돌아옵니다(RabbitMQ 레슨 '독이 든 메시지'가 보여 줍니다). 코드가 직접 세지 않는 한 그렇습니다. 쿼럼 큐는 전달 횟수를 세고, x-delivery-limit(RabbitMQ 4.0부터 기본 20)에 닿으면 메시지를 버리거나 데드레터로 보냅니다. Kafka 공유 그룹에는 한도가 늘 있습니다.",
    "한도를 Kafka가 허용하는 가장 작은 값인 2로 낮추세요(group.share.delivery.count.limit은 2에서 10까지)." => "한도를 2로",
    "결제를 하나 더 보내세요." => "결제 보내기"
        ? "이번에는 보관 처리되기 전까지 몇 번 전달될까요?"
        ! "두 번입니다: 새 한도는 바꾼 순간부터 적용됩니다. 한도가 낮으면 독이 든 레코드를 빨리 포기하고, 높으면 불안정한 서비스에 기회를 더 줍니다.",
    "설정 workers에서 해 보세요: m1을 accept로 바꾸고 결제를 보내면, m0이 실패한 결제가 돌아가 m1이 처리할 수 있습니다. 멤버를 reject로 바꾸면 레코드는 다시 시도하지 않고 바로 보관 처리됩니다. 한도 11은 거부됩니다: Kafka의 범위는 2에서 10입니다.",
);

const PREFETCH: LessonWords = lesson!("prefetch와 auto-ack";
    "두 워커 모두 prefetch 제한 없이(prefetch 0) 작업을 받습니다. fast는 작업당 0.3초, slow는 3초가 걸립니다. 작업 20개를 쏟아 넣으세요." => "20개 보내기"
        ? "20개는 두 워커에게 어떻게 나뉠까요?"
        ! "제한이 없으면 브로커는 도착하는 즉시 번갈아 밀어 줍니다: slow는 제 몫을 쌓아 두고 fast는 곧 놀게 됩니다. 작업 큐 레슨처럼 prefetch를 작게 하면 워커가 비는 대로 일을 나눠 줍니다.",
    "slow는 auto-ack를 씁니다: 브로커는 작업을 보내는 순간 끝난 것으로 칩니다. 이제 slow가 아직 처리하지 않은 작업을 쥔 채 죽습니다." => "slow 죽이기"
        ? "slow가 처리하지 못한 작업은 누가 다시 받을까요?"
        ! "auto-ack면 브로커는 보내는 순간 작업을 잊었으므로 slow가 쥐고 있던 것은 사라집니다. 수동 ack라면 ack되지 않은 메시지는 채널이 닫힐 때 큐로 돌아가 다시 전달됩니다.",
    "수동 ack와 제한된 prefetch: 워커가 끝났다고 말해야 작업이 끝나고, 어떤 워커도 감당할 수 있는 것보다 많이 쥐지 않습니다.",
);

const POISON: LessonWords = lesson!("독이 든 메시지";
    "picky는 받는 메시지마다 실패하고(잘못된 데이터 같은 독이 든 메시지) requeue로 nack합니다. 주문 하나를 발행하세요." => "주문 발행"
        ? "이 주문은 어떻게 될까요?"
        ! "큐로 돌아가 다시 전달되고, 또 실패하고, 끝없이 반복됩니다: 독이 든 메시지는 컨슈머를 붙잡고 돕니다. 클래식 큐에는 재전달 횟수 제한이 없습니다.",
    "careful도 매번 실패하지만 requeue 없이 거부하고, payments에는 데드레터 익스체인지가 있습니다." => "결제 발행"
        ? "이 결제는 어떻게 될까요?"
        ! "requeue 없이 거부되어 dlx를 거쳐 데드레터가 되고 parked에 보관됩니다. 나중에 누군가 살펴볼 수 있습니다.",
    "다시 시도해서 성공할 수 있는 것만 requeue하고 나머지는 데드레터 큐로 보내세요. (쿼럼 큐는 delivery limit으로 재전달 횟수를 제한할 수도 있습니다: 아직 모델링되지 않았습니다.)",
);
