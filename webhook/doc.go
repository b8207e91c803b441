// Package webhook receives Clazar's webhook deliveries: it verifies each
// delivery's signature, parses its envelope, handles each delivery once,
// and passes each event to the handlers registered for its topic, with its
// metadata typed.
//
// A receiver:
//
//	func main() {
//		h, err := webhook.NewHandler(webhook.Options{
//			Secrets: []string{os.Getenv("CLAZAR_WEBHOOK_SECRET")}, // whsec_...
//		})
//		if err != nil {
//			log.Fatal(err)
//		}
//		webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.ContractCreated) error {
//			return provision(ctx, m.ProductCode, m.CustomerIdentifier)
//		})
//		webhook.On(h, func(ctx context.Context, e *event.Event, m *gcp.MeteringSubmissionFailed) error {
//			return alertBilling(ctx, m.EntitlementID, m.Dimension, m.Quantity)
//		})
//		h.OnTopic("*.contract.*", func(ctx context.Context, e *event.Event) error {
//			d, _ := webhook.FromContext(ctx)
//			return audit(ctx, d.ID, e.Topic, d.Body)
//		})
//		http.Handle("/webhooks/clazar", h)
//		log.Fatal(http.ListenAndServe(":8080", nil))
//	}
//
// Importing this package imports the packages aws, azure and gcp, so that
// every documented topic is known and its metadata typed.
//
// # Verification
//
// A Verifier checks a delivery's signature. The default scheme, SchemeSvix,
// is Svix's, which Standard Webhooks calls v1 and which Clazar's webhook
// endpoints appear to use: the headers svix-id, svix-timestamp and
// svix-signature (or their webhook-* equivalents), an HMAC-SHA256 of
// "<id>.<timestamp>.<body>" with a "whsec_" secret, and a timestamp within
// five minutes of the receiver's clock. Give the previous secret along with
// the current one while rotating. SchemeEd25519 (Standard Webhooks v1a),
// SchemeClazar (X-Clazar-Signature), SchemeHeader (a static secret in a
// custom header) and SchemeBasic (HTTP Basic credentials) are selected with
// NewVerifierWith and passed to the Handler in Options.Verifier. Verification fails closed: a Verifier needs
// a secret, and accepting unsigned deliveries takes the option
// VerifierOptions.InsecureSkipVerify.
//
// # Amazon EventBridge
//
// The same Handler receives AWS Marketplace's own events from an Amazon
// EventBridge rule whose target is an API destination: event.Parse reads
// an EventBridge body, so its detail types dispatch like Clazar topics,
// such as webhook.On(h, func(ctx, e, m *aws.LicenseUpdatedManufacturer)
// error) or h.OnTopic("aws.agreement_marketplace.*", ...), and its
// idempotency key is the event's id, which EventBridge keeps across
// retries. An API destination's connection authenticates in one of three
// ways:
//
//   - API key: the connection adds a header of your choosing; verify it
//     with SchemeHeader and that Header.
//   - Basic: verify it with SchemeBasic, Username and the password in
//     Secrets (two passwords while rotating).
//   - OAuth client credentials: EventBridge fetches a token from your own
//     authorization server and sends it as "Authorization: Bearer
//     <token>". The SDK does not validate tokens. A token that does not
//     change can be compared with SchemeHeader, Header "Authorization" and
//     the secret "Bearer <token>"; otherwise validate the token in
//     middleware in front of the Handler and give the Handler a Verifier
//     with InsecureSkipVerify, which then trusts that middleware.
//
// # Other transports
//
// Handle is the entry point of a transport other than HTTP: it takes a
// Message (a body, and headers to verify or a flag saying the transport
// authenticated the sender) through steps 3 to 9 below and returns a
// Result with the status code ServeHTTP would answer, so that the
// transport can decide, with Result.Retry, what to redeliver. The module
// github.com/clazarevents/sdk-go/webhook/lambdawebhook uses it to receive
// EventBridge events in AWS Lambda, directly or through SQS.
//
// # Handling
//
// The Handler takes each request through these steps, in order, and stops
// at the first that fails, so that nothing of an unverified body is read:
//
//  1. The method must be POST.
//  2. The body is read once, up to Options.MaxBodyBytes.
//  3. The signature is verified over the exact bytes received.
//  4. The body is parsed as an event envelope (event.Parse).
//  5. The handlers whose topic or pattern matches are found (On and
//     OnTopic). If none does, the OnUnhandled handlers are the ones that
//     run; without those, the delivery is acknowledged and not recorded.
//  6. The delivery id is claimed in the Store. The id is the svix-id (or
//     webhook-id) header; for schemes without one, the envelope's id; and
//     for a delivery without either, "sha256:" and the hex SHA-256 of the
//     body, so that only an identical body counts as the same delivery. An
//     id longer than MaxDeliveryIDBytes never reaches the Store: a header's
//     is refused in step 3, an envelope's in step 4.
//  7. For topics with a typed handler (On), the metadata is decoded and
//     validated, once per delivery and metadata type. Topics handled only
//     by patterns (OnTopic) or as unhandled (OnUnhandled) are never
//     decoded, so a change in the shape of their metadata cannot make a
//     delivery fail.
//  8. The handlers run one after another, in the order they were
//     registered, with a context that carries the Delivery (FromContext)
//     and is cancelled when the claim lapses. The first error or panic
//     stops the delivery: later handlers do not run, the claim is released,
//     and the sender's retry runs every handler again. Handlers must
//     therefore be idempotent, as a delivery is handled at least once.
//  9. When every handler succeeded, the id is marked done in the Store, so
//     that duplicates are acknowledged without running handlers again.
//
// # Status codes
//
// The sender (Svix) retries every delivery not answered 2xx, over about 28
// hours. The Handler answers so that a retry comes exactly when it can
// succeed:
//
//	204 No Content         every matching handler succeeded; or no handler
//	                       matches the topic, and none is registered with
//	                       OnUnhandled; or the id was handled already
//	400 Bad Request        the verified body is not an event envelope, or
//	                       its id is longer than MaxDeliveryIDBytes
//	401 Unauthorized       verification failed, for any reason, including
//	                       an id header longer than MaxDeliveryIDBytes
//	405 Method Not Allowed the method is not POST (with Allow: POST)
//	409 Conflict           another request is handling the same id now
//	413 Content Too Large  the body is longer than MaxBodyBytes
//	422 Unprocessable      a typed handler is registered for the topic and
//	                       the metadata does not decode or validate; or a
//	                       handler's error wraps ErrUnprocessable
//	500 Internal Error     a handler returned an error or panicked
//	503 Unavailable        the Store failed; nothing was marked done
//
// Every answer other than 204 is logged and passed to Options.OnError as a
// *DeliveryError, which for 400, 409, 422, 500 and 503 holds the verified
// body and, once parsed, the event (for 401, 405 and 413 it holds neither,
// as the body was not verified): a delivery that cannot be handled is never
// dropped silently. A 400 or 422 fails again on every retry until the
// receiver changes, so its hook is where to keep the body for later.
//
// # Idempotency
//
// The Store records claims and completions. The default, a MemoryStore,
// suits one process; receivers running several replicas pass a shared
// Store, such as the PostgreSQL one in package
// github.com/clazarevents/sdk-go/webhook/pgstore. Two concurrent
// deliveries of one id run the handlers once: the second is answered 409
// and the sender retries it later, to find it done.
package webhook
