// The Go retry helper: standard library only (Go 1.18+, generics), or on top of
// github.com/cenkalti/backoff. The output is gofmt-clean. Pure.
import { codeRuleComment, commentText, dq, goDuration, headerLines, wrapList } from '../emit';
import type { RetryPlan } from '../plan';

export function generateGoHelper(plan: RetryPlan, cenkalti?: { major: number }): { code: string; imports: string[] } {
  const limits = Object.keys(plan.attemptLimits).length > 0;
  const major = cenkalti ? Math.max(4, Math.floor(cenkalti.major)) : undefined;
  const note =
    major !== undefined
      ? `cenkalti/backoff (v${major}) runs the attempts with the full-jitter BackOff below; the verdict and the waits come from the catalog.`
      : undefined;
  const sections = [
    headerLines(plan, 97, note)
      .map((l) => `// ${l}`.trimEnd())
      .join('\n'),
    consts(plan),
    API_ERROR(plan),
    OPTIONS,
    major === undefined ? standardMain() : cenkaltiMain(major),
    DO_WITH,
    failure(),
    decide(plan, limits),
    shouldRetry(plan),
    ...(limits ? [attemptLimit(plan)] : []),
    ...(plan.honorRetryAfter ? [serverDelay(plan)] : []),
  ];
  const paths = ['context', 'errors', 'fmt', 'io', 'math/rand', 'net/http', 'time', 'bytes', 'encoding/json'];
  if (plan.honorRetryAfter) paths.push('strconv', 'strings');
  if (limits) paths.push('strconv');
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
  const rows: [string, string, string][] = [
    ['errcodeMaxAttempts', String(p.maxAttempts), 'attempts in all, the first call included'],
    ['errcodeBaseDelay', goDuration(p.baseDelayMs), p.strategy === 'fixed' ? 'the wait between attempts' : 'the first backoff ceiling, doubled on every retry'],
    ['errcodeMaxDelay', goDuration(Math.round(p.capSeconds * 1000)), 'no wait is longer, whatever the server says'],
  ];
  // gofmt aligns the `=` and the comments of consecutive specs.
  const nameW = Math.max(...rows.map((r) => r[0].length));
  const valueW = Math.max(...rows.map((r) => r[1].length));
  const lines = rows.map(([n, v, c]) => `\t${n.padEnd(nameW)} = ${v.padEnd(valueW)} // ${c}`);
  return `// Backoff numbers from the catalog.\nconst (\n${lines.join('\n')}\n)`;
}

const API_ERROR = (plan: RetryPlan) => {
  const fields = [plan.graphqlCodes ? '\t\tCode   any `json:"code"`' : '\t\tCode any `json:"code"`'];
  if (plan.graphqlCodes) fields.push('\t\tErrors []struct {\n\t\t\tExtensions struct {\n\t\t\t\tCode any `json:"code"`\n\t\t\t} `json:"extensions"`\n\t\t} `json:"errors"`');
  const graphql = plan.graphqlCodes
    ? `
	if len(body.Errors) > 0 && e.Code == "" {
		if code, ok := body.Errors[0].Extensions.Code.(string); ok {
			e.Code = code
		}
	}`
    : '';
  return `// ErrcodeAPIError is a failed API call as WithErrcodeRetry understands it: return one from your
// operation (or wrap one with %w). NewErrcodeAPIError builds it from an *http.Response.
type ErrcodeAPIError struct {
	StatusCode int         // the HTTP status
	Code       string      // the error code from the body, if any
	Header     http.Header // the response headers (Retry-After)
	Body       []byte      // the raw response body
}

func (e *ErrcodeAPIError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("api error %s (HTTP %d)", e.Code, e.StatusCode)
	}
	return fmt.Sprintf("api error (HTTP %d)", e.StatusCode)
}

// NewErrcodeAPIError reads resp's body (leaving a fresh copy in resp.Body) and the error code in it.
func NewErrcodeAPIError(resp *http.Response) *ErrcodeAPIError {
	e := &ErrcodeAPIError{StatusCode: resp.StatusCode, Header: resp.Header}
	if resp.Body != nil {
		e.Body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(e.Body))
	}
	var body struct {
${fields.join('\n')}
	}
	_ = json.Unmarshal(e.Body, &body) // a body that is not JSON just has no code
	if code, ok := body.Code.(string); ok {
		e.Code = code
	}${graphql}
	return e
}`;
};

