# What the telemetry benches (telemetry.sh, telemetry-alloc.sh, telemetry-profile.sh) share:
# the build they run, the requests they send and the OTLP collector stub. Sourced, not run;
# expects ROOT (the repository).

# The demo launcher to run: $GATEWAY_DLL (another build, e.g. an earlier commit's), or this
# tree's Release build, built here.
telemetry_dll() {
  if [ -n "${GATEWAY_DLL:-}" ]; then echo "$GATEWAY_DLL"; return; fi
  dotnet build -c Release "$ROOT/src/CancelGateway.Demo" -v q -nologo >/dev/null
  echo "$ROOT/src/CancelGateway.Demo/bin/Release/net10.0/CancelGateway.Demo.dll"
}

# Stdin as one gRPC message: uncompressed, with its 4-byte length.
frame() { python3 -c 'import sys; b=sys.stdin.buffer.read(); sys.stdout.buffer.write(b"\0"+len(b).to_bytes(4,"big")+b)'; }

# The Cancel every bench sends: a run of the demo's Vertex AI emulator that has already ended, so
# that each call stores a new operation, calls the emulator once and answers done.
cancel_request() { printf '\x0a\x47projects/demo-project/locations/us-central1/pipelineJobs/demo-succeeded' | frame; }

# Sends that Cancel to the gateway on 127.0.0.1:PORT and writes to FILE a GetOperation request
# for the operation it answered with (done, so every GetOperation is answered from memory).
get_request_for_new_operation() { # PORT FILE
  cancel_request | curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' --data-binary @- \
    -o "$2.cancel" "http://127.0.0.1:$1/cancelgateway.v1.PipelineControl/Cancel"
  python3 -c '
import re, sys
name = re.search(rb"operations/[0-9a-f]{32}", open(sys.argv[1], "rb").read()).group()
sys.stdout.buffer.write(b"\x0a" + bytes([len(name)]) + name)' "$2.cancel" | frame > "$2"
}

# An OTLP/HTTP (protobuf) collector stub on 127.0.0.1:PORT, in the foreground (start it with &):
# answers every export with an empty success; on SIGTERM prints how many exports and bytes it took.
collector_stub() { # PORT
  exec python3 -c '
import http.server, signal, sys
counts = {"requests": 0, "bytes": 0}
class Stub(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        n = int(self.headers.get("content-length", "0")); self.rfile.read(n)
        counts["requests"] += 1; counts["bytes"] += n
        self.send_response(200); self.send_header("content-type", "application/x-protobuf"); self.send_header("content-length", "0"); self.end_headers()
    def log_message(self, *a): pass
def report(*_):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # timeout(1) passes the TERM on to its process group too: report once
    print("collector stub: %d exports, %d bytes" % (counts["requests"], counts["bytes"]), flush=True); sys.exit(0)
signal.signal(signal.SIGTERM, report)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Stub).serve_forever()' "$1"
}
