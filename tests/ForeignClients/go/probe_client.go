// grpc-go client for probe.v1.ProbeService, driven by the functional tests.
//
//	probe_client -target 127.0.0.1:PORT -scenario NAME [-sleep-id ID]
//
// Built in GOPATH mode against Debian's grpc-go 1.33.3; the test generates the probe stubs
// (import path "probe/v1") next to it. Rich error details come from grpc-go's own status
// package, which decodes grpc-status-details-bin with the genproto google.rpc types.
// Each scenario asserts what a grpc-go caller observes; exit code 0 on success, 1 otherwise.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	probev1 "probe/v1"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Every call is bounded so that a hung server fails the scenario instead of the test run.
const callTimeout = 10 * time.Second

type scenario func(ctx context.Context, conn *grpc.ClientConn, client probev1.ProbeServiceClient, sleepID string) error

var scenarios = map[string]scenario{
	"unary":            unary,
	"server_streaming": serverStreaming,
	"deadline":         deadline,
	"cancel":           cancel,
	"metadata":         echoMetadata,
	"error_details":    errorDetails,
	"unknown_method":   unknownMethod,
}

func main() {
	target := flag.String("target", "", "host:port of the server")
	name := flag.String("scenario", "", "scenario to run")
	sleepID := flag.String("sleep-id", "go-sleep", "sleep_id for the deadline and cancel scenarios")
	flag.Parse()

	run, ok := scenarios[*name]
	if *target == "" || !ok {
		fmt.Fprintf(os.Stderr, "FAIL go: need -target and a known -scenario, got %q %q\n", *target, *name)
		os.Exit(2)
	}

	ctx, stop := context.WithTimeout(context.Background(), 60*time.Second)
	defer stop()
	conn, err := grpc.DialContext(ctx, *target, grpc.WithInsecure(), grpc.WithBlock())
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL go %s: dial %s: %v\n", *name, *target, err)
		os.Exit(1)
	}
	err = run(ctx, conn, probev1.NewProbeServiceClient(conn), *sleepID)
	conn.Close()
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL go %s: %v\n", *name, err)
		os.Exit(1)
	}
	fmt.Printf("PASS go %s\n", *name)
}

func expectCode(err error, want codes.Code, what string) error {
	if err == nil {
		return fmt.Errorf("%s: expected %v, but the call succeeded", what, want)
	}
	if got := status.Code(err); got != want {
		return fmt.Errorf("%s: expected %v, got %v", what, want, err)
	}
	return nil
}

func unary(ctx context.Context, _ *grpc.ClientConn, client probev1.ProbeServiceClient, _ string) error {
	ctx, done := context.WithTimeout(ctx, callTimeout)
	defer done()
	response, err := client.Echo(ctx, &probev1.EchoRequest{Text: "hello"})
	if err != nil {
		return fmt.Errorf("Echo: %v", err)
	}
	if response.Text != "hello" {
		return fmt.Errorf("Echo returned %q, expected \"hello\"", response.Text)
	}
	return nil
}

func serverStreaming(ctx context.Context, _ *grpc.ClientConn, client probev1.ProbeServiceClient, _ string) error {
	ctx, done := context.WithTimeout(ctx, callTimeout)
	defer done()
	stream, err := client.Count(ctx, &probev1.CountRequest{Count: 5})
	if err != nil {
		return fmt.Errorf("Count: %v", err)
	}
	var indexes []int32
	for {
		message, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("Count ended with %v after %v, expected OK", err, indexes)
		}
		indexes = append(indexes, message.Index)
	}
	if fmt.Sprint(indexes) != "[0 1 2 3 4]" {
		return fmt.Errorf("Count streamed %v, expected [0 1 2 3 4]", indexes)
	}
	return nil
}

// warmUp makes one call first, so that the short deadline and the cancel delay are spent on
// the call itself rather than on connection setup (which would leave the server without a call to see).
func warmUp(ctx context.Context, client probev1.ProbeServiceClient) error {
	ctx, done := context.WithTimeout(ctx, callTimeout)
	defer done()
	if _, err := client.Echo(ctx, &probev1.EchoRequest{Text: "warm-up"}); err != nil {
		return fmt.Errorf("warm-up Echo: %v", err)
	}
	return nil
}

func deadline(ctx context.Context, _ *grpc.ClientConn, client probev1.ProbeServiceClient, sleepID string) error {
	if err := warmUp(ctx, client); err != nil {
		return err
	}
	// 1 s: long enough for the call to reach the handler on a busy machine, so its token has to fire.
	ctx, done := context.WithTimeout(ctx, time.Second)
	defer done()
	started := time.Now()
	_, err := client.Sleep(ctx, &probev1.SleepRequest{DurationMs: 30000, SleepId: sleepID})
	if err := expectCode(err, codes.DeadlineExceeded, "Sleep with a 1 s deadline"); err != nil {
		return err
	}
	if elapsed := time.Since(started); elapsed > 8*time.Second {
		return fmt.Errorf("the deadline fired after %v, expected about 1s", elapsed)
	}
	return nil
}

func cancel(ctx context.Context, _ *grpc.ClientConn, client probev1.ProbeServiceClient, sleepID string) error {
	if err := warmUp(ctx, client); err != nil {
		return err
	}
	callCtx, cancelCall := context.WithCancel(ctx)
	defer cancelCall()
	ended := make(chan error, 1)
	go func() {
		_, err := client.Sleep(callCtx, &probev1.SleepRequest{DurationMs: 60000, SleepId: sleepID})
		ended <- err
	}()
	if err := waitUntilRunning(ctx, client, sleepID, ended); err != nil {
		return err
	}
	cancelCall()
	select {
	case err := <-ended:
		return expectCode(err, codes.Canceled, "the cancelled Sleep call")
	case <-time.After(callTimeout):
		return errors.New("the cancelled Sleep call did not end")
	}
}

