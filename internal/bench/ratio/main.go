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
	"cmp"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The bodies of the sub-benchmarks: the three held-out bodies, which
// every benchmark runs over, and the largest fixture of each marketplace,
// which the decode and serve comparisons with the peers add.
var (
	bodies  = []string{"listing", "contract", "disbursement"}
	largest = []string{"largest-aws", "largest-azure", "largest-gcp"}
	all     = append(slices.Clone(bodies), largest...)
)

// A comparison divides the figures of one benchmark by another's; %s in a
// name stands for the body.
type comparison struct {
	what string
	ours string
	// minus, if set, is subtracted from ours' ns/op first: the cost of a
	// harness that both sides share.
	minus string
	base  string
	// bodies are the bodies compared; nil means bodies.
	bodies []string
	// target is the highest ratio of ns/op allowed; 0 for none.
	target float64
	// throughput reports base/ours instead, the ratio of operations per
	// second, and the target is the lowest allowed.
	throughput bool
	// metric, if set, is the unit of the figure compared in place of
	// ns/op, such as "cpu-µs/delivery"; lower is better.
	metric string
}

var comparisons = []comparison{
	{what: "ParseAs (envelope, DecodeAs and validation in one pass) / std: encoding/json into the same typed structs + validator/v10", ours: "StdDecode/%s/sdk", base: "StdDecode/%s/std", bodies: all, target: 0.3},
	{what: "Parse, then DecodeAs (two passes) / std", ours: "StdDecode/%s/twopass", base: "StdDecode/%s/std", bodies: all},
	{what: "ParseAs / goccy/go-json into the same typed structs + validator/v10", ours: "StdDecode/%s/sdk", base: "StdDecode/%s/goccy", bodies: all},
	{what: "alternative: Parse, then a decoder and checks generated for the type / std", ours: "DecodeAlternatives/%s/generated", base: "DecodeAlternatives/%s/std", bodies: []string{"contract"}},
	{what: "alternative: goccy/go-json (unsafe) + the SDK's compiled validation / std", ours: "DecodeAlternatives/%s/goccy+compiled", base: "DecodeAlternatives/%s/std", bodies: []string{"contract"}},
	{what: "ParseAs / std, in the alternatives' run", ours: "DecodeAlternatives/%s/sdk", base: "DecodeAlternatives/%s/std", bodies: []string{"contract"}},
	{what: "ServeHTTP, typed handler / hand-rolled: Svix Verify + encoding/json + validator/v10 + a map", ours: "StdServe/%s/sdk", base: "StdServe/%s/handrolled", bodies: all, target: 0.4},
	{what: "ServeHTTP minus the httptest harness / floor: HMAC-SHA256 + json.Valid", ours: "StdServe/%s/sdk", minus: "StdServe/%s/harness", base: "StdServe/%s/floor", bodies: all, target: 2},
	{what: "loopback load, deliveries/s / hand-rolled's", ours: "Load/sdk", base: "Load/handrolled", bodies: []string{"mix"}, target: 0.9, throughput: true},
	{what: "loopback load, deliveries/s / a bare handler's (read the body, answer 204)", ours: "Load/sdk", base: "Load/bare", bodies: []string{"mix"}, target: 0.8, throughput: true},
	{what: "loopback load, CPU time of the receiver's process per delivery / the bare handler's", ours: "Load/sdk", base: "Load/bare", bodies: []string{"mix"}, metric: "cpu-µs/delivery"},
	{what: "contract: Book.Apply of a contract's 20 events / decoding the same 20 events", ours: "Apply/book", base: "Apply/decode", bodies: []string{"20 events"}},
	{what: "contract: Watch with a Book, fn called per change / Watch with a ledger that does nothing (a plain typed handler)", ours: "Watch/book", base: "Watch/typed-handler", bodies: []string{"journeys"}},
	{what: "Verify / Svix library (svix.Webhook.Verify)", ours: "PeerVerify/%s/sdk", base: "PeerVerify/%s/svix", target: 1},
	{what: "Verify / Standard Webhooks library", ours: "PeerVerify/%s/sdk", base: "PeerVerify/%s/standardwebhooks", target: 1},
	{what: "Parse+Decode+validate / json.Unmarshal into map[string]any", ours: "Decode/%s", base: "BaselineMap/%s", target: 1},
	{what: "Parse+DecodeAs+validate / aws-lambda-go style: envelope, then json.RawMessage metadata", ours: "PeerDecode/%s/sdk", base: "PeerDecode/%s/lambda"},
}

// name returns the benchmark name pattern with body in place of %s.
func name(pattern, body string) string {
	if !strings.Contains(pattern, "%s") {
		return pattern
	}
	return fmt.Sprintf(pattern, body)
}