const OPTIONS = `// ErrcodeRetryOptions tunes WithErrcodeRetry; the zero value uses the catalog's numbers. The hooks
// let tests run without waiting.
type ErrcodeRetryOptions struct {
	MaxAttempts int                                              // attempts in all; 0: the catalog's
	OnRetry     func(attempt int, wait time.Duration, err error) // called before each wait
	Sleep       func(ctx context.Context, d time.Duration) error // nil: a timer that stops when ctx is done
	Rand        func() float64                                   // uniform in [0, 1); nil: math/rand, seeded
	Now         func() time.Time                                 // nil: time.Now
}

func (o ErrcodeRetryOptions) withDefaults() ErrcodeRetryOptions {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = errcodeMaxAttempts
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

const MAIN_DOC = `// WithErrcodeRetry calls op until it succeeds, fails in a way the catalog says not to retry, or runs
// out of attempts. Failures are errors wrapping an *ErrcodeAPIError, and *http.Response results with a
// status of 400 or more (handed back as they are when retrying stops). Other errors return at once.`;

/** The helper's signature and its option defaults, the same with or without cenkalti/backoff. */
const SIGNATURE = `func WithErrcodeRetry[T any](
	ctx context.Context, op func(context.Context) (T, error), opts ...ErrcodeRetryOptions,
) (T, error) {
	var o ErrcodeRetryOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	o = o.withDefaults()`;

function standardMain(): string {
  return `${MAIN_DOC}
${SIGNATURE}
	for attempt := 1; ; attempt++ {
		result, err := op(ctx)
		failure := errcodeFailure(result, err)
		if failure == nil {
			return result, err
		}
		wait, retry := errcodeNextDelay(failure, attempt, o)
		if !retry {
			return result, err
		}
		if o.OnRetry != nil {
			o.OnRetry(attempt, wait, failure)
		}
		errcodeDiscard(result)
		if err := o.Sleep(ctx, wait); err != nil {
			var zero T
			return zero, err
		}
	}
}`;
}

function cenkaltiMain(major: number): string {
  const call =
    major === 4
      ? `	var result T
	err := backoff.Retry(func() error {
		var err error
		result, err = attempt()
		return err
	}, backoff.WithContext(b, ctx))`
      : `	result, err := backoff.Retry(ctx, attempt, backoff.WithBackOff(b), backoff.WithMaxTries(uint(o.MaxAttempts)))`;
  return `${MAIN_DOC}
// backoff does the waiting: ErrcodeRetryOptions.Sleep is not used.
${SIGNATURE}
	b := &errcodeBackOff{}
	n := 0
	var last error // what the last attempt returned, as it returned it
	attempt := func() (T, error) {
		n++
		result, err := op(ctx)
		last = err
		failure := errcodeFailure(result, err)
		if failure == nil {
			if err != nil {
				return result, backoff.Permanent(err)
			}
			return result, nil
		}
		wait, retry := errcodeNextDelay(failure, n, o)
		if !retry {
			if err == nil {
				return result, nil // a failed *http.Response: handed back as it is
			}
			return result, backoff.Permanent(err)
		}
		if o.OnRetry != nil {
			o.OnRetry(n, wait, failure)
		}
		errcodeDiscard(result)
		b.next = wait
		if err == nil {
			err = failure
		}
		return result, err
	}
${call}
	if err != nil && last != nil && ctx.Err() == nil {
		// Some backoff versions wrap the operation's error; hand back the error op returned.
		return result, last
	}
	return result, err
}

// errcodeBackOff is a backoff.BackOff that waits what errcodeNextDelay decided for the last failure.
type errcodeBackOff struct{ next time.Duration }

func (b *errcodeBackOff) NextBackOff() time.Duration { return b.next }

func (b *errcodeBackOff) Reset() { b.next = 0 }`;
}

const DO_WITH = `// DoWithErrcodeRetry is WithErrcodeRetry for operations that return only an error.
func DoWithErrcodeRetry(
	ctx context.Context, op func(context.Context) error, opts ...ErrcodeRetryOptions,
) error {
	_, err := WithErrcodeRetry(ctx, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, op(ctx)
	}, opts...)
	return err
}`;

