// The Go retry helper: standard library only (Go 1.18+, generics), or on top of
// github.com/cenkalti/backoff (v4, or v5 and later). It implements docs/RETRY.md: the tables (codes,
// statuses, idempotent methods, not-processed answers, minimum waits, outcomes) are emitted from the
// RetryPlan, the rest is the same for every plan. The output is gofmt-clean. Pure.
import { codeRuleComment, commentText, dq, goDuration, headerLines, humanMs, wrapList, wrapWords } from '../emit';
import type { RetryPlan } from '../plan';

export function generateGoHelper(plan: RetryPlan, cenkalti?: { major: number }): { code: string; imports: string[] } {
  const limits = Object.keys(plan.attemptLimits).length > 0;
  const major = cenkalti ? Math.max(4, Math.floor(cenkalti.major)) : undefined;
  const note =
    major === undefined
      ? undefined
      : major === 4
        ? 'cenkalti/backoff (v4) runs the attempts: its BackOff waits what the helper decided, through the Sleep hook (a backoff Timer); the verdict and the waits come from the catalog.'
        : `cenkalti/backoff (v${major}) runs the attempts: its BackOff waits what the helper decided (v${major} keeps its timer private, so a Sleep hook is called from its Notify and backoff then waits 0); the verdict and the waits come from the catalog.`;
  const sections = [
    headerLines(plan, 97, note)
      .map((l) => `// ${l}`.trimEnd())
      .join('\n'),
    consts(plan),
    OPTIONS,
    FAILURE,
    RETRY_ERROR,
    API_ERROR,
    major === undefined ? standardMain() : major === 4 ? cenkaltiV4Main() : cenkaltiVNMain(major),
    DO_WITH,
    CALL,
    attemptFn(limits),
    backoffFn(plan),
    READ,
    BODY(plan),
    NETWORK,
    shouldRetry(plan),
    ...(limits ? [attemptLimit(plan)] : []),
    safeToRepeat(plan),
    minDelay(plan),
    outcomes(plan),
    ...(plan.honorRetryAfter ? [serverWait(plan)] : []),
  ];
  const paths = ['bytes', 'context', 'encoding/json', 'errors', 'fmt', 'io', 'math/rand', 'net', 'net/http', 'net/url', 'strings', 'syscall', 'time'];
  if (plan.honorRetryAfter || limits) paths.push('strconv');
  if (major !== undefined) paths.push(major === 4 ? 'github.com/cenkalti/backoff/v4' : `github.com/cenkalti/backoff/v${major}`);
  const imports = [...new Set(paths)].sort(goImportOrder).map((p) => `import ${dq(p)}`);
  return { code: `${sections.join('\n\n')}\n`, imports };
}

/** Standard library first, then the rest (goimports' grouping), each alphabetically. */
function goImportOrder(a: string, b: string): number {
  const ta = a.includes('.') ? 1 : 0;
  const tb = b.includes('.') ? 1 : 0;
  return ta - tb || (a < b ? -1 : a > b ? 1 : 0);
}

function consts(plan: RetryPlan): string {
  const p = plan.policy;
  const source = p.documented && p.fromApi ? 'as the API documents them' : "the extension's choice: the API documents none";
  const rows: [string, string, string][] = [
    ['errcodeMaxAttempts', String(p.maxAttempts), 'attempts in all, the first call included'],
    ['errcodeBaseDelay', goDuration(p.baseDelayMs), p.strategy === 'fixed' ? 'the wait between attempts' : 'the first backoff ceiling, doubled on every retry'],
    ['errcodeMaxDelay', goDuration(Math.round(p.capSeconds * 1000)), "the backoff's longest wait"],
    ['errcodeMaxWait', goDuration(Math.round((plan.maxWaitSeconds ?? 60) * 1000)), 'the longest server wait sat out'],
    ['errcodeGraphQL', String(plan.graphql ?? false), 'the API answers in GraphQL'],
  ];
  // gofmt aligns the `=` and the comments of consecutive specs.
  const nameW = Math.max(...rows.map((r) => r[0].length));
  const valueW = Math.max(...rows.map((r) => r[1].length));
  const lines = rows.map(([n, v, c]) => `\t${n.padEnd(nameW)} = ${v.padEnd(valueW)} // ${commentText(c)}`);
  const doc = wrapWords(
    `The backoff numbers (${source}). A server's wait is never cut: one longer than errcodeMaxWait (the extension's choice) ends the call as "rate-limited". With errcodeGraphQL, an answer with errors[] is a failure, even on HTTP 200.`,
    97,
  ).map((l) => `// ${l}`);
  return `${doc.join('\n')}\nconst (\n${lines.join('\n')}\n)`;
}