// result is one benchmark's figures in one round.
type result struct {
	// bytes and allocs are NaN when the benchmark does not report them.
	ns, bytes, allocs float64
	// metrics are the figures of other units that the benchmark reports,
	// such as deliveries/s.
	metrics map[string]float64
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
		res := result{bytes: math.NaN(), allocs: math.NaN()}
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
			case "MB/s":
			default:
				if res.metrics == nil {
					res.metrics = map[string]float64{}
				}
				res.metrics[f[i+1]] = v
			}
		}
		runs[name] = append(runs[name], res)
		// A benchmark that measures several sides in one run, as
		// BenchmarkLoad does, reports each side's figures as
		// "side:unit": they are filed as those of a sub-benchmark
		// name/side, with "side:ns/op" as its ns/op.
		sides := map[string]result{}
		for unit, v := range res.metrics {
			side, unit, ok := strings.Cut(unit, ":")
			if !ok {
				continue
			}
			r, ok := sides[side]
			if !ok {
				r = result{bytes: math.NaN(), allocs: math.NaN()}
			}
			if unit == "ns/op" {
				r.ns = v
			} else {
				if r.metrics == nil {
					r.metrics = map[string]float64{}
				}
				r.metrics[unit] = v
			}
			sides[side] = r
		}
		for side, r := range sides {
			runs[name+"/"+side] = append(runs[name+"/"+side], r)
		}
	}
	rd := round{}
	for name, rs := range runs {
		slices.SortFunc(rs, func(a, b result) int { return cmp.Compare(a.ns, b.ns) })
		rd[name] = rs[len(rs)/2]
	}
	return rd, sc.Err()
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
	metrics := map[string][]float64{}
	for _, rd := range rounds {
		if r, ok := rd[name]; ok {
			ns, bytes, allocs = append(ns, r.ns), append(bytes, r.bytes), append(allocs, r.allocs)
			for unit, v := range r.metrics {
				metrics[unit] = append(metrics[unit], v)
			}
		}
	}
	if len(ns) == 0 {
		return result{}, false
	}
	res := result{ns: median(ns), bytes: median(bytes), allocs: median(allocs)}
	for unit, vs := range metrics {
		if res.metrics == nil {
			res.metrics = map[string]float64{}
		}
		res.metrics[unit] = median(vs)
	}
	return res, true
}

// figure returns r's ns/op, or its figure of metric if metric is not "".
func (r result) figure(metric string) (float64, bool) {
	if metric == "" {
		return r.ns, true
	}
	v, ok := r.metrics[metric]
	return v, ok
}

// ratios returns ours/base of ns/op (or of c.metric) in each round that
// ran both, less minus's ns/op from ours when minus is not "", or
// base/ours for a throughput comparison.
func ratios(rounds []round, c comparison, ours, minus, base string) []float64 {
	var rs []float64
	for _, rd := range rounds {
		o, ok1 := rd[ours]
		b, ok2 := rd[base]
		m, ok3 := rd[minus]
		if !ok1 || !ok2 || (minus != "" && !ok3) {
			continue
		}
		ov, ok1 := o.figure(c.metric)
		bv, ok2 := b.figure(c.metric)
		if !ok1 || !ok2 {
			continue
		}
		ov -= m.ns
		switch {
		case c.throughput && ov > 0:
			rs = append(rs, bv/ov)
		case !c.throughput && bv > 0:
			rs = append(rs, ov/bv)
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
	fmt.Fprintf(w, "Ratios, median of %d rounds [lowest, highest]: of ns/op, lower is better, or of deliveries/s, higher is better.\n\n", len(rounds))
	fmt.Fprintln(w, "| Body | Comparison | ns/op (ours / base) | Ratio | B/op (ours / base) | allocs/op (ours / base) | Target | Result |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---|")
	for _, c := range comparisons {
		bs := c.bodies
		if bs == nil {
			bs = bodies
		}
		for _, body := range bs {
			ours, base := name(c.ours, body), name(c.base, body)
			minus := ""
			if c.minus != "" {
				minus = name(c.minus, body)
			}
			o, ok1 := figures(rounds, ours)
			b, ok2 := figures(rounds, base)
			m, ok3 := figures(rounds, minus)
			rs := ratios(rounds, c, ours, minus, base)
			if !ok1 || !ok2 || (minus != "" && !ok3) || len(rs) == 0 {
				fmt.Fprintf(w, "| %s | %s | missing: %s or %s | | | | | |\n", body, c.what, ours, base)
				missing++
				continue
			}
			lo, hi := slices.Min(rs), slices.Max(rs)
			r := median(rs)
			target, verdict := "-", "-"
			switch {
			case c.target > 0 && c.throughput:
				target = fmt.Sprintf("≥ %.2f", c.target)
				verdict = "met"
				if r < c.target {
					verdict = fmt.Sprintf("missed by %.0f%%", (1-r/c.target)*100)
				}
			case c.target > 0:
				target = fmt.Sprintf("≤ %.2f", c.target)
				verdict = "met"
				if r > c.target {
					verdict = fmt.Sprintf("missed by %.0f%%", (r/c.target-1)*100)
				}
			}
			ns := fmt.Sprintf("%.0f / %.0f", o.ns, b.ns)
			switch {
			case c.metric != "":
				ov, _ := o.figure(c.metric)
				bv, _ := b.figure(c.metric)
				ns = fmt.Sprintf("%.1f / %.1f %s", ov, bv, c.metric)
			case minus != "":
				ns = fmt.Sprintf("%.0f − %.0f / %.0f", o.ns, m.ns, b.ns)
			}
			fmt.Fprintf(w, "| %s | %s | %s | %.2f [%.2f, %.2f] | %s | %s | %s | %s |\n",
				body, c.what, ns, r, lo, hi, pair(o.bytes, b.bytes), pair(o.allocs, b.allocs), target, verdict)
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
	fmt.Fprintln(w, "| Benchmark | ns/op | B/op | allocs/op | other |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---|")
	for _, name := range names {
		r, _ := figures(rounds, name)
		var other []string
		for _, unit := range slices.Sorted(maps.Keys(r.metrics)) {
			other = append(other, fmt.Sprintf("%.4g %s", r.metrics[unit], unit))
		}
		fmt.Fprintf(w, "| %s | %.0f | %s | %s | %s |\n", name, r.ns, count(r.bytes), count(r.allocs), strings.Join(other, ", "))
	}
}

// count formats a count of bytes or allocations, or "-" for NaN, which
// stands for a figure that was not reported.
func count(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.0f", x)
}

// pair formats ours and base's figures as "ours / base", or "-" when
// neither was reported.
func pair(ours, base float64) string {
	if math.IsNaN(ours) && math.IsNaN(base) {
		return "-"
	}
	return count(ours) + " / " + count(base)
}
