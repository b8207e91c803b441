package webhook

// The marketplace packages register their topics when imported, so that a
// receiver built on this package knows every documented topic and types its
// metadata.
import (
	_ "github.com/clazarevents/sdk-go/aws"
	_ "github.com/clazarevents/sdk-go/azure"
	_ "github.com/clazarevents/sdk-go/gcp"
)