const OPTIONS = `// ErrcodeRetryOptions tunes WithErrcodeRetry; the zero value follows the catalog. Sleep, Rand and
// Now let tests run on a fake clock.
//
// The helper reads a returned *http.Response with a status of 400 or more, an *ErrcodeAPIError in
// the error chain and net/http's network errors. The usual
//
//	if resp.StatusCode >= 400 {
//		return nil, fmt.Errorf("HTTP %d", resp.StatusCode)
//	}
//
// hides the status: return the response itself (the last one comes back, its body still readable),
// return fmt.Errorf("...: %w", NewErrcodeAPIError(resp)), or pass a Classify that reads your error
// and returns an *ErrcodeFailure (its non-zero fields win over the built-in reading).
type ErrcodeRetryOptions struct {
	// Method is the request's HTTP method. Empty: read from the failure (resp.Request.Method,
	// *url.Error's Op). GET, HEAD, PUT, DELETE and OPTIONS are repeated; an unknown method is not.
	Method string
	// Idempotent says the request is safe to repeat (an idempotency key the server honours, a
	// GraphQL query sent as POST).
	Idempotent bool
	// MaxAttempts is the number of attempts in all, the first included; 0 or less: the catalog's.
	MaxAttempts int
	// MaxWait is the longest server wait (Retry-After) to sit out; a longer one ends the call at
	// once with an *ErrcodeRetryError of kind "rate-limited". 0 or less: errcodeMaxWait.
	MaxWait time.Duration
	// Classify reads a failure the built-in reading does not know; nil keeps the built-in reading.
	Classify func(result any, err error) *ErrcodeFailure
	// Reconcile is called on a "refetch and reconcile" answer (kind "reconcile"); what it
	// returns is what WithErrcodeRetry returns (a value of the operation's result type, or nil).
	Reconcile func(ctx context.Context, conflict *ErrcodeRetryError) (any, error)
	// OnRetry is called before each wait.
	OnRetry func(attempt int, wait time.Duration, failure *ErrcodeFailure)
	// Sleep waits; nil: a timer that stops when ctx is done.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand is uniform in [0, 1); nil: math/rand, seeded.
	Rand func() float64
	// Now is the clock the server's waits are read with; nil: time.Now.
	Now func() time.Time
}

func (o ErrcodeRetryOptions) withDefaults() ErrcodeRetryOptions {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = errcodeMaxAttempts
	}
	if o.MaxWait <= 0 {
		o.MaxWait = errcodeMaxWait
	}
	if o.Sleep == nil {
		o.Sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
				return nil
			}
		}
	}
	if o.Rand == nil {
		o.Rand = rand.New(rand.NewSource(time.Now().UnixNano())).Float64 // seeded on any Go version
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}`;

const FAILURE = `// ErrcodeFailure is what the helper read from a failed attempt. A Classify hook returns one for
// failures the built-in reading does not know.
type ErrcodeFailure struct {
	Status  int           // the HTTP status; 0 without an answer
	Code    string        // the error code (the body's code, errors[].extensions.code)
	Wait    time.Duration // the server's wait (Retry-After, a body field), when HasWait
	HasWait bool          // the server said how long to wait
	Network string        // "refused", "dns", "reset" or "timeout": a failure without an answer
	Method  string        // the request's method, when the failure records it

	response *http.Response
	err      error
	graphql  bool // a GraphQL answer with errors
	data     json.RawMessage
	errors   json.RawMessage
}`;

const RETRY_ERROR = `// ErrcodeRetryError ends a call with a distinct outcome. Kind is one of:
//   - "rate-limited": the server asks to wait longer than MaxWait; Until says until when.
//   - "already-done": a repeated request was answered with a code that says an earlier attempt
//     probably took effect (a start that already started).
//   - "reconcile": refetch the resource and reconcile your change with it (or pass Reconcile).
//   - "graphql-errors": a GraphQL answer with errors on a success status (HTTP 200); see Data and Errors.
type ErrcodeRetryError struct {
	Kind     string
	Err      error           // the failed attempt's error, if it returned one
	Response *http.Response  // the failed attempt's response, if any (its body still readable)
	Status   int             // the HTTP status; 0 without an answer
	Code     string          // the error code, if any
	Attempts int             // attempts made
	Until    time.Time       // rate-limited: when the server says to try again
	Data     json.RawMessage // graphql-errors: the answer's data
	Errors   json.RawMessage // graphql-errors: the answer's errors
}

func (e *ErrcodeRetryError) Error() string {
	what := fmt.Sprintf("HTTP %d", e.Status)
	if e.Code != "" {
		what = fmt.Sprintf("%s (HTTP %d)", e.Code, e.Status)
	}
	switch e.Kind {
	case "rate-limited":
		return fmt.Sprintf("%s: rate-limited until %s", what, e.Until.UTC().Format(time.RFC3339))
	case "already-done":
		return fmt.Sprintf("%s on a repeated request: an earlier attempt probably worked", what)
	case "reconcile":
		return fmt.Sprintf("%s: refetch the resource and reconcile the change with its state", what)
	case "graphql-errors":
		return fmt.Sprintf("%s: GraphQL errors: %s", what, e.Errors)
	}
	return fmt.Sprintf("%s: %s", what, e.Kind)
}

func (e *ErrcodeRetryError) Unwrap() error { return e.Err }`;

