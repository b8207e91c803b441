package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

var topicsCommand = &command{
	name:    "topics",
	args:    "[PATTERN...]",
	summary: "print the topics the SDK knows, with their Go types",
	help: `Topics prints the topic registry as a table: each topic, the Go type of its
metadata, its documented origin and suborigin ("-" where Clazar's pages are
silent), and what triggers it.

With patterns, it prints the topics that any of them matches. A pattern is
compared segment by segment: a literal segment matches itself, "*" matches
one segment, and "**", last only, matches the rest, so "aws.contract.*",
"*.contract.renewed" and "gcp.**" are patterns.

A malformed pattern is a usage error (exit 2); patterns that match no
topic are a failure (exit 1).`,
	setup: func(*flag.FlagSet) func(context.Context, *cli, []string) int {
		return runTopics
	},
}

func runTopics(_ context.Context, c *cli, patterns []string) int {
	for _, p := range patterns {
		if !topics.ValidPattern(p) {
			return c.usageError(`invalid pattern %q: segments must not be empty, and "**" may only be last`, p)
		}
	}
	var specs []event.Spec
	for _, s := range event.Specs() {
		if len(patterns) == 0 || matchAny(patterns, s.Topic) {
			specs = append(specs, s)
		}
	}
	if len(specs) == 0 {
		return c.fail(fmt.Errorf(`no topic matches %s (patterns match whole topics: "aws.**", "*.contract.*")`, strings.Join(patterns, " or ")))
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "TOPIC\tGO TYPE\tORIGIN\tSUBORIGIN\tSUMMARY")
	for _, s := range specs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Topic, s.Type(), orDash(string(s.Origin)), orDash(string(s.Suborigin)), s.Summary)
	}
	if err := tw.Flush(); err != nil {
		return c.fail(fmt.Errorf("writing the table: %w", err))
	}
	return exitOK
}

func matchAny(patterns []string, t topics.Topic) bool {
	for _, p := range patterns {
		if topics.Match(p, t) {
			return true
		}
	}
	return false
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
