//! Guided lessons: a scenario plus short steps, one idea each, in English and Korean. A step
//! may offer an action (a command on the lesson's broker) so the learner does the thing the
//! step talks about. Written for Brokerlab; no text is taken from elsewhere.

use brokerlab_core::Command;
use brokerlab_core::world::message::MessageCommand;

use crate::view_kind::ViewKind;

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Event(Command),
    Message(MessageCommand),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub en: &'static str,
    pub ko: &'static str,
    /// The button's label and what it does.
    pub action: Option<(&'static str, &'static str, Action)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    pub id: &'static str,
    pub view: ViewKind,
    pub title_en: &'static str,
    pub title_ko: &'static str,
    /// An event-broker scenario (Event view) or a message-broker spec (Message view).
    pub scenario: &'static str,
    pub steps: Vec<Step>,
}

fn step(en: &'static str, ko: &'static str) -> Step {
    Step { en, ko, action: None }
}

fn act(en: &'static str, ko: &'static str, label_en: &'static str, label_ko: &'static str, action: Action) -> Step {
    Step { en, ko, action: Some((label_en, label_ko, action)) }
}

fn kafka(c: Command) -> Action {
    Action::Event(c)
}

fn rabbit(c: MessageCommand) -> Action {
    Action::Message(c)
}

fn produce(key: &str) -> Action {
    kafka(Command::Produce { producer: "shop".into(), key: Some(key.into()), value: None })
}

fn publish(key: &str) -> Action {
    rabbit(MessageCommand::Publish { publisher: "shop".into(), routing_key: Some(key.into()) })
}

const PUBSUB: &str = r#"{"version": 1, "seed": 11, "link_ms": 400, "event_broker": {
  "topics": [{"name": "orders", "partitions": 3}],
  "producers": [{"name": "shop", "topic": "orders", "every_ms": 1500, "keys": ["alice", "bob", "carol", "dave"]}],
  "groups": [
    {"name": "payment", "topics": ["orders"], "processing_ms": 300, "auto_offset_reset": "earliest"},
    {"name": "inventory", "topics": ["orders"], "processing_ms": 600, "auto_offset_reset": "earliest"},
    {"name": "notification", "topics": ["orders"], "processing_ms": 900, "auto_offset_reset": "earliest"}]}}"#;

const KEYS: &str = r#"{"version": 1, "seed": 12, "link_ms": 400, "event_broker": {
  "topics": [{"name": "orders", "partitions": 3}],
  "producers": [{"name": "shop", "topic": "orders"}],
  "groups": [{"name": "payment", "topics": ["orders"], "processing_ms": 300, "auto_offset_reset": "earliest"}]}}"#;

const REBALANCE: &str = r#"{"version": 1, "seed": 13, "link_ms": 300, "event_broker": {
  "topics": [{"name": "orders", "partitions": 2}],
  "producers": [{"name": "shop", "topic": "orders", "every_ms": 1200, "keys": ["a", "b", "c"]}],
  "groups": [
    {"name": "eager", "topics": ["orders"], "members": 3, "assignor": "range", "processing_ms": 300, "auto_offset_reset": "earliest",
     "session_timeout_ms": 6000, "heartbeat_interval_ms": 1000},
    {"name": "cooperative", "topics": ["orders"], "members": 3, "assignor": "cooperative-sticky", "processing_ms": 300,
     "auto_offset_reset": "earliest", "session_timeout_ms": 6000, "heartbeat_interval_ms": 1000}]}}"#;

const REPLICATION: &str = r#"{"version": 1, "seed": 14, "link_ms": 300, "event_broker": {
  "brokers": 3, "replica_lag_time_max_ms": 4000,
  "topics": [
    {"name": "orders", "partitions": 3, "replication_factor": 3, "config": {"min.insync.replicas": 2}},
    {"name": "clicks", "partitions": 1, "replication_factor": 3, "config": {"unclean.leader.election.enable": true}}],
  "producers": [
    {"name": "shop", "topic": "orders", "every_ms": 1000, "keys": ["alice", "bob", "carol"], "acks": "all"},
    {"name": "tracker", "topic": "clicks", "every_ms": 700, "keys": ["page"], "acks": "1"}],
  "groups": [{"name": "payment", "topics": ["orders"], "processing_ms": 300, "auto_offset_reset": "earliest"}]}}"#;

const REPLAY: &str = r#"{"version": 1, "seed": 15, "link_ms": 300, "event_broker": {
  "log_retention_check_interval_ms": 1000,
  "topics": [{"name": "orders", "partitions": 1, "config": {"segment.ms": 3000, "retention.ms": 8000}}],
  "producers": [{"name": "shop", "topic": "orders", "every_ms": 800, "keys": ["k1", "k2", "k3"]}],
  "groups": [
    {"name": "payment", "topics": ["orders"], "processing_ms": 200, "auto_offset_reset": "earliest"},
    {"name": "audit", "topics": ["orders"], "members": 0, "processing_ms": 200, "auto_offset_reset": "earliest"},
    {"name": "alerts", "topics": ["orders"], "members": 0, "processing_ms": 200, "auto_offset_reset": "latest"}]}}"#;