const API_ERROR = `// ErrcodeAPIError is a failed API call as WithErrcodeRetry reads it: return one from your operation
// (or wrap one with %w). NewErrcodeAPIError builds it from an *http.Response.
type ErrcodeAPIError struct {
	StatusCode int         // the HTTP status
	Header     http.Header // the response headers (Retry-After)
	Body       []byte      // the raw response body
}

func (e *ErrcodeAPIError) Error() string { return fmt.Sprintf("api error (HTTP %d)", e.StatusCode) }

// NewErrcodeAPIError reads resp's body (leaving a fresh copy in resp.Body).
func NewErrcodeAPIError(resp *http.Response) *ErrcodeAPIError {
	body := errcodeReadBody(resp)
	return &ErrcodeAPIError{StatusCode: resp.StatusCode, Header: resp.Header, Body: body}
}`;

const MAIN_DOC = `// WithErrcodeRetry calls op until it succeeds, fails in a way the catalog says not to retry or
// that is not safe to repeat, or runs out of attempts; then it returns what the last attempt
// returned (a failed *http.Response with its body still readable), or an *ErrcodeRetryError for
// the distinct outcomes. Errors it does not know (and a done ctx) return at once.`;

/** The helper's signature and its option defaults, the same with or without cenkalti/backoff. */
const SIGNATURE = `func WithErrcodeRetry[T any](
	ctx context.Context, op func(context.Context) (T, error), opts ...ErrcodeRetryOptions,
) (T, error) {
	c := errcodeNewCall(ctx, op, opts)`;

function standardMain(): string {
  return `${MAIN_DOC}
${SIGNATURE}
	for {
		wait, again := c.attempt()
		if !again {
			return c.result, c.err
		}
		if err := c.o.Sleep(ctx, wait); err != nil {
			var zero T
			return zero, err
		}
	}
}`;
}

function cenkaltiV4Main(): string {
  return `${MAIN_DOC}
// cenkalti/backoff runs the attempts; its Timer sleeps through ErrcodeRetryOptions.Sleep.
${SIGNATURE}
	b := &errcodeBackOff{}
	t := &errcodeTimer{ctx: ctx, sleep: c.o.Sleep, fired: make(chan time.Time, 1)}
	err := backoff.RetryNotifyWithTimer(func() error {
		if t.err != nil {
			return backoff.Permanent(t.err) // the Sleep hook failed: ctx is done
		}
		wait, again := c.attempt()
		if !again {
			return backoff.Permanent(errcodeDone)
		}
		b.next = wait
		return errcodeAgain
	}, backoff.WithContext(b, ctx), nil, t)
	var zero T
	switch {
	case errors.Is(err, errcodeDone) || errors.Is(err, errcodeAgain):
		return c.result, c.err
	case t.err != nil:
		return zero, t.err // as the Sleep hook returned it, whatever backoff wraps
	}
	return zero, err
}

${BACKOFF_TYPES}

// errcodeTimer is a backoff.Timer that waits through ErrcodeRetryOptions.Sleep.
type errcodeTimer struct {
	ctx   context.Context
	sleep func(context.Context, time.Duration) error
	fired chan time.Time
	err   error
}

func (t *errcodeTimer) Start(d time.Duration) {
	t.err = t.sleep(t.ctx, d)
	t.fired <- time.Now()
}

func (t *errcodeTimer) Stop() {}

func (t *errcodeTimer) C() <-chan time.Time { return t.fired }`;
}

