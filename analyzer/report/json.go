package report

import (
	"io"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/tracecheck/tracecheck/analyzer"
)

// JSON writes the reports of one run as a single indented JSON document
// followed by a newline. Its field names are a stable contract, described
// field by field in docs/json-schema.md. Lists are never null: an empty
// list is written as []. Strings from the trace keep their values except
// for the redacted secrets; control characters and bidirectional controls
// are written as \uXXXX escapes.
//
// Render encodes the elements of a long list on up to GOMAXPROCS
// goroutines and writes them in order, so the output is the same as on
// one goroutine.
type JSON struct {
	Options
}

// Render writes the reports of inputs to w. It writes the document as it
// goes, through a buffered writer that it flushes before returning.
func (j *JSON) Render(w io.Writer, inputs []Input) error {
	r := newJSONRender(j.Options, w)
	r.write(inputs)
	return r.out.endObject()
}

func newJSONRender(opts Options, w io.Writer) *jsonRender {
	return &jsonRender{
		jsonRedactor: newJSONRedactor(opts),
		out:          newJSONStream(w),
		// Non-nil, so that an exchange without headers or form
		// fields shows [].
		requestHeaders:  []analyzer.Header{},
		responseHeaders: []analyzer.Header{},
		form:            []analyzer.Field{},
	}
}

// jsonRender is the state of one JSON.Render call.
type jsonRender struct {
	*jsonRedactor
	out *jsonStream
	// requestHeaders, responseHeaders and form are reused for each
	// exchange, which is encoded before the next one is built.
	requestHeaders, responseHeaders []analyzer.Header
	form                            []analyzer.Field
}

type jsonFilters struct {
	Origin      string   `json:"origin"`
	Host        string   `json:"host"`
	Rules       []string `json:"rules"`
	SkipRules   []string `json:"skip_rules"`
	MinSeverity string   `json:"min_severity"`
}

// jsonDetail is an exchange that a flow or finding refers to, with the
// headers and times that the HTML format shows.
type jsonDetail struct {
	File            string            `json:"file"`
	Index           int               `json:"index"`
	Method          string            `json:"method"`
	URL             string            `json:"url"`
	HTTPVersion     string            `json:"http_version"`
	Status          int               `json:"status"`
	StatusText      string            `json:"status_text"`
	Start           string            `json:"start"`
	DurationMS      float64           `json:"duration_ms"`
	Error           string            `json:"error"`
	ResourceType    string            `json:"resource_type"`
	RequestHeaders  []analyzer.Header `json:"request_headers"`
	ResponseHeaders []analyzer.Header `json:"response_headers"`
	Form            []analyzer.Field  `json:"form"`
}

type jsonFile struct {
	Source    string             `json:"source"`
	Format    string             `json:"format"`
	Creator   string             `json:"creator"`
	Exchanges int                `json:"exchanges"`
	Warnings  []analyzer.Warning `json:"warnings"`
	Error     *string            `json:"error"`
	// FirstStart and LastStart bound the start times of the exchanges.
	FirstStart string `json:"first_exchange_start"`
	LastStart  string `json:"last_exchange_start"`
	// Partial is true when the file was read only in part; Error says
	// where reading stopped.
	Partial bool `json:"partial"`
	// Probe is null unless the trace comes from a live probe.
	Probe *jsonProbe `json:"probe"`
	// FilterMiss is null unless the filters hide every flow or every
	// finding of the file.
	FilterMiss *jsonFilterMiss `json:"filter_miss"`
}

type jsonFilterMiss struct {
	Flows    string   `json:"flows"`
	Findings string   `json:"findings"`
	Origins  []string `json:"origins"`
	Hosts    []string `json:"hosts"`
}

type jsonExchange struct {
	Index  int    `json:"index"`
	Method string `json:"method"`
	URL    string `json:"url"`
	Status int    `json:"status"`
}

