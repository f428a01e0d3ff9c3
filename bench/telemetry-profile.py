"""Reads a dotnet-trace speedscope file (sampled thread time) and prints where the running
threads spent their samples: a sample counts only when its innermost frame is not a wait (a
thread-pool thread parked, a socket poll, a sleep), so the figures approximate CPU time.
Prints the top frames by inclusive and exclusive share and the share of telemetry frames.
    python3 bench/telemetry-profile.py FILE.speedscope.json [TOP=40]
"""
import collections
import json
import re
import sys

WAITS = re.compile(r"Wait|Sleep|epoll|LowLevelLifoSemaphore|SemaphoreSlim|Monitor\.|Thread\.Join|"
                   r"UNMANAGED_CODE_TIME|SocketAsyncEngine\.EventLoop|poll|PipeStream\.Read|ReadFile|Interop\+Sys\.Read")
TELEMETRY = re.compile(r"OpenTelemetry|System\.Diagnostics\.Metrics|System\.Diagnostics\.Activity|"
                       r"HostingMetrics|KestrelMetrics|MemoryPoolMetrics|RoutingMetrics|GatewayTelemetry|"
                       r"DiagnosticListener|HostingApplicationDiagnostics|ProviderCallSpan|InstrumentedOperationStore|TagList")


def stacks(doc):
    """(frames outermost first, weight) for every sample of every thread."""
    names = [f["name"] for f in doc["shared"]["frames"]]
    for profile in doc["profiles"]:
        if profile["type"] == "sampled":
            for sample, weight in zip(profile["samples"], profile["weights"]):
                yield [names[i] for i in sample], weight
        else:  # evented: open/close events; the time between two events belongs to the open stack
            stack, last = [], None
            for event in profile["events"]:
                if last is not None and stack and event["at"] > last:
                    yield [names[i] for i in stack], event["at"] - last
                last = event["at"]
                if event["type"] == "O":
                    stack.append(event["frame"])
                else:
                    stack.pop()


def main():
    doc = json.load(open(sys.argv[1]))
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    inclusive, exclusive, telemetry = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0.0
    for frames, weight in stacks(doc):
        # dotnet-trace 10 ends a running thread's stack with a CPU_TIME pseudo-frame (a waiting
        # one's with UNMANAGED_CODE_TIME): the method under it is the one that ran.
        if frames and frames[-1] == "CPU_TIME":
            frames = frames[:-1]
        if not frames or WAITS.search(frames[-1]):
            continue
        total += weight
        exclusive[frames[-1]] += weight
        for name in set(frames):
            inclusive[name] += weight
        outermost = next((f for f in frames if TELEMETRY.search(f)), None)
        if outermost:
            telemetry[outermost] += weight
    print(f"running samples: {total:.0f} (weight units of the file)")
    print(f"\ntelemetry frames (outermost telemetry frame of a stack): {sum(telemetry.values()) / total:.1%} of running time")
    for name, w in telemetry.most_common(top):
        print(f"  {w / total:6.2%}  {name[:160]}")
    print("\ninclusive:")
    for name, w in inclusive.most_common(top):
        print(f"  {w / total:6.2%}  {name[:160]}")
    print("\nexclusive:")
    for name, w in exclusive.most_common(top):
        print(f"  {w / total:6.2%}  {name[:160]}")


main()
