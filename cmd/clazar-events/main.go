package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/clazarevents/sdk-go/webhook"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// secretEnv names the environment variable that holds the signing secret
// when --secret is not given.
const secretEnv = "CLAZAR_WEBHOOK_SECRET"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// A command is one subcommand of the tool.
type command struct {
	name    string
	args    string // the synopsis after the name, such as "[flags] FILE|-"
	summary string // one line, for the list of commands
	help    string // the description printed by --help

	// setup defines the command's flags on fs and returns the function
	// that runs the command with its positional arguments, once fs has
	// parsed the command line.
	setup func(fs *flag.FlagSet) func(ctx context.Context, c *cli, args []string) int
}

// commands lists the subcommands in the order the help prints them.
var commands = []*command{topicsCommand, validateCommand, signCommand, sendCommand, listenCommand, contractsCommand, inspectCommand}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// A cli holds the standard streams of one run and the command it runs.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	cmd            *command
}

// run runs the tool with args, the command line without the program name,
// and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		mainUsage(stderr)
		return exitUsage
	}
	switch name := args[0]; name {
	case "-h", "-help", "--help":
		mainUsage(stdout)
		return exitOK
	case "help":
		switch {
		case len(args) == 1 || len(args) == 2 && args[1] == "help":
			mainUsage(stdout)
			return exitOK
		case len(args) == 2:
			if cmd := lookup(args[1]); cmd != nil {
				c.cmd = cmd
				fs := c.flagSet()
				cmd.setup(fs)
				c.commandHelp(stdout, fs)
				return exitOK
			}
			fmt.Fprintf(stderr, "clazar-events help: unknown command %q\n", args[1])
		default:
			fmt.Fprintln(stderr, "clazar-events help: give at most one command")
		}
		fmt.Fprintln(stderr, "Run 'clazar-events --help' for the list of commands.")
		return exitUsage
	default:
		cmd := lookup(name)
		if cmd == nil {
			if strings.HasPrefix(name, "-") {
				fmt.Fprintf(stderr, "clazar-events: unknown flag %s: give a command first\n", name)
			} else {
				fmt.Fprintf(stderr, "clazar-events: unknown command %q\n", name)
			}
			fmt.Fprintln(stderr, "Run 'clazar-events --help' for the list of commands.")
			return exitUsage
		}
		c.cmd = cmd
		fs := c.flagSet()
		runCmd := cmd.setup(fs)
		pos, code, ok := c.parse(fs, args[1:])
		if !ok {
			return code
		}
		return runCmd(ctx, c, pos)
	}
}

// mainUsage prints the tool's help to w.
func mainUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString("clazar-events: develop receivers of Clazar marketplace events locally.\n\n")
	b.WriteString("Usage:\n\n\tclazar-events COMMAND [flags] [arguments]\n\nCommands:\n\n")
	width := 0
	for _, cmd := range commands {
		width = max(width, len(cmd.name))
	}
	for _, cmd := range commands {
		fmt.Fprintf(&b, "\t%-*s  %s\n", width, cmd.name, cmd.summary)
	}
	fmt.Fprintf(&b, "\t%-*s  %s\n", width, "help", "print the help of a command")
	b.WriteString("\nRun 'clazar-events COMMAND --help' for a command's flags and arguments.\n\n")
	b.WriteString("Try a receiver in two terminals:\n\n")
	b.WriteString("\tclazar-events listen                   # prints a new signing secret\n")
	b.WriteString("\tclazar-events send --secret whsec_... aws.contract.created\n\n")
	b.WriteString("The signing secret of sign, send and listen is --secret or, if that is not\n")
	b.WriteString("given, the environment variable " + secretEnv + ". Listen makes a new\n")
	b.WriteString("one when neither is given.\n\n")
	b.WriteString("Exit status: 0 on success, 1 when a command fails, 2 for a usage error.\n")
	io.WriteString(w, b.String())
}

// flagSet returns a new, empty flag set for the command, which prints
// neither errors nor usage of its own: parse and commandHelp do.
func (c *cli) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet(c.cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// commandHelp prints the command's synopsis, description and flags, which
// fs defines, to w.
func (c *cli) commandHelp(w io.Writer, fs *flag.FlagSet) {
	cmd := c.cmd
	fmt.Fprintf(w, "Usage: clazar-events %s %s\n\n%s\n", cmd.name, cmd.args, cmd.help)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprint(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

// parse parses args with fs, which the command defined. Flags may come before or
// after the positional arguments, until "--". It returns the positional
// arguments, or, when the run should end, ok false and the exit status:
// exitOK after printing the help that --help asked for, exitUsage after a
// bad flag.
func (c *cli) parse(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			c.commandHelp(c.stdout, fs)
			return nil, exitOK, false
		}
		if err != nil {
			fmt.Fprintf(c.stderr, "clazar-events %s: %v\n", c.cmd.name, err)
			c.shortUsage()
			return nil, exitUsage, false
		}
		rest := fs.Args()
		if i := len(args) - len(rest); i > 0 && args[i-1] == "--" {
			return append(pos, rest...), 0, true
		}
		if len(rest) == 0 {
			return pos, 0, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// usageError prints a usage error of the command and returns exitUsage.
func (c *cli) usageError(format string, args ...any) int {
	fmt.Fprintf(c.stderr, "clazar-events %s: %s\n", c.cmd.name, fmt.Sprintf(format, args...))
	c.shortUsage()
	return exitUsage
}

// shortUsage prints the command's synopsis and where to find its help.
func (c *cli) shortUsage() {
	cmd := c.cmd
	fmt.Fprintf(c.stderr, "Usage: clazar-events %s %s\nRun 'clazar-events %s --help' for details.\n", cmd.name, cmd.args, cmd.name)
}

// fail prints err as the command's failure and returns exitFailure.
func (c *cli) fail(err error) int {
	fmt.Fprintf(c.stderr, "clazar-events %s: %v\n", c.cmd.name, err)
	return exitFailure
}

// resolveSecret returns the signing secret: flagValue, or if it is empty
// the value of CLAZAR_WEBHOOK_SECRET. The error describes a missing secret
// or one that webhook.NewVerifier rejects; it is a usage error.
func resolveSecret(flagValue string) (string, error) {
	s := flagValue
	if s == "" {
		s = os.Getenv(secretEnv)
	}
	if s == "" {
		return "", fmt.Errorf("no signing secret: give --secret or set %s", secretEnv)
	}
	if _, err := webhook.NewVerifier(s); err != nil {
		return "", fmt.Errorf("bad signing secret: %w", err)
	}
	return s, nil
}

// readInput reads the file name, or standard input for "-".
func (c *cli) readInput(name string) ([]byte, error) {
	if name == "-" {
		b, err := io.ReadAll(c.stdin)
		if err != nil {
			return nil, fmt.Errorf("reading standard input: %w", err)
		}
		return b, nil
	}
	return os.ReadFile(name)
}
