// grpc-go client of the CancelGateway over TLS with a client certificate (mTLS), driven by
// the security tests.
//
//	secure_client -target 127.0.0.1:PORT -ca CA.pem [-cert C.pem -key K.pem] -run RUN -expect CODE
//
// Built in GOPATH mode against Debian's grpc-go. It needs no generated stubs: the request is
// encoded and the response's name read with protowire, through a codec that passes bytes, so
// the test stays independent of how clients generate the contract. Prints
// "PASS go <code> <operation name>" and exits 0 when the call ended with the expected code
// (OK, Unauthenticated, PermissionDenied).
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io/ioutil"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
)

// rawCodec sends and receives already-encoded protobuf messages.
type rawCodec struct{}

func (rawCodec) Marshal(v interface{}) ([]byte, error)      { return *(v.(*[]byte)), nil }
func (rawCodec) Unmarshal(data []byte, v interface{}) error { *(v.(*[]byte)) = data; return nil }
func (rawCodec) Name() string                               { return "proto" }

func main() {
	target := flag.String("target", "", "host:port of the gateway")
	caFile := flag.String("ca", "", "PEM of the CA that signed the gateway's certificate")
	certFile := flag.String("cert", "", "client certificate (PEM)")
	keyFile := flag.String("key", "", "client key (PEM)")
	run := flag.String("run", "", "run to cancel")
	expect := flag.String("expect", "OK", "expected status code name")
	flag.Parse()

	if err := call(*target, *caFile, *certFile, *keyFile, *run, *expect); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL go: %v\n", err)
		os.Exit(1)
	}
}

func call(target, caFile, certFile, keyFile, run, expect string) error {
	pem, err := ioutil.ReadFile(caFile)
	if err != nil {
		return err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		return fmt.Errorf("no certificate in %s", caFile)
	}
	config := &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"}
	if certFile != "" {
		pair, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return err
		}
		config.Certificates = []tls.Certificate{pair}
	}

	ctx, stop := context.WithTimeout(context.Background(), 30*time.Second)
	defer stop()
	conn, err := grpc.DialContext(ctx, target, grpc.WithTransportCredentials(credentials.NewTLS(config)), grpc.WithBlock())
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	defer conn.Close()

	// cancelgateway.v1.CancelRequest{name: run}
	request := protowire.AppendTag(nil, 1, protowire.BytesType)
	request = protowire.AppendString(request, run)
	var response []byte
	err = conn.Invoke(ctx, "/cancelgateway.v1.PipelineControl/Cancel", &request, &response, grpc.ForceCodec(rawCodec{}))
	code := status.Code(err)
	if code.String() != expect {
		return fmt.Errorf("expected %s, got %s: %v", expect, code, err)
	}
	name := ""
	if code == codes.OK {
		// google.longrunning.Operation.name is field 1.
		for len(response) > 0 {
			number, kind, n := protowire.ConsumeTag(response)
			if n < 0 {
				return fmt.Errorf("bad response")
			}
			response = response[n:]
			if number == 1 && kind == protowire.BytesType {
				value, m := protowire.ConsumeString(response)
				name = value
				response = response[m:]
				continue
			}
			m := protowire.ConsumeFieldValue(number, kind, response)
			if m < 0 {
				return fmt.Errorf("bad response")
			}
			response = response[m:]
		}
	}
	fmt.Printf("PASS go %s %s\n", code, name)
	return nil
}
