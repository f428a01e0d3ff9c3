#!/usr/bin/env node
// @grpc/grpc-js client for probe.v1.ProbeService, driven by the functional tests.
//
//   node probe_client.js --target 127.0.0.1:PORT --scenario NAME --rpc-protos DIR [--sleep-id ID]
//
// The protos are loaded at run time: probe.v1 from the repository (tests/protos), so the
// client always speaks the contract the server was built from, and google.rpc from DIR (the
// .proto files of the Google.Api.CommonProtos package, which the server's error details use). Each scenario asserts what a
// grpc-js caller observes; the exit code is 0 on success and 1 with a message otherwise.
'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
// proto-loader brings protobufjs; grpc-js has no rich-error API, so google.rpc.Status is
// decoded with it directly.
const protobuf = require('protobufjs');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const TEST_PROTOS = path.join(REPO_ROOT, 'tests', 'protos');
// Every call is bounded so that a hung server fails the scenario instead of the test run.
const CALL_TIMEOUT_MS = 10000;

class ScenarioFailure extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new ScenarioFailure(message);
  }
}

function parseArgs(argv) {
  const args = { sleepId: 'node-sleep' };
  for (let i = 2; i < argv.length; i += 2) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--target': args.target = value; break;
      case '--scenario': args.scenario = value; break;
      case '--sleep-id': args.sleepId = value; break;
      case '--rpc-protos': args.rpcProtos = value; break;
      default: throw new ScenarioFailure(`unknown argument ${argv[i]}`);
    }
  }
  check(args.target, '--target is required');
  check(args.scenario, '--scenario is required');
  check(args.rpcProtos, '--rpc-protos is required');
  return args;
}

function deadline(ms = CALL_TIMEOUT_MS) {
  return new Date(Date.now() + ms);
}

function codeName(code) {
  return Object.keys(grpc.status).find((name) => grpc.status[name] === code) || String(code);
}

// Resolves with the error (or null on success) and the ClientUnaryCall's observed metadata.
function unary(client, method, request, options = {}, metadata = new grpc.Metadata()) {
  return new Promise((resolve) => {
    const observed = { headers: null, status: null };
    const call = client[method](request, metadata, { deadline: deadline(), ...options }, (error, response) => {
      observed.error = error;
      observed.response = response;
      // 'status' follows the callback on success but may precede it on failure: settle on both.
      if (observed.status) {
        resolve(observed);
      }
    });
    call.on('metadata', (headers) => { observed.headers = headers; });
    call.on('status', (status) => {
      observed.status = status;
      if ('error' in observed) {
        resolve(observed);
      }
    });
    observed.call = call;
  });
}

function expectCode(observed, expected, what) {
  check(observed.error, `${what}: expected ${codeName(expected)}, but the call succeeded with ${JSON.stringify(observed.response)}`);
  check(observed.error.code === expected,
    `${what}: expected ${codeName(expected)}, got ${codeName(observed.error.code)}: ${observed.error.details}`);
}

function loadRichErrorTypes(rpcProtos) {
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => path.join(rpcProtos, target);
  root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], { keepCase: true });
  return root;
}

// Connects first, so that the short deadline and the cancel delay are spent on the call itself
// rather than on connection setup (which would leave the server without a call to see).
async function warmUp(client) {
  const observed = await unary(client, 'Echo', { text: 'warm-up' });
  check(!observed.error, `warm-up Echo failed: ${observed.error && observed.error.message}`);
}

// Polls the server until the Sleep handler runs, so the cancellation has a handler to reach.
async function waitUntilRunning(client, sleepId) {
  const giveUp = Date.now() + CALL_TIMEOUT_MS;
  while (Date.now() < giveUp) {
    const observed = await unary(client, 'GetSleepOutcome', { sleep_id: sleepId });
    check(!observed.error, `GetSleepOutcome failed: ${observed.error && observed.error.message}`);
    const { outcome } = observed.response;
    if (outcome === 'OUTCOME_RUNNING') {
      return;
    }
    check(outcome === 'OUTCOME_UNSPECIFIED', `the Sleep call ended before it was cancelled (outcome ${outcome})`);
    await new Promise((resolve) => { setTimeout(resolve, 10); });
  }
  throw new ScenarioFailure(`the server never reported the Sleep handler running within ${CALL_TIMEOUT_MS} ms`);
}

