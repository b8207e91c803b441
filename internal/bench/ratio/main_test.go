package main

import (
	"fmt"
	"strings"
	"testing"
)

// roundText writes a round of `go test -bench -benchmem` output in which
// ours takes oursNS ns/op and every baseline and peer takes baseNS.
func roundText(oursNS, baseNS float64) string {
	var b strings.Builder
	b.WriteString("goos: linux\npkg: github.com/clazarevents/sdk-go\n")
	for _, c := range comparisons {
		for _, body := range bodies {
			fmt.Fprintf(&b, "Benchmark%s-2 \t 1000\t %.1f ns/op\t 12.5 MB/s\t 100 B/op\t 3 allocs/op\n", fmt.Sprintf(c.ours, body), oursNS)
			fmt.Fprintf(&b, "Benchmark%s-2 \t 1000\t %.1f ns/op\t 200 B/op\t 9 allocs/op\n", fmt.Sprintf(c.base, body), baseNS)
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
	if !ok || got != (result{ns: 300, bytes: 30, allocs: 3}) {
		t.Errorf("Decode/contract = %+v, %v; want the median run {300 30 3}", got, ok)
	}
	if _, err := parse(strings.NewReader("BenchmarkX-2 \t 10\t fast ns/op\n")); err == nil {
		t.Error("parse accepted a figure that is not a number")
	}
}

func TestRatiosAcrossRounds(t *testing.T) {
	rounds := []round{parseRound(t, roundText(50, 100)), parseRound(t, roundText(90, 100)), parseRound(t, roundText(60, 100))}
	rs := ratios(rounds, "Decode/listing", "BaselineMap/listing")
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
	if !strings.Contains(out.String(), "| ≤ 4.00 | missed by 25% |") {
		t.Errorf("ServeHTTP at 5x the floor is not reported as missed by 25%%:\n%s", out.String())
	}
	delete(rounds[0], "PeerVerify/contract/svix")
	out.Reset()
	if missing := printRatios(&out, rounds); missing != 1 || !strings.Contains(out.String(), "missing: PeerVerify/contract/sdk or PeerVerify/contract/svix") {
		t.Errorf("missing = %d, want 1, the Svix comparison of the contract body:\n%s", missing, out.String())
	}
}
