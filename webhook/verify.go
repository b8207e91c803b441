package webhook

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/clazarevents/sdk-go/internal/secret"
)

// Scheme selects how a Verifier authenticates a delivery. The zero Scheme
// is SchemeSvix.
type Scheme int

// The schemes a Verifier knows.
const (
	// SchemeSvix is Svix's scheme, which Standard Webhooks calls v1: the
	// headers svix-id, svix-timestamp and svix-signature, or, when any of
	// those is missing, webhook-id, webhook-timestamp and webhook-signature.
	// The signature header is a space-separated list of "v1,<base64>"
	// entries, each an HMAC-SHA256 of "<id>.<timestamp>.<body>"; one match
	// with one secret suffices. Secrets are "whsec_" followed by base64.
	SchemeSvix Scheme = iota

	// SchemeEd25519 is Standard Webhooks' asymmetric scheme, v1a: the same
	// headers and signed content as SchemeSvix, with "v1a,<base64>" entries
	// holding ed25519 signatures. Secrets are public keys: "whpk_" followed
	// by the base64 of the 32-byte key.
	SchemeEd25519

	// SchemeClazar is the HMAC that Clazar documents for its registration
	// requests: X-Clazar-Signature holds the HMAC-SHA256 of
	// "<timestamp>.<body>", in hex or base64, keyed with the secret's bytes
	// as they are; X-Clazar-Timestamp holds the timestamp in Unix seconds
	// (or milliseconds, read as such from 1e11 on, since the documentation
	// does not say which). Several signatures may be given, separated by
	// spaces.
	SchemeClazar

	// SchemeHeader compares a static shared secret, which the sender puts
	// in the header VerifierOptions.Header (a Clazar endpoint's custom
	// header), with each secret, in constant time. It signs neither the body
	// nor a timestamp, so it proves only that the sender knows the secret:
	// serve it over TLS only.
	SchemeHeader

	// SchemeBasic is HTTP Basic authentication, as an Amazon EventBridge
	// API destination's connection with the Basic authorization type
	// sends it: the Authorization header holds "Basic " and the base64 of
	// "<user>:<password>". The user must be VerifierOptions.Username and
	// the password one of the secrets; both are compared in constant time.
	// Like SchemeHeader it signs neither the body nor a timestamp: serve it
	// over TLS only.
	SchemeBasic
)

// String returns the scheme's name, such as "svix".
func (s Scheme) String() string {
	switch s {
	case SchemeSvix:
		return "svix"
	case SchemeEd25519:
		return "ed25519"
	case SchemeClazar:
		return "clazar"
	case SchemeHeader:
		return "header"
	case SchemeBasic:
		return "basic"
	}
	return "Scheme(" + strconv.Itoa(int(s)) + ")"
}

// DefaultTolerance is how far a signed timestamp may lie from the
// Verifier's clock, in either direction, unless VerifierOptions.Tolerance
// or Options.Tolerance says otherwise. It is what Svix's libraries use.
const DefaultTolerance = 5 * time.Minute

// VerifierOptions configure a Verifier. The zero value of each field means
// its documented default.
type VerifierOptions struct {
	// Scheme is the signing scheme. The default is SchemeSvix.
	Scheme Scheme

	// Secrets are the secrets, or for SchemeEd25519 the public keys, that a
	// delivery may be signed with: give the current one and, while
	// rotating, the previous one. At least one is required, and none may be
	// empty, unless InsecureSkipVerify is set.
	//
	// For SchemeSvix a secret is the standard base64 of the key, with or
	// without its "=" padding, after an optional "whsec_" prefix, as Svix's
	// and Standard Webhooks' libraries read it; any other secret is refused
	// with ErrInvalidSecret, so that a mistyped secret fails here rather
	// than on every delivery. RawSecrets makes every secret raw bytes. For
	// SchemeClazar and SchemeHeader a secret's bytes are used as they are.
	Secrets []string

	// RawSecrets makes SchemeSvix use each secret's bytes as the HMAC key,
	// without decoding base64 and without removing a "whsec_" prefix: for a
	// key that a sender other than Svix shares as plain text.
	RawSecrets bool

	// Tolerance is how far a signed timestamp may lie from Now, in either
	// direction. The default is DefaultTolerance; a negative value is an
	// error. SchemeHeader signs no timestamp and ignores it.
	Tolerance time.Duration

	// Now returns the current time. The default is time.Now; tests set a
	// fixed clock.
	Now func() time.Time

	// Header names the header that holds the shared secret, for
	// SchemeHeader, which requires it; other schemes ignore it.
	Header string

	// Username is the user name of SchemeBasic, which requires it; the
	// passwords are Secrets. Other schemes ignore it.
	Username string

	// InsecureSkipVerify accepts every delivery without checking anything.
	// It is for local development behind a trusted proxy that verifies
	// deliveries itself; anyone who can reach the endpoint can forge
	// events. Secrets must then be empty.
	InsecureSkipVerify bool
}