function cenkaltiVNMain(major: number): string {
  return `${MAIN_DOC}
// cenkalti/backoff runs the attempts. v${major} keeps its timer private: when ErrcodeRetryOptions.Sleep
// is given, it is called from backoff's Notify and backoff then waits 0; without it, backoff's own
// timer waits. backoff's 15-minute limit on the whole call is off: the helper decides when to stop.
${SIGNATURE}
	b := &errcodeBackOff{}
	var sleepErr error
	retryOpts := []backoff.RetryOption{backoff.WithBackOff(b), backoff.WithMaxElapsedTime(0)}
	if len(opts) > 0 && opts[0].Sleep != nil {
		b.hooked = true
		retryOpts = append(retryOpts, backoff.WithNotify(func(error, time.Duration) {
			sleepErr = c.o.Sleep(ctx, b.next)
		}))
	}
	_, err := backoff.Retry(ctx, func() (T, error) {
		var zero T
		if sleepErr != nil {
			return zero, backoff.Permanent(sleepErr) // the Sleep hook failed: ctx is done
		}
		wait, again := c.attempt()
		if !again {
			return zero, backoff.Permanent(errcodeDone)
		}
		b.next = wait
		return zero, errcodeAgain
	}, retryOpts...)
	var zero T
	switch {
	case errors.Is(err, errcodeDone) || errors.Is(err, errcodeAgain):
		return c.result, c.err
	case sleepErr != nil:
		return zero, sleepErr // as the Sleep hook returned it, whatever backoff wraps
	}
	return zero, err
}

${BACKOFF_TYPES}`;
}

const BACKOFF_TYPES = `// errcodeDone and errcodeAgain tell backoff to stop (the call's result is decided) or to go on.
var (
	errcodeDone  = errors.New("errcode: done")
	errcodeAgain = errors.New("errcode: again")
)

// errcodeBackOff is a backoff.BackOff that waits what the helper decided after the last attempt.
type errcodeBackOff struct {
	next   time.Duration
	hooked bool // the Sleep hook waits instead
}

func (b *errcodeBackOff) NextBackOff() time.Duration {
	if b.hooked {
		return 0
	}
	return b.next
}

func (b *errcodeBackOff) Reset() { b.next = 0 }`;

const DO_WITH = `// DoWithErrcodeRetry is WithErrcodeRetry for operations that return only an error.
func DoWithErrcodeRetry(
	ctx context.Context, op func(context.Context) error, opts ...ErrcodeRetryOptions,
) error {
	_, err := WithErrcodeRetry(ctx, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, op(ctx)
	}, opts...)
	return err
}`;

const CALL = `// errcodeCall is one call of WithErrcodeRetry: its options, its attempts, and what it returns if it
// ends now.
type errcodeCall[T any] struct {
	ctx      context.Context
	op       func(context.Context) (T, error)
	o        ErrcodeRetryOptions
	attempts int
	reached  bool // an attempt may have reached the server (it was answered, reset or timed out)
	result   T
	err      error
}

func errcodeNewCall[T any](
	ctx context.Context, op func(context.Context) (T, error), opts []ErrcodeRetryOptions,
) *errcodeCall[T] {
	var o ErrcodeRetryOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	return &errcodeCall[T]{ctx: ctx, op: op, o: o.withDefaults()}
}

// end ends the call with a distinct outcome.
func (c *errcodeCall[T]) end(
	kind string, f *ErrcodeFailure, until time.Time,
) (time.Duration, bool) {
	var zero T
	c.result = zero
	c.err = &ErrcodeRetryError{
		Kind: kind, Err: f.err, Response: f.response, Status: f.Status, Code: f.Code,
		Attempts: c.attempts, Until: until, Data: f.data, Errors: f.errors,
	}
	return 0, false
}`;

