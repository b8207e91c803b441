// Reconcile totals, per currency, the AWS Marketplace revenue that Clazar
// reported, from a file of stored events: a JSON array of events, or JSON
// lines (one event per line), as a receiver might have kept them.
//
//	go run ./examples/reconcile events.jsonl
//
// Three analytics topics report revenue, each a different measure of it:
//
//	DISBURSED      disbursed_net_revenue of aws.analytics.disbursement:
//	               what AWS paid out to the seller
//	CONTRACT FEES  total_amount of aws.analytics.contract_fees: the
//	               contract fees charged to a buyer
//	METERED USAGE  estimated_revenue of aws.analytics.metered_usage: AWS's
//	               estimate of a buyer's usage charges
//
// They count the same money at different moments, billed and later
// disbursed, so each has its own column and none is added to another.
//
// Amounts are added exactly, as the math/big.Rat values of their
// event.Decimal, never as float64, and each total is printed with as many
// decimal places as the most precise amount in it. Events of other topics
// are counted and skipped, and an event stored twice under the same id is
// counted once. A record that cannot be read is reported after the totals
// without stopping the others; reconcile then exits 1, since the totals
// leave it out.
package main

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/records"
	"github.com/clazarevents/sdk-go/topics"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "reconcile:", err)
		os.Exit(1)
	}
}

// run reads the file named by args, prints the totals to stdout and
// returns an error if the file cannot be read or some of its records
// could not be counted.
func run(args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return errors.New("usage: reconcile FILE, a JSON array of events or one event per line")
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	l, err := reconcile(data)
	if err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	l.print(stdout)
	if n := len(l.problems); n > 0 {
		return fmt.Errorf("%s: %d of %d records could not be read; the totals leave them out", args[0], n, l.records)
	}
	return nil
}

// A measure is one of the amounts of revenue that the analytics topics
// report; the package comment describes each.
type measure int

const (
	disbursed measure = iota
	contractFees
	meteredUsage
	numMeasures
)

// columns are the measures' column headings.
var columns = [numMeasures]string{"DISBURSED", "CONTRACT FEES", "METERED USAGE"}

// A sum is an exact total, and the most decimal places of the amounts in it.
type sum struct {
	total  big.Rat
	places int
	n      int // how many amounts were added
}

func (s *sum) add(d event.Decimal) {
	s.total.Add(&s.total, d.Rat())
	s.places = max(s.places, places(d))
	s.n++
}

// String returns the total with s.places decimal places. It is exact: a
// sum of numbers of at most n decimal places has at most n.
func (s *sum) String() string { return s.total.FloatString(s.places) }

// places returns the number of decimal places d is written with: 2 for
// "38412.00", 0 for "39" and "1.5e3", 3 for "1.5e-2".
func places(d event.Decimal) int {
	mantissa, exp, _ := strings.Cut(strings.ToLower(d.String()), "e")
	n := 0
	if _, frac, ok := strings.Cut(mantissa, "."); ok {
		n = len(frac)
	}
	if exp != "" {
		e, _ := strconv.Atoi(exp) // a Decimal's exponent is a small integer
		n -= e
	}
	return max(n, 0)
}

// A ledger holds the totals and what reading the records found.
type ledger struct {
	totals   map[string]*[numMeasures]sum // by currency
	records  int                          // records read
	counted  map[string]bool              // ids of the events counted
	skipped  int                          // events of other topics
	repeats  int                          // events counted already under the same id
	problems []string                     // records that could not be read
}

// reconcile reads data, a JSON array of events or one event per line, and
// returns the totals. Its error reports an array that is not valid JSON;
// problems with single records are in the ledger.
func reconcile(data []byte) (*ledger, error) {
	l := &ledger{totals: map[string]*[numMeasures]sum{}, counted: map[string]bool{}}
	rs, err := records.Split(data)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		l.add(r.Where, r.Data)
	}
	return l, nil
}

// add counts the event in record, or notes why it cannot, under where, the
// record's position in the file.
func (l *ledger) add(where string, record []byte) {
	l.records++
	if err := l.count(record); err != nil {
		l.problems = append(l.problems, where+": "+err.Error())
	}
}

