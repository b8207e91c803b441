package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/clazarevents/sdk-go/contract"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/records"
)

var contractsCommand = &command{
	name:    "contracts",
	args:    "[--json] FILE|-...",
	summary: "fold stored deliveries into each buyer's contract state",
	help: `Contracts reads stored deliveries, each FILE a JSON array of events or one
event per line ("-" for standard input), folds the contract events among
them into each buyer's current state, as package contract does for a
receiver, and prints one row per contract: its key, status, plan, pending
plan, quantity, entitlements, term end, when it was last updated and how
many events made it.

The result does not depend on the order of the files or of the events in
them, and an event stored twice counts once. Events of other topics are
skipped. A record that is not an event, or a contract event without a
timestamp or whose metadata does not validate, is reported on standard
error, and the exit status is then 1; the table still shows the rest.

With --json, the states are printed as a JSON array instead, each with
every field package contract keeps.`,
	setup: func(fs *flag.FlagSet) func(context.Context, *cli, []string) int {
		asJSON := fs.Bool("json", false, "print the states as a JSON array")
		return func(ctx context.Context, c *cli, files []string) int {
			if len(files) == 0 {
				return c.usageError("give at least one FILE, or - for standard input")
			}
			return runContracts(ctx, c, files, *asJSON)
		}
	},
}

func runContracts(ctx context.Context, c *cli, files []string, asJSON bool) int {
	book := contract.NewBook()
	var problems, events, skipped int
	for _, name := range files {
		data, err := c.readInput(name)
		if err != nil {
			return c.fail(err)
		}
		rs, err := records.Split(data)
		if err != nil {
			return c.fail(fmt.Errorf("%s: %w", name, err))
		}
		for _, r := range rs {
			e, err := event.Parse(r.Data)
			if err == nil {
				_, err = book.Apply(ctx, e, nil)
				events++
				if err == nil && !contract.Folds(e.Topic) {
					skipped++
				}
			}
			if err != nil {
				problems++
				fmt.Fprintf(c.stderr, "%s: %s: %v\n", name, r.Where, err)
			}
		}
	}
	states := book.All()
	if asJSON {
		b, err := json.MarshalIndent(states, "", "  ")
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintf(c.stdout, "%s\n", b)
	} else {
		tw := tabwriter.NewWriter(c.stdout, 0, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY\tSTATUS\tPLAN\tPENDING\tQUANTITY\tENTITLEMENTS\tTERM END\tUPDATED\tEVENTS")
		for _, s := range states {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", s.Key, s.Status, orDash(s.Plan), orDash(s.PendingPlan),
				orDash(s.Quantity.String()), orDash(entitlements(s.Entitlements)), orDash(day(s.TermEnd)),
				s.UpdatedAt.Format(time.RFC3339), len(s.EventIDs))
		}
		if err := tw.Flush(); err != nil {
			return c.fail(fmt.Errorf("writing the table: %w", err))
		}
	}
	fmt.Fprintf(c.stderr, "%d contracts from %d events (%d of other topics); %d records not applied\n", len(states), events, skipped, problems)
	if problems > 0 {
		return exitFailure
	}
	return exitOK
}

// entitlements writes es as "dimension=value", space-separated; a
// dimension without a value is written alone.
func entitlements(es []contract.Entitlement) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Dimension
		if e.Value != "" {
			parts[i] += "=" + e.Value
		}
	}
	return strings.Join(parts, " ")
}

// day writes t's date, or "" for the zero time.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