function attemptFn(limits: boolean): string {
  const limit = limits
    ? `	limit := c.o.MaxAttempts
	if l := errcodeAttemptLimit(f); l < limit {
		limit = l
	}
`
    : `	limit := c.o.MaxAttempts
`;
  return `// attempt calls op once and decides, step by step as docs/RETRY.md says: again is true when the
// call goes on after wait; otherwise it ends with c.result and c.err.
func (c *errcodeCall[T]) attempt() (wait time.Duration, again bool) {
	c.attempts++
	c.result, c.err = c.op(c.ctx)
	if c.ctx.Err() != nil {
		return 0, false
	}
	f := errcodeRead(c.result, c.err, c.o)
	if f == nil {
		return 0, false // a success, or an error the helper does not know
	}
	repeated := c.reached
	c.reached = c.reached || (f.Network != "refused" && f.Network != "dns")

	// Distinct outcomes.
	if repeated && errcodeAlreadyDone(f.Code) {
		return c.end("already-done", f, time.Time{})
	}
	if errcodeReconcile(f.Status, f.Code) {
		c.end("reconcile", f, time.Time{})
		if c.o.Reconcile != nil {
			v, err := c.o.Reconcile(c.ctx, c.err.(*ErrcodeRetryError))
			c.result, c.err = errcodeAs[T](v, err)
		}
		return 0, false
	}

	// Retry or not, and is it safe to send again?
${limit}	if !errcodeShouldRetry(f.Status, f.Code, f.Network) || c.attempts >= limit || !c.safe(f) {
		if f.graphql && f.Status < 400 {
			return c.end("graphql-errors", f, time.Time{})
		}
		return 0, false // the last failure, as it is
	}

	// How long to wait: the server's wait (never cut), else the backoff; at least the minimum.
	wait = errcodeBackoff(c.attempts, c.o.Rand)
	if f.HasWait {
		if f.Wait > c.o.MaxWait {
			return c.end("rate-limited", f, c.o.Now().Add(f.Wait))
		}
		wait = f.Wait
	}
	if m := errcodeMinDelay(f.Status, f.Code); wait < m {
		wait = m
	}
	if c.o.OnRetry != nil {
		c.o.OnRetry(c.attempts, wait, f)
	}
	if f.response != nil && f.response.Body != nil {
		f.response.Body.Close() // it is retried: nobody reads it
	}
	return wait, true
}

// safe says whether the request may be sent again: an idempotent method, the caller says so, or the
// failure says the request was not processed.
func (c *errcodeCall[T]) safe(f *ErrcodeFailure) bool {
	method := c.o.Method
	if method == "" {
		method = f.Method
	}
	return c.o.Idempotent || errcodeIdempotent(strings.ToUpper(method)) || errcodeNotProcessed(f)
}

// errcodeAs hands back what the Reconcile hook returned, as the operation's result type.
func errcodeAs[T any](v any, err error) (T, error) {
	var zero T
	if v == nil {
		return zero, err
	}
	t, ok := v.(T)
	if !ok {
		return zero, fmt.Errorf("errcode: Reconcile returned a %T, not a %T", v, zero)
	}
	return t, err
}`;
}

function backoffFn(plan: RetryPlan): string {
  const p = plan.policy;
  const ceiling =
    p.strategy === 'fixed'
      ? `	ceiling := errcodeBaseDelay
	if ceiling > errcodeMaxDelay {
		ceiling = errcodeMaxDelay
	}`
      : `	ceiling := errcodeMaxDelay
	if attempt <= 20 && errcodeBaseDelay<<uint(attempt-1) < ceiling {
		ceiling = errcodeBaseDelay << uint(attempt-1)
	}`;
  const full = p.jitter === 'full';
  return `${goComment(
    `errcodeBackoff is the wait after failed attempt number attempt when the server gave none: ${
      full ? 'full jitter, a random wait in [0, ceiling]' : 'the ceiling'
    }; ${p.strategy === 'fixed' ? 'the ceiling is errcodeBaseDelay' : 'the ceiling doubles from errcodeBaseDelay up to errcodeMaxDelay'}.`,
  )}
func errcodeBackoff(attempt int, random func() float64) time.Duration {
${ceiling}
	${full ? 'return time.Duration(random() * float64(ceiling))' : 'return ceiling'}
}`;
}

const READ = `// errcodeRead reads a failed attempt: a returned *http.Response with a status of 400 or more (or,
// for a GraphQL API, any answer with errors), an *ErrcodeAPIError in the error chain, a network
// failure. It returns nil for a success or an error it does not know (unless Classify knows it).
func errcodeRead(result any, err error, o ErrcodeRetryOptions) *ErrcodeFailure {
	f := &ErrcodeFailure{err: err}
	var header http.Header
	var body []byte
	if resp, ok := result.(*http.Response); ok && resp != nil && err == nil {
		f.response, f.Status, header = resp, resp.StatusCode, resp.Header
		if resp.Request != nil {
			f.Method = resp.Request.Method
		}
		if resp.StatusCode >= 400 || errcodeGraphQL {
			body = errcodeReadBody(resp)
		}
	}
	var apiErr *ErrcodeAPIError
	var urlErr *url.Error
	if errors.As(err, &apiErr) {
		f.Status, header, body = apiErr.StatusCode, apiErr.Header, apiErr.Body
	} else if err != nil {
		f.Network = errcodeNetwork(err)
	}
	if f.Method == "" && errors.As(err, &urlErr) {
		f.Method = strings.ToUpper(urlErr.Op) // "Get", "Post", ...
	}
	errcodeReadAnswer(f, header, body, o.Now())
	failed := f.Status >= 400 || f.Network != "" || f.graphql
	if o.Classify != nil {
		if k := o.Classify(result, err); k != nil {
			failed = true
			if k.Status != 0 {
				f.Status = k.Status
			}
			if k.Code != "" {
				f.Code = k.Code
			}
			if k.HasWait {
				f.Wait, f.HasWait = k.Wait, true
			}
			if k.Network != "" {
				f.Network = k.Network
			}
			if k.Method != "" {
				f.Method = k.Method
			}
		}
	}
	if !failed {
		return nil
	}
	return f
}

// errcodeReadBody reads resp's body and puts a reader of the same bytes in its place, so the caller
// can still read it.
func errcodeReadBody(resp *http.Response) []byte {
	if resp.Body == nil {
		return nil
	}
	body, _ := io.ReadAll(resp.Body) // what could be read: a broken body still has its first bytes
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return body
}`;

