#!/usr/bin/env node
// google-gax (Google's client library core) against the gateway, used the way a generated
// GAPIC client uses it: Cancel through gax's createApiCall with a LongRunningDescriptor, so
// the call yields gax's own Operation object; gax's stock OperationsClient (lro()) for
// google.longrunning.Operations. Nothing in gax is patched or configured beyond the address,
// insecure credentials and short polling intervals, so a pass means generic Google LRO
// clients work against the gateway unchanged.
//
//   node gax_lro_client.js --target 127.0.0.1:PORT --run RUN_A --run RUN_B --unknown-operation operations/ID
//
// Prints one JSON object per line ({"step": ...}); checks what only the client can see
// itself, leaves the rest to the test. Exit code 0 on success, 1 on a failed check, 2 when the
// overall time limit ran out.
'use strict';

const fs = require('fs');
const path = require('path');
const gax = require('google-gax');

const REPO_PROTOS = path.resolve(__dirname, '..', '..', '..', 'protos');
// gax ships google/api, google/rpc and google/longrunning protos; the repository's protos/
// comes first so the contract is the one the gateway was built from, and gax's copies fill in
// what protos/ does not hold (google/rpc and google/api are leaving protos/).
// (google-gax's exports hide its package.json; its main module is build/src/index.js.)
const GAX_PROTOS = path.join(path.dirname(require.resolve('google-gax')), '..', 'protos');
const INCLUDE_DIRS = [REPO_PROTOS, GAX_PROTOS];
const CONTRACT = 'cancelgateway/v1/pipeline_control.proto';
const SERVICE = 'cancelgateway.v1.PipelineControl';

// The whole script must end by itself even if the gateway hangs or polling never completes.
const OVERALL_TIMEOUT_MS = 45000;
const CALL_TIMEOUT_MS = 10000;
// gax's default LRO polling starts at 100 ms and has no total timeout; short and bounded here.
const POLLING = gax.createBackoffSettings(50, 1.5, 500, null, null, null, 30000);

class CheckFailure extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new CheckFailure(message);
  }
}

function emit(record) {
  process.stdout.write(JSON.stringify(record) + '\n');
}

function parseArgs(argv) {
  const args = { runs: [] };
  for (let i = 2; i < argv.length; i += 2) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--target': args.target = value; break;
      case '--run': args.runs.push(value); break;
      case '--unknown-operation': args.unknownOperation = value; break;
      default: throw new CheckFailure(`unknown argument ${argv[i]}`);
    }
  }
  check(args.target && args.target.includes(':'), '--target HOST:PORT is required');
  check(args.runs.length === 2, 'exactly two --run are required (one awaited with promise(), one with the complete event)');
  check(args.unknownOperation, '--unknown-operation is required');
  return args;
}

// A protobufjs root that resolves imports through INCLUDE_DIRS, for the decoders gax applies
// to Operation.response and Operation.metadata (what a generated client builds from its JSON).
function loadTypes() {
  const root = new gax.protobuf.Root();
  root.resolvePath = (origin, target) => {
    for (const dir of INCLUDE_DIRS) {
      const candidate = path.join(dir, target);
      if (fs.existsSync(candidate)) {
        return candidate;
      }
    }
    return gax.protobuf.util.path.resolve(origin, target);
  };
  root.loadSync(CONTRACT, { keepCase: false });
  root.resolveAll();
  return root;
}

function decoderOf(type) {
  return (bytes) => type.decode(bytes);
}

function plain(type, message) {
  return message ? type.toObject(message, { enums: String, longs: String, defaults: true }) : null;
}

