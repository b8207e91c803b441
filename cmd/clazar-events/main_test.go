package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// runMainEnv, when set, makes the test binary run main instead of the
// tests, so that tests can run the tool as a real process.
const runMainEnv = "CLAZAR_EVENTS_TEST_RUN_MAIN"

// testTimeout bounds every run of the tool in the tests.
const testTimeout = 30 * time.Second

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		return
	}
	// The tests give secrets explicitly; one from the environment would
	// hide the missing-secret errors.
	os.Unsetenv(secretEnv)
	os.Exit(m.Run())
}

// result is what one run of the tool printed and returned.
type result struct {
	stdout, stderr string
	code           int
}

// runTool runs the tool with args and stdin, as main would, and returns
// what it printed and its exit status.
func runTool(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, strings.NewReader(stdin), &stdout, &stderr)
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// check reports a mismatch of r's exit status, and output that lacks one
// of the wanted strings or holds an unwanted one.
func (r result) check(t *testing.T, wantCode int, wantStdout, wantStderr []string) {
	t.Helper()
	if r.code != wantCode {
		t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, wantCode, r.stdout, r.stderr)
	}
	for _, w := range wantStdout {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
		}
	}
	for _, w := range wantStderr {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
		}
	}
}

// writeFile writes data to a new file in a temporary directory and
// returns its path.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatalf("writing %s: %v", path, err)
	}
	return path
}

func fixture(t *testing.T, topic topics.Topic) []byte {
	t.Helper()
	b, err := webhooktest.Fixture(topic)
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return b
}

func TestToolUsage(t *testing.T) {
	t.Parallel()
	commandList := []string{"Commands:", "topics", "validate", "sign", "send", "listen", "help", secretEnv}
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     []string
		stderr     []string
		emptyOut   bool // nothing on stdout
		emptyErrOK bool // nothing on stderr
	}{
		{name: "no arguments", args: nil, code: 2, stderr: commandList, emptyOut: true},
		{name: "--help", args: []string{"--help"}, code: 0, stdout: commandList, emptyErrOK: true},
		{name: "-h", args: []string{"-h"}, code: 0, stdout: commandList, emptyErrOK: true},
		{name: "help", args: []string{"help"}, code: 0, stdout: commandList, emptyErrOK: true},
		{name: "help of a command", args: []string{"help", "send"}, code: 0, stdout: []string{"Usage: clazar-events send ", "-timeout"}, emptyErrOK: true},
		{name: "help of an unknown command", args: []string{"help", "trigger"}, code: 2, stderr: []string{`unknown command "trigger"`}, emptyOut: true},
		{name: "help of help", args: []string{"help", "help"}, code: 0, stdout: commandList, emptyErrOK: true},
		{name: "help of two commands", args: []string{"help", "send", "sign"}, code: 2, stderr: []string{"at most one command"}, emptyOut: true},
		{name: "unknown command", args: []string{"trigger", "aws.contract.created"}, code: 2, stderr: []string{`unknown command "trigger"`, "clazar-events --help"}, emptyOut: true},
		{name: "flag before the command", args: []string{"--secret", "x", "sign"}, code: 2, stderr: []string{"unknown flag --secret"}, emptyOut: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runTool(t, "", tt.args...)
			r.check(t, tt.code, tt.stdout, tt.stderr)
			if tt.emptyOut && r.stdout != "" {
				t.Errorf("stdout is not empty:\n%s", r.stdout)
			}
			if tt.emptyErrOK && r.stderr != "" {
				t.Errorf("stderr is not empty:\n%s", r.stderr)
			}
		})
	}
}

// flagNames returns the flags that cmd defines.
func flagNames(cmd *command) []string {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	cmd.setup(fs)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

// TestCommandHelp checks --help, -h and help COMMAND of every command: the
// help goes to stdout with status 0 and names every flag.
func TestCommandHelp(t *testing.T) {
	t.Parallel()
	for _, cmd := range commands {
		for _, args := range [][]string{{cmd.name, "--help"}, {cmd.name, "-h"}, {"help", cmd.name}, {cmd.name, "x", "--help"}} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				t.Parallel()
				want := []string{"Usage: clazar-events " + cmd.name + " " + cmd.args + "\n", cmd.help}
				for _, f := range flagNames(cmd) {
					want = append(want, "  -"+f)
				}
				r := runTool(t, "", args...)
				r.check(t, 0, want, nil)
				if r.stderr != "" {
					t.Errorf("stderr is not empty:\n%s", r.stderr)
				}
			})
		}
	}
}