// MaxDeliveryIDBytes bounds a delivery id: the svix-id or webhook-id
// header, or, for schemes without an id header, the envelope's id. The id
// is the Store's key, so a longer one is refused, with an error wrapping
// ErrDeliveryIDTooLong, before anything is stored: the Handler answers 401
// for a header and 400 for an envelope. Svix's message ids have 31 bytes.
const MaxDeliveryIDBytes = 256

// checkID refuses an id longer than MaxDeliveryIDBytes; name says where it
// was read.
func checkID(name, id string) error {
	if len(id) > MaxDeliveryIDBytes {
		return fmt.Errorf("%w: %s has %d bytes, more than %d", ErrDeliveryIDTooLong, name, len(id), MaxDeliveryIDBytes)
	}
	return nil
}

// Header names, in canonical form so that a lookup needs no allocation.
const (
	hSvixID          = "Svix-Id"
	hSvixTimestamp   = "Svix-Timestamp"
	hSvixSignature   = "Svix-Signature"
	hWebhookID       = "Webhook-Id"
	hWebhookTime     = "Webhook-Timestamp"
	hWebhookSig      = "Webhook-Signature"
	hClazarSignature = "X-Clazar-Signature"
	hClazarTimestamp = "X-Clazar-Timestamp"
)

// A Verifier checks that a delivery was signed by the sender. It is safe
// for concurrent use. Build one with NewVerifier for the default scheme, or
// NewVerifierWith for any other.
type Verifier struct {
	scheme    Scheme
	insecure  bool
	tolerance time.Duration
	now       func() time.Time
	header    string              // SchemeHeader: canonical header name
	macs      []*macKey           // SchemeSvix, SchemeClazar
	pubs      []ed25519.PublicKey // SchemeEd25519
	digests   [][sha256.Size]byte // SchemeHeader: SHA-256 of each secret; SchemeBasic: of each "<user>:<password>"
	msgs      sync.Pool           // SchemeEd25519: *[]byte buffers
}

// NewVerifier returns a Verifier for the default scheme, SchemeSvix, with
// the default tolerance and clock, that accepts a signature made with any
// of secrets. It is NewVerifierWith(VerifierOptions{Secrets: secrets}).
//
// It returns an error wrapping ErrEmptySecret if no secret is given or one
// is empty, and ErrInvalidSecret if a secret is not base64.
func NewVerifier(secrets ...string) (*Verifier, error) {
	return NewVerifierWith(VerifierOptions{Secrets: secrets})
}

