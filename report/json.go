package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/reprint-tool/reprint"
)

// SchemaVersion names the JSON schema written by the JSON format. It changes
// only when a field is removed or its meaning changes; new fields may be
// added within a version, so readers should ignore fields they do not know.
const SchemaVersion = "reprint/report/v1"

// JSONReport is the document the JSON format writes: one JSON object,
// indented with two spaces and followed by a newline, with its fields in the
// order below. Arrays are never null; they are [] when empty. Floating-point
// numbers are rounded to 4 decimal places. Strings are escaped by
// encoding/json, which also writes <, > and & as \u003c, \u003e and \u0026.
// SCHEMA.md documents the same schema for readers outside Go.
type JSONReport struct {
	// Schema is always SchemaVersion, "reprint/report/v1".
	Schema string `json:"schema"`
	// Params are the parameters of the run.
	Params JSONParams `json:"params"`
	// Summary counts what the run read and found.
	Summary JSONSummary `json:"summary"`
	// Skipped lists the inputs that were not read, in the order met.
	Skipped []JSONSkip `json:"skipped"`
	// Warnings are problems that did not stop the run, in the order met.
	Warnings []string `json:"warnings"`
	// Documents lists every article read, in input order.
	Documents []JSONDocument `json:"documents"`
	// Matches lists every copy of every reused passage, sorted by group,
	// then copy document, then offset.
	Matches []JSONMatch `json:"matches"`
}

// JSONParams records the parameters a run used ("params").
type JSONParams struct {
	Shingle      int     `json:"shingle"`      // words per shingle
	Permutations int     `json:"permutations"` // MinHash signature length
	Seed         uint64  `json:"seed"`         // MinHash seed
	Threshold    float64 `json:"threshold"`    // LSH Jaccard threshold
	Bands        int     `json:"bands"`        // LSH bands
	Rows         int     `json:"rows"`         // rows per LSH band
	MinWords     int     `json:"min_words"`    // shortest passage reported, in words
	// Probability samples the LSH S-curve: the chance that two paragraphs
	// with the given Jaccard similarity become a candidate pair.
	Probability []JSONProbability `json:"probability"`
}

// JSONProbability is one point of the LSH S-curve.
type JSONProbability struct {
	Jaccard     float64 `json:"jaccard"`
	Probability float64 `json:"probability"`
}

// JSONSummary counts what a run read and found ("summary").
type JSONSummary struct {
	Documents int `json:"documents"` // articles read
	Skipped   int `json:"skipped"`   // inputs skipped
	Matches   int `json:"matches"`   // copies of reused passages
	Passages  int `json:"passages"`  // distinct reused passages (groups)
	// Kinds counts matches by kind. It always has the keys "boilerplate",
	// "internal", "phrase", "quote" and "syndicated" (zero when none), and any other
	// kind a match carries. Keys are written in sorted order.
	Kinds map[string]int `json:"kinds"`
	// Index is present only in the output of a check against an index.
	Index *JSONIndexCheck `json:"index,omitempty"`
}

// JSONIndexCheck describes a check against an index ("summary.index").
type JSONIndexCheck struct {
	Checked int `json:"checked"` // articles checked: the first entries of documents
	Indexed int `json:"indexed"` // articles in the index
}

// JSONSkip is an input that was not read.
type JSONSkip struct {
	Path   string `json:"path"`   // file the input came from
	Line   int    `json:"line"`   // 1-based line for JSONL input, 0 otherwise
	Reason string `json:"reason"` // why it was skipped
}

// JSONDocument is one article and its part in the reuse.
type JSONDocument struct {
	ID     string `json:"id"`
	Title  string `json:"title"`  // "" when the article has none
	Source string `json:"source"` // outlet or publisher; "" when unknown
	URL    string `json:"url"`    // "" when unknown
	// Date is the article's date in RFC 3339 (with fractional seconds only
	// when they are not zero), in the article's own time zone; null when
	// the article is undated.
	Date        *time.Time `json:"date"`
	Paragraphs  int        `json:"paragraphs"`
	Bytes       int        `json:"bytes"`        // length of the article text in bytes
	Words       int        `json:"words"`        // words in the article text
	ReusedWords int        `json:"reused_words"` // words inside any copy passage
	ReusedBytes int        `json:"reused_bytes"` // bytes inside any copy passage (union)
	// DrawsFrom lists the ids of the other articles this one's copy
	// passages come from, in input order.
	DrawsFrom []string `json:"draws_from"`
}