const scenarios = {
  async unary(client) {
    const observed = await unary(client, 'Echo', { text: 'hello' });
    check(!observed.error, `Echo failed: ${observed.error && observed.error.message}`);
    check(observed.response.text === 'hello', `Echo returned ${JSON.stringify(observed.response.text)}, expected "hello"`);
  },

  async server_streaming(client) {
    const { indexes, status } = await new Promise((resolve, reject) => {
      const received = [];
      const stream = client.Count({ count: 5 }, { deadline: deadline() });
      stream.on('data', (message) => received.push(message.index));
      stream.on('error', reject);
      stream.on('status', (s) => resolve({ indexes: received, status: s }));
    });
    check(JSON.stringify(indexes) === '[0,1,2,3,4]', `Count streamed ${JSON.stringify(indexes)}, expected [0,1,2,3,4]`);
    check(status.code === grpc.status.OK, `Count ended with ${codeName(status.code)}, expected OK`);
  },

  async deadline(client, args) {
    await warmUp(client);
    // 1 s: long enough for the call to reach the handler on a busy machine, so its token has to fire.
    const started = Date.now();
    const observed = await unary(client, 'Sleep', { duration_ms: 30000, sleep_id: args.sleepId }, { deadline: deadline(1000) });
    expectCode(observed, grpc.status.DEADLINE_EXCEEDED, 'Sleep with a 1 s deadline');
    const elapsed = Date.now() - started;
    check(elapsed < 8000, `the deadline fired after ${elapsed} ms, expected about 1000 ms`);
  },

  async cancel(client, args) {
    await warmUp(client);
    let call;
    const ended = new Promise((resolve) => {
      call = client.Sleep({ duration_ms: 60000, sleep_id: args.sleepId }, { deadline: deadline() },
        (error, response) => resolve({ error, response }));
    });
    await waitUntilRunning(client, args.sleepId);
    call.cancel();
    expectCode(await ended, grpc.status.CANCELLED, 'the cancelled Sleep call');
  },

  async metadata(client) {
    const binary = Buffer.from([0x00, 0x01, 0xfe, 0xff]);
    const metadata = new grpc.Metadata();
    metadata.add('x-probe-echo', 'abc');
    metadata.add('x-probe-echo-bin', binary);
    const observed = await unary(client, 'Echo', { text: 'meta' }, {}, metadata);
    check(!observed.error, `Echo failed: ${observed.error && observed.error.message}`);
    check(observed.headers, 'no response headers were observed');
    const echoed = observed.headers.get('x-probe-echo');
    check(echoed.length === 1 && echoed[0] === 'abc',
      `response headers carry x-probe-echo ${JSON.stringify(echoed)}, expected ["abc"]`);
    const echoedBin = observed.status.metadata.get('x-probe-echo-bin');
    check(echoedBin.length === 1 && Buffer.isBuffer(echoedBin[0]) && echoedBin[0].equals(binary),
      `trailers carry x-probe-echo-bin ${JSON.stringify(echoedBin)}, expected <00 01 fe ff>`);
  },

  async error_details(client, args) {
    const message = 'precondition \u00fc failed';
    const observed = await unary(client, 'Fail', { code: 9, message, reason: 'PROBE_REASON', field: 'run_name' });
    expectCode(observed, grpc.status.FAILED_PRECONDITION, 'Fail');
    check(observed.error.details === message,
      `status message is ${JSON.stringify(observed.error.details)}, expected ${JSON.stringify(message)}`);

    const raw = observed.error.metadata.get('grpc-status-details-bin');
    check(raw.length === 1, `expected one grpc-status-details-bin trailer, got ${raw.length}`);
    const types = loadRichErrorTypes(args.rpcProtos);
    const status = types.lookupType('google.rpc.Status').decode(raw[0]);
    check(status.code === 9, `google.rpc.Status.code is ${status.code}, expected 9`);
    check(status.message === message, `google.rpc.Status.message is ${JSON.stringify(status.message)}`);

    const details = {};
    for (const any of status.details) {
      const typeName = any.type_url.substring(any.type_url.lastIndexOf('/') + 1);
      const type = types.lookup(typeName);
      if (type) {
        details[typeName] = type.decode(any.value);
      }
    }
    const typeUrls = JSON.stringify(status.details.map((any) => any.type_url));
    const errorInfo = details['google.rpc.ErrorInfo'];
    check(errorInfo, `no google.rpc.ErrorInfo among the details ${typeUrls}`);
    check(errorInfo.reason === 'PROBE_REASON', `ErrorInfo.reason is ${JSON.stringify(errorInfo.reason)}`);
    check(errorInfo.domain === 'probe.test', `ErrorInfo.domain is ${JSON.stringify(errorInfo.domain)}`);
    check(JSON.stringify(errorInfo.metadata) === '{"field":"run_name"}', `ErrorInfo.metadata is ${JSON.stringify(errorInfo.metadata)}`);
    const badRequest = details['google.rpc.BadRequest'];
    check(badRequest, `no google.rpc.BadRequest among the details ${typeUrls}`);
    check(badRequest.field_violations.length >= 1 && badRequest.field_violations[0].field === 'run_name',
      `BadRequest.field_violations is ${JSON.stringify(badRequest.field_violations)}`);
  },

  async unknown_method(client, args) {
    const raw = new grpc.Client(args.target, grpc.credentials.createInsecure());
    try {
      for (const method of ['/probe.v1.ProbeService/NoSuchMethod', '/probe.v1.NoSuchService/Echo']) {
        // Raw bytes in and out: the point is that the server rejects the path, whatever the payload.
        const error = await new Promise((resolve) => {
          raw.makeUnaryRequest(method, (x) => x, (x) => x, Buffer.alloc(0), { deadline: deadline() },
            (e, response) => resolve(e || { code: grpc.status.OK, details: `succeeded with ${response}` }));
        });
        check(error.code === grpc.status.UNIMPLEMENTED,
          `${method}: expected UNIMPLEMENTED, got ${codeName(error.code)}: ${error.details}`);
      }
    } finally {
      raw.close();
    }
  },
};

async function main() {
  const args = parseArgs(process.argv);
  const scenario = scenarios[args.scenario];
  check(scenario, `unknown scenario ${args.scenario}; known: ${Object.keys(scenarios).join(', ')}`);
  const definition = protoLoader.loadSync('probe/v1/probe.proto', {
    includeDirs: [TEST_PROTOS],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
  });
  const { ProbeService } = grpc.loadPackageDefinition(definition).probe.v1;
  const client = new ProbeService(args.target, grpc.credentials.createInsecure());
  try {
    await scenario(client, args);
  } finally {
    client.close();
  }
  return args.scenario;
}

main().then(
  (scenario) => { console.log(`PASS node ${scenario}`); process.exit(0); },
  (error) => {
    console.error(`FAIL node: ${error instanceof ScenarioFailure ? error.message : error.stack}`);
    process.exit(1);
  },
);
