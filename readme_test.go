package clazarevents_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/clazarevents/sdk-go/event"
)

const (
	tableStart = "<!-- topics:start -->\n"
	tableEnd   = "<!-- topics:end -->\n"
)

// topicTable renders the registry as the README's topic table.
func topicTable() string {
	var b strings.Builder
	b.WriteString("| topic | Go type | origin | suborigin |\n| --- | --- | --- | --- |\n")
	for _, s := range event.Specs() {
		b.WriteString("| `" + string(s.Topic) + "` | `" + s.Type().String() + "` | " +
			string(s.Origin) + " | " + string(s.Suborigin) + " |\n")
	}
	return b.String()
}

// TestReadmeTopicTable keeps the README's topic table in step with the
// registry; go test -update rewrites it.
func TestReadmeTopicTable(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, tableStart)
	end := strings.Index(text, tableEnd)
	if start < 0 || end < start {
		t.Fatalf("README.md lacks the markers %q and %q", tableStart, tableEnd)
	}
	current := text[start+len(tableStart) : end]
	want := topicTable()
	if current == want {
		return
	}
	if *update {
		text = text[:start+len(tableStart)] + want + text[end:]
		if err := os.WriteFile("README.md", []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md topic table is stale; run go test -run TestReadmeTopicTable -update .\nwant:\n%s", want)
}

// TestCIRunsReadmeTestCommand checks that .ci/run runs the command the
// README tells users to run.
func TestCIRunsReadmeTestCommand(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## Run the tests\n.*?```sh\n(.*?)\n```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no sh block under \"## Run the tests\"")
	}
	command := string(m[1])
	ci, err := os.ReadFile(".ci/run")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(ci), "\n") {
		if strings.TrimSpace(line) == command {
			return
		}
	}
	t.Errorf(".ci/run does not run the README's test command %q", command)
}

// snippetWrappers turn the README's Go fragments into programs, by the
// name in the comment before each block ("<!-- compile: NAME -->"): the
// imports and declarations that the fragment uses, and the fragment, as
// the body of a function. Blocks of one name are compiled together, in
// order. Lines such as "// rec.Code == 204" become checks, and a wrapper
// that sets run makes the test run its program too.
var snippetWrappers = map[string]struct {
	imports []string
	prefix  string // up to the fragment
	suffix  string // after it
	run     bool
}{
	"decode": {
		imports: []string{"errors", "fmt", "github.com/clazarevents/sdk-go/aws", "github.com/clazarevents/sdk-go/event"},
		prefix:  "func decode(body []byte) error {\n",
		suffix:  "\treturn nil\n}\n\nfunc main() { _ = decode }\n",
	},
	"parseas": {
		imports: []string{"errors", "github.com/clazarevents/sdk-go/aws", "github.com/clazarevents/sdk-go/event"},
		prefix:  "func receive(body []byte) error {\n",
		suffix:  "\treturn provision(m)\n}\n\nfunc provision(*aws.ContractCreated) error { return nil }\n\nfunc main() { _ = receive }\n",
	},
	"strict": {
		imports: []string{"testing", "github.com/clazarevents/sdk-go/event"},
		prefix:  "func check(t *testing.T, e *event.Event) {\n",
		suffix:  "}\n\nfunc main() { _ = check }\n",
	},
	"quantity": {
		imports: []string{"fmt", "github.com/clazarevents/sdk-go/azure"},
		prefix:  "func quantityChanged(m *azure.ContractQuantityChanged) error {\n",
		suffix:  "\treturn resize(seats)\n}\n\nfunc resize(int64) error { return nil }\n\nfunc main() { _ = quantityChanged }\n",
	},
	"testing": {
		imports: []string{
			"context", "net/http/httptest", "time",
			"github.com/clazarevents/sdk-go/aws", "github.com/clazarevents/sdk-go/event",
			"github.com/clazarevents/sdk-go/topics", "github.com/clazarevents/sdk-go/webhook",
			"github.com/clazarevents/sdk-go/webhook/webhooktest",
		},
		prefix: "var provisioned int\n\n" +
			"func provision(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {\n" +
			"\tprovisioned++\n\treturn nil\n}\n\nfunc main() {\n",
		suffix: "\tif provisioned != 2 {\n\t\tpanic(fmt.Sprint(\"provision ran \", provisioned, \" times, want 2: once per delivery id\"))\n\t}\n}\n",
		run:    true,
	},
}

// readmeBlock is one fenced block of README.md with the name of the
// comment before it.
type readmeBlock struct {
	kind, name, code string
	line             int
}

// readmeBlocks returns the fenced blocks of README.md of the given kind
// ("go", "" for none).
func readmeBlocks(t *testing.T, kind string) []readmeBlock {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	fence := regexp.MustCompile("(?ms)(?:^<!-- (?:compile|check): ([^ ]+) -->\n)?^```([a-z]*)\n(.*?)^```$")
	var blocks []readmeBlock
	for _, m := range fence.FindAllSubmatchIndex(readme, -1) {
		b := readmeBlock{kind: string(readme[m[4]:m[5]]), code: string(readme[m[6]:m[7]]), line: 1 + bytes.Count(readme[:m[0]], []byte("\n"))}
		if m[2] >= 0 {
			b.name = string(readme[m[2]:m[3]])
		}
		if b.kind == kind {
			blocks = append(blocks, b)
		}
	}
	return blocks
}

// codeCheck matches a README comment that states a status code, such as
// "// rec.Code == 204, and provision ran once".
var codeCheck = regexp.MustCompile(`(?m)^(\s*)// rec\.Code == (\d+)\b.*$`)