function BODY(plan: RetryPlan): string {
  const wait = plan.honorRetryAfter
    ? `
	if wait, ok := errcodeServerWait(header, body, now); ok {
		f.Wait, f.HasWait = wait, true
	}`
    : '';
  return `// errcodeReadAnswer reads the error code${plan.honorRetryAfter ? ", the server's wait" : ''} and the GraphQL errors of an answer.
func errcodeReadAnswer(f *ErrcodeFailure, header http.Header, body []byte, now time.Time) {
	var answer struct {
		Code   any             \`json:"code"\`
		Data   json.RawMessage \`json:"data"\`
		Errors json.RawMessage \`json:"errors"\`
	}
	_ = json.Unmarshal(body, &answer) // a body that is not JSON has no code
	if code, ok := answer.Code.(string); ok {
		f.Code = code
	}
	var gqlErrors []struct {
		Extensions struct {
			Code any \`json:"code"\`
		} \`json:"extensions"\`
	}
	if json.Unmarshal(answer.Errors, &gqlErrors) == nil && len(gqlErrors) > 0 {
		if code, ok := gqlErrors[0].Extensions.Code.(string); ok && f.Code == "" {
			f.Code = code
		}
		if errcodeGraphQL {
			f.graphql, f.data, f.errors = true, answer.Data, answer.Errors
		}
	}${wait}
}`;
}

const NETWORK = `// errcodeNetwork names a network failure as net/http reports it, or returns "".
func errcodeNetwork(err error) string {
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "refused" // nothing was sent
	case errors.As(err, &dnsErr):
		return "dns" // the name did not resolve: nothing was sent
	case errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "reset"
	}
	return ""
}`;

function shouldRetry(plan: RetryPlan): string {
  const L: string[] = [];
  L.push("// errcodeShouldRetry is the catalog's verdict: a network failure is transient; a listed code");
  L.push('// decides (with its status condition); otherwise the HTTP status.');
  L.push('func errcodeShouldRetry(status int, code, network string) bool {');
  L.push('\tif network != "" {');
  L.push('\t\treturn true');
  L.push('\t}');
  if (plan.retryCodes.length || plan.noRetryCodes.length) {
    L.push('\tswitch code {');
    for (const r of plan.retryCodes) {
      L.push(`\tcase ${dq(r.code)}: // ${codeRuleComment(r)}`);
      L.push(r.onStatuses.length ? `\t\treturn ${r.onStatuses.map((s) => `status == ${s}`).join(' || ')}` : '\t\treturn true');
    }
    if (plan.noRetryCodes.length) {
      const items = plan.noRetryCodes.map((c) => dq(c.code));
      const lines = wrapList(items, '', 90, false);
      L.push('\t// Never retried as they are: fix the cause first.');
      L.push(`\tcase ${lines[0]}${lines.length === 1 ? ':' : ''}`);
      lines.slice(1).forEach((l, i) => L.push(`\t\t${l}${i === lines.length - 2 ? ':' : ''}`));
      L.push('\t\treturn false');
    }
    L.push('\t}');
  }
  const statuses = plan.retryStatuses.map((s) => String(s.status));
  const classes = plan.retryStatusClasses;
  if (classes.length && plan.noRetryStatuses.length) {
    L.push('\tswitch status {');
    L.push(`\tcase ${plan.noRetryStatuses.join(', ')}:`);
    L.push('\t\treturn false');
    if (statuses.length) {
      L.push(`\tcase ${statuses.join(', ')}:`);
      L.push('\t\treturn true');
    }
    L.push('\t}');
    L.push(`\treturn ${classes.map((c) => `status/100 == ${c}`).join(' || ')}`);
  } else if (classes.length) {
    L.push(`\treturn ${[...statuses.map((s) => `status == ${s}`), ...classes.map((c) => `status/100 == ${c}`)].join(' || ')}`);
  } else if (statuses.length) {
    L.push('\tswitch status {');
    L.push(`\tcase ${statuses.join(', ')}:`);
    L.push('\t\treturn true');
    L.push('\t}');
    L.push('\treturn false');
  } else {
    L.push('\treturn false');
  }
  L.push('}');
  return L.join('\n');
}