// waitUntilRunning polls the server until the Sleep handler runs, so the cancellation has a
// handler to reach.
func waitUntilRunning(ctx context.Context, client probev1.ProbeServiceClient, sleepID string, ended <-chan error) error {
	giveUp := time.Now().Add(callTimeout)
	for time.Now().Before(giveUp) {
		select {
		case err := <-ended:
			return fmt.Errorf("the Sleep call ended before it was cancelled: %v", err)
		default:
		}
		pollCtx, done := context.WithTimeout(ctx, callTimeout)
		response, err := client.GetSleepOutcome(pollCtx, &probev1.GetSleepOutcomeRequest{SleepId: sleepID})
		done()
		if err != nil {
			return fmt.Errorf("GetSleepOutcome: %v", err)
		}
		switch response.GetOutcome() {
		case probev1.GetSleepOutcomeResponse_OUTCOME_RUNNING:
			return nil
		case probev1.GetSleepOutcomeResponse_OUTCOME_UNSPECIFIED:
			time.Sleep(10 * time.Millisecond)
		default:
			return fmt.Errorf("the Sleep call ended before it was cancelled (outcome %v)", response.GetOutcome())
		}
	}
	return fmt.Errorf("the server never reported the Sleep handler running within %v", callTimeout)
}

func echoMetadata(ctx context.Context, _ *grpc.ClientConn, client probev1.ProbeServiceClient, _ string) error {
	binary := []byte{0x00, 0x01, 0xfe, 0xff}
	ctx, done := context.WithTimeout(ctx, callTimeout)
	defer done()
	ctx = metadata.AppendToOutgoingContext(ctx, "x-probe-echo", "abc", "x-probe-echo-bin", string(binary))
	var headers, trailers metadata.MD
	if _, err := client.Echo(ctx, &probev1.EchoRequest{Text: "meta"}, grpc.Header(&headers), grpc.Trailer(&trailers)); err != nil {
		return fmt.Errorf("Echo: %v", err)
	}
	if got := headers.Get("x-probe-echo"); len(got) != 1 || got[0] != "abc" {
		return fmt.Errorf("response headers carry x-probe-echo %q, expected [\"abc\"] (headers: %v)", got, headers)
	}
	if got := trailers.Get("x-probe-echo-bin"); len(got) != 1 || !bytes.Equal([]byte(got[0]), binary) {
		return fmt.Errorf("trailers carry x-probe-echo-bin %q, expected [% x] (trailers: %v)", got, binary, trailers)
	}
	return nil
}

func errorDetails(ctx context.Context, _ *grpc.ClientConn, client probev1.ProbeServiceClient, _ string) error {
	const message = "precondition \u00fc failed"
	ctx, done := context.WithTimeout(ctx, callTimeout)
	defer done()
	_, err := client.Fail(ctx, &probev1.FailRequest{Code: 9, Message: message, Reason: "PROBE_REASON", Field: "run_name"})
	if err := expectCode(err, codes.FailedPrecondition, "Fail"); err != nil {
		return err
	}
	st := status.Convert(err)
	if st.Message() != message {
		return fmt.Errorf("status message is %q, expected %q", st.Message(), message)
	}
	// grpc-go fills Proto() from grpc-status-details-bin when the trailer is present.
	decoded := st.Proto()
	if decoded.Code != 9 || decoded.Message != message {
		return fmt.Errorf("google.rpc.Status is code %d message %q, expected 9 %q", decoded.Code, decoded.Message, message)
	}
	if len(decoded.Details) == 0 {
		return errors.New("grpc-status-details-bin is missing or carries no details")
	}
	var errorInfo *errdetails.ErrorInfo
	var badRequest *errdetails.BadRequest
	for _, detail := range st.Details() {
		switch d := detail.(type) {
		case *errdetails.ErrorInfo:
			errorInfo = d
		case *errdetails.BadRequest:
			badRequest = d
		case error:
			return fmt.Errorf("a detail could not be decoded: %v", d)
		}
	}
	if errorInfo == nil {
		return fmt.Errorf("no google.rpc.ErrorInfo among the details %v", st.Details())
	}
	if errorInfo.Reason != "PROBE_REASON" || errorInfo.Domain != "probe.test" ||
		len(errorInfo.Metadata) != 1 || errorInfo.Metadata["field"] != "run_name" {
		return fmt.Errorf("unexpected ErrorInfo %v", errorInfo)
	}
	if badRequest == nil {
		return fmt.Errorf("no google.rpc.BadRequest among the details %v", st.Details())
	}
	if len(badRequest.FieldViolations) == 0 || badRequest.FieldViolations[0].Field != "run_name" {
		return fmt.Errorf("unexpected BadRequest %v", badRequest)
	}
	return nil
}

func unknownMethod(ctx context.Context, conn *grpc.ClientConn, _ probev1.ProbeServiceClient, _ string) error {
	for _, method := range []string{"/probe.v1.ProbeService/NoSuchMethod", "/probe.v1.NoSuchService/Echo"} {
		callCtx, done := context.WithTimeout(ctx, callTimeout)
		// An empty message either way: the point is that the server rejects the path.
		err := conn.Invoke(callCtx, method, &emptypb.Empty{}, &emptypb.Empty{})
		done()
		if err := expectCode(err, codes.Unimplemented, method); err != nil {
			return err
		}
	}
	return nil
}
