// The JavaScript package against the core's golden traces and contract. Build it first:
//   wasm-pack build js --target nodejs --out-dir pkg/node [--dev]
// then: node --test js/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const read = (p) => readFileSync(path.join(root, p), "utf8");

// wasm-pack's nodejs target is CommonJS.
const require = createRequire(import.meta.url);
const { Simulator, trace } = require(path.join(root, "js/pkg/node/brokerlab_js.js"));

const UNTIL_MS = 12_000;
const STEP_MS = 16;

// The same pairs core/tests/golden.rs checks, run the same way (12 s in 16 ms steps).
const GOLDEN = [
  { name: "slice", scenario: "core/tests/data/slice.json", golden: "core/tests/golden/slice.trace" },
  { name: "both", scenario: "core/tests/golden/both.json", golden: "core/tests/golden/both.trace" },
];

function firstDifference(a, b) {
  const x = a.split("\n");
  const y = b.split("\n");
  const line = x.findIndex((l, i) => l !== y[i]);
  return line === -1 ? `${x.length} vs ${y.length} lines` : `line ${line + 1}:\n  got  ${x[line]}\n  want ${y[line]}`;
}

for (const { name, scenario, golden } of GOLDEN) {
  test(`trace(${name}) equals golden/${name}.trace byte for byte`, () => {
    const got = trace(read(scenario), UNTIL_MS, STEP_MS);
    const want = read(golden);
    assert.ok(want.length > 0);
    assert.ok(got === want, `trace differs from ${golden}: ${firstDifference(got, want)}`);
    assert.equal(Buffer.compare(Buffer.from(got, "utf8"), Buffer.from(want, "utf8")), 0);
  });

  test(`Simulator driven in ${STEP_MS} ms steps gives golden/${name}.trace`, () => {
    const sim = Simulator.fromJson(read(scenario));
    const lines = [];
    const drain = () => {
      for (let e = sim.pollEvent(); e !== undefined; e = sim.pollEvent()) lines.push(JSON.stringify(e));
    };
    drain();
    let now = 0;
    while (now < UNTIL_MS) {
      now = Math.min(now + STEP_MS, UNTIL_MS);
      while (!sim.advanceTo(now)) drain();
      drain();
      assert.equal(sim.now(), now);
    }
    const got = lines.map((l) => l + "\n").join("");
    const want = read(golden);
    assert.ok(got === want, `events differ from ${golden}: ${firstDifference(got, want)}`);
  });
}

test("drainEvents returns the same events as pollEvent, as an array", () => {
  const a = Simulator.fromJson(read("core/tests/data/slice.json"));
  const b = Simulator.fromJson(read("core/tests/data/slice.json"));
  for (const s of [a, b]) while (!s.advanceTo(3_000));
  const polled = [];
  for (let e = a.pollEvent(); e !== undefined; e = a.pollEvent()) polled.push(e);
  const drained = b.drainEvents();
  assert.ok(Array.isArray(drained));
  assert.ok(drained.length > 0);
  assert.deepEqual(drained, polled);
  assert.deepEqual(b.drainEvents(), []);
  assert.equal(b.pollEvent(), undefined);
});

test("a bad scenario throws an Error with the scenario error's message", () => {
  const cases = [
    ["{", /scenario is not valid/],
    ['{"version": 2}', /version 2.*reads version 1/],
    ['{"version": 1, "event_broker": {"topics": [{"name": "t", "partitions": 0}]}}', /partitions/],
    ['{"version": 1, "event_broker": {"groups": [{"name": "g", "topics": ["missing"]}]}}', /missing/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => Simulator.fromJson(text), (e) => e instanceof Error && message.test(e.message), text);
  }
  assert.throws(() => trace("[]", UNTIL_MS, STEP_MS), Error);
});

test("a bad command throws a readable Error and changes nothing", () => {
  const sim = Simulator.fromJson(read("core/tests/data/slice.json"));
  while (!sim.advanceTo(2_000)) sim.drainEvents();
  sim.drainEvents();
  const before = sim.view();
  const timeout = sim.nextTimeout();
  const cases = [
    ['{"produce": {"producer": "nobody", "key": "k"}}', /no producer named "nobody"/],
    ['{"kill_broker": {"broker": 9}}', /no broker 9/],
    ['{"crash_member": {"group": "payment", "member": 7}}', /no member 7/],
    ['{"message": {"publish": {"publisher": "p"}}}', /no message broker/],
    ["not json", /command is not valid/],
    ['{"fly": {}}', /command is not valid/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => sim.apply(text), (e) => e instanceof Error && message.test(e.message), text);
  }
  assert.deepEqual(sim.view(), before);
  assert.equal(sim.nextTimeout(), timeout);
  assert.equal(sim.pollEvent(), undefined);
  // Bad times are refused too.
  for (const ms of [-1, 1.5, NaN, Infinity]) assert.throws(() => sim.advanceTo(ms), /whole number/);
  assert.deepEqual(sim.view(), before);
});