const WORK_QUEUE: &str = r#"{
  "definitions": {"queues": [{"name": "tasks", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}]},
  "publishers": [{"name": "shop", "exchange": "", "routing_keys": ["tasks"], "persistent": true}],
  "consumers": [
    {"name": "fast", "queue": "tasks", "prefetch": 1, "processing_ms": 500},
    {"name": "slow", "queue": "tasks", "prefetch": 1, "processing_ms": 2500}]}"#;

const ROUTING: &str = r##"{
  "definitions": {
    "exchanges": [
      {"name": "direct-x", "vhost": "/", "type": "direct", "durable": true, "auto_delete": false, "internal": false, "arguments": {}},
      {"name": "topic-x", "vhost": "/", "type": "topic", "durable": true, "auto_delete": false, "internal": false, "arguments": {}},
      {"name": "fanout-x", "vhost": "/", "type": "fanout", "durable": true, "auto_delete": false, "internal": false, "arguments": {}},
      {"name": "headers-x", "vhost": "/", "type": "headers", "durable": true, "auto_delete": false, "internal": false, "arguments": {}}],
    "queues": [
      {"name": "eu-orders", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "all-orders", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "errors", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "audit", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "mirror", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "eu-refunds", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "eu-or-vip", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}],
    "bindings": [
      {"source": "topic-x", "vhost": "/", "destination": "eu-orders", "destination_type": "queue", "routing_key": "order.eu.*", "arguments": {}},
      {"source": "topic-x", "vhost": "/", "destination": "all-orders", "destination_type": "queue", "routing_key": "order.#", "arguments": {}},
      {"source": "direct-x", "vhost": "/", "destination": "errors", "destination_type": "queue", "routing_key": "error", "arguments": {}},
      {"source": "fanout-x", "vhost": "/", "destination": "audit", "destination_type": "queue", "routing_key": "", "arguments": {}},
      {"source": "fanout-x", "vhost": "/", "destination": "mirror", "destination_type": "queue", "routing_key": "", "arguments": {}},
      {"source": "headers-x", "vhost": "/", "destination": "eu-refunds", "destination_type": "queue", "routing_key": "",
       "arguments": {"x-match": "all", "type": "refund", "region": "eu"}},
      {"source": "headers-x", "vhost": "/", "destination": "eu-or-vip", "destination_type": "queue", "routing_key": "",
       "arguments": {"x-match": "any", "region": "eu", "tier": "vip"}}]},
  "publishers": [
    {"name": "shop", "exchange": "topic-x", "routing_keys": ["order.eu.placed"]},
    {"name": "ops", "exchange": "direct-x", "routing_keys": ["warning"]},
    {"name": "announcer", "exchange": "fanout-x", "routing_keys": ["anything"]},
    {"name": "refund-eu", "exchange": "headers-x", "headers": {"type": "refund", "region": "eu"}},
    {"name": "refund-us-vip", "exchange": "headers-x", "headers": {"type": "refund", "region": "us", "tier": "vip"}}],
  "consumers": []}"##;

const ACKS: &str = r#"{
  "definitions": {
    "exchanges": [{"name": "dlx", "vhost": "/", "type": "fanout", "durable": true, "auto_delete": false, "internal": false, "arguments": {}}],
    "queues": [
      {"name": "tasks", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {"x-dead-letter-exchange": "dlx", "x-max-length": 5}},
      {"name": "reminders", "vhost": "/", "durable": true, "auto_delete": false,
       "arguments": {"x-dead-letter-exchange": "dlx", "x-message-ttl": 3000}},
      {"name": "dead-letters", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}],
    "bindings": [{"source": "dlx", "vhost": "/", "destination": "dead-letters", "destination_type": "queue", "routing_key": "", "arguments": {}}]},
  "publishers": [
    {"name": "shop", "exchange": "", "routing_keys": ["tasks"], "persistent": true},
    {"name": "reminder", "exchange": "", "routing_keys": ["reminders"], "persistent": true}],
  "consumers": [
    {"name": "careful", "queue": "tasks", "prefetch": 1, "processing_ms": 900, "failure_per_mille": 400, "on_failure": "nack_requeue"},
    {"name": "strict", "queue": "tasks", "prefetch": 1, "processing_ms": 900, "failure_per_mille": 400, "on_failure": "reject"}]}"#;

const PERSISTENCE: &str = r#"{
  "definitions": {"queues": [
    {"name": "durable-q", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
    {"name": "transient-q", "vhost": "/", "durable": false, "auto_delete": false, "arguments": {}}]},
  "publishers": [
    {"name": "shop", "exchange": "", "routing_keys": ["durable-q"], "persistent": true},
    {"name": "careless", "exchange": "", "routing_keys": ["durable-q"], "persistent": false},
    {"name": "temp", "exchange": "", "routing_keys": ["transient-q"], "persistent": true}],
  "consumers": []}"#;

const PRIORITIES: &str = r#"{
  "definitions": {"queues": [{"name": "jobs", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {"x-max-priority": 9}}]},
  "publishers": [
    {"name": "shop", "exchange": "", "routing_keys": ["jobs"], "priority": 1},
    {"name": "vip", "exchange": "", "routing_keys": ["jobs"], "priority": 9}],
  "consumers": [{"name": "worker", "queue": "jobs", "prefetch": 1, "processing_ms": 1500}]}"#;