// JSONMatch is one copy of a reused passage.
type JSONMatch struct {
	// Group numbers the passage; matches with the same group are copies of
	// one passage, with the same origin document.
	Group int `json:"group"`
	// Kind is "syndicated", "quote", "boilerplate", "internal" or "phrase".
	Kind string `json:"kind"`
	// Dated is true when the origin was chosen because it is dated strictly
	// earlier than the copy, false when dates are missing or equal (the
	// origin was chosen by a tie-break rule) or the match is internal.
	Dated bool `json:"dated"`
	// Jaccard and Containment compare the word-shingle sets of the two
	// passages: |O∩C|/|O∪C| and |O∩C|/min(|O|,|C|).
	Jaccard     float64 `json:"jaccard"`
	Containment float64 `json:"containment"`
	Words       int     `json:"words"` // words in the copy passage
	// Origin is where the passage came from; Copy is where it was reused.
	// They are in the same document for internal matches.
	Origin JSONEndpoint `json:"origin"`
	Copy   JSONEndpoint `json:"copy"`
	// Explain says how the match was found; it is present only in
	// reports made with --explain.
	Explain *JSONExplain `json:"explain,omitempty"`
}

// JSONExplain is the evidence behind a match ("explain"); see
// reprint.Explanation.
type JSONExplain struct {
	SharedShingles int `json:"shared_shingles"` // distinct shingles the passages share
	OriginShingles int `json:"origin_shingles"` // distinct shingles of the origin passage
	CopyShingles   int `json:"copy_shingles"`   // distinct shingles of the copy passage
	// Jaccard is |O∩C|/|O∪C|; OriginInCopy is |O∩C|/|O| and CopyInOrigin
	// |O∩C|/|C| (containment is the larger).
	Jaccard      float64 `json:"jaccard"`
	OriginInCopy float64 `json:"origin_in_copy"`
	CopyInOrigin float64 `json:"copy_in_origin"`
	// EstimatedJaccard is the MinHash estimate of Jaccard from the two
	// passages' signatures.
	EstimatedJaccard float64 `json:"estimated_jaccard"`
	// ShingleSeeds and PairShingleSeeds count the copy's shingle places
	// linked to the origin article, in the passage and in the article.
	ShingleSeeds     int `json:"shingle_seeds"`
	PairShingleSeeds int `json:"pair_shingle_seeds"`
	// FoundBy lists the routes that found the passage: "shingles", "lsh",
	// "sentences", several or none.
	FoundBy []string `json:"found_by"`
	// Paragraphs compares the paragraphs the two passages lie in.
	Paragraphs []JSONParagraphPair `json:"paragraphs"`
}

// JSONParagraphPair compares a paragraph of the origin with one of the
// copy; see reprint.ParagraphPair.
type JSONParagraphPair struct {
	Origin           int     `json:"origin"` // paragraph index in the origin article, from 0
	Copy             int     `json:"copy"`   // paragraph index in the copy article, from 0
	SharedShingles   int     `json:"shared_shingles"`
	Jaccard          float64 `json:"jaccard"`
	EstimatedJaccard float64 `json:"estimated_jaccard"`
	OriginSigned     bool    `json:"origin_signed"`
	CopySigned       bool    `json:"copy_signed"`
	Bands            []int   `json:"bands"`  // LSH bands collided, ascending
	Linked           bool    `json:"linked"` // LSH linked the pair and it verified
}

