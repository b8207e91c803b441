// Command clazar-events is a tool for developing receivers of Clazar's
// marketplace events on one machine: it lists the topics the SDK knows,
// checks delivery bodies, signs them, sends them to a receiver, runs a
// receiver that prints what it gets, and inspects how a sender spells and
// signs its deliveries.
//
// Usage:
//
//	clazar-events COMMAND [flags] [arguments]
//
// The commands:
//
//	topics [PATTERN...]
//	        Print the topic registry as a table: topic, Go type, origin,
//	        suborigin and summary. Patterns are read as topics.Match reads
//	        them ("aws.contract.*", "*.contract.renewed", "gcp.**"); a topic
//	        is listed if any pattern matches it.
//
//	validate [--strict] [--allow-unknown] FILE...|-
//	        Parse each file as a delivery, decode its metadata as its topic's
//	        Go type and validate it, and print one line per file:
//
//	          ok    contract.json  aws.contract.created  aws.ContractCreated
//	          FAIL  bad.json       aws.contract.created  metadata.product_code: required
//
//	        AWS Marketplace EventBridge events (objects with "detail-type")
//	        are read with aws.ParseEventBridge and their detail decoded.
//	        --strict rejects metadata keys the Go type does not know
//	        (Clazar deliveries only). A topic the SDK does not know is a
//	        failure, or with --allow-unknown a "skip" line.
//
//	sign [--secret S] [--id ID] [--timestamp UNIX] FILE|-
//	        Print the svix-id, svix-timestamp and svix-signature headers
//	        that sign the file's bytes, one "name: value" per line. The id
//	        defaults to a new random one, the timestamp to now.
//
//	send [--url URL] [--secret S] [--id ID] [--set KEY=VALUE]... [--timeout D] TOPIC|FILE|-
//	        Sign a delivery and POST it, printing the request line and the
//	        response's status and body. A TOPIC the SDK knows sends its
//	        bundled fixture with a new envelope id and the current time;
//	        anything else is read as a file. --set sets a top-level member
//	        of the metadata (VALUE is JSON if it parses as JSON, else a
//	        string). The URL defaults to http://127.0.0.1:8080/, where
//	        listen listens by default.
//
//	listen [--addr ADDR] [--secret S] [--print-json] [--lenient]
//	        Run a receiver (webhook.Handler) on ADDR, by default
//	        127.0.0.1:8080, and print "listening on http://HOST:PORT/" once
//	        it is bound. Without a secret from --secret or the environment,
//	        it makes a new one and prints it on the next line. It answers as
//	        a production receiver with a typed handler for every known topic
//	        would. Each delivery it accepts prints one line: the time it
//	        arrived, the delivery id, the topic, the metadata's Go type and
//	        its identifying fields (or the raw metadata for a topic the SDK
//	        does not know). Requests the Handler refuses print their status
//	        and error on standard error: among them 422 for metadata of a
//	        known topic that does not decode or validate, with every
//	        problem's JSON path. --lenient answers those 204 instead, as a
//	        receiver with pattern handlers only would, and prints the
//	        problems on the delivery's line. Interrupt (Ctrl-C) or SIGTERM
//	        stops it gracefully with exit status 0.
//
//	contracts [--json] FILE|-...
//	        Fold the stored deliveries in the files (each a JSON array of
//	        events or one event per line) into each buyer's contract state,
//	        as package contract does, and print one row per contract: key,
//	        status, plan, pending plan, quantity, entitlements, term end,
//	        last update and number of events. --json prints the states as a
//	        JSON array. Records that cannot be applied are reported on
//	        standard error, with exit status 1.
//
//	inspect [--addr ADDR] [--secret S] [--save DIR] [FILE...]
//	        Run a receiver on ADDR that rejects nothing, answering every
//	        request 204, and print for each the headers (secret-like values
//	        masked), which key each envelope field was read from, the
//	        timestamp's layout, the topic and its Go type, whether the
//	        metadata decodes and which of its keys the type does not know,
//	        and which schemes the secret verifies: Svix v1 with svix-* or
//	        webhook-* headers, v1a, X-Clazar-Signature in hex or base64, a
//	        static header. --save DIR writes each request to a file;
//	        inspect FILE... reports on saved requests, and validate
//	        accepts them.
//
//	help [COMMAND]
//	        Print the help of the tool or of a command. "COMMAND --help"
//	        does the same.
//
// To try a receiver, run listen in one terminal and send in another:
//
//	clazar-events listen                   # prints a new signing secret
//	clazar-events send --secret whsec_... aws.contract.created
//
// The signing secret of sign, send and listen is the value of --secret or,
// when the flag is not given, of the environment variable
// CLAZAR_WEBHOOK_SECRET: a "whsec_" secret, as webhook.NewVerifier reads
// it. Listen makes a new secret when neither is given. Flags may come
// before or after the arguments; "--" ends the flags.
//
// Help that was asked for goes to standard output; every error goes to
// standard error. The exit status is 0 on success, 1 when the command
// failed (a file that does not validate, a response that is not 2xx, a
// port that cannot be bound), and 2 for a usage error (an unknown command
// or flag, a missing argument, a missing or malformed secret, an invalid
// pattern).
package main
