package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/tracecheck/tracecheck/analyzer"
)

// JSON writes the reports of one run as a single indented JSON document
// followed by a newline. Its field names are a stable contract, described
// field by field in docs/json-schema.md. Lists are never null: an empty
// list is written as []. Strings from the trace keep their values except
// for the redacted secrets; control characters and bidirectional controls
// are written as \uXXXX escapes.
type JSON struct {
	Options
}

// Render writes reports to w.
func (j *JSON) Render(w io.Writer, reports []*analyzer.Report) error {
	doc := j.document(reports)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("report: encode JSON: %w", err)
	}
	_, err := w.Write(escapeInvisible(buf.Bytes()))
	return err
}

type jsonDocument struct {
	Tool     string        `json:"tool"`
	Version  string        `json:"version"`
	Files    []jsonFile    `json:"files"`
	Flows    []jsonFlow    `json:"flows"`
	Findings []jsonFinding `json:"findings"`
	Summary  jsonSummary   `json:"summary"`
}

type jsonFile struct {
	Source    string             `json:"source"`
	Format    string             `json:"format"`
	Creator   string             `json:"creator"`
	Exchanges int                `json:"exchanges"`
	Warnings  []analyzer.Warning `json:"warnings"`
	Error     *string            `json:"error"`
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
	Mode                string        `json:"mode"`
	ModeEvidence        string        `json:"mode_evidence"`
	Credentials         string        `json:"credentials"`
	CredentialsEvidence string        `json:"credentials_evidence"`
	PreflightRequired   bool          `json:"preflight_required"`
	Preflight           *jsonExchange `json:"preflight"`
	Actual              *jsonExchange `json:"actual"`
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
	Exchanges    int `json:"exchanges"`
	Flows        int `json:"flows"`
	Allowed      int `json:"allowed"`
	Blocked      int `json:"blocked"`
	Undetermined int `json:"undetermined"`
	Errors       int `json:"errors"`
	Warnings     int `json:"warnings"`
	Infos        int `json:"infos"`
}

func (j *JSON) document(reports []*analyzer.Report) jsonDocument {
	doc := jsonDocument{
		Tool:     "tracecheck",
		Version:  j.version(),
		Files:    []jsonFile{},
		Flows:    []jsonFlow{},
		Findings: []jsonFinding{},
	}
	for _, r := range reports {
		warnings := make([]analyzer.Warning, len(r.Warnings))
		for i, w := range r.Warnings {
			w.Message = RedactText(w.Message)
			warnings[i] = w
		}
		doc.Files = append(doc.Files, jsonFile{
			Source:    r.Source,
			Format:    string(r.Format),
			Creator:   r.Creator,
			Exchanges: r.Summary.Exchanges,
			Warnings:  warnings,
		})
		for _, f := range r.Flows {
			doc.Flows = append(doc.Flows, flowJSON(r.Source, f))
		}
		for _, f := range sortedFindings(r) {
			doc.Findings = append(doc.Findings, findingJSON(r.Source, f))
		}
	}
	for _, u := range j.Unreadable {
		msg := errorText(u.Err)
		doc.Files = append(doc.Files, jsonFile{
			Source:   u.Source,
			Warnings: []analyzer.Warning{},
			Error:    &msg,
		})
	}

	c := countReports(reports)
	doc.Summary = jsonSummary{
		Files:        c.Files + len(j.Unreadable),
		Unreadable:   len(j.Unreadable),
		Exchanges:    c.Exchanges,
		Flows:        c.Flows,
		Allowed:      c.Allowed,
		Blocked:      c.Blocked,
		Undetermined: c.Undetermined,
		Errors:       c.Errors,
		Warnings:     c.Warnings,
		Infos:        c.Infos,
	}
	return doc
}

func flowJSON(file string, f analyzer.Flow) jsonFlow {
	return jsonFlow{
		File:                file,
		ID:                  f.ID,
		Origin:              f.Origin,
		OriginSource:        f.OriginSource,
		Method:              f.Method,
		URL:                 RedactURL(f.URL),
		Mode:                f.Mode,
		ModeEvidence:        RedactText(f.ModeEvidence),
		Credentials:         f.Credentials,
		CredentialsEvidence: RedactText(f.CredentialsEvidence),
		PreflightRequired:   f.PreflightRequired,
		Preflight:           exchangePtrJSON(f.Preflight),
		Actual:              exchangePtrJSON(f.Actual),
		Verdict:             string(f.Verdict),
		Reason:              RedactText(f.Reason),
		FirstFailure:        f.FirstFailure,
		Chromium:            f.Chromium,
		Firefox:             f.Firefox,
	}
}

func findingJSON(file string, f analyzer.Finding) jsonFinding {
	related := make([]jsonExchange, len(f.Related))
	for i, ref := range f.Related {
		related[i] = exchangeJSON(ref)
	}
	evidence := make([]string, len(f.Evidence))
	for i, line := range f.Evidence {
		evidence[i] = RedactText(line)
	}
	return jsonFinding{
		File:     file,
		Rule:     f.Rule,
		Severity: f.Severity.String(),
		Title:    f.Title,
		Message:  RedactText(f.Message),
		Exchange: exchangeJSON(f.Exchange),
		Related:  related,
		Flow:     f.Flow,
		Evidence: evidence,
		Fix:      RedactText(f.Fix),
		Chromium: f.Chromium,
		Firefox:  f.Firefox,
	}
}

func exchangeJSON(ref analyzer.ExchangeRef) jsonExchange {
	return jsonExchange{Index: ref.Index, Method: ref.Method, URL: RedactURL(ref.URL), Status: ref.Status}
}

func exchangePtrJSON(ref *analyzer.ExchangeRef) *jsonExchange {
	if ref == nil {
		return nil
	}
	e := exchangeJSON(*ref)
	return &e
}

// escapeInvisible rewrites DEL, the C1 controls and the bidirectional
// controls of an encoded JSON document as \uXXXX escapes. encoding/json
// escapes the C0 controls, U+2028 and U+2029 but passes these through, and
// a terminal showing the document would act on them. Outside strings a JSON document is ASCII, so every
// such rune is inside a string, where the escape decodes to the same value.
func escapeInvisible(doc []byte) []byte {
	var out []byte
	start := 0
	for i := 0; i < len(doc); {
		r, size := utf8.DecodeRune(doc[i:])
		if r == 0x7f || r >= 0x80 && r <= 0x9f || isBidiControl(r) {
			if out == nil {
				out = make([]byte, 0, len(doc)+16)
			}
			out = append(out, doc[start:i]...)
			out = fmt.Appendf(out, `\u%04x`, r)
			start = i + size
		}
		i += size
	}
	if out == nil {
		return doc
	}
	return append(out, doc[start:]...)
}