function failure(): string {
  return `// errcodeFailure finds what failed: an *ErrcodeAPIError in err's chain, or a failing *http.Response.
func errcodeFailure(result any, err error) *ErrcodeAPIError {
	var apiErr *ErrcodeAPIError
	if errors.As(err, &apiErr) {
		return apiErr
	}
	if resp, ok := result.(*http.Response); ok && err == nil && resp != nil && resp.StatusCode >= 400 {
		return NewErrcodeAPIError(resp)
	}
	return nil
}

// errcodeDiscard closes the body of a response that is about to be retried.
func errcodeDiscard(result any) {
	if resp, ok := result.(*http.Response); ok && resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
}`;
}

function decide(plan: RetryPlan, limits: boolean): string {
  const p = plan.policy;
  const limitBlock = limits
    ? `	limit := o.MaxAttempts
	if l := errcodeAttemptLimit(e); l < limit {
		limit = l
	}
	if attempt >= limit || !errcodeShouldRetry(e.StatusCode, e.Code) {`
    : `	if attempt >= o.MaxAttempts || !errcodeShouldRetry(e.StatusCode, e.Code) {`;
  const server = plan.honorRetryAfter
    ? `	if wait, ok := errcodeServerDelay(e, o.Now()); ok {
		if wait < 0 {
			wait = 0
		}
		if wait > errcodeMaxDelay {
			wait = errcodeMaxDelay
		}
		return wait, true
	}
`
    : '';
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
  const doc =
    p.jitter === 'full'
      ? `// errcodeNextDelay decides whether to retry after failed attempt number attempt, and how long to wait
// first: the wait the server asks for (capped), else full jitter, a random wait in [0, ceiling].`
      : `// errcodeNextDelay decides whether to retry after failed attempt number attempt, and how long to wait
// first: the wait the server asks for (capped), else the backoff ceiling.`;
  const ret = p.jitter === 'full' ? 'return time.Duration(o.Rand() * float64(ceiling)), true' : 'return ceiling, true';
  return `${doc}
func errcodeNextDelay(e *ErrcodeAPIError, attempt int, o ErrcodeRetryOptions) (time.Duration, bool) {
${limitBlock}
		return 0, false
	}
${server}${ceiling}
	${ret}
}`;
}

function shouldRetry(plan: RetryPlan): string {
  const L: string[] = [];
  L.push("// errcodeShouldRetry is the catalog's verdict: a listed code decides (with its status condition),");
  L.push('// otherwise the HTTP status.');
  L.push('func errcodeShouldRetry(status int, code string) bool {');
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
  L.push('func errcodeAttemptLimit(e *ErrcodeAPIError) int {');
  L.push('\tfor _, key := range []string{e.Code, strconv.Itoa(e.StatusCode), strconv.Itoa(e.StatusCode/100) + "xx"} {');
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

function serverDelay(plan: RetryPlan): string {
  const fields = plan.retryAfterBodyFields;
  const names = goFieldNames(fields.map((f) => f.field));
  const body = fields.length
    ? `	var body struct {
${alignStructFields(fields.map((f, i) => [names[i], '*float64', `\`json:${dq(f.field)}\``]))}
	}
	if json.Unmarshal(e.Body, &body) == nil {
${fields
  .map((f, i) =>
    f.format === 'unix-seconds'
      ? `		if body.${names[i]} != nil { // ${commentText(`${f.field}: a Unix time in seconds`)}
			return time.Unix(0, int64(*body.${names[i]}*float64(time.Second))).Sub(now), true
		}`
      : `		if body.${names[i]} != nil { // ${commentText(`${f.field}: seconds to wait`)}
			return time.Duration(*body.${names[i]} * float64(time.Second)), true
		}`,
  )
  .join('\n')}
	}
`
    : '';
  return `// errcodeServerDelay is how long the server asks to wait: Retry-After (delay-seconds or an HTTP date)${fields.length ? '\n// or a field of the body' : ''}.
func errcodeServerDelay(e *ErrcodeAPIError, now time.Time) (time.Duration, bool) {
	if v := strings.TrimSpace(e.Header.Get("Retry-After")); v != "" {
		if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
			return time.Duration(secs * float64(time.Second)), true
		}
		if at, err := http.ParseTime(v); err == nil {
			return at.Sub(now), true
		}
	}
${body}	return 0, false
}`;
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
