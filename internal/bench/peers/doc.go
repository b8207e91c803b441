// Package peers benchmarks the SDK against what a receiver of Clazar's
// webhooks would otherwise use, on identical inputs: the Svix Go library
// and the Standard Webhooks Go library for verification; for decoding,
// encoding/json into the SDK's typed structs with validator/v10 running the
// same tags ("std"), the same with goccy/go-json, and the two-step decode
// that aws-lambda-go's events package teaches (an envelope whose detail is
// json.RawMessage, then the detail into a typed struct); for serving, a
// hand-rolled net/http handler (Svix's Verify, std's decode and a map of
// handled ids), the floor of any verifying receiver (HMAC-SHA256 and
// json.Valid), a loopback load generator whose receivers each run in a
// child process and take turns, and the heap held per in-flight delivery
// and per remembered id.
//
// It is a module of its own so that the SDK's users never depend on the
// libraries it compares with. scripts/bench.sh runs it beside the core
// benchmarks and prints the ratios.
package peers
