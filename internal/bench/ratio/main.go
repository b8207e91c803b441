// Command ratio reads the output of `go test -bench -benchmem` runs and
// prints, as Markdown, how the SDK's benchmarks compare with their
// baselines and peers, with the targets the SDK sets itself.
//
// Usage:
//
//	go run ./internal/bench/ratio round1.txt round2.txt ...
//
// Each file is one round: one run of every benchmark. A ratio is computed
// within each round, where both sides ran seconds apart, and the table
// shows the median over the rounds with the lowest and highest, so that a
// machine busy with other work shows as a wide range rather than a wrong
// figure. The absolute figures are medians too.
//
// scripts/bench.sh runs the rounds and calls it.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// bodies are the benchmarks' sub-benchmark names, small to large.
var bodies = []string{"listing", "contract", "disbursement"}

// A comparison divides the figures of one benchmark by another's; %s in a
// name stands for the body.
type comparison struct {
	what   string
	ours   string
	base   string
	target float64 // the highest ratio of ns/op allowed; 0 for none
}

var comparisons = []comparison{
	{"Parse+Decode+validate / json.Unmarshal into map[string]any", "Decode/%s", "BaselineMap/%s", 1},
	{"Parse+Decode+validate / json.Unmarshal into the typed struct, no validation", "Decode/%s", "BaselineTyped/%s", 0},
	{"Parse+DecodeAs+validate / aws-lambda-go style: envelope, then json.RawMessage metadata", "PeerDecode/%s/sdk", "PeerDecode/%s/lambda", 0},
	{"Verify / Svix library (svix.Webhook.Verify)", "PeerVerify/%s/sdk", "PeerVerify/%s/svix", 1},
	{"Verify / Standard Webhooks library", "PeerVerify/%s/sdk", "PeerVerify/%s/standardwebhooks", 1},
	{"ServeHTTP / floor: HMAC-SHA256 + json.Valid", "ServeHTTP/%s", "BaselineFloor/%s", 4},
}

// result is one benchmark's figures in one round.
type result struct {
	ns, bytes, allocs float64
}

// round maps a benchmark's name, without "Benchmark" and the GOMAXPROCS
// suffix, to its figures.
type round map[string]result

var procSuffix = regexp.MustCompile(`-\d+$`)

// parse reads one round. A benchmark run more than once in it (-count)
// keeps its median ns/op.
func parse(r io.Reader) (round, error) {
	runs := map[string][]result{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := procSuffix.ReplaceAllString(strings.TrimPrefix(f[0], "Benchmark"), "")
		var res result
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%s: %q: %w", name, f[i], err)
			}
			switch f[i+1] {
			case "ns/op":
				res.ns = v
			case "B/op":
				res.bytes = v
			case "allocs/op":
				res.allocs = v
			}
		}
		runs[name] = append(runs[name], res)
	}
	rd := round{}
	for name, rs := range runs {
		slices.SortFunc(rs, func(a, b result) int { return cmpFloat(a.ns, b.ns) })
		rd[name] = rs[len(rs)/2]
	}
	return rd, sc.Err()
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// median returns the median of xs, which it sorts.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// figures are a benchmark's median figures over the rounds that ran it.
func figures(rounds []round, name string) (result, bool) {
	var ns, bytes, allocs []float64
	for _, rd := range rounds {
		if r, ok := rd[name]; ok {
			ns, bytes, allocs = append(ns, r.ns), append(bytes, r.bytes), append(allocs, r.allocs)
		}
	}
	if len(ns) == 0 {
		return result{}, false
	}
	return result{median(ns), median(bytes), median(allocs)}, true
}

// ratios returns ours/base of ns/op in each round that ran both.
func ratios(rounds []round, ours, base string) []float64 {
	var rs []float64
	for _, rd := range rounds {
		o, ok1 := rd[ours]
		b, ok2 := rd[base]
		if ok1 && ok2 && b.ns > 0 {
			rs = append(rs, o.ns/b.ns)
		}
	}
	return rs
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: ratio round.txt...")
		os.Exit(2)
	}
	var rounds []round
	for _, path := range os.Args[1:] {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ratio:", err)
			os.Exit(1)
		}
		rd, err := parse(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "ratio: %s: %v\n", path, err)
			os.Exit(1)
		}
		rounds = append(rounds, rd)
	}
	missing := printRatios(os.Stdout, rounds)
	fmt.Println()
	printFigures(os.Stdout, rounds)
	if missing > 0 {
		fmt.Fprintf(os.Stderr, "ratio: %d comparisons lack a benchmark\n", missing)
		os.Exit(1)
	}
}

// printRatios prints the ratio table and returns how many comparisons
// lacked a benchmark.
func printRatios(w io.Writer, rounds []round) (missing int) {
	fmt.Fprintf(w, "Ratios of ns/op, median of %d rounds [lowest, highest]; lower is better.\n\n", len(rounds))
	fmt.Fprintln(w, "| Body | Comparison | ns/op (ours / base) | Ratio | B/op (ours / base) | allocs/op (ours / base) | Target | Result |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---|")
	for _, c := range comparisons {
		for _, body := range bodies {
			ours, base := fmt.Sprintf(c.ours, body), fmt.Sprintf(c.base, body)
			o, ok1 := figures(rounds, ours)
			b, ok2 := figures(rounds, base)
			rs := ratios(rounds, ours, base)
			if !ok1 || !ok2 || len(rs) == 0 {
				fmt.Fprintf(w, "| %s | %s | missing: %s or %s | | | | | |\n", body, c.what, ours, base)
				missing++
				continue
			}
			lo, hi := slices.Min(rs), slices.Max(rs)
			r := median(rs)
			target, verdict := "-", "-"
			if c.target > 0 {
				target = fmt.Sprintf("≤ %.2f", c.target)
				verdict = "met"
				if r > c.target {
					verdict = fmt.Sprintf("missed by %.0f%%", (r/c.target-1)*100)
				}
			}
			fmt.Fprintf(w, "| %s | %s | %.0f / %.0f | %.2f [%.2f, %.2f] | %.0f / %.0f | %.0f / %.0f | %s | %s |\n",
				body, c.what, o.ns, b.ns, r, lo, hi, o.bytes, b.bytes, o.allocs, b.allocs, target, verdict)
		}
	}
	return missing
}

// printFigures prints every benchmark's median figures.
func printFigures(w io.Writer, rounds []round) {
	seen := map[string]bool{}
	var names []string
	for _, rd := range rounds {
		for name := range rd {
			if !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	fmt.Fprintf(w, "All benchmarks, median of %d rounds.\n\n", len(rounds))
	fmt.Fprintln(w, "| Benchmark | ns/op | B/op | allocs/op |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	for _, name := range names {
		r, _ := figures(rounds, name)
		fmt.Fprintf(w, "| %s | %.0f | %.0f | %.0f |\n", name, r.ns, r.bytes, r.allocs)
	}
}