function attemptLimit(plan: RetryPlan): string {
  const L: string[] = [];
  L.push('// errcodeAttemptLimit is the attempt limit for this failure: a stricter one from the catalog, or');
  L.push('// errcodeMaxAttempts.');
  L.push('func errcodeAttemptLimit(f *ErrcodeFailure) int {');
  L.push('\tfor _, key := range []string{f.Code, strconv.Itoa(f.Status), strconv.Itoa(f.Status/100) + "xx"} {');
  L.push('\t\tswitch key {');
  for (const [k, v] of Object.entries(plan.attemptLimits)) {
    L.push(`\t\tcase ${dq(k)}:`);
    L.push(`\t\t\treturn ${v}`);
  }
  L.push('\t\t}');
  L.push('\t}');
  L.push('\treturn errcodeMaxAttempts');
  L.push('}');
  return L.join('\n');
}

function safeToRepeat(plan: RetryPlan): string {
  const methods = (plan.idempotentMethods ?? ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']).map(dq);
  const np = plan.notProcessed ?? { statuses: [429], withServerWait: [503] };
  const cases: string[] = [];
  if (np.statuses.length) cases.push(`\tcase ${np.statuses.join(', ')}:\n\t\treturn true`);
  if (np.withServerWait.length) cases.push(`\tcase ${np.withServerWait.join(', ')}:\n\t\treturn f.HasWait`);
  const statusSwitch = cases.length ? `\tswitch f.Status {\n${cases.join('\n')}\n\t}\n` : '';
  return `// errcodeIdempotent says whether repeating a request with this method has the effect of one.
func errcodeIdempotent(method string) bool {
	switch method {
	case ${methods.join(', ')}:
		return true
	}
	return false // POST, PATCH, and a method nobody recorded
}

${goComment(
    `errcodeNotProcessed says whether the failure tells the request was not processed, so that even a POST may be sent again: ${[
      np.statuses.length ? np.statuses.join(', ') : '',
      np.withServerWait.length ? `${np.withServerWait.join(', ')} with a server wait` : '',
      'a connection refused or a name that did not resolve (nothing was sent)',
    ]
      .filter(Boolean)
      .join(', ')}.`,
  )}
func errcodeNotProcessed(f *ErrcodeFailure) bool {
	if f.Network == "refused" || f.Network == "dns" {
		return true
	}
${statusSwitch}	return false
}`;
}

function minDelay(plan: RetryPlan): string {
  const rules = plan.minDelays ?? [];
  const L: string[] = [];
  L.push("// errcodeMinDelay is the catalog's shortest wait before repeating this failure.");
  L.push('func errcodeMinDelay(status int, code string) time.Duration {');
  if (rules.length) {
    L.push('\tswitch {');
    for (const r of rules) {
      const conds = [...(r.code !== undefined ? [`code == ${dq(r.code)}`] : []), ...(r.onStatuses.length ? [`(${r.onStatuses.map((s) => `status == ${s}`).join(' || ')})`] : [])];
      const why = r.documented ? 'as documented' : `${humanMs(r.ms)}: the extension's reading of the documentation, which gives no number`;
      for (const l of wrapWords(commentText(`${r.code ?? r.onStatuses.join('/')} (${r.api}): ${why}.`), 93)) L.push(`\t// ${l}`);
      L.push(`\tcase ${conds.join(' && ') || 'true'}:`);
      L.push(`\t\treturn ${goDuration(r.ms)}`);
    }
    L.push('\t}');
  }
  L.push('\treturn 0');
  L.push('}');
  return L.join('\n');
}

function outcomes(plan: RetryPlan): string {
  const done = plan.alreadyDoneCodes ?? [];
  const rec = plan.reconcile ?? { statuses: [], codes: [] };
  const L: string[] = [];
  L.push('// errcodeAlreadyDone says whether a code answering a repeated request means an earlier attempt');
  L.push('// probably took effect.');
  L.push('func errcodeAlreadyDone(code string) bool {');
  if (done.length) {
    L.push('\tswitch code {');
    for (const d of done) {
      L.push(`\tcase ${dq(d.code)}: // ${commentText(d.name)}`);
      L.push('\t\treturn true');
    }
    L.push('\t}');
  }
  L.push('\treturn false');
  L.push('}');
  L.push('');
  L.push('// errcodeReconcile says whether an answer asks to refetch the resource and reconcile the change.');
  L.push('func errcodeReconcile(status int, code string) bool {');
  const conds = [...rec.statuses.map((s) => `status == ${s}`), ...rec.codes.map((c) => `code == ${dq(c.code)}`)];
  L.push(`\treturn ${conds.join(' || ') || 'false'}`);
  L.push('}');
  return L.join('\n');
}

function serverWait(plan: RetryPlan): string {
  const fields = plan.retryAfterBodyFields;
  const names = goFieldNames(fields.map((f) => f.field));
  const body = fields.length
    ? `	var fields struct {
${alignStructFields(fields.map((f, i) => [names[i], 'json.RawMessage', `\`json:${dq(f.field)}\``]))}
	}
	if json.Unmarshal(body, &fields) == nil {
${fields
  .map((f, i) =>
    f.format === 'unix-seconds'
      ? `		// ${commentText(`${f.field}: a Unix time in seconds`)}
		if at, ok := errcodeBodyNumber(fields.${names[i]}); ok {
			return errcodeSeconds(at - float64(now.UnixNano())/1e9), true
		}`
      : `		// ${commentText(`${f.field}: seconds to wait`)}
		if secs, ok := errcodeBodyNumber(fields.${names[i]}); ok && secs >= 0 {
			return errcodeSeconds(secs), true
		}`,
  )
  .join('\n')}
	}