// newJSONExplain is the JSON form of x, or nil.
func newJSONExplain(x *reprint.Explanation) *JSONExplain {
	if x == nil {
		return nil
	}
	out := &JSONExplain{
		SharedShingles:   x.SharedShingles,
		OriginShingles:   x.OriginShingles,
		CopyShingles:     x.CopyShingles,
		Jaccard:          round4(x.Jaccard),
		OriginInCopy:     round4(x.OriginInCopy),
		CopyInOrigin:     round4(x.CopyInOrigin),
		EstimatedJaccard: round4(x.EstimatedJaccard),
		ShingleSeeds:     x.ShingleSeeds,
		PairShingleSeeds: x.PairShingleSeeds,
		FoundBy:          make([]string, len(x.Routes)),
		Paragraphs:       make([]JSONParagraphPair, len(x.Paragraphs)),
	}
	for i, r := range x.Routes {
		out.FoundBy[i] = string(r)
	}
	for i, p := range x.Paragraphs {
		out.Paragraphs[i] = JSONParagraphPair{
			Origin:           p.Origin,
			Copy:             p.Copy,
			SharedShingles:   p.SharedShingles,
			Jaccard:          round4(p.Jaccard),
			EstimatedJaccard: round4(p.EstimatedJaccard),
			OriginSigned:     p.OriginSigned,
			CopySigned:       p.CopySigned,
			Bands:            append([]int{}, p.Bands...),
			Linked:           p.Linked,
		}
	}
	return out
}

// JSONEndpoint is one side of a match: a passage of one document.
type JSONEndpoint struct {
	Doc   string `json:"doc"`   // document id
	Start int    `json:"start"` // byte offset of the passage in the document text
	End   int    `json:"end"`   // byte offset just past the passage
	// Text is exactly the document text's bytes [start, end).
	Text string `json:"text"`
}

// NewJSONReport builds the JSON form of r, as the JSON format writes it.
// It returns an error when r is inconsistent (see Write).
func NewJSONReport(r *reprint.Result) (*JSONReport, error) {
	if err := validate(r); err != nil {
		return nil, err
	}
	return newJSONReport(r), nil
}

func newJSONReport(r *reprint.Result) *JSONReport {
	p := r.Params
	out := &JSONReport{
		Schema: SchemaVersion,
		Params: JSONParams{
			Shingle:      p.Shingle,
			Permutations: p.Permutations,
			Seed:         p.Seed,
			Threshold:    round4(p.Threshold),
			Bands:        p.Bands,
			Rows:         p.Rows,
			MinWords:     p.MinWords,
			Probability:  make([]JSONProbability, len(p.Probability)),
		},
		Summary: JSONSummary{
			Documents: len(r.Documents),
			Skipped:   len(r.Skipped),
			Matches:   len(r.Matches),
			Passages:  len(passages(r)),
			Kinds:     make(map[string]int),
		},
		Skipped:   make([]JSONSkip, len(r.Skipped)),
		Warnings:  make([]string, len(r.Warnings)),
		Documents: make([]JSONDocument, len(r.Documents)),
		Matches:   make([]JSONMatch, len(r.Matches)),
	}
	for i, sp := range p.Probability {
		out.Params.Probability[i] = JSONProbability{Jaccard: round4(sp.Jaccard), Probability: round4(sp.Probability)}
	}
	for _, kc := range kindCounts(r) {
		out.Summary.Kinds[string(kc.kind)] = kc.count
	}
	for i, s := range r.Skipped {
		out.Skipped[i] = JSONSkip{Path: s.Path, Line: s.Line, Reason: s.Reason}
	}
	copy(out.Warnings, r.Warnings)
	if r.Index != nil {
		out.Summary.Index = &JSONIndexCheck{Checked: r.Index.Checked, Indexed: r.Index.Indexed}
	}
	for i := range r.Documents {
		d := &r.Documents[i]
		st := stats(r, i)
		jd := JSONDocument{
			ID:          d.ID,
			Title:       d.Title,
			Source:      d.Source,
			URL:         d.URL,
			Paragraphs:  st.Paragraphs,
			Bytes:       len(d.Text),
			Words:       st.Words,
			ReusedWords: st.ReusedWords,
			ReusedBytes: st.ReusedBytes,
			DrawsFrom:   make([]string, len(st.DrawsFrom)),
		}
		if d.Dated() {
			t := d.Date
			jd.Date = &t
		}
		for j, k := range st.DrawsFrom {
			jd.DrawsFrom[j] = r.Documents[k].ID
		}
		out.Documents[i] = jd
	}
	endpoint := func(e reprint.Endpoint) JSONEndpoint {
		return JSONEndpoint{
			Doc:   r.Documents[e.Doc].ID,
			Start: e.Span.Start,
			End:   e.Span.End,
			Text:  r.Documents[e.Doc].Text[e.Span.Start:e.Span.End],
		}
	}
	for i, m := range r.Matches {
		out.Matches[i] = JSONMatch{
			Group:       m.Group,
			Kind:        string(m.Kind),
			Dated:       m.Dated,
			Jaccard:     round4(m.Jaccard),
			Containment: round4(m.Containment),
			Words:       m.Words,
			Origin:      endpoint(m.Origin),
			Copy:        endpoint(m.Copy),
			Explain:     newJSONExplain(m.Explain),
		}
	}
	return out
}

