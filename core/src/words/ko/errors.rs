//! The core's errors in Korean. Names, JSON keys, settings and AMQP reply codes stay as they
//! are; serde's message in a malformed document stays as serde wrote it.

use alloc::format;
use alloc::string::String;

use crate::event_broker::log::AppendError;
use crate::limits::NAME_BYTES_MAX;
use crate::message_broker::definitions::{Definition, DefinitionsError, JsonProblem, ShapeProblem};
use crate::message_broker::{ArgumentProblem, Error, Limit, PRIORITY_MAX, StreamUnsupported};
use crate::share::FragmentError;
use crate::world::message::{Client, ConsumerAction, ConsumerState, MessageCommandError, MessageSpecError};
use crate::world::{Collection, CommandError, Declared, Field, MemberState, NameProblem, ScenarioError};

pub(super) fn scenario_error(error: &ScenarioError) -> String {
    match error {
        ScenarioError::TooLarge { bytes, max } => format!("시나리오가 {bytes}바이트입니다. 최대 {max}바이트까지 받습니다"),
        ScenarioError::Malformed(message) => format!("시나리오가 올바르지 않습니다: {message}"),
        ScenarioError::UnsupportedVersion { found, supported } => {
            format!("시나리오 버전이 {found}입니다. 이 빌드는 버전 {supported}을 읽습니다 (더 새로운 Brokerlab에서 왔을 수 있습니다)")
        }
        ScenarioError::InvalidName { what, name, reason } => {
            format!("{} 이름 {name:?}은(는) 쓸 수 없습니다: {}", declared(*what), name_problem(*reason))
        }
        ScenarioError::DuplicateName { what, name } => format!("{} 두 개의 이름이 {name:?}입니다", declared(*what)),
        ScenarioError::OutOfRange { field, value, min, max } => {
            format!("{} 값이 {value}입니다. {min}에서 {max} 사이여야 합니다", field_words(field))
        }
        ScenarioError::TooMany { what, count, max } => format!("{} {count}개를 주었습니다. 최대 {max}개입니다", collection(*what)),
        ScenarioError::UnknownTopic { by, name, topic } => {
            format!("{} {name:?}이(가) 선언되지 않은 토픽 {topic:?}을(를) 가리킵니다", declared(*by))
        }
        ScenarioError::InvalidScript { step, reason } => format!("스크립트 단계 {step}: {}", command_error(reason)),
        ScenarioError::InvalidConfig { topic, property, value, min, max } => {
            format!("토픽 {topic:?}: {property} 값이 {value}입니다. {min}에서 {max} 사이여야 합니다")
        }
        ScenarioError::MessageBroker(error) => format!("message_broker: {}", message_spec_error(error)),
        ScenarioError::UnknownVersion { product, found } => format!(
            "{} 값 {found:?}은(는) 이 모델이 따르지 않는 버전입니다. {} 중 하나를 쓰세요",
            product.key(),
            product.supported().join(", ")
        ),
        ScenarioError::ImplicitAcknowledgement { group } => format!(
            "공유 그룹 {group:?}은(는) acknowledgement_mode가 implicit이라 모든 레코드를 수락하므로 acknowledge는 accept여야 합니다(또는 explicit을 쓰세요)"
        ),
        ScenarioError::ShareGroupsUnavailable { group, version } => format!(
            "공유 그룹 {group:?}에는 Kafka 4.2가 필요합니다: Kafka {}에는 공유 그룹(KIP-932)이 없습니다(4.0에서 얼리 액세스, 4.2에서 정식). event_broker.kafka_version을 \"4.2\"로 정하세요",
            version.name()
        ),
        ScenarioError::ConsumerProtocolUnavailable { group, version } => format!(
            "그룹 {group:?}이(가) group.protocol=consumer를 요청하지만 Kafka {}은(는) 기본으로 제공하지 않습니다(4.0 전에는 미리보기, 4.0부터 정식). kafka_version 4.2나 group.protocol classic을 쓰세요",
            version.name()
        ),
    }
}