// count adds the amount of the event in record to its currency's total, if
// it is of a revenue topic.
func (l *ledger) count(record []byte) error {
	e, err := event.Parse(record)
	if err != nil {
		return err
	}
	if e.ID != "" && l.counted[e.ID] {
		l.repeats++
		return nil
	}

	// DecodeAs types and validates the metadata: a row without its
	// product code, say, is an error rather than a silent zero.
	var (
		m        measure
		field    string // the JSON name of the amount, for messages
		amount   event.Decimal
		currency string
	)
	switch e.Topic {
	case topics.AWSAnalyticsDisbursement:
		d, err := event.DecodeAs[aws.AnalyticsDisbursement](e)
		if err != nil {
			return err
		}
		m, field, amount, currency = disbursed, "disbursed_net_revenue", d.DisbursedNetRevenue, d.Currency
	case topics.AWSAnalyticsContractFees:
		d, err := event.DecodeAs[aws.AnalyticsContractFees](e)
		if err != nil {
			return err
		}
		m, field, amount, currency = contractFees, "total_amount", d.TotalAmount, d.Currency
	case topics.AWSAnalyticsMeteredUsage:
		d, err := event.DecodeAs[aws.AnalyticsMeteredUsage](e)
		if err != nil {
			return err
		}
		m, field, amount, currency = meteredUsage, "estimated_revenue", d.EstimatedRevenue, d.Currency
	default:
		l.skipped++
		return nil
	}

	// A missing amount or currency would make the totals wrong without a
	// trace: report it instead.
	if !amount.IsSet() {
		return fmt.Errorf("%s %s: no %s", e.Topic, e.ID, field)
	}
	currency = strings.ToUpper(strings.TrimSpace(currency))
	if currency == "" {
		return fmt.Errorf("%s %s: no currency", e.Topic, e.ID)
	}
	if l.totals[currency] == nil {
		l.totals[currency] = new([numMeasures]sum)
	}
	l.totals[currency][m].add(amount)
	if e.ID != "" {
		l.counted[e.ID] = true
	}
	return nil
}

// maxProblems is how many problems print lists; it counts the rest.
const maxProblems = 10

// print writes the table of totals, what they mean, and what was skipped
// or could not be read.
func (l *ledger) print(w io.Writer) {
	currencies := make([]string, 0, len(l.totals))
	n := 0
	for c, sums := range l.totals {
		currencies = append(currencies, c)
		for i := range sums {
			n += sums[i].n
		}
	}
	slices.Sort(currencies)

	if len(currencies) > 0 {
		fmt.Fprint(w, "Revenue per currency:\n\n")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "CURRENCY\t%s\t\n", strings.Join(columns[:], "\t"))
		for _, c := range currencies {
			fmt.Fprintf(tw, "%s\t", c)
			for i := range l.totals[c] {
				if s := &l.totals[c][i]; s.n > 0 {
					fmt.Fprintf(tw, "%s\t", s)
				} else {
					fmt.Fprint(tw, "-\t")
				}
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
		fmt.Fprintln(w)
		fmt.Fprintln(w, "DISBURSED is disbursed_net_revenue of aws.analytics.disbursement: what AWS paid out.")
		fmt.Fprintln(w, "CONTRACT FEES is total_amount of aws.analytics.contract_fees: fees charged to buyers.")
		fmt.Fprintln(w, "METERED USAGE is estimated_revenue of aws.analytics.metered_usage: AWS's estimate of usage charges.")
		fmt.Fprintln(w, "They count the same money at different moments, so none is added to another.")
		fmt.Fprintln(w)
	}

	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	fmt.Fprintf(tw, "Revenue events counted:\t%d\n", n)
	fmt.Fprintf(tw, "Events of other topics, skipped:\t%d\n", l.skipped)
	fmt.Fprintf(tw, "Events repeating an id, skipped:\t%d\n", l.repeats)
	fmt.Fprintf(tw, "Records that could not be read:\t%d\n", len(l.problems))
	tw.Flush()
	for _, p := range l.problems[:min(len(l.problems), maxProblems)] {
		fmt.Fprintln(w, "  "+p)
	}
	if len(l.problems) > maxProblems {
		fmt.Fprintf(w, "  and %d more\n", len(l.problems)-maxProblems)
	}
}