// PipelineControl.Cancel wired the way gapic-generator-typescript does it, so that gax wraps
// the returned google.longrunning.Operation in its Operation object.
function pipelineControlCancel(gaxGrpc, clientOptions, operationsClient, types) {
  const packageDefinition = gaxGrpc.loadFromProto(CONTRACT, { ...gax.GrpcClient.defaultOptions(), includeDirs: INCLUDE_DIRS });
  const stub = gaxGrpc.createStub(packageDefinition.cancelgateway.v1.PipelineControl, clientOptions);
  const clientConfig = {
    interfaces: {
      [SERVICE]: {
        retry_codes: { non_idempotent: [] },
        retry_params: {
          default: {
            initial_retry_delay_millis: 100, retry_delay_multiplier: 1.3, max_retry_delay_millis: 1000,
            initial_rpc_timeout_millis: CALL_TIMEOUT_MS, rpc_timeout_multiplier: 1, max_rpc_timeout_millis: CALL_TIMEOUT_MS,
            total_timeout_millis: CALL_TIMEOUT_MS,
          },
        },
        methods: { Cancel: { timeout_millis: CALL_TIMEOUT_MS, retry_codes_name: 'non_idempotent', retry_params_name: 'default' } },
      },
    },
  };
  const defaults = gaxGrpc.constructSettings(SERVICE, clientConfig, {}, { 'x-goog-api-client': `gax/${gax.version}` });
  const response = types.lookupType('cancelgateway.v1.CancelRunResponse');
  const metadata = types.lookupType('cancelgateway.v1.CancelOperationMetadata');
  const descriptor = new gax.LongrunningDescriptor(operationsClient, decoderOf(response), decoderOf(metadata));
  const call = stub.then((s) => (...args) => s.cancel(...args), (err) => () => { throw err; });
  const apiCall = gax.createApiCall(call, defaults.cancel, descriptor);
  return {
    cancel: (request) => apiCall(request, { longrunning: POLLING }),
    close: () => stub.then((s) => s.close()),
  };
}

function describeOperation(op) {
  return {
    name: op.name,
    done: Boolean(op.done),
    result: op.result || null,
    responseType: op.response ? op.response.type_url : null,
    metadataType: op.metadata ? op.metadata.type_url : null,
  };
}

function waitForComplete(operation) {
  // The 'complete' event, the other way gax offers to wait; 'progress' carries the decoded
  // metadata each time it changes while polling.
  return new Promise((resolve, reject) => {
    const progress = [];
    operation.on('progress', (metadata) => progress.push(metadata));
    operation.on('error', reject);
    operation.on('complete', (result, metadata, raw) => resolve({ result, metadata, raw, progress }));
  });
}

async function listNames(operationsClient, filter) {
  // The plain call: gax auto-paginates by default and resolves with every operation.
  const [operations] = await operationsClient.listOperations({ name: 'operations', filter }, { timeout: CALL_TIMEOUT_MS });
  return operations.map((op) => op.name);
}

async function listPaged(operationsClient, filter) {
  // listOperationsAsync follows next_page_token through gax's PageDescriptor.
  const names = [];
  const request = { name: 'operations', filter, pageSize: 1 };
  for await (const op of operationsClient.listOperationsAsync(request, { timeout: CALL_TIMEOUT_MS, autoPaginate: false })) {
    names.push(op.name);
  }
  // Page by page as well: AIP-158 wants an empty next_page_token on the last page, so a
  // caller that stops on it makes no extra call for an empty page.
  const tokens = [];
  let next = request;
  while (next) {
    const [, nextRequest, response] = await operationsClient.listOperations(next, { timeout: CALL_TIMEOUT_MS, autoPaginate: false });
    tokens.push({ operations: response.operations.length, nextPageToken: response.nextPageToken });
    next = nextRequest;
  }
  return { names, pages: tokens };
}