pub(super) fn command_error(error: &CommandError) -> String {
    match error {
        CommandError::UnknownProducer(name) => format!("프로듀서 {name:?}이(가) 없습니다"),
        CommandError::KeyTooLong { bytes, max } => format!("키가 {bytes}바이트입니다. 최대 {max}바이트까지 허용됩니다"),
        CommandError::ValueTooLong { bytes, max } => format!("값이 {bytes}바이트입니다. 최대 {max}바이트까지 허용됩니다"),
        CommandError::UnknownTopic(name) => format!("토픽 {name:?}이(가) 없습니다"),
        CommandError::UnknownPartition { topic, partition } => format!("토픽 {topic:?}에 파티션 {partition}이(가) 없습니다"),
        CommandError::TopicExists(name) => format!("토픽 {name:?}이(가) 이미 있습니다"),
        CommandError::InvalidName { name, reason } => format!("이름 {name:?}은(는) 쓸 수 없습니다: {}", name_problem(*reason)),
        CommandError::OutOfRange { field, value, min, max } => format!("{field} 값이 {value}입니다. {min}에서 {max} 사이여야 합니다"),
        CommandError::NotEnoughBrokers { running, needed } => {
            format!("복제본 {needed}개에는 실행 중인 브로커 {needed}개가 필요합니다. 지금 {running}개가 실행 중입니다")
        }
        CommandError::UnknownBroker(broker) => format!("브로커 {broker}이(가) 없습니다"),
        CommandError::BrokerAlreadyStopped(broker) => format!("브로커 {broker}은(는) 이미 멈춰 있습니다"),
        CommandError::BrokerAlreadyRunning(broker) => format!("브로커 {broker}은(는) 이미 실행 중입니다"),
        CommandError::ImplicitAcknowledgement { group } => format!("공유 그룹 {group:?}은(는) 암묵적으로 확인합니다(share.acknowledgement.mode=implicit): 모든 레코드가 수락됩니다. release나 reject를 하려면 explicit으로 바꾸세요"),
        CommandError::UnknownGroup(group) => format!("그룹 {group:?}이(가) 없습니다"),
        CommandError::UnknownMember { group, member } => format!("그룹 {group:?}에 멤버 {member}이(가) 없습니다"),
        CommandError::MemberState { group, member, state } => {
            format!("{group:?}의 멤버 {member}은(는) 지금 {} 상태라 이 명령을 받을 수 없습니다", member_state(*state))
        }
        CommandError::DuplicateInstanceId(id) => format!("group.instance.id {id:?}은(는) 이 그룹에서 이미 쓰이고 있습니다"),
        CommandError::TooManyMembers { max } => format!("그룹의 멤버는 최대 {max}개입니다"),
        CommandError::TooManyTopics { max } => format!("토픽은 최대 {max}개입니다"),
        CommandError::NotOwned { group, member, topic, partition } => {
            format!("{group:?}의 멤버 {member}은(는) {topic}/{partition}을(를) 맡고 있지 않습니다")
        }
        CommandError::GroupNotEmpty(group) => {
            format!("그룹 {group:?}에 활성 멤버가 있습니다. 오프셋은 그룹이 비활성일 때만 재설정할 수 있습니다")
        }
        CommandError::PartitionsCannotShrink { current, requested } => {
            format!("토픽의 파티션이 {current}개입니다. {requested}개는 더 많지 않습니다 (파티션은 늘릴 수만 있습니다)")
        }
        CommandError::NoMessageBroker => String::from("이 시나리오에는 메시지 브로커가 없습니다"),
        CommandError::Message(error) => message_command_error(error),
    }
}