// TestReadmeGoSnippetsCompile compiles every Go block of README.md: a
// whole program as it is, and a fragment inside the wrapper that its
// comment names, running those whose wrapper says so; a fragment without
// a wrapper fails the test, so that no snippet goes unchecked.
func TestReadmeGoSnippetsCompile(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the snippets with:", err)
	}
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	programs := map[string]string{} // package directory: source
	fragments := map[string]string{}
	var names []string
	for i, b := range readmeBlocks(t, "go") {
		switch {
		case strings.HasPrefix(b.code, "package main\n"):
			programs[fmt.Sprintf("program%d", i)] = b.code
		case strings.HasPrefix(b.name, "examples/"):
			// Code of a nested module, which imports what this module
			// does not require: that module's test checks the block.
			if _, err := os.Stat(filepath.Join(b.name, "go.mod")); err != nil {
				t.Errorf("README.md:%d: %s is not a nested module to check the block: %v", b.line, b.name, err)
			}
		case b.name == "":
			t.Errorf("README.md:%d: a Go fragment without a <!-- compile: NAME --> comment before it", b.line)
		default:
			if _, ok := snippetWrappers[b.name]; !ok {
				t.Errorf("README.md:%d: no wrapper named %q", b.line, b.name)
				continue
			}
			if _, seen := fragments[b.name]; !seen {
				names = append(names, b.name)
			}
			fragments[b.name] += b.code
		}
	}
	for _, name := range names {
		w := snippetWrappers[name]
		var src strings.Builder
		src.WriteString("package main\n\nimport (\n")
		imports := w.imports
		if w.run {
			imports = append(slices.Clone(imports), "fmt")
		}
		for _, imp := range imports {
			fmt.Fprintf(&src, "\t%q\n", imp)
		}
		src.WriteString(")\n\n" + w.prefix)
		src.WriteString(codeCheck.ReplaceAllString(fragments[name],
			`${1}if rec.Code != ${2} {`+"\n"+`${1}	panic(fmt.Sprint("status ", rec.Code, ", the README says ${2}"))`+"\n"+`${1}}`))
		src.WriteString(w.suffix)
		programs[name] = src.String()
	}
	if len(programs) < 2 {
		t.Fatalf("README.md: %d Go snippets found, want the receiver and the fragments", len(programs))
	}

	dir := t.TempDir()
	overlay := map[string]map[string]string{"Replace": {}}
	var pkgs []string
	for name, src := range programs {
		file := filepath.Join(dir, name+".go")
		if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		pkg := "./internal/readmesnippets/" + name
		overlay["Replace"][filepath.Join(root, pkg, "main.go")] = file
		pkgs = append(pkgs, pkg)
	}
	slices.Sort(pkgs)
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, mustJSON(t, overlay), 0o600); err != nil {
		t.Fatal(err)
	}
	// With two or more packages, go build compiles them and discards the
	// results.
	if out, err := exec.Command(goTool, append([]string{"build", "-overlay", overlayFile}, pkgs...)...).CombinedOutput(); err != nil {
		t.Fatalf("README snippets do not compile: %v\n%s\nprograms:\n%s", err, out, numbered(programs))
	}
	for _, name := range names {
		if !snippetWrappers[name].run {
			continue
		}
		if out, err := exec.Command(goTool, "run", "-overlay", overlayFile, "./internal/readmesnippets/"+name).CombinedOutput(); err != nil {
			t.Errorf("README snippet %q fails: %v\n%s\n%s", name, err, out, programs[name])
		}
	}
}

// numbered lists programs with line numbers, for compiler messages.
func numbered(programs map[string]string) string {
	var b strings.Builder
	for name, src := range programs {
		fmt.Fprintf(&b, "== %s\n", name)
		for i, line := range strings.Split(src, "\n") {
			fmt.Fprintf(&b, "%4d  %s\n", i+1, line)
		}
	}
	return b.String()
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadmeGoMod checks the go.mod lines that README.md gives for using
// the modules from a clone: a require and a replace for the core and for
// every nested module a user imports, each replace pointing at the
// module's directory in the clone.
func TestReadmeGoMod(t *testing.T) {
	var block *readmeBlock
	for _, b := range readmeBlocks(t, "") {
		if b.name == "go.mod" {
			block = &b
		}
	}
	if block == nil {
		t.Fatal("README.md has no block after <!-- check: go.mod -->")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to read go.mod with:", err)
	}
	file := filepath.Join(t.TempDir(), "go.mod")
	if err := os.WriteFile(file, []byte(block.code), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(goTool, "mod", "edit", "-json", file).CombinedOutput()
	if err != nil {
		t.Fatalf("README.md:%d: not a go.mod: %v\n%s", block.line, err, out)
	}
	var mod struct {
		Require []struct{ Path, Version string }
		Replace []struct{ Old, New struct{ Path string } }
	}
	if err := json.Unmarshal(out, &mod); err != nil {
		t.Fatal(err)
	}
	required := map[string]string{}
	for _, r := range mod.Require {
		required[r.Path] = r.Version
	}
	replaced := map[string]string{}
	for _, r := range mod.Replace {
		replaced[r.Old.Path] = r.New.Path
	}
	const clone = "../sdk-go"
	for _, dir := range []string{".", "webhook/pgstore"} {
		gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`(?m)^module (\S+)$`).FindSubmatch(gomod)
		if m == nil {
			t.Fatalf("%s/go.mod has no module line", dir)
		}
		path := string(m[1])
		assert.Equal(t, "v0.0.0", required[path], "README.md:%d: require of %s", block.line, path)
		assert.Equal(t, filepath.ToSlash(filepath.Join(clone, dir)), replaced[path], "README.md:%d: replace of %s", block.line, path)
	}
	assert.Len(t, replaced, 2, "README.md:%d: replaces", block.line)
}
