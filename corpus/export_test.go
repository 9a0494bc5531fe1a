package corpus

// Internals exposed to the black-box tests in package corpus_test.

// Header is what parseHeader found.
type Header struct {
	Date, Source, From, Title, Subject, URL string
}

// ParseHeader runs the header parser of plain-text articles.
func ParseHeader(text string) (h Header, body string, ok bool) {
	ih, body, ok := parseHeader(text)
	return Header{ih.date, ih.source, ih.from, ih.title, ih.subject, ih.url}, body, ok
}

// ParseDate parses the value of a Date header.
var ParseDate = parseDate

// JSONArticle is what a JSONL line decodes to.
type JSONArticle = jsonArticle

// ScanArticle is the fast path for decoding a JSONL line.
var ScanArticle = scanArticle