`
    : '';
  const bodyNumber = fields.length
    ? `

// errcodeBodyNumber reads a body field that is a number or a string of digits.
func errcodeBodyNumber(raw json.RawMessage) (float64, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return errcodeDecimal(s)
	}
	var n float64
	if json.Unmarshal(raw, &n) != nil {
		return 0, false
	}
	return n, true
}`
    : '';
  return `${goComment(
    `errcodeServerWait is how long the server asks to wait: Retry-After (seconds or an HTTP date; the header first)${fields.length ? ' or a field of the body' : ''}. A past time is a wait of 0; anything else (nan, -5, 1e3) is no wait.`,
  )}
func errcodeServerWait(header http.Header, body []byte, now time.Time) (time.Duration, bool) {
	if v := strings.TrimSpace(header.Get("Retry-After")); v != "" {
		if secs, ok := errcodeDecimal(v); ok {
			return errcodeSeconds(secs), true
		}
		if at, err := http.ParseTime(v); err == nil {
			return errcodeSeconds(at.Sub(now).Seconds()), true
		}
	}
${body}	return 0, false
}

// errcodeDecimal reads digits with at most one decimal point ("3", "2.5").
func errcodeDecimal(s string) (float64, bool) {
	if s == "" || strings.Trim(s, "0123456789.") != "" || strings.Count(s, ".") > 1 {
		return 0, false
	}
	secs, err := strconv.ParseFloat(s, 64)
	return secs, err == nil
}

// errcodeSeconds is a wait of secs seconds: none below 0, and at most 10⁹ s (about 31 years).
func errcodeSeconds(secs float64) time.Duration {
	switch {
	case secs <= 0:
		return 0
	case secs > 1e9:
		secs = 1e9
	}
	return time.Duration(secs * float64(time.Second))
}${bodyNumber}`;
}

/** Line comments of at most 100 characters. */
function goComment(text: string): string {
  return wrapWords(commentText(text), 97)
    .map((l) => `// ${l}`)
    .join('\n');
}

/** Exported Go field names for JSON keys (`retryAfter` → `RetryAfter`), unique. */
function goFieldNames(keys: readonly string[]): string[] {
  const used = new Set<string>();
  return keys.map((k) => {
    const base = k.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase()).replace(/^(?=\d)/, 'F') || 'Field';
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}${i}`;
    used.add(name);
    return name;
  });
}

/** Struct fields as gofmt aligns them (name, type, tag columns). */
function alignStructFields(rows: [string, string, string][]): string {
  const nameW = Math.max(...rows.map((r) => r[0].length));
  const typeW = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([n, t, tag]) => `\t\t${n.padEnd(nameW)} ${t.padEnd(typeW)} ${tag}`).join('\n');
}