type jsonFlow struct {
	File                string        `json:"file"`
	ID                  int           `json:"id"`
	Origin              string        `json:"origin"`
	OriginSource        string        `json:"origin_source"`
	Method              string        `json:"method"`
	URL                 string        `json:"url"`
	Product             string        `json:"product"`
	Mode                string        `json:"mode"`
	ModeEvidence        string        `json:"mode_evidence"`
	Credentials         string        `json:"credentials"`
	CredentialsEvidence string        `json:"credentials_evidence"`
	PreflightRequired   bool          `json:"preflight_required"`
	Preflight           *jsonExchange `json:"preflight"`
	Actual              *jsonExchange `json:"actual"`
	RedirectFrom        *jsonExchange `json:"redirect_from"`
	RedirectTo          *jsonExchange `json:"redirect_to"`
	Verdict             string        `json:"verdict"`
	Reason              string        `json:"reason"`
	FirstFailure        string        `json:"first_failure"`
	Chromium            string        `json:"chromium"`
	Firefox             string        `json:"firefox"`
}

type jsonFinding struct {
	File     string         `json:"file"`
	Rule     string         `json:"rule"`
	Severity string         `json:"severity"`
	Title    string         `json:"title"`
	Message  string         `json:"message"`
	Exchange jsonExchange   `json:"exchange"`
	Related  []jsonExchange `json:"related"`
	Flow     int            `json:"flow"`
	Evidence []string       `json:"evidence"`
	Fix      string         `json:"fix"`
	Chromium string         `json:"chromium"`
	Firefox  string         `json:"firefox"`
}

type jsonSummary struct {
	Files        int `json:"files"`
	Unreadable   int `json:"unreadable"`
	Partial      int `json:"partial"`
	Exchanges    int `json:"exchanges"`
	Flows        int `json:"flows"`
	Allowed      int `json:"allowed"`
	Blocked      int `json:"blocked"`
	Undetermined int `json:"undetermined"`
	Errors       int `json:"errors"`
	Warnings     int `json:"warnings"`
	Infos        int `json:"infos"`
}

// write writes the document with its fields in the order of
// docs/json-schema.md. The lists of flows, findings and exchanges are
// written one element at a time.
func (j *jsonRender) write(inputs []Input) {
	out := j.out
	out.beginObject()
	out.writeField("tool", "tracecheck")
	out.writeField("version", j.version())
	out.writeField("redacted", !j.ShowSecrets)
	notice := ""
	if j.ShowSecrets {
		notice = SecretsNotice
	}
	out.writeField("secrets_notice", notice)
	out.writeField("filters", filtersJSON(j.Filters))

	out.beginArray("files")
	for _, in := range inputs {
		out.writeElement(j.fileJSON(in))
	}
	unreadable, partial := splitUnreadable(j.Unreadable)
	for _, u := range unreadable {
		msg := j.redactText(errorText(u.Err))
		out.writeElement(jsonFile{
			Source:   u.Source,
			Warnings: []analyzer.Warning{},
			Error:    &msg,
		})
	}
	out.endArray()

	out.beginArray("flows")
	for _, in := range inputs {
		flows := in.Report.Flows
		j.writeElements(len(flows), func(r *jsonRender, i int) any {
			return r.flowJSON(in.Report.Source, flows[i])
		})
	}
	out.endArray()

	out.beginArray("findings")
	for _, in := range inputs {
		findings := sortedFindings(in.Report)
		j.writeElements(len(findings), func(r *jsonRender, i int) any {
			return r.findingJSON(in.Report.Source, findings[i])
		})
	}
	out.endArray()

	out.beginArray("exchanges")
	for _, in := range inputs {
		j.writeDetails(in)
	}
	out.endArray()

	c := countReports(reportsOf(inputs))
	out.writeField("summary", jsonSummary{
		Files:        fileCount(len(inputs), j.Unreadable),
		Unreadable:   len(unreadable),
		Partial:      len(partial),
		Exchanges:    c.Exchanges,
		Flows:        c.Flows,
		Allowed:      c.Allowed,
		Blocked:      c.Blocked,
		Undetermined: c.Undetermined,
		Errors:       c.Errors,
		Warnings:     c.Warnings,
		Infos:        c.Infos,
	})
	// allowed_origins is null unless Options.AllowedOrigins is set.
	out.writeField("allowed_origins", j.allowedOriginsJSON(inputs))
}