/// Every lesson, in teaching order.
pub fn all() -> Vec<Lesson> {
    vec![
        Lesson {
            id: "pubsub",
            view: ViewKind::Event,
            title_en: "Many readers, one log",
            title_ko: "여러 독자, 하나의 로그",
            scenario: PUBSUB,
            steps: vec![
                step("The shop records every order in the topic orders. Three services read it: payment, inventory and notification.",
                     "쇼핑몰은 모든 주문을 orders 토픽에 기록합니다. 결제, 재고, 알림 세 서비스가 이를 읽습니다."),
                step("Each group has its own committed offset (its coloured caret). Reading moves a caret; it never removes a record.",
                     "그룹마다 자기 커밋 오프셋(색깔 화살표)이 있습니다. 읽으면 화살표가 움직일 뿐 레코드는 지워지지 않습니다."),
                step("notification is slower, so its lag grows. The others do not wait for it: groups are independent.",
                     "notification은 느려서 랙이 늘어납니다. 다른 그룹은 기다리지 않습니다: 그룹은 서로 독립입니다."),
                act("Now kill the notification service and watch: payment and inventory carry on. Then revive it: it resumes from its committed offset and catches up.",
                    "이제 알림 서비스를 죽여 보세요. 결제와 재고는 계속 동작합니다. 되살리면 커밋된 오프셋부터 이어서 따라잡습니다.",
                    "Crash notification", "알림 서비스 죽이기",
                    kafka(Command::CrashMember { group: "notification".into(), member: 0 })),
                act("Revive it and watch its lag fall back to zero.", "되살리고 랙이 0으로 돌아오는 것을 보세요.",
                    "Revive notification", "알림 서비스 되살리기",
                    kafka(Command::ReviveMember { group: "notification".into(), member: 0 })),
            ],
        },
        Lesson {
            id: "keys",
            view: ViewKind::Event,
            title_en: "Keys and ordering",
            title_ko: "키와 순서",
            scenario: KEYS,
            steps: vec![
                act("Send a record with key alice. murmur2 of the key bytes, masked positive, modulo 3 picks its partition.",
                    "키가 alice인 레코드를 보내 보세요. 키 바이트의 murmur2를 양수로 만든 뒤 3으로 나눈 나머지가 파티션입니다.",
                    "Send alice", "alice 보내기", produce("alice")),
                act("Send alice again: same key, same partition, next offset. That is why per-key order holds.",
                    "alice를 다시 보내세요: 같은 키는 같은 파티션, 다음 오프셋으로 갑니다. 그래서 키별 순서가 지켜집니다.",
                    "Send alice again", "alice 다시 보내기", produce("alice")),
                act("Now grow the topic to 4 partitions. Records already written stay where they are.",
                    "이제 토픽을 파티션 4개로 늘리세요. 이미 쓴 레코드는 그대로 있습니다.",
                    "Add a partition", "파티션 추가",
                    kafka(Command::AddPartitions { topic: "orders".into(), partitions: 4 })),
                act("Send alice once more: the hash is now taken modulo 4, so new alice records may land elsewhere. Try other keys in the Key box.",
                    "alice를 한 번 더 보내세요: 이제 4로 나누므로 새 alice 레코드는 다른 곳에 갈 수 있습니다. 키 입력란에 다른 키도 시험해 보세요.",
                    "Send alice", "alice 보내기", produce("alice")),
            ],
        },
        Lesson {
            id: "rebalance",
            view: ViewKind::Event,
            title_en: "Groups and rebalancing",
            title_ko: "그룹과 리밸런싱",
            scenario: REBALANCE,
            steps: vec![
                step("Two partitions, three members in each group: one member of each group owns nothing. Partitions cap a group's parallelism.",
                     "파티션 2개에 그룹마다 멤버 3명: 각 그룹에서 한 명은 아무것도 맡지 않습니다. 파티션 수가 그룹의 병렬성 상한입니다."),
                act("Crash member 0 of both groups. After the session timeout the coordinator starts a rebalance.",
                    "두 그룹의 멤버 0을 죽이세요. 세션 타임아웃이 지나면 코디네이터가 리밸런스를 시작합니다.",
                    "Crash eager m0", "eager m0 죽이기",
                    kafka(Command::CrashMember { group: "eager".into(), member: 0 })),
                act("Crash the cooperative group's member 0 too and compare the logs: eager revokes everything first; cooperative revokes only what moves and follows up.",
                    "cooperative 그룹의 멤버 0도 죽이고 기록을 비교하세요: eager는 먼저 전부 회수하고, cooperative는 옮겨질 것만 회수한 뒤 한 번 더 맞춥니다.",
                    "Crash cooperative m0", "cooperative m0 죽이기",
                    kafka(Command::CrashMember { group: "cooperative".into(), member: 0 })),
            ],
        },
        Lesson {
            id: "replay",
            view: ViewKind::Event,
            title_en: "Retention and replay",
            title_ko: "보관과 다시 읽기",
            scenario: REPLAY,
            steps: vec![
                step("Records stay in the log after payment read them: the log keeps what happened, for as long as retention allows.",
                     "payment가 읽은 뒤에도 레코드는 로그에 남습니다: 로그는 보관 기간 동안 일어난 일을 간직합니다."),
                step("Here a segment rolls every 3 s (segment.ms) and is deleted once its newest record is 8 s old (retention.ms). Watch the first offset move up: whole closed segments expire, read or not.",
                     "여기서는 세그먼트가 3초마다 바뀌고(segment.ms) 가장 새 레코드가 8초 지나면 지워집니다(retention.ms). 첫 오프셋이 올라가는 것을 보세요: 읽었든 안 읽었든 닫힌 세그먼트가 통째로 만료됩니다."),
                act("Rewind payment to the beginning. It reads every record still kept again, from the log start: a replay, for example after fixing a bug.",
                    "payment를 처음으로 되감으세요. 로그 시작점부터 아직 남은 모든 레코드를 다시 읽습니다: 예를 들어 버그를 고친 뒤의 재처리입니다.",
                    "Seek to beginning", "처음으로 되감기",
                    kafka(Command::Seek { group: "payment".into(), member: 0, topic: "orders".into(), partition: 0,
                                          to: brokerlab_core::world::SeekTo::Beginning })),
                act("A new group, audit, starts with auto.offset.reset=earliest. It has no committed offset, so it begins at the log start and reads all the history still kept.",
                    "새 그룹 audit가 auto.offset.reset=earliest로 시작합니다. 커밋된 오프셋이 없으니 로그 시작점부터 남아 있는 기록을 모두 읽습니다.",
                    "Start audit (earliest)", "audit 시작 (earliest)",
                    kafka(Command::AddMember { group: "audit".into(), instance_id: None })),
                act("Another new group, alerts, uses latest: it begins at the log end and sees only records written from now on.",
                    "또 다른 새 그룹 alerts는 latest를 씁니다: 로그 끝에서 시작해 지금부터 쓰이는 레코드만 봅니다.",
                    "Start alerts (latest)", "alerts 시작 (latest)",
                    kafka(Command::AddMember { group: "alerts".into(), instance_id: None })),
                step("A message queue cannot do this: once a message is acked it is gone. Open the Compare view to see both side by side.",
                     "메시지 큐는 이렇게 할 수 없습니다: ack된 메시지는 사라집니다. 비교 보기에서 나란히 보세요."),
            ],
        },
        Lesson {
            id: "replication",
            view: ViewKind::Event,
            title_en: "Replication and failover",
            title_ko: "복제와 장애 조치",
            scenario: REPLICATION,
            steps: vec![
                step("Three brokers, every partition on all three. Under each strip: the leader and the in-sync replicas (ISR). The high watermark is what every ISR member has.",
                     "브로커 3대, 모든 파티션이 세 곳에 있습니다. 각 줄 아래에 리더와 동기화된 복제본(ISR)이 보입니다. 하이 워터마크는 모든 ISR 멤버가 가진 지점입니다."),
                act("Kill broker b0, the leader of P0. A new leader is chosen from the ISR; with acks=all no acknowledged record is lost.",
                    "P0의 리더인 브로커 b0을 중지하세요. ISR에서 새 리더가 뽑히고, acks=all이면 확인된 레코드는 잃지 않습니다.",
                    "Kill b0", "b0 중지", kafka(Command::KillBroker { broker: 0 })),
                act("Kill b1 as well: the ISR shrinks below min.insync.replicas=2, so acks=all produces are refused with NotEnoughReplicas.",
                    "b1도 중지하세요: ISR이 min.insync.replicas=2보다 작아져 acks=all 쓰기는 NotEnoughReplicas로 거부됩니다.",
                    "Kill b1", "b1 중지", kafka(Command::KillBroker { broker: 1 })),
                step("Meanwhile tracker writes clicks with acks=1: the leader alone answers, so b2 keeps acknowledging clicks that no other broker holds.",
                     "그동안 tracker는 acks=1로 clicks에 씁니다: 리더 혼자 응답하므로 b2는 다른 브로커에 없는 클릭도 계속 확인해 줍니다."),
                act("Kill b2, the last one: every partition goes offline.",
                    "마지막 b2도 중지하세요: 모든 파티션이 오프라인이 됩니다.",
                    "Kill b2", "b2 중지", kafka(Command::KillBroker { broker: 2 })),
                act("Revive b0. orders stays offline: b0 is out of sync and unclean election is off, so it waits for b2 rather than lose acknowledged records. clicks allows unclean election: b0 leads at once, and the clicks only b2 had are lost, though the producer was told they were written.",
                    "b0을 다시 켜세요. orders는 오프라인 그대로입니다: b0은 동기화되지 않았고 unclean 선출이 꺼져 있어, 확인된 레코드를 잃느니 b2를 기다립니다. clicks는 unclean 선출을 허용하므로 b0이 바로 리더가 되고, b2에만 있던 클릭은 프로듀서가 쓰였다고 들었는데도 사라집니다.",
                    "Revive b0", "b0 재시작", kafka(Command::ReviveBroker { broker: 0 })),
                act("Revive b2: orders comes back with its acknowledged records, and b0 truncates to the leader's high watermark, catches up and rejoins the ISR.",
                    "b2를 다시 켜세요: orders가 확인된 레코드 그대로 돌아오고, b0은 리더의 하이 워터마크까지 잘라 낸 뒤 따라잡아 ISR에 다시 들어갑니다.",
                    "Revive b2", "b2 재시작", kafka(Command::ReviveBroker { broker: 2 })),
            ],
        },
        Lesson {
            id: "work-queue",
            view: ViewKind::Message,
            title_en: "The work queue",
            title_ko: "작업 큐",
            scenario: WORK_QUEUE,
            steps: vec![
                act("Flood the queue with 20 tasks. Each task goes to exactly one worker.",
                    "큐에 작업 20개를 쏟아 넣으세요. 작업마다 정확히 한 워커에게 갑니다.",
                    "Flood 20", "20개 보내기", rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 20 })),
                step("prefetch=1: a worker gets the next task only after acking the last, so the fast worker ends up doing most of the work (fair dispatch).",
                     "prefetch=1: 워커는 이전 작업을 ack한 뒤에야 다음 작업을 받으므로 빠른 워커가 대부분을 처리합니다(공정한 분배)."),
                step("Acked tasks are forgotten: the queue holds only what is waiting or in progress.",
                     "ack된 작업은 잊힙니다: 큐에는 대기 중이거나 처리 중인 것만 남습니다."),
            ],
        },
        Lesson {
            id: "routing",
            view: ViewKind::Message,
            title_en: "Routing through exchanges",
            title_ko: "익스체인지 라우팅",
            scenario: ROUTING,
            steps: vec![
                act("Publish order.eu.placed to the topic exchange: it matches order.eu.* (one word) and order.# (any words), so both queues get one copy.",
                    "order.eu.placed를 토픽 익스체인지에 발행하세요: order.eu.*(한 단어)와 order.#(여러 단어)에 모두 맞아 두 큐가 한 부씩 받습니다.",
                    "Publish order.eu.placed", "order.eu.placed 발행", publish("order.eu.placed")),
                act("Publish order.us.paid.late: * matches exactly one word, so only order.# takes it.",
                    "order.us.paid.late를 발행하세요: *는 정확히 한 단어만 맞으므로 order.#만 받습니다.",
                    "Publish order.us.paid.late", "order.us.paid.late 발행", publish("order.us.paid.late")),
                act("Publish invoice.sent: no binding matches and there is no alternate exchange, so it is dropped.",
                    "invoice.sent를 발행하세요: 맞는 바인딩도 대체 익스체인지도 없어 버려집니다.",
                    "Publish invoice.sent", "invoice.sent 발행", publish("invoice.sent")),
                act("A direct exchange compares the whole key, nothing more: error goes to the queue bound with error. (A key like warning would match no binding.)",
                    "다이렉트 익스체인지는 키 전체가 같은지만 봅니다: error는 error로 바인딩된 큐로 갑니다. (warning 같은 키는 어느 바인딩에도 맞지 않습니다.)",
                    "Publish error (direct)", "error 발행 (다이렉트)",
                    rabbit(MessageCommand::Publish { publisher: "ops".into(), routing_key: Some("error".into()) })),
                act("A fanout exchange ignores the key and gives every bound queue its own copy: audit and mirror both get one.",
                    "팬아웃 익스체인지는 키를 보지 않고 바인딩된 모든 큐에 한 부씩 줍니다: audit와 mirror가 모두 받습니다.",
                    "Publish to fanout", "팬아웃에 발행",
                    rabbit(MessageCommand::Publish { publisher: "announcer".into(), routing_key: None })),
                act("A headers exchange ignores the key and reads headers. type=refund, region=eu: eu-refunds (x-match all: both must match) and eu-or-vip (x-match any: one is enough) both take it.",
                    "헤더 익스체인지는 키 대신 헤더를 봅니다. type=refund, region=eu: eu-refunds(x-match all: 모두 맞아야 함)와 eu-or-vip(x-match any: 하나면 충분)가 모두 받습니다.",
                    "Publish EU refund", "EU 환불 발행",
                    rabbit(MessageCommand::Publish { publisher: "refund-eu".into(), routing_key: None })),
                act("Now type=refund, region=us, tier=vip: region differs, so x-match all fails for eu-refunds; tier=vip is enough for eu-or-vip.",
                    "이번엔 type=refund, region=us, tier=vip: region이 달라 eu-refunds의 x-match all은 실패하고, eu-or-vip은 tier=vip 하나로 충분합니다.",
                    "Publish US VIP refund", "US VIP 환불 발행",
                    rabbit(MessageCommand::Publish { publisher: "refund-us-vip".into(), routing_key: None })),
            ],
        },
        Lesson {
            id: "acks",
            view: ViewKind::Message,
            title_en: "Acks, requeues and dead letters",
            title_ko: "ack, 재전달, 데드레터",
            scenario: ACKS,
            steps: vec![
                act("Send 10 tasks. careful nacks failures with requeue: the task goes back to its place, marked redelivered.",
                    "작업 10개를 보내세요. careful은 실패하면 requeue로 nack합니다: 작업은 원래 자리로 돌아가고 재전달 표시가 붙습니다.",
                    "Send 10", "10개 보내기", rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 10 })),
                step("strict rejects failures without requeue: the queue dead-letters them to dlx, and dead-letters receives them with an x-death header (queue, reason rejected, count).",
                     "strict는 실패하면 requeue 없이 거부합니다: 큐가 dlx로 데드레터 처리하고 dead-letters가 x-death 헤더(큐, 이유 rejected, 횟수)와 함께 받습니다."),
                act("tasks has x-max-length 5. Pause both workers and flood it: the oldest messages are dropped from the head and dead-lettered with reason maxlen.",
                    "tasks의 x-max-length는 5입니다. 두 워커를 멈추고 쏟아 넣으세요: 가장 오래된 메시지가 앞에서 밀려나 maxlen 이유로 데드레터가 됩니다.",
                    "Pause careful", "careful 멈추기", rabbit(MessageCommand::PauseConsumer { consumer: "careful".into() })),
                act("Pause strict too, then flood.", "strict도 멈춘 뒤 쏟아 넣으세요.",
                    "Pause strict", "strict 멈추기", rabbit(MessageCommand::PauseConsumer { consumer: "strict".into() })),
                act("Flood 10 and watch dead-letters fill up.", "10개를 보내고 dead-letters가 차는 것을 보세요.",
                    "Flood 10", "10개 보내기", rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 10 })),
                act("reminders has x-message-ttl 3000 and no consumer. Publish one: after 3 s it expires and is dead-lettered with reason expired.",
                    "reminders는 x-message-ttl이 3000이고 컨슈머가 없습니다. 하나 발행하세요: 3초 뒤 만료되어 expired 이유로 데드레터가 됩니다.",
                    "Publish a reminder", "알림 발행",
                    rabbit(MessageCommand::Publish { publisher: "reminder".into(), routing_key: None })),
            ],
        },
        Lesson {
            id: "persistence",
            view: ViewKind::Message,
            title_en: "Persistence",
            title_ko: "영속성",
            scenario: PERSISTENCE,
            steps: vec![
                act("Publish a persistent message to the durable queue.", "내구성 큐에 영속 메시지를 발행하세요.",
                    "Persistent → durable", "영속 → 내구성", rabbit(MessageCommand::Publish { publisher: "shop".into(), routing_key: None })),
                act("Publish a transient message to the same queue.", "같은 큐에 임시 메시지를 발행하세요.",
                    "Transient → durable", "임시 → 내구성", rabbit(MessageCommand::Publish { publisher: "careless".into(), routing_key: None })),
                act("And a persistent message to the transient queue.", "그리고 임시 큐에 영속 메시지를 발행하세요.",
                    "Persistent → transient", "영속 → 임시", rabbit(MessageCommand::Publish { publisher: "temp".into(), routing_key: None })),
                act("Restart the broker. Only the persistent message in the durable queue survives: both must hold.",
                    "브로커를 재시작하세요. 내구성 큐의 영속 메시지만 살아남습니다: 둘 다 만족해야 합니다.",
                    "Restart broker", "브로커 재시작", rabbit(MessageCommand::RestartBroker)),
            ],
        },
        Lesson {
            id: "priorities",
            view: ViewKind::Message,
            title_en: "Priorities",
            title_ko: "우선순위",
            scenario: PRIORITIES,
            steps: vec![
                act("Queue five ordinary jobs (priority 1).", "보통 작업 다섯 개(우선순위 1)를 넣으세요.",
                    "Flood 5 ordinary", "보통 5개", rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 5 })),
                act("Now one VIP job (priority 9): the queue has x-max-priority, so it jumps ahead of the waiting ones, but the job already being worked on is not pre-empted.",
                    "이제 VIP 작업(우선순위 9) 하나: 큐에 x-max-priority가 있어 대기 중인 작업보다 앞서지만, 이미 처리 중인 작업을 빼앗지는 않습니다.",
                    "Send VIP", "VIP 보내기", rabbit(MessageCommand::Publish { publisher: "vip".into(), routing_key: None })),
                step("Priorities exist only in the message broker: a Kafka partition is read strictly in offset order.",
                     "우선순위는 메시지 브로커에만 있습니다: Kafka 파티션은 오프셋 순서대로만 읽힙니다."),
            ],
        },
        Lesson {
            id: "compare",
            view: ViewKind::Compare,
            title_en: "Side by side",
            title_ko: "나란히 비교",
            scenario: "",
            steps: vec![
                step("Click Order placed and Payment done a few times: the same events go to both brokers.",
                     "주문 접수와 결제 완료를 몇 번 눌러 보세요: 같은 이벤트가 두 브로커로 갑니다."),
                step("Left, every group reads every record and the log keeps them. Right, each message goes to one worker and is forgotten once acked.",
                     "왼쪽은 모든 그룹이 모든 레코드를 읽고 로그가 보관합니다. 오른쪽은 메시지마다 한 워커에게 가고 ack되면 잊힙니다."),
                step("Read the panel below: it states each difference with the numbers you just produced.",
                     "아래 패널을 읽어 보세요: 방금 만든 숫자로 차이를 하나씩 설명합니다."),
            ],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message_act::MessageSim;
    use crate::event_act::EventSim;
    use brokerlab_core::Scenario;
    use brokerlab_core::world::message::MessageBrokerSpec;

    /// The (link_ms, seed) a message lesson can run with on the page: the message side runs with
    /// the current scenario's (`Setup::message_sim`), which is the built-in scenario's or the
    /// last event lesson's.
    fn page_timings() -> Vec<(u64, u64)> {
        let default = EventSim::default_scenario();
        let mut timings = vec![(default.link_ms, default.seed)];
        for lesson in all().into_iter().filter(|l| l.view == ViewKind::Event) {
            let s = Scenario::from_json(lesson.scenario).expect("valid");
            if !timings.contains(&(s.link_ms, s.seed)) {
                timings.push((s.link_ms, s.seed));
            }
        }
        assert!(timings.len() > 2, "the event lessons give the message side several timings: {timings:?}");
        timings
    }

    /// What a learner's page sees while walking a lesson: animation frames, and a step's action.
    enum Moment<'a> {
        Frame(f64),
        Action(&'a Action),
    }

    /// Walks `lesson` as a learner would: a first frame, then for each step 10 s of frames
    /// (every 250 ms) before its action, if it has one.
    fn walk<'a>(lesson: &'a Lesson, mut on: impl FnMut(Moment<'a>)) {
        let mut t = 0.0;
        on(Moment::Frame(t));
        for step in &lesson.steps {
            for _ in 0..40 {
                t += 250.0;
                on(Moment::Frame(t));
            }
            if let Some((_, _, action)) = &step.action {
                on(Moment::Action(action));
            }
        }
    }

    /// Every lesson's scenario builds, and every step's action applies in order (with time
    /// passing between steps, as for a learner); a message lesson under every timing the page
    /// can give it.
    #[test]
    fn every_lesson_builds_and_every_action_applies() {
        for lesson in all() {
            match lesson.view {
                ViewKind::Event => {
                    let scenario = Scenario::from_json(lesson.scenario).unwrap_or_else(|e| panic!("{}: {e}", lesson.id));
                    let mut sim = EventSim::new(&scenario).unwrap_or_else(|e| panic!("{}: {e}", lesson.id));
                    walk(&lesson, |moment| match moment {
                        Moment::Frame(t) => drop(sim.frame(t)),
                        Moment::Action(Action::Event(command)) => {
                            sim.apply(command.clone()).unwrap_or_else(|e| panic!("{}: {command:?}: {e}", lesson.id))
                        }
                        Moment::Action(_) => {}
                    });
                }
                ViewKind::Message => {
                    let spec: MessageBrokerSpec = serde_json::from_str(lesson.scenario).unwrap_or_else(|e| panic!("{}: {e}", lesson.id));
                    for (link_ms, seed) in page_timings() {
                        let mut sim = MessageSim::new(&spec, link_ms, seed).unwrap_or_else(|e| panic!("{}: {e}", lesson.id));
                        walk(&lesson, |moment| match moment {
                            Moment::Frame(t) => drop(sim.frame(t)),
                            Moment::Action(Action::Message(command)) => sim
                                .apply(command.clone())
                                .unwrap_or_else(|e| panic!("{} at link {link_ms}, seed {seed}: {command:?}: {e}", lesson.id)),
                            Moment::Action(_) => {}
                        });
                    }
                }
                ViewKind::Compare => assert!(lesson.steps.iter().all(|s| s.action.is_none())),
            }
            assert!(!lesson.steps.is_empty());
            for s in &lesson.steps {
                assert!(!s.en.is_empty() && !s.ko.is_empty(), "{}: every step in both languages", lesson.id);
            }
        }
        assert!(all().len() >= 11);
    }

    /// Runs an event-broker lesson through the core alone, `gap_ms` of simulated time before
    /// each step's action (as a learner reading the step), and returns every event in order.
    fn run_event_lesson(id: &str, gap_ms: u64) -> (brokerlab_core::World, Vec<brokerlab_core::world::Event>) {
        use brokerlab_core::Drive;
        use brokerlab_core::time::SimTime;
        let lesson = all().into_iter().find(|l| l.id == id).expect("lesson exists");
        let mut world = brokerlab_core::World::new(&Scenario::from_json(lesson.scenario).expect("valid")).expect("builds");
        let mut events = Vec::new();
        let mut t = 0;
        for step in &lesson.steps {
            t += gap_ms;
            world.run_to(SimTime::from_ms(t), |e| events.push(e));
            if let Some((_, _, Action::Event(command))) = &step.action {
                world.apply(command.clone()).unwrap_or_else(|e| panic!("{id}: {command:?}: {e}"));
            }
        }
        t += gap_ms;
        world.run_to(SimTime::from_ms(t), |e| events.push(e));
        (world, events)
    }

    /// The same for a message-broker lesson, with this one-way link and seed; returns the side
    /// and its events.
    fn run_message_lesson(
        id: &str,
        gap_ms: u64,
        (link_ms, seed): (u64, u64),
    ) -> (brokerlab_core::world::message::MessageSide, Vec<brokerlab_core::world::message::MessageEvent>) {
        use brokerlab_core::Drive;
        use brokerlab_core::time::SimTime;
        let lesson = all().into_iter().find(|l| l.id == id).expect("lesson exists");
        let spec: MessageBrokerSpec = serde_json::from_str(lesson.scenario).expect("valid");
        let mut side = brokerlab_core::world::message::MessageSide::new(&spec, link_ms, seed).expect("builds");
        let mut events = Vec::new();
        let mut t = 0;
        for step in lesson.steps.iter().map(Some).chain([None]) {
            t += gap_ms;
            side.run_to(SimTime::from_ms(t), |e| events.push(e));
            if let Some((_, _, Action::Message(command))) = step.and_then(|s| s.action.as_ref()) {
                side.apply(command.clone()).unwrap_or_else(|e| panic!("{id}: {command:?}: {e}"));
            }
        }
        (side, events)
    }

    fn ready(side: &brokerlab_core::world::message::MessageSide, queue: &str) -> usize {
        side.broker().queue(queue).unwrap_or_else(|| panic!("queue {queue}")).ready_count()
    }

    /// Routing: direct by whole key, topic by words, fanout to all, headers by all/any.
    #[test]
    fn routing_lesson_puts_each_publish_where_its_exchange_type_says() {
        for timing in page_timings() {
            let (side, _) = run_message_lesson("routing", 2_000, timing);
            let counts: Vec<(&str, usize)> = ["eu-orders", "all-orders", "errors", "audit", "mirror", "eu-refunds", "eu-or-vip"]
                .into_iter()
                .map(|q| (q, ready(&side, q)))
                .collect();
            assert_eq!(
                counts,
                [("eu-orders", 1), ("all-orders", 2), ("errors", 1), ("audit", 1), ("mirror", 1), ("eu-refunds", 1), ("eu-or-vip", 2)],
                "link_ms and seed {timing:?}"
            );
        }
    }

    /// Acks: the reminder expires after its queue's TTL and is dead-lettered as expired.
    #[test]
    fn acks_lesson_dead_letters_an_expired_reminder() {
        use brokerlab_core::message_broker::{DeathReason, EventKind};
        use brokerlab_core::world::message::MessageEventKind;
        for timing in page_timings() {
            let (side, events) = run_message_lesson("acks", 10_000, timing);
            let expired = events.iter().any(|e| matches!(&e.kind,
                MessageEventKind::Broker(EventKind::MessageDeadLettered { queue, reason: DeathReason::Expired, .. }) if &**queue == "reminders"));
            assert!(expired, "the reminder is dead-lettered with reason expired ({timing:?})");
            assert_eq!(ready(&side, "reminders"), 0);
            let maxlen = events.iter().any(|e| matches!(&e.kind,
                MessageEventKind::Broker(EventKind::MessageDeadLettered { reason: DeathReason::Maxlen, .. })));
            assert!(maxlen, "the flood into the paused queue also dead-letters by x-max-length ({timing:?})");
        }
    }

    /// Replay: segments expire (log start > 0); the earliest group starts at the log start,
    /// the latest group only at the end, after it.
    #[test]
    fn replay_lesson_expires_segments_and_starts_new_groups_where_their_reset_policy_says() {
        use brokerlab_core::world::EventKind;
        let (world, events) = run_event_lesson("replay", 10_000);
        let first_fetch = |group: &str| {
            events.iter().find_map(|e| match &e.kind {
                EventKind::RecordsFetched { group: g, from, .. } if &**g == group => Some(from.0),
                _ => None,
            })
        };
        let log_start_expired = events.iter().any(|e| matches!(e.kind, EventKind::SegmentsDeleted { .. }));
        assert!(log_start_expired, "segments expire during the lesson");
        let audit = first_fetch("audit").expect("audit reads");
        let alerts = first_fetch("alerts").expect("alerts reads");
        assert!(audit > 0, "audit starts at the log start, past the expired segments, not at 0");
        assert!(alerts > audit, "alerts (latest) starts after the history audit (earliest) reads");
        let log = world.view().event_broker().topic("orders").unwrap().partition(brokerlab_core::event_broker::PartitionIndex(0)).unwrap();
        assert!(log.log_start().0 > 0);
    }

    /// Replication: acks=all records survive; acks=1 records acknowledged by b2 alone are lost
    /// when unclean election lets b0 lead clicks.
    #[test]
    fn replication_lesson_loses_acks_1_records_only_on_the_unclean_topic() {
        use brokerlab_core::world::{EventKind, LossCause};
        let (_, events) = run_event_lesson("replication", 10_000);
        let mut clicks_lost = 0;
        for e in &events {
            if let EventKind::RecordsLost { topic, acknowledged, cause, .. } = &e.kind {
                match &**topic {
                    "orders" => assert!(acknowledged.is_empty(), "acks=all never loses an acknowledged record: {e:?}"),
                    "clicks" => {
                        if *cause == LossCause::UncleanElection {
                            clicks_lost += acknowledged.len();
                        }
                    }
                    other => panic!("unexpected topic {other}"),
                }
            }
        }
        assert!(clicks_lost > 0, "the unclean election loses acknowledged clicks");
        assert!(events.iter().any(|e| matches!(e.kind, EventKind::NotEnoughReplicas { .. })),
            "acks=all produces are refused below min.insync.replicas");
    }
}