pub(super) fn message_command_error(error: &MessageCommandError) -> String {
    match error {
        MessageCommandError::UnknownPublisher(name) => format!("발행자 {name:?}이(가) 없습니다"),
        MessageCommandError::UnknownConsumer(name) => format!("컨슈머 {name:?}이(가) 없습니다"),
        MessageCommandError::FloodTooLarge { count, max } => format!("한 번에 {count}개는 너무 많습니다. 최대 {max}개입니다"),
        MessageCommandError::ConsumerState { consumer, state, command } => {
            format!("{consumer}은(는) {} 상태라서 {} 수 없습니다", consumer_state(*state), consumer_action(*command))
        }
        MessageCommandError::Broker(error) => format!("브로커가 거부했습니다: {}", broker_error(error)),
    }
}

pub(super) fn message_spec_error(error: &MessageSpecError) -> String {
    match error {
        MessageSpecError::Definitions { error } => format!("message_broker.definitions: {}", definitions_error(error)),
        MessageSpecError::Clients { error } => {
            format!("브로커가 클라이언트의 채널이나 컨슈머를 열지 못했습니다: {}", broker_error(error))
        }
        MessageSpecError::Nodes { error } => format!("message_broker.nodes의 노드 수가 올바르지 않습니다: {}", broker_error(error)),
        MessageSpecError::TooMany { count, max } => format!("메시지 브로커 클라이언트 {count}개: 최대 {max}개입니다"),
        MessageSpecError::DuplicateName(name) => format!("메시지 브로커 클라이언트 두 개의 이름이 {name:?}입니다"),
        MessageSpecError::InvalidName(name) => {
            format!("클라이언트 이름 {name:?}은(는) 제어 문자 없이 1~{NAME_BYTES_MAX}바이트여야 합니다")
        }
        MessageSpecError::UnknownQueue { consumer, queue } => {
            format!("컨슈머 {consumer:?}이(가) 선언되지 않은 큐 {queue:?}를 읽습니다")
        }
        MessageSpecError::UnknownExchange { publisher, exchange } => {
            format!("발행자 {publisher:?}이(가) 선언되지 않은 익스체인지 {exchange:?}로 발행합니다")
        }
        MessageSpecError::InvalidHeaders { publisher } => format!("발행자 {publisher:?}: 헤더는 JSON 객체여야 합니다"),
        MessageSpecError::OutOfRange { client, name, key, value, max } => {
            let client = match client {
                Client::Publisher => "발행자",
                Client::Consumer => "컨슈머",
            };
            format!("{client} {name:?}: {key} 값이 {value}입니다. 최대 {max}입니다")
        }
    }
}

