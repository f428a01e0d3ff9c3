// Command cancel-and-watch cancels one pipeline run through CancelGateway, follows it with
// WatchRun and prints each state change and the final state.
//
//	cancel-and-watch [-address 127.0.0.1:50051] RUN
//
// Exit status: 0 the run ended CANCELLED; 3 it ended otherwise (the cancel lost the race, or the
// run had already ended); 1 the gateway refused the request or the operation failed (the gRPC
// code, the ErrorInfo reason and the message are printed on one line); 2 usage.
package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	cancelgatewayv1 "github.com/cancelgateway/cancelgateway/clients/go/cancelgateway/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
)

func main() {
	address := flag.String("address", "127.0.0.1:50051", "the gateway's gRPC address (host:port, cleartext h2c)")
	reason := flag.String("reason", "cancelled from the Go example", "why, kept with the operation")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: cancel-and-watch [-address HOST:PORT] RUN")
		os.Exit(2)
	}
	os.Exit(run(*address, flag.Arg(0), *reason))
}

func run(address, name, reason string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	conn, err := grpc.DialContext(ctx, address, grpc.WithInsecure())
	if err != nil {
		return fail(err)
	}
	defer conn.Close()
	client := cancelgatewayv1.NewPipelineControlClient(conn)

	// A request id makes the call safe to retry: a retry gets the same operation back.
	op, err := client.Cancel(ctx, &cancelgatewayv1.CancelRequest{Name: name, RequestId: newUUID(), Reason: reason})
	if err != nil {
		return fail(err)
	}
	fmt.Println("operation:", op.GetName())

	stream, err := client.WatchRun(ctx, &cancelgatewayv1.WatchRunRequest{Name: op.GetName()})
	if err != nil {
		return fail(err)
	}
	last := ""
	for {
		snapshot, err := stream.Recv()
		if err == io.EOF {
			fmt.Fprintln(os.Stderr, "error: the watch ended before the operation was done")
			return 1
		}
		if err != nil {
			return fail(err)
		}
		metadata := &cancelgatewayv1.CancelOperationMetadata{}
		if err := snapshot.GetMetadata().UnmarshalTo(metadata); err != nil {
			return fail(err)
		}
		if line := fmt.Sprintf("%s (%s)", metadata.GetState(), metadata.GetProviderState()); line != last {
			fmt.Println("state:", line)
			last = line
		}
		if !snapshot.GetDone() {
			continue
		}
		if snapshot.GetError() != nil {
			return fail(status.ErrorProto(snapshot.GetError()))
		}
		response := &cancelgatewayv1.CancelRunResponse{}
		if err := snapshot.GetResponse().UnmarshalTo(response); err != nil {
			return fail(err)
		}
		fmt.Println("final:", response.GetFinalState())
		if response.GetFinalState() == cancelgatewayv1.RunState_RUN_STATE_CANCELLED {
			return 0
		}
		return 3
	}
}

// fail prints the gRPC code, the ErrorInfo reason (from grpc-status-details-bin, decoded by
// status.FromError against genproto's errdetails) and the message, on one line.
func fail(err error) int {
	st, _ := status.FromError(err)
	reason := ""
	for _, detail := range st.Details() {
		if info, ok := detail.(*errdetails.ErrorInfo); ok {
			reason = " " + info.GetReason()
		}
	}
	fmt.Fprintf(os.Stderr, "error: %s%s: %s\n", codeName(st.Code().String()), reason, st.Message())
	return 1
}

// codeName turns grpc-go's "NotFound" into the canonical "NOT_FOUND".
func codeName(name string) string {
	out := make([]byte, 0, len(name)+4)
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				out = append(out, '_')
			}
		} else if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		out = append(out, c)
	}
	return string(out)
}

func newUUID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