test("a keyed produce lands where Kafka's partitioner puts it (alice -> 0 of 3)", () => {
  const data = JSON.parse(read("core/tests/data/kafka_partitioner.json"));
  const alice = data.partition_examples.find((x) => x.key === "alice" && x.partitions === 3);
  assert.equal(alice.expected, 0);
  const sim = Simulator.fromJson(
    JSON.stringify({
      version: 1,
      event_broker: {
        topics: [{ name: "orders", partitions: 3 }],
        producers: [{ name: "shop", topic: "orders" }],
      },
    }),
  );
  sim.drainEvents();
  const before = sim.view().topics[0].partitions.map((p) => p.logEnd);
  sim.apply(JSON.stringify({ produce: { producer: "shop", key: "alice", value: "hi" } }));
  const sent = sim.drainEvents().find((e) => e.kind === "record_sent");
  assert.equal(sent.partition, alice.expected);
  assert.equal(sent.partitions, 3);
  assert.equal(sent.choice.by, "key_hash");
  const timeout = sim.nextTimeout();
  assert.equal(typeof timeout, "number");
  while (!sim.advanceTo(timeout));
  const appended = sim.drainEvents().find((e) => e.kind === "record_appended");
  assert.equal(appended.partition, alice.expected);
  const after = sim.view().topics[0].partitions.map((p) => p.logEnd);
  assert.deepEqual(after, before.map((end, p) => (p === alice.expected ? end + 1 : end)));
  assert.equal(sim.view().topics[0].partitions[alice.expected].highWatermark, 1);
});

test("view() reports groups with offsets and lag, and the message side's queues", () => {
  const sim = Simulator.fromJson(read("core/tests/golden/both.json"));
  while (!sim.advanceTo(6_000)) sim.drainEvents();
  const view = sim.view();
  assert.equal(view.now, 6_000);
  assert.deepEqual(view.topics.map((t) => t.name), ["orders", "profiles"]);
  for (const t of view.topics) {
    for (const p of t.partitions) assert.ok(p.logStart <= p.highWatermark && p.highWatermark <= p.logEnd);
  }
  const payment = view.groups.find((g) => g.name === "payment");
  assert.equal(payment.members.length, 2);
  assert.ok(payment.offsets.length > 0);
  for (const o of payment.offsets) assert.equal(typeof o.lag, "number");
  assert.ok(payment.offsets.some((o) => o.committed !== null));
  assert.ok(view.message !== null);
  assert.deepEqual(view.message.queues.map((q) => q.name).sort(), ["dead", "tasks"]);
  for (const q of view.message.queues) assert.ok(q.ready >= 0 && q.unacked >= 0);
  assert.equal(Simulator.fromJson(read("core/tests/data/slice.json")).view().message, null);
});

test("view() reports a consumer-protocol group's epochs, target assignment and reconciliation (KIP-848)", () => {
  const sim = Simulator.fromJson(read("core/tests/data/consumer_protocol.json"));
  while (!sim.advanceTo(20_000)) sim.drainEvents();
  const billing = sim.view().groups.find((g) => g.name === "billing");
  assert.equal(billing.protocol, "consumer");
  assert.equal(billing.targetEpoch, billing.generation);
  assert.equal(billing.members.length, 3);
  const owned = new Set();
  for (const m of billing.members) {
    assert.equal(m.reconcileState, "STABLE");
    assert.equal(m.generation, billing.generation);
    assert.deepEqual(m.target, m.assigned, `m${m.index} owns its target once stable`);
    for (const tp of m.assigned) owned.add(tp.join("/"));
  }
  assert.equal(owned.size, 4, "each of the 4 partitions owned once");
  const classic = Simulator.fromJson(read("core/tests/golden/both.json")).view().groups[0];
  assert.equal(classic.protocol, "classic");
  assert.equal(classic.targetEpoch, null);
  for (const m of classic.members) assert.deepEqual([m.reconcileState, m.target], [null, []]);
});

test("view() reports share groups: members, settings and each share-partition's SPSO and SPEO (KIP-932)", () => {
  const scenario = {
    version: 1, seed: 1, link_ms: 10,
    event_broker: {
      kafka_version: "4.2",
      topics: [{ name: "jobs", partitions: 1 }],
      producers: [{ name: "app", topic: "jobs" }],
      share_groups: [{ name: "workers", topic: "jobs", members: 2, processing_ms: 50, auto_offset_reset: "earliest", acknowledge: "accept" }],
    },
  };
  const sim = Simulator.fromJson(JSON.stringify(scenario));
  sim.apply(JSON.stringify({ flood: { producer: "app", count: 6 } }));
  while (!sim.advanceTo(10_000)) sim.drainEvents();
  const [workers] = sim.view().shareGroups;
  assert.equal(workers.name, "workers");
  assert.equal(workers.topic, "jobs");
  assert.deepEqual(workers.members.map((m) => [m.id, m.state, m.answer]), [["workers-0", "running", "accept"], ["workers-1", "running", "accept"]]);
  assert.equal(workers.deliveryCountLimit, 5);
  assert.equal(workers.recordLockDurationMs, 30000);
  assert.equal(workers.acknowledgementMode, "explicit");
  assert.deepEqual(workers.partitions, [{ partition: 0, startOffset: 6, endOffset: 6 }], "all six accepted: SPSO moved past them");
  const without = { ...scenario, event_broker: { ...scenario.event_broker, kafka_version: "3.9" } };
  assert.throws(() => Simulator.fromJson(JSON.stringify(without)), /needs Kafka 4\.2/);
});