// TestBadFlag checks that every command answers an undefined flag with a
// usage error.
func TestBadFlag(t *testing.T) {
	t.Parallel()
	for _, cmd := range commands {
		t.Run(cmd.name, func(t *testing.T) {
			t.Parallel()
			r := runTool(t, "", cmd.name, "--no-such-flag")
			r.check(t, 2, nil, []string{
				"clazar-events " + cmd.name + ": flag provided but not defined: -no-such-flag",
				"Usage: clazar-events " + cmd.name + " ",
				"clazar-events " + cmd.name + " --help",
			})
			if r.stdout != "" {
				t.Errorf("stdout is not empty:\n%s", r.stdout)
			}
		})
	}
}

// TestPackageDocListsCommands keeps the package documentation in step
// with the commands' synopses.
func TestPackageDocListsCommands(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range commands {
		if line := "//\t" + cmd.name + " " + cmd.args + "\n"; !bytes.Contains(doc, []byte(line)) {
			t.Errorf("doc.go lacks the synopsis line %q", line)
		}
	}
}

func TestFlagsAfterArguments(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "extra.json", []byte(`{"topic":"aws.listing.published","metadata":{"extra":1}}`))
	tests := []struct {
		name string
		args []string
		code int
	}{
		{name: "flag after the file", args: []string{"validate", path, "--strict"}, code: 1},
		{name: "flag before the file", args: []string{"validate", "--strict", path}, code: 1},
		{name: "no flag", args: []string{"validate", path}, code: 0},
		{name: "after --, a flag is a file", args: []string{"validate", path, "--", "--strict"}, code: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runTool(t, "", tt.args...)
			r.check(t, tt.code, nil, nil)
		})
	}
}

// toolProcess returns a command that runs the test binary as the tool,
// with args.
func toolProcess(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	// GORACE: a binary built with -race otherwise sleeps a second on exit.
	cmd.Env = append(os.Environ(), runMainEnv+"=1", "GORACE=atexit_sleep_ms=0")
	return cmd
}

// TestBinary runs the tool as a process, to check the exit statuses that
// main passes to os.Exit.
func TestBinary(t *testing.T) {
	t.Parallel()
	bad := writeFile(t, "bad.json", []byte(`{"topic":"aws.contract.created","metadata":{}}`))
	good := writeFile(t, "good.json", fixture(t, topics.AWSContractCreated))
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{name: "ok", args: []string{"topics", "aws.contract.created"}, code: 0, stdout: "aws.ContractCreated"},
		{name: "failure", args: []string{"validate", good, bad}, code: 1, stdout: "FAIL  " + bad, stderr: "1 of 2 files failed"},
		{name: "usage", args: []string{"trigger"}, code: 2, stderr: "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
			defer cancel()
			var stdout, stderr bytes.Buffer
			cmd := toolProcess(ctx, tt.args...)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatalf("running the tool: %v", err)
			}
			r := result{stdout: stdout.String(), stderr: stderr.String(), code: code}
			r.check(t, tt.code, []string{tt.stdout}, []string{tt.stderr})
		})
	}
}

// TestBinaryListenInterrupt runs listen as a process, sends it a delivery,
// interrupts it, and checks that it stops with status 0.
func TestBinaryListenInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT on Windows")
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	secret := webhooktest.NewSecret()
	cmd := toolProcess(ctx, "listen", "--addr", "127.0.0.1:0")
	cmd.Env = append(cmd.Env, secretEnv+"="+secret)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr sdktest.SyncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("listen printed nothing; stderr:\n%s", stderr.String())
	}
	url, ok := strings.CutPrefix(lines.Text(), "listening on ")
	if !ok {
		t.Fatalf("first line %q, want listening on URL", lines.Text())
	}

	status := post(t, url, secret, webhooktest.NewID(), fixture(t, topics.GCPContractActivated))
	if status != http.StatusNoContent {
		t.Errorf("delivery answered %d, want 204", status)
	}
	if !lines.Scan() || !strings.Contains(lines.Text(), "gcp.contract.activated  gcp.ContractActivated  entitlement_id=") {
		t.Errorf("delivery line %q, want the topic, type and entitlement_id", lines.Text())
	}

	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	for lines.Scan() {
		t.Errorf("unexpected output after the delivery: %q", lines.Text())
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("listen after SIGINT: %v, want exit status 0; stderr:\n%s", err, stderr.String())
	}
}
