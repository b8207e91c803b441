package clazarevents_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

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