// fileJSON returns the entry of the files list for in.
func (j *jsonRender) fileJSON(in Input) jsonFile {
	r := in.Report
	warnings := make([]analyzer.Warning, len(r.Warnings))
	for i, w := range r.Warnings {
		w.Message = j.redactText(w.Message)
		warnings[i] = w
	}
	file := jsonFile{
		Source:    r.Source,
		Format:    string(r.Format),
		Creator:   r.Creator,
		Exchanges: r.Summary.Exchanges,
		Warnings:  warnings,
	}
	if span, ok := spanOf(in.Trace); ok {
		file.FirstStart = jsonTime(span.First)
		file.LastStart = jsonTime(span.Last)
	}
	file.Probe = j.probeJSON(in.Probe)
	if file.Probe != nil {
		// A probe has no decoder; its warnings are notes about
		// what it sent.
		file.Probe.Notes, file.Warnings = file.Warnings, []analyzer.Warning{}
	}
	if miss := in.miss(j.Options); !miss.IsZero() {
		file.FilterMiss = &jsonFilterMiss{Flows: miss.Flows, Findings: miss.Findings,
			Origins: nonNil(miss.Origins), Hosts: nonNil(miss.Hosts)}
	}
	for _, u := range j.Unreadable {
		if u.Partial && u.Source == r.Source {
			msg := j.redactText(errorText(u.Err))
			file.Error, file.Partial = &msg, true
		}
	}
	return file
}

func (j *jsonRender) flowJSON(file string, f analyzer.Flow) jsonFlow {
	return jsonFlow{
		File:                file,
		ID:                  f.ID,
		Origin:              f.Origin,
		OriginSource:        f.OriginSource,
		Method:              f.Method,
		URL:                 j.redactURL(f.URL),
		Product:             f.Product,
		Mode:                f.Mode,
		ModeEvidence:        j.redactText(f.ModeEvidence),
		Credentials:         f.Credentials,
		CredentialsEvidence: j.redactText(f.CredentialsEvidence),
		PreflightRequired:   f.PreflightRequired,
		Preflight:           j.exchangePtrJSON(f.Preflight),
		Actual:              j.exchangePtrJSON(f.Actual),
		RedirectFrom:        j.exchangePtrJSON(f.RedirectFrom),
		RedirectTo:          j.exchangePtrJSON(f.RedirectTo),
		Verdict:             string(f.Verdict),
		Reason:              j.redactText(f.Reason),
		FirstFailure:        f.FirstFailure,
		Chromium:            f.Chromium,
		Firefox:             f.Firefox,
	}
}

func (j *jsonRender) findingJSON(file string, f analyzer.Finding) jsonFinding {
	related := make([]jsonExchange, len(f.Related))
	for i, ref := range f.Related {
		related[i] = j.exchangeJSON(ref)
	}
	evidence := make([]string, len(f.Evidence))
	for i, line := range f.Evidence {
		evidence[i] = j.redactText(line)
	}
	return jsonFinding{
		File:     file,
		Rule:     f.Rule,
		Severity: f.Severity.String(),
		Title:    f.Title,
		Message:  j.redactText(f.Message),
		Exchange: j.exchangeJSON(f.Exchange),
		Related:  related,
		Flow:     f.Flow,
		Evidence: evidence,
		Fix:      j.redactText(f.Fix),
		Chromium: f.Chromium,
		Firefox:  f.Firefox,
	}
}

func (j *jsonRender) exchangeJSON(ref analyzer.ExchangeRef) jsonExchange {
	return jsonExchange{Index: ref.Index, Method: ref.Method, URL: j.redactURL(ref.URL), Status: ref.Status}
}

func (j *jsonRender) exchangePtrJSON(ref *analyzer.ExchangeRef) *jsonExchange {
	if ref == nil {
		return nil
	}
	e := j.exchangeJSON(*ref)
	return &e
}

func filtersJSON(f Filters) jsonFilters {
	out := jsonFilters{
		Origin:      f.Origin,
		Host:        f.Host,
		Rules:       []string{},
		SkipRules:   []string{},
		MinSeverity: f.MinSeverity.String(),
	}
	out.Rules = append(out.Rules, f.Rules...)
	out.SkipRules = append(out.SkipRules, f.SkipRules...)
	return out
}