/// AMQP's reply code and name as they are (they are what RabbitMQ's logs say), then the reason.
pub(super) fn broker_error(error: &Error) -> String {
    let reason = match error {
        Error::ExchangeNotFound(name) => format!("익스체인지 '{name}'이(가) 없습니다"),
        Error::QueueNotFound(name) => format!("큐 '{name}'이(가) 없습니다"),
        Error::DefaultExchangeAccess => String::from("기본 익스체인지에는 이 작업을 할 수 없습니다"),
        Error::ReservedName(name) => format!("이름 '{name}'은(는) 예약되어 있습니다 (amq.*)"),
        Error::InternalExchange(name) => format!("내부 익스체인지 '{name}'에는 발행할 수 없습니다"),
        Error::ExclusiveConsumer(name) => format!("큐 '{name}'을(를) 한 컨슈머가 독점하고 있습니다"),
        Error::ResourceLocked(name) => format!("큐 '{name}'은(는) 다른 연결의 독점 큐라 쓸 수 없습니다"),
        Error::ExchangeInequivalent { exchange, field } => format!("익스체인지 '{exchange}'의 '{field}'이(가) 기존 선언과 다릅니다"),
        Error::QueueInequivalent { queue, field } => format!("큐 '{queue}'의 '{field}'이(가) 기존 선언과 다릅니다"),
        Error::InvalidArgument { name, problem } => format!("인자 '{name}'이(가) 올바르지 않습니다: {}", argument_problem(problem)),
        Error::UnknownDeliveryTag(tag) => format!("전달 태그 {tag}을(를) 알 수 없습니다"),
        Error::InUse(name) => format!("'{name}'이(가) 사용 중입니다"),
        Error::NotEmpty(name) => format!("큐 '{name}'이(가) 비어 있지 않습니다"),
        Error::ChannelNotOpen(channel) => format!("{channel}이(가) 열려 있지 않습니다"),
        Error::ChannelAlreadyOpen(channel) => format!("{channel}은(는) 이미 열려 있습니다"),
        Error::ConsumerTagInUse(tag) => format!("컨슈머 태그 '{tag}'은(는) 이미 쓰이고 있습니다"),
        Error::NotImplemented(what) => format!("{what}은(는) 모델에 없습니다"),
        Error::StreamPrefetchRequired(queue) => format!("큐 '{queue}'의 소비자 프리페치가 설정되지 않았습니다 (스트림 소비자는 먼저 basic.qos가 필요합니다)"),
        Error::StreamUnsupported { queue, what } => format!("스트림 큐는 {}을(를) 지원하지 않습니다: 큐 '{queue}'", stream_unsupported(*what)),
        Error::StreamOffsetInvalid { found } => format!("x-stream-offset {found}은(는) first, last, next, 오프셋, 타임스탬프, 기간 중 어느 것도 아닙니다"),
        Error::TimeWentBackwards { now, requested } => format!("시간이 거꾸로 갔습니다: {now}에 {requested}을(를) 요청했습니다"),
        Error::LimitReached { what, max } => format!("{} 한도 {max}을(를) 넘었습니다", limit(*what)),
        Error::QueueDown { queue, node } => format!("내구성 큐 '{queue}'의 노드 '{node}'이(가) 멈췄거나 닿을 수 없습니다"),
        Error::QueueUnavailable(queue) => {
            format!("쿼럼 큐 '{queue}'의 멤버 중 과반이 실행 중이 아니라 응답할 리더가 없습니다")
        }
        Error::NodeNotFound(node) => format!("클러스터에 노드 {node}이(가) 없습니다"),
        Error::NodeState { node, running: true } => format!("{node}은(는) 이미 실행 중입니다"),
        Error::NodeState { node, running: false } => format!("{node}은(는) 이미 멈춰 있습니다"),
        Error::LastRunningNode(node) => format!("{node}은(는) 마지막으로 실행 중인 노드라 멈출 수 없습니다"),
        Error::ClusterSize { nodes, max } => {
            format!("노드 {nodes}개의 클러스터: 1개에서 {max}개까지, 메시지를 발행하기 전에 정해야 합니다")
        }
    };
    format!("{} {} - {reason}", error.reply_code(), error.reply_name())
}

pub(super) fn definitions_error(error: &DefinitionsError) -> String {
    match error {
        DefinitionsError::Json { problem: JsonProblem::Syntax(message) } => {
            format!("definitions가 올바른 JSON이 아닙니다: {message}")
        }
        DefinitionsError::Json { problem: JsonProblem::NotAnObject } => String::from("definitions의 최상위가 JSON 객체가 아닙니다"),
        DefinitionsError::Shape { problem } => format!("definitions 형식 오류: {}", shape_problem(problem)),
        DefinitionsError::Broker { what, error } => format!("definitions의 {}: {}", definition(what), broker_error(error)),
    }
}

pub(super) fn append_error(error: &AppendError) -> String {
    match error {
        AppendError::KeylessOnCompacted => String::from("컴팩션 토픽은 키 없는 레코드를 받을 수 없습니다"),
    }
}