// NewVerifierWith returns a Verifier configured by opts. Secrets are
// decoded here, once, so that Verify only computes and compares.
//
// It returns an error wrapping ErrEmptySecret if no secret is given or one
// is empty (and InsecureSkipVerify is not set), ErrInvalidSecret if one
// cannot be decoded, and a plain error for an unknown Scheme, a negative
// Tolerance, a SchemeHeader without a valid Header, a SchemeBasic without a
// Username or with one holding a colon, or secrets given with
// InsecureSkipVerify.
func NewVerifierWith(opts VerifierOptions) (*Verifier, error) {
	v := &Verifier{
		scheme:    opts.Scheme,
		insecure:  opts.InsecureSkipVerify,
		tolerance: opts.Tolerance,
		now:       opts.Now,
	}
	switch {
	case v.tolerance < 0:
		return nil, fmt.Errorf("webhook: negative Tolerance %s", v.tolerance)
	case v.tolerance == 0:
		v.tolerance = DefaultTolerance
	}
	if v.now == nil {
		v.now = time.Now
	}
	if opts.Scheme < SchemeSvix || opts.Scheme > SchemeBasic {
		return nil, fmt.Errorf("webhook: unknown %s", opts.Scheme)
	}
	if opts.InsecureSkipVerify {
		if len(opts.Secrets) > 0 {
			return nil, errors.New("webhook: InsecureSkipVerify with Secrets: choose one")
		}
		return v, nil
	}
	if len(opts.Secrets) == 0 {
		return nil, fmt.Errorf("%w: no secret given", ErrEmptySecret)
	}
	if opts.Scheme == SchemeHeader {
		if !validHeaderName(opts.Header) {
			return nil, fmt.Errorf("webhook: SchemeHeader needs a valid Header name, got %q", opts.Header)
		}
		v.header = textproto.CanonicalMIMEHeaderKey(opts.Header)
	}
	for i, s := range opts.Secrets {
		if s == "" {
			return nil, fmt.Errorf("%w: secret %d of %d", ErrEmptySecret, i+1, len(opts.Secrets))
		}
		switch opts.Scheme {
		case SchemeSvix:
			key := []byte(s)
			var err error
			if !opts.RawSecrets {
				key, err = secret.SvixKey(s)
			}
			if errors.Is(err, secret.ErrNoPrefix) {
				return nil, fmt.Errorf("%w: secret %d of %d: %w (for a key used as it is, set VerifierOptions.RawSecrets)", ErrInvalidSecret, i+1, len(opts.Secrets), err)
			}
			if err != nil {
				return nil, fmt.Errorf("%w: secret %d of %d: %w", ErrInvalidSecret, i+1, len(opts.Secrets), err)
			}
			if len(key) == 0 {
				return nil, fmt.Errorf("%w: secret %d of %d decodes to no bytes", ErrEmptySecret, i+1, len(opts.Secrets))
			}
			v.macs = append(v.macs, newMACKey(key))
		case SchemeClazar:
			v.macs = append(v.macs, newMACKey([]byte(s)))
		case SchemeEd25519:
			pub, err := publicKey(s)
			if err != nil {
				return nil, fmt.Errorf("%w: key %d of %d: %w", ErrInvalidSecret, i+1, len(opts.Secrets), err)
			}
			v.pubs = append(v.pubs, pub)
		case SchemeHeader:
			v.digests = append(v.digests, sha256.Sum256([]byte(s)))
		case SchemeBasic:
			d, err := basicDigest(opts.Username, s)
			if err != nil {
				return nil, err
			}
			v.digests = append(v.digests, d)
		}
	}
	return v, nil
}

// publicKey decodes a "whpk_" public key.
func publicKey(s string) (ed25519.PublicKey, error) {
	if strings.HasPrefix(s, "whsk_") {
		return nil, errors.New("a whsk_ secret key was given: give the whpk_ public key")
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, "whpk_"))
	if err != nil {
		return nil, errors.New("public key is not base64")
	}
	if len(key) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("public key has %d bytes, want %d", len(key), ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(key), nil
}

// validHeaderName reports whether name is a non-empty HTTP token.
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// macKey holds one HMAC key and a pool of hash states keyed with it, so
// that verifying allocates nothing once warm.
type macKey struct {
	pool sync.Pool
}

type macState struct {
	h   hash.Hash
	buf []byte // "<id>.<timestamp>." before the body
	sum [sha256.Size]byte
}

// maxPooledPrefix bounds the prefix buffer a pooled state keeps.
const maxPooledPrefix = 512

func newMACKey(key []byte) *macKey {
	key = append([]byte(nil), key...)
	k := new(macKey)
	k.pool.New = func() any {
		return &macState{h: hmac.New(sha256.New, key), buf: make([]byte, 0, 64)}
	}
	return k
}

