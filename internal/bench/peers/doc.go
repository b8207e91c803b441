// Package peers benchmarks the SDK against the libraries a receiver of
// Clazar's webhooks would otherwise use, on identical inputs: the Svix Go
// library and the Standard Webhooks Go library for verification, and for
// decoding, the two-step decode that aws-lambda-go's events package
// teaches (an envelope whose detail is json.RawMessage, then the detail
// into a typed struct).
//
// It is a module of its own so that the SDK's users never depend on the
// libraries it compares with. scripts/bench.sh runs it beside the core
// benchmarks and prints the ratios.
package peers