pub(super) fn fragment_error(error: &FragmentError) -> String {
    match error {
        FragmentError::TooLong { chars, max } => format!("링크의 시나리오가 {chars}자입니다. 최대 {max}자까지 받습니다"),
        FragmentError::NotAShareLink => String::from("링크에 Brokerlab 시나리오가 없습니다"),
        FragmentError::FutureVersion { found, supported } => {
            format!("더 새로운 Brokerlab이 만든 링크입니다 (형식 {found}, 이 빌드는 형식 {supported}까지 읽습니다)")
        }
        FragmentError::BadEncoding => String::from("링크의 시나리오가 손상되었습니다 (올바른 base64url UTF-8이 아닙니다)"),
        FragmentError::BadStep => String::from("링크의 레슨 단계가 숫자가 아닙니다"),
        FragmentError::BadLesson => String::from("링크의 레슨 이름이 올바르지 않습니다"),
    }
}

fn declared(what: Declared) -> &'static str {
    match what {
        Declared::Topic => "토픽",
        Declared::Producer => "프로듀서",
        Declared::Group => "그룹",
    }
}

fn collection(what: Collection) -> &'static str {
    match what {
        Collection::Topics => "토픽",
        Collection::Producers => "프로듀서",
        Collection::Groups => "그룹",
        Collection::ScriptSteps => "스크립트 단계",
        Collection::Keys => "키",
    }
}

fn name_problem(problem: NameProblem) -> String {
    match problem {
        NameProblem::Empty => String::from("비어 있습니다"),
        NameProblem::TooLong => format!("{NAME_BYTES_MAX}바이트보다 깁니다"),
        NameProblem::ControlCharacter => String::from("제어 문자가 들어 있습니다"),
    }
}

fn field_words(field: &Field) -> String {
    match field {
        Field::Setting(path) => String::from(*path),
        Field::Of { what, name, key } => format!("{} {name:?}: {key}", declared(*what)),
        Field::KeyBytes { producer } => format!("프로듀서 {producer:?}: 키의 바이트 수"),
        Field::ScriptStepAt { step } => format!("스크립트 단계 {step}: at_ms"),
    }
}

fn member_state(state: MemberState) -> &'static str {
    match state {
        MemberState::Running => "실행 중",
        MemberState::Paused => "poll을 멈춘",
        MemberState::Crashed => "죽은",
        MemberState::Failed => "오류로 멈춘",
        MemberState::Stopped => "종료된",
    }
}

fn consumer_state(state: ConsumerState) -> &'static str {
    match state {
        ConsumerState::Running => "실행 중",
        ConsumerState::Paused => "멈춘",
        ConsumerState::Down => "죽은",
    }
}

fn consumer_action(action: ConsumerAction) -> &'static str {
    match action {
        ConsumerAction::CrashOrClose => "죽이거나 채널을 닫을",
        ConsumerAction::Revive => "되살릴",
        ConsumerAction::Pause => "멈출",
        ConsumerAction::Resume => "다시 시작할",
    }
}