// sum sets dst to the HMAC of "<id>.<ts>.<body>", or of "<ts>.<body>" when
// id is empty.
func (k *macKey) sum(dst *[sha256.Size]byte, id, ts string, body []byte) {
	st := k.pool.Get().(*macState)
	st.h.Reset()
	b := st.buf[:0]
	if id != "" {
		b = append(b, id...)
		b = append(b, '.')
	}
	b = append(b, ts...)
	b = append(b, '.')
	st.h.Write(b)
	st.h.Write(body)
	copy(dst[:], st.h.Sum(st.sum[:0]))
	if cap(b) <= maxPooledPrefix {
		st.buf = b
	}
	k.pool.Put(st)
}

// attempt is what verification learnt of a delivery.
type attempt struct {
	id string    // the id header, or "" if the request has none
	ts time.Time // the signed timestamp, or zero if the scheme signs none
}

// Verify checks that body, with the request headers h, was signed with one
// of the Verifier's secrets and, for schemes that sign a timestamp, that
// the timestamp lies within the tolerance. body must be the request body
// exactly as received: re-encoded JSON does not verify.
//
// A signature header sent in several lines is read as one list: every
// entry of every line is considered, up to 16 well-formed entries in all.
//
// It returns nil, or an error wrapping one of ErrMissingHeaders,
// ErrMalformedHeader, ErrDeliveryIDTooLong, ErrTimestampTooOld,
// ErrTimestampTooNew or ErrNoMatchingSignature, whose message says which
// check failed but never holds a secret or an expected signature.
func (v *Verifier) Verify(h http.Header, body []byte) error {
	_, err := v.verify(h, body)
	return err
}

func (v *Verifier) verify(h http.Header, body []byte) (attempt, error) {
	if v.insecure {
		return idHeader(h)
	}
	switch v.scheme {
	case SchemeSvix, SchemeEd25519:
		return v.verifyStandard(h, body)
	case SchemeClazar:
		return v.verifyClazar(h, body)
	case SchemeBasic:
		return v.verifyBasic(h)
	default:
		return v.verifyHeader(h)
	}
}

