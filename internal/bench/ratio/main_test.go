package main

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// roundText writes a round of `go test -bench -benchmem` output in which
// ours takes oursNS ns/op and every baseline and peer takes baseNS.
func roundText(oursNS, baseNS float64) string {
	var b strings.Builder
	b.WriteString("goos: linux\npkg: github.com/clazarevents/sdk-go\n")
	for _, c := range comparisons {
		bs := c.bodies
		if bs == nil {
			bs = bodies
		}
		for _, body := range bs {
			// Every line has every metric compared, a tenth of its ns/op,
			// as a benchmark may be on both sides of several comparisons.
			metric := func(v float64) string {
				var m strings.Builder
				for _, c := range comparisons {
					if c.metric != "" {
						fmt.Fprintf(&m, "\t %.1f %s", v/10, c.metric)
					}
				}
				return m.String()
			}
			fmt.Fprintf(&b, "Benchmark%s-2 \t 1000\t %.1f ns/op\t 12.5 MB/s\t 100 B/op\t 3 allocs/op%s\n", name(c.ours, body), oursNS, metric(oursNS))
			fmt.Fprintf(&b, "Benchmark%s-2 \t 1000\t %.1f ns/op\t 200 B/op\t 9 allocs/op%s\n", name(c.base, body), baseNS, metric(baseNS))
			if c.minus != "" {
				fmt.Fprintf(&b, "Benchmark%s-2 \t 1000\t %.1f ns/op\t 0 B/op\t 0 allocs/op\n", name(c.minus, body), oursNS/10)
			}
		}
	}
	b.WriteString("PASS\nok  \tgithub.com/clazarevents/sdk-go\t1.2s\n")
	return b.String()
}

func parseRound(t *testing.T, text string) round {
	t.Helper()
	rd, err := parse(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return rd
}

func TestParse(t *testing.T) {
	rd := parseRound(t, "BenchmarkDecode/contract-2 \t 10\t 900 ns/op\t 50 B/op\t 2 allocs/op\n"+
		"BenchmarkDecode/contract-2 \t 10\t 100 ns/op\t 10 B/op\t 1 allocs/op\n"+
		"BenchmarkDecode/contract-2 \t 10\t 300 ns/op\t 30 B/op\t 3 allocs/op\n"+
		"not a benchmark line\n")
	got, ok := rd["Decode/contract"]
	if !ok || got.ns != 300 || got.bytes != 30 || got.allocs != 3 {
		t.Errorf("Decode/contract = %+v, %v; want the median run {300 30 3}", got, ok)
	}
	rd = parseRound(t, "BenchmarkLoad/sdk-2 \t 100\t 500 ns/op\t 2000 deliveries/s\t 410 p50-µs\n")
	if got := rd["Load/sdk"].metrics; got["deliveries/s"] != 2000 || got["p50-µs"] != 410 {
		t.Errorf("Load/sdk metrics = %v, want deliveries/s 2000 and p50-µs 410", got)
	}
	rd = parseRound(t, "BenchmarkLoad-2 \t 100\t 1500 ns/op\t 2000 sdk:deliveries/s\t 500 sdk:ns/op\t 41.5 sdk:cpu-µs/delivery\t 400 bare:ns/op\n")
	if got := rd["Load/sdk"]; got.ns != 500 || got.metrics["deliveries/s"] != 2000 || got.metrics["cpu-µs/delivery"] != 41.5 {
		t.Errorf("Load/sdk = %+v, want ns/op 500, deliveries/s 2000 and cpu-µs/delivery 41.5 from Load's sdk: figures", got)
	}
	if got := rd["Load/bare"]; got.ns != 400 || len(got.metrics) != 0 || !math.IsNaN(got.bytes) || !math.IsNaN(got.allocs) {
		t.Errorf("Load/bare = %+v, want ns/op 400 alone, and no B/op or allocs/op", got)
	}
	if got := pair(rd["Load/sdk"].bytes, rd["Load/bare"].bytes); got != "-" {
		t.Errorf("B/op of Load/sdk and Load/bare print as %q, want -", got)
	}
	if got := rd["Load"]; got.ns != 1500 {
		t.Errorf("Load = %+v, want ns/op 1500", got)
	}
	if _, err := parse(strings.NewReader("BenchmarkX-2 \t 10\t fast ns/op\n")); err == nil {
		t.Error("parse accepted a figure that is not a number")
	}
}

func TestRatiosAcrossRounds(t *testing.T) {
	rounds := []round{parseRound(t, roundText(50, 100)), parseRound(t, roundText(90, 100)), parseRound(t, roundText(60, 100))}
	rs := ratios(rounds, comparison{}, "Decode/listing", "", "BaselineMap/listing")
	if len(rs) != 3 || median(rs) != 0.6 {
		t.Errorf("ratios = %v, median %v; want three with median 0.6", rs, median(rs))
	}
	var out strings.Builder
	if missing := printRatios(&out, rounds); missing != 0 {
		t.Errorf("%d comparisons missing", missing)
	}
	if want := "| listing | Parse+Decode+validate / json.Unmarshal into map[string]any | 60 / 100 | 0.60 [0.50, 0.90] | 100 / 200 | 3 / 9 | ≤ 1.00 | met |"; !strings.Contains(out.String(), want) {
		t.Errorf("table lacks the row\n%s\nin\n%s", want, out.String())
	}
}

func TestMissedTargetAndMissingBenchmark(t *testing.T) {
	rounds := []round{parseRound(t, roundText(500, 100))}
	var out strings.Builder
	printRatios(&out, rounds)
	if !strings.Contains(out.String(), "| 500 − 50 / 100 | 4.50 [4.50, 4.50] |") || !strings.Contains(out.String(), "| ≤ 2.00 | missed by 125% |") {
		t.Errorf("ServeHTTP less its harness at 4.5x the floor is not reported as missed by 125%%:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "| mix | loopback load, deliveries/s / hand-rolled's | 500 / 100 | 0.20 [0.20, 0.20] |") || !strings.Contains(out.String(), "| ≥ 0.90 | missed by 78% |") {
		t.Errorf("a fifth of the hand-rolled throughput is not reported as missed by 78%%:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "| mix | loopback load, CPU time of the receiver's process per delivery / the bare handler's | 50.0 / 10.0 cpu-µs/delivery | 5.00 [5.00, 5.00] |") {
		t.Errorf("the CPU per delivery is not compared:\n%s", out.String())
	}
	delete(rounds[0], "PeerVerify/contract/svix")
	out.Reset()
	if missing := printRatios(&out, rounds); missing != 1 || !strings.Contains(out.String(), "missing: PeerVerify/contract/sdk or PeerVerify/contract/svix") {
		t.Errorf("missing = %d, want 1, the Svix comparison of the contract body:\n%s", missing, out.String())
	}
}