// jsonTime writes t in UTC as RFC 3339 with milliseconds.
func jsonTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// writeDetails writes the exchanges that the flows and findings of in
// refer to, in entry order, with their headers redacted, as elements of
// the exchanges list. It writes none when in has no trace.
func (j *jsonRender) writeDetails(in Input) {
	byIndex := exchangeIndex(in.Trace)
	var list []*analyzer.Exchange
	for _, index := range referencedExchanges(in.Report) {
		if e, ok := byIndex[index]; ok {
			list = append(list, e)
		}
	}
	j.writeElements(len(list), func(r *jsonRender, i int) any {
		return r.detailJSON(in.Report.Source, list[i])
	})
}

// detailJSON returns the element of the exchanges list for e. The result
// shares buffers with j and is valid until the next call.
func (j *jsonRender) detailJSON(file string, e *analyzer.Exchange) *jsonDetail {
	j.requestHeaders = j.appendHeaders(j.requestHeaders[:0], e.RequestHeaders)
	j.responseHeaders = j.appendHeaders(j.responseHeaders[:0], e.ResponseHeaders)
	j.form = j.form[:0]
	for _, f := range e.Form {
		j.form = append(j.form, analyzer.Field{Name: f.Name, Value: j.redactField(f.Name, f.Value)})
	}
	d := jsonDetail{
		File:            file,
		Index:           e.Index,
		Method:          e.Method,
		URL:             j.redactURL(e.URL),
		HTTPVersion:     e.HTTPVersion,
		Status:          e.Status,
		StatusText:      j.redactText(e.StatusText),
		DurationMS:      -1,
		Error:           j.redactText(e.Error),
		ResourceType:    e.ResourceType,
		RequestHeaders:  j.requestHeaders,
		ResponseHeaders: j.responseHeaders,
		Form:            j.form,
	}
	if e.HasTime() {
		d.Start = jsonTime(e.Start)
	}
	if e.Duration >= 0 {
		d.DurationMS = float64(e.Duration.Microseconds()) / 1000
	}
	return &d
}

// appendHeaders appends h to dst with the values redacted.
func (j *jsonRender) appendHeaders(dst []analyzer.Header, h analyzer.Headers) []analyzer.Header {
	for _, line := range h {
		dst = append(dst, analyzer.Header{Name: line.Name, Value: j.redactHeader(line.Name, line.Value)})
	}
	return dst
}

// referencedExchanges returns the entry indexes that the flows and
// findings of r refer to, sorted and without duplicates.
func referencedExchanges(r *analyzer.Report) []int {
	seen := map[int]bool{}
	add := func(ref *analyzer.ExchangeRef) {
		if ref != nil {
			seen[ref.Index] = true
		}
	}
	for i := range r.Flows {
		f := &r.Flows[i]
		add(f.Preflight)
		add(f.Actual)
		add(f.RedirectFrom)
		add(f.RedirectTo)
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		add(&f.Exchange)
		for k := range f.Related {
			add(&f.Related[k])
		}
	}
	out := make([]int, 0, len(seen))
	for index := range seen {
		out = append(out, index)
	}
	slices.Sort(out)
	return out
}

// escapeInvisible rewrites DEL, the C1 controls and the bidirectional
// controls of an encoded JSON document as \uXXXX escapes. encoding/json
// escapes the C0 controls, U+2028 and U+2029 but passes these through, and
// a terminal showing the document would act on them. Outside strings a JSON document is ASCII, so every
// such rune is inside a string, where the escape decodes to the same value.
//
// The JSON reporter does the same while it writes, in appendIndented.
func escapeInvisible(doc []byte) []byte {
	var out []byte
	start := 0
	for i := 0; i < len(doc); {
		r, size := utf8.DecodeRune(doc[i:])
		if isInvisible(r) {
			out = append(out, doc[start:i]...)
			out = appendUnicodeEscape(out, r)
			start = i + size
		}
		i += size
	}
	if out == nil {
		return doc
	}
	return append(out, doc[start:]...)
}