// first returns the first value of the header with canonical name key, as
// h.Get does, without canonicalising key again.
func first(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// hasValue reports whether the header with canonical name key has a
// non-empty line.
func hasValue(h http.Header, key string) bool {
	for _, line := range h[key] {
		if line != "" {
			return true
		}
	}
	return false
}

// idHeader returns the attempt of a scheme that signs no id: the svix-id
// or webhook-id header, if any, as the delivery id.
func idHeader(h http.Header) (attempt, error) {
	name, id := "svix-id", first(h, hSvixID)
	if id == "" {
		name, id = "webhook-id", first(h, hWebhookID)
	}
	if err := checkID(name, id); err != nil {
		return attempt{}, err
	}
	return attempt{id: id}, nil
}

// maxSigEntries bounds the signature entries read from one header, so that
// a header of a megabyte of entries costs little.
const maxSigEntries = 16

func (v *Verifier) verifyStandard(h http.Header, body []byte) (attempt, error) {
	id, ts, sig := first(h, hSvixID), first(h, hSvixTimestamp), h[hSvixSignature]
	idName, tsName, sigName := "svix-id", "svix-timestamp", "svix-signature"
	if id == "" || ts == "" || !hasValue(h, hSvixSignature) {
		wid, wts := first(h, hWebhookID), first(h, hWebhookTime)
		if wid == "" || wts == "" || !hasValue(h, hWebhookSig) {
			return attempt{}, missingStandard(h)
		}
		id, ts, sig = wid, wts, h[hWebhookSig]
		idName, tsName, sigName = "webhook-id", "webhook-timestamp", "webhook-signature"
	}
	if err := checkID(idName, id); err != nil {
		return attempt{}, err
	}
	t, err := v.checkTimestamp(tsName, ts, false)
	if err != nil {
		return attempt{}, err
	}
	if v.scheme == SchemeEd25519 {
		err = v.matchEd25519(sigName, sig, id, ts, body)
	} else {
		err = v.matchHMAC(sigName, sig, id, ts, body)
	}
	if err != nil {
		return attempt{}, err
	}
	return attempt{id: id, ts: t}, nil
}

// missingStandard names the headers missing from the set the request uses,
// or from both sets if it uses neither.
func missingStandard(h http.Header) error {
	set := func(names ...string) (missing []string, present bool) {
		for _, n := range names {
			if !hasValue(h, n) {
				missing = append(missing, strings.ToLower(n))
			} else {
				present = true
			}
		}
		return missing, present
	}
	svix, anySvix := set(hSvixID, hSvixTimestamp, hSvixSignature)
	std, anyStd := set(hWebhookID, hWebhookTime, hWebhookSig)
	switch {
	case anySvix:
		return fmt.Errorf("%w: %s", ErrMissingHeaders, strings.Join(svix, ", "))
	case anyStd:
		return fmt.Errorf("%w: %s", ErrMissingHeaders, strings.Join(std, ", "))
	}
	return fmt.Errorf("%w: %s (or %s)", ErrMissingHeaders, strings.Join(svix, ", "), strings.Join(std, ", "))
}

// checkTimestamp reads the timestamp header value s and checks it against
// the tolerance. millis allows Unix milliseconds, told by magnitude.
func (v *Verifier) checkTimestamp(name, s string, millis bool) (time.Time, error) {
	n, ok := parseDigits(s)
	if !ok {
		return time.Time{}, fmt.Errorf("%w: %s %s is not a Unix time in seconds", ErrMalformedHeader, name, clip(s))
	}
	var t time.Time
	if millis && n >= 1e11 {
		t = time.UnixMilli(n)
	} else {
		t = time.Unix(n, 0)
	}
	now := v.now()
	switch d := now.Sub(t); {
	case d > v.tolerance:
		return t, fmt.Errorf("%w: %s is %s before now, beyond the tolerance of %s", ErrTimestampTooOld, name, d.Truncate(time.Second), v.tolerance)
	case d < -v.tolerance:
		return t, fmt.Errorf("%w: %s is %s after now, beyond the tolerance of %s", ErrTimestampTooNew, name, (-d).Truncate(time.Second), v.tolerance)
	}
	return t, nil
}

// parseDigits reads a non-negative decimal integer of at most 18 digits.
func parseDigits(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// clip quotes a header value for an error message, cut to a short length.
func clip(s string) string {
	const max = 40
	if len(s) > max {
		return strconv.Quote(s[:max]) + "..."
	}
	return strconv.Quote(s)
}

// entries iterates over the space-separated entries of a header's lines,
// as if the lines were one list.
type entries struct {
	lines []string // the lines after rest
	rest  string   // what is left of the current line
}

// next returns the next non-empty entry.
func (it *entries) next() (string, bool) {
	for {
		if it.rest == "" {
			if len(it.lines) == 0 {
				return "", false
			}
			it.rest, it.lines = it.lines[0], it.lines[1:]
			continue
		}
		var entry string
		entry, it.rest, _ = strings.Cut(it.rest, " ")
		if entry != "" {
			return entry, true
		}
	}
}

// sigBufLen holds any signature up to an ed25519 one, as base64.Decode may
// write up to DecodedLen of its input.
const (
	maxSigB64 = 88 // base64 of 64 bytes
	sigBufLen = 66 // StdEncoding.DecodedLen(maxSigB64)
)

// strictBase64 decodes signatures only in their canonical form, as the
// senders' libraries write them and compare them.
var strictBase64 = base64.StdEncoding.Strict()

// A signatures iterates over the entries of one version in a signature
// header's space-separated list of "<version>,<base64>" entries, in all of
// its lines, decoding each into a caller's buffer. It looks at
// maxSigEntries well-formed entries at most, and counts what it saw for
// noMatch.
type signatures struct {
	entries
	version    string
	size       int // the decoded size of a signature of this version
	wellFormed int // entries of the form <version>,<value>
	checked    int // entries of this version
}

// next decodes the next signature of the version into buf, skipping
// entries of other versions and values that do not decode to size bytes.
func (it *signatures) next(buf *[sigBufLen]byte) ([]byte, bool) {
	for it.wellFormed < maxSigEntries {
		entry, ok := it.entries.next()
		if !ok {
			break
		}
		version, value, ok := strings.Cut(entry, ",")
		if !ok || version == "" || value == "" {
			continue
		}
		it.wellFormed++
		if version != it.version {
			continue
		}
		it.checked++
		if len(value) > maxSigB64 {
			continue
		}
		n, err := strictBase64.Decode(buf[:], []byte(value))
		if err == nil && n == it.size {
			return buf[:n], true
		}
	}
	return nil, false
}

func (v *Verifier) matchHMAC(header string, lines []string, id, ts string, body []byte) error {
	var stack [2][sha256.Size]byte
	macs := stack[:0]
	for _, k := range v.macs {
		var m [sha256.Size]byte
		k.sum(&m, id, ts, body)
		macs = append(macs, m)
	}
	it := signatures{entries: entries{lines: lines}, version: "v1", size: sha256.Size}
	var buf [sigBufLen]byte
	for sig, ok := it.next(&buf); ok; sig, ok = it.next(&buf) {
		for i := range macs {
			if hmac.Equal(sig, macs[i][:]) {
				return nil
			}
		}
	}
	return noMatch(header, it.version, it.wellFormed, it.checked, len(v.macs))
}

func (v *Verifier) matchEd25519(header string, lines []string, id, ts string, body []byte) error {
	var msg []byte
	defer func() {
		if msg != nil && cap(msg) <= 1<<20 {
			v.msgs.Put(&msg)
		}
	}()
	it := signatures{entries: entries{lines: lines}, version: "v1a", size: ed25519.SignatureSize}
	var buf [sigBufLen]byte
	for sig, ok := it.next(&buf); ok; sig, ok = it.next(&buf) {
		if msg == nil {
			msg = v.signedContent(id, ts, body)
		}
		for _, pub := range v.pubs {
			if ed25519.Verify(pub, msg, sig) {
				return nil
			}
		}
	}
	return noMatch(header, it.version, it.wellFormed, it.checked, len(v.pubs))
}

// signedContent returns "<id>.<ts>.<body>" in a pooled buffer.
func (v *Verifier) signedContent(id, ts string, body []byte) []byte {
	var b []byte
	if p, ok := v.msgs.Get().(*[]byte); ok {
		b = (*p)[:0]
	}
	b = append(b, id...)
	b = append(b, '.')
	b = append(b, ts...)
	b = append(b, '.')
	return append(b, body...)
}

func noMatch(header, version string, wellFormed, checked, keys int) error {
	switch {
	case wellFormed == 0:
		return fmt.Errorf("%w: %s holds no <version>,<signature> entry", ErrMalformedHeader, header)
	case checked == 0:
		return fmt.Errorf("%w: %s holds no %s signature", ErrNoMatchingSignature, header, version)
	}
	return fmt.Errorf("%w: %d %s signature(s) in %s checked against %d key(s)", ErrNoMatchingSignature, checked, version, header, keys)
}

func (v *Verifier) verifyClazar(h http.Header, body []byte) (attempt, error) {
	hasSig, ts := hasValue(h, hClazarSignature), first(h, hClazarTimestamp)
	if !hasSig || ts == "" {
		var missing []string
		if !hasSig {
			missing = append(missing, "x-clazar-signature")
		}
		if ts == "" {
			missing = append(missing, "x-clazar-timestamp")
		}
		return attempt{}, fmt.Errorf("%w: %s", ErrMissingHeaders, strings.Join(missing, ", "))
	}
	t, err := v.checkTimestamp("x-clazar-timestamp", ts, true)
	if err != nil {
		return attempt{}, err
	}
	var stack [2][sha256.Size]byte
	macs := stack[:0]
	for _, k := range v.macs {
		var m [sha256.Size]byte
		k.sum(&m, "", ts, body)
		macs = append(macs, m)
	}
	wellFormed := 0
	for it := (entries{lines: h[hClazarSignature]}); wellFormed < maxSigEntries; {
		entry, ok := it.next()
		if !ok {
			break
		}
		var buf [sigBufLen]byte
		n, ok := decodeMAC(&buf, entry)
		if !ok {
			continue
		}
		wellFormed++
		for i := range macs {
			if hmac.Equal(buf[:n], macs[i][:]) {
				return attempt{ts: t}, nil
			}
		}
	}
	if wellFormed == 0 {
		return attempt{}, fmt.Errorf("%w: x-clazar-signature holds no hex or base64 HMAC-SHA256", ErrMalformedHeader)
	}
	return attempt{}, fmt.Errorf("%w: %d signature(s) in x-clazar-signature checked against %d key(s)", ErrNoMatchingSignature, wellFormed, len(v.macs))
}

// decodeMAC decodes a 32-byte MAC written in hex (64 digits of either
// case) or base64 (standard or URL alphabet, padded or not) into buf.
func decodeMAC(buf *[sigBufLen]byte, s string) (int, bool) {
	switch len(s) {
	case 2 * sha256.Size:
		for i := 0; i < sha256.Size; i++ {
			hi, ok1 := fromHex(s[2*i])
			lo, ok2 := fromHex(s[2*i+1])
			if !ok1 || !ok2 {
				return 0, false
			}
			buf[i] = hi<<4 | lo
		}
		return sha256.Size, true
	case 43, 44:
		for _, enc := range [...]*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
			if n, err := enc.Decode(buf[:], []byte(s)); err == nil && n == sha256.Size {
				return n, true
			}
		}
	}
	return 0, false
}

func fromHex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// verifyHeader compares each line of the secret's header, up to
// maxSigEntries of them, with every secret.
func (v *Verifier) verifyHeader(h http.Header) (attempt, error) {
	if !hasValue(h, v.header) {
		return attempt{}, fmt.Errorf("%w: %s", ErrMissingHeaders, strings.ToLower(v.header))
	}
	lines := h[v.header]
	lines = lines[:min(len(lines), maxSigEntries)]
	match := false
	for _, got := range lines {
		d := sha256.Sum256([]byte(got))
		for i := range v.digests {
			if hmac.Equal(d[:], v.digests[i][:]) {
				match = true
			}
		}
	}
	if !match {
		return attempt{}, fmt.Errorf("%w: %s matches none of %d secret(s)", ErrNoMatchingSignature, strings.ToLower(v.header), len(v.digests))
	}
	return idHeader(h)
}

// hAuthorization is the canonical name of the header of SchemeBasic.
const hAuthorization = "Authorization"

// basicDigest is the SHA-256 of the credentials "<user>:<password>" that
// SchemeBasic compares with.
func basicDigest(user, password string) ([sha256.Size]byte, error) {
	if user == "" || strings.IndexByte(user, ':') >= 0 {
		return [sha256.Size]byte{}, fmt.Errorf("webhook: SchemeBasic needs a Username without a colon, got %q", user)
	}
	return sha256.Sum256([]byte(user + ":" + password)), nil
}

// maxBasicCredentials bounds the Authorization value that SchemeBasic
// decodes: far more than any user name and password an API destination
// sends.
const maxBasicCredentials = 4096

// verifyBasic checks HTTP Basic credentials. The digest of what the
// request sends is compared with every secret's, so the time taken does
// not tell which one, or how much of it, matched.
func (v *Verifier) verifyBasic(h http.Header) (attempt, error) {
	got := first(h, hAuthorization)
	if got == "" {
		return attempt{}, fmt.Errorf("%w: authorization", ErrMissingHeaders)
	}
	scheme, credentials, ok := strings.Cut(got, " ")
	if !ok || !strings.EqualFold(scheme, "Basic") || len(credentials) > maxBasicCredentials {
		return attempt{}, fmt.Errorf("%w: authorization is not Basic credentials", ErrMalformedHeader)
	}
	decoded, err := base64.StdEncoding.DecodeString(strings.TrimSpace(credentials))
	if err != nil || !strings.Contains(string(decoded), ":") {
		return attempt{}, fmt.Errorf("%w: authorization holds no base64 of <user>:<password>", ErrMalformedHeader)
	}
	d := sha256.Sum256(decoded)
	match := false
	for i := range v.digests {
		if hmac.Equal(d[:], v.digests[i][:]) {
			match = true
		}
	}
	if !match {
		return attempt{}, fmt.Errorf("%w: Basic credentials match none of %d password(s)", ErrNoMatchingSignature, len(v.digests))
	}
	return attempt{}, nil
}
