package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// TestMetricsForPrometheus runs the receiver on a loopback port, delivers
// fixtures to it (one of them twice, one forged), and scrapes /metrics.
func TestMetricsForPrometheus(t *testing.T) {
	secret := webhooktest.NewSecret()
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, func(string) string { return secret }, io.Discard, func(a string) { addrs <- a })
	}()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done, "run")
	})
	var base string
	select {
	case a := <-addrs:
		base = "http://" + a
	case err := <-done:
		t.Fatalf("run: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("not listening after 10 s")
	}

	post := func(id string, body []byte, forge bool) int {
		h, err := webhooktest.Sign(secret, id, time.Now(), body)
		require.NoError(t, err)
		if forge {
			h.Set("Svix-Signature", "v1,"+strings.Repeat("A", 43)+"=")
		}
		req, err := http.NewRequest(http.MethodPost, base+webhookPath, bytes.NewReader(body))
		require.NoError(t, err)
		req.Header = h
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	created := webhooktest.MustFixture(topics.AWSContractCreated)
	assert.Equal(t, 204, post("msg_1", created, false))
	assert.Equal(t, 204, post("msg_1", created, false))
	assert.Equal(t, 204, post("msg_2", webhooktest.MustFixture(topics.GCPContractRenewed), false))
	assert.Equal(t, 401, post("msg_3", created, true))

	// The Handler reports a delivery just after answering it.
	var text string
	require.Eventually(t, func() bool {
		resp, err := http.Get(base + "/metrics")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		text = string(b)
		return strings.Contains(text, `http_response_status_code="401"`)
	}, 5*time.Second, 20*time.Millisecond)

	value := func(name string, labels ...string) string {
		t.Helper()
		for _, line := range strings.Split(text, "\n") {
			if !strings.HasPrefix(line, name+"{") {
				continue
			}
			matched := true
			for _, l := range labels {
				matched = matched && strings.Contains(line, l)
			}
			if matched {
				return line[strings.LastIndexByte(line, ' ')+1:]
			}
		}
		t.Errorf("no %s{%s} in\n%s", name, strings.Join(labels, ","), text)
		return ""
	}
	aws := `clazar_topic="aws.contract.created"`
	assert.Equal(t, "1", value("clazar_webhook_deliveries_total", aws, `clazar_delivery_outcome="handled"`, `http_response_status_code="204"`))
	assert.Equal(t, "1", value("clazar_webhook_deliveries_total", aws, `clazar_delivery_outcome="duplicate"`))
	assert.Equal(t, "1", value("clazar_webhook_deliveries_total", `clazar_topic="gcp.contract.renewed"`, `clazar_delivery_outcome="handled"`))
	assert.Equal(t, "1", value("clazar_webhook_deliveries_total", `clazar_delivery_outcome="rejected"`, `error_type="webhook.ErrNoMatchingSignature"`))
	assert.Equal(t, "1", value("clazar_webhook_delivery_duration_seconds_count", aws, `clazar_delivery_outcome="duplicate"`))
	assert.Equal(t, "1", value("clazar_webhook_handler_duration_seconds_count", aws, `clazar_handler_name="On[aws.ContractCreated]"`))
	assert.Equal(t, "1", value("clazar_webhook_handler_duration_seconds_count", `clazar_topic="gcp.contract.renewed"`, `clazar_handler_name="OnTopic(\"**\")"`))
	assert.Contains(t, text, "# TYPE clazar_webhook_delivery_duration_seconds histogram")
	assert.Contains(t, text, "http_server_request_duration_seconds", "otelhttp's own metrics")
}

func TestRunWithoutSecret(t *testing.T) {
	err := run(context.Background(), nil, func(string) string { return "" }, io.Discard, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "CLAZAR_WEBHOOK_SECRET")
	_, _, err = newMux([]string{"not a secret!"}, slog.New(slog.DiscardHandler))
	assert.Error(t, err)
}

// TestReadmeWiring checks that the lines of the root README's wiring
// snippet are this example's code, in order.
func TestReadmeWiring(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	src, err := os.ReadFile("main.go")
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(readme), "<!-- check: examples/otelreceiver -->\n```go\n")
	require.True(t, ok, "README.md lacks the otelreceiver snippet")
	snippet, _, ok := strings.Cut(rest, "\n```\n")
	require.True(t, ok, "README.md's otelreceiver snippet is not closed")
	code := string(src)
	lines := strings.Split(strings.TrimSpace(snippet), "\n")
	require.NotEmpty(t, lines)
	for _, line := range lines {
		i := strings.Index(code, "\t"+line+"\n")
		if !assert.GreaterOrEqual(t, i, 0, "README line not in main.go, or out of order: %s", line) {
			return
		}
		code = code[i+len(line):]
	}
}