async function main() {
  const args = parseArgs(process.argv);
  const separator = args.target.lastIndexOf(':');
  const clientOptions = {
    servicePath: args.target.slice(0, separator),
    port: Number(args.target.slice(separator + 1)),
    sslCreds: gax.grpc.credentials.createInsecure(),
  };
  // Without a universe domain gax asks google-auth-library for one, which looks for
  // application default credentials and probes the GCE metadata server: slow, and not wanted.
  const gaxOptions = { ...clientOptions, universeDomain: 'googleapis.com' };
  const operationsClient = gax.lro(gaxOptions).operationsClient(clientOptions);
  const gaxGrpc = new gax.GrpcClient(gaxOptions);
  const types = loadTypes();
  const responseType = types.lookupType('cancelgateway.v1.CancelRunResponse');
  const metadataType = types.lookupType('cancelgateway.v1.CancelOperationMetadata');
  const control = pipelineControlCancel(gaxGrpc, clientOptions, operationsClient, types);
  emit({ step: 'gax', version: gax.version });

  const [runA, runB] = args.runs;
  const [operationA] = await control.cancel({ name: runA, requestId: gax.makeUUID(), reason: 'google-gax LRO test' });
  const [operationB] = await control.cancel({ name: runB, requestId: gax.makeUUID(), reason: 'google-gax LRO test' });
  check(operationA instanceof gax.Operation, 'Cancel did not yield a gax Operation');
  emit({ step: 'cancel', run: runA, ...describeOperation(operationA.latestResponse) });
  emit({ step: 'cancel', run: runB, ...describeOperation(operationB.latestResponse) });

  const [fetched] = await operationsClient.getOperation({ name: operationA.name }, { timeout: CALL_TIMEOUT_MS });
  emit({ step: 'get', ...describeOperation(fetched), metadata: plain(metadataType, fetched.metadata && metadataType.decode(fetched.metadata.value)) });

  // Both waits poll with getOperation concurrently: promise() for A, the event for B.
  const [[resultA, metadataA, rawA], completeB] = await Promise.all([operationA.promise(), waitForComplete(operationB)]);
  emit({ step: 'promise', ...describeOperation(rawA), response: plain(responseType, resultA), metadata: plain(metadataType, metadataA) });
  emit({
    step: 'complete', ...describeOperation(completeB.raw),
    response: plain(responseType, completeB.result), metadata: plain(metadataType, completeB.metadata),
    progress: completeB.progress.map((m) => plain(metadataType, m).state),
  });

  const filters = [
    `run = "${runA}"`,
    `done = true AND kind = "cancel" AND run = "${runB}"`,
    `done = false AND run = "${runA}"`,
    `kind = "batch" AND run = "${runA}"`,
  ];
  for (const filter of filters) {
    emit({ step: 'list', filter, names: await listNames(operationsClient, filter) });
  }
  // One per page, so the two done operations need gax to follow next_page_token.
  const paged = 'done = true AND kind = "cancel"';
  emit({ step: 'list', filter: paged, pageSize: 1, ...await listPaged(operationsClient, paged) });

  try {
    const [unexpected] = await operationsClient.getOperation({ name: args.unknownOperation }, { timeout: CALL_TIMEOUT_MS });
    throw new CheckFailure(`getOperation of an unknown operation succeeded: ${JSON.stringify(describeOperation(unexpected))}`);
  } catch (err) {
    if (err instanceof CheckFailure) {
      throw err;
    }
    // gax decodes grpc-status-details-bin into reason/domain (google.rpc.ErrorInfo).
    emit({ step: 'not_found', name: args.unknownOperation, code: err.code, reason: err.reason || null, domain: err.domain || null, message: err.details || err.message });
  }

  operationsClient.close();
  await control.close();
}

const overall = setTimeout(() => {
  emit({ step: 'fail', error: `timed out after ${OVERALL_TIMEOUT_MS} ms` });
  process.exit(2);
}, OVERALL_TIMEOUT_MS);

main().then(
  () => {
    clearTimeout(overall);
    emit({ step: 'done' });
    process.exit(0);
  },
  (err) => {
    clearTimeout(overall);
    emit({ step: 'fail', error: err instanceof CheckFailure ? err.message : String((err && err.stack) || err), code: err && err.code });
    process.exit(1);
  });
