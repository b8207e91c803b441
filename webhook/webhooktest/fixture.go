package webhooktest

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	clazarevents "github.com/clazarevents/sdk-go"
	"github.com/clazarevents/sdk-go/topics"
)

// Fixture returns the bundled delivery body of topic t: a realistic
// envelope, with metadata as Clazar documents it, as the repository's
// testdata/<marketplace>/<topic>.json holds it. Each call returns a new
// copy. It returns an error wrapping fs.ErrNotExist for a topic without a
// fixture.
func Fixture(t topics.Topic) ([]byte, error) {
	if !topics.ValidPattern(string(t)) || strings.Contains(string(t), "*") || strings.ContainsAny(string(t), "/\\") {
		return nil, fmt.Errorf("webhooktest: fixture of %q: %w", t, fs.ErrNotExist)
	}
	b, err := fs.ReadFile(clazarevents.Fixtures, "testdata/"+string(t.Marketplace())+"/"+string(t)+".json")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("webhooktest: no fixture for topic %q: %w", t, fs.ErrNotExist)
		}
		return nil, fmt.Errorf("webhooktest: fixture of %q: %w", t, err)
	}
	return b, nil
}

// MustFixture is like Fixture but panics if t has no fixture. It is for
// tests and examples of documented topics.
func MustFixture(t topics.Topic) []byte {
	b, err := Fixture(t)
	if err != nil {
		panic(err)
	}
	return b
}