func writeJSON(w io.Writer, r *reprint.Result) error {
	if err := encodeJSON(w, newJSONReport(r)); err != nil {
		return fmt.Errorf("report: encoding JSON: %w", err)
	}
	return nil
}

// encodeJSON writes rep as json.Encoder does with an indent of two spaces,
// byte for byte, but encodes the documents and matches, most of a large
// report, in chunks on all cores: indenting JSON is the slow part of
// encoding it, and each array element indents on its own.
func encodeJSON(w io.Writer, rep *JSONReport) error {
	head := *rep
	head.Documents, head.Matches = nil, nil
	b, err := json.MarshalIndent(head, "", "  ")
	if err != nil {
		return err
	}
	// The head ends with the two arrays' null placeholders; put the arrays
	// in their place.
	const tail = ",\n  \"documents\": null,\n  \"matches\": null\n}"
	if !bytes.HasSuffix(b, []byte(tail)) {
		return fmt.Errorf("unexpected layout of the report's head")
	}
	var buf bytes.Buffer
	buf.Write(b[:len(b)-len(tail)])
	buf.WriteString(",\n  \"documents\": ")
	if err := appendArray(&buf, rep.Documents); err != nil {
		return err
	}
	buf.WriteString(",\n  \"matches\": ")
	if err := appendArray(&buf, rep.Matches); err != nil {
		return err
	}
	buf.WriteString("\n}\n")
	_, err = w.Write(buf.Bytes())
	return err
}

// appendArray appends a as a JSON array member of a top-level object,
// indented as json.Encoder indents it, elements encoded in parallel chunks.
func appendArray[T any](buf *bytes.Buffer, a []T) error {
	if a == nil {
		buf.WriteString("null")
		return nil
	}
	if len(a) == 0 {
		buf.WriteString("[]")
		return nil
	}
	const chunk = 512
	n := (len(a) + chunk - 1) / chunk
	outs, err := renderChunks(n, func(k int, out *bytes.Buffer) error {
		for i := k * chunk; i < min(len(a), (k+1)*chunk); i++ {
			b, err := json.MarshalIndent(a[i], "    ", "  ")
			if err != nil {
				return err
			}
			out.WriteString("    ")
			out.Write(b)
			if i < len(a)-1 {
				out.WriteByte(',')
			}
			out.WriteByte('\n')
		}
		return nil
	})
	if err != nil {
		return err
	}
	buf.WriteString("[\n")
	for k := range outs {
		buf.Write(outs[k].Bytes())
	}
	buf.WriteString("  ]")
	return nil
}

// ReadJSON parses a report written by the JSON format. It rejects input
// that is not one JSON object with schema SchemaVersion; fields it does not
// know are ignored. Arrays absent from the input come back as nil slices.
func ReadJSON(rd io.Reader) (*JSONReport, error) {
	dec := json.NewDecoder(rd)
	var rep JSONReport
	if err := dec.Decode(&rep); err != nil {
		return nil, fmt.Errorf("report: reading JSON: %w", err)
	}
	if rep.Schema != SchemaVersion {
		return nil, fmt.Errorf("report: reading JSON: schema %q, want %q", rep.Schema, SchemaVersion)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("report: reading JSON: unexpected data after the report")
	}
	return &rep, nil
}
