// Cancels one pipeline run through CancelGateway, follows it with WatchRun and prints each state
// change and the final state.
//
//   ./gen.sh && node dist/src/cancel_and_watch.js [--address 127.0.0.1:50051] RUN
//
// Exit status: 0 the run ended CANCELLED; 3 it ended otherwise (the cancel lost the race, or the
// run had already ended); 1 the gateway refused the request or the operation failed (the gRPC
// code, the ErrorInfo reason and the message are printed on one line); 2 usage.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {GoogleError} from 'google-gax';
import {randomUUID} from 'node:crypto';
import * as path from 'node:path';
import type {ProtoGrpcType} from '../generated/pipeline_control';
import type {Operation__Output} from '../generated/google/longrunning/Operation';
import type {CancelOperationMetadata__Output} from '../generated/cancelgateway/v1/CancelOperationMetadata';
import type {CancelRunResponse__Output} from '../generated/cancelgateway/v1/CancelRunResponse';
import type {Status__Output} from '../generated/google/rpc/Status';

const root = path.join(__dirname, '..', '..');
const definition = protoLoader.loadSync('cancelgateway/v1/pipeline_control.proto', {
  includeDirs: [path.join(root, 'generated', 'protos'), path.join(root, 'node_modules', 'google-gax', 'build', 'protos')],
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  json: true, // decodes google.protobuf.Any into its message, with "@type"
});
const proto = grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType;

// One line: the gRPC code, the ErrorInfo reason, the message.
function describe(code: number, message: string, reason: string | undefined): string {
  return `error: ${grpc.status[code]}${reason ? ' ' + reason : ''}: ${message}`;
}

function describeStatus(status: Status__Output): string {
  // With the json option, each detail is its decoded message with "@type".
  const details = status.details as unknown as Array<{'@type'?: string; reason?: string}>;
  const info = details.find(d => d['@type']?.endsWith('/google.rpc.ErrorInfo'));
  return describe(status.code, status.message, info?.reason);
}

function describeServiceError(error: grpc.ServiceError): string {
  // google-gax decodes the grpc-status-details-bin trailer (a google.rpc.Status) and its ErrorInfo.
  const decoded = GoogleError.parseGRPCStatusDetails(error as unknown as GoogleError);
  return describe(error.code, error.details, decoded.reason);
}

async function run(address: string, name: string, reason: string): Promise<number> {
  const client = new proto.cancelgateway.v1.PipelineControl(address, grpc.credentials.createInsecure());
  try {
    // A request id makes the call safe to retry: a retry gets the same operation back.
    const operation = await new Promise<Operation__Output>((resolve, reject) =>
      client.Cancel({name, requestId: randomUUID(), reason}, {deadline: Date.now() + 60_000}, (error, value) =>
        error ? reject(error) : resolve(value!)));
    console.log(`operation: ${operation.name}`);

    let last = '';
    const stream = client.WatchRun({name: operation.name}, {deadline: Date.now() + 300_000});
    for await (const snapshot of stream as AsyncIterable<Operation__Output>) {
      const metadata = snapshot.metadata as unknown as CancelOperationMetadata__Output;
      const line = `${metadata.state} (${metadata.providerState})`;
      if (line !== last) {
        console.log(`state: ${line}`);
        last = line;
      }
      if (!snapshot.done) {
        continue;
      }
      if (snapshot.error) {
        console.error(describeStatus(snapshot.error));
        return 1;
      }
      const response = snapshot.response as unknown as CancelRunResponse__Output;
      console.log(`final: ${response.finalState}`);
      return response.finalState === 'RUN_STATE_CANCELLED' ? 0 : 3;
    }
    console.error('error: the watch ended before the operation was done');
    return 1;
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error && 'metadata' in error) {
      console.error(describeServiceError(error as grpc.ServiceError));
      return 1;
    }
    throw error;
  } finally {
    client.close();
  }
}

function main(argv: string[]): void {
  let address = '127.0.0.1:50051';
  let reason = 'cancelled from the TypeScript example';
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--address' && i + 1 < argv.length) address = argv[++i];
    else if (argv[i] === '--reason' && i + 1 < argv.length) reason = argv[++i];
    else rest.push(argv[i]);
  }
  if (rest.length !== 1) {
    console.error('usage: node dist/src/cancel_and_watch.js [--address HOST:PORT] [--reason TEXT] RUN');
    process.exit(2);
  }
  run(address, rest[0], reason).then(code => process.exit(code), error => {
    console.error(`error: ${error}`);
    process.exit(1);
  });
}

main(process.argv.slice(2));
