package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"text/tabwriter"

	"github.com/clazarevents/sdk-go/event"
)

var validateCommand = &command{
	name:    "validate",
	args:    "[--strict] [--allow-unknown] FILE...|-",
	summary: "check that files are deliveries whose metadata decodes and validates",
	help: `Validate reads each file ("-" for standard input) as a delivery, parses its
envelope (event.Parse), decodes its metadata as its topic's Go type and
validates it (Event.Decode), and prints one line per file:

  ok    contract.json  aws.contract.created  aws.ContractCreated
  FAIL  bad.json       aws.contract.created  metadata.product_code: required
  skip  new.json       aws.contract.paused   unknown topic, metadata not checked

A failure names the JSON path and rule of every problem, separated by "; ".
A file holding an AWS Marketplace EventBridge event (an object with
"detail-type" and "source") is read the same way: its topic is derived
from its source and detail type, such as
aws.marketplacecatalog.change_set_failed, and the paths of its problems
start at "detail". A request saved by inspect --save is read as its body.

Like a receiver, validate ignores metadata keys that the Go type does not
know; --strict makes them a failure. A topic that the SDK does not know is a
failure, since its metadata cannot be checked; --allow-unknown reports it as
"skip" instead.

The exit status is 1 if any file failed, with a count on standard error.`,
	setup: func(fs *flag.FlagSet) func(context.Context, *cli, []string) int {
		var o validateOptions
		fs.BoolVar(&o.strict, "strict", false, "fail on metadata keys that the Go type does not know")
		fs.BoolVar(&o.allowUnknown, "allow-unknown", false, "report a topic that the SDK does not know as \"skip\", not as a failure")
		return o.run
	},
}

type validateOptions struct {
	strict       bool
	allowUnknown bool
}

// A verdict is validate's line for one file.
type verdict struct {
	status string // "ok", "FAIL" or "skip"
	topic  string // "-" when unknown
	detail string // the Go type, or what went wrong
}

func (o *validateOptions) run(_ context.Context, c *cli, files []string) int {
	if len(files) == 0 {
		return c.usageError("no files: give one or more files, or - for standard input")
	}
	stdin := 0
	for _, f := range files {
		if f == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return c.usageError("standard input (-) given more than once")
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 8, 2, ' ', 0)
	failed := 0
	for _, name := range files {
		var v verdict
		body, err := c.readInput(name)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			v = verdict{status: "FAIL", topic: "-", detail: err.Error()}
		} else {
			v = o.check(body)
		}
		if v.status == "FAIL" {
			failed++
		}
		if name == "-" {
			name = "<stdin>"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", v.status, name, v.topic, v.detail)
	}
	if err := tw.Flush(); err != nil {
		return c.fail(fmt.Errorf("writing the report: %w", err))
	}
	if failed > 0 {
		return c.fail(fmt.Errorf("%d of %d files failed", failed, len(files)))
	}
	return exitOK
}

// check parses, decodes and validates one delivery body, or the body of a
// request saved by inspect --save.
func (o *validateOptions) check(body []byte) verdict {
	if isSaved(body) {
		_, b, err := readSaved(body)
		if err != nil {
			return verdict{status: "FAIL", topic: "-", detail: err.Error()}
		}
		body = b
	}
	e, err := event.Parse(body)
	if err != nil {
		return verdict{status: "FAIL", topic: "-", detail: err.Error()}
	}
	decode := e.Decode
	if o.strict {
		decode = e.DecodeStrict
	}
	m, err := decode()
	return o.verdict(string(e.Topic), m, err)
}

// verdict turns the result of decoding the metadata of topic into a line.
func (o *validateOptions) verdict(topic string, m any, err error) verdict {
	var ve *event.ValidationError
	switch {
	case err == nil:
		return verdict{status: "ok", topic: topic, detail: typeName(m)}
	case errors.Is(err, event.ErrUnknownTopic) && o.allowUnknown:
		return verdict{status: "skip", topic: topic, detail: "unknown topic, metadata not checked"}
	case errors.Is(err, event.ErrUnknownTopic):
		return verdict{status: "FAIL", topic: topic, detail: "unknown topic: the SDK has no Go type for it (--allow-unknown skips it)"}
	case errors.As(err, &ve):
		return verdict{status: "FAIL", topic: topic, detail: fieldErrors(ve)}
	default:
		return verdict{status: "FAIL", topic: topic, detail: err.Error()}
	}
}

// fieldErrors lists the problems of ve as "path: rule" separated by "; ".
func fieldErrors(ve *event.ValidationError) string {
	if len(ve.Fields) == 0 {
		return ve.Error()
	}
	parts := make([]string, len(ve.Fields))
	for i, f := range ve.Fields {
		parts[i] = f.Path + ": " + f.Rule
		if f.Param != "" {
			parts[i] += "=" + f.Param
		}
	}
	return strings.Join(parts, "; ")
}

// typeName returns the name of the type that m points to, such as
// "aws.ContractCreated".
func typeName(m any) string {
	t := reflect.TypeOf(m)
	if t == nil {
		return "-"
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.String()
}