fn argument_problem(problem: &ArgumentProblem) -> String {
    match problem {
        ArgumentProblem::QueueType => String::from("classic, quorum, stream 중 하나여야 합니다"),
        ArgumentProblem::Overflow => String::from("drop-head, reject-publish, reject-publish-dlx 중 하나여야 합니다"),
        ArgumentProblem::XMatch { found } => format!("{found}은(는) all, any, all-with-x, any-with-x 중 하나가 아닙니다"),
        ArgumentProblem::NotPositive => String::from("0보다 커야 합니다"),
        ArgumentProblem::Negative(n) => format!("음수일 수 없는데 {n}입니다"),
        ArgumentProblem::IntegerExpected { found } => format!("정수여야 하는데 {found}입니다"),
        ArgumentProblem::StringExpected { found } => format!("문자열이어야 하는데 {found}입니다"),
        ArgumentProblem::NotAnInteger => String::from("정수여야 합니다"),
        ArgumentProblem::NotABoolean => String::from("true나 false여야 합니다"),
        ArgumentProblem::NotStrings => String::from("문자열 배열이어야 합니다"),
        ArgumentProblem::PriorityTooHigh => format!("최대 {PRIORITY_MAX}입니다"),
        ArgumentProblem::NeedsDeadLetterExchange => String::from("x-dead-letter-exchange가 함께 있어야 합니다"),
        ArgumentProblem::QuorumNotDurable => String::from("쿼럼 큐는 항상 내구성입니다"),
        ArgumentProblem::QuorumExclusive => String::from("쿼럼 큐는 독점일 수 없습니다"),
        ArgumentProblem::QuorumAutoDelete => String::from("쿼럼 큐는 자동 삭제일 수 없습니다"),
        ArgumentProblem::NotForQuorum => String::from("쿼럼 큐(rabbit_quorum_queue)에는 쓸 수 없는 인자입니다"),
        ArgumentProblem::DeadLetterStrategy => String::from("at-most-once나 at-least-once여야 합니다"),
        ArgumentProblem::LeaderLocator => String::from("client-local이나 balanced여야 합니다"),
        ArgumentProblem::GroupSize => String::from("양의 정수여야 합니다"),
        ArgumentProblem::StreamArgument => String::from("스트림 큐 유형은 이 인수를 받지 않습니다"),
        ArgumentProblem::MaxAge => String::from("숫자와 단위(Y, M, D, h, m, s)여야 합니다 (예: 7D)"),
        ArgumentProblem::StreamNonDurable => String::from("잘못된 속성 'non-durable': 스트림은 항상 내구성입니다"),
        ArgumentProblem::StreamExclusive => String::from("잘못된 속성 'exclusive-owner': 스트림은 배타적일 수 없습니다"),
        ArgumentProblem::StreamAutoDelete => String::from("잘못된 속성 'auto-delete': 스트림은 자동 삭제될 수 없습니다"),
        ArgumentProblem::StreamServerNamed => String::from("스트림은 서버가 정한 이름을 가질 수 없습니다"),
    }
}

fn stream_unsupported(what: StreamUnsupported) -> &'static str {
    match what {
        StreamUnsupported::AutomaticAcknowledgement => "자동 확인(auto-ack)",
        StreamUnsupported::Get => "basic.get",
        StreamUnsupported::NackOrReject => "basic.nack와 basic.reject",
    }
}

fn limit(what: Limit) -> &'static str {
    match what {
        Limit::Channels => "채널",
        Limit::Consumers => "컨슈머",
        Limit::Exchanges => "익스체인지",
        Limit::Queues => "큐",
        Limit::Bindings => "바인딩",
        Limit::BodyBytes => "본문 바이트",
        Limit::MessagesHeld => "보관 중인 메시지",
        Limit::NameBytes => "이름의 바이트",
    }
}

fn shape_problem(problem: &ShapeProblem) -> String {
    match problem {
        ShapeProblem::NotAList { list } => format!("{list}이(가) 목록이 아닙니다"),
        ShapeProblem::EntryNotAnObject { list } => format!("{list}의 항목이 객체가 아닙니다"),
        ShapeProblem::FieldMissing { list, key } => format!("{list}의 항목에 {key}이(가) 없습니다"),
        ShapeProblem::FieldNotAString { list, key } => format!("{list} 항목의 {key}이(가) 문자열이 아닙니다"),
        ShapeProblem::FieldNotABoolean { key } => format!("{key}이(가) true나 false가 아닙니다"),
        ShapeProblem::ArgumentsNotAnObject => String::from("arguments가 객체가 아닙니다"),
        ShapeProblem::DestinationType { found } => format!("바인딩의 destination_type {found:?}은(는) queue도 exchange도 아닙니다"),
        ShapeProblem::RoutingKeyNotAString => String::from("바인딩의 routing_key가 문자열이 아닙니다"),
    }
}

fn definition(what: &Definition) -> String {
    match what {
        Definition::Time => String::from("시간"),
        Definition::Exchange(name) => format!("익스체인지 {name:?}"),
        Definition::Queue(name) => format!("큐 {name:?}"),
        Definition::Binding { source, destination, routing_key } => {
            format!("바인딩 {source:?} → {destination:?} (키 {routing_key:?})")
        }
    }
}
